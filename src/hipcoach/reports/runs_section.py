"""The report's section on runs from the watch: the late-run fade of long runs by week
next to the routine's days, on one time axis, and the before/after comparison in the
same honest words as ``hipcoach runs trend``."""

from __future__ import annotations

from hipcoach.i18n import Lang, t
from hipcoach.reports.shared import html_text
from hipcoach.runs.trend import Trend, Week
from hipcoach.runs.trend_text import comparison_lines

WEEKS_SHOWN = 26
_WIDTH, _HEIGHT = 620, 170
_LEFT, _TOP, _PLOT_H = 44, 14, 110
_GREY, _ROUTINE, _FADE = "#5b6670", "#9ec5e8", "#cf222e"


def runs_section_html(trend: Trend, lang: Lang) -> str:
    """The section, or "" when there is nothing from the watch to show."""
    weeks = trend.weeks[-WEEKS_SHOWN:]
    if not any(week.runs for week in weeks):
        return ""
    lines = [*comparison_lines(trend, lang), t("runs.trend.caveat", lang=lang)]
    return (
        f"<h2>{html_text(t('report.runs_title', lang=lang))}</h2>\n<figure>"
        + _chart(weeks, lang)
        + f"<figcaption>{html_text(t('report.runs_caption', lang=lang))}</figcaption></figure>\n"
        + "".join(f"<p>{html_text(line)}</p>\n" for line in lines)
    )


def _chart(weeks: list[Week], lang: Lang) -> str:
    """Bars: routine days a week (0–7, right axis); dots: the mean fade of that week's
    long runs (left axis, from 0, in %; positive is towards fatigue)."""
    step = (_WIDTH - _LEFT - 40) / max(1, len(weeks))
    fades = [w.fade for w in weeks if w.fade is not None]
    top = max([5.0, *(abs(f) for f in fades)])  # a scale of at least ±5 %: noise looks small
    zero_y = _TOP + _PLOT_H / 2

    def fade_y(value: float) -> float:
        return zero_y - value / top * (_PLOT_H / 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{html_text(t("report.runs_title", lang=lang))}">',
        _axis_text(4, fade_y(top) + 4, f"+{top:.0f} %"),
        _axis_text(4, zero_y + 4, "0 %"),
        _axis_text(4, fade_y(-top) + 4, f"-{top:.0f} %"),
        f'<line x1="{_LEFT}" y1="{zero_y}" x2="{_WIDTH - 40}" y2="{zero_y}" stroke="#d5dbe1"/>',
        _axis_text(_WIDTH - 36, _TOP + 8, t("report.runs_days_axis", lang=lang)),
    ]
    for index, week in enumerate(weeks):
        x = _LEFT + index * step
        height = week.routine_days / 7 * _PLOT_H
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{_TOP + _PLOT_H - height:.1f}" '
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
            label = f"{week.monday.month}/{week.monday.day}"
            parts.append(_axis_text(x, _TOP + _PLOT_H + 16, label))
    parts.append("</svg>")
    return "".join(parts)


def _axis_text(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" fill="{_GREY}">{html_text(text)}</text>'
