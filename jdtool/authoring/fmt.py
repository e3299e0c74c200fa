"""Canonical Markdown formatting through mdformat, so revisions differ only in wording.

The front matter is kept as written (comments included); the body is formatted by mdformat
with its tables plugin and consecutive list numbering. A result that would change the parsed
model is refused, and files are replaced atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdtool.core import frontmatter
from jdtool.core.documents import parse_document
from jdtool.core.files import read_source
from jdtool.core.problems import INVALID_VALUE, READ_ERROR, JdtoolError, Problem

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


@dataclass(slots=True)
class FormatResult:
    """What ``format_paths`` did: the files it changed (or would), and those it could not."""

    changed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_paths(paths: Iterable[Path], *, check_only: bool = False) -> FormatResult:
    """Format every Markdown file under ``paths``; one file's failure never stops the rest."""
    result = FormatResult()
    for path in markdown_files(paths):
        try:
            if format_file(path, check_only=check_only):
                result.changed.append(path)
        except JdtoolError as error:
            result.problems.append(error.problem or Problem(path, 1, 1, READ_ERROR, str(error)))
    return result


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    """The files given, and every ``.md`` file under the folders given (hidden ones left out)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.md") if not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that a crash leaves either the old or the new file.

    A new file gets the usual permissions (0666 less the umask), not mkstemp's private 0600;
    a replaced file keeps its own.
    """
    folder = path.parent if str(path.parent) else Path(".")
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
