"""The ``html`` format: one self-contained, accessible redline page, changes first.

The page opens with a summary (what changed, in words and counts, and a list of the changed
sections), then the document with each change in a little context: runs of unchanged passages
are folded into ``<details>`` (open them one by one or all at once; a browser's find-in-page
opens them too). The inline and side-by-side views are two views of the same changes behind a
switch, so only the chosen one shows and prints. Every change links to the previous and the
next one. Section headings keep their hierarchy (a sub-section is a level below its parent,
and a changed sub-section brings its parent's heading with it); criteria stay a table.

Jinja autoescape is on and only plain text goes in, so document text can never become markup.
Insertions and deletions are ``<ins>``/``<del>`` with underline/strike-through, a margin bar
and visually hidden words for screen readers (never colour alone). ``jdtool.diff.pdf`` lays
out the same view model for print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from jdtool.core.facts import field_label
from jdtool.core.model import Block, BlockKind
from jdtool.diff.layout import Item, display_words, groups, heading_name, section_note
from jdtool.diff.model import PATH_SEPARATOR, BlockChange, DocumentDiff, WordOp

if TYPE_CHECKING:
    from jinja2 import Environment

CONTEXT = 1
"""Unchanged passages shown on each side of a change; longer runs are folded."""


@dataclass(frozen=True, slots=True)
class Row:
    """One block of the page, ready for the template."""

    item: Item
    anchor: str
    link: str
    link_text: str
    label: str
    number: int = 0
    """Its place among the page's changes (1, 2 ...); 0 for an unchanged passage."""
    css: str = field(init=False, default="")
    """Its class: the change's kind, ``moved-out`` or ``fields`` (``_css``)."""
    words: list[tuple[WordOp, str]] = field(init=False, default_factory=list)
    """Its words, insertions and deletions marked (``_row_words``)."""

    def __post_init__(self) -> None:
        # Worked out once: the page model and both views ask for them many times a passage.
        object.__setattr__(self, "css", _css(self.item))
        object.__setattr__(self, "words", _row_words(self.item.change))

    @property
    def change(self) -> BlockChange:
        return self.item.change

    @property
    def block(self) -> Block:
        block = self.change.new or self.change.old
        assert block is not None
        return block

    @property
    def changed(self) -> bool:
        return self.css != "unchanged"

    @property
    def is_criterion(self) -> bool:
        return self.block.kind is BlockKind.CRITERION and self.item.role == "here"


    def criterion_cell(self, name: str) -> tuple[str | None, str | None]:
        """The old and new value of a criterion's ``importance`` or ``assessed by``: equal
        when unchanged (``old`` is None when it was added, ``new`` when it was removed)."""
        old, new = self.change.old, self.change.new
        return (_criterion_value(old, name) if old is not None else None,
                _criterion_value(new, name) if new is not None else None)


def _row_words(change: BlockChange) -> list[tuple[WordOp, str]]:
    if change.kind == "unchanged":
        # Only spacing or (with --ignore-quotes) quote marks differ: nothing to mark.
        return [("equal", change.new_text())]
    return display_words(change.words)


def _css(item: Item) -> str:
    if item.role == "moved-out":
        return "moved-out"
    change = item.change
    if change.kind == "unchanged" and change.counted_field_changes():
        return "fields"
    return change.kind


def _criterion_value(block: Block, name: str) -> str:
    criterion = block.criterion
    if criterion is None:
        return ""
    if name == "importance":
        return str(criterion.importance).capitalize() if criterion.importance else "\u2014"
    return ", ".join(stage.capitalize() for stage in criterion.assessed_by) or "\u2014"


@dataclass(slots=True)
class Chunk:
    """A run of passages shown together: changes with their context, or a folded run."""

    rows: list[Row]
    folded: bool
    criteria: bool

    @property
    def side_rows(self) -> list[Row]:
        return [row for row in self.rows if row.item.role != "moved-out"]


