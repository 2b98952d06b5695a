"""SVG charts for the HTML report: the training calendar, the dose trend per exercise, the
self-tests over time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from hipcoach.coach.assessments import TestSummary
from hipcoach.coach.days import SYMBOLS, DayState
from hipcoach.coach.stats import ExerciseStats, Stats
from hipcoach.i18n import DAY, SIDE, UNIT, Lang, t
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
    label_end = 0  # where the last month label ends: the next one starts after it
    for day in days_from(first, last):
        week, row = (day - first).days // 7, day.weekday()
        x, y = left + week * (cell + gap), top + row * (cell + gap)
        label_first = day == first and day.day <= 21  # a month that starts later gets its own
        if (day.day == 1 or label_first) and x >= label_end:
            label_end = x + 30  # "10/26" at 9 px is about 25 px wide
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
    parts.append("</svg>")
    return "".join(parts)


_GREY = "#5b6670"


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


def _frame(width: int, height: int, top: float, unit: str, first: str, last: str) -> list[str]:
    """Axes from zero: the y axis says its unit and top, the x axis its first and last day."""
    left, bottom = 34, height - 14
    return [
        f'<line x1="{left}" y1="{bottom}" x2="{width - 6}" y2="{bottom}" stroke="#d5dbe1"/>',
        f'<line x1="{left}" y1="6" x2="{left}" y2="{bottom}" stroke="#d5dbe1"/>',
        _text(left - 3, 12, f"{top:g}", "end"),
        _text(left - 3, bottom, "0", "end"),
        _text(2, (bottom + 6) / 2, unit),
        _text(left, height - 2, first),
        _text(width - 6, height - 2, last, "end"),
    ]


def dose_svg(exercise: ExerciseStats, first: date, lang: Lang) -> str:
    """The dose per set, week by week: prescribed (dashed) and done, from zero, in its unit,
    up to the week of the last session that had it."""
    end = exercise.last_week
    if end is None:
        return ""
    width, height = 320, 100
    values = [v for v in exercise.weekly_planned + exercise.weekly_done if v is not None]
    top = max(values) * 1.1 or 1.0
    span = max(1, end)

    def xy(week: int, value: float) -> tuple[float, float]:
        return 34 + (width - 40) * week / span, 6 + (height - 20) * (1 - value / top)

    def line(series: list[float | None]) -> list[tuple[float, float]]:
        return [xy(n, v) for n, v in enumerate(series[: end + 1]) if v is not None]

    unit = t(UNIT[exercise.unit], lang=lang)
    last = first + timedelta(weeks=end, days=6)
    body = _frame(width, height, round(top, 1), unit, first.isoformat(), last.isoformat())
    body += [
        _polyline(line(exercise.weekly_planned), _GREY, dashed=True),
        _polyline(line(exercise.weekly_done), _LINE_COLOURS[0]),
    ]
    return _svg(width, height, t("report.dose_over_time", lang=lang), body)


def pain_svg(summary: Stats, lang: Lang) -> str:
    """Every check-in's pain (red) and effort (blue) on 0-10, over the days of the period."""
    said = [c for c in summary.check_ins if c.lift is None]
    if not said:
        return ""
    width, height = 640, 120
    days = max(1, (summary.last - summary.first).days)

    def xy(day: date, value: int) -> tuple[float, float]:
        return 34 + (width - 40) * (day - summary.first).days / days, 6 + (height - 20) * (
            1 - value / 10
        )

    pains = [xy(c.local_date, c.pain) for c in said if c.pain is not None]
    efforts = [xy(c.local_date, c.effort) for c in said if c.effort is not None]
    body = _frame(width, height, 10, "0-10", summary.first.isoformat(), summary.last.isoformat())
    body += [_polyline(efforts, _LINE_COLOURS[0]), _polyline(pains, "#cf222e")]
    body += [
        _text(width - 6, 12, t("report.axis_pain", lang=lang), "end").replace(_GREY, "#cf222e"),
        _text(width - 6, 22, t("report.axis_effort", lang=lang), "end").replace(
            _GREY, _LINE_COLOURS[0]
        ),
    ]
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
    top = max(v for _, values in points for v in values.values() if v is not None) * 1.1 or 1.0

    def xy(day: date, value: float) -> tuple[float, float]:
        x = 34 + (plot_width - 40) * (day - first).days / days
        return x, 6 + (height - 20) * (1 - value / top)

    unit = t(UNIT[summary.test.unit], lang=lang)
    body = _frame(plot_width, height, round(top, 1), unit, first.isoformat(), last.isoformat())
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
