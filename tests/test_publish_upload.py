"""A site fit for upload: every file 0644 (whatever the umask) and never a hard link into the
cache, over two builds with one edit between; ``--no-pdf`` keeps the PDFs it can and names
the ones it removes; PDFs say which version they are; nested lists stay nested; the build's
messages add up."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from jdtool.publish.context import BuildOptions
from jdtool.publish.site import BuildReport, build
from tests.conftest import POSTS, write
from tests.history_repo import run_jdtool

TODAY = dt.date(2026, 12, 1)
NESTED = """---
kind: description
title: Branch Secretary
organisation: Eastmoor Tenants' Federation
status: published
closing: 2026-12-20
revised: 2026-10-05
posted: 2026-11-02
---

## Duties

- Keep the branch's records
  - membership lists
    - checked every quarter
      - against the national register
  - minutes of meetings
- Arrange branch meetings
"""


@pytest.fixture
def strict_umask() -> Iterator[None]:
    """A private umask, as on many servers: files would be made 0600 without the fix."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _options(posts: Path, root: Path, **values: object) -> BuildOptions:
    settings: dict[str, object] = {
        "paths": [posts], "out": root / "site", "today": TODAY, "pdf": True,
        "templates": None, "cache": root / "cache", "progress": False, "jobs": 1}
    settings.update(values)
    return BuildOptions(**settings)  # type: ignore[arg-type]


def _modes(site: Path) -> dict[str, tuple[int, int]]:
    """(permission bits, link count) of every file and folder of the site."""
    return {path.relative_to(site).as_posix(): (stat.S_IMODE(path.lstat().st_mode),
                                                path.lstat().st_nlink if path.is_file() else 1)
            for path in site.rglob("*")}


def _two_packs(root: Path) -> Path:
    posts = root / "posts"
    posts.mkdir()
    shutil.copy(POSTS / "regional-organiser.md", posts)
    write(posts / "branch-secretary.md", NESTED)
    return posts


def test_two_builds_with_an_edit_leave_every_file_0644_and_unlinked(
        tmp_path: Path, strict_umask: None) -> None:
    posts = _two_packs(tmp_path)
    first = build(_options(posts, tmp_path), generators=[])
    assert first.typeset == 2
    organiser = posts / "regional-organiser.md"
    organiser.write_text(organiser.read_text(encoding="utf-8").replace(
        "Organiser Grade 4", "Organiser Grade 5"), encoding="utf-8")
    second = build(_options(posts, tmp_path), generators=[])
    assert (second.rendered, second.typeset) == (1, 1)  # the other pack came from the cache
    site = tmp_path / "site"
    modes = _modes(site)
    assert "branch-secretary/branch-secretary.pdf" in modes
    wrong = {name: (oct(mode), links) for name, (mode, links) in modes.items()
             if (site / name).is_file() and (mode, links) != (0o644, 1)}
    assert wrong == {}
    folders = {name: oct(mode) for name, (mode, _) in modes.items()
               if (site / name).is_dir() and mode != 0o755}
    assert folders == {}
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    # The cached copy is a different file from the site's.
    cached = {path.stat().st_ino for path in (tmp_path / "cache").rglob("*") if path.is_file()}
    assert not cached & {path.stat().st_ino for path in site.rglob("*") if path.is_file()}


def test_no_pdf_keeps_up_to_date_pdfs_and_names_the_removed(tmp_path: Path) -> None:
    posts = _two_packs(tmp_path)
    build(_options(posts, tmp_path), generators=[])
    organiser = posts / "regional-organiser.md"
    organiser.write_text(organiser.read_text(encoding="utf-8").replace(
        "Organiser Grade 4", "Organiser Grade 5"), encoding="utf-8")
    report = build(_options(posts, tmp_path, pdf=False), generators=[])
    site = tmp_path / "site"
    assert (site / "branch-secretary" / "branch-secretary.pdf").is_file()
    assert not (site / "regional-organiser" / "regional-organiser.pdf").exists()
    assert report.removed_pdfs == ["regional-organiser/regional-organiser.pdf"]
    assert (report.pdfs, report.typeset) == (1, 0)
    kept = BeautifulSoup((site / "branch-secretary" / "index.html").read_text(), "html.parser")
    assert kept.select_one('a[href$="branch-secretary.pdf"]') is not None
    dropped = BeautifulSoup((site / "regional-organiser" / "index.html").read_text(),
                            "html.parser")
    assert dropped.select_one('a[href$=".pdf"]') is None


