"""The word lists under ``data/``, loaded once and compiled into matchers the rules share."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@cache
def data(name: str) -> Any:
    """A JSON data file of this package, parsed."""
    return json.loads(resources.files("jdtool.lint").joinpath("data", name).read_text("utf-8"))


@cache
def known_acronyms() -> frozenset[str]:
    text = resources.files("jdtool.lint").joinpath("data", "acronyms.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Many phrases compiled into one regular expression; ``entries[i]`` is group ``p{i}``."""

    pattern: re.Pattern[str]
    entries: tuple[dict[str, Any], ...]

    def entry(self, match: re.Match[str]) -> dict[str, Any]:
        return self.entries[int(str(match.lastgroup)[1:])]


def phrase_list(entries: list[dict[str, Any]], flags: int = re.IGNORECASE) -> PhraseList:
    parts = [f"(?P<p{index}>{_without_names(entry['pattern'])})"
             for index, entry in enumerate(entries)]
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(parts) + r")(?![\w’-]|'\w)", flags)
    return PhraseList(pattern, tuple(entries))


def _without_names(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


@cache
def compiled(name: str, key: str) -> PhraseList:
    return phrase_list(data(name)[key])
