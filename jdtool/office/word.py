"""The Word building blocks every .docx writer shares: lists, inline runs, tables, properties.

Lists are real Word lists (``w:numPr`` pointing at jdtool's own numbering definitions, one
``w:num`` per Markdown list so each restarts where the source does), headings use the built-in
``Heading n`` styles so the navigation pane and a table of contents work, and inline Markdown
becomes bold, italic, struck-through, code and hyperlink runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from jdtool.markdown import full_parser
from jdtool.schema import Kind, Meta

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table

DECIMAL_LIST = 9100
BULLET_LIST = 9101
_BULLETS = ("•", "◦", "▪")
_INDENT_STEP = 360
CODE_FONT = "Courier New"

KIND_LABELS = {
    Kind.PACK: "Introduction",
    Kind.BRIEF: "Job brief",
    Kind.DESCRIPTION: "Job description",
    Kind.PERSON_SPEC: "Person specification",
    Kind.APPLY: "How to apply",
}


def new_document() -> WordDocument:
    """A blank document from python-docx's template, with jdtool's list definitions added."""
    document = docx.Document()
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


def add_paragraph(document: WordDocument, style: str | None = None,
                  text: str = "") -> Paragraph:
    paragraph = document.add_paragraph()
    if style is not None:
        paragraph._p.style = style_id(style)
    if text:
        paragraph.add_run(xml_safe(text))
    return paragraph


def add_heading(document: WordDocument, text: str, level: int, *,
                new_page: bool = False) -> Paragraph:
    paragraph = add_paragraph(document, f"Heading {heading_level(level)}", text)
    if new_page:
        paragraph.paragraph_format.page_break_before = True
    return paragraph


def list_style(*, ordered: bool, depth: int) -> str:
    base = "List Number" if ordered else "List Bullet"
    return base if depth == 0 else f"{base} {min(depth + 1, 3)}"


def set_list_item(paragraph: Paragraph, num_id: int, depth: int) -> None:
    """Make ``paragraph`` an item of list ``num_id`` at ``depth`` (0 = top level)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.get_or_add_numPr().get_or_add_ilvl().val = min(depth, 8)
    properties.get_or_add_numPr().get_or_add_numId().val = num_id


def heading_level(level: int) -> int:
    return max(1, min(level, 9))


def add_markup(paragraph: Paragraph, markup: str) -> None:
    """Append inline Markdown to ``paragraph`` as formatted runs (and hyperlinks)."""
    tokens = full_parser().parseInline(markup)[0].children or []
    bold = italic = strike = 0
    target = paragraph._p
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
            target = _hyperlink(paragraph, str(token.attrGet("href") or ""))
        elif kind == "link_close":
            target = paragraph._p
        elif kind == "hardbreak":
            target.append(parse_xml(f'<w:r {nsdecls("w")}><w:br/></w:r>'))
        elif kind in ("text", "code_inline", "image", "softbreak"):
            text = " " if kind == "softbreak" else token.content
            target.append(_run_xml(text, bold=bold > 0, italic=italic > 0, strike=strike > 0,
                                   code=kind == "code_inline", link=target is not paragraph._p))


_TOGGLES = {"strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"}


def _run_xml(text: str, *, bold: bool = False, italic: bool = False, strike: bool = False,
             code: bool = False, link: bool = False) -> Any:
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
    return parse_xml(f'<w:r {nsdecls("w")}>{head}'
                     f'<w:t xml:space="preserve">{escape(xml_safe(text))}</w:t></w:r>')


_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\ufffe\uffff]")
_CONTROL_SPACE = re.compile("[\x0b\x0c\x1c-\x1f]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (vertical tab and form
    feed, which separate words, become spaces)."""
    return _CONTROL.sub("", _CONTROL_SPACE.sub(" ", text))


def _hyperlink(paragraph: Paragraph, url: str) -> Any:
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), relationship)
    paragraph._p.append(element)
    return element


def add_code(document: WordDocument, text: str) -> None:
    paragraph = add_paragraph(document, "No Spacing")
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.add_run().add_break()
        run = paragraph.add_run(xml_safe(line))
        run.font.name = CODE_FONT
        run.font.size = Pt(9)


def add_table(document: WordDocument, header: Sequence[str],
              rows: Iterable[Sequence[str]], *, markup: bool = True) -> Table:
    """A ``Table Grid`` table whose first row repeats on every page."""
    body = list(rows)
    table = document.add_table(rows=1 + len(body), cols=len(header))
    table._tbl.tblPr.style = style_id("Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold = True
    mark_header_row(table)
    for row, values in zip(table.rows[1:], body, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            if markup:
                add_markup(cell.paragraphs[0], value)
            else:
                cell.paragraphs[0].add_run(xml_safe(value))
    return cast("Table", table)


def mark_header_row(table: Table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def add_facts(document: WordDocument, meta: Meta | None) -> None:
    """The post's key facts (organisation, reference, grade, salary ...) as a two-column table."""
    facts = key_facts(meta)
    if facts:
        table = add_table(document, ("Post details", ""), facts, markup=False)
        for row in table.rows[1:]:
            row.cells[0].paragraphs[0].runs[0].bold = True


def key_facts(meta: Meta | None) -> list[tuple[str, str]]:
    if meta is None:
        return []
    pairs = [
        ("Organisation", meta.organisation or ""),
        ("Reference", meta.ref or ""),
        ("Grade", meta.grade or ""),
        ("Salary", meta.salary_text()),
        ("Location", meta.location or ""),
        ("Reports to", meta.reports_to or ""),
        ("Responsible for", meta.responsible_for_text()),
        ("Term", meta.term or ""),
        ("Hours", meta.hours or ""),
        ("Employment type", str(meta.employment_type or "").replace("-", " ").capitalize()),
        ("Closing date", _when(meta.closing)),
        ("Interview date", _when(meta.interview)),
        ("Contact", meta.contact_text()),
    ]
    return [(name, value) for name, value in pairs if value]


def _when(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y}, {value:%H:%M}"
    return f"{value.day} {value:%B %Y}"


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
