"""The one document model every stage shares: packs, documents, sections, blocks, criteria.

A ``Document`` is parsed once; ``check``, ``lint``, rendering and diffing all read this tree.
Every element keeps the ``Span`` of source lines it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from jdtool.core.problems import FRONT_MATTER_CODES, READ_ERROR, Problem, Severity
from jdtool.core.schema import Kind, Meta, Status, as_dict

JDTOOL_ORIGIN = "jdtool"
"""``Document.origin`` of a jdtool document."""


@dataclass(frozen=True, slots=True)
class Span:
    """First and last source line (1-based, inclusive)."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        # A cached model holds thousands of spans (core.parse_cache): rebuilt from their two
        # numbers, not through the dataclass's slow generic state of a frozen slots class.
        return Span, (self.start, self.end)


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    NUMBERED = "numbered"
    """A numbered paragraph: an ordered-list item, or a paragraph starting ``2.1``."""
    BULLET = "bullet"
    ROW = "row"
    """One row of an ordinary table (``header`` marks the heading row)."""
    CRITERION = "criterion"
    QUOTE = "quote"
    CODE = "code"


class Importance(StrEnum):
    ESSENTIAL = "essential"
    DESIRABLE = "desirable"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One selection criterion of a person specification."""

    group: str
    text: str
    importance: Importance | None
    assessed_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "text": self.text,
            "importance": str(self.importance) if self.importance else None,
            "assessed_by": list(self.assessed_by),
        }

    def __reduce__(self) -> tuple[type[Criterion], tuple[Any, ...]]:
        return Criterion, (self.group, self.text, self.importance, self.assessed_by)


@dataclass(slots=True)
class Block:
    """A paragraph, list item, table row or criterion: the unit that lint and diff work on.

    ``text`` is plain text with whitespace folded (what a reader reads); ``markup`` is the
    inline Markdown as written (what a renderer renders).
    """

    kind: BlockKind
    text: str
    markup: str
    span: Span
    number: str | None = None
    depth: int = 0
    group: int = 0
    """Blocks from the same list or table share a group number, so renderers can regroup them."""
    cells: tuple[str, ...] = ()
    header: bool = False
    criterion: Criterion | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": str(self.kind), "text": self.text,
                                "lines": self.span.to_list()}
        if self.number is not None:
            data["number"] = self.number
        if self.depth:
            data["depth"] = self.depth
        if self.cells:
            data["cells"] = list(self.cells)
        if self.header:
            data["header"] = True
        if self.criterion is not None:
            data["criterion"] = self.criterion.to_dict()
        return data


@dataclass(slots=True)
class Section:
    """A heading and what stands under it, with its sub-sections nested."""

    heading: str
    level: int
    span: Span
    anchor: str = ""
    markup: str = ""
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "level": self.level,
            "anchor": self.anchor,
            "lines": self.span.to_list(),
            "blocks": [block.to_dict() for block in self.blocks],
            "sections": [child.to_dict() for child in self.children],
        }


@dataclass(slots=True)
class Document:
    """One Markdown file: its front matter (own and inherited) and its body."""

    path: Path
    source: str
    own: Meta | None
    """The fields this file sets itself (``None`` if its front matter is unusable)."""
    body: Section
    """The root section (level 0): blocks before the first heading, then the sections."""
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    meta: Meta | None = None
    """Effective fields: the pack's, overridden by this file's own."""
    title: str | None = None
    """The ``#`` heading, if the body starts with one."""
    origin: str = JDTOOL_ORIGIN
    """The reader that made this document (``jdtool.readers``): ``jdtool`` for a jdtool
    document; ``markdown`` (no front matter), ``front matter`` (a site generator's), or the
    imported file's type (``text``, ``pdf``, ``docx``, ``html``) for one read leniently."""

    @property
    def kind(self) -> Kind | None:
        return self.own.kind if self.own else None

    @property
    def is_jdtool(self) -> bool:
        """Whether this is a jdtool document (its front matter names its ``kind``), so the
        rules about required fields apply; a foreign document's fields were guessed."""
        return self.origin == JDTOOL_ORIGIN

    @property
    def ok(self) -> bool:
        return self.unusable_because() is None

    def unusable_because(self, *, body: bool = True) -> Problem | None:
        """Why this document cannot be exported or compared as it is (``None``: it can).

        Its first error, or a problem saying its front matter is unusable. With
        ``body=False`` only errors in the fields count: a body whose criterion has an
        unknown importance still compares as text.
        """
        problems = self.unusable_problems(body=body)
        return problems[0] if problems else None

    def unusable_problems(self, *, body: bool = True) -> list[Problem]:
        """Every reason ``unusable_because`` would give (empty: the document is usable), so
        a command can list them all as ``check`` does."""
        errors = [p for p in self.problems if p.severity is Severity.ERROR and
                  (body or p.code in FRONT_MATTER_CODES)]
        if errors:
            return errors
        if self.meta is None:
            return [Problem(self.path, 1, 1, READ_ERROR,
                            "the front matter is unusable; run jdtool check")]
        return []

    def display_title(self) -> str:
        return (self.meta.title if self.meta and self.meta.title else None) or self.title or \
            self.path.stem.replace("-", " ").capitalize()

    def sections(self) -> Iterator[Section]:
        """Every section below the root, in document order."""
        for child in self.body.children:
            yield from child.walk()

    def blocks(self) -> Iterator[tuple[Section, Block]]:
        """Every block with the section it stands in, in document order."""
        for section in self.body.walk():
            for block in section.blocks:
                yield section, block

    def criteria(self) -> list[Criterion]:
        return [b.criterion for _, b in self.blocks() if b.criterion is not None]

    def to_dict(self) -> dict[str, Any]:
        meta = as_dict(self.meta, json=True, exclude_defaults=True) if self.meta else None
        if meta is not None and self.meta is not None:
            meta["kind"] = str(self.meta.kind)
            if self.meta.revised is not None:
                meta["revised"] = str(self.meta.revised)
        return {
            "path": str(self.path),
            "kind": str(self.kind) if self.kind else None,
            "title": self.display_title(),
            "meta": meta,
            "body": self.body.to_dict(),
            "problems": [problem.to_dict() for problem in self.problems],
        }


