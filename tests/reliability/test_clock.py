"""Clock trouble: the wall clock jumping mid-hold, midnight, a new time zone, daylight saving.

The promises: the countdown runs on the monotonic clock, so a wall-clock jump changes no
hold; the wall clock is read once per session, so sets stay inside their session and in
order; a session counts for the local day it started on, in the time zone it was done in,
whatever zone the machine is in later.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipcoach.clock import WallClock
from hipcoach.coach.streaks import streak
from hipcoach.coach.today import today_report
from hipcoach.log.records import SessionRecord
from hipcoach.log.store import open_store
from hipcoach.program.catalog import load_program_file
from hipcoach.program.plan import doses_for, expand
from hipcoach.session.engine import Engine
from hipcoach.session.recorder import ScaledClock, SessionRecorder
from hipcoach.timeutil import from_iso
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder, ScriptedKeys
from tests.histories import done_days

pytestmark = pytest.mark.reliability


class JumpingWall:
    """A wall clock that follows the session clock, then jumps at given session times."""

    def __init__(self, clock: FakeClock, start: datetime, jumps: dict[float, float]) -> None:
        self.clock, self.origin, self.start = clock, clock.now(), start
        self.jumps = jumps  # session second -> seconds the wall clock jumps by

    def __call__(self) -> datetime:
        elapsed = self.clock.now() - self.origin
        jumped = sum(by for at, by in self.jumps.items() if elapsed >= at)
        return self.start + timedelta(seconds=elapsed + jumped)


def run_session(
    start: datetime,
    jumps: dict[float, float] | None = None,
    *,
    quick: bool = False,
    zone: str = "UTC",
) -> SessionRecord:
    """A whole hip-drop session on a fake monotonic clock, logged by the real recorder on
    a machine in ``zone`` (travelling with a laptop is a new zone for the next session)."""
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program, quick=quick))
    clock = FakeClock()
    wall = JumpingWall(clock, start, jumps or {})
    origin = clock.now()
    with open_store() as log:
        elapsed = lambda: clock.now() - origin  # noqa: E731 - real seconds since the start
        local = WallClock(wall, ZoneInfo(zone))
        recorder = SessionRecorder(
            log, timeline, variant="full", lang="en", clock=local, elapsed=elapsed
        )
        result = Engine(timeline, clock, ScriptedKeys(clock), Recorder(), recorder).run()
        assert result.reason == "done"
        (session,) = [s for s in log.recent_sessions(50) if s.id == recorder.session_id]
    return session


def test_the_countdown_runs_on_the_monotonic_clock() -> None:
    assert ScaledClock().source is time.monotonic  # what `hipcoach run` counts down on


@pytest.mark.parametrize("jump", [-7200.0, -1.0, 3600.0, 86400.0 * 3])
def test_a_wall_clock_jump_during_a_hold_changes_nothing(jump: float) -> None:
    start = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    session = run_session(start, {12.0: jump})  # 7 s into the first 20 s hold
    holds = [s for s in session.sets if s.unit == "seconds"]
    assert [s.actual for s in holds] == [20.0, 20.0, 20.0, 20.0]
    instants = [from_iso(session.started_utc)]
    for record in session.sets:
        began, ended = from_iso(record.started_utc), from_iso(record.ended_utc)
        if record.unit == "seconds":
            assert ended - began == timedelta(seconds=20)
        instants += [began, ended]
    assert session.ended_utc is not None
    instants.append(from_iso(session.ended_utc))
    assert instants == sorted(instants)  # every set inside its session, in order
    length = from_iso(session.ended_utc) - from_iso(session.started_utc)
    assert length == timedelta(seconds=462.5)  # the planned session, to the millisecond


def test_a_session_across_midnight_counts_for_the_day_it_started() -> None:
    late = datetime(2026, 11, 24, 23, 58, tzinfo=ZoneInfo("Asia/Tokyo"))
    session = run_session(late.astimezone(UTC), zone="Asia/Tokyo")
    assert session.local_date == date(2026, 11, 24)
    assert session.ended_utc is not None
    ended = from_iso(session.ended_utc).astimezone(ZoneInfo("Asia/Tokyo"))
    assert ended.date() == date(2026, 11, 25)  # it really did run past midnight
    program = load_program_file(HIP_DROP)
    with open_store() as log:
        on_the_day = today_report(log, program, date(2026, 11, 24))
        next_day = today_report(log, program, date(2026, 11, 25))
    assert all(step.done for step in on_the_day.steps)
    assert not any(step.done for step in next_day.steps)  # the 25th is still to do
    assert next_day.streak.current == 1  # ... and the 24th keeps the streak alive


def test_a_new_time_zone_keeps_each_session_on_its_own_local_day() -> None:
    morning_in_tokyo = datetime(2026, 11, 24, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    tokyo = run_session(morning_in_tokyo.astimezone(UTC), quick=True, zone="Asia/Tokyo")
    evening_in_new_york = datetime(2026, 11, 25, 19, 0, tzinfo=ZoneInfo("America/New_York"))
    new_york = run_session(evening_in_new_york.astimezone(UTC), quick=True, zone="America/New_York")
    assert (tokyo.utc_offset_minutes, tokyo.local_date) == (540, date(2026, 11, 24))
    assert (new_york.utc_offset_minutes, new_york.local_date) == (-300, date(2026, 11, 25))
    assert tokyo.started_utc.startswith("2026-11-23T22:00")  # the UTC day differs ...
    assert new_york.started_utc.startswith("2026-11-26T00:00")  # ... both ways
    with open_store() as log:
        sessions = log.recent_sessions(10)
    days = done_days(sessions)
    assert days == {date(2026, 11, 24), date(2026, 11, 25)}
    assert streak(days, date(2026, 11, 25)).current == 2
    with open_store() as log:  # read anywhere, they keep their days
        assert {s.local_date for s in log.recent_sessions(10)} == days


def test_a_daylight_saving_change_mid_session() -> None:
    london = "Europe/London"
    # 29 March 2026: at 01:00 GMT the clocks go forward to 02:00 BST, 2 min into this
    before = datetime(2026, 3, 29, 0, 58, tzinfo=UTC)
    session = run_session(before, zone=london)
    assert (session.utc_offset_minutes, session.local_date) == (0, date(2026, 3, 29))
    assert session.ended_utc is not None
    length = from_iso(session.ended_utc) - from_iso(session.started_utc)
    assert length == timedelta(seconds=462.5)  # the hour the clocks skipped is not counted
    run_session(datetime(2026, 3, 28, 8, 0, tzinfo=UTC), quick=True, zone=london)  # Sat, GMT
    run_session(datetime(2026, 3, 30, 6, 0, tzinfo=UTC), quick=True, zone=london)  # Mon, BST
    with open_store() as log:
        sessions = log.recent_sessions(10)
    assert {s.local_date for s in sessions} == {date(2026, 3, d) for d in (28, 29, 30)}
    assert {s.utc_offset_minutes for s in sessions} == {0, 60}
    assert streak(done_days(sessions), date(2026, 3, 30)).current == 3


@pytest.mark.parametrize("name", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_today_is_the_local_day_of_the_machine(name: str) -> None:
    """Unpinned, hipcoach reads the machine's clock and zone (TZ). These two zones are 25
    hours apart, so they never share a calendar day. The expected day is read by Python
    in a process with the same environment, before and after: a clock that was moved for
    every process (faketime reads its start in each process's own zone) moves both."""
    machine = {k: v for k, v in os.environ.items() if k not in ("HIPCOACH_NOW", "HIPCOACH_TZ")}
    machine["TZ"] = name

    def run(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, *argv], env=machine, capture_output=True, text=True, check=True
        )
        return done.stdout

    python_today = ("-c", "import datetime; print(datetime.date.today())")
    before = run(*python_today).strip()
    shown = json.loads(run("-m", "hipcoach", "today", "--json"))["date"]
    assert shown in {before, run(*python_today).strip()}
