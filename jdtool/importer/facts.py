"""Front matter facts stated in a document: title, reference, grade, dates and the like.

Two shapes are recognised: a "Label: value" line (or a two-cell table row) whose label names
a field, and a few phrases inside sentences ("elected for a five-year term", "updated June
2021", "by 12 noon on Friday 3 May 2024"). Dates are resolved only when day, month and year
are all stated (and the weekday, if given, agrees); anything else is kept as text and noted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_MONTHS = {name: index for index, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun",
     "july jul", "august aug", "september sep sept", "october oct", "november nov",
     "december dec"], start=1) for name in names.split()}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(_WEEKDAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri" \
    r"|sat|sun)\.?,?\s+)?"
_DATE_FORMS = [
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?(?:\s+" + _YEAR + r")?", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?(?:\s+" + _YEAR + r")?", re.I),
    re.compile(r"(?P<iso>\d{4})-(?P<isomonth>\d{2})-(?P<isoday>\d{2})"),
    re.compile(_WEEKDAY + r"(?P<nday>\d{1,2})[/.](?P<nmonth>\d{1,2})[/.](?P<nyear>\d{2}|\d{4})\b",
               re.I),
    re.compile(_WEEKDAY + _DAY + r"-" + _MONTH + r"-" + _YEAR, re.I),  # 24-May-2022
]
_TIME = re.compile(
    r"(?P<noon>\b12\s*(?:noon|midday)\b|\bnoon\b|\bmidday\b)|(?P<midnight>\bmidnight\b)"
    r"|\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap]\.?m\b\.?)"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\b(?!\s*[ap]\.?m)", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)


@dataclass(slots=True)
class DateResult:
    value: dt.datetime | dt.date | None
    problem: str = ""


def parse_date(text: str, *, with_time: bool) -> DateResult:
    """A date (and time, if ``with_time``) stated in ``text``; ``value`` None if unresolved."""
    for form in _DATE_FORMS:
        match = form.search(text)
        if match is None:
            continue
        found = match.groupdict()
        if found.get("iso"):
            year, month, day = int(found["iso"]), int(found["isomonth"]), int(found["isoday"])
        elif found.get("nday"):
            year = int(found["nyear"])
            year = year + 2000 if year < 100 else year
            month, day = int(found["nmonth"]), int(found["nday"])
            if month > 12 >= day:
                month, day = day, month  # "04/18/2025" can only be month first (US)
            elif month != day and month <= 12 and day <= 12:
                return DateResult(None, f"'{match[0].strip()}' may be day/month or month/day")
        else:
            if not found.get("year"):
                return DateResult(None, f"'{match[0].strip()}' gives no year")
            year, month = int(found["year"]), _MONTHS[found["month"].casefold()]
            day = int(found["day"])
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return DateResult(None, f"'{match[0].strip()}' is not a real date")
        weekday = (found.get("weekday") or "").casefold()
        if weekday and not _WEEKDAYS[date.weekday()].startswith(weekday[:3]):
            return DateResult(None, f"'{match[0].strip()}': {date:%d %B %Y} is a "
                                    f"{_WEEKDAYS[date.weekday()].capitalize()}")
        if not with_time:
            return DateResult(date)
        return DateResult(_with_time(date, text))
    return DateResult(None, f"no date found in '{_short(text)}'")


def _with_time(date: dt.date, text: str) -> dt.datetime | dt.date:
    match = _TIME.search(text)
    if match is None:
        return date
    if match["noon"]:
        return dt.datetime.combine(date, dt.time(12, 0))
    if match["midnight"]:
        # "Midnight on 3 May" is read in recruitment as the end of that day.
        return dt.datetime.combine(date, dt.time(23, 59))
    if match["hour"]:
        hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
        if match["ampm"].casefold().startswith("p"):
            hour += 12
        if hour > 23 or minute > 59:
            return date
        return dt.datetime.combine(date, dt.time(hour, minute))
    return dt.datetime.combine(date, dt.time(int(match["h24"]), int(match["m24"])))


def parse_month(text: str) -> str | None:
    """``2021-06`` for "June 2021" (or a full date's month and day)."""
    full = parse_date(text, with_time=False)
    if isinstance(full.value, dt.date):
        return full.value.isoformat()
    match = _MONTH_YEAR.search(text)
    if match is None:
        return None
    return f"{int(match['year']):04d}-{_MONTHS[match['month'].casefold()]:02d}"


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


LABELS: dict[str, str] = {}
for _field, _names in {
    "title": "job title|post title|title of post|role title|position|post|job|role|vacancy|"
             "position title|working title|job posting title|posting title|title of role|"
             "title of position|vacancy title",
    "organisation": "organisation|organization|employer|union|company",
    "ref": "ref|ref no|ref. no|reference|reference no|reference number|job ref|job reference|"
           "vacancy ref|vacancy reference|post ref|post reference|post number|job number|"
           "job no|job id|requisition id|requisition number|req id|posting number|job code|"
           "vacancy number|reference code",
    "grade": "grade|band|pay band|grade/band|job grade|pay grade|salary grade|scale|payband|"
             "pay grade/band|classification",
    "salary": "salary|pay|salary range|remuneration|pay range|starting salary|pay rate|"
              "payrate|hourly rate|rate of pay|wage|compensation|hiring range|salary scale|"
              "advertised salary range|salary band|pay scale",
    "location": "location|based at|base|place of work|work location|workplace|job location|"
                "campus|office location",
    "reports_to": "reports to|reporting to|responsible to|accountable to|line manager|"
                  "line managed by|report to|managed by|supervisor|reports to position",
    "responsible_for": "responsible for|manages|line management of|line manages|direct reports|"
                       "staff managed|supervises|staff responsibility",
    "hours": "hours|working hours|hours of work|working pattern",
    "employment_type": "contract|contract type|type of contract|employment type|status|tenure|"
                       "position status|work type|full/part time|job type|position type",
    "term": "term|term of office|duration|length of contract",
    "closing": "closing date|closing|deadline|application deadline|closing date for applications|"
               "applications close|closing time|close date|application deadline|"
               "deadline for applications|apply by|posting end date",
    "interview": "interview date|interview|interviews|interview dates|date of interview|"
                 "interviews will be held",
    "revised": "last updated|updated|revised|date revised|last revised|date of revision|"
               "date updated|version date|date",
    "posted": "date posted|posted|date advertised|advertised|open date|posting date|"
              "posted on|date opened",
    "contact": "contact|contact details|enquiries|informal enquiries|further information|"
               "for further information|for more information",
}.items():
    for _name in _names.split("|"):
        LABELS[_name] = _field

# Words that name a post: the title is the heading that has one, not the banner above it.
POST_WORDS = re.compile(
    r"\b(?:officer|secretary|manager|director|assistant|co-?ordinator|head|lead|chief|"
    r"administrator|advis[eo]r|analyst|engineer|designer|developer|curator|technician|"
    r"specialist|scientist|registrar|organi[sz]er|worker|clerk|executive|president|chair|"
    r"intern|researcher|architect|consultant|associate|fellow|programmer|librarian|"
    r"archivist|editor|producer|controller|supervisor|representative|official|keeper|"
    r"conservator|trainee|apprentice|coach|owner|accountant|nurse|teacher|lecturer|"
    r"professor|tutor|caseworker|practitioner|surveyor|inspector|planner|buyer|"
    r"informatician|digiti[sz]er|preparator|steward|ranger|educator|mentor)s?\b", re.I)


def names_post(text: str) -> bool:
    """``text`` names a post: a capitalised word such as Officer, Manager, Curator."""
    return any(match[0][:1].isupper() for match in POST_WORDS.finditer(text))


_LABEL_LINE = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z ./&'’()]{0,40}?)\s*(?::|–|—|\t| - )\s*"
                         r"(?P<value>\S.*)$")
