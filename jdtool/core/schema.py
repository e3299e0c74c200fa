"""The typed front matter of a document: the one definition of its fields, validated with
msgspec and exported as JSON Schema.

``validate`` turns the raw mapping from ``frontmatter`` into a ``Meta`` and reports every bad
field as a ``Problem`` on the line where the field stands. msgspec stops at the first error, so
the fields are converted one by one (a mapping such as ``salary`` field by field too), each
against the type its class declares, and every bad one is reported.

msgspec rather than pydantic: the hot commands (``check``, ``diff``, ``log``) import this module,
and pydantic spent about 150 ms of each start building the models' validators; msgspec builds
nothing until a type is first used.

A ``Meta`` remembers which fields the document set (``fields_set``): a pack's document inherits
only those the pack set, and ``status: draft`` written differs from ``status`` left out.
"""

# No ``from __future__ import annotations``: the fields' types are read at run time, and
# resolving them from strings would cost every command a few milliseconds.
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum, StrEnum
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

import msgspec

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


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A mapping of known keys only: an unknown key is an error, not silently dropped."""


MAX_AMOUNT = 1e9
"""No salary is a billion a period: a larger amount is a typo (and ``inf`` no amount)."""

Amount = Annotated[float, msgspec.Meta(ge=0, le=MAX_AMOUNT)]
"""The bounds refuse ``inf`` and ``nan`` too (``nan`` is not ``>= 0``)."""

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""The dates every stage handles: a year outside is a typo (year 0 does not exist at all,
and date arithmetic near year 9999 overflows)."""


def _written(value: Any) -> str:
    """A field's value as its reader quotes it: an empty field (``posted:``, ``~``) as ''."""
    return "" if value is None else str(value).strip()


def _check_year(year: int, text: object) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{text}': the year must be between {FIRST_YEAR} and {LAST_YEAR}")


class SalaryRange(_Strict, frozen=True):
    """A salary as numbers, so a site can sort and a feed can publish it."""

    min: Amount | None = None
    max: Amount | None = None
    currency: Annotated[str, msgspec.Meta(
        pattern=r"^[A-Z]{3}$", description="a currency code: three capitals, such as GBP")] = "GBP"
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


class Contact(_Strict, frozen=True):
    name: str | None = None
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                       description="an email address")] | None = None
    phone: str | None = None

    def describe(self) -> str:
        return ", ".join(part for part in (self.name, self.email, self.phone) if part)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Revised(msgspec.Struct, frozen=True):
    """A revision date given to the month (``2018-03``) or the day (``2018-03-14``)."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        # Checked here, not only when parsing text: a mapping ({year: 0}) arrives as is.
        _check_year(self.year, self.year)
        try:
            dt.date(self.year, self.month, self.day or 1)
        except ValueError as error:
            raise ValueError(f"not a real date ({error})") from None

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
    text = _written(value)
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
    text = _written(value)
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
    text = _written(value)
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"'{text}' is not a real date") from None
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD") from None
    _check_year(date.year, text)
    return date


def _parse_interview(value: Any) -> Any:
    text = _written(value)
    match = _DATETIME.match(text)
    if match and match[2] is not None:
        return _parse_datetime(text, default_time=dt.time(9, 0))
    return _parse_date(value)


LanguageTag = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                                         description="a language tag, such as en-GB or cy")]


def _closing(value: Any) -> Any:
    return _parse_datetime(value, default_time=dt.time(23, 59))


def _tags(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


class Meta(_Strict, frozen=True):
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
    posted: dt.date | None = None
    closing: dt.datetime | None = None
    # A date, or a date and time (a datetime is a date): msgspec's types cannot say "either".
    interview: dt.date | None = None
    revised: Revised | None = None
    contact: Contact | str | None = None
    lang: LanguageTag | None = None
    """The document's language, when not the site's."""
    tags: list[str] = msgspec.field(default_factory=list)
    extra: dict[str, Any] = msgspec.field(default_factory=dict)
    # Which fields the document set (``fields_set``); None for a Meta built in code, whose
    # set fields are then those that differ from the default.
    _set: frozenset[str] | None = None

    READERS: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "posted": _parse_date, "closing": _closing, "interview": _parse_interview,
        "revised": _parse_revised, "tags": _tags}
    """How a field's text reads, before its type is checked: the dates as jdtool and YAML
    write them, a single tag as a list of one."""

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


FIELDS = tuple(name for name in Meta.__struct_fields__ if not name.startswith("_"))
INHERITED = tuple(name for name in FIELDS if name != "kind")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely a typo of (for "did you mean ...?"), if any is close."""
    import difflib  # only when a value is wrong: a valid document never loads it

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


