"""Run a timeline against a clock, key input and cue output; emit events (``events``).

Timing aims at deadlines on a monotonic clock: each segment ends at its planned
length after it began, and the next begins at that deadline, not at whenever the
process woke up, so a session never drifts. A pause moves the deadline by exactly
the time paused and never shortens the work. The engine sleeps only inside
``keys.wait``, which returns at a key or at the next moment something visible
changes (the shown second, a rep's movement), so one wait serves both.

Nothing here knows about the terminal: the clock, the keys, the cues and the
listener are passed in, and tests run whole sessions on a fake clock instantly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Literal, NoReturn, Protocol

from hipcoach.program.model import Movement, RepAt, Side, Tempo
from hipcoach.program.plan import Segment, StepDose, Timeline
from hipcoach.session.events import (
    EndReason,
    EngineResult,
    Listener,
    Paused,
    Redraw,
    RepPosition,
    Resumed,
    SegmentEnded,
    SegmentStarted,
    SessionEnded,
    SessionStarted,
    SessionStatus,
    SetFinished,
    SetResult,
    Skipped,
    Tick,
)


class Key(Enum):
    """What the user (or a signal) asked for."""

    PAUSE = "pause"  # space: pause or resume
    SKIP = "skip"  # s
    QUIT = "quit"  # q
    ENTER = "enter"  # end a rep set early
    SUSPEND = "suspend"  # Ctrl-Z: pause, then the terminal layer stops the process
    INTERRUPT = "interrupt"  # Ctrl-C
    TERMINATE = "terminate"  # SIGTERM / SIGHUP
    REDRAW = "redraw"  # the terminal was resized or resumed


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic session time in seconds."""
        ...


class Keys(Protocol):
    def wait(self, timeout: float | None) -> Key | None:
        """Block until a key arrives (returned) or ``timeout`` seconds of session time
        pass (None); ``timeout=None`` waits for a key only."""
        ...


CueKind = Literal[
    "get_ready",
    "start",
    "end",
    "count",
    "rep",
    "first_hold",  # the first repetition's longer hold begins (Tempo.first_hold)
    "phase",  # a movement of a paced repetition begins (down, hold, up): a tone
    "halfway",
    "switch",
    "rest",
    "next",
    "done",
]


@dataclass(frozen=True)
class Cue:
    """Something worth saying or signalling; the cue output decides how, without blocking."""

    kind: CueKind
    segment: Segment | None = None
    count: int | None = None  # "count": 3, 2, 1; "rep", "phase": the rep number
    at: float = 0.0  # session time it belongs to; an output may drop a late cue
    movement: Movement | None = None  # "phase": the movement beginning


class Cues(Protocol):
    def cue(self, cue: Cue) -> None:
        """Signal a cue; must return at once."""
        ...


# How the engine asks how many reps were done when a set ends early or is self-paced.
AskReps = Callable[[StepDose, int], int]
# Called after each work segment that was done (a self-test's questions); the next segment
# starts when it returns, so the time it takes is nobody's rest. True ends the session
# there, as q does (a pain answered that stops the self-tests).
AfterSet = Callable[[SetResult], bool | None]


class _Stop(Exception):
    def __init__(self, reason: EndReason) -> None:
        self.reason = reason


_STOPS: dict[Key, EndReason] = {
    Key.QUIT: "quit",
    Key.INTERRUPT: "interrupted",
    Key.TERMINATE: "terminated",
}
COUNTDOWN_FROM = 3
TEMPO_STEPS = 8  # the tempo bar moves in eighths of a movement...
TEMPO_BAR_MIN = 1.0  # ...that lasts a second or more (a quicker one is a flash: no bar)


class Engine:
    """Runs one session. Create it with its timeline and I/O, then call :meth:`run`."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        keys: Keys,
        cues: Cues,
        listener: Listener,
        *,
        ask_reps: AskReps | None = None,
        after_set: AfterSet | None = None,
        stopwatch_limit: float | None = None,
    ) -> None:
        self.timeline = timeline
        self.clock = clock
        self.keys = keys
        self.cues = cues
        self.listener = listener
        self.ask_reps = ask_reps or (lambda dose, counted: counted)
        self.after_set = after_set
        # a stopwatch (a hold ended by Enter) ends by itself after this much work time: a
        # forgotten Enter is not a result
        self.stopwatch_limit = stopwatch_limit
        self.results: list[SetResult] = []

    def run(self) -> EngineResult:
        start = self.clock.now()
        self.listener.handle(SessionStarted(self.timeline, start))
        base = start  # the planned start of the next segment
        reason: EndReason = "done"
        try:
            for segment in self.timeline.segments:
                base = self._run_segment(segment, base)
        except _Stop as stop:
            reason = stop.reason
        ended = self.clock.now()
        status = self._status(reason)
        if reason == "done":
            self.cues.cue(Cue("done", at=ended))
        self.listener.handle(SessionEnded(status, reason, ended))
        return EngineResult(status, reason, self.results, ended)

    def _status(self, reason: EndReason) -> SessionStatus:
        if reason == "done":
            return "completed"
        return "partial" if any(not r.skipped for r in self.results) else "aborted"

    # --- one segment -----------------------------------------------------------------------

    def _run_segment(self, segment: Segment, start: float) -> float:
        """Run ``segment`` from ``start``; returns when the next segment should start."""
        run = _SegmentRun(self, segment, start)
        self.listener.handle(SegmentStarted(segment, start, run.deadline))
        self._opening_cues(segment, start)
        return run.execute()

    def _opening_cues(self, segment: Segment, at: float) -> None:
        kind: CueKind = {
            "get_ready": "get_ready",
            "work": "start",
            "switch": "switch",
            "rest": "rest",
        }[segment.kind]  # type: ignore[assignment]
        self.cues.cue(Cue(kind, segment, at=at))


def _bar_length(tempo: Tempo, at: RepAt) -> float:
    """The length of the movement under way when the tempo bar follows it, else 0: the bar
    moves through a down or an up of a second or more, and stands still in a hold."""
    length = dict(tempo.parts(first=at.first)).get(at.movement, 0.0)
    return length if at.movement != "hold" and length >= TEMPO_BAR_MIN else 0.0


class _SegmentRun:
    """The state of the segment being run: deadline, pauses, what is shown."""

    def __init__(self, engine: Engine, segment: Segment, start: float) -> None:
        self.engine = engine
        self.segment = segment
        self.dose = engine.timeline.dose(segment)
        self.start = start
        self.length = segment.seconds
        self.deadline = None if self.length is None else start + self.length
        stopwatch = segment.is_work and self.deadline is None and self.dose.reps is None
        self.limit = engine.stopwatch_limit if stopwatch else None
        self.paused_total = 0.0
        self.shown: tuple[object, ...] | None = None
        self.counted_down: set[int] = set()
        self.halfway_said = False
        self.first_hold_said = False
        self.last_rep = 0
        self.last_phase: tuple[int, Movement] | None = None

    # the work time done so far, pauses excluded
    def elapsed(self, now: float) -> float:
        return max(0.0, now - self.start - self.paused_total)

    def execute(self) -> float:
        clock, keys = self.engine.clock, self.engine.keys
        while True:
            now = clock.now()
            if self.deadline is not None and now >= self.deadline:
                return self._finish(self.deadline, actual=self.length)
            if self.limit is not None and self.elapsed(now) >= self.limit:
                # the stopwatch ran out: it ends at the limit, whenever the wake-up came
                limit_at = self.start + self.paused_total + self.limit
                return self._finish(limit_at, actual=self.limit, ended_early_at=limit_at)
            self._show(now)
            now = clock.now()  # read again after drawing, so drawing time is not overslept
            wake = self._next_change(now)
            key = keys.wait(None if wake is None else max(0.0, wake - now))
            if key is not None:
                resumed_base = self._on_key(key)
                if resumed_base is not None:
                    return resumed_base

    # --- what is visible -----------------------------------------------------------------

    def _rep(self, elapsed: float) -> RepPosition | None:
        tempo = self.dose.tempo
        if not self.segment.is_work or self.dose.reps is None or tempo is None:
            return None
        total = self.dose.reps
        at = tempo.locate(elapsed, total)
        side: Side | None = None
        if self.dose.step.dose.sides == "alternating":
            side = "left" if at.rep % 2 == 0 else "right"
        held = at.first and at.movement == "hold" and tempo.first_hold is not None
        length = _bar_length(tempo, at)
        fraction = 0.0
        if length:
            done = 1.0 - (at.movement_ends - elapsed) / length
            fraction = math.floor(done * TEMPO_STEPS + 1e-9) / TEMPO_STEPS
        return RepPosition(at.rep + 1, total, at.movement, side, held, fraction)

    def _visible(self, now: float) -> tuple[object, ...]:
        elapsed = self.elapsed(now)
        if self.deadline is None:
            return (math.floor(elapsed),)
        remaining = self.deadline - now
        return (math.ceil(remaining - 1e-9), self._rep(elapsed))

    def _show(self, now: float) -> None:
        visible = self._visible(now)
        if visible == self.shown:
            return
        self.shown = visible
        remaining = None if self.deadline is None else self.deadline - now
        elapsed = self.elapsed(now)
        self.engine.listener.handle(Tick(self.segment, now, elapsed, remaining, self._rep(elapsed)))
        self._timed_cues(now, remaining, self._rep(elapsed))

    def _timed_cues(self, now: float, remaining: float | None, rep: RepPosition | None) -> None:
        cues = self.engine.cues
        if rep is not None and rep.number != self.last_rep:
            self.last_rep = rep.number
            cues.cue(Cue("rep", self.segment, count=rep.number, at=now))
        if rep is not None and (rep.number, rep.movement) != self.last_phase:
            self.last_phase = (rep.number, rep.movement)
            cues.cue(Cue("phase", self.segment, count=rep.number, at=now, movement=rep.movement))
        if rep is not None and rep.held and not self.first_hold_said:
            self.first_hold_said = True
            cues.cue(Cue("first_hold", self.segment, at=now))
        if remaining is None or self.length is None:
            return
        whole = math.ceil(remaining - 1e-9)
        counts_down = self.segment.kind in ("get_ready", "rest", "switch") or (
            self.segment.is_work and self.dose.seconds is not None
        )
        if counts_down and 1 <= whole <= COUNTDOWN_FROM and whole not in self.counted_down:
            self.counted_down.add(whole)
            cues.cue(Cue("count", self.segment, count=whole, at=now))
        is_hold = self.segment.is_work and self.dose.seconds is not None
        if is_hold and not self.halfway_said and self.length >= 20 and remaining <= self.length / 2:
            self.halfway_said = True
            if remaining > COUNTDOWN_FROM + 1:
                cues.cue(Cue("halfway", self.segment, at=now))

    def _next_change(self, now: float) -> float | None:
        """When the display next changes (or the segment ends)."""
        if self.deadline is None:
            elapsed = self.elapsed(now)
            wake = now + (1.0 - (elapsed % 1.0))
            return wake if self.limit is None else min(wake, now + max(0.0, self.limit - elapsed))
        remaining = self.deadline - now
        next_second = self.deadline - (math.ceil(remaining - 1e-9) - 1)
        candidates = [self.deadline, next_second]
        tempo = self.dose.tempo
        if self.segment.is_work and tempo is not None and self.dose.reps is not None:
            elapsed = self.elapsed(now)
            at = tempo.locate(elapsed, self.dose.reps)
            if at.movement_ends > elapsed + 1e-9:
                candidates.append(now + (at.movement_ends - elapsed))
            length = _bar_length(tempo, at)
            if length:  # the tempo bar's next step
                step = length / TEMPO_STEPS
                into = elapsed - (at.movement_ends - length)
                candidates.append(now + step * (math.floor(into / step + 1e-9) + 1) - into)
        return min(c for c in candidates if c > now - 1e-9)

    # --- keys ------------------------------------------------------------------------------

    def _on_key(self, key: Key) -> float | None:
        """Handle a key; returns the next segment's start when this segment is over."""
        clock = self.engine.clock
        now = clock.now()
        if key in _STOPS:
            if self.deadline is not None and now >= self.deadline:
                # a late wake-up saw the stop and the deadline together: the part is done
                self._finish(self.deadline, actual=self.length)
                raise _Stop(_STOPS[key])
            if key is not Key.QUIT:
                self._stop(key, now)
        if key in (Key.PAUSE, Key.SUSPEND, Key.QUIT):
            confirm = key is Key.QUIT
            if not self._pause(now, suspended=key is Key.SUSPEND, confirm_quit=confirm):
                return None
            key, now = Key.SKIP, clock.now()
        if key is Key.REDRAW:
            self.shown = None
            self.engine.listener.handle(Redraw(now))
            return None
        if key is Key.SKIP:
            self.engine.listener.handle(Skipped(self.segment, now))
            return self._finish(now, actual=None, skipped=True)
        if key is Key.ENTER and self.segment.is_work and self.dose.reps is not None:
            return self._end_reps_early(now)
        if key is Key.ENTER and self.segment.is_work and self.deadline is None:
            return self._finish(now, actual=self.elapsed(now), ended_early_at=now)  # a stopwatch
        return None

    def _pause(self, now: float, suspended: bool, confirm_quit: bool = False) -> bool:
        """Wait for space (resume) or s (skip: returns True, and the caller skips).

        ``confirm_quit`` (after q): q again or Enter ends the session, any other key goes
        on. Ctrl-Z stops the process again; Ctrl-C or a signal ends the session, and the
        set in progress is kept with the work done before the pause.
        """
        engine = self.engine
        engine.listener.handle(Paused(self.segment, now, suspended, confirm_quit))
        skip = False
        while True:
            key = engine.keys.wait(None)
            if key in (Key.INTERRUPT, Key.TERMINATE) or (
                confirm_quit and key in (Key.QUIT, Key.ENTER)
            ):
                assert key is not None
                self._stop(Key.QUIT if key is Key.ENTER else key, now)
            if key is Key.SUSPEND:
                engine.listener.handle(Paused(self.segment, now, suspended=True))
            elif key is Key.REDRAW:
                engine.listener.handle(Redraw(engine.clock.now()))
                engine.listener.handle(Paused(self.segment, now, False, confirm_quit))
            elif key is Key.QUIT:
                confirm_quit = True
                engine.listener.handle(Paused(self.segment, now, False, confirm_quit))
            elif confirm_quit or key in (Key.PAUSE, Key.SKIP):
                skip = key is Key.SKIP
                break
        resumed = engine.clock.now()
        paused_for = resumed - now
        self.paused_total += paused_for
        if self.deadline is not None:
            self.deadline += paused_for
        self.shown = None
        engine.listener.handle(Resumed(self.segment, resumed, paused_for))
        return skip

    def _stop(self, key: Key, now: float) -> NoReturn:
        """End the session. After q, a set cut short is kept with the work done (``now``:
        when it stopped, which for a paused set is when the pause began); a signal keeps
        the sets finished before it, as it always has."""
        if key is Key.QUIT and self.segment.is_work:
            elapsed = self.elapsed(now)
            tempo, planned = self.dose.tempo, self.dose.reps or 0
            if self.dose.unit == "seconds" and elapsed >= 1.0:
                self._finish(now, actual=elapsed, ended_early_at=now, ask=False)
            elif self.dose.unit == "reps" and tempo is not None:
                reps = tempo.reps_done(elapsed, planned)
                if reps > 0:
                    self._finish(now, actual=float(reps), ended_early_at=now, ask=False)
        raise _Stop(_STOPS[key])

    def _end_reps_early(self, now: float) -> float:
        tempo = self.dose.tempo
        elapsed = self.elapsed(now)
        planned = self.dose.reps or 0
        counted = planned if tempo is None else tempo.reps_done(elapsed, planned)
        reps = self.engine.ask_reps(self.dose, counted)
        ended = self.engine.clock.now()
        return self._finish(ended, actual=float(reps), ended_early_at=now)

    # --- finishing -------------------------------------------------------------------------

    def _finish(
        self,
        at: float,
        actual: float | None,
        skipped: bool = False,
        ended_early_at: float | None = None,
        ask: bool = True,
    ) -> float:
        engine = self.engine
        on_time = not skipped and ended_early_at is None and at == self.deadline
        engine.listener.handle(SegmentEnded(self.segment, at, on_time))
        if self.segment.is_work:
            unit = self.dose.unit
            if unit == "seconds" and actual is not None:
                actual = self.elapsed(at)
            elif unit == "reps" and not skipped and ended_early_at is None:
                actual = float(self.dose.reps or 0)
            result = SetResult(
                segment=self.segment,
                dose=self.dose,
                unit=unit,
                planned=float(self.dose.planned),
                actual=None if skipped else actual,
                skipped=skipped,
                started=self.start,
                ended=at,
                paused=self.paused_total,
            )
            engine.results.append(result)
            engine.listener.handle(SetFinished(result))
            if not skipped:
                engine.cues.cue(Cue("end", self.segment, at=at))
            if not skipped and ask and engine.after_set is not None:
                if engine.after_set(result):
                    raise _Stop("quit")
                return engine.clock.now()
        return at
