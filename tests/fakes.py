"""Test doubles for the session engine: a fake clock, scripted keys, recorders."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hipcoach.session.engine import Cue, Key
from hipcoach.session.events import Event


class FakeClock:
    """A monotonic clock that moves only when told to, and never backwards."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time can't go backwards")
        self.t += seconds


class ScriptedKeys:
    """Keys at given session times (seconds after ``origin``); waiting advances the clock.

    ``late_by`` makes every timed wake-up that much late, like a real, busy machine.
    """

    def __init__(
        self,
        clock: FakeClock,
        script: list[tuple[float, Key]] | None = None,
        late_by: float = 0.0,
    ) -> None:
        self.clock = clock
        self.origin = clock.now()
        self.script = sorted(script or [], key=lambda item: item[0])
        self.late_by = late_by
        self.waits = 0

    def wait(self, timeout: float | None) -> Key | None:
        self.waits += 1
        limit = math.inf if timeout is None else self.clock.now() + timeout
        if self.script and self.origin + self.script[0][0] <= limit:
            at, key = self.script.pop(0)
            self.clock.advance(max(0.0, self.origin + at - self.clock.now()))
            return key
        if timeout is None:
            raise AssertionError("the engine waits for a key, but none is scripted")
        self.clock.advance(timeout + self.late_by)
        return None


@dataclass
class Recorder:
    """Collects events and cues."""

    events: list[Event] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def cue(self, cue: Cue) -> None:
        self.cues.append(cue)

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [e for e in self.events if isinstance(e, kind)]