@dataclass(slots=True)
class Pack:
    """A job pack: a folder of documents sharing ``pack.md``'s fields, or one loose file."""

    slug: str
    path: Path
    documents: list[Document] = field(default_factory=list)
    pack: Document | None = None
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, list[Document]] = field(default_factory=dict)
    """Documents in another language, by language tag (``description.cy.md`` beside
    ``description.md``); published as a paired page, not linted as the pack's own text."""

    @property
    def meta(self) -> Meta | None:
        if self.pack is not None:
            return self.pack.meta
        return self.documents[0].meta if self.documents else None

    def all_documents(self) -> list[Document]:
        return ([self.pack] if self.pack else []) + self.documents

    def every_document(self) -> list[Document]:
        """The pack's documents and their translations: every file to check for errors."""
        return self.all_documents() + [document for language in sorted(self.translations)
                                       for document in self.translations[language]]

    def is_published(self, drafts: bool = False) -> bool:
        """Whether a build publishes this pack, and so every document in it.

        The pack's status decides for all its documents (a ``status: review`` description
        in a published pack is published with it): published packs always, drafts and packs
        in review or approved only with ``drafts``, archived packs never. The site and the
        build's lint preflight both ask this, so what is linted is what is published.
        """
        meta = self.meta
        if meta is None or meta.status is Status.ARCHIVED:
            return False
        return drafts or meta.status is Status.PUBLISHED

    def document(self, kind: Kind) -> Document | None:
        return next((d for d in self.documents if d.kind is kind), None)

    def title(self) -> str:
        if self.pack is not None:
            return self.pack.display_title()
        return self.documents[0].display_title() if self.documents else self.slug

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "path": str(self.path),
            "documents": [document.to_dict() for document in self.all_documents()],
            "problems": [problem.to_dict() for problem in self.problems],
        }