@dataclass(slots=True)
class SectionView:
    """A heading of the page (at its level in the document) and the passages under it."""

    heading: str
    level: int
    """The HTML heading level: sections stand under the page's ``<h2>``, so ``h3`` and down."""
    note: str
    chunks: list[Chunk] = field(default_factory=list)
    number: int = 0
    """Its place among the changes when the section itself changed (renamed, added ...)."""
    anchor: str = ""

    @property
    def changes(self) -> int:
        return sum(row.changed and row.item.role == "here"
                   for chunk in self.chunks for row in chunk.rows) + bool(self.note)

    @property
    def first_change(self) -> int:
        if self.number:
            return self.number
        return next((row.number for chunk in self.chunks for row in chunk.rows if row.number), 0)


@dataclass(slots=True)
class Page:
    """Everything the redline templates show, in reading order."""

    sections: list[SectionView]
    total: int
    """How many changes the page numbers (passages and section headings)."""

    @property
    def changed_sections(self) -> list[SectionView]:
        return [section for section in self.sections if section.changes]


def page(diff: DocumentDiff) -> Page:
    """The view model shared by the HTML and PDF redlines."""
    sections: list[SectionView] = []
    shown: set[str] = set()
    counter = 0
    for group in groups(diff):
        for parent in _parents(group.path):
            if parent not in shown:
                # A changed sub-section keeps its parent's heading, for the hierarchy.
                shown.add(parent)
                sections.append(SectionView(_last(parent), _level(parent), ""))
        shown.add(group.path)
        view = SectionView(group.heading if group.path else "", _level(group.path),
                           section_note(group.section))
        if view.note:
            counter += 1
            view.number, view.anchor = counter, f"section-{counter}"
        rows = []
        for item in group.items:
            row = _row(item)
            if row.changed and item.role == "here":
                counter += 1
                row = _numbered(row, counter)
            rows.append(row)
        view.chunks = chunks(rows)
        sections.append(view)
    return Page(sections, counter)


def _numbered(row: Row, number: int) -> Row:
    return Row(row.item, row.anchor, row.link, row.link_text, row.label, number)


def _parents(path: str) -> list[str]:
    parts = path.split(PATH_SEPARATOR) if path else []
    return [PATH_SEPARATOR.join(parts[:end]) for end in range(1, len(parts))]


def _level(path: str) -> int:
    depth = len(path.split(PATH_SEPARATOR)) if path else 1
    return min(6, 2 + depth)


def chunks(rows: list[Row]) -> list[Chunk]:
    """Changes with ``CONTEXT`` unchanged passages each side; longer unchanged runs folded.

    A fold of a single passage would hide nothing worth the click, so it stays open; chunks
    also break where criteria start or stop, so a criteria table is never split oddly.
    """
    near = {index for index, row in enumerate(rows) if row.changed}
    shown = {index + step for index in near for step in range(-CONTEXT, CONTEXT + 1)}
    folded = [index not in shown for index in range(len(rows))]
    for index, row_folded in enumerate(folded):
        lonely = row_folded and not (index > 0 and folded[index - 1]) and \
            not (index + 1 < len(rows) and folded[index + 1])
        if lonely:
            folded[index] = False
    result: list[Chunk] = []
    for index, row in enumerate(rows):
        key = (folded[index], row.is_criterion)
        if result and (result[-1].folded, result[-1].criteria) == key:
            result[-1].rows.append(row)
        else:
            result.append(Chunk([row], *key))
    return result


def render(diff: DocumentDiff, *, title: str, old_label: str, new_label: str) -> str:
    return _environment().get_template("redline.html.jinja").render(
        diff=diff, title=title, old_label=old_label, new_label=new_label, page=page(diff),
        field_label=field_label, stat_lines=stat_lines(diff))


