"""The key facts of a post, as every output states them: one list, one order, one wording.

The pack page, the PDF cover (``jd_templates/key-facts.html``) and the Word export's "Post
details" table all show ``key_facts(meta)``, and dates everywhere read ``long_datetime``.
"""

from __future__ import annotations

import datetime as dt

from jdtool.core.schema import Meta


def long_date(value: dt.date | None) -> str:
    """``Monday 14 December 2026``."""
    if value is None:
        return ""
    return f"{value:%A} {value.day} {value:%B %Y}"


def long_datetime(value: dt.datetime | dt.date | None) -> str:
    """``Monday 14 December 2026 at 12:00``; a bare date stays a date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{long_date(value.date())} at {value:%H:%M}"
    return long_date(value)


def key_facts(meta: Meta | None) -> list[tuple[str, str]]:
    """(label, value) for every key fact the post states, in the order applicants look."""
    if meta is None:
        return []
    facts = [
        ("Organisation", meta.organisation or ""),
        ("Reference", meta.ref or ""),
        ("Grade", meta.grade or ""),
        ("Salary", meta.salary_text()),
        ("Location", meta.location or ""),
        ("Reports to", meta.reports_to or ""),
        ("Responsible for", meta.responsible_for_text()),
        ("Hours", meta.hours or ""),
        ("Term", meta.term or ""),
        ("Type of post", str(meta.employment_type).replace("-", " ").capitalize()
         if meta.employment_type else ""),
        ("Closing date", long_datetime(meta.closing)),
        ("Interview date", long_datetime(meta.interview)),
        ("Contact", meta.contact_text()),
    ]
    return [(label, value) for label, value in facts if value]


FIELD_LABELS: dict[str, str] = {
    "kind": "Kind of document",
    "title": "Title",
    "organisation": "Organisation",
    "ref": "Reference",
    "grade": "Grade",
    "salary": "Salary",
    "location": "Location",
    "reports_to": "Reports to",
    "responsible_for": "Responsible for",
    "term": "Term of office",
    "hours": "Hours",
    "employment_type": "Type of post",
    "status": "Status",
    "posted": "Date posted",
    "closing": "Closing date",
    "interview": "Interview date",
    "revised": "Last revised",
    "contact": "Contact",
    "tags": "Tags",
    "extra": "Other details",
    "heading": "Title heading",
    "importance": "Essential/desirable",
    "assessed by": "Assessed by",
    "number": "Number",
}
"""What readers call each front matter field (and each criterion field a diff reports)."""


def field_label(name: str) -> str:
    """``term`` -> ``Term of office``; an unknown name reads as itself, capitalised."""
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()
