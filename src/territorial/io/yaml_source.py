"""YAML text as plain Python data in which every scalar stays a string, with line numbers.

PyYAML's usual loaders turn 02134 into the octal number 1116, 2025-01-01 into a date,
NO into False and 33.33 into a float. Composing the node tree with the BaseLoader
resolver and building the data here keeps every scalar as written, so the schema
decides how to read each field. Plain (unquoted) empty values, ~ and null become None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

PathPart = str | int
DocumentPath = tuple[PathPart, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class YamlSource:
    """The data of one YAML document and the 1-based line where each path starts."""

    data: object
    lines: dict[DocumentPath, int] = field(default_factory=dict)
    duplicate_keys: list[DocumentPath] = field(default_factory=list)

    def line_of(self, path: DocumentPath) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def load_yaml(text: str) -> YamlSource:
    """Parse one YAML document; raise yaml.YAMLError (with a mark) when it is not valid YAML."""
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if root is None:
        return YamlSource(data=None)
    builder = _Builder()
    data = builder.build(root, ())
    return YamlSource(data=data, lines=builder.lines, duplicate_keys=builder.duplicate_keys)


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[DocumentPath, int] = {}
        self.duplicate_keys: list[DocumentPath] = []

    def build(self, node: yaml.Node, path: DocumentPath) -> object:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: DocumentPath) -> dict[str, object]:
        data: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = path + (key,)

            # A repeated key would silently replace the first value, so report it instead.
            if key in data:
                self.duplicate_keys.append(child)
            self.lines[child] = key_node.start_mark.line + 1
            data[key] = self.build(value_node, child)
        return data


def _scalar(node: yaml.ScalarNode) -> str | None:
    if node.style is None and node.value in _NULLS:
        return None
    return node.value
