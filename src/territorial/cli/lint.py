"""`territorial lint`: warn of rule ties, rules that can never win, and what no rule covers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import AsOfOption, DbOption, FactsOption, KnownAtOption, as_of_date, known_at_time, workspace
from territorial.io.territory_file import read_territory_file
from territorial.service.lint import Finding, lint_rules, lint_workspace

console = Console()


def lint(file: Annotated[Optional[Path], typer.Option(
             "--file", exists=True, dir_okay=False,
             help="Lint the rules of this territory file instead of the store (ties and shadowed rules only).")] = None,
         zips: Annotated[bool, typer.Option("--zips/--no-zips", help="Check the US ZIP codes no rule covers.")] = True,
         strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 when there is any finding.")] = False,
         as_of: AsOfOption = None, known_at: KnownAtOption = None,
         db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Warn of rules that can tie, rules that can never win, and entities and ZIP codes no rule covers.

    Reads the rules of the store as valid on --as-of and recorded at --known-at, or of --file.
    """
    if file is not None:
        findings = lint_rules(read_territory_file(file).rules)
    else:
        findings = lint_workspace(workspace(db, facts_dir), as_of_date(as_of), known_at_time(known_at), zips)
    console.print(findings_table(findings))
    if strict and findings:
        raise typer.Exit(1)


def findings_table(findings: list[Finding]) -> Table:
    table = Table(title=f"Lint: {len(findings):,} findings")
    for header in ("kind", "coverage model", "rules", "subject", "message"):
        table.add_column(header)
    for finding in findings:
        table.add_row(finding.kind.value, finding.coverage_model, ", ".join(finding.rules), finding.subject,
                      finding.message)
    return table
