"""Front matter beyond plain ``field: text`` lines, read from PyYAML's event stream.

``jdtool.core.frontmatter`` reads the plain lines itself and hands everything else here: this
module imports PyYAML (a tenth of a hot command's start), so it is loaded only when needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import yaml

from jdtool.core.problems import YAML_SYNTAX, JdtoolError, Problem

try:  # libyaml's parser alone: only its events are used, never a loader's constructor
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader  # type: ignore[assignment,misc]

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain scalars YAML 1.1 reads as null (kept as None; every other scalar stays text)."""

MAX_NESTING = 20
"""Front matter is a few fields, some of them a mapping (``salary.min``): deeper is an accident
(and the later stages that walk it recursively must never meet thousands of levels)."""

_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp"))


def compose(yaml_text: str, lines: dict[str, int], path: Path) -> dict[str, Any]:
    """The mapping in ``yaml_text``, with the line of every key put in ``lines``; raise
    ``JdtoolError`` naming the line if it is bad."""
    parser = None
    try:
        parser = _Parser(yaml_text)  # the pure-Python fallback checks the text here
        # get_event returns None after the stream's end: the events, with no generator between
        return _compose(iter(parser.get_event, None), lines, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 2) if mark else 1
        column = (mark.column + 1) if mark else 1
        reason = (error.problem or error.context or "invalid YAML").strip()
        raise JdtoolError.from_problem(
            Problem(path, line, column, YAML_SYNTAX, f"invalid YAML in front matter: {reason}")
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses, with no line of its own
        raise JdtoolError.from_problem(_unreadable_character(error, yaml_text, path)) from None
    except yaml.YAMLError as error:
        raise JdtoolError.from_problem(
            Problem(path, 2, 1, YAML_SYNTAX, f"invalid YAML in front matter: {error}")) from None
    finally:
        if parser is not None:
            parser.dispose()


def _compose(events: Iterator[yaml.Event], lines: dict[str, int], path: Path) -> dict[str, Any]:
    """The front matter mapping, built straight from YAML's event stream in one pass.

    Each event is checked before it is used: what YAML can do that front matter never needs
    (anchors and aliases, an alias to itself or a billion nested ones; program-specific tags
    such as ``!!python/object``; several documents; deep nesting) is refused, and nothing is
    built from it."""
    data: dict[str, Any] = {}
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                _unsafe(path, _line(event), "several YAML documents; front matter is one mapping")
        elif isinstance(event, yaml.NodeEvent):
            _check(event, path)
            if not isinstance(event, yaml.MappingStartEvent):
                raise JdtoolError.from_problem(Problem(
                    path, _line(event), 1, YAML_SYNTAX,
                    "front matter must be a mapping of 'field: value' lines"))
            data = _mapping(events, "", lines, path, depth=1)
    return data


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 2 if event.start_mark else 1


def _check(event: yaml.Event, path: Path) -> None:
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        _unsafe(path, _line(event), "anchors and aliases (&name, *name) are not allowed; "
                                    "write the value out")
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _PLAIN_TAGS and tag != "!":
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        _unsafe(path, _line(event), f"the tag '{shown}' is not allowed; values are plain text")


def _unsafe(path: Path, line: int, reason: str) -> NoReturn:
    raise JdtoolError.from_problem(Problem(path, line, 1, YAML_SYNTAX,
                                           f"front matter: {reason}"))


def _value(event: yaml.Event, events: Iterator[yaml.Event], prefix: str,
           lines: dict[str, int], path: Path, depth: int) -> Any:
    _check(event, path)
    if isinstance(event, yaml.CollectionStartEvent):
        if depth + 1 > MAX_NESTING:
            _unsafe(path, _line(event), f"nested more than {MAX_NESTING} levels deep")
        if isinstance(event, yaml.MappingStartEvent):
            return _mapping(events, prefix, lines, path, depth + 1)
        items = []
        for item in events:
            if isinstance(item, yaml.SequenceEndEvent):
                break
            items.append(_value(item, events, prefix, lines, path, depth + 1))
        return items
    assert isinstance(event, yaml.ScalarEvent)
    value = event.value
    # A plain scalar's style is None from PyYAML's parser and '' from libyaml's.
    if not event.style and value in NULLS:
        return None
    return value


def _mapping(events: Iterator[yaml.Event], prefix: str, lines: dict[str, int], path: Path,
             depth: int) -> dict[str, Any]:
    """The mapping whose start event was just read, up to and with its end event."""
    result: dict[str, Any] = {}
    for key_event in events:
        if isinstance(key_event, yaml.MappingEndEvent):
            break
        _check(key_event, path)
        line = _line(key_event)
        column = key_event.start_mark.column + 1 if key_event.start_mark else 1
        if not isinstance(key_event, yaml.ScalarEvent):
            raise JdtoolError.from_problem(
                Problem(path, line, column, YAML_SYNTAX,
                        "a front matter key must be a plain name"))
        key = key_event.value
        dotted = f"{prefix}{key}"
        if key in result:
            raise JdtoolError.from_problem(
                Problem(path, line, column, YAML_SYNTAX,
                        f"duplicate field '{dotted}' (first on line {lines[dotted]})"))
        lines[dotted] = line
        result[key] = _value(next(events), events, f"{dotted}.", lines, path, depth)
    return result


def _unreadable_character(error: yaml.reader.ReaderError, yaml_text: str, path: Path) -> Problem:
    """A control character in the front matter, on its own line: PyYAML words it over two
    lines, by its offset in a string the user never saw."""
    position = max(0, min(error.position, len(yaml_text)))
    line = yaml_text.count("\n", 0, position) + 2  # the front matter starts on line 2
    column = position - (yaml_text.rfind("\n", 0, position) + 1) + 1
    character = error.character if isinstance(error.character, int) else ord(error.character)
    return Problem(path, line, column, YAML_SYNTAX, "invalid YAML in front matter: control "
                   f"character U+{character:04X} is not allowed; delete it or retype the line")
