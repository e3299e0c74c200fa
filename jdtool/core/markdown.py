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
from collections.abc import Callable
from functools import cache, lru_cache
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


_ENTITY = re.compile(r"&[#A-Za-z0-9]")


def _may_hold_markup(text: str) -> bool:
    """Whether ``text`` may hold inline markup: emphasis, code, links and images, autolinks,
    escapes, strikethrough (two tildes) or a character reference (``&amp;``, ``&#38;``).

    Anything else (``&`` between words, ``>``, ``!``, one ``~``) is text to markdown-it, so
    prose without these is never parsed: ``tests/test_markdown_plain.py`` checks both ways
    agree. One ``in`` per character (each a C scan) is several times faster than a regex
    with alternatives over every block of every document."""
    return ("*" in text or "_" in text or "`" in text or "[" in text or "]" in text
            or "<" in text or "\\" in text or "~~" in text
            or ("&" in text and _ENTITY.search(text) is not None))


def plain_text(markup: str) -> str:
    """Inline Markdown as the reader sees it: markup removed, whitespace folded."""
    if _may_hold_markup(markup):
        return parsed_plain_text(markup)
    return " ".join(markup.split())


_MARKUP_CHARACTERS = "*_`[]<\\~&"
"""Every character ``_may_hold_markup`` looks for."""
_ODD_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII white space ``str.split`` folds, but the space and the line break."""


def plain_text_in(source: str) -> Callable[[str], str]:
    """``plain_text`` for the markup a block parser cut out of ``source``, made cheaper by what
    ``source`` as a whole lacks.

    Each piece of inline markup in a block tree is lines of ``source`` with their container
    markers and indentation taken off, joined by line breaks, so it holds no character
    ``source`` lacks (a NUL becomes U+FFFD, which is neither markup nor space). One scan of
    the whole body replaces two per block: with no markup character in it, no block is
    parsed; with no run of spaces and no odd white space in it, an ASCII block of one line
    that neither starts nor ends with a space is already folded. ``tests/test_markdown_plain.py``
    holds this to ``plain_text`` on generated text."""
    markup = any(character in source for character in _MARKUP_CHARACTERS)
    single = "  " not in source and not any(character in source for character in _ODD_SPACE)
    if markup and not single:
        return plain_text

    def plain(text: str) -> str:
        if markup and _may_hold_markup(text):
            return parsed_plain_text(text)
        if single and text.isascii() and "\n" not in text and text[:1] != " " \
                and text[-1:] != " ":
            return text
        return " ".join(text.split())

    return plain


@lru_cache(maxsize=4096)
def parsed_plain_text(markup: str) -> str:
    """``plain_text`` by markdown-it-py's inline parser, whatever ``markup`` holds.

    Cached (a pure function of one string): the same headings and lines come back in every
    document of a tree and in every revision of a history, and each parse costs tens of
    microseconds of markdown-it-py, against well under one for a look-up."""
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
