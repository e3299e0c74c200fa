"""Revisions as data: what ``git log --raw`` says about a document or pack, and its names.

``parse_log`` turns one ``git log -M -c --raw -z`` listing into ``Revision`` records (merge
commits included, compared with their first parent); ``file_history`` and ``folder_history``
pick out the revisions of one file or folder. A file is followed back through the renames git
found inside a commit (an old name deleted, a new one added), never through git's
``--follow``, which also takes a copy of another document for the file's past: a file deleted
and later added again under its name keeps its own early history. Nothing here runs git; the
process side is ``jdtool.history.repository``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass, field

NULL_SHA = "0" * 40
LOG_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"
"""One record per commit: a record separator, then fields split by unit separators."""


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of the document or pack changed by one commit (from ``git log --raw``)."""

    status: str
    """``A`` added, ``M`` modified, ``D`` deleted, ``R`` renamed, ``T`` type changed."""
    path: str
    """Repository-relative path after the commit (before it, for a deletion)."""
    old_path: str
    old_blob: str | None
    """The blob before the commit; for a merge, in its first parent."""
    blob: str | None


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit that changed the document or pack."""

    commit: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    subject: str
    changes: tuple[FileChange, ...] = ()
    boundary: bool = False
    """The oldest commit a shallow clone holds: what came before it is missing."""

    @property
    def short(self) -> str:
        return self.commit[:7]

    def label(self) -> str:
        return f"{self.short}, {self.date.date().isoformat()}"


@dataclass(frozen=True, slots=True)
class Name:
    """One name a file has had, and the revisions that gave and took it away."""

    path: str
    since: str
    """The commit that created the file or renamed it to ``path``."""
    until: str | None
    """The commit that renamed it away from ``path``; None for its present name."""


@dataclass
class History:
    """The revisions of one document or pack folder, newest first."""

    target: str
    """Repository-relative path of the document or folder, as it is now."""
    is_folder: bool
    revisions: list[Revision] = field(default_factory=list)
    shallow: bool = False

    def names(self) -> list[Name]:
        """Every name of a file's history, newest first (empty for a folder)."""
        if self.is_folder or not self.revisions:
            return []
        names: list[Name] = []
        path, until = self.target, None
        for revision in self.revisions:
            change = revision.changes[0]
            if change.status == "R" and change.old_path != path:
                names.append(Name(path, revision.commit, until))
                path, until = change.old_path, revision.commit
        names.append(Name(path, self.revisions[-1].commit, until))
        return names

    def blobs(self) -> set[str]:
        """Every blob the target's files have had in this history."""
        return {blob for revision in self.revisions for change in revision.changes
                for blob in (change.blob, change.old_blob) if blob is not None}


def parse_log(output: str, shallow_commits: set[str]) -> list[Revision]:
    """The records of a ``git log --format=LOG_FORMAT --raw -z`` listing, newest first."""
    return [parse_record(record, shallow_commits)
            for record in output.split("\x1e") if record.strip("\n\x00")]


def parse_record(record: str, shallow_commits: set[str]) -> Revision:
    head, _, raw = record.partition("\x00")
    commit, parents, author, email, date, subject = head.strip("\n").split("\x1f", 5)
    tokens = raw.lstrip("\n").split("\x00")
    changes: list[FileChange] = []
    index = 0
    while index < len(tokens):
        meta = tokens[index].strip("\n")
        index += 1
        if meta.startswith("::"):
            change, index = _combined_change(meta, tokens, index)
            changes.append(change)
        elif meta.startswith(":"):
            change, index = _plain_change(meta, tokens, index)
            changes.append(change)
    return Revision(commit, tuple(parents.split()), author, email,
                    dt.datetime.fromisoformat(date), subject, tuple(changes),
                    boundary=commit in shallow_commits)


