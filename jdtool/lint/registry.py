"""The registry of lint rules: every rule module's ``CHECKS``, in one ordered list.

Like markdown-it's ``Ruler``, a ``RuleRegistry`` is an ordered, id-unique list of rules with
their checks, owned by whoever runs them (the engine holds the default one). It is complete
as soon as this module is imported: the rule modules are imported here, at the top, and
never import this module, so no rule appears or disappears depending on what ran before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jdtool.lint import (
    clarity,
    correctness,
    facts,
    grammar,
    inclusive,
    leftovers,
    spelling,
    structure,
    typography,
)
from jdtool.lint.rules import Rule, RuleCheck

RULE_MODULES = (structure, facts, inclusive, clarity, correctness, spelling, leftovers, grammar,
                typography)
"""The rule modules in rule id order: one per category (``JD1xx`` ... ``JD4xx``; the facts
against the front matter, ``JD110``-, follow structure), then the
correctness rules that have a module of their own (spelling ``JD409``-, template
leftovers ``JD411``-, grammar ``JD413``-,
typography ``JD416``)."""


class RuleRegistry:
    """An ordered collection of rules, each with the check that finds it, looked up by id."""

    __slots__ = ("_by_id", "_checks")

    def __init__(self, checks: Iterable[RuleCheck]) -> None:
        self._checks: tuple[RuleCheck, ...] = tuple(checks)
        self._by_id: dict[str, RuleCheck] = {}
        for entry in self._checks:
            if entry.rule.id in self._by_id:
                raise ValueError(f"rule {entry.rule.id} is listed twice")
            self._by_id[entry.rule.id] = entry

    def __iter__(self) -> Iterator[RuleCheck]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def rules(self) -> list[Rule]:
        """Every rule, in order."""
        return [entry.rule for entry in self._checks]

    def get(self, rule_id: str) -> Rule | None:
        entry = self._by_id.get(rule_id)
        return entry.rule if entry is not None else None


def default_rules() -> RuleRegistry:
    """Every built-in rule, from the category modules in ``RULE_MODULES``."""
    return RuleRegistry(entry for module in RULE_MODULES for entry in module.CHECKS)
