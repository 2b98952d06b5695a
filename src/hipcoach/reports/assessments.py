"""Self-test results as text lines, for `hipcoach assess`, `stats` and the reports: each
side, the asymmetry, the norm band, a change only beyond the measurement error, the trend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hipcoach.coach.assessments import Change, SideResult, TestSummary
from hipcoach.coach.describe import answers_text
from hipcoach.i18n import BAND, CHANGE, SIDE, Lang, format_date, t
from hipcoach.log.records import answers_json
from hipcoach.program.model import SelfTest, Side
from hipcoach.reports.shared import md_text as _md


def number_text(test: SelfTest, value: float | None, lang: Lang) -> str:
    if value is None:
        return "-"
    n = f"{value:.0f}"
    key = (
        "result.seconds" if test.unit == "seconds" else "result.rep" if n == "1" else "result.reps"
    )
    return t(key, lang=lang, n=n)


def _side_name(side: Side | None, lang: Lang) -> str:
    return t(SIDE[side], lang=lang) if side else t("result.both", lang=lang)


def answer_text(summary: TestSummary, result: SideResult, lang: Lang) -> str:
    return answers_text(summary.test, result, lang)


def banded_number(summary: TestSummary, side: Side | None, result: SideResult, lang: Lang) -> str:
    """``62 s (good)``: a side's number with its norm band when the test has bands."""
    text = number_text(summary.test, result.value, lang)
    if side in summary.bands:
        text += t("result.band", lang=lang, band=t(BAND[summary.bands[side]], lang=lang))
    return text


def side_line(summary: TestSummary, lang: Lang) -> str:
    """``left 62 s (good) · right 48 s · asymmetry 23 %``, or the answers of each side."""
    parts = []
    for side, result in summary.sides.items():
        text = _side_name(side, lang)
        if summary.test.unit is not None:
            text += " " + banded_number(summary, side, result, lang)
        answers = answer_text(summary, result, lang)
        text = f"{text}: {answers}" if answers else text
        if summary.sides_apart:  # each side's latest is of another day: said, not compared
            day = format_date(summary.days[side], lang=lang)
            text += t("result.side_date", lang=lang, date=day)
        parts.append(text)
    line = t("list.dot", lang=lang).join(parts)
    if summary.sides_apart and "left" in summary.sides and "right" in summary.sides:
        line += t("list.dot", lang=lang) + t("result.no_asymmetry_apart", lang=lang)
    if summary.asymmetry_pct is not None:
        line += t("list.dot", lang=lang) + t(
            "result.asymmetry", lang=lang, pct=f"{summary.asymmetry_pct:.0f}"
        )
    return line


def change_text(summary: TestSummary, change: Change, lang: Lang) -> str:
    diff = change.difference
    amount = number_text(summary.test, abs(diff), lang)
    signed = ("+" if diff >= 0 else "−") + amount
    error = summary.test.smallest_change
    error_text = "" if error is None else number_text(summary.test, error, lang)
    return t(
        CHANGE[change.verdict],
        lang=lang,
        side=_side_name(change.side, lang),
        diff=signed,
        error=error_text,
    )


def trend_text(summary: TestSummary, lang: Lang) -> str | None:
    """Each side's numbers, oldest first, when there are two tests or more."""
    if summary.test.unit is None or len(summary.trend) < 2:
        return None
    sides: list[Side | None] = list(summary.sides)
    parts = []
    for side in sides:
        values = [f"{v[side]:.0f}" for _, v in summary.trend if v.get(side) is not None]
        parts.append(f"{_side_name(side, lang)} {' → '.join(values)}")
    return t("result.trend", lang=lang, values=t("list.dot", lang=lang).join(parts))


def summary_lines(summaries: Sequence[TestSummary], lang: Lang) -> list[str]:
    """Every test: heading, sides, changes, trend, norm. Empty when nothing was tested."""
    lines: list[str] = []
    for summary in summaries:
        day = format_date(summary.day, lang=lang)
        lines.append(t("result.heading", lang=lang, test=summary.step.name.get(lang), date=day))
        lines.append("  " + side_line(summary, lang))
        # without a known measurement error the norm's text says why no change is judged
        judged = [c for c in summary.changes if c.verdict != "not-judged"]
        if judged:
            changes = [change_text(summary, c, lang) for c in judged]
            lines.append("  " + t("list.dot", lang=lang).join(changes))
        if (trend := trend_text(summary, lang)) is not None:
            lines.append("  " + trend)
        if summary.test.norm is not None:
            lines.append("  " + summary.test.norm.get(lang))
    if lines:
        lines.append(t("result.caveat", lang=lang))
    return lines


def markdown_section(summaries: Sequence[TestSummary], lang: Lang) -> str:
    """The self-tests as a Markdown section for the coach's report; empty without any."""
    lines = summary_lines(summaries, lang)
    if not lines:
        return ""
    *results, caveat = lines  # the caveat last: a paragraph of its own, after the list
    # each result its own item, nested under its test's (four spaces: a nested list in
    # CommonMark and in Python-Markdown alike); a continuation line would join the
    # test's lines into one paragraph
    body = "\n".join(
        f"    - {_md(line.strip())}" if line.startswith("  ") else f"- {_md(line)}"
        for line in results
    )
    return f"\n## {t('stats.self_tests', lang=lang)}\n\n{body}\n\n{_md(caveat)}\n"


def summaries_json(summaries: Sequence[TestSummary]) -> list[dict[str, Any]]:
    """The same, for ``--json``: numbers, answers, flags, bands and judged changes."""
    return [
        {
            "test": s.step.id,
            "kind": s.test.kind,
            "unit": s.test.unit,
            "date": s.day.isoformat(),
            "sides": {
                side or "none": {
                    "value": r.value,
                    "answers": answers_json(r.answers),
                    "flags": list(r.flags),
                    "date": s.days[side].isoformat(),  # each side's latest test
                }
                for side, r in s.sides.items()
            },
            "asymmetry_pct": None if s.asymmetry_pct is None else round(s.asymmetry_pct, 1),
            "bands": {side or "none": b for side, b in s.bands.items()},
            "smallest_change": s.test.smallest_change,
            "changes": [
                {"side": c.side, "before": c.before, "after": c.after, "verdict": c.verdict}
                for c in s.changes
            ],
            "trend": [
                {"date": d.isoformat(), **{side or "none": v for side, v in values.items()}}
                for d, values in s.trend
            ],
        }
        for s in summaries
    ]
