"""Repairs for text layers that PDF producers damage, each one reported, never silent.

- every glyph doubled ("JJoobb  ttiittllee", text drawn twice for a bold effect and extracted
  twice): a run of tokens whose every character is doubled is undoubled;
- a ligature whose glyph extracts as a digit ("speci5c", "5rst", "quali3cations"): when one
  digit stands inside many words and reading it as "fi" (or "fl", "ff"...) turns them into
  words, it is read so;
- a word split at a ligature ("of fi ce", "signi ficant"): joined when the document writes the
  whole word elsewhere.

Judged on the document's own words (and a short list of words common in job documents), so
a reference such as "wd1" or "COVID19" is never touched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from jdtool.importer.report import ImportReport

_LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
# Words common in job documents that hold a ligature, for documents where every instance
# is broken (so the document cannot vouch for the word itself).
_COMMON_WORDS = """
first specific specifically qualifications qualification qualified qualify office officer
offices field fields fieldwork file files final finance financial fiscal scientific identify
identification identified certificate certification benefits benefit benefiting efficient
sufficient confidential confidence profile fit find findings fix flexible flexibility workflow
workflows reflect conflict fluent influence influencing staff effective effectively offer
offers different difficult affect effort efforts afford official officials define defined
fulfil fulfill fulfilling classification significant beneficial artifacts artefacts fish
fishes flora flow floor flowers fly flies fluid specifications verification modification
justification notification magnification facilities proficiency proficient profit nonprofit
"""
_COMMON = frozenset(_COMMON_WORDS.split())
_TOKEN = re.compile(r"\S+")
# A digit (or a semicolon, glued between letters) where a ligature's glyph was.
_GLUED = re.compile(r"\b(?:[A-Za-z]*)(\d)(?:[a-z]{2,})\b|\b[A-Za-z]{2,}([\d;])[a-z]+\b")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)s?$", re.I)
_SPLIT = re.compile(r"\b([A-Za-z]+)( ?)(ffi|ffl|fi|fl|ff)( ?)([a-z]*)\b")
_WORDS = re.compile(r"[A-Za-z]+")


def repair_text(text: str, report: ImportReport) -> str:
    """``text`` with the damage described above repaired, each kind of repair noted."""
    text = _undouble(text, report)
    text = _digit_ligatures(text, report)
    return _split_ligatures(text, report)


def _doubled(token: str) -> bool:
    half = token[0::2]
    return len(token) >= 4 and len(token) % 2 == 0 and half == token[1::2] and \
        len({c for c in half if c.isalpha()}) >= 2


def _undouble(text: str, report: ImportReport) -> str:
    count = sum(1 for token in _TOKEN.findall(text) if _doubled(token))
    if count < 5:
        return text
    repaired = _TOKEN.sub(lambda m: m[0][0::2] if _doubled(m[0]) else m[0], text)
    report.note(f"{count} words had every glyph doubled in the PDF's text layer; repaired")
    return repaired


def _digit_ligatures(text: str, report: ImportReport) -> str:
    vocabulary = {word.casefold() for word in _WORDS.findall(text)} | _COMMON
    by_digit: dict[str, set[str]] = {}
    for match in _GLUED.finditer(text):
        if not _ORDINAL.match(match[0]):
            by_digit.setdefault(match[1] or match[2], set()).add(match[0])
    for digit, tokens in sorted(by_digit.items()):
        scores = Counter({ligature: sum(t.replace(digit, ligature).casefold() in vocabulary
                                        for t in tokens) for ligature in _LIGATURES})
        ligature, hits = scores.most_common(1)[0]
        if hits < min(2, len(tokens)) or 2 * hits < len(tokens):
            continue  # one lucky word, or mostly not words either way: leave the text be
        glyph = re.escape(digit)
        pattern = re.compile(r"\b[A-Za-z]*" + glyph + r"[a-z]+\b|\b[A-Za-z]+" + glyph +
                             r"[a-z]+\b")
        text = pattern.sub(_replacer(digit, ligature), text)
        example = sorted(tokens)[0]
        report.note(f"{len(tokens)} words had the '{ligature}' ligature extracted as "
                    f"'{digit}' (e.g. '{example}'); repaired")
    return text


def _replacer(digit: str, ligature: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        word = match[0]
        return word if _ORDINAL.match(word) else word.replace(digit, ligature)
    return replace


def _split_ligatures(text: str, report: ImportReport) -> str:
    whole = Counter(word.casefold() for word in _WORDS.findall(text))
    repaired: list[str] = []

    def join(match: re.Match[str]) -> str:
        joined = match[1] + match[3] + match[5]
        if not (match[2] or match[4]) or (match[4] and not match[5]) or \
                whole[joined.casefold()] == 0:
            return match[0]
        repaired.append(match[0])
        return joined

    text = _SPLIT.sub(join, text)
    if repaired:
        report.note(f"{len(repaired)} words split at a ligature joined (e.g. "
                    f"'{repaired[0]}')")
    return text
