"""The ``json`` format: every change in a documented, versioned schema.

Schema (``schema_version`` 2; 2 added the section fields ``relevelled``, ``case_only``,
``old_level``, ``new_level``, the kind ``relevelled``, and the stats ``sections_relevelled`` and
``blocks_regrouped``)::

    {
      "schema_version": 2,
      "title": str,
      "old": {"label": str, "source": str|null}, "new": {"label": str, "source": str|null},
      "is_empty": bool, "summary": str,
      "stats": {"sections_added": int, ..., "words_added": int, "words_removed": int},
      "meta_changes": [{"name": str, "old": str|null, "new": str|null,
                        "kind": "added"|"removed"|"changed"}],
      "sections": [{"kind": "unchanged"|"added"|"removed"|"renamed"|"moved"|"relevelled",
                    "old_path": str|null, "new_path": str|null,
                    "renamed": bool, "case_only": bool, "moved": bool, "relevelled": bool,
                    "old_level": int|null, "new_level": int|null,
                    "heading_words": [[op, text], ...] (old heading to new; [] if one side),
                    "old_lines": [int, int]|null, "new_lines": [int, int]|null}],
      "changes": [{"kind": "unchanged"|"added"|"removed"|"reworded"|"moved",
                   "old_section": str, "new_section": str,
                   "old_index": int|null, "new_index": int|null,
                   "old": Block|null, "new": Block|null,
                   "words": [["equal"|"delete"|"insert", str], ...],
                   "field_changes": [{"name": str, "old": str|null, "new": str|null}]}]
    }

A section's ``kind`` is its main event; ``renamed`` (``case_only`` when only case or spacing
changed), ``moved`` (it left the order of headings; a new parent alone is not a move) and
``relevelled`` (its heading level changed) can be true together. Every heading change counts
in ``stats`` and the summary. ``changes`` is in the new document's reading order (removed
blocks where they stood). A block's ``field_changes`` may name ``importance`` (a criterion's
column, or a block now in the essential list rather than the desirable one), ``assessed by``,
``number``, ``kind``, ``template tags`` (tags such as ``{% if %}`` are compared on their own,
never as the block's words) and ``section`` (kept in place, but another existing heading now
stands above it: not a move).
``Block`` is the document model's block (``kind``, ``text``, ``lines``, and ``number``,
``cells``, ``criterion`` where present). Joining the ``equal`` and ``delete`` texts of a change
gives its old block's text, ``equal`` and ``insert`` its new text; sorting the changes by
``old_index`` (or ``new_index``) gives back every block of the old (or new) document in order.
Section paths join headings with ``" > "``; ``""`` is the text before the first heading.
``source`` says how each side was read (``jdtool.readers``): ``jdtool`` (a jdtool document),
``markdown`` (no front matter), ``front matter`` (a site generator's, fields kept as written),
``text``, ``pdf``, ``docx``, ``html`` (through the importer) or ``pack`` (a folder); ``null``
when the caller did not say. When either side holds several documents (a pack), each side's
documents stand under a top-level section per kind (``Job description > Main duties``) and
each document's own fields are ``meta_changes`` named ``KIND.FIELD``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jdtool.diff.model import BlockChange, DocumentDiff, FieldChange, SectionChange

if TYPE_CHECKING:
    from jdtool.diff.formats import RenderOptions

SCHEMA_VERSION = 2


def to_data(diff: DocumentDiff, title: str = "", old_label: str = "",
            new_label: str = "", sources: tuple[str | None, str | None] = (None, None)
            ) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "title": title,
        "old": {"label": old_label, "source": sources[0]},
        "new": {"label": new_label, "source": sources[1]},
        "is_empty": diff.is_empty,
        "summary": diff.summary(),
        "ignore_quotes": diff.ignore_quotes,
        "stats": diff.stats.to_dict(),
        "meta_changes": [_field(change) for change in diff.meta_changes],
        "sections": [_section(section) for section in diff.sections],
        "changes": [_change(change) for change in diff.changes],
    }


def render(diff: DocumentDiff, options: RenderOptions) -> str:
    data = to_data(diff, options.title, options.old, options.new,
                   (options.old_source, options.new_source))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _field(change: FieldChange) -> dict[str, Any]:
    return {"name": change.name, "old": change.old, "new": change.new, "kind": change.kind}


def _section(section: SectionChange) -> dict[str, Any]:
    return {
        "kind": section.kind,
        "old_path": section.old_path,
        "new_path": section.new_path,
        "renamed": section.renamed,
        "case_only": section.case_only,
        "moved": section.moved,
        "relevelled": section.relevelled,
        "old_level": section.old.level if section.old else None,
        "new_level": section.new.level if section.new else None,
        "heading_words": [[op, text] for op, text in section.heading_words],
        "old_lines": section.old.span.to_list() if section.old else None,
        "new_lines": section.new.span.to_list() if section.new else None,
    }


def _change(change: BlockChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "old_section": change.old_section,
        "new_section": change.new_section,
        "old_index": change.old_index,
        "new_index": change.new_index,
        "old": change.old.to_dict() if change.old else None,
        "new": change.new.to_dict() if change.new else None,
        "words": [[op, text] for op, text in change.words],
        "field_changes": [_field(field) for field in change.field_changes],
    }
