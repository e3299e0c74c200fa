"""Site history pages from ``jdtool build``: listing, redlines, links, cache, no-git builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.history_repo import (
    ALICE,
    StoryRepo,
    build_story_repo,
    commit_file,
    run_jdtool,
    with_new_duty,
)

ROOT = Path(__file__).resolve().parent.parent
SLUG = "general-secretary-role"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoryRepo, Path]:
    story = build_story_repo(tmp_path_factory.mktemp("story"))
    hostile = story.document.read_text(encoding="utf-8").replace(
        "## Staff management\n\n",
        "## Staff management\n\n- Never <script>alert(1)</script> run "
        "[this](javascript:alert(1)) link.\n", 1)
    commit_file(story.repo, "posts/general-secretary-role.md", hostile, "Hostile text", ALICE,
                "2019-04-01")
    result = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert result.exit_code == 0, result.stderr
    return story, story.root / "site"


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_history_page_lists_every_revision_and_links_each_redline(
        built: tuple[StoryRepo, Path]) -> None:
    story, site = built
    listing = page(site / SLUG / "history.html")
    items = listing.select("ol.revisions > li")
    assert len(items) == len(story.commits) + 1
    linked = {a["href"] for a in listing.select("ol.revisions a")}
    for href in linked:
        assert (site / SLUG / str(href)).is_file()
    revised = f"history/{story.commits['revised'][:12]}.html"
    assert revised in linked
    # Formatting-only, renaming and unreadable revisions have no redline to show.
    for name in ("formatted", "renamed", "broken", "binary"):
        assert f"history/{story.commits[name][:12]}.html" not in linked
    text = listing.get_text(" ")
    assert "Layout tidied" in text and "not a readable job description" in text


def test_revision_page_shows_the_redline_inside_the_site_template(
        built: tuple[StoryRepo, Path]) -> None:
    story, site = built
    revision = page(site / SLUG / "history" / f"{story.commits['revised'][:12]}.html")
    assert revision.h1 is not None
    assert revision.h1.get_text() == "What changed in the March 2018 revision"
    assert len(revision.find_all("main")) == 1 and len(revision.find_all("h1")) == 1
    deleted = " ".join(d.get_text() for d in revision.find_all("del"))
    assert "four-year" in deleted
    assert revision.find(string=lambda s: "Oversee the production of the union" in s)
    assert revision.select_one("link[href='../../site.css']") is not None
    for link in revision.select("a[href^='#']"):
        assert revision.find(id=str(link["href"])[1:]) is not None, link["href"]


def test_hostile_text_stays_text(built: tuple[StoryRepo, Path]) -> None:
    story, site = built
    newest = run_jdtool("log", story.document).stdout.split()[0]
    html = (site / SLUG / "history" / f"{story.repo.git.rev_parse(newest)[:12]}.html"
            ).read_text(encoding="utf-8")
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pack_page_links_to_its_history(built: tuple[StoryRepo, Path]) -> None:
    _, site = built
    pack = page(site / SLUG / "index.html")
    assert pack.find("a", href="../general-secretary-role/history.html") is not None or \
        pack.find("a", href="history.html") is not None


def test_rebuild_reuses_the_cache_without_parsing_or_comparing(
        built: tuple[StoryRepo, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    story, site = built
    before = (site / SLUG / "history.html").read_text(encoding="utf-8")

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a rebuild with no new commits must not parse or compare")

    monkeypatch.setattr("jdtool.diff.compare", refuse)
    os.utime(story.document)  # a changed file: the build runs again, the history has not moved
    # The build parses the working tree itself; the history must parse no revision.
    monkeypatch.setattr("jdtool.history.versions.VersionCache.version", refuse)
    monkeypatch.setattr("jdtool.history.versions.VersionCache.front_matter", refuse)
    result = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert result.exit_code == 0, result.stderr
    assert (site / SLUG / "history.html").read_text(encoding="utf-8") == before


def test_build_outside_git_says_history_is_unavailable(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "posts", tmp_path / "posts")
    result = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "history is unavailable" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert not list((tmp_path / "site").rglob("history.html"))


def test_a_new_commit_alone_rebuilds_the_history(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path)
    text = story.document.read_text(encoding="utf-8")
    story.document.write_text(text.replace("staffing levels", "staffing"), encoding="utf-8")
    first = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert first.exit_code == 0, first.stderr
    story.repo.index.add(["posts/general-secretary-role.md"])
    commit = story.repo.index.commit("Shorter wording", author=ALICE, committer=ALICE)
    second = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert second.exit_code == 0, second.stderr
    assert (story.root / "site" / SLUG / "history" / f"{commit.hexsha[:12]}.html").is_file()


def test_one_log_for_all_packs_follows_renames_as_one_file_does(
        built: tuple[StoryRepo, Path]) -> None:
    from jdtool.history.repository import GitRepository

    story, _ = built
    repository = GitRepository.find(story.document)
    posts = story.root / "posts"
    together = repository.histories([story.document, posts], [posts])
    alone = repository.history(story.document)
    assert [r.commit for r in together[story.document].revisions] == \
        [r.commit for r in alone.revisions]
    assert [r.changes for r in together[story.document].revisions] == \
        [r.changes for r in alone.revisions]
    assert [r.commit for r in together[posts].revisions] == \
        [r.commit for r in repository.history(posts).revisions]


def test_redlines_from_section_parses_equal_those_from_whole_parses(tmp_path: Path) -> None:
    from jdtool.diff import compare
    from jdtool.diff.html import render
    from jdtool.history.log import RevisionLog
    from jdtool.history.repository import GitRepository

    story = build_story_repo(tmp_path)
    repository = GitRepository.find(story.document)
    log = RevisionLog(repository, repository.history(story.document))
    compared = 0
    for entry in log.entries():
        refs = log._pairs.get(entry.revision.commit, [])
        for (old, new, _), (old_ref, new_ref, _) in zip(log.redline_pairs(entry.revision), refs,
                                                      strict=True):
            if old is None or new is None:
                continue
            whole = (log._document(old_ref), log._document(new_ref))
            assert whole[0] is not None and whole[1] is not None
            assert render(compare(old, new), title="t", old_label="o", new_label="n") == \
                render(compare(*whole), title="t", old_label="o", new_label="n")
            compared += 1
    assert compared == 4


def test_revisions_are_named_by_their_revised_value_when_they_set_one() -> None:
    from jdtool.history.pages import revision_headings

    entries = [  # newest first, as the log lists them
        {"date": "2026-11-25T10:00:00+00:00", "revised": "2018-03"},  # a later fix, same value
        {"date": "2026-11-24T10:00:00+00:00", "revised": "2018-03"},
        {"date": "2026-11-23T10:00:00+00:00", "revised": "2016-04"},
        {"date": "2026-10-01T10:00:00+00:00", "revised": None},
    ]
    assert revision_headings(entries) == [
        "What changed in the November 2026 revision",
        "What changed in the March 2018 revision",
        "What changed in the April 2016 revision",
        "What changed in the October 2026 revision",
    ]


def test_a_new_commit_carries_the_other_packs_history_pages_over(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path)
    other = "posts/branch-treasurer.md"
    commit_file(story.repo, other, story.document.read_text(encoding="utf-8").replace(
        "General Secretary", "Branch Treasurer"), "Add the treasurer", ALICE, "2019-05-01")
    first = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert first.exit_code == 0, first.stderr
    site = story.root / "site"
    kept = site / "branch-treasurer" / "history.html"
    # Marked (same size, same time) so that a file carried over can be told from one made
    # again: the carried file is the one the last build left, byte for byte.
    status = kept.stat()
    before = kept.read_bytes().replace(b"</body>", b"</BODY>")
    kept.write_bytes(before)
    os.utime(kept, ns=(status.st_atime_ns, status.st_mtime_ns))
    moved = with_new_duty(story.document.read_text(encoding="utf-8")).replace(
        "staffing duty", "staffing and budget duty")
    commit = commit_file(story.repo, "posts/general-secretary-role.md", moved,
                         "Budget duty", ALICE, "2019-06-01")
    second = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=story.root)
    assert second.exit_code == 0, second.stderr
    # The other pack's pages are last build's bytes, copied (their own file, the site's mode).
    assert kept.read_bytes() == before
    assert kept.stat().st_nlink == 1 and kept.stat().st_mode & 0o777 == 0o644
    assert (site / SLUG / "history" / f"{commit[:12]}.html").is_file()
    # The same as a build from nothing.
    fresh = run_jdtool("build", "--no-pdf", "--quiet", "--no-cache", "--out", "fresh",
                       cwd=story.root)
    assert fresh.exit_code == 0, fresh.stderr
    assert (story.root / "fresh" / "branch-treasurer" / "history.html").read_bytes() == \
        before.replace(b"</BODY>", b"</body>")
    for path in (story.root / "fresh").rglob("*.html"):
        if path.name != "history.html" or path.parent.name != "branch-treasurer":
            assert (site / path.relative_to(story.root / "fresh")).read_bytes() == \
                path.read_bytes(), path


def test_pages_made_by_worker_processes_are_those_made_in_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough packs to share among workers (``--jobs 2``): the same files as ``--jobs 1``, and
    the facts the workers found are kept, so the next build compares nothing."""
    story = build_story_repo(tmp_path)
    text = story.document.read_text(encoding="utf-8")
    for number in range(5):
        path = f"posts/officer-{number}.md"
        first = text.replace("General Secretary", f"Officer {number}")
        commit_file(story.repo, path, first, f"Add officer {number}", ALICE, "2019-05-01")
        commit_file(story.repo, path, with_new_duty(first), f"Duty for officer {number}",
                    ALICE, "2019-06-01")
    import concurrent.futures

    pools: list[int] = []

    class Counted(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *arguments: Any, **options: Any) -> None:
            pools.append(1)
            super().__init__(*arguments, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    for jobs in ("1", "2"):
        result = run_jdtool("build", "--no-pdf", "--quiet", "--jobs", jobs, "--out",
                            f"site-{jobs}", "--no-cache", cwd=story.root)
        assert result.exit_code == 0, result.stderr
    assert len(pools) == 1  # --jobs 2 shared the packs among workers, --jobs 1 did not
    one, two = story.root / "site-1", story.root / "site-2"
    files = sorted(path.relative_to(one) for path in one.rglob("*") if path.is_file())
    assert len([path for path in files if path.parent.name == "history"]) >= 10
    assert files == sorted(path.relative_to(two) for path in two.rglob("*") if path.is_file())
    for relative in files:
        assert (one / relative).read_bytes() == (two / relative).read_bytes(), relative
    built = run_jdtool("build", "--no-pdf", "--quiet", "--jobs", "2", "--out", "site",
                       cwd=story.root)
    assert built.exit_code == 0, built.stderr
    # Without the site to carry over and the pages' cache, the pages are made again from the
    # facts the workers handed back: no pair is compared for its figures again.
    shutil.rmtree(story.root / "site")
    cache = story.root / ".jdtool-cache" / "history"
    for made in cache.glob("*.json"):
        if made.name != "facts.json":
            made.unlink()

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the facts the workers found must be in the cache")

    monkeypatch.setattr("jdtool.history.log.RevisionLog._compare", refuse)
    again = run_jdtool("build", "--no-pdf", "--quiet", "--jobs", "2", "--out", "site",
                       cwd=story.root)
    assert again.exit_code == 0, again.stderr
    for relative in files:
        assert (story.root / "site" / relative).read_bytes() == (one / relative).read_bytes()


def test_an_embedded_redline_has_every_heading_one_level_down_and_its_ids_prefixed() -> None:
    from jdtool.history.pages import embeddable

    page = ('<html><head><style>p{}</style></head><body><main><h1>T</h1><h2 id="s">S</h2>'
            '<h3>A</h3><h4>B</h4><h5>C</h5><h6>D</h6><a href="#s">to S</a>'
            '<input name="view" id="v"><label for="v">V</label></main></body></html>')
    style, body = embeddable(page, "d1-")
    assert style == "p{}"
    assert body == ('<div class="redline"><h2>T</h2><h3 id="d1-s">S</h3><h4>A</h4><h5>B</h5>'
                    '<h6>C</h6><h6>D</h6><a href="#d1-s">to S</a>'
                    '<input name="d1-view" id="d1-v"><label for="d1-v">V</label></div>')
