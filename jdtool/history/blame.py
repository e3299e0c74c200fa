"""``jdtool blame``: for every block, the revision that gave it its wording and the one it came in.

Blocks are followed through the structural diff of each pair of consecutive revisions, not
through lines: a block that moved keeps both revisions, a reworded block keeps the revision
it first appeared in and takes the rewording revision as its wording, an added block starts
afresh. Revisions that cannot be read are stepped over; uncommitted edits in the working
tree are attributed to "not committed yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jdtool.core.files import read_source
from jdtool.core.model import Block, Document
from jdtool.core.problems import JdtoolError
from jdtool.core.schema import Meta
from jdtool.history.cache import HistoryCache, cache_folder
from jdtool.history.pruning import SectionParser, SplitText, pruned_pair, split_sections
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import History, Revision
from jdtool.history.versions import Version, VersionCache, content_key, failure_of


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a block's wording came from: a revision, or the uncommitted working tree."""

    revision: Revision | None

    @property
    def short(self) -> str:
        return self.revision.short if self.revision else "working"

    @property
    def date(self) -> str:
        return self.revision.date.date().isoformat() if self.revision else "not committed"

    def to_dict(self) -> dict[str, Any] | None:
        if self.revision is None:
            return None
        return {"commit": self.revision.commit, "date": self.revision.date.isoformat(),
                "author": self.revision.author, "subject": self.revision.subject,
                "truncated": self.revision.boundary}


WORKING_TREE = Origin(None)


@dataclass(frozen=True, slots=True)
class Attribution:
    """The two revisions that matter for one block."""

    first: Origin
    """The revision in which the block first appeared (following moves and rewording)."""
    wording: Origin
    """The revision that gave the block its current wording."""


@dataclass(frozen=True, slots=True)
class BlameLine:
    section: str
    block: Block
    attribution: Attribution

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "kind": str(self.block.kind),
            "text": self.block.text,
            "lines": self.block.span.to_list(),
            "wording": self.attribution.wording.to_dict(),
            "first": self.attribution.first.to_dict(),
        }


@dataclass(slots=True)
class Blame:
    path: str
    lines: list[BlameLine]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "blocks": [line.to_dict() for line in self.lines],
                "notes": self.notes}


Attributions = dict[int, Attribution]
"""By ``id()`` of a block of the current version: blocks are mutable, so not hashable."""


def carry_forward(old: Document, new: Document, previous: Attributions,
                  origin: Origin) -> Attributions:
    """The attribution of every block of ``new``, given those of ``old``."""
    if content_key(old) == content_key(new):
        # Formatting only: the same blocks in the same order.
        olds = [block for _, block in old.blocks()]
        news = [block for _, block in new.blocks()]
        return {id(b): previous[id(a)] for a, b in zip(olds, news, strict=True)}
    # Only an uncached blame compares: a cached one never loads the diff stack.
    from jdtool.diff import compare

    attributions: Attributions = {}
    for change in compare(old, new).changes:
        if change.new is None:
            continue
        before = previous.get(id(change.old)) if change.old is not None else None
        if before is None or change.kind == "added":
            attributions[id(change.new)] = Attribution(origin, origin)
        elif change.kind == "reworded":
            attributions[id(change.new)] = Attribution(before.first, origin)
        else:
            attributions[id(change.new)] = before
    for _, block in new.blocks():
        attributions.setdefault(id(block), Attribution(origin, origin))
    return attributions


@dataclass(slots=True)
class CommittedBlame:
    """The blame of the newest committed readable version: what the cache keeps."""

    version: Version | None
    attributions: Attributions
    notes: list[str]
    source: tuple[str, str, str] | None = None
    """Blob, path and commit of ``version``."""


def blame_history(repository: GitRepository, history: History, working: Path | None,
                  versions: VersionCache | None = None, cache: HistoryCache | None = None
                  ) -> Blame:
    """Blame the newest version of a single document (the working tree's, if given)."""
    versions = versions or VersionCache(repository)
    cache = cache or HistoryCache(None)
    committed = _cached_blame(history, versions, cache)
    if committed is None:
        committed = _walk_sections(history, versions) or _walk_revisions(history, versions)
        _store_blame(history, committed, cache)
    current, attributions, notes = committed.version, committed.attributions, committed.notes
    if working is not None:
        current, attributions = _step_working(current, working, attributions, notes)
    if current is None or current.document is None:
        raise JdtoolError(f"{history.target}: no readable revision to blame "
                          "(the document was deleted, or every revision is unreadable)")
    lines = [BlameLine(_section_path(section.heading, section.level), block,
                       attributions[id(block)])
             for section, block in current.document.blocks()]
    return Blame(history.target, lines, notes)


def _walk_revisions(history: History, versions: VersionCache) -> CommittedBlame:
    notes: list[str] = []
    current: Version | None = None
    source: tuple[str, str, str] | None = None
    attributions: Attributions = {}
    for revision in reversed(history.revisions):
        change = next((c for c in revision.changes), None)
        if change is None:
            continue
        if change.blob is None:
            current, attributions, source = None, {}, None
            continue
        version = versions.version(change.blob, change.path, revision.commit)
        if not version.usable:
            notes.append(f"{revision.short} ({revision.date.date()}) skipped: {version.failure}")
            continue
        current, attributions = _step(current, version, attributions, Origin(revision))
        source = (change.blob, change.path, revision.commit)
        if revision.boundary:
            notes.append(f"{revision.short} is the oldest revision in this shallow clone: "
                         "blocks attributed to it may be older")
    return CommittedBlame(current, attributions, notes, source)