class InvalidFrontMatter(ValueError):
    """Fields that do not fit the schema: ``errors`` holds (dotted field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))
        self.errors = errors


def validate(matter: FrontMatter, path: Path) -> tuple[Meta | None, list[Problem]]:
    """Validate a raw front matter mapping; return the typed fields and every problem found."""
    problems: list[Problem] = []
    data = dict(matter.data)
    for key in list(data):
        if key not in FIELDS:
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
    # Keep what is valid so later stages can still look at the document.
    values, errors = _fields(Meta, data, "")
    for dotted, message in errors:
        code = UNKNOWN_KIND if dotted == "kind" else INVALID_VALUE
        problems.append(Problem(path, matter.line_of(dotted), 1, code, f"{dotted}: {message}"))
    if "kind" not in values:
        return None, problems
    return make(**values), problems


def from_mapping(data: Mapping[str, Any]) -> Meta:
    """The typed fields of a raw mapping (as YAML gives it); ``InvalidFrontMatter`` if any
    field is unknown or bad."""
    unknown = [(str(key), "unknown field") for key in data if key not in FIELDS]
    values, errors = _fields(Meta, {k: v for k, v in data.items() if k in FIELDS}, "")
    if unknown or errors:
        raise InvalidFrontMatter(unknown + errors)
    return make(**values)


# Converting field by field --------------------------------------------------------------


def _fields(struct: type[msgspec.Struct], data: Mapping[str, Any],
            prefix: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The valid fields of ``data`` as ``struct`` types them, and an error per bad field."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    specs = _specs(struct)
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            if struct.__struct_config__.forbid_unknown_fields:
                errors.append((f"{prefix}{key}", "unknown field"))
            continue
        try:
            values[key] = _value(spec, value, prefix)
        except InvalidFrontMatter as error:
            errors.extend(error.errors)
    for name, spec in specs.items():
        if spec.required and name not in data:
            errors.append((f"{prefix}{name}", "missing (this field is required)"))
    return values, errors


def _value(spec: "_Spec", value: Any, prefix: str) -> Any:
    """One field's typed value; ``InvalidFrontMatter`` with every error inside it if bad."""
    if spec.name != "extra":
        value = _stripped(value)
    if spec.reader is not None:
        try:
            value = spec.reader(value)
        except ValueError as error:
            raise InvalidFrontMatter([(prefix + spec.name, str(error))]) from None
        if not isinstance(value, dict | list):
            return value  # the reader's own type: a date, a date and time
    # The common cases first, without msgspec: text where any text will do, nothing.
    if (value is None and spec.optional) or (spec.text and isinstance(value, str)):
        return value
    if spec.struct is not None and isinstance(value, dict):
        return _struct(spec.struct, value, prefix + spec.name)
    if spec.members is not None and value is not None:
        return _enum_member(spec.members, value, prefix + spec.name)
    try:
        return msgspec.convert(value, spec.annotation, strict=False)
    except msgspec.ValidationError as error:
        message = _message(str(error), value, spec.annotation, spec.name)
        raise InvalidFrontMatter([(prefix + spec.name, message)]) from None


def _struct(struct: type[msgspec.Struct], data: dict[str, Any], dotted: str) -> Any:
    values, errors = _fields(struct, data, dotted + ".")
    if errors:
        raise InvalidFrontMatter(errors)
    try:
        return struct(**values)
    except ValueError as error:  # the struct's own check of its fields together
        raise InvalidFrontMatter([(dotted, str(error))]) from None


