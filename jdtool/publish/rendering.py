"""The per-pack work of a build: each pack's PDF and page, from the cache or made afresh.

Typesetting a PDF takes a second or more, so the PDFs that are not in the cache are typeset
by worker processes; each is sent only its print HTML and CSS. Pages come after the PDFs (a
page states its PDF's size and page count). A page takes about two milliseconds, and a cold
build of a thousand packs spends about as long rendering them as loading the packs, so
pages are shared among worker processes too: forked once the packs are loaded, so each
worker already holds them (nothing big is pickled), each writes its packs' pages into the
staged site and sends back only what the parent must know (the files written, their
digests, the cache entries used). A page is the same whichever process renders it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
    work = _PageWork(context, views, fingerprint, cache)
    rendered: dict[str, bool] = {}  # by page: a pack's translations share its slug
    for made in _pack_pages(work, None if context.options.pdf else on_done):
        rendered.update(made.rendered)
    return [PackResult(view.slug, rendered[view.page], view.pdf_url in typeset)
            for view in views]


@dataclass(slots=True)
class _PageWork:
    """The pack pages of one build: worker processes find it in ``_WORK``, inherited."""

    context: SiteContext
    views: list[PackView]
    fingerprint: str
    cache: BuildCache


@dataclass(slots=True)
class _Made:
    """What making some packs' pages changed that the parent process must know."""

    rendered: dict[str, bool] = field(default_factory=dict)
    """By page: whether it was rendered (not taken from the cache)."""
    written: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)
    kept: int = 0
    used: set[Path] = field(default_factory=set)
    """The cache entries read or stored."""


_WORK: list[_PageWork] = []
_PARALLEL_FROM = 64
"""Fewer pages than this are rendered in this process: forking would cost more than it
saves (a preview refresh renders one)."""
_CHUNK = 16
"""Pages per task: small enough that both workers finish together, large enough that
handing out tasks costs nothing."""


def _pack_pages(work: _PageWork, on_done: Callable[[], None] | None) -> Iterator[_Made]:
    """Render and write every pack page, here or in forked workers (``--jobs``, one per
    core by default), calling ``on_done`` per page."""
    count = len(work.views)
    workers = min(work.context.options.jobs or os.cpu_count() or 1, count // _CHUNK + 1)
    if workers < 2 or count < _PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        yield _make_pages(work, range(count), on_done)
        return
    from concurrent.futures import ProcessPoolExecutor  # only to fork: most builds are small

    staging, cache = work.context.staging, work.cache
    _WORK.append(work)
    frozen = gc.get_freeze_count() > 0  # by the build (``site._kept_apart_from_collection``)
    gc.freeze()  # the workers' collectors leave the shared pages alone, so they stay shared
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) \
                as pool:
            for made in pool.map(_worker, [range(start, min(start + _CHUNK, count))
                                           for start in range(0, count, _CHUNK)]):
                if staging is not None:
                    staging.written |= made.written
                    staging.digests.update(made.digests)
                    staging.kept += made.kept
                cache.used |= made.used
                for _ in made.rendered if on_done else ():
                    on_done()  # type: ignore[misc]
                yield made
    finally:
        if not frozen:
            gc.unfreeze()
        _WORK.remove(work)


def _worker(indices: range) -> _Made:
    """In a worker: make these pages, with the staging's and the cache's records emptied
    first, so that what they hold afterwards is what these pages added."""
    work = _WORK[-1]
    staging, cache = work.context.staging, work.cache
    if staging is not None:
        staging.written, staging.digests, staging.kept = set(), {}, 0
    cache.used = set()
    made = _make_pages(work, indices, None)
    if staging is not None:
        made.written, made.digests, made.kept = staging.written, staging.digests, staging.kept
    made.used = cache.used
    return made


def _make_pages(work: _PageWork, indices: range, on_done: Callable[[], None] | None
                ) -> _Made:
    context, cache, made = work.context, work.cache, _Made()
    for index in indices:
        pack, view = context.packs[index], work.views[index]
        # Without a cache there is nothing to look up: no key to hash from every source.
        key = page_key(work.fingerprint, pack, view) if cache.root is not None else ""
        cached = cache.read("page", key) if key else None
        made.rendered[view.page] = cached is None
        if cached is None:
            page = pack_page(context, pack, view).encode("utf-8")
            context.write(view.page, page)
            cache.store("page", key, page)
        else:
            context.write(view.page, cached)
        if on_done:
            on_done()
    return made


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
