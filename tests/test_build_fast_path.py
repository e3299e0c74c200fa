"""``jdtool build`` without typer (``cli.building.fast_build``): the same options, output, exit
status and site as the typer command, and anything it does not fully understand left to typer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_startup import HOT_PROBE

ROOT = Path(__file__).resolve().parent.parent
PACK = """---
kind: description
title: Branch Organiser
organisation: Fenwick Tenants' Union
status: published
closing: 2031-05-01
---

## Duties

* Organise the branch's tenants and keep its records.
"""


PLAIN = [
    [],
    ["posts", "--no-pdf", "-q", "--out", "site", "--site-url", "https://x.example/"],
    ["--out=site", "--today=2030-01-02", "-j", "3", "--drafts", "--no-cache", "--strict",
     "--docx", "--templates", "t", "a.md", "b"],
    ["--today", "2030-13-01"],
]
OTHERS = [
    ["--help"], ["-h"], ["--out"], ["--out", "--quiet"], ["--out="], ["-o=site"],
    ["--quiet", "--quiet"], ["--out", "a", "-o", "b"], ["-qo", "site"], ["--jobs", "x"],
    ["--jobs=-1"], ["--", "posts"], ["--no-pdf=yes"], ["--pdf"], [""], ["-"],
]


@pytest.mark.parametrize("argv", PLAIN + OTHERS)
def test_plain_forms_run_without_typer_and_the_rest_with_it(tmp_path: Path,
                                                            argv: list[str]) -> None:
    """In a folder with no posts/, every form ends quickly: the plain ones without typer and
    as typer ends them, the others through typer itself."""
    fast = _run(tmp_path, "build", *argv)
    assert ("typer" in fast[1]) == (argv not in PLAIN)
    if argv in PLAIN:
        assert fast[0] in (1, 2) and "pydantic" not in fast[1]
        slow = _run(tmp_path, "--no-pager", "build", *argv)
        assert "typer" in slow[1]
        assert (fast[0], *fast[2:]) == (slow[0], *slow[2:])


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "branch-organiser.md").write_text(PACK, encoding="utf-8")
    return root


def _run(root: Path, *arguments: str) -> tuple[int, list[str], str, str]:
    """Run ``jdtool ARGUMENTS`` in a fresh process: status, modules loaded, stdout, stderr."""
    process = subprocess.run([sys.executable, "-c", HOT_PROBE, json.dumps(arguments)],
                             capture_output=True, text=True, timeout=300, cwd=root)
    *lines, last = process.stderr.strip().splitlines()
    status, modules = json.loads(last)
    return status, modules, process.stdout, "\n".join(lines)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("options", [
    ("--no-pdf", "--site-url", "https://jobs.example.org/"),
    ("--no-pdf", "-q", "--no-cache", "--site-url=https://jobs.example.org/", "--today",
     "2030-01-02"),
    ("--no-pdf", "--today", "2030-13-01"),
    ("--no-pdf", "--out", "elsewhere", "posts/branch-organiser.md"),
])
def test_fast_path_does_what_the_typer_command_does(tmp_path: Path,
                                                    options: tuple[str, ...]) -> None:
    fast_root, typer_root = _project(tmp_path / "fast"), _project(tmp_path / "typer")
    fast = _run(fast_root, "build", *options)
    # ``--no-pager`` first: the same build, parsed and run by typer.
    slow = _run(typer_root, "--no-pager", "build", *options)
    assert fast[0] == slow[0]
    assert fast[2:] == slow[2:]
    assert "typer" not in fast[1] and "pydantic" not in fast[1]
    assert "typer" in slow[1]
    out = "elsewhere" if "elsewhere" in options else "build/site"
    if fast[0] == 0:
        assert _files(fast_root / out) == _files(typer_root / out)
        assert _files(fast_root / out)
