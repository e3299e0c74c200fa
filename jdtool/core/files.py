"""The one I/O layer: read sources as clean text, write files atomically, swap folders in.

Reading: only regular files are opened (never a FIFO, a device or a folder), within limits
of size, lines and line length, refusing binary and non-UTF-8 files, so every later stage
can assume clean text of bounded size.

Writing: ``write_atomically`` is the only way jdtool replaces a file, so a crash leaves either
the old or the new file, never half of one. ``staged_folder`` (and ``staged_site``, which
refills the site the last switch replaced instead of an empty folder) is the only way it
replaces a folder (the site): the folder is filled beside the output and switched in with one
atomic step, and only a folder jdtool itself made is ever replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, NoReturn

from jdtool.core.problems import (
    EMPTY_FILE,
    LINK_OUTSIDE,
    READ_ERROR,
    WRITE_ERROR,
    JdtoolError,
    Problem,
    Severity,
)

MAX_BYTES = 5 * 1024 * 1024
"""A job description is a few thousand words; anything over 5 MB is not one."""

MAX_LINE_CHARS = 100_000
"""A long paragraph is a few thousand characters; a longer line is not prose (and some
Markdown rules are quadratic in the length of a line)."""

MAX_LINES = 10_000
"""A job description is a few hundred lines; at this many, formatting one (mdformat's
tables, three parses) already takes seconds."""

MAX_MARKER_RUN = 200
"""Emphasis markers in one run (``*``, ``_``, ``~``): a few make bold or a rule; thousands
nest emphasis thousands deep, which the Markdown renderers walk recursively."""

_MARKERS = "*_~"
MAX_REFERENCES = 200
"""Link reference definitions (``[label]: url``): markdown-it reads a run of them in time
quadratic in its length (2,500 took two minutes); a job description needs a handful."""

_REFERENCE = re.compile(r"^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:", re.MULTILINE)
_BOM = "\ufeff"


def _fail(path: Path, message: str, line: int = 1, column: int = 1,
          code: str = READ_ERROR) -> NoReturn:
    raise JdtoolError.from_problem(Problem(path, line, column, code, message))


def read_source(path: Path) -> str:
    """Return the file's text with a BOM removed and line endings normalised to ``\\n``."""
    return decode_source(read_regular_file(path, MAX_BYTES), path)


