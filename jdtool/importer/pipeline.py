"""One import from start to finish: read each file, structure it, render, account, write."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jdtool.core.documents import inherit, parse_document
from jdtool.core.files import read_regular_file, read_source, write_atomically
from jdtool.core.model import Document
from jdtool.core.packs import KIND_ORDER, PACK_FILE
from jdtool.core.parser import slugify
from jdtool.core.problems import (
    OUTPUT_CLASH,
    UNSUPPORTED_FILE,
    WRITE_ERROR,
    JdtoolError,
    Problem,
)
from jdtool.importer.chrome import drop_site_chrome
from jdtool.importer.facts import label_fact, resolve, sentence_facts
from jdtool.importer.foreign_markdown import MARKDOWN_SUFFIXES, own_front_matter
from jdtool.importer.nodes import Node
from jdtool.importer.plain_text import clean, text_to_nodes
from jdtool.importer.postings import split_postings
from jdtool.importer.repair import repair_text
from jdtool.importer.report import ImportReport, words
from jdtool.importer.structure import ORGANISATION, ImportedPack, structure
from jdtool.importer.writer import OutputFile, check_targets, render_pack, write_files

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


@dataclass(slots=True)
class ImportResult:
    files: list[OutputFile]
    reports: list[ImportReport]
    missing: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Read:
    nodes: list[Node]
    source_text: str
    hints: dict[str, str]
    page_title: str = ""


def read_nodes(path: Path, report: ImportReport) -> _Read:
    """Nodes of one input file, by its type (suffix, or its first bytes)."""
    kind = _file_type(path)
    if kind == "pdf":
        from jdtool.importer.pdf import pdf_text

        text = repair_text(clean(pdf_text(path)), report)
        return _Read(drop_site_chrome(text_to_nodes(text, report), report), text, {})
    if kind == "docx":
        from jdtool.importer.docx import docx_nodes

        read = docx_nodes(path, report)
        return _Read(read.nodes, read.source_text, _furniture_hints(read.furniture))

    text = _read_html(path, report) if kind == "html" else read_source(path)
    if kind == "html":
        from jdtool.importer.html import html_to_nodes

        result = html_to_nodes(text, report)
        return _Read(result.nodes, result.source_text, _intro_hints(result.intro, report),
                     result.title_hint)
    from jdtool.importer.html import drop_comment_thread, drop_intro

    cleaned = repair_text(clean(text), report)  # text copied out of a PDF has its damage
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    body, own = own_front_matter(cleaned, path, report) if markdown or \
        cleaned.startswith(("---\n", "+++\n")) else (cleaned, {})
    nodes = text_to_nodes(body, report, markdown=markdown or bool(own))
    nodes = drop_comment_thread(drop_site_chrome(nodes, report), report, strict=True)
    nodes, intro = drop_intro(nodes, report)
    return _Read(nodes, cleaned, {**_own_hints(own, report), **_intro_hints(intro, report)})


def _own_hints(own: dict[str, str], report: ImportReport) -> dict[str, str]:
    """A page's own front matter as facts: known fields resolved (a date that does not
    resolve is kept under ``extra``, and noted), the rest under ``extra``."""
    hints: dict[str, str] = {}
    for name, raw in own.items():
        if name.startswith("extra."):
            hints[name] = raw
            continue
        value, problem = resolve(name, raw, declared=True)
        if value is not None:
            hints[name] = value
        else:
            report.note(f"front matter {name}: {problem}; kept under extra")
            hints[f"extra.{name}"] = raw
    return hints


def _read_html(path: Path, report: ImportReport) -> str:
    """A saved page in its declared encoding (windows-1252 pages are common), else UTF-8."""

    try:
        return read_source(path)
    except JdtoolError as error:
        if "not valid UTF-8" not in str(error):
            raise
        from bs4 import UnicodeDammit

        dammit = UnicodeDammit(path.read_bytes(), is_html=True)
        if dammit.unicode_markup is None or dammit.original_encoding in (None, "utf-8"):
            raise
        report.note(f"read as {dammit.original_encoding}, not UTF-8")
        return str(dammit.unicode_markup).replace("\r\n", "\n")


def _file_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".doc", ".odt", ".rtf", ".pages", ".wpd"):
        # Refuses a FIFO, a device or a folder (whatever its name) before any reader opens it.
        head = read_regular_file(path, 0, first=512)
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".docx", ".docm"):
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".doc", ".odt", ".rtf", ".pages", ".wpd"):
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, UNSUPPORTED_FILE, f"{suffix} files cannot be imported; save the file as "
            ".docx, PDF or plain text first"))
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if re.match(rb"\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)", head, re.I):
        return "html"
    return "text"


def _furniture_hints(lines: list[str]) -> dict[str, str]:
    """Facts in Word's page headers and footers ("Ref: NWU/24/3", "Updated June 2021")."""
    hints: dict[str, str] = {}
    for line in lines:
        if ORGANISATION.search(line) and ":" not in line and len(line.split()) <= 8:
            hints.setdefault("organisation", line)
        found = label_fact(line)
        for name, raw in ([found] if found else []) + sentence_facts(line):
            value, _ = resolve(name, raw)
            if value is not None:
                hints.setdefault(name, value)
    return hints


def _intro_hints(intro: list[str], report: ImportReport) -> dict[str, str]:
    """Facts stated in a page author's introduction ("revised in March 2018")."""
    hints: dict[str, str] = {}
    for text in intro:
        for name, raw in sentence_facts(text):
            value, problem = resolve(name, raw)
            if value is not None:
                hints.setdefault(name, value)
            else:
                report.note(f"{name}: {problem}; not guessed")
    return hints


