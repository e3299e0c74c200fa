"""Every redline format on real job-description histories (../shared/corpus/revisions):
each role's last revision against the one before, read back (HTML parsed, PDF by pypdf, the
Word redline resolved both ways). Skipped when the real material is absent."""

from __future__ import annotations

import io
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from jdtool.core.documents import parse_document
from jdtool.core.model import Document
from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff_formats import FORMATS
from tests.real_material import shared_path
from tests.test_office_tracked_changes import expected_paragraphs, resolve


def _version(path: Path) -> Document:
    # The handbook's files are plain Markdown: give them the front matter jdtool reads.
    text = f"---\nkind: description\ntitle: {path.parent.name}\n---\n" + \
        path.read_text(encoding="utf-8")
    return parse_document(text, Path(path.name))


def _last_steps() -> list[tuple[Path, Path]]:
    root = shared_path("corpus", "revisions")
    pairs = []
    for role in sorted(path for path in root.iterdir() if path.is_dir()):
        versions = sorted(role.glob("v*.md"))
        if len(versions) >= 2:
            pairs.append((versions[-2], versions[-1]))
    return pairs


def test_real_revisions_render_and_read_back_in_every_reader_format() -> None:
    pairs = _last_steps()
    assert pairs
    for old_path, new_path in pairs:
        old, new = _version(old_path), _version(new_path)
        diff = compare(old, new)
        options = RenderOptions("t", old_path.name, new_path.name)
        soup = BeautifulSoup(str(FORMATS["html"](diff, options)), "html.parser")
        steps = soup.select(".view.inline p.step")
        assert len(steps) == sum(1 for s in soup.select(".view.inline [id^=change-]"))
        pdf = FORMATS["pdf"](diff, options)
        assert isinstance(pdf, bytes)
        reader = PdfReader(io.BytesIO(pdf))
        assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()
        data = FORMATS["docx"](diff, options)
        assert isinstance(data, bytes)
        assert resolve(data, accept=True) == \
            [line for line in expected_paragraphs(new, diff, "new") if line], new_path
        assert resolve(data, accept=False) == \
            [line for line in expected_paragraphs(old, diff, "old") if line], old_path


def test_unchanged_text_is_folded_on_real_revisions() -> None:
    old_path, new_path = _last_steps()[0]
    diff = compare(_version(old_path), _version(new_path))
    soup = BeautifulSoup(str(FORMATS["html"](diff, RenderOptions("t", "a", "b"))),
                         "html.parser")
    inline = soup.select_one(".view.inline")
    folded = sum(len(d.select("div.block")) for d in inline.select("details.unchanged"))
    shown = len(inline.select(":scope > div.block"))
    assert folded > 0 and shown > 0
