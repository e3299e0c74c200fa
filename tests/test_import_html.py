"""Importing a saved blog page: the job description kept, the page's furniture reported."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jdtool.core.documents import load_document
from jdtool.core.markdown import full_parser, render_inline
from jdtool.core.packs import load_packs
from jdtool.importer.html import parse_html
from jdtool.importer.pipeline import import_files
from jdtool.importer.writer import write_files
from tests.import_support import assert_checks_clean, assert_no_word_lost, run_import

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BLOG = FIXTURES / "blog-post.html"


def _visible(path: Path) -> str:
    soup = parse_html(path.read_text(encoding="utf-8"))
    for element in soup.find_all(["script", "style", "head"]):
        element.decompose()
    return soup.get_text(" ")


def test_blog_post_keeps_the_job_description_and_reports_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    code, output, data = run_import([BLOG], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(_visible(BLOG), out, data)
    packs, _ = load_packs([out])
    document = packs[0].all_documents()[0]
    text = " ".join(block.text for _, block in document.blocks())
    assert "Five years is a long time" not in text  # a comment
    assert "Share to Twitter" not in text and "Blog Archive" not in text
    assert "here is the latest Job Description" not in text
    assert "Lead negotiations on pay and conditions" in text
    left_out = data["files"][0]["left_out"]  # type: ignore[index]
    assert {"comment thread", "navigation", "sidebar"} <= {entry["reason"] for entry in left_out}
    assert any("Share to Twitter" in entry["text"] for entry in left_out)
    meta = document.meta
    assert meta is not None
    assert meta.title == "General Secretary"
    assert str(meta.revised) == "2018-03"  # from the author's "revised in March 2018"
    assert meta.reports_to == "National President"
    nested = [block.text for _, block in document.blocks() if block.depth == 1]
    assert nested == ["the annual budget and accounts;", "the register of members."]


def test_hostile_html_is_imported_as_text(tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><body><article><h1>Porter</h1><p>Moves <script>alert(1)</script>furniture "
        "<a href=\"javascript:alert(2)\">safely</a> &lt;b&gt;always&lt;/b&gt; | [x](javascript:y)"
        "</p><ul><li><img src=x onerror=alert(3)>Lifts *boxes*</li></ul></article></body></html>",
        encoding="utf-8")
    out = tmp_path / "posts"
    code, output, _data = run_import([page], out)
    assert code == 0, output
    assert_checks_clean(out)
    written = (out / "porter.md").read_text(encoding="utf-8")
    assert "alert(" not in written and "onerror" not in written
    packs, _ = load_packs([out])
    blocks = [block for _, block in packs[0].all_documents()[0].blocks()]
    rendered = " ".join(render_inline(block.markup) for block in blocks)
    assert "<a" not in rendered and "<b>" not in rendered and "&lt;b&gt;" in rendered
    texts = [block.text for block in blocks]
    assert "Moves furniture safely <b>always</b> | [x](javascript:y)" in texts
    assert "Lifts *boxes*" in texts


_TEXT = st.text(alphabet=st.sampled_from("abcdE D:-.•o1 |*_<>&"), min_size=1, max_size=30)
_TAGS = ["p", "div", "h2", "ul", "ol", "li", "b", "span", "article", "nav", "table", "tr", "td",
         "br", "pre", "em", "blockquote"]


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(_TAGS), st.lists(children, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.recursive(_TEXT, _element, max_leaves=20), min_size=1, max_size=5))
@example(["1<b>-1</b>"])  # bold that Markdown cannot write: literal asterisks split "1-1"
@example(["same<b>.</b> Next"])
@example(["1-D", "<p>>D</p>"])  # "1-D" is one word, not criterion "1" marked desirable
def test_any_html_imports_without_losing_words(parts: list[str]) -> None:
    html = "<html><body>" + "".join(parts) + "</body></html>"
    if not parse_html(html).get_text().strip():
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.html"
        source.write_text(html, encoding="utf-8")
        result = import_files([source], Path(folder) / "posts")
        assert not result.missing, result.missing


def test_page_saved_in_windows_1252_is_read_in_its_declared_encoding(tmp_path: Path) -> None:
    page = tmp_path / "old-page.html"
    page.write_bytes('<html><head><meta charset="windows-1252"></head><body><main>'
                     '<h1>Caf\u00e9 Manager</h1><p>Runs the staff caf\u00e9 \u2013 '
                     'and its \u201cbudget\u201d.</p></main></body></html>'.encode("cp1252"))
    out = tmp_path / "posts"
    code, output, _ = run_import([page], out)
    assert code == 0, output
    assert "read as windows-1252" in output
    written = out / "caf-manager.md"
    assert "Runs the staff café – and its “budget”." in written.read_text(encoding="utf-8")


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "posts").rglob("*.md"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_example_posts_rendered_as_html_import_back_to_the_same_blocks(example: Path,
                                                                       tmp_path: Path) -> None:
    """Render each example document to HTML, import it, and get the same blocks back."""
    original = load_document(example)
    body = original.source.split("---", 2)[2]
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article>{full_parser().render(body)}</article></body></html>",
                    encoding="utf-8")
    out = tmp_path / "posts"
    result = import_files([page], out)
    assert not result.missing and not result.extra
    write_files(result.files)
    assert_checks_clean(out)
    documents = load_packs([out])[0][0].all_documents()
    assert [b.text for d in documents for _, b in d.blocks()] == \
        [b.text for _, b in original.blocks()]
    assert [c.to_dict() for d in documents for c in d.criteria()] == \
        [c.to_dict() for c in original.criteria()]


@pytest.mark.parametrize("html", [
    "<p>Finance &amp; Estates [Department] under_score a*b &lt;team&gt;</p>",
    "<p>Hand-coded HTML &amp; CSS, <b>and</b> more<b>.</b></p>",
    "<table><tr><th>Criterion</th><th>Essential/Desirable</th></tr>"
    "<tr><td>HTML &amp; CSS [Department]</td><td>Essential</td></tr></table>",
])
def test_imported_markdown_is_already_canonical(html: str, tmp_path: Path) -> None:
    """A first ``jdtool fmt`` changes nothing: no escape mdformat would drop."""
    source = tmp_path / "page.html"
    source.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    out = tmp_path / "posts"
    write_files(import_files([source], out).files)
    assert_checks_clean(out)
