"""Builders shared by the diff tests: documents from short Markdown bodies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from jdtool.core.documents import inherit, parse_document
from jdtool.core.model import Document
from jdtool.diff import DocumentDiff, compare
from jdtool.diff.words import words_of

HEAD = ("---\nkind: description\ntitle: Branch Secretary\n"
        "organisation: Fenland Clerks' Union\n---\n")


def document(body: str, head: str = HEAD, name: str = "doc.md") -> Document:
    parsed = parse_document(head + "\n" + body, Path(name))
    inherit(parsed, None)
    return parsed


def diff_of(old_body: str, new_body: str, *, ignore_quotes: bool = False,
            old_head: str = HEAD, new_head: str = HEAD) -> DocumentDiff:
    return compare(document(old_body, old_head, "old.md"), document(new_body, new_head, "new.md"),
                   ignore_quotes=ignore_quotes)


def kinds(diff: DocumentDiff) -> list[tuple[str, str]]:
    """(kind, first three words) of every change that is not unchanged."""
    result = []
    for change in diff.changes:
        block = change.new or change.old
        if change.kind != "unchanged" and block is not None:
            result.append((change.kind, " ".join(block.text.split()[:3])))
    return result


def unshown_insertions(data: dict[str, Any], old: list[str], new: list[str]) -> Counter[str]:
    """Words the new text has more of than the old one, not shown in any ``insert`` op."""
    inserted: Counter[str] = Counter()
    for change in data["changes"]:
        for op, text in change["words"]:
            if op == "insert":
                inserted.update(words_of(text))
    grown = Counter(w for text in new for w in words_of(text)) - \
        Counter(w for text in old for w in words_of(text))
    return grown - inserted


def invented_moves(data: dict[str, Any]) -> list[str]:
    """Moved blocks whose text is unchanged and whose neighbours on both sides are aligned."""
    changes = data["changes"]
    aligned = {(c["old_index"], c["new_index"]) for c in changes
               if c["kind"] != "moved" and c["old"] is not None and c["new"] is not None}
    old_count = sum(1 for c in changes if c["old"] is not None)
    new_count = sum(1 for c in changes if c["new"] is not None)
    invented = []
    for change in changes:
        if change["kind"] != "moved" or change["old"]["text"] != change["new"]["text"]:
            continue
        i, j = change["old_index"], change["new_index"]
        before = (i, j) == (0, 0) or (i - 1, j - 1) in aligned
        after = (i, j) == (old_count - 1, new_count - 1) or (i + 1, j + 1) in aligned
        if before and after:
            invented.append(change["old"]["text"])
    return invented
