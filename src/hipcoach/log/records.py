"""The log's records: a session, its sets, a check-in as progression reads it, and what
a merge reports. Plain data that every other package may read; only ``log`` stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

from hipcoach.program.model import Text

Status = Literal["running", "completed", "partial", "aborted"]


class CheckIn(NamedTuple):
    """A session of the program, as progression sees it (a tuple: `today` builds one per
    check-in of the whole log, and a frozen dataclass costs five times as much)."""

    local_date: date
    completed: bool
    done_steps: frozenset[str]
    effort: int | None
    pain: int | None
    pain_where: str | None


@dataclass(frozen=True)
class SetRecord:
    """One finished (or skipped) set, as logged."""

    position: int  # order within the session, from 1
    step_id: str
    step_name: Text
    phase: str
    set_number: int
    side: str | None
    unit: Literal["seconds", "reps"]
    planned: float
    actual: float | None
    skipped: bool
    started_utc: str
    ended_utc: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "step_id": self.step_id,
            "step_name": {"en": self.step_name.en, "ja": self.step_name.ja},
            "phase": self.phase,
            "set_number": self.set_number,
            "side": self.side,
            "unit": self.unit,
            "planned": self.planned,
            "actual": self.actual,
            "skipped": self.skipped,
            "started_utc": self.started_utc,
            "ended_utc": self.ended_utc,
        }


@dataclass(frozen=True)
class SessionRecord:
    """One session with its sets."""

    id: str
    program_id: str
    program_version: int
    program_name: Text
    program_steps: tuple[str, ...]  # every step id of the program at that version
    variant: str  # full | quick | step:<id>
    started_utc: str
    ended_utc: str | None
    utc_offset_minutes: int
    local_date: date
    status: Status
    speed: float = 1.0
    lang: str = "en"
    sets: tuple[SetRecord, ...] = field(default=())
    # the check-in after the session, when the user gave one
    effort: int | None = None  # 1-10 (RPE)
    pain: int | None = None  # 0-10
    pain_where: str | None = None  # which exercise or where it hurt
    note: str | None = None

    def finished_sets(self) -> int:
        """Sets actually done (not skipped): what decides which copy of a session wins."""
        return sum(1 for s in self.sets if not s.skipped)

    def done_steps(self) -> set[str]:
        """Steps with at least one set actually done (not skipped)."""
        return {s.step_id for s in self.sets if not s.skipped}

    def to_dict(self) -> dict[str, Any]:
        """Everything about the session, as plain JSON-ready data."""
        return {
            "id": self.id,
            "program_id": self.program_id,
            "program_version": self.program_version,
            "program_name": {"en": self.program_name.en, "ja": self.program_name.ja},
            "program_steps": list(self.program_steps),
            "variant": self.variant,
            "started_utc": self.started_utc,
            "ended_utc": self.ended_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "local_date": self.local_date.isoformat(),
            "status": self.status,
            "speed": self.speed,
            "lang": self.lang,
            "effort": self.effort,
            "pain": self.pain,
            "pain_where": self.pain_where,
            "note": self.note,
            "sets": [s.to_dict() for s in self.sets],
        }


@dataclass(frozen=True)
class ExerciseWeek:
    step_id: str
    step_name: Text
    unit: Literal["seconds", "reps"]
    week: int
    done: int
    skipped: int
    mean_actual: float | None


@dataclass(frozen=True)
class Conflict:
    """Two different copies of one session; ``kept_file`` says which copy stays."""

    session_id: str
    local_date: date
    sets_here: int
    sets_in_file: int
    kept_file: bool


@dataclass
class MergeReport:
    added: int = 0
    present: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
