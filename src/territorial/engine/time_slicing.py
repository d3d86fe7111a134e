"""Time slicing: the stretches of time over which a subject's territory cannot change.

A fact's subject is its account and advisor. Its territory can change only on a
breakpoint. That is a day on which a version of its account, contact or organisations
(with all their ancestors) starts or ends, or an override of any of them starts or
stops applying. Account rules, the rule set and the coverage model add their own days.
Between two breakpoints every input is the same, so each stretch is resolved once on
its first day and every fact inside it joins that answer by date.

Entities are sliced the same way into assignment intervals, where adjacent stretches
with the same answer coalesce into one interval.
"""

from __future__ import annotations

from territorial.engine.backend import Backend

MAX_TREE_DEPTH = 64

# Subjects of facts: each distinct account and advisor pair. A fact without an advisor has the
# contact key '', which no contact id can be because ids are never blank. Plain equality on the
# key lets every join be a hash join.
FACT_SUBJECT_SQL = """
SELECT row_number() OVER (ORDER BY account_id, contact_key) AS subject_id, account_id, contact_key,
       CASE WHEN contact_key = '' THEN NULL ELSE contact_key END AS contact_given,
       CAST(NULL AS VARCHAR) AS organisation_given
FROM (SELECT DISTINCT account_id, coalesce(contact_id, '') AS contact_key FROM fact)
"""

# Subjects of entities: every organisation, contact and account, each on its own, numbered in the
# order assignments are listed.
ENTITY_SUBJECT_SQL = """
SELECT row_number() OVER (ORDER BY CASE entity_kind WHEN 'organisation' THEN 0 WHEN 'contact' THEN 1 ELSE 2 END,
                                   entity_id) AS subject_id, *
FROM (
    SELECT DISTINCT 'organisation' AS entity_kind, id AS entity_id, CAST(NULL AS VARCHAR) AS account_id,
           CAST(NULL AS VARCHAR) AS contact_given, id AS organisation_given FROM organisation
    UNION ALL
    SELECT DISTINCT 'contact', id, NULL, id, NULL FROM contact
    UNION ALL
    SELECT DISTINCT 'account', id, id, NULL, NULL FROM account
)
"""

ORG_ANCESTOR_START_SQL = "SELECT DISTINCT id AS org_id, id AS ancestor_id FROM organisation"

ORG_ANCESTOR_STEP_SQL = """
INSERT INTO org_ancestor
SELECT DISTINCT a.org_id, o.parent_id
FROM org_ancestor a JOIN organisation o ON o.id = a.ancestor_id
WHERE o.parent_id IN (SELECT id FROM organisation)
  AND NOT EXISTS (SELECT 1 FROM org_ancestor x WHERE x.org_id = a.org_id AND x.ancestor_id = o.parent_id)
"""

# Every contact a subject can reach: the one given, else any its account versions name.
SUBJECT_CONTACT_SQL = """
SELECT subject_id, contact_given AS contact_id FROM subject WHERE contact_given IS NOT NULL
UNION
SELECT s.subject_id, a.contact_id
FROM subject s JOIN account a ON a.id = s.account_id
WHERE s.contact_given IS NULL AND a.contact_id IS NOT NULL
"""

# Every organisation a subject can reach through any version, with all its ancestors.
SUBJECT_ORG_SQL = """
SELECT DISTINCT x.subject_id, t.ancestor_id AS org_id
FROM (
    SELECT subject_id, organisation_given AS org_id FROM subject WHERE organisation_given IS NOT NULL
    UNION ALL
    SELECT c.subject_id, k.organisation_id FROM subject_contact c JOIN contact k ON k.id = c.contact_id
    UNION ALL
    SELECT s.subject_id, a.organisation_id FROM subject s JOIN account a ON a.id = s.account_id
) x
JOIN org_ancestor t ON t.org_id = x.org_id
"""

# Days on which every subject may change: the rule epochs and coverage model versions.
GLOBAL_DAY_SQL = """
SELECT epoch_start AS day FROM epoch
UNION SELECT valid_from FROM model UNION SELECT valid_to FROM model
"""

