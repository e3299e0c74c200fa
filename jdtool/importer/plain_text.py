"""Plain text (typed, pasted, or extracted from a PDF) -> headings, paragraphs and list items.

The rules are general rather than fitted to any one document:

- page furniture is what repeats at the top or bottom of most pages (digits ignored, so
  "Page 3 of 9" matches "Page 4 of 9"), plus lines that are only a page number;
- a line is a bullet if it starts with a glyph (any symbol or private-use character, or
  ``-``, ``*``, ``o``) and a space, or is a glyph alone with its text on the next line;
  nesting follows indentation, or a change of glyph within one list;
- a heading is short, does not end a sentence, is not the continuation of a wrapped line
  (line geometry: the line before it was not full width), and is capitalised (ALL CAPS,
  Title Case) or a known heading phrase, or stands alone in sentence case;
- wrapped lines are joined into paragraphs unless the line before was short and ended a
  sentence; hyphens at line ends are repaired unless the document itself writes the word
  with a hyphen.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from jdtool.importer.facts import gap_label, label_fact
from jdtool.importer.foreign_markdown import markdown_heading, plain_emphasis
from jdtool.importer.nodes import Node, NodeKind, escape, heading, item, paragraph
from jdtool.importer.report import ImportReport

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st", "\u00a0": " ",
                            "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
                            "\ufeff": ""})

KNOWN_HEADINGS = frozenset("""
about the role|about us|about the post|about the organisation|background|introduction|overview
job purpose|purpose of the job|purpose of the post|purpose of the role|role purpose|main purpose
overall purpose|overall summary|summary|job summary|role summary|context|the role
key tasks and responsibilities|key responsibilities|main responsibilities|responsibilities
main duties|duties|key duties|duties and responsibilities|main duties and responsibilities
key tasks|key accountabilities|accountabilities|key result areas|principal accountabilities
other duties|general|general duties|other requirements|additional information|special conditions
selection criteria|person specification|qualifications|education and qualifications
knowledge|experience|skills|skills and abilities|abilities|personal qualities|attributes
knowledge and experience|skills and knowledge|competencies|values|behaviours
essential|desirable|essential criteria|desirable criteria|how to apply|terms and conditions
working relationships|key relationships|key contacts|scope|dimensions|supervision
reporting arrangements|organisational chart|structure chart|training|equal opportunities
""".replace("\n", "|").strip("|").split("|"))

_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "with", "within", "without", "via", "per", "our", "your", "their", "its",
    "his", "her", "is", "are", "be"
})
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*$")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\b.{0,60}$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_NUMBERED = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})+)\.?|(\d{1,2})[.)]|\((\d{1,2})\))(?:\s+|$)")
_LETTERED = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})\)\s+\S")
_LABEL = re.compile(r"^[A-Z][\w /&'’()-]{1,40}:\s+\S")
PART = re.compile(r"^(?:section|part|appendix|annex|schedule)\s+(?:\d{1,2}|[A-H]|[IVX]{1,4})"
                   r"\b(?!\s*(?:of|and|to|in|on|for)\b)[^.!?]{0,60}$", re.I)
_COLUMN_BULLET = re.compile(r"\s{2,}(?=[•●▪■◦\uf0b7\uf0a7\uf076\uf0d8\uf0fc]\s)")


def is_glyph(character: str) -> bool:
    """A character that PDF extraction leaves as a bullet: a symbol, or private use."""
    category = unicodedata.category(character)
    return category in ("So", "Sm", "Co") or character in "•·∙‣⁃◦–—-*+~>"


@dataclass(slots=True)
class Line:
    text: str
    indent: int
    number: int
    page: int = 0
    strong: bool = False
    ends: bool = False
    """The line ends its paragraph or item (a table row), whatever its length."""


@dataclass(slots=True)
class _Marker:
    """What starts a list item: its glyph (or number) and where its text begins."""

    glyph: str
    number: str | None
    rest: str


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # keeps \t \n \f (and \r)


_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")


def clean(text: str) -> str:
    """Ligatures, odd spaces and control characters that extraction leaves, made plain."""
    text = _SOFT_HYPHEN_BREAK.sub("", text).replace("\u00ad", "")  # soft hyphens are invisible
    return _CONTROL.sub("", text.translate(_LIGATURES))


def text_to_nodes(text: str, report: ImportReport, *, markdown: bool = False) -> list[Node]:
    """Structure a whole text: pages split on form feeds, furniture removed, nodes built.
    ``markdown``: ``#`` lines are headings and ``**`` marks are not text."""
    text = plain_emphasis(text) if markdown else text
    pages = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\f")
    lines: list[list[Line]] = []
    number = 1
    for page_index, page in enumerate(pages):
        page_lines = []
        for raw in page.split("\n"):
            expanded = raw.expandtabs(4)
            stripped = expanded.strip()
            title = markdown_heading(expanded) if markdown else None
            page_lines.append(Line(stripped if title is None else title,
                                   len(expanded) - len(expanded.lstrip()), number, page_index,
                                   strong=title is not None))
            number += 1
        number -= 1
        lines.append(page_lines)
    kept = remove_furniture(lines, report)
    mark_tick_columns(kept, report)
    return lines_to_nodes(kept, report)


