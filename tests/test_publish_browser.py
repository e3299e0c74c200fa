"""The built site in real headless Chromium: axe-core finds no WCAG 2.2 AA violations, the
pages make no third-party requests, sorting works, and screenshots are taken."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jdtool.publish.context import BuildOptions
from jdtool.publish.site import build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = {"index.html", "director-of-operations/index.html"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("browser") / "site"
    build(BuildOptions(paths=[root / "posts"], out=out, today=dt.date(2026, 12, 10), pdf=False,
                       templates=None, cache=None, progress=False), generators=[])
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
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
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in result["violations"]]


@pytest.mark.parametrize("page_path", ["index.html", "director-of-operations/index.html",
                                       "regional-organiser/index.html",
                                       "general-secretary/index.html"])
def test_no_accessibility_violations_and_no_third_party_requests(
        browser: object, site_url: str, page_path: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(site_url + page_path, wait_until="load")
    assert _axe_violations(page) == []
    assert hosts == {urlparse(site_url).netloc}
    if page_path in SCREENSHOTS:
        shot = tmp_path / (page_path.replace("/", "-") + ".png")
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.close()


def test_index_sorts_by_closing_date(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "index.html")
    titles = page.locator("#open tbody th").all_inner_texts()
    page.get_by_role("button", name="Closing date").first.click()
    assert page.locator("#open thead th").nth(5).get_attribute("aria-sort") == "descending"
    assert page.locator("#open tbody th").all_inner_texts() == list(reversed(titles))
    page.close()
