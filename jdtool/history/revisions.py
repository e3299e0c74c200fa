"""The git layer: the revisions of a document or pack, and the text of a file at any revision.

One ``git log --follow --raw`` lists every revision with the blob of each changed file, and
GitPython's persistent ``cat-file --batch`` reader (``repo.odb``) fetches the blobs, so reading
2,000 revisions costs two processes, never one per commit. Every git failure becomes a
``JdtoolError`` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jdtool.core.problems import JdtoolError

if TYPE_CHECKING:
    from git import Repo

NULL_SHA = "0" * 40
_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"
MAX_BLOB_BYTES = 5 * 1024 * 1024
"""The same limit as files on disk (``jdtool.reader``): a larger blob is not a job description."""


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of the document or pack changed by one commit (from ``git log --raw``)."""

    status: str
    """``A`` added, ``M`` modified, ``D`` deleted, ``R`` renamed, ``C`` copied, ``T`` type."""
    path: str
    """Repository-relative path after the commit (before it, for a deletion)."""
    old_path: str
    old_blob: str | None
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
class RevisionText:
    """A file's content at a revision (or in the working tree, when ``revision`` is None)."""

    path: str
    text: str
    blob: str | None
    revision: Revision | None
    label: str


@dataclass
class History:
    """The revisions of one document or pack folder, newest first."""

    target: str
    """Repository-relative path of the document or folder, as it is now."""
    is_folder: bool
    revisions: list[Revision] = field(default_factory=list)
    shallow: bool = False

    def paths(self) -> list[str]:
        """Every path the target's files have had, newest first."""
        seen: dict[str, None] = {self.target: None} if not self.is_folder else {}
        for revision in self.revisions:
            for change in revision.changes:
                seen.setdefault(change.path)
                seen.setdefault(change.old_path)
        return list(seen)


def _error(message: str, path: Path | str | None = None) -> JdtoolError:
    """A one-line error naming the file; there is no line to point at in a git failure."""
    return JdtoolError(f"{path}: {message}" if path is not None else message)


