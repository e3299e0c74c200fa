"""``jdtool diff PATH --from/--to``, ``REV1..REV2`` and ``--as-of`` against real revisions."""

from __future__ import annotations

import json
from pathlib import Path

from jdtool.core.documents import load_document
from jdtool.diff import compare
from tests.history_repo import (
    BOB,
    FIXTURES,
    NEW_DUTY,
    StoryRepo,
    build_story_repo,
    commit_file,
    run_jdtool,
)

ROOT = Path(__file__).resolve().parent.parent


def fixture_stats() -> dict[str, int]:
    old = load_document(FIXTURES / "general-secretary-2016.md")
    new = load_document(FIXTURES / "general-secretary-2018.md")
    return compare(old, new).stats.to_dict()


def test_range_of_tags_matches_the_files_it_came_from(story: StoryRepo) -> None:
    result = run_jdtool("diff", story.document, "v2016..v2018", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["stats"] == fixture_stats()
    assert "v2016" in data["old"]["label"] and "general-secretary.md" in data["old"]["label"]
    assert "v2018" in data["new"]["label"]


def test_from_and_to_accept_tags_commits_and_relative_revisions(story: StoryRepo) -> None:
    by_flags = run_jdtool("diff", story.document, "--from", story.commits["created"][:10],
                          "--to", "HEAD~3", "--format", "json")
    assert by_flags.exit_code == 1, by_flags.stderr
    assert json.loads(by_flags.stdout)["stats"] == fixture_stats()
    same = run_jdtool("diff", story.document, "--from", "v2016", "--to", "main~5")
    assert same.exit_code == 0, same.stderr  # the formatting-only revision says the same


def test_to_defaults_to_the_working_tree(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path)
    text = story.document.read_text(encoding="utf-8")
    story.document.write_text(text.replace(NEW_DUTY, NEW_DUTY.replace("safe", "safer")),
                              encoding="utf-8")
    result = run_jdtool("diff", story.document, "--from", "HEAD", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stats"]["blocks_reworded"] == 1
    assert "working tree" in data["new"]["label"]


def test_as_of_picks_the_version_in_force_on_a_date(story: StoryRepo) -> None:
    before = run_jdtool("diff", story.document, "--as-of", "2018-03-13", "--to", "v2018",
                        "--format", "json")
    assert json.loads(before.stdout)["stats"] == fixture_stats()
    on_the_day = run_jdtool("diff", story.document, "--as-of", "2018-03-14", "--to", "v2018")
    assert on_the_day.exit_code == 0, on_the_day.stderr


def one_line_error(result: object, exit_code: int = 2) -> str:
    from tests.history_repo import RunResult

    assert isinstance(result, RunResult)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_bad_revisions_are_one_line_errors(story: StoryRepo) -> None:
    doc = story.document
    assert "unknown revision 'no-such-tag'" in one_line_error(
        run_jdtool("diff", doc, "--from", "no-such-tag"))
    assert "binary file" in one_line_error(
        run_jdtool("diff", doc, "--from", story.commits["binary"]))
    assert "front matter is broken (line 3" in one_line_error(
        run_jdtool("diff", doc, "v2018..HEAD~2"))
    assert "did not exist yet on 2015-12-31" in one_line_error(
        run_jdtool("diff", doc, "--as-of", "2015-12-31"))
    assert "not a date" in one_line_error(run_jdtool("diff", doc, "--as-of", "14/03/2018"))
    assert "--from or --as-of" in one_line_error(
        run_jdtool("diff", doc, "--from", "v2016", "--as-of", "2018-01-01"))
    assert "second file" in one_line_error(run_jdtool("diff", doc))


def test_a_revision_before_the_file_existed(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path)
    # An unrelated document: git would follow a copy of the General Secretary's back in time.
    other = (ROOT / "posts" / "regional-organiser.md").read_text(encoding="utf-8")
    commit_file(story.repo, "posts/regional-organiser.md", other, "Add an organiser", BOB,
                "2020-01-01")
    message = one_line_error(run_jdtool("diff", tmp_path / "posts" / "regional-organiser.md",
                                        "--from", "v2018"))
    assert "did not exist at v2018" in message and "regional-organiser.md" in message


def test_outside_git_and_never_committed(tmp_path: Path) -> None:
    """Every git failure exits 2, whichever command meets it."""
    loose = tmp_path / "loose.md"
    loose.write_text((FIXTURES / "general-secretary-2018.md").read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert "not in a git repository" in one_line_error(
        run_jdtool("diff", loose, "--from", "HEAD"))
    assert "not in a git repository" in one_line_error(run_jdtool("log", loose))
    story = build_story_repo(tmp_path / "repo")
    fresh = story.root / "posts" / "fresh.md"
    fresh.write_text(loose.read_text(encoding="utf-8"), encoding="utf-8")
    assert "never committed" in one_line_error(run_jdtool("log", fresh))
    assert "never committed" in one_line_error(run_jdtool("blame", fresh))
