"""Wiring a session: the scaled clock, the recorder that logs each set, fan-out of events."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from hipcoach.clock import WallClock
from hipcoach.i18n import Lang
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.log.store import Store
from hipcoach.program.plan import Timeline
from hipcoach.session.engine import Clock
from hipcoach.session.events import (
    Event,
    Listener,
    SegmentEnded,
    SessionEnded,
    SessionStarted,
    SetFinished,
)
from hipcoach.timeutil import local_date, to_iso


class ScaledClock:
    """Monotonic time that runs ``speed`` times faster (rehearsals and demos)."""

    def __init__(self, speed: float = 1.0, source: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self.source = source
        self.origin = source()

    def now(self) -> float:
        return self.origin + (self.source() - self.origin) * self.speed

    def real_seconds(self, session_seconds: float) -> float:
        return session_seconds / self.speed


class Fanout:
    """Passes each event to several listeners, in order."""

    def __init__(self, listeners: Sequence[Listener]) -> None:
        self.listeners = list(listeners)

    def handle(self, event: Event) -> None:
        for listener in self.listeners:
            listener.handle(event)


TIMING_LOG_ENV = "HIPCOACH_TIMING_LOG"


class TimingProbe:
    """For bench/timing.py: how late each segment really ended, and the session's CPU time.

    Enabled by ``HIPCOACH_TIMING_LOG=FILE``; writes one JSON object when the session ends.
    Lateness is read on the session clock the moment the event arrives, in real seconds.
    """

    def __init__(self, clock: Clock, path: str, speed: float = 1.0) -> None:
        self.clock = clock
        self.path = path
        self.speed = speed
        self.start = 0.0
        self.cpu_start = 0.0
        self.segments: list[dict[str, float]] = []

    def handle(self, event: Event) -> None:
        now = self.clock.now()
        if isinstance(event, SessionStarted):
            self.start, self.cpu_start = event.at, time.process_time()
            self.planned_total = event.timeline.total_seconds
        elif isinstance(event, SegmentEnded) and event.on_time:
            self.segments.append(
                {
                    "planned_end": (event.at - self.start) / self.speed,
                    "late": (now - event.at) / self.speed,
                }
            )
        elif isinstance(event, SessionEnded):
            report = {
                "speed": self.speed,
                "cpu_seconds": time.process_time() - self.cpu_start,
                "segments": self.segments,
                "end_late": (event.at - self.start - self.planned_total) / self.speed,
                "end_seen_late": (now - self.start - self.planned_total) / self.speed,
            }
            Path(self.path).write_text(json.dumps(report), encoding="utf-8")


def variant_name(quick: bool, only_step: str | None) -> str:
    if only_step:
        return f"step:{only_step}"
    return "quick" if quick else "full"


_BOOT_CLOCK: int | None = getattr(time, "CLOCK_BOOTTIME", None)  # Linux


def elapsed_real_seconds() -> float:
    """Seconds on a clock that never jumps but, unlike ``time.monotonic`` on Linux, keeps
    counting while the machine sleeps (macOS' and Windows' monotonic clocks already do)."""
    if _BOOT_CLOCK is None:
        return time.monotonic()
    return time.clock_gettime(_BOOT_CLOCK)


class SessionRecorder:
    """Logs the session: its row when it starts, each set the moment it ends.

    The wall clock is read once, when the session starts; every later instant is that
    plus the real time elapsed since (``elapsed``), so the wall clock jumping (NTP, a
    time-zone change, someone setting the clock) cannot put a set before its session or
    out of order, and a rehearsal at ``--speed 20`` still logs real times.
    """

    def __init__(
        self,
        store: Store,
        timeline: Timeline,
        *,
        variant: str,
        lang: Lang,
        speed: float = 1.0,
        clock: WallClock,
        elapsed: Callable[[], float] = elapsed_real_seconds,
        despite_stop: bool = False,
    ) -> None:
        self.store = store
        self.timeline = timeline
        self.variant = variant
        self.lang = lang
        self.speed = speed
        self.clock = clock
        self.elapsed = elapsed
        self.despite_stop = despite_stop
        self.started = clock.now()
        self.started_elapsed = 0.0
        self.session_id = str(uuid.uuid4())
        self.position = 0

    def handle(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self._start()
        elif isinstance(event, SetFinished):
            self._add_set(event)
        elif isinstance(event, SessionEnded):
            self.store.finish_session(self.session_id, event.status, to_iso(self.now()))

    def now(self) -> datetime:
        """The wall time now, as read at the start plus the real time since."""
        return self.started + timedelta(seconds=self.elapsed() - self.started_elapsed)

    def _start(self) -> None:
        started = self.started = self.clock.now()
        self.started_elapsed = self.elapsed()
        offset = self.clock.offset_minutes(started)
        program = self.timeline.program
        self.store.start_session(
            SessionRecord(
                id=self.session_id,
                program_id=program.id,
                program_version=program.version,
                program_name=program.name,
                program_steps=tuple(step.id for step in program.steps),
                variant=self.variant,
                started_utc=to_iso(started),
                ended_utc=None,
                utc_offset_minutes=offset,
                local_date=local_date(started, offset),
                status="running",
                speed=self.speed,
                lang=self.lang,
                despite_stop=self.despite_stop,
            )
        )

    def _add_set(self, event: SetFinished) -> None:
        result = event.result
        ended = self.now()
        work_seconds = (result.ended - result.started) / self.speed

        started = ended - timedelta(seconds=work_seconds)
        self.position += 1
        step = result.dose.step
        actual = None if result.actual is None else round(result.actual, 2)
        self.store.add_set(
            self.session_id,
            SetRecord(
                position=self.position,
                step_id=step.id,
                step_name=step.name,
                phase=step.phase,
                set_number=result.segment.set_number,
                side=result.segment.side,
                unit=result.unit,
                planned=result.planned,
                actual=actual,
                skipped=result.skipped,
                started_utc=to_iso(started),
                ended_utc=to_iso(ended),
            ),
        )
