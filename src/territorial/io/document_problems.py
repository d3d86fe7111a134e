"""Problems found in a structured document (YAML), located by document path and line."""

from __future__ import annotations

from dataclasses import dataclass, field

from territorial.errors import Problem
from territorial.io.yaml_source import DocumentPath, YamlSource


def format_path(path: DocumentPath) -> str:
    """Return a document path as people write it: ("teams", 3, "members", 1) -> teams[3].members[1]."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class DocumentProblems:
    """The problems found so far in one document; `row` is the 1-based line in the file."""

    source: str
    yaml: YamlSource
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: DocumentPath, message: str, value: object = None, fix: str = "") -> None:
        self.problems.append(
            Problem(
                message=message,
                fix=fix,
                source=self.source,
                row=self.yaml.line_of(path),
                field=format_path(path),
                value=value,
            )
        )

    def where(self, path: DocumentPath) -> str:
        """Return "teams[3] (line 40)" for messages that point at a second place."""
        line = self.yaml.line_of(path)
        return format_path(path) + (f" (line {line})" if line is not None else "")

    def in_file_order(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.row if p.row is not None else 0)