def _plain_change(meta: str, tokens: list[str], index: int) -> tuple[FileChange, int]:
    """``:old_mode new_mode old_blob new_blob status`` then one path, or two for R and C."""
    _, _, old_blob, new_blob, status = meta[1:].split(" ", 4)
    old_path = new_path = tokens[index]
    index += 1
    if status[0] in "RC":
        new_path = tokens[index]
        index += 1
    if status[0] == "C":
        # A copy leaves its source in place: the new file starts a history of its own.
        return FileChange("A", new_path, new_path, None, _blob(new_blob)), index
    return FileChange(status[0], new_path, old_path, _blob(old_blob), _blob(new_blob)), index


def _combined_change(meta: str, tokens: list[str], index: int) -> tuple[FileChange, int]:
    """A merge's file (``-c --combined-all-paths``), as changed against its first parent.

    ``::`` has one colon per parent; then a mode per parent and the result's, a blob per
    parent and the result's, a status letter per parent, a path per parent and the result's.
    """
    parents = len(meta) - len(meta.lstrip(":"))
    fields = meta[parents:].split(" ")
    blobs = fields[parents + 1:2 * parents + 2]
    status = fields[2 * parents + 2][0]
    paths = tokens[index:index + parents + 1]
    old_blob, new_blob = _blob(blobs[0]), _blob(blobs[-1])
    if status == "C":
        status, paths[0], old_blob = "A", paths[-1], None
    return FileChange(status, paths[-1], paths[0], old_blob, new_blob), index + parents + 1


def _blob(sha: str) -> str | None:
    return None if sha == NULL_SHA else sha


def file_history(target: str, revisions: list[Revision]) -> History:
    """The revisions (newest first) that changed the file now at ``target``.

    Walking back from the newest, the file is known by one name at a time: a rename switches
    to the old name; a deletion or a creation keeps it, so a file deleted and added again is
    one history, and a later file that took an old name is not mixed in.
    """
    name = target
    kept: list[Revision] = []
    for revision in revisions:
        if len(revision.changes) == 1:  # most commits: kept as they are, no copy
            change = revision.changes[0]
            if change.path != name:
                continue
            kept.append(revision)
        else:
            found = next((c for c in revision.changes if c.path == name), None)
            if found is None:
                continue
            change = found
            kept.append(dataclasses.replace(revision, changes=(change,)))
        name = change.old_path
    return History(target, False, kept)


class ChangeIndex:
    """Where each path changes in a list of revisions: ``file_history`` for many files at
    once, each walking only its own changes (not every revision once per file)."""

    def __init__(self, revisions: list[Revision]) -> None:
        self.revisions = revisions
        self._at: dict[str, list[int]] = {}
        for position, revision in enumerate(revisions):
            for change in revision.changes:
                positions = self._at.setdefault(change.path, [])
                if not positions or positions[-1] != position:  # the first change wins
                    positions.append(position)

    def file_history(self, target: str) -> History:
        """``file_history(target, revisions)``, the same revisions, found by the index."""
        name, start = target, 0
        kept: list[Revision] = []
        while True:
            positions = self._at.get(name, ())
            at = bisect.bisect_left(positions, start)
            if at == len(positions):
                return History(target, False, kept)
            revision = self.revisions[positions[at]]
            if len(revision.changes) == 1:
                change = revision.changes[0]
                kept.append(revision)
            else:
                change = next(c for c in revision.changes if c.path == name)
                kept.append(dataclasses.replace(revision, changes=(change,)))
            name, start = change.old_path, positions[at] + 1


def folder_history(target: str, revisions: list[Revision]) -> History:
    """The revisions (newest first) that changed any file in the folder ``target``."""
    prefix = f"{target}/" if target else ""
    kept: list[Revision] = []
    for revision in revisions:
        changes = tuple(c for c in revision.changes
                        if c.path.startswith(prefix) or c.old_path.startswith(prefix))
        if len(changes) == len(revision.changes):
            kept.append(revision)
        elif changes:
            kept.append(dataclasses.replace(revision, changes=changes))
    return History(target, True, kept)
