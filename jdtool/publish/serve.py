"""``jdtool serve``: a local preview on 127.0.0.1 that rebuilds on save and reloads the browser.

Pages are served from the preview folder with a small script added that listens for
server-sent events and reloads when a rebuild finishes. A rebuild that fails (a broken
document, a template error) does not stop the server: every page shows the error instead,
until the next save fixes it.
"""

from __future__ import annotations

import html
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jdtool.core.plural import counted
from jdtool.core.problems import JdtoolError
from jdtool.core.resources import templates_dir
from jdtool.core.staging import check_replaceable, output_path
from jdtool.publish.context import BuildOptions
from jdtool.publish.notes import Finding, Linter, Note, page_notes, with_notes
from jdtool.publish.site import BuildFailed, Site

EVENTS_PATH = "/__jdtool/events"
RELOAD_SCRIPT = (
    "<script>(function(){var s=new EventSource('" + EVENTS_PATH + "');"
    "s.addEventListener('reload',function(){location.reload();});}());</script>")


class PreviewState:
    """The current build generation and error, shared by the watcher and request threads."""

    def __init__(self) -> None:
        self.generation = 0
        self.errors: list[str] = []
        self.notes: dict[str, list[Note]] = {}
        """Lint findings per page file, shown in place (``publish.notes``)."""
        self.changed = threading.Condition()
        self.building = False
        """A rebuild has begun and not finished: its pages may be written and its notes not
        yet placed, so pages wait (``settled``) rather than show new text with old notes."""

    def begin(self) -> None:
        with self.changed:
            self.building = True

    def end(self) -> None:
        """The rebuild is over, however it ended (``finished`` says how)."""
        with self.changed:
            if self.building:
                self.building = False
                self.changed.notify_all()

    def settled(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds, so a page is never held forever) until no
        rebuild is under way."""
        with self.changed:
            self.changed.wait_for(lambda: not self.building, timeout=timeout)

    def finished(self, errors: list[str], notes: dict[str, list[Note]] | None = None) -> None:
        with self.changed:
            self.building = False
            self.generation += 1
            self.errors = errors
            if notes is not None:
                self.notes = notes
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout=timeout)
            return self.generation


REBUILD_WAIT = 30.0
"""Seconds a page request waits for a rebuild under way to place its notes."""


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the preview folder, with live reload and errors shown in pages."""

    state: PreviewState

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows rebuilds, not every request

    def do_GET(self) -> None:
        if self.path == EVENTS_PATH:
            self._events()
            return
        path = self.path.split("?", 1)[0]
        if "\x00" in unquote(path):  # no file has such a name; open() would raise
            self.send_error(HTTPStatus.BAD_REQUEST, "No such page")
            return
        if path.endswith("/") or path.endswith(".html"):
            self._page(path)
            return
        super().do_GET()

    def _page(self, path: str) -> None:
        self.state.settled(timeout=REBUILD_WAIT)
        if self.state.errors:
            self._send_html(error_page(self.state.errors))
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "No such page")
            return
        text = file.read_text(encoding="utf-8")
        try:
            notes = self.state.notes.get(file.relative_to(self.directory).as_posix())
        except ValueError:
            notes = None
        if notes:
            text = with_notes(text, notes)
        self._send_html(text.replace("</body>", RELOAD_SCRIPT + "</body>", 1))

    def _send_html(self, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.state.generation
        try:
            while True:
                now = self.state.wait_for_change(seen, timeout=15)
                message = b"event: reload\ndata: now\n\n" if now != seen else b": keep-alive\n\n"
                seen = now
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server, reporting a request that failed in one line instead of a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"jdtool serve: a request failed: {type(error).__name__}: {error}",
                  file=sys.stderr)


def error_page(errors: list[str]) -> str:
    """The page every address shows while the build fails, in the site's own styles (inlined:
    a first build that failed has written no ``site.css``)."""
    items = "".join(f"<li><code>{html.escape(error)}</code></li>" for error in errors)
    css = (templates_dir() / "site.css").read_text(encoding="utf-8")
    return ("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Build error</title><style>{css}</style></head><body>"
            '<header class="site-header"><p class="site-name">Preview</p></header>'
            '<main id="main"><h1>The site could not be built</h1>'
            '<p class="notice">Fix these problems and save; this page reloads by itself.</p>'
            f'<ul class="build-errors">{items}</ul>'
            f"</main>{RELOAD_SCRIPT}</body></html>")


def describe_failure(error: Exception) -> list[str]:
    if isinstance(error, BuildFailed):
        return [str(problem) for problem in error.problems]
    if isinstance(error, JdtoolError):
        return [str(error)]
    return [f"internal error: {type(error).__name__}: {error}"]


