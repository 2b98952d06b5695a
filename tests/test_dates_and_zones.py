"""Streaks, calendars, stats, progression, reports and the recorder on the days that break
date code: a Monday and a Sunday, a month's first day, 31 December and 1 January, 29
February, both daylight-saving changes (Europe/Berlin), and zones from UTC-11 to UTC+14.

Each test hands the command line its own clock (Environment), so the real date and the
machine's zone play no part.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from hipcoach.cli import Environment, app
from hipcoach.clock import WallClock
from hipcoach.log.store import open_store
from hipcoach.session import recorder as session_module
from hipcoach.tui import keys as terminal
from tests.histories import add_sessions, make_session
from tests.test_cli_session import FakeScaledClock, FakeTerminal
from tests.test_clock import MOMENTS

TRAINING = {0, 1, 2, 3, 4, 5}  # hip-drop trains Monday to Saturday
runner = CliRunner()
IDS = [f"{wall:%Y-%m-%d-%H%M}-{zone.replace('/', '-')}" for wall, zone, _, _ in MOMENTS]
moments = pytest.mark.parametrize(("wall", "zone", "today", "offset"), MOMENTS, ids=IDS)


@pytest.fixture(autouse=True)
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal, "TerminalKeys", FakeTerminal)
    monkeypatch.setattr(session_module, "ScaledClock", FakeScaledClock)
    FakeTerminal.script, FakeTerminal.signal = [], None


def at(wall: datetime, zone: str) -> Environment:
    return Environment(WallClock.fixed(wall.replace(tzinfo=ZoneInfo(zone)), ZoneInfo(zone)))


def invoke(env: Environment, *args: str) -> Any:
    result = runner.invoke(app, list(args), obj=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def training_days_before(today: date, count: int) -> list[date]:
    days, day = [], today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() in TRAINING:
            days.append(day)
    return days


def seed(zone: str, days: list[date], **check_in: int) -> None:
    def offset(day: date) -> int:
        local = datetime.combine(day, time(7, 0), ZoneInfo(zone))
        return int(local.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]

    with open_store() as store:
        add_sessions(store, [make_session(d, offset_minutes=offset(d), **check_in) for d in days])


@moments
def test_a_session_run_now_counts_for_today_there(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    env = at(wall, zone)
    invoke(env, "run", "--yes", "--effort", "3", "--pain", "0")
    (logged,) = invoke(env, "log", "--json")
    assert (logged["local_date"], logged["utc_offset_minutes"]) == (today.isoformat(), offset)
    report = invoke(env, "today", "--json")
    assert report["date"] == today.isoformat() and report["done"] is True
    assert report["training_day"] is (today.weekday() in TRAINING)
    assert report["recent_days"][-1] == {
        "date": today.isoformat(),
        "state": "done",
        "done": True,
        "partly": False,
        "training_day": today.weekday() in TRAINING,
    }
    tomorrow = at(wall + timedelta(days=1), zone)
    assert invoke(tomorrow, "today", "--json")["done"] is False


@moments
def test_the_streak_and_the_calendar_run_across_the_edge(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    days = training_days_before(today, 8)  # over a week back: past the month or year edge
    seed(zone, days)
    env = at(wall, zone)
    report = invoke(env, "today", "--json")
    assert report["streak"]["current"] == 8  # today, still open, breaks nothing
    stats = invoke(env, "stats", "--json", "--weeks", "3")
    assert stats["to"] == today.isoformat() and stats["streak"]["current"] == 8
    first = date.fromisoformat(stats["from"])
    assert first.weekday() == 0 and today - first < timedelta(weeks=3)  # weeks start Monday
    done = {day for day, state in stats["days"].items() if state == "done"}
    shown = {d.isoformat() for d in days if d >= first}
    assert done == shown
    assert stats["days"][today.isoformat()] in ("open", "rest")  # not done, not missed
    missed = at(wall + timedelta(days=9), zone)  # a week and more of nothing
    assert invoke(missed, "today", "--json")["streak"]["current"] == 0


@moments
def test_easy_sessions_across_the_edge_lengthen_the_hold(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    seed(zone, training_days_before(today, 3), effort=3, pain=0)
    report = invoke(at(wall, zone), "today", "--json")
    stretch = next(s for s in report["steps"] if s["id"] == "glute-stretch")
    assert stretch["seconds"] == 25, stretch


@moments
def test_reports_are_stamped_with_the_local_day(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    seed(zone, training_days_before(today, 2))
    env = at(wall, zone)
    markdown = invoke(env, "export", "--format", "md")
    assert f"to {today.isoformat()} · exported {today.isoformat()}" in markdown
    exported = json.loads(invoke(env, "export", "--format", "json"))
    assert exported["exported_utc"][:16] == env.clock.now().strftime("%Y-%m-%dT%H:%M")


@moments
def test_the_weekly_reminder_starts_on_the_next_training_day(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    calendar = invoke(at(wall, zone), "export", "--format", "ics", "--schedule", "program")
    start = next(line for line in calendar.splitlines() if line.startswith("DTSTART"))
    first = today if today.weekday() in TRAINING else today + timedelta(days=1)
    assert start == f"DTSTART:{first:%Y%m%d}T070000"
