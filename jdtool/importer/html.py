"""HTML (a saved web page or blog post, or Word converted by mammoth) -> nodes.

The page's furniture is found by general signs: ``nav``/``aside``/``footer``/``form``
elements, ARIA roles, and id or class names that mean comments, sharing, navigation,
sidebars, or post details. The job description is the largest ``article``/``main`` (or
content-named) element left. A chatty introduction that ends with a colon ("here is the
latest job description:-") before the first heading is the page author's, not the job
description's. Everything left out is reported with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.importer.facts import LABELS
from jdtool.importer.nodes import (
    Cell,
    Node,
    NodeKind,
    escape,
    heading,
    item,
    paragraph,
    shown_text,
    table,
)
from jdtool.importer.plain_text import (
    KNOWN_HEADINGS,
    Line,
    heading_key,
    heading_shape,
    lines_to_nodes,
    marker_of,
)
from jdtool.importer.report import ImportReport

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_SILENT = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
           "head", "meta", "link")
_FURNITURE_TAGS = {"nav": "navigation", "aside": "sidebar", "form": "form",
                   "button": "buttons", "footer": "page or post footer",
                   "header": "page header", "menu": "navigation", "select": "form"}
_ROLES = {"navigation": "navigation", "banner": "page header", "contentinfo": "page footer",
          "complementary": "sidebar", "search": "search box"}
_FURNITURE_NAMES = [
    ("comment thread", re.compile(r"comment|disqus|respond|repl(?:y|ies)|discussion", re.I)),
    ("share buttons", re.compile(r"shar(?:e|ing)|social|addthis|facebook|twitter|tweet|"
                                 r"linkedin|whatsapp|email-?this|print-?this", re.I)),
    ("navigation", re.compile(r"\bnav|menu|breadcrumb|pagination|pager|skip-?link|"
                              r"(?:older|newer|prev|next)-?posts?", re.I)),
    ("sidebar", re.compile(r"sidebar|widget|related|recommend|popular|archive|blogroll|"
                           r"tag-?cloud|subscribe|newsletter|follow|advert|\bads?\b|promo", re.I)),
    ("page header or footer", re.compile(r"footer|masthead|site-?header|banner|copyright|"
                                         r"cookie|consent|site-?title|branding|blog-?title", re.I)),
    ("post details (author, date, labels)", re.compile(
        r"byline|post-?meta|entry-?meta|date-?header|post-?date|timestamp|dateline|"
        r"post-?labels|post-?author|post-?info|entry-?footer|tags?-?links", re.I)),
]
_CONTENT_NAMES = re.compile(r"entry-?content|post-?body|post-?content|article-?body|"
                            r"article-?content|main-?content|\bcontent\b|story|\bpost\b", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "li", "table", "h1", "h2",
           "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "figure",
           "figcaption", "address", "hr", "body", "center", "header", "footer", "nav",
           "aside", "details", "summary", "fieldset", "tr", "td", "th", "thead", "tbody"}
_COMMENTS_START = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies)\b|^leave\s+a\s+(?:reply|comment)|"
    r"^post\s+a\s+comment|^(?:\d+|one|two|three)\s+thoughts?\s+on\b|^join\s+the\s+discussion",
    re.I)
_COMMENTS_STRICT = re.compile(
    r"^\d+\s+(?:comments?|responses?|replies)\b|^leave\s+a\s+(?:reply|comment)|"
    r"^post\s+a\s+comment|^(?:\d+|one|two|three)\s+thoughts?\s+on\b", re.I)
_POST_DETAILS = re.compile(
    r"^(?:posted\s+(?:by|on|in|at)\b|share\s+this|labels?:|tags?:|filed\s+under|"
    r"categor(?:y|ies):|email\s+this|like\s+this|related(?:\s+posts)?:?$)", re.I)
_INTRO_END = re.compile(r"(?::-?|:\s*[-–—]+|…:?)\s*$")


@dataclass(slots=True)
class HtmlResult:
    nodes: list[Node]
    source_text: str
    title_hint: str = ""
    intro: list[str] = field(default_factory=list)


def parse_html(markup: str) -> BeautifulSoup:
    from bs4 import BeautifulSoup

    # lxml (installed with python-docx) parses several times faster than html.parser.
    return BeautifulSoup(markup, "lxml")


def html_to_nodes(markup: str, report: ImportReport, *, whole_page_is_content: bool = False) \
        -> HtmlResult:
    """Nodes of the job description in an HTML page, and the text counted as the input."""
    soup = parse_html(markup)
    title_hint = _title_hint(soup)
    for element in soup.find_all(_SILENT):
        element.decompose()
    body = soup.body or soup
    source_text = _visible_text(body)
    if not whole_page_is_content:
        _drop_furniture(body, report)
        root = _content_root(body)
        if root is not body:
            root.replace_with(" ")  # taken out; the words around it stay apart
            outside = _reader_text(body)
            report.leave_out(outside, "outside the main content of the page")
    else:
        root = body
    walker = _Walker(report)
    walker.block(root, 0)
    walker.flush()
    nodes = walker.nodes
    intro: list[str] = []
    if not whole_page_is_content:
        nodes, intro = drop_intro(nodes, report)
        nodes = drop_comment_thread(nodes, report)
    return HtmlResult(nodes, source_text, title_hint, intro)


def _title_hint(soup: BeautifulSoup) -> str:
    tag = soup.find("meta", attrs={"property": "og:title"})
    if tag is not None and tag.get("content"):
        return str(tag["content"]).strip()
    return soup.title.get_text(" ", strip=True) if soup.title else ""


def _text_of(element: Tag, parts: list[str], skip: tuple[str, ...] = ()) -> None:
    from bs4.element import NavigableString, Tag

    for child in element.children:
        if isinstance(child, Tag):
            if child.name in skip:
                parts.append("\n\n")
                continue
            # A line break may end a hyphenated line; a block never continues a word.
            gap = "\n\n" if child.name in _BLOCKS else "\n" if child.name == "br" else ""
            parts.append(gap)
            if child.name == "li" and element.name == "ol":
                parts.append(f"{_item_number(element, child)}. ")  # as the reader sees it
            _text_of(child, parts, skip)
            parts.append(gap)
        elif type(child) is NavigableString:
            parts.append(str(child))


def _reader_text(element: Tag) -> str:
    """The element's text on one line, blocks apart and inline runs together."""
    parts: list[str] = []
    _text_of(element, parts)
    return " ".join("".join(parts).split())


