"""Validate documents: every problem in every file under the given paths, in one run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jdtool.core.model import Pack
from jdtool.core.packs import load_packs
from jdtool.core.problems import Problem, Severity


@dataclass(slots=True)
class CheckResult:
    packs: list[Pack]
    problems: list[Problem]
    documents: int

    @property
    def errors(self) -> int:
        return sum(problem.severity is Severity.ERROR for problem in self.problems)


def check(paths: Iterable[Path]) -> CheckResult:
    packs, problems = load_packs(paths)
    documents = len({problem.path for problem in problems})  # files that failed to load
    for pack in packs:
        problems.extend(pack.problems)
        for document in pack.every_document():
            documents += 1
            problems.extend(document.problems)
    problems.sort(key=lambda p: (str(p.path), p.line, p.column, p.code))
    return CheckResult(packs, problems, documents)
