"""Typography: dashes typed as asterisks or double hyphens.

A lone ``*`` between words is emphasis markup to Markdown and vanishes from the prose view,
so this rule searches the source. (Stray bullet glyphs, apostrophes in plurals and spaces
before punctuation are correctness rules, ``JD402``, ``JD405`` and ``JD406``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck

TYPED_DASH = Rule(
    "JD416", "typed-dash", Category.CORRECTNESS, Severity.WARNING,
    "An asterisk or a double hyphen typed for a dash ('skills * experience', 'now -- and "
    "later') prints as itself; use an en dash with spaces ( – ).")

_DASH = re.compile(r"(?<=[\w,.)’'\"])[ \t]+(\*|--|---)[ \t]+(?=[\w(‘'\"])|(?<=[a-z])(--)(?=[a-z])")


def _may_hold_dash(source: str) -> bool:
    """Whether ``source`` may hold a typed dash: a "*" or "--" with a space or a letter on
    both sides. Substring tests, not a pattern: one starting "[\\w)]" would be tried at
    almost every character of every document."""
    if " * " in source or " -- " in source or " --- " in source:
        return True
    position = source.find("--")  # every front matter has its "---" lines
    while position != -1:
        if position and "a" <= source[position - 1] <= "z" and \
                "a" <= source[position + 2:position + 3] <= "z":
            return True
        position = source.find("--", position + 1)
    return False


def typed_dashes(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not _may_hold_dash(lint.source):
        return
    for match, offset in lint.source_matches(_DASH):
        group = 1 if match[1] else 2
        typed = match[group]
        name = "an asterisk" if typed == "*" else "a double hyphen"
        start, end = match.start(group), match.end(group)
        yield Hit(f"{name} '{typed}' typed for a dash; use an en dash ' – '", offset,
                  offset + 1, suggestion="–", matched=typed, source_span=(start, end))


CHECKS = [
    RuleCheck(TYPED_DASH, typed_dashes),
]
"""This module's rules, each with its check, in rule id order."""
