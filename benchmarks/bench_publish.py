"""Publishing speed on the 1,000-pack synthetic corpus.

Targets (issue 4): HTML-only cold build >= 1,000 pages/s on 2 cores, and not slower than a
bare markdown-it-py + Jinja loop over the same files (the reference, measured in this run);
no-op rebuild <= 0.5 s; rebuild after editing one document <= 50 ms of work in ``serve``;
PDF <= 60 ms per page per core, warm. The machine is shared, so the serve and PDF figures
are also given in CPU time, which the load of other processes does not inflate.
"""

from __future__ import annotations

import ctypes.util
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from corpus import make_corpus
from timing import median_command_seconds, median_cpu_seconds, median_seconds, report

BIN = Path(sys.executable).parent
TODAY = dt.date(2026, 12, 1)


def bare_loop(corpus: Path, out: Path) -> int:
    """The reference: read each pack, markdown-it-py to HTML, one Jinja template, write."""
    from jinja2 import Environment
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    template = Environment(autoescape=True).from_string(
        "<!DOCTYPE html><html lang=en><title>{{ title }}</title><main>"
        "{% for body in bodies %}<section>{{ body }}</section>{% endfor %}</main></html>")
    pages = 0
    for folder in sorted(corpus.iterdir()):
        bodies = []
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            bodies.append(md.render(text.split("\n---\n", 1)[1]))
        target = out / folder.name / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        from markupsafe import Markup

        target.write_text(template.render(title=folder.name, bodies=[Markup(b) for b in bodies]))
        pages += 1
    return pages


def main() -> None:
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.site import Site, build

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = make_corpus(root / "posts", packs=1000)
        pages = 1001  # 1,000 pack pages and the index

        def options(**changes: object) -> BuildOptions:
            values: dict[str, object] = {"paths": [corpus], "out": root / "site",
                                         "today": TODAY, "pdf": False, "templates": None,
                                         "cache": root / "cache", "progress": False}
            values.update(changes)
            return BuildOptions(**values)  # type: ignore[arg-type]

        def cold(cache: bool) -> None:
            shutil.rmtree(root / "cache", ignore_errors=True)
            build(options(cache=root / "cache" if cache else None), generators=[])

        reference = median_seconds(lambda: bare_loop(corpus, root / "bare"), runs=3, warmup=0)
        report("bare markdown-it-py + Jinja loop, 1,000 packs (reference)", reference)
        print(f"    = {1000 / reference:,.0f} pages/s")
        for cache, label in ((False, "no cache"), (True, "filling the cache")):
            seconds = median_seconds(lambda cache=cache: cold(cache), runs=3, warmup=0)
            report(f"jdtool build --no-pdf, cold, {label}", seconds, "bare loop", reference,
                   ">= 1,000 pages/s")
            print(f"    = {pages / seconds:,.0f} pages/s")

        build(options(), generators=[])
        noop = median_seconds(lambda: build(options(), generators=[]), runs=7)
        report("no-op rebuild, in process", noop, target="<= 500 ms")
        command = [str(BIN / "jdtool"), "build", str(corpus), "--no-pdf", "--today",
                   TODAY.isoformat(), "--out", str(root / "site"), "-q"]
        whole = median_command_seconds(command, runs=5, cwd=str(root))
        python = median_command_seconds([sys.executable, "-c", "pass"], runs=5)
        report("no-op rebuild, whole jdtool process", whole, "python -c pass", python)

        site = Site(options(), generators=[])
        site.rebuild(root / "preview")
        edited = corpus / "pack-0500" / "description.md"
        original = edited.read_text(encoding="utf-8")
        count = 0

        def edit_once() -> None:
            nonlocal count
            count += 1
            edited.write_text(original + f"\nEdit number {count}.\n", encoding="utf-8")
            site.refresh(root / "preview", {edited})
        edit = median_seconds(edit_once, runs=9)
        edit_cpu = median_cpu_seconds(edit_once, runs=9)
        report("serve: rebuild after editing one document (wall)", edit)
        report("serve: rebuild after editing one document (CPU)", edit_cpu,
               target="<= 50 ms (Hugo ~80)")

        small = [corpus / f"pack-{n:04d}" for n in range(8)]
        for jobs, label in ((1, "1 process"), (0, "all cores")):
            seconds = median_seconds(lambda jobs=jobs: build(options(
                paths=small, pdf=True, cache=None, jobs=jobs, out=root / "pdfsite"),
                generators=[]), runs=3, warmup=0)
            report(f"build with PDFs, 8 packs, {label}", seconds)

    pdf_per_page()


def pdf_per_page() -> None:
    """Warm typesetting time per page of the example Director of Operations pack."""
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.pdf import print_css, print_html, typeset
    from jdtool.publish.site import Site, load_site_packs

    posts = Path(__file__).resolve().parent.parent / "posts" / "director-of-operations"
    site = Site(BuildOptions(paths=[posts], today=TODAY, cache=None), generators=[])
    site.packs = load_site_packs(site.options)
    view = site.views()[0]
    html, css = print_html(site.env, site.packs[0], view).html, print_css(site.env)
    started = time.perf_counter()
    _, page_count = typeset(html, css, "bench")
    print(f"first PDF (imports, fonts): {(time.perf_counter() - started) * 1000:.0f} ms")
    seconds = median_seconds(lambda: typeset(html, css, "bench"), runs=5)
    cpu = median_cpu_seconds(lambda: typeset(html, css, "bench"), runs=5)
    subset = ctypes.util.find_library("harfbuzz-subset") is not None
    report(f"PDF, {page_count}-page pack, warm, one core (wall)", seconds)
    report(f"PDF, {page_count}-page pack, warm, one core (CPU)", cpu)
    print(f"    = {cpu / page_count * 1000:.0f} ms CPU per page (target <= 60 ms); "
          f"libharfbuzz-subset0 {'present' if subset else 'MISSING: ~3x slower'}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
