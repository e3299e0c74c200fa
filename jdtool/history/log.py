"""``jdtool log``: every revision of a document or pack with what changed in it, newest first.

Each revision is compared with the one before it through the structural diff engine, so the
statistics count blocks and words, not lines; a revision that changed only the layout is
marked ``formatting only``. Revisions that cannot be read (binary, broken front matter, the
edge of a shallow clone) are kept in the list with a note saying why they have no figures.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jdtool.core.collection import kept_apart_from_collection
from jdtool.core.plural import counted
from jdtool.history.cache import (
    HistoryCache,
    cache_folder,
    engine_fingerprint,
    store_log,
    stored_log,
)
from jdtool.history.pruning import SectionParser, SplitText, pruned_pair, split_sections
from jdtool.history.repository import GitRepository, head_state
from jdtool.history.revisions import FileChange, History, Revision
from jdtool.history.versions import Version, VersionCache, same_content

if TYPE_CHECKING:
    from jdtool.core.model import Document
    from jdtool.core.schema import Meta
    from jdtool.diff.model import DocumentDiff

DocumentPair = tuple["Document | None", "Document | None", str]
"""Old and new document of one file of a revision (None: created or deleted), and its path."""

EntryKind = Literal["created", "changed", "formatting", "renamed", "deleted", "unreadable",
                    "truncated"]

KIND_LABELS: dict[str, str] = {
    "created": "created",
    "changed": "changed",
    "formatting": "formatting only",
    "renamed": "renamed, wording unchanged",
    "deleted": "deleted",
    "unreadable": "not readable",
    "truncated": "oldest revision in this shallow clone",
}


@dataclass(slots=True)
class ChangeStats:
    """Blocks and words changed by one revision, summed over the files it touched."""

    blocks_added: int = 0
    blocks_removed: int = 0
    blocks_reworded: int = 0
    blocks_moved: int = 0
    words_added: int = 0
    words_removed: int = 0
    fields_changed: int = 0
    """Front matter fields added, removed or changed."""
    headings_changed: int = 0
    """Section events (heading added, removed, renamed, moved, re-levelled)."""

    def add(self, other: Any) -> None:
        """Add another ``ChangeStats``, or the diff engine's ``DiffStats``."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name, 0))

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def describe(self) -> str:
        blocks = [f"+{self.blocks_added}", f"-{self.blocks_removed}",
                  f"~{self.blocks_reworded}", f"\u2195{self.blocks_moved}"]
        fields = f"  fields {self.fields_changed}" if self.fields_changed else ""
        headings = f"  headings {self.headings_changed}" if self.headings_changed else ""
        return (f"blocks {' '.join(blocks)}  words +{self.words_added} "
                f"-{self.words_removed}{fields}{headings}")