def stat_lines(diff: DocumentDiff) -> list[tuple[str, str]]:
    """The counts table: (what, counts), criteria's importance and assessment included."""
    stats = diff.stats
    lines = [
        ("Sections", f"{stats.sections_added} added, {stats.sections_removed} removed, "
                     f"{stats.sections_renamed} renamed, {stats.sections_moved} moved, "
                     f"{stats.sections_relevelled} re-levelled"),
        ("Paragraphs, bullets, rows, criteria",
         f"{stats.blocks_added} added, {stats.blocks_removed} removed, "
         f"{stats.blocks_reworded} reworded, {stats.blocks_moved} moved"),
    ]
    importance, assessment = criteria_changes(diff)
    if importance or assessment:
        lines.append(("Criteria", f"{importance} changed importance (essential/desirable), "
                                  f"{assessment} changed how they are assessed"))
    lines.append(("Words", f"{stats.words_added} added, {stats.words_removed} removed"))
    return lines


def criteria_changes(diff: DocumentDiff) -> tuple[int, int]:
    """How many criteria changed importance, and how many changed their assessment stages."""
    importance = assessment = 0
    for change in diff.changes:
        names = {field_change.name for field_change in change.counted_field_changes()}
        importance += "importance" in names
        assessment += "assessed by" in names
    return importance, assessment


def _row(item: Item) -> Row:
    change = item.change
    if item.role == "moved-out":
        return Row(item, f"old-{change.old_index}", f"#new-{change.new_index}",
                   f"Moved to \u201c{heading_name(change.new_section)}\u201d", "moved away")
    if change.kind == "moved":
        where = "Moved within this section" if change.moved_within_section else \
            f"Moved from \u201c{heading_name(change.old_section)}\u201d"
        return Row(item, f"new-{change.new_index}", f"#old-{change.old_index}",
                   f"{where}: see where it was", "moved")
    anchor = f"new-{change.new_index}" if change.new is not None else f"old-{change.old_index}"
    label = {"added": "added", "removed": "removed", "reworded": "reworded"}.get(change.kind, "")
    if not label and change.counted_field_changes():
        label = "changed"
    return Row(item, anchor, "", "", label)


def _last(path: str | None) -> str:
    return (path or "").rsplit(PATH_SEPARATOR, 1)[-1]


# -- the pieces every row repeats -------------------------------------------------------------
# A page of history shows every passage twice (inline and side by side), so these are plain
# Python building plain strings, given to the templates as globals (``redline.macros.jinja``
# exports them under the macros' names): as Jinja loops and macros, and then as functions
# making a ``Markup`` for every word, they were most of the time of a history build. Each
# escapes what it puts in, exactly as autoescape would (``_text``), and each view is one
# ``Markup`` made once from the joined parts.

def _text(value: object) -> str:
    """``value`` escaped as autoescape (markupsafe's ``escape``) escapes it, as a plain
    string: a ``str.replace`` chain costs a fraction of making a ``Markup`` per word."""
    if type(value) is not str:
        return str(escape(value))  # numbers, None, Markup: markupsafe's own rules
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;") \
            .replace("'", "&#39;").replace('"', "&#34;")
    return value


def _words(ops: list[tuple[WordOp, str]]) -> str:
    parts: list[str] = []
    for op, text in ops:
        if op == "equal":
            parts.append(_text(text))
        elif op == "insert":
            parts.append(f'<ins><span class="sr-only">[inserted: </span>{_text(text)}'
                         '<span class="sr-only">]</span></ins>')
        else:
            parts.append(f'<del><span class="sr-only">[deleted: </span>{_text(text)}'
                         '<span class="sr-only">]</span></del>')
    return "".join(parts)



def _was_now(old: object, new: object) -> str:
    if old == new:
        return _text(new)
    parts = []
    if old is not None:
        parts.append(f'<del><span class="sr-only">[was: </span>{_text(old)}'
                     '<span class="sr-only">]</span></del>')
        if new is not None:
            parts.append(' <span aria-hidden="true">\u2192</span>')
    parts.append(" ")
    if new is not None:
        parts.append(f'<ins><span class="sr-only">[now: </span>{_text(new)}'
                     '<span class="sr-only">]</span></ins>')
    return "".join(parts)



