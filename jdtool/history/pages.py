"""Site history pages: for each pack, its revisions and what changed in each, as redlines.

A generator for ``jdtool build`` (``jdtool.publish.generators``) writes
``<slug>/history.html`` (the revisions, newest first) and ``<slug>/history/<commit>.html``
("What changed in the March 2018 revision": the diff engine's redline of every document the
revision changed, inside the site's base template), and links the pack page to the list.

Work is cached per pack in ``.jdtool-cache/history``, keyed by the pack's newest commit and
the blob of every file at every revision (a commit fixes its tree and its ancestry), and by
a fingerprint of the diff engine; a rebuild with no new commits reads no blob, parses nothing
and compares nothing. A pack whose pages would come out the same (the same revisions, title,
history settings, templates and site options) does not render them again either: its files
are copied from the site being replaced, once each is checked to be the very file the last
build wrote (``SiteContext.reuse``). Outside a git repository, before the first commit or
in a repository git refuses, the build goes on without history pages and says so; a
revision that cannot be read is listed with a note, never the end of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdtool.core.collection import kept_apart_from_collection
from jdtool.core.facts import long_date
from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.history import walk
from jdtool.history.cache import HistoryCache, engine_fingerprint
from jdtool.history.log import LogEntry, RevisionLog
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import History, Revision
from jdtool.history.settings import HistorySettings, load_history_settings
from jdtool.history.versions import VersionCache
from jdtool.history.wording import (
    FIRST_VERSION,
    KIND_WORDS,
    OUT_OF_ORDER_NOTE,
    in_reading_order,
    plain_notes,
    recorded,
    revised_words,
    revision_headings,
    revision_names,
)

if TYPE_CHECKING:
    from jdtool.core.model import Document, Pack
    from jdtool.publish.context import BuildOptions, SiteContext

CACHE_FOLDER = "history"
LINK_LABEL = "history of changes"


@dataclass(slots=True)
class RedlineSection:
    """The redline of one document changed by one revision (HTML made by the diff engine)."""

    path: str
    html: str


@dataclass(slots=True)
class RevisionPage:
    """One revision of a pack, as the history pages show it."""

    entry: dict[str, Any]
    redlines: list[RedlineSection] = field(default_factory=list)
    redlines_key: str = ""
    """Where the redlines are cached apart (``_cached_revision_page``), if they are."""

    @property
    def commit(self) -> str:
        return str(self.entry["commit"])

    @property
    def url(self) -> str:
        return f"history/{self.commit[:12]}.html"


def history_pages(context: SiteContext) -> None:
    """The generator: history pages for every pack that has git history."""
    try:
        repository, histories = _pack_histories(context)
    except JdtoolError as error:
        # Outside git, before the first commit or in a repository git refuses: the site
        # is still worth building, as it is without history.
        print(f"jdtool: note: history is unavailable ({error}); the site has no history "
              "pages", file=sys.stderr)
        return
    versions = VersionCache(repository)
    cache_folder = context.options.cache / CACHE_FOLDER if context.options.cache else None
    facts = HistoryCache(cache_folder)
    settings = load_history_settings(repository.root)
    versions.prefetch(_uncached_blobs(histories.values(), cache_folder))
    work = _PackWork(context, repository, versions, facts, settings, cache_folder)
    common, last = _common_key(context, settings), _written(cache_folder)
    written: dict[str, dict[str, Any]] = {}
    for pack in context.packs:
        history = histories.get(pack.path)
        if history is None:
            print(f"jdtool: note: no history page for {pack.slug}: never committed",
                  file=sys.stderr)
            continue
        key = _output_key(common, pack, history)
        stamps, digests = _written_files(last, pack.slug, key)
        carried = context.reuse(stamps, digests) if stamps is not None else None
        if carried is not None:
            # Nothing this pack's pages show has changed: last build's files, as they are.
            context.links[pack.slug][LINK_LABEL] = f"{pack.slug}/history.html"
            written[pack.slug] = {"key": key, "files": carried,
                                  "digests": context.digests_of(list(carried))}
        else:
            work.packs.append((pack, history, key))
    for index, files, digests in _made_pages(work):
        pack, _, key = work.packs[index]
        context.adopt(digests)  # a worker's files: the staged site keeps them
        context.links[pack.slug][LINK_LABEL] = f"{pack.slug}/history.html"
        written[pack.slug] = {"key": key, "files": context.stamps_of(files),
                              "digests": digests}
    _remember_written(cache_folder, written)
    facts.save()


@dataclass(slots=True)
class _PackWork:
    """The packs whose history pages must be made, and what making them needs."""

    context: SiteContext
    repository: GitRepository
    versions: VersionCache
    facts: HistoryCache
    settings: HistorySettings
    cache_folder: Path | None
    packs: list[tuple[Pack, History, str]] = field(default_factory=list)
    """Each pack with its history and its output key."""


_Made = tuple[int, list[str], dict[str, str]]
"""A pack's pages made: its index in ``_PackWork.packs``, its files, their digests."""

