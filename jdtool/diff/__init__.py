"""Structure-aware comparison of two job descriptions: the library API.

``compare(old, new)`` aligns front matter, sections and blocks (with moves) and diffs words
inside changed blocks. How a diff is shown is ``jdtool.diff.formats`` (``RenderOptions`` and
the formats of this package); every format of ``jdtool diff``, the Word redline included, is
looked up in ``jdtool.diff_formats``.
"""

from __future__ import annotations

from jdtool.diff.engine import compare
from jdtool.diff.model import (
    BlockChange,
    DiffStats,
    DocumentDiff,
    FieldChange,
    SectionChange,
)

__all__ = ["BlockChange", "DiffStats", "DocumentDiff", "FieldChange", "SectionChange",
           "compare"]