_TICK = re.compile(r"(?<=\s\s)(?:[✓✔√✗✘•xX*]|\uf0fc|\uf0fb|\uf050|yes|Yes|YES)(?=\s|$)")
_LETTER = re.compile(r"(?<=\s\s)(?:E|D|Essential|Desirable|ESSENTIAL|DESIRABLE)(?=\s|$)")


_STAGE_COLUMNS = ("Application", "Interview", "Test", "Presentation", "References")


def mark_tick_columns(lines: list[Line], report: ImportReport) -> None:
    """Criteria tables as layout extraction leaves them, under a header line naming
    "Essential" and "Desirable": a tick (or an E/D letter) marks each row, whose criterion
    text may wrap onto the lines below. Each row becomes one line, "criterion E/D stages",
    which the person-specification stage reads like any other criterion."""
    index = 0
    while index < len(lines):
        header = lines[index]
        lowered = header.text.casefold()
        essential, desirable = lowered.find("essential"), lowered.find("desirable")
        if essential < 0 or desirable < 0 or len(header.text.split()) > 10:
            index += 1
            continue
        columns = {"Essential": header.indent + essential, "Desirable": header.indent + desirable}
        for stage in _STAGE_COLUMNS:  # "Application", "Interview": how each row is assessed
            if (found := lowered.find(stage.casefold())) >= 0:
                columns[stage] = header.indent + found
        end, rows = index + 1, 0
        row: tuple[Line, list[str]] | None = None
        while end < len(lines) and not (lines[end].text.casefold().count("essential") and
                                        lines[end].text.casefold().count("desirable")):
            line = lines[end]
            parts = _row_parts(line, columns, report)
            if parts is not None:
                rows += 1
                row = (line, parts)
                _compose(line, parts)
            elif row is not None and line.text[:1].islower() and _marker(line.text) is None:
                # The criterion's text wrapped within its cell.
                row[1][0] = _join(row[1][0], line.text, set())
                _compose(row[0], row[1])
                del lines[end]
                continue
            elif line.text:
                row = None
            end += 1
        if rows:
            report.leave_out(header.text, "table header replaced by the standard criteria header",
                             header.number)
            lines[index] = Line("", 0, header.number, header.page)
        index = end


def _row_parts(line: Line, columns: dict[str, int], report: ImportReport) -> list[str] | None:
    """[criterion, E/D word, rest] of a table row, or None if the line has no mark."""
    match = _TICK.search(line.text)
    letter = _LETTER.search(line.text)
    if letter is not None and (match is None or letter.start() < match.start()):
        if letter.start() < 3:
            return None
        return [line.text[:letter.start()].rstrip(), letter[0], line.text[letter.end():].strip()]
    if match is None or match.start() < 3:
        return None
    ticks = [tick for tick in _TICK.finditer(line.text) if tick.start() >= match.start()]
    marked = [_nearest(columns, line.indent + tick.start()) for tick in ticks]
    importance = [label for label in marked if label in ("Essential", "Desirable")]
    if len(importance) != 1:
        return None
    stages = [label for label in marked if label not in ("Essential", "Desirable")]
    for tick in ticks:
        if tick[0].isalnum():
            report.leave_out(tick[0], "tick in the Essential/Desirable column", line.number)
    report.add(importance[0], "Essential/Desirable column filled from a tick", line.number)
    if stages:
        report.add(" ".join(stages), "Assessed by filled from ticks", line.number)
    rest = line.text[ticks[-1].end():].strip()  # a "How assessed" column's own text
    return [line.text[:match.start()].rstrip(), importance[0],
            ", ".join(part for part in (", ".join(stages), rest) if part)]


def _nearest(columns: dict[str, int], where: int) -> str:
    """The column whose heading stands nearest to a mark at column ``where``."""
    return min(columns, key=lambda name: abs(columns[name] - where))


