"""Readers looked up by file type: any file a user holds, as documents in memory.

In the manner of pelican's ``readers.py``: each reader names the file types it reads
(``file_extensions``) and turns one path into ``Document`` objects, writing nothing; ``READERS``
is the explicit list, and ``reader_for`` looks a path up in it. ``jdtool diff`` and ``jdtool
lint`` read their inputs here; ``check``, ``build`` and the rest read ``posts/`` strictly, with
``core.packs``.

- Markdown (``.md``): a jdtool document (front matter naming its ``kind``) strictly, with its
  pack's fields; plain Markdown or a site generator's front matter leniently
  (``core.foreign``), with a note.
- ``.txt``, ``.pdf``, ``.docx``, ``.html`` and any other file: through the importer, in memory
  (``importer.pipeline.read_documents``); it tells a PDF, a Word file or a web page by its
  first bytes when the name does not say, and refuses what it cannot read (``.doc``).
- A folder: a jdtool pack folder as ``core.packs`` loads it; any other folder, every file in
  it that a reader reads.

A reading may hold several documents: a pack folder, or an imported job pack that the
importer split into brief, job description and person specification. ``comparable`` decides
how two readings compare: one document with one document directly (whatever their kinds);
otherwise each side becomes one document with a top-level section per kind (``Job
description``, ``Person specification``...), so that the documents are matched by kind,
blocks that moved between them are found, and every output format shows one report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from jdtool.core.files import MARKDOWN_SUFFIXES, path_kind
from jdtool.core.foreign import load_markdown
from jdtool.core.model import Document, Section, Span
from jdtool.core.packs import (
    KIND_ORDER,
    is_pack_folder,
    load_one_pack,
    unreadable,
)
from jdtool.core.plural import counted
from jdtool.core.problems import READ_ERROR, JdtoolError, Problem, ProblemsFound
from jdtool.core.schema import (
    KIND_HEADINGS,
    Contact,
    Kind,
    Meta,
    SalaryRange,
    fields_set,
    make,
    replace,
)

PACK_ORIGIN = "pack"
"""``Reading.origin`` of a folder."""


@dataclass(slots=True)
class Reading:
    """What one path gave: its documents (in pack order) and how it was read."""

    path: Path
    origin: str
    """``jdtool``, ``markdown``, ``front matter``, ``text``, ``pdf``, ``docx``, ``html`` or
    ``pack``."""
    documents: list[Document]
    notes: list[str] = field(default_factory=list)
    """How the file was read, when it was not a jdtool document: shown as notes."""


class Reader:
    """Turns one path into documents in memory; ``JdtoolError`` (``ProblemsFound`` with
    every problem) if it cannot."""

    name: ClassVar[str]
    file_extensions: ClassVar[tuple[str, ...]]

    def read(self, path: Path) -> Reading:
        raise NotImplementedError


class MarkdownReader(Reader):
    """jdtool documents strictly, any other Markdown leniently."""

    name = "markdown"
    file_extensions = (*MARKDOWN_SUFFIXES, ".mdown", ".mkd")

    def read(self, path: Path) -> Reading:
        read = load_markdown(path)
        return Reading(path, read.document.origin, [read.document], read.notes)


class ImportReader(Reader):
    """Text, PDF, Word and web pages, through the importer; nothing is written."""

    name = "import"
    file_extensions = (".txt", ".text", ".pdf", ".docx", ".docm", ".html", ".htm", ".xhtml",
                       ".shtml")

    def read(self, path: Path) -> Reading:
        # The importer loads pypdf, python-docx or BeautifulSoup: only when a file needs it.
        from jdtool.importer.pipeline import read_documents

        imported = read_documents(path)
        if not any(next(document.blocks(), None) for document in imported.documents):
            raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                                   "no text found in this file"))
        kinds = ", ".join(str(d.kind) for d in imported.documents)
        return Reading(path, imported.file_type, imported.documents,
                       [f"{path}: {imported.file_type} read through the importer, in memory: "
                        f"{kinds}"])


class FolderReader(Reader):
    """A pack folder, or every readable file in a folder."""

    name = "folder"
    file_extensions = ()

    def read(self, path: Path) -> Reading:
        if is_pack_folder(path):
            documents = load_one_pack(path).all_documents()  # its fields inherited
            problems = [p for d in documents for p in d.unusable_problems(body=False)]
            if problems:
                raise unreadable(path, problems)
            return Reading(path, PACK_ORIGIN, documents)
        readings, problems = read_all(sorted(
            entry for entry in path.iterdir() if entry.is_file()
            and not entry.name.startswith(".") and _known(entry)))
        if problems:
            raise unreadable(path, problems)
        if not readings:
            raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                                   "no document in this folder"))
        documents = [d for reading in readings for d in reading.documents]
        documents.sort(key=lambda d: KIND_ORDER.get(d.kind, 99) if d.kind else 99)
        return Reading(path, PACK_ORIGIN, documents,
                       [note for reading in readings for note in reading.notes])


READERS: tuple[Reader, ...] = (MarkdownReader(), ImportReader())
"""The file readers, looked up by suffix; a file no reader names goes to the importer,
which tells its type from its first bytes."""
FOLDER_READER = FolderReader()


def _known(path: Path) -> bool:
    return any(path.suffix.lower() in reader.file_extensions for reader in READERS)


def reader_for(path: Path) -> Reader:
    """The reader for ``path``: by its suffix, a folder's, or the importer's."""
    if path_kind(path) == "folder":
        return FOLDER_READER
    suffix = path.suffix.lower()
    return next((reader for reader in READERS if suffix in reader.file_extensions),
                READERS[-1])


def read(path: Path) -> Reading:
    """Every document in ``path``, by its type; ``JdtoolError`` listing every problem."""
    kind = path_kind(path)
    if isinstance(kind, Problem):
        raise JdtoolError.from_problem(kind)
    return reader_for(path).read(path)


def read_all(paths: Sequence[Path]) -> tuple[list[Reading], list[Problem]]:
    """Read every path; the readings, and every problem of those that cannot be read."""
    readings: list[Reading] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            readings.append(read(path))
        except ProblemsFound as error:
            problems.extend(error.problems)
        except JdtoolError as error:
            problems.append(error.problem or Problem(path, 1, 1, READ_ERROR, str(error)))
    return readings, problems


def read_pair(old: Path, new: Path) -> tuple[Reading, Reading]:
    """Both sides of a comparison; if either cannot be read, every problem of both."""
    readings, problems = read_all([old, new])
    if problems:
        raise ProblemsFound(problems, "" if len(problems) == 1 else
                            f"cannot compare: {counted(len(problems), 'problem')}")
    return readings[0], readings[1]


def comparable(old: Reading, new: Reading) -> tuple[Document, Document]:
    """The two documents to compare: each side's one document, or, when either side holds
    several, each side as one document with a section per kind."""
    if len(old.documents) == 1 and len(new.documents) == 1:
        return old.documents[0], new.documents[0]
    return as_one_document(old.documents, old.path), as_one_document(new.documents, new.path)


def as_one_document(documents: Sequence[Document], path: Path) -> Document:
    """Several documents of a pack as one: a level-1 section per document, headed by its
    kind (``KIND_HEADINGS``), holding its text; the pack's fields as the fields, and each
    document's own fields (and ``#`` heading) under ``extra`` as ``KIND.FIELD``."""
    root = Section("", 0, Span(1, 1))
    pack = next((d for d in documents if d.kind is Kind.PACK), None)
    own_fields: dict[str, object] = {}
    for document in documents:
        kind = document.kind or Kind.DESCRIPTION
        heading = KIND_HEADINGS[kind]
        body = document.body
        root.children.append(Section(heading, 1, body.span, anchor=str(kind), markup=heading,
                                     blocks=list(body.blocks), children=list(body.children)))
        fields = _own_fields(document, pack)
        if fields:
            own_fields[str(kind)] = fields
    # With no pack file, the fields the documents share are the pack's.
    meta = pack.meta if pack is not None and pack.meta is not None else \
        _shared_meta(documents)
    meta = replace(meta, kind=Kind.PACK, extra={**meta.extra, **own_fields})
    source = "\n".join(document.source for document in documents)
    return Document(path, source, meta, root, meta=meta,
                    title=pack.title if pack is not None else None,
                    origin=documents[0].origin if documents else PACK_ORIGIN)


def _shared_meta(documents: Sequence[Document]) -> Meta:
    metas = [{name: getattr(d.meta, name) for name in fields_set(d.meta) - {"kind", "extra"}}
             for d in documents if d.meta is not None]
    shared = {name: value for name, value in (metas[0] if metas else {}).items()
              if all(other.get(name) == value for other in metas[1:])}
    return make(kind=Kind.PACK, **shared)


def _own_fields(document: Document, pack: Document | None) -> dict[str, object]:
    """What a document of a pack says for itself: its own fields other than the pack's
    (``revised``, ``status``), and its ``#`` heading."""
    if document is pack or document.meta is None:
        return {}
    meta = document.own if pack is not None else document.meta
    fields: dict[str, object] = {}
    for name in sorted((fields_set(meta) if meta else set()) - {"kind"}):
        value = getattr(meta, name)
        # Typed values compare as the diff engine describes them; a mapping as one line.
        fields[name] = value.describe() if isinstance(value, SalaryRange | Contact) else value
    if document.title:
        fields["heading"] = document.title
    return fields


__all__ = ["FOLDER_READER", "READERS", "Reader", "Reading", "as_one_document",
           "comparable", "read", "read_all", "read_pair", "reader_for"]
