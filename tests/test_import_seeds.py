"""The mission's two documents (``../shared/seeds``) import as issue 13 says: structural
facts only (counts, dates, refs, heading names); their text is never copied here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jdtool.core.documents import parse_document
from jdtool.core.model import BlockKind, Document
from jdtool.core.packs import load_packs
from jdtool.core.schema import Kind
from jdtool.importer.pipeline import ImportResult, import_files, write
from tests.real_material import shared_path


def _seed(prefix: str) -> Path:
    found = sorted(shared_path("seeds").glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no seed {prefix}_*.txt")
    return found[0]


def _imported(prefix: str, tmp_path: Path) -> tuple[ImportResult, list[Document]]:
    result = import_files([_seed(prefix)], tmp_path / "posts")
    write(result)
    return result, [parse_document(file.text, file.path) for file in result.files]


def test_union_job_pack_imports_as_three_documents(tmp_path: Path) -> None:
    result, _ = _imported("000", tmp_path)
    assert not result.missing and not result.extra
    packs, problems = load_packs([tmp_path / "posts"])
    assert not [p for p in problems if p.severity == "error"]
    pack = packs[0]
    kinds = [document.kind for document in pack.documents]
    assert kinds.count(Kind.BRIEF) == kinds.count(Kind.DESCRIPTION) == \
        kinds.count(Kind.PERSON_SPEC) == 1
    brief = pack.document(Kind.BRIEF)
    description = pack.document(Kind.DESCRIPTION)
    spec = pack.document(Kind.PERSON_SPEC)
    assert brief is not None and description is not None and spec is not None
    meta = description.meta
    assert meta is not None
    # The post is the title, not the organisation's banner above it.
    assert meta.title is not None and meta.title.startswith("Assistant General Secretary")
    assert meta.organisation == "UNISON"
    assert meta.ref == "GS/7" and meta.grade and meta.location
    assert meta.reports_to == "General Secretary"
    assert meta.responsible_for and str(meta.responsible_for).endswith("directorate")
    assert meta.closing == dt.datetime(2018, 4, 26, 12, 0)
    assert meta.interview == dt.date(2018, 5, 14)

    # Brief: numbered paragraphs 1-2 (the first joined across a page break), four bullets.
    brief_blocks = [block for _, block in brief.blocks()]
    assert [b.number for b in brief_blocks if b.number] == ["1", "2"]
    assert brief_blocks[0].text.rstrip(".").count(".") >= 2  # not cut at "million"
    assert sum(b.kind is BlockKind.BULLET for b in brief_blocks) == 4
    # The banner repeated above the job description is not a heading of the brief.
    assert [s.heading for s in brief.sections()] == []

    sections = {s.heading: s for s in description.sections()}
    assert [b.number for b in sections["Overall summary"].blocks] == ["1", "2", "3", "4"]
    tasks = [b for b in sections["Key tasks and responsibilities"].blocks
             if b.kind is BlockKind.BULLET]
    assert [b.text.split()[0] for b in tasks] == [
        "leadership", "communications", "partnership", "staff", "resource", "other"]
    assert all(b.text.rstrip(".").count(" ") > 5 for b in tasks)  # wrapped lines joined

    headings = [s.heading for s in spec.sections()]
    assert any(h.startswith("Section 1") for h in headings)
    assert any(h.startswith("Section 2") for h in headings)
    groups: dict[str, int] = {}
    for criterion in spec.criteria():
        groups[criterion.group] = groups.get(criterion.group, 0) + 1
    assert list(groups.values()) == [4, 4, 3, 4, 3]
    assert list(groups)[3] == "Staff management"  # rejoined across the page break


def test_blog_post_imports_as_one_job_description(tmp_path: Path) -> None:
    result, documents = _imported("004", tmp_path)
    assert not result.missing and not result.extra
    assert len(documents) == 1
    document = documents[0]
    assert document.kind is Kind.DESCRIPTION and not document.problems
    meta = document.meta
    assert meta is not None
    assert meta.title == "General Secretary"
    assert meta.term is not None and "5 year term" in meta.term
    assert meta.reports_to == "National Chair"
    assert "National Executive Committee" in meta.extra["accountable_to"]
    assert meta.revised is not None and str(meta.revised) == "2018-03"
    headings = [s.heading for s in document.sections()]
    assert "Leading the Union" in headings and "Influencing externally" in headings
    blocks = [block for _, block in document.blocks()]
    top = [b for b in blocks if b.kind is BlockKind.BULLET and b.depth == 0]
    nested = [b for b in blocks if b.kind is BlockKind.BULLET and b.depth > 0]
    assert len(top) == 20
    assert len(nested) >= 10 and max(b.depth for b in nested) == 2
    assert any(b.text.startswith("As with all") for b in blocks)
    reasons = {entry.reason for entry in result.reports[0].left_out}
    assert "comment thread" in reasons
    assert any("introduction" in reason for reason in reasons)
    assert not any("comments:" in b.text for b in blocks)
