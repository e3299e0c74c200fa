"""A build after new commits: unchanged history pages are kept where the recycled site holds
them (by the staging's manifest, unread), only new revisions are redlined, and the site is
byte for byte the one a ``--no-cache`` build makes; a tampered tree or manifest changes
nothing but the time it takes."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.history.revisions import ChangeIndex, FileChange, Revision, file_history
from tests.history_repo import (
    ALICE,
    StoryRepo,
    build_story_repo,
    commit_file,
    init_repo,
    run_jdtool,
)
from tests.real_material import shared_path

BUILD = ("build", "--no-pdf", "--quiet", "--site-url", "https://jobs.example.org/")
OFFICERS = 5


def officers(tmp_path: Path) -> StoryRepo:
    """The story's pack and five more, each with two revisions: enough for worker processes."""
    story = build_story_repo(tmp_path)
    text = story.document.read_text(encoding="utf-8")
    for number in range(OFFICERS):
        path = f"posts/officer-{number}.md"
        first = text.replace("General Secretary", f"Officer {number}")
        commit_file(story.repo, path, first, f"Add officer {number}", ALICE, "2019-05-01")
        second = first.replace("safe staffing levels", "safe staffing levels, kept")
        commit_file(story.repo, path, second,
                    f"Edit officer {number}", ALICE, "2019-06-01")
    return story


def edit(story: StoryRepo, numbers: range, words: str, day: str) -> None:
    for number in numbers:
        path = story.root / f"posts/officer-{number}.md"
        text = path.read_text(encoding="utf-8").replace("safe staffing levels",
                                                       f"safe staffing levels, {words}")
        commit_file(story.repo, f"posts/officer-{number}.md", text, f"{words} {number}", ALICE,
                    day)


def build(story: StoryRepo, *options: str, out: str = "site") -> None:
    result = run_jdtool(*BUILD, "--out", out, *options, cwd=story.root)
    assert result.exit_code == 0, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_as_fresh(story: StoryRepo) -> None:
    """The site equals a build from nothing, and every file is the site's own, 0644."""
    build(story, "--no-cache", "--jobs", "1", out="fresh")
    site, fresh = files(story.root / "site"), files(story.root / "fresh")
    assert sorted(site) == sorted(fresh)
    assert [name for name in site if site[name] != fresh[name]] == []
    for path in (story.root / "site").rglob("*"):
        if path.is_file():
            assert path.stat().st_nlink == 1 and path.stat().st_mode & 0o777 == 0o644, path


def test_history_pages_made_by_workers_stay_in_a_recycled_site(tmp_path: Path) -> None:
    """Builds that remake many packs' pages in worker processes into a recycled tree: the
    workers' files are part of the site (they were once pruned as unwritten)."""
    story = officers(tmp_path)
    build(story, "--jobs", "2")
    for round_, day in enumerate(("2019-07-01", "2019-08-01", "2019-09-01")):
        edit(story, range(OFFICERS), f"round {round_}", day)
        build(story, "--jobs", "2")
        histories = list((story.root / "site").glob("officer-*/history/*.html"))
        assert len(histories) >= OFFICERS * (3 + round_)
    assert (tmp_path / ".site.recycled").is_dir()
    assert_as_fresh(story)


def test_one_commit_keeps_the_other_packs_pages_unread_and_redlines_one_revision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = officers(tmp_path)
    for day in ("2019-07-01", "2019-08-01"):  # both trees, each with its manifest
        build(story, "--jobs", "1")
        edit(story, range(1), f"edit of {day}", day)
    build(story, "--jobs", "1")
    compared: list[str] = []
    rendered: list[str] = []
    import jdtool.core.staging as staging
    import jdtool.diff.html as html

    held, render = staging._holds_already, html.render

    def holds_already(path: Path, data: bytes) -> bool:
        compared.append(path.as_posix())
        return held(path, data)

    def counted_render(*arguments: object, **options: object) -> str:
        rendered.append("redline")
        return render(*arguments, **options)  # type: ignore[arg-type]

    read_bytes = Path.read_bytes

    def counted_read(path: Path) -> bytes:
        compared.append(path.as_posix())
        return read_bytes(path)

    monkeypatch.setattr(staging, "_holds_already", holds_already)
    monkeypatch.setattr(html, "render", counted_render)
    monkeypatch.setattr(Path, "read_bytes", counted_read)
    edit(story, range(1), "the last edit", "2019-09-01")
    build(story, "--jobs", "1")
    monkeypatch.undo()
    assert len(rendered) == 1  # the new revision's redline; the older ones were cached
    # No file of another pack's history was read (to be copied or compared): the manifest
    # vouched for the recycled tree's.
    assert [path for path in compared if path.startswith(tmp_path.as_posix())
            and "/history" in path and "/officer-0/" not in path] == []
    assert_as_fresh(story)
    # Each pack's cached pages name the redlines cached apart instead of holding a copy.
    cache = tmp_path / ".jdtool-cache" / "history"
    packs = [json.loads(path.read_text(encoding="utf-8")) for path in cache.glob("*.json")
             if path.name not in ("facts.json", "written.json")]
    redlined = [item for pages in packs for item in pages
                if item["entry"]["kind"] in ("changed", "created", "deleted")]
    assert redlined and all(item["redlines_key"] and "redlines" not in item
                            for item in redlined)


