"""Paragraph and character styles of a Word document: names, heading levels, numbering, bold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from app.docx_io.revisions import w

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def is_on(element: etree._Element | None) -> bool | None:
    """A Word on/off property: None when absent, else whether it is switched on."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class Style:
    style_id: str
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline_level: int | None
    bold: bool | None


def _style(element: etree._Element) -> Style:
    def val(path: str) -> str | None:
        found = element.find(path)
        return found.get(w("val")) if found is not None else None

    ilvl = val(f"{w('pPr')}/{w('numPr')}/{w('ilvl')}")
    outline = val(f"{w('pPr')}/{w('outlineLvl')}")
    return Style(
        style_id=element.get(w("styleId"), ""),
        name=val(w("name")) or "",
        based_on=val(w("basedOn")),
        num_id=val(f"{w('pPr')}/{w('numPr')}/{w('numId')}"),
        ilvl=int(ilvl) if ilvl and ilvl.isdigit() else None,
        outline_level=int(outline) if outline and outline.isdigit() else None,
        bold=is_on(element.find(f"{w('rPr')}/{w('b')}")),
    )


class StyleSheet:
    """The styles part, with the inheritance (w:basedOn) Word applies."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for element in root.findall(w("style")):
            style = _style(element)
            self._styles[style.style_id] = style
            is_default = element.get(w("default")) in ("1", "true", "on")
            if is_default and element.get(w("type")) == "paragraph":
                self.default_paragraph = style.style_id

    def _chain(self, style_id: str | None) -> list[Style]:
        chain: list[Style] = []
        while style_id and style_id in self._styles and len(chain) < 20:
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def name(self, style_id: str | None) -> str | None:
        style = self._styles.get(style_id or "")
        return style.name if style else style_id

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for "Heading 1" (whatever the localised id), else the outline level, else None."""
        for style in self._chain(style_id):
            match = _HEADING_NAME.match(style.name.strip())
            if match:
                return int(match.group(1))
            if style.outline_level is not None:
                return style.outline_level + 1 if style.outline_level < 9 else None
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph of this style gets from the style."""
        for style in self._chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def bold(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            if style.bold is not None:
                return style.bold
        return False

    def num_ids(self) -> dict[str, str]:
        """Numbering styles' list ids, for resolving w:numStyleLink."""
        return {s.style_id: s.num_id for s in self._styles.values() if s.num_id}
