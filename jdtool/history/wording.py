"""How the history pages name and order revisions, in the words a member reads.

**Names.** A revision that sets a new ``revised`` value is named by it ("the March 2018
revision": the document says when it was revised, and the commit may be later, as when old
versions are first put into git); any other revision is named by the month it was recorded.
Two revisions never share a name: a second "February 2022 revision" becomes "February 2022
revision (recorded 14 February 2022)", so every link says where it goes. The oldest revision
is the "First published version".

**Order.** Revisions are listed newest first by when they were recorded, unless their
``revised`` values disagree with that order (a repository that back-fills old versions
records the 2016 text after the 2018 one); then they are listed by ``revised`` (recording
date within one value), and the page says so.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

FIRST_VERSION = "First published version"
OUT_OF_ORDER_NOTE = ("Some versions were recorded later than newer ones (old versions added "
                     "to the record afterwards), so this list follows each version's "
                     "\u201cLast revised\u201d date rather than the order they were recorded in.")


def recorded(entry: dict[str, Any]) -> dt.date:
    return dt.datetime.fromisoformat(entry["date"]).date()


def month_of(revised: str | None) -> dt.date | None:
    """The first day of a ``revised`` month, or None if the value names none (``0000-01``,
    or no value: the recording date names the revision instead)."""
    if not revised:
        return None
    try:
        year, month = (int(part) for part in revised.split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return None


def revision_names(entries: list[dict[str, Any]]) -> list[str]:
    """``March 2018 revision`` for each entry (newest first, as the log lists them), each
    name distinct; the oldest entry, when it created the document, is the first version."""
    names: list[str] = []
    previous: str | None = None
    for entry in reversed(entries):
        revised = entry.get("revised")
        when = recorded(entry)
        if revised and revised != previous:
            when = month_of(str(revised)) or when
        names.append(f"{when:%B %Y} revision")
        previous = revised or previous
    names.reverse()
    if entries and entries[-1].get("kind") == "created":
        names[-1] = FIRST_VERSION
    return _distinct(names, entries)


def _distinct(names: list[str], entries: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    result = []
    for name, entry in zip(names, entries, strict=True):
        if seen[name] > 1:
            day = recorded(entry)
            name = f"{name} (recorded {day.day} {day:%B %Y})"
        result.append(name)
    counts: dict[str, int] = {}
    final = []
    for name in result:  # same name and same day: number them, oldest first
        total = result.count(name)
        counts[name] = counts.get(name, 0) + 1
        final.append(name if total == 1 else f"{name}, {total - counts[name] + 1} of {total}")
    return final


def revision_headings(entries: list[dict[str, Any]]) -> list[str]:
    """The heading (and link text) of each revision's page: ``What changed in the March
    2018 revision``; the first version is named as it is."""
    return [name if name.startswith(FIRST_VERSION) else f"What changed in the {name}"
            for name in revision_names(entries)]


def in_reading_order(entries: list[dict[str, Any]]) -> tuple[list[int], bool]:
    """The order to list entries in (indexes into ``entries``), and whether it is by
    ``revised`` because the recording order disagrees with it (see the module docstring)."""
    months = [month_of(entry.get("revised")) for entry in entries]
    known = [month for month in months if month is not None]
    # Newest first: every later-recorded revision should state the same or a later month.
    disagree = any(later < earlier for later, earlier in pairwise(known))
    indexes = list(range(len(entries)))
    if not disagree:
        return indexes, False
    fallback = [month or recorded(entry) for month, entry in zip(months, entries, strict=True)]
    indexes.sort(key=lambda index: (fallback[index], recorded(entries[index])), reverse=True)
    return indexes, True


KIND_WORDS = {
    "created": "Document added",
    "changed": "Changed",
    "formatting": "Layout tidied; the wording is unchanged",
    "renamed": "File renamed; the wording is unchanged",
    "deleted": "Document removed",
    "unreadable": "This revision could not be read",
    "truncated": "The oldest revision this copy of the history holds",
}
"""What each kind of revision is called on the member-facing pages."""


def revised_words(revised: str | None) -> str:
    """``2018-03`` -> ``March 2018``, ``2018-03-14`` -> ``14 March 2018``; "" for none."""
    month = month_of(revised)
    if month is None:
        return ""
    parts = str(revised).split("-")
    return f"{int(parts[2])} {month:%B %Y}" if len(parts) > 2 else f"{month:%B %Y}"


def plain_notes(entry: dict[str, Any]) -> list[str]:
    """The log's notes without file paths or commit hashes (those are for the people who
    keep the repository: ``show_commits`` shows the notes as the log words them)."""
    notes = [str(note) for note in entry.get("notes") or []]
    plain = []
    if entry.get("kind") == "unreadable":
        plain.append("The file saved in this revision is not a readable job description "
                     "(broken details or not text), so it is not compared.")
    if any("the last readable revision" in note for note in notes):
        plain.append("Compared with the last version that could be read.")
    return plain
