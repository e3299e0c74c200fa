"""The static site read back: index grouping, pack pages, feed, sitemap, generators, atomicity."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from jdtool.core.problems import JdtoolError
from jdtool.publish import SiteContext
from jdtool.publish.context import BuildOptions
from jdtool.publish.site import BuildFailed, build
from tests.conftest import write

TODAY = dt.date(2026, 12, 1)


def options(posts: Path, out: Path, **changes: object) -> BuildOptions:
    values: dict[str, object] = {"paths": [posts], "out": out, "today": TODAY, "pdf": False,
                                 "templates": None, "cache": None, "progress": False}
    values.update(changes)
    return BuildOptions(**values)  # type: ignore[arg-type]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_index_groups_open_and_closed_by_closing_date(posts_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(options(posts_copy, out, today=dt.date(2026, 12, 10)), generators=[])
    page = soup(out / "index.html")
    open_rows = [row.th.get_text(strip=True) for row in page.select("#open tbody tr")]
    closed_rows = [row.th.get_text(strip=True) for row in page.select("#closed tbody tr")]
    # Regional organiser closed on 7 December; director closes 14 December; the elected
    # General Secretary has no closing date: listed for reference, apart from the vacancies.
    assert open_rows == ["Director of Operations"]
    assert closed_rows == ["Regional Organiser"]
    reference = [item.a.get_text(strip=True) for item in page.select(".reference-list li")]
    assert reference == ["General Secretary"]
    assert page.select_one(".reference-list a")["href"] == "general-secretary/"
    director = page.select("#open tbody tr")[0]
    cells = [cell.get_text(strip=True) for cell in director.find_all("td")]
    assert cells[0] == "Northfield Workers' Union"
    assert "£78,500 to £86,200 a year" in cells
    assert cells[-1] == "Monday 14 December 2026 at 12:00"


def test_pack_page_has_facts_documents_criteria_and_jsonld(posts_copy: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(options(posts_copy, out), generators=[])
    page = soup(out / "director-of-operations" / "index.html")
    assert page.h1.get_text() == "Director of Operations"
    facts = {row.dt.get_text(): row.dd.get_text() for row in page.select("dl.key-facts > div")}
    assert facts["Reference"] == "NWU/2026/014"
    assert facts["Reports to"] == "General Secretary"
    assert facts["Interview date"] == "Tuesday 12 January 2027"
    headings = [h.get_text() for h in page.select("section.document > h2")]
    assert headings == ["Job brief", "Job description", "Person specification", "How to apply"]
    criteria = page.select("table.criteria")
    assert [c.caption.get_text() for c in criteria][:2] == ["Qualifications criteria",
                                                            "Knowledge criteria"]
    first = [td.get_text() for td in criteria[0].select("tbody tr")[0].find_all("td")]
    assert first[1:] == ["Essential", "Application"]
    posting = json.loads(page.find("script", type="application/ld+json").string)
    assert posting["@type"] == "JobPosting"
    assert posting["validThrough"] == "2026-12-14T12:00:00"
    assert posting["baseSalary"]["value"]["minValue"] == 78500
    assert posting["identifier"]["value"] == "NWU/2026/014"
    assert posting["hiringOrganization"]["name"] == "Northfield Workers' Union"


def test_feed_and_sitemap_leave_out_closed_posts(posts_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(options(posts_copy, out, today=dt.date(2026, 12, 10)), generators=[])
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(out / "feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert titles and all("Regional Organiser" not in (t or "") for t in titles)
    urls = [loc.text for loc in ElementTree.parse(out / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(u and u.endswith("/director-of-operations/") for u in urls)
    assert not any(u and u.endswith("index.html") for u in urls)  # pretty links
    assert not any(u and "regional-organiser" in u for u in urls)


def test_drafts_only_on_request_and_archived_never(posts_copy: Path, tmp_path: Path) -> None:
    text = (posts_copy / "regional-organiser.md").read_text(encoding="utf-8")
    write(posts_copy / "draft-post.md", text.replace("status: published", "status: draft"))
    write(posts_copy / "old-post.md", text.replace("status: published", "status: archived"))
    out = tmp_path / "site"
    build(options(posts_copy, out), generators=[])
    assert not (out / "draft-post").exists() and not (out / "old-post").exists()
    build(options(posts_copy, out, drafts=True), generators=[])
    assert (out / "draft-post" / "index.html").exists() and not (out / "old-post").exists()


def test_generators_add_pages_and_links(posts_copy: Path, tmp_path: Path) -> None:
    def history(context: SiteContext) -> None:
        for pack in context.packs:
            context.write(f"{pack.slug}/history.html", f"<p>{pack.slug} history</p>")
            context.links[pack.slug]["history"] = f"{pack.slug}/history.html"

    out = tmp_path / "site"
    build(options(posts_copy, out), generators=[history])
    assert (out / "general-secretary" / "history.html").read_text() == \
        "<p>general-secretary history</p>"
    links = [a["href"] for a in soup(out / "general-secretary" / "index.html").select("nav a")]
    assert "../general-secretary/history.html" in links


def test_generator_cannot_write_outside_the_site(posts_copy: Path, tmp_path: Path) -> None:
    def escape(context: SiteContext) -> None:
        context.write("../outside.html", "no")

    with pytest.raises(JdtoolError, match="not a plain path"):
        build(options(posts_copy, tmp_path / "site"), generators=[escape])
    assert not (tmp_path / "outside.html").exists()


def test_failed_build_leaves_the_old_site_untouched(posts_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(options(posts_copy, out), generators=[])
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def boom(context: SiteContext) -> None:
        context.write("half-written.html", "partial")
        raise JdtoolError("generator failed half-way")

    def interrupted(context: SiteContext) -> None:
        context.write("half-written.html", "partial")
        raise KeyboardInterrupt

    with pytest.raises(JdtoolError, match="half-way"):
        build(options(posts_copy, out), generators=[boom])
    with pytest.raises(KeyboardInterrupt):
        build(options(posts_copy, out), generators=[interrupted])
    write(posts_copy / "regional-organiser.md", "---\nkind: description\nclosing: [\n---\n")
    with pytest.raises(BuildFailed):
        build(options(posts_copy, out), generators=[])
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # The failed builds left nothing beside the site, and it is still a plain folder.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert not out.is_symlink()


def test_hostile_markdown_is_escaped_and_bad_links_refused(posts_copy: Path,
                                                           tmp_path: Path) -> None:
    hostile = ("---\nkind: description\ntitle: Test <script>alert(1)</script>\n"
               "status: published\n---\n\n## Duties\n\n"
               "<script>alert(2)</script> [click](javascript:alert(3)) "
               "[data](data:text/html,hi) <img src=x onerror=alert(4)> "
               "![tracking pixel](https://tracker.example.com/p.gif)\n")
    write(posts_copy / "hostile.md", hostile)
    out = tmp_path / "site"
    build(options(posts_copy, out), generators=[])
    html = (out / "hostile" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    assert not page.find("img")
    assert not re.search(r'href="(javascript|data):', html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "tracker.example.com" not in html and "tracking pixel" in html


def test_template_override_can_extend_the_theme(posts_copy: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates / "base.html", '{% extends "!theme/base.html" %}'
          "{% block footer %}Fictional Union jobs{% endblock %}")
    out = tmp_path / "site"
    build(options(posts_copy, out, templates=templates), generators=[])
    assert soup(out / "index.html").footer.get_text(strip=True) == "Fictional Union jobs"
    write(templates / "index.html", "{% extends 'base.html' %}\n{% block main %}\n"
          "{{ no_such_value }}\n{% endblock %}")
    with pytest.raises(JdtoolError, match=r"index\.html:3: template error"):
        build(options(posts_copy, out, templates=templates), generators=[])


def test_a_new_commit_makes_the_next_build_real_for_history_pages(posts_copy: Path,
                                                                   tmp_path: Path) -> None:
    """The checked-out commit is a build input through the history generator's fingerprint
    alone: a site without history pages does not look at git."""
    import subprocess

    from jdtool.history.pages import history_pages

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                       cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "posts")
    git("commit", "-q", "-m", "first")
    settings = options(posts_copy, tmp_path / "site", cache=tmp_path / "cache")
    assert not build(settings, generators=[history_pages]).unchanged
    assert build(settings, generators=[history_pages]).unchanged
    git("commit", "-q", "--allow-empty", "-m", "history pages must see this commit")
    assert not build(settings, generators=[history_pages]).unchanged
    assert not build(settings, generators=[]).unchanged  # other generators: a real build
    git("commit", "-q", "--allow-empty", "-m", "nothing without history depends on this")
    assert build(settings, generators=[]).unchanged