@dataclass(slots=True)
class LogEntry:
    """One revision as ``jdtool log`` reports it."""

    revision: Revision
    kind: EntryKind
    paths: list[str]
    revised: str | None = None
    stats: ChangeStats | None = None
    notes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    """What changed, in words (``jdtool.diff.wording``): one phrase per changed section."""

    def describe(self) -> str:
        """``Leading the union: 1 passage reworded, 1 added; term of office changed``."""
        return "; ".join(self.words)

    def to_dict(self) -> dict[str, Any]:
        revision = self.revision
        return {
            "commit": revision.commit,
            "short": revision.short,
            "date": revision.date.isoformat(),
            "author": revision.author,
            "email": revision.email,
            "subject": revision.subject,
            "paths": self.paths,
            "revised": self.revised,
            "kind": self.kind,
            "formatting_only": self.kind == "formatting",
            "stats": self.stats.to_dict() if self.stats is not None else None,
            "changes": self.words,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class BlobRef:
    """A file's blob at a revision, parsed only if someone needs its document."""

    blob: str
    path: str
    commit: str


class RevisionLog:
    """Builds the log of one document or pack from its history.

    Facts that depend only on git objects (a blob's ``revised`` value or failure, a blob
    pair's statistics) come from ``cache`` when it has them, so a repeated log parses nothing.
    """

    def __init__(self, repository: GitRepository, history: History,
                 versions: VersionCache | None = None, cache: HistoryCache | None = None,
                 *, keep_diffs: bool = False) -> None:
        self.repository = repository
        self.keep_diffs = keep_diffs
        """Compare whole documents and keep each diff, for the redlines of the history pages:
        they need the whole comparison anyway, and its figures are the pruned one's
        (``jdtool.history.pruning``), so each pair is compared once, not twice."""
        self._diffs: dict[str, DocumentDiff] = {}
        self.history = history
        self.versions = versions or VersionCache(repository)
        self.cache = cache or HistoryCache(None)
        self._readable: dict[str, tuple[BlobRef, Revision]] = {}
        """The last readable version of each file, to step over unreadable revisions."""
        self._pairs: dict[str, list[tuple[BlobRef | None, BlobRef | None, str]]] = {}
        self._sections = SectionParser()
        self._splits: dict[str, SplitText | None] = {}
        self._whole: dict[tuple[str, str], Document | None] = {}
        self._meta_keys: dict[int, tuple[Meta, str]] = {}

    def redline_pairs(self, revision: Revision) -> list[DocumentPair]:
        """The documents each file of ``revision`` was compared as (after ``entries()``).

        For speed they are assembled from the per-section parses the log already made, so
        their blocks' line numbers count from the top of each section: right for the HTML
        redline, which shows no line numbers, and for nothing that does.
        """
        return [(self._assembled(old), self._assembled(new), path)
                for old, new, path in self._pairs.get(revision.commit, [])]

    def kept_diffs(self, revision: Revision) -> list[DocumentDiff | None]:
        """The diff of each of ``redline_pairs(revision)`` when ``keep_diffs`` made one (None
        for a file created or deleted, or whose figures came from the cache)."""
        return [self._diffs.get(_pair_key(old, new)) if old is not None and new is not None
                else None for old, new, _ in self._pairs.get(revision.commit, [])]

    def _assembled(self, ref: BlobRef | None) -> Document | None:
        if ref is None:
            return None
        key = (ref.blob, file_name(ref.path))  # the name decides the kind of document
        if key not in self._whole:  # each blob is the new side of one pair and the old side
            self._whole[key] = self._assemble(ref)  # of the next: assembled once
        return self._whole[key]

    def _assemble(self, ref: BlobRef) -> Document | None:
        own = self.versions.front_matter(ref.blob, ref.path, ref.commit)[0]
        split = self._split(ref)
        if own is None or split is None or len(set(split.sections)) != len(split.sections):
            return self._document(ref)
        return self._sections.document(own, list(split.sections), ref.path)

    def _split(self, ref: BlobRef) -> SplitText | None:
        """The blob cut into sections, once: each blob is the new side of one pair and the
        old side of the next."""
        if ref.blob not in self._splits:
            self._splits[ref.blob] = split_sections(
                self.versions.text(ref.blob, ref.path, ref.commit))
        return self._splits[ref.blob]

    def _document(self, ref: BlobRef | None) -> Document | None:
        if ref is None:
            return None
        return self.versions.version(ref.blob, ref.path, ref.commit).document

    def _version(self, ref: BlobRef) -> Version:
        return self.versions.version(ref.blob, ref.path, ref.commit)

    def blob_facts(self, ref: BlobRef) -> dict[str, Any]:
        """``{"revised": ..., "failure": ...}`` for one blob, from its front matter alone."""
        key = _blob_key(ref.blob, ref.path)
        facts = self.cache.get("blobs", key)
        if facts is None:
            own, failure = self.versions.front_matter(ref.blob, ref.path, ref.commit)
            revised = own.revised if own is not None else None
            facts = {"revised": str(revised) if revised else None, "failure": failure}
            self.cache.put("blobs", key, facts)
        return dict(facts)

    def blob_size(self, ref: BlobRef) -> tuple[int, int]:
        """Blocks and words of a whole blob, for a document created or deleted."""
        key = _blob_key(ref.blob, ref.path)
        size = self.cache.get("sizes", key)
        if size is None:
            document = self._version(ref).document
            blocks = [block for _, block in document.blocks()] if document else []
            size = [len(blocks), sum(len(block.text.split()) for block in blocks)]
            self.cache.put("sizes", key, size)
        return int(size[0]), int(size[1])

    def entries(self, *, save: bool = True) -> list[LogEntry]:
        """Newest first, like ``git log``; the cache is written unless ``save`` is False (a
        site build writes it once, after every pack)."""
        self.versions.prefetch(self._needed_blobs())
        if not self.keep_diffs:  # the history pages share their packs among workers already
            self._compare_ahead()
        entries: list[LogEntry] = []
        state: dict[str, BlobRef] = {}
        for revision in reversed(self.history.revisions):
            for change in revision.changes:
                state.pop(change.old_path, None)
                if change.blob is not None:
                    state[change.path] = BlobRef(change.blob, change.path, revision.commit)
            entry = self.entry(revision)
            self._remember_readable(revision)
            entry.revised = self._revised(state)
            entries.append(entry)
        entries.reverse()
        if save:
            self.cache.save()
        return entries

    def _needed_blobs(self) -> list[str]:
        """The blobs whose facts or pair figures the cache lacks: all of them in a cold run,
        none in a repeated one, so that a cached log reads nothing."""
        cached = self.cache.get
        needed: list[str] = []
        for revision in self.history.revisions:
            for change in revision.changes:
                new, old = change.blob, change.old_blob
                if old is None or new is None:  # created or deleted: its facts and size
                    blob, path = (new, change.path) if new is not None else \
                        (old, change.old_path)
                    if blob is not None and (cached("blobs", _blob_key(blob, path)) is None
                                             or cached("sizes", _blob_key(blob, path)) is None):
                        needed.append(blob)
                    continue
                if cached("blobs", _blob_key(new, change.path)) is None:
                    needed.append(new)
                if cached("pairs", _pair_text(old, new, change.old_path, change.path)) is None:
                    needed += [old, new]
        return needed

    def _compare_ahead(self) -> None:
        """Work out the pairs the cache lacks in two processes when there are many: reading
        each revision's front matter and comparing each pair are most of a cold log's time,
        and each pair needs only its two texts (read from git already, by ``prefetch``).

        What the forked process finds (each blob's facts, each pair's figures) comes back
        into the cache, where the walk of ``entries()`` finds it, as if it had made it: a
        cached log shows the same.
        """
        pairs = self._uncompared_pairs()
        # A process with other threads (a program using the API) is not forked: a lock held
        # by another thread at the fork would stay held in the child for ever.
        if len(pairs) < _AHEAD_FROM or _cores() < 2 or threading.active_count() > 1:
            return
        # Loaded only for a long cold log: forking, and the diff stack before the fork so
        # that the forked process has it without importing it again.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import jdtool.diff
        import jdtool.diff.wording  # noqa: F401

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        half = len(pairs) // 2  # halves in order: a pair's old side is the last pair's new
        _AHEAD.append((self, pairs))
        try:
            # The forked collector leaves the parent's pages alone, so they stay shared.
            with kept_apart_from_collection(), ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("fork")) as pool:
                later = pool.submit(_work_out_part, half, len(pairs))
                self._work_out(pairs[:half])
                self.cache.merge(later.result())
        finally:
            _AHEAD.remove((self, pairs))

    def _uncompared_pairs(self) -> list[tuple[BlobRef, BlobRef, str]]:
        """Each pair of blobs ``entries()`` may compare and the cache lacks, in history order
        (a pair with an unreadable side is left to the walk, which knows what to compare the
        other side with)."""
        pairs: dict[str, tuple[BlobRef, BlobRef, str]] = {}
        for revision in reversed(self.history.revisions):
            if revision.boundary:
                continue
            for change in revision.changes:
                if change.blob is None or change.old_blob is None:
                    continue
                new = BlobRef(change.blob, change.path, revision.commit)
                old = BlobRef(change.old_blob, change.old_path, f"{revision.commit}^")
                key = _pair_key(old, new)
                if key not in pairs and self.cache.get("pairs", key) is None:
                    pairs[key] = (old, new, key)
        return list(pairs.values())

    def _work_out(self, pairs: list[tuple[BlobRef, BlobRef, str]]) -> None:
        """Each blob's facts and, when both sides are readable, each pair's figures, into the
        cache."""
        for old, new, key in pairs:
            if self.blob_facts(new)["failure"] is None and \
                    self.blob_facts(old)["failure"] is None:
                self.cache.put("pairs", key, self._compare(old, new, key))

    def entry(self, revision: Revision) -> LogEntry:
        paths = sorted({change.path for change in revision.changes})
        entry = LogEntry(revision, "changed", paths)
        if revision.boundary:
            entry.kind = "truncated"
            entry.notes.append("earlier history is missing from this shallow clone "
                               "(run 'git fetch --unshallow' to see it)")
            return entry
        kinds: list[EntryKind] = []
        per_file: list[ChangeStats | None] = []
        several = len(revision.changes) > 1
        for change in revision.changes:
            kind, file_stats, note, words = self._file_change(change, revision.commit)
            kinds.append(kind)
            per_file.append(file_stats)
            if note:
                entry.notes.append(note)
            # In a pack, each phrase says which document it is about.
            entry.words += [f"{file_name(change.path)}: {phrase}" if several else phrase
                            for phrase in words]
        if all(stats is not None for stats in per_file):
            entry.stats = ChangeStats()
            for stats in per_file:
                entry.stats.add(stats)
        entry.kind = _revision_kind(kinds)
        return entry

    def _remember_readable(self, revision: Revision) -> None:
        for change in revision.changes:
            previous = self._readable.pop(change.old_path, None)
            if change.blob is None:
                continue
            ref = BlobRef(change.blob, change.path, revision.commit)
            if self.blob_facts(ref)["failure"] is None:
                self._readable[change.path] = (ref, revision)
            elif previous is not None:
                self._readable[change.path] = previous

    def _file_change(self, change: FileChange, commit: str
                     ) -> tuple[EntryKind, ChangeStats | None, str | None, list[str]]:
        """The kind of change, its figures, a note, and what changed in words."""
        new = BlobRef(change.blob, change.path, commit) if change.blob else None
        old = BlobRef(change.old_blob, change.old_path, f"{commit}^") \
            if change.old_blob else None
        if new is not None and (failure := self.blob_facts(new)["failure"]) is not None:
            return "unreadable", None, f"{change.path}: {failure}", []
        notes = [f"{change.old_path} renamed to {change.path}"] \
            if change.path != change.old_path else []
        if old is not None and (failure := self.blob_facts(old)["failure"]) is not None:
            readable = self._readable.get(change.old_path)
            if readable is None:
                return "unreadable", None, f"{change.old_path}: previous revision " \
                    f"not readable ({failure})", []
            old = readable[0]
            notes.append(f"compared with {readable[1].short}, the last readable revision")
        self._pairs.setdefault(commit, []).append(
            (old, new, change.path if new is not None else change.old_path))
        kind, stats, words = self._pair_change(old, new,
                                               renamed=bool(change.path != change.old_path))
        return kind, stats, "; ".join(notes) or None, words

    def _pair_change(self, old: BlobRef | None, new: BlobRef | None, *, renamed: bool
                     ) -> tuple[EntryKind, ChangeStats, list[str]]:
        if old is None or new is None:
            ref = new or old
            assert ref is not None
            blocks, words = self.blob_size(ref)
            stats = ChangeStats()
            if new is not None:
                stats.blocks_added, stats.words_added = blocks, words
                return "created", stats, [f"first version ({counted(blocks, 'passage')})"]
            stats.blocks_removed, stats.words_removed = blocks, words
            return "deleted", stats, ["document deleted"]
        key = _pair_key(old, new)
        cached = self.cache.get("pairs", key)
        if cached is None:
            cached = self._compare(old, new, key)
            self.cache.put("pairs", key, cached)
        stats = ChangeStats(**cached["stats"])
        if cached["same"]:
            return ("renamed" if renamed else "formatting"), stats, []
        return "changed", stats, list(cached.get("words", []))

    def _compare(self, old: BlobRef, new: BlobRef, key: str) -> dict[str, Any]:
        pair = (self._assembled(old), self._assembled(new)) if self.keep_diffs else \
            self._pruned(old, new)
        if pair is None or pair[0] is None or pair[1] is None:
            before, after = self._version(old).document, self._version(new).document
        else:
            before, after = pair
        assert before is not None and after is not None
        if same_content(before, after, self._meta_keys):
            return {"same": True, "stats": ChangeStats().to_dict(), "words": []}
        # Only uncached pairs are compared: a cached log never loads the diff stack.
        from jdtool.diff import compare
        from jdtool.diff.wording import changes_in_words

        diff = compare(before, after)
        if self.keep_diffs:
            self._diffs[key] = diff
        stats = ChangeStats()
        stats.add(diff.stats)
        stats.fields_changed = len(diff.meta_changes)
        return {"same": diff.is_empty, "stats": stats.to_dict(),
                "words": changes_in_words(diff)}

    def _pruned(self, old: BlobRef, new: BlobRef) -> tuple[Document, Document] | None:
        """Only the sections that differ, parsed (see ``jdtool.history.pruning``)."""
        before, after = self._split(old), self._split(new)
        old_own = self.versions.front_matter(old.blob, old.path, old.commit)[0]
        new_own = self.versions.front_matter(new.blob, new.path, new.commit)[0]
        if before is None or after is None or old_own is None or new_own is None:
            return None
        return pruned_pair(before, after, (old_own, new_own), new.path, self._sections)

    def _revised(self, state: dict[str, BlobRef]) -> str | None:
        values = [revised for ref in state.values()
                  if (revised := self.blob_facts(ref)["revised"]) is not None]
        return max(values) if values else None


