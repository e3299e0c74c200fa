"""Split YAML front matter from the Markdown body and load it with the line of every key.

Scalars are kept as strings (YAML 1.1's accidents — ``no`` as false, ``1:30`` as 90,
``2018-03`` as text but ``2018-03-01`` as a date — never happen); the schema stage turns them
into typed values and so reports every wrong value against the line it came from.

Most front matter is a few ``field: plain text`` lines, and for those PyYAML's answer is known
without asking it: ``_simple`` reads them, and anything else at all (a list, a mapping, a quote,
a comment, a character YAML treats specially) goes to PyYAML. Importing PyYAML is a tenth of
``jdtool check``'s start, so the commonest documents never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdtool.core.problems import NO_FRONT_MATTER, UNTERMINATED_FRONT_MATTER, JdtoolError, Problem


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


def load(text: str, path: Path) -> tuple[FrontMatter, str]:
    """Parse the front matter of ``text``; return it with the Markdown body."""
    yaml_text, body, body_line = split(text, path)
    matter = FrontMatter({}, body_line=body_line, end_line=body_line - 1)
    if _simple(yaml_text, matter):
        return matter, body
    # PyYAML (a heavy leaf) only for front matter beyond plain 'field: text' lines.
    from jdtool.core import yamlmatter

    matter.data = yamlmatter.compose(yaml_text, matter.key_lines, path)
    return matter, body


# A line PyYAML reads as one plain ``key: text`` pair, whatever else the front matter holds:
# the key a plain word at the start of the line, the text starting with a letter or digit (so
# no indicator: quote, bracket, anchor, tag, block scalar, list dash) and holding nothing that
# could end or extend it (no '#', ': ', tab, quote or bracket; a trailing ':' is refused too).
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):( +)([^\W_][^#\t\"\[\]{}]*?) *")


def _simple(yaml_text: str, matter: FrontMatter) -> bool:
    """Fill ``matter`` from front matter made only of plain ``key: text`` lines and blank
    ones, as PyYAML would; False (``matter`` untouched) for anything else."""
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(yaml_text.split("\n"), start=2):
        if not line.strip(" "):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return False
        key, value = match[1], match[3]
        if key in data or ": " in value or value.endswith(":") or not value.isprintable() \
                or value.lower() == "null":
            # a duplicate's error, a nested value, a control character: PyYAML's to report;
            # and 'null', nothing rather than text: ``yamlmatter.NULLS`` is the one rule
            return False
        data[key] = value
        lines[key] = number
    if not data:
        return False  # empty front matter: PyYAML says what that is
    matter.data, matter.key_lines = data, lines
    return True
