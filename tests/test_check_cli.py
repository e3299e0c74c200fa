"""`jdtool check` over good and bad input: one line per problem, every file checked, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.conftest import POSTS, write

GOOD = "---\nkind: description\ntitle: Good\n---\n\n## Purpose\n\nA paragraph.\n"


def make_bad_tree(root: Path) -> Path:
    posts = root / "posts"
    write(posts / "good.md", GOOD)
    write(posts / "empty.md", "")
    (posts / "latin1.md").write_bytes(b"---\nkind: brief\n---\n\nCaf\xe9 society\n")
    (posts / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with (posts / "huge.md").open("wb") as stream:
        stream.write(b"---\nkind: brief\n---\n\n")
        stream.write(b"word " * (4 * 1024 * 1024))  # 20 MB
    write(posts / "unterminated.md", "---\nkind: brief\n\nBody\n")
    write(posts / "yaml.md", "---\nkind: brief\ntitle: [unclosed\n---\n")
    write(posts / "pack-a" / "pack.md", "---\nkind: pack\ntitle: A\n---\n")
    write(posts / "pack-a" / "description.md", GOOD)
    write(posts / "pack-a" / "description-v2.md", GOOD)
    (posts / "pack-a" / "loop").symlink_to(posts, target_is_directory=True)
    return posts


def test_example_posts_check_clean() -> None:
    result = CliRunner().invoke(app, ["check", str(POSTS)])
    assert result.exit_code == 0, result.output
    assert "7 documents in 3 packs checked: 0 errors" in result.output


def test_every_bad_file_is_reported_and_the_good_one_still_checked(tmp_path: Path) -> None:
    posts = make_bad_tree(tmp_path)
    result = CliRunner().invoke(app, ["check", str(posts)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error JD" in line]
    by_file = {Path(line.split(":")[0]).name: line for line in lines}
    assert "JD009 empty file" in by_file["empty.md"]
    assert "not valid UTF-8" in by_file["latin1.md"] and ":5:4:" in by_file["latin1.md"]
    assert "binary file" in by_file["binary.md"]
    assert "too large" in by_file["huge.md"]
    assert "JD003" in by_file["unterminated.md"]
    assert "JD004" in by_file["yaml.md"]
    assert "JD010" in by_file["description.md"] or "JD010" in by_file["description-v2.md"]
    assert any("JD011" in line for line in lines)
    assert "good.md" not in by_file
    assert "Traceback" not in result.output


def test_check_json_output(tmp_path: Path) -> None:
    write(tmp_path / "bad.md", "---\nkind: brief\nclosing: 2026-02-30\n---\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert '"code": "JD006"' in result.stdout and '"line": 3' in result.stdout


def test_the_real_command_never_prints_a_traceback(tmp_path: Path) -> None:
    posts = make_bad_tree(tmp_path)
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.run([sys.executable, "-m", "jdtool", "check", str(posts)],
                             capture_output=True, text=True, env=env, timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr + process.stdout
    # Findings on standard output (so they can be redirected or grepped), the summary not.
    errors = [line for line in process.stdout.splitlines() if ": error JD" in line]
    assert len(errors) == 8
    assert "checked: 8 errors" in process.stderr and "checked" not in process.stdout
    missing = subprocess.run([sys.executable, "-m", "jdtool", "check", str(tmp_path / "nope")],
                             capture_output=True, text=True, env=env, timeout=120)
    assert missing.returncode == 1 and "no such file or folder" in missing.stdout
