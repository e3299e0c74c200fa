"""History in plain words: revision names, the first version, order by ``revised``, what
changed in words (log and pages), and commit details only when the settings ask."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from jdtool.core.problems import JdtoolError
from jdtool.diff.wording import changes_in_words
from jdtool.history.settings import HistorySettings, load_history_settings
from jdtool.history.wording import (
    FIRST_VERSION,
    in_reading_order,
    revision_headings,
    revision_names,
)
from tests.diff_helpers import HEAD, diff_of
from tests.history_repo import ALICE, BOB, build_story_repo, commit_file, init_repo, run_jdtool

SLUG = "general-secretary-role"


def entry(date: str, revised: str | None, kind: str = "changed") -> dict[str, object]:
    return {"date": f"{date}T10:00:00+00:00", "revised": revised, "kind": kind}


def test_names_are_distinct_and_the_first_version_is_named_so() -> None:
    entries = [entry("2022-02-20", "2022-02"), entry("2022-02-14", "2022-02"),
               entry("2022-02-03", "2022-02"), entry("2021-05-01", "2021-05", "created")]
    names = revision_names(entries)
    assert len(set(names)) == len(names)
    assert names[-1] == FIRST_VERSION
    assert names[0] == "February 2022 revision (recorded 20 February 2022)"
    assert revision_headings(entries)[-1] == FIRST_VERSION
    assert revision_headings(entries)[1].startswith("What changed in the February 2022")


def test_back_filled_history_is_ordered_by_revised_and_says_so() -> None:
    entries = [entry("2026-11-25", "2016-04"), entry("2026-11-24", "2018-03"),
               entry("2026-11-23", "2020-01", "created")]
    order, by_revised = in_reading_order(entries)
    assert by_revised and order == [2, 1, 0]
    in_order = [entry("2020-01-01", "2020-01"), entry("2018-03-01", "2018-03")]
    assert in_reading_order(in_order) == ([0, 1], False)


def test_changes_in_words_name_sections_fields_and_heading_changes() -> None:
    old = "## Duties\n\n- Keep the minutes.\n- Chair meetings.\n\n## Staff\n\nManage staff.\n"
    new = old.replace("Chair meetings", "Chair all meetings").replace("## Staff", "## People")
    phrases = changes_in_words(diff_of(old, new, new_head=HEAD.replace(
        "---\n", "---\nterm: Five years\n", 1)))
    assert phrases == ["Duties: 1 passage reworded",
                       "\u201cStaff\u201d renamed \u201cPeople\u201d",
                       "term of office added"]


def test_settings_default_to_plain_pages_and_reject_typos(tmp_path: Path) -> None:
    assert load_history_settings(tmp_path) == HistorySettings(False, False)
    (tmp_path / "pyproject.toml").write_text("[tool.jdtool.history]\nshow_authors = true\n",
                                             encoding="utf-8")
    assert load_history_settings(tmp_path).show_authors
    (tmp_path / "pyproject.toml").write_text("[tool.jdtool.history]\nshow_author = true\n",
                                             encoding="utf-8")
    with pytest.raises(JdtoolError, match="unknown history setting 'show_author'"):
        load_history_settings(tmp_path)


def test_pages_hide_commit_details_unless_asked(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path / "story")
    assert run_jdtool("build", "--no-pdf", "--quiet", "--out", "site",
                      cwd=story.root).exit_code == 0
    listing = BeautifulSoup((story.root / "site" / SLUG / "history.html").read_text("utf-8"),
                            "html.parser")
    text = listing.get_text(" ")
    for hidden in ("Alice Ashdown", "Revise for the 2018 election", story.commits["revised"][:7],
                   "posts/"):
        assert hidden not in text
    links = [a.get_text() for a in listing.select("ol.revisions a")]
    assert len(links) == len(set(links)) and FIRST_VERSION in links
    assert "Role of the post: 1 passage reworded" in text
    assert "Last revised March 2018" in text
    first = story.root / "site" / SLUG / f"history/{story.commits['created'][:12]}.html"
    page = BeautifulSoup(first.read_text("utf-8"), "html.parser")
    assert page.h1.get_text() == FIRST_VERSION
    assert not page.find("ins") and "Leading the union" in page.get_text()

    (story.root / "pyproject.toml").write_text(
        "[tool.jdtool.history]\nshow_authors = true\nshow_commits = true\n", encoding="utf-8")
    assert run_jdtool("build", "--no-pdf", "--quiet", "--out", "site",
                      cwd=story.root).exit_code == 0
    text = (story.root / "site" / SLUG / "history.html").read_text("utf-8")
    assert "Alice Ashdown" in text and "Revise for the 2018 election" in text


def test_log_says_what_changed_in_words(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    body = "\n## Duties\n\n- Keep the minutes.\n\n## Staff\n\nManage staff.\n"
    commit_file(repo, "posts/clerk.md", HEAD + body, "First", ALICE, "2020-01-01")
    commit_file(repo, "posts/clerk.md", HEAD + body.replace("## Staff", "## People"),
                "Rename", BOB, "2020-02-01")
    result = run_jdtool("--no-pager", "log", "posts/clerk.md", cwd=tmp_path)
    assert "\u201cStaff\u201d renamed \u201cPeople\u201d" in result.stdout
    assert "first version (2 passages)" in result.stdout


def test_as_of_follows_revised_when_old_versions_were_committed_later(tmp_path: Path) -> None:
    from jdtool.history.resolve import RevisionResolver

    repo = init_repo(tmp_path)
    head = HEAD.replace("---\n", "---\nrevised: {}\n", 1)
    body = "\n## Duties\n\n- {}\n"
    path = "posts/clerk.md"
    # Back-filled: the 2018 text went in first, the 2016 one afterwards, then a 2020 one.
    commit_file(repo, path, head.format("2018-03") + body.format("Text of 2018."), "2018",
                ALICE, "2021-01-01")
    commit_file(repo, path, head.format("2016-04") + body.format("Text of 2016."), "2016",
                ALICE, "2021-01-02")
    commit_file(repo, path, head.format("2020-06") + body.format("Text of 2020."), "2020",
                ALICE, "2021-01-03")
    resolver = RevisionResolver(tmp_path / path)
    found = resolver.as_of(dt.date(2017, 1, 1))
    assert "Text of 2016." in found.document.source
    assert "by its revised date 2016-04" in found.label
    assert "Text of 2018." in resolver.as_of(dt.date(2019, 1, 1)).document.source
    listed = run_jdtool("--no-pager", "log", path, cwd=tmp_path)
    assert listed.exit_code == 0


def test_as_of_follows_revised_when_commit_dates_disagree(tmp_path: Path) -> None:
    from jdtool.history.resolve import RevisionResolver

    repo = init_repo(tmp_path)
    head = HEAD.replace("---\n", "---\nrevised: {}\n", 1)
    path = "posts/clerk.md"
    # Committed in the right order, but the first commit carries a later date.
    commit_file(repo, path, head.format("2016-04") + "\nText of 2016.\n", "2016", ALICE,
                "2026-11-25")
    commit_file(repo, path, head.format("2018-03") + "\nText of 2018.\n", "2018", ALICE,
                "2018-03-14")
    found = RevisionResolver(tmp_path / path).as_of(dt.date(2017, 1, 1))
    assert "Text of 2016." in found.document.source
    assert "by its revised date 2016-04" in found.label