def _compose(line: Line, parts: list[str]) -> None:
    line.text = " ".join(part for part in parts if part)
    line.ends = True


def remove_furniture(pages: list[list[Line]], report: ImportReport) -> list[Line]:
    """Drop running headers/footers and page numbers; return the remaining lines in order."""
    furniture = _repeated_edge_lines(pages) if len(pages) > 1 else _repeated_lines(pages[0])
    kept: list[Line] = []
    for page in pages:
        edges = _edge_indexes(page)
        # A page break is not a paragraph break: blank lines around furniture go with it.
        while kept and not kept[-1].text:
            kept.pop()
        page_start = len(kept)
        for index, line in enumerate(page):
            if not line.text and len(kept) == page_start and page_start:
                continue
            key = _furniture_key(line.text)
            if line.text and (index in edges or len(pages) == 1) and key in furniture:
                report.leave_out(line.text, "page header or footer repeated on several pages",
                                 line.number)
            elif line.text and _PAGE_NUMBER.match(line.text) and (index in edges
                                                                  or len(pages) == 1):
                report.leave_out(line.text, "page number", line.number)
            else:
                kept.append(line)
    return kept


def _furniture_key(text: str) -> str:
    # Digits vary from page to page ("Page 3 of 9"), and so does the spacing a browser puts
    # between a page title and its address in the running header.
    return _DIGITS.sub("#", " ".join(text.casefold().split()))


def _edge_indexes(page: list[Line], depth: int = 3) -> set[int]:
    filled = [index for index, line in enumerate(page) if line.text]
    return set(filled[:depth] + filled[-depth:])


