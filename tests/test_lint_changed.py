"""``jdtool lint --changed-since REV`` on a real git repository: only findings in blocks the
structural diff engine reports as added, reworded or moved."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from click.testing import Result
from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.conftest import write

OLD = """---
kind: description
title: Branch Secretary
status: draft
---

## Job purpose

The secretary reports to the chairman of the branch.

## Key tasks

- Keep the branch's membership records.
- Book rooms for branch meetings.
"""

NEW = """---
kind: description
title: Branch Secretary
status: draft
---

## Job purpose

The secretary reports to the chairman of the branch.

## Key tasks

- Keep the branch's membership records, and tell he or she who asks how to join.
- Plan the manpower for the annual general meeting.
- Book rooms for branch meetings.
"""


def lint(*args: str) -> Result:
    """The command in this process, in the current folder (the test's repository)."""
    return CliRunner().invoke(app, ["lint", "--format", "json", *args], catch_exceptions=False)


def test_only_changed_blocks_are_reported(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    import json

    repo = git.Repo.init(tmp_path)
    post = write(tmp_path / "posts" / "secretary.md", OLD)
    repo.index.add([str(post)])
    actor = git.Actor("Test", "test@example.org")
    repo.index.commit("first", author=actor, committer=actor)
    post.write_text(NEW, encoding="utf-8")
    whole = json.loads(lint("posts").stdout)
    assert {(f["rule"], f["line"]) for f in whole["findings"]} >= {("JD202", 9), ("JD201", 13),
                                                                   ("JD202", 14)}
    changed = json.loads(lint("posts", "--changed-since", "HEAD").stdout)
    assert {(f["rule"], f["line"]) for f in changed["findings"]} == {("JD201", 13),
                                                                     ("JD202", 14)}
    added = write(tmp_path / "posts" / "new.md", OLD)
    fresh = json.loads(lint(str(added), "--changed-since", "HEAD").stdout)
    assert ("JD202", 9) in {(f["rule"], f["line"]) for f in fresh["findings"]}


def test_unknown_revision_is_a_usage_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo = git.Repo.init(tmp_path)
    post = write(tmp_path / "posts" / "secretary.md", OLD)
    repo.index.add([str(post)])
    actor = git.Actor("Test", "test@example.org")
    repo.index.commit("first", author=actor, committer=actor)
    result = lint("posts", "--changed-since", "no-such-rev")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("jdtool: unknown revision 'no-such-rev': not a commit, tag or "
                                     "branch of this repository")
