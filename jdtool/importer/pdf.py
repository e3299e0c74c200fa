"""PDF -> text with pypdf, one page per form feed, so page furniture can be found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.problems import READ_ERROR, JdtoolError, Problem

if TYPE_CHECKING:
    from pypdf import PageObject

MAX_PAGES = 500


def pdf_text(path: Path) -> str:
    """The text of every page, pages separated by form feeds; one-line errors for bad PDFs."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repair it makes; the user gets one line from us instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            _fail(path, "the PDF is encrypted with a password")
        if len(reader.pages) > MAX_PAGES:
            _fail(path, f"the PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}")
        pages = [_page_text(page) for page in reader.pages]
    except JdtoolError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        _fail(path, f"not a readable PDF ({type(error).__name__}: {_first_line(error)})")
    if not any(page.strip() for page in pages):
        _fail(path, "the PDF has no extractable text (a scan? run OCR on it first)")
    return "\f".join(pages)


def _page_text(page: PageObject) -> str:
    """Layout mode keeps indentation and puts bullets next to their text; plain mode is the
    fallback for pages layout mode cannot handle."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:
        return page.extract_text() or ""


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:120] if text else "no details"


def _fail(path: Path, message: str) -> None:
    raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR, message))
