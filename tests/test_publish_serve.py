"""``jdtool serve`` for real: a server on 127.0.0.1, files edited on disk, pages fetched over
HTTP, the live-reload event stream, and a broken document shown on the page."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
import urllib.error
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


def save_until_shown(path: Path, text: str, url: str, shown: str) -> str:
    """Save ``text`` (again, if the watcher had not started yet) until ``url`` shows ``shown``."""
    page = ""
    for _ in range(10):
        path.write_text(text, encoding="utf-8")
        page = wait_for(url, shown, seconds=3)
        if shown in page:
            break
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


def test_serve_shows_hostile_documents_as_errors_and_keeps_running(
        server: tuple[str, Path], capfd: pytest.CaptureFixture[str]) -> None:
    url, posts = server
    path = posts / "regional-organiser.md"
    good = path.read_text(encoding="utf-8")
    for line, bad, shown in (
            ("title: Regional Organiser", "title: &loop [*loop]", "anchors and aliases"),
            ("salary: £38,412 to £42,930 a year", "salary: {min: 1e400}", "salary.min")):
        page = save_until_shown(path, good.replace(line, bad), url + "index.html", shown)
        assert "could not be built" in page and shown in page
    path.write_text(good, encoding="utf-8")
    assert "Organiser Grade 4" in wait_for(url + "regional-organiser/index.html", "Grade 4")
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(url + "%00")
    assert refused.value.code == 400
    assert "Traceback" not in capfd.readouterr().err


def _lint(files: list[Path]) -> list[object]:
    from jdtool import api

    existing = [file for file in files if file.exists()]
    return list(api.lint_paths(existing).result.findings) if existing else []


def test_serve_shows_lint_findings_beside_their_passage(posts_copy: Path,
                                                        tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    apply = posts_copy / "director-of-operations" / "apply.md"
    text = apply.read_text(encoding="utf-8")
    apply.write_text(text.replace("at our national office", "at at our national office"),
                     encoding="utf-8")  # a defect lint reports by default: a doubled word
    options = BuildOptions(paths=[posts_copy], out=tmp_path / "preview",
                           today=dt.date(2026, 12, 1), drafts=True, pdf=False, templates=None,
                           cache=None, progress=False)
    urls: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(options, 0, lambda line: None),
                              kwargs={"ready": urls.put, "stop": stop, "lint": _lint},
                              daemon=True)
    thread.start()
    try:
        url = urls.get(timeout=60)
        page = BeautifulSoup(fetch(url + "director-of-operations/"), "html.parser")
        interviews = page.find(id="apply-interviews")
        assert interviews is not None
        note = interviews.find_next_sibling()
        assert note is not None and "lint-note" in note.get("class", [])
        assert "apply.md:19: JD403 'at' is repeated" in note.get_text()
        # Fixing the passage takes its note away on the next save.
        fixed = text.replace("Interviews will be held on", "We will hold interviews on")
        shown = save_until_shown(apply, fixed, url + "director-of-operations/",
                                 "We will hold interviews")
        assert "We will hold interviews" in shown and "is repeated" not in shown
        assert "site.css" in fetch(url + "index.html")  # the built site itself is unchanged
        assert "lint-note" not in (tmp_path / "preview" / "director-of-operations" /
                                   "index.html").read_text(encoding="utf-8")
    finally:
        stop.set()
        thread.join(timeout=10)


def test_pages_wait_for_a_rebuild_to_place_its_notes() -> None:
    """Between a rebuild writing its pages and placing its lint notes, a page would show the
    new text with the old notes: pages wait until the rebuild is over."""
    from jdtool.publish.serve import PreviewState

    state = PreviewState()
    state.begin()
    served: list[float] = []
    reader = threading.Thread(target=lambda: (state.settled(timeout=30),
                                              served.append(time.monotonic())))
    reader.start()
    time.sleep(0.2)
    assert not served  # still waiting: the rebuild is under way
    finished = time.monotonic()
    state.finished([], {})
    reader.join(timeout=10)
    assert served and served[0] >= finished
    state.begin()
    state.end()  # a rebuild that ended without finishing (an error) lets pages through too
    state.settled(timeout=30)
    assert not state.building
