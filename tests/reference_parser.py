"""The document model built from markdown-it-py's token stream: the oracle for the parser seam.

jdtool builds its model from markdown-it-pyrs' block tree (``jdtool.core.parser``). This is
the walk it replaced, over markdown-it-py's tokens with the same rules, kept here only so that
``test_parser_seam.py`` can check that both parsers give the same model. It reuses the
library's section, paragraph, criterion and span helpers; only the token walk is its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from jdtool.core import parser
from jdtool.core.markdown import block_parser, plain_text
from jdtool.core.model import Block, BlockKind, Section, Span
from jdtool.core.problems import Problem


@dataclass
class _TokenContext(parser._Context):
    body_lines: list[str] = field(default_factory=list)

    def span(self, token: Any) -> Span:
        """A token's lines, less the blank lines markdown-it-py's map runs on over (the one
        way the two parsers' models differ: the model's blocks end on their last text)."""
        start, end = token.map or (0, 1)
        while end - 1 > start and not self.body_lines[end - 1].strip():
            end -= 1
        return Span(start + self.lines.first_line, end - 1 + self.lines.first_line)


def parse_body(body: str, path: Path, first_line: int) -> tuple[Section, str | None, list[Problem]]:
    tokens = block_parser().parse(body)
    end = first_line + body.count("\n")
    root = Section(heading="", level=0, span=Span(first_line, end))
    context = _TokenContext(path, parser._Lines("", first_line), root, [root])
    context.body_lines = body.split("\n")
    title = _walk(tokens, context)
    parser._close_spans(root, end)
    return root, title, context.problems


def _walk(tokens: list[Token], context: _TokenContext) -> str | None:
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
                parser._open_section(heading, level, token, context)  # type: ignore[arg-type]
            position += 3
        elif kind == "paragraph_open":
            parser._paragraph(tokens[position + 1].content, token, context)  # type: ignore[arg-type]
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


def _list(tokens: list[Token], position: int, context: _TokenContext, depth: int) -> int:
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


def _quote(tokens: list[Token], position: int, context: _TokenContext) -> int:
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


def _table(tokens: list[Token], position: int, context: _TokenContext) -> int:
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
    if rows and parser._is_criteria_header(rows[0][1]):
        for row_token, cells, is_header in rows[1:]:
            if not is_header:
                context.add(parser._criterion(row_token, cells, group, context))  # type: ignore[arg-type]
    else:
        for row_token, cells, is_header in rows:
            text = " | ".join(plain_text(cell) for cell in cells)
            context.add(Block(BlockKind.ROW, text, " | ".join(cells), context.span(row_token),
                              group=group, cells=tuple(cells), header=is_header))
    return position + 1