_TERM = re.compile(r"\b(?:elected|appointed)\s+for\s+(?:a|an)\s+[\w-]+[\s-]year\s+(?:term|period)"
                   r"\b", re.I)
_REVISED = re.compile(r"\b(?:updated|revised|reviewed|amended)(?:\s+(?:in|on))?\s*:?\s+" +
                      r"(?P<when>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH.replace("?P<month>", "")
                      + r",?\s+\d{4})", re.I)
# The rest of the sentence, up to 200 characters: an address may stand between "must be
# received by" and the date ("... 130 High Street, Leeds LS1 2AB no later than 12 noon ...").
_CLOSING = re.compile(r"\b(?:closing date|deadline|(?:applications?|application forms?|forms?|"
                      r"cvs?) (?:must|should) (?:be )?(?:received|submitted|returned)|return "
                      r"(?:it|your application|applications?)|close[sd]?|no later than)\b"
                      r"(?P<rest>(?:[^.\n]|\.(?=\S)){0,200})", re.I)
_INTERVIEW = re.compile(r"\binterviews?\b(?:\s+(?:will|are expected to)\s+(?:be\s+)?(?:held|take"
                        r" place))?(?P<rest>[^.\n]{0,60})", re.I)
_ROLE = r"(?P<who>[A-Z][\w’'&-]*(?:\s+(?:(?:of|for|the|and|&)\s+)*[A-Z][\w’'&()-]*)*)"
_REPORTS = re.compile(r"\b(?:line[- ]managed by|reports? (?:directly )?to|reporting (?:directly )?"
                      r"to|responsible to)\s+(?:the\s+)?" + _ROLE)
