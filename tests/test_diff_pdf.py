"""The PDF redline (WeasyPrint), read back with pypdf: A4, summary first, both versions and
"Page X of Y" on every page, changes marked in text that survives black-and-white print."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.conftest import FIXTURES

A4 = (595, 842)  # points, rounded


def test_pdf_redline_names_both_versions_and_numbers_every_page(tmp_path: Path) -> None:
    target = tmp_path / "changes.pdf"
    result = CliRunner().invoke(app, ["diff", str(FIXTURES / "general-secretary-2016.md"),
                                      str(FIXTURES / "general-secretary-2018.md"),
                                      "-o", str(target)])
    assert result.exit_code == 1, result.output
    reader = PdfReader(target)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 2
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), 1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4
        assert "April 2016 version \u2192 March 2018 version" in text
        assert f"Page {number} of {len(pages)}" in text
    assert "Summary of changes" in pages[0] and "The changes in context" not in pages[0]
    everything = " ".join(pages)
    # Marks a reader sees without colour; no screen-reader words in print.
    assert "advise the NEC on [+proposed] rule changes" in everything
    assert "[deleted:" not in everything and "[inserted:" not in everything
    assert "unchanged passages not printed" in everything


def test_format_pdf_to_standard_output_needs_a_file() -> None:
    result = CliRunner().invoke(app, ["diff", str(FIXTURES / "general-secretary-2016.md"),
                                      str(FIXTURES / "general-secretary-2018.md"),
                                      "--format", "pdf"])
    # CliRunner's output is not a terminal: the PDF bytes go to standard output.
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(b"%PDF-")
