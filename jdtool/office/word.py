"""The Word building blocks every .docx writer shares: lists, inline runs, tables, properties.

Lists are real Word lists (``w:numPr`` pointing at jdtool's own numbering definitions, one
``w:num`` per Markdown list so each restarts where the source does), headings use the built-in
``Heading n`` styles so the navigation pane and a table of contents work, and inline Markdown
becomes bold, italic, struck-through, code and hyperlink runs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from jdtool.core.facts import key_facts
from jdtool.core.markdown import full_parser
from jdtool.core.schema import Meta
from jdtool.office import house_style
from jdtool.office.xml_text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

DECIMAL_LIST = 9100
BULLET_LIST = 9101
_BULLETS = ("•", "◦", "▪")
_INDENT_STEP = 360
CODE_FONT = "Courier New"

@cache
def _template(style: house_style.HouseStyle) -> bytes:
    """python-docx's template in the house style, without the parts Word rebuilds or that
    describe python-docx.

    ``stylesWithEffects.xml`` (a Word 2010 copy of the styles, 440 kB) is half of the time
    spent opening and saving every document; the thumbnail is a picture of python-docx's
    sample page, which would be a wrong preview of ours.
    """
    document = docx.Document()
    house_style.apply(document, style)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document() -> WordDocument:
    """A blank A4, en-GB document in the house style, with jdtool's list definitions added."""
    document = docx.Document(io.BytesIO(_template(house_style.load())))
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for abstract in (_abstract_list(DECIMAL_LIST, ordered=True),
                     _abstract_list(BULLET_LIST, ordered=False)):
        # The schema wants every w:abstractNum before the first w:num.
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    return document


def _abstract_list(identifier: int, *, ordered: bool) -> Any:
    levels = []
    for level in range(9):
        if ordered:
            fmt, text = "decimal", f"%{level + 1}."
        else:
            fmt, text = "bullet", _BULLETS[level % len(_BULLETS)]
        left = _INDENT_STEP * 2 * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{_INDENT_STEP}"/></w:pPr></w:lvl>')
    kind = "hybridMultilevel"
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{identifier}">'
                     f'<w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>')


def start_list(document: WordDocument, *, ordered: bool, depth: int = 0, start: int = 1) -> int:
    """A new Word list instance (so numbering restarts); returns its ``numId``."""
    numbering = document.part.numbering_part.element
    num = numbering.add_num(DECIMAL_LIST if ordered else BULLET_LIST)
    if ordered:
        override = parse_xml(f'<w:lvlOverride {nsdecls("w")} w:ilvl="{min(depth, 8)}">'
                             f'<w:startOverride w:val="{start}"/></w:lvlOverride>')
        num.append(override)
    return int(num.numId)


def style_id(name: str) -> str:
    """The id of a built-in style of python-docx's template (``List Bullet 2`` -> ``ListBullet2``).

    python-docx looks styles up by name with a linear XPath scan that costs milliseconds each
    time; the template's ids are its names without spaces (a test checks every one we use).
    """
    return name.replace(" ", "")


def list_style(*, ordered: bool, depth: int) -> str:
    base = "List Number" if ordered else "List Bullet"
    return base if depth == 0 else f"{base} {min(depth + 1, 3)}"


def heading_level(level: int) -> int:
    return max(1, min(level, 9))


def text_xml(text: str) -> str:
    return escape(xml_safe(text))


def run_xml(text: str, *, bold: bool = False, italic: bool = False, strike: bool = False,
            code: bool = False, link: bool = False) -> str:
    properties = ""
    if code:
        properties += f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}"/>'
    if bold:
        properties += "<w:b/>"
    if italic:
        properties += "<w:i/>"
    if strike:
        properties += "<w:strike/>"
    if link:
        properties += '<w:color w:val="0563C1"/><w:u w:val="single"/>'
    head = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{head}<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>'


_MARKUP = re.compile(r"[*_`\[\]<>&\\!~]")
_SPACE = re.compile(r"\s+")
_TOGGLES = {"strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"}
def text_width() -> int:
    """Twentieths of a point between the margins of the house style's page."""
    return house_style.load().text_width



