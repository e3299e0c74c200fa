"""Text that office file formats can hold: XML 1.0 (Word, xlsx) refuses most control characters."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\ufffe\uffff]")
_CONTROL_SPACE = re.compile("[\x0b\x0c\x1c-\x1f]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (vertical tab, form feed
    and the separators, which separate words, become spaces)."""
    return _CONTROL.sub("", _CONTROL_SPACE.sub(" ", text))
