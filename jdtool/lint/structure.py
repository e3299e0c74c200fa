"""Structure and facts: front matter, required sections, criteria, dates, salary, acronyms.

Facts shared by a pack (closing date, salary) are checked on the file that sets them, so a
pack's four documents do not repeat one finding four times.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from jdtool.core.model import Document, Importance
from jdtool.core.problems import Severity
from jdtool.core.schema import Kind, SalaryRange, Status
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck
from jdtool.lint.spelling import dictionary
from jdtool.lint.vocabulary import known_acronyms, may_hold_digit

REQUIRED_FIELDS = Rule(
    "JD101", "required-front-matter", Category.STRUCTURE, Severity.ERROR,
    "A pack needs a title whatever its status, and the facts a candidate needs (organisation, "
    "salary, location, closing date) before it is approved or published.",
    jdtool_only=True)
REQUIRED_SECTIONS = Rule(
    "JD102", "required-section", Category.STRUCTURE, Severity.ERROR,
    "A job description needs its purpose (or summary) and its key tasks; a person "
    "specification needs selection criteria.",
    jdtool_only=True)
INCOMPLETE_CRITERION = Rule(
    "JD103", "incomplete-criterion", Category.STRUCTURE, Severity.ERROR,
    "Each selection criterion must say whether it is essential or desirable and how it is "
    "assessed, so that shortlisting is fair and can be explained.",
    jdtool_only=True)
TOO_MANY_ESSENTIAL = Rule(
    "JD104", "too-many-essential", Category.STRUCTURE, Severity.WARNING,
    "A long list of essential criteria deters good applicants (women especially tend not to "
    "apply unless they meet all of them) and makes shortlisting mechanical.")
WEEKDAY_MISMATCH = Rule(
    "JD105", "weekday-mismatch", Category.STRUCTURE, Severity.ERROR,
    "A weekday that does not match its date ('Tuesday 16 May 2018' was a Wednesday) leaves "
    "candidates unsure which is meant.")
CLOSING_AFTER_INTERVIEW = Rule(
    "JD106", "closing-after-interview", Category.STRUCTURE, Severity.ERROR,
    "The closing date must come before the interview date.")
CLOSING_PAST = Rule(
    "JD107", "closing-date-past", Category.STRUCTURE, Severity.ERROR,
    "A published pack whose closing date has passed should be archived or given a new date.")
SALARY_RANGE = Rule(
    "JD108", "salary-range", Category.STRUCTURE, Severity.ERROR,
    "A salary range's minimum must not be above its maximum.")
ACRONYM = Rule(
    "JD109", "acronym-not-defined", Category.STRUCTURE, Severity.WARNING,
    "Spell out an abbreviation the first time it is used, e.g. 'National Executive Council "
    "(NEC)'; candidates from outside the organisation will not know it.")

_PUBLISHING = {Status.APPROVED, Status.PUBLISHED}


def _owns_pack_facts(lint: LintDocument) -> bool:
    """The pack file, a loose document, or any document of a folder without pack.md."""
    pack = lint.pack
    document = lint.document
    return pack is None or pack.pack is None or pack.pack is document


def _line(document: Document, key: str) -> int:
    return document.key_lines.get(key, 1)


def required_fields(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    document = lint.document
    meta = document.meta
    # A foreign document's fields were guessed from another tool's: none is required.
    if meta is None or not document.is_jdtool or not _owns_pack_facts(lint):
        return
    required = ["title"]
    # An elected post's pay is set by the rule book and it has a ballot, not a closing date.
    elected = meta.employment_type is not None and str(meta.employment_type) == "elected"
    if meta.status in _PUBLISHING:
        required += ["organisation", "location"] + ([] if elected else ["salary"])
    if meta.status is Status.PUBLISHED and not elected:
        required.append("closing")
    for name in required:
        if getattr(meta, name) in (None, ""):
            yield Hit(f"missing front matter field '{name}' (required when status is "
                      f"{meta.status})" if name != "title" else
                      "missing front matter field 'title'", line=_line(document, "status"),
                      suggestion=f"add '{name}:'")


_PURPOSE = re.compile(r"purpose|summary|overview|role of|about the (?:role|post|job)|"
                      r"the (?:role|post|job)\b|introduction|aims? of|main aim|context|"
                      r"background|role profile", re.IGNORECASE)
_TASKS = re.compile(r"task|dut(?:y|ies)|responsibilit|accountabilit|activities|what you will|"
                    r"main areas|key areas|the work", re.IGNORECASE)


def required_sections(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    document = lint.document
    headings = [section.heading for section in document.sections()]
    if document.kind is Kind.DESCRIPTION:
        if not any(_PURPOSE.search(h) for h in headings):
            yield Hit("a job description needs a purpose or summary section "
                      "(e.g. '## Job purpose')", line=1,
                      suggestion="add a '## Job purpose' section")
        items = sum(1 for section, block in document.blocks()
                    if block.kind in ("bullet", "numbered") and not _PURPOSE.search(
                        section.heading))
        if not any(_TASKS.search(h) for h in headings) and items < 5:
            yield Hit("a job description needs its key tasks (e.g. '## Key tasks and "
                      "responsibilities' with a list)", line=1,
                      suggestion="add a '## Key tasks and responsibilities' section")
    elif document.kind is Kind.PERSON_SPEC and not document.criteria():
        yield Hit("a person specification needs selection criteria (a table with columns "
                  "Criterion | Essential/Desirable | Assessed by)", line=1)


def incomplete_criteria(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    for _, block in lint.document.blocks():
        criterion = block.criterion
        if criterion is None:
            continue
        missing = []
        if criterion.importance is None:
            missing.append("whether it is essential or desirable")
        if not criterion.assessed_by:
            missing.append("how it is assessed")
        if missing:
            yield Hit(f"criterion '{_short(criterion.text)}' does not say "
                      f"{' or '.join(missing)}", line=block.span.start, matched="")


def too_many_essential(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    limit = settings.option("max-essential-criteria")
    essential = [b for _, b in lint.document.blocks()
                 if b.criterion is not None and b.criterion.importance is Importance.ESSENTIAL]
    if len(essential) > limit:
        yield Hit(f"{len(essential)} essential criteria (more than {limit}); make some "
                  "desirable or merge them", line=essential[limit].span.start)


DAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
DAYS.update({name.lower(): index for index, name in enumerate(calendar.day_abbr)})
DAYS.update({"tues": 1, "thur": 3, "thurs": 3})
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
DAY_NAMES = "|".join(sorted(DAYS, key=len, reverse=True))
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


def first_letter_branches(words: list[str], after_first: str) -> str:
    """``words`` as an alternation grouped by first letter, ``after_first`` (a lookbehind)
    standing after each first letter: 'm(?<!\\w.)(?:onday|on)|t(?<!\\w.)(?:uesday|...)'.

    A pattern that starts with plain letters lets Python's engine skip, in C, every position
    whose character cannot start a match; one that starts with ``\\b`` or a lookbehind, or is
    case-insensitive, is tried at every position of the text. The lookbehind after the first
    letter says what ``\\b`` before it said (``(?<!\\w.)``: no word character before it).
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}{after_first}(?:{'|'.join(rests)})"
                    for first, rests in groups.items())


