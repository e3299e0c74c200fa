"""Issue 15 row 4, taken apart: where parse + validate spends its time, stage by stage.

The same 1,000 generated ~1.7k-word documents as ``bench_targets.parse_throughput``, timed in
one run: markdown-it-py alone (the row's reference), the block tree alone (the Rust parser and
its Python objects: the floor of any model built from it), front matter alone, the body model
(``parse_body``, tree included), and the whole ``parse_document``. Documents per second for
each, so the Python side's cost is the gap between the tree and ``parse_body``. CPU time
(steadier than wall time on the shared machine): one core's throughput.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from corpus import make_documents
from timing import median_cpu_seconds, report


def drain(results: Iterable[object]) -> None:
    """Run a generator, keeping nothing (as the row's loop keeps no document)."""
    for _ in results:
        pass


def main() -> None:
    from markdown_it import MarkdownIt

    from jdtool.core import frontmatter
    from jdtool.core.documents import parse_document
    from jdtool.core.markdown import block_tree
    from jdtool.core.parser import parse_body

    with tempfile.TemporaryDirectory() as folder:
        paths = make_documents(Path(folder), count=1000, words=1700)
        texts = [(path.read_text(encoding="utf-8"), path) for path in paths]
    split = [(frontmatter.load(text, path), path) for text, path in texts]
    bare = MarkdownIt("commonmark").enable("table")
    bodies = [(body, path, matter.body_line) for (matter, body), path in split]
    stages = [
        ("markdown-it-py parse only (reference)",
         lambda: drain(bare.parse(text) for text, _ in texts)),
        ("block tree alone (markdown-it-pyrs)",
         lambda: drain(block_tree(body) for body, _, _ in bodies)),
        ("front matter alone", lambda: drain(frontmatter.load(text, path) for text, path in texts)),
        ("parse_body (tree + model)", lambda: drain(parse_body(*body) for body in bodies)),
        ("parse_document (front matter, schema, body)",
         lambda: drain(parse_document(text, path) for text, path in texts)),
    ]
    reference = 0.0
    for name, function in stages:
        # markdown-it-py takes 5-15 s a run here: three runs, as bench_targets times it
        seconds = median_cpu_seconds(function, runs=5 if reference else 3)
        reference = reference or seconds
        report(f"{name}, 1,000 docs", seconds, "markdown-it-py", reference)
        print(f"    = {1000 / seconds:,.0f} documents/s", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
