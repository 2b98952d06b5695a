"""SVG charts for the HTML report: the training calendar, the dose trend per exercise, the
self-tests over time."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hipcoach.coach.assessments import TestSummary
from hipcoach.coach.days import SYMBOLS, DayState
from hipcoach.coach.stats import ExerciseStats, Stats
from hipcoach.i18n import DAY, MONTH, SIDE, UNIT, Lang, t
from hipcoach.reports.shared import html_text
from hipcoach.timeutil import days_from

if TYPE_CHECKING:
    pass


_STATE_FILL = {  # the one legend's states (coach.days), as the terminal colours them
    DayState.DONE: "#1a7f37",
    DayState.PARTIAL: "#d4a72c",
    DayState.MISSED: "#cf222e",
}
_NO_FILL = "#ebedf0"
_PRESCRIBED = "#1d2329"  # dark: its dashes show on the blue done line
_LINE_COLOURS = ("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e")


def calendar_svg(summary: Stats, lang: Lang, cell: int = 11, gap: int = 2) -> str:
    """A GitHub-style grid of days (columns are weeks), at most the last 53 weeks. Its
    months are named (``Oct``, ``10月``: a numeric month/year reads as a date), the year
    left of the first and again at each January; the last label is never cut off."""
    last = summary.last
    monday = last - timedelta(days=last.weekday())
    year = timedelta(weeks=52)
    first = max(summary.first, monday - year if monday - date.min > year else date.min)
    first -= timedelta(days=first.weekday())  # date.min is a Monday: this never underflows
    weeks = (last - first).days // 7 + 1
    left, top = 36, 14  # room on the left for the day names and the first year
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
    label_end = 0.0  # where the last month label ends: the next one starts after it
    labels: list[str] = []
    year_shown = False
    for day in days_from(first, last):
        week, row = (day - first).days // 7, day.weekday()
        x, y = left + week * (cell + gap), top + row * (cell + gap)
        label_first = day == first and day.day <= 21  # a month that starts later gets its own
        if (day.day == 1 or label_first) and x >= label_end:
            if not year_shown:  # the first label's year, left of it, above the day names
                year_text = html_text(t("report.year", lang=lang, year=day.year))
                labels.append(f'<text x="0" y="10" font-size="9" fill="#5b6670">{year_text}</text>')
            label = month_label(day, lang, with_year=year_shown and day.month == 1)
            year_shown = True
            label_end = x + label_width(label) + 4
            labels.append(
                f'<text x="{x}" y="10" font-size="9" fill="#5b6670">{html_text(label)}</text>'
            )
        state = summary.state(day)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" '
            f'fill="{_STATE_FILL.get(state, _NO_FILL)}"><title>{day.isoformat()} '
            f"{SYMBOLS[state]}</title></rect>"
        )
    full = max(width, math.ceil(label_end))  # the last label whole, never cut at the edge
    parts[0] = (
        parts[0]
        .replace(f'width="{width}"', f'width="{full}"', 1)
        .replace(f'viewBox="0 0 {width} ', f'viewBox="0 0 {full} ', 1)
    )
    parts += labels
    parts.append("</svg>")
    return "".join(parts)


_GREY = "#5b6670"
_PLOT_TOP = 16  # above it the unit and the legend, where no tick is
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def month_label(day: date, lang: Lang, *, with_year: bool = False) -> str:
    """``Oct`` / ``10月``; with the year ``Oct 2026`` / ``2026年10月``: a month, never
    a date."""
    month = t(MONTH[day.month - 1], lang=lang)
    return t("report.month_year", lang=lang, month=month, year=day.year) if with_year else month


def day_label(day: date, lang: Lang) -> str:
    """``Jun 8`` / ``6月8日``: a day on a time axis, its month spelled out."""
    return t("report.month_day", lang=lang, month=t(MONTH[day.month - 1], lang=lang),
             day=day.day)  # fmt: skip


def label_width(text: str, size: float = 9) -> float:
    """About how wide a label is drawn: wide (CJK) characters a full em, others 0.62."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.62 for c in text)


def nice_top(highest: float) -> float:
    """The axis top above ``highest`` with some room: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
    times a power of ten (30 s → 40, 10 reps → 12), so that it and its half read plainly."""
    if highest <= 0:
        return 1.0
    wanted = highest * 1.05
    power = 10.0 ** math.floor(math.log10(wanted))
    return next(power * n for n in _NICE if power * n >= wanted - 1e-9)


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html_text(label)}">'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" fill="{_GREY}" '
        f'text-anchor="{anchor}">{html_text(text)}</text>'
    )


def _polyline(points: list[tuple[float, float]], colour: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{colour}"/>' for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="1.5"{dash} points="{line}"/>' + (
        "" if dashed else dots
    )


def _y(value: float, top: float, height: int) -> float:
    """Where ``value`` is drawn on an axis from 0 (at the bottom) to ``top``."""
    return _PLOT_TOP + (height - 14 - _PLOT_TOP) * (1 - value / top)


