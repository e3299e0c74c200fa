"""Lint job descriptions: inclusive, clear, consistent and correct wording, and sound facts.

``lint_paths(paths, config)`` loads packs once with ``jdtool.core.packs`` and runs every enabled
rule over each document, returning ``Finding`` objects (file, line, column, section). The rule
model is in ``rules``, one module per rule category beside it (each exports ``CHECKS``), the
ordered list of them all in ``registry``, and the runner, which owns that list, in ``engine``.
"""

from __future__ import annotations

from jdtool.lint.engine import RULES, LintResult, lint_documents, lint_paths
from jdtool.lint.rules import Finding, Rule

__all__ = ["RULES", "Finding", "LintResult", "Rule", "lint_documents", "lint_paths"]
