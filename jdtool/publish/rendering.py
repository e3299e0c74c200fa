"""The per-pack work of a build: each pack's page and PDF, from the cache or made afresh.

Packs are parsed once, in the main process; worker processes are forked afterwards, so they
read the parsed packs from inherited memory instead of receiving them pickled, write their
files straight into the staging folder and send back only a few strings per pack.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jdtool.model import Pack
from jdtool.publish.cache import BuildCache
from jdtool.publish.context import SiteContext
from jdtool.publish.pages import pack_page, page_key
from jdtool.publish.views import PackView

PARALLEL_FROM = 8
"""Fewer packs than this are done in-process: forking would cost more than it saves."""


@dataclass(frozen=True, slots=True)
class PackResult:
    index: int
    page_key: str
    rendered: bool
    pdf_key: str = ""
    typeset: bool = False


@dataclass(slots=True)
class _Work:
    context: SiteContext
    views: list[PackView]
    fingerprint: str
    cache: BuildCache
    css: str


_WORK: _Work | None = None  # set before forking; workers read it from inherited memory


def _do_pack(index: int) -> PackResult:
    work = _WORK
    assert work is not None
    context, view = work.context, work.views[index]
    pack = context.packs[index]
    key = page_key(work.fingerprint, pack, view)
    target = context.path_for(view.url)
    rendered = not work.cache.place("page", key, target)
    if rendered:
        context.write(view.url, pack_page(context, pack, view))
        work.cache.store("page", key, target)
    if not context.options.pdf:
        return PackResult(index, key, rendered)
    return _do_pdf(work, index, pack, view, key, rendered)


def _do_pdf(work: _Work, index: int, pack: Pack, view: PackView, key: str,
            rendered: bool) -> PackResult:
    from jdtool.publish.pdf import pdf_key, print_html, typeset

    html = print_html(work.context.env, pack, view)
    pdf = pdf_key(html, work.css)
    target = work.context.path_for(view.pdf_url)
    typeset_now = not work.cache.place("pdf", pdf, target)
    if typeset_now:
        data, _pages = typeset(html, work.css, pdf)
        work.context.write(view.pdf_url, data)
        work.cache.store("pdf", pdf, target)
    return PackResult(index, key, rendered, pdf, typeset_now)


def run_pack_work(context: SiteContext, views: list[PackView], fingerprint: str,
                  cache: BuildCache, on_done: Callable[[], None] | None = None
                  ) -> list[PackResult]:
    """Write every pack's page (and PDF); marks what was used in ``cache``."""
    global _WORK
    css = ""
    if context.options.pdf:
        from jdtool.publish.pdf import print_css

        css = print_css(context.env)
    _WORK = _Work(context, views, fingerprint, cache, css)
    results: list[PackResult] = []
    try:
        for result in _results(len(views), context.options.jobs):
            results.append(result)
            cache.mark("page", result.page_key)
            if result.pdf_key:
                cache.mark("pdf", result.pdf_key)
            if on_done:
                on_done()
    finally:
        _WORK = None
    return sorted(results, key=lambda result: result.index)


def _results(count: int, jobs: int) -> Iterator[PackResult]:
    workers = min(jobs or os.cpu_count() or 1, count)
    if workers <= 1 or count < PARALLEL_FROM or "fork" not in \
            multiprocessing.get_all_start_methods():
        yield from map(_do_pack, range(count))
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_do_pack, range(count), chunksize=4)