def _frame(width: int, height: int, top: float, unit: str, first: str, last: str) -> list[str]:
    """Axes from zero: the y axis its ticks (0, the middle, the top) and above them its unit,
    where it cannot be read as a tick; the x axis its first and last day."""
    left, bottom = 34, height - 14
    ticks = [(0.0, "0"), (top / 2, f"{top / 2:g}"), (top, f"{top:g}")]
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{width - 6}" y2="{bottom}" stroke="#d5dbe1"/>',
        f'<line x1="{left}" y1="{_PLOT_TOP}" x2="{left}" y2="{bottom}" stroke="#d5dbe1"/>',
    ]
    for value, text in ticks:
        y = _y(value, top, height)
        if value:
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{width - 6}" y2="{y:.1f}" stroke="#eef1f4"/>'
            )
        parts.append(_text(left - 3, y + 3, text, "end"))
    if unit:
        parts.append(_text(left - 3, 9, unit, "end"))
    parts += [_text(left, height - 2, first), _text(width - 6, height - 2, last, "end")]
    return parts


def _legend(right: float, items: list[tuple[str, str, bool]]) -> list[str]:
    """Right-aligned in the strip above the plot: each line's sample and name."""
    parts: list[str] = []
    x = right
    for name, colour, dashed in reversed(items):
        x -= label_width(name)
        parts.append(_text(x, 9, name).replace(_GREY, colour))
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        parts.append(
            f'<line x1="{x - 20:.1f}" y1="6" x2="{x - 4:.1f}" y2="6" stroke="{colour}" '
            f'stroke-width="1.5"{dash}/>'
        )
        x -= 30
    return parts


def dose_svg(exercise: ExerciseStats, first: date, lang: Lang) -> str:
    """The dose per set, week by week: prescribed (dashed, drawn over the done line so that
    both show where they are the same) and done, from zero to a round top, in its unit,
    up to the week of the last session that had it; a point a week, at its Monday."""
    end = exercise.last_week
    if end is None:
        return ""
    width, height = 320, 100
    values = [v for v in exercise.weekly_planned + exercise.weekly_done if v is not None]
    top = nice_top(max(values, default=0.0))
    span = max(1, end)

    def xy(week: int, value: float) -> tuple[float, float]:
        return 34 + (width - 40) * week / span, _y(value, top, height)

    def line(series: list[float | None]) -> list[tuple[float, float]]:
        return [xy(n, v) for n, v in enumerate(series[: end + 1]) if v is not None]

    unit = t(UNIT[exercise.unit], lang=lang)
    last = first + timedelta(weeks=end)  # the Monday of the last week: as its point
    body = _frame(width, height, top, unit, first.isoformat(), last.isoformat())
    body += [
        _polyline(line(exercise.weekly_done), _LINE_COLOURS[0]),
        _polyline(line(exercise.weekly_planned), _PRESCRIBED, dashed=True),
    ]
    body += _legend(
        width - 6,
        [
            (t("report.legend_prescribed", lang=lang), _PRESCRIBED, True),
            (t("report.legend_done", lang=lang), _LINE_COLOURS[0], False),
        ],
    )
    return _svg(width, height, t("report.dose_over_time", lang=lang), body)


def pain_svg(summary: Stats, lang: Lang) -> str:
    """Every check-in's pain (red) and effort (blue) on 0-10, over the days of the period."""
    said = [c for c in summary.check_ins if c.lift is None]
    if not said:
        return ""
    width, height = 640, 120
    days = max(1, (summary.last - summary.first).days)

    def xy(day: date, value: int) -> tuple[float, float]:
        return 34 + (width - 40) * (day - summary.first).days / days, _y(value, 10, height)

    pains = [xy(c.local_date, c.pain) for c in said if c.pain is not None]
    efforts = [xy(c.local_date, c.effort) for c in said if c.effort is not None]
    # the scale (0-10) is in the chart's title: no unit on the axis
    body = _frame(width, height, 10, "", summary.first.isoformat(), summary.last.isoformat())
    body += [_polyline(efforts, _LINE_COLOURS[0]), _polyline(pains, "#cf222e")]
    body += _legend(
        width - 6,
        [
            (t("report.axis_pain", lang=lang), "#cf222e", False),
            (t("report.axis_effort", lang=lang), _LINE_COLOURS[0], False),
        ],
    )
    return _svg(width, height, t("report.pain_chart", lang=lang), body)


def self_test_svg(summary: TestSummary, lang: Lang) -> str:
    """A self-test's number on each date it was taken, a line a side named at its end,
    from zero in its unit; "" without a number or with fewer than two dates."""
    points = [(day, vs) for day, vs in summary.trend if any(v is not None for v in vs.values())]
    if summary.test.unit is None or len(points) < 2:
        return ""
    width, plot_width, height = 340, 300, 100  # the lines' names right of the plot
    first, last = points[0][0], points[-1][0]
    days = max(1, (last - first).days)
    top = nice_top(max(v for _, values in points for v in values.values() if v is not None))

    def xy(day: date, value: float) -> tuple[float, float]:
        x = 34 + (plot_width - 40) * (day - first).days / days
        return x, _y(value, top, height)

    unit = t(UNIT[summary.test.unit], lang=lang)
    body = _frame(plot_width, height, top, unit, first.isoformat(), last.isoformat())
    label_ys: list[float] = []
    for index, side in enumerate(summary.sides):
        colour = _LINE_COLOURS[index % len(_LINE_COLOURS)]
        line = [xy(day, v) for day, values in points if (v := values.get(side)) is not None]
        if not line:
            continue
        y = line[-1][1] + 3
        while any(abs(y - other) < 10 for other in label_ys):  # two ends close: apart
            y += 10
        label_ys.append(y)
        label = t(SIDE[side], lang=lang) if side else t("result.both", lang=lang)
        body.append(_polyline(line, colour))
        body.append(_text(plot_width - 2, y, label).replace(_GREY, colour))
    return _svg(width, height, summary.step.name.get(lang), body)