def _enum_member(members: dict[str, Enum], value: Any, dotted: str) -> Any:
    if isinstance(value, str) and value in members:
        return members[value]
    allowed = list(members)
    expected = ", ".join(f"'{name}'" for name in allowed[:-1]) + f" or '{allowed[-1]}'"
    suggestion = closest(str(value), allowed)
    hint = f"did you mean '{suggestion}'? Use" if suggestion else "use"
    raise InvalidFrontMatter([(dotted, f"'{value}' is not allowed; {hint} one of {expected}")])


def _stripped(value: Any) -> Any:
    """Text without the spaces around it, as a reader sees it (in a list too)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [item.strip() if isinstance(item, str) else item for item in value]
    return value


class _Spec:
    """How one field of a struct is read, worked out once from its declared type."""

    __slots__ = (
        "annotation",
        "default",
        "members",
        "name",
        "optional",
        "reader",
        "required",
        "struct",
        "text",
    )

    def __init__(self, struct: type[msgspec.Struct], field: msgspec.structs.FieldInfo) -> None:
        self.name = field.name
        self.annotation = field.type
        readers: dict[str, Callable[[Any], Any]] = getattr(struct, "READERS", {})
        self.reader = readers.get(field.name)
        self.required = field.required
        self.default: Callable[[], Any] = (
            field.default_factory if field.default_factory is not msgspec.NODEFAULT
            else _constant(None if field.default is msgspec.NODEFAULT else field.default))
        members = _members(field.type)
        self.optional = type(None) in members
        self.text = str in members  # plain text; a constrained one is Annotated, checked
        self.struct = next((m for m in members if isinstance(m, type) and
                            issubclass(m, msgspec.Struct)), None)
        enum = next((m for m in members if isinstance(m, type) and issubclass(m, Enum)), None)
        self.members = {str(m.value): m for m in enum} if enum is not None else None


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


_SPECS: dict[type, dict[str, _Spec]] = {}


def _specs(struct: type[msgspec.Struct]) -> dict[str, _Spec]:
    """Each field's ``_Spec``, in the struct's order, worked out on first use."""
    if struct not in _SPECS:
        _SPECS[struct] = {field.name: _Spec(struct, field)
                          for field in msgspec.structs.fields(struct)
                          if not field.name.startswith("_")}
    return _SPECS[struct]


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types a union allows, each constrained one as ``Annotated``; a plain type alone."""
    if get_origin(annotation) in (Union, UnionType):
        return tuple(member for argument in get_args(annotation)
                     for member in _members(argument))
    return (annotation,)


_EXPECTED = re.compile(r"^Expected `([^`]+)`(?:, got `(\w+)`| (>=|<=) (\S+)| matching regex "
                       r"'(.*)')")
_WORDS = {"str": "text", "float": "a number", "int": "a whole number", "array": "a list",
          "object": "a mapping", "bool": "true or false", "null": "nothing"}
_LIST_OF_TEXT = ("tags", "responsible_for")


def _message(error: str, value: Any, annotation: Any, field: str) -> str:
    """msgspec's error in the words of a person editing YAML."""
    error = error.split(" - at `", 1)[0]
    match = _EXPECTED.match(error)
    if field in _LIST_OF_TEXT and (match is None or match[2]):
        return "expected text or a list of text"
    if error == "Number out of range" or (match and match[3] and _not_finite(value)):
        return f"'{value}' is not a finite number"
    if match is None:
        return error
    if match[5] is not None:
        return f"'{value}' is not {_description(annotation) or 'in the form ' + match[5]}"
    if match[3] is not None:
        bound = float(match[4])
        return f"'{value}' must be {'at least' if match[3] == '>=' else 'at most'} " + \
            (f"{bound:,.0f}" if bound == int(bound) else f"{bound:,}")
    expected = [_WORDS.get(name, name) for name in match[1].split(" | ") if name != "null"]
    if match[2] == "str" and {"a number", "a whole number"} & set(expected):
        return f"'{value}' is not {' or '.join(expected)}"
    return f"expected {' or '.join(expected)}, not {_WORDS.get(match[2], match[2])}"


