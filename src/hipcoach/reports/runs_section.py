"""The report's section on runs from the watch: the late-run fade of long runs by week
next to the routine's days, on one time axis, and the before/after comparison in the
same honest words as ``hipcoach runs trend``."""

from __future__ import annotations

from datetime import timedelta

from hipcoach.i18n import Lang, format_date, t
from hipcoach.reports.charts import day_label
from hipcoach.reports.shared import html_text
from hipcoach.runs.trend import WEEKS_SHOWN, Trend, Week
from hipcoach.runs.trend_text import comparison_lines, no_long_runs

_WIDTH, _HEIGHT = 620, 180
_LEFT, _TOP, _FADE_H = 44, 10, 96  # the fade's strip: ±its scale around 0 %
_DAYS_TOP, _DAYS_BOTTOM = 128, 160  # the routine's strip, below it
_WEEK = timedelta(days=7)
_GREY, _ROUTINE, _FADE = "#5b6670", "#9ec5e8", "#cf222e"


def runs_section_html(trend: Trend, lang: Lang) -> str:
    """The section, or "" when there are no runs. Without a long run in the last weeks,
    the chart shows the weeks up to the last long run, and says so; without any long
    run, a line says where the runs are, and the chart shows only the routine's days
    (or is left out with none)."""
    if not trend.runs:
        return ""
    weeks, lines = _weeks_and_note(trend, lang)
    lines += [*comparison_lines(trend, lang), t("runs.trend.caveat", lang=lang)]
    figure = (
        "<figure>"
        + _chart(weeks, lang)
        + f"<figcaption>{html_text(t('report.runs_caption', lang=lang))}</figcaption></figure>\n"
        if weeks
        else ""
    )
    return (
        f"<h2>{html_text(t('report.runs_title', lang=lang))}</h2>\n"
        + figure
        + "".join(f"<p>{html_text(line)}</p>\n" for line in lines)
    )


def _weeks_and_note(trend: Trend, lang: Lang) -> tuple[list[Week], list[str]]:
    weeks = trend.weeks[-WEEKS_SHOWN:]
    if any(week.runs for week in weeks):
        return weeks, []
    last = trend.last_long_run
    if last is not None:
        end = next(i for i, w in enumerate(trend.weeks) if w.monday <= last < w.monday + _WEEK)
        earlier = trend.weeks[max(0, end + 1 - WEEKS_SHOWN) : end + 1]
        date = format_date(last, lang=lang)
        return earlier, [t("report.runs_earlier", lang=lang, weeks=WEEKS_SHOWN, date=date)]
    shown = weeks if any(week.routine_days for week in weeks) else []
    return shown, [no_long_runs(trend, len(weeks), lang)]


def _chart(weeks: list[Week], lang: Lang) -> str:
    """Two strips on one time axis. Above, dots: the mean fade of that week's long runs
    (from 0, in %; positive is towards fatigue). Below, in a strip of their own so that no
    bar reaches into the fade's scale, bars: the routine's days that week, 0 to 7."""
    step = (_WIDTH - _LEFT - 40) / max(1, len(weeks))
    fades = [w.fade for w in weeks if w.fade is not None]
    top = max([5.0, *(abs(f) for f in fades)])  # a scale of at least ±5 %: noise looks small
    zero_y = _TOP + _FADE_H / 2
    right = _WIDTH - 40

    def fade_y(value: float) -> float:
        return zero_y - value / top * (_FADE_H / 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{html_text(t("report.runs_title", lang=lang))}">',
        _axis_text(4, fade_y(top) + 4, f"+{top:.0f} %"),
        _axis_text(4, zero_y + 4, "0 %"),
        _axis_text(4, fade_y(-top) + 4, f"-{top:.0f} %"),
        f'<line x1="{_LEFT}" y1="{zero_y}" x2="{right}" y2="{zero_y}" stroke="#d5dbe1"/>',
        # the routine's strip: its name above it, 0 and 7 at its bottom and top
        _axis_text(_LEFT, _DAYS_TOP - 4, t("report.runs_days_axis", lang=lang)),
        _axis_text(_LEFT - 6, _DAYS_TOP + 4, "7", "end"),
        _axis_text(_LEFT - 6, _DAYS_BOTTOM + 3, "0", "end"),
        f'<line x1="{_LEFT}" y1="{_DAYS_TOP}" x2="{right}" y2="{_DAYS_TOP}" stroke="#eef1f4"/>',
        f'<line x1="{_LEFT}" y1="{_DAYS_BOTTOM}" x2="{right}" y2="{_DAYS_BOTTOM}" '
        'stroke="#d5dbe1"/>',
    ]
    for index, week in enumerate(weeks):
        x = _LEFT + index * step
        height = week.routine_days / 7 * (_DAYS_BOTTOM - _DAYS_TOP)
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{_DAYS_BOTTOM - height:.1f}" '
            f'width="{step * 0.7:.1f}" height="{height:.1f}" fill="{_ROUTINE}">'
            f"<title>{week.monday.isoformat()}: {week.routine_days}/7</title></rect>"
        )
        if week.fade is not None:
            parts.append(
                f'<circle cx="{x + step / 2:.1f}" cy="{fade_y(week.fade):.1f}" r="4" '
                f'fill="{_FADE}"><title>{week.monday.isoformat()}: {week.fade:+.1f} %, '
                f"{week.runs}</title></circle>"
            )
        if index % 4 == 0:
            parts.append(_axis_text(x, _DAYS_BOTTOM + 14, day_label(week.monday, lang)))
    parts.append("</svg>")
    return "".join(parts)


def _axis_text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" fill="{_GREY}" text-anchor="{anchor}">'
        f"{html_text(text)}</text>"
    )
