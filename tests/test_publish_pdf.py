"""PDF job packs read back with pypdf: pages, bookmarks, text of every document, tagging,
metadata; byte-identical rebuilds; unchanged packs neither re-rendered nor re-typeset."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from jdtool.core.documents import load_document
from jdtool.publish.context import BuildOptions
from jdtool.publish.site import BuildReport, build
from tests.conftest import POSTS

TODAY = dt.date(2026, 12, 1)


def _options(posts: Path, out: Path, cache: Path | None) -> BuildOptions:
    return BuildOptions(paths=[posts], out=out, today=TODAY, pdf=True, templates=None,
                        cache=cache, progress=False, jobs=1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildReport]:
    root = tmp_path_factory.mktemp("pdf")
    posts = root / "posts"
    posts.mkdir()
    shutil.copytree(POSTS / "director-of-operations", posts / "director-of-operations")
    shutil.copy(POSTS / "regional-organiser.md", posts)
    report = build(_options(posts, root / "site", root / "cache"), generators=[])
    return posts, root, report


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return found


def test_pack_pdf_structure_text_and_tagging(built: tuple[Path, Path, BuildReport]) -> None:
    posts, root, report = built
    assert report.pdfs == 2 and report.typeset == 2
    reader = PdfReader(root / "site" / "director-of-operations" / "director-of-operations.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 6
    outline = _outline(reader)
    documents = [(title, page) for level, title, page in outline if level == 1]
    assert [title for title, _ in documents] == [
        "Cover: Director of Operations", "Job brief", "Job description",
        "Person specification", "How to apply"]
    starts = [page for _, page in documents]
    assert starts == sorted(set(starts)) and starts[0] == 1  # each document on its own page
    for title, page in documents[1:]:
        assert pages[page - 1].lstrip().startswith(title)
    sections = [title for level, title, _ in outline if level == 2]
    assert {"About the union", "Job purpose", "Knowledge", "Closing date"} <= set(sections)
    # The text of every document is in the PDF: the first and last words of every document.
    text = " ".join(" ".join(pages).split())
    for source in ("brief", "description", "person-spec", "apply"):
        document = load_document(posts / "director-of-operations" / f"{source}.md")
        blocks = [block.text for _, block in document.blocks()]
        assert " ".join(blocks[0].split()[:6]) in text
        assert " ".join(blocks[-1].split()[-4:]) in text
    assert "NWU/2026/014" in pages[0] and "Senior Management Grade 1" in pages[0]
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Northfield Workers' Union · NWU/2026/014" in pages[1]
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata is not None
    assert reader.metadata.title == "Director of Operations – Northfield Workers' Union"
    assert reader.metadata["/CreationDate"] == "D:20261116"
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4


def test_rebuild_is_byte_identical_and_incremental(built: tuple[Path, Path, BuildReport]
                                                   ) -> None:
    posts, root, _ = built
    fresh = build(_options(posts, root / "fresh", None), generators=[])
    assert fresh.typeset == 2
    first = {p.relative_to(root / "site"): p.read_bytes()
             for p in (root / "site").rglob("*") if p.is_file()}
    second = {p.relative_to(root / "fresh"): p.read_bytes()
              for p in (root / "fresh").rglob("*") if p.is_file()}
    assert first == second

    again = build(_options(posts, root / "site", root / "cache"), generators=[])
    assert again.unchanged
    # A new day re-renders nothing (both posts still open); only the up-to-date check fails.
    options = _options(posts, root / "site", root / "cache")
    options.today = TODAY + dt.timedelta(days=1)
    next_day = build(options, generators=[])
    assert (next_day.unchanged, next_day.rendered, next_day.typeset) == (False, 0, 0)

    path = posts / "regional-organiser.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Organiser Grade 4", "Organiser Grade 5"), encoding="utf-8")
    edited = build(options, generators=[])
    assert (edited.rendered, edited.typeset) == (1, 1)
    reader = PdfReader(root / "site" / "regional-organiser" / "regional-organiser.pdf")
    assert "Organiser Grade 5" in reader.pages[0].extract_text()
    director = root / "site" / "director-of-operations" / "director-of-operations.pdf"
    assert director.read_bytes() == first[director.relative_to(root / "site")]