def _item_number(ordered: Tag, item: Tag) -> int:
    given = str(ordered.get("start") or "1")
    start = int(given) if given.isdigit() else 1
    return start + sum(1 for _ in item.find_previous_siblings("li"))


def _visible_text(element: Tag) -> str:
    """The element's text as a reader sees it: blocks apart, inline runs together, and the
    numbers of ordered list items."""
    text: list[str] = []
    _text_of(element, text)
    return "".join(text)


def _furniture_reason(element: Tag) -> str | None:
    name = element.name or ""
    if name in ("header", "footer") and element.find_parent(["article", "main"]) is not None:
        return None if name == "header" else "post footer"
    if name in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[name]
    role = str(element.get("role") or "").casefold()
    if role in _ROLES:
        return _ROLES[role]
    names = _names(element)
    if not names.strip() or name in ("body", "html"):
        return None
    for reason, pattern in _FURNITURE_NAMES:
        if pattern.search(names):
            return reason
    return None


def _link_list(element: Tag) -> bool:
    """Outside an article, a block that is nothing but links is navigation."""
    if element.name not in ("p", "div", "ul", "ol", "section", "span") or \
            element.find_parent(["article", "main"]) is not None:
        return False
    links = element.find_all("a")
    text = element.get_text(" ", strip=True)
    linked = sum(len(link.get_text(" ", strip=True)) for link in links)
    return len(links) >= 2 and bool(text) and linked >= 0.8 * len(re.sub(r"[\s|·•/-]", "", text))


def _drop_furniture(body: Tag, report: ImportReport) -> None:
    for element in list(body.find_all(True)):
        if element.parent is None or element.decomposed:
            continue  # already removed with an ancestor
        reason = _furniture_reason(element) or ("navigation" if _link_list(element) else None)
        if reason is None or _holds_content(element):
            continue
        report.leave_out(_reader_text(element), reason)
        element.replace_with(" ")  # the words on either side stay apart
        element.decompose()


def _names(element: Tag) -> str:
    classes: object = element.get("class") or []
    listed = classes if isinstance(classes, list) else [str(classes)]
    return " ".join([str(element.get("id") or ""), *map(str, listed)])


def _holds_content(element: Tag) -> bool:
    """A page-wide wrapper named "main-nav-layout" must not take the article with it."""
    if element.name in ("nav", "aside", "footer"):
        return False
    if element.find(["article", "main"]) is not None:
        return True
    return any(_CONTENT_NAMES.search(_names(inner)) and _furniture_reason(inner) is None
               for inner in element.find_all(True))