_WORK: list[_PackWork] = []
"""The work of the build being forked: worker processes find it here, inherited."""
_PARALLEL_FROM = 4
"""Fewer packs than this are made in this process: starting workers would cost more."""


def _made_pages(work: _PackWork) -> list[_Made]:
    """Make and write every pack's pages: (index in ``work.packs``, files written, and the
    digest of each, by which the staged site knows them).

    The packs are shared among worker processes (``--jobs``, one per core by default), each
    writing its packs' files into the site being built and handing back the history facts it
    found; the pages are the same, whichever process makes them.
    """
    # Loaded only to fork: every build imports this module, most make few history pages.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(work.context.options.jobs or os.cpu_count() or 1, len(work.packs))
    if workers < 2 or len(work.packs) < _PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return _make_packs(work, list(range(len(work.packs))))[0]
    chunks = [list(range(start, len(work.packs), workers)) for start in range(workers)]
    _WORK.append(work)
    try:
        # The workers' collectors leave the shared pages alone, so they stay shared.
        with kept_apart_from_collection(), ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_worker, chunks))
    finally:
        _WORK.remove(work)
    made: list[_Made] = []
    for written, facts in parts:
        made += written
        work.facts.merge(facts)
    return sorted(made)


def _worker(indices: list[int]) -> tuple[list[_Made], dict[str, Any]]:
    work = _WORK[-1]
    # GitPython's cat-file processes belong to the parent's Repo object: a worker reads
    # through a Repo of its own, and keeps the parent's from being collected (collecting it
    # would stop processes the parent still uses).
    import git  # loaded already: the parent found the repository through it

    _INHERITED.append(work.repository.repo)
    work.repository.repo = git.Repo(str(work.repository.root))
    return _make_packs(work, indices)


_INHERITED: list[object] = []


def _make_packs(work: _PackWork, indices: list[int]
                ) -> tuple[list[_Made], dict[str, Any]]:
    made = []
    for index in indices:
        pack, history, _ = work.packs[index]
        pages = pack_revision_pages(work.repository, history, work.versions, work.facts, pack,
                                    work.cache_folder)
        files = write_pack_history(work.context, pack, pages, work.settings)
        made.append((index, files, work.context.digests_of(files)))
    return made, work.facts.take_added()


def _uncached_blobs(histories: Iterable[History], cache_folder: Path | None) -> list[str]:
    """The blobs of every pack whose pages are not cached, to read with one git process:
    one per pack costs more than the reading (git resolves each pack's deltas again)."""
    return [blob for history in histories
            if cache_folder is None or not (cache_folder / f"{_cache_key(history)}.json").is_file()
            for revision in history.revisions for change in revision.changes
            for blob in (change.blob, change.old_blob) if blob is not None]


def _pack_histories(context: SiteContext) -> tuple[GitRepository, dict[Path, History]]:
    repository = GitRepository.find(context.out.parent if not context.packs
                                    else context.packs[0].path)
    # The log as the last build kept it, extended by the commits made since (history.walk).
    cache = context.options.cache / CACHE_FOLDER if context.options.cache else None
    revisions = walk.revisions(repository, repository.specs(context.options.paths), cache)
    histories = repository.histories([pack.path for pack in context.packs],
                                     context.options.paths, revisions)
    return repository, histories


def site_fingerprint(options: BuildOptions) -> str:
    """The commit the posts are at and the history code: what the history pages depend on.

    The build's up-to-date check adds this to the files it looks at, so a new commit (or a
    change to ``[tool.jdtool.history]``) rebuilds the site even when no post changed.
    """
    paths = options.paths
    try:
        repository = GitRepository.find(paths[0] if paths else Path("."))
        head, settings = repository.head_commit(), load_history_settings(repository.root)
    except JdtoolError:
        head, settings = None, HistorySettings()
    return f"{head or 'no history'}:{engine_fingerprint()}:{settings}"


