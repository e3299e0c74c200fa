"""Every output format of ``jdtool diff``, looked up by name or by an output file's suffix.

The diff package's own formats (``jdtool.diff.formats``) and the Word tracked-changes redline
(``jdtool.office.tracked_changes``) in one table. It lives above both packages because office
builds on diff: were the table inside ``jdtool.diff``, comparing would import office.
"""

from __future__ import annotations

from jdtool.diff.formats import FORMATS as OWN_FORMATS
from jdtool.diff.formats import Renderer, RenderOptions
from jdtool.diff.model import DocumentDiff


def _docx(diff: DocumentDiff, options: RenderOptions) -> bytes:
    # python-docx is a heavy library: loaded only when a Word redline is asked for.
    from jdtool.office import tracked_changes

    old_label, new_label = options.reader_labels()
    return tracked_changes.render(diff, title=options.title, old_label=old_label,
                                  new_label=new_label, author=options.author,
                                  date=options.date)


FORMATS: dict[str, Renderer] = {**OWN_FORMATS, "docx": _docx}
"""Format name -> renderer, in the order ``--format`` lists them."""

SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".json": "json",
            ".diff": "unified", ".patch": "unified", ".txt": "unified", ".docx": "docx",
            ".pdf": "pdf"}
"""An output file's suffix -> the format ``-o FILE`` writes when ``--format`` is not given."""

