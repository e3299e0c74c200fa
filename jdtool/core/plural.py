"""Counting things in messages: "1 document", "2 documents", "1 criterion", "3 criteria"."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun, singular for exactly one (``plural`` defaults to ``+s``)."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
