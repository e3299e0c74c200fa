"""The Word house style: A4, en-GB and plain styles, read from a replaceable definition file.

The definitions live in ``jd_templates/word/house-style.toml`` (page size and margins, the
language, fonts, and size/weight/colour/spacing per Word style); a project overrides them
with its own ``templates/word/house-style.toml`` (the folder that overrides the site's
templates), key by key. ``apply`` rewrites python-docx's blank template to match, so every
.docx jdtool writes (exports and redlines) looks like one office's documents, not like
python-docx's sample: no theme fonts, no blue headings, no US Letter page.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdtool.core.problems import JdtoolError
from jdtool.core.resources import templates_dir

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

STYLE_FILE = Path("word") / "house-style.toml"
USER_TEMPLATES = Path("templates")
TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per loaded file
class HouseStyle:
    """The definitions, merged: the built-in file, then the project's copy over it."""

    data: dict[str, Any]
    source: Path

    def page(self, key: str) -> Any:
        return self.data["page"][key]

    @property
    def language(self) -> str:
        return str(self.page("language"))

    def twips(self, key: str) -> int:
        return round(float(self.page(key)) * TWIPS_PER_MM)

    @property
    def text_width(self) -> int:
        """Twentieths of a point between the side margins."""
        return self.twips("width_mm") - 2 * self.twips("margin_mm")


def load(project: Path | None = None) -> HouseStyle:
    """The house style for the project at ``project`` (default: the current folder)."""
    user = (project or Path.cwd()) / USER_TEMPLATES / STYLE_FILE
    return _load(str(user) if user.is_file() else "")


@cache
def _load(user: str) -> HouseStyle:
    built_in = templates_dir() / STYLE_FILE
    data = _read(built_in)
    source = built_in
    if user:
        source = Path(user)
        _merge(data, _read(source))
    return HouseStyle(data, source)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise JdtoolError(f"{path}: cannot read the Word house style: {error}",
                          exit_code=2) from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def apply(document: WordDocument, style: HouseStyle) -> None:
    """Page size, margins, language, fonts and the listed styles, onto ``document``."""
    from docx.shared import Pt, RGBColor, Twips

    section = document.sections[0]
    section.page_width, section.page_height = (Twips(style.twips("width_mm")),
                                               Twips(style.twips("height_mm")))
    margin = Twips(style.twips("margin_mm"))
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    fonts = style.data["fonts"]
    _defaults(document, str(fonts["body"]), float(fonts["size_pt"]), style.language)
    for name, values in style.data.get("styles", {}).items():
        try:
            target = document.styles[name]
        except KeyError:
            raise JdtoolError(f"{style.source}: Word has no style called '{name}'",
                              exit_code=2) from None
        heading = name.startswith(("Heading", "Title", "Subtitle"))
        font = target.font  # type: ignore[union-attr]
        _plain_fonts(target.element, str(fonts["headings" if heading else "body"]))
        if "size_pt" in values:
            font.size = Pt(float(values["size_pt"]))
        for flag in ("bold", "italic"):
            if flag in values:
                setattr(font, flag, bool(values[flag]))
        font.color.rgb = RGBColor.from_string(str(values.get("colour", fonts["colour"])))
        paragraph = target.paragraph_format  # type: ignore[union-attr]
        if "space_before_pt" in values:
            paragraph.space_before = Pt(float(values["space_before_pt"]))
        if "space_after_pt" in values:
            paragraph.space_after = Pt(float(values["space_after_pt"]))
    _settings_language(document, style.language)
    document.core_properties.language = style.language


def _plain_fonts(element: Any, font: str) -> None:
    """A style's fonts set by name, with the theme fonts (which would win) taken away."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), font)
    # Word's built-in Title has a bottom border and expanded spacing: the plain style drops
    # them (any w:pBdr of the paragraph properties).
    paragraph = element.find(qn("w:pPr"))
    if paragraph is not None:
        for border in paragraph.findall(qn("w:pBdr")):
            paragraph.remove(border)
    for spacing in properties.findall(qn("w:spacing")):
        properties.remove(spacing)


def _defaults(document: WordDocument, font: str, size: float, language: str) -> None:
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))  # type: ignore[union-attr]
    fonts = properties.find(qn("w:rFonts"))
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), font)
    half_points = str(round(size * 2))
    properties.find(qn("w:sz")).set(qn("w:val"), half_points)
    properties.find(qn("w:szCs")).set(qn("w:val"), half_points)
    lang = properties.find(qn("w:lang"))
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _settings_language(document: WordDocument, language: str) -> None:
    from docx.oxml.ns import qn

    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)
