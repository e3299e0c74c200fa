"""Builders shared by the diff tests: documents from short Markdown bodies."""

from __future__ import annotations

from pathlib import Path

from jdtool.core.documents import inherit, parse_document
from jdtool.core.model import Document
from jdtool.diff import DocumentDiff, compare

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
