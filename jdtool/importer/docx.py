"""Word (.docx) -> nodes, read with python-docx: Word's own heading styles, list numbering
(bullets vs numbers, nesting by level), tables and bold runs carry the structure.

Every ``w:t`` of the body is read (hyperlinks, fields, text boxes and tracked insertions
included; tracked deletions are not text), and list numbers are counted as Word shows them,
so the words accounted for are the words a reader of the document sees. Page headers and
footers are page furniture and are not read.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdtool.core.problems import READ_ERROR, JdtoolError, Problem
from jdtool.importer.html import inline_markup
from jdtool.importer.nodes import Cell, Node, escape, heading, item, paragraph, table
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
    from docx.document import Document

MAX_BYTES = 50 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE = re.compile(r"^(?:heading\s*(\d)|title|subtitle)$", re.I)


@dataclass(slots=True)
class DocxResult:
    nodes: list[Node]
    source_text: str
    furniture: list[str] = field(default_factory=list)
    """Lines of the page headers and footers: not imported, but read for facts."""


@dataclass(slots=True)
class _Numbering:
    """Word's list definitions, and the running counters Word keeps while it numbers."""

    formats: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)
    """(numId, level) -> (numFmt, start)."""
    counters: dict[tuple[str, int], int] = field(default_factory=dict)

    def next_number(self, num_id: str, level: int) -> tuple[bool, int]:
        fmt, start = self.formats.get((num_id, level), ("bullet", 1))
        key = (num_id, level)
        number = self.counters.get(key, start - 1) + 1
        self.counters[key] = number
        for other in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[other]  # a deeper list restarts under each new item
        return fmt not in ("bullet", "none"), number


def docx_nodes(path: Path, report: ImportReport) -> DocxResult:
    """The document's nodes and the text a reader sees; one-line errors for bad files."""
    document = _open(path)
    numbering = _numbering(document)
    styles = _style_info(document)
    nodes: list[Node] = []
    source: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            _paragraph(child, styles, numbering, nodes, source, report)
        elif child.tag == f"{_W}tbl":
            _table(child, nodes, source)
        elif child.tag == f"{_W}sdt":  # a content control wrapping paragraphs
            for inner in child.iter(f"{_W}p"):
                _paragraph(inner, styles, numbering, nodes, source, report)
    return DocxResult(nodes, "\n\n".join(source), _headers_and_footers(document))


def _headers_and_footers(document: Document) -> list[str]:
    lines: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            try:
                if part.is_linked_to_previous:
                    continue
                element = part._element  # the part's XML: text boxes and tables included
            except (AttributeError, KeyError, ValueError):
                continue
            for line_element in element.iter(f"{_W}p"):
                text = "".join(piece for piece, _ in _pieces(line_element)).strip()
                lines.extend(line.strip() for line in re.split(r"\t|\n|\s{3,}", text)
                             if line.strip())
    return lines


def _open(path: Path) -> Document:
    import docx

    try:
        size = path.stat().st_size
    except OSError as error:
        _fail(path, f"cannot read file: {error.strerror or error}")
    if size > MAX_BYTES:
        _fail(path, f"file is too large ({size / 1_048_576:.1f} MB)")
    if not zipfile.is_zipfile(path):
        _fail(path, "not a Word .docx file (a .doc? save it as .docx first)")
    try:
        return docx.Document(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as error:
        _fail(path, f"not a readable Word document ({type(error).__name__})")
    raise AssertionError("unreachable")


def _fail(path: Path, message: str) -> None:
    raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR, message))


@dataclass(slots=True)
class _Style:
    heading_level: int | None
    num_id: str | None
    num_level: int


def _style_info(document: Document) -> dict[str, _Style]:
    """Per style id: its heading level and list numbering, following ``basedOn``."""
    elements = {str(s.get(f"{_W}styleId")): s
                for s in document.styles.element.iter(f"{_W}style")}
    info: dict[str, _Style] = {}

    def resolve(style_id: str, depth: int = 0) -> _Style:
        if style_id in info:
            return info[style_id]
        element = elements.get(style_id)
        if element is None or depth > 10:
            return _Style(None, None, 0)
        name_element = element.find(f"{_W}name")
        name = str(name_element.get(f"{_W}val")) if name_element is not None else style_id
        based = element.find(f"{_W}basedOn")
        parent = resolve(str(based.get(f"{_W}val")), depth + 1) if based is not None else \
            _Style(None, None, 0)
        level = parent.heading_level
        if match := _HEADING_STYLE.match(name):
            level = int(match[1]) if match[1] else (1 if name.lower() == "title" else 2)
        outline = element.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None and level is None:
            value = str(outline.get(f"{_W}val"))
            level = int(value) + 1 if value.isdigit() and int(value) < 9 else None
        num_id, num_level = parent.num_id, parent.num_level
        num = element.find(f"{_W}pPr/{_W}numPr")
        if num is not None:
            num_id, num_level = _num_pr(num, num_id, num_level)
        info[style_id] = _Style(level, num_id, num_level)
        return info[style_id]

    for style_id in elements:
        resolve(style_id)
    return info


def _num_pr(num: Any, num_id: str | None, level: int) -> tuple[str | None, int]:
    id_element = num.find(f"{_W}numId")
    level_element = num.find(f"{_W}ilvl")
    if id_element is not None:
        num_id = str(id_element.get(f"{_W}val"))
    if level_element is not None and str(level_element.get(f"{_W}val")).isdigit():
        level = int(str(level_element.get(f"{_W}val")))
    return num_id, level


