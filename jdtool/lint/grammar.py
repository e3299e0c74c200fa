"""Grammar a rule can catch: 'a' or 'an', subject–verb agreement in the patterns job
descriptions use, and small words left out.

Each pattern is narrow on purpose: a grammar rule that is wrong one time in five is switched
off by its users. A collective noun takes either verb in British English ("the team are",
"the team is"), so only singular subjects that cannot be plural are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck
from jdtool.lint.vocabulary import phrase_list

ARTICLE = Rule(
    "JD413", "a-or-an", Category.CORRECTNESS, Severity.WARNING,
    "'an' goes before a vowel sound ('an hour', 'an MP'), 'a' before a consonant sound "
    "('a union', 'a one-year contract').")
AGREEMENT = Rule(
    "JD414", "subject-verb-agreement", Category.CORRECTNESS, Severity.WARNING,
    "A singular subject takes a singular verb ('the post-holder has', not 'have'); a plural "
    "one a plural verb ('candidates are').")
MISSING_WORD = Rule(
    "JD415", "missing-word", Category.CORRECTNESS, Severity.WARNING,
    "A small word left out ('will able to' for 'will be able to', 'responsible the' for "
    "'responsible for the').")

_ARTICLE = re.compile(r"([aA](?<![\w'’-].)n?)\s+([A-Za-z][\w'’-]*)")
"""'a', 'an', 'A' or 'An' and the word after it. The lookbehind stands after the first letter,
so the pattern starts with plain letters and the engine skips to the next 'a' in C."""
_VOWEL_SOUND_CONSONANT = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
_CONSONANT_SOUND_VOWEL = re.compile(
    r"^(?:uni(?!nform|mpress|ntended|nterest|nsur|ndent|nhibit|nvit|nspir|nstall)|use|usu|"
    r"usa|uti|ure|euro|eu[^r]|ewe|one\b|one-|once|u-|ufo|uk\b|us\b|ubiquit|ut[eo]|uv)",
    re.IGNORECASE)
_LETTER_VOWEL_SOUND = set("AEFHILMNORSX")
"""Initials read letter by letter that start with a vowel sound: 'an MP', 'an HR team'."""


def articles(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    for match in _ARTICLE.finditer(lint.prose):
        article, word = match[1], match[2]
        if word.lower() in ("a", "an"):
            continue  # "a a record" is a repeated word (JD403)
        wanted = _article_for(word)
        if wanted is None or wanted == article.lower():
            continue
        right = wanted.capitalize() if article[0].isupper() else wanted
        yield Hit(f"'{article} {word}': use '{right} {word}'", match.start(1), match.end(1),
                  suggestion=right, matched=match.group())


def _article_for(word: str) -> str | None:
    """'a' or 'an' for the word that follows (``None``: cannot tell, say nothing)."""
    if word.isupper() and len(word) > 1:
        if len(word) <= 4 and not re.search(r"[AEIOU]", word[1:]):  # initials: NHS, MP
            return "an" if word[0] in _LETTER_VOWEL_SOUND else "a"
        return None  # an acronym said as a word (UNISON, NATO) may go either way
    if _VOWEL_SOUND_CONSONANT.match(word):
        return "an"
    if _CONSONANT_SOUND_VOWEL.match(word):
        return "a"
    if word[0].isdigit():
        return None
    return "an" if word[0].lower() in "aeiou" else "a"


_SINGULAR_SUBJECT = (r"(?:the|this|each|every|our|your)\s+(?:post-?holder|job-?holder|"
                     r"successful (?:candidate|applicant)|candidate|applicant|employee|"
                     r"officer|organiser|administrator|co-?ordinator|adviser|advisor|"
                     r"assistant|worker|person appointed|appointee|member of staff)")
_PLURAL_VERB = (r"have|are|were|do|don't|"
                # Verbs that are also nouns count only before an object ("the officer
                # support team" is a noun phrase; "the officer support the branch" is not).
                r"(?:need|provide|manage|support|lead|ensure|deliver|report|attend|maintain|"
                r"develop|take|keep|prepare)(?=\s+(?:the|a|an|all|our|their|its|and)\b)")
_SUBJECT_NOUNS = ("holder", "candidate", "applicant", "employee", "officer", "organiser",
                  "administrator", "ordinator", "adviser", "advisor", "assistant", "worker",
                  "appointe", "member of staff")
_PRONOUN_VERBS = tuple(f"{pronoun} {verb}" for pronoun in ("we", "they", "you")
                       for verb in ("is", "was", "has", "does", "doesn't", "wasn't", "isn't",
                                    "hasn't"))
_AGREEMENT_LIST = phrase_list([
    {"pattern": rf"({_SINGULAR_SUBJECT})\s+(?:also\s+)?((?:{_PLURAL_VERB}))\b(?!-)",
     "replacement": "singular", "literals": list(_SUBJECT_NOUNS)},
    {"pattern": r"((?:all|successful|shortlisted|the)\s+(?:candidates|applicants|post-?holders|"
                r"employees|staff members|volunteers))\s+(is|was|has|does|doesn't|wasn't|isn't|"
                r"hasn't)\b", "replacement": "plural",
     "literals": ["candidates", "applicants", "holders", "employees", "staff members",
                  "volunteers"]},
    {"pattern": r"(we|they|you)\s+(is|was|has|does|doesn't|wasn't|isn't|hasn't)\b",
     "replacement": "plural", "literals": list(_PRONOUN_VERBS)},
], shared=True)
"""Tried only near their literals (``PhraseList``): a subject noun, or a pronoun with its
verb."""
_SINGULAR_FORM = {"have": "has", "are": "is", "were": "was", "do": "does", "don't": "doesn't"}
_PLURAL_FORM = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
                "wasn't": "weren't", "isn't": "aren't", "hasn't": "haven't"}


def agreement(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    prose = lint.prose
    for match, entry in _AGREEMENT_LIST.finditer(prose, lint.lowered, lint.vocabulary,
                                                 lint.literals):
        subject = prose[match.start(1):match.end(1)]
        verb = prose[match.start(2):match.end(2)]
        if entry["replacement"] == "singular":
            # "the post-holder and the manager have" is a plural subject.
            if re.match(r"\s+(?:and|or|&)\b", prose[match.end(1):match.end(1) + 6]) or \
                    _after_modal(prose, match.start()):
                continue
            lower = verb.lower()
            right = _SINGULAR_FORM.get(lower, lower + ("es" if lower.endswith(
                ("sh", "ch", "s", "x")) else "s"))
            yield Hit(f"'{subject} {verb}': the subject is singular; use '{right}'",
                      match.start(2), match.end(2), suggestion=right,
                      matched=prose[match.start():match.end()])
            continue
        if subject.lower() in ("we", "they", "you") and _question_or_clause(prose, match):
            continue
        right = _PLURAL_FORM[verb.lower()]
        yield Hit(f"'{subject} {verb}': the subject is plural; use '{right}'",
                  match.start(2), match.end(2), suggestion=right,
                  matched=prose[match.start():match.end()])


def _after_modal(prose: str, start: int) -> bool:
    """'help the post-holder do', 'let the candidate have', 'that the post-holder have' (a
    subjunctive) and questions ('will the post-holder have') take the bare verb."""
    before = prose[max(0, start - 20):start].lower().split()
    return bool(before) and before[-1] in ("help", "helps", "helping", "let", "lets", "make",
                                           "makes", "enable", "enables", "see", "watch",
                                           "having", "have", "has", "that", "will", "would",
                                           "must", "should", "may", "might", "can", "could")


def _question_or_clause(prose: str, match: re.Match[str]) -> bool:
    """'Where are we?' / 'how long you was...' are not what this rule is for: the pronoun
    after a wh-word or inside a quotation is left alone."""
    before = prose[max(0, match.start() - 12):match.start()].lower().split()
    return bool(before) and before[-1] in ("where", "what", "how", "who", "which", "if")


_MISSING = phrase_list([
    {"pattern": r"(will|must|should|may|might|would|can|could|to)\s+(able|unable|responsible|"
                r"accountable|required|expected|based)\b(?!\s+by\b)",
     "replacement": "be", "literals": ["able", "responsible", "accountable", "required",
                                       "expected", "based"]},
    {"pattern": r"(responsible|accountable)\s+(the|all|a|an|any|our|their|managing|leading|"
                r"ensuring|delivering|supporting|maintaining)\b",
     "replacement": "for", "literals": ["responsible", "accountable"]},
    {"pattern": r"(able|ability|expected|required|need|needs|willingness|willing)\s+(work|"
                r"travel|attend|provide|support|manage|lead|deliver|communicate|use|drive|"
                r"prioritise|demonstrate|build|write|develop|maintain)\b",
     "replacement": "to", "literals": ["able ", "ability ", "expected ", "required ", "need ",
                                       "needs ", "willing"]},
    {"pattern": r"(as well)\s+(?!as\b)(experience|knowledge|skills|the|a|an)\b",
     "replacement": "as", "literals": ["as well"]},
], shared=True)
"""Each pattern is tried only near its literals (``PhraseList``): most documents say
'responsible' and 'required', few say them wrongly."""


def missing_words(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    prose = lint.prose
    for match, entry in _MISSING.finditer(prose, lint.lowered, lint.vocabulary, lint.literals):
        word = entry["replacement"]
        first = prose[match.start(1):match.end(1)]
        second = prose[match.start(2):match.end(2)]
        if word == "to" and first.lower() in ("need", "needs") and \
                _noun_use(prose, match.start()):
            continue
        yield Hit(f"'{first} {second}': a word is missing ('{first} {word} {second}')",
                  match.start(), match.end(), suggestion=f"{first} {word} {second}",
                  matched=prose[match.start():match.end()])


def _noun_use(prose: str, start: int) -> bool:
    """'the need work' is odd but 'a need' is a noun: only the verb is checked."""
    before = prose[max(0, start - 10):start].lower().split()
    return bool(before) and before[-1] in ("a", "the", "any", "no", "our", "their", "every")


CHECKS = [
    RuleCheck(ARTICLE, articles),
    RuleCheck(AGREEMENT, agreement),
    RuleCheck(MISSING_WORD, missing_words),
]
"""This module's rules, each with its check, in rule id order."""
