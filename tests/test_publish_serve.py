"""``jdtool serve`` for real: a server on 127.0.0.1, files edited on disk, pages fetched over
HTTP, the live-reload event stream, and a broken document shown on the page."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdtool.publish.context import BuildOptions
from jdtool.publish.serve import EVENTS_PATH, serve


@pytest.fixture
def server(posts_copy: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    options = BuildOptions(paths=[posts_copy], out=tmp_path / "preview",
                           today=dt.date(2026, 12, 1), drafts=True, pdf=False, templates=None,
                           cache=tmp_path / "cache", progress=False)
    urls: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(options, 0, lambda line: None),
                              kwargs={"ready": urls.put, "stop": stop}, daemon=True)
    thread.start()
    yield urls.get(timeout=60), posts_copy
    stop.set()
    thread.join(timeout=10)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, text: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    page = fetch(url)
    while text not in page and time.monotonic() < deadline:
        time.sleep(0.1)
        page = fetch(url)
    return page


def test_serve_rebuilds_on_save_and_shows_errors(server: tuple[str, Path]) -> None:
    url, posts = server
    page = fetch(url + "regional-organiser/index.html")
    assert "Organiser Grade 4" in page and EVENTS_PATH in page

    events = urllib.request.urlopen(url + EVENTS_PATH[1:], timeout=20)
    path = posts / "regional-organiser.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Organiser Grade 4", "Organiser Grade 5"), encoding="utf-8")
    assert events.readline().strip() == b"event: reload"
    assert "Organiser Grade 5" in wait_for(url + "regional-organiser/index.html", "Grade 5")
    events.close()

    path.write_text(good.replace("closing: 2026-12-07 17:00", "closing: 2026-13-07"),
                    encoding="utf-8")
    broken = wait_for(url + "index.html", "could not be built")
    assert "regional-organiser.md:" in broken and "is not a real date" in broken

    path.write_text(good, encoding="utf-8")
    assert "Organiser Grade 4" in wait_for(url + "regional-organiser/index.html", "Grade 4")
    assert "could not be built" not in fetch(url + "index.html")
