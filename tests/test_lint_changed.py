"""``jdtool lint --changed-since REV`` on a real git repository: only findings in blocks the
structural diff engine reports as added, reworded or moved."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import git

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


def lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jdtool", "lint", "--format", "json", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_only_changed_blocks_are_reported(tmp_path: Path) -> None:
    import json

    repo = git.Repo.init(tmp_path)
    post = write(tmp_path / "posts" / "secretary.md", OLD)
    repo.index.add([str(post)])
    actor = git.Actor("Test", "test@example.org")
    repo.index.commit("first", author=actor, committer=actor)
    post.write_text(NEW, encoding="utf-8")
    whole = json.loads(lint("posts", cwd=tmp_path).stdout)
    assert {(f["rule"], f["line"]) for f in whole["findings"]} >= {("JD202", 9), ("JD201", 13),
                                                                   ("JD202", 14)}
    changed = json.loads(lint("posts", "--changed-since", "HEAD", cwd=tmp_path).stdout)
    assert {(f["rule"], f["line"]) for f in changed["findings"]} == {("JD201", 13),
                                                                     ("JD202", 14)}
    added = write(tmp_path / "posts" / "new.md", OLD)
    fresh = json.loads(lint(str(added), "--changed-since", "HEAD", cwd=tmp_path).stdout)
    assert ("JD202", 9) in {(f["rule"], f["line"]) for f in fresh["findings"]}


def test_unknown_revision_is_a_usage_error(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path)
    post = write(tmp_path / "posts" / "secretary.md", OLD)
    repo.index.add([str(post)])
    actor = git.Actor("Test", "test@example.org")
    repo.index.commit("first", author=actor, committer=actor)
    result = lint("posts", "--changed-since", "no-such-rev", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "jdtool: unknown revision 'no-such-rev'"
