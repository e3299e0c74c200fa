"""Turn a Markdown body into the section / block / criterion tree of the document model.

The block tree of ``core.markdown.block_tree`` is walked once. Headings open sections;
paragraphs, list items, table rows and quotes become blocks; a table whose columns are
``Criterion | Essential/Desirable | Assessed by`` becomes criteria. The tree's source maps are
byte offsets; ``_Lines`` turns them into the file's line numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from markdown_it_pyrs import Node

from jdtool.core.markdown import block_tree, plain_text, plain_text_in
from jdtool.core.model import Block, BlockKind, Criterion, Importance, Section, Span
from jdtool.core.problems import BAD_CRITERION, Problem

_NUMBERED_PARAGRAPH = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+")

STAGES = ("application", "interview", "test", "presentation", "references",
          "assessment centre", "exercise", "portfolio")
_STAGE_ALIASES = {"a": "application", "i": "interview", "t": "test", "p": "presentation",
                  "r": "references", "reference": "references", "ac": "assessment centre",
                  "application form": "application", "cv": "application",
                  "written test": "test", "tests": "test", "exercises": "exercise"}
_IMPORTANCE = {"e": Importance.ESSENTIAL, "essential": Importance.ESSENTIAL,
               "d": Importance.DESIRABLE, "desirable": Importance.DESIRABLE}
_CRITERION_HEADERS = ({"criterion", "criteria", "selection criteria", "requirement",
                       "requirements"},
                      {"essential/desirable", "essential or desirable", "e/d", "importance",
                       "essential / desirable"},
                      {"assessed by", "how assessed", "assessment", "method of assessment",
                       "assessed", "stage"})


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return slug or "section"


_LIST_NAMES = ("bullet_list", "ordered_list")
_CONTAINER_NAMES = frozenset({"root", "blockquote", "list_item", "bullet_list", "ordered_list",
                              "table", "thead", "tbody", "trow", "tcell", "paragraph",
                              "heading", "lheading", "fence", "code_block", "hr", "definition"})
"""Every block-level node name; any other child of a list item is the inline content of a
tight item's paragraph (a tight list shows no paragraph node)."""


_WHITE_SPACE = frozenset(b" \t\r\n")


class _Lines:
    """Byte offset in the body -> line number in the file."""

    __slots__ = ("base", "encoded", "first_line", "starts")

    def __init__(self, body: str, first_line: int) -> None:
        self.encoded = encoded = body.encode("utf-8")
        # The byte offset each line starts at, summed in C (no Python call per line).
        self.starts = [0, *accumulate(map(_PLUS_ONE, map(len, encoded.split(b"\n"))))]
        self.first_line = first_line
        # What a bisect into ``starts`` adds up to a line number (the hot loops inline it).
        self.base = first_line - 1

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) + self.base


_PLUS_ONE = (1).__add__


@dataclass
class _Context:
    path: Path
    lines: _Lines
    root: Section
    stack: list[Section]
    problems: list[Problem] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    next_suffix: dict[str, int] = field(default_factory=dict)
    """Per heading slug, the first ``-N`` not yet tried: 20,000 identical headings would
    otherwise try 2, 3, ... again for each (quadratic)."""
    groups: int = 0
    last_line: int = 0
    plain: Callable[[str], str] = plain_text
    """``plain_text``, or its faster equivalent for this body's markup (``plain_text_in``)."""

    def span(self, node: Node) -> Span:
        """The lines of ``node``, from its first byte to its last."""
        start, end = node.srcmap or (0, 0)
        starts, base = self.lines.starts, self.lines.base
        first = bisect_right(starts, start) + base
        return Span(first, bisect_right(starts, end - 1) + base if end > start else first)

    def item_span(self, node: Node) -> Span:
        """A list item's lines: its source map runs on over the blank lines after it."""
        start, end = node.srcmap or (0, 0)
        encoded = self.lines.encoded
        while end > start + 1 and encoded[end - 1] in _WHITE_SPACE:
            end -= 1
        first = self.lines.line(start)
        return Span(first, max(first, self.lines.line(end - 1)))

    def add(self, block: Block) -> None:
        self.stack[-1].blocks.append(block)

    def new_group(self) -> int:
        self.groups += 1
        return self.groups


