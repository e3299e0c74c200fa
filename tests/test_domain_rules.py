"""Rules that several stages share have one definition, so the stages cannot disagree:
what a pack may be called, which file holds each kind, and when a document is usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdtool.authoring.scaffold import scaffold
from jdtool.core.documents import parse_document, require_usable
from jdtool.core.packs import DOCUMENT_FILES, file_name, load_packs
from jdtool.core.problems import (
    BAD_CRITERION,
    BAD_SLUG,
    EXISTS,
    INVALID_VALUE,
    READ_ERROR,
    JdtoolError,
)
from jdtool.core.schema import Kind

SPEC = """---
kind: person-spec
title: Caseworker
closing: {closing}
---

## Criteria

| Criterion | Importance | Assessed by |
| --- | --- | --- |
| Writing clear letters | {importance} | Application |
"""


@pytest.mark.parametrize("name", ["caseworker-2027", "caseworker.v2", "case_worker"])
def test_a_name_the_loader_accepts_is_one_new_accepts(tmp_path: Path, name: str) -> None:
    written = scaffold(Kind.BRIEF, name, root=tmp_path)
    packs, problems = load_packs([tmp_path])
    assert not [p for p in problems if p.code == BAD_SLUG]
    assert [pack.slug for pack in packs] == [name] and written == [tmp_path / name / "brief.md"]


@pytest.mark.parametrize("name", ["Caseworker", "-caseworker", "case worker"])
def test_a_name_the_loader_refuses_is_one_new_refuses(tmp_path: Path, name: str) -> None:
    with pytest.raises(JdtoolError) as refused:
        scaffold(Kind.BRIEF, name, root=tmp_path)
    assert refused.value.problem is not None and refused.value.problem.code == BAD_SLUG
    (tmp_path / name).mkdir()
    (tmp_path / name / "brief.md").write_text("---\nkind: brief\n---\n", encoding="utf-8")
    _, problems = load_packs([tmp_path])
    assert [p.code for p in problems] == [BAD_SLUG]


def test_new_pack_writes_the_file_the_loader_expects_for_each_kind(tmp_path: Path) -> None:
    written = scaffold(Kind.PACK, "caseworker", root=tmp_path)
    assert [path.name for path in written] == [file_name(kind) for kind in Kind]
    assert {file_name(kind): kind for kind in Kind} == DOCUMENT_FILES


def test_a_document_is_usable_unless_an_error_says_otherwise() -> None:
    path = Path("person-spec.md")
    good = parse_document(SPEC.format(closing="2027-01-08", importance="Essential"), path)
    assert good.ok and good.unusable_because() is None
    require_usable(good)

    bad_body = parse_document(SPEC.format(closing="2027-01-08", importance="Maybe"), path)
    problem = bad_body.unusable_because()
    assert not bad_body.ok and problem is not None and problem.code == BAD_CRITERION
    # A diff compares the text, so only errors in the fields stop it.
    assert bad_body.unusable_because(body=False) is None
    with pytest.raises(JdtoolError, match=BAD_CRITERION):
        require_usable(bad_body)

    bad_fields = parse_document(SPEC.format(closing="2027-02-30", importance="Essential"), path)
    problem = bad_fields.unusable_because(body=False)
    assert problem is not None and problem.code == INVALID_VALUE


def test_a_file_new_will_not_overwrite_has_its_own_code(tmp_path: Path) -> None:
    scaffold(Kind.BRIEF, "caseworker", root=tmp_path)
    with pytest.raises(JdtoolError) as refused:
        scaffold(Kind.BRIEF, "caseworker", root=tmp_path)
    assert refused.value.problem is not None
    assert refused.value.problem.code == EXISTS != READ_ERROR