def _walk_sections(history: History, versions: VersionCache) -> CommittedBlame | None:
    """``_walk_revisions`` through the sections that changed (see ``jdtool.history.pruning``).

    Each distinct section is parsed once, so a section that did not change is the very same
    ``Section`` in both revisions and its blocks keep their attributions as they are; only
    changed sections go through the diff engine. None if a revision cannot be split safely.
    """
    sections = SectionParser()
    notes: list[str] = []
    state: tuple[SplitText, Meta, Document] | None = None
    source: tuple[str, str, str] | None = None
    attributions: Attributions = {}
    for revision in reversed(history.revisions):
        change = next((c for c in revision.changes), None)
        if change is None:
            continue
        if change.blob is None:
            state, attributions, source = None, {}, None
            continue
        own, failure = versions.front_matter(change.blob, change.path, revision.commit)
        if own is None:
            notes.append(f"{revision.short} ({revision.date.date()}) skipped: {failure}")
            continue
        split = split_sections(versions.text(change.blob, change.path, revision.commit))
        if split is None or len(set(split.sections)) != len(split.sections):
            return None
        document = sections.document(own, list(split.sections), change.path)
        origin = Origin(revision)
        if state is None:
            attributions = {id(block): Attribution(origin, origin)
                            for _, block in document.blocks()}
        else:
            pair = pruned_pair(state[0], split, (state[1], own), change.path, sections)
            if pair is None:
                return None
            changed = carry_forward(pair[0], pair[1], attributions, origin)
            attributions = {id(block): changed.get(id(block)) or attributions[id(block)]
                            for _, block in document.blocks()}
        state, source = (split, own, document), (change.blob, change.path, revision.commit)
        if revision.boundary:
            notes.append(f"{revision.short} is the oldest revision in this shallow clone: "
                         "blocks attributed to it may be older")
    if state is None or source is None:
        return CommittedBlame(None, {}, notes)
    return _on_full_parse(state[2], attributions, versions, source, notes)


def _on_full_parse(assembled: Document, attributions: Attributions, versions: VersionCache,
                   source: tuple[str, str, str], notes: list[str]) -> CommittedBlame | None:
    """Move attributions onto the whole parse of the newest version (true line numbers)."""
    version = versions.version(*source)
    if version.document is None:
        return None
    olds = [block for _, block in assembled.blocks()]
    news = [block for _, block in version.document.blocks()]
    if [b.text for b in olds] != [b.text for b in news]:
        return None
    moved = {id(new): attributions[id(old)] for old, new in zip(olds, news, strict=True)}
    return CommittedBlame(version, moved, notes, source)


def _blame_key(history: History) -> str:
    return f"{history.target}:{history.revisions[0].commit}:{len(history.revisions)}"


def _store_blame(history: History, committed: CommittedBlame, cache: HistoryCache) -> None:
    version = committed.version
    if version is None or version.document is None or committed.source is None:
        return
    blob, path, commit = committed.source
    pairs = []
    for _, block in version.document.blocks():
        attribution = committed.attributions[id(block)]
        pairs.append([_commit(attribution.first), _commit(attribution.wording)])
    cache.put("blame", _blame_key(history), {
        "blob": blob, "path": path, "commit": commit,
        "attributions": pairs, "notes": committed.notes})
    cache.save()


def _commit(origin: Origin) -> str | None:
    return origin.revision.commit if origin.revision else None


def _cached_blame(history: History, versions: VersionCache, cache: HistoryCache
                  ) -> CommittedBlame | None:
    stored = cache.get("blame", _blame_key(history))
    if not isinstance(stored, dict):
        return None
    version = versions.version(stored["blob"], stored["path"], stored["commit"])
    if version.document is None:
        return None
    blocks = [block for _, block in version.document.blocks()]
    by_commit = {revision.commit: revision for revision in history.revisions}
    pairs = stored["attributions"]
    if len(pairs) != len(blocks) or any(c not in by_commit for pair in pairs for c in pair):
        return None
    attributions = {id(block): Attribution(Origin(by_commit[first]), Origin(by_commit[wording]))
                    for block, (first, wording) in zip(blocks, pairs, strict=True)}
    return CommittedBlame(version, attributions, list(stored["notes"]))


def _step(current: Version | None, version: Version, attributions: Attributions,
          origin: Origin) -> tuple[Version, Attributions]:
    assert version.document is not None
    if current is None or current.document is None:
        return version, {id(block): Attribution(origin, origin)
                         for _, block in version.document.blocks()}
    return version, carry_forward(current.document, version.document, attributions, origin)


def _step_working(current: Version | None, working: Path, attributions: Attributions,
                  notes: list[str]) -> tuple[Version | None, Attributions]:
    from jdtool.core.documents import parse_document

    if not working.is_file():
        return current, attributions
    text = read_source(working)
    if current is not None and current.document is not None and \
            current.document.source == text:
        return current, attributions
    document = parse_document(text, working)
    failure = failure_of(document)
    if failure is not None:
        notes.append(f"working tree copy skipped: {failure}")
        return current, attributions
    return _step(current, Version(document), attributions, WORKING_TREE)


def _section_path(heading: str, level: int) -> str:
    return heading if level else ""


def blame(path: Path) -> Blame:
    """Blame the document at ``path`` (its working-tree text, against its git history)."""
    repository = GitRepository.find(path)
    if path.is_dir():
        raise JdtoolError(f"{path}: blame works on one document; name a file such as "
                          f"{path / 'description.md'}")
    history = repository.history(path)
    cache = HistoryCache(cache_folder(repository.common_dir))
    return blame_history(repository, history, path, cache=cache)
