"""The ``unified`` format: a plain word-level unified diff for pipes and scripts.

One hunk per changed block: ``@@ -SECTION:LINE +SECTION:LINE @@ KIND``, then the old text
with ``-`` and the new with ``+`` for whole blocks, one ``~`` line with ``[-removed-]`` and
``{+added+}`` words (as ``git diff --word-diff``) for a reworded or edited moved block, a
`` `` line for a block moved as it was, and ``!`` lines for field changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jdtool.diff.layout import display_words
from jdtool.diff.model import BlockChange, DocumentDiff

if TYPE_CHECKING:
    from jdtool.diff.formats import RenderOptions


def render(diff: DocumentDiff, options: RenderOptions) -> str:
    lines = [f"--- {options.old}", f"+++ {options.new}"]
    for field in diff.meta_changes:
        lines.append(f"@@ front matter: {field.name} @@")
        if field.old is not None:
            lines.append(f"-{field.old}")
        if field.new is not None:
            lines.append(f"+{field.new}")
    for section in diff.sections:
        if section.kind != "unchanged":
            lines.append(f"@@ section {section.kind}: "
                         f"{section.old_path or '-'} -> {section.new_path or '-'} @@")
    for change in diff.changes:
        if change.kind == "unchanged" and not change.counted_field_changes():
            continue
        lines.append(_header(change))
        lines.extend(_body(change))
    return "\n".join(lines) + "\n"


def _where(section: str, line: int | None) -> str:
    return f"{section or '(top)'}:{line}" if line is not None else f"{section or '(top)'}"


def _header(change: BlockChange) -> str:
    old_line = change.old.span.start if change.old else None
    new_line = change.new.span.start if change.new else None
    return (f"@@ -{_where(change.old_section, old_line)} "
            f"+{_where(change.new_section, new_line)} @@ {change.kind}")


def _body(change: BlockChange) -> list[str]:
    lines: list[str] = []
    if change.kind == "removed":
        lines.append("-" + change.old_text().replace("\n", "\n-"))
    elif change.kind == "added":
        lines.append("+" + change.new_text().replace("\n", "\n+"))
    elif any(op != "equal" for op, _ in change.words):
        lines.append("~" + marked(display_words(change.words)))
    elif change.kind == "moved":
        lines.append(" " + change.new_text().replace("\n", "\n "))
    for field in change.field_changes:
        lines.append(f"!{field.describe()}")
    return lines


def marked(words: Sequence[tuple[str, str]]) -> str:
    """``git diff --word-diff`` style: ``[-old-]{+new+}``."""
    parts = []
    for op, text in words:
        if op == "equal":
            parts.append(text)
        elif op == "delete":
            parts.append(f"[-{text}-]")
        else:
            parts.append(f"{{+{text}+}}")
    return "".join(parts)