def _repeated_edge_lines(pages: list[list[Line]]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_furniture_key(page[i].text) for i in _edge_indexes(page)
                       if not _marker(page[i].text)})
    inside: set[str] = set()
    for page in pages:
        edges = _edge_indexes(page)
        inside.update(_furniture_key(line.text) for index, line in enumerate(page)
                      if line.text and index not in edges)
    # Pages with text only: a blank last page (trailing form feed) is not a page.
    real_pages = sum(1 for page in pages if any(line.text for line in page))
    needed = max(2, (real_pages + 1) // 2)
    return {key for key, count in counts.items()
            if count >= needed and len(key) <= 120 and key not in inside}


def _repeated_lines(lines: list[Line]) -> set[str]:
    """Without page breaks: short lines that recur at least three times, far apart."""
    where: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.text and len(line.text) <= 100 and not _marker(line.text):
            where.setdefault(_furniture_key(line.text), []).append(index)
    furniture = set()
    for key, indexes in where.items():
        gaps = [b - a for a, b in itertools.pairwise(indexes)]
        if len(indexes) >= 3 and min(gaps) >= 12 and key.strip(" #") and \
                key.strip(" #").casefold() not in KNOWN_HEADINGS and \
                ("#" in key or sum(_isolated(lines, i) for i in indexes) * 3 >= 2 * len(indexes)):
            furniture.add(key)
    return furniture


def _isolated(lines: list[Line], index: int) -> bool:
    """A line with blank lines (or nothing) on both sides, as running footers stand."""
    before = index == 0 or not lines[index - 1].text
    after = index + 1 >= len(lines) or not lines[index + 1].text
    return before and after


def marker_of(text: str) -> str | None:
    """The list marker (glyph or number) that starts ``text``, if any."""
    marker = _marker(text)
    return None if marker is None or not marker.rest else marker.number or marker.glyph


def _marker(text: str) -> _Marker | None:
    """The list marker at the start of ``text``, if it has one."""
    if match := _NUMBERED.match(text):
        number = match[1] or match[2] or match[3]
        return _Marker("#", number, text[match.end():])
    if _LETTERED.match(text):
        # A lettered sub-item keeps its letter as text: Markdown has no lettered lists.
        return _Marker("(a)", None, text)
    first = text[0]
    rest = text[1:]
    if first == "o" and (rest == "" or rest[:1] in " \t") and (not rest.strip()
                                                                or rest.strip()[0].isalpha()):
        return _Marker("o", None, rest.strip())
    if is_glyph(first) and first not in "(\"'“‘[" and (
            not rest or rest[0] in " \t" or unicodedata.category(first) == "Co"
            or first in "•▪■●◦➢►✓✔"):
        if first in "-–—~>+" and rest.strip()[:1].isdigit() and not rest.startswith(" "):
            return None
        if rest[:1] == first:  # a rule such as "----" or "***"
            return None
        return _Marker(first, None, rest.strip())
    return None


_GLYPH_RANK = {**dict.fromkeys("•●\uf0b7\uf0a8·∙-*–—", 0), **dict.fromkeys("o◦○\uf06f", 1),
               **dict.fromkeys("▪■\uf0a7§\uf0d8\uf076", 2)}


def _rank(glyph: str) -> int:
    return _GLYPH_RANK.get(glyph, 1)


def _base_indent(lines: list[Line]) -> int:
    """The indentation of most lines: the page's left margin."""
    counts = Counter(line.indent for line in lines if line.text)
    return counts.most_common(1)[0][0] if counts else 0


def _text_width(lines: list[Line]) -> int:
    lengths = sorted(len(line.text) + line.indent for line in lines if len(line.text) > 20)
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def _is_capitalised(text: str) -> tuple[bool, bool]:
    """(all capitals, title case) for a line of text."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False, False
    if all(c.isupper() for c in letters):
        return True, True
    significant = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)
                   if w.casefold() not in _SMALL_WORDS]
    title = bool(significant) and all(w[0].isupper() for w in significant)
    return False, title


def heading_shape(text: str) -> bool:
    """Short, no sentence punctuation at the end, no "Label: value" shape."""
    words = text.split()
    if not words or len(words) > 12 or len(text) > 90 or (not text[0].isupper() and \
            not text[0].isdigit()):
        return False
    if text.endswith((".", ",", ";", "!")) or label_fact(text):
        return False
    return words[-1].casefold().strip(":") not in _SMALL_WORDS


def heading_key(text: str) -> str:
    key = re.sub(r"^\d+(?:\.\d+)*\.?\s*", "", text).casefold()
    return re.sub(r"[\s:–—-]+$", "", re.sub(r"\s+", " ", key)).strip()


class _Builder:
    """Walks the kept lines once, building nodes; holds the open paragraph or item."""

    def __init__(self, lines: list[Line], report: ImportReport) -> None:
        self.lines = lines
        self.report = report
        self.width = _text_width(lines)
        self.nodes: list[Node] = []
        self.open: Node | None = None
        self.open_last: Line | None = None
        self.open_text_indent = 0
        self.list_levels: list[tuple[int, str]] = []
        self.hyphenated = self._hyphenated_words()
        self.bridging = False
        """A blank line (a page break) was passed inside an unfinished paragraph."""
        self.lead_in: tuple[int, int] | None = None
        """(indent, depth) of a bullet ending "... will include:" whose sub-items lost
        their glyphs and indentation."""
        self.base = _base_indent(lines)
        # Only where the margin is column 0 (text copied or extracted plainly): in a layout
        # extraction, lines one space in are justification, not a dropped glyph.
        self.lost_glyphs = self.base == 0 and sum(
            self._lost_glyph_start(line, lines[i - 1] if i else None)
            for i, line in enumerate(lines)) >= 2
        self.restored = 0

    def _hyphenated_words(self) -> set[str]:
        found: set[str] = set()
        for line in self.lines:
            found.update(w.casefold() for w in re.findall(r"\w+-\w+", line.text))
        return found

    def build(self) -> list[Node]:
        lines = self.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            previous = lines[index - 1] if index else None
            following = self._next_filled(index)
            if not line.text:
                if self._bridges(following):
                    self.bridging = True
                    index += 1
                    continue
                self._close()
                self.list_levels = [] if following is None or not _marker(following.text) \
                    else self.list_levels
                index += 1
                continue
            marker = _marker(line.text)
            if marker is not None and not marker.rest and following is not None and \
                    not _marker(following.text):
                # A bullet or number alone on its line: its text is on the next line.
                merged = Line(f"{line.text} {following.text}", line.indent, line.number,
                              line.page)
                lines[index] = merged
                del lines[lines.index(following, index + 1)]
                line, marker = merged, _marker(merged.text)
                following = self._next_filled(index)
            if self._leads_in(line, marker):
                self._close()
            if self.lead_in is not None and not self._sub_item(line, marker, previous):
                self.lead_in = None
            if self.lead_in is not None:
                pass
            elif marker is not None and marker.rest and marker.glyph != "#":
                self._item(line, marker)
            elif marker is None and self.lost_glyphs and \
                    self._lost_glyph_start(line, previous) and not self._strong_heading(line):
                self.restored += 1
                self._item(line, _Marker("•", None, line.text))
            elif marker is not None and marker.number is not None and marker.rest:
                self._numbered(line, marker, previous, following)
            elif self._is_heading(line, previous, following):
                self._close()
                self.list_levels = []
                if not self._heading_goes_on(line):
                    self.nodes.append(heading(line.text, line.number))
            elif self._continues(line, previous):
                self._append(line)
            else:
                self._close()
                self.list_levels = []
                self._open(paragraph(line.text, line.number), line, line.indent)
            self.bridging = False
            index += 1
        self._close()
        self._unhead_runs()
        if self.restored:
            self.report.note(f"{self.restored} list items whose bullet glyph was lost in "
                             "extraction (lines indented by one space) restored as bullets")
        return self.nodes

    def _unhead_runs(self) -> None:
        """Four or more short "headings" in a row, none with text of its own, are a block
        of short lines (a form's labels and values, "Anticipated Start Date" / "13-Jun-2022"),
        not that many empty sections: they become paragraphs."""
        nodes, start = self.nodes, 0
        while start < len(nodes):
            end = start
            while end < len(nodes) and nodes[end].kind is NodeKind.HEADING and \
                    len(nodes[end].text.split()) <= 6:
                end += 1
            last = end
            if end < len(nodes) and end > start and len(nodes[end].text.split()) > 10:
                last = end - 1  # the last one has text under it: a real heading
            if last - start >= 4:
                for node in nodes[start:last]:
                    node.kind = NodeKind.PARAGRAPH
            start = max(end, start + 1)
        self._unhead_label_blocks()

    def _unhead_label_blocks(self) -> None:
        """Labels and their values one under the other ("Pay grade" / "GS 11" / "Remote
        job" / "No" ...): eight or more short lines in a row, none a sentence, some taken for
        headings. The headings among them become paragraphs, but for those that name the
        block (``_heads_block``) and a last one with text under it."""
        nodes, start = self.nodes, 0
        while start < len(nodes):
            end = start
            while end < len(nodes) and _short_line(nodes[end]):
                end += 1
            last = end
            if end < len(nodes) and end > start and nodes[end - 1].kind is NodeKind.HEADING:
                last = end - 1
            headings = [n for n in nodes[start:last] if n.kind is NodeKind.HEADING]
            if last - start >= 8 and headings and len(headings) * 2 <= last - start:
                for index in range(start, last):
                    if nodes[index].kind is NodeKind.HEADING and \
                            not _heads_block(nodes, index):
                        nodes[index].kind = NodeKind.PARAGRAPH
            start = max(end, start + 1)

    # --- lost glyphs, lead-ins and page breaks ---------------------------------------------

    def _lost_glyph_start(self, line: Line, previous: Line | None) -> bool:
        """A paragraph starting one space in from the margin: its bullet glyph was dropped
        in extraction, leaving the space that followed it."""
        return bool(line.text) and line.indent == self.base + 1 and \
            (previous is None or not previous.text) and line.text[0].isalnum() and \
            _marker(line.text) is None

    def _strong_heading(self, line: Line) -> bool:
        caps, _ = _is_capitalised(line.text)
        return heading_shape(line.text) and (
            heading_key(line.text) in KNOWN_HEADINGS or (caps and len(line.text.split()) >= 2))

    def _bridges(self, following: Line | None) -> bool:
        """A page break or stray blank line inside a sentence: the paragraph (or bullet)
        ends without terminal punctuation and the next line goes on in lower case."""
        last = self.open_last
        if self.open is None or last is None or last.ends or following is None or \
                _SENTENCE_END.search(last.text) or not following.text[0].islower() or \
                _marker(following.text) is not None:
            return False
        if self.lost_glyphs and following.indent == self.base + 1:
            return False  # the next bullet, its glyph lost
        return following.indent <= max(self.open_text_indent, last.indent)

    def _leads_in(self, line: Line, marker: _Marker | None) -> bool:
        """The open bullet ends with a colon and the next line has neither glyph nor the
        bullet's indentation: the line is its first sub-item, not its continuation."""
        node = self.open
        return node is not None and node.kind is NodeKind.ITEM and \
            node.text.endswith(":") and line.indent < self.open_text_indent - 2 and \
            (marker is None or marker.glyph == "o")

    def _sub_item(self, line: Line, marker: _Marker | None, previous: Line | None) -> bool:
        """Lines after a bullet ending with a colon that lost both glyph and indentation:
        each is a sub-item until a bullet with a glyph (or a heading) comes back."""
        assert self.lead_in is not None
        indent, depth = self.lead_in
        if line.indent >= indent or self._strong_heading(line):
            return False
        if marker is not None and marker.glyph == "o" and marker.rest:
            self._close()
            self._open(item(marker.rest, line.number, depth=depth + 2), line, line.indent)
            self.report.leave_out(marker.glyph, "bullet glyph turned into a list item",
                                  line.number)
            return True
        if marker is not None:
            return False
        if self.open is not None and self.open.kind is NodeKind.ITEM and \
                self.open.depth > depth and self._continues(line, previous) and \
                (line.text[0].islower() or self.open.text.endswith(("-", ","))):
            self._append(line)
            return True
        self._close()
        self._open(item(line.text, line.number, depth=depth + 1), line, line.indent)
        return True

    def _next_filled(self, index: int) -> Line | None:
        for line in self.lines[index + 1:]:
            if line.text:
                return line
        return None

    # --- decisions -----------------------------------------------------------------------

    def _is_heading(self, line: Line, previous: Line | None, following: Line | None) -> bool:
        text = line.text
        if line.ends or not heading_shape(text):
            return False
        key = heading_key(text)
        caps, title = _is_capitalised(text)
        if key in KNOWN_HEADINGS or (caps and len(text.split()) >= 2) or PART.match(text):
            # A known heading, a line in capitals or "Section 2 - ..." is not where wrapped
            # prose ends.
            return True
        if self._wrapped_from(previous) and not line.strong:
            return False
        if line.strong or caps:
            return True
        alone_before = previous is None or not previous.text or self._ends_block(previous)
        alone_after = following is None or following.number > line.number + 1 or \
            _marker(following.text) is not None or following.text[:1].isupper()
        if text.endswith(":"):
            return title and alone_before and len(text.split()) <= 6
        if title and alone_before and alone_after and not self._runs_on(line, following):
            return True
        # Sentence case stands alone: a finished sentence (or nothing) before, a new sentence
        # or list after, short, few words, and no full stop.
        blank_around = (previous is None or not previous.text) and (
            following is None or following.number > line.number + 1)
        return alone_before and alone_after and len(text) < self.width * 0.7 and \
            len(text.split()) <= (9 if blank_around else 6)

    def _heading_goes_on(self, line: Line) -> bool:
        """A heading wrapped onto a second line ("RESEARCH MUSEUM COLLECTION" / "MANAGER -
        FUNGI", or "Supervisory Specialist (Natural" / "Science)"): the line continues the
        heading just above it, which it joins."""
        above = self.nodes[-1] if self.nodes else None
        if above is None or above.kind is not NodeKind.HEADING or above.line != line.number - 1 \
                or above.text.endswith(":") or len(f"{above.text} {line.text}".split()) > 12:
            return False
        unbalanced = above.text.count("(") > above.text.count(")")
        both_caps = _is_capitalised(above.text)[0] and _is_capitalised(line.text)[0]
        known = heading_key(above.text) in KNOWN_HEADINGS or heading_key(line.text) in \
            KNOWN_HEADINGS
        if not (unbalanced or (both_caps and not known)):
            return False
        above.text = f"{above.text} {line.text}"
        above.markup = f"{above.markup} {_escape_rest(line.text)}"
        return True

    def _runs_on(self, line: Line, following: Line | None) -> bool:
        """A long line in Title Case ("The Director (Operations) for Finance and Estates")
        that the next line continues without a break is the start of a sentence."""
        return following is not None and following.number == line.number + 1 and \
            len(line.text.split()) >= 8 and len(line.text) + line.indent >= self.width * 0.65 \
            and _marker(following.text) is None and not _SENTENCE_END.search(line.text)

    def _ends_block(self, line: Line) -> bool:
        node = self.nodes[-1] if self.nodes and self.open is None else None
        if node is not None and node.kind is NodeKind.HEADING:
            return True
        return bool(_SENTENCE_END.search(line.text))

    def _wrapped_from(self, previous: Line | None) -> bool:
        """True if ``previous`` is a full-width line that the next line continues."""
        if previous is None or not previous.text or self.open is None:
            return False
        return len(previous.text) + previous.indent >= self.width * 0.75 and \
            not _SENTENCE_END.search(previous.text)

    def _continues(self, line: Line, previous: Line | None) -> bool:
        if self.open is None or previous is None or (not previous.text and not self.bridging):
            return False
        if self.bridging:
            return True
        last = self.open_last or previous
        if last.ends:
            return False
        if line.text[0].islower() or last.text.endswith(("-", ",", "(", "/", "&")):
            return True
        if self.open.kind is NodeKind.ITEM:
            if line.indent > 0 and line.indent >= self.open_text_indent:
                return True
            return len(last.text) + last.indent >= self.width * 0.75 and \
                not _SENTENCE_END.search(last.text)
        if _SENTENCE_END.search(last.text) and \
                len(last.text) + last.indent < self.width * 0.75:
            return False
        if len(last.text) + last.indent < self.width * 0.6 and not line.text[0].islower():
            return False  # the line before ended well short of the margin: a deliberate break
        return label_fact(line.text) is None

    # --- building ------------------------------------------------------------------------

    def _item(self, line: Line, marker: _Marker) -> None:
        self._close()
        depth = self._depth(line.indent, marker.glyph)
        node = item(marker.rest, line.number, depth=depth)
        if marker.glyph == "o":
            self.report.leave_out(marker.glyph, "bullet glyph turned into a list item",
                                  line.number)
        self._open(node, line, line.indent + 2)

    def _numbered(self, line: Line, marker: _Marker, previous: Line | None,
                  following: Line | None) -> None:
        rest = marker.rest
        next_numbered = following is not None and _marker(following.text) is not None and \
            _marker(following.text).number is not None  # type: ignore[union-attr]
        if heading_shape(rest) and not next_numbered and \
                (any(_is_capitalised(rest)) or heading_key(rest) in KNOWN_HEADINGS) and \
                not self._wrapped_from(previous) and len(rest) < self.width * 0.6:
            self._close()
            self.list_levels = []
            level = 3 if marker.number and "." in marker.number else 2
            self.nodes.append(heading(line.text, line.number, level=level))
            return
        self._close()
        number = marker.number
        if number is not None and "." in number:
            node = paragraph(rest, line.number, number=number)
        else:
            depth = self._depth(line.indent, "#")
            node = item(rest, line.number, depth=depth, number=number)
        self._open(node, line, line.indent + len(number or "") + 2)

    def _last_item_leads_in(self) -> bool:
        last = self.nodes[-1] if self.nodes else None
        return last is not None and last.kind is NodeKind.ITEM and last.text.endswith(":")

    def _depth(self, indent: int, glyph: str) -> int:
        levels = self.list_levels
        while levels and indent < levels[-1][0]:
            levels.pop()
        if not levels:
            levels.append((indent, glyph))
            return 0
        top_indent, top_glyph = levels[-1]
        if indent > top_indent:
            levels.append((indent, glyph))
        elif glyph != top_glyph:
            known = [i for i, (_, g) in enumerate(levels) if g == glyph]
            if known:
                del levels[known[-1] + 1:]
            elif glyph == "(a)" or (top_glyph == "#" and self._last_item_leads_in()):
                # (a), (b) under a numbered paragraph, or bullets after "... including:"
                levels.append((indent, glyph))
            elif "#" in (glyph, top_glyph):
                levels[-1] = (indent, glyph)  # numbers and bullets side by side: one level
            elif _rank(glyph) < _rank(top_glyph):
                # Word's default sequence is "•", then "o", then "▪": an outer glyph after
                # an inner one climbs back out even when indentation was lost.
                while len(levels) > 1 and _rank(levels[-1][1]) > _rank(glyph):
                    levels.pop()
                levels[-1] = (indent, glyph)
            else:
                levels.append((indent, glyph))
        return len(levels) - 1

    def _open(self, node: Node, line: Line, text_indent: int) -> None:
        self.open = node
        self.open_last = line
        self.open_text_indent = text_indent

    def _append(self, line: Line) -> None:
        assert self.open is not None
        node = self.open
        split = re.search(r"(\w+)-$", node.text)
        if self.bridging and split and (second := re.match(r"[a-zß-ÿ]{2}\w*", line.text)):
            # Word accounting joins a line-end hyphen only across one line break; say that
            # this word, split across a page break, was joined.
            self.report.leave_out(f"{split[1]}- {second[0]}", "a word split by a page break "
                                  "(rejoined in the text)", line.number)
            self.report.add(f"{split[1]}{second[0]}", "a word split by a page break, rejoined",
                            line.number)
        joined = _join(node.text, line.text, self.hyphenated)
        node.text = joined
        node.markup = _join(node.markup, _escape_rest(line.text), self.hyphenated)
        self.open_last = line

    def _close(self) -> None:
        node = self.open
        if node is not None:
            self.nodes.append(node)
            if node.kind is NodeKind.ITEM and node.text.endswith(":") and \
                    self.lead_in is None and self.open_last is not None:
                self.lead_in = (self.open_text_indent - 2, node.depth)
        self.open = None
        self.open_last = None


def _heads_block(nodes: list[Node], index: int) -> bool:
    """A known heading ("How to apply"), or a Title Case heading of three words or more
    ("Posting Detail Information"), none a number: it names the block rather than being
    one of its labels ("Pay grade") or values ("Jan Smith")."""
    text = nodes[index].text
    return heading_key(text) in KNOWN_HEADINGS or (
        _is_capitalised(text)[1] and len(text.split()) >= 3 and not re.search(r"\d", text))


def _short_line(node: Node) -> bool:
    """A node that could be a form's label or value: a few words, not a sentence."""
    return node.kind in (NodeKind.HEADING, NodeKind.PARAGRAPH) and node.number is None and \
        len(node.text.split()) <= 6 and not _SENTENCE_END.search(node.text)


def _escape_rest(text: str) -> str:
    # A continuation line is mid-paragraph, so line-start markers need no escaping.
    return escape("x" + text)[1:]


def _join(left: str, right: str, hyphenated: set[str]) -> str:
    match = re.search(r"(\w+)-$", left)
    if match and re.match(r"[a-zß-ÿ]{2}", right) and not left.endswith(" -"):
        first = match[1]
        second = re.match(r"\w+", right)
        whole = f"{first}-{second[0]}".casefold() if second else ""
        if whole in hyphenated or first[0].isdigit() or first.casefold() in _KEEP_HYPHEN:
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


_KEEP_HYPHEN = frozenset({
    "self", "well", "non", "co", "ex", "part", "full", "cross", "long", "short", "high",
    "low", "one", "two", "three", "four", "five", "six", "seven", "ten", "year", "day",
    "time", "face", "front"
})


_HEADING_TAIL = re.compile(r"^([a-z][\w’'-]*(?: [a-z][\w’'-]*)?) {2,}([a-z]\S*(?: \S+){2,})$")
_INLINE_O = re.compile(r"(?<=[.;!?])\s+(?=o\s+[A-Z])")


def _rejoin_heading(split: list[Line], line: Line, report: ImportReport) -> bool:
    """A short heading whose last word a page break pushed onto the next line, in front of
    the first bullet ("Staff" / "management  leading and managing..."): rejoin the heading,
    and give the bullet back the glyph it lost."""
    match = _HEADING_TAIL.match(line.text)
    above = next((earlier for earlier in reversed(split) if earlier.text), None)
    if match is None or above is None or len(above.text.split()) > 3 or \
            not above.text[:1].isupper() or _SENTENCE_END.search(above.text):
        return False
    report.note(f"heading '{above.text} {match[1]}' was split across lines; rejoined",
                above.number)
    above.text = f"{above.text} {match[1]}"
    split.append(Line("• " + " ".join(match[2].split()), line.indent, line.number, line.page,
                      line.strong))
    return True


_KEY_VALUE = re.compile(r"^(?P<key>[A-Z][\w/&'’()-]*(?: [\w/&'’()?-]+){0,4}) {3,}"
                        r"(?P<value>[^\s•●▪■◦].*)$")


def _key_value(line: Line, table: bool) -> str | None:
    """A row of a two-column "field   value" table as layout extraction leaves it, written
    "Field: value": a known label, or (where the text has several such rows) any short
    capitalised field name set apart by a wide gap."""
    labelled = gap_label(line.text)
    if labelled is not None or not table:
        return labelled
    match = _KEY_VALUE.match(line.text)
    if match is None or _SENTENCE_END.search(match["key"]) or \
            heading_key(match["key"]) in KNOWN_HEADINGS or \
            (match["key"].isupper() and match["value"].isupper()):
        return None  # (a header row of field names, "WORKING TITLE      SALARY")
    return f"{match['key']}: {' '.join(match['value'].split())}"


def lines_to_nodes(lines: list[Line], report: ImportReport) -> list[Node]:
    """Build nodes from lines whose furniture is already gone."""
    split: list[Line] = []
    table = sum(1 for line in lines if _KEY_VALUE.match(line.text)) >= 3
    for line in lines:
        if line.text and _rejoin_heading(split, line, report):
            continue
        if line.text and (labelled := _key_value(line, table)) is not None:
            # A row ends where it stands, unless its value visibly runs on ("... talent-").
            line = Line(labelled, line.indent, line.number, line.page, line.strong,
                        not labelled.endswith(("-", ",", "/")))
        # Two bullets side by side (two-column layout) become two lines.
        # ... and a sub-item run into the item above it ("... Officer. o Responsibility").
        parts = [piece for part in _COLUMN_BULLET.split(line.text) for piece in
                 _INLINE_O.split(part)] if line.text else [line.text]
        for position, part in enumerate(parts):
            indent = line.indent if position == 0 else line.indent + 1
            split.append(Line(" ".join(part.split()), indent, line.number, line.page,
                              line.strong, line.ends))
    return _Builder(split, report).build()
