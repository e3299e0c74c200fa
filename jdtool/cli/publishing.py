"""Commands for publishing: ``build`` (static site and PDF packs) and ``serve`` (live preview).

Every ``build`` option is declared once, in ``build``, and passed on in ``BuildOptions``: as a
typed field (``--docx`` is ``docx=True``, which makes the build run the Word generator), or in
``extra`` when only the up-to-date check needs it (``--strict``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import fail, print_problem, user_errors

if TYPE_CHECKING:
    from jdtool.publish.context import BuildOptions

HANDFUL = 8


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"--today: '{value}' is not a date; use YYYY-MM-DD") from None


def build(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    out: Path = typer.Option(Path("build/site"), "--out", "-o", help="Output folder."),
    today: str = typer.Option(None, "--today", help="Date that decides open/closed (YYYY-MM-DD; "
                                                    "default: today)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include draft and in-review packs."),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="HTML only: skip the PDF packs."),
    templates: Path = typer.Option(Path("templates"), "--templates",
                                   help="Folder of templates overriding the built-in ones."),
    site_url: str = typer.Option("http://127.0.0.1:8000/", "--site-url",
                                 help="Public URL of the site (for feed, sitemap, JSON-LD)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Render everything again."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    strict: bool = typer.Option(False, "--strict", help="Refuse to publish if lint finds "
                                "errors in what would be published."),
    docx: bool = typer.Option(False, "--docx", help="Also write each pack as a Word .docx "
                                                    "next to its PDF."),
) -> None:
    """Build the static site and PDF job packs from posts/ into build/site.

    Builds into a temporary folder and swaps it in, so a failed build leaves the old site.

    Examples:

    \b
      jdtool build
      jdtool build --no-pdf --today 2026-12-01 --out /tmp/site
      jdtool build --docx
    """
    from jdtool.cli.linting import lint_before_build
    from jdtool.publish.context import BuildOptions

    def lint_summary() -> None:
        lint_before_build(paths or [Path("posts")], drafts=drafts, strict=strict, quiet=quiet,
                          today=_today(today))

    options = BuildOptions(
        paths=paths or [Path("posts")], out=out, today=_today(today), drafts=drafts,
        pdf=not no_pdf, templates=templates, site_url=_site_url(site_url), jobs=jobs,
        cache=None if no_cache else Path(".jdtool-cache"), progress=not quiet,
        docx=docx, extra={"strict": strict}, preflight=lint_summary)
    run_build(options, quiet)


def _site_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise fail(f"--site-url: '{value}' must start with http:// or https://")
    return value if value.endswith("/") else value + "/"


def run_build(options: BuildOptions, quiet: bool = False) -> None:
    """Run a build and print its summary; document problems are printed one per line."""
    from jdtool.publish.site import BuildFailed, build

    with user_errors(), _progress_bar(options.progress and not quiet) as progress:
        try:
            report = build(options, progress=progress)
        except BuildFailed as failure:
            for problem in failure.problems:
                print_problem(problem)
            raise fail(str(failure)) from None
    if quiet:
        return
    if report.unchanged:
        print(f"{options.out} is up to date: nothing changed since the last build",
              file=sys.stderr)
        return
    made = f"{report.rendered} pages rendered" + (
        f", {report.typeset} PDFs typeset" if options.pdf else "")
    print(f"built {report.pages} pages and {report.pdfs} PDFs for {len(report.packs)} packs "
          f"into {options.out} ({made}; the rest unchanged)", file=sys.stderr)


@contextmanager
def _progress_bar(wanted: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal, shown once more than a handful of packs are built."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, TaskID

    from jdtool.cli.output import console

    # No auto-refresh thread: the build forks worker processes, and threads do not fork well.
    with Progress(console=console(stderr=True), transient=True, auto_refresh=False) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if total == 0:
                tasks[stage] = bar.add_task(f"Reading {stage}", total=None)
                bar.refresh()
                return
            if total <= HANDFUL:
                return
            if stage not in tasks:
                for task in tasks.values():
                    bar.update(task, visible=False)
                tasks[stage] = bar.add_task(f"Building {stage}", total=total)
            bar.update(tasks[stage], completed=done, refresh=True)
        yield advance


def serve(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    port: int = typer.Option(8000, "--port", "-p", help="Port on 127.0.0.1 (0: any free port)."),
    out: Path = typer.Option(Path("build/preview"), "--out", "-o", help="Preview folder."),
    today: str = typer.Option(None, "--today", help="Date that decides open/closed."),
    drafts: bool = typer.Option(True, "--drafts/--no-drafts",
                                help="Show draft and in-review packs (shown by default)."),
    pdf: bool = typer.Option(False, "--pdf", help="Typeset the PDFs too (slower rebuilds)."),
    templates: Path = typer.Option(Path("templates"), "--templates",
                                   help="Folder of templates overriding the built-in ones."),
) -> None:
    """Preview the site on http://127.0.0.1:8000/, rebuilding and reloading on every save.

    A document with errors shows them on the page; the server keeps running. Ctrl+C stops.

    Examples:

    \b
      jdtool serve
      jdtool serve --port 8080 --pdf
    """
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.serve import print_report
    from jdtool.publish.serve import serve as run_serve

    options = BuildOptions(paths=paths or [Path("posts")], out=out, today=_today(today),
                           drafts=drafts, pdf=pdf, templates=templates,
                           site_url=f"http://127.0.0.1:{port}/", progress=False,
                           jobs=1)  # no forking beside the server's threads
    with user_errors():
        try:
            run_serve(options, port, print_report,
                      ready=lambda url: print_report(f"serving {url} (Ctrl+C to stop)"))
        except OSError as error:
            raise fail(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(serve)