def read_regular_file(path: Path, limit: int, *, first: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes (or only its
    ``first`` bytes, whatever its size: enough to tell its type).

    Opened without blocking and checked on the open descriptor, so a FIFO named ``x.md``
    cannot hang the command and a link to ``/dev/zero`` cannot fill the memory.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        _fail(path, f"cannot read file: {error.strerror or error}")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            _fail(path, f"not a regular file ({_file_type(info.st_mode)}); "
                        "only Markdown files are read")
        if first is None and info.st_size > limit:
            _fail(path, _too_large(info.st_size, limit))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1 if first is None else first)
    except OSError as error:
        _fail(path, f"cannot read file: {error.strerror or error}")
    finally:
        os.close(descriptor)
    if first is None and len(data) > limit:  # the file grew while it was read
        _fail(path, _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return (f"file is too large ({size / 1_048_576:.1f} MB; the limit is "
            f"{limit / 1_048_576:g} MB)")


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def decode_source(data: bytes, path: Path) -> str:
    """``read_source`` for bytes from elsewhere (a git blob): the same checks and clean-up."""
    if len(data) > MAX_BYTES:
        _fail(path, _too_large(len(data), MAX_BYTES))
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        _fail(path, "binary file (it contains a NUL byte), not a Markdown document", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        _fail(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
              line, column)
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        _fail(path, "empty file", code=EMPTY_FILE)
    _check_limits(text, path)
    return text


def _check_limits(text: str, path: Path) -> None:
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        _fail(path, f"file has {lines:,} lines (the limit is {MAX_LINES:,}); a job "
                    "description is a few hundred", MAX_LINES + 1)
    references = _REFERENCE.findall(text)
    if len(references) > MAX_REFERENCES:
        _fail(path, f"{len(references):,} link reference definitions ([label]: url; the limit "
                    f"is {MAX_REFERENCES}); write the links inline")
    run = _marker_run(text)
    if run is not None:
        start, length, marker = run
        line = text.count("\n", 0, start) + 1
        _fail(path, f"a run of {length:,} '{marker}' characters (the limit is "
                    f"{MAX_MARKER_RUN}); emphasis nested that deep is not prose", line)
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line_text in enumerate(text.split("\n"), 1):
        if len(line_text) > MAX_LINE_CHARS:
            _fail(path, f"line {number} is {len(line_text):,} characters long (the limit is "
                        f"{MAX_LINE_CHARS:,}); break it into paragraphs", number)


def _marker_run(text: str) -> tuple[int, int, str] | None:
    """The first run of more than ``MAX_MARKER_RUN`` of one emphasis marker: where it starts,
    how long it is and the marker. ``str.find`` of the shortest such run, three times, is C
    speed; a regular expression trying three alternatives at every character took a
    millisecond or more a document."""
    found = [(start, marker) for marker in _MARKERS
             if (start := text.find(marker * (MAX_MARKER_RUN + 1))) >= 0]
    if not found:
        return None
    start, marker = min(found)
    end = start + MAX_MARKER_RUN + 1
    while end < len(text) and text[end] == marker:
        end += 1
    return start, end - start, marker


MARKDOWN_SUFFIXES = (".md", ".markdown")


def path_kind(path: Path) -> str | Problem:
    """What a path given to a command is: ``"folder"`` to walk, ``"document"`` to read, or
    the problem that it cannot be used (missing, a name too long).

    A name ending in ``.md`` is a document even when it is (a link to) a folder, so that
    ``x.md -> /`` is refused as "not a regular file" instead of walking the whole disk.
    """
    try:
        if path.is_dir() and path.suffix.lower() not in MARKDOWN_SUFFIXES:
            return "folder"
        if path.exists() or path.is_symlink():
            return "document"
    except OSError as error:  # ENAMETOOLONG and the like: pathlib does not hide those
        return Problem(path, 1, 1, READ_ERROR, f"cannot read: {error.strerror or error}")
    return Problem(path, 1, 1, READ_ERROR, "no such file or folder")


def link_leaves(path: Path, root: Path) -> bool:
    """Whether ``path``, met while walking ``root``, is a symbolic link to a place outside it.

    Such links are not followed (a warning says so): a command given ``posts/`` must never
    read, let alone rewrite, files elsewhere on the disk. A path given by name is followed.
    """
    if not path.is_symlink():
        return False
    real, top = path.resolve(), root.resolve()
    return real != top and top not in real.parents


def link_warning(path: Path, root: Path) -> Problem:
    return Problem(path, 1, 1, LINK_OUTSIDE,
                   f"symbolic link to {path.resolve()}, outside {root}: not followed "
                   "(give that path to include it)", Severity.WARNING)


# Writing ---------------------------------------------------------------------------------

def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that a crash leaves either the old or the new file.

    A new file gets the usual permissions (0666 less the umask), not mkstemp's private 0600;
    a replaced file keeps its own. A symbolic link is written through to the file it points
    to (the link stays a link). Missing parent folders are created. Failures raise
    ``JdtoolError`` naming the file.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_temporary(folder, target.name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # A replaced file keeps its mode; a new one was created 0666 and the kernel has
        # applied the umask.
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        _remove_temporary(temporary)
        _fail(path, f"cannot write: {error.strerror or error}", code=WRITE_ERROR)
    except BaseException:
        _remove_temporary(temporary)
        raise


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, opened for writing, made as ``open()`` makes files
    (0666 less the umask, which the kernel applies: no need to read the umask)."""
    while True:
        temporary = folder / f".{name}.{os.urandom(4).hex()}"
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:
            continue


def _remove_temporary(temporary: Path | None) -> None:
    if temporary is not None:
        temporary.unlink(missing_ok=True)


def new_file_mode() -> int:
    """0666 less the umask: what ``open()`` would give a new file."""
    return 0o666 & ~_umask()


def _umask() -> int:
    # Read from /proc where possible: setting the umask to read it races with other threads
    # (the preview server writes from several). Not cached: a program may change it.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Staged folders ---------------------------------------------------------------------------

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
def staged_site(out: Path, *, holds: Sequence[Path] = ()) -> Iterator[Staging]:
    """``staged_folder`` for a site rebuilt again and again: the folder to fill is the site
    the last switch replaced (kept beside ``out`` as ``recycled_path(out)``) when there is
    one, and every file must be written through ``Staging.write``.

    A file whose bytes are already there is left as it is, and what the build did not write
    is removed before the switch, so a build that changes one page of thousands writes one
    file and deletes none, instead of writing every file and deleting the old site. The
    switch is the same single atomic exchange; the replaced site is kept for the next build.
    """
    with _staged(out, holds, recycle=True) as staging:
        yield staging


def recycled_path(out: Path) -> Path:
    """Where the site a build replaced waits to be filled again by the next build (hidden,
    beside ``out``; not a staging folder, so no build clears it as a leftover)."""
    return out.parent / f".{out.name}.recycled"


class Staging:
    """A staged site being filled: the files written so far, and the way to write one."""

    def __init__(self, path: Path, recycled: bool) -> None:
        self.path = path
        self.recycled = recycled
        """Whether ``path`` is an earlier site (its files compared, the unwritten removed)."""
        self.written: set[str] = set()
        self.kept = 0
        """Files a recycled tree already held byte for byte (left untouched)."""
        self._pruned = False

    def write(self, path: Path, content: str | bytes) -> None:
        """Write a file of the staged site (folders created), atomically, unless a recycled
        tree holds exactly these bytes there already (a regular file, one link)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.written.add(str(path))
        if self.recycled and _holds_already(path, data):
            self.kept += 1
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            if not self.recycled:
                raise
            _clear_way(self.path, path.parent)  # an old file where a folder is now
        write_atomically(path, data)

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
def _staged(out: Path, holds: Sequence[Path], *, recycle: bool) -> Iterator[Staging]:
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
        filling = Staging(staging, recycled=claimed is not None)
        try:
            yield filling
            filling.prune()
            os.chmod(staging, 0o755)
            _switch(out, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    # ``staging`` now holds the old site (or nothing): kept for the next build, or gone
    # with what killed builds left.
    if not (recycle and _keep_for_recycling(out, staging)):
        shutil.rmtree(staging, ignore_errors=True)
    _remove_leftovers(out)


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
