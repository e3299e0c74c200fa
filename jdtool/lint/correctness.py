"""Correctness and consistency rules: confused words, stray apostrophes, repeated words and
sentences, spacing, glyphs left by PDF conversion, mixed spellings and number hyphenation.

Only the mechanical rules (repeated word, space before punctuation, stray glyph at the start
of an item) carry an ``Edit`` that ``--fix`` may apply.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import islice
from operator import eq

from jdtool.core.plural import counted
from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Edit, Hit, Rule, RuleCheck
from jdtool.lint.vocabulary import compiled, data, occurs, runs_test

CONFUSED = Rule(
    "JD401", "confused-word", Category.CORRECTNESS, Severity.ERROR,
    "A commonly confused word, in a context where it is clearly the wrong one.")
STRAY_APOSTROPHE = Rule(
    "JD402", "stray-apostrophe", Category.CORRECTNESS, Severity.ERROR,
    "Plurals take no apostrophe: 'CVs', 'the 1990s', 'staff are'.")
REPEATED_WORD = Rule(
    "JD403", "repeated-word", Category.CORRECTNESS, Severity.ERROR,
    "A word typed twice ('the the').", fixable=True)
DUPLICATE = Rule(
    "JD404", "duplicate-sentence", Category.CORRECTNESS, Severity.WARNING,
    "The same sentence or clause appears twice in the document, usually a copy-and-paste "
    "left over from editing.")
SPACE_BEFORE_PUNCTUATION = Rule(
    "JD405", "space-before-punctuation", Category.CORRECTNESS, Severity.WARNING,
    "No space goes before a comma, full stop, colon, semicolon, question or exclamation mark, "
    "or a closing bracket (nor after an opening one).", fixable=True)
STRAY_GLYPH = Rule(
    "JD406", "stray-glyph", Category.CORRECTNESS, Severity.ERROR,
    "Bullet glyphs left in running text by copying from a PDF or Word file ('•', 'o ', "
    "private-use symbol characters) show as junk; use a Markdown list.", fixable=True)
MIXED_SPELLING = Rule(
    "JD407", "mixed-spelling", Category.CORRECTNESS, Severity.WARNING,
    "One term spelt two ways in a document ('post-holder' and 'postholder', 'organisation' "
    "and 'organization') looks careless; pick one.")
NUMBER_HYPHEN = Rule(
    "JD408", "number-hyphenation", Category.CORRECTNESS, Severity.SUGGESTION,
    "A number and a unit before a noun form one adjective and take a hyphen ('a five-year "
    "term', 'a 35-hour week'), as they are written elsewhere in most job descriptions.")


def confused_words(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    for match, entry in compiled("correctness.json", "confused").finditer(
            lint.prose, lint.lowered, lint.vocabulary, lint.literals):
        word = lint.prose[match.start("w"):match.end("w")]
        replacement = _same_case(word, entry["replacement"])
        context = lint.prose[match.start():match.end()]
        yield Hit(f"'{word}' should be '{replacement}' here ('{context}')",
                  match.start("w"), match.end("w"), suggestion=replacement, matched=word)


_DECADE = re.compile(r"\b(\d{4}|\d0)['’]s\b")
_ACRONYM_PLURAL = re.compile(  # "[A-Z](?<!\w[A-Z])" is a faster "\b[A-Z]" (see structure)
    r"([A-Z](?<!\w[A-Z])[A-Z]+\d*)['’]s(?=\s*(?:[,.;:!?)]|\s(?:and|or|are|were|have|should|must|will)\b|$))",
    re.MULTILINE)
_VERB_AFTER = re.compile(
    r"\b([A-Za-z]{2,})['’]s\s+(?:are|were|aren['’]t|weren['’]t|have been|have|haven['’]t|"
    r"do|don['’]t)\b")
_PLURAL_BEFORE_VERB = re.compile(
    r"s['’](?=\s+(?:can|are|will|must|should|may|need|were|have|do|who)\b)")
"""'members’ can': an apostrophe after a plural followed by a verb is a typo for the plural
(a possessive is followed by what is owned: 'members' rights'). Found by its ending, then
its word, which is far cheaper than trying a word at every position."""
_WORD_BEFORE = re.compile(r"(?<![\w'’-])[A-Za-z][a-z]{2,}$")
_PLURAL_NOUNS = {"staff", "people", "children", "personnel", "women", "men", "police", "public",
                 "team", "membership", "workforce"}
_CONTRACTIONS = {"it", "that", "there", "what", "who", "here", "he", "she", "let", "where",
                 "how", "one", "this", "everyone", "someone", "nobody", "everybody", "which"}


def stray_apostrophes(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    prose = lint.prose
    reported: set[int] = set()
    # Every pattern needs an apostrophe beside an "s": most documents have none to try.
    s_apostrophe = "s'" in prose or "s’" in prose
    for match in _PLURAL_BEFORE_VERB.finditer(prose) if s_apostrophe else ():
        found = _WORD_BEFORE.search(prose, max(0, match.start() - 40), match.start() + 1)
        if found is None:
            continue
        word = found.group()
        if word.endswith("ss") or word.lower() in ("its", "this", "has", "was", "his"):
            continue
        reported.add(found.start())
        end = match.end()
        yield Hit(f"'{prose[found.start():end]}' is a plural, not a possessive: write "
                  f"'{word}'", found.start(), end, suggestion=word,
                  matched=prose[found.start():end])
    if "'s" not in prose and "’s" not in prose:
        return
    for pattern in (_DECADE, _ACRONYM_PLURAL, _VERB_AFTER):
        for match in pattern.finditer(prose):
            word = match[1]
            if match.start(1) in reported or (
                    pattern is _VERB_AFTER and word.lower() in _CONTRACTIONS):
                continue
            reported.add(match.start(1))
            end = match.start(1) + len(word) + 2
            plural = word if word.lower() in _PLURAL_NOUNS else f"{word}s"
            yield Hit(f"'{prose[match.start(1):end]}' is a plural, not a possessive: "
                      f"write '{plural}'", match.start(1), end, suggestion=plural,
                      matched=prose[match.start(1):end])


_REPEATED = re.compile(r"(?<![\w'’-])([A-Za-z]+)((?:\s+\1)+)(?![\w'’-])", re.IGNORECASE)
_LEGITIMATE_REPEATS = {"had", "that", "bye", "no", "so", "very", "ha", "far", "many", "more",
                       "again", "really", "round", "on", "over", "out", "through"}


def repeated_words(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    # str.split and a pairwise comparison are much cheaper than the regular expression, and
    # most documents have no repeat at all.
    words = lint.lowered.split()
    if not any(map(eq, words, islice(words, 1, None))):  # in C: no frame per pair
        return
    for match in _REPEATED.finditer(lint.prose):
        word = match[1]
        # Single letters ("I I", "R R") are letter-spaced text from a PDF or roman numerals;
        # only "a a" is a typed repeat.
        if word.lower() in _LEGITIMATE_REPEATS or (word.isupper() and len(word) > 1) or \
                (len(word) == 1 and word.lower() != "a"):
            continue
        repeat = match.start(2) + len(match[2]) - len(match[2].lstrip())
        yield Hit(f"'{word}' is repeated", repeat, repeat + len(word), suggestion=word,
                  matched=match.group(), edit=_deletion(lint, match.start(2), match.end(2)))


def _deletion(lint: LintDocument, start: int, end: int, replacement: str = "") -> Edit | None:
    """An edit removing prose[start:end], if that text stands unchanged in the source."""
    source_start = lint.source_offset(start)
    source_end = lint.source_offset(end - 1) + 1
    if lint.source[source_start:source_end] != lint.prose[start:end]:
        return None
    return Edit(source_start, source_end, replacement)


_KEY_WORD = re.compile(r"[a-z0-9]+")


def _sentence_key(text: str) -> str:
    return " ".join(_KEY_WORD.findall(text.lower()))


def lowered_in_place(lint: LintDocument) -> str | None:
    """The lower-case prose if it holds every part of the prose's lower case in place (then
    a sentence's words are found there without copying it), else ``None``: so it does where
    every character lower-cases to one, whatever stands around it (all but a capital sigma
    and the few that lower-case to two)."""
    prose = lint.prose
    return lint.lowered if "Σ" not in prose and len(prose.lower()) == len(prose) else None


def duplicates(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    # A copy-and-paste is often edited a little ("The librarian" -> "The branch librarian"),
    # so sentences sharing their first or last six words are compared by similarity too.
    seen: dict[str, int] = {}
    ends: dict[str, tuple[str, int]] = {}
    lowered = lowered_in_place(lint)
    for sentence in lint.sentences():
        if "xxxx" in sentence.text:
            continue  # a line with an address in it: a PDF's page header or footer
        words = _KEY_WORD.findall(sentence.text.lower()) if lowered is None else \
            _KEY_WORD.findall(lowered, sentence.start, sentence.end)
        if len(words) >= 6:
            key = " ".join(words)  # _sentence_key, with its words kept
            head, tail = " ".join(words[:6]), " ".join(words[-6:])
            earlier = seen.get(key)
            if earlier is None and len(words) >= 10:
                for end in (head, tail):
                    other = ends.get(end)
                    if other is not None and _similarity(other[0], key) >= 85:
                        earlier = other[1]
                        break
            if earlier is not None:
                line = lint.position(lint.source_offset(earlier))[0]
                yield Hit(f"this sentence repeats the one on line {line}", sentence.start,
                          sentence.end, matched=sentence.text)
                continue
            seen[key] = sentence.start
            ends.setdefault(head, (key, sentence.start))
            ends.setdefault(tail, (key, sentence.start))
        if _CLAUSE_MARK.search(sentence.text):
            yield from _duplicate_clauses(lint, sentence.start, sentence.text, seen)


def _similarity(first: str, second: str) -> float:
    """rapidfuzz's ratio, imported only when two sentences share an end (~10 ms a process
    that most documents never need)."""
    from rapidfuzz.fuzz import ratio

    return float(ratio(first, second))


_CLAUSE_MARK = re.compile("[;:—–]")
"""What may join two clauses of a sentence."""


def _duplicate_clauses(lint: LintDocument, start: int, text: str,
                       seen: dict[str, int]) -> Iterator[Hit]:
    offset = 0
    for clause in re.split(r"(?<=[;:])\s+|\s+[—–]\s+", text):
        position = text.find(clause, offset)
        offset = position + len(clause)
        key = _sentence_key(clause)
        if len(key.split()) < 8 or _sentence_key(text) == key:
            continue
        clause_key = "clause:" + key
        if clause_key in seen:
            line = lint.position(lint.source_offset(seen[clause_key]))[0]
            yield Hit(f"this clause repeats one on line {line}", start + position,
                      start + offset, matched=clause)
        else:
            seen[clause_key] = start + position


_SPACE_BEFORE = re.compile(r"(?<=[\w)\]\"'’”%])([ \t]+)([,;:.?!)])(?=[\s\"'”’,;:!?)]|\.(?!\.)|$)|"
                           r"(\()([ \t]+)(?=\w)", re.MULTILINE)


_SPACED_MARKS = (" ,", " ;", " :", " .", " ?", " !", " )", "( ", "\t")


def space_before_punctuation(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not any(map(lint.prose.__contains__, _SPACED_MARKS)):
        return
    for match in _SPACE_BEFORE.finditer(lint.prose):
        if match[1] is not None:
            start, end, mark = match.start(1), match.end(1), match[2]
            following = lint.prose[match.end(2):match.end(2) + 1]
            if mark in "!?" and following and not following.isspace():
                continue  # '!"' is a bullet glyph a PDF decoded wrongly, not an exclamation
            message = f"space before '{mark}'"
        else:
            start, end, mark = match.start(4), match.end(4), "("
            message = "space after '('"
        yield Hit(message, start, end, suggestion=f"remove the space ({mark})",
                  matched=match.group(), edit=_deletion(lint, start, end))


_GLYPHS = "•▪■●◦○□➢➤►‣⁃◘"
_GLYPH_RUN = re.compile(rf"(?:[{_GLYPHS}\uf000-\uf0ff][ \t]*|o[ \t]+(?=[A-Za-z{_GLYPHS}]))+")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?=\S)")
_ANY_GLYPH = re.compile(rf"[{_GLYPHS}\uf000-\uf0ff]")
_GLYPH = re.compile(rf"([{_GLYPHS}\uf000-\uf0ff])[ \t]*|(?<![\w'’])(o)[ \t]+(?=[A-Za-z])")


def _glyphs_end(prose: str, start: int, end: int) -> int:
    """Where the glyphs starting a segment at ``start`` end. A glyph alone on its line, its
    text on the next, takes the line break too, or the list item is left empty and its text
    falls out of the list; and the glyphs that start that next line go with it, or the fix
    would leave them starting the item, to be fixed again."""
    covered = end
    while run := _GLYPH_RUN.match(prose, start):
        covered = run.end()
        line_break = _LINE_BREAK.match(prose, covered)
        if line_break is None:
            break
        covered = start = line_break.end()
    return covered


def stray_glyphs(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    # A lone lower-case "o" is not an English word (o'clock has its apostrophe), so one
    # standing before a word is the "o" bullet of a Word list flattened into text.
    prose = lint.prose
    if not _ANY_GLYPH.search(prose) and " o " not in prose and "\no " not in prose \
            and " o\t" not in prose:
        return
    covered = -1
    for match in _GLYPH.finditer(prose):
        if match.start() < covered:
            continue
        glyph = match[1] or match[2]
        segment = lint.segment_at(match.start())
        at_start = segment is not None and not prose[segment.start:match.start()].strip()
        edit = None
        if at_start:
            covered = _glyphs_end(prose, match.start(), match.end())
            # A block that is nothing but glyphs is reported, not deleted: the fix would
            # remove a whole block, which only its author can decide.
            if segment is not None and prose[covered:segment.end].strip():
                edit = _deletion(lint, match.start(), covered)
        shown = f"U+{ord(glyph):04X}" if "\uf000" <= glyph <= "\uf0ff" else glyph
        yield Hit(f"stray bullet glyph '{shown}' in the text (left from a PDF or Word "
                  "copy); use a Markdown list item", match.start(), match.start() + 1,
                  suggestion="a Markdown list item", matched=glyph, edit=edit)


_HYPHENATED = re.compile(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)+(?![\w-])")
_ISE = re.compile(r"(?<![\w-])([a-z]{3,}[iy])[sz](e|es|ed|ing|ation|ations|er|ers|able)(?![\w-])")
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")


def is_mixed_spelling_term(word: str) -> bool:
    """Whether the mixed-spelling rule (JD407) reports ``word`` when the document also spells
    it the other way: a listed pair, or an -ise/-ize word."""
    return word in _variants() or _ISE.fullmatch(word) is not None


@cache
def _variants() -> dict[str, int]:
    groups: dict[str, int] = {}
    for index, variants in enumerate(data("correctness.json")["variants"]):
        for variant in variants:
            groups[variant] = index
    return groups


@cache
def _listed(variants: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(variants, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in words) + r")(?![\w-])")


def mixed_spellings(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    # Searched in the lower-case prose; a capitalised word after another capitalised word is
    # part of a name ("World Health Organization") and keeps its own spelling.
    groups = _variants()
    not_variants = set(data("correctness.json")["not_variants"])
    prose, lowered = lint.prose, lint.lowered
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    runs = lint.letter_runs

    def add(key: str, word: str, start: int, end: int) -> None:
        if prose[start].isupper() and _NAME_BEFORE.search(prose, max(0, start - 40), start):
            return
        found[key].append((word, start, end))

    present = _present(groups, lint)
    if present:
        for match in _listed(tuple(present)).finditer(lowered):
            word = " ".join(match.group().split())
            add(f"list:{groups[word]}", word, match.start(), match.end())
    # Mixed -ise/-ize spelling needs at least one z; most British documents have none.
    for match in _ISE.finditer(lowered) if "iz" in lowered or "yz" in lowered else ():
        if match.group() not in not_variants and match.group() not in groups:
            add(f"ise:{match[1]}s{match[2]}", match.group(), match.start(), match.end())
    for match in _hyphenated(lowered):
        word = match.group()
        closed = word.replace("-", "")
        # Letters alone: found as a whole word only if one of the prose's letter runs.
        if word in groups or closed not in runs:
            continue
        key = f"hyphen:{closed}"
        if key not in found:
            for other in re.finditer(rf"(?<![\w-]){closed}(?![\w-])", lowered):
                add(key, closed, other.start(), other.end())
            if not found[key]:
                continue
        add(key, word, match.start(), match.end())
    for places in found.values():
        yield from _minority(places)


def _present(groups: dict[str, int], lint: LintDocument) -> list[str]:
    """The listed variants that may stand as whole words in the prose, in list order: one of
    letters alone must be one of its letter runs (one set intersection in C for all of them,
    not a look-up each), any other must stand in the text."""
    plain, others, order = _variant_tests()
    vocabulary, lowered = lint.vocabulary, lint.lowered
    found = [variant for variant, runs in others if occurs(variant, runs, vocabulary, lowered)]
    found.extend(plain & lint.letter_runs)
    return sorted(found, key=order.__getitem__)


@cache
def _variant_tests() -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...] | None], ...],
                             dict[str, int]]:
    """The listed variants of ASCII letters alone, the others (each with the letter runs
    ``vocabulary.occurs`` tests first), and each one's place in the list: worked out once,
    not for every document."""
    variants = list(_variants())
    plain = frozenset(v for v in variants if v.isalpha() and v.isascii())
    return plain, tuple((v, runs_test(v)) for v in variants if v not in plain), \
        {variant: index for index, variant in enumerate(variants)}


def _hyphenated(lowered: str) -> Iterator[re.Match[str]]:
    """``_HYPHENATED.finditer(lowered)``, tried only where a word holds a hyphen.

    A match starts where a run of word characters and hyphens starts and ends where it ends
    (the lookarounds), so it is the whole run or nothing; the runs are found from their
    hyphens (``str.find``), not by trying the pattern at every letter of the text."""
    starts: list[int] = []
    position = lowered.find("-")
    while position != -1:
        start = position
        while start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "_-"):
            start -= 1
        if not starts or start != starts[-1]:
            starts.append(start)
        end = position + 1
        while end < len(lowered) and (lowered[end].isalnum() or lowered[end] in "_-"):
            end += 1
        position = lowered.find("-", end)
    for start in starts:
        match = _HYPHENATED.match(lowered, start)
        if match is not None:
            yield match


def _minority(places: list[tuple[str, int, int]]) -> Iterator[Hit]:
    counts: dict[str, int] = {}
    for word, _, _ in sorted(places, key=lambda p: p[1]):
        counts[word] = counts.get(word, 0) + 1
    if len(counts) < 2:
        return
    preferred = max(counts, key=lambda w: counts[w])  # ties: the first used (dicts keep order)
    for word, start, end in places:
        if word != preferred:
            yield Hit(f"'{word}' is spelt '{preferred}' elsewhere in this document "
                      f"({counted(counts[preferred], 'time')}); use one spelling", start, end,
                      suggestion=preferred, matched=word)


_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                 "twenty|thirty|forty|fifty|sixty|hundred")
_UNITS = ("year|month|week|day|hour|minute|mile|page|point|stage|person|part|step|word|"
          "metre|kilometre|second|side|session|module|term")
_UNIT_SPACES = tuple(f"{unit} " for unit in _UNITS.split("|"))
_NUMBER_UNIT = re.compile(rf"\b(\d+(?:\.\d+)?|{_NUMBER_WORDS})\s+({_UNITS})\s+([a-z][a-z-]*)\b",
                          re.IGNORECASE)
_FUNCTION_WORDS = (
    "of in to and or the a an from after before ago on at for with by is was are were will "
    "would can may must should later earlier each every then when if as but that which "
    "who this per plus more less only so we you they it not apart away long old ahead off "
    "out up into within during since until beyond our their your his her its has have had "
    "there here too also again between notice minimum maximum "
)
_NOT_A_NOUN = set(re.findall(r"\w+", _FUNCTION_WORDS)) | set(re.findall(r"\w+", _NUMBER_WORDS))


def number_hyphenation(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not any(map(lint.lowered.__contains__, _UNIT_SPACES)):  # one test each, in C
        return
    for match in _NUMBER_UNIT.finditer(lint.prose):
        if match[3].lower() in _NOT_A_NOUN:
            continue
        hyphenated = f"{match[1]}-{match[2]} {match[3]}"
        yield Hit(f"'{match.group()}': a number and unit before a noun take a hyphen: "
                  f"'{hyphenated}'", match.start(), match.end(2), suggestion=hyphenated,
                  matched=match.group())


def _same_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


CHECKS = [
    RuleCheck(CONFUSED, confused_words),
    RuleCheck(STRAY_APOSTROPHE, stray_apostrophes),
    RuleCheck(REPEATED_WORD, repeated_words),
    RuleCheck(DUPLICATE, duplicates),
    RuleCheck(SPACE_BEFORE_PUNCTUATION, space_before_punctuation),
    RuleCheck(STRAY_GLYPH, stray_glyphs),
    RuleCheck(MIXED_SPELLING, mixed_spellings),
    RuleCheck(NUMBER_HYPHEN, number_hyphenation),
]
"""This module's rules, each with its check, in rule id order."""
