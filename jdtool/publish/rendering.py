"""The per-pack work of a build: each pack's page and PDF, from the cache or made afresh.

Pages take about a millisecond each, so they are rendered in the main process, where the
parsed packs already are. Typesetting a PDF takes a second or more, so the PDFs that are not
in the cache are typeset by worker processes; each is sent only its print HTML and CSS.
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
    css: str
    key: str


def run_pack_work(context: SiteContext, views: list[PackView], fingerprint: str,
                  cache: BuildCache, on_done: Callable[[], None] | None = None
                  ) -> list[PackResult]:
    """Write every pack's page (and PDF), using the cache for what has not changed."""
    rendered: dict[str, bool] = {}
    jobs: list[_PrintJob] = []
    css = ""
    if context.options.pdf:
        from jdtool.publish.pdf import print_css

        css = print_css(context.env)
    for pack, view in zip(context.packs, views, strict=True):
        key = page_key(fingerprint, pack, view)
        target = context.path_for(view.url)
        rendered[view.slug] = not cache.place("page", key, target)
        if rendered[view.slug]:
            context.write(view.url, pack_page(context, pack, view))
            cache.store("page", key, target)
        if context.options.pdf:
            from jdtool.publish.pdf import pdf_key, print_html

            html = print_html(context.env, pack, view)
            pdf = pdf_key(html, css)
            if not cache.place("pdf", pdf, context.path_for(view.pdf_url)):
                jobs.append(_PrintJob(view.slug, view.pdf_url, html, css, pdf))
                continue
        if on_done:
            on_done()
    for job, data in _typeset_all(jobs, context.options.jobs):
        target = context.write(job.target, data)
        cache.store("pdf", job.key, target)
        if on_done:
            on_done()
    typeset = {job.slug for job in jobs}
    return [PackResult(view.slug, rendered[view.slug], view.slug in typeset) for view in views]


def _typeset(job: _PrintJob) -> tuple[_PrintJob, bytes]:
    from jdtool.publish.pdf import typeset

    data, _pages = typeset(job.html, job.css, job.key)
    return job, data


def _typeset_all(jobs: list[_PrintJob], workers: int) -> Iterator[tuple[_PrintJob, bytes]]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        yield from map(_typeset, jobs)
        return
    # Fork: workers start at once, without importing jdtool again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        yield from pool.imap_unordered(_typeset, jobs)
