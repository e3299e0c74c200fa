"""What a redline calls its two sides: "April 2016 version", not a file path or a hash.

A side is named by the ``revised`` value its document states; without one, by its title and
where it came from (the file name or the git revision). When both sides would read the same
(two copies revised the same month), each keeps where it came from in brackets, so the two
columns of a side-by-side redline never carry one name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdtool.core.model import Document


def version_label(document: Document | None, origin: str) -> str:
    """``March 2018 version``, or ``General Secretary (old.md)`` when no revision is stated."""
    if document is None:
        return origin
    revised = document.own.revised if document.own is not None else None
    if revised is None and document.meta is not None:
        revised = document.meta.revised
    if revised is not None:
        return f"{revised.describe()} version"
    return f"{document.display_title()} ({origin})"


def side_labels(old: Document | None, new: Document | None, old_origin: str,
                new_origin: str) -> tuple[str, str]:
    """Labels for both sides, told apart by their origin when they would read alike."""
    before, after = version_label(old, old_origin), version_label(new, new_origin)
    if before == after:
        if before.endswith(")"):
            return f"Before ({old_origin})", f"After ({new_origin})"
        return f"{before} ({old_origin})", f"{after} ({new_origin})"
    return before, after
