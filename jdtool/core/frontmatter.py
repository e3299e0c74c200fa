"""Split YAML front matter from the Markdown body and load it with the line of every key.

Scalars are kept as strings (YAML 1.1's accidents — ``no`` as false, ``1:30`` as 90,
``2018-03`` as text but ``2018-03-01`` as a date — never happen); the schema stage turns them
into typed values and so reports every wrong value against the line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from jdtool.core.problems import (
    NO_FRONT_MATTER,
    UNTERMINATED_FRONT_MATTER,
    YAML_SYNTAX,
    JdtoolError,
    Problem,
)

try:  # libyaml is much faster; the pure-Python loader is the fallback
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(slots=True)
class FrontMatter:
    """The raw mapping from a document's front matter and where each key stands."""

    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    """Line of every key, by dotted path (``salary.min``)."""
    body_line: int = 1
    """Line of the file on which the Markdown body starts."""
    end_line: int = 1
    """Line of the closing ``---``."""

    def line_of(self, path: str) -> int:
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path.rpartition(".")[0]
        return 1


def split(text: str, path: Path) -> tuple[str, str, int]:
    """Return ``(yaml_text, body, body_line)``; raise if the front matter is missing or open."""
    if not text.startswith("---"):
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, NO_FRONT_MATTER,
            "missing front matter: the file must start with a '---' line"))
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, NO_FRONT_MATTER, "the first line must be exactly '---'"))
    position = first_end + 1
    line = 2
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        if text[position:end].rstrip() in ("---", "..."):
            return text[first_end + 1:position], text[end + 1:], line + 1
        position = end + 1
        line += 1
    raise JdtoolError.from_problem(Problem(
        path, 1, 1, UNTERMINATED_FRONT_MATTER,
        "front matter is not closed: add a '---' line after the last field"))


MAX_NESTING = 20
"""Front matter is a few fields, some of them a mapping (``salary.min``): deeper is an accident
(and the later stages that walk it recursively must never meet thousands of levels)."""

_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp"))


def load(text: str, path: Path) -> tuple[FrontMatter, str]:
    """Parse the front matter of ``text``; return it with the Markdown body."""
    yaml_text, body, body_line = split(text, path)
    try:
        _refuse_unsafe_yaml(yaml_text, path)
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 2) if mark else 1
        column = (mark.column + 1) if mark else 1
        reason = (error.problem or error.context or "invalid YAML").strip()
        raise JdtoolError.from_problem(
            Problem(path, line, column, YAML_SYNTAX, f"invalid YAML in front matter: {reason}")
        ) from None
    except yaml.YAMLError as error:
        raise JdtoolError.from_problem(
            Problem(path, 2, 1, YAML_SYNTAX, f"invalid YAML in front matter: {error}")) from None
    matter = FrontMatter({}, body_line=body_line, end_line=body_line - 1)
    if node is None:
        return matter, body
    if not isinstance(node, yaml.MappingNode):
        raise JdtoolError.from_problem(Problem(
            path, node.start_mark.line + 2, 1, YAML_SYNTAX,
            "front matter must be a mapping of 'field: value' lines"))
    matter.data = _mapping(node, "", matter.key_lines, path)
    return matter, body


def _refuse_unsafe_yaml(yaml_text: str, path: Path) -> None:
    """Refuse, from the event stream and before anything is built, what YAML can do that
    front matter never needs: anchors and aliases (an alias to itself, or a billion nested
    ones), program-specific tags (``!!python/object``), several documents, deep nesting."""
    depth = documents = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        line = event.start_mark.line + 2 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            _unsafe(path, line, "anchors and aliases (&name, *name) are not allowed; "
                                "write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            _unsafe(path, line, f"the tag '{shown}' is not allowed; values are plain text")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                _unsafe(path, line, "several YAML documents; front matter is one mapping")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                _unsafe(path, line, f"nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _unsafe(path: Path, line: int, reason: str) -> NoReturn:
    raise JdtoolError.from_problem(Problem(path, line, 1, YAML_SYNTAX,
                                           f"front matter: {reason}"))


def _value(node: yaml.Node, prefix: str, lines: dict[str, int], path: Path) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, prefix, lines, path)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, prefix, lines, path) for item in node.value]
    value = node.value
    if getattr(node, "style", None) is None and value in _NULLS:
        return None
    return value


def _mapping(node: yaml.MappingNode, prefix: str, lines: dict[str, int],
             path: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            raise JdtoolError.from_problem(
                Problem(path, line, key_node.start_mark.column + 1, YAML_SYNTAX,
                        "a front matter key must be a plain name"))
        key = key_node.value
        dotted = f"{prefix}{key}"
        if key in result:
            raise JdtoolError.from_problem(
                Problem(path, line, key_node.start_mark.column + 1, YAML_SYNTAX,
                        f"duplicate field '{dotted}' (first on line {lines[dotted]})"))
        lines[dotted] = line
        result[key] = _value(value_node, f"{dotted}.", lines, path)
    return result
