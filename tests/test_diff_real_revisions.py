"""Every consecutive pair of the real job-description histories in ../shared (issue 12).

The files are plain Markdown without front matter: their bodies are parsed with a minimal
front matter given in memory. For every pair: the comparison never fails, the JSON word ops
rebuild both texts and show every word the new text gained, no move is invented (a block
with unchanged text between aligned neighbours), a revision that only touched headings or
layout (the same blocks in the same order) reports no moved block at all, and a revision
that kept the order of every block it did not change reports no unchanged text as moved
(before issue 12, 28 such moves were reported in these pairs, most under changed headings).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from rapidfuzz.distance import LCSseq

from jdtool.core.documents import inherit, parse_document
from jdtool.core.model import Document
from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff.words import comparison_key
from jdtool.diff_formats import FORMATS
from tests.diff_helpers import invented_moves, unshown_insertions
from tests.real_material import shared_path

HEAD = "---\nkind: description\ntitle: Role\norganisation: A real employer\n---\n"


def load(path: Path) -> Document:
    document = parse_document(HEAD + path.read_text(encoding="utf-8"), path)
    inherit(document, None)
    return document


def pairs(root: Path) -> Iterator[tuple[Path, Path]]:
    for history in sorted(p for p in root.iterdir() if p.is_dir()):
        versions = sorted(history.glob("v*.md"))
        yield from pairwise(versions)


def texts(document: Document) -> list[str]:
    return [block.text for _, block in document.blocks()]


def test_every_consecutive_revision_pair() -> None:
    root = shared_path("corpus", "revisions")
    compared = layout_only = order_kept = 0
    for old_path, new_path in pairs(root):
        old, new = load(old_path), load(new_path)
        diff = compare(old, new)
        name = f"{old_path.parent.name}/{old_path.name}->{new_path.name}"
        data = json.loads(FORMATS["json"](diff, RenderOptions(name, "old", "new")))
        for side, document in (("old", old), ("new", new)):
            changes = sorted((c for c in data["changes"] if c[side] is not None),
                             key=lambda c: c[f"{side}_index"])
            skip = "insert" if side == "old" else "delete"
            rebuilt = ["".join(t for op, t in c["words"] if op != skip) for c in changes]
            assert rebuilt == texts(document), name
        assert not unshown_insertions(data, texts(old), texts(new)), name
        assert invented_moves(data) == [], name
        before = [comparison_key(t) for t in texts(old)]
        after = [comparison_key(t) for t in texts(new)]
        if before == after:
            layout_only += 1
            assert diff.stats.blocks_moved == 0, name
            assert all(c.kind == "unchanged" for c in diff.changes), name
        if LCSseq.similarity(before, after) == sum((Counter(before) & Counter(after)).values()):
            order_kept += 1
            assert not [c for c in diff.changes if c.kind == "moved" and c.old is not None
                        and c.new is not None and c.old.text == c.new.text], name
        compared += 1
    assert compared >= 300 and layout_only >= 10 and order_kept >= 100, \
        (compared, layout_only, order_kept)
