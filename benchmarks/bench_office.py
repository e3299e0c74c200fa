"""Benchmark of the office outputs: Word export of a pack, and the Word tracked-changes redline.

Targets (issue 6): Word export of a pack <= 0.3 s; a tracked-changes redline of two 5,000-word
revisions <= 1 s. Inputs: the example pack ``posts/director-of-operations`` (about 3,000
words, five documents), a generated 1,500-word pack (``corpus.make_corpus``), and the 5 %-edited
5,000-word pair of ``bench_diff`` (fictional text, fixed seed). References measured in the same
run: parsing the same pack (``load_packs``), python-docx opening and saving its empty
template, the diff engine alone (``compare``) and the HTML redline of the same diff.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_diff import write_pair
from corpus import make_corpus
from timing import median_command_seconds, median_seconds, report

from jdtool.core.documents import load_document
from jdtool.core.packs import load_packs
from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff_formats import FORMATS
from jdtool.office.docx_export import docx_bytes, pack_to_docx
from jdtool.office.scoresheet import csv_bytes, score_sheet, xlsx_bytes
from jdtool.office.tracked_changes import render

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "posts" / "director-of-operations"
JDTOOL = [sys.executable, "-m", "jdtool"]


def _empty_docx() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def word_export() -> None:
    with tempfile.TemporaryDirectory() as folder:
        generated = make_corpus(Path(folder), packs=1, seed=6) / "pack-0000"
        for name, path in (("example pack (director-of-operations)", PACK),
                           ("generated 1,500-word pack", generated)):
            packs, _ = load_packs([path])
            pack = packs[0]
            words = sum(len(d.source.split()) for d in pack.all_documents())
            parse = median_seconds(lambda path=path: load_packs([path]))
            export = median_seconds(lambda pack=pack: docx_bytes(pack_to_docx(pack)))
            report(f"parse {name}, {words} words", parse)
            report(f"Word export of {name}", export, "parse", parse, "<= 300 ms")
    template = median_seconds(_empty_docx)
    report("python-docx: open and save the empty template", template)
    with tempfile.TemporaryDirectory() as folder:
        check = median_command_seconds([*JDTOOL, "check", str(PACK)], runs=5)
        command = median_command_seconds(
            [*JDTOOL, "export", str(PACK), "-o", str(Path(folder) / "pack.docx")], runs=5)
    report("whole command: jdtool check of the example pack", check)
    report("whole command: jdtool export of the example pack", command, "jdtool check", check)


def redline() -> None:
    old_path, new_path = write_pair("office-5000", 5000, seed=5)
    old, new = load_document(old_path), load_document(new_path)
    words = len(old.source.split())
    options = RenderOptions("Director of Member Services: what changed", "old", "new")
    diff = compare(old, new)
    engine = median_seconds(lambda: compare(old, new))
    html = median_seconds(lambda: FORMATS["html"](diff, options))
    writer = median_seconds(lambda: render(diff, title=options.title, old_label="old",
                                           new_label="new"))
    total = median_seconds(lambda: render(
        compare(load_document(old_path), load_document(new_path)), title=options.title,
        old_label="old", new_label="new"))
    report(f"diff engine (compare), {words}-word revisions", engine)
    report("HTML redline of that diff (diff stage's renderer)", html)
    report("Word tracked-changes writer alone", writer, "HTML redline", html)
    report("Word redline: parse both + compare + tracked changes", total, "compare alone",
           engine, "<= 1000 ms")


def scoresheets() -> None:
    packs, _ = load_packs([PACK])
    sheet = score_sheet(packs[0], candidates=6, panel=3)
    csv_time = median_seconds(lambda: csv_bytes(sheet))
    xlsx_time = median_seconds(lambda: xlsx_bytes(sheet))
    report("scoring sheet csv, 28 criteria x 6 candidates x 3 panel", csv_time)
    report("scoring sheet xlsx (three sheets, formulas)", xlsx_time, "csv", csv_time)


def main() -> None:
    word_export()
    redline()
    scoresheets()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
