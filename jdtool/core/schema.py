"""The typed front matter of a document, validated with pydantic and exported as JSON Schema.

``validate`` turns the raw mapping from ``frontmatter`` into a ``Meta`` and reports every bad
field as a ``Problem`` on the line where the field stands.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from jdtool.core.frontmatter import FrontMatter
from jdtool.core.problems import INVALID_VALUE, MISSING_FIELD, UNKNOWN_FIELD, UNKNOWN_KIND, Problem


class Kind(StrEnum):
    PACK = "pack"
    BRIEF = "brief"
    DESCRIPTION = "description"
    PERSON_SPEC = "person-spec"
    APPLY = "apply"


KIND_HEADINGS = {
    Kind.PACK: "Introduction",
    Kind.BRIEF: "Job brief",
    Kind.DESCRIPTION: "Job description",
    Kind.PERSON_SPEC: "Person specification",
    Kind.APPLY: "How to apply",
}
"""What a document of each kind is called as a heading: on the pack page, the PDF and in Word."""


class Status(StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EmploymentType(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    FIXED_TERM = "fixed-term"
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    CONTRACT = "contract"
    VOLUNTEER = "volunteer"
    ELECTED = "elected"
    SECONDMENT = "secondment"
    OTHER = "other"


class Period(StrEnum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


MAX_AMOUNT = 1e9
"""No salary is a billion a period: a larger amount is a typo (and ``inf`` no amount)."""

Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""The dates every stage handles: a year outside is a typo (year 0 does not exist at all,
and date arithmetic near year 9999 overflows)."""


def _check_year(year: int, text: object) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{text}': the year must be between {FIRST_YEAR} and {LAST_YEAR}")


class SalaryRange(_Strict):
    """A salary as numbers, so a site can sort and a feed can publish it."""

    min: Amount | None = None
    max: Amount | None = None
    currency: str = Field("GBP", pattern=r"^[A-Z]{3}$")
    period: Period = Period.YEAR
    note: str | None = None

    def describe(self) -> str:
        symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(self.currency, self.currency + " ")
        def money(value: float) -> str:
            return f"{symbol}{value:,.0f}" if value == int(value) else f"{symbol}{value:,.2f}"
        if self.min is not None and self.max is not None and self.min != self.max:
            amount = f"{money(self.min)} to {money(self.max)}"
        elif self.min is not None or self.max is not None:
            amount = money(self.min if self.min is not None else self.max)  # type: ignore[arg-type]
        else:
            amount = ""
        text = f"{amount} a {self.period}" if amount else ""
        return f"{text} ({self.note})" if self.note and text else (text or self.note or "")


class Contact(_Strict):
    name: str | None = None
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None

    def describe(self) -> str:
        return ", ".join(part for part in (self.name, self.email, self.phone) if part)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Revised(BaseModel):
    """A revision date given to the month (``2018-03``) or the day (``2018-03-14``)."""

    model_config = ConfigDict(frozen=True)
    year: int
    month: int
    day: int | None = None

    @model_validator(mode="after")
    def _real_date(self) -> Revised:
        # Checked here, not only when parsing text: a mapping ({year: 0}) arrives as is.
        _check_year(self.year, self.year)
        try:
            dt.date(self.year, self.month, self.day or 1)
        except ValueError as error:
            raise ValueError(f"not a real date ({error})") from None
        return self

    def __str__(self) -> str:
        head = f"{self.year:04d}-{self.month:02d}"
        return f"{head}-{self.day:02d}" if self.day else head

    def describe(self) -> str:
        month = dt.date(self.year, self.month, 1).strftime("%B")
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)


def _parse_revised(value: Any) -> Any:
    if isinstance(value, Revised | dict):
        return value
    text = str(value).strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist; use YYYY-MM or YYYY-MM-DD")
        _check_year(year, text)
        return {"year": year, "month": month}
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM or YYYY-MM-DD") from None
    _check_year(date.year, text)
    return {"year": date.year, "month": date.month, "day": date.day}


