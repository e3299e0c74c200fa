"""Staged folders: the only way jdtool replaces a folder (the site).

``staged_folder`` (and ``staged_site``, which refills the site the last switch replaced
instead of an empty folder) fills a folder beside the output and switches it in with one
atomic step, and only a folder jdtool itself made is ever replaced. Apart from ``files``
because only a build needs it: the hot commands read files and write one, and ``shutil`` and
``tempfile`` (with random, bz2, lzma) would cost their start a few milliseconds.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from jdtool.core.files import path_kind, write_atomically
from jdtool.core.problems import WRITE_ERROR, JdtoolError, Problem

MARKER = ".jdtool-site"
"""Written in every folder ``staged_folder`` makes: only a folder holding it is replaced."""

_MARKER_TEXT = "This folder was made by jdtool; jdtool replaces it on every build.\n"

LEFTOVER_AGE = 3600
"""Where folders cannot be locked (no ``fcntl``): seconds after which an unfinished staging
folder is taken as left by a killed build rather than a running one."""


def output_path(path: Path) -> Path:
    """``path`` made absolute, every link in it resolved: the folder that will be replaced."""
    return Path(os.path.realpath(path))


def staging_prefix(out: Path) -> str:
    """The name every staging folder of ``out`` starts with: hidden, beside ``out`` (the
    same file system, so that the switch is a rename)."""
    return f".{out.name}.staging-"


@contextlib.contextmanager
def staged_folder(out: Path, *, holds: Sequence[Path] = ()) -> Iterator[Path]:
    """Yield an empty folder to fill; when the block ends normally it becomes ``out``.

    The folder is made beside ``out`` and swapped with it in one atomic step
    (``renameat2(RENAME_EXCHANGE)``), so a reader of ``out`` (a web server) always sees one
    whole site, a kill at any moment leaves the old or the new one, and ``out`` stays a plain
    folder that can be copied or uploaded as it is. If the block raises, the staged folder is
    deleted and ``out`` is untouched. Staging folders that killed builds left are deleted
    after a successful switch; those of builds still running are left alone.

    Refuses (``JdtoolError``, exit code 2) to replace anything jdtool did not make, or a
    folder that is, contains or lies inside one of ``holds`` (the sources).
    """
    with _staged(out, holds, recycle=False) as staging:
        yield staging.path


@contextlib.contextmanager
def staged_site(out: Path, *, holds: Sequence[Path] = (), manifest: Path | None = None
                ) -> Iterator[Staging]:
    """``staged_folder`` for a site rebuilt again and again: the folder to fill is the site
    the last switch replaced (kept beside ``out`` as ``recycled_path(out)``) when there is
    one, and every file must be written through ``Staging.write``.

    A file whose bytes are already there is left as it is, and what the build did not write
    is removed before the switch, so a build that changes one page of thousands writes one
    file and deletes none, instead of writing every file and deleting the old site. The
    switch is the same single atomic exchange; the replaced site is kept for the next build.

    With a ``manifest`` file (in the build cache), the digest and status of every file of
    the last two sites are kept there, so that a file known to hold given bytes need not be
    read to be compared (``Staging.write``) or even made (``Staging.keep``).
    """
    with _staged(out, holds, recycle=True, manifest=manifest) as staging:
        yield staging


def recycled_path(out: Path) -> Path:
    """Where the site a build replaced waits to be filled again by the next build (hidden,
    beside ``out``; not a staging folder, so no build clears it as a leftover)."""
    return out.parent / f".{out.name}.recycled"


Known = dict[str, list[Any]]
"""Per site-relative path: ``[digest, size, mtime_ns, inode, ctime_ns]`` of a file of a
staged tree as the build that filled it left it (``Staging.record``)."""


def content_digest(data: bytes) -> str:
    """The digest a staging records of a file's bytes (SHA-256: the fastest here)."""
    return hashlib.sha256(data).hexdigest()


