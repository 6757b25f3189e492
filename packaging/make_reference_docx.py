"""Build resources/reference.docx: the styles Word export uses (run again after changing them).

    .venv/bin/python packaging/make_reference_docx.py

Starts from python-docx's default template and tunes it for a calm, professional legal look:
Georgia body text, Arial headings in a dark slate blue, generous spacing, A4 pages with 2.5 cm
margins, and paragraph styles for clause text and list items. Its metadata is left blank and its
thumbnail and custom XML parts are dropped, so nothing personal or stale reaches an export.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT = "Georgia"
HEADING_FONT = "Arial"
INK = RGBColor(0x1F, 0x2A, 0x44)
MUTED = RGBColor(0x59, 0x60, 0x6B)
OUT = Path(__file__).resolve().parents[1] / "resources" / "reference.docx"


def _font(
    style: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    # East-Asian and complex-script fonts too, so Word does not fall back to the theme font.
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), name)


def _spacing(style: Any, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _paragraph_style(styles: Any, name: str, base: str) -> Any:
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def build() -> Any:
    document = Document()
    styles = document.styles

    normal = styles["Normal"]
    _font(normal, BODY_FONT, 10.5)
    _spacing(normal, 0, 6, 1.15)

    title = styles["Title"]
    _font(title, HEADING_FONT, 22, bold=True, color=INK)
    _spacing(title, 0, 4)
    # python-docx's Title has a bottom border; a calmer title has none.
    for border in title.element.xpath("./w:pPr/w:pBdr"):
        border.getparent().remove(border)

    subtitle = styles["Subtitle"]
    _font(subtitle, HEADING_FONT, 10.5, color=MUTED)
    subtitle.font.italic = False
    _spacing(subtitle, 0, 2)

    for name, size, before, after in (("Heading 1", 12, 18, 6), ("Heading 2", 10.5, 10, 4)):
        heading = styles[name]
        _font(heading, HEADING_FONT, size, bold=True, color=INK)
        _spacing(heading, before, after, 1.0)
        heading.paragraph_format.keep_with_next = True
    styles["Heading 1"].font.all_caps = True

    clause_text = _paragraph_style(styles, "Clause Text", "Normal")
    clause_text.paragraph_format.left_indent = Cm(1.27)
    clause_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    clause_list = _paragraph_style(styles, "Clause List", "Clause Text")
    _spacing(clause_list, 0, 4)

    # Word's built-in contents styles (named "toc 1", "toc 2" in styles.xml), with the number
    # at the margin and the heading at a tab stop.
    for level, (before, indent) in enumerate(((6, 0.0), (0, 0.64)), start=1):
        toc = _paragraph_style(styles, f"toc {level}", "Normal")
        _spacing(toc, before, 2, 1.0)
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(indent + 1.27))
        toc.font.bold = level == 1
        toc.element.set(qn("w:styleId"), f"TOC{level}")
        toc.element.attrib.pop(qn("w:customStyle"), None)  # built in, not a custom style
    _font(styles["TOC Heading"], HEADING_FONT, 12, bold=True, color=INK)

    for name in ("Header", "Footer"):
        style = _paragraph_style(styles, name, "Normal")
        _font(style, HEADING_FONT, 8.5, color=MUTED)
        _spacing(style, 0, 0, 1.0)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)

    _blank_properties(document)
    _drop_parts(document)
    # No page thumbnail in exports: it would show the first page to anyone browsing files.
    for preview in document.settings.element.xpath("./w:savePreviewPicture"):
        preview.getparent().remove(preview)
    return document


def _blank_properties(document: Any) -> None:
    core = document.core_properties
    for name in (
        "author",
        "comments",
        "keywords",
        "last_modified_by",
        "subject",
        "title",
        "category",
        "content_status",
        "identifier",
        "language",
        "version",
    ):
        setattr(core, name, "")
    core.revision = 1
    core.created = core.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _drop_parts(document: Any) -> None:
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]
    # stylesWithEffects is Word 2010's copy of styles.xml: stale after tuning, and 430 KB.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML or rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rel_id]


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(OUT))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
