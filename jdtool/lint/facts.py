"""Facts in the body against the front matter: the closing date and time, the interview
date, the salary and the reference a candidate reads in the text must be the ones the
front matter gives (the site's key facts, the feed and the Word export use those); and a
published document's dates need their year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jdtool.core.problems import Severity
from jdtool.core.schema import SalaryRange, Status
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck
from jdtool.lint.structure import DAY_NAMES, MONTH_NAMES, MONTHS, first_letter_branches
from jdtool.lint.vocabulary import may_hold_digit

FACT_MISMATCH = Rule(
    "JD110", "fact-mismatch", Category.STRUCTURE, Severity.ERROR,
    "A closing date or time, interview date, salary or reference in the text that disagrees "
    "with the front matter: candidates cannot tell which is right.")
DATE_WITHOUT_YEAR = Rule(
    "JD111", "date-without-year", Category.STRUCTURE, Severity.WARNING,
    "A date without its year in an approved or published document ('Friday 12 May') is "
    "ambiguous once the pack is reused or archived.")

_DATE = re.compile(
    rf"(?:\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_NAMES})\b"
    rf"|\b(?P<month2>{MONTH_NAMES})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    rf"(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"\b(?:{DAY_NAMES})\.?,?\s+(?:the\s+)?$", re.IGNORECASE)
_MONTH_STARTS = first_letter_branches(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    r"(?<!\w.)")
_MONTH_HINT = re.compile(rf"(?:{_MONTH_STARTS})[a-z]*\.?\s*\d")
"""A month's first letters and a digit after it: '\\b(?:jan|feb|...)', written to start with
plain letters so that the engine skips to a candidate in C."""
_DAY_HINT = re.compile(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                       r"oct|nov|dec)")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date in the prose: its span (a weekday before it included) and what it says."""

    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None
    weekday: bool


def written_dates(lint: LintDocument) -> list[WrittenDate]:
    """Every 'day month [year]' or 'month day [year]' in the prose, found once per document.

    A cheap search for a digit beside a month's first letters comes first: the full pattern,
    with every month name, is slow to try at every position of a long document."""
    cached = lint.memo.get("dates")
    if cached is not None:
        return cached  # type: ignore[return-value]
    dates: list[WrittenDate] = []
    lowered = lint.lowered
    if may_hold_digit(lowered) and (_DAY_HINT.search(lowered) or _MONTH_HINT.search(lowered)):
        prose = lint.prose
        for match in _DATE.finditer(prose):
            start = match.start()
            weekday = _WEEKDAY_BEFORE.search(prose, max(0, start - 16), start)
            if weekday is not None:
                start = weekday.start()
            day, month, year = _written_date(match)
            dates.append(WrittenDate(start, match.end(), prose[start:match.end()], day, month,
                                     year, weekday is not None))
    lint.memo["dates"] = dates
    return dates
_CLOSING_CUE = re.compile(r"closing date|closes|deadline|apply by|applications?\b[^.]{0,40}?"
                          r"\b(?:by|before)\b|no later than|must (?:reach|be received)",
                          re.IGNORECASE)
_INTERVIEW_CUE = re.compile(r"\binterview", re.IGNORECASE)
_TIME = re.compile(r"\b(?:(?P<noon>12\s*noon|noon|midday|midnight)|(?P<hour>\d{1,2})"
                   r"(?:[:.](?P<minute>\d\d))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)"
                   r"|(?P<hour24>\d{1,2})[:.](?P<minute24>\d\d)\b)", re.IGNORECASE)
_REF = re.compile(r"\b(?:job |post |vacancy )?ref(?:erence)?(?:\s+(?:number|no\.?))?[:.]?\s+"
                  r"(?P<ref>[A-Z0-9][A-Z0-9/_-]*\d[A-Z0-9/_-]*)", re.IGNORECASE)
_SALARY = re.compile(r"£\s?(\d[\d,]*(?:\.\d\d)?)\s*(k\b)?\s*(?:-|–|—|to)\s*£?\s?"
                     r"(\d[\d,]*(?:\.\d\d)?)\s*(k\b)?", re.IGNORECASE)
_REACH = 60
"""How far before a date its cue ('closing date', 'interviews') may stand."""


def _written_date(match: re.Match[str]) -> tuple[int, int, int | None]:
    day = int(match["day"] or match["day2"])
    month = MONTHS[(match["month"] or match["month2"]).lower().rstrip(".")]
    return day, month, int(match["year"]) if match["year"] else None