def import_files(paths: list[Path], out: Path, pack: str | None = None) -> ImportResult:
    """Import ``paths``: one pack each, or all into ``pack`` if given. Nothing is written."""
    reports: list[ImportReport] = []
    packs: list[tuple[Path, ImportedPack]] = []
    source = ""
    for path in paths:
        report = ImportReport(path)
        read = read_nodes(path, report)
        report.input_words = sum(words(read.source_text).values())
        source += "\n" + read.source_text
        postings = split_postings(read.nodes, report)
        for nodes in postings:
            hints = read.hints if len(postings) == 1 else {}
            packs.append((path, structure(nodes, report, hints, read.page_title)))
        reports.append(report)
    files: list[OutputFile] = []
    if pack is not None:
        merged = _merge([p for _, p in packs])
        files = render_pack(merged, out, _slug(pack, paths[0]))
    else:
        for path, imported in packs:
            files.extend(render_pack(imported, out, _slug(imported.facts.values.get("title"),
                                                          path)))
    _check_unique(files)
    files = [_canonical(file, reports[0]) for file in files]
    result = ImportResult(files, reports)
    _account(result, source)
    return result


@dataclass(slots=True)
class ImportedDocuments:
    """One file imported in memory: what kind of file it was, and its documents parsed."""

    file_type: str
    """``text``, ``pdf``, ``docx`` or ``html``."""
    documents: list[Document]
    """In pack order (``pack`` first); each with its pack's fields inherited, its ``path``
    the input file's and its ``origin`` the file's type."""
    report: ImportReport


def read_documents(path: Path) -> ImportedDocuments:
    """Import one file without writing anything: the documents ``jdtool import`` would
    write, parsed as they would be read back. ``JdtoolError`` if it cannot be imported."""
    file_type = _file_type(path)
    result = import_files([path], Path(f"{path.name}.imported"))
    parsed = [parse_document(file.text, file.path) for file in result.files]
    pack = next((d for d in parsed if d.path.name == PACK_FILE and len(parsed) > 1), None)
    if pack is not None:
        inherit(pack, None)
    for document in parsed:
        inherit(document, pack if document is not pack else None)
        document.path, document.origin = path, file_type
    return ImportedDocuments(file_type, parsed, result.reports[0])


def _canonical(file: OutputFile, report: ImportReport) -> OutputFile:
    """The file as ``jdtool fmt`` would write it, so that a first ``fmt`` changes nothing
    (mdformat decides which escapes a text needs); as rendered if formatting is refused."""
    from jdtool.authoring.fmt import format_text  # deferred: mdformat is a heavy leaf

    try:
        return OutputFile(file.path, format_text(file.text, file.path))
    except JdtoolError as error:
        report.note(f"{file.path.name} left as rendered: {error}")
        return file


def _slug(name: str | None, path: Path) -> str:
    slug = slugify(name or path.stem)
    return slug[:60].strip("-") or "imported"


def _merge(packs: list[ImportedPack]) -> ImportedPack:
    first = packs[0]
    by_kind = {document.kind: document for document in first.documents}
    for other in packs[1:]:
        for name, value in other.facts.values.items():
            first.facts.set(name, value, other.facts.lines.get(name, 0))
        first.preamble.extend(other.preamble)
        for document in other.documents:
            existing = by_kind.get(document.kind)
            if existing is None:
                by_kind[document.kind] = document
                first.documents.append(document)
                continue
            if document.title is not None:
                existing.nodes.append(document.title)
            existing.nodes.extend(document.nodes)
            existing.criteria.extend(document.criteria)
    first.documents.sort(key=lambda d: KIND_ORDER.get(d.kind, 99))
    return first


def _check_unique(files: list[OutputFile]) -> None:
    seen: set[Path] = set()
    for file in files:
        if file.path in seen:
            raise JdtoolError.from_problem(Problem(
                file.path, 1, 1, OUTPUT_CLASH,
                "two inputs would be written to this file; import them one at a time or "
                "give --pack"))
        seen.add(file.path)


def document_words(document: Document) -> Counter[str]:
    """The words a reader of the imported document reads: title, headings, numbers, text."""
    total: Counter[str] = Counter()
    if document.title:
        total.update(words(document.title))
    for section in document.sections():
        total.update(words(section.heading))
    for _, block in document.blocks():
        if block.number:
            total.update(words(block.number))
        if block.cells:
            for cell in block.cells:
                total.update(words(cell))
        else:
            total.update(words(block.text))
    return total


def _account(result: ImportResult, source_text: str) -> None:
    """Check that input words = output words + left-out words - added words."""
    output: Counter[str] = Counter()
    for file in result.files:
        output.update(document_words(parse_document(file.text, file.path)))
    expected = words(source_text)
    for report in result.reports:
        output.update(report.left_out_words())
        expected.update(report.added_words())
    result.missing = expected - output
    result.extra = output - expected
    result.reports[0].missing = result.missing


def write(result: ImportResult) -> None:
    check_targets(result.files)
    write_files(result.files)
    for report in result.reports:
        report.written = [file.path for file in result.files]


def write_report(result: ImportResult, path: Path, *, written: bool) -> None:
    """The import report as JSON: what each file gave, what was left out and why."""

    data = {"files": [report.to_dict() for report in result.reports],
            "written": [str(file.path) for file in result.files] if written else [],
            "missing_words": dict(result.missing)}
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def check_report_folder(path: Path) -> None:
    """Refuse before importing anything if the report could not be written afterwards."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, WRITE_ERROR,
            f"cannot write the report: no folder {folder}; nothing was written"))
