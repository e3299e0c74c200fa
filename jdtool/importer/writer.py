"""Emit imported documents as jdtool Markdown files: front matter, then the body.

A single document becomes ``<out>/<slug>.md``; several become a pack folder with
``pack.md`` holding the shared facts. Nothing is written if any target already exists, and
every file is written atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jdtool.core.files import write_atomically
from jdtool.core.packs import PACK_FILE, file_name
from jdtool.core.problems import EXISTS, WRITE_ERROR, JdtoolError, Problem
from jdtool.core.schema import Kind
from jdtool.importer.facts import EXTRA_FACTS
from jdtool.importer.nodes import Node, NodeKind, escape
from jdtool.importer.structure import CriteriaGroup, ImportedDocument, ImportedPack

_FIELD_ORDER = ("title", "organisation", "ref", "grade", "salary", "location", "reports_to",
                "responsible_for", "term", "hours", "employment_type", "posted", "closing",
                "interview", "revised", "contact")


@dataclass(slots=True)
class OutputFile:
    path: Path
    text: str


def render_pack(pack: ImportedPack, out: Path, slug: str) -> list[OutputFile]:
    """The files an imported pack becomes (not yet written)."""
    values = pack.facts.values
    facts: dict[str, Any] = {name: values[name] for name in _FIELD_ORDER if name in values}
    extra = {name: values[name] for name in EXTRA_FACTS if name in values}
    # A page's own front matter keys jdtool has no field for ("extra.layout").
    extra.update({name.removeprefix("extra."): value for name, value in values.items()
                  if name.startswith("extra.")})
    if extra:
        facts["extra"] = extra
    if len(pack.documents) == 1 and not pack.preamble:
        document = pack.documents[0]
        return [OutputFile(out / f"{slug}.md", _document_text(document, facts))]
    if len(pack.documents) == 1:
        # Text before the one document heading stays in front of it, in the same file.
        document = pack.documents[0]
        merged = ImportedDocument(document.kind, list(pack.preamble), pack.title_node)
        if document.title is not None:
            document.title.level = 2
            merged.nodes.append(document.title)
        merged.nodes.extend(document.nodes)
        merged.criteria = document.criteria
        return [OutputFile(out / f"{slug}.md", _document_text(merged, facts))]
    folder = out / slug
    title = pack.title_node if any(n is pack.title_node for n in pack.preamble) else None
    files = [OutputFile(folder / PACK_FILE, _front_matter(Kind.PACK, facts) + _body(
        pack.preamble, title, []))]
    for document in pack.documents:
        files.append(OutputFile(folder / file_name(document.kind),
                                _document_text(document, {})))
    return files


def _document_text(document: ImportedDocument, facts: dict[str, Any]) -> str:
    return _front_matter(document.kind, facts) + _body(document.nodes, document.title,
                                                       document.criteria)


def _front_matter(kind: Kind, facts: dict[str, Any]) -> str:
    data: dict[str, Any] = {"kind": str(kind), **facts}
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n"


def _body(nodes: list[Node], title: Node | None, criteria: list[CriteriaGroup]) -> str:
    lines: list[str] = []
    if title is not None:
        lines += ["", f"# {title.markup}"]
    tables = {id(group.heading): group for group in criteria}
    writer = _ListWriter(lines)
    for node in nodes:
        if node is title:
            continue
        if node.kind is NodeKind.ITEM:
            writer.item(node)
            continue
        writer.end()
        if node.kind is NodeKind.HEADING:
            lines += ["", f"{'#' * max(2, node.level)} {node.markup}"]
            if (group := tables.get(id(node))) is not None:
                for lead in group.lead:
                    lines += ["", lead.markup]
                lines += ["", *_criteria_table(group)]
        elif node.kind is NodeKind.PARAGRAPH:
            text = f"{node.number} {node.markup}" if node.number else node.markup
            lines += ["", text]
        elif node.kind is NodeKind.TABLE:
            lines += ["", *_table(node)]
    writer.end()
    return "\n".join(lines).rstrip() + "\n" if lines else ""


class _ListWriter:
    """Writes list items with the indentation and delimiters that keep their numbers."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.offsets: list[int] = []
        self.previous: list[tuple[bool, int, str]] = []
        """(ordered, last number, delimiter) of the open list at each depth."""

    def item(self, node: Node) -> None:
        if not self.offsets:
            self.lines.append("")
        depth = min(node.depth, len(self.offsets))
        indent = self.offsets[depth - 1] if depth else 0
        ordered = node.number is not None and node.number.isdigit()
        marker = "-"
        if ordered:
            assert node.number is not None
            number = int(node.number)
            delimiter = "."
            if depth < len(self.previous):
                was_ordered, last, last_delimiter = self.previous[depth]
                if was_ordered and number != last + 1:
                    # A new delimiter starts a new list, so the written number is kept.
                    delimiter = ")" if last_delimiter == "." else "."
                elif was_ordered:
                    delimiter = last_delimiter
            marker = f"{number}{delimiter}"
            state = (True, number, delimiter)
        else:
            state = (False, 0, "-")
        text = node.markup if ordered or not node.number else f"{node.number} {node.markup}"
        starts_list = depth >= len(self.previous) or self.previous[depth][0] != state[0] or \
            self.previous[depth][2] != state[2]
        if starts_list and self.lines and self.lines[-1] != "" and (depth == 0 or ordered):
            # Only a bullet or a "1." may interrupt a paragraph; a blank line is always safe.
            self.lines.append("")
        self.lines.append(" " * indent + f"{marker} {text}")
        del self.offsets[depth:]
        del self.previous[depth:]
        self.offsets.append(indent + len(marker) + 1)
        self.previous.append(state)

    def end(self) -> None:
        self.offsets = []
        self.previous = []


def _criteria_table(group: CriteriaGroup) -> list[str]:
    rows = ["| Criterion | Essential/Desirable | Assessed by |", "| -- | -- | -- |"]
    for row in group.rows:
        rows.append(f"| {_cell(row.markup)} | {_cell(escape(row.importance))} | "
                    f"{_cell(escape(row.assessed))} |")
    return rows


def _cell(markup: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(markup.split()))


def _table(node: Node) -> list[str]:
    width = max(len(row) for row in node.rows)
    rows = [[_cell(cell.markup) for cell in row] + [""] * (width - len(row)) for row in node.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " -- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return lines


def check_targets(files: list[OutputFile]) -> None:
    """Refuse to overwrite: one clear error naming the first file that already exists."""
    for file in files:
        if file.path.exists():
            raise JdtoolError.from_problem(Problem(
                file.path, 1, 1, EXISTS,
                "already exists; nothing was written (choose another name with --pack)"))
    for folder in {file.path.parent for file in files}:
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise JdtoolError.from_problem(Problem(existing, 1, 1, EXISTS,
                                                   "exists and is not a folder"))


def write_files(files: list[OutputFile]) -> None:
    check_targets(files)
    for file in files:
        try:
            file.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(file.path, file.text)
        except OSError as error:
            raise JdtoolError.from_problem(Problem(
                file.path, 1, 1, WRITE_ERROR,
                f"cannot write: {error.strerror or error}")) from None