class GitRepository:
    """A git repository holding documents, opened through GitPython."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or ".").resolve()
        self._blobs: dict[str, bytes] = {}

    @classmethod
    def find(cls, path: Path) -> GitRepository:
        """The repository holding ``path``; raise a one-line error if there is none."""
        import git

        start = path if path.is_dir() else path.parent
        if not start.exists():
            start = Path.cwd()
        try:
            repo = git.Repo(start, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise _error("not in a git repository, so it has no history", path) from None
        except git.GitCommandNotFound:
            raise _error("git is not installed: history needs the git program", path) from None
        if repo.bare:
            raise _error("the repository is bare: history needs a working tree", path)
        return cls(repo)

    # -- paths ---------------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository root, in git's ``/`` form."""
        absolute = path.resolve() if path.exists() else (Path.cwd() / path).resolve()
        try:
            return PurePosixPath(absolute.relative_to(self.root)).as_posix()
        except ValueError:
            raise _error(f"outside the git repository at {self.root}", path) from None

    @property
    def common_dir(self) -> Path:
        """The ``.git`` folder shared by every worktree of the repository."""
        return Path(self.repo.common_dir)

    @property
    def shallow(self) -> bool:
        return Path(self.repo.git_dir, "shallow").is_file()

    def _shallow_commits(self) -> set[str]:
        shallow = Path(self.repo.git_dir, "shallow")
        if not shallow.is_file():
            return set()
        return set(shallow.read_text(encoding="ascii").split())

    # -- the revision list ---------------------------------------------------------------

    def history(self, path: Path) -> History:
        """Every revision of ``path`` (a file, followed across renames, or a folder)."""
        target = self.relative(path)
        is_folder = path.is_dir()
        arguments = ["--raw", "--no-abbrev", "-z", "-M", f"--format={_FORMAT}"]
        if not is_folder:
            arguments.insert(0, "--follow")
        output = self._git_log(*arguments, "--", target or ".")
        shallow_commits = self._shallow_commits()
        revisions = [_parse_record(record, shallow_commits)
                     for record in output.split("\x1e") if record.strip("\n\x00")]
        # Merges and commits that only touched other files of a rename carry no change of ours.
        revisions = [revision for revision in revisions if revision.changes]
        if not revisions:
            if not path.exists():
                raise _error("no such file, and git has no history for it either", path)
            raise _error("never committed: git has no history for it yet "
                         "(commit it first, or compare files with 'jdtool diff OLD NEW')", path)
        return History(target, is_folder, revisions, shallow=bool(shallow_commits))

    def histories(self, paths: list[Path], scope: list[Path]) -> dict[Path, History]:
        """The history of each of ``paths`` from ONE ``git log`` over the folders in ``scope``.

        A site build needs the history of every pack; a process per pack costs more than all
        the rest. Renames are followed as ``--follow`` does, by walking back from each file's
        present name; packs git knows nothing about are left out.
        """
        arguments = ["--raw", "--no-abbrev", "-z", "-M", f"--format={_FORMAT}"]
        specs = [self.relative(folder) or "." for folder in scope] or ["."]
        output = self._git_log(*arguments, "--", *specs)
        shallow_commits = self._shallow_commits()
        revisions = [_parse_record(record, shallow_commits)
                     for record in output.split("\x1e") if record.strip("\n\x00")]
        found: dict[Path, History] = {}
        for path in paths:
            history = _history_within(self.relative(path), path.is_dir(), revisions)
            if history.revisions:
                history.shallow = bool(shallow_commits)
                found[path] = history
        return found

    def _git_log(self, *arguments: str) -> str:
        import git

        try:
            output: str = self.repo.git.log(*arguments)
        except git.GitCommandError as error:
            message = _stderr_line(error)
            if "does not have any commits" in message:
                raise _error("the repository has no commits yet", None) from None
            raise _error(f"git log failed: {message}", None) from None
        return output

    # -- revisions by name ---------------------------------------------------------------

    def resolve(self, name: str) -> str:
        """The commit a revision name (commit, tag, branch, ``HEAD~N``) stands for."""
        import git

        if not name or name.startswith("-"):
            raise _error(f"'{name}' is not a revision name")
        try:
            sha: str = self.repo.git.rev_parse("--verify", "--quiet", "--end-of-options",
                                               f"{name}^{{commit}}")
        except git.GitCommandError:
            hint = (" — this is a shallow clone, so older revisions may be missing "
                    "(run 'git fetch --unshallow')") if self.shallow else ""
            raise _error(f"unknown revision '{name}': not a commit, tag or branch "
                         f"of this repository{hint}") from None
        return sha.strip()

    def commit_info(self, sha: str) -> Revision:
        """Author, date and subject of one commit (no file changes)."""
        output = self.repo.git.show("-s", f"--format={_FORMAT}", sha)
        return _parse_record(output.lstrip("\x1e"), self._shallow_commits())

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        import git

        try:
            self.repo.git.merge_base("--is-ancestor", ancestor, descendant)
        except git.GitCommandError:
            return False
        return True

    def blob_at(self, commit: str, path: str) -> str | None:
        """The blob sha of ``path`` in ``commit``'s tree, or None if it is not there."""
        try:
            tree = self.repo.commit(commit).tree
            item = tree / path
        except (KeyError, ValueError):
            return None
        return str(item.hexsha) if item.type == "blob" else None

    # -- contents ------------------------------------------------------------------------

    def read_blob(self, sha: str, label: str) -> bytes:
        """The bytes of a blob, through the persistent ``cat-file --batch`` process."""
        cached = self._blobs.get(sha)
        if cached is not None:
            return cached
        try:
            info = self.repo.odb.info(bytes.fromhex(sha))
            if info.size > MAX_BLOB_BYTES:
                raise _error(f"too large at this revision ({info.size / 1_048_576:.1f} MB)",
                             label)
            data: bytes = self.repo.odb.stream(bytes.fromhex(sha)).read()
        except (ValueError, OSError) as error:
            raise _error(f"cannot read this revision from git ({error}); the object "
                         "may be missing from a partial or shallow clone", label) from None
        self._blobs[sha] = data
        return data


def _history_within(target: str, is_folder: bool, revisions: list[Revision]) -> History:
    """The revisions (newest first) that changed ``target``, following a file's renames."""
    import dataclasses

    names = {target}
    prefix = f"{target}/"
    kept: list[Revision] = []
    for revision in revisions:
        if is_folder:
            changes = [c for c in revision.changes
                       if c.path.startswith(prefix) or c.old_path.startswith(prefix)]
        else:
            changes = [c for c in revision.changes if c.path in names][:1]
            for change in changes:
                names.add(change.old_path)
        if changes:
            kept.append(dataclasses.replace(revision, changes=tuple(changes)))
    return History(target, is_folder, kept)


def _stderr_line(error: Exception) -> str:
    stderr = str(getattr(error, "stderr", "") or error).strip()
    for line in stderr.splitlines():
        line = line.strip().removeprefix("stderr:").strip().strip("'").strip()
        if line:
            return line.removeprefix("fatal: ")
    return "unknown error"


def _parse_record(record: str, shallow_commits: set[str]) -> Revision:
    head, _, raw = record.partition("\x00")
    commit, parents, author, email, date, subject = head.strip("\n").split("\x1f", 5)
    tokens = raw.lstrip("\n").split("\x00")
    changes: list[FileChange] = []
    index = 0
    while index < len(tokens):
        meta = tokens[index].strip("\n")
        index += 1
        if not meta.startswith(":"):
            continue
        _, _, old_blob, new_blob, status = meta[1:].split(" ", 4)
        old_path = new_path = tokens[index]
        index += 1
        if status[0] in "RC":
            new_path = tokens[index]
            index += 1
        changes.append(FileChange(
            status[0], new_path, old_path,
            None if old_blob == NULL_SHA else old_blob,
            None if new_blob == NULL_SHA else new_blob))
    return Revision(commit, tuple(parents.split()), author, email,
                    dt.datetime.fromisoformat(date), subject, tuple(changes),
                    boundary=commit in shallow_commits)
