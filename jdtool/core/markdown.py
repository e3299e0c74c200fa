"""The one markdown-it-py configuration jdtool parses and renders with.

CommonMark plus GitHub tables and strikethrough; raw HTML is off (it renders as text), and
``typographer`` is off so quotes stay as the author typed them.

markdown-it-py's ``StateBlock`` finds line starts by looking at every character in Python,
which is a third of the parse time of a typical job description. ``_FastStateBlock`` computes
the same line tables with ``str.split`` and is checked against the original in the tests.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

_INDENT = re.compile(r"[ \t]*")


class _FastStateBlock(StateBlock):
    def __init__(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)
        self.src = src
        begins: list[int] = []
        ends: list[int] = []
        shifts: list[int] = []
        counts: list[int] = []
        start = 0
        lines = src.split("\n")
        last = len(lines) - 1
        for number, line in enumerate(lines):
            indent = _INDENT.match(line).end()  # type: ignore[union-attr]
            if number == last and (indent == len(line)):
                break  # the original skips a final unterminated blank or whitespace-only line
            prefix = line[:indent]
            offset = indent
            if "\t" in prefix:
                offset = 0
                for character in prefix:
                    offset += 4 - offset % 4 if character == "\t" else 1
            begins.append(start)
            ends.append(start + len(line))
            shifts.append(indent)
            counts.append(offset)
            start += len(line) + 1
        length = len(src)
        self.bMarks = [*begins, length]
        self.eMarks = [*ends, length]
        self.tShift = [*shifts, 0]
        self.sCount = [*counts, 0]
        self.bsCount = [0] * (len(begins) + 1)
        self.lineMax = len(begins)


def _fast_parse(self: ParserBlock, src: str, md: MarkdownIt, env: Any,
                out_tokens: list[Token]) -> list[Token] | None:
    if not src:
        return None
    state = _FastStateBlock(src, md, env, out_tokens)
    self.tokenize(state, state.line, state.lineMax)
    return state.tokens


def _configure(md: MarkdownIt) -> MarkdownIt:
    md.enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\./|\.\./|[^:/?#]*(?:[/?#]|$))", re.I)


def _safe_link(url: str) -> bool:
    """Refuse ``javascript:``, ``data:``, ``vbscript:`` and every other unexpected scheme."""
    return bool(_SAFE_SCHEME.match(url.strip()))


@cache
def block_parser() -> MarkdownIt:
    """A parser that stops at block level: inline content stays as text, parsed on demand."""
    md = _configure(MarkdownIt("commonmark", {"html": False}))
    md.disable(["inline", "text_join"])
    block = md.block
    block.parse = _fast_parse.__get__(block, ParserBlock)  # type: ignore[method-assign,unused-ignore]
    return md


@cache
def full_parser() -> MarkdownIt:
    """The renderer's parser: the same block rules, with inline parsing."""
    return _configure(MarkdownIt("commonmark", {"html": False}))


_MARKUP = re.compile(r"[*_`\[\]<>&\\!~]")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """Inline Markdown as the reader sees it: markup removed, whitespace folded."""
    if not _MARKUP.search(markup):
        return _SPACE.sub(" ", markup).strip()
    parts: list[str] = []
    for token in full_parser().parseInline(markup)[0].children or []:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    return _SPACE.sub(" ", "".join(parts)).strip()


def render_inline(markup: str) -> str:
    """Inline Markdown to safe HTML (raw HTML escaped, dangerous links refused)."""
    return str(full_parser().renderInline(markup))