def parse_body(body: str, path: Path, first_line: int) -> tuple[Section, str | None, list[Problem]]:
    """Parse a Markdown body whose first line is line ``first_line`` of the file.

    Returns the root section, the ``#`` title if the body opens with one, and problems.
    """
    tree = block_tree(body)
    end = first_line + body.count("\n")
    root = Section(heading="", level=0, span=Span(first_line, end))
    context = _Context(path, _Lines(body, first_line), root, [root], plain=plain_text_in(body))
    title = _walk(tree.children, context)
    _close_spans(root, end)
    return root, title, context.problems


def _inline(node: Node) -> str:
    """The inline markup of a paragraph, heading or cell ('' when it has none)."""
    children = node.children
    return str(children[0].meta.get("content", "")) if children else ""


def _walk(nodes: Sequence[Node], context: _Context) -> str | None:
    title: str | None = None
    for node in nodes:
        kind = node.name
        if kind in ("heading", "lheading"):
            heading = _inline(node)
            level = int(node.meta.get("level", 1))
            if level == 1 and title is None and not context.root.children \
                    and not context.root.blocks:
                title = context.plain(heading)
            else:
                _open_section(heading, level, node, context)
        elif kind == "paragraph":
            _paragraph(_inline(node), node, context)
        elif kind in _LIST_NAMES:
            _list(node, context, depth=0)
        elif kind == "table":
            _table(node, context)
        elif kind == "blockquote":
            _quote(node, context)
        elif kind in ("fence", "code_block"):
            context.add(_code(node, context))
    return title


def _code(node: Node, context: _Context, depth: int = 0, group: int = 0) -> Block:
    text = str(node.meta.get("content", "")).rstrip("\n")
    return Block(BlockKind.CODE, text, text, context.span(node), depth=depth, group=group)


def _open_section(markup: str, level: int, node: Node, context: _Context) -> None:
    stack = context.stack
    while stack[-1].level >= level:
        stack.pop()
    heading = context.plain(markup)
    anchor = base = slugify(heading)
    anchors = context.anchors
    if anchor in anchors:
        suffix = context.next_suffix.get(base, 2)
        while anchor in anchors:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        context.next_suffix[base] = suffix
    anchors.add(anchor)
    section = Section(heading, level, context.span(node), anchor, markup)
    stack[-1].children.append(section)
    stack.append(section)


def _paragraph(markup: str, node: Node, context: _Context) -> None:
    if match := _NUMBERED_PARAGRAPH.match(markup):
        rest = markup[match.end():]
        context.add(Block(BlockKind.NUMBERED, context.plain(rest), rest, context.span(node),
                          number=match[1]))
    else:
        context.add(Block(BlockKind.PARAGRAPH, context.plain(markup), markup, context.span(node)))


def _list(node: Node, context: _Context, depth: int) -> None:
    """Add one block per item of the list ``node``."""
    ordered = node.name == "ordered_list"
    kind = BlockKind.NUMBERED if ordered else BlockKind.BULLET
    number = int(node.meta.get("start", 1)) if ordered else 0
    group = context.new_group()
    starts, base = context.lines.starts, context.lines.base
    blocks = context.stack[-1].blocks
    # The hot loop of a job description (most of its blocks are items): one pass, locals only.
    for item_node in node.children:
        first = bisect_right(starts, (item_node.srcmap or (0, 0))[0]) + base
        label = str(number) if ordered else None
        number += 1
        children = item_node.children
        if len(children) == 1:  # the usual tight item: its text node and nothing else
            text = children[0]
            if text.name == "text" and (markup := text.meta.get("content")):
                last = bisect_right(starts, (text.srcmap or (0, 1))[1] - 1) + base
                blocks.append(Block(kind, context.plain(markup), markup,
                                    Span(first, last if last > first else first),
                                    label, depth, group))
                continue
        item = Block(kind, "", "", Span(first, first), label, depth, group)
        blocks.append(item)
        for child in children:
            _item_child(child, item, group, context, depth)
        if not item.markup:  # no text of its own (empty, or a code block first)
            item.span = context.item_span(item_node)