_WEEKDAYS = first_letter_branches(sorted(DAYS, key=len, reverse=True), r"(?<!\w.)")
_DATE = re.compile(
    rf"(?P<weekday>{_WEEKDAYS})"
    rf"\.?,?\s+(?:the\s+)?(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{MONTH_NAMES})\.?|(?P<month2>{MONTH_NAMES})\.?\s+(?P<day2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)\b(?:,?\s+(?P<year>\d{{4}})\b)?")
"""A weekday and its date, searched in the lower-case prose (same offsets)."""


_DAY_HINTS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday_mismatch(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not any(map(lint.lowered.__contains__, _DAY_HINTS)) or not may_hold_digit(lint.lowered):
        return
    for match in _DATE.finditer(lint.lowered):
        day = int(match["day"] or match["day2"])
        month = MONTHS[match["month"] or match["month2"]]
        weekday = DAYS[match["weekday"]]
        years = [int(match["year"])] if match["year"] else _likely_years(lint)
        if not years:
            continue
        dates = [_date(year, month, day) for year in years]
        text = lint.prose[match.start():match.end()]
        if not any(dates):
            yield Hit(f"'{text}' is not a real date", match.start(), match.end(),
                      matched=text)
            continue
        if any(d is not None and d.weekday() == weekday for d in dates):
            continue
        actual = next(d for d in dates if d is not None)
        right = calendar.day_name[actual.weekday()]
        yield Hit(f"'{text}': {actual.day} {calendar.month_name[month]} "
                  f"{actual.year} is a {right}", match.start(), match.end(),
                  suggestion=right, matched=text)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _likely_years(lint: LintDocument) -> list[int]:
    """For a date written without a year: the years of the pack's own dates, and the next."""
    meta = lint.document.meta
    if meta is None:
        return []
    known = [value.year for value in (meta.posted, meta.closing, meta.interview) if value]
    return sorted({year + step for year in known for step in (0, 1)})


def closing_after_interview(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    own = lint.document.own
    meta = lint.document.meta
    if own is None or meta is None or not (own.closing or own.interview):
        return
    if meta.closing is None or meta.interview is None:
        return
    interview = meta.interview if isinstance(meta.interview, dt.datetime) else \
        dt.datetime.combine(meta.interview, dt.time(0, 0))
    if meta.closing.date() >= interview.date():
        yield Hit(f"the closing date ({meta.closing:%d %B %Y}) is not before the interview "
                  f"date ({interview:%d %B %Y})",
                  line=_line(lint.document, "interview" if own.interview else "closing"))


def closing_past(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    own = lint.document.own
    meta = lint.document.meta
    if own is None or meta is None or own.closing is None or meta.status is not Status.PUBLISHED:
        return
    today = settings.today()
    if own.closing.date() < today:
        yield Hit(f"the pack is published but its closing date ({own.closing:%d %B %Y}) "
                  f"has passed", line=_line(lint.document, "closing"),
                  suggestion="set status: archived, or a new closing date")


_MONEY = r"£\s?(\d[\d,]*(?:\.\d\d)?)\s*(k\b)?"
_SALARY_TEXT = re.compile(rf"{_MONEY}\s*(?:-|–|—|to)\s*£?\s?(\d[\d,]*(?:\.\d\d)?)\s*(k\b)?",
                          re.IGNORECASE)


def _amount(number: str, thousands: str | None) -> float:
    return float(number.replace(",", "")) * (1000 if thousands else 1)


def salary_range(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    document = lint.document
    own = document.own
    if own is not None and isinstance(own.salary, SalaryRange):
        low, high = own.salary.min, own.salary.max
        if low is not None and high is not None and low > high:
            yield Hit(f"salary min ({low:,.0f}) is above max ({high:,.0f})",
                      line=_line(document, "salary"))
    texts: list[tuple[re.Match[str], int | None]] = [
        (match, None) for match in _SALARY_TEXT.finditer(lint.prose)]
    if own is not None and isinstance(own.salary, str):
        texts += [(match, _line(document, "salary")) for match in _SALARY_TEXT.finditer(
            own.salary)]
    for match, line in texts:
        low = _amount(match[1], match[2])
        high = _amount(match[3], match[4])
        if low > high:
            if line is None:
                yield Hit(f"salary range '{match.group().strip()}': the minimum is above "
                          "the maximum", match.start(), match.end())
            else:
                yield Hit(f"salary '{match.group().strip()}': the minimum is above the "
                          "maximum", line=line)


# "[A-Z](?<!\w[A-Z])" is "\b[A-Z]" written so that the pattern starts with a character set:
# Python's engine then skips to the next capital in C instead of trying every position
# (about six times faster on a document, the same matches).
_ACRONYM = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z0-9&]*[A-Z](?:s\b|\b)(?!['’][a-rt-z])")
_DEFINED_AFTER = re.compile(r"\(\s*([A-Z][A-Z0-9&]*[A-Z])s?\s*\)")
_DEFINED_BEFORE = re.compile(r"([A-Z](?<!\w[A-Z])[A-Z0-9&]*[A-Z])s?\s*\("
                             r"(?:[A-Za-z][a-z'’-]*\s+){1,}[A-Za-z][A-Za-z'’-]*\)")
_NOT_ACRONYMS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "NOT", "AND", "THE",
                 "MUST", "ALL", "NEW", "NOTE", "ONLY", "NB", "OR", "TO", "OF", "IN", "ON",
                 "FOR", "BY", "AT", "AN", "IS", "BE", "WE", "OUR", "YOU", "YOUR", "NO",
                 "PLEASE", "IMPORTANT", "WARNING", "TBC", "TBA", "YES"}


@lru_cache(maxsize=64)
def _definitions(text: str) -> dict[str, int]:
    """Abbreviations spelt out in ``text``: 'Full Name (FN)' or 'FN (Full Name)'."""
    found: dict[str, int] = {}
    for pattern in (_DEFINED_AFTER, _DEFINED_BEFORE):
        for match in pattern.finditer(text):
            found.setdefault(match[1], match.start(1))
    return found


_NAME_WORD = re.compile(r"\b[A-Z][A-Za-z'’-]*|&")
_JOINING = {"of", "and", "for", "the", "in", "on", "to", "&", "at"}


@lru_cache(maxsize=64)
def _initials(text: str) -> frozenset[str]:
    """The initials of every run of capitalised words in ``text`` ("National Executive
    Committee" gives NEC, and NE, EC...), small joining words allowed inside a run: an
    acronym whose expansion stands anywhere in the document is defined."""
    found: set[str] = set()
    for run in re.finditer(r"(?:\b[A-Z][A-Za-z'’-]*(?:\s+(?:of|and|for|the|in|on|to|at|&)"
                           r")*\s+)+[A-Z][A-Za-z'’-]*", text):
        words = run.group().split()
        letters = [w[0] for w in words if w.lower() not in _JOINING]
        every = [w[0] if w.lower() not in _JOINING else w[0].upper() for w in words]
        for sequence in (letters, every):
            for start in range(len(sequence)):
                for end in range(start + 2, len(sequence) + 1):
                    found.add("".join(sequence[start:end]).upper())
    return frozenset(found)


def _pack_initials(lint: LintDocument) -> frozenset[str]:
    """The expansions by initials in the pack's documents before this one."""
    found: set[str] = set()
    for other in lint.pack.all_documents() if lint.pack is not None else ():
        if other is lint.document:
            break
        found.update(_initials(other.source))
    return frozenset(found)


def _is_name(acronym: str, settings: Settings) -> bool:
    """A word written in capitals that is a word or a name (UNISON, UNESCO), not initials:
    an ordinary word in the dictionary, in the configured vocabulary, or five letters or
    more and pronounceable (a vowel in every three letters). Two letters are not judged."""
    lower = acronym.lower()
    if lower in settings.vocabulary or len(acronym) < 3 or set(acronym) == {"X"}:
        return True  # two letters are a unit or a state as often as initials; XXX a gap
    words = dictionary()
    if words is not None and words.is_word(lower):
        return True
    letters = [c for c in lower if c.isalpha()]
    vowels = sum(c in "aeiouy" for c in letters)
    return len(letters) >= 5 and 3 * vowels >= len(letters) and \
        not re.search(r"[^aeiouy]{4}", lower)


def acronyms(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    earlier: set[str] = set()
    if lint.pack is not None:
        for other in lint.pack.all_documents():
            if other is lint.document:
                break
            earlier.update(_definitions(other.source))
    defined = _definitions(lint.prose)
    known = known_acronyms()
    reported: set[str] = set()
    expanded: frozenset[str] | None = None  # worked out only if an acronym needs it
    for match in _ACRONYM.finditer(lint.prose):
        acronym = match.group().removesuffix("s") if match.group().endswith("s") else \
            match.group()
        if acronym in reported or acronym in earlier or acronym in known or \
                acronym in _NOT_ACRONYMS or _shouting(lint.prose, match.start()) or \
                _is_name(acronym, settings):
            continue
        if acronym not in defined:
            if expanded is None:
                expanded = _initials(lint.prose) | _pack_initials(lint)
            if acronym in expanded:
                continue
        where = defined.get(acronym)
        if where is not None and where <= match.start() + len(acronym) + 3:
            reported.add(acronym)  # this first use is the definition itself
            continue
        if where is not None and _defines(lint.prose, match):
            reported.add(acronym)
            continue
        reported.add(acronym)
        later = " (it is spelt out later; move that to the first use)" if where else ""
        yield Hit(f"'{acronym}' is used before it is spelt out{later}", match.start(),
                  match.start() + len(acronym), matched=acronym,
                  suggestion=f"Full Name ({acronym}) at the first use")


def _defines(prose: str, match: re.Match[str]) -> bool:
    following = prose[match.end():match.end() + 3]
    return following.lstrip().startswith("(")


def _shouting(prose: str, position: int) -> bool:
    """Text written in capitals (a shouted heading or warning) is not full of acronyms."""
    window = prose[max(0, position - 30):position + 30]
    letters = [c for c in window if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


CHECKS = [
    RuleCheck(REQUIRED_FIELDS, required_fields),
    RuleCheck(REQUIRED_SECTIONS, required_sections),
    RuleCheck(INCOMPLETE_CRITERION, incomplete_criteria),
    RuleCheck(TOO_MANY_ESSENTIAL, too_many_essential),
    RuleCheck(WEEKDAY_MISMATCH, weekday_mismatch),
    RuleCheck(CLOSING_AFTER_INTERVIEW, closing_after_interview),
    RuleCheck(CLOSING_PAST, closing_past),
    RuleCheck(SALARY_RANGE, salary_range),
    RuleCheck(ACRONYM, acronyms),
]
"""This module's rules, each with its check, in rule id order."""
