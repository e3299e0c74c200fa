"""The HTML redline in real headless Chromium: cues that are not colour, hidden screen-reader
text, working links between a moved block and where it was, and a print layout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jdtool.core.documents import load_document
from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff_formats import FORMATS
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    diff = compare(load_document(FIXTURES / "general-secretary-2016.md"),
                   load_document(FIXTURES / "general-secretary-2018.md"))
    page = tmp_path_factory.mktemp("redline") / "redline.html"
    html = FORMATS["html"](diff, RenderOptions("General Secretary: what changed", "2016", "2018"))
    assert isinstance(html, str)
    page.write_text(html, encoding="utf-8")
    return page.as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def test_changes_are_marked_without_relying_on_colour(browser: object, page_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_url)
    style = "e => getComputedStyle(e).textDecorationLine"
    decoration = page.eval_on_selector(".view.inline ins", style)
    assert decoration == "underline"
    decoration = page.eval_on_selector(".view.inline del", style)
    assert decoration == "line-through"
    hidden = page.locator(".view.inline ins .sr-only").first.bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1
    assert page.locator(".view.inline ins").first.text_content().startswith("[inserted: ")
    assert requests == [page_url]  # self-contained: nothing else is fetched
    page.close()


def test_moved_block_links_to_where_it_was_and_back(browser: object, page_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(page_url)
    moved = page.locator("div.block.moved", has_text="principal spokesperson")
    moved.get_by_role("link", name="see where it was").click()
    target = page.locator(":target")
    assert "moved-out" in (target.get_attribute("class") or "")
    assert "Influencing externally" in target.inner_text()
    target.get_by_role("link").click()
    assert "principal spokesperson" in page.locator(":target").inner_text()
    page.close()


def test_print_layout_hides_navigation(browser: object, page_url: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(page_url)
    page.emulate_media(media="print")
    assert page.locator(".switch").is_hidden()
    assert page.locator(".view.side").is_hidden()
    assert page.eval_on_selector(".view.inline ins", "e => getComputedStyle(e).color") == \
        "rgb(0, 0, 0)"
    pdf = tmp_path / "redline.pdf"
    page.pdf(path=str(pdf))
    from pypdf import PdfReader

    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in PdfReader(pdf).pages)
    # The screen-reader words are clipped away; the printed page marks changes in brackets.
    assert "advise the NEC on [+proposed] rule changes" in text
    # One view is printed, summary first; the on-screen switch and change links are not.
    assert text.index("Summary of changes") < text.index("The changes in context")
    assert "Side by side" not in text and "Next \u2192" not in text
    page.close()
