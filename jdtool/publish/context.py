"""What a build is asked to do (``BuildOptions``), what a generator sees (``SiteContext``) and
what a generator is (``Generator``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.core.staging import Staging, output_path
from jdtool.publish.settings import PREVIEW_URL, SiteSettings

if TYPE_CHECKING:
    from jinja2 import Environment

    from jdtool.core.model import Pack


@dataclass(slots=True)
class BuildOptions:
    """Every option of ``jdtool build``."""

    paths: list[Path] = field(default_factory=lambda: [Path("posts")])
    out: Path = Path("build/site")
    today: dt.date = field(default_factory=dt.date.today)
    drafts: bool = False
    pdf: bool = True
    templates: Path | None = None
    """A folder of templates overriding the built-in ones (``templates/`` if it exists)."""
    site_url: str = PREVIEW_URL
    """Where the site will be served from; feeds, sitemap and JSON-LD need absolute URLs.
    ``jdtool.api.build_site`` takes an empty one from the settings (``url``)."""
    site: SiteSettings = field(default_factory=SiteSettings)
    """Name, logo, language, contact of the site (``[tool.jdtool.site]``)."""
    cache: Path | None = Path(".jdtool-cache")
    jobs: int = 0
    """Worker processes (0: one per core)."""
    progress: bool = True
    history: bool = True
    """Write each pack's history pages (from git)."""
    docx: bool = False
    """Write each pack as a Word .docx next to its PDF."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Plain values that change what a build must redo (part of the up-to-date check)."""
    preflight: Callable[[list[Pack]], None] | None = None
    """Run once a build is known to be needed and its packs are loaded, before anything is
    written, with the packs it publishes (the lint gate and its summary); a build that is up
    to date skips it."""