BREAKPOINT_SQL = """
WITH changes AS (
    SELECT s.subject_id, a.valid_from AS starts, a.valid_to AS ends
    FROM subject s JOIN account a ON a.id = s.account_id
    UNION ALL
    SELECT c.subject_id, k.valid_from, k.valid_to FROM subject_contact c JOIN contact k ON k.id = c.contact_id
    UNION ALL
    SELECT g.subject_id, o.valid_from, o.valid_to FROM subject_org g JOIN organisation o ON o.id = g.org_id
    UNION ALL
    SELECT s.subject_id, r.valid_from, r.valid_to FROM subject s JOIN account_rule r ON r.account_id = s.account_id
    UNION ALL
    SELECT s.subject_id, o.active_from, o.active_to
    FROM subject s JOIN override o ON o.target = 'account' AND o.target_id = s.account_id
    UNION ALL
    SELECT c.subject_id, o.active_from, o.active_to
    FROM subject_contact c JOIN override o ON o.target = 'contact' AND o.target_id = c.contact_id
    UNION ALL
    SELECT g.subject_id, o.active_from, o.active_to
    FROM subject_org g JOIN override o ON o.target = 'organisation' AND o.target_id = g.org_id
    UNION ALL
    SELECT s.subject_id, d.day, d.day FROM subject s CROSS JOIN global_day d
)
SELECT DISTINCT subject_id, starts AS day FROM changes
UNION
SELECT subject_id, ends FROM changes
"""

# Every stretch between two breakpoints of a subject that overlaps the facts' dates. The last
# stretch of a subject has no end.
FACT_STRETCH_SQL = """
WITH span AS (SELECT min(date) AS first_day, max(date) AS last_day FROM fact),
stretch AS (
    SELECT subject_id, day, lead(day) OVER (PARTITION BY subject_id ORDER BY day) AS ends FROM breakpoint
)
SELECT row_number() OVER (ORDER BY t.subject_id, t.day) AS seg_id, t.subject_id, t.day, t.ends
FROM stretch t CROSS JOIN span p
WHERE t.day <= p.last_day AND (t.ends IS NULL OR t.ends > p.first_day)
"""

# Each fact with the stretch of its subject that contains its date: a hash join on the subject,
# then the date test on the few stretches each subject has.
FACT_SEG_SQL = """
SELECT f.fact_id, f.kind, f.date, f.amount, t.seg_id
FROM fact f
JOIN subject s ON s.account_id = f.account_id AND s.contact_key = coalesce(f.contact_id, '')
JOIN fact_stretch t ON t.subject_id = s.subject_id AND t.day <= f.date AND (t.ends IS NULL OR f.date < t.ends)
"""

# The stretches that contain facts, each resolved on its first day.
FACT_SEGMENT_SQL = """
SELECT t.seg_id, t.subject_id, t.day, s.account_id, s.contact_given, s.organisation_given
FROM fact_stretch t JOIN subject s ON s.subject_id = t.subject_id
WHERE t.seg_id IN (SELECT seg_id FROM fact_seg)
"""

# Entities valid on one day (a bound parameter), each resolved on that day.
ENTITY_SEGMENT_SQL = """
SELECT s.subject_id AS seg_id, s.subject_id, CAST(? AS DATE) AS day, s.account_id, s.contact_given,
       s.organisation_given, s.entity_kind, s.entity_id
FROM subject s
WHERE EXISTS (
    SELECT 1 FROM organisation o WHERE s.entity_kind = 'organisation' AND o.id = s.entity_id
        AND o.valid_from <= CAST(? AS DATE) AND CAST(? AS DATE) < o.valid_to
    UNION ALL
    SELECT 1 FROM contact c WHERE s.entity_kind = 'contact' AND c.id = s.entity_id
        AND c.valid_from <= CAST(? AS DATE) AND CAST(? AS DATE) < c.valid_to
    UNION ALL
    SELECT 1 FROM account a WHERE s.entity_kind = 'account' AND a.id = s.entity_id
        AND a.valid_from <= CAST(? AS DATE) AND CAST(? AS DATE) < a.valid_to
)
"""