@pytest.fixture(scope="module")
def typeset_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    root = tmp_path_factory.mktemp("typeset")
    posts = root / "posts"
    shutil.copytree(POSTS / "director-of-operations", posts / "director-of-operations")
    write(posts / "branch-secretary.md", NESTED)
    return root / "site", build(_options(posts, root), generators=[])


def test_pdf_states_its_version_on_the_cover_and_in_every_footer(
        typeset_site: tuple[Path, BuildReport]) -> None:
    site, _ = typeset_site
    reader = PdfReader(site / "branch-secretary" / "branch-secretary.pdf")
    version = "Revised 5 October 2026 · Published Monday 2 November 2026"
    assert version in reader.pages[0].extract_text()
    long_pack = PdfReader(site / "director-of-operations" / "director-of-operations.pdf")
    pages = [" ".join(page.extract_text().split()) for page in long_pack.pages]
    assert all("Revised November 2026 · Published Monday 16 November 2026" in page
               for page in pages)


def test_a_long_pack_has_a_contents_list_and_its_page_states_size_and_pages(
        typeset_site: tuple[Path, BuildReport]) -> None:
    site, _ = typeset_site
    pdf = site / "director-of-operations" / "director-of-operations.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) > 6
    contents = reader.pages[1].extract_text()
    assert contents.lstrip().startswith("Contents") and "Person specification" in contents
    lines = contents.splitlines()
    assert len([line for line in lines if re.search(r", page \d+$", line)]) >= 10
    # Every entry points at a heading that is there ("How to apply" is shown once, so its
    # own first section has no entry of its own).
    assert [line for line in lines if re.search(r", page\s*$", line)] == []
    short = PdfReader(site / "branch-secretary" / "branch-secretary.pdf")
    assert "Contents" not in " ".join(page.extract_text() for page in short.pages)
    page = BeautifulSoup((site / "director-of-operations" / "index.html").read_text(),
                         "html.parser")
    size = round(pdf.stat().st_size / 1024)
    assert f"PDF, {size} KB, {len(reader.pages)} pages" in page.get_text()


def _depths(item: object, depth: int = 1) -> list[tuple[int, str]]:
    """(nesting depth, own text) of every list item under a list, in order."""
    found: list[tuple[int, str]] = []
    for li in item.find_all("li", recursive=False):  # type: ignore[attr-defined]
        found.append((depth, li.find(string=True, recursive=False).strip()))
        for child in li.find_all(["ul", "ol"], recursive=False):
            found += _depths(child, depth + 1)
    return found


def test_nested_lists_nest_on_the_page_and_in_the_pdf(
        typeset_site: tuple[Path, BuildReport]) -> None:
    site, _ = typeset_site
    page = BeautifulSoup((site / "branch-secretary" / "index.html").read_text(), "html.parser")
    duties = page.select_one("section.document ul")
    assert duties is not None and duties.find_parent("ul") is None
    assert _depths(duties) == [
        (1, "Keep the branch's records"), (2, "membership lists"), (3, "checked every quarter"),
        (4, "against the national register"), (2, "minutes of meetings"),
        (1, "Arrange branch meetings")]
    # In the PDF, each level is indented further than its parent.
    reader = PdfReader(site / "branch-secretary" / "branch-secretary.pdf")
    starts: dict[str, float] = {}

    def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
        if text.strip() and text.strip() not in starts:
            starts[text.strip()] = tm[4]
    for number in range(len(reader.pages)):
        reader.pages[number].extract_text(visitor_text=visit)
    order = ["Keep the branch's records", "membership lists", "checked every quarter",
             "against the national register"]
    xs = [next(x for text, x in starts.items() if text.startswith(item)) for item in order]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert next(x for t, x in starts.items() if t.startswith("minutes")) == xs[1]


def test_build_messages_name_draft_packs_and_count_every_page(tmp_path: Path) -> None:
    posts = _two_packs(tmp_path)
    draft = posts / "regional-organiser.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "status: published", "status: draft", 1), encoding="utf-8")
    result = run_jdtool("build", "--no-pdf", "--no-cache", "--today", "2026-12-01",
                        "--site-url", "https://jobs.example.org/", "--out",
                        str(tmp_path / "site"), str(posts), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    html = sorted((tmp_path / "site").rglob("*.html"))
    assert f"built {len(html)} pages and 0 PDFs for 1 pack" in result.stderr
    assert ("1 draft pack was not published (regional-organiser); use --drafts to include it"
            in result.stderr)
