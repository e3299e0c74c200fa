"""The site's pages: one page per pack, the vacancy index, the Atom feed and the sitemap."""

from __future__ import annotations

import datetime as dt

from jdtool.model import Pack
from jdtool.publish.context import SiteContext
from jdtool.publish.feeds import atom_feed, sitemap
from jdtool.publish.jsonld import job_posting, script_json
from jdtool.publish.views import PackView, pack_view

FAR_FUTURE = dt.datetime.max


def pack_page(context: SiteContext, pack: Pack, view: PackView) -> str:
    from jdtool.publish.templates import render

    return render(context.env, "pack.html", root="../", pack=view, site=_site(context),
                  jsonld=script_json(job_posting(pack, view, context.options.site_url)))


def write_pack_pages(context: SiteContext, report: object, progress: object) -> list[PackView]:
    from jdtool.publish.site import BuildReport

    assert isinstance(report, BuildReport)
    views = []
    for pack in context.packs:
        view = pack_view(pack, context.options.today, pdf=context.options.pdf)
        view.links = dict(context.links.get(pack.slug, {}))
        context.write(view.url, pack_page(context, pack, view))
        report.pages += 1
        report.rendered += 1
        views.append(view)
    return views


def write_site_pages(context: SiteContext, items: list[tuple[Pack, PackView]]) -> None:
    """``index.html`` (open then closed vacancies), ``feed.xml`` and ``sitemap.xml``."""
    from jdtool.publish.templates import render

    views = [view for _, view in items]
    open_views = sorted((v for v in views if v.is_open),
                        key=lambda v: (v.closing or FAR_FUTURE, v.title, v.slug))
    closed_views = sorted((v for v in views if not v.is_open),
                          key=lambda v: (v.closing or FAR_FUTURE, v.slug), reverse=True)
    context.write("index.html", render(
        context.env, "index.html", root="", site=_site(context), open_packs=open_views,
        closed_packs=closed_views))
    site_url, today = context.options.site_url, context.options.today
    context.write("feed.xml", atom_feed(context.env, items, site_url, today))
    context.write("sitemap.xml", sitemap(context.env, items, site_url, today))


def _site(context: SiteContext) -> dict[str, object]:
    return {"today": context.options.today, "url": context.options.site_url,
            "drafts": context.options.drafts}