# Every stretch between two breakpoints of every entity, to be resolved on its first day.
INTERVAL_SEGMENT_SQL = """
SELECT row_number() OVER (ORDER BY b.subject_id, b.day) AS seg_id, b.subject_id, b.day,
       lead(b.day) OVER (PARTITION BY b.subject_id ORDER BY b.day) AS ends,
       s.account_id, s.contact_given, s.organisation_given, s.entity_kind, s.entity_id
FROM breakpoint b JOIN subject s ON s.subject_id = b.subject_id
"""

# Gaps and islands: a new interval starts wherever the answer differs from the stretch before.
ASSIGNMENT_INTERVAL_SQL = """
WITH answers AS (
    SELECT g.subject_id, g.entity_kind, g.entity_id, o.model, g.day, g.ends,
           o.status, o.territory, o.step, o.source
    FROM segment g JOIN seg_outcome o ON o.seg_id = g.seg_id
    WHERE g.ends IS NOT NULL
),
flagged AS (
    SELECT *,
           CASE WHEN lag(ends) OVER w = day
                     AND lag(status) OVER w = status
                     AND lag(territory) OVER w IS NOT DISTINCT FROM territory
                     AND lag(step) OVER w IS NOT DISTINCT FROM step
                     AND lag(source) OVER w IS NOT DISTINCT FROM source
                THEN 0 ELSE 1 END AS starts_interval
    FROM answers
    WINDOW w AS (PARTITION BY subject_id, model ORDER BY day)
),
numbered AS (
    SELECT *, sum(starts_interval) OVER (PARTITION BY subject_id, model ORDER BY day
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS interval_number
    FROM flagged
)
SELECT entity_kind, entity_id, model AS coverage_model, min(day) AS valid_from, max(ends) AS valid_to,
       status, territory, step, source
FROM numbered
GROUP BY subject_id, entity_kind, entity_id, model, interval_number, status, territory, step, source
"""


def slice_facts(backend: Backend) -> None:
    """Build `segment` (one row per subject and stretch holding facts) and `fact_seg` from `fact`."""
    backend.create("subject", FACT_SUBJECT_SQL)
    _breakpoints(backend)
    backend.create("fact_stretch", FACT_STRETCH_SQL)
    backend.create("fact_seg", FACT_SEG_SQL)
    backend.create("segment", FACT_SEGMENT_SQL)
    backend.drop("subject", "org_ancestor", "subject_contact", "subject_org", "global_day", "breakpoint",
                 "fact_stretch")


def slice_entities_on(backend: Backend, day: object) -> None:
    """Build `segment` with every entity valid on `day`, resolved on that day."""
    backend.create("subject", ENTITY_SUBJECT_SQL)
    backend.create("segment", ENTITY_SEGMENT_SQL, [day] * 7)


def slice_entity_timelines(backend: Backend) -> None:
    """Build `segment` with every stretch of every entity's timeline."""
    backend.create("subject", ENTITY_SUBJECT_SQL)
    _breakpoints(backend)
    backend.create("segment", INTERVAL_SEGMENT_SQL)


def coalesce_intervals(backend: Backend) -> None:
    """Build `assignment_interval` from the resolved stretches of `slice_entity_timelines`."""
    backend.create("assignment_interval", ASSIGNMENT_INTERVAL_SQL)


def _breakpoints(backend: Backend) -> None:
    backend.create("org_ancestor", ORG_ANCESTOR_START_SQL)
    for _ in range(MAX_TREE_DEPTH):
        before = backend.count("org_ancestor")
        backend.execute(ORG_ANCESTOR_STEP_SQL)
        if backend.count("org_ancestor") == before:
            break
    backend.create("subject_contact", SUBJECT_CONTACT_SQL)
    backend.create("subject_org", SUBJECT_ORG_SQL)
    backend.create("global_day", GLOBAL_DAY_SQL)
    backend.create("breakpoint", BREAKPOINT_SQL)