def _numbering(document: Document) -> _Numbering:
    result = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return result
    abstract: dict[str, dict[int, tuple[str, int]]] = {}
    for definition in root.iter(f"{_W}abstractNum"):
        levels: dict[int, tuple[str, int]] = {}
        for lvl in definition.iter(f"{_W}lvl"):
            index = str(lvl.get(f"{_W}ilvl"))
            fmt = lvl.find(f"{_W}numFmt")
            start = lvl.find(f"{_W}start")
            start_value = str(start.get(f"{_W}val")) if start is not None else "1"
            if index.isdigit():
                levels[int(index)] = (str(fmt.get(f"{_W}val")) if fmt is not None else "bullet",
                                      int(start_value) if start_value.isdigit() else 1)
        abstract[str(definition.get(f"{_W}abstractNumId"))] = levels
    for num in root.iter(f"{_W}num"):
        link = num.find(f"{_W}abstractNumId")
        if link is None:
            continue
        for level, value in abstract.get(str(link.get(f"{_W}val")), {}).items():
            result.formats[(str(num.get(f"{_W}numId")), level)] = value
    return result


def _pieces(element: Any) -> list[tuple[str, bool]]:
    """(text, bold) for every run inside ``element``, breaks as "\\n"."""
    pieces: list[tuple[str, bool]] = []
    # A text box is stored twice (for new and old Word); read only the first copy.
    has_fallback = next(element.iter(f"{_MC}Fallback"), None) is not None
    for run in element.iter(f"{_W}r"):
        if has_fallback and any(a.tag == f"{_MC}Fallback" for a in run.iterancestors()):
            continue
        bold_element = run.find(f"{_W}rPr/{_W}b")
        bold = bold_element is not None and \
            str(bold_element.get(f"{_W}val", "true")).lower() not in ("0", "false", "off")
        for part in run:
            tag = part.tag
            if tag == f"{_W}t":
                pieces.append((part.text or "", bold))
            elif tag == f"{_W}tab":
                pieces.append(("\t", bold))
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append(("\n", False))
            elif tag == f"{_W}noBreakHyphen":
                pieces.append(("-", bold))
    return pieces


def _paragraph(element: Any, styles: dict[str, _Style], numbering: _Numbering,
               nodes: list[Node], source: list[str], report: ImportReport) -> None:
    pieces = _pieces(element)
    text = "".join(piece for piece, _ in pieces)
    if not text.strip():
        return
    style_element = element.find(f"{_W}pPr/{_W}pStyle")
    style = styles.get(str(style_element.get(f"{_W}val")), _Style(None, None, 0)) \
        if style_element is not None else _Style(None, None, 0)
    num_id, level = style.num_id, style.num_level
    own = element.find(f"{_W}pPr/{_W}numPr")
    if own is not None:
        num_id, level = _num_pr(own, num_id, level)
    plain = " ".join(text.split())
    markup = _markup(pieces)
    if style.heading_level is not None and "\n" not in text.strip():
        source.append(text)
        nodes.append(heading(plain, level=2 if style.heading_level <= 2 else 3, markup=markup))
        return
    if num_id is not None and num_id != "0":
        ordered, number = numbering.next_number(num_id, level)
        source.append(f"{number}. {text}" if ordered else text)
        nodes.append(item(plain, depth=level, number=str(number) if ordered else None,
                          markup=markup))
        return
    source.append(text)
    lines = [line for line in text.split("\n") if line.strip()]
    bold = all(b for piece, b in pieces if piece.strip())
    if len(lines) == 1 and (bold or heading_key(plain) in KNOWN_HEADINGS) and \
            heading_shape(plain) and not re.match(r"^\W", plain):
        nodes.append(heading(plain))
    elif len(lines) == 1 and not _starts_with_marker(plain):
        nodes.append(paragraph(plain, markup=markup))
    else:
        # Bullets typed by hand, or lines broken with Shift+Enter: structure them as text.
        nodes.extend(lines_to_nodes([Line(line.strip(), 0, 0) for line in lines], report))


def _starts_with_marker(text: str) -> bool:
    return marker_of(text) is not None


def _markup(pieces: list[tuple[str, bool]]) -> str:
    return inline_markup([(" " if text == "\n" else text, escape(" " if text == "\n" else text),
                           bold) for text, bold in pieces])


def _table(element: Any, nodes: list[Node], source: list[str]) -> None:
    rows: list[list[Cell]] = []
    for row in element.iter(f"{_W}tr"):
        if row.getparent() is not element:
            continue  # a nested table's rows are read with their cell
        cells = []
        for cell in row.iter(f"{_W}tc"):
            if cell.getparent() is not row:
                continue
            paragraphs = [_pieces(p) for p in cell.iter(f"{_W}p")
                          if not any(a.tag == f"{_W}p" for a in p.iterancestors())]
            text = " ".join(" ".join("".join(t for t, _ in pieces).split())
                            for pieces in paragraphs).strip()
            source.append(" ".join("".join(t for t, _ in pieces) for pieces in paragraphs))
            markup = " ".join(_markup(pieces) for pieces in paragraphs if pieces).strip()
            parts = tuple((" ".join("".join(t for t, _ in pieces).split()), _markup(pieces))
                          for pieces in paragraphs if "".join(t for t, _ in pieces).strip())
            cells.append(Cell(text, markup, parts))
        if any(cell.text for cell in cells):
            rows.append(cells)
    if rows:
        nodes.append(table(rows))
