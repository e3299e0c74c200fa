"""Which sections a rule treats specially: equal-opportunities and positive-action text."""

from __future__ import annotations

import re
from functools import lru_cache

from jdtool.lint.prose import Segment

_EXEMPT = re.compile(
    r"equal|equality|diversity|inclusion|inclusive|positive action|accessib|adjustment|"
    r"monitoring|guaranteed interview|disability confident|under-?represent", re.IGNORECASE)


def is_equality_section(segment: Segment | None) -> bool:
    """True for text under an equal-opportunities, positive-action or accessibility heading.

    Such statements must name groups (women, disabled people, older workers) to welcome them,
    so the inclusive-language rules leave them alone.
    """
    return segment is not None and _exempt(segment.headings)


@lru_cache(maxsize=1024)
def _exempt(headings: tuple[str, ...]) -> bool:
    return any(_EXEMPT.search(heading) for heading in headings)
