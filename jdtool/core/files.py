"""The one I/O layer: read sources as clean text and write files atomically (folders are
swapped in by ``staging``).

Reading: only regular files are opened (never a FIFO, a device or a folder), within limits
of size, lines and line length, refusing binary and non-UTF-8 files, so every later stage
can assume clean text of bounded size.

Writing: ``write_atomically`` is the only way jdtool replaces a file, so a crash leaves either
the old or the new file, never half of one. ``core.staging`` is the only way it replaces a
folder (the site).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import NoReturn

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
