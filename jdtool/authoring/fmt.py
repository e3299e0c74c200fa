"""Canonical Markdown formatting through mdformat, so revisions differ only in wording.

The front matter is kept as written (comments included); the body is formatted by mdformat
with its tables plugin and consecutive list numbering; link reference definitions nothing
uses are kept. A document whose front matter has errors is not formatted; a result that
would change the parsed model, or the words a reader of the file sees, is refused; files
are replaced atomically.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from jdtool.core import frontmatter
from jdtool.core.documents import parse_document
from jdtool.core.files import (
    link_leaves,
    link_warning,
    path_kind,
    read_source,
    write_atomically,
)
from jdtool.core.markdown import block_parser
from jdtool.core.model import Document
from jdtool.core.problems import (
    FRONT_MATTER_CODES,
    INVALID_VALUE,
    READ_ERROR,
    JdtoolError,
    Problem,
    Severity,
)

_OPTIONS = {"number": True, "wrap": "keep", "end_of_line": "lf", "compact_tables": True}
# mdformat pads list numbers to one width ("09.", "10."); numbered paragraphs read better
# as written ("9.", "10."), and the indentation it chose stays valid for the shorter marker.
_PADDED_NUMBER = re.compile(r"^( *)0+(\d+[.)] )", re.MULTILINE)


def format_text(text: str, path: Path) -> str:
    """Return ``text`` in canonical form; raise ``JdtoolError`` if it cannot be formatted safely."""
    import mdformat  # deferred: only fmt needs it

    original = parse_document(text, path)
    _refuse_broken_front_matter(original)
    yaml_text, body, _ = frontmatter.split(text, path)
    head = "---\n" + "\n".join(line.rstrip() for line in yaml_text.rstrip("\n").split("\n"))
    head = head.rstrip() + "\n---\n" if yaml_text.strip() else "---\n---\n"
    formatted_body = ""
    if body.strip():
        _linear_siblings()
        try:
            formatted_body = mdformat.text(body, options=_OPTIONS, extensions={"tables"})
        except RecursionError:  # mdformat renders nested blocks and emphasis recursively
            _refuse(path, "the document is nested too deeply to format")
        formatted_body = _PADDED_NUMBER.sub(r"\1\2", formatted_body)
        formatted_body = _keep_unused_definitions(body, formatted_body)
    result = head + ("\n" + formatted_body if formatted_body else "")
    _refuse_lost_text(text, result, path)
    if _view(parse_document(result, path)) != _view(original):
        _refuse(path, "formatting would change the document's structure")
    return result


def _refuse_broken_front_matter(document: Document) -> None:
    """A document whose front matter ``check`` refuses is not formatted: without a model
    the result cannot be checked as fully, and the front matter needs the author first."""
    problems = [p for p in document.problems if p.code in FRONT_MATTER_CODES]
    if problems:
        first = problems[0]
        raise JdtoolError.from_problem(Problem(first.path, first.line, first.column, first.code,
                                               f"{first.message} (not formatted)"))


def _linear_siblings() -> None:
    """Make markdown-it's ``SyntaxTreeNode.next_sibling`` constant-time.

    mdformat asks every inline node of a paragraph for its neighbours, and markdown-it finds
    them with ``list.index``: quadratic in the lines of a paragraph (a 10,000-line paragraph
    took 20 s). The positions are indexed once per parent instead (same answers).
    """
    from markdown_it.tree import SyntaxTreeNode

    if getattr(SyntaxTreeNode, "_jdtool_linear", False):
        return

    def sibling(node: Any, offset: int) -> Any:
        parent = node.parent
        if parent is None:
            return None
        children = parent.children
        table = parent.__dict__.get("_jdtool_positions")
        if table is None or table[0] is not children or table[1] != len(children):
            table = (children, len(children), {id(child): i for i, child in enumerate(children)})
            parent.__dict__["_jdtool_positions"] = table
        index = table[2][id(node)] + offset
        return children[index] if 0 <= index < len(children) else None

    setattr(SyntaxTreeNode, "next_sibling", property(lambda node: sibling(node, 1)))  # noqa: B010
    setattr(SyntaxTreeNode, "previous_sibling", property(lambda node: sibling(node, -1)))  # noqa: B010
    setattr(SyntaxTreeNode, "_jdtool_linear", True)  # noqa: B010


def _refuse(path: Path, reason: str) -> NoReturn:
    raise JdtoolError.from_problem(Problem(path, 1, 1, INVALID_VALUE,
                                           f"{reason}; file left as it is"))


_WORD = re.compile(r"[^\W\d_]+")


def reader_words(text: str) -> Counter[str]:
    """The words a reader of the file sees, however they are marked up (numbers aside:
    list numbering is what formatting changes)."""
    return Counter(_WORD.findall(text))


def _refuse_lost_text(text: str, result: str, path: Path) -> None:
    """Always run, whether or not the front matter is valid (the model may not exist)."""
    before, after = reader_words(text), reader_words(result)
    if before != after:
        changed = sorted((before - after) or (after - before))
        words = ", ".join(f"'{word}'" for word in changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        _refuse(path, f"formatting would change the text the reader sees ({words}; a table "
                      "row with more cells than its header?)")


def _keep_unused_definitions(body: str, formatted: str) -> str:
    """Put back the link reference definitions mdformat drops because nothing uses them.

    They are appended after the ones mdformat keeps (it moves those to the end), exactly as
    written, so formatting the result again gives the same text.
    """
    if "]:" not in body:  # no definitions at all: spare two parses of a long document
        return formatted
    kept: dict[str, Any] = {}
    block_parser().parse(formatted, kept)
    lines = body.split("\n")
    missing = [definition for label, definition in _definitions(lines)
               if label not in kept.get("references", {})]
    if not missing:
        return formatted
    return formatted.rstrip("\n") + "\n\n" + "\n".join(missing) + "\n"


def _definitions(lines: list[str]) -> list[tuple[str, str]]:
    """``(normalised label, source text)`` of each top-level link reference definition: the
    only block markdown-it reads without leaving a token, so it lives in the gaps."""
    from markdown_it.common.utils import normalizeReference

    covered = [False] * (len(lines) + 1)
    for token in block_parser().parse("\n".join(lines)):
        if token.map is not None and token.level == 0:
            for number in range(token.map[0], token.map[1]):
                covered[number] = True
    found: list[tuple[str, str]] = []
    for number, line in enumerate(lines):
        if covered[number] or not line.strip():
            continue
        label = _LABEL.match(line)
        if label is not None:
            found.append((normalizeReference(label.group(1)), line.rstrip()))
        elif found:  # a title on the next line
            found[-1] = (found[-1][0], found[-1][1] + "\n" + line.rstrip())
    return found


_LABEL = re.compile(r" {0,3}\[((?:[^\]\\]|\\.)+)\]:")


def model_view(text: str, path: Path) -> Any:
    """What formatting must preserve: front matter, headings, blocks and their plain text."""
    return _view(parse_document(text, path))


def _view(document: Document) -> Any:
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


def markdown_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The Markdown files under ``paths`` that fmt works on, and warnings about links skipped.

    Links that lead out of a folder given are not followed (nor are hidden folders); a file
    given by name is always used.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path_kind(path) != "folder":
            files.append(path)  # read_source refuses what is missing or no regular file
            continue
        seen: set[tuple[int, int]] = set()
        for folder, folders, names in os.walk(path, followlinks=True):
            here = Path(folder)
            info = here.stat()
            identity = (info.st_dev, info.st_ino)
            if identity in seen:  # a link back up the tree
                folders.clear()
                continue
            seen.add(identity)
            folders[:] = sorted(name for name in folders if not name.startswith(".")
                                and not _skipped(here / name, path, problems))
            files.extend(here / name for name in sorted(names)
                         if name.endswith(".md") and not name.startswith(".")
                         and not _skipped(here / name, path, problems))
    return files, problems


def _skipped(path: Path, root: Path, problems: list[Problem]) -> bool:
    if link_leaves(path, root):
        problems.append(link_warning(path, root))
        return True
    return False


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
    """What ``format_paths`` did: the files it changed (or would), and the problems it met
    (files it could not format, left as they are; links it did not follow, as warnings)."""

    changed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.problems)


def format_paths(paths: Iterable[Path], *, check_only: bool = False) -> FormatResult:
    """Format every Markdown file under ``paths``; one file's failure never stops the rest."""
    files, warnings = markdown_files(list(paths))
    result = FormatResult(problems=warnings)
    for path in files:
        try:
            if format_file(path, check_only=check_only):
                result.changed.append(path)
        except JdtoolError as error:
            result.problems.append(error.problem or Problem(path, 1, 1, READ_ERROR, str(error)))
    return result
