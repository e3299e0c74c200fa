"""``jdtool log``: every revision of a document or pack with what changed in it, newest first.

Each revision is compared with the one before it through the structural diff engine, so the
statistics count blocks and words, not lines; a revision that changed only the layout is
marked ``formatting only``. Revisions that cannot be read (binary, broken front matter, the
edge of a shallow clone) are kept in the list with a note saying why they have no figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jdtool.history.revisions import FileChange, GitRepository, History, Revision
from jdtool.history.versions import Version, VersionCache, content_key
from jdtool.model import Document

DocumentPair = tuple[Document | None, Document | None, str]
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
        return (f"blocks {' '.join(blocks)}  words +{self.words_added} "
                f"-{self.words_removed}{fields}")


@dataclass(slots=True)
class LogEntry:
    """One revision as ``jdtool log`` reports it."""

    revision: Revision
    kind: EntryKind
    paths: list[str]
    revised: str | None = None
    stats: ChangeStats | None = None
    notes: list[str] = field(default_factory=list)

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
            "notes": self.notes,
        }


def whole_document_stats(version: Version, *, added: bool) -> ChangeStats:
    """A created (or deleted) document: every block and word added (or removed)."""
    stats = ChangeStats()
    assert version.document is not None
    blocks = [block for _, block in version.document.blocks()]
    words = sum(len(block.text.split()) for block in blocks)
    if added:
        stats.blocks_added, stats.words_added = len(blocks), words
    else:
        stats.blocks_removed, stats.words_removed = len(blocks), words
    return stats


class RevisionLog:
    """Builds the log of one document or pack from its history."""

    def __init__(self, repository: GitRepository, history: History,
                 versions: VersionCache | None = None) -> None:
        self.repository = repository
        self.history = history
        self.versions = versions or VersionCache(repository)
        self._readable: dict[str, tuple[Version, Revision]] = {}
        """The last readable version of each file, to step over unreadable revisions."""
        self._pairs: dict[str, list[DocumentPair]] = {}

    def document_pairs(self, revision: Revision) -> list[DocumentPair]:
        """The documents each file of ``revision`` was compared as (after ``entries()``)."""
        return self._pairs.get(revision.commit, [])

    def entries(self) -> list[LogEntry]:
        """Newest first, like ``git log``."""
        entries: list[LogEntry] = []
        state: dict[str, str] = {}
        for revision in reversed(self.history.revisions):
            for change in revision.changes:
                state.pop(change.old_path, None)
                if change.blob is not None:
                    state[change.path] = change.blob
            entry = self.entry(revision)
            self._remember_readable(revision)
            entry.revised = self._revised(state, revision.commit)
            entries.append(entry)
        entries.reverse()
        return entries

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
        for change in revision.changes:
            kind, file_stats, note = self._file_change(change, revision.commit)
            kinds.append(kind)
            per_file.append(file_stats)
            if note:
                entry.notes.append(note)
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
            version = self.versions.version(change.blob, change.path, revision.commit)
            if version.usable:
                self._readable[change.path] = (version, revision)
            elif previous is not None:
                self._readable[change.path] = previous

    def _file_change(self, change: FileChange, commit: str
                     ) -> tuple[EntryKind, ChangeStats | None, str | None]:
        new = self.versions.version(change.blob, change.path, commit) if change.blob else None
        old = (self.versions.version(change.old_blob, change.old_path, f"{commit}^")
               if change.old_blob else None)
        if new is not None and not new.usable:
            return "unreadable", None, f"{change.path}: {new.failure}"
        stepped_over = None
        if old is not None and not old.usable:
            readable = self._readable.get(change.old_path)
            if readable is None:
                return "unreadable", None, f"{change.old_path}: previous revision " \
                    f"not readable ({old.failure})"
            old = readable[0]
            stepped_over = f"compared with {readable[1].short}, the last readable revision"
        self._pairs.setdefault(commit, []).append((
            old.document if old is not None else None,
            new.document if new is not None else None,
            change.path if new is not None else change.old_path))
        renamed = change.path != change.old_path
        notes = [f"{change.old_path} renamed to {change.path}"] if renamed else []
        if stepped_over:
            notes.append(stepped_over)
        note = "; ".join(notes) or None
        if old is None and new is not None:
            return "created", whole_document_stats(new, added=True), note
        if new is None and old is not None:
            return "deleted", whole_document_stats(old, added=False), note
        assert old is not None and new is not None
        assert old.document is not None and new.document is not None
        unchanged: EntryKind = "renamed" if renamed else "formatting"
        if content_key(old.document) == content_key(new.document):
            return unchanged, ChangeStats(), note
        from jdtool.diff import compare

        diff = compare(old.document, new.document)
        stats = ChangeStats()
        stats.add(diff.stats)
        stats.fields_changed = len(diff.meta_changes)
        return (unchanged if diff.is_empty else "changed"), stats, note

    def _revised(self, state: dict[str, str], commit: str) -> str | None:
        values: list[str] = []
        for path, blob in state.items():
            version = self.versions.version(blob, path, commit)
            document = version.document
            if document is not None and document.own is not None and document.own.revised:
                values.append(str(document.own.revised))
        return max(values) if values else None


def _revision_kind(kinds: list[EntryKind]) -> EntryKind:
    for kind in ("unreadable", "changed", "created", "deleted"):
        if kind in kinds:
            return kind  # type: ignore[return-value]
    return "renamed" if "renamed" in kinds else "formatting"


def build_log(path: Path) -> tuple[GitRepository, list[LogEntry]]:
    """The log of the document or pack at ``path``; raises ``JdtoolError`` on bad input."""
    repository = GitRepository.find(path)
    history = repository.history(path)
    return repository, RevisionLog(repository, history).entries()