class Staging:
    """A staged site being filled: the files written so far, and the way to write one."""

    def __init__(self, path: Path, recycled: bool, known: Known | None = None, *,
                 digests: bool = False) -> None:
        self.path = path
        self.recycled = recycled
        """Whether ``path`` is an earlier site (its files compared, the unwritten removed)."""
        self.written: set[str] = set()
        self.kept = 0
        """Files a recycled tree already held byte for byte (left untouched)."""
        self.digests: dict[str, str] = {}
        """The digest of every file written (or kept) so far, by path (when asked for: a
        build without a cache has nowhere to keep them)."""
        self._digesting = digests
        self._known = known if recycled and known is not None else {}
        self._prefix = len(str(path)) + 1
        self._pruned = False

    def write(self, path: Path, content: str | bytes) -> None:
        """Write a file of the staged site (folders created), atomically, unless a recycled
        tree holds exactly these bytes there already (a regular file, one link)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        name = str(path)
        self.written.add(name)
        digest = content_digest(data) if self._digesting else ""
        if digest:
            self.digests[name] = digest
        if not self.recycled:
            _write_fresh(path, data)
            return
        held = self._known_file(name, digest) if digest else None
        if held is None:  # not in the manifest, or changed since: compare the bytes
            held = _holds_already(path, data)
        if held:
            self.kept += 1
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            _clear_way(self.path, path.parent)  # an old file where a folder is now
        write_atomically(path, data)

    def holds(self, relative: str, digest: str) -> list[int] | None:
        """``[size, mtime_ns]`` of the file at ``relative`` (a checked site-relative path)
        if the recycled tree holds a file of that digest there, by the manifest, and it is
        unchanged since it was recorded; None otherwise (nothing is read, nothing marked)."""
        entry = self._known.get(relative)
        if entry is None or entry[0] != digest or \
                self._known_file(self._name(relative), digest) is not True:
            return None
        return [int(entry[1]), int(entry[2])]

    def keep(self, relative: str, digest: str) -> None:
        """Take the file at ``relative`` as written with ``digest``: only after ``holds``
        said the tree holds it."""
        self.adopt(relative, digest)
        self.kept += 1

    def adopt(self, relative: str, digest: str) -> None:
        """Count a file another process wrote into this staging (with ``write``) as written,
        so that ``prune`` keeps it."""
        name = self._name(relative)
        self.written.add(name)
        self.digests[name] = digest

    def digest(self, relative: str) -> str | None:
        """The digest of the file written (or kept) at ``relative``, if one was."""
        return self.digests.get(self._name(relative))

    def _name(self, relative: str) -> str:
        # As str(path / relative) spells it (the staging folder is absolute): no Path made.
        return f"{self.path}/{relative}"

    def _known_file(self, name: str, digest: str) -> bool | None:
        """Whether the file at ``name`` holds ``digest``, by the manifest: None when the
        manifest does not know it or it is not the very file recorded (its size, times,
        inode or link count differ)."""
        entry = self._known.get(name[self._prefix:])
        if entry is None:
            return None
        try:
            info = os.lstat(name)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or [
                info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns] != entry[1:]:
            return None
        return bool(entry[0] == digest)

    def record(self) -> Known:
        """What the manifest keeps of this tree once filled (and its modes set)."""
        known: Known = {}
        for name, digest in self.digests.items():
            try:
                info = os.lstat(name)
            except OSError:
                continue
            known[name[self._prefix:]] = [digest, info.st_size, info.st_mtime_ns,
                                          info.st_ino, info.st_ctime_ns]
        return known

    def prune(self) -> None:
        """Remove what a recycled tree holds that this build did not write."""
        if not self.recycled or self._pruned:
            return
        self._pruned = True
        folders = {str(self.path)}
        for written in self.written:
            parent = os.path.dirname(written)
            while parent not in folders and len(parent) > len(str(self.path)):
                folders.add(parent)
                parent = os.path.dirname(parent)
        marker = str(self.path / MARKER)
        for folder, subfolders, names in os.walk(self.path, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in self.written and path != marker:
                    os.unlink(path)
            for name in subfolders:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    os.unlink(path)
                elif path not in folders:
                    shutil.rmtree(path, ignore_errors=True)


_FRESH = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


def _write_fresh(path: Path, data: bytes) -> None:
    """Write a file of a new staged tree in place: no temporary file and rename as
    ``write_atomically`` makes. Nothing reads the tree before it is swapped in whole, and a
    build that fails or is killed never swaps it in, so a file cut short is never seen; a
    third of a cold build's writing time was the temporary files and the folders made twice.
    """
    try:
        try:
            handle = os.open(path, _FRESH, 0o666)
        except FileNotFoundError:  # the file's folder is not made yet
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, _FRESH, 0o666)
        with open(handle, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise JdtoolError.from_problem(Problem(path, 1, 1, WRITE_ERROR, "cannot write: "
                                               f"{error.strerror or error}")) from None


def _holds_already(path: Path, data: bytes) -> bool:
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path)  # an old folder where a file is now
        return False
    if not stat.S_ISREG(info.st_mode):
        os.unlink(path)  # never write through a link (sanitised away already: be sure)
        return False
    if info.st_nlink != 1 or info.st_size != len(data):
        return False
    with open(path, "rb") as stream:
        return stream.read() == data


def _clear_way(root: Path, folder: Path) -> None:
    """Make ``folder`` (inside ``root``) a folder, removing files that stand in its way."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            current.unlink()
    folder.mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def _staged(out: Path, holds: Sequence[Path], *, recycle: bool,
            manifest: Path | None = None) -> Iterator[Staging]:
    out = output_path(out)
    check_replaceable(out, holds)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        claimed = _claim_recycled(out) if recycle else None
        if claimed is None:
            staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
    except OSError as error:
        raise JdtoolError(f"{out}: cannot create the output folder: "
                          f"{error.strerror or error}", exit_code=2) from None
    with contextlib.ExitStack() as stack:
        if claimed is None:
            marker = stack.enter_context(_held(staging / MARKER))
        else:
            staging, marker = claimed
            stack.callback(marker.close)
        marker.write(_MARKER_TEXT.encode())
        marker.flush()
        trees = _read_manifest(manifest)
        filling = Staging(staging, recycled=claimed is not None,
                          known=trees.get(_tree_id(staging)), digests=manifest is not None)
        try:
            yield filling
            filling.prune()
            os.chmod(staging, 0o755)
            known = filling.record() if manifest is not None else {}
            replaced = _tree_id(out)
            _switch(out, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        # This tree (now ``out``) and the one it replaced (the next build's staging).
        _write_manifest(manifest, {_tree_id(out): known, **(
            {replaced: trees[replaced]} if replaced in trees else {})})
    # ``staging`` now holds the old site (or nothing): kept for the next build, or gone
    # with what killed builds left.
    if not (recycle and _keep_for_recycling(out, staging)):
        shutil.rmtree(staging, ignore_errors=True)
    _remove_leftovers(out)


def _tree_id(folder: Path) -> str:
    """A staged tree's identity: its folder's device and inode, which renames keep."""
    try:
        info = os.stat(folder)
    except OSError:
        return ""
    return f"{info.st_dev}:{info.st_ino}"


def _read_manifest(path: Path | None) -> dict[str, Known]:
    """The manifest's trees; nothing when it is missing or unreadable (files are then
    compared byte for byte)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    trees = data.get("trees") if isinstance(data, dict) else None
    if not isinstance(trees, dict):
        return {}
    return {str(tree): files for tree, files in trees.items() if isinstance(files, dict)
            and all(isinstance(entry, list) and len(entry) == 5 for entry in files.values())}


def _write_manifest(path: Path | None, trees: dict[str, Known]) -> None:
    if path is None:
        return
    # The manifest only saves time: a cache that cannot be written must not fail the build.
    with contextlib.suppress(JdtoolError):
        write_atomically(path, json.dumps({"trees": trees}))


def _claim_recycled(out: Path) -> tuple[Path, IO[bytes]] | None:
    """Take the site the last switch replaced as this build's staging folder: its marker
    locked first (so no other build takes it or clears it as a leftover), then renamed to a
    staging name, stripped of links and special files. None when there is none to take."""
    folder = recycled_path(out)
    if _fcntl is None or folder.is_symlink() or not folder.is_dir():
        return None
    try:
        handle = os.open(folder / MARKER, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return None
    stream = os.fdopen(handle, "r+b")
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a marker file")
        _fcntl.flock(handle, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        try:
            os.rename(folder, staging)  # onto the empty folder just made: one atomic step
        except OSError:
            os.rmdir(staging)
            raise
        stream.truncate(0)
        stream.seek(0)
        _strip_links(staging)
    except OSError:
        stream.close()
        return None
    return staging, stream


def _strip_links(folder: Path) -> None:
    """Remove every link and special file under ``folder``: a recycled tree is written into,
    and a write must never go through a link to somewhere else."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _strip_links(Path(entry.path))
        elif not entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)