def _description(annotation: Any) -> str | None:
    """What a constrained type's ``msgspec.Meta`` calls a valid value ("an email address")."""
    for member in _members(annotation):
        if get_origin(member) is Annotated:
            for constraint in get_args(member)[1:]:
                if isinstance(constraint, msgspec.Meta) and constraint.description:
                    return str(constraint.description)
    return None


def _not_finite(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number != number or number in (float("inf"), float("-inf"))


# The Meta API the other stages use -------------------------------------------------------


def fields_set(meta: Meta) -> frozenset[str]:
    """The fields the document wrote (``kind`` always); for a Meta built in code, those that
    differ from their default."""
    if meta._set is not None:
        return meta._set
    specs = _specs(Meta)
    return frozenset(name for name in FIELDS
                     if name == "kind" or getattr(meta, name) != specs[name].default())


def make(**values: Any) -> Meta:
    """A Meta from values already typed (another Meta's), all of them counted as set."""
    return Meta(**values, _set=frozenset(values))


def replace(meta: Meta, **changes: Any) -> Meta:
    """``meta`` with some fields changed; the changed fields count as set."""
    return msgspec.structs.replace(meta, **changes, _set=fields_set(meta) | frozenset(changes))


def inherit(pack: Meta, own: Meta) -> Meta:
    """A pack document's effective fields: the pack's set fields (not its kind) overridden
    by those the document set."""
    values = {name: getattr(pack, name) for name in fields_set(pack) if name != "kind"}
    values.update({name: getattr(own, name) for name in fields_set(own)})
    return make(**values)


def as_dict(meta: msgspec.Struct, *, exclude_unset: bool = False,
            exclude_defaults: bool = False, exclude_none: bool = False, json: bool = False,
            exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The fields as a mapping (nested ranges and contacts as mappings too); ``json``: as JSON
    types (enum values, ISO dates). ``exclude_unset`` leaves out what the document did not
    write, ``exclude_defaults`` what equals its default, ``exclude_none`` what is empty."""
    skip = set(exclude)
    specs = _specs(type(meta))
    names = [name for name in specs if name not in skip]
    if exclude_unset and isinstance(meta, Meta):
        written = fields_set(meta)
        names = [name for name in names if name in written]
    result: dict[str, Any] = {}
    for name in names:
        value = getattr(meta, name)
        if (exclude_none and value is None) or \
                (exclude_defaults and value == specs[name].default()):
            continue
        if isinstance(value, msgspec.Struct):
            value = as_dict(value, exclude_defaults=exclude_defaults,
                            exclude_none=exclude_none, json=json)
        elif json:
            value = msgspec.to_builtins(value)
        elif isinstance(value, list | dict):
            value = value.copy()
        result[name] = value
    return result


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the front matter, for editors that validate YAML."""
    _, definitions = msgspec.json.schema_components([Meta], ref_template="#/$defs/{name}")
    schema = definitions.pop("Meta")
    del schema["properties"]["_set"]
    schema["properties"].update(_JSON_TYPES)
    for enum in (Kind, Status, EmploymentType, Period):  # in their order here, not sorted
        definitions[enum.__name__].update(type="string", enum=[member.value for member in enum])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": "jdtool document front matter", "$defs": definitions,
            "additionalProperties": False}


_DATE_TIME = {"type": "string", "format": "date-time"}
_JSON_TYPES = {
    # A local time, which JSON Schema's date-time (with its offset) is the nearest to.
    "closing": {"anyOf": [_DATE_TIME, {"type": "null"}], "default": None},
    # msgspec cannot type "a date, or a date and time"; the schema can.
    "interview": {"anyOf": [_DATE_TIME, {"type": "string", "format": "date"},
                            {"type": "null"}], "default": None},
}
