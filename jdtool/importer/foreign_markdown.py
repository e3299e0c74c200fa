"""Markdown written for another tool (a Jekyll, Hugo or Middleman page): its own front matter
(YAML between ``---`` lines, or Hugo's TOML between ``+++``) becomes jdtool's, known keys
mapped (title, dates, location...) and every other key kept under ``extra``; its ``#``
headings are headings and its ``**emphasis**`` marks are not text."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from jdtool.core import frontmatter
from jdtool.core.foreign import FOREIGN_KEYS, split_toml
from jdtool.core.problems import JdtoolError
from jdtool.importer.report import ImportReport

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def own_front_matter(text: str, path: Path, report: ImportReport) -> tuple[str, dict[str, str]]:
    """``(body, facts)``: the page's front matter taken off and read as jdtool facts (the
    fields it has no name for under ``extra.KEY``); ``text`` unchanged if it has none."""
    data: dict[str, Any]
    try:
        toml = split_toml(text)
    except tomllib.TOMLDecodeError as error:
        report.note(f"the +++ front matter is not valid TOML ({error}); kept as text")
        return text, {}
    if toml is not None:
        data, body, _ = toml
        block = text[:len(text) - len(body)]
    elif text.startswith("---"):
        try:
            matter, body = frontmatter.load(text, path)
        except JdtoolError as error:
            report.note(f"the --- front matter could not be read ({error}); kept as text")
            return text, {}
        data, block = matter.data, text[:len(text) - len(body)]
    else:
        return text, {}
    facts: dict[str, str] = {}
    for key, value in data.items():
        name = FOREIGN_KEYS.get(str(key).casefold(), f"extra.{key}")
        if value is not None and name not in facts:
            facts[name] = _as_text(value)
    mapped = sorted(k for k in facts if not k.startswith("extra."))
    report.leave_out(block, "the page's own front matter, read into jdtool's "
                     f"({', '.join(mapped) or 'no known fields'}; "
                     f"{sum(k.startswith('extra.') for k in facts)} kept under extra)", 1)
    return body, facts


def _as_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}" if value.time() != dt.time(0, 0) else \
            value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_as_text(v)}" for k, v in value.items())
    return str(value)


def markdown_heading(line: str) -> str | None:
    """The text of an ATX heading line (``## Duties``), or None."""
    match = _ATX.match(line)
    return match[2] if match else None


def plain_emphasis(text: str) -> str:
    """``**bold**`` and ``__bold__`` as their words."""
    return _EMPHASIS.sub(r"\2", text)
