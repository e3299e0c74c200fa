"""Bilingual packs: ``description.cy.md`` beside ``description.md`` makes a Welsh page.

A pack's translations (``Pack.translations``, found by ``core.packs``) become a second page
per language at ``<slug>/<lang>/``, with its own PDF, built like the pack's own page (same
templates, same cache). The pages link to each other with a language switch and
``hreflang`` alternates; each carries its language in ``lang`` (page and PDF) and in the
JSON-LD's ``inLanguage``. The site's own words (headings such as "Key facts") stay in the
site's language; the documents are the translator's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from jdtool.core.model import Pack
from jdtool.core.schema import Kind
from jdtool.publish.views import PackView, pack_view

LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English", "ga": "Gaeilge", "gd": "Gàidhlig",
                  "fr": "Français", "de": "Deutsch", "es": "Español", "pl": "Polski"}
"""Each language named in itself, as a language switch shows it."""


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


def translated_pack(pack: Pack, language: str) -> Pack:
    """The pack as its ``language`` translation: the translated documents (a translated
    ``pack.md`` as its pack file); the original's own introduction is not repeated."""
    documents = pack.translations[language]
    own = next((document for document in documents if document.kind is Kind.PACK), None)
    return Pack(pack.slug, pack.path, [d for d in documents if d is not own], own,
                list(pack.problems))


def translated_views(packs: list[Pack], views: list[PackView], *, today: dt.date,
                     pdf: bool) -> tuple[list[Pack], list[PackView]]:
    """A pack and view per translation, every view given its language switch."""
    extra_packs: list[Pack] = []
    extra_views: list[PackView] = []
    for pack, view in zip(packs, views, strict=True):
        languages = sorted(pack.translations)
        if not languages:
            continue
        versions = [(view.language, view.url)]
        for language in languages:
            translation = translated_pack(pack, language)
            translated = pack_view(translation, today, pdf=pdf, language=language)
            folder = f"{pack.slug}/{language}/"
            translated = replace(translated, url=folder, page=f"{folder}index.html",
                                 pdf_url=f"{folder}{pack.slug}.{language}.pdf" if pdf else "",
                                 links=dict(view.links))
            versions.append((language, folder))
            extra_packs.append(translation)
            extra_views.append(translated)
        for each in [view, *extra_views[-len(languages):]]:
            each.versions = [(tag, language_name(tag), url) for tag, url in versions]
    return extra_packs, extra_views
