"""A document as it stood at a named revision, on a date, or in the working tree.

``jdtool diff PATH --from REV [--to REV]``, ``REV1..REV2`` and ``--as-of DATE`` all come here.
Names are anything git understands (commits, tags, branches, ``HEAD~N``); the file is found
under whichever name it had at that revision (and only if it was this file, not another one
that had or took the name), and its pack's ``pack.md`` fields are inherited as they stood at
that revision too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jdtool.core.documents import inherit
from jdtool.core.foreign import is_jdtool_text, load_markdown, read_markdown
from jdtool.core.model import Document
from jdtool.core.packs import PACK_FILE
from jdtool.core.problems import JdtoolError
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import History, Revision
from jdtool.history.versions import VersionCache

if TYPE_CHECKING:
    from jdtool.core.schema import Revised
    from jdtool.diff.model import DocumentDiff


@dataclass(frozen=True, slots=True)
class DocumentAt:
    """A document and how to call it in a heading: ``description.md at v2018 (ca55ae1, ...)``."""

    document: Document
    label: str
    revision: Revision | None = None
    """The commit the text is from; its author and date stamp a Word redline's changes."""


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    """What changed in one document between two of its versions, and which two they are."""

    diff: DocumentDiff
    old: DocumentAt
    new: DocumentAt


class NotThere(JdtoolError):
    """The document did not exist at the revision asked for (in a pack, simply absent)."""


class RevisionResolver:
    """Finds one document's text at any revision of its repository."""

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise JdtoolError(f"{path}: is a folder; give a document file")
        self.path = path
        self.repository = GitRepository.find(path)
        self.history: History = self.repository.history(path)
        self.versions = VersionCache(self.repository)

    def at(self, name: str) -> DocumentAt:
        """The document at revision ``name``; a one-line error if it was not there."""
        commit = self.repository.resolve(name)
        revision = self.repository.commit_info(commit)
        found = self._blob_at(commit)
        if found is None:
            raise NotThere(f"{self.path}: did not exist at {name} ({revision.label()})")
        return self._document(*found, revision, f"at {name}")

    def _blob_at(self, commit: str) -> tuple[str, str] | None:
        """The blob and path of this document in ``commit``'s tree, under the name it had.

        A name held by the document is checked against its history: a blob the history
        knows is the document's; any other must come after the commit that gave the
        document that name and not after the one that took it away (another file may
        have had the name before, or taken it since).
        """
        known = self.history.blobs()
        for name in self.history.names():
            blob = self.repository.blob_at(commit, name.path)
            if blob is None:
                continue
            if blob in known or (
                    self.repository.is_ancestor(name.since, commit)
                    and not (name.until and self.repository.is_ancestor(name.until, commit))):
                return blob, name.path
        return None

    def as_of(self, day: dt.date) -> DocumentAt:
        """The version in force at the end of ``day``: the newest revision authored by then.

        When the versions' ``revised`` values disagree with the order they were committed in
        (old versions back-filled into git after newer ones), the version in force is the one
        whose ``revised`` month (or day) is the latest on or before ``day``, and the label
        says it was chosen by its revised date (``jdtool.history.wording``, "Order").
        """
        by_revised = self._in_force_by_revised(day)
        if by_revised is not None:
            revision, revised = by_revised
            change = revision.changes[0]
            assert change.blob is not None
            return self._document(change.blob, change.path, revision,
                                  f"in force on {day.isoformat()} by its revised date "
                                  f"{revised}")
        in_force = next((revision for revision in self.history.revisions
                         if revision.date.date() <= day), None)
        if in_force is None:
            first = self.history.revisions[-1]
            truncated = " in this shallow clone" if first.boundary else ""
            raise NotThere(f"{self.path}: did not exist yet on {day.isoformat()} "
                              f"(its first revision{truncated}: {first.label()})")
        change = in_force.changes[0]
        if change.blob is None:
            raise NotThere(f"{self.path}: had been deleted by {day.isoformat()} "
                              f"(in {in_force.label()})")
        return self._document(change.blob, change.path, in_force,
                              f"in force on {day.isoformat()}")

    def _in_force_by_revised(self, day: dt.date) -> tuple[Revision, str] | None:
        """The revision in force on ``day`` by ``revised``, if the commits (their order or
        their dates) disagree with the ``revised`` values; None when they agree (then
        commit dates decide)."""
        stated: list[tuple[Revision, Revised]] = []
        for revision in self.history.revisions:  # newest first
            change = revision.changes[0] if revision.changes else None
            if change is None or change.blob is None:
                continue
            own = self.versions.front_matter(change.blob, change.path, revision.commit)[0]
            if own is not None and own.revised is not None:
                stated.append((revision, own.revised))
        if not _disagree(stated):
            return None
        candidates = [(revised.as_date(), index) for index, (_, revised) in enumerate(stated)
                      if revised.as_date() <= day]
        if not candidates:
            return None
        # The latest revised date; among equals, the most recently committed (lowest index).
        _, index = max(candidates, key=lambda pair: (pair[0], -pair[1]))
        return stated[index][0], str(stated[index][1])

    def _document(self, blob: str, path: str, revision: Revision, where: str) -> DocumentAt:
        """``where`` says how the revision was asked for: ``at v2018``, ``in force on ...``."""
        version = self.versions.version(blob, path, revision.commit)
        document = version.document
        if document is not None and not version.usable and \
                not is_jdtool_text(document.source, Path(path)):
            # Plain Markdown, or a site generator's front matter: read leniently.
            document = read_markdown(document.source, Path(path)).document
        elif document is None or not version.usable:
            raise JdtoolError(f"{self.path}: {where} ({revision.label()}): {version.failure}")
        else:
            inherit(document, self._pack_at(revision.commit, path))
        name = PurePosixPath(path).name
        if where.startswith("at ") and revision.commit.startswith(where[3:].lower()):
            return DocumentAt(document, f"{name} at {revision.label()}", revision)
        return DocumentAt(document, f"{name} {where} ({revision.label()})", revision)

    def _pack_at(self, commit: str, path: str) -> Document | None:
        if PurePosixPath(path).name == PACK_FILE:
            return None
        pack_path = str(PurePosixPath(path).parent / PACK_FILE)
        blob = self.repository.blob_at(commit, pack_path)
        if blob is None:
            return None
        version = self.versions.version(blob, pack_path, commit)
        if version.document is not None and version.usable:
            inherit(version.document, None)
            return version.document
        return None


