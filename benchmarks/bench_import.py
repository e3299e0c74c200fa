"""Import speed: a 10-page text document (target <= 0.5 s) and a 50-page Word file (<= 3 s);
the same text as a PDF is measured too, for information (no target: pypdf's text extraction
dominates).

References measured in the same run: parsing the imported Markdown back with jdtool's own
parser (text), opening the Word file and reading its paragraphs with python-docx (Word), and
pypdf's plain text extraction of the same PDF (PDF).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from timing import median_seconds, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jdtool.core.documents import parse_document  # noqa: E402
from jdtool.importer.pipeline import import_files  # noqa: E402

BULLET = "\uf0b7"


def ten_page_text() -> str:
    """About 10 pages of PDF-extracted text: 50 lines a page, furniture on every page."""
    pages = []
    for page in range(1, 11):
        lines = ["Northfield Workers' Union"]
        if page == 1:
            lines += ["JOB DESCRIPTION – HEAD OF MEMBERSHIP SERVICES", "", "Ref: NWU/2026/99",
                      "Closing date: 12 noon on Friday 4 December 2026", ""]
        lines += [f"{page}. Overview of area {page}", ""]
        for paragraph in range(4):
            lines += [f"The post-holder leads work on area {page}.{paragraph} and makes sure that",
                      "members receive a prompt, accurate and courteous service from every",
                      "part of the team, reporting on progress to the Director of Opera-",
                      "tions each month.", ""]
        lines += ["Key tasks and responsibilities"]
        for task in range(8):
            lines += [f"{BULLET}\tAgree standards of service for task {task} and check that",
                      "they are met across every region."]
            if task % 3 == 0:
                lines += ["o\tincluding the regional offices;"]
        lines += ["", f"Head of Membership Services – Job Description        Page {page} of 10"]
        pages.append("\n".join(lines))
    return "\f".join(pages)


def fifty_page_word(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Head of Membership Services", style="Title")
    document.add_heading("Job description", level=1)
    for section in range(50):
        document.add_heading(f"Area of work {section + 1}", level=2)
        for paragraph in range(4):
            document.add_paragraph(
                f"Paragraph {paragraph} of area {section}: the post-holder leads the team that "
                "answers members' questions, keeps the register of members accurate and makes "
                "sure that every enquiry is answered within two working days, reporting to the "
                "Director of Operations each month on the standards of service achieved.")
        for task in range(6):
            document.add_paragraph(f"Agree standards of service for task {task} and check that "
                                   "they are met across every region.", style="List Bullet")
    document.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        text_file = base / "ten-pages.txt"
        text_file.write_text(ten_page_text(), encoding="utf-8")
        result = import_files([text_file], base / "posts")
        assert not result.missing, result.missing
        markdown = [(file.text, file.path) for file in result.files]
        words = sum(len(text.split()) for text, _ in markdown)
        print(f"10-page text: {len(ten_page_text().splitlines())} lines, {words} words out")
        imported = median_seconds(lambda: import_files([text_file], base / "posts"), runs=7)
        parsed = median_seconds(lambda: [parse_document(t, p) for t, p in markdown], runs=7)
        report("import 10-page text (no writing)", imported, "parsing its Markdown", parsed,
               "<= 500 ms")

        word_file = fifty_page_word(base / "fifty-pages.docx")
        result = import_files([word_file], base / "posts")
        assert not result.missing, result.missing
        print(f"50-page Word file: {word_file.stat().st_size // 1024} KB, "
              f"{sum(len(f.text.split()) for f in result.files)} words out")

        def open_with_python_docx() -> None:
            import docx

            _ = [p.text for p in docx.Document(str(word_file)).paragraphs]

        imported = median_seconds(lambda: import_files([word_file], base / "posts"), runs=5)
        opened = median_seconds(open_with_python_docx, runs=5)
        report("import 50-page Word file (no writing)", imported, "python-docx open+read",
               opened, "<= 3000 ms")

        pdf_file = ten_page_pdf(base / "ten-pages.pdf")

        def plain_extraction() -> None:
            from pypdf import PdfReader

            _ = [page.extract_text() for page in PdfReader(pdf_file).pages]

        imported = median_seconds(lambda: import_files([pdf_file], base / "posts"), runs=3)
        extracted = median_seconds(plain_extraction, runs=3)
        from pypdf import PdfReader

        pages = len(PdfReader(pdf_file).pages)
        report(f"import {pages}-page PDF, same text (no writing)", imported,
               "pypdf plain extraction", extracted)


def ten_page_pdf(path: Path) -> Path:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in ten_page_text().replace("\f", "\n")
                         .split("\n") if line.strip())
    HTML(string=f"<html><body style='font-family: sans-serif'>{paragraphs}</body></html>"
         ).write_pdf(path)
    return path


if __name__ == "__main__":
    main()