def _keep_for_recycling(out: Path, old: Path) -> bool:
    """Move the replaced site to ``recycled_path(out)``; False (nothing moved) when that is
    taken (another build's) or the old site is not a folder jdtool made."""
    if _fcntl is None or not (old / MARKER).is_file():
        return False
    try:
        os.rename(old, recycled_path(out))
    except OSError:
        return False
    return True


def check_replaceable(out: Path, holds: Sequence[Path] = ()) -> None:
    """Raise unless ``out`` is missing, empty, or a site an earlier ``staged_folder`` made."""
    real = output_path(out)
    # A document is held where it is named (a link to a folder named x.md is read, and
    # refused, as a document); a folder of documents also holds all it contains.
    folders = [source.resolve() for source in holds if path_kind(source) == "folder"]
    documents = [output_path(source) for source in holds if path_kind(source) != "folder"]
    for source in [Path.cwd().resolve(), *folders, *documents]:
        if real == source or real in source.parents:
            _refuse(out, f"it is or holds {_shown(source)}")
    for folder in folders:
        if folder in real.parents:
            _refuse(out, f"it is inside the documents' folder {_shown(folder)}")
    if ".git" in real.parts or (real / ".git").exists():
        _refuse(out, "it is (or is inside) a git repository's own folder")
    if not real.exists():
        return
    if not real.is_dir():
        _refuse(out, "it is a file, not a folder")
    if any(real.iterdir()) and not (real / MARKER).is_file():
        _refuse(out, f"it is a folder jdtool did not make (no {MARKER} file in it; "
                     "a site from jdtool 0.1 has none: delete it once)")


