"""PDF job packs: each pack typeset by WeasyPrint as a tagged, A4, PDF/UA-1 document.

The main process renders each pack's print HTML (fast); worker processes typeset the packs
whose HTML changed since the last build (slow). WeasyPrint is imported only here, and only
when PDFs are built. Outputs are byte-identical from build to build: the metadata dates come
from the pack and the PDF identifier from the content.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment

from jdtool.model import Pack
from jdtool.publish.body import document_html
from jdtool.publish.cache import BuildCache, content_key
from jdtool.publish.context import SiteContext
from jdtool.publish.templates import render
from jdtool.publish.views import PackView, posted_date

PDF_VARIANT = "pdf/ua-1"
_FALLBACK_DATE = "2000-01-01"


@dataclass(frozen=True, slots=True)
class PrintJob:
    """Everything a worker needs to typeset one pack (plain strings, cheap to send)."""

    slug: str
    html: str
    css: str
    key: str


def print_html(env: Environment, pack: Pack, view: PackView) -> str:
    """The pack as one HTML document for print: cover, then each document on a new page."""
    assert pack.meta is not None
    posted = posted_date(pack.meta)
    created = posted.isoformat() if posted else _FALLBACK_DATE
    running = " · ".join(part for part in (view.organisation, view.ref) if part) or view.title
    return render(env, "pdf.html", pack=view, created=created, running_header=running,
                  documents=[(document_view, document_html(document_view.document, 2))
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


def typeset(job: PrintJob) -> tuple[str, bytes, int]:
    """Typeset one pack; returns its slug, the PDF bytes and its page count."""
    import weasyprint  # type: ignore[import-untyped]

    fonts = _fonts()
    document = weasyprint.HTML(string=job.html, url_fetcher=_refuse_urls).render(
        stylesheets=[weasyprint.CSS(string=job.css, font_config=fonts)], font_config=fonts)
    identifier = hashlib.md5(job.key.encode(), usedforsecurity=False).hexdigest().encode()
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    assert data is not None
    return job.slug, data, len(document.pages)


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def write_pdfs(context: SiteContext, items: list[tuple[Pack, PackView]], cache_: BuildCache,
               on_done: Callable[[], None] | None = None) -> tuple[int, int]:
    """Write ``<slug>/<slug>.pdf`` for every pack; returns (PDFs written, PDFs typeset)."""
    css = print_css(context.env)
    engine = _weasyprint_version()
    jobs: list[PrintJob] = []
    for pack, view in items:
        html = print_html(context.env, pack, view)
        key = content_key("pdf", engine, css, html)
        if cache_.place("pdf", key, context.path_for(view.pdf_url)):
            if on_done:
                on_done()
        else:
            jobs.append(PrintJob(view.slug, html, css, key))
    by_slug = {view.slug: view for _, view in items}
    keys = {job.slug: job.key for job in jobs}
    for slug, data, _pages in _run(jobs, context.options.jobs):
        target = context.write(by_slug[slug].pdf_url, data)
        cache_.store("pdf", keys[slug], target)
        if on_done:
            on_done()
    cache_.prune("pdf")
    return len(items), len(jobs)


def _run(jobs: list[PrintJob], workers: int) -> Iterator[tuple[str, bytes, int]]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        yield from map(typeset, jobs)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield from pool.map(typeset, jobs, chunksize=1)
    finally:
        pool.shutdown(cancel_futures=True)
