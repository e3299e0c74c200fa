"""Site settings (``[tool.jdtool.site]`` / ``jdtool.toml``): read, checked, and used by the
build (URL, name and logo in the header, language, contact); no URL warns, ``--strict``
refuses; pretty links; actionable pack pages (contacts, call to action, headings, draft)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from jdtool.core.problems import JdtoolError
from jdtool.publish.settings import PREVIEW_URL, publishing_url, site_settings
from tests.conftest import POSTS, write
from tests.history_repo import run_jdtool

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#0b4f9c"/></svg>')


def _project(root: Path, settings: str, *, pyproject: bool = False) -> Path:
    shutil.copytree(POSTS, root / "posts")
    if pyproject:
        write(root / "pyproject.toml", "[project]\nname = \"jobs\"\n\n[tool.jdtool.site]\n"
              + settings)
    else:
        write(root / "jdtool.toml", "[site]\n" + settings)
    return root


def _build(root: Path, *extra: str) -> tuple[int, str]:
    result = run_jdtool("build", "--no-pdf", "--no-cache", "--today", "2026-12-01",
                        "--out", "site", *extra, cwd=root)
    return result.exit_code, result.stderr


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_settings_brand_the_site_and_give_every_absolute_url(tmp_path: Path) -> None:
    root = _project(tmp_path, 'url = "https://jobs.eastmoor.example/careers"\n'
                    'name = "Eastmoor Tenants\' Federation"\nlogo = "brand/logo.svg"\n'
                    'language = "en-GB"\ncontact = "jobs@eastmoor.example"\n'
                    'timezone = "Europe/London"\n', pyproject=True)
    write(root / "brand" / "logo.svg", LOGO)
    code, stderr = _build(root)
    assert code == 0, stderr
    assert "jdtool: warning" not in stderr
    site = root / "site"
    index = _page(site / "index.html")
    header = index.select_one("header.site-header")
    assert header is not None and "Eastmoor Tenants' Federation" in header.get_text()
    assert header.img is not None and header.img["src"] == "logo.svg"
    assert (site / "logo.svg").read_text() == LOGO
    footer = index.select_one("footer a[href^='mailto:']")
    assert footer is not None and footer["href"] == "mailto:jobs@eastmoor.example"
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://jobs.eastmoor.example/careers/director-of-operations/</loc>" in sitemap
    assert "index.html" not in sitemap
    pack = _page(site / "director-of-operations" / "index.html")
    posting = json.loads(pack.find("script", type="application/ld+json").string)
    assert posting["url"] == "https://jobs.eastmoor.example/careers/director-of-operations/"
    assert pack.select_one("header img")["src"] == "../logo.svg"
    links = {a.get_text(): a["href"] for a in index.select("#open tbody th a")}
    assert links["Director of Operations"] == "director-of-operations/"


def test_a_build_without_a_url_warns_and_strict_refuses(tmp_path: Path) -> None:
    shutil.copytree(POSTS, tmp_path / "posts")
    code, stderr = _build(tmp_path)
    assert code == 0
    assert f"jdtool: warning: no site URL: the feed, the sitemap and the JSON-LD would point " \
           f"at {PREVIEW_URL}" in stderr
    code, stderr = _build(tmp_path, "--strict", "--out", "strict-site")
    assert code == 2 and "no site URL" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "strict-site").exists()
    code, stderr = _build(tmp_path, "--site-url", "https://jobs.example.org")
    assert code == 0 and "jdtool: warning" not in stderr
    assert "https://jobs.example.org/" in (tmp_path / "site" / "feed.xml").read_text()


@pytest.mark.parametrize(("settings", "message"), [
    ('url = "jobs.example.org"\n', "site url: 'jobs.example.org' must start with http://"),
    ('colour = "red"\n', "unknown site setting 'colour'"),
    ('language = "English"\n', "site language 'English' is not a language tag"),
    ('timezone = "Mars/Olympus"\n', "site timezone 'Mars/Olympus' is not a time zone"),
    ('logo = "missing.png"\n', "site logo 'missing.png' not found"),
    ('logo = "notes.txt"\n', "site logo 'notes.txt' must be an image"),
    ("name = 3\n", "site setting 'name' must be a non-empty string"),
])
def test_bad_settings_are_one_line_naming_the_file(tmp_path: Path, settings: str,
                                                   message: str) -> None:
    root = _project(tmp_path, settings)
    with pytest.raises(JdtoolError) as raised:
        site_settings(root)
    assert str(raised.value).startswith(f"{root / 'jdtool.toml'}: ") and message in str(
        raised.value)
    code, stderr = _build(root)
    assert code == 2 and message in stderr and "Traceback" not in stderr


def test_url_comes_from_the_flag_then_the_settings() -> None:
    settings = site_settings(Path("/"))  # no settings file above the root: defaults
    assert settings.url is None and settings.name == "Vacancies"
    assert publishing_url("https://a.example/", settings) == ("https://a.example/", None)
    url, warning = publishing_url("", settings)
    assert url == PREVIEW_URL and warning is not None


def test_pack_page_offers_actions_and_one_heading_per_idea(tmp_path: Path) -> None:
    root = _project(tmp_path, 'url = "https://jobs.example.org/"\n')
    pack = root / "posts" / "director-of-operations" / "pack.md"
    pack.write_text(pack.read_text(encoding="utf-8").replace(
        "  email: recruitment@nwu.example.org",
        "  email: recruitment@nwu.example.org\n  phone: 0113 496 0000"), encoding="utf-8")
    code, stderr = _build(root)
    assert code == 0, stderr
    page = _page(root / "site" / "director-of-operations" / "index.html")
    assert page.select_one("a[href='mailto:recruitment@nwu.example.org']") is not None
    assert page.select_one("a[href='tel:01134960000']") is not None
    cta = page.select_one(".cta")
    assert cta is not None and "Monday 14 December 2026 at 12:00" in cta.get_text()
    assert cta.select_one("a[href='#apply']").get_text() == "How to apply"
    headings = [h.get_text(" ", strip=True) for h in page.find_all(["h1", "h2", "h3"])]
    assert headings.count("How to apply") == 1
    index = _page(root / "site" / "index.html")
    index_headings = [h.get_text(strip=True) for h in index.find_all(["h1", "h2", "h3"])]
    assert len(index_headings) == len(set(index_headings))
    assert index.body.get_text().count("Vacancies") <= 1  # the header only


def test_draft_pages_carry_a_banner_in_the_preview(tmp_path: Path) -> None:
    root = _project(tmp_path, 'url = "https://jobs.example.org/"\n')
    organiser = root / "posts" / "regional-organiser.md"
    organiser.write_text(organiser.read_text(encoding="utf-8").replace(
        "status: published", "status: draft", 1), encoding="utf-8")
    code, stderr = _build(root, "--drafts")
    assert code == 0, stderr
    draft = _page(root / "site" / "regional-organiser" / "index.html")
    banner = draft.select_one(".draft-banner")
    assert banner is not None and banner.get_text().startswith("Draft")
    published = _page(root / "site" / "director-of-operations" / "index.html")
    assert published.select_one(".draft-banner") is None
