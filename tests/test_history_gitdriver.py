"""``jdtool git-setup``: plain ``git diff`` and ``git log -p`` then show the structural diff."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.history_repo import NEW_DUTY, StoryRepo, build_story_repo, run_jdtool


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> StoryRepo:
    story = build_story_repo(tmp_path_factory.mktemp("story"))
    result = run_jdtool("git-setup", story.root)
    assert result.exit_code == 0, result.stderr
    return story


def git(root: Path, *arguments: str) -> str:
    completed = subprocess.run(["git", "-c", "core.pager=cat", *arguments], cwd=root,
                               capture_output=True, text=True, check=True, timeout=60)
    return completed.stdout


def test_setup_writes_the_attribute_once_and_the_driver_config(story: StoryRepo) -> None:
    again = run_jdtool("git-setup", story.root)
    assert "already present" in again.stdout
    lines = (story.root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert lines.count("posts/**/*.md diff=jdtool") == 1
    assert "git-diff-driver" in git(story.root, "config", "diff.jdtool.command")
    assert "git-textconv" in git(story.root, "config", "diff.jdtool.textconv")
    assert git(story.root, "check-attr", "diff", "posts/general-secretary-role.md").strip() \
        .endswith("diff: jdtool")


def test_git_diff_shows_the_structural_diff(story: StoryRepo) -> None:
    original = story.document.read_text(encoding="utf-8")
    try:
        story.document.write_text(original.replace(NEW_DUTY, NEW_DUTY.replace(
            "safe staffing levels", "safe and fair staffing levels")), encoding="utf-8")
        output = git(story.root, "diff")
    finally:
        story.document.write_text(original, encoding="utf-8")
    assert output.startswith("jdtool diff a/posts/general-secretary-role.md")
    assert "and fair" in output and "reworded" in output


def test_git_log_p_hides_formatting_only_changes(story: StoryRepo) -> None:
    formatted = git(story.root, "log", "-p", "-1", story.commits["formatted"])
    assert "Reformat bullets" in formatted and "@@" not in formatted
    revised = git(story.root, "log", "-p", "-1", story.commits["revised"])
    # textconv gives one line per block, so a reworded duty is one changed line, not a reflow.
    assert "+- Ensure that the union's rules are observed, and advise the NEC on proposed" \
        in revised
    external = git(story.root, "log", "-p", "--ext-diff", "-1", story.commits["revised"])
    assert "jdtool diff a/posts/general-secretary-role.md" in external


def test_setup_outside_git_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_jdtool("git-setup", tmp_path)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
