"""Front matter: YAML with line numbers, the typed schema, and its JSON Schema export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jdtool.core.documents import parse_document
from jdtool.core.schema import Revised, SalaryRange, json_schema

ROOT = Path(__file__).resolve().parent.parent


def problems_of(front: str) -> list[tuple[int, str, str]]:
    document = parse_document(f"---\n{front}---\n\nBody.\n", Path("x.md"))
    return [(p.line, p.code, p.message) for p in document.problems]


def meta_of(front: str):  # type: ignore[no-untyped-def]
    document = parse_document(f"---\n{front}---\n\nBody.\n", Path("x.md"))
    assert not document.problems, document.problems
    return document.own


def test_typed_fields() -> None:
    meta = meta_of("kind: pack\nclosing: 2026-12-14 12:00\ninterview: 2027-01-12\n"
                   "revised: 2018-03\nsalary:\n  min: 78500\n  max: 86200\nposted: 2026-11-16\n"
                   "tags: [senior, operations]\n")
    assert meta.closing == dt.datetime(2026, 12, 14, 12, 0)
    assert meta.interview == dt.date(2027, 1, 12)
    assert meta.revised == Revised(year=2018, month=3)
    assert meta.revised.describe() == "March 2018"
    assert isinstance(meta.salary, SalaryRange)
    assert meta.salary_text() == "£78,500 to £86,200 a year"
    assert meta.tags == ["senior", "operations"]


def test_closing_date_without_time_means_end_of_day() -> None:
    closing = meta_of("kind: apply\nclosing: 2026-12-14\n").closing
    assert closing == dt.datetime(2026, 12, 14, 23, 59)


def test_no_yaml_1_1_accidents() -> None:
    meta = meta_of("kind: brief\ntitle: no\nref: 010\nhours: 1:30\ngrade: yes\n")
    assert (meta.title, meta.ref, meta.hours, meta.grade) == ("no", "010", "1:30", "yes")


@pytest.mark.parametrize(("front", "line", "code", "fragment"), [
    ("kind: brief\ntitel: X\n", 3, "JD005", "did you mean 'title'"),
    ("kind: brief\nfoo: X\n", 3, "JD005", "put custom fields under 'extra:'"),
    ("kind: memo\n", 2, "JD008", "'memo' is not allowed"),
    ("title: X\n", 1, "JD007", "missing field 'kind'"),
    ("kind: apply\nclosing: 2026-02-30 12:00\n", 3, "JD006", "not a real date"),
    ("kind: apply\nclosing: 2026-02-28 25:00\n", 3, "JD006", "not a time of day"),
    ("kind: apply\nposted: 31/12/2026\n", 3, "JD006", "use YYYY-MM-DD"),
    ("kind: apply\nrevised: 2018-13\n", 3, "JD006", "month 13 does not exist"),
    ("kind: apply\nsalary:\n  min: lots\n", 4, "JD006", "salary.min"),
    ("kind: apply\nsalary:\n  mni: 3\n", 4, "JD006", "salary.mni"),
    ("kind: apply\nstatus: live\n", 3, "JD006", "'live' is not allowed"),
    ("kind: apply\ntitle: [a, b]\n", 3, "JD006", "title"),
    ("kind: apply\ntitle: A\ntitle: B\n", 4, "JD004", "duplicate field 'title'"),
    ("kind: apply\ntitle: 'unclosed\n", 4, "JD004", "invalid YAML"),
    ("kind: apply\n  bad: indent\n", 3, "JD004", "invalid YAML"),
    ("- a list\n", 2, "JD004", "must be a mapping"),
])
def test_bad_front_matter_is_reported_on_its_line(front: str, line: int, code: str,
                                                  fragment: str) -> None:
    problems = problems_of(front)
    assert problems, front
    assert (problems[0][0], problems[0][1]) == (line, code), problems
    assert fragment in problems[0][2]


def test_every_bad_field_is_reported_at_once() -> None:
    problems = problems_of("kind: apply\nclosing: soon\nposted: never\nstatus: live\n")
    assert [p[0] for p in sorted(problems)] == [3, 4, 5]


def test_missing_and_unterminated_front_matter() -> None:
    missing = parse_document("# Title\n", Path("a.md")).problems
    assert [(p.line, p.code) for p in missing] == [(1, "JD002")]
    unterminated = parse_document("---\nkind: brief\n\nBody\n", Path("b.md")).problems
    assert [(p.line, p.code) for p in unterminated] == [(1, "JD003")]


def test_extra_holds_anything() -> None:
    meta = meta_of("kind: brief\nextra:\n  anything: [1, 2]\n")
    assert meta.extra == {"anything": ["1", "2"]}


def test_committed_json_schema_is_current() -> None:
    committed = json.loads((ROOT / "schema" / "front-matter.schema.json").read_text())
    assert committed == json.loads(json.dumps(json_schema()))
    assert set(committed["properties"]) >= {"kind", "closing", "salary", "revised", "extra"}
    assert committed["additionalProperties"] is False


@pytest.mark.parametrize(("front", "message"), [
    ("title: &name Adviser\nref: *name\n", "anchors and aliases"),
    ("title: &loop [*loop]\n", "anchors and aliases"),
    ("title: !!python/object/apply:os.system [ls]\n", "the tag '!!python/object/apply:os.system'"),
    ("title: !custom x\n", "the tag '!custom'"),
    ("title: a\n--- !!map\nref: b\n", "several YAML documents"),
    ("extra: " + "[" * 21 + "]" * 21 + "\n", "nested more than 20 levels deep"),
])
def test_what_front_matter_never_needs_is_refused_before_it_is_built(front: str,
                                                                      message: str) -> None:
    [(line, code, text)] = problems_of("kind: brief\n" + front)
    assert code == "JD004" and message in text and line >= 3


def test_deep_nesting_is_refused_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    problems = problems_of("kind: brief\nextra: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert "nest" in problems[0][2] and time.perf_counter() - started < 5  # libyaml or ours


@pytest.mark.parametrize(("front", "message"), [
    ("salary: {min: .inf}\n", "salary.min: '.inf' is not a number"),
    ("salary: {min: 1e400}\n", "salary.min: '1e400' is not a finite number"),
    ("salary: {max: 2e9}\n", "salary.max: '2e9' must be at most 1,000,000,000"),
    ("revised: 0000-01\n", "the year must be between 1900 and 2100"),
    ("revised: 2018-13\n", "month 13 does not exist"),
    ("revised: {year: 2018, month: 13}\n", "not a real date (month must be in 1..12)"),
    ("revised: {year: 0, month: 1}\n", "the year must be between"),
    ("closing: 9999-12-31\n", "the year must be between"),
    ("posted: 0001-01-01\n", "the year must be between"),
    ("interview: 1899-12-31 10:00\n", "the year must be between"),
])
def test_values_later_stages_cannot_handle_are_refused(front: str, message: str) -> None:
    [(line, code, text)] = problems_of("kind: brief\n" + front)
    assert (line, code) == (3, "JD006") and message in text


def test_front_matter_is_read_in_one_pass_over_the_yaml_events(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from jdtool.core import frontmatter, yamlmatter

    calls: list[str] = []

    class CountingParser(yamlmatter._Parser):  # type: ignore[misc,name-defined]
        def __init__(self, stream: str) -> None:
            calls.append("parse")
            super().__init__(stream)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was composed a second time")

    monkeypatch.setattr(yamlmatter, "_Parser", CountingParser)
    monkeypatch.setattr(yaml, "compose", refuse)
    monkeypatch.setattr(yaml, "parse", refuse)
    matter, body = frontmatter.load("---\ntitle: A\nsalary:\n  min: 1\nlist: [a, b]\n---\nB\n",
                                    Path("x.md"))
    assert calls == ["parse"]
    assert matter.data == {"title": "A", "salary": {"min": "1"}, "list": ["a", "b"]}
    assert matter.key_lines == {"title": 2, "salary": 3, "salary.min": 4, "list": 5}
    assert body == "B\n"


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_plain_nulls_are_nothing_with_either_yaml_parser(monkeypatch: pytest.MonkeyPatch,
                                                         parser: str) -> None:
    """libyaml gives a plain scalar the style '' and PyYAML's own parser None: both are
    plain, so ``null``, ``~`` and an empty value are nothing, and a quoted "null" is text."""
    import yaml

    from jdtool.core import frontmatter, yamlmatter

    if parser == "python":
        monkeypatch.setattr(yamlmatter, "_Parser", yaml.SafeLoader)  # the fallback
    matter, _ = frontmatter.load('---\nref: null\ngrade: ~\nterm:\nhours: "null"\n'
                                 "tags: [a, NULL]\n---\nB\n", Path("x.md"))
    assert matter.data == {"ref": None, "grade": None, "term": None, "hours": "null",
                           "tags": ["a", None]}