class Preview:
    """The preview site: built once, then refreshed for every batch of saved files."""

    def __init__(self, options: BuildOptions, report: Callable[[str], None],
                 lint: Linter | None = None) -> None:
        self.options = options
        self.report = report
        self.lint = lint
        self.findings: dict[Path, list[Finding]] = {}
        self.state = PreviewState()
        self.site: Site | None = None

    def _notes(self, paths: list[Path]) -> dict[str, list[Note]] | None:
        """Lint ``paths`` again (the whole site on a full build) and place every finding."""
        if self.lint is None or self.site is None:
            return None
        for path in paths:  # forget what those files said before
            for known in [known for known in self.findings if path in (known, *known.parents)]:
                del self.findings[known]
        for finding in self.lint(paths):
            self.findings.setdefault(Path(finding.path).resolve(), []).append(finding)
        return page_notes(self.site.packs,
                          [finding for found in self.findings.values() for finding in found])

    def full_build(self) -> None:
        self.state.begin()
        try:
            self._full_build()
        finally:
            self.state.end()

    def _full_build(self) -> None:
        started = time.perf_counter()
        try:
            self.site = Site(self.options)
            result = self.site.rebuild(self.options.out)
        except Exception as error:  # any failure: shown on the page, the server runs on
            self.site = None
            self._failed(error)
            return
        self.findings = {}
        self.state.finished([], self._notes([path.resolve() for path in self.options.paths]))
        self.report(f"built {counted(len(result.packs), 'pack')} in "
                    f"{(time.perf_counter() - started) * 1000:.0f} ms")

    def changed(self, paths: Iterable[Path], templates_changed: bool) -> None:
        if self.site is None or templates_changed:
            self.full_build()
            return
        self.state.begin()
        try:
            self._refresh(paths)
        finally:
            self.state.end()

    def _refresh(self, paths: Iterable[Path]) -> None:
        assert self.site is not None  # ``changed`` builds the whole site when there is none
        started = time.perf_counter()
        try:
            result = self.site.refresh(self.options.out, set(paths))
        except Exception as error:  # any failure: shown on the page, the server runs on
            self._failed(error)
            return
        self.state.finished([], self._notes(sorted({path.resolve() for path in paths})))
        self.report(f"rebuilt {', '.join(result.packs) or 'the site'} in "
                    f"{(time.perf_counter() - started) * 1000:.0f} ms")

    def _failed(self, error: Exception) -> None:
        errors = describe_failure(error)
        self.state.finished(errors)
        for line in errors:
            self.report(line)


def serve(options: BuildOptions, port: int, report: Callable[[str], None],
          ready: Callable[[str], None] | None = None, stop: threading.Event | None = None,
          lint: Linter | None = None) -> None:
    """Build, serve on 127.0.0.1:``port`` and rebuild on every save until interrupted.

    The preview's pages link to the preview itself, are built in this process (no forking
    beside the server's threads) and report no progress bar.
    """
    import watchfiles

    options = replace(options, site_url=f"http://127.0.0.1:{port}/", jobs=1, progress=False)
    check_replaceable(output_path(options.out), options.paths)  # before anything is served
    preview = Preview(options, report, lint)
    preview.full_build()
    options.out.mkdir(parents=True, exist_ok=True)
    handler = partial(PreviewHandler, state=preview.state, directory=str(options.out))
    server = PreviewServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    if ready:
        ready(url)
    templates = [options.templates.resolve()] if options.templates and \
        options.templates.is_dir() else []
    watched = [path for path in [*options.paths, *templates] if path.exists()]
    try:
        for changes in watchfiles.watch(*watched, stop_event=stop, debounce=50, step=20,
                                        raise_interrupt=False):
            paths = {Path(path) for _, path in changes if not _is_editor_noise(Path(path))}
            if paths:
                in_templates = any(t in p.parents for p in paths for t in templates)
                preview.changed(paths, in_templates)
    finally:
        server.shutdown()
        server.server_close()


WATCHED_SUFFIXES = (".md", ".markdown", ".html", ".xml", ".css", ".js")


def _is_editor_noise(path: Path) -> bool:
    """Editors' swap, backup and temporary files (``sed -i`` writes ``sedXXXXXX``)."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
        return True
    if path.suffix:
        return path.suffix.lower() not in WATCHED_SUFFIXES
    return name.startswith("sed") and not path.is_dir()


def print_report(line: str) -> None:
    print(f"jdtool serve: {line}", file=sys.stderr, flush=True)
