"""Bilingual packs: ``description.cy.md`` beside ``description.md`` is published as a paired
Welsh page with a language switch, ``hreflang`` alternates, ``lang`` on the page and in the
PDF, and JSON-LD ``inLanguage``; the pack is still one pack."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from jdtool.core.packs import load_packs, translation_language
from jdtool.publish.context import BuildOptions
from jdtool.publish.site import BuildReport, build
from tests.conftest import write

PACK = """---
kind: pack
title: Communications Officer
organisation: Cardiff Bay Housing Co-operative
ref: CBH/2026/07
salary: £31,000 a year
location: Cardiff
status: published
posted: 2026-11-20
closing: 2026-12-18 12:00
revised: 2026-11-18
---
"""
ENGLISH = """---
kind: description
---

## Job purpose

- Tell members and tenants what the co-operative is doing
  - in print
  - online
"""
WELSH = """---
kind: description
title: Swyddog Cyfathrebu
---

## Diben y swydd

- Dweud wrth aelodau a thenantiaid beth mae'r gydweithfa yn ei wneud
  - mewn print
  - ar-lein
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    root = tmp_path_factory.mktemp("bilingual")
    folder = root / "posts" / "communications-officer"
    write(folder / "pack.md", PACK)
    write(folder / "description.md", ENGLISH)
    write(folder / "description.cy.md", WELSH)
    report = build(BuildOptions(paths=[root / "posts"], out=root / "site",
                                today=dt.date(2026, 12, 1), pdf=True, templates=None,
                                cache=None, progress=False, jobs=1,
                                site_url="https://jobs.example.cymru/"), generators=[])
    return root / "site", report


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_translation_files_are_recognised_and_kept_apart(tmp_path: Path) -> None:
    assert translation_language(Path("description.cy.md")) == "cy"
    assert translation_language(Path("person-spec.cy.md")) == "cy"
    assert translation_language(Path("notes.cy.md")) is None
    assert translation_language(Path("description.md")) is None
    folder = tmp_path / "posts" / "communications-officer"
    write(folder / "pack.md", PACK)
    write(folder / "description.md", ENGLISH)
    write(folder / "description.cy.md", WELSH)
    packs, problems = load_packs([tmp_path / "posts"])
    assert problems == [] and len(packs) == 1
    pack = packs[0]
    assert [d.path.name for d in pack.documents] == ["description.md"]
    assert [d.path.name for d in pack.translations["cy"]] == ["description.cy.md"]
    assert all(not d.problems for d in pack.translations["cy"])


def test_welsh_page_is_paired_with_the_english_one(site: tuple[Path, BuildReport]) -> None:
    out, report = site
    assert report.packs == ["communications-officer"] and report.pdfs == 2
    english = _page(out / "communications-officer" / "index.html")
    welsh = _page(out / "communications-officer" / "cy" / "index.html")
    assert english.html["lang"] == "en-GB" and welsh.html["lang"] == "cy"
    assert welsh.h1.get_text() == "Swyddog Cyfathrebu"
    assert "Diben y swydd" in welsh.get_text() and "Job purpose" not in welsh.get_text()
    for page in (english, welsh):
        alternates = {link["hreflang"]: link["href"]
                      for link in page.select("link[rel=alternate][hreflang]")}
        assert alternates == {"en-GB": "https://jobs.example.cymru/communications-officer/",
                              "cy": "https://jobs.example.cymru/communications-officer/cy/"}
    switch = english.select_one(".language-switch a")
    assert switch.get_text() == "Cymraeg" and switch["lang"] == "cy"
    assert switch["href"] == "../communications-officer/cy/"
    back = welsh.select_one(".language-switch a")
    assert back.get_text() == "English" and back["href"] == "../../communications-officer/"
    posting = json.loads(welsh.find("script", type="application/ld+json").string)
    assert posting["inLanguage"] == "cy"
    assert posting["url"] == "https://jobs.example.cymru/communications-officer/cy/"
    index = _page(out / "index.html")
    assert len(index.select("#open tbody tr")) == 1  # one pack, listed once


def test_welsh_pdf_is_tagged_welsh(site: tuple[Path, BuildReport]) -> None:
    out, _ = site
    reader = PdfReader(out / "communications-officer" / "cy" / "communications-officer.cy.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Diben y swydd" in text and "mewn print" in text
    english = PdfReader(out / "communications-officer" / "communications-officer.pdf")
    assert english.trailer["/Root"]["/Lang"] == "en-GB"


def test_a_document_states_its_language(tmp_path: Path) -> None:
    write(tmp_path / "posts" / "swyddog.md", WELSH.replace("title:", "lang: cy\nstatus: "
                                                           "published\ntitle:"))
    build(BuildOptions(paths=[tmp_path / "posts"], out=tmp_path / "site", pdf=False,
                       templates=None, cache=None, progress=False), generators=[])
    assert _page(tmp_path / "site" / "swyddog" / "index.html").html["lang"] == "cy"
    write(tmp_path / "bad" / "x.md", WELSH.replace("title:", "lang: Welsh language\ntitle:"))
    packs, _ = load_packs([tmp_path / "bad"])
    problems = [p for d in packs[0].all_documents() for p in d.problems]
    assert problems and "lang" in problems[0].message
