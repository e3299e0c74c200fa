"""The git layer: every git process, object read and setting jdtool uses goes through here.

``GitRepository.find`` asks git itself which repository holds a path (one ``rev-parse``, so
git's own rules apply: worktrees, ``safe.directory``, ``GIT_DIR``), then GitPython does the
rest: one ``git log`` lists every revision with the blob of each changed file, and GitPython's
persistent ``git cat-file --batch`` reader (``repo.odb``) fetches trees and blobs, so reading
2,000 revisions costs a handful of processes, never one per commit. Every git failure becomes
a one-line ``JdtoolError`` (exit status 2) naming the file or revision. GitPython is imported
only when a repository is first looked for.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from jdtool.core.files import MAX_BYTES
from jdtool.core.problems import JdtoolError
from jdtool.history.revisions import (
    LOG_FORMAT,
    ChangeIndex,
    History,
    Revision,
    file_history,
    folder_history,
    parse_log,
    parse_record,
)

if TYPE_CHECKING:
    from git import Repo

EXIT_GIT = 2
"""The exit status of every git failure: the command could not look at the history at all."""
_LOG_OPTIONS = ("--raw", "--no-abbrev", "-z", "-M", "-c", "--combined-all-paths",
                "--no-color", f"--format={LOG_FORMAT}")
"""``-M``: renames inside a commit; ``-c``: the files a merge changed against every parent."""


@dataclass(frozen=True, slots=True)
class HeadState:
    """Where a path stands in its repository, from one ``git rev-parse`` and no GitPython:
    what a cached ``log`` is keyed on (commits never change, so the log of a path at a given
    HEAD is always the same)."""

    head: str
    common_dir: Path
    relative: str
    shallow: bool


def head_state(path: Path) -> HeadState | None:
    """HEAD and the repository of ``path``, or None when git cannot say (no repository, no
    commit, git missing): the caller then takes the full road, which explains the failure."""
    start = path if path.is_dir() else path.parent
    if not start.is_dir():
        start = Path.cwd()
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel", "--git-common-dir",
                               "--is-shallow-repository", "--verify", "-q", "HEAD"],
                              cwd=start, capture_output=True, text=True, check=False)
    except OSError:
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) != 4:
        return None
    root = Path(lines[0])
    absolute = path.resolve() if path.exists() else (Path.cwd() / path).resolve()
    try:
        relative = PurePosixPath(absolute.relative_to(root.resolve())).as_posix()
    except ValueError:
        return None
    return HeadState(lines[3], (start / lines[1]).resolve(), relative, lines[2] == "true")


def git_error(message: str, subject: Path | str | None = None) -> JdtoolError:
    """A one-line error naming the file or revision; there is no line to point at."""
    return JdtoolError(f"{subject}: {message}" if subject is not None else message,
                       exit_code=EXIT_GIT)


class GitRepository:
    """A git repository holding documents, opened through GitPython."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or ".").resolve()
        self._blobs: dict[str, bytes] = {}
        self._shallow_commits: set[str] | None = None

    @classmethod
    def find(cls, path: Path) -> GitRepository:
        """The repository holding ``path``; a one-line error if git finds none or refuses it."""
        try:
            import git
        except ImportError:  # GitPython looks for the git program as it is imported
            raise git_error("git is not installed: history needs the git program", path) \
                from None

        start = path if path.is_dir() else path.parent
        if not start.is_dir():
            start = Path.cwd()
        try:
            status, output, stderr = git.Git(str(start)).execute(
                [git.Git.GIT_PYTHON_GIT_EXECUTABLE, "rev-parse", "--show-toplevel"],
                with_extended_output=True, with_exceptions=False)
        except git.GitCommandNotFound:
            raise git_error("git is not installed: history needs the git program",
                            path) from None
        if status != 0:
            raise _repository_error(_first_line(str(stderr)), path)
        try:
            repo = git.Repo(str(output).strip())
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, OSError) as error:
            raise git_error(f"git cannot open this repository ({error})", path) from None
        return cls(repo)

    # -- paths and state -----------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository root, in git's ``/`` form."""
        absolute = path.resolve() if path.exists() else (Path.cwd() / path).resolve()
        try:
            return PurePosixPath(absolute.relative_to(self.root)).as_posix()
        except ValueError:
            raise git_error(f"outside the git repository at {self.root}", path) from None

    @property
    def common_dir(self) -> Path:
        """The ``.git`` folder shared by every worktree of the repository."""
        return Path(self.repo.common_dir)

    def head_commit(self) -> str | None:
        """The commit checked out, or None in a repository with no commits yet.

        GitPython follows the refs itself: no process, and no object read.
        """
        from git.refs.symbolic import SymbolicReference

        try:
            return str(SymbolicReference.dereference_recursive(self.repo, "HEAD"))
        except (ValueError, OSError):
            return None

    @property
    def shallow(self) -> bool:
        return bool(self.shallow_commits())

    def shallow_commits(self) -> set[str]:
        """The oldest commits a shallow clone holds (git's documented ``shallow`` list)."""
        if self._shallow_commits is None:
            listing = self.common_dir / "shallow"
            self._shallow_commits = set(listing.read_text(encoding="ascii").split()) \
                if listing.is_file() else set()
        return self._shallow_commits

    # -- the revision list ---------------------------------------------------------------

    def history(self, path: Path) -> History:
        """Every revision of ``path`` (a file, followed across renames, or a folder).

        The log covers the file's top folder (``posts/``), so a rename between pack folders
        is seen from both sides.
        """
        target = self.relative(path)
        is_folder = path.is_dir()
        if self.head_commit() is None:
            raise git_error("never committed: the repository has no commits yet", path)
        scope = target if is_folder else target.partition("/")[0] if "/" in target else "."
        revisions = self.revisions([scope or "."])
        history = folder_history(target, revisions) if is_folder else \
            file_history(target, revisions)
        if not history.revisions:
            if not path.exists():
                raise git_error("no such file, and git has no history for it either", path)
            raise git_error("never committed: git has no history for it yet "
                            "(commit it first, or compare files with 'jdtool diff OLD NEW')",
                            path)
        history.shallow = self.shallow
        return history

    def histories(self, paths: list[Path], scope: list[Path],
                  revisions: list[Revision] | None = None) -> dict[Path, History]:
        """The history of each of ``paths`` from ONE ``git log`` over the folders in ``scope``
        (or from ``revisions``, that log as a build kept it: ``history.walk``).

        A site build needs the history of every pack; a process per pack costs more than all
        the rest. Packs git knows nothing about are left out.
        """
        if revisions is None:
            revisions = self.revisions(self.specs(scope))
        index = ChangeIndex(revisions)
        found: dict[Path, History] = {}
        for path in paths:
            target = self.relative(path)
            history = folder_history(target, revisions) if path.is_dir() else \
                index.file_history(target)
            if history.revisions:
                history.shallow = self.shallow
                found[path] = history
        return found

    def specs(self, scope: list[Path]) -> list[str]:
        """The ``git log`` path arguments for the folders (or files) in ``scope``."""
        return [self.relative(folder) or "." for folder in scope] or ["."]

    def revisions(self, specs: list[str]) -> list[Revision]:
        """Every commit from HEAD that changed something under ``specs``, newest first.

        Merges are listed with the files that differ from every parent (a resolved conflict
        or both sides' edits combined); a merge that took one side's text adds nothing.
        """
        if self.head_commit() is None:
            raise git_error("the repository has no commits yet", self.root)
        return self.parsed_revisions(self.log_text(specs))

    def log_text(self, specs: list[str], revision_range: str | None = None) -> str:
        """``git log``'s listing (``parsed_revisions`` reads it) of the commits from HEAD, or
        in ``revision_range`` (``OLD..HEAD``), that changed something under ``specs``."""
        return self._run("log", *_LOG_OPTIONS, *filter(None, [revision_range]), "--", *specs)

    def parsed_revisions(self, text: str) -> list[Revision]:
        """The revisions of a ``log_text`` listing that changed something, newest first."""
        revisions = parse_log(text, self.shallow_commits())
        return [revision for revision in revisions if revision.changes]

    @staticmethod
    def log_options() -> tuple[str, ...]:
        """The options every listing is read with: a kept listing is only as good as these."""
        return _LOG_OPTIONS

    def parents_between(self, old: str, new: str) -> list[list[str]] | None:
        """Each commit in ``old..new`` followed by its parents, newest first; None if git
        cannot say (``old`` is no longer in the repository, say)."""
        status, output, _ = self._execute("rev-list", "--parents", f"{old}..{new}", "--")
        if status != 0:
            return None
        return [line.split() for line in output.splitlines() if line.strip()]

    # -- revisions by name ---------------------------------------------------------------

    def resolve(self, name: str) -> str:
        """The commit a revision name (commit, tag, branch, ``HEAD~N``) stands for."""
        if not name.strip() or name.startswith("-"):
            raise git_error(f"'{name}' is not a revision name; give a commit, tag or branch")
        status, output, stderr = self._execute("rev-parse", "--verify", "--quiet",
                                               "--end-of-options", f"{name}^{{commit}}")
        if status == 0:
            return output.strip()
        if stderr.strip():
            raise _repository_error(_first_line(stderr), self.root)
        hint = (" — this is a shallow clone, so older revisions may be missing "
                "(run 'git fetch --unshallow')") if self.shallow else ""
        raise git_error(f"unknown revision '{name}': not a commit, tag or branch "
                        f"of this repository{hint}")

    def commit_info(self, sha: str) -> Revision:
        """Author, date and subject of one commit (no file changes)."""
        output = self._run("show", "-s", "--no-color", f"--format={LOG_FORMAT}", sha)
        return parse_record(output.lstrip("\x1e"), self.shallow_commits())

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """Whether ``ancestor`` is ``descendant`` or one of its ancestors."""
        status, _, stderr = self._execute("merge-base", "--is-ancestor", ancestor, descendant)
        if status > 1:
            raise _repository_error(_first_line(stderr), self.root)
        return status == 0

    def blob_at(self, commit: str, path: str) -> str | None:
        """The blob sha of ``path`` in ``commit``'s tree, or None if it is not there."""
        import git

        try:
            item = self.repo.commit(commit).tree / path
        except KeyError:
            return None
        except (ValueError, OSError, git.GitError) as error:
            raise git_error(f"cannot read the tree of {commit[:7]} from git ({error})",
                            path) from None
        return str(item.hexsha) if item.type == "blob" else None

    # -- contents ------------------------------------------------------------------------

    def read_blob(self, sha: str) -> bytes:
        """The bytes of a blob, through the persistent ``cat-file --batch`` process.

        Errors say what is wrong with the text, not where it is: callers name the file and
        the revision.
        """
        import git

        cached = self._blobs.get(sha)
        if cached is not None:
            return cached
        try:
            # One request: the stream's header gives the size before any data is read.
            stream = self.repo.odb.stream(bytes.fromhex(sha))
            if stream.size > MAX_BYTES:  # the limit of files on disk: checked before keeping
                while stream.read(1 << 20):
                    pass  # drained, not kept: the next read shares the batch process
                raise git_error(f"too large at this revision ({stream.size / 1_048_576:.1f} MB)")
            data: bytes = stream.read()
        except (ValueError, OSError, git.GitError):
            raise git_error(f"git does not have this revision's text (object {sha[:7]}); it "
                            "may be missing from a partial or shallow clone") from None
        self._blobs[sha] = data
        return data

    def prefetch_blobs(self, shas: Iterable[str]) -> None:
        """Read many blobs with ONE ``git cat-file --batch`` process, kept for ``read_blob``.

        GitPython's reader asks for one object at a time and waits for each answer; a history
        of 2,000 revisions then spends most of its git time on round trips. Blobs larger than
        the file limit are drained, not kept, and those git lacks are skipped: ``read_blob``
        then reports either as it always has.
        """
        wanted = [sha for sha in dict.fromkeys(shas) if sha not in self._blobs]
        if len(wanted) < 2:
            return  # nothing gained over the persistent reader
        try:
            process = subprocess.Popen(
                [self.repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch"],
                cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL)
        except OSError:
            return  # the one-at-a-time reader explains what is wrong
        assert process.stdin is not None and process.stdout is not None
        # Written from a thread: git answers while it reads, and would block on a full pipe.
        writer = threading.Thread(target=_write_requests, args=(process.stdin, wanted),
                                  daemon=True)
        writer.start()
        try:
            self._read_batch(process.stdout, len(wanted))
        finally:
            process.stdout.close()
            writer.join()
            process.wait()

    def _read_batch(self, stream: IO[bytes], count: int) -> None:
        for _ in range(count):
            header = stream.readline().split()
            if len(header) != 3:  # "<sha> missing", or git stopped
                if not header:
                    return
                continue
            sha, kind, size = header[0].decode(), header[1], int(header[2])
            if kind != b"blob" or size > MAX_BYTES:
                _drain(stream, size + 1)
                continue
            data = stream.read(size)
            stream.read(1)  # the newline after each object
            if len(data) != size:
                return
            self._blobs[sha] = data

    # -- settings ------------------------------------------------------------------------

    def set_config(self, section: str, values: dict[str, str]) -> None:
        """Write ``values`` into ``section`` of the repository's own configuration."""
        with self.repo.config_writer("repository") as config:
            for option, value in values.items():
                config.set_value(section, option, value)

    # -- processes -----------------------------------------------------------------------

    def _execute(self, *arguments: str) -> tuple[int, str, str]:
        """Run ``git ARGUMENTS`` in the repository: status, standard output, standard error."""
        status, output, stderr = self.repo.git.execute(
            [self.repo.git.GIT_PYTHON_GIT_EXECUTABLE, *arguments], with_extended_output=True,
            with_exceptions=False, strip_newline_in_stdout=False)
        return int(status or 0), str(output), str(stderr)

    def _run(self, *arguments: str) -> str:
        """Standard output of ``git ARGUMENTS``; a one-line error if git fails."""
        status, output, stderr = self._execute(*arguments)
        if status != 0:
            raise _repository_error(_first_line(stderr), self.root)
        return output


def _write_requests(stdin: IO[bytes], shas: list[str]) -> None:
    # git gone: the reader sees the end of its output
    with contextlib.suppress(OSError), stdin:
        stdin.write("".join(f"{sha}\n" for sha in shas).encode("ascii"))


def _drain(stream: IO[bytes], size: int) -> None:
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


def _first_line(stderr: str) -> str:
    """git's own message, without its ``fatal:`` prefix and the advice lines after it."""
    for line in stderr.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "git failed without saying why"


def _repository_error(message: str, path: Path | str) -> JdtoolError:
    """git's refusal as one line that says what to do."""
    if message.startswith("not a git repository (or any"):
        return git_error("not in a git repository, so it has no history", path)
    if "dubious ownership" in message:
        folder = message.partition(" at ")[2].strip("'") or str(path)
        return git_error("git refuses to read this repository: it belongs to another user "
                         f"(if you trust it, run 'git config --global --add safe.directory "
                         f"{folder}')", folder)
    if "must be run in a work tree" in message:
        return git_error("the repository is bare: history needs a working tree", path)
    return git_error(f"git cannot read this repository: {message}", path)
