"""Read a document's bytes from disk as text, refusing binary, oversized and non-UTF-8 files.

This is the only place that opens source files, so every later stage can assume clean text.
"""

from __future__ import annotations

from pathlib import Path

from jdtool.core.problems import EMPTY_FILE, READ_ERROR, JdtoolError, Problem

MAX_BYTES = 5 * 1024 * 1024
"""A job description is a few thousand words; anything over 5 MB is not one."""

_BOM = "\ufeff"


def _fail(path: Path, message: str, line: int = 1, column: int = 1, code: str = READ_ERROR) -> None:
    raise JdtoolError.from_problem(Problem(path, line, column, code, message))


def read_source(path: Path) -> str:
    """Return the file's text with a BOM removed and line endings normalised to ``\\n``."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _fail(path, f"file is too large ({size / 1_048_576:.1f} MB; the limit is "
                        f"{MAX_BYTES // 1_048_576} MB)")
        data = path.read_bytes()
    except OSError as error:
        _fail(path, f"cannot read file: {error.strerror or error}")
    return decode_source(data, path)


def decode_source(data: bytes, path: Path) -> str:
    """``read_source`` for bytes from elsewhere (a git blob): the same checks and clean-up."""
    if b"\x00" in data[:8192]:
        _fail(path, "binary file, not a Markdown document")
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
    return text