def _item_child(child: Node, item: Block, group: int, context: _Context, depth: int) -> None:
    name = child.name
    if name == "paragraph" or name not in _CONTAINER_NAMES:
        # A tight item's paragraph is its inline node itself.
        markup = _inline(child) if name == "paragraph" else str(child.meta.get("content", ""))
        if not item.markup or item is context.stack[-1].blocks[-1]:
            item.markup = f"{item.markup}\n\n{markup}" if item.markup else markup
            item.text = context.plain(item.markup)
            # The item runs on over its nested blocks; its text ends here.
            _, end = child.srcmap or (0, 1)
            item.span = Span(item.span.start, max(item.span.start, context.lines.line(end - 1)))
        else:
            context.add(Block(BlockKind.PARAGRAPH, context.plain(markup), markup,
                              context.span(child), depth=depth + 1, group=group))
    elif name in _LIST_NAMES:
        _list(child, context, depth + 1)
    elif name in ("fence", "code_block"):
        context.add(_code(child, context, depth + 1, group))
    elif name == "table":
        _table(child, context)
    elif name == "blockquote":
        _quote(child, context)


def _quote(node: Node, context: _Context) -> None:
    """One quote block per piece of inline content inside, however deeply nested."""
    group = context.new_group()
    for part, markup in _inline_parts(node):
        context.add(Block(BlockKind.QUOTE, context.plain(markup), markup, context.span(part),
                          group=group))


def _inline_parts(node: Node) -> Iterator[tuple[Node, str]]:
    for child in node.children:
        if child.name in ("paragraph", "heading", "lheading", "tcell"):
            # A setext heading's lines are its text's, not its underline's.
            yield (child.children[0] if child.children else child), _inline(child)
        elif child.name not in _CONTAINER_NAMES:  # a tight list item's text
            yield child, str(child.meta.get("content", ""))
        else:
            yield from _inline_parts(child)


def _table(node: Node, context: _Context) -> None:
    rows: list[tuple[Node, list[str], bool]] = []
    for part in node.children:
        header = part.name == "thead"
        for row in part.children:
            rows.append((row, [_inline(cell) for cell in row.children], header))
    group = context.new_group()
    if rows and _is_criteria_header(rows[0][1]):
        for row_node, cells, is_header in rows[1:]:
            if not is_header:
                context.add(_criterion(row_node, cells, group, context))
    else:
        for row_node, cells, is_header in rows:
            text = " | ".join(context.plain(cell) for cell in cells)
            context.add(Block(BlockKind.ROW, text, " | ".join(cells), context.span(row_node),
                              group=group, cells=tuple(cells), header=is_header))


def _is_criteria_header(cells: list[str]) -> bool:
    names = [plain_text(cell).lower() for cell in cells]
    return len(names) >= 3 and all(names[i] in _CRITERION_HEADERS[i] for i in range(3))


def _criterion(row: Node, cells: list[str], group: int, context: _Context) -> Block:
    span = context.span(row)
    cells = [*cells, "", "", ""][:3]
    markup = cells[0]
    text = context.plain(markup)
    heading = context.stack[-1].heading
    importance = _IMPORTANCE.get(context.plain(cells[1]).lower())
    if importance is None:
        shown = context.plain(cells[1]) or "(blank)"
        context.problems.append(Problem(
            context.path, span.start, 1, BAD_CRITERION,
            f"criterion '{_short(text)}': importance '{shown}' must be Essential or Desirable"))
    stages = []
    for raw in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", context.plain(cells[2]).lower()):
        if not raw:
            continue
        stage = _STAGE_ALIASES.get(raw, raw)
        if stage not in STAGES:
            import difflib  # only for a typo's suggestion

            guess = difflib.get_close_matches(stage, STAGES, n=1, cutoff=0.7)
            hint = f"; did you mean '{guess[0]}'?" if guess else \
                f" (known stages: {', '.join(STAGES)})"
            context.problems.append(Problem(
                context.path, span.start, 1, BAD_CRITERION,
                f"criterion '{_short(text)}': unknown assessment stage '{raw}'{hint}"))
            continue
        if stage not in stages:
            stages.append(stage)
    criterion = Criterion(heading, text, importance, tuple(stages))
    return Block(BlockKind.CRITERION, text, markup, span, group=group, cells=tuple(cells),
                 criterion=criterion)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _close_spans(section: Section, end: int) -> None:
    """Stretch each section's span to the line before the next section at its level or above."""
    children = section.children
    for index, child in enumerate(children):
        child_end = children[index + 1].span.start - 1 if index + 1 < len(children) else end
        child.span = Span(child.span.start, max(child.span.start, child_end))
        _close_spans(child, child.span.end)
