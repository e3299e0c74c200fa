"""The site's pages: one page per pack, the vacancy index, the Atom feed and the sitemap."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlparse

from markupsafe import Markup

from jdtool.core.model import Pack
from jdtool.publish.cache import content_key
from jdtool.publish.context import SiteContext, root_prefix
from jdtool.publish.feeds import atom_feed, sitemap
from jdtool.publish.jsonld import job_posting, script_json
from jdtool.publish.templates import render, template_files
from jdtool.publish.views import PackView
from jdtool.version import __version__

FAR_FUTURE = dt.datetime.max


def pack_page(context: SiteContext, pack: Pack, view: PackView) -> str:
    return render(context.env, "pack.html", root=root_prefix(view.page), pack=view,
                  site=context.site_values(),
                  jsonld=script_json(job_posting(pack, view, context.options.site_url)))


def site_fingerprint(context: SiteContext) -> str:
    """What every page depends on besides its own pack: templates, jdtool, site options."""
    parts: list[str | bytes] = [__version__, context.options.site_url,
                                str(context.options.pdf), str(context.options.drafts),
                                context.options.site.fingerprint()]
    for path in template_files(context.env):
        parts += [str(path), path.read_bytes()]
    return content_key(*parts)


def page_key(fingerprint: str, pack: Pack, view: PackView) -> str:
    parts: list[str | bytes] = [fingerprint, pack.slug, view.language, str(view.is_open),
                                view.pdf_url, json.dumps(view.versions),
                                str(view.pdf_size), str(view.pdf_pages),
                                json.dumps(view.links, sort_keys=True)]
    for document in pack.all_documents():
        parts += [document.path.name, document.source]
    return content_key(*parts)


def write_site_pages(context: SiteContext, items: list[tuple[Pack, PackView]]) -> None:
    """``index.html`` (open vacancies, then posts for reference, then closed vacancies),
    ``404.html``, ``feed.xml`` and ``sitemap.xml``."""
    views = [view for _, view in items]
    for view in views:
        if not view.row:
            view.row = Markup(render(context.env, "index-row.html", root="", pack=view))
    reference_views = sorted((v for v in views if v.is_reference),
                             key=lambda v: (v.title, v.slug))
    open_views = sorted((v for v in views if v.is_open and not v.is_reference),
                        key=lambda v: (v.closing or FAR_FUTURE, v.title, v.slug))
    closed_views = sorted((v for v in views if not v.is_open),
                          key=lambda v: (v.closing or FAR_FUTURE, v.slug), reverse=True)
    context.write("index.html", render(
        context.env, "index.html", root="", site=context.site_values(), open_packs=open_views,
        reference_packs=reference_views, closed_packs=closed_views))
    # Hosts serve 404.html at any missing address, so its links start from the site's root.
    context.write("404.html", render(context.env, "404.html", root=urlparse(
        context.options.site_url).path or "/", site=context.site_values()))
    site_url, today = context.options.site_url, context.options.today
    context.write("feed.xml", atom_feed(context.env, items, site_url, today))
    context.write("sitemap.xml", sitemap(context.env, items, site_url, today))
