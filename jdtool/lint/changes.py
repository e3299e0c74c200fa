"""``--changed-since REV``: the lines of each document in blocks changed since a revision.

The old text comes from the git layer (``jdtool.history.repository``) and the comparison from
the structural diff engine (``jdtool.diff.compare``), so a reflowed or moved paragraph counts
only if its words changed or it moved, not because its line numbers did.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jdtool.core.documents import parse_document
from jdtool.core.files import decode_source
from jdtool.core.model import Document
from jdtool.core.problems import JdtoolError
from jdtool.diff import compare
from jdtool.history.repository import GitRepository

_CHANGED = {"added", "reworded", "moved"}


def changed_lines(documents: Iterable[Document], revision: str) -> dict[Path, set[int]]:
    """For each document, the source lines of blocks added, reworded or moved since
    ``revision`` (every line, for a file that did not exist then)."""
    lines: dict[Path, set[int]] = {}
    commits: list[tuple[GitRepository, str]] = []
    for document in documents:
        repository, commit = _revision_for(document.path, revision, commits)
        old_text = _text_at(repository, commit, document.path)
        if old_text is None:
            lines[document.path] = set(range(1, document.source.count("\n") + 2))
            continue
        old = parse_document(old_text, document.path)
        changed: set[int] = set()
        for change in compare(old, document).changes:
            if change.kind in _CHANGED and change.new is not None:
                changed.update(range(change.new.span.start, change.new.span.end + 1))
        lines[document.path] = changed
    return lines


def _revision_for(path: Path, revision: str, known: list[tuple[GitRepository, str]]
                  ) -> tuple[GitRepository, str]:
    """The repository holding ``path`` and the commit ``revision`` names in it, each looked
    up once: every document of a project shares both."""
    folder = path.resolve().parent
    for repository, commit in known:
        if folder.is_relative_to(repository.root):
            return repository, commit
    repository = GitRepository.find(path)
    known.append((repository, repository.resolve(revision)))
    return known[-1]


def _text_at(repository: GitRepository, commit: str, path: Path) -> str | None:
    """The file's text at ``commit``; None if it was not there, or was no text then."""
    relative = repository.relative(path)
    blob = repository.blob_at(commit, relative)
    if blob is None:
        return None
    label = f"{commit[:7]}:{relative}"
    try:
        return decode_source(repository.read_blob(blob), Path(label))
    except JdtoolError:
        return None