def _content_root(body: Tag) -> Tag:
    candidates: list[Tag] = list(body.find_all(["article", "main"]))
    if not candidates:
        candidates = [tag for tag in body.find_all(["div", "section"])
                      if _CONTENT_NAMES.search(_names(tag))]
    if not candidates:
        return body
    best = max(candidates, key=lambda tag: len(tag.get_text(" ", strip=True)))
    total = len(body.get_text(" ", strip=True)) or 1
    # A tiny "article" (a teaser) is not the page's content.
    return best if len(best.get_text(" ", strip=True)) >= 0.3 * total else body


def drop_intro(nodes: list[Node], report: ImportReport) -> tuple[list[Node], list[str]]:
    """Leave out the page author's lead-in: everything up to a short run of opening
    paragraphs whose last one ends with a colon ("... the latest job description:-")."""
    end = None
    for index, node in enumerate(nodes[:6]):
        if node.kind not in (NodeKind.PARAGRAPH, NodeKind.HEADING):
            break
        if node.kind is NodeKind.PARAGRAPH and _INTRO_END.search(node.text) and \
                node.text.rstrip(": ").casefold() not in LABELS and \
                index + 1 < len(nodes) and nodes[index + 1].kind is not NodeKind.ITEM:
            end = index
    if end is None:
        return nodes, []
    intro = nodes[:end + 1]
    for node in intro:
        report.leave_out(shown_text(node),
                         "the page author's introduction before the job description",
                         node.line)
    return nodes[end + 1:], [node.text for node in intro]


def drop_comment_thread(nodes: list[Node], report: ImportReport, *, strict: bool = False) \
        -> list[Node]:
    """A comment thread or post details that carry no class names, found by their words.

    ``strict`` (for plain text, where "Comments" may be an ordinary heading) needs a count
    ("3 comments:") or an invitation ("Leave a reply")."""
    pattern = _COMMENTS_STRICT if strict else _COMMENTS_START
    for index, node in enumerate(nodes):
        if index and node.kind in (NodeKind.HEADING, NodeKind.PARAGRAPH) and \
                len(node.text) < 60 and pattern.search(node.text):
            for dropped in nodes[index:]:
                report.leave_out(shown_text(dropped), "comment thread", dropped.line)
            nodes = nodes[:index]
            break
    while nodes and nodes[-1].kind in (NodeKind.PARAGRAPH, NodeKind.HEADING) and \
            _POST_DETAILS.search(nodes[-1].text):
        report.leave_out(nodes[-1].text, "post details (author, date, labels)", nodes[-1].line)
        nodes = nodes[:-1]
    return nodes


