"""Template leftovers: placeholders never filled in, and instructions to the author left in.

Both are errors: a candidate who reads "[insert salary]" or "delete as appropriate" knows
the pack was not finished, so ``build --strict`` refuses to publish them. Placeholders are
searched in the source (the prose view drops the ``[`` of ``[month]``); scaffold text is the
placeholder prose of ``jdtool new``'s own templates, read from them, so a change to a
template is picked up here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from jdtool.core.problems import Severity
from jdtool.core.resources import templates_dir
from jdtool.core.schema import as_dict
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck

PLACEHOLDER = Rule(
    "JD411", "placeholder", Category.CORRECTNESS, Severity.ERROR,
    "A placeholder left unfilled ('[month]', '£XX,XXX', '[insert …]', 'TBC', '<job title>', "
    "the text 'jdtool new' writes): the pack is not finished.")
AUTHOR_INSTRUCTION = Rule(
    "JD412", "author-instruction", Category.CORRECTNESS, Severity.ERROR,
    "An instruction to the author left in the text ('delete as appropriate', '(if …, "
    "otherwise delete)').")

_WORDS_IN_BRACKETS = (
    r"insert|add|enter|include|name|date|day|month|year|time|title|job title|"
    r"post|role|salary|grade|location|organisation|organization|team|department|manager|"
    r"contact|email|phone|number|address|amount|hours|details?|tbc|tba|tbd|x+|\.\.\.|…|"
    r"complete|edit|fill in|specify|choose|select|reference|ref|closing|interview")
_PLACEHOLDERS = (
    ("[", re.compile(
        rf"\[(?:(?:{_WORDS_IN_BRACKETS})\b[^\[\]\n]{{0,60}}|(?-i:[A-Z][A-Z _/-]{{2,30}}))\]"
        r"(?![(\[:])", re.IGNORECASE)),
    ("<", re.compile(r"<(?:job[ -]title|name|date|title|organisation|salary|location|"
                     r"insert[^<>\n]{0,40}|[a-z]+(?: [a-z]+){1,3})>", re.IGNORECASE)),
    ("xx", re.compile(r"(?<![\w£$])[£$]?X{2,}(?:[,.]X{2,})*(?![\w])|(?<![\w£])[£$]x{2,}"
                      r"(?:,x{3})?\b", re.IGNORECASE)),
    ("tb", re.compile(r"(?<![\w-])(?:TBC|TBA|TBD)(?![\w-])")),
    ("lorem", re.compile(r"\blorem ipsum\b", re.IGNORECASE)),
)
"""Each kind of placeholder with the lower-case literal a document must hold for it to be
looked for: most documents hold none, and one alternation of them all is slow."""
_PLACEHOLDER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PLACEHOLDERS),
                          re.IGNORECASE)
"""All of them at once, for the few words of a front matter value."""
_CASE_SENSITIVE = re.compile(r"TBC|TBA|TBD|X{2,}|<|\[|[£$]x|lorem", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"\b(?:delete|remove|amend|edit|select|choose|complete|adapt)\s+(?:as\s+(?:appropriate|"
    r"applicable|necessary|required)|if\s+(?:not\s+)?(?:applicable|appropriate|relevant|"
    r"needed|required)|where\s+(?:applicable|appropriate|necessary)|this\s+(?:line|"
    r"paragraph|section|text|note|box))"
    r"|\((?:[^()\n]{0,80}?[,;]\s*)?(?:otherwise|or else)\s+(?:delete|remove)(?:\s+this)?\)"
    r"|\[(?:delete|remove)\b[^\]\n]{0,60}\]"
    r"|\b(?:insert|add)\s+(?:here|details here|text here|name here)\b"
    r"|\bnote to (?:author|editor|self)\b"
    r"|\b(?:guidance|instructions?) (?:for|to) (?:the )?(?:author|manager|recruiting manager)s?"
    r"(?=\s*[:\-–])",
    re.IGNORECASE)
_INSTRUCTION_CUES = ("as appropriate", "as applicable", "as necessary", "as required",
                     "if applicable", "if not applicable", "if appropriate", "if relevant",
                     "if needed", "if required", "if not", "where applicable",
                     "where appropriate", "where necessary", "this line", "this paragraph",
                     "this section", "this text", "this note", "this box", "otherwise",
                     "or else", "delete", "remove", "here", "note to", "guidance",
                     "instruction")
"""Phrases one of which every instruction to the author contains, to rule most documents out
with a substring test."""
_SCAFFOLD_CUE = re.compile(r"\b(?:first|second|third)\b|job title of|two or three sentences|"
                           r"a short introduction|who the organisation is|what it has set out",
                           re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@cache
def scaffold_lines() -> frozenset[str]:
    """The placeholder sentences of ``jdtool new``'s templates (lower case, no list marker):
    the lines that describe what to write rather than say it."""
    lines: set[str] = set()
    folder = templates_dir() / "new"
    for template in sorted(folder.glob("*.md")):
        for line in template.read_text(encoding="utf-8").splitlines():
            text = _MARKER.sub("", line).strip()
            if text and "{{" not in text and not text.startswith(("#", "|", "---")) and \
                    _SCAFFOLD_CUE.search(text) and not text.endswith(":"):
                lines.add(_normal(text))
    return frozenset(lines)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def placeholders(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    lowered = lint.source.lower()
    hits: list[Hit] = []
    for literal, pattern in _PLACEHOLDERS:
        if literal not in lowered:
            continue
        for match, offset in lint.source_matches(pattern):
            text = match.group()
            # "TBC" and "XX" are placeholders in capitals; "tbc" in a word list or "xx" in a
            # reference number are not.
            if text.lower() in ("tbc", "tba", "tbd") and not text.isupper():
                continue
            if "x" in text.lower() and "X" not in text and not text.startswith(("£", "$")):
                continue
            hits.append(Hit(f"placeholder '{text}' left unfilled", offset, offset + len(text),
                            matched=text, source_span=(match.start(), match.end())))
    yield from sorted(hits, key=lambda hit: hit.start or 0)
    yield from _scaffold(lint)
    yield from _front_matter(lint)


_UNCONFIRMED = re.compile(r"\bto be (?:confirmed|agreed|decided|advised)\b|"
                          r"^[\w.+-]+@example\.(?:org|com)$|^job title of\b", re.IGNORECASE)


def _front_matter(lint: LintDocument) -> Iterator[Hit]:
    """Placeholders in this file's own front matter values ("Grade to be confirmed", the
    scaffold's example address)."""
    own = lint.document.own
    if own is None:
        return
    for key, value in as_dict(own, exclude_none=True).items():
        for text in _strings(value):
            match = _PLACEHOLDER.search(text) or _UNCONFIRMED.search(text)
            if match is not None and (match.re is _UNCONFIRMED or (_CASE_SENSITIVE.search(
                    match.group()) and not match.group().islower())):
                yield Hit(f"front matter '{key}' is a placeholder: '{text}'",
                          line=lint.document.key_lines.get(key, 1), matched=match.group())
                break


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _scaffold(lint: LintDocument) -> Iterator[Hit]:
    scaffold = scaffold_lines()
    for segment in lint.block_segments():
        text = _MARKER.sub("", lint.prose[segment.start:segment.end]).strip()
        if _normal(text) in scaffold:
            start = lint.prose.index(text, segment.start)
            yield Hit("the 'jdtool new' template's placeholder text is still here; write "
                      "the real text", start, start + len(text), matched=text)


def author_instructions(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not any(map(lint.lowered.__contains__, _INSTRUCTION_CUES)):  # one test each, in C
        return
    for match, offset in lint.source_matches(_INSTRUCTION):
        text = match.group()
        yield Hit(f"an instruction to the author is left in the text: '{text}'", offset,
                  offset + len(text), matched=text, source_span=(match.start(), match.end()))


CHECKS = [
    RuleCheck(PLACEHOLDER, placeholders),
    RuleCheck(AUTHOR_INSTRUCTION, author_instructions),
]
"""This module's rules, each with its check, in rule id order."""
