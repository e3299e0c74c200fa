"""Canonical Markdown formatting through mdformat, so revisions differ only in wording.

The front matter is kept as written (comments included); the body is formatted by mdformat
with its tables plugin and consecutive list numbering. A result that would change the parsed
model is refused, and files are replaced atomically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jdtool.core import frontmatter
from jdtool.core.documents import parse_document
from jdtool.core.files import read_source, write_atomically
from jdtool.core.problems import INVALID_VALUE, JdtoolError, Problem

_OPTIONS = {"number": True, "wrap": "keep", "end_of_line": "lf", "compact_tables": True}
# mdformat pads list numbers to one width ("09.", "10."); numbered paragraphs read better
# as written ("9.", "10."), and the indentation it chose stays valid for the shorter marker.
_PADDED_NUMBER = re.compile(r"^( *)0+(\d+[.)] )", re.MULTILINE)


def format_text(text: str, path: Path) -> str:
    """Return ``text`` in canonical form; raise ``JdtoolError`` if it cannot be formatted safely."""
    import mdformat  # deferred: only fmt needs it

    yaml_text, body, _ = frontmatter.split(text, path)
    head = "---\n" + "\n".join(line.rstrip() for line in yaml_text.rstrip("\n").split("\n"))
    head = head.rstrip() + "\n---\n" if yaml_text.strip() else "---\n---\n"
    formatted_body = ""
    if body.strip():
        formatted_body = mdformat.text(body, options=_OPTIONS, extensions={"tables"})
        formatted_body = _PADDED_NUMBER.sub(r"\1\2", formatted_body)
    result = head + ("\n" + formatted_body if formatted_body else "")
    if model_view(result, path) != model_view(text, path):
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, INVALID_VALUE,
            "formatting would change the document's structure; file left as it is"))
    return result


def model_view(text: str, path: Path) -> Any:
    """What formatting must preserve: front matter, headings, blocks and their plain text."""
    document = parse_document(text, path)
    if document.own is None:
        return None
    view = document.to_dict()
    view.pop("problems")

    def strip_lines(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip_lines(v) for k, v in node.items() if k not in ("lines",)}
        if isinstance(node, list):
            return [strip_lines(v) for v in node]
        return node

    return strip_lines(view)


def format_file(path: Path, *, check_only: bool = False) -> bool:
    """Format one file in place; return True if it changed (or would change, with check_only)."""
    text = read_source(path)
    formatted = format_text(text, path)
    if formatted == text:
        return False
    if not check_only:
        write_atomically(path, formatted)
    return True