def _agrees(written: WrittenDate, date: dt.date) -> bool:
    return (written.day, written.month) == (date.day, date.month) and \
        written.year in (None, date.year)


def fact_mismatches(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    meta = lint.document.meta
    if meta is None:
        return
    prose = lint.prose
    closing = meta.closing
    interview = meta.interview
    for written in written_dates(lint) if closing or interview else ():
        before = prose[max(0, written.start - _REACH):written.start]
        sentence_start = max(before.rfind(". "), before.rfind("\n"))
        before = before[sentence_start + 1:]
        cue_closing = _CLOSING_CUE.search(before)
        cue_interview = _INTERVIEW_CUE.search(before)
        if closing is not None and cue_closing and not cue_interview:
            if not _agrees(written, closing.date()):
                yield _mismatch(written, "closing date", f"{closing:%-d %B %Y}")
            else:
                yield from _closing_time(lint, written, closing)
        elif interview is not None and cue_interview and not cue_closing:
            day = interview.date() if isinstance(interview, dt.datetime) else interview
            if not _agrees(written, day):
                yield _mismatch(written, "interview date", f"{day:%-d %B %Y}")
    yield from _salary(lint, meta.salary)
    if meta.ref and "ref" in lint.lowered:
        for match in _REF.finditer(prose):
            if match["ref"].lower() != meta.ref.lower():
                yield Hit(f"the reference '{match['ref']}' differs from the front matter's "
                          f"ref ({meta.ref})", match.start("ref"), match.end("ref"),
                          suggestion=meta.ref, matched=match["ref"])


def _mismatch(written: WrittenDate, what: str, expected: str) -> Hit:
    return Hit(f"'{written.text}' disagrees with the front matter's {what} ({expected})",
               written.start, written.end, suggestion=expected, matched=written.text)


def _closing_time(lint: LintDocument, date: WrittenDate, closing: dt.datetime
                  ) -> Iterator[Hit]:
    """A time written just after the closing date must be the front matter's time."""
    if closing.time() == dt.time(0, 0):
        return
    following = lint.prose[date.end:date.end + 30]
    match = _TIME.search(following)
    if match is None:
        return
    written = _clock(match)
    if written is not None and written != closing.time():
        start = date.end + match.start()
        yield Hit(f"'{match.group()}' disagrees with the front matter's closing time "
                  f"({closing:%H:%M})", start, start + len(match.group()),
                  suggestion=f"{closing:%H:%M}", matched=match.group())


def _clock(match: re.Match[str]) -> dt.time | None:
    if match["noon"]:
        return dt.time(0, 0) if match["noon"].lower() == "midnight" else dt.time(12, 0)
    if match["hour24"]:
        hour, minute = int(match["hour24"]), int(match["minute24"])
    else:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["half"].lower().startswith("p") and hour < 12:
            hour += 12
        elif match["half"].lower().startswith("a") and hour == 12:
            hour = 0
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def _salary(lint: LintDocument, salary: SalaryRange | str | None) -> Iterator[Hit]:
    """A salary range in a sentence about the salary that is not the front matter's."""
    if not isinstance(salary, SalaryRange) or salary.min is None or salary.max is None or \
            "£" not in lint.prose or "salary" not in lint.lowered:
        return
    for sentence in lint.sentences():
        if "salary" not in sentence.text.lower():
            continue
        for match in _SALARY.finditer(sentence.text):
            low = float(match[1].replace(",", "")) * (1000 if match[2] else 1)
            high = float(match[3].replace(",", "")) * (1000 if match[4] else 1)
            if (low, high) != (salary.min, salary.max):
                start = sentence.start + match.start()
                yield Hit(f"salary '{match.group().strip()}' disagrees with the front "
                          f"matter's ({salary.min:,.0f} to {salary.max:,.0f})", start,
                          start + len(match.group().rstrip()), matched=match.group())


def dates_without_year(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    meta = lint.document.meta
    if meta is None or meta.status not in (Status.APPROVED, Status.PUBLISHED):
        return
    for written in written_dates(lint):
        if written.year is None:
            yield Hit(f"'{written.text}' has no year", written.start, written.end,
                      matched=written.text)


CHECKS = [
    RuleCheck(FACT_MISMATCH, fact_mismatches),
    RuleCheck(DATE_WITHOUT_YEAR, dates_without_year),
]
"""This module's rules, each with its check, in rule id order."""
