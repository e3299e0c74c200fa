"""Foundation speed: CLI start-up, and parse + validate throughput on one core.

Targets (issue 3): ``jdtool --version`` and ``jdtool --help`` in <= 150 ms; parse and
validate >= 500 documents/s for ~1,500-word documents. References measured in the same
run: ``python -c pass`` for start-up, and a bare markdown-it-py parse of the same texts.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from corpus import make_documents
from timing import median_command_seconds, median_seconds, report

BIN = Path(sys.executable).parent


def startup() -> None:
    python = median_command_seconds([sys.executable, "-c", "pass"], runs=11)
    report("python -c pass (reference)", python)
    for args in (["--version"], ["--help"], ["check", "--help"]):
        seconds = median_command_seconds([str(BIN / "jdtool"), *args], runs=11)
        report(f"jdtool {' '.join(args)}", seconds, "python -c pass", python, "<= 150 ms")


def parse_throughput() -> None:
    from markdown_it import MarkdownIt

    from jdtool.core.documents import parse_document

    with tempfile.TemporaryDirectory() as folder:
        paths = make_documents(Path(folder), count=1000, words=1500)
        texts = [(path.read_text(encoding="utf-8"), path) for path in paths]
    words = sum(len(text.split()) for text, _ in texts) / len(texts)
    bare = MarkdownIt("commonmark").enable("table")

    def ours() -> None:
        for text, path in texts:
            document = parse_document(text, path)
            assert document.own is not None and not document.problems

    def reference() -> None:
        for text, _ in texts:
            bare.parse(text)

    ours_seconds = median_seconds(ours, runs=5)
    reference_seconds = median_seconds(reference, runs=5)
    print(f"corpus: {len(texts)} documents, {words:.0f} words each on average")
    report("markdown-it-py parse only, 1,000 docs (reference)", reference_seconds)
    report("jdtool parse + validate, 1,000 docs", ours_seconds, "markdown-it-py",
           reference_seconds)
    print(f"throughput: {len(texts) / ours_seconds:,.0f} documents/s on one core "
          f"(target >= 500); bare markdown-it-py: {len(texts) / reference_seconds:,.0f}/s")


def main() -> None:
    startup()
    parse_throughput()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
