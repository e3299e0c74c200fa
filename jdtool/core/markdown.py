"""The one Markdown configuration jdtool parses and renders with.

CommonMark plus GitHub tables and strikethrough; raw HTML is off (it renders as text), and
``typographer`` is off so quotes stay as the author typed them.

Two parsers share these rules. The document model is built from ``block_tree``: markdown-it's
block rules in Rust (``markdown-it-pyrs``), a syntax tree with byte source maps, about ten
times faster than markdown-it-py's token stream on a job description. Inline Markdown (plain
text, HTML, Word runs) and ``fmt`` (mdformat) use markdown-it-py. ``tests/test_parser_seam.py``
checks that both block parsers give the same document model.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import markdown_it_pyrs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Block rules only: inline content stays as one text node whose ``content`` is the inline
# markup (container markers and indentation removed), parsed on demand. Raw HTML is not a
# rule, so it stays text, as in the markdown-it-py configuration below.
_BLOCK_RULES: list[Any] = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list",
                           "paragraph", "reference", "table"]


def _configure(md: MarkdownIt) -> MarkdownIt:
    md.enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\./|\.\./|[^:/?#]*(?:[/?#]|$))", re.I)


def _safe_link(url: str) -> bool:
    """Refuse ``javascript:``, ``data:``, ``vbscript:`` and every other unexpected scheme."""
    return bool(_SAFE_SCHEME.match(url.strip()))


@cache
def _block_tree_parser() -> markdown_it_pyrs.MarkdownIt:
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_BLOCK_RULES)


def block_tree(body: str) -> markdown_it_pyrs.Node:
    """The block structure of ``body``: the tree the document model is built from."""
    return _block_tree_parser().tree(body)


@cache
def block_parser() -> MarkdownIt:
    """markdown-it-py stopping at block level, for ``fmt``'s checks of what it wrote."""
    # A heavy leaf (a third of ``jdtool check``'s imports): loaded only when inline markup
    # or ``fmt`` needs it, so checking or comparing plain prose never pays for it.
    from markdown_it import MarkdownIt

    md = _configure(MarkdownIt("commonmark", {"html": False}))
    md.disable(["inline", "text_join"])
    return md


@cache
def full_parser() -> MarkdownIt:
    """The renderer's parser: the same block rules, with inline parsing."""
    from markdown_it import MarkdownIt  # a heavy leaf: see block_parser

    return _configure(MarkdownIt("commonmark", {"html": False}))


_MARKUP = re.compile(r"[*_`\[\]<\\]|~~|&[#A-Za-z0-9]")
"""What may be inline markup: emphasis, code, links and images, autolinks, escapes,
strikethrough (two tildes) and character references (``&amp;``, ``&#38;``). Anything else
(``&`` between words, ``>``, ``!``, one ``~``) is text to markdown-it, so prose without these
is never parsed: ``tests/test_markdown_plain.py`` checks both ways agree."""


def plain_text(markup: str) -> str:
    """Inline Markdown as the reader sees it: markup removed, whitespace folded."""
    if not _MARKUP.search(markup):
        return " ".join(markup.split())
    return parsed_plain_text(markup)


def parsed_plain_text(markup: str) -> str:
    """``plain_text`` by markdown-it-py's inline parser, whatever ``markup`` holds."""
    parts: list[str] = []
    for token in full_parser().parseInline(markup)[0].children or []:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    return " ".join("".join(parts).split())


def render_inline(markup: str) -> str:
    """Inline Markdown to safe HTML (raw HTML escaped, dangerous links refused)."""
    return str(full_parser().renderInline(markup))
