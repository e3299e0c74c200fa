"""The rule model: what a lint rule is and what it finds.

A rule has an id (``JD201``), a name, a category, a default severity and a reason. A rule
module pairs each rule with the function that finds it (``RuleCheck``) and exports the pairs as
a plain list, ``CHECKS``; ``jdtool.lint.registry`` gathers those lists. A check yields ``Hit``
objects (where, what, the suggested replacement) and the engine turns them into ``Finding``
objects with the file, line, column, section and configured severity.

Nothing here knows which rules exist: rule modules import this model, never the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jdtool.core.problems import Severity

if TYPE_CHECKING:
    from jdtool.lint.config import Settings
    from jdtool.lint.prose import LintDocument

SEVERITY_ORDER = {Severity.SUGGESTION: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(StrEnum):
    STRUCTURE = "structure"
    INCLUSIVE = "inclusive"
    CLARITY = "clarity"
    CORRECTNESS = "correctness"


@dataclass(frozen=True, slots=True)
class Rule:
    """One lint rule as the user sees it in output, configuration and documentation."""

    id: str
    name: str
    category: Category
    severity: Severity
    reason: str
    fixable: bool = False
    enabled: bool = True
    jdtool_only: bool = False
    """Only for jdtool Markdown (``Document.is_jdtool``): a rule about the front matter,
    sections or criteria jdtool itself asks for, meaningless for a Word file or PDF."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[start:end]`` with ``replacement``: a safe mechanical fix."""

    start: int
    end: int
    replacement: str


@dataclass(slots=True)
class Hit:
    """What a check reports: an offset range in the document source and a message.

    ``start`` is ``None`` for findings about the document as a whole, which are placed on
    ``line`` (a front matter key's line, or line 1).
    """

    message: str
    start: int | None = None
    end: int | None = None
    line: int | None = None
    suggestion: str | None = None
    matched: str = ""
    edit: Edit | None = None
    source_span: tuple[int, int] | None = None
    """The span in the source itself, for a check that searched the source (``start``
    is then only where it stands in the prose)."""


@dataclass(slots=True)
class Finding:
    """One rule firing at one place in one file."""

    rule: str
    severity: Severity
    path: Path
    line: int
    column: int
    message: str
    section: str = ""
    suggestion: str | None = None
    matched: str = ""
    end_line: int = 0
    end_column: int = 0
    edit: Edit | None = field(default=None, repr=False)
    excerpt: str = ""
    """The offending text exactly as it stands in the source, to search for in Word or a PDF."""
    context: str = field(default="", repr=False)
    """The whole source line the finding starts on, for the excerpt-and-caret display."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule} " \
            f"{self.advice()}"

    def advice(self) -> str:
        """The message with its suggestion, worded once: a suggestion the message already
        gives ("'effect' should be 'affect'") is not repeated."""
        if self.suggestion and self.suggestion.lower() not in self.message.lower():
            return f"{self.message} (suggestion: {self.suggestion})"
        return self.message

    def to_dict(self, rule: Rule | None = None) -> dict[str, Any]:
        """The finding as JSON data; ``rule`` (the one that fired) adds its name and category."""
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "rule": self.rule,
            "name": rule.name if rule else self.rule,
            "category": str(rule.category) if rule else "check",
            "severity": str(self.severity),
            "message": self.message,
            "section": self.section,
            "suggestion": self.suggestion,
            "excerpt": self.excerpt,
            "fixable": self.edit is not None,
        }


Check = Callable[["LintDocument", "Settings"], Iterator[Hit]]
"""What finds one rule's hits in one document."""


class RuleCheck(NamedTuple):
    """One rule with the function that finds it: what a rule module lists in ``CHECKS``."""

    rule: Rule
    check: Check


def at_least(severity: Severity, level: Severity) -> bool:
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[level]
