"""``jdtool lint`` without typer (``cli.lint_command.fast_lint``): the same options, report,
summary and exit status as the typer command, and anything it does not fully understand left
to typer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_build_fast_path import PACK as BUILD_PACK
from tests.test_build_fast_path import _run

PACK = BUILD_PACK + "* He or she will chair the chairman's meetings of the the branch.\n"
"""The build test's pack with wording the linter reports: an error and suggestions."""

PLAIN = [
    [],
    ["posts"],
    ["posts", "--format", "json", "--fail-level", "none"],
    ["--format=concise", "--disable", "JD203", "--disable=clarity", "--enable", "inclusive"],
    ["posts/branch-organiser.md", "-o", "report.json", "--fail-level=warning"],
    ["--format", "sarif", "--config", "missing.toml"],
    ["--output=report.xml"],
    ["--list-rules"],
    ["nowhere"],
]
OTHERS = [
    ["--help"], ["--format"], ["--format", "xml"], ["--fail-level", "fatal"], ["--fix", "--fix"],
    ["-o"], ["--", "posts"], ["--fix=yes"], [""], ["-x"], ["--format", "json", "--format=text"],
    ["--disable"], ["--disable", "--fix"],
]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "branch-organiser.md").write_text(PACK, encoding="utf-8")
    return root


@pytest.mark.parametrize("argv", PLAIN + OTHERS)
def test_plain_forms_run_without_typer_as_typer_runs_them(tmp_path: Path,
                                                          argv: list[str]) -> None:
    fast_root, typer_root = _project(tmp_path / "fast"), _project(tmp_path / "typer")
    fast = _run(fast_root, "lint", *argv)
    assert ("typer" in fast[1]) == (argv not in PLAIN)
    if argv not in PLAIN:
        return
    assert "pydantic" not in fast[1] and "rich" not in fast[1]
    # ``--no-pager`` first: the same lint, parsed and run by typer.
    slow = _run(typer_root, "--no-pager", "lint", *argv)
    assert "typer" in slow[1]
    assert (fast[0], *fast[2:]) == (slow[0], *slow[2:])
    report = "report.json" if "report.json" in argv else None
    if report:
        assert (fast_root / report).read_bytes() == (typer_root / report).read_bytes()


def test_fast_path_reports_findings_and_fails_on_errors(tmp_path: Path) -> None:
    status, _, out, err = _run(_project(tmp_path), "lint", "--format", "concise")
    assert status == 1
    assert "JD" in out and "branch-organiser.md" in out
    assert "error" in err.splitlines()[-1]
