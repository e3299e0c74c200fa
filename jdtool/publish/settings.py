"""The site's settings: ``[tool.jdtool.site]`` in ``pyproject.toml`` or ``[site]`` in
``jdtool.toml`` (found by ``jdtool.core.settings.load_section``).

``url`` is where the site will be served from (the feed, the sitemap and the JSON-LD need
absolute URLs); ``name`` and ``logo`` brand the header; ``language`` is the pages' ``lang``;
``contact`` (an e-mail address or a web address) is offered in the footer; ``timezone``
decides which day "today" is when a build is not given ``--today``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jdtool.core.problems import JdtoolError
from jdtool.core.settings import load_section

PREVIEW_URL = "http://127.0.0.1:8000/"
"""The URL of ``jdtool serve``; a build for publishing without a URL falls back to it."""

FIELDS = ("url", "name", "logo", "language", "contact", "timezone")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What the settings file says about the site (defaults where it says nothing)."""

    url: str | None = None
    name: str = "Vacancies"
    logo: Path | None = None
    """The logo file (resolved against the settings file's folder)."""
    language: str = "en-GB"
    contact: str | None = None
    timezone: str | None = None
    source: Path | None = None
    """The settings file these came from (None: built-in defaults)."""

    @property
    def logo_url(self) -> str:
        """The logo's site-relative URL (copied to the site root by the build)."""
        return f"logo{self.logo.suffix.lower()}" if self.logo is not None else ""

    @property
    def contact_href(self) -> str:
        if not self.contact:
            return ""
        return f"mailto:{self.contact}" if _EMAIL.match(self.contact) else self.contact

    def fingerprint(self) -> str:
        """Everything about the settings that changes the pages, for the up-to-date check."""
        logo = ""
        if self.logo is not None and self.logo.is_file():
            info = self.logo.stat()
            logo = f"{self.logo}\0{info.st_size}\0{info.st_mtime_ns}"
        return "\0".join([self.name, self.language, self.contact or "", self.timezone or "",
                          self.url or "", logo])


def site_settings(start: Path | None = None) -> SiteSettings:
    """The site settings nearest ``start`` (default: the current folder)."""
    table, path = load_section("site", start)
    return parse_site_settings(table, path)


def parse_site_settings(table: dict[str, Any], path: Path | None) -> SiteSettings:
    """Check and type one ``site`` table; ``JdtoolError`` (exit 2) naming the file and key."""
    where = str(path) if path is not None else "site settings"
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise JdtoolError(f"{where}: unknown site setting '{unknown[0]}' (known: "
                          f"{', '.join(FIELDS)})", exit_code=2)
    values = {key: _text(where, key, value) for key, value in table.items()}
    url = values.get("url")
    if url is not None:
        url = normalise_url(url, f"{where}: site url")
    language = values.get("language", "en-GB")
    if not _LANGUAGE.match(language):
        raise JdtoolError(f"{where}: site language '{language}' is not a language tag such "
                          "as en-GB or cy", exit_code=2)
    timezone = values.get("timezone")
    if timezone is not None:
        _zone(timezone, where)
    return SiteSettings(url=url, name=values.get("name", "Vacancies"),
                        logo=_logo(values.get("logo"), path, where), language=language,
                        contact=values.get("contact"), timezone=timezone, source=path)


def normalise_url(value: str, what: str) -> str:
    """An absolute http(s) URL ending in ``/``; ``JdtoolError`` naming ``what`` otherwise."""
    if not value.startswith(("http://", "https://")) or len(value.split("/")[2]) == 0:
        raise JdtoolError(f"{what}: '{value}' must start with http:// or https:// and name a "
                          "host", exit_code=2)
    return value if value.endswith("/") else value + "/"


def publishing_url(given: str, settings: SiteSettings) -> tuple[str, str | None]:
    """The URL a build for publishing uses (``--site-url``, else the settings' ``url``) and
    the warning to give when it has neither (``--strict`` makes that an error)."""
    url = given or settings.url
    if url:
        return url, None
    message = (f"no site URL: the feed, the sitemap and the JSON-LD would point at "
               f"{PREVIEW_URL}; set url in [tool.jdtool.site] of pyproject.toml (or [site] "
               "of jdtool.toml), or pass --site-url")
    return PREVIEW_URL, message


def today_in(settings: SiteSettings) -> dt.date:
    """Today in the site's time zone (the machine's when it names none)."""
    if settings.timezone is None:
        return dt.date.today()
    return dt.datetime.now(_zone(settings.timezone, "site settings")).date()


def _text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise JdtoolError(f"{where}: site setting '{key}' must be a non-empty string",
                          exit_code=2)
    return value.strip()


def _zone(name: str, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise JdtoolError(f"{where}: site timezone '{name}' is not a time zone such as "
                          "Europe/London", exit_code=2) from None


def _logo(value: str | None, path: Path | None, where: str) -> Path | None:
    if value is None:
        return None
    logo = (path.parent if path is not None else Path.cwd()) / value
    if logo.suffix.lower() not in LOGO_SUFFIXES:
        raise JdtoolError(f"{where}: site logo '{value}' must be an image "
                          f"({', '.join(LOGO_SUFFIXES)})", exit_code=2)
    if not logo.is_file():
        raise JdtoolError(f"{where}: site logo '{value}' not found (looked for {logo})",
                          exit_code=2)
    return logo
