"""The HTML report's charts read as what they are: units never where a tick would be, months
named (never a date-like 10/26) and never cut off, the runs' routine days apart from the
fade's scale, round axis tops with both dose lines visible; its print layout; and the
Markdown self-test list rendering as separate lines."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.coach.stats import ExerciseStats
from hipcoach.i18n import Lang
from hipcoach.log.store import open_store
from hipcoach.program.model import Text
from hipcoach.reports import charts
from hipcoach.reports.charts import dose_svg, label_width, nice_top
from hipcoach.reports.runs_section import _chart
from hipcoach.runs.trend import Week
from tests.conftest import pin_clock
from tests.histories import add_sessions, make_session
from tests.test_assess import FULL

runner = CliRunner()
TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def texts(svg: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(y), text) for x, y, text in TEXT.findall(svg)]


def export(fmt: str, lang: Lang = "en") -> str:
    result = runner.invoke(app, ["export", "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


def sessions_between(first: date, last: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """A session every other day from ``first`` to ``last``, the report made the next day."""
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 2)]
    with open_store() as store:
        add_sessions(store, [make_session(day, effort=5, pain=1) for day in days])
    pin_clock(monkeypatch, f"{last + timedelta(days=1)}T19:00", "Asia/Tokyo")


def calendar(page: str) -> str:
    found = re.search(r'<svg [^>]*aria-label="(Each square|1マスが1日)[^"]*">.*?</svg>', page)
    assert found is not None
    return found.group(0)


# --- 1. units -------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["s", "reps", "秒"])
def test_a_charts_unit_is_above_its_top_tick_never_among_the_ticks(unit: str) -> None:
    frame = "".join(charts._frame(320, 100, 40, unit, "2026-10-05", "2026-11-23"))
    drawn = texts(frame)
    [(_, unit_y, _)] = [t for t in drawn if t[2] == unit]
    ticks = [y for _, y, text in drawn if text in ("0", "20", "40")]
    assert len(ticks) == 3
    assert unit_y < min(ticks) - 6  # above the top tick, by more than a line's gap


def test_the_pain_chart_has_ticks_0_5_10_and_no_range_written_on_its_axis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions_between(date(2026, 10, 5), date(2026, 11, 28), monkeypatch)
    page = export("html")
    svg = re.search(r'<svg [^>]*aria-label="Pain and effort[^"]*">.*?</svg>', page)
    assert svg is not None
    labels = [text for _, _, text in texts(svg.group(0))]
    assert "0-10" not in labels  # the scale is in the title
    assert {"0", "5", "10", "pain", "effort"} <= set(labels)


# --- 2. calendar months ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("en", ["2026", "Oct", "Nov", "Dec"]), ("ja", ["2026年", "10月", "11月", "12月"])],
)
def test_calendar_months_are_named_with_the_year_first_and_none_cut_off(
    monkeypatch: pytest.MonkeyPatch, lang: Lang, labels: list[str]
) -> None:
    sessions_between(date(2026, 10, 5), date(2026, 11, 30), monkeypatch)
    svg = calendar(export("html", lang))
    width = float(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    drawn = texts(svg)
    months = [text for _, y, text in drawn if y == 10]
    assert months == labels
    assert not any("/" in text for _, _, text in drawn)  # never 10/26: it reads as a date
    for x, _, text in drawn:
        assert x + label_width(text) <= width, text


@pytest.mark.parametrize(("lang", "january"), [("en", "Jan 2027"), ("ja", "2027年1月")])
def test_calendar_says_the_year_again_at_january(
    monkeypatch: pytest.MonkeyPatch, lang: Lang, january: str
) -> None:
    sessions_between(date(2026, 11, 2), date(2027, 2, 10), monkeypatch)
    months = [text for _, y, text in texts(calendar(export("html", lang))) if y == 10]
    assert months[0] in ("2026", "2026年") and january in months


# --- 3. runs: fade and routine days apart ----------------------------------------------------


def test_routine_bars_stay_in_their_own_strip_below_the_fade_scale() -> None:
    weeks = [
        Week(monday=date(2026, 9, 7) + timedelta(weeks=n), fade=fade, runs=1, routine_days=days)
        for n, (fade, days) in enumerate([(2.0, 0), (-5.0, 7), (None, 3), (1.0, 7)])
    ]
    svg = _chart(weeks, "en")
    drawn = {text: y for _, y, text in texts(svg)}
    lowest_fade = drawn["-5 %"]
    bars = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)]
    assert bars and min(bars) > lowest_fade + 4  # a full week's bar stays below -5 %
    dots = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert max(dots) < min(bars)
    assert "7" in drawn and "0" in drawn and drawn["7"] < drawn["0"]  # the days' own scale
    assert "Routine days a week (0–7)" in drawn


# --- 5. dose charts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("highest", "top"), [(30, 40), (10, 12), (33, 40), (45, 50), (5, 6), (0.4, 0.5), (0, 1)]
)
def test_axis_tops_are_round_and_above_the_highest_value(highest: float, top: float) -> None:
    assert nice_top(highest) == pytest.approx(top)


def exercise(planned: list[float | None], done: list[float | None]) -> ExerciseStats:
    return ExerciseStats(
        step_id="stretch",
        name=Text(en="Stretch", ja="ストレッチ"),
        unit="seconds",
        sets_done=10,
        sets_skipped=0,
        weekly_sets=[2] * len(done),
        weekly_planned=planned,
        weekly_done=done,
    )


def test_the_dose_chart_has_a_round_top_a_middle_tick_and_both_lines_visible() -> None:
    svg = dose_svg(
        exercise([20.0, 30.0, 30.0, 30.0], [20.0, 30.0, 30.0, 30.0]), date(2026, 10, 5), "en"
    )
    labels = [text for _, _, text in texts(svg)]
    assert {"0", "20", "40", "s", "prescribed", "done"} <= set(labels)
    assert "33" not in labels
    # the dashed prescribed line drawn after (over) the done line: both show where equal
    lines = re.findall(r"<polyline [^>]*>", svg)
    assert len(lines) == 2 and "stroke-dasharray" in lines[-1]
    assert "2026-10-26" in labels  # the last point's week, by its Monday (as the first)


# --- 4. print layout -------------------------------------------------------------------------


def test_print_css_lets_chart_rows_break_and_keeps_short_cells_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions_between(date(2026, 10, 5), date(2026, 11, 28), monkeypatch)
    page = export("html", "ja")
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)  # type: ignore[union-attr]
    # figures as grid cells: rows break between them, never inside one (no inline-blocks,
    # whose lines Chromium pushed whole to the next page)
    assert ".dose{display:grid" in css and "inline-block" not in css
    assert "figure{break-inside:avoid}" in css.replace("tr,figure", "figure")
    assert "th{word-break:keep-all}" in css  # 状態 never one character a line
    assert ".nw,table.sessions td:nth-child(2){white-space:nowrap}" in css  # the status whole
    assert '<td><span class="nw">2026-10-05</span> 07:' in page  # a date whole, then its time
    assert re.search(r"table\.sessions td:last-child\{min-width:\d+em", css)  # 痛み1 whole


# --- 6. Markdown self-tests ------------------------------------------------------------------


def test_markdown_self_tests_render_as_separate_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-11-10T19:00", "Asia/Tokyo")
    args = [a for r in FULL for a in ("--result", r)]
    assert runner.invoke(app, ["assess", *args]).exit_code == 0
    text = export("md")
    section = text[text.index("## Self-tests") :]
    lines = section.splitlines()
    # a test a top-level item, each of its results a nested item of its own (never a
    # lazy continuation line, which Markdown joins into the test's paragraph)
    body = [line for line in lines[2:] if line.strip()]
    assert all(line.startswith(("- ", "    - ")) for line in body[:-1]), body
    assert any(line.startswith("    - left 24 reps") for line in body), body
    assert not body[-1].startswith(("-", " "))  # the caveat: a paragraph after the list
    from markdown_it import MarkdownIt  # CommonMark, installed with rich

    rendered = MarkdownIt("commonmark").render(section)
    assert rendered.count("<li>") == len(body) - 1
    assert re.search(r"<li>Side bridge \(2026-11-10\)\s*<ul>\s*<li>left 40 s", rendered)
