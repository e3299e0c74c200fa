"""The in-block word diff: exact, readable, and safe on long or repetitive input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.diff.words import MATCHER_LIMIT, align_words, word_diff

TEXT = st.text(alphabet=st.sampled_from(list("ab c.,\u2019'\n ")), max_size=60)


def _sides(ops: list[tuple[str, str]]) -> tuple[str, str]:
    return ("".join(t for op, t in ops if op != "insert"),
            "".join(t for op, t in ops if op != "delete"))


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.booleans())
def test_ops_rebuild_both_texts_exactly(old: str, new: str, ignore_quotes: bool) -> None:
    ops = word_diff(old, new, ignore_quotes=ignore_quotes)
    assert _sides(ops) == (old, new)
    assert all(text for _, text in ops)


def test_reworded_clause_is_one_replacement_not_confetti() -> None:
    ops = word_diff("advise the NEC on rule changes and on the interpretation of the rule book.",
                    "advise the NEC on rule changes and on the meaning of each rule.")
    changed = [(op, text) for op, text in ops if op != "equal"]
    assert changed == [("delete", "interpretation of the rule book"),
                       ("insert", "meaning of each rule")]


def test_punctuation_is_its_own_token() -> None:
    ops = word_diff("including grievance, disciplinary and capability cases.",
                    "including grievance, disciplinary, capability and attendance cases.")
    assert _sides(ops)[1] == "including grievance, disciplinary, capability and attendance cases."
    assert ("equal", "including grievance, disciplinary") in ops


def test_long_repetitive_block_is_aligned_not_replaced_wholesale() -> None:
    # 20,000 identical words around one change: beyond SequenceMatcher's comfortable size.
    old = " ".join(["member"] * 10_000 + ["pay"] + ["member"] * 10_000)
    new = " ".join(["member"] * 10_000 + ["wages"] + ["member"] * 10_000)
    ops = word_diff(old, new)
    assert [op for op, _ in ops] == ["equal", "delete", "insert", "equal"]
    assert _sides(ops) == (old, new)


def test_unique_anchors_split_very_long_rewrites() -> None:
    old = [f"w{i}" for i in range(3000)]
    new = [*old[:1000], "x", *old[1000:2000], "y", *old[2001:]]
    opcodes = align_words(old, new)
    changed = [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    assert changed == [("insert", 1000, 1000, 1000, 1001), ("replace", 2000, 2001, 2001, 2002)]


def test_repeated_words_still_anchor_a_long_rewrite() -> None:
    # Every word occurs twice on each side, so no word is unique: pairs of copies anchor.
    old = [f"w{i % 1000}" for i in range(2000)]
    new = ["x", *old[:1000], "y", *old[1000:], "z"]
    assert len(old) * len(new) > MATCHER_LIMIT
    opcodes = align_words(old, new)
    changed = [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    assert changed == [("insert", 0, 0, 0, 1), ("insert", 1000, 1000, 1001, 1002),
                       ("insert", 2000, 2000, 2002, 2003)]
