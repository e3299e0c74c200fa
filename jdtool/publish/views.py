"""What the templates show of a pack: its key facts, its documents as HTML, open or closed.

A ``PackView`` is built once per pack from the parsed model and is all a template needs, so
templates never reach into front matter details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from jdtool.core.facts import key_facts, long_datetime
from jdtool.core.model import Document, Pack
from jdtool.core.plural import counted
from jdtool.core.schema import KIND_HEADINGS, Kind, Meta
from jdtool.publish.body import document_html, same_heading
from jdtool.publish.context import pack_url, page_file, pdf_url


@dataclass(slots=True)
class DocumentView:
    kind: str
    heading: str
    anchor: str
    document: Document
    sections: list[tuple[str, str]]
    """(anchor, heading) of each top-level section, for contents lists."""

    @property
    def html(self) -> Markup:
        """The body for the pack page (rendered on use: cached pages never need it)."""
        return document_html(self.document, heading_level=3, title=self.heading)


@dataclass(slots=True)
class PackView:
    slug: str
    title: str
    organisation: str
    ref: str
    status: str
    is_open: bool
    closing: dt.datetime | None
    closing_text: str
    facts: list[tuple[str, str]]
    pack: Pack
    documents: list[DocumentView]
    url: str
    """The page's link (``slug/``)."""
    page: str
    """The page's file (``slug/index.html``)."""
    pdf_url: str
    language: str = "en-GB"
    versions: list[tuple[str, str, str]] = field(default_factory=list)
    """(language tag, language name, URL) of each language this pack is published in."""
    pdf_size: int = 0
    """The PDF's size in bytes and its pages, once typeset (the pack page states them)."""
    pdf_pages: int = 0
    is_reference: bool = False
    """Listed for reference, apart from the vacancies (``is_reference``)."""
    grade: str = ""
    salary: str = ""
    location: str = ""
    links: dict[str, str] = field(default_factory=dict)
    row: Markup = field(default_factory=Markup)
    """This pack's row of the vacancy index (``index-row.html``), once rendered."""

    @property
    def has_apply(self) -> bool:
        return any(document.kind == str(Kind.APPLY) for document in self.documents)

    @property
    def pdf_description(self) -> str:
        """``PDF, 52 KB, 11 pages`` once the PDF is typeset (``PDF`` before)."""
        parts = ["PDF"]
        if self.pdf_size:
            parts.append(f"{max(1, round(self.pdf_size / 1024))} KB")
        if self.pdf_pages:
            parts.append(counted(self.pdf_pages, "page"))
        return ", ".join(parts)

    @property
    def intro(self) -> Markup:
        """The pack's own introduction (``pack.md``'s body), if it has one."""
        return document_html(self.pack.pack, heading_level=3) if self.pack.pack else Markup("")


def is_open(meta: Meta, today: dt.date) -> bool:
    """Open until the end of its closing day; a post with no closing date stays open."""
    return meta.closing is None or meta.closing.date() >= today


def is_reference(meta: Meta) -> bool:
    """A post with no closing date (an elected post, a description kept for reference) is
    not a vacancy anyone can apply for: the index lists it apart from them."""
    return meta.closing is None


def pack_view(pack: Pack, today: dt.date, pdf: bool = True, language: str = "en-GB"
              ) -> PackView:
    meta = pack.meta
    assert meta is not None, "only packs with usable front matter are published"
    documents = [_document_view(document) for document in pack.documents
                 if document.kind is not None and document.kind is not Kind.PACK]
    return PackView(
        slug=pack.slug, title=pack.title(), organisation=meta.organisation or "",
        ref=meta.ref or "", status=str(meta.status), is_open=is_open(meta, today),
        closing=meta.closing, closing_text=long_datetime(meta.closing) or "No closing date",
        facts=key_facts(meta), pack=pack, documents=documents, url=pack_url(pack.slug),
        page=page_file(pack.slug), language=language, is_reference=is_reference(meta),
        pdf_url=pdf_url(pack.slug) if pdf else "", grade=meta.grade or "",
        salary=meta.salary_text(), location=meta.location or "")


def _document_view(document: Document) -> DocumentView:
    kind = str(document.kind)
    assert document.kind is not None
    heading = KIND_HEADINGS[document.kind]
    sections = list(document.body.children)
    if sections and same_heading(sections[0].heading, heading):  # shown without its heading
        sections[:1] = sections[0].children
    return DocumentView(
        kind=kind, heading=heading, anchor=kind, document=document,
        sections=[(f"{kind}-{s.anchor}", s.heading) for s in sections])


def posted_date(meta: Meta) -> dt.date | None:
    """When the post was advertised: ``posted``, else the revision date."""
    if meta.posted is not None:
        return meta.posted
    return meta.revised.as_date() if meta.revised is not None else None

