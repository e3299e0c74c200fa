"""``jdtool lint`` end to end: exit codes, the four output formats, --fix, bad input, and
parallel linting giving the same answer as serial."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.lint.config import load_config
from jdtool.lint.engine import lint_paths
from tests.conftest import POSTS, ROOT, write

BAD = """---
kind: description
title: Records Officer
status: draft
---

## Job purpose

The officer keeps the the union's records , and orders stationary supplies.

## Key tasks

- • Keep the membership register up to date.
- Report to the chairman each month.
"""


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Outcome:
    """The command in this process (typer's runner): much cheaper than a new interpreter."""
    result = CliRunner().invoke(app, ["lint", *args], catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def test_example_posts_have_no_errors() -> None:
    # Once as a real process, as CI and pre-commit run it.
    result = subprocess.run([sys.executable, "-m", "jdtool", "lint", str(POSTS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr and "Traceback" not in result.stderr


def test_exit_codes_follow_the_fail_level(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    assert run(str(post)).returncode == 1
    assert run(str(post), "--fail-level", "none").returncode == 0
    only_warnings = write(tmp_path / "warn.md", BAD.replace("the the", "the").replace(
        " ,", ",").replace("stationary", "stationery").replace("- • ", "- "))
    assert run(str(only_warnings)).returncode == 0
    assert run(str(only_warnings), "--fail-level", "warning").returncode == 1
    assert run(str(tmp_path / "missing.md")).returncode == 2


def test_text_output_groups_by_file_with_excerpt_and_caret(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    other = write(tmp_path / "other.md", BAD)
    lines = run(str(post), str(other)).stdout.splitlines()
    assert lines.count(str(post)) == 1 and lines.count(str(other)) == 1  # one header a file
    head = lines.index("  9:23     error      JD403  'the' is repeated  [Job purpose]")
    source = "    9 | The officer keeps the the union's records , and orders stationary supplies."
    assert lines[head + 1] == source
    caret = lines[head + 2]
    assert caret.strip(" |") == "^^^" and caret.index("^") == source.index("the the") + 4


def test_concise_output_is_one_line_per_finding_suggestion_worded_once(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    lines = run(str(post), "--format", "concise").stdout.splitlines()
    assert f"{post}:9:23: error JD403 'the' is repeated [Job purpose]" in lines
    confused = next(line for line in lines if "JD401" in line)
    assert confused.count("stationery") == 1  # in the message, not repeated as a suggestion


def test_json_output(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    data = json.loads(run(str(post), "--format", "json").stdout)
    rules = {f["rule"] for f in data["findings"]}
    assert {"JD401", "JD403", "JD405", "JD406", "JD202"} <= rules
    confused = next(f for f in data["findings"] if f["rule"] == "JD401")
    assert (confused["line"], confused["column"], confused["section"]) == (9, 56, "Job purpose")
    assert confused["suggestion"] == "stationery"
    assert confused["excerpt"] == "stationary"
    spacing = next(f for f in data["findings"] if f["rule"] == "JD405")
    assert spacing["excerpt"] == " "
    assert data["summary"]["error"] == sum(f["severity"] == "error" for f in data["findings"])


def test_sarif_output(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    out = tmp_path / "lint.sarif"
    result = run(str(post), "--format", "sarif", "-o", str(out))
    assert result.returncode == 1 and result.stdout == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    for item in run_["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note")
        region = item["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert "excerpt" in item["properties"]
    glyph = next(r for r in run_["results"] if r["ruleId"] == "JD406")
    region = glyph["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"]["text"] == glyph["properties"]["excerpt"] == "•"
    assert any(r["ruleId"] == "JD202" and r["level"] == "warning" for r in run_["results"])


def test_github_output(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    lines = run(str(post), "--format", "github").stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice "))
                         for line in lines)
    assert any(line.startswith(f"::error file={post},line=9,col=23,") and
               "title=JD403 repeated-word::" in line for line in lines)


def test_fix_applies_only_mechanical_fixes_and_shows_them(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", BAD)
    result = run(str(post), "--fix")
    text = post.read_text(encoding="utf-8")
    assert "keeps the union's records, and orders stationary supplies" in text
    assert "- Keep the membership register up to date." in text
    assert "chairman" in text  # a wording change is never automatic
    assert "-The officer keeps the the union's records , and" in result.stderr
    assert "fixed 3 problems" in result.stderr
    assert "JD401" in result.stdout and "JD403" not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_bad_files_are_one_line_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "broken.md"
    binary.write_bytes(b"---\nkind: description\n---\n\n\xff\xfe caf\xe9\n")
    result = run(str(binary))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert any(line.startswith(f"{binary}:5:1: error JD001 not valid UTF-8")
               for line in (result.stdout + result.stderr).splitlines())
    write(tmp_path / "pyproject.toml", "[tool.jdtool.lint]\nspeling = 1\n")
    monkeypatch.chdir(tmp_path)
    result = run(str(POSTS))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "speling" in result.stderr


def test_parallel_and_serial_linting_agree(tmp_path: Path) -> None:
    for number in range(70):
        write(tmp_path / "posts" / f"post-{number:02d}.md",
              BAD if number % 3 == 0 else BAD.replace("chairman", "chair"))
    config = load_config(None, today="2026-11-25")
    serial = lint_paths([tmp_path / "posts"], config, jobs=1)
    parallel = lint_paths([tmp_path / "posts"], config, jobs=2)
    assert serial.documents == parallel.documents == 70
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]


def test_parallel_pieces_report_problems_as_one_worker_per_share(tmp_path: Path) -> None:
    # The workers take pieces of their shares as they come free; the problems still come
    # in the order one process per share reports them (loading problems, then documents').
    from jdtool.lint.engine import _lint_unit, _units

    posts = tmp_path / "posts"
    for number in range(80):
        path = posts / f"post-{number:02d}.md"
        if number % 7 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"---\nkind: description\n---\n\n\xff caf\xe9\n")
        elif number % 5 == 0:
            write(path, BAD.replace("kind: description", "kind: [unclosed"))
        else:
            write(path, BAD)
    (posts / "Bad Name.md").write_text(BAD, encoding="utf-8")
    config = load_config(None, today="2026-11-25")
    parallel = lint_paths([posts], config, jobs=2)
    units = _units([posts])
    shares = [_lint_unit(units[index::2], config, None) for index in range(2)]
    expected = [problem for share in shares for problem in share.problems]
    assert len(expected) > 20
    assert parallel.problems == expected
    assert parallel.documents == sum(share.documents for share in shares)
