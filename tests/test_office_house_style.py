"""The Word house style: A4, en-GB, plain styles from jd_templates/word/house-style.toml, and
a project's own copy replacing it key by key (read back with python-docx)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from jdtool.office import word
from jdtool.office.docx_export import docx_bytes
from tests.conftest import POSTS


def _reopened() -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_bytes(word.new_document())))


def test_documents_are_a4_en_gb_and_plain() -> None:
    document = _reopened()
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.left_margin - Mm(25)) < Mm(1)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"
    heading = document.styles["Heading 1"]
    assert str(heading.font.color.rgb) == "1B1B1B" and heading.font.name == "Arial"
    fonts = heading.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:asciiTheme")) is None  # no theme font to override the name


def test_a_project_replaces_the_house_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    style = tmp_path / "templates" / "word" / "house-style.toml"
    style.parent.mkdir(parents=True)
    style.write_text('[fonts]\nbody = "Georgia"\nheadings = "Georgia"\n\n'
                     '[styles."Heading 1"]\ncolour = "7A0019"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    document = _reopened()
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert str(document.styles["Heading 1"].font.color.rgb) == "7A0019"
    assert abs(document.sections[0].page_width - Mm(210)) < Mm(1)  # the rest is kept


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_the_export_out_on_a4(tmp_path: Path) -> None:
    from jdtool.office.docx_export import export_docx

    [path] = export_docx(POSTS / "director-of-operations", tmp_path / "pack.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    reader = PdfReader(tmp_path / "pack.pdf")
    sizes = {(round(float(page.mediabox.width)), round(float(page.mediabox.height)))
             for page in reader.pages}
    assert sizes == {(595, 842)}
    assert "Director of Operations" in reader.pages[0].extract_text()
