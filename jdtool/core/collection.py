"""Objects kept apart from Python's cyclic garbage collector while they are known to live.

A build's loaded packs live until it ends, and a forked worker shares its parent's memory
pages only as long as nothing writes to them; the collector going over those objects costs
time and, in a worker, copies each page it touches. ``gc.freeze`` moves every object alive
into a generation the collector never looks at, and ``gc.unfreeze`` gives them all back,
whoever froze them. So the freezes nest here: each ``kept_apart_from_collection`` freezes
what lives when it starts, and only the outermost one gives everything back when it ends
(an inner one, such as the history pages' workers inside a build, would otherwise thaw the
build's packs early).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_depth = 0
"""How many ``kept_apart_from_collection`` blocks are open."""


@contextlib.contextmanager
def kept_apart_from_collection() -> Iterator[None]:
    """Everything alive now left out of collections until the outermost block ends."""
    global _depth
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth:
            gc.unfreeze()
