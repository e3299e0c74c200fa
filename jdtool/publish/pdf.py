"""PDF job packs: each pack typeset by WeasyPrint as a tagged, A4, PDF/UA-1 document.

A pack's print HTML is rendered with the same templates as the site; typesetting it is the
slow part, so it runs in the build's worker processes and only for packs whose print HTML
changed since the last build. WeasyPrint is imported only when a PDF is typeset. Outputs
are byte-identical from build to build: the metadata dates come from the pack and the PDF
identifier from the content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment

from jdtool.core.facts import long_date
from jdtool.core.model import Pack
from jdtool.core.schema import Meta
from jdtool.publish.body import document_html
from jdtool.publish.cache import content_key
from jdtool.publish.templates import render
from jdtool.publish.views import PackView, posted_date

PDF_VARIANT = "pdf/ua-1"
_FALLBACK_DATE = "2000-01-01"
CONTENTS_SLOT = "<!--contents-->"
LONG_PACK = 6
"""A pack typeset to more pages than this gets a contents list after its cover."""


@dataclass(frozen=True, slots=True)
class PrintPack:
    """What a worker typesets: the print HTML and the contents list it gains if it is long."""

    html: str
    contents: str


def print_html(env: Environment, pack: Pack, view: PackView) -> PrintPack:
    """The pack as one HTML document for print: cover, then each document on a new page."""
    assert pack.meta is not None
    posted = posted_date(pack.meta)
    created = posted.isoformat() if posted else _FALLBACK_DATE
    running = " · ".join(part for part in (view.organisation, view.ref) if part) or view.title
    documents = [(document_view, document_html(document_view.document, 2,
                                               title=document_view.heading))
                 for document_view in view.documents]
    html = render(env, "pdf.html", pack=view, created=created, running_header=running,
                  version=version_line(pack.meta), documents=documents)
    return PrintPack(html, render(env, "pdf-contents.html", documents=documents))


def version_line(meta: Meta) -> str:
    """``Revised November 2026 · Published Monday 16 November 2026``: which version a printout
    is (on the cover and in every page's footer)."""
    parts = []
    if meta.revised is not None:
        parts.append(f"Revised {meta.revised.describe()}")
    if meta.posted is not None:
        parts.append(f"Published {long_date(meta.posted)}")
    return " · ".join(parts)


def print_css(env: Environment) -> str:
    assert env.loader is not None
    return str(env.loader.get_source(env, "print.css")[0])


def _render(html: str, css: str) -> Any:
    import weasyprint  # type: ignore[import-untyped]

    fonts = _fonts()
    return weasyprint.HTML(string=html, url_fetcher=_refuse_urls).render(
        stylesheets=[weasyprint.CSS(string=css, font_config=fonts)], font_config=fonts)


def _refuse_urls(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The PDF must not depend on (or leak to) anything outside the pack itself.
    raise ValueError(f"external resource refused in PDF: {url}")


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    return FontConfiguration()


def typeset(html: str, css: str, key: str, contents: str = "") -> tuple[bytes, int]:
    """Typeset one pack's print HTML; returns the PDF bytes and its page count.

    A pack longer than ``LONG_PACK`` pages gets ``contents`` after its cover. The page count
    is only known once the pack is typeset, so it is typeset with the contents first (its
    page counted as one) and again without them only if it turns out short: short packs
    are the quick ones to typeset twice. ``key`` (the content hash) becomes the PDF's
    identifier, so equal input gives equal bytes.
    """
    if not contents or CONTENTS_SLOT not in html:
        document = _render(html, css)
    else:
        document = _render(html.replace(CONTENTS_SLOT, contents, 1), css)
        if len(document.pages) - 1 <= LONG_PACK:
            document = _render(html, css)
    identifier = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    assert data is not None
    return data, len(document.pages)


@cache
def engine_version() -> str:
    """WeasyPrint's version, part of every PDF's cache key (read without importing it)."""
    from importlib.metadata import version

    return version("weasyprint")


def pdf_key(job: PrintPack, css: str) -> str:
    return content_key("pdf", engine_version(), css, job.html, job.contents)
