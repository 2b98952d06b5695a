"""Wrapping that suits Japanese as well as English.

Rich wraps at spaces, so a Japanese sentence (which has none) is either cut with
"…" or folded at the edge, even before a "。". Here a line may break between any
two CJK characters, but never before closing punctuation or small kana, nor after
an opening bracket (the basic kinsoku rules), nor between a number and its counter
(12日, 3回), nor between a number and a short unit ("2 s"); English words stay whole.
A list of short items (a legend) wraps between items (:class:`Items`).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_NO_LINE_START = set(
    "、。，．,.・：；？！!?)）]］｝〕〉》」』】ー…々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
_NO_LINE_END = set("（([［｛〔〈《「『【")
_CJK_RANGES = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK = re.compile(rf"[{_CJK_RANGES}]")
# one CJK character, or a run of other non-space characters (a word), or spaces
_TOKEN = re.compile(rf"[{_CJK_RANGES}]|[^\s{_CJK_RANGES}]+|\s+")
_NUMBER = re.compile(r"[+\-−]?[0-9][0-9.,:]*")
_UNIT = re.compile(r"[A-Za-z%]{1,3}[,.;:)]?")


def _units(text: str) -> list[str]:
    """Pieces that must stay on one line: a word, or a CJK character with its punctuation."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        if token.isspace():
            if units:
                units[-1] += token  # as written: two spaces part a legend's items
            glue_next = False
            continue
        follows = bool(units) and not units[-1].endswith(" ")
        if units and (
            glue_next
            or (follows and token[0] in _NO_LINE_START)
            or _stays_with_number(units[-1], token)
        ):
            units[-1] += token
        else:
            units.append(token)
        glue_next = token[-1] in _NO_LINE_END
    return units


def _stays_with_number(before: str, token: str) -> bool:
    """A CJK counter stays with the number before it (12日, 3回, "9 本"), and so does a
    short unit after a space ("2 s", "-1.2 %", "30 km")."""
    if not before.endswith(" "):
        return before[-1].isdigit() and _CJK.fullmatch(token[0]) is not None
    return _NUMBER.fullmatch(before.rstrip(" ")) is not None and (
        _UNIT.fullmatch(token) is not None or _CJK.fullmatch(token) is not None
    )


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells (a single over-long unit is split by cells)."""
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for unit in _units(paragraph):
            if cell_len((line + unit).rstrip()) <= width:
                line += unit
                continue
            if line.strip():
                lines.append(line.rstrip())
            rest = unit
            while cell_len(rest.rstrip()) > width:
                head, rest = _split_cells(rest, width)
                lines.append(head)
            line = rest
        lines.append(line.rstrip())
    return lines


def _split_cells(unit: str, width: int) -> tuple[str, str]:
    cells = 0
    for index, char in enumerate(unit):
        cells += cell_len(char)
        if cells > width:
            return unit[:index], unit[index:]
    return unit, ""


class Prose:
    """A paragraph that wraps to the available width with the rules above."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="crop")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(u.rstrip()) for u in _units(self.text)), default=0)
        return Measurement(min(longest, options.max_width), cell_len(self.text))


def wrap_items(items: list[str], width: int, gap: str = "  ") -> list[str]:
    """Items side by side, ``gap`` apart, a new line where the next would not fit; an
    item wider than a line is wrapped as prose."""
    lines: list[str] = []
    line = ""
    for item in items:
        joined = f"{line}{gap}{item}" if line else item
        if cell_len(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        *whole, line = wrap(item, width)
        lines += whole
    return [*lines, line]


class Items:
    """A legend's items on as few lines as fit, never broken inside an item."""

    def __init__(self, items: list[str], style: str = "") -> None:
        self.items = items
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_items(self.items, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="crop")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(item) for item in self.items), default=0)
        return Measurement(min(longest, options.max_width), cell_len("  ".join(self.items)))
