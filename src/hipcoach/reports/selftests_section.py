"""The report's section on the self-tests: per test each side's result with its norm band,
the asymmetry, a change since the previous test only when it is beyond the test's
measurement error (as ``coach.assessments`` judges it), the norm, and a small chart of
each side over the dates when a test has been taken twice or more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hipcoach.coach.assessments import SideResult, TestSummary
from hipcoach.i18n import Lang, format_date, t
from hipcoach.program.model import Side
from hipcoach.reports.assessments import answer_text, banded_number, change_text
from hipcoach.reports.charts import self_test_svg
from hipcoach.reports.shared import html_text

_COLUMNS = ("report.test_col", "side.left", "side.right", "report.asymmetry_col",
            "report.change_col")  # fmt: skip
_NONE = "–"
_NUMBER = ' class="n"'  # a column of numbers: right-aligned, its heading on one line


def self_tests_section_html(summaries: Sequence[TestSummary], lang: Lang) -> str:
    """The section, or "" when no self-test was taken."""
    if not summaries:
        return ""
    head = "".join(
        f"<th{_NUMBER if key == 'report.asymmetry_col' else ''}>"
        f"{html_text(t(key, lang=lang).capitalize())}</th>"
        for key in _COLUMNS
    )
    latest = max(summary.day for summary in summaries)
    rows = "".join(_row(summary, latest, lang) for summary in summaries)
    norms = "".join(
        f"<li><b>{html_text(s.step.name.get(lang))}</b>: {html_text(s.test.norm.get(lang))}</li>"
        for s in summaries
        if s.test.norm is not None
    )
    charts = "".join(
        f"<figure>{svg}<figcaption>{html_text(s.step.name.get(lang))}</figcaption></figure>\n"
        for s in summaries
        if (svg := self_test_svg(s, lang))
    )
    title = t("result.heading", lang=lang, test=t("stats.self_tests", lang=lang),
              date=format_date(latest, lang=lang))  # fmt: skip
    return (
        f"<h2>{html_text(title)}</h2>\n"
        f'<table class="tests"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n'
        + (f'<div class="dose tests">{charts}</div>' if charts else "")
        + f'<ul class="norms muted">{norms}</ul>\n'
        + f'<p class="muted">{html_text(t("result.caveat", lang=lang))}</p>\n'
    )


def _row(summary: TestSummary, latest: date, lang: Lang) -> str:
    """A test's row; its date only when older than the section's (a test left out since)."""
    name = html_text(summary.step.name.get(lang))
    if summary.day != latest:
        name += f'<br><span class="muted">{html_text(format_date(summary.day, lang=lang))}</span>'
    name_cell = f"<td>{name}</td>"
    flagged = ' class="flagged"' if summary.flagged else ""
    if None in summary.sides:  # a test of both legs at once
        results = f'<td colspan="2">{_result(summary, None, lang)}</td>'
    else:
        results = "".join(f"<td>{_result(summary, side, lang)}</td>" for side in ("left", "right"))
    asymmetry = summary.asymmetry_pct
    changes = [c for c in summary.changes if c.verdict in ("better", "worse")]
    return (
        f"<tr{flagged}>{name_cell}{results}"
        f"<td{_NUMBER}>{_NONE if asymmetry is None else f'{asymmetry:.0f} %'}</td>"
        f"<td>{html_text(' / '.join(change_text(summary, c, lang) for c in changes) or _NONE)}"
        "</td></tr>\n"
    )


def _result(summary: TestSummary, side: Side | None, lang: Lang) -> str:
    """A side's number and band, or its answers (a flag marked), or a dash when not taken."""
    result: SideResult | None = summary.sides.get(side)
    if result is None:
        return _NONE
    parts = []
    if summary.test.unit is not None:
        parts.append(html_text(banded_number(summary, side, result, lang)))
    if answers := answer_text(summary, result, lang):
        parts.append(html_text(answers))
    if summary.sides_apart:  # each side's own day: not compared
        day = format_date(summary.days[side], lang=lang)
        parts.append(f'<span class="muted">{html_text(day)}</span>')
    return "<br>".join(parts) or _NONE
