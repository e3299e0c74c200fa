"""The front matter schema's API: what a document set (and what it left to its default), pack
inheritance, copies with changes, mappings of the fields, pickling, every bad field reported,
and the JSON Schema drawn from the same definition."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from jdtool.core.documents import parse_document
from jdtool.core.schema import (
    FIELDS,
    Contact,
    EmploymentType,
    InvalidFrontMatter,
    Kind,
    Meta,
    Period,
    SalaryRange,
    Status,
    as_dict,
    fields_set,
    from_mapping,
    inherit,
    json_schema,
    make,
    replace,
)

PACK = {"kind": "pack", "title": "Branch Organiser", "organisation": "Fictional Union",
        "status": "published", "salary": {"min": "31000", "max": "34000"}, "tags": "field"}


def test_fields_set_is_what_the_document_wrote() -> None:
    meta = from_mapping({"kind": "brief", "title": "Organiser", "status": "draft"})
    assert fields_set(meta) == {"kind", "title", "status"}
    assert meta.status is Status.DRAFT and meta.tags == [] and meta.extra == {}
    assert fields_set(from_mapping({"kind": "brief"})) == {"kind"}


def test_inherit_takes_only_what_the_pack_set_and_the_document_overrides() -> None:
    pack = from_mapping(PACK)
    silent = inherit(pack, from_mapping({"kind": "description"}))
    assert (silent.kind, silent.title, silent.status) == (Kind.DESCRIPTION, "Branch Organiser",
                                                          Status.PUBLISHED)
    assert silent.salary == SalaryRange(min=31000, max=34000)
    # A document that writes ``status: draft`` is a draft, though draft is the default.
    own = inherit(pack, from_mapping({"kind": "description", "status": "draft"}))
    assert own.status is Status.DRAFT and "status" in fields_set(own)
    assert fields_set(silent) == {"kind", "title", "organisation", "status", "salary", "tags"}


def test_replace_counts_the_changed_fields_as_set() -> None:
    meta = from_mapping({"kind": "brief", "title": "Organiser"})
    changed = replace(meta, kind=Kind.PACK, extra={"note": "x"})
    assert (changed.kind, changed.title, changed.extra) == (Kind.PACK, "Organiser", {"note": "x"})
    assert fields_set(changed) == {"kind", "title", "extra"}
    assert fields_set(meta) == {"kind", "title"}  # the original is untouched (frozen)


def test_a_meta_made_in_code_counts_what_differs_from_the_defaults() -> None:
    assert fields_set(make(kind=Kind.PACK, title="T")) == {"kind", "title"}
    built = Meta(kind=Kind.BRIEF, status=Status.REVIEW)
    assert fields_set(built) == {"kind", "status"}


def test_as_dict_modes() -> None:
    meta = from_mapping({**PACK, "closing": "2027-04-26 12:00", "revised": "2026-11",
                         "contact": {"name": "Sam", "email": "sam@union.example"}})
    dumped = as_dict(meta, json=True, exclude_defaults=True)
    assert dumped["closing"] == "2027-04-26T12:00:00"
    assert dumped["revised"] == {"year": 2026, "month": 11}  # day left at its default
    assert dumped["salary"] == {"min": 31000.0, "max": 34000.0}  # GBP a year: defaults
    assert dumped["status"] == "published" and dumped["kind"] == "pack"
    assert "lang" not in dumped and "extra" not in dumped
    json.dumps(dumped)  # JSON types only
    python = as_dict(meta, exclude_none=True)
    assert python["closing"] == dt.datetime(2027, 4, 26, 12, 0)
    assert python["salary"]["period"] is Period.YEAR and "note" not in python["salary"]
    assert set(as_dict(meta, exclude_unset=True)) == set(fields_set(meta))
    assert set(as_dict(meta)) == set(FIELDS)
    assert "kind" not in as_dict(meta, exclude={"kind"})


def test_a_meta_survives_pickling_with_what_was_set() -> None:
    """Build and lint workers receive documents by pickle."""
    document = parse_document("---\nkind: brief\ntitle: T\nemployment_type: part-time\n---\n\n"
                              "Body.\n", Path("brief.md"))
    copy = pickle.loads(pickle.dumps(document))
    assert copy.own == document.own and fields_set(copy.own) == {"kind", "title",
                                                                  "employment_type"}
    assert copy.own.employment_type is EmploymentType.PART_TIME


def test_every_bad_field_is_reported_inside_a_mapping_too() -> None:
    front = ("kind: apply\nsalary: {min: 1, max: lots, currency: gbp, period: fortnightly, "
             "bonus: 3}\ncontact: {email: nobody}\nlang: english\n")
    document = parse_document(f"---\n{front}---\n\nBody.\n", Path("apply.md"))
    problems = [(p.line, p.code, p.message) for p in document.problems]
    assert problems == [
        (3, "JD006", "salary.max: 'lots' is not a number"),
        (3, "JD006", "salary.currency: 'gbp' is not a currency code: three capitals, "
                     "such as GBP"),
        (3, "JD006", "salary.period: 'fortnightly' is not allowed; use one of 'year', "
                     "'month', 'week', 'day' or 'hour'"),
        (3, "JD006", "salary.bonus: unknown field"),
        (4, "JD006", "contact.email: 'nobody' is not an email address"),
        (5, "JD006", "lang: 'english' is not a language tag, such as en-GB or cy"),
    ]
    # What is valid is kept for later stages.
    assert document.own is not None and document.own.kind is Kind.APPLY


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "brief", "titel": "x"}, "titel: unknown field"),
    ({"title": "x"}, "kind: missing (this field is required)"),
    ({"kind": "brief", "contact": ["a"]}, "contact: expected text or a mapping, not a list"),
    ({"kind": "brief", "tags": {"a": "b"}}, "tags: expected text or a list of text"),
    ({"kind": "brief", "revised": {"year": "2020"}}, "revised.month: missing"),
])
def test_from_mapping_refuses_with_every_reason(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidFrontMatter) as raised:
        from_mapping(data)
    assert message in str(raised.value)


def test_json_schema_is_drawn_from_the_definition() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == list(FIELDS)
    assert schema["required"] == ["kind"] and schema["additionalProperties"] is False
    definitions = schema["$defs"]
    for enum in (Kind, Status, EmploymentType, Period):
        assert definitions[enum.__name__]["enum"] == [member.value for member in enum]
    assert definitions["SalaryRange"]["additionalProperties"] is False
    assert definitions["SalaryRange"]["description"] == SalaryRange.__doc__
    assert definitions["SalaryRange"]["properties"]["currency"]["pattern"] == "^[A-Z]{3}$"
    assert set(definitions["Contact"]["properties"]) == {"name", "email", "phone"}
    assert Contact.__struct_fields__ == ("name", "email", "phone")
    assert [member.get("format") for member in
            schema["properties"]["interview"]["anyOf"]] == ["date-time", "date", None]
    assert all(ref.startswith("#/$defs/") for ref in _refs(schema))
    assert {ref.removeprefix("#/$defs/") for ref in _refs(schema)} <= set(definitions)


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []
