"""What the engine tells its listeners (the screen, the recorder, a timing probe) while a
session runs, and what a set and a session came to: plain data, in session time (the
engine's monotonic clock), so a listener needs nothing but these records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from hipcoach.program.model import Movement, Side
from hipcoach.program.plan import Segment, StepDose, Timeline


@dataclass(frozen=True)
class RepPosition:
    number: int  # 1-based rep within the set
    total: int
    movement: Movement
    side: Side | None  # the leg, for alternating sets
    held: bool = False  # the first repetition's longer hold (Tempo.first_hold)
    # how far through this movement, in steps of 1/TEMPO_STEPS (0 for a movement too
    # short to follow with the eye): what moves the tempo bar
    fraction: float = 0.0


@dataclass(frozen=True)
class SetResult:
    """A work segment that ended: done (possibly early) or skipped."""

    segment: Segment
    dose: StepDose
    unit: Literal["seconds", "reps"]
    planned: float
    actual: float | None
    skipped: bool
    started: float  # session time
    ended: float
    paused: float  # seconds spent paused inside the set


@dataclass(frozen=True)
class SessionStarted:
    timeline: Timeline
    at: float


@dataclass(frozen=True)
class SegmentStarted:
    segment: Segment
    at: float
    planned_end: float | None


@dataclass(frozen=True)
class Tick:
    """Something visible changed: the shown second or the rep's movement."""

    segment: Segment
    at: float
    elapsed: float  # work time so far, pauses excluded
    remaining: float | None  # None for an open-ended (self-paced) set
    rep: RepPosition | None = None


@dataclass(frozen=True)
class SegmentEnded:
    """A segment is over: at its deadline (``at``), or early when skipped or ended with Enter."""

    segment: Segment
    at: float
    on_time: bool  # ended at its planned deadline


@dataclass(frozen=True)
class Paused:
    segment: Segment
    at: float
    suspended: bool = False
    confirm_quit: bool = False  # q was pressed: paused until q or Enter (end) or another key


@dataclass(frozen=True)
class Resumed:
    segment: Segment
    at: float
    paused_for: float


@dataclass(frozen=True)
class SetFinished:
    result: SetResult


@dataclass(frozen=True)
class Skipped:
    segment: Segment
    at: float


@dataclass(frozen=True)
class Redraw:
    at: float


EndReason = Literal["done", "quit", "interrupted", "terminated"]
SessionStatus = Literal["completed", "partial", "aborted"]


@dataclass(frozen=True)
class SessionEnded:
    status: SessionStatus
    reason: EndReason
    at: float


Event = (
    SessionStarted
    | SegmentStarted
    | Tick
    | SegmentEnded
    | Paused
    | Resumed
    | SetFinished
    | Skipped
    | Redraw
    | SessionEnded
)


class Listener(Protocol):
    def handle(self, event: Event) -> None: ...


@dataclass
class EngineResult:
    status: SessionStatus
    reason: EndReason
    sets: list[SetResult] = field(default_factory=list)
    ended_at: float = 0.0