_AHEAD_FROM = 200
"""Fewer pairs to compare than this are compared in this process: forking costs about as
much as comparing this many pairs in half the time saves."""
_AHEAD: list[tuple[RevisionLog, list[tuple[BlobRef, BlobRef, str]]]] = []
"""The log whose pairs are being compared ahead: the forked process finds it here."""


def _work_out_part(start: int, end: int) -> dict[str, dict[str, Any]]:
    """In the forked process: ``_work_out`` for ``pairs[start:end]``, and what it found."""
    log, pairs = _AHEAD[-1]
    log.cache.take_added()  # what the parent had put before the fork, it has
    log._work_out(pairs[start:end])
    return log.cache.take_added()


def _cores() -> int:
    """The cores this process may run on (``os.cpu_count`` counts the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        os.cpu_count() or 1


def _pair_key(old: BlobRef, new: BlobRef) -> str:
    """A pair of blobs as the cache knows it (a file's name decides how it is read)."""
    return _pair_text(old.blob, new.blob, old.path, new.path)


def _pair_text(old: str, new: str, old_path: str, new_path: str) -> str:
    return f"{old}:{new}:{file_name(old_path)}:{file_name(new_path)}"


def _blob_key(blob: str, path: str) -> str:
    """A blob as the cache knows it, with the name of the file it was read as."""
    return f"{blob}:{file_name(path)}"


def file_name(path: str) -> str:
    """The last part of a git path (``Path(path).name`` costs too much 2,000 times over)."""
    return path.rpartition("/")[2]


def _revision_kind(kinds: list[EntryKind]) -> EntryKind:
    for kind in ("unreadable", "changed", "created", "deleted"):
        if kind in kinds:
            return kind  # type: ignore[return-value]
    return "renamed" if "renamed" in kinds else "formatting"


def build_log(path: Path, *, use_cache: bool = True) -> tuple[GitRepository, list[LogEntry]]:
    """The log of the document or pack at ``path``; raises ``JdtoolError`` on bad input."""
    repository = GitRepository.find(path)
    history = repository.history(path)
    cache = HistoryCache(cache_folder(repository.common_dir) if use_cache else None)
    return repository, RevisionLog(repository, history, cache=cache).entries()


def log_entries(path: Path, *, use_cache: bool = True) -> list[LogEntry]:
    """The log of ``path``, as ``build_log`` makes it; when HEAD has not moved since the last
    ``log`` of the same path, read whole from the cache."""
    state = head_state(path) if use_cache else None
    if state is None:
        return build_log(path, use_cache=use_cache)[1]
    key = "\0".join((engine_fingerprint(), state.head, state.relative, str(state.shallow),
                     str(path.is_dir())))
    folder = cache_folder(state.common_dir)
    stored = stored_log(folder, state.relative, key)
    if stored is not None:
        try:
            return [_entry_from_cache(data) for data in stored]
        except (KeyError, TypeError, ValueError):
            pass  # written by something else: make it again
    entries = build_log(path)[1]
    store_log(folder, state.relative, key, [_entry_to_cache(entry) for entry in entries])
    return entries


def _entry_to_cache(entry: LogEntry) -> dict[str, Any]:
    revision = entry.revision
    return {"commit": revision.commit, "parents": list(revision.parents),
            "author": revision.author, "email": revision.email,
            "date": revision.date.isoformat(), "subject": revision.subject,
            "changes": [list(astuple(change)) for change in revision.changes],
            "boundary": revision.boundary, "kind": entry.kind, "paths": entry.paths,
            "revised": entry.revised,
            "stats": entry.stats.to_dict() if entry.stats is not None else None,
            "notes": entry.notes, "words": entry.words}


def _entry_from_cache(data: dict[str, Any]) -> LogEntry:
    revision = Revision(data["commit"], tuple(data["parents"]), data["author"], data["email"],
                        dt.datetime.fromisoformat(data["date"]), data["subject"],
                        tuple(FileChange(*change) for change in data["changes"]),
                        bool(data["boundary"]))
    stats = ChangeStats(**data["stats"]) if data["stats"] is not None else None
    return LogEntry(revision, data["kind"], list(data["paths"]), data["revised"], stats,
                    list(data["notes"]), list(data["words"]))
