"""Word (.docx) -> HTML with mammoth (headings, lists, tables, bold), then as HTML.

Word's own heading and list styles carry the structure; paragraphs that only look like
headings (short and all bold) are recognised on the HTML side.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jdtool.problems import READ_ERROR, JdtoolError, Problem

MAX_BYTES = 50 * 1024 * 1024

# Common house styles that mean a heading or title even when they are not "Heading N".
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Heading 1'] => h1:fresh
p[style-name='Heading 2'] => h2:fresh
p[style-name='Heading 3'] => h3:fresh
p[style-name='Heading 4'] => h4:fresh
"""


def docx_html(path: Path) -> str:
    """The document as HTML; one-line errors for files that are not Word documents."""
    import mammoth  # type: ignore[import-untyped]

    try:
        size = path.stat().st_size
    except OSError as error:
        _fail(path, f"cannot read file: {error.strerror or error}")
    if size > MAX_BYTES:
        _fail(path, f"file is too large ({size / 1_048_576:.1f} MB)")
    if not zipfile.is_zipfile(path):
        _fail(path, "not a Word .docx file (a .doc? save it as .docx first)")
    try:
        with path.open("rb") as stream:
            result = mammoth.convert_to_html(stream, style_map=_STYLE_MAP)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as error:
        _fail(path, f"not a readable Word document ({type(error).__name__})")
    return str(result.value)


def _fail(path: Path, message: str) -> None:
    raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR, message))
