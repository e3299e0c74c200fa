"""Precision and recall of every lint rule over the labelled corpus in ``tests/corpus/``.

Each corpus document marks the findings it should produce (see ``tests/corpus/README.md``).
The markers are stripped (they are comments, so no line moves), the copy is linted with every
default rule, and findings are matched to labels by rule and line.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from jdtool.lint import lint_paths
from jdtool.lint.config import load_config

CORPUS = Path(__file__).resolve().parent / "corpus"
_BODY_MARK = re.compile(r"[ \t]*<!--\s*expect(-anywhere)?:\s*([^>]*?)\s*-->")
_YAML_MARK = re.compile(r"[ \t]*#\s*expect:\s*(.*)$")
ANYWHERE = 0


def strip_markers(text: str) -> tuple[str, Counter[tuple[str, int]]]:
    """The text without markers, and the expected (rule, line) labels (line 0: anywhere)."""
    expected: Counter[tuple[str, int]] = Counter()
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _BODY_MARK.finditer(line):
            for rule in match[2].split():
                expected[(rule, ANYWHERE if match[1] else number)] += 1
        line = _BODY_MARK.sub("", line)
        if (yaml := _YAML_MARK.search(line)) and not line.lstrip().startswith("|"):
            for rule in yaml[1].split():
                expected[(rule, number)] += 1
            line = line[:yaml.start()]
        lines.append(line)
    return "\n".join(lines), expected


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter[str]]:
    """Per rule: true positives, false positives and false negatives over the corpus."""
    root = tmp_path_factory.mktemp("corpus")
    expected_by_file: dict[Path, Counter[tuple[str, int]]] = {}
    for source in sorted(CORPUS.rglob("*.md")):
        if source.name == "README.md":
            continue
        target = root / source.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        text, expected = strip_markers(source.read_text(encoding="utf-8"))
        target.write_text(text, encoding="utf-8")
        expected_by_file[target] = expected
    config = load_config(None, today="2026-11-25")
    result = lint_paths([root], config)
    assert not result.problems, [str(p) for p in result.problems]
    scores: dict[str, Counter[str]] = {}
    found_by_file: dict[Path, Counter[tuple[str, int]]] = {}
    for finding in result.findings:
        found_by_file.setdefault(finding.path, Counter())[(finding.rule, finding.line)] += 1
    for path in set(expected_by_file) | set(found_by_file):
        _score(expected_by_file.get(path, Counter()), found_by_file.get(path, Counter()),
               scores, path.relative_to(root))
    shutil.rmtree(root)
    return scores


def _score(expected: Counter[tuple[str, int]], found: Counter[tuple[str, int]],
           scores: dict[str, Counter[str]], name: Path) -> None:
    found = found.copy()
    for (rule, line), count in expected.items():
        tally = scores.setdefault(rule, Counter())
        for _ in range(count):
            key = (rule, line) if line != ANYWHERE else next(
                (k for k in found if k[0] == rule and found[k] > 0), None)
            if key is not None and found[key] > 0:
                found[key] -= 1
                tally["tp"] += 1
            else:
                tally["fn"] += 1
                tally.setdefault(f"missed {name}:{line}", 0)
    for (rule, line), count in found.items():
        if count > 0:
            tally = scores.setdefault(rule, Counter())
            tally["fp"] += count
            tally.setdefault(f"unexpected {name}:{line}", 0)


def _precision(tally: Counter[str]) -> float:
    return tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0


def _recall(tally: Counter[str]) -> float:
    return tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0


def test_every_rule_is_labelled_in_the_corpus(scored: dict[str, Counter[str]]) -> None:
    from jdtool.lint.engine import RULES

    default_rules = {rule.id for rule in RULES.rules() if rule.enabled}
    # JD305 needs a configured house vocabulary; tests/test_lint_config.py covers it.
    assert default_rules - {"JD305"} <= {rule for rule, t in scored.items() if t["tp"]}


def test_precision_and_recall_per_rule(scored: dict[str, Counter[str]]) -> None:
    report = {rule: (round(_precision(t), 2), round(_recall(t), 2),
                     sorted(k for k in t if " " in k)) for rule, t in sorted(scored.items())}
    weak = {rule: r for rule, r in report.items() if r[0] < 0.8 or r[1] < 0.8}
    assert not weak, weak


def test_precision_and_recall_overall(scored: dict[str, Counter[str]]) -> None:
    total = Counter[str]()
    for tally in scored.values():
        total.update({k: v for k, v in tally.items() if k in ("tp", "fp", "fn")})
    assert _precision(total) >= 0.9, total
    assert _recall(total) >= 0.9, total
