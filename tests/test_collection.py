"""``core.collection``: nested blocks keep what the outer one froze frozen until it ends."""

from __future__ import annotations

import gc

from jdtool.core.collection import kept_apart_from_collection


def test_an_inner_block_does_not_give_back_what_the_outer_one_froze() -> None:
    before = gc.get_freeze_count()
    with kept_apart_from_collection():
        kept = [object() for _ in range(100)]  # noqa: F841 - alive while the inner block runs
        outer = gc.get_freeze_count()
        assert outer > before
        with kept_apart_from_collection():
            assert gc.get_freeze_count() >= outer
        assert gc.get_freeze_count() >= outer  # the build's packs stay out of collections
    assert gc.get_freeze_count() == 0
