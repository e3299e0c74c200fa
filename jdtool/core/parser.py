"""Turn a Markdown body into the section / block / criterion tree of the document model.

The markdown-it-py token stream is walked once. Headings open sections; paragraphs, list
items, table rows and quotes become blocks; a table whose columns are
``Criterion | Essential/Desirable | Assessed by`` becomes criteria.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from jdtool.core.markdown import block_parser, plain_text
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


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


@dataclass
class _Context:
    path: Path
    offset: int
    root: Section
    stack: list[Section]
    problems: list[Problem] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    next_suffix: dict[str, int] = field(default_factory=dict)
    """Per heading slug, the first ``-N`` not yet tried: 20,000 identical headings would
    otherwise try 2, 3, ... again for each (quadratic)."""
    groups: int = 0
    last_line: int = 0

    def span(self, token: Token) -> Span:
        start, end = token.map or (0, 1)
        return Span(start + self.offset, end - 1 + self.offset)

    def add(self, block: Block) -> None:
        self.stack[-1].blocks.append(block)

    def new_group(self) -> int:
        self.groups += 1
        return self.groups


def parse_body(body: str, path: Path, first_line: int) -> tuple[Section, str | None, list[Problem]]:
    """Parse a Markdown body whose first line is line ``first_line`` of the file.

    Returns the root section, the ``#`` title if the body opens with one, and problems.
    """
    tokens = block_parser().parse(body)
    end = first_line + body.count("\n")
    root = Section(heading="", level=0, span=Span(first_line, end))
    context = _Context(path, first_line, root, [root])
    title = _walk(tokens, context)
    _close_spans(root, end)
    return root, title, context.problems


def _walk(tokens: list[Token], context: _Context) -> str | None:
    title: str | None = None
    position = 0
    while position < len(tokens):
        token = tokens[position]
        kind = token.type
        if kind == "heading_open":
            heading = tokens[position + 1].content
            level = int(token.tag[1])
            if level == 1 and title is None and not context.root.children \
                    and not context.root.blocks:
                title = plain_text(heading)
            else:
                _open_section(heading, level, token, context)
            position += 3
        elif kind == "paragraph_open":
            _paragraph(tokens[position + 1].content, token, context)
            position += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            position = _list(tokens, position, context, depth=0)
        elif kind == "table_open":
            position = _table(tokens, position, context)
        elif kind == "blockquote_open":
            position = _quote(tokens, position, context)
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            context.add(Block(BlockKind.CODE, text, text, context.span(token)))
            position += 1
        else:
            position += 1
    return title


def _open_section(markup: str, level: int, token: Token, context: _Context) -> None:
    while context.stack[-1].level >= level:
        context.stack.pop()
    heading = plain_text(markup)
    anchor = base = slugify(heading)
    suffix = context.next_suffix.get(base, 2)
    while anchor in context.anchors:
        anchor, suffix = f"{base}-{suffix}", suffix + 1
    context.next_suffix[base] = suffix
    context.anchors.add(anchor)
    section = Section(heading, level, context.span(token), anchor=anchor, markup=markup)
    context.stack[-1].children.append(section)
    context.stack.append(section)


def _paragraph(markup: str, token: Token, context: _Context) -> None:
    if match := _NUMBERED_PARAGRAPH.match(markup):
        rest = markup[match.end():]
        context.add(Block(BlockKind.NUMBERED, plain_text(rest), rest, context.span(token),
                          number=match[1]))
    else:
        context.add(Block(BlockKind.PARAGRAPH, plain_text(markup), markup, context.span(token)))


def _list(tokens: list[Token], position: int, context: _Context, depth: int) -> int:
    """Add one block per item of the list starting at ``position``; return the next position."""
    opener = tokens[position]
    ordered = opener.type == "ordered_list_open"
    number = int(opener.attrGet("start") or 1) if ordered else 0
    group = context.new_group()
    close = opener.type.replace("_open", "_close")
    position += 1
    item: Block | None = None
    while tokens[position].type != close:
        token = tokens[position]
        if token.type == "list_item_open":
            kind = BlockKind.NUMBERED if ordered else BlockKind.BULLET
            item = Block(kind, "", "", context.span(token), number=str(number) if ordered else None,
                         depth=depth, group=group)
            number += 1
            context.add(item)
            position += 1
        elif token.type == "paragraph_open":
            markup = tokens[position + 1].content
            if item is not None and (not item.markup or item is context.stack[-1].blocks[-1]):
                item.markup = f"{item.markup}\n\n{markup}" if item.markup else markup
                item.text = plain_text(item.markup)
                # The item's own map runs on over trailing blank lines; its text ends here.
                item.span = Span(item.span.start, context.span(token).end)
            else:
                context.add(Block(BlockKind.PARAGRAPH, plain_text(markup), markup,
                                  context.span(token), depth=depth + 1, group=group))
            position += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            position = _list(tokens, position, context, depth + 1)
        elif token.type in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            context.add(Block(BlockKind.CODE, text, text, context.span(token), depth=depth + 1,
                              group=group))
            position += 1
        elif token.type == "table_open":
            position = _table(tokens, position, context)
        elif token.type == "blockquote_open":
            position = _quote(tokens, position, context)
        else:
            position += 1
    return position + 1


def _quote(tokens: list[Token], position: int, context: _Context) -> int:
    depth = 0
    group = context.new_group()
    while True:
        token = tokens[position]
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                return position + 1
        elif token.type == "inline":
            context.add(Block(BlockKind.QUOTE, plain_text(token.content), token.content,
                              context.span(token), group=group))
        position += 1


def _table(tokens: list[Token], position: int, context: _Context) -> int:
    rows: list[tuple[Token, list[str], bool]] = []
    header = False
    row: list[str] = []
    row_token = tokens[position]
    while tokens[position].type != "table_close":
        token = tokens[position]
        if token.type == "thead_open":
            header = True
        elif token.type == "tbody_open":
            header = False
        elif token.type == "tr_open":
            row, row_token = [], token
        elif token.type == "inline":
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append((row_token, row, header))
        position += 1
    group = context.new_group()
    if rows and _is_criteria_header(rows[0][1]):
        for row_token, cells, is_header in rows[1:]:
            if not is_header:
                context.add(_criterion(row_token, cells, group, context))
    else:
        for row_token, cells, is_header in rows:
            text = " | ".join(plain_text(cell) for cell in cells)
            context.add(Block(BlockKind.ROW, text, " | ".join(cells), context.span(row_token),
                              group=group, cells=tuple(cells), header=is_header))
    return position + 1


def _is_criteria_header(cells: list[str]) -> bool:
    names = [plain_text(cell).lower() for cell in cells]
    return len(names) >= 3 and all(names[i] in _CRITERION_HEADERS[i] for i in range(3))


def _criterion(row: Token, cells: list[str], group: int, context: _Context) -> Block:
    span = context.span(row)
    cells = [*cells, "", "", ""][:3]
    markup = cells[0]
    text = plain_text(markup)
    heading = context.stack[-1].heading
    importance = _IMPORTANCE.get(plain_text(cells[1]).lower())
    if importance is None:
        shown = plain_text(cells[1]) or "(blank)"
        context.problems.append(Problem(
            context.path, span.start, 1, BAD_CRITERION,
            f"criterion '{_short(text)}': importance '{shown}' must be Essential or Desirable"))
    stages = []
    for raw in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", plain_text(cells[2]).lower()):
        if not raw:
            continue
        stage = _STAGE_ALIASES.get(raw, raw)
        if stage not in STAGES:
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
