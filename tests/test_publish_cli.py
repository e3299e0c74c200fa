"""``jdtool build`` from the command line: output, clean one-line errors, the old site kept,
and heavy libraries left unimported until a build needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.conftest import write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_site_and_then_is_up_to_date(posts_copy: Path, tmp_path: Path,
                                                      monkeypatch: object) -> None:
    out = tmp_path / "site"
    args = ["build", str(posts_copy), "--no-pdf", "--today", "2026-12-01", "--out", str(out)]
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    code, _, err = run(*args)
    assert code == 0, err
    assert "built 5 pages and 0 PDFs for 3 packs" in err  # index, 404 and 3 packs
    assert (out / "director-of-operations" / "index.html").is_file()
    assert (tmp_path / ".jdtool-cache" / "publish" / "page").is_dir()
    code, _, err = run(*args)
    assert code == 0 and "is up to date" in err


def test_bad_input_gives_one_line_errors_and_keeps_the_old_site(posts_copy: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "site"
    base = ["build", str(posts_copy), "--no-pdf", "--no-cache", "--out", str(out)]
    assert run(*base)[0] == 0
    before = (out / "index.html").read_bytes()
    (posts_copy / "regional-organiser.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    write(posts_copy / "director-of-operations" / "brief.md", "---\nkind: brief\ntitle: [x\n---\n")
    code, _, err = run(*base)
    assert code == 1
    lines = err.strip().splitlines()
    assert any(line.startswith(str(posts_copy / "regional-organiser.md")) for line in lines)
    assert any("brief.md:4:1: error JD004" in line for line in lines)
    assert "Traceback" not in err
    assert (out / "index.html").read_bytes() == before
    code, _, err = run("build", "--today", "tomorrow", "--out", str(out))
    assert code == 2 and err.strip() == "jdtool: --today: 'tomorrow' is not a date; use YYYY-MM-DD"


def test_cli_module_does_not_import_heavy_libraries() -> None:
    code = ("import sys, jdtool.cli.app; "
            "print(sorted(m for m in ('weasyprint', 'jinja2', 'watchfiles', 'jdtool.publish') "
            "if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert output.strip() == "[]"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("<>&\"'`*_[]()!:/ajsvscriptdta=\n ")),
                    max_size=80))
def test_any_markdown_renders_without_markup_injection(text: str, tmp_path: Path) -> None:
    from jdtool.core.documents import parse_document
    from jdtool.publish.body import document_html

    document = parse_document(f"---\nkind: description\n---\n\n## Duties\n\n{text}\n",
                              tmp_path / "x.md")
    html = str(document_html(document))
    page = BeautifulSoup(html, "html.parser")
    assert not page.find(["script", "img", "iframe", "object", "style", "link"])
    for tag in page.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs)
        assert not str(tag.get("href", "")).lower().lstrip().startswith(
            ("javascript:", "data:", "vbscript:"))