class _Walker:
    """Walks block elements in order, turning each into nodes."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.nodes: list[Node] = []
        self.pieces: list[tuple[str, str, bool]] = []
        """Pending inline content: (text, markup, bold) with "\\n" for a line break."""

    def block(self, element: Tag, depth: int) -> None:
        from bs4.element import NavigableString, Tag

        for child in element.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration",
                                            "ProcessingInstruction", "CData"):
                    continue
                self._inline_text(str(child), bold=False)
            elif isinstance(child, Tag):
                name = child.name
                if name not in _BLOCKS and name != "br":
                    self._inline(child, bold=False)
                elif name == "br":
                    self.pieces.append(("\n", "\n", False))
                else:
                    self.flush()
                    self._block_element(child, depth)

    def _block_element(self, child: Tag, depth: int) -> None:
        name = child.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text, markup = _inline_of(child)
            if text:
                self.nodes.append(heading(text, level=2 if name in ("h1", "h2") else 3,
                                          markup=markup))
        elif name in ("ul", "ol"):
            self._list(child, depth)
        elif name == "table":
            self._table(child)
        elif name == "dl":
            self._definitions(child, depth)
        elif name == "pre":
            parts: list[str] = []
            _text_of(child, parts)
            lines = [Line(text.strip(), len(text) - len(text.lstrip()), 0)
                     for text in "".join(parts).split("\n")]
            self.nodes.extend(lines_to_nodes(lines, self.report))
        elif name == "hr":
            return
        else:
            self.block(child, depth)
            self.flush()

    def _list(self, element: Tag, depth: int) -> None:
        from bs4 import Tag

        ordered = element.name == "ol"
        start = str(element.get("start") or "1")
        number = int(start) if start.isdigit() else 1
        for child in element.children:
            if not isinstance(child, Tag):
                if type(child).__name__ == "NavigableString" and str(child).strip():
                    self._inline_text(str(child), bold=False)  # text loose in a list
                continue
            if child.name not in _BLOCKS and child.name != "br":
                self._inline(child, bold=False)
                continue
            self.flush()
            if child.name in ("ul", "ol"):
                self._list(child, depth + 1)
                continue
            if child.name != "li":
                self._block_element(child, depth)
                self.flush()
                continue
            inner = _Walker(self.report)
            for grandchild in child.children:
                if isinstance(grandchild, Tag) and grandchild.name in ("ul", "ol"):
                    inner.flush()
                    inner.nodes.append(Node(NodeKind.ITEM, "", "", depth=-1))  # nested marker
                    inner._list(grandchild, depth + 1)
                elif isinstance(grandchild, Tag) and grandchild.name in _BLOCKS:
                    inner.flush()
                    inner._block_element(grandchild, depth)
                elif isinstance(grandchild, Tag):
                    inner._inline(grandchild, bold=False)
                elif type(grandchild).__name__ == "NavigableString":
                    inner._inline_text(str(grandchild), bold=False)
            inner.flush()
            self._add_item(inner.nodes, depth, str(number) if ordered else None)
            number += 1
        self.flush()

    def _add_item(self, inner: list[Node], depth: int, number: str | None) -> None:
        """The item's own text is its first paragraphs; nested lists follow as deeper items."""
        own: list[Node] = []
        rest: list[Node] = []
        for node in inner:
            if rest or (node.kind is NodeKind.ITEM):
                rest.append(node)
            else:
                own.append(node)
        text = " ".join(node.text for node in own if node.kind is not NodeKind.TABLE)
        markup = " ".join(node.markup for node in own if node.kind is not NodeKind.TABLE)
        self.nodes.append(item(text, depth=depth, number=number, markup=markup))
        self.nodes.extend(n for n in own if n.kind is NodeKind.TABLE)
        self.nodes.extend(n for n in rest if n.depth >= 0)

    def _definitions(self, element: Tag, depth: int) -> None:
        """A definition list of facts ("Salary" / "£30,000") reads as "Salary: £30,000"."""
        from bs4.element import Tag

        term: tuple[str, str] | None = None
        for child in element.children:
            if not isinstance(child, Tag):
                if type(child).__name__ == "NavigableString":
                    self._inline_text(str(child), bold=False)
                continue
            if child.name not in ("dt", "dd"):
                if child.name in _BLOCKS:
                    self.flush()
                    self._block_element(child, depth)
                else:
                    self._inline(child, bold=False)
                continue
            self.flush()
            text, markup = _inline_of(child)
            if child.name == "dt":
                if term is not None:
                    self.nodes.append(paragraph(term[0], markup=term[1]))
                term = (text, markup) if text else None
            elif child.name == "dd" and term is not None and text:
                self.nodes.append(paragraph(f"{term[0]}: {text}", markup=f"{term[1]}: {markup}"))
                term = None
            elif text:
                if term is not None:
                    self.nodes.append(paragraph(term[0], markup=term[1]))
                    term = None
                self.nodes.append(paragraph(text, markup=markup))
        self.flush()
        if term is not None:
            self.nodes.append(paragraph(term[0], markup=term[1]))

    def _table(self, element: Tag) -> None:
        rows: list[list[Cell]] = []
        for row in element.find_all("tr"):
            if row.find_parent("table") is not element:
                continue
            cells = [_cell_of(cell) for cell in row.find_all(["td", "th"])
                     if cell.find_parent("tr") is row]
            if any(cell.text for cell in cells):
                rows.append(cells)
        loose = [_cell_of(cell) for cell in element.find_all(["td", "th"])
                 if cell.find_parent("table") is element and cell.find_parent("tr") is None]
        if any(cell.text for cell in loose):
            rows.append(loose)  # cells outside any row (broken HTML) make one row
        if rows:
            self.nodes.append(table(rows))
        # Text loose in a table (outside any cell) is still the reader's text.
        stray: list[str] = []
        _text_of(element, stray, skip=("td", "th", "table"))
        for line in "".join(stray).split("\n"):
            if line.strip():
                self._inline_text(line, bold=False)
                self.flush()
        for inner in element.find_all("table"):
            cell = inner.find_parent(["td", "th"])
            if cell is None or not any(parent is element for parent in cell.parents):
                self._table(inner)

    def _inline(self, element: Tag, bold: bool) -> None:
        from bs4.element import NavigableString, Tag

        strong = bold or element.name in ("strong", "b")
        for child in element.children:
            if isinstance(child, NavigableString):
                self._inline_text(str(child), strong)
            elif isinstance(child, Tag):
                if child.name == "br":
                    self.pieces.append(("\n", "\n", False))
                elif child.name in _BLOCKS:
                    self.flush()
                    self._block_element(child, 0)
                else:
                    self._inline(child, strong)

    def _inline_text(self, text: str, bold: bool) -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", text)
        if text:
            self.pieces.append((text, escape(text), bold))

    def flush(self) -> None:
        if not self.pieces:
            return
        pieces, self.pieces = self.pieces, []
        lines: list[list[tuple[str, str, bool]]] = [[]]
        for piece in pieces:
            if piece[0] == "\n":
                lines.append([])
            else:
                lines[-1].append(piece)
        filled = [line for line in lines if "".join(p[0] for p in line).strip()]
        if not filled:
            return
        if len(filled) == 1:
            text = " ".join("".join(p[0] for p in filled[0]).split())
            if marker_of(text) is not None:
                # A bullet or number typed into the text ("•\tLead the team", "2. Manage").
                self.nodes.extend(lines_to_nodes([Line(text, 0, 0)], self.report))
            else:
                self.nodes.append(_single_line(filled[0]))
            return
        text_lines = []
        for pieces_of_line in lines:
            text = " ".join("".join(p[0] for p in pieces_of_line).split())
            strong = bool(text) and all(p[2] for p in pieces_of_line if p[0].strip())
            text_lines.append(Line(text, 0, 0, strong=strong))
        self.nodes.extend(lines_to_nodes(text_lines, self.report))


