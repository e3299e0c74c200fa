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
from jdtool.core.problems import (
    EMPTY_FILE,
    INVALID_VALUE,
    MISSING_FIELD,
    NO_FRONT_MATTER,
    READ_ERROR,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    UNTERMINATED_FRONT_MATTER,
    YAML_SYNTAX,
    JdtoolError,
    Problem,
    Severity,
)
from jdtool.core.schema import Meta


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


def inherit(document: Document, pack: Document | None) -> None:
    """Set ``document.meta`` to the pack's fields overridden by the document's own."""
    if document.own is None:
        document.meta = None
        return
    if pack is None or pack.own is None or pack is document:
        document.meta = document.own
        return
    own = document.own.model_dump(exclude_unset=True)
    inherited = pack.own.model_dump(exclude_unset=True, exclude={"kind"})
    document.meta = Meta.model_validate({**inherited, **own})


def load_for_comparison(path: Path) -> Document:
    """One document with its pack's fields inherited; ``JdtoolError`` if it is unusable.

    Invalid front matter (its own or its pack's) is an error, since the fields compared would
    be wrong; problems in the body (a criterion's unknown stage) are not: the text compares.
    """
    if path.is_dir():
        raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                               "is a folder; give a document file"))
    document = load_document(path)
    pack_file = path.parent / "pack.md"
    pack = None
    if path.name != "pack.md" and pack_file.is_file():
        pack = load_document(pack_file)
        _refuse_invalid_front_matter(pack)
        inherit(pack, None)
    _refuse_invalid_front_matter(document)
    inherit(document, pack)
    return document


_FRONT_MATTER_ERRORS = {EMPTY_FILE, INVALID_VALUE, MISSING_FIELD, NO_FRONT_MATTER, UNKNOWN_FIELD,
                        UNKNOWN_KIND, UNTERMINATED_FRONT_MATTER, YAML_SYNTAX}


def _refuse_invalid_front_matter(document: Document) -> None:
    errors = [p for p in document.problems
              if p.severity is Severity.ERROR and p.code in _FRONT_MATTER_ERRORS]
    if errors or document.own is None:
        raise JdtoolError.from_problem(errors[0] if errors else Problem(
            document.path, 1, 1, READ_ERROR, "front matter is not usable"))
