"""The recorder logs each set as it ends; the scaled clock runs rehearsals faster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hipcoach.clock import WallClock
from hipcoach.log.store import open_store
from hipcoach.program.catalog import load_program_file
from hipcoach.program.plan import Overrides, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.session.recorder import Fanout, ScaledClock, SessionRecorder, variant_name
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder, ScriptedKeys

FIVE = Overrides(first_get_ready=5)  # a 5 s get-ready first: the times below count from it


class FollowingWall:
    """Wall time that follows the fake session clock, from 22:30 UTC on 24 November 2026;
    the zone is UTC unless a test says otherwise."""

    def __init__(self, clock: FakeClock, speed: float = 1.0, zone: tzinfo = UTC) -> None:
        self.clock = clock
        self.origin = clock.now()
        self.speed = speed
        self.zone = zone

    def __call__(self) -> datetime:
        return datetime(2026, 11, 24, 22, 30, tzinfo=UTC) + timedelta(seconds=self.elapsed())

    def elapsed(self) -> float:
        """Real seconds since the start, as the recorder measures them."""
        return (self.clock.now() - self.origin) / self.speed

    def clocks(self) -> dict[str, Any]:
        return {"clock": WallClock(self, self.zone), "elapsed": self.elapsed}


def test_scaled_clock() -> None:
    ticks = iter([100.0, 100.0, 101.0, 103.0])
    clock = ScaledClock(20, source=lambda: next(ticks))
    assert clock.now() == 100.0
    assert clock.now() == 120.0
    assert clock.now() == 160.0
    assert clock.real_seconds(30) == 1.5


def test_variant_names() -> None:
    assert variant_name(False, None) == "full"
    assert variant_name(True, None) == "quick"
    assert variant_name(False, "hip-hinge") == "step:hip-hinge"


def test_every_set_is_in_the_log_while_the_session_runs() -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program), FIVE)
    clock = FakeClock()
    seen_during: list[int] = []

    with open_store() as log:
        recorder = SessionRecorder(
            log, timeline, variant="full", lang="ja", **FollowingWall(clock).clocks()
        )

        class Peek(Recorder):
            def handle(self, event: object) -> None:  # type: ignore[override]
                with open_store() as other:  # another connection, as another process
                    sessions = other.recent_sessions(1)
                    seen_during.append(len(sessions[0].sets) if sessions else -1)

        keys = ScriptedKeys(clock, [(60.0, Key.SKIP)])
        Engine(timeline, clock, keys, Recorder(), Fanout([recorder, Peek()])).run()
        (session,) = log.recent_sessions(1)
    assert max(seen_during) == 10  # the other reader saw each set as it was committed
    assert session.status == "completed" and session.lang == "ja"
    assert session.local_date.isoformat() == "2026-11-24"
    assert len(session.sets) == 10
    skipped = [s for s in session.sets if s.skipped]
    assert len(skipped) == 0  # the skip at 60 s fell in a rest, not a set
    first = session.sets[0]
    assert (first.step_id, first.side, first.unit, first.planned, first.actual) == (
        "glute-stretch",
        "left",
        "seconds",
        20.0,
        20.0,
    )
    assert first.started_utc == "2026-11-24T22:30:05.000Z"
    assert first.ended_utc == "2026-11-24T22:30:25.000Z"
    # the skip at 60 s cut the rest (53-68 s) short by 8 s: 452.5 - 8 = 444.5 s
    assert session.ended_utc == "2026-11-24T22:37:24.500Z"


@pytest.mark.parametrize(
    ("zone", "offset", "day"),
    [
        ("UTC", 0, "2026-11-24"),
        ("Asia/Tokyo", 540, "2026-11-25"),  # 07:30 the next morning
        ("Asia/Kolkata", 330, "2026-11-25"),  # 04:00: UTC+5:30, past midnight
        ("Pacific/Kiritimati", 840, "2026-11-25"),
        ("America/Los_Angeles", -480, "2026-11-24"),
        ("Pacific/Pago_Pago", -660, "2026-11-24"),
    ],
)
def test_a_session_is_logged_on_the_local_day_of_its_zone(zone: str, offset: int, day: str) -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program, only_step="wall-drill"), FIVE)
    clock = FakeClock()
    with open_store() as log:
        wall = FollowingWall(clock, zone=ZoneInfo(zone)).clocks()
        recorder = SessionRecorder(log, timeline, variant="step:wall-drill", lang="en", **wall)
        Engine(timeline, clock, ScriptedKeys(clock), Recorder(), recorder).run()
        (session,) = log.recent_sessions(1)
    assert (session.utc_offset_minutes, session.local_date.isoformat()) == (offset, day)
    assert session.started_utc == "2026-11-24T22:30:00.000Z"  # the instant, whatever the zone


def test_rehearsal_logs_real_instants() -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    clock = FakeClock()
    with open_store() as log:
        recorder = SessionRecorder(
            log,
            timeline,
            variant="step:glute-stretch",
            lang="en",
            speed=20,
            **FollowingWall(clock, speed=20).clocks(),
        )
        Engine(timeline, clock, ScriptedKeys(clock), Recorder(), recorder).run()
        (session,) = log.recent_sessions(1)
    first = session.sets[0]
    assert first.actual == 20.0  # session seconds, as planned
    assert first.started_utc == "2026-11-24T22:30:00.250Z"  # 5 s get-ready / 20
    assert first.ended_utc == "2026-11-24T22:30:01.250Z"  # a 20 s hold took 1 s of real time
    assert session.speed == 20


@pytest.mark.parametrize(("key", "status"), [(Key.QUIT, "partial"), (Key.INTERRUPT, "partial")])
def test_ending_early_is_logged(key: Key, status: str) -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program), FIVE)
    clock = FakeClock()
    with open_store() as log:
        recorder = SessionRecorder(
            log, timeline, variant="full", lang="en", **FollowingWall(clock).clocks()
        )
        script = [(55.0, key), (56.0, key)]  # q asks first; Ctrl-C ends at once
        Engine(timeline, clock, ScriptedKeys(clock, script), Recorder(), recorder).run()
        (session,) = log.recent_sessions(1)
    assert session.status == status and len(session.sets) == 2