def _single_line(pieces: list[tuple[str, str, bool]]) -> Node:
    text = " ".join("".join(p[0] for p in pieces).split())
    markup = inline_markup(pieces)
    all_bold = all(p[2] for p in pieces if p[0].strip())
    if (all_bold or heading_key(text) in KNOWN_HEADINGS) and heading_shape(text):
        return heading(text)
    return paragraph(text, markup=markup)


def inline_markup(pieces: list[tuple[str, str, bool]]) -> str:
    """(text, escaped markup, bold) pieces as one line of Markdown with **bold** runs."""
    runs: list[tuple[str, bool]] = []
    for _, markup, strong in pieces:
        if runs and runs[-1][1] == strong:
            runs[-1] = (runs[-1][0] + markup, strong)
        else:
            runs.append((markup, strong))
    out: list[str] = []
    for index, (joined, bold) in enumerate(runs):
        after = runs[index + 1][0][:1] if index + 1 < len(runs) else ""
        before = out[-1][-1:] if out else ""
        if bold and _can_embolden(joined, before, after):
            lead = joined[: len(joined) - len(joined.lstrip())]
            trail = joined[len(joined.rstrip()):]
            out.append(f"{lead}**{joined.strip()}**{trail}")
        else:
            out.append(joined)
    return " ".join("".join(out).split())


def _can_embolden(run: str, before: str, after: str) -> bool:
    """Whether ``**run**`` is emphasis in Markdown: a run with a letter or digit whose
    delimiters flank it (punctuation at its edge must not touch a word outside: in
    "1**-1**" the asterisks are literal)."""
    inner = run.strip()
    if not any(c.isalnum() for c in inner):
        return False
    if run[:1].isspace():
        before = " "
    if run[-1:].isspace():
        after = " "
    opens = inner[0].isalnum() or not before.isalnum()
    closes = inner[-1].isalnum() or not after.isalnum()
    return opens and closes


def _cell_of(element: Tag) -> Cell:
    walker = _Walker(ImportReport(Path("-")))
    walker.block(element, 0)
    walker.flush()
    text, markup = _inline_of(element)
    parts = tuple((f"{node.number}. {node.text}" if node.number else node.text,
                   escape(f"{node.number}. ") + node.markup if node.number else node.markup)
                  for node in walker.nodes if node.kind is not NodeKind.TABLE and node.text)
    return Cell(text, markup, parts)


def _inline_of(element: Tag) -> tuple[str, str]:
    """Text and markup of everything inside ``element``, blocks included, on one line."""
    walker = _Walker(ImportReport(Path("-")))
    walker.block(element, 0)
    walker.flush()
    def number(node: Node) -> str:
        return f"{node.number}. " if node.number else ""

    text = " ".join(" ".join(number(node) + node.text for node in walker.nodes).split())
    markup = " ".join(" ".join(escape(number(node)) + node.markup
                               if node.kind is not NodeKind.TABLE else escape(node.text)
                               for node in walker.nodes).split())
    return text, markup
