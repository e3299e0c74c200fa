"""Create new documents and packs from the templates in ``jd_templates/new``.

Never overwrites: a file that exists is left alone and reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jdtool.core.packs import DOCUMENT_FILES, file_name, slug_problem
from jdtool.core.problems import EXISTS, JdtoolError, Problem
from jdtool.core.resources import templates_dir
from jdtool.core.schema import Kind


def scaffold(kind: Kind, pack: str, *, root: Path, title: str | None = None,
             organisation: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Write a new document (or, for ``kind`` pack, a whole pack); return the files written."""
    import jinja2  # deferred: only `new` and `build` render templates

    bad_name = slug_problem(pack, root / pack)
    if bad_name is not None:
        raise JdtoolError.from_problem(bad_name)
    folder = root / pack
    kinds = list(DOCUMENT_FILES.values()) if kind is Kind.PACK else [kind]
    targets = [folder / file_name(k) for k in kinds]
    existing = [path for path in targets if path.exists()]
    if existing:
        names = ", ".join(str(path) for path in existing)
        raise JdtoolError.from_problem(Problem(
            existing[0], 1, 1, EXISTS, f"already exists, not overwritten: {names}"))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "new"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    today = today or dt.date.today()
    values = {
        "title": title or pack.replace("-", " ").capitalize(),
        "organisation": organisation or "Your organisation",
        "ref": f"{pack.upper()[:12]}/{today.year}",
        "today": today,
        "closing": today + dt.timedelta(days=28),
        "interview": today + dt.timedelta(days=42),
        "revised": today.strftime("%Y-%m"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k, path in zip(kinds, targets, strict=True):
        text = environment.get_template(f"{k}.md").render(**values)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        written.append(path)
    return written
