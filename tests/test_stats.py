"""`hipcoach stats`: the numbers, and how they are shown."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.coach.days import DayState
from hipcoach.coach.stats import compute, window
from hipcoach.log.store import open_store
from hipcoach.program.catalog import load_program_file
from hipcoach.tui.stats_view import sparkline
from tests.conftest import HIP_DROP, pin_clock
from tests.histories import add_sessions, make_session

TODAY = date(2026, 11, 24)  # a Tuesday
runner = CliRunner()


@pytest.fixture(autouse=True)
def on_a_tuesday_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, f"{TODAY.isoformat()}T20:00", "Asia/Tokyo")


def seed() -> None:
    sessions = []
    for back in range(1, 22):  # three weeks before today, every day but Sundays and Wednesdays
        day = TODAY - timedelta(days=back)
        if day.weekday() in (2, 6):
            continue
        hold = 20.0 if back > 10 else 25.0
        sessions.append(make_session(day, hold=hold, effort=5 + back % 3, pain=back % 2))
    sessions.append(make_session(TODAY - timedelta(days=9), hour=18, count=2, status="partial"))
    with open_store() as store:
        add_sessions(store, sessions)


def test_the_numbers() -> None:
    seed()
    program = load_program_file(HIP_DROP)
    with open_store() as store:
        stats = compute(store, program, TODAY, first=window(TODAY, 4))
    assert stats.first == date(2026, 11, 2) and stats.first.weekday() == 0
    assert stats.weeks == 4
    assert stats.state(TODAY - timedelta(days=1)) is DayState.DONE  # Monday
    assert stats.state(date(2026, 11, 18)) is DayState.MISSED  # a Wednesday, nothing
    assert stats.state(date(2026, 11, 15)) is DayState.PARTIAL  # Sunday: only the partial
    assert stats.state(TODAY) is DayState.OPEN
    # today (Tue) still open; Mon, (Sun a rest day), Sat, Fri, Thu done; Wed missed
    assert stats.streak.current == 4
    assert stats.statuses == {"completed": 15, "partial": 1}
    assert stats.sessions_per_week == [4, 6, 5, 1]  # weeks from Mon 2 Nov; the partial: Sun 15th
    # planned Mon-Sat from the first logged day (Tue 3 Nov) to yesterday: 18, Wednesdays missed
    assert stats.adherence == round(15 / 18, 3)
    stretch = next(e for e in stats.exercises if e.step_id == "glute-stretch")
    # prescribed: 20 s in the first session; now the program's (no check-in moved it)
    assert (stretch.first_planned, stretch.last_planned) == (20.0, 25.0)
    assert stretch.now is not None and stretch.now.planned == 20
    assert stretch.sets_done == 15 * 4 + 2
    # week 1: four days of 4 x 20 s, Sat 14th 4 x 25 s, the partial 2 x 20 s -> 460 / 22
    assert stretch.weekly_done == [20.0, 20.9, 25.0, 25.0]
    assert stretch.weekly_sets == [16, 22, 20, 4]  # sets done, the sparkline counts these
    assert stretch.done_share == 1.0
    assert stats.effort_weekly[0] is not None and len(stats.pain_weekly) == 4
    assert stats.mean_sessions_per_week == 16 / 4
    with open_store() as store:
        half_year = compute(store, program, TODAY, first=window(TODAY, 26))
    assert half_year.weeks == 26  # the log began 4 weeks ago: the mean is over those
    assert half_year.mean_sessions_per_week == 16 / 4


def test_stats_command_plain_and_json() -> None:
    seed()
    result = runner.invoke(app, ["stats", "--weeks", "5"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The last 5 weeks · Hip-drop fix: three steps" in out
    assert "■ done in full  ▪ part done  □ missed training day" in out
    assert "Sessions:" in out and "Planned training days done" in out
    assert "Glute stretch" in out and "Prescribed" in out and "100 %" in out
    assert "\x1b" not in out
    days = ("Mo ", "Tu ", "We ", "Th ", "Fr ", "Sa ", "Su ")
    rows = [line for line in out.splitlines() if line[:3] in days]
    assert len(rows) == 7
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["sessions"] == 16 and len(data["sessions_per_week"]) == 26
    assert {e["id"] for e in data["exercises"]} == {"glute-stretch", "hip-hinge", "wall-drill"}


def test_stats_in_japanese_and_empty() -> None:
    empty = runner.invoke(app, ["stats"])
    assert empty.exit_code == 0 and "No sessions yet" in empty.stdout
    seed()
    ja = runner.invoke(app, ["stats", "--lang", "ja"]).stdout
    assert "直近26週間" in ja and "予定日の実施率" in ja and "お尻のストレッチ" in ja


def test_the_calendar_shows_the_latest_weeks_that_fit() -> None:
    seed()
    for lang, columns in (("en", 80), ("en", 40), ("ja", 60)):
        out = runner.invoke(
            app, ["stats", "--weeks", "52", "--lang", lang], env={"COLUMNS": str(columns)}
        ).stdout
        lines = out.splitlines()
        first_row = next(n for n, line in enumerate(lines) if line.startswith(("Mo ", "月 ")))
        rows = lines[first_row : first_row + 7]
        weeks = (columns - 3) // 2
        # yesterday, Monday, done: the last mark of the first row, in the last week's column
        assert cell_len(rows[0].rstrip()) == 3 + 2 * weeks - 1, rows
        assert rows[0].rstrip()[-1] == "■"
        assert all(cell_len(row) <= columns for row in rows), rows
        assert "…" not in "".join([*rows, lines[first_row - 1]])  # the month row too
        if columns == 80:  # nor the weekly sparklines: squeezed, they keep the latest weeks
            assert "…" not in out, out
        assert str(weeks) in lines[first_row + 7]  # says how many weeks it shows
    wide = runner.invoke(app, ["stats", "--weeks", "12"], env={"COLUMNS": "80"}).stdout
    assert "wider terminal" not in wide


def test_sparkline() -> None:
    assert sparkline([0, 2, 4, None, 8]) == "▁▂▄ █"  # from zero, not from the lowest
    assert sparkline([None, None]) == ""
    assert sparkline([5, 5]) == "██"
    assert sparkline([21.2, 22.0]) == "██"  # close values look close, not bottom and top
    assert sparkline([1, 5], top=10) == "▁▄"  # pain and effort: on their 0-10 scale