def pack_revision_pages(repository: GitRepository, history: History, versions: VersionCache,
                        facts: HistoryCache, pack: Pack, cache_folder: Path | None
                        ) -> list[RevisionPage]:
    """Every revision of the pack with its redlines, from the cache when nothing is new."""
    key = _cache_key(history)
    cached = _read_cache(cache_folder, key)
    if cached is not None:
        return cached
    log = RevisionLog(repository, history, versions, facts, keep_diffs=True)
    entries = log.entries(save=False)  # the build writes the facts once, after every pack
    pages = [_cached_revision_page(log, entry, pack.title(), cache_folder,
                                   first=index == len(entries) - 1)
             for index, entry in enumerate(entries)]
    _write_cache(cache_folder, key, pages)
    return pages


def _cached_revision_page(log: RevisionLog, entry: LogEntry, title: str,
                          cache_folder: Path | None, *, first: bool) -> RevisionPage:
    """``_revision_page``, its redlines read from the cache when this very revision (the
    same commit, files, blobs and title) was redlined before: a new commit changes the key
    of its pack's pages, not the redlines of the revisions before it."""
    if cache_folder is None or entry.kind not in ("changed", "created", "deleted"):
        return _revision_page(log, entry, title, first=first)
    key = _redline_key(entry, title, first)
    redlines = _cached_redlines(cache_folder, key)
    if redlines is not None:
        return RevisionPage(entry.to_dict(), redlines, key)
    page = _revision_page(log, entry, title, first=first)
    with contextlib.suppress(JdtoolError):  # the cache only saves time
        write_atomically(cache_folder / REDLINES / f"{key}.json", json.dumps(
            [{"path": r.path, "html": r.html} for r in page.redlines]))
        page.redlines_key = key
    return page


