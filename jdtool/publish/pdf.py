"""PDF job packs: each pack typeset by WeasyPrint as a tagged, A4, PDF/UA-1 document.

A pack's print HTML is rendered with the same templates as the site; typesetting it is the
slow part, so it runs in the build's worker processes and only for packs whose print HTML
changed since the last build. WeasyPrint is imported only when a PDF is typeset. Outputs
are byte-identical from build to build: the metadata dates come from the pack and the PDF
identifier from the content.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from jinja2 import Environment

from jdtool.core.model import Pack
from jdtool.publish.body import document_html
from jdtool.publish.cache import content_key
from jdtool.publish.templates import render
from jdtool.publish.views import PackView, posted_date

PDF_VARIANT = "pdf/ua-1"
_FALLBACK_DATE = "2000-01-01"


def print_html(env: Environment, pack: Pack, view: PackView) -> str:
    """The pack as one HTML document for print: cover, then each document on a new page."""
    assert pack.meta is not None
    posted = posted_date(pack.meta)
    created = posted.isoformat() if posted else _FALLBACK_DATE
    running = " · ".join(part for part in (view.organisation, view.ref) if part) or view.title
    return render(env, "pdf.html", pack=view, created=created, running_header=running,
                  documents=[(document_view, document_html(document_view.document, 2,
                                                           title=document_view.heading))
                             for document_view in view.documents])


def print_css(env: Environment) -> str:
    assert env.loader is not None
    return str(env.loader.get_source(env, "print.css")[0])


def _refuse_urls(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The PDF must not depend on (or leak to) anything outside the pack itself.
    raise ValueError(f"external resource refused in PDF: {url}")


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    return FontConfiguration()


def typeset(html: str, css: str, key: str) -> tuple[bytes, int]:
    """Typeset one pack's print HTML; returns the PDF bytes and its page count.

    ``key`` (the content hash) becomes the PDF's identifier, so equal input gives equal bytes.
    """
    import weasyprint  # type: ignore[import-untyped]

    fonts = _fonts()
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_urls).render(
        stylesheets=[weasyprint.CSS(string=css, font_config=fonts)], font_config=fonts)
    identifier = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    assert data is not None
    return data, len(document.pages)


@cache
def engine_version() -> str:
    """WeasyPrint's version, part of every PDF's cache key (read without importing it)."""
    from importlib.metadata import version

    return version("weasyprint")


def pdf_key(html: str, css: str) -> str:
    return content_key("pdf", engine_version(), css, html)
