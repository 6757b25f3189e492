"""Word list numbering resolved to the labels a reader sees ("3.2", "(a)", "Article IV")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from app.docx_io.revisions import w

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


@dataclass(frozen=True)
class Level:
    """One level of a list definition (w:lvl)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    # The 1-based level whose advance restarts this one; None = the level above; 0 = never.
    restart: int | None = None
    legal: bool = False


@dataclass
class _Num:
    """A list instance (w:num): its definition and any restarts it applies."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def format_number(value: int, fmt: str) -> str | None:
    """One counter in one of Word's formats; None for a bullet."""
    if fmt == "bullet":
        return None
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        return f"{value}{_ordinal_suffix(value)}"
    return str(value)


def _letters(value: int) -> str:
    """Word's letters: a..z, then aa..zz, then aaa..."""
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value < 1 or value > 3999:
        return str(value)
    out = []
    for amount, digits in _ROMAN:
        while value >= amount:
            out.append(digits)
            value -= amount
    return "".join(out)


def _ordinal_suffix(value: int) -> str:
    if 10 <= value % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _int(element: etree._Element | None, default: int | None = None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(w("val"), ""))
    except ValueError:
        return default


def _level(element: etree._Element) -> Level:
    fmt_element = element.find(w("numFmt"))
    text_element = element.find(w("lvlText"))
    legal = element.find(w("isLgl"))
    return Level(
        start=_int(element.find(w("start")), 1) or 0,
        fmt=fmt_element.get(w("val"), "decimal") if fmt_element is not None else "decimal",
        text=text_element.get(w("val"), "") if text_element is not None else "",
        restart=_int(element.find(w("lvlRestart"))),
        legal=legal is not None and legal.get(w("val"), "true") not in ("0", "false", "off"),
    )


def _levels(abstract: etree._Element) -> dict[int, Level]:
    found = {}
    for element in abstract.findall(w("lvl")):
        ilvl = _int_attr(element, "ilvl")
        if ilvl is not None and 0 <= ilvl < LEVELS:
            found[ilvl] = _level(element)
    return found


def _int_attr(element: etree._Element, name: str) -> int | None:
    try:
        return int(element.get(w(name), ""))
    except ValueError:
        return None


class Numbering:
    """The numbering part of one document, with the running counters of its lists.

    Labels must be asked for in reading order: each call advances the list's counters the way
    Word does (a higher level's advance restarts the levels below it).
    """

    def __init__(self, root: etree._Element | None, style_num_ids: dict[str, str]) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}
        self._style_levels: dict[str, int] = {}
        self._nums: dict[str, _Num] = {}
        if root is not None:
            self._read(root)
        self._style_num_ids = style_num_ids
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    def _read(self, root: etree._Element) -> None:
        for abstract in root.findall(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"), "")
            self._abstracts[abstract_id] = _levels(abstract)
            for element in abstract.findall(w("lvl")):
                style = element.find(w("pStyle"))
                ilvl = _int_attr(element, "ilvl")
                if style is not None and ilvl is not None:
                    self._style_levels.setdefault(style.get(w("val"), ""), ilvl)
            link = abstract.find(w("numStyleLink"))
            if link is not None:
                self._style_links[abstract_id] = link.get(w("val"), "")
        for num in root.findall(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is None:
                continue
            entry = _Num(ref.get(w("val"), ""))
            for override in num.findall(w("lvlOverride")):
                ilvl = _int_attr(override, "ilvl")
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    continue
                start = _int(override.find(w("startOverride")))
                if start is not None:
                    entry.start_overrides[ilvl] = start
                level = override.find(w("lvl"))
                if level is not None:
                    entry.level_overrides[ilvl] = _level(level)
            self._nums[num.get(w("numId"), "")] = entry

    def _abstract_of(self, num: _Num) -> str:
        """Follow a numbering style link (w:numStyleLink) to the definition holding the levels."""
        abstract_id = num.abstract_id
        for _ in range(4):
            style = self._style_links.get(abstract_id)
            linked_num = self._nums.get(self._style_num_ids.get(style or "", ""))
            if style is None or linked_num is None:
                break
            abstract_id = linked_num.abstract_id
        return abstract_id

    def level(self, num_id: str, ilvl: int) -> Level | None:
        num = self._nums.get(num_id)
        return self.level_for(num, ilvl) if num is not None else None

    def style_level(self, style_id: str) -> int | None:
        """The list level a paragraph style is tied to (w:lvl/w:pStyle), if any."""
        return self._style_levels.get(style_id)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The visible label of the next paragraph of list ``num_id`` at level ``ilvl``."""
        num = self._nums.get(num_id)
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        current = self.level(num_id, ilvl)
        if num is None or current is None:
            return None
        abstract_id = self._abstract_of(num)
        counters = self._counters.setdefault(abstract_id, [None] * LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden in num.start_overrides:
                counters[overridden] = None
        previous = counters[ilvl]
        counters[ilvl] = self._start(num, ilvl) if previous is None else previous + 1
        self._restart_below(num_id, ilvl, counters)
        return self._render(num, num_id, current, counters)

    def _start(self, num: _Num, ilvl: int) -> int:
        if ilvl in num.start_overrides:
            return num.start_overrides[ilvl]
        level = self.level_for(num, ilvl)
        return level.start if level else 1

    def level_for(self, num: _Num, ilvl: int) -> Level | None:
        if ilvl in num.level_overrides:
            return num.level_overrides[ilvl]
        return self._abstracts.get(self._abstract_of(num), {}).get(ilvl)

    def _restart_below(self, num_id: str, ilvl: int, counters: list[int | None]) -> None:
        for deeper in range(ilvl + 1, LEVELS):
            level = self.level(num_id, deeper)
            restart = level.restart if level and level.restart is not None else deeper
            if ilvl < restart:
                counters[deeper] = None

    def _render(
        self, num: _Num, num_id: str, current: Level, counters: list[int | None]
    ) -> str | None:
        if current.fmt == "bullet":
            return None

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            level = self.level(num_id, index) or Level()
            count = counters[index]
            number = count if count is not None else self._start(num, index)
            fmt = "decimal" if current.legal and level.fmt != "none" else level.fmt
            return format_number(number, fmt) or ""

        label = _PLACEHOLDER.sub(value, current.text).strip()
        return label or None