def _disagree(stated: list[tuple[Revision, Revised]]) -> bool:
    """Whether the revisions (newest first) are out of step with their ``revised`` values:
    a later revision states an earlier month, or a later-stated one was committed earlier."""
    revised = [value.as_date() for _, value in stated]
    if any(later < earlier for later, earlier in pairwise(revised)):
        return True
    by_revised = sorted((value, revision.date) for (revision, _), value in
                        zip(stated, revised, strict=True))
    latest: dt.datetime | None = None
    group: dt.date | None = None
    latest_before = None
    for value, date in by_revised:
        if value != group:
            latest_before, group = latest, value
        if latest_before is not None and date < latest_before:
            return True
        latest = date if latest is None or date > latest else latest
    return False


def parse_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` as a date; a one-line error otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise JdtoolError(f"--as-of '{text}' is not a date; use YYYY-MM-DD") from None


def split_range(text: str) -> tuple[str, str] | None:
    """``REV1..REV2`` as its two names, or None if ``text`` is not a range."""
    if ".." not in text or "..." in text:
        return None
    old, _, new = text.partition("..")
    return (old or "HEAD", new or "HEAD")


def revision_sides(path: Path, from_rev: str | None, to_rev: str | None,
                   as_of: dt.date | None) -> tuple[DocumentAt, DocumentAt]:
    """The two versions ``diff PATH --from REV [--to REV]`` / ``--as-of DATE`` compares: the
    old one at ``from_rev`` (default ``HEAD``) or in force on ``as_of``; the new one at
    ``to_rev``, or the working tree so that uncommitted changes show."""

    resolver = RevisionResolver(path)
    if as_of is not None:
        older = resolver.as_of(as_of)
    else:  # only a missing --from means HEAD: --from "" is a revision git will refuse
        older = resolver.at("HEAD" if from_rev is None else from_rev)
    if to_rev is None:
        return older, DocumentAt(load_markdown(path).document, f"{path.name} (working tree)")
    return older, resolver.at(to_rev)


def pack_sides(folder: Path, from_rev: str | None, to_rev: str | None,
               as_of: dt.date | None) -> tuple[list[DocumentAt], list[DocumentAt]]:
    """``revision_sides`` for every document a pack folder holds or held: each side's
    documents, those absent at that revision left out."""
    repository = GitRepository.find(folder)
    prefix = repository.relative(folder)
    names = {PurePosixPath(change.path).name
             for revision in repository.history(folder).revisions
             for change in revision.changes
             if str(PurePosixPath(change.path).parent) == prefix}
    names |= {path.name for path in folder.iterdir() if path.suffix == ".md"}
    olds: list[DocumentAt] = []
    news: list[DocumentAt] = []
    for name in sorted(name for name in names if name.endswith(".md")):
        try:
            older, newer = _present(folder / name, from_rev, to_rev, as_of)
        except NotThere:
            continue
        olds.extend([older] if older else [])
        news.extend([newer] if newer else [])
    if not olds and not news:
        raise JdtoolError(f"{folder}: no documents at these revisions")
    return olds, news


def _present(path: Path, from_rev: str | None, to_rev: str | None,
             as_of: dt.date | None) -> tuple[DocumentAt | None, DocumentAt | None]:
    """One pack file's two versions, ``None`` for a side where it was not there."""
    resolver = RevisionResolver(path)

    def side(get: Callable[[], DocumentAt]) -> DocumentAt | None:
        try:
            return get()
        except NotThere:
            return None

    older = side(lambda: resolver.as_of(as_of) if as_of is not None else
                 resolver.at("HEAD" if from_rev is None else from_rev))
    if to_rev is not None:
        newer = side(lambda: resolver.at(to_rev))
    elif path.is_file():
        newer = DocumentAt(load_markdown(path).document, f"{path.name} (working tree)")
    else:
        newer = None
    return older, newer
