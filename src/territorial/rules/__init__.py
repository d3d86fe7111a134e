"""Rule semantics: the reference evaluator that decides one entity or fact at a time."""
