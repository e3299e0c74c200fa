"""``jdtool blame``: blocks followed through moves, rewording and unreadable revisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jdtool.history.blame import blame
from tests.history_repo import NEW_DUTY, StoryRepo, build_story_repo, run_jdtool

MOVED = "Act as the union's principal spokesperson"
REWORDED = "Ensure that the union's rules are observed"
ADDED = "Keep the level of the union's reserves"
UNTOUCHED = "Provide strategic leadership to the union"


def line_for(result: object, start: str) -> tuple[str | None, str | None]:
    from jdtool.history.blame import Blame

    assert isinstance(result, Blame)
    found = [line for line in result.lines if line.block.text.startswith(start)]
    assert len(found) == 1, start
    attribution = found[0].attribution
    first = attribution.first.revision.commit if attribution.first.revision else None
    wording = attribution.wording.revision.commit if attribution.wording.revision else None
    return first, wording


def test_blame_follows_moves_rewording_and_additions(story: StoryRepo) -> None:
    result = blame(story.document)
    created, revised = story.commits["created"], story.commits["revised"]
    assert line_for(result, MOVED) == (created, created)
    assert line_for(result, REWORDED) == (created, revised)
    assert line_for(result, ADDED) == (revised, revised)
    assert line_for(result, UNTOUCHED) == (created, created)
    assert line_for(result, NEW_DUTY[:40]) == (story.commits["repaired"],) * 2
    commits = {commit for line in result.lines for commit in (
        line.attribution.first.revision.commit if line.attribution.first.revision else None,
        line.attribution.wording.revision.commit if line.attribution.wording.revision else None)}
    # Formatting, renaming and unreadable revisions never take credit for wording.
    assert commits.isdisjoint({story.commits[name] for name in
                               ("formatted", "renamed", "broken", "binary")})
    assert any("skipped" in note and "binary" in note for note in result.notes)


def test_blame_shows_uncommitted_edits_as_working(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path)
    text = story.document.read_text(encoding="utf-8")
    story.document.write_text(text.replace("Provide strategic leadership to the union,",
                                           "Provide clear strategic leadership to the union,"),
                              encoding="utf-8")
    result = blame(story.document)
    first, wording = line_for(result, "Provide clear strategic leadership")
    assert (first, wording) == (story.commits["created"], None)
    output = run_jdtool("blame", story.document)
    assert output.exit_code == 0
    assert "working" in output.stdout and "since" in output.stdout


def test_blame_json_has_both_revisions_for_every_block(story: StoryRepo) -> None:
    output = run_jdtool("blame", story.document, "--format", "json")
    assert output.exit_code == 0, output.stderr
    data = json.loads(output.stdout)
    from jdtool.core.documents import load_document

    expected = [block.text for _, block in load_document(story.document).blocks()]
    assert [item["text"] for item in data["blocks"]] == expected
    moved = next(item for item in data["blocks"] if item["text"].startswith(MOVED))
    assert moved["section"] == "Influencing externally"
    assert moved["first"]["date"].startswith("2016-04-01")
    assert moved["first"]["author"] == "Alice Ashdown"


def test_blame_refuses_a_folder(story: StoryRepo) -> None:
    output = run_jdtool("blame", story.root / "posts")
    assert output.exit_code == 1
    assert "blame works on one document" in output.stderr


def test_a_second_blame_reuses_the_cache(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    story = build_story_repo(tmp_path)
    first = blame(story.document).to_dict()

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a repeated blame must not compare revisions")

    monkeypatch.setattr("jdtool.diff.compare", refuse)
    assert blame(story.document).to_dict() == first


def test_section_walk_agrees_with_the_whole_document_walk(story: StoryRepo) -> None:
    from jdtool.history import blame as blame_module
    from jdtool.history.repository import GitRepository
    from jdtool.history.versions import VersionCache

    repository = GitRepository.find(story.document)
    history = repository.history(story.document)
    by_sections = blame_module._walk_sections(history, VersionCache(repository))
    whole = blame_module._walk_revisions(history, VersionCache(repository))
    assert by_sections is not None and by_sections.version is not None
    assert whole.version is not None

    def view(result: blame_module.CommittedBlame) -> list[tuple[str, str | None, str | None]]:
        assert result.version is not None and result.version.document is not None
        rows = []
        for _, block in result.version.document.blocks():
            attribution = result.attributions[id(block)]
            rows.append((block.text, blame_module._commit(attribution.first),
                         blame_module._commit(attribution.wording)))
        return rows

    assert view(by_sections) == view(whole)
    assert by_sections.notes == whole.notes
