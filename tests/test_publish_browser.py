"""The built site in real headless Chromium at a phone's, a small phone's and a desktop's
width: no page pans sideways, axe-core finds no WCAG 2.2 AA violations, the pages make no
third-party requests, sorting works, and screenshots are taken.

Every kind of page is visited: the index, pack pages (open, closed, draft, reference,
Welsh), the
404 page, a pack's history page and a revision's redline page (from a real git repository),
the preview server's error page, and a preview page with lint notes. Screenshots go to
``$JDTOOL_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jdtool.publish.context import BuildOptions
from jdtool.publish.notes import Note, with_notes
from jdtool.publish.serve import error_page
from jdtool.publish.site import build
from tests.history_repo import build_story_repo

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
WIDTHS = (320, 390, 1280, 1680)  # 1680: lint notes in the margin
SCREENSHOTS = {"site/": "index", "site/director-of-operations/": "pack"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _build_sites(root: Path) -> list[str]:
    """The demo posts (one made a draft, shown with --drafts) and a story repository's
    history; the site-relative paths of every kind of page."""
    posts = root / "posts"
    shutil.copytree(ROOT / "posts", posts)
    organiser = posts / "regional-organiser.md"
    organiser.write_text(organiser.read_text(encoding="utf-8").replace(
        "status: published", "status: draft", 1), encoding="utf-8")
    (posts / "director-of-operations" / "brief.cy.md").write_text(
        "---\nkind: brief\ntitle: Cyfarwyddwr Gweithrediadau\n---\n\n## Am yr undeb\n\n"
        "- Rydym yn undeb llafur democrataidd\n  - gyda changhennau ledled y wlad\n",
        encoding="utf-8")
    build(BuildOptions(paths=[posts], out=root / "site", today=dt.date(2026, 12, 10),
                       drafts=True, pdf=False, templates=None, cache=None, progress=False),
          generators=[])
    story = build_story_repo(root / "story")
    build(BuildOptions(paths=[story.root / "posts"], out=root / "story" / "site",
                       today=dt.date(2026, 12, 10), pdf=False, templates=None, cache=None,
                       progress=False))
    # The preview's page of a pack with lint notes beside two passages and at the top.
    page = root / "site" / "director-of-operations" / "index.html"
    notes = [Note("apply-interviews", 19, "apply.md:19: JD304 passive voice 'be held': say "
                  "who does it"), Note("", 3, "pack.md:3: JD101 a very long finding " * 4)]
    (page.parent / "preview.html").write_text(with_notes(page.read_text(), notes))
    history = root / "story" / "site" / "general-secretary-role"
    revision = sorted((history / "history").glob("*.html"))[0]
    return ["site/", "site/director-of-operations/", "site/director-of-operations/cy/",
            "site/regional-organiser/",
            "site/general-secretary/", "site/404.html", "site/director-of-operations/preview.html",
            "story/site/general-secretary-role/history.html",
            revision.relative_to(root).as_posix()]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("browser")
    pages = _build_sites(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", pages
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _axe_violations(page: object) -> list[str]:
    import axe_playwright_python

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    page.evaluate(source)  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes'][:3]]})" for v in result["violations"]]


def _overflow(page: object) -> list[str]:
    """Elements that reach past the right edge of the screen, when the page pans sideways."""
    return page.evaluate("""() => {  // type: ignore[attr-defined]
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      return [`page ${root.scrollWidth}px wide in ${root.clientWidth}px`].concat(
        Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
          .slice(0, 5).map(e => e.tagName + '.' + e.className + ': '
                                + e.textContent.slice(0, 40)));
    }""")  # type: ignore[attr-defined,no-any-return]


def _screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("JDTOOL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_and_has_no_accessibility_violations(
        browser: object, served: tuple[str, list[str]], width: int, tmp_path: Path) -> None:
    url, pages = served
    context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    problems: dict[str, list[str]] = {}
    for path in pages:
        response = page.goto(url + path, wait_until="load")
        assert response is not None and response.ok, path
        found = _overflow(page) + _axe_violations(page)
        if found:
            problems[path] = found
        if path in SCREENSHOTS and width in (390, 1280):
            shot = _screenshot_folder(tmp_path) / f"{SCREENSHOTS[path]}-{width}.png"
            height = min(2400, page.evaluate("document.documentElement.scrollHeight"))
            page.screenshot(path=str(shot), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": height})
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.set_content(error_page(["posts/x.md:3:1: JD003 closing: not a date"]))
    found = _overflow(page) + _axe_violations(page)
    if found:
        problems["preview error page"] = found
    context.close()
    assert problems == {}
    assert hosts == {urlparse(url).netloc}


def test_phone_shows_each_vacancy_as_a_card_with_its_closing_date_and_salary(
        browser: object, served: tuple[str, list[str]]) -> None:
    url, _ = served
    page = browser.new_page(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
    page.goto(url + "site/")
    card = page.locator("#open tbody tr").first
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Each fact is labelled (the label comes from CSS, so innerText does not show it).
    labelled = card.evaluate("""row => Array.from(row.cells).slice(1).map(cell =>
        getComputedStyle(cell, '::before').content.replace(/^"|"$/g, '') + cell.innerText)""")
    assert "Closing date: Monday 14 December 2026 at 12:00" in labelled
    assert "Salary: £78,500 to £86,200 a year" in labelled
    for cell in card.locator("td").all():  # every fact on screen, none off to the right
        cell_box = cell.bounding_box()
        assert cell_box is not None and cell_box["x"] + cell_box["width"] <= 390
    page.close()


def test_wide_screen_keeps_a_readable_measure_and_key_facts_side_by_side(
        browser: object, served: tuple[str, list[str]]) -> None:
    url, _ = served
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(url + "site/director-of-operations/")
    main = page.locator("main").bounding_box()
    assert main is not None and 880 <= main["width"] <= 940
    label = page.locator("dl.key-facts dt").first.bounding_box()
    value = page.locator("dl.key-facts dd").first.bounding_box()
    assert label and value and value["x"] > label["x"] and abs(value["y"] - label["y"]) < 2
    page.set_viewport_size({"width": 390, "height": 800})
    label = page.locator("dl.key-facts dt").first.bounding_box()
    value = page.locator("dl.key-facts dd").first.bounding_box()
    assert label and value and value["y"] > label["y"]  # label above value on a phone
    page.close()


def test_index_sorts_by_closing_date(browser: object, served: tuple[str, list[str]]) -> None:
    url, _ = served
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url + "site/")
    titles = page.locator("#open tbody th").all_inner_texts()
    page.get_by_role("button", name="Closing date").first.click()
    assert page.locator("#open thead th").nth(5).get_attribute("aria-sort") == "descending"
    assert page.locator("#open tbody th").all_inner_texts() == list(reversed(titles))
    page.close()
