"""``--changed-since REV``: the lines of each document in blocks changed since a revision.

The old text comes from git (GitPython) and the comparison from the structural diff engine
(``jdtool.diff.compare``), so a reflowed or moved paragraph counts only if its words changed
or it moved, not because its line numbers did.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jdtool.core.documents import parse_document
from jdtool.core.model import Document
from jdtool.core.problems import JdtoolError
from jdtool.diff import compare

_CHANGED = {"added", "reworded", "moved"}


def changed_lines(documents: Iterable[Document], revision: str) -> dict[Path, set[int]]:
    """For each document, the source lines of blocks added, reworded or moved since
    ``revision`` (every line, for a file that did not exist then)."""
    import git  # deferred: only --changed-since needs GitPython


    lines: dict[Path, set[int]] = {}
    repos: dict[str, git.Repo] = {}
    for document in documents:
        try:
            repo = git.Repo(document.path.resolve().parent, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise JdtoolError(f"{document.path}: --changed-since needs the file to be in a "
                              "git repository", exit_code=2) from None
        root = str(repo.working_tree_dir)
        repo = repos.setdefault(root, repo)
        _check_revision(repo, revision)
        relative = document.path.resolve().relative_to(Path(root).resolve()).as_posix()
        try:
            old_text = repo.git.show(f"{revision}:{relative}")
        except git.GitCommandError:
            lines[document.path] = set(range(1, document.source.count("\n") + 2))
            continue
        old = parse_document(old_text + "\n", document.path)
        changed: set[int] = set()
        for change in compare(old, document).changes:
            if change.kind in _CHANGED and change.new is not None:
                changed.update(range(change.new.span.start, change.new.span.end + 1))
        lines[document.path] = changed
    return lines


def _check_revision(repo: object, revision: str) -> None:
    import git

    assert isinstance(repo, git.Repo)
    try:
        repo.commit(revision)
    except (git.BadName, ValueError, git.GitCommandError):
        raise JdtoolError(f"unknown revision '{revision}'", exit_code=2) from None