_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:(?:[ T]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$", re.IGNORECASE)
"""A date, or a date and time: ``YYYY-MM-DD HH:MM`` as jdtool writes it, and ISO 8601 or YAML
timestamps (``2018-04-26T12:00:00``, seconds and fractions, ``Z`` or ``+01:00``)."""


def _parse_datetime(value: Any, *, default_time: dt.time) -> Any:
    """The date and time as written. A UTC offset is accepted and not kept: every time in a
    job pack is the organisation's local time, and a closing time of ``12:00+01:00`` is
    shown, sorted and compared as 12:00 (as the reader of the advert reads it)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, default_time)
    text = str(value).strip()
    match = _DATETIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date and time; use YYYY-MM-DD HH:MM "
                         "(or ISO 8601, 2018-04-26T12:00:00)")
    try:
        date = dt.date.fromisoformat(match[1])
    except ValueError as error:
        raise ValueError(f"'{match[1]}' is not a real date ({error})") from None
    _check_year(date.year, text)
    if match[2] is None:
        return dt.datetime.combine(date, default_time)
    hour, minute, second = int(match[2]), int(match[3]), int(match[4] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{text[len(match[1]):].strip(' Tt')}' is not a time of day")
    if match[5] and match[5].upper() != "Z" and not _offset_ok(match[5]):
        raise ValueError(f"'{match[5]}' is not a UTC offset (use Z, +01:00 or -05:00)")
    return dt.datetime.combine(date, dt.time(hour, minute, second))


def _offset_ok(offset: str) -> bool:
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    return hours <= 14 and minutes <= 59


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"'{text}' is not a real date") from None
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD") from None
    _check_year(date.year, text)
    return date


def _parse_interview(value: Any) -> Any:
    text = str(value).strip()
    match = _DATETIME.match(text)
    if match and match[2] is not None:
        return _parse_datetime(text, default_time=dt.time(9, 0))
    return _parse_date(value)


Closing = Annotated[dt.datetime, BeforeValidator(
    lambda v: _parse_datetime(v, default_time=dt.time(23, 59)))]
DateField = Annotated[dt.date, BeforeValidator(_parse_date)]
InterviewField = Annotated[dt.datetime | dt.date, BeforeValidator(_parse_interview)]
RevisedField = Annotated[Revised, BeforeValidator(_parse_revised)]


class Meta(_Strict):
    """Front matter of one document (or the effective fields after pack inheritance)."""

    kind: Kind
    title: str | None = None
    organisation: str | None = None
    ref: str | None = None
    grade: str | None = None
    salary: SalaryRange | str | None = None
    location: str | None = None
    reports_to: str | None = None
    responsible_for: list[str] | str | None = None
    term: str | None = None
    hours: str | None = None
    employment_type: EmploymentType | None = None
    status: Status = Status.DRAFT
    posted: DateField | None = None
    closing: Closing | None = None
    interview: InterviewField | None = None
    revised: RevisedField | None = None
    contact: Contact | str | None = None
    lang: str | None = Field(None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    """The document's language (a tag such as en-GB or cy), when not the site's."""
    # The factory is Python, not ``list``: pydantic reads the factory's signature, and a
    # builtin's is parsed by the tokenizer, 3 ms of every command's start.
    tags: list[str] = Field(default_factory=lambda: [])
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("salary", mode="before")
    @classmethod
    def _salary_mapping_first(cls, value: Any) -> Any:
        # A mapping must be a range; only plain text is free text.
        if isinstance(value, dict):
            return SalaryRange.model_validate(value)
        return value

    @field_validator("contact", mode="before")
    @classmethod
    def _contact_mapping_first(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return Contact.model_validate(value)
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags_list(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    def salary_text(self) -> str:
        if isinstance(self.salary, SalaryRange):
            return self.salary.describe()
        return self.salary or ""

    def contact_text(self) -> str:
        if isinstance(self.contact, Contact):
            return self.contact.describe()
        return self.contact or ""

    def responsible_for_text(self) -> str:
        if isinstance(self.responsible_for, list):
            return "; ".join(self.responsible_for)
        return self.responsible_for or ""


FIELDS = tuple(Meta.model_fields)
INHERITED = tuple(name for name in FIELDS if name != "kind")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely a typo of (for "did you mean ...?"), if any is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def validate(matter: FrontMatter, path: Path) -> tuple[Meta | None, list[Problem]]:
    """Validate a raw front matter mapping; return the typed fields and every problem found."""
    problems: list[Problem] = []
    data = dict(matter.data)
    for key in list(data):
        if key not in Meta.model_fields:
            suggestion = closest(key, FIELDS)
            hint = f"; did you mean '{suggestion}'?" if suggestion else \
                "; put custom fields under 'extra:'"
            problems.append(Problem(path, matter.line_of(key), 1, UNKNOWN_FIELD,
                                    f"unknown field '{key}'{hint}"))
            del data[key]
    if "kind" not in data or data["kind"] is None:
        problems.append(Problem(path, 1, 1, MISSING_FIELD,
                                "missing field 'kind' (one of: " + ", ".join(Kind) + ")"))
        return None, problems
    try:
        return Meta.model_validate(data), problems
    except ValidationError as error:
        problems.extend(_problems_from(error, matter, path))
        bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
    # Keep what is valid so later stages can still look at the document.
    if "kind" in bad:
        return None, problems
    try:
        return Meta.model_validate({k: v for k, v in data.items() if k not in bad}), problems
    except ValidationError:
        return None, problems


def _problems_from(error: ValidationError, matter: FrontMatter, path: Path) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for item in error.errors():
        location = [str(part) for part in item["loc"] if not str(part).isdigit()]
        # Union members each report; keep the most specific message per field.
        dotted = ".".join(part for part in location if part not in _TYPE_TAGS)
        if dotted in seen:
            continue
        seen.add(dotted)
        field = dotted.split(".")[0]
        code = UNKNOWN_KIND if field == "kind" else INVALID_VALUE
        problems.append(Problem(path, matter.line_of(dotted), 1, code,
                                f"{dotted}: {_message(item, field)}"))
    return problems


_TYPE_TAGS = {"SalaryRange", "Contact", "str", "list[str]", "date", "datetime",
              "function-before[_parse_date(), date]", "is-instance[Revised]"}


def _message(item: Any, field: str) -> str:
    message = str(item["msg"]).removeprefix("Value error, ")
    if item["type"] == "enum":
        expected = item.get("ctx", {}).get("expected", "")
        suggestion = closest(str(item["input"]), re.findall(r"'([^']*)'", expected))
        hint = f"did you mean '{suggestion}'? Use" if suggestion else "use"
        return f"'{item['input']}' is not allowed; {hint} one of {expected}"
    if item["type"] == "extra_forbidden":
        return "unknown field"
    if item["type"] in ("string_type", "list_type") and field in ("tags", "responsible_for"):
        return "expected text or a list of text"
    return message


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the front matter, for editors that validate YAML."""
    schema = Meta.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jdtool document front matter"
    schema["additionalProperties"] = False
    return schema
