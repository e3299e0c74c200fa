"""The Atom feed of open vacancies and ``sitemap.xml`` (closed posts left out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment

from jdtool.core.model import Pack
from jdtool.publish.templates import render
from jdtool.publish.views import PackView, posted_date


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str
    updated: str
    summary: str


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(pack: Pack, today: dt.date) -> dt.date:
    assert pack.meta is not None
    return posted_date(pack.meta) or today


FEED_ENTRIES = 100
"""Feed readers poll often; the newest hundred open vacancies are plenty."""


def atom_feed(env: Environment, items: list[tuple[Pack, PackView]], site_url: str,
              today: dt.date) -> str:
    """Open vacancies, newest first; ``updated`` comes from the content so builds repeat."""
    open_items = [(pack, view) for pack, view in items if view.is_open]
    open_items.sort(key=lambda item: (_updated(item[0], today), item[1].slug), reverse=True)
    del open_items[FEED_ENTRIES:]
    entries = [FeedEntry(
        title=f"{view.title}" + (f", {view.organisation}" if view.organisation else ""),
        url=site_url + view.url, updated=_stamp(_updated(pack, today)),
        summary="; ".join(f"{label}: {value}" for label, value in view.facts))
        for pack, view in open_items]
    updated = entries[0].updated if entries else _stamp(today)
    return render(env, "atom.xml", site_url=site_url, entries=entries, updated=updated)


def sitemap(env: Environment, items: list[tuple[Pack, PackView]], site_url: str,
            today: dt.date) -> str:
    urls = [(site_url, None)] + [
        (site_url + view.url, _updated(pack, today).isoformat())
        for pack, view in sorted(items, key=lambda item: item[1].slug) if view.is_open]
    return render(env, "sitemap.xml", urls=urls)
