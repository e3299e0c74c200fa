"""Parse one document's text into the model, and give it the fields it inherits from its pack.

This is the only place that joins the stages: front matter, schema validation and the body
parser. Problems are collected on the ``Document``; only an unreadable file raises.
"""

from __future__ import annotations

from pathlib import Path

from jdtool.core import frontmatter, schema
from jdtool.core.files import read_source
from jdtool.core.model import Document, Section, Span
from jdtool.core.parser import parse_body
from jdtool.core.problems import JdtoolError


def parse_document(text: str, path: Path) -> Document:
    """Parse a document's text; problems are collected on the document, not raised."""
    try:
        matter, body = frontmatter.load(text, path)
    except JdtoolError as error:
        root = Section("", 0, Span(1, text.count("\n") + 1))
        problems = [error.problem] if error.problem else []
        return Document(path, text, None, root, problems=problems)
    own, problems = schema.validate(matter, path)
    root, title, body_problems = parse_body(body, path, matter.body_line)
    problems.extend(body_problems)
    document = Document(path, text, own, root, key_lines=matter.key_lines,
                        problems=problems, title=title)
    document.meta = own
    return document


def load_document(path: Path) -> Document:
    """Read and parse one file; a file that cannot be read raises ``JdtoolError``."""
    return parse_document(read_source(path), path)


def require_usable(document: Document, *, body: bool = True) -> None:
    """Raise ``JdtoolError`` naming the first reason ``document`` cannot be used
    (``Document.unusable_because``): for the commands that stop at one broken file."""
    problem = document.unusable_because(body=body)
    if problem is not None:
        raise JdtoolError.from_problem(problem)


def inherit(document: Document, pack: Document | None) -> None:
    """Set ``document.meta`` to the pack's fields overridden by the document's own."""
    if document.own is None:
        document.meta = None
        return
    if pack is None or pack.own is None or pack is document:
        document.meta = document.own
        return
    document.meta = schema.inherit(pack.own, document.own)
