"""Hostile and broken documents, generated (never committed): the bad-input suite and the
worst-case benchmark (``benchmarks/bench_hostile.py``) share them.

``PATHOLOGICAL`` bodies stress the parsers and every later stage at a given ``scale`` (1.0 is
the size issue 19 names); ``BROKEN`` files must each be refused with one line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

FRONT = "---\nkind: person-spec\ntitle: Hostile Input Officer\nstatus: published\n---\n\n"


def _lines(scale: float) -> str:
    return "## Duties\n\n" + "x\n" * int(1_000_000 * scale)


def _long_line(scale: float) -> str:
    return "## Duties\n\n" + "word " * int(800_000 * scale)  # 4 MB, no newline


def _backticks(scale: float) -> str:
    count = int(3_000 * scale)
    return "## Duties\n\n" + "\n".join("`" * (1 + i % 60) + f" x{i}" for i in range(count)) + "\n"


def _references(scale: float) -> str:
    count = int(50_000 * scale)
    uses = " ".join(f"[r{i}]" for i in range(count))
    definitions = "\n".join(f"[r{i}]: https://example.org/{i}" for i in range(count))
    return f"## Duties\n\n{uses[:90_000]}\n\n{definitions}\n"


def _emphasis(scale: float) -> str:
    half = int(25_000 * scale)
    return "## Duties\n\n" + "*" * half + "deep" + "*" * half + "\n\n" + "_a " * half + "\n"


def _headings(scale: float) -> str:
    return "".join("## Duties\n\nSame text.\n\n" for _ in range(int(20_000 * scale)))


def _wide_table(scale: float) -> str:
    columns = int(5_000 * scale)
    header = "| Criterion | Essential/Desirable | Assessed by |" + " x |" * (columns - 3)
    rule = "|---" * columns + "|"
    row = "| Team work | Essential | Interview |" + " y |" * (columns - 3)
    return f"## Criteria\n\n{header}\n{rule}\n{row}\n"


def _long_table(scale: float) -> str:
    rows = "".join(f"| Criterion {i} | Essential | Interview |\n"
                   for i in range(int(20_000 * scale)))
    return ("## Criteria\n\n| Criterion | Essential/Desirable | Assessed by |\n|---|---|---|\n"
            + rows)


PATHOLOGICAL: dict[str, Callable[[float], str]] = {
    "million-lines": _lines,
    "4mb-one-line": _long_line,
    "backtick-runs": _backticks,
    "reference-storm": _references,
    "nested-emphasis": _emphasis,
    "identical-headings": _headings,
    "wide-table": _wide_table,
    "long-table": _long_table,
}


AT_LIMIT = {"million-lines": 0.0099, "4mb-one-line": 0.024, "backtick-runs": 1.0,
            "reference-storm": 0.004, "nested-emphasis": 0.008, "identical-headings": 0.12,
            "wide-table": 1.0, "long-table": 0.49}
"""The scale of each case just inside jdtool's limits (lines, line length, marker runs):
what every command must still handle in seconds."""


def pathological(case: str, scale: float = 1.0) -> str:
    return FRONT + PATHOLOGICAL[case](scale)


def _yaml(front: str) -> bytes:
    return f"---\nkind: person-spec\ntitle: T\n{front}---\n\n## Duties\n\nText.\n".encode()


BROKEN_BYTES: dict[str, bytes] = {
    "billion-laughs": _yaml("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nref: *c\n"),
    "recursive-alias": _yaml("title: &loop [*loop]\n"),
    "deep-nesting": _yaml("extra: {a: " + "[" * 500 + "]" * 500 + "}\n"),
    "python-tag": _yaml("ref: !!python/object/apply:os.system [echo hi]\n"),
    "several-documents": _yaml("ref: a\n--- !!map\ngrade: b\n"),
    "infinite-salary": _yaml("salary: {min: .inf}\n"),
    "huge-salary": _yaml("salary: {min: 1e400}\n"),
    "year-zero": _yaml("revised: 0000-01\n"),
    "month-13": _yaml("revised: {year: 2020, month: 13}\n"),
    "control-character": _yaml('ref: "a\x01b"\n'),
    "late-nul": _yaml("ref: a\n") + b"x" * 9000 + b"\x00\n",
    "not-utf8": _yaml("ref: cafe\n").replace(b"cafe", b"caf\xe9"),
    "too-large": _yaml("") + b"More text.\n" * 500_000,
}
"""Files that must be refused with one line naming them (exit 1 or 2)."""


def write_special(case: str, path: Path) -> None:
    """A file that is not a regular Markdown file: a FIFO, a link to a device or to ``/``, or a
    path longer than the system allows (``path`` is then a folder to put it in)."""
    if case == "fifo":
        os.mkfifo(path)
    elif case == "dev-zero":
        path.symlink_to("/dev/zero")
    elif case == "link-to-root":
        path.symlink_to("/")
    else:
        raise KeyError(case)


SPECIAL = ("fifo", "dev-zero", "link-to-root")


def too_long_name(folder: Path) -> Path:
    """A path longer than the system limit (a file name of 300 characters, over NAME_MAX)."""
    return folder / ("n" * 300 + ".md")
