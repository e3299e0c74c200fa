"""The site swap refills the site it last replaced: unchanged files are left as they are,
the rest is written or removed, and the result is the very site a fresh build makes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from jdtool.core.staging import MARKER, recycled_path, staged_folder, staged_site
from jdtool.publish.context import BuildOptions
from jdtool.publish.site import build

POSTS = Path(__file__).resolve().parent.parent / "posts"


def fill(out: Path, files: dict[str, str]) -> tuple[int, bool]:
    """Build a 'site' of ``files``; how many files were left as they were, and whether the
    staging folder was a recycled tree."""
    with staged_site(out) as staging:
        for relative, text in files.items():
            staging.write(staging.path / relative, text)
    return staging.kept, staging.recycled


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_replaced_site_is_refilled_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    one = {"index.html": "home", "a/index.html": "a", "b/index.html": "b", "gone/x.html": "x"}
    two = {"index.html": "home", "a/index.html": "a changed", "b/index.html": "b",
           "new/index.html": "new"}
    assert fill(out, one) == (0, False)  # nothing to recycle yet
    assert fill(out, two) == (0, False)  # the first site is kept beside the second
    assert recycled_path(out).is_dir() and (recycled_path(out) / MARKER).is_file()
    inode = (recycled_path(out) / "b" / "index.html").stat().st_ino
    kept, recycled = fill(out, one | {"gone/x.html": "x", "a/index.html": "a again"})
    assert recycled and kept == 3  # index.html, b/ and gone/x.html were there already
    assert (out / "b" / "index.html").stat().st_ino == inode  # left, not rewritten
    kept, _ = fill(out, two)  # into the second site's tree, which was ``two`` already
    assert kept == 4 and tree(out) == {MARKER: tree(out)[MARKER], **{
        k: v.encode() for k, v in sorted(two.items())}}
    assert not (out / "gone").exists()  # what the build did not write is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.recycled", "site"]


def test_a_recycled_tree_is_never_written_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "site"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not the site's")
    fill(out, {"index.html": "one", "pack/index.html": "p"})
    fill(out, {"index.html": "two", "pack/index.html": "p"})
    old = recycled_path(out)
    shutil.rmtree(old / "pack")
    (old / "pack").symlink_to(outside)  # a folder of the old site made a link elsewhere
    (old / "index.html").unlink()
    (old / "index.html").symlink_to(outside / "index.html")
    (old / "linked.html").hardlink_to(outside / "index.html")
    fill(out, {"index.html": "three", "pack/index.html": "p", "linked.html": "not the site's"})
    assert (outside / "index.html").read_text() == "not the site's"
    assert sorted(p.name for p in outside.iterdir()) == ["index.html"]
    for path in out.rglob("*"):
        assert not path.is_symlink()
        if path.is_file():
            assert path.stat().st_nlink == 1
    assert (out / "index.html").read_text() == "three"


def test_files_and_folders_that_changed_places(tmp_path: Path) -> None:
    out = tmp_path / "site"
    fill(out, {"x": "a file", "y/index.html": "in a folder"})
    fill(out, {"other": "o"})
    fill(out, {"x/index.html": "now a folder", "y": "now a file"})
    assert (out / "x" / "index.html").read_text() == "now a folder"
    assert (out / "y").read_text() == "now a file"


def test_a_failed_build_leaves_the_site_and_nothing_half_written(tmp_path: Path) -> None:
    out = tmp_path / "site"
    fill(out, {"index.html": "one"})
    fill(out, {"index.html": "two"})
    with pytest.raises(KeyboardInterrupt), staged_site(out) as staging:
        assert staging.recycled
        staging.write(staging.path / "index.html", "half")
        raise KeyboardInterrupt
    assert tree(out)["index.html"] == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the claimed tree is gone
    assert fill(out, {"index.html": "three"}) == (0, False)


def test_staged_folder_still_starts_empty_and_keeps_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    for text in ("one", "two", "three"):
        with staged_folder(out) as staging:
            assert sorted(os.listdir(staging)) == [MARKER]
            (staging / "index.html").write_text(text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_rebuilds_into_a_recycled_tree_equal_a_fresh_build(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    shutil.copytree(POSTS, posts)

    def built(out: Path) -> dict[str, bytes]:
        build(BuildOptions(paths=[posts], out=out, today=dt.date(2026, 12, 1), pdf=False,
                           cache=None, progress=False), generators=[])
        return tree(out)

    site = tmp_path / "site"
    built(site)
    built(site)
    edited = posts / "regional-organiser.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n",
                      encoding="utf-8")
    (posts / "general-secretary.md").unlink()
    refilled = built(site)
    assert refilled == built(tmp_path / "fresh")
    assert all(path.stat().st_mode & 0o777 == 0o644 and path.stat().st_nlink == 1
               for path in site.rglob("*") if path.is_file())


def test_without_a_cache_every_page_is_still_rendered(tmp_path: Path) -> None:
    options = BuildOptions(paths=[POSTS], out=tmp_path / "site", today=dt.date(2026, 12, 1),
                           pdf=False, cache=None, progress=False)
    reports = [build(options, generators=[]) for _ in range(3)]  # the third refills the first
    assert [report.rendered for report in reports] == [3, 3, 3]
    assert [report.pages for report in reports] == [reports[0].pages] * 3
    assert recycled_path(tmp_path / "site").is_dir()
