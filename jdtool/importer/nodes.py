"""The intermediate structure every reader produces: headings, paragraphs, items, tables.

Each node keeps both its plain ``text`` (for recognising headings and facts) and its inline
``markup`` (escaped Markdown, with bold where the source had it), so the writer never has to
escape twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class NodeKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    TABLE = "table"


@dataclass(slots=True)
class Node:
    kind: NodeKind
    text: str
    markup: str
    line: int = 0
    level: int = 2
    """Heading level (2 for a section, 3 for a sub-section)."""
    depth: int = 0
    """Nesting depth of a list item."""
    number: str | None = None
    """The number of a numbered item or numbered paragraph (``3`` or ``2.1``)."""
    rows: list[list[Cell]] = field(default_factory=list)
    """Table rows, first row being the header row."""


@dataclass(slots=True)
class Cell:
    text: str
    markup: str
    parts: tuple[tuple[str, str], ...] = ()
    """(text, markup) of each paragraph or list item in the cell, when it has several."""


# Only what could be read as Markdown is escaped, as mdformat would leave it, so that
# imported files are already canonical (table cells keep their markup, so an escape that
# mdformat drops there would change the document): "&" only where an entity could start,
# "<" only before a tag, "_" and "*" not inside a word or between spaces, "~" only doubled,
# brackets only where a link could form. "|" is escaped only inside table cells, ">" only
# at a line start.
_ESCAPE = re.compile(r"[\\`]|&(?=#?\w+;)|<(?=[A-Za-z/!?])|~~|"
                     r"(?<![^\W_])_|_(?![^\W_])|(?<!\s)\*|\*(?!\s)")
_LINK = re.compile(r"\]\s*[(\[:]")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Plain text as inline Markdown that renders as exactly that text."""
    escaped = _ESCAPE.sub(lambda m: "".join("\\" + c for c in m[0]), text)
    if _LINK.search(text):
        escaped = re.sub(r"[\[\]]", r"\\\g<0>", escaped)
    return _LINE_START.sub(_escape_start, escaped)


def _escape_start(match: re.Match[str]) -> str:
    marker = match[2]
    if marker[0].isdigit():
        return f"{match[1]}{marker[:-1]}\\{marker[-1]}"
    return f"{match[1]}\\{marker}"


def shown_text(node: Node) -> str:
    """What a reader of ``node`` sees, its item or paragraph number included (a left-out
    "1." comment is as many words out as its text)."""
    return f"{node.number} {node.text}" if node.number else node.text


def heading(text: str, line: int = 0, level: int = 2, markup: str | None = None) -> Node:
    return Node(NodeKind.HEADING, text, escape(text) if markup is None else markup, line,
                level=level)


def paragraph(text: str, line: int = 0, markup: str | None = None,
              number: str | None = None) -> Node:
    return Node(NodeKind.PARAGRAPH, text, escape(text) if markup is None else markup, line,
                number=number)


def item(text: str, line: int = 0, depth: int = 0, number: str | None = None,
         markup: str | None = None) -> Node:
    return Node(NodeKind.ITEM, text, escape(text) if markup is None else markup, line,
                depth=depth, number=number)


def table(rows: list[list[Cell]], line: int = 0) -> Node:
    text = " ".join(cell.text for row in rows for cell in row)
    return Node(NodeKind.TABLE, text, text, line, rows=rows)
