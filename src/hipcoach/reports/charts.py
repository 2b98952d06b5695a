"""SVG charts for the HTML report: the training calendar and the dose trend per exercise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hipcoach.coach.days import SYMBOLS, DayState
from hipcoach.coach.stats import Stats
from hipcoach.i18n import DAY, Lang, t
from hipcoach.reports.shared import html_text

if TYPE_CHECKING:
    pass


_STATE_FILL = {  # the one legend's states (coach.days), as the terminal colours them
    DayState.DONE: "#1a7f37",
    DayState.PARTIAL: "#d4a72c",
    DayState.MISSED: "#cf222e",
}
_NO_FILL = "#ebedf0"
_LINE_COLOURS = ("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e")


def calendar_svg(summary: Stats, lang: Lang, cell: int = 11, gap: int = 2) -> str:
    """A GitHub-style grid of days (columns are weeks), at most the last 53 weeks."""
    last = summary.last
    monday = last - timedelta(days=last.weekday())
    year = timedelta(weeks=52)
    first = max(summary.first, monday - year if monday - date.min > year else date.min)
    first -= timedelta(days=first.weekday())  # date.min is a Monday: this never underflows
    weeks = (last - first).days // 7 + 1
    left, top = 30, 14
    width, height = left + weeks * (cell + gap), top + 7 * (cell + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="'
        f'{html_text(t("report.calendar_caption", lang=lang))}">'
    ]
    for row, name in enumerate(("mon", "wed", "fri")):
        y = top + (row * 2) * (cell + gap) + cell - 2
        parts.append(
            f'<text x="0" y="{y}" font-size="9" fill="#5b6670">'
            f"{html_text(t(DAY[name], lang=lang))}</text>"
        )
    day = first
    while day <= last:
        week, row = (day - first).days // 7, day.weekday()
        x, y = left + week * (cell + gap), top + row * (cell + gap)
        label_first = day == first and day.day <= 21  # a month that starts later gets its own
        if day.day == 1 or label_first:
            parts.append(
                f'<text x="{x}" y="10" font-size="9" fill="#5b6670">'
                f"{day.month}/{day.year % 100:02d}</text>"
            )
        state = summary.state(day)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" '
            f'fill="{_STATE_FILL.get(state, _NO_FILL)}"><title>{day.isoformat()} '
            f"{SYMBOLS[state]}</title></rect>"
        )
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)


def dose_svg(
    weekly: Sequence[float | None], first: date, width: int = 640, height: int = 120
) -> str:
    """A line of the weekly mean dose, with its axis values."""
    points = [(i, v) for i, v in enumerate(weekly) if v is not None]
    if not points:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    low, high = (low - 1, high + 1) if low == high else (low, high)
    pad, span = 36, max(1, len(weekly) - 1)

    def xy(i: int, v: float) -> str:
        x = pad + (width - pad - 8) * i / span
        y = 8 + (height - 24) * (1 - (v - low) / (high - low))
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(i, v) for i, v in points)
    end = first + timedelta(weeks=len(weekly) - 1)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<line x1="{pad}" y1="{height - 16}" x2="{width - 8}" y2="{height - 16}" '
        'stroke="#d5dbe1"/>'
        f'<text x="0" y="14" font-size="10" fill="#5b6670">{high:g}</text>'
        f'<text x="0" y="{height - 18}" font-size="10" fill="#5b6670">{low:g}</text>'
        f'<text x="{pad}" y="{height - 3}" font-size="10" fill="#5b6670">{first.isoformat()}</text>'
        f'<text x="{width - 80}" y="{height - 3}" font-size="10" fill="#5b6670">'
        f"{end.isoformat()}</text>"
        f'<polyline fill="none" stroke="{_LINE_COLOURS[0]}" stroke-width="2" points="{line}"/>'
        + "".join(
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" '
            f'fill="{_LINE_COLOURS[0]}"/>'
            for p in line.split()
        )
        + "</svg>"
    )