def _shown(path: Path) -> str:
    return "the current folder" if path == Path.cwd().resolve() else str(path)


def _refuse(out: Path, reason: str) -> None:
    raise JdtoolError(f"{out}: refusing to replace it with the site: {reason}; "
                      "choose another --out", exit_code=2)


def _switch(out: Path, staging: Path) -> None:
    """Put ``staging`` at ``out``; the old ``out``, if any, is left at ``staging``."""
    if not out.exists():
        os.rename(staging, out)
        return
    if exchange_paths(staging, out):
        return
    # No atomic exchange here (not Linux, or a file system without it): two renames, and a
    # reader may find no site for the moment between them.
    old = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
    os.replace(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV}


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux's ``renameat2``); ``False`` where
    the system or the file system has no such call (nothing was changed)."""
    import ctypes  # only a build's switch needs it

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _remove_leftovers(out: Path) -> None:
    """Delete the staging folders of ``out`` that no running build holds (killed builds')."""
    prefix = staging_prefix(out)
    for entry in out.parent.iterdir():
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        with _unless_held(entry / MARKER) as free:
            if free:
                shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _held(path: Path) -> Iterator[IO[bytes]]:
    """``path`` opened and exclusively locked (waiting for the lock) until the block ends."""
    with open(path, "ab") as stream:
        if _fcntl is not None:
            _fcntl.flock(stream.fileno(), _fcntl.LOCK_EX)
        yield stream


@contextlib.contextmanager
def _unless_held(marker: Path) -> Iterator[bool]:
    """Whether no running build holds ``marker`` (``True`` also when it is missing)."""
    if _fcntl is None:
        try:
            age = time.time() - marker.parent.stat().st_mtime
        except OSError:
            age = 0.0
        yield age > LEFTOVER_AGE
        return
    with contextlib.ExitStack() as stack:
        try:
            stream = stack.enter_context(open(marker, "rb"))
        except OSError:
            yield True  # a version without a marker died before it wrote one
            return
        try:
            _fcntl.flock(stream.fileno(), _fcntl.LOCK_EX | _fcntl.LOCK_NB)
            free = True
        except OSError:
            free = False
        yield free


try:
    import fcntl as _fcntl
except ImportError:  # Windows: fall back to the age of a folder
    _fcntl = None  # type: ignore[assignment]
