"""Site history pages: for each pack, its revisions and what changed in each, as redlines.

A generator for ``jdtool build`` (``jdtool.publish.generators``) writes
``<slug>/history.html`` (the revisions, newest first) and ``<slug>/history/<commit>.html``
("What changed in the March 2018 revision": the diff engine's redline of every document the
revision changed, inside the site's base template), and links the pack page to the list.

Work is cached per pack in ``.jdtool-cache/history``, keyed by the pack's newest commit and
the blob of every file at every revision (a commit fixes its tree and its ancestry), and by
a fingerprint of the diff engine; a rebuild with no new commits reads no blob, parses nothing
and compares nothing. Outside a git repository, before the first commit or in a repository
git refuses, the build goes on without history pages and says so; a revision that cannot be
read is listed with a note, never the end of the build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.history.cache import HistoryCache, engine_fingerprint
from jdtool.history.log import KIND_LABELS, LogEntry, RevisionLog
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import History
from jdtool.history.versions import VersionCache

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
    for pack in context.packs:
        history = histories.get(pack.path)
        if history is None:
            print(f"jdtool: note: no history page for {pack.slug}: never committed",
                  file=sys.stderr)
            continue
        pages = pack_revision_pages(repository, history, versions, facts, pack, cache_folder)
        write_pack_history(context, pack, pages)


def _pack_histories(context: SiteContext) -> tuple[GitRepository, dict[Path, History]]:
    repository = GitRepository.find(context.out.parent if not context.packs
                                    else context.packs[0].path)
    histories = repository.histories([pack.path for pack in context.packs],
                                     context.options.paths)
    return repository, histories


def site_fingerprint(options: BuildOptions) -> str:
    """The commit the posts are at and the history code: what the history pages depend on.

    The build's up-to-date check adds this to the files it looks at, so a new commit
    rebuilds the site even when no file under ``posts/`` changed.
    """
    paths = options.paths
    try:
        head = GitRepository.find(paths[0] if paths else Path(".")).head_commit()
    except JdtoolError:
        head = None
    return f"{head or 'no history'}:{engine_fingerprint()}"


def pack_revision_pages(repository: GitRepository, history: History, versions: VersionCache,
                        facts: HistoryCache, pack: Pack, cache_folder: Path | None
                        ) -> list[RevisionPage]:
    """Every revision of the pack with its redlines, from the cache when nothing is new."""
    key = _cache_key(history)
    cached = _read_cache(cache_folder, key)
    if cached is not None:
        return cached
    log = RevisionLog(repository, history, versions, facts)
    pages = [_revision_page(log, entry, pack.title()) for entry in log.entries()]
    _write_cache(cache_folder, key, pages)
    return pages


def _revision_page(log: RevisionLog, entry: LogEntry, title: str) -> RevisionPage:
    # Loaded here, not at the top: every build imports this generator, and an up-to-date
    # build must not pay for the diff stack (about 250 ms).
    from jdtool.diff import compare
    from jdtool.diff.html import render

    page = RevisionPage(entry.to_dict())
    if entry.kind not in ("changed", "created", "deleted"):
        return page
    for old, new, path in log.redline_pairs(entry.revision):
        if old is None and new is None:
            continue
        label = title if len(entry.revision.changes) == 1 else \
            f"{title}: {Path(path).name}"
        diff = compare(old or _empty_like(new), new or _empty_like(old))
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
    if document is None:
        return "(no such document)"
    revised = document.own.revised if document.own is not None else None
    return f"{document.path.name} {side}" + (f" (revised {revised})" if revised else "")


# -- writing the pages ------------------------------------------------------------------------

def write_pack_history(context: SiteContext, pack: Pack, pages: list[RevisionPage]) -> None:
    from markupsafe import Markup

    slug = pack.slug
    headings = revision_headings([page.entry for page in pages])
    for number, page in enumerate(pages):
        if not page.redlines:
            continue
        styles, bodies = [], []
        for index, redline in enumerate(page.redlines):
            style, body = embeddable(redline.html, f"d{index}-")
            styles.append(style)
            bodies.append(Markup(body))  # the diff engine's autoescaped output
        older = next((p for p in pages[number + 1:] if p.redlines), None)
        newer = next((p for p in reversed(pages[:number]) if p.redlines), None)
        context.render("history-revision.html", f"{slug}/{page.url}", pack_title=pack.title(),
                       pack_url="../", history_url="../history.html",
                       entry=page.entry, heading=headings[number],
                       style=Markup(styles[0]), redlines=bodies,
                       older=older and Path(older.url).name,
                       newer=newer and Path(newer.url).name)
    context.render("history.html", f"{slug}/history.html", pack_title=pack.title(),
                   pack_url="./",
                   revisions=[_listing(page, heading) for page, heading in zip(pages, headings,
                                                                               strict=True)])
    context.links[slug][LINK_LABEL] = f"{slug}/history.html"


def _listing(page: RevisionPage, heading: str) -> dict[str, Any]:
    entry = page.entry
    stats = entry["stats"]
    return {**entry, "kind_label": KIND_LABELS[entry["kind"]],
            "heading": heading,
            "url": page.url if page.redlines else None,
            "day": entry["date"][:10], "stats": stats}


def revision_headings(entries: list[dict[str, Any]]) -> list[str]:
    """``What changed in the March 2018 revision`` for each entry (newest first).

    A revision that sets a new ``revised`` value is named by it (the document says when it was
    revised; the commit may be later, as when old revisions are first put into git); any other
    revision is named by its commit date.
    """
    headings: list[str] = []
    previous: str | None = None
    for entry in reversed(entries):
        revised = entry.get("revised")
        when = dt.datetime.fromisoformat(entry["date"]).date()
        if revised and revised != previous:
            when = _month_of(str(revised)) or when
        headings.append(f"What changed in the {when:%B %Y} revision")
        previous = revised or previous
    return headings[::-1]


def _month_of(revised: str) -> dt.date | None:
    """The first day of a ``revised`` month, or None if an old revision's value names none
    (``0000-01``: the commit date names the revision instead)."""
    try:
        year, month = (int(part) for part in revised.split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return None


def embeddable(page: str, prefix: str) -> tuple[str, str]:
    """The ``<style>`` and the ``<body>`` content of a redline page, ready to sit in another.

    The page is the diff engine's autoescaped output, where document text can never contain
    a literal tag or quote, so plain string surgery on its tags is safe. Its ``<main>``
    becomes a ``<div>`` (the site page has its own), its ``<h1>`` an ``<h2>``, and its ids
    get ``prefix`` so that several redlines can share one page.
    """
    style_start, style_end = page.find("<style>"), page.find("</style>")
    style = page[style_start + len("<style>"):style_end] if style_start >= 0 else ""
    body = page[page.find("<body>") + len("<body>"):page.rfind("</body>")]
    body = body.replace("<main", '<div class="redline"', 1).replace("</main>", "</div>")
    body = body.replace("<h1", "<h2").replace("</h1>", "</h2>")
    body = body.replace(' id="', f' id="{prefix}').replace(' href="#', f' href="#{prefix}')
    return style.replace("</", "<\\/"), body


# -- the cache --------------------------------------------------------------------------------

def _cache_key(history: History) -> str:
    digest = hashlib.sha256(engine_fingerprint().encode())
    digest.update(f"{history.target}\x00{history.shallow}".encode())
    for revision in history.revisions:
        digest.update(revision.commit.encode())
        for change in revision.changes:
            digest.update(f"{change.old_path}\x00{change.path}\x00{change.old_blob}\x00"
                          f"{change.blob}".encode())
    return digest.hexdigest()


def _read_cache(folder: Path | None, key: str) -> list[RevisionPage] | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        return [RevisionPage(item["entry"], [RedlineSection(**r) for r in item["redlines"]])
                for item in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(folder: Path | None, key: str, pages: list[RevisionPage]) -> None:
    if folder is None:
        return
    data = [{"entry": page.entry,
             "redlines": [{"path": r.path, "html": r.html} for r in page.redlines]}
            for page in pages]
    # The cache only saves time; a read-only folder must not stop the build.
    with contextlib.suppress(JdtoolError):
        write_atomically(folder / f"{key}.json", json.dumps(data))


history_pages.fingerprint = site_fingerprint  # type: ignore[attr-defined]