@dataclass(slots=True)
class SiteContext:
    """The packs being published and the means to add pages to the site being built."""

    packs: list[Pack]
    out: Path
    """The (temporary) folder the site is being built in; swapped into place at the end."""
    env: Environment
    options: BuildOptions
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per pack slug: link label -> site-relative URL, shown on the pack page."""
    fingerprint: str = ""
    """What every page depends on besides its own pack (templates, jdtool, site options);
    a generator whose own inputs are unchanged too may ``reuse`` its files."""
    staging: Staging | None = None
    """The staged site ``out`` is, when a build fills one: every file goes through it (so
    that unchanged files are left as they are and the rest of an old tree is removed)."""

    def pack_url(self, pack: Pack) -> str:
        """The site-relative URL of a pack's page."""
        return pack_url(pack.slug)

    def path_for(self, relative: str) -> Path:
        """The file for a site-relative path; refuses anything that would land outside ``out``."""
        return safe_path(self.out, relative)

    def reuse(self, stamps: dict[str, list[int]], digests: dict[str, str] | None = None
              ) -> dict[str, list[int]] | None:
        """Carry files over unchanged from the site being replaced, if each is still the very
        file ``stamps`` describes (size and modification time, as ``stamps_of`` gave them);
        the new files' stamps, or None, and nothing carried, when one is not.

        They are copied (never hard-linked), so every file of the new site is its own, with
        the site's modes. When the staged site already holds every one of them (the same
        ``digests``, as ``digests_of`` gave them, by the staging's manifest) they are left as
        they are, and nothing is read.
        """
        kept = self._kept(stamps, digests) if digests else None
        if kept is not None:
            return kept
        previous = output_path(self.options.out)
        contents: list[tuple[str, bytes]] = []
        try:
            for relative, stamp in stamps.items():
                source = safe_path(previous, relative)
                if source.is_symlink() or _stamp(source) != stamp:
                    return None
                contents.append((relative, source.read_bytes()))
        except OSError:
            return None  # gone or replaced meanwhile: the pages are made again
        for relative, content in contents:
            self.write(relative, content)
        return self.stamps_of([relative for relative, _ in contents])

    def _kept(self, stamps: dict[str, list[int]], digests: dict[str, str]
              ) -> dict[str, list[int]] | None:
        """The stamps of the files, each left in place, if the staged site holds them all."""
        staging = self.staging
        if staging is None or not staging.recycled:
            return None
        held: dict[str, list[int]] = {}
        for relative in stamps:
            digest = digests.get(relative)
            stamp = staging.holds(plain_path(relative), digest) if digest else None
            if stamp is None:
                return None
            held[relative] = stamp
        for relative in held:
            staging.keep(plain_path(relative), digests[relative])
        return held

    def adopt(self, digests: dict[str, str]) -> None:
        """Files (by digest) a worker process wrote into this site: part of it."""
        if self.staging is not None:
            for relative, digest in digests.items():
                self.staging.adopt(plain_path(relative), digest)

    def digests_of(self, relatives: list[str]) -> dict[str, str]:
        """The digest of each file written (``reuse`` finds them by it in a later build);
        none outside a staged site."""
        if self.staging is None:
            return {}
        found = ((relative, self.staging.digest(plain_path(relative))) for relative in relatives)
        return {relative: digest for relative, digest in found if digest is not None}

    def stamps_of(self, relatives: list[str]) -> dict[str, list[int]]:
        """What ``reuse`` checks a file of this site against in the next build: the site is
        swapped into place by renaming its folder, so its files keep their size and time."""
        return {relative: _stamp(self.path_for(relative)) for relative in relatives}

    def write(self, relative: str, content: str | bytes) -> Path:
        """Write a file of the site (site-relative path, folders created), atomically.

        Replacing (never rewriting) the file also keeps hard-linked cache entries intact.
        """

        path = self.path_for(relative)
        if self.staging is not None:
            self.staging.write(path, content)
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, content)
        return path

    def render(self, template: str, relative: str, **values: Any) -> Path:
        """Render a template to a site-relative path; ``root`` (``../`` per level) is provided."""
        from jdtool.publish.templates import render

        values.setdefault("site", self.site_values())
        html = render(self.env, template, root=root_prefix(relative), **values)
        return self.write(relative, html)

    def site_values(self) -> dict[str, object]:
        """What every page's template knows of the site (``site`` in the templates)."""
        options = self.options
        return {"today": options.today, "url": options.site_url, "drafts": options.drafts,
                "name": options.site.name, "logo": options.site.logo_url,
                "language": options.site.language, "contact": options.site.contact or "",
                "contact_href": options.site.contact_href}


Generator = Callable[[SiteContext], None]
"""Writes extra pages into ``context.out`` and may add to ``context.links``; chosen per build
by ``jdtool.publish.generators.generators_for``."""


def pack_url(slug: str) -> str:
    """A pack page's link: the folder (``slug/``), as every static host serves it."""
    return f"{slug}/"


def page_file(slug: str) -> str:
    """The file that holds a pack's page."""
    return f"{slug}/index.html"


def pdf_url(slug: str) -> str:
    return f"{slug}/{slug}.pdf"


def root_prefix(relative: str) -> str:
    """``../`` once per folder level of a site-relative path, so pages link relatively."""
    return "../" * (len(PurePosixPath(relative).parts) - 1)


def _stamp(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def safe_path(root: Path, relative: str) -> Path:
    return root.joinpath(*_plain_parts(relative))


def plain_path(relative: str) -> str:
    """A site-relative path as ``safe_path`` takes it (``a/b.html``), checked the same way."""
    return "/".join(_plain_parts(relative))


def _plain_parts(relative: str) -> list[str]:
    # The parts as PurePosixPath gives them (empty and "." parts dropped), by string
    # operations: a build asks for a path per file it writes.
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if not parts or relative.startswith("/") or any(
            part == ".." or "\\" in part or "\x00" in part for part in parts):
        raise JdtoolError(f"refusing to write '{relative}': it is not a plain path inside the site")
    return parts