def _fields(change: BlockChange) -> str:
    if not change.field_changes:
        return ""  # most passages: no field to list
    return "".join(
        f'<div class="field note">{_text(field_label(item.name))}: '
        f'{_was_now(item.old, item.new)}</div>' for item in change.counted_field_changes())



def _marker(block: Block) -> str:
    bullet = '<span class="bullet" aria-hidden="true"></span>' \
        if block.kind == "bullet" else ""
    return f"{bullet}{_text(block.number)} " if block.number else bullet



def _step(number: int, total: int, prefix: str = "") -> str:
    if not number:
        return ""
    prefix = _text(prefix)
    text = f'<p class="step">Change {number} of {total}'
    if number > 1:
        text += (f'<a href="#{prefix}change-{number - 1}" aria-label="Previous change '
                 f'({number - 1} of {total})">\u2190 Previous</a>')
    if number < total:
        text += (f'<a href="#{prefix}change-{number + 1}" aria-label="Next change '
                 f'({number + 1} of {total})">Next \u2192</a>')
    return text + "</p>"



def _block(row: Row, total: int) -> str:
    number = f'<span id="change-{row.number}"></span>' if row.number else ""
    tag = f'<span class="tag">{_text(row.label)}</span>' if row.label else ""
    change = row.change
    if row.item.role == "moved-out":
        text = (f'<a href="{_text(row.link)}">{_text(row.link_text)}</a>: '
                f"<span>{_text(change.old_text())}</span>")
    else:
        link = f' <a class="note" href="{_text(row.link)}">{_text(row.link_text)}</a>' \
            if row.link else ""
        text = f"{_words(row.words)}{link}{_fields(change)}"
    return (f'<div class="block {_text(row.css)}" id="{_text(row.anchor)}">{number}'
            f"{tag}{_marker(row.block)}\n{text}{_step(row.number, total)}</div>\n")


def block_html(row: Row, total: int) -> Markup:
    """One passage of the inline view: its marks, its words, its fields and its step links."""
    return Markup(_block(row, total))


def _side_row(row: Row, total: int, old_label: str, new_label: str) -> str:
    change = row.change
    tag = f'<span class="tag">{_text(row.label)}</span>' if row.label else ""
    criterion = (row.criterion_cell("importance"), row.criterion_cell("assessed by")) \
        if row.is_criterion else None
    words = row.words
    marker = _marker(row.block)
    old = f'<span id="side-change-{row.number}"></span>' if row.number else ""
    old += f'<span class="side-label">{_text(old_label)}</span>'
    if change.old:
        old_words: list[tuple[WordOp, str]] = [("equal", change.old_text())] \
            if change.kind == "unchanged" else [item for item in words if item[0] != "insert"]
        old += f"{tag}{marker}{_words(old_words)}"
        if criterion:
            old += (f' <span class="note">({_text(criterion[0][0])}; '
                    f"{_text(criterion[1][0])})</span>")
        if change.kind == "moved":
            old += (f' <span class="note">(moved from '
                    f'{_text(change.old_section or "the top")})</span>')
    else:
        old += '<span class="note">(not in this version)</span>'
    new = f'<span class="side-label">{_text(new_label)}</span>'
    if change.new:
        new_words = [item for item in words if item[0] != "delete"]
        new += f"{tag}{marker}{_words(new_words)}"
        if criterion:
            new += (f' <span class="note">({_text(criterion[0][1])}; '
                    f"{_text(criterion[1][1])})</span>")
        new += _fields(change)
    else:
        new += '<span class="note">(removed)</span>'
    new += _step(row.number, total, "side-")
    return f'<div class="pair {_text(row.css)}">\n<div>{old}</div>\n<div>{new}</div>\n</div>'



