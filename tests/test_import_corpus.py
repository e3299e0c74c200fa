"""Importing the real documents in ``../shared/corpus`` (skipped when absent).

Every PDF and Word file imports without a crash, loses no more than 0.5 % of its words and
passes ``jdtool check``; a handful are scored against the team-written answer key
(``tests/import_answer_key.toml``): headings recall and precision, facts, criteria counts and
page furniture. The scores are printed (``pytest -s``) and held above floors so that a
change that makes the importer worse fails.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdtool.authoring.check import check
from jdtool.core.documents import parse_document
from jdtool.core.model import Document
from jdtool.importer.pipeline import ImportResult, import_files, write
from tests.real_material import shared_path

KEY = Path(__file__).resolve().parent / "import_answer_key.toml"
MAX_LOST = 0.005


def _import(path: Path, out: Path) -> tuple[ImportResult, list[Document]]:
    result = import_files([path], out)
    return result, [parse_document(file.text, file.path) for file in result.files]


def test_every_corpus_document_imports_and_checks(tmp_path: Path) -> None:
    corpus = shared_path("corpus")
    paths = sorted((corpus / "pdf").glob("*.pdf")) + sorted((corpus / "docx").glob("*.docx"))
    assert paths
    read = lost = 0
    failures = []
    for index, path in enumerate(paths):
        out = tmp_path / str(index) / "posts"
        result = import_files([path], out)
        write(result)
        read += sum(report.input_words for report in result.reports)
        lost += sum(result.missing.values())
        problems = check([out])
        if problems.errors:
            failures.append(f"{path.name}: {[str(p) for p in problems.problems][:3]}")
    assert failures == []
    assert lost <= MAX_LOST * read, f"{lost} of {read} words lost"


def _key(heading: str) -> str:
    text = re.sub(r"[*_\\]", "", heading).strip().rstrip(":*").strip()
    return " ".join(text.casefold().split())


@dataclass
class Score:
    """Counts summed over the documents of the answer key."""

    headings_expected: int = 0
    headings_found: int = 0
    headings_matched: int = 0
    facts_expected: int = 0
    facts_matched: int = 0
    criteria_expected: int = 0
    criteria_error: int = 0
    furniture_kept: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "headings recall": self.headings_matched / max(1, self.headings_expected),
            "headings precision": self.headings_matched / max(1, self.headings_found),
            "facts": self.facts_matched / max(1, self.facts_expected),
            "criteria count error": self.criteria_error / max(1, self.criteria_expected),
            "furniture kept": float(self.furniture_kept),
        }


def _meta_value(documents: list[Document], name: str) -> str | None:
    for document in documents:
        meta = document.meta
        value = getattr(meta, name, None) if meta is not None else None
        if value is not None:
            return str(value)
    return None


def _fact_matches(found: str | None, expected: str) -> bool:
    if found is None:
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected):
        return found.startswith(expected)
    return " ".join(found.casefold().split()) == " ".join(expected.casefold().split())


def score_document(entry: dict[str, Any], out: Path, total: Score) -> None:
    """Add one answer-key document's figures to ``total``."""
    result, documents = _import(shared_path("corpus", entry["file"]), out)
    name = Path(entry["file"]).name
    found = [_key(s.heading) for d in documents for s in d.sections()]
    found += [_key(d.title) for d in documents if d.title and d.kind != "pack"]
    # A heading turned into the Essential/Desirable column is kept, as that column.
    columns = {_key(e.text) for r in result.reports for e in r.left_out
               if e.reason == "became the Essential/Desirable column"}
    expected = [_key(h) for h in entry.get("headings", [])]
    matched = [h for h in expected if h in found or h in columns]
    total.headings_expected += len(expected)
    total.headings_found += len(found) + len({h for h in columns if h in expected})
    total.headings_matched += len(matched)
    total.misses += [f"{name}: heading '{h}' missing" for h in expected if h not in matched]
    total.misses += [f"{name}: '{h}' is not a heading" for h in found if h not in expected]
    for fact, value in entry.get("facts", {}).items():
        total.facts_expected += 1
        got = _meta_value(documents, fact)
        if _fact_matches(got, value):
            total.facts_matched += 1
        else:
            total.misses.append(f"{name}: {fact} {got!r}, expected {value!r}")
    criteria = [c for d in documents for c in d.criteria()]
    for importance in ("essential", "desirable"):
        if importance in entry:
            count = sum(1 for c in criteria if c.importance == importance)
            total.criteria_expected += entry[importance]
            total.criteria_error += abs(count - entry[importance])
            if count != entry[importance]:
                total.misses.append(f"{name}: {count} {importance}, expected "
                                    f"{entry[importance]}")
    text = "\n".join(file.text for file in result.files)
    for fragment in entry.get("furniture", []):
        kept = text.count(fragment)
        total.furniture_kept += kept
        if kept:
            total.misses.append(f"{name}: furniture '{fragment}' kept {kept}x")


def _scores(tmp_path: Path, held_out: bool) -> Score:
    entries = tomllib.loads(KEY.read_text(encoding="utf-8"))["document"]
    chosen = [e for e in entries if bool(e.get("held_out")) == held_out]
    total = Score()
    for index, entry in enumerate(chosen):
        score_document(entry, tmp_path / str(index), total)
    figures = total.figures()
    label = "held out" if held_out else "tuned"
    print(f"\n{label} ({len(chosen)} documents):\n"
          + "\n".join(f"{name}: {value:.2f}" for name, value in figures.items()))
    print("\n".join(total.misses))
    return total


def test_answer_key_scores(tmp_path: Path) -> None:
    shared_path("corpus")
    figures = _scores(tmp_path, held_out=False).figures()
    # Floors just under today's figures (see the report of issue 13); raise them as the
    # importer improves.
    _assert_floors(figures, FLOORS)
    assert figures["furniture kept"] == 0


def _assert_floors(figures: dict[str, float], floors: dict[str, float]) -> None:
    for name in ("headings recall", "headings precision", "facts"):
        assert figures[name] >= floors[name], name
    assert figures["criteria count error"] <= floors["criteria count error"]


def test_held_out_answer_key_scores(tmp_path: Path) -> None:
    """Documents written into the key before the importer was tuned on them: a check that
    the rules generalise, held to looser floors than the tuned key."""
    shared_path("corpus")
    _assert_floors(_scores(tmp_path, held_out=True).figures(), HELD_OUT_FLOORS)


# Measured on the tuned key when written: recall 0.94, precision 0.83, facts 1.00,
# criteria count error 0.08, furniture 0; after round 2: 0.94, 0.89, 1.00, 0.02, 0.
FLOORS = {"headings recall": 0.92, "headings precision": 0.87, "facts": 0.95,
          "criteria count error": 0.05}
# The held-out documents before round 2's changes: recall 0.90, precision 0.72, facts 0.53,
# criteria count error 0.74, furniture 1; after: 0.88, 0.79, 0.53, 0.47, 1.
HELD_OUT_FLOORS = {"headings recall": 0.85, "headings precision": 0.75, "facts": 0.50,
                   "criteria count error": 0.55}
