"""Readability scores: syllable counts, Flesch reading ease and Flesch–Kincaid grade.

Syllables are counted with a vowel-group heuristic (silent final ``e``, ``-es``/``-ed``
endings, ``-le`` after a consonant); the benchmark measures its agreement with the CMU
Pronouncing Dictionary. It needs no dictionary and is cached per word, so it is fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouydt]ed|[^laeiouy]e)$")
_SPLIT_VOWELS = re.compile(r"[^aeiou]ia|io(?=[^n])|iet|ien|uo|ism$")
_SILENT_INNER_E = re.compile(r"[^aeiouy]e(?:ment|ful|ly|ness)")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Estimated syllables in one English word."""
    word = word.lower().strip("'’-")
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    if len(word) <= 3:
        return 1
    stem = _SILENT_ENDING.sub("", word) if not word.endswith("le") else word
    count = len(_VOWEL_GROUPS.findall(stem))
    if stem.startswith("y"):
        count -= 1
    count += len(_SPLIT_VOWELS.findall(word)) - len(_SILENT_INNER_E.findall(word))
    return max(1, count)


@dataclass(frozen=True, slots=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def measure(sentences: list[list[str]]) -> Readability:
    """Scores for sentences given as lists of words."""
    words = [word for sentence in sentences for word in sentence]
    return Readability(len(words), max(1, sum(1 for s in sentences if s)),
                       sum(map(syllables, words)))
