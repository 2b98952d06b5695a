"""The log's records: a session, its sets, the pain record (check-ins and the statements
that lift a stop), a check-in as progression reads it, self-test results, runs from the
watch, and what a merge reports. Plain
data that every other package may read; only ``log`` stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple, get_args
from uuid import UUID, uuid5

from hipcoach.program.model import Side, TestKind, Text

Status = Literal["running", "completed", "partial", "aborted"]

# The signs that mean: stop the routine and have it assessed (coaching review, "Safety").
RedFlag = Literal["numbness", "groin", "next-day", "sharp", "front-pinch", "recent-injury"]
RED_FLAGS: tuple[RedFlag, ...] = get_args(RedFlag)
# The statements that lift a stop: nothing else does.
LiftReason = Literal["assessed", "pain-free-48h"]
LIFT_REASONS: tuple[LiftReason, ...] = get_args(LiftReason)

_LEGACY_CHECK_IN = UUID("6f1c2a52-4c1e-4b8e-9a57-2b0d3c7e8f10")


def legacy_check_in_id(session_id: str) -> str:
    """The id of the check-in a log before version 6 kept inside its session: the same on
    every machine, so a migrated log and an old export of it converge on one record."""
    return str(uuid5(_LEGACY_CHECK_IN, session_id))


@dataclass(frozen=True)
class CheckInRecord:
    """One entry of the pain record, never changed once written: a check-in (how it felt,
    pain and where, red flags, a note) or, with ``lift`` set, a statement lifting a stop."""

    id: str
    recorded_utc: str
    utc_offset_minutes: int
    local_date: date
    session_id: str | None = None  # the session it is about, or None
    effort: int | None = None  # 1-10 (RPE)
    pain: int | None = None  # 0-10
    pain_where: str | None = None  # an exercise id, or where it hurt in the user's words
    red_flags: tuple[RedFlag, ...] = ()
    note: str | None = None
    lift: LiftReason | None = None
    # a lift covers what its machine knew: the id of the newest entry of the pain record
    # there, so a check-in made elsewhere meanwhile (and imported later) is not lifted
    covers: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": "check-in",
            "id": self.id,
            "recorded_utc": self.recorded_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "local_date": self.local_date.isoformat(),
            "session_id": self.session_id,
            "effort": self.effort,
            "pain": self.pain,
            "pain_where": self.pain_where,
            "red_flags": list(self.red_flags),
            "note": self.note,
            "lift": self.lift,
            "covers": self.covers,
        }


class CheckIn(NamedTuple):
    """A check-in as progression sees it, with its session's outcome (a tuple: `today`
    builds one per check-in of the whole log, and a frozen dataclass costs five times as
    much). A check-in of no session, or of a rehearsal, has no steps done."""

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
    despite_stop: bool = False  # started while a stop was in force, by the user's choice
    # the pain record's entries about this session, oldest first (read along, not stored)
    check_ins: tuple[CheckInRecord, ...] = field(default=(), compare=False)

    @property
    def check_in(self) -> CheckInRecord | None:
        """The latest check-in about this session: the one that counts for progression."""
        return self.check_ins[-1] if self.check_ins else None

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
            "despite_stop": self.despite_stop,
            "sets": [s.to_dict() for s in self.sets],
        }


def legacy_check_in(
    session: SessionRecord,
    effort: int | None,
    pain: int | None,
    pain_where: str | None,
    note: str | None,
) -> CheckInRecord | None:
    """The check-in a session kept inside itself before the pain record (a log before
    version 6, an export of format 1), as migration 6 moves it: None when there was none."""
    if all(v is None for v in (effort, pain, pain_where, note)):
        return None
    return CheckInRecord(
        id=legacy_check_in_id(session.id),
        recorded_utc=session.ended_utc or session.started_utc,
        utc_offset_minutes=session.utc_offset_minutes,
        local_date=session.local_date,
        session_id=session.id,
        effort=effort,
        pain=pain,
        pain_where=pain_where,
        note=note,
    )


@dataclass(frozen=True)
class ExerciseWeek:
    step_id: str
    step_name: Text
    unit: Literal["seconds", "reps"]
    week: int
    done: int
    skipped: int
    mean_actual: float | None  # per set done
    mean_planned: float  # per set, skipped ones too: what was prescribed
    planned_total: float  # seconds or reps prescribed, over every set
    actual_total: float  # ... and done (a skipped set did none)


@dataclass(frozen=True)
class Conflict:
    """Two different copies of one record; ``differs`` names the fields that differ and
    ``kept_file`` says which copy stays."""

    record_id: str
    local_date: date
    sets_here: int
    sets_in_file: int
    kept_file: bool
    differs: tuple[str, ...] = ()
    kind: RecordKind = "session"


# The records a log holds besides sessions, by their names in an export file: they are
# only ever added, never changed, so two logs merged converge on their union.
AddedOnly = Literal["check-in", "test-result", "run"]
RecordKind = Literal["session", AddedOnly]
ADDED_ONLY: tuple[AddedOnly, ...] = ("check-in", "test-result", "run")


@dataclass
class Tally:
    added: int = 0
    present: int = 0


@dataclass
class MergeReport:
    added: int = 0  # sessions
    present: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    others: dict[AddedOnly, Tally] = field(
        default_factory=lambda: {kind: Tally() for kind in ADDED_ONLY}
    )


@dataclass(frozen=True)
class TestResult:
    """One side and trial of a self-test."""

    __test__ = False  # not a pytest class, whatever its name

    id: str
    assessment_id: str
    program_id: str
    program_version: int
    test_id: str
    kind: TestKind
    side: Side | None
    trial: int
    unit: Literal["seconds", "reps"] | None
    value: float | None
    answers: dict[str, str]  # question id -> "yes", "good", "3", ...
    recorded_utc: str
    utc_offset_minutes: int
    local_date: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": "test-result",
            "id": self.id,
            "assessment_id": self.assessment_id,
            "program_id": self.program_id,
            "program_version": self.program_version,
            "test_id": self.test_id,
            "kind": self.kind,
            "side": self.side,
            "trial": self.trial,
            "unit": self.unit,
            "value": self.value,
            "answers": answers_json(self.answers),
            "recorded_utc": self.recorded_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "local_date": self.local_date.isoformat(),
        }


@dataclass(frozen=True)
class RunRow:
    """One run from the runner's watch as the log keeps it (``log.runs``); ``summary``
    holds km splits, analysis and cleaning (never the raw samples)."""

    id: str
    content_sha256: str
    part: int
    source_name: str
    source_format: str
    start_utc: str
    utc_offset_minutes: int
    local_date: date
    device: str
    sub_sport: str
    metres: float
    moving_seconds: float
    elapsed_seconds: float
    treadmill: bool
    intervals: bool
    fields: tuple[str, ...]
    fade_index: float | None
    summary: dict[str, Any]
    imported_utc: str

    def to_dict(self) -> dict[str, Any]:
        """Every column, as an export writes it (``"record": "run"``)."""
        return {
            "record": "run",
            "id": self.id,
            "content_sha256": self.content_sha256,
            "part": self.part,
            "source_name": self.source_name,
            "source_format": self.source_format,
            "start_utc": self.start_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "local_date": self.local_date.isoformat(),
            "device": self.device,
            "sub_sport": self.sub_sport,
            "metres": self.metres,
            "moving_seconds": self.moving_seconds,
            "elapsed_seconds": self.elapsed_seconds,
            "treadmill": self.treadmill,
            "intervals": self.intervals,
            "fields": list(self.fields),
            "fade_index": self.fade_index,
            "summary": self.summary,
            "imported_utc": self.imported_utc,
        }


def answers_json(answers: dict[str, str]) -> dict[str, str | int]:
    """Answers as JSON gives them, in `export` and `assess --results --json` alike: a pain
    as a number (``3``), a yes-no or a rating as its stable code (``"yes"``, ``"fair"``,
    the words `--result` takes): not booleans, so every answer keeps one vocabulary."""
    return {qid: int(answer) if answer.isdigit() else answer for qid, answer in answers.items()}
