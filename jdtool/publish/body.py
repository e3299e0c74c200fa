"""A document's section tree as safe HTML: headings, numbered paragraphs, nested lists, tables.

Renders from the parsed model (never re-parses the file). Criteria become a real table with
column headers; section anchors are prefixed with the document kind so that the documents of
one pack can share a page.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from jdtool.core.markdown import render_inline
from jdtool.core.model import Block, BlockKind, Document, Section

_NEEDS_MARKDOWN = re.compile(r"[*_`\[\]<>&\\!~\n]")
"""Characters that may start inline Markdown; with links written out (``needs_markdown``)."""
_LIST_KINDS = (BlockKind.BULLET, BlockKind.NUMBERED)
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A telephone number as people write them: +44 or 0, then digits in groups (10 to 13 digits).
_PHONE = re.compile(r"(?<![\w/.-])(?:\+\d{2}[ ]?(?:\(0\)[ ]?)?|0)\d(?:[ -]?\d){8,11}(?![\w/-])")


def inline(markup: str) -> str:
    """Inline Markdown to HTML; plain text (the common case) skips the Markdown parser."""
    if not needs_markdown(markup):
        return markup  # it holds no "&", "<" or ">" (needs_markdown looks for them): as is
    html = render_inline(markup)
    # Images would make the pages fetch from wherever they point: show their text instead.
    return _IMAGE.sub(r"\1", html) if "<img" in html else html


def needs_markdown(markup: str) -> bool:
    """Whether ``markup`` may hold inline Markdown (or a bare link to make a link of).

    One character class and three substring tests: an alternation in the regular
    expression made it twice as slow, and every paragraph of every page asks.
    """
    return bool(_NEEDS_MARKDOWN.search(markup)) or "http:" in markup \
        or "https:" in markup or "www." in markup


def contact_links(text: str) -> Markup:
    """Plain text with its e-mail addresses as ``mailto:`` and phone numbers as ``tel:`` links,
    so that an applicant on a phone can write or call with one tap."""
    out: list[str] = []
    last = 0
    found = sorted([*_EMAIL.finditer(text), *_PHONE.finditer(text)], key=lambda m: m.start())
    for match in found:
        if match.start() < last:
            continue
        value = match.group()
        href = f"mailto:{value}" if "@" in value else "tel:" + re.sub(r"[^\d+]", "",
                                                                       value.replace("(0)", ""))
        out += [escape(text[last:match.start()], quote=False),
                f'<a href="{escape(href)}">{escape(value, quote=False)}</a>']
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return Markup("".join(out))


def document_html(document: Document, heading_level: int = 2, title: str = "") -> Markup:
    """The body of ``document`` with its top sections at ``<h{heading_level}>``.

    A first section headed like the document itself (``## How to apply`` in the "How to
    apply" document) gives its content without repeating the heading: one heading per idea.
    """
    prefix = str(document.kind or "doc")
    out: list[str] = []
    _blocks(document.body.blocks, out)
    children = list(document.body.children)
    if title and children and same_heading(children[0].heading, title):
        _blocks(children[0].blocks, out)
        children[:1] = children[0].children
    for child in children:
        _section(child, prefix, heading_level, out)
    return Markup("".join(out))


def same_heading(first: str, second: str) -> bool:
    """Whether two headings say the same (the one the page then shows only once)."""
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def _section(section: Section, prefix: str, level: int, out: list[str]) -> None:
    tag = f"h{min(level, 6)}"
    out.append(f'<section aria-labelledby="{prefix}-{section.anchor}">'
               f'<{tag} id="{prefix}-{section.anchor}">{inline(section.markup)}</{tag}>')
    _blocks(section.blocks, out)
    for child in section.children:
        _section(child, prefix, level + 1, out)
    out.append("</section>")


def _blocks(blocks: list[Block], out: list[str]) -> None:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        end = index + 1
        if block.kind in _LIST_KINDS and block.group:
            # A nested list has its own group number but belongs inside this one: take
            # every deeper block, and this list's own items, until the list ends.
            while end < len(blocks) and (blocks[end].depth > 0 or (
                    blocks[end].group == block.group and blocks[end].kind in _LIST_KINDS)):
                end += 1
            _list(blocks[index:end], out)
        elif block.kind in (BlockKind.ROW, BlockKind.CRITERION, BlockKind.QUOTE):
            while end < len(blocks) and blocks[end].group == block.group \
                    and blocks[end].kind is block.kind:
                end += 1
            {BlockKind.ROW: _table, BlockKind.CRITERION: _criteria,
             BlockKind.QUOTE: _quote}[block.kind](blocks[index:end], out)
        else:
            _single(block, out)
        index = end


def _single(block: Block, out: list[str]) -> None:
    if block.kind is BlockKind.CODE:
        out.append(f"<pre><code>{escape(block.markup, quote=False)}</code></pre>")
    elif block.kind is BlockKind.NUMBERED:
        out.append(f'<p class="numbered"><span class="number">{escape(block.number or "")}'
                   f"</span> {inline(block.markup)}</p>")
    else:
        out.append(f"<p>{inline(block.markup)}</p>")


def _list(blocks: list[Block], out: list[str]) -> None:
    open_lists: list[tuple[str, int]] = []  # (tag, depth), innermost last; each has an open <li>
    for block in blocks:
        if block.kind not in _LIST_KINDS:
            if block.kind is BlockKind.CODE:
                out.append(f"<pre><code>{escape(block.markup, quote=False)}</code></pre>")
            else:
                out.append(f"<p>{inline(block.markup)}</p>")
            continue
        tag = "ol" if block.kind is BlockKind.NUMBERED else "ul"
        while open_lists and (open_lists[-1][1] > block.depth or (
                open_lists[-1][1] == block.depth and open_lists[-1][0] != tag)):
            out.append(f"</li></{open_lists.pop()[0]}>")
        if open_lists and open_lists[-1][1] == block.depth:
            out.append("</li>")
        else:
            start = block.number if tag == "ol" and block.number not in (None, "1") else None
            out.append(f'<ol start="{escape(start)}">' if start else f"<{tag}>")
            open_lists.append((tag, block.depth))
        text = inline(block.markup).replace("\n\n", "</p><p>") if "\n\n" in block.markup \
            else inline(block.markup)
        out.append(f"<li>{text}")
    while open_lists:
        out.append(f"</li></{open_lists.pop()[0]}>")


def _table(rows: list[Block], out: list[str]) -> None:
    # A wide table scrolls inside its frame, which keyboard users must be able to reach.
    out.append('<div class="table-wrap" role="region" tabindex="0" aria-label="Table">'
               "<table>")
    head = [row for row in rows if row.header]
    if head:
        out.append("<thead>")
        for row in head:
            cells = "".join(f'<th scope="col">{inline(cell)}</th>' for cell in row.cells)
            out.append(f"<tr>{cells}</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for row in rows:
        if not row.header:
            out.append("<tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in row.cells)
                       + "</tr>")
    out.append("</tbody></table></div>")


def _criteria(rows: list[Block], out: list[str]) -> None:
    group = rows[0].criterion.group if rows[0].criterion else ""
    caption = f"<caption>{escape(group)} criteria</caption>" if group else ""
    out.append(f'<div class="table-wrap"><table class="criteria">{caption}<thead><tr>'
               '<th scope="col">Criterion</th><th scope="col">Essential or desirable</th>'
               '<th scope="col">Assessed by</th></tr></thead><tbody>')
    for row in rows:
        criterion = row.criterion
        importance = str(criterion.importance).capitalize() \
            if criterion and criterion.importance else ""
        stages = ", ".join(stage.capitalize() for stage in criterion.assessed_by) \
            if criterion else ""
        # data-label: on a phone each row is a card, and each value says what it is.
        out.append(f'<tr><td>{inline(row.markup)}</td>'
                   f'<td class="importance {importance.lower()}" '
                   f'data-label="Essential or desirable">{importance}</td>'
                   f'<td data-label="Assessed by">{escape(stages)}</td></tr>')
    out.append("</tbody></table></div>")


def _quote(blocks: list[Block], out: list[str]) -> None:
    out.append("<blockquote>" + "".join(f"<p>{inline(b.markup)}</p>" for b in blocks)
               + "</blockquote>")