class BodyWriter:
    """Builds a document body as WordprocessingML text and adds it in one parse.

    Building elements one by one through python-docx costs far more than the whole export
    may take; the XML here is what python-docx itself would write.
    """

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.parts: list[str] = []

    def paragraph(self, runs: str = "", style: str | None = None, *,
                  numbering: tuple[int, int] | None = None, page_break_before: bool = False,
                  hanging: int = 0) -> None:
        properties = f'<w:pStyle w:val="{style_id(style)}"/>' if style else ""
        if page_break_before:
            properties += "<w:pageBreakBefore/>"
        if numbering is not None:
            num_id, depth = numbering
            properties += (f'<w:numPr><w:ilvl w:val="{min(depth, 8)}"/>'
                           f'<w:numId w:val="{num_id}"/></w:numPr>')
        if hanging:
            properties += f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>'
        head = f"<w:pPr>{properties}</w:pPr>" if properties else ""
        self.parts.append(f"<w:p>{head}{runs}</w:p>")

    def text(self, text: str, style: str | None = None, **options: Any) -> None:
        self.paragraph(run_xml(text) if text else "", style, **options)

    def markup(self, markup: str, style: str | None = None, **options: Any) -> None:
        self.paragraph(self.runs(markup), style, **options)

    def heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        self.text(text, f"Heading {heading_level(level)}", page_break_before=new_page)

    def runs(self, markup: str) -> str:
        """Inline Markdown as formatted runs and hyperlinks (links already made safe)."""
        if not _MARKUP.search(markup):
            return run_xml(_SPACE.sub(" ", markup).strip())
        tokens = full_parser().parseInline(markup)[0].children or []
        bold = italic = strike = 0
        out: list[str] = []
        link = False
        for token in tokens:
            kind = token.type
            if kind in _TOGGLES:
                step = 1 if kind.endswith("_open") else -1
                if kind.startswith("strong"):
                    bold += step
                elif kind.startswith("em"):
                    italic += step
                else:
                    strike += step
            elif kind == "link_open":
                out.append(f'<w:hyperlink r:id="{self._relate(str(token.attrGet("href")))}">')
                link = True
            elif kind == "link_close":
                out.append("</w:hyperlink>")
                link = False
            elif kind == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif kind in ("text", "code_inline", "image", "softbreak"):
                text = " " if kind == "softbreak" else token.content
                out.append(run_xml(text, bold=bold > 0, italic=italic > 0, strike=strike > 0,
                                   code=kind == "code_inline", link=link))
        return "".join(out)

    def _relate(self, url: str) -> str:
        return str(self.document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                                is_external=True))

    def code(self, text: str) -> None:
        runs = "<w:r><w:br/></w:r>".join(
            f'<w:r><w:rPr><w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}"/>'
            f'<w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{text_xml(line)}</w:t></w:r>'
            for line in text.split("\n"))
        self.paragraph(runs, "No Spacing")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], *,
              widths: Sequence[float] = (), markup: bool = True,
              bold_first_column: bool = False) -> None:
        """A ``Table Grid`` table whose heading row repeats on every page."""
        count = len(header)
        shares = list(widths) if len(widths) == count else [1 / count] * count
        twips = [int(text_width() * share) for share in shares]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
        parts = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" '
                 'w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
                 'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
                 f"<w:tblGrid>{grid}</w:tblGrid>",
                 "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
                 *(self._cell(run_xml(text, bold=True), width)
                   for text, width in zip(header, twips, strict=True)), "</w:tr>"]
        for values in rows:
            cells = [*values, *[""] * count][:count]
            parts.append("<w:tr>")
            for index, (value, width) in enumerate(zip(cells, twips, strict=True)):
                if not value:
                    runs = ""
                elif bold_first_column and index == 0:
                    runs = run_xml(value, bold=True)
                else:
                    runs = self.runs(value) if markup else run_xml(value)
                parts.append(self._cell(runs, width))
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.parts.append("".join(parts))

    @staticmethod
    def _cell(runs: str, width: int) -> str:
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f"<w:p>{runs}</w:p></w:tc>")

    def flush(self) -> None:
        """Add everything written so far to the end of the document body."""
        if not self.parts:
            return
        body = self.document.element.body
        anchor = body.sectPr
        for part in self.parts:
            # Each part is parsed as a root declaring its own namespaces: moving an element
            # whose namespaces live on an ancestor into the document costs lxml time
            # quadratic in its size (a 9,800-row table took 23 s; as its own root, 0.1 s).
            element = parse_xml(_ROOT_TAG.sub(rf"\1 {_NAMESPACES}", part, count=1))
            if anchor is not None:
                anchor.addprevious(element)
            else:
                body.append(element)
        self.parts.clear()


_ROOT_TAG = re.compile(r"^(<[\w:]+)")
_NAMESPACES = nsdecls("w", "r")


def add_facts(writer: BodyWriter, meta: Meta | None) -> None:
    """The post's key facts (organisation, reference, grade, salary ...) as a two-column table."""
    facts = key_facts(meta)
    if facts:
        writer.table(("Post details", ""), facts, widths=(0.3, 0.7), markup=False,
                     bold_first_column=True)


def set_properties(document: WordDocument, meta: Meta | None, *, title: str,
                   subject: str) -> None:
    """Title, organisation and reference as document properties Word shows in File > Info."""
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = (meta.organisation if meta else None) or "jdtool"
    properties.last_modified_by = "jdtool"
    properties.comments = ""
    properties.revision = 1
    if meta is not None:
        properties.identifier = meta.ref or ""
        properties.keywords = ", ".join(meta.tags)
        properties.category = "Job pack"
        properties.content_status = str(meta.status)
        when = meta.revised.as_date() if meta.revised else meta.posted
        if when is not None:
            stamp = dt.datetime.combine(when, dt.time(9, 0))
            properties.created = stamp
            properties.modified = stamp
    _set_company(document, (meta.organisation if meta else None) or "")
    set_custom_properties(document, {
        "Organisation": (meta.organisation if meta else None) or "",
        "Reference": (meta.ref if meta else None) or "",
        "Grade": (meta.grade if meta else None) or "",
    })


def _set_company(document: WordDocument, company: str) -> None:
    """Word's ``Company`` property lives in docProps/app.xml, which python-docx leaves alone."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            blob = part.blob.decode("utf-8")
            value = f"<Company>{escape(xml_safe(company))}</Company>"
            blob = re.sub(r"<Company>.*?</Company>|<Company/>", "", blob, flags=re.S)
            blob = blob.replace("</Properties>", value + "</Properties>")
            part._blob = blob.encode("utf-8")  # type: ignore[attr-defined]


_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "custom-properties")
_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def set_custom_properties(document: WordDocument, values: dict[str, str]) -> None:
    """docProps/custom.xml: named text properties (Organisation, Reference ...)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    items = [(name, value) for name, value in values.items() if value]
    if not items:
        return
    entries = "".join(
        f'<property fmtid="{_PROPERTY_FMTID}" pid="{index}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(xml_safe(value))}</vt:lpwstr></property>"
        for index, (name, value) in enumerate(items, start=2))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           f'2006/docPropsVTypes">{entries}</Properties>')
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_TYPE, xml.encode("utf-8"), package)
    package.relate_to(part, _CUSTOM_REL)
