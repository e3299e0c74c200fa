"""The per-pack work of a build: each pack's PDF and page, from the cache or made afresh.

Typesetting a PDF takes a second or more, so the PDFs that are not in the cache are typeset
by worker processes; each is sent only its print HTML and CSS. Pages take about a
millisecond each, so they are rendered in the main process, where the parsed packs already
are, after the PDFs: a page states its PDF's size and page count.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jdtool.publish.cache import BuildCache
from jdtool.publish.context import SiteContext
from jdtool.publish.pages import pack_page, page_key
from jdtool.publish.views import PackView


@dataclass(frozen=True, slots=True)
class PackResult:
    slug: str
    rendered: bool
    typeset: bool = False


@dataclass(frozen=True, slots=True)
class _PrintJob:
    slug: str
    target: str
    html: str
    contents: str
    css: str
    key: str


def run_pack_work(context: SiteContext, views: list[PackView], fingerprint: str,
                  cache: BuildCache, on_done: Callable[[], None] | None = None
                  ) -> list[PackResult]:
    """Write every pack's PDF, then its page (which states the PDF's size and pages), using
    the cache for what has not changed.

    Without ``options.pdf`` nothing is typeset, but a PDF the cache holds for the pack's
    current content is still published: ``--no-pdf`` keeps the PDFs that are up to date.
    """
    typeset = _pdfs(context, views, cache, on_done)
    rendered: dict[str, bool] = {}  # by page: a pack's translations share its slug
    for pack, view in zip(context.packs, views, strict=True):
        # Without a cache there is nothing to look up: no key to hash from every source.
        key = page_key(fingerprint, pack, view) if cache.root is not None else ""
        cached = cache.read("page", key) if key else None
        rendered[view.page] = cached is None
        if cached is None:
            page = pack_page(context, pack, view).encode("utf-8")
            context.write(view.page, page)
            cache.store("page", key, page)
        else:
            context.write(view.page, cached)
        if on_done and not context.options.pdf:
            on_done()
    return [PackResult(view.slug, rendered[view.page], view.pdf_url in typeset)
            for view in views]


def _pdfs(context: SiteContext, views: list[PackView], cache: BuildCache,
          on_done: Callable[[], None] | None) -> set[str]:
    """Place or typeset each pack's PDF and note its size and pages on its view; the PDFs
    typeset. A pack left without a PDF (``--no-pdf``, nothing cached) loses its PDF link."""
    if not context.options.pdf and not cache.holds("pdf"):  # nothing to typeset or keep
        for view in views:
            view.pdf_url = ""
        return set()
    from jdtool.publish.pdf import pdf_key, print_css, print_html

    css = print_css(context.env)
    jobs: list[_PrintJob] = []
    by_target = {view.pdf_url: view for view in views}
    for pack, view in zip(context.packs, views, strict=True):
        printed = print_html(context.env, pack, view)
        key = pdf_key(printed, css)
        pages = _pages(cache.read(PAGES, key))
        cached = cache.read("pdf", key) if pages else None
        if cached is not None:
            context.write(view.pdf_url, cached)
            view.pdf_size = len(cached)
            view.pdf_pages = pages
            if on_done and context.options.pdf:
                on_done()
        elif context.options.pdf:
            jobs.append(_PrintJob(view.slug, view.pdf_url, printed.html, printed.contents, css,
                                  key))
        else:
            view.pdf_url = ""
    for job, data, pages in _typeset_all(jobs, context.options.jobs):
        context.write(job.target, data)
        cache.store("pdf", job.key, data)
        cache.store(PAGES, job.key, str(pages).encode())
        by_target[job.target].pdf_size, by_target[job.target].pdf_pages = len(data), pages
        if on_done:
            on_done()
    return {job.target for job in jobs}


PAGES = "pdf-pages"
"""The cache's record of each cached PDF's page count (read back without opening the PDF)."""


def _pages(record: bytes | None) -> int:
    try:
        return int(record or b"0")
    except ValueError:
        return 0


def _typeset(job: _PrintJob) -> tuple[_PrintJob, bytes, int]:
    from jdtool.publish.pdf import typeset

    data, pages = typeset(job.html, job.css, job.key, job.contents)
    return job, data, pages


def _typeset_all(jobs: list[_PrintJob], workers: int) -> Iterator[tuple[_PrintJob, bytes, int]]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        yield from map(_typeset, jobs)
        return
    # Fork: workers start at once, without importing jdtool again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        yield from pool.imap_unordered(_typeset, jobs)