def test_a_tampered_tree_or_manifest_still_gives_the_right_site(tmp_path: Path) -> None:
    story = officers(tmp_path)
    for day in ("2019-07-01", "2019-08-01"):
        build(story, "--jobs", "1")
        edit(story, range(1), f"edit of {day}", day)
    build(story, "--jobs", "1")
    # The tree the next build fills: a page of an unchanged pack altered in place, its size
    # and modification time put back (its change time and the manifest's record differ).
    recycled = tmp_path / ".site.recycled"
    victim = next(iter(sorted((recycled / "officer-3" / "history").glob("*.html"))))
    status = victim.stat()
    data = victim.read_bytes()
    victim.write_bytes(data.replace(b"<html", b"<HTML", 1))
    os.utime(victim, ns=(status.st_atime_ns, status.st_mtime_ns))
    edit(story, range(1), "after tampering", "2019-09-01")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
    # A manifest that lies (every digest of a file another's) or is unreadable.
    manifest = next((tmp_path / ".jdtool-cache" / "publish").glob("site-files-*.json"))
    trees = json.loads(manifest.read_text(encoding="utf-8"))["trees"]
    for tree in trees.values():
        digests = [entry[0] for entry in tree.values()]
        for entry, digest in zip(tree.values(), digests[1:] + digests[:1], strict=True):
            entry[0] = digest
    manifest.write_text(json.dumps({"trees": trees}), encoding="utf-8")
    edit(story, range(1), "with a lying manifest", "2019-10-01")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
    manifest.write_text("{not json", encoding="utf-8")
    edit(story, range(1), "with a broken manifest", "2019-11-01")
    build(story, "--jobs", "1")
    assert_as_fresh(story)


def test_real_histories_after_one_commit_give_the_fresh_site(tmp_path: Path) -> None:
    """Three real job-description histories (front matter added), replayed as commits: a
    build after each of two more commits is the site a ``--no-cache`` build makes."""
    roles = sorted(shared_path("corpus", "revisions").glob("*/"))[:3]
    repo = init_repo(tmp_path)
    story = StoryRepo(tmp_path, repo)
    versions = {role.name: sorted(role.glob("v*.md")) for role in roles}
    for number in range(max(map(len, versions.values()))):
        for name, texts in versions.items():
            if number < len(texts):
                text = texts[number].read_text(encoding="utf-8", errors="replace")
                commit_file(repo, f"posts/{name}.md", "---\nkind: description\ntitle: "
                            f"{name}\nstatus: published\nrevised: {2000 + number}-01\n---\n\n"
                            f"{text}", f"{name} {number}", ALICE, f"{2000 + number}-01-01")
    build(story)
    first = f"posts/{roles[0].name}.md"
    for number in range(2):
        text = (tmp_path / first).read_text(encoding="utf-8") + f"\nA last line, {number}.\n"
        commit_file(repo, first, text, f"edit {number}", ALICE, f"2030-0{number + 1}-01")
        build(story)
    assert len(list((tmp_path / "site").glob("*/history/*.html"))) > 10
    assert_as_fresh(story)


NAMES = ("a.md", "b.md", "c.md")


@st.composite
def revision_lists(draw: st.DrawFn) -> list[Revision]:
    """Newest first: commits changing, adding, deleting and renaming among a few names."""
    revisions = []
    for number in range(draw(st.integers(0, 12))):
        changes = []
        for _ in range(draw(st.integers(1, 3))):
            status = draw(st.sampled_from("AMDR"))
            path = draw(st.sampled_from(NAMES))
            old = draw(st.sampled_from(NAMES)) if status == "R" else path
            changes.append(FileChange(status, path, old, "1" * 40, "2" * 40))
        revisions.append(Revision(f"{number:040d}", (), "A", "a@example.org",
                                  dt.datetime(2020, 1, 1, tzinfo=dt.UTC), "s",
                                  tuple(changes)))
    return revisions


@settings(max_examples=300, deadline=None)
@given(revision_lists(), st.sampled_from(NAMES))
def test_the_change_index_finds_each_files_history_as_a_walk_does(
        revisions: list[Revision], target: str) -> None:
    assert ChangeIndex(revisions).file_history(target) == file_history(target, revisions)
