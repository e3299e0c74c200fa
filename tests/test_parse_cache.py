"""The build's parse cache (``core.parse_cache``): a cached model is the parsed model, and a
stale, foreign, damaged or tampered cache falls back to parsing, never to a wrong model."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core import parse_cache
from jdtool.core.documents import parse_document
from jdtool.core.packs import load_packs
from jdtool.core.parse_cache import ParseCache
from tests.real_material import SHARED
from tests.test_parser_seam import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\nkind: description\ntitle: Branch Organiser\norganisation: Fenwick Tenants' Union\n" \
        "status: published\n---\n\n"


def _markdown_files() -> list[Path]:
    files = sorted((ROOT / "posts").rglob("*.md")) + sorted((ROOT / "tests").rglob("*.md"))
    if SHARED is not None:
        files += sorted(SHARED.rglob("*.md"))
    return files


def _twice(folder: Path, text: str, path: Path) -> tuple[ParseCache, object]:
    """Parse through a fresh cache and save it, then through a second one reading it back."""
    first = ParseCache(folder)
    first.parse(text, path)
    first.save()
    second = ParseCache(folder)
    return second, second.parse(text, path)


def test_cached_model_equals_parsed_on_every_markdown_file_at_hand(tmp_path: Path) -> None:
    files = _markdown_files()
    assert len(files) >= 5
    texts = [(path.read_text(encoding="utf-8", errors="replace"), path) for path in files]
    first = ParseCache(tmp_path)
    for text, path in texts:
        first.parse(text, path)
    first.save()
    second = ParseCache(tmp_path)
    for text, path in texts:
        assert second.parse(text, path) == parse_document(text, path), path
    assert second.hits == len({(text, path) for text, path in texts})


@settings(max_examples=200, deadline=None)
@given(body=DOCUMENTS, front=st.booleans())
def test_cached_model_equals_parsed_on_generated_documents(tmp_path_factory: object,
                                                           body: str, front: bool) -> None:
    folder = tmp_path_factory.mktemp("cache")  # type: ignore[attr-defined]
    text = (FRONT if front else "") + body
    path = Path("posts/organiser.md")
    cache, cached = _twice(folder, text, path)
    assert cache.hits == 1
    assert cached == parse_document(text, path)


def test_a_changed_text_or_path_is_parsed_again(tmp_path: Path) -> None:
    text = FRONT + "## Duties\n\n* Organise the branch.\n"
    path = Path("posts/organiser.md")
    _twice(tmp_path, text, path)
    cache = ParseCache(tmp_path)
    edited = text.replace("branch", "union")
    assert cache.parse(edited, path) == parse_document(edited, path)
    other = Path("posts/other.md")
    assert cache.parse(text, other).path == other
    assert cache.hits == 0


def test_another_fingerprint_is_ignored(tmp_path: Path, monkeypatch: object) -> None:
    text = FRONT + "## Duties\n\n* Organise.\n"
    path = Path("posts/organiser.md")
    _twice(tmp_path, text, path)
    monkeypatch.setattr(parse_cache, "parser_fingerprint",  # type: ignore[attr-defined]
                        lambda: "another parser")
    cache = ParseCache(tmp_path)
    assert cache.parse(text, path) == parse_document(text, path)
    assert cache.hits == 0


def test_damaged_or_tampered_cache_falls_back_to_parsing(tmp_path: Path) -> None:
    text = FRONT + "## Duties\n\n* Organise the branch.\n"
    path = Path("posts/organiser.md")
    _twice(tmp_path, text, path)
    stored = tmp_path / parse_cache.FILE_NAME
    payload = pickle.loads(stored.read_bytes())
    (key,) = payload["entries"]
    # An entry holding another document's model, or another text's entry of this path (as
    # if the table were edited by hand).
    older = FRONT + "## Duties\n\n* Organise the old branch.\n"
    for entry in [pickle.dumps(parse_document(text, Path("posts/other.md"))),
                  pickle.dumps((key, parse_document(text, Path("posts/other.md")))),
                  parse_cache._pickled(parse_document(older, path), "another key")]:
        payload["entries"][key] = entry
        stored.write_bytes(pickle.dumps(payload))
        cache = ParseCache(tmp_path)
        assert cache.parse(text, path) == parse_document(text, path)
        assert cache.hits == 0
    for damage in (b"", b"not a pickle", stored.read_bytes()[:40], pickle.dumps([1, 2])):
        stored.write_bytes(damage)
        cache = ParseCache(tmp_path)
        assert cache.parse(text, path) == parse_document(text, path)
        assert cache.hits == 0
    payload["entries"][key] = b"\x80\x05garbage"
    stored.write_bytes(pickle.dumps(payload))
    assert ParseCache(tmp_path).parse(text, path) == parse_document(text, path)


def test_only_the_entries_used_are_kept(tmp_path: Path) -> None:
    path = Path("posts/organiser.md")
    texts = [FRONT + f"## Duties\n\n* Organise {n} branches.\n" for n in range(3)]
    first = ParseCache(tmp_path)
    for text in texts:
        first.parse(text, path)
    first.save()
    second = ParseCache(tmp_path)
    second.parse(texts[0], path)
    second.save()
    entries = pickle.loads((tmp_path / parse_cache.FILE_NAME).read_bytes())["entries"]
    assert len(entries) == 1


def test_load_packs_through_the_cache_gives_the_same_packs(tmp_path: Path) -> None:
    posts = ROOT / "posts"
    plain, plain_problems = load_packs([posts])
    first = ParseCache(tmp_path)
    load_packs([posts], first.parse)
    first.save()
    second = ParseCache(tmp_path)
    cached, cached_problems = load_packs([posts], second.parse)
    assert second.hits > 0
    assert cached == plain
    assert cached_problems == plain_problems
