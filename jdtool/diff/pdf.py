"""The ``pdf`` format: the redline typeset by WeasyPrint, for printing and circulating.

A4, the summary on its own first page, then each change in a little context (unchanged runs
are counted, not printed). Changes are marked for a black-and-white printer: added words
underlined, removed words struck through, a bar in the margin beside every changed passage.
Every page names both versions and reads "Page X of Y". The page is laid out from the same
view model as the HTML redline (``jdtool.diff.html.page``), so the two never disagree.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jdtool.core.facts import field_label
from jdtool.diff.html import environment, page, stat_lines
from jdtool.diff.model import DocumentDiff


def render_html(diff: DocumentDiff, *, title: str, old_label: str, new_label: str) -> str:
    """The print HTML the PDF is typeset from."""
    return environment().get_template("redline.pdf.jinja").render(
        diff=diff, title=title, old_label=old_label, new_label=new_label, page=page(diff),
        field_label=field_label, stat_lines=stat_lines(diff))


def _refuse_urls(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The redline is self-contained: nothing is fetched while typesetting it.
    raise ValueError(f"external resource refused in PDF: {url}")


def render(diff: DocumentDiff, *, title: str, old_label: str, new_label: str) -> bytes:
    """The PDF bytes; equal input gives equal bytes (the identifier is the content's hash)."""
    # WeasyPrint is a heavy library: loaded only when a PDF is asked for.
    import weasyprint  # type: ignore[import-untyped,unused-ignore]

    html = render_html(diff, title=title, old_label=old_label, new_label=new_label)
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    data = weasyprint.HTML(string=html, url_fetcher=_refuse_urls).write_pdf(
        pdf_identifier=identifier)
    assert isinstance(data, bytes)
    return data