def _cached_redlines(cache_folder: Path, key: str) -> list[RedlineSection] | None:
    try:
        data = json.loads((cache_folder / REDLINES / f"{key}.json").read_text(encoding="utf-8"))
        return [RedlineSection(str(item["path"]), str(item["html"])) for item in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None


REDLINES = "redlines"
"""The cache's folder of redlines, one file per revision of a pack."""


def _redline_key(entry: LogEntry, title: str, first: bool) -> str:
    """All one revision's redlines show: its files and their blobs before and after (which
    fix the text), the pack's title, whether it is the first version, and the engine."""
    digest = hashlib.sha256(engine_fingerprint().encode())
    digest.update(f"{title}\x00{first}\x00{entry.kind}\x00{entry.revision.commit}".encode())
    digest.update(_changes_text(entry.revision).encode())
    return digest.hexdigest()


def _changes_text(revision: Revision) -> str:
    """What a revision did to each file, for a key: the paths and blobs before and after."""
    return "".join(f"\x00{change.old_path}\x00{change.path}\x00{change.old_blob}\x00"
                   f"{change.blob}" for change in revision.changes)


def _revision_page(log: RevisionLog, entry: LogEntry, title: str, *, first: bool
                   ) -> RevisionPage:
    # Loaded here, not at the top: every build imports this generator, and an up-to-date
    # build must not pay for the diff stack (about 250 ms).
    from jdtool.diff import compare
    from jdtool.diff.html import render
    from jdtool.history import first_version

    page = RevisionPage(entry.to_dict())
    if entry.kind not in ("changed", "created", "deleted"):
        return page
    for (old, new, path), kept in zip(log.redline_pairs(entry.revision),
                                      log.kept_diffs(entry.revision), strict=True):
        if old is None and new is None:
            continue
        label = title if len(entry.revision.changes) == 1 else \
            f"{title}: {Path(path).name}"
        if first and old is None and new is not None:
            # The first version is the text itself, not a page of text marked ADDED.
            page.redlines.append(RedlineSection(path, first_version.render(new, label)))
            continue
        diff = kept or compare(old or _empty_like(new), new or _empty_like(old))
        if diff.is_empty:
            continue
        html = render(diff, title=label, old_label=_side_label(old, "before"),
                      new_label=_side_label(new, "after"))
        page.redlines.append(RedlineSection(path, html))
    return page


def _empty_like(document: Document | None) -> Document:
    """A document with the same front matter and no body, for a file added or deleted."""
    from jdtool.core.model import Document, Section, Span

    assert document is not None
    return Document(document.path, "", document.own, Section("", 0, Span(1, 1)),
                    meta=document.meta)


def _side_label(document: Document | None, side: str) -> str:
    """``March 2018 version``, or ``Before``/``After`` when the document states no revision."""
    if document is None:
        return "no such document"
    revised = document.own.revised if document.own is not None else None
    return f"{revised.describe()} version" if revised else f"{side.capitalize()} this revision"


# -- writing the pages ------------------------------------------------------------------------

def write_pack_history(context: SiteContext, pack: Pack, pages: list[RevisionPage],
                       settings: HistorySettings | None = None) -> list[str]:
    """The pack's list of revisions and a page for each revision that has something to show;
    the site-relative paths written.

    Pages are listed newest first, by ``revised`` when the recording order disagrees with it
    (``jdtool.history.wording``); "previous" and "next" follow the same order.
    """
    from markupsafe import Markup

    settings = settings or HistorySettings()
    slug = pack.slug
    entries = [page.entry for page in pages]
    names, headings = revision_names(entries), revision_headings(entries)
    order, by_revised = in_reading_order(entries)
    listed = [pages[index] for index in order]
    shown = [page for page in listed if page.redlines]
    written = [f"{slug}/{page.url}" for page in shown] + [f"{slug}/history.html"]
    for page in shown:
        number = pages.index(page)
        styles, bodies = [], []
        for index, redline in enumerate(page.redlines):
            style, body = embeddable(redline.html, f"d{index}-")
            styles.append(style)
            bodies.append(Markup(body))  # the diff engine's autoescaped output
        at = shown.index(page)
        older = shown[at + 1] if at + 1 < len(shown) else None
        newer = shown[at - 1] if at > 0 else None
        context.render("history-revision.html", f"{slug}/{page.url}", pack_title=pack.title(),
                       pack_url="../", history_url="../history.html",
                       entry=_listing(page, names[number], headings[number], settings),
                       heading=headings[number], style=Markup(styles[0]), redlines=bodies,
                       older=older and Path(older.url).name,
                       older_name=older and names[pages.index(older)],
                       newer=newer and Path(newer.url).name,
                       newer_name=newer and names[pages.index(newer)])
    context.render("history.html", f"{slug}/history.html", pack_title=pack.title(),
                   pack_url="./", order_note=OUT_OF_ORDER_NOTE if by_revised else "",
                   revisions=[_listing(pages[index], names[index], headings[index], settings)
                              for index in order])
    context.links[slug][LINK_LABEL] = f"{slug}/history.html"
    return written


def _listing(page: RevisionPage, name: str, heading: str, settings: HistorySettings
             ) -> dict[str, Any]:
    """What the history templates show of one revision: plain words, and commit details
    only when the settings ask for them."""
    entry = page.entry
    day = recorded(entry)
    kind = entry["kind"]
    words = list(entry.get("changes") or [])
    first = name.startswith(FIRST_VERSION)
    return {
        "name": name[:1].upper() + name[1:],
        "heading": heading if page.redlines else name[:1].upper() + name[1:], "kind": kind,
        "kind_label": "The text as first published" if first else KIND_WORDS.get(kind, kind),
        "url": page.url if page.redlines else None,
        "date": entry["date"], "day": long_date(day),
        "revised": revised_words(entry.get("revised")),
        "changes": [] if first else words,
        "notes": (entry.get("notes") or []) if settings.show_commits else plain_notes(entry),
        "author": entry.get("author") if settings.show_authors else None,
        "commit": {"short": entry.get("short"), "subject": entry.get("subject")}
        if settings.show_commits else None,
    }


_HEADING_TAG = re.compile(r"<h([1-5])|</h([1-5])>")


def _heading_down(match: re.Match[str]) -> str:
    opening, closing = match.groups()
    return f"<h{int(opening) + 1}" if opening else f"</h{int(closing) + 1}>"


def embeddable(page: str, prefix: str) -> tuple[str, str]:
    """The ``<style>`` and the ``<body>`` content of a redline page, ready to sit in another.

    The page is the diff engine's autoescaped output, where document text can never contain
    a literal tag or quote, so plain string surgery on its tags is safe. Its ``<main>``
    becomes a ``<div>`` (the site page has its own), its headings go one level down (``<h1>``
    to ``<h2>``...), and its ids get ``prefix`` so that several redlines can share one page.
    """
    style_start, style_end = page.find("<style>"), page.find("</style>")
    style = page[style_start + len("<style>"):style_end] if style_start >= 0 else ""
    body = page[page.find("<body>") + len("<body>"):page.rfind("</body>")]
    body = body.replace("<main", '<div class="redline"', 1).replace("</main>", "</div>")
    # Every heading one level down, under the page's <h1>: one pass, not one per level.
    body = _HEADING_TAG.sub(_heading_down, body)
    body = body.replace(' id="', f' id="{prefix}').replace(' href="#', f' href="#{prefix}')
    # Each redline's view switch is its own radio group, its labels naming its own inputs.
    body = body.replace(' for="', f' for="{prefix}').replace(' name="view"',
                                                             f' name="{prefix}view"')
    return style.replace("</", "<\\/"), body


# -- the cache --------------------------------------------------------------------------------

def _cache_key(history: History) -> str:
    digest = hashlib.sha256(engine_fingerprint().encode())
    digest.update(f"{history.target}\x00{history.shallow}".encode())
    for revision in history.revisions:
        digest.update(revision.commit.encode())
        digest.update(_changes_text(revision).encode())
    return digest.hexdigest()


def _output_key(common: str, pack: Pack, history: History) -> str:
    """All a pack's history pages show: its revisions and its title, and ``common``: the
    history settings and what every page of the site depends on (templates, site options,
    the day)."""
    parts = (common, _cache_key(history), pack.slug, pack.title())
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _common_key(context: SiteContext, settings: HistorySettings) -> str:
    return "\x00".join((context.fingerprint, str(settings), str(context.site_values())))


WRITTEN = "written.json"
"""The files the last build wrote for each pack's history, under the key of their inputs."""


def _written(folder: Path | None) -> dict[str, Any]:
    """Per pack slug, ``{"key": ..., "files": {path: stamp}}`` as the last build left them."""
    if folder is None:
        return {}
    try:
        data = json.loads((folder / WRITTEN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _written_files(written: dict[str, Any], slug: str, key: str
                   ) -> tuple[dict[str, list[int]] | None, dict[str, str]]:
    """The files the last build wrote for this pack's history (each with its stamp, and
    the digests of those it knows), if it had the same inputs."""
    try:
        data = written[slug]
        if data["key"] != key:
            return None, {}
        stamps = {str(path): [int(number) for number in stamp]
                  for path, stamp in data["files"].items()}
        digests = data.get("digests") or {}
        return stamps, {str(path): str(digest) for path, digest in digests.items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, {}


def _remember_written(folder: Path | None, written: dict[str, dict[str, Any]]) -> None:
    """One file for every pack of this build (a file per pack cost a write each)."""
    if folder is None:
        return
    with contextlib.suppress(JdtoolError):
        write_atomically(folder / WRITTEN, json.dumps(written))


def _read_cache(folder: Path | None, key: str) -> list[RevisionPage] | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        pages = []
        for item in data:
            apart = str(item.get("redlines_key") or "")
            redlines = _cached_redlines(folder, apart) if apart else [
                RedlineSection(**r) for r in item["redlines"]]
            if redlines is None:
                return None  # the redlines cached apart are gone: make the pages again
            pages.append(RevisionPage(item["entry"], redlines, apart))
        return pages
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cache(folder: Path | None, key: str, pages: list[RevisionPage]) -> None:
    if folder is None:
        return
    # Redlines cached apart are named, not copied: the cache holds each once.
    data = [{"entry": page.entry, "redlines_key": page.redlines_key} if page.redlines_key
            else {"entry": page.entry,
                  "redlines": [{"path": r.path, "html": r.html} for r in page.redlines]}
            for page in pages]
    # The cache only saves time; a read-only folder must not stop the build.
    with contextlib.suppress(JdtoolError):
        write_atomically(folder / f"{key}.json", json.dumps(data))


history_pages.fingerprint = site_fingerprint  # type: ignore[attr-defined]
