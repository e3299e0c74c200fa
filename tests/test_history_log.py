"""``jdtool log`` on real repositories: renames, authors, formatting-only, unreadable revisions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import git
import pytest

from jdtool.history.log import build_log
from tests.history_repo import (
    ALICE,
    BOB,
    FIXTURES,
    NEW_DUTY,
    StoryRepo,
    build_story_repo,
    commit_file,
    init_repo,
    run_jdtool,
)

ROOT = Path(__file__).resolve().parent.parent


def answer_key_counts() -> dict[str, int]:
    """Block counts from the hand-written answer key of the 2016 -> 2018 revision."""
    key = (FIXTURES / "general-secretary-changes.txt").read_text(encoding="utf-8")

    def count(heading: str) -> int:
        match = re.search(rf"^{heading} \((\d+) ", key, re.MULTILINE)
        assert match, heading
        return int(match[1])

    body_text_rewordings = len(re.findall(r"^BODY TEXT", key, re.MULTILINE))
    fields = len(re.findall(r"^- \w+: ", key, re.MULTILINE))
    return {"added": count("ADDED"), "removed": count("REMOVED"),
            "reworded": count("REWORDED") + body_text_rewordings,
            "moved": count("MOVED") + count("REORDERED"), "fields": fields}


def test_log_lists_every_revision_newest_first_across_the_rename(story: StoryRepo) -> None:
    _, entries = build_log(story.document)
    assert [entry.revision.commit for entry in entries] == list(reversed(story.commits.values()))
    assert [entry.revision.author for entry in entries][-3:] == \
        [CAROL_NAME, BOB.name, ALICE.name]
    kinds = {name: entry.kind for name, entry in zip(reversed(story.commits), entries,
                                                     strict=True)}
    assert kinds == {"repaired": "changed", "binary": "unreadable", "broken": "unreadable",
                     "revised": "changed", "renamed": "renamed", "formatted": "formatting",
                     "created": "created"}


CAROL_NAME = "Carol Chen"


def test_log_statistics_agree_with_the_answer_key(story: StoryRepo) -> None:
    _, entries = build_log(story.document)
    revised = next(e for e in entries if e.revision.commit == story.commits["revised"])
    expected = answer_key_counts()
    assert revised.stats is not None
    assert (revised.stats.blocks_added, revised.stats.blocks_removed,
            revised.stats.blocks_reworded, revised.stats.blocks_moved,
            revised.stats.fields_changed) == (
        expected["added"], expected["removed"], expected["reworded"], expected["moved"],
        expected["fields"])
    assert revised.revised == "2018-03"
    created = entries[-1]
    assert created.stats is not None and created.stats.blocks_removed == 0
    assert created.stats.words_added == sum(
        len(block.text.split()) for _, block in created_document_blocks(story))


def created_document_blocks(story: StoryRepo) -> list[tuple[object, object]]:
    from jdtool.core.documents import parse_document

    text = (FIXTURES / "general-secretary-2016.md").read_text(encoding="utf-8")
    return list(parse_document(text, Path("x.md")).blocks())


def test_unreadable_revisions_are_marked_and_stepped_over(story: StoryRepo) -> None:
    _, entries = build_log(story.document)
    by_commit = {entry.revision.commit: entry for entry in entries}
    broken = by_commit[story.commits["broken"]]
    assert broken.stats is None and "front matter is broken (line 3" in broken.notes[0]
    binary = by_commit[story.commits["binary"]]
    assert binary.stats is None and "binary" in binary.notes[0]
    repaired = by_commit[story.commits["repaired"]]
    assert repaired.stats is not None
    assert (repaired.stats.blocks_added, repaired.stats.words_added) == \
        (1, len(NEW_DUTY.split()))
    assert any(story.commits["revised"][:7] in note for note in repaired.notes)


def test_log_json_marks_formatting_only_revisions(story: StoryRepo) -> None:
    result = run_jdtool("log", story.document, "--format", "json")
    assert result.exit_code == 0, result.stderr
    revisions = json.loads(result.stdout)["revisions"]
    flagged = [r["commit"] for r in revisions if r["formatting_only"]]
    assert flagged == [story.commits["formatted"]]
    assert {r["subject"] for r in revisions} >= {"Rename to general-secretary-role",
                                                 "Revise for the 2018 election"}
    assert [r["revised"] for r in revisions][-3:] == ["2016-04"] * 3


def test_log_text_names_each_revision(story: StoryRepo) -> None:
    result = run_jdtool("log", story.document)
    assert result.exit_code == 0
    for commit in story.commits.values():
        assert commit[:7] in result.stdout
    assert "formatting only" in result.stdout
    assert "renamed, wording unchanged" in result.stdout


def test_pack_log_sums_every_document_a_revision_changed(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    pack = tmp_path / "posts" / "director-of-operations"
    shutil.copytree(ROOT / "posts" / "director-of-operations", pack)
    repo.index.add([str(p.relative_to(tmp_path)) for p in pack.iterdir()])
    repo.index.commit("Add the pack", author=ALICE, committer=ALICE)
    description = (pack / "description.md").read_text(encoding="utf-8")
    spec = (pack / "person-spec.md").read_text(encoding="utf-8")
    commit_file(repo, "posts/director-of-operations/description.md",
                description.rstrip("\n") + "\n\nA new closing paragraph of six words.\n",
                "Two documents at once", BOB, "2026-10-01")
    spec_path = pack / "person-spec.md"
    spec_path.write_text(spec.rstrip("\n") + "\n\nAnother new paragraph here.\n",
                         encoding="utf-8")
    repo.index.add(["posts/director-of-operations/person-spec.md"])
    repo.index.commit("Person specification note", author=BOB, committer=BOB)
    _, entries = build_log(pack)
    assert [entry.kind for entry in entries] == ["changed", "changed", "created"]
    assert entries[1].stats is not None and entries[1].stats.words_added == 7
    assert entries[0].paths == ["posts/director-of-operations/person-spec.md"]
    assert entries[-1].stats is not None
    assert len(entries[-1].paths) == len(list(pack.iterdir()))


def test_shallow_clone_marks_its_oldest_revision(story: StoryRepo, tmp_path: Path) -> None:
    clone = git.Repo.clone_from(story.root.as_uri(), tmp_path / "clone", depth=2)
    document = Path(clone.working_tree_dir or ".") / "posts" / "general-secretary-role.md"
    _, entries = build_log(document)
    assert len(entries) == 2
    assert entries[-1].kind == "truncated" and "unshallow" in entries[-1].notes[0]
    result = run_jdtool("diff", document, "--from", "HEAD~4")
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_second_log_reuses_the_cache_and_parses_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = build_story_repo(tmp_path)
    _, first = build_log(story.document)
    assert (tmp_path / ".git" / "jdtool" / "history" / "facts.json").is_file()
    assert not story.repo.untracked_files

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a repeated log must not parse or compare")

    monkeypatch.setattr("jdtool.core.documents.parse_document", refuse)
    monkeypatch.setattr("jdtool.core.parser.parse_body", refuse)
    monkeypatch.setattr("jdtool.diff.compare", refuse)
    _, second = build_log(story.document)
    assert [entry.to_dict() for entry in second] == [entry.to_dict() for entry in first]


def test_a_repeated_log_of_a_pack_with_a_deleted_document_reads_no_blob(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path)
    pack = tmp_path / "posts" / "director-of-operations"
    shutil.copytree(ROOT / "posts" / "director-of-operations", pack)
    repo.index.add([str(p.relative_to(tmp_path)) for p in pack.iterdir()])
    repo.index.commit("Add the pack", author=ALICE, committer=ALICE)
    repo.index.remove(["posts/director-of-operations/person-spec.md"], working_tree=True)
    repo.index.commit("No person specification", author=BOB, committer=BOB)
    _, first = build_log(pack)
    assert [entry.kind for entry in first] == ["deleted", "created"]
    read: list[str] = []
    monkeypatch.setattr("jdtool.history.repository.GitRepository.prefetch_blobs",
                        lambda self, shas: read.extend(shas))
    _, second = build_log(pack)
    assert [entry.to_dict() for entry in second] == [entry.to_dict() for entry in first]
    assert read == []  # the deleted document's facts and size come from the cache


def test_a_log_at_an_unmoved_head_is_read_whole_and_a_new_commit_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdtool.history import log as history_log

    story = build_story_repo(tmp_path)
    built = history_log.log_entries(story.document)
    assert list((tmp_path / ".git" / "jdtool" / "history" / "logs").glob("*.json"))

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("an unmoved HEAD must not run git log or GitPython")

    with monkeypatch.context() as patch:
        patch.setattr(history_log, "build_log", refuse)
        patch.setattr("jdtool.history.repository.GitRepository.find", refuse)
        cached = history_log.log_entries(story.document)
    assert [entry.to_dict() for entry in cached] == [entry.to_dict() for entry in built]
    assert [entry.revision for entry in cached] == [entry.revision for entry in built]

    text = story.document.read_text(encoding="utf-8")
    commit_file(story.repo, "posts/general-secretary-role.md", text + "\nA new line.\n",
                "Add a line", BOB, "2020-01-01")
    after = history_log.log_entries(story.document)
    assert len(after) == len(built) + 1 and after[0].revision.subject == "Add a line"
    assert [entry.to_dict() for entry in after[1:]] == [entry.to_dict() for entry in built]


def test_log_in_a_pipe_is_plain_lines_without_markup(tmp_path: Path) -> None:
    from jdtool.history.log import KIND_LABELS, log_entries

    story = build_story_repo(tmp_path)
    result = run_jdtool("log", story.document, cwd=tmp_path)
    entries = log_entries(story.document)
    lines = result.stdout.splitlines()
    assert len(lines) == sum(2 + bool(entry.words) + len(entry.notes) for entry in entries)
    newest = entries[0].revision
    assert lines[0] == (f"{newest.short} {newest.date.date().isoformat()}  {newest.author}  "
                        f"{newest.subject}")
    assert lines[1].startswith(f"        {KIND_LABELS[entries[0].kind]}")
    assert "[/]" not in result.stdout and "\x1b" not in result.stdout


def test_a_log_worked_out_in_two_processes_is_the_one_process_log(
        story: StoryRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    import jdtool.history.log as log_module
    from jdtool.history.cache import HistoryCache
    from jdtool.history.repository import GitRepository

    alone = [entry.to_dict() for entry in build_log(story.document, use_cache=False)[1]]
    monkeypatch.setattr(log_module, "_AHEAD_FROM", 1)  # fork even for this short story
    monkeypatch.setattr(log_module, "_cores", lambda: 2)
    repository = GitRepository.find(story.document)
    log = log_module.RevisionLog(repository, repository.history(story.document),
                                 cache=HistoryCache(None))
    pairs = log._uncompared_pairs()
    assert len(pairs) == 6  # every revision but the first: the later half goes to the fork
    log._compare_ahead()
    # The broken and binary revisions are in the forked half: their facts came back from it.
    broken, binary = (repository.history(story.document).revisions[index].changes[0].blob
                      for index in (2, 1))
    facts = log.cache.tables["blobs"]
    assert facts[f"{broken}:general-secretary-role.md"]["failure"].startswith(
        "front matter is broken")
    assert facts[f"{binary}:general-secretary-role.md"]["failure"].startswith("binary file")
    assert len(log.cache.tables["pairs"]) == 3  # formatted, renamed, revised: both readable
    assert [entry.to_dict() for entry in log.entries(save=False)] == alone