_ACCOUNTABLE = re.compile(r"\baccountable to\s+(?:the\s+)?" + _ROLE)
_MONEY = r"[£$€]\s?\d[\d,]*(?:\.\d{2})?k?"
_SALARY = re.compile(
    r"\b(?:salary|pay|remuneration)\b[^.£$€\d]{0,40}?(?P<amount>" + _MONEY +
    r"(?:\s*(?:-|–|—|to)\s*" + _MONEY + r")?(?:\s*(?:per annum|p\.?a\.?|a year|per year|"
    r"per hour|an hour|/hr|/hour|/annual))?(?:,?\s*(?:pro[ -]rata|FTE))?"
    r"(?:\s*\((?:spine points?|scp|sp|grade)\b[^)]{0,30}\))?)", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_ABOUT_POST = re.compile(r"\b(?:the (?:post|role|position|job)|post-?holder|job ?holder|you)\b"
                         r"|^(?:The|This|Our)\s+(?:[A-Z][\w/&-]*\s+){1,6}(?:will\s+|shall\s+)?"
                         r"(?:reports?|is\s+(?:line\s+)?managed|is\s+responsible\s+to)", re.I)
EXTRA_FACTS = ("accountable_to",)
"""Facts with no front matter field of their own: written under ``extra``."""
_EMPLOYMENT = {"permanent": "permanent", "fixed term": "fixed-term", "fixed-term": "fixed-term",
               "temporary": "temporary", "part time": "part-time", "part-time": "part-time",
               "full time": "full-time", "full-time": "full-time", "secondment": "secondment",
               "elected": "elected", "volunteer": "volunteer", "contract": "contract"}


@dataclass(slots=True)
class Fact:
    field: str
    value: str
    line: int


@dataclass(slots=True)
class Facts:
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    unresolved: list[tuple[str, int]] = field(default_factory=list)

    def set(self, name: str, value: str, line: int) -> bool:
        if name in self.values or not value:
            return False
        self.values[name] = value
        self.lines[name] = line
        return True


_GAP_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /&'’()]{1,40}?)(?::\s*| {2,})(?P<value>\S.*)$")


def gap_label(text: str) -> str | None:
    """A label and its value set apart by a run of spaces, as a layout extraction leaves a
    two-column table ("Position Title      Museum Specialist"), written "Label: value"; None
    if the words before the gap are not a known label."""
    match = _GAP_LABEL.match(text)
    if match is None or ":" in text[:match.end("label") + 1] or \
            re.sub(r"\s+", " ", match["label"]).strip().casefold() not in LABELS:
        return None
    if match["label"].isupper() and match["value"].isupper():
        return None  # a header row of labels ("WORKING TITLE      SALARY"), values below
    return f"{match['label'].strip()}: {match['value'].strip()}"


def label_fact(text: str) -> tuple[str, str] | None:
    """``(field, raw value)`` if ``text`` is a "Label: value" line naming a front matter field."""
    match = _LABEL_LINE.match(text)
    if match is None:
        return None
    label = re.sub(r"\s+", " ", match["label"]).strip().casefold().rstrip(".")
    name = LABELS.get(label)
    if name is None:
        return None
    return name, match["value"].strip()


def resolve(name: str, raw: str, *, declared: bool = False) -> tuple[str | None, str]:
    """The front matter value for ``name`` from ``raw`` text, or ``(None, why not)``.
    ``declared``: the value stands under its own key in a page's front matter, so a title is
    the author's word for the post and need not sound like one (``Caretaker``)."""
    if name == "closing":
        result = parse_date(raw, with_time=True)
        if isinstance(result.value, dt.datetime):
            return f"{result.value:%Y-%m-%d %H:%M}", ""
        if isinstance(result.value, dt.date):
            return result.value.isoformat(), ""
        return None, result.problem
    if name in ("interview", "posted"):
        result = parse_date(raw, with_time=name == "interview")
        if isinstance(result.value, dt.datetime):
            return f"{result.value:%Y-%m-%d %H:%M}", ""
        if isinstance(result.value, dt.date):
            return result.value.isoformat(), ""
        return None, result.problem
    if name == "revised":
        month = parse_month(raw)
        return (month, "") if month else (None, f"no month and year in '{_short(raw)}'")
    if name == "employment_type":
        found = employment_type(raw)
        return (found, "") if found else (None, f"'{_short(raw)}' is not a known contract type")
    value = raw.strip().rstrip(".;,").strip()
    if name == "title":
        value = clean_title(value)
    if len(value) > 200:
        return None, "value too long for front matter"
    if name == "title" and (len(value.split()) > 10 or not value[:1].isupper() or
                            re.search(r"@|https?:|www\.", value) or
                            not (declared or POST_WORDS.search(value))):
        # "Post: by email to jobs@..." is an instruction, not the post's title.
        return None, f"'{_short(value)}' does not look like a job title"
    return value, ""


_CHROME_TAIL = re.compile(r"(?:\s*(?:[-–—|#:]|job\s+(?:number|id|no)\b:?|/\w+)\s*)*"
                          r"(?:\(?[A-Z]*\d{4,}[A-Z]*\)?|search\s+for\s+jobs|apply(?:\s+now)?|"
                          r"/star_\w+)\s*$", re.I)


def clean_title(text: str) -> str:
    """A post's title without its paragraph number, a trailing requisition code ("- Job ID
    41129", "#43980") or a site's button ("Apply now") that a web page put beside it."""
    text = re.sub(r"^\d+(\.\d+)*\.?\s+", "", text.strip())
    for _ in range(3):
        text = _CHROME_TAIL.sub("", text).strip()
    return text.strip(" -–—|,!\"#")


def employment_type(text: str) -> str | None:
    lowered = text.casefold()
    for words, value in _EMPLOYMENT.items():
        if re.search(rf"\b{re.escape(words)}\b", lowered):
            return value
    return None


def sentence_facts(text: str) -> list[tuple[str, str]]:
    """Facts stated inside running text: ``(field, raw)`` pairs, possibly unresolvable."""
    found: list[tuple[str, str]] = []
    if match := _TERM.search(text):
        phrase = match[0]
        found.append(("term", phrase[0].upper() + phrase[1:]))
        if phrase.casefold().startswith("elected"):
            found.append(("employment_type", "elected"))
    for sentence in _SENTENCE.split(text):
        # Only a sentence about the post itself names its manager ("The post is line
        # managed by the National Chair"), not one about the directors in general.
        if not _ABOUT_POST.search(sentence):
            continue
        if match := _REPORTS.search(sentence):
            found.append(("reports_to", match["who"]))
        if match := _ACCOUNTABLE.search(sentence):
            found.append(("accountable_to", match["who"]))
    if match := _SALARY.search(text):
        found.append(("salary", match["amount"]))
    if match := _REVISED.search(text):
        found.append(("revised", match["when"]))
    if (match := _CLOSING.search(text)) and re.search(r"\d", match["rest"]):
        found.append(("closing", match["rest"]))
    if (match := _INTERVIEW.search(text)) and re.search(r"\d", match["rest"]) and \
            parse_date(match["rest"], with_time=False).value is not None:
        found.append(("interview", match["rest"]))
    return found