def _heading(section: SectionView, total: int, prefix: str = "") -> str:
    if not section.heading:
        return ""
    prefix = _text(prefix)
    anchor = f' id="{prefix}{_text(section.anchor)}"' if section.anchor else ""
    number = f'<span id="{prefix}change-{section.number}"></span>' if section.number else ""
    note = f' <span class="tag">{_text(section.note)}</span>' if section.note else ""
    return (f"<h{section.level}{anchor}>{number}{_text(section.heading)}{note}"
            f"</h{section.level}>{_step(section.number, total, prefix)}")


def heading_html(section: SectionView, total: int, prefix: str = "") -> Markup:
    """A section's heading at its level, with its change number and note when it changed."""
    return Markup(_heading(section, total, prefix))


def _folded(count: int) -> str:
    return (f'<details class="unchanged"><summary>{count} unchanged '
            f'passage{"" if count == 1 else "s"}</summary>')


def inline_view_html(page: Page) -> Markup:
    """The inline view's sections: each heading, then its passages (criteria as a table),
    folded runs in ``<details>``."""
    parts: list[str] = []
    for section in page.sections:
        parts.append(f"{_heading(section, page.total)}\n")
        for chunk in section.chunks:
            if chunk.folded:
                parts.append(_folded(len(chunk.rows)))
            if chunk.criteria:
                parts.append(_criteria_table(chunk.rows, page.total))
            else:
                parts.extend(_block(row, page.total) for row in chunk.rows)
            if chunk.folded:
                parts.append("</details>")
    return Markup("".join(parts))


def side_view_html(page: Page, old_label: str, new_label: str) -> Markup:
    """The side-by-side view's sections: each heading, then its passages, folded runs in
    ``<details>``."""
    parts: list[str] = []
    for section in page.sections:
        parts.append(f'{_heading(section, page.total, "side-")}\n')
        for chunk in section.chunks:
            rows = chunk.side_rows
            if not rows:
                continue
            if chunk.folded:
                parts.append(_folded(len(rows)))
            parts.extend(f"{_side_row(row, page.total, old_label, new_label)}\n"
                         for row in rows)
            if chunk.folded:
                parts.append("</details>")
    return Markup("".join(parts))


_CRITERIA_HEAD = ('<table class="criteria"><thead><tr><th scope="col">Criterion</th>'
                  '<th scope="col">Essential/desirable</th><th scope="col">Assessed by</th>'
                  "</tr></thead><tbody>\n")


def _criteria_table(rows: list[Row], total: int) -> str:
    parts = [_CRITERIA_HEAD]
    for row in rows:
        importance, assessed = row.criterion_cell("importance"), row.criterion_cell(
            "assessed by")
        css = row.css
        number = f'<span id="change-{row.number}"></span>' if row.number else ""
        tag = f'<span class="tag">{_text(row.label)}</span>' if row.label else ""
        parts.append(f'<tr class="{_text(css)}{" changed-row" if css != "unchanged" else ""}" '
                     f'id="{_text(row.anchor)}"><td>{number}{tag}{_words(row.words)}'
                     f"{_step(row.number, total)}</td><td>{_was_now(*importance)}</td>"
                     f"<td>{_was_now(*assessed)}</td></tr>\n")
    parts.append("</tbody></table>\n")
    return "".join(parts)


def criteria_table_html(rows: list[Row], total: int) -> Markup:
    """A run of criteria as a table: each with its words, its importance and its assessment
    (old struck through beside new when they changed)."""
    return Markup(_criteria_table(rows, total))


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(loader=PackageLoader("jdtool.diff", ""), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(block_html=block_html, heading_html=heading_html,
                               side_view_html=side_view_html,
                               inline_view_html=inline_view_html,
                               criteria_table_html=criteria_table_html)
    return environment


def environment() -> Environment:
    """The redline templates' Jinja environment (the PDF redline renders through it too)."""
    return _environment()
