"""Commands for publishing: ``build`` (static site and PDF packs) and ``serve`` (live preview).

Every ``build`` option is declared once, in ``build``, and handed to ``jdtool.api.build_site``,
which decides what a build does (the lint before publishing, ``--strict``, ``--docx``). What a
build does with its options lives in ``jdtool.cli.building``, free of typer, so that the plain
forms of ``build`` start without it (``building.fast_build``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.building import build_options, parse_today, run_build
from jdtool.core.problems import JdtoolError

if TYPE_CHECKING:
    from jdtool.publish.notes import Finding


def build(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    out: Path = typer.Option(Path("build/site"), "--out", "-o", help="Output folder."),
    today: str = typer.Option(None, "--today", help="Date that decides open/closed (YYYY-MM-DD; "
                                                    "default: today)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include draft and in-review packs."),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="HTML only: skip the PDF packs."),
    templates: Path = typer.Option(Path("templates"), "--templates",
                                   help="Folder of templates overriding the built-in ones."),
    site_url: str = typer.Option("", "--site-url", show_default=False,
                                 help="Public URL of the site (for feed, sitemap, JSON-LD; "
                                      "default: url in [tool.jdtool.site])."),
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
    run_build(build_options(paths, out=out, today=today, drafts=drafts, no_pdf=no_pdf,
                            templates=templates, site_url=site_url, jobs=jobs,
                            no_cache=no_cache, quiet=quiet),
              quiet, strict=strict, docx=docx)


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
    from jdtool.core.packs import paths_or_posts
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.serve import print_report
    from jdtool.publish.serve import serve as run_serve
    from jdtool.publish.settings import site_settings

    site = site_settings()
    options = BuildOptions(paths=paths_or_posts(paths), out=out, today=parse_today(today, site),
                           drafts=drafts, pdf=pdf, templates=templates, site=site)
    def lint(files: list[Path]) -> list[Finding]:
        from jdtool import api

        existing = [file for file in files if file.exists()]  # a deleted file has nothing
        return list(api.lint_paths(existing).result.findings) if existing else []

    try:
        run_serve(options, port, print_report, lint=lint,
                  ready=lambda url: print_report(f"serving {url} (Ctrl+C to stop)"))
    except OSError as error:
        raise JdtoolError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(serve)
