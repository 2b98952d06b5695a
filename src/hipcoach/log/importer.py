"""Import a JSON or JSON Lines export: validate all of it, then merge it in one transaction.

Two passes over the file, each a record at a time (``export_file``): the first validates
and keeps only the ids, the second merges; so a JSON Lines file of any size imports in
flat memory.

A file that is truncated, edited by hand into something invalid, or from an unknown
format is refused whole, with the record and field at fault, before anything is
written: the log stays byte for byte as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from hipcoach.clock import EARLIEST, LATEST, in_range
from hipcoach.errors import HipcoachError, Problem
from hipcoach.i18n import t
from hipcoach.ids import ID_BODY, ID_PATTERN
from hipcoach.log.export_file import raw_records
from hipcoach.log.records import (
    CheckInRecord,
    LiftReason,
    RedFlag,
    RunRow,
    SessionRecord,
    SetRecord,
    TestResult,
    legacy_check_in,
)
from hipcoach.program.model import ANSWER_CHOICES, Side, TestKind, Text, unit_of
from hipcoach.program.yamlsafe import format_loc
from hipcoach.timeutil import from_iso, local_date, to_iso

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Instant = Annotated[str, Field(min_length=20, max_length=40)]
ShortText = Annotated[str, Field(max_length=2000)]

MAX_PROBLEMS = 20  # the first ones say what is wrong; reading on only takes time


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Text(_Strict):
    en: ShortText
    ja: ShortText


def _instant(value: str) -> str:
    try:
        instant = from_iso(value)
    except ValueError:
        raise ValueError(t("import.bad_instant", value=value)) from None
    if not in_range(instant.date()):  # a walk over the days from there would overflow
        raise ValueError(t("date.out_of_range", value=value, first=EARLIEST, last=LATEST))
    return to_iso(instant)


class _Set(_Strict):
    position: Annotated[int, Field(ge=1, le=10_000)]
    step_id: Annotated[str, Field(pattern=ID_PATTERN)]
    step_name: _Text
    phase: Annotated[str, Field(max_length=40)]
    set_number: Annotated[int, Field(ge=1, le=100)]
    side: Literal["left", "right"] | None
    unit: Literal["seconds", "reps"]
    planned: Annotated[float, Field(ge=0, le=100_000)]
    actual: Annotated[float, Field(ge=0, le=100_000)] | None
    skipped: bool
    started_utc: Instant
    ended_utc: Instant

    @field_validator("started_utc", "ended_utc")
    @classmethod
    def _instants(cls, value: str) -> str:
        return _instant(value)

    @model_validator(mode="after")
    def _done_has_actual(self) -> Self:
        if not self.skipped and self.actual is None:  # what the log and its views rely on
            raise ValueError(t("import.actual_missing"))
        return self


def _check_local_date(instant: str, offset_minutes: int, recorded: str) -> None:
    """The recorded local date must be the instant's date at the recorded offset."""
    try:
        local = local_date(from_iso(instant), offset_minutes)
    except OverflowError:  # the first or last day a date can have, then a step over
        raise ValueError(t("import.outside_calendar", value=instant)) from None
    if local.isoformat() != recorded:
        raise ValueError(
            t("import.bad_local_date", local_date=recorded, expected=local.isoformat())
        )


LocalDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Offset = Annotated[int, Field(ge=-900, le=900)]
Effort = Annotated[int, Field(ge=1, le=10)]
Pain = Annotated[int, Field(ge=0, le=10)]
Where = Annotated[str, Field(max_length=200)]


class _Recorded(_Strict):
    """A record made at an instant: its local date must be that instant's at its offset."""

    recorded_utc: Instant
    utc_offset_minutes: Offset
    local_date: LocalDate

    @field_validator("recorded_utc")
    @classmethod
    def _instants(cls, value: str) -> str:
        return _instant(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_local_date(self.recorded_utc, self.utc_offset_minutes, self.local_date)
        return self


class _CheckIn(_Recorded):
    record: Literal["check-in"]
    id: Annotated[str, Field(pattern=_UUID)]
    session_id: Annotated[str, Field(pattern=_UUID)] | None
    effort: Effort | None
    pain: Pain | None
    pain_where: Where | None
    red_flags: Annotated[list[RedFlag], Field(max_length=10)]
    note: ShortText | None
    lift: LiftReason | None
    covers: Annotated[str, Field(pattern=_UUID)] | None = None

    def record_(self) -> CheckInRecord:
        return CheckInRecord(
            id=self.id,
            recorded_utc=self.recorded_utc,
            utc_offset_minutes=self.utc_offset_minutes,
            local_date=date.fromisoformat(self.local_date),
            session_id=self.session_id,
            effort=self.effort,
            pain=self.pain,
            pain_where=self.pain_where,
            red_flags=tuple(dict.fromkeys(self.red_flags)),
            note=self.note,
            lift=self.lift,
            covers=self.covers,
        )


_ANSWERS = tuple(dict.fromkeys(a for choices in ANSWER_CHOICES.values() for a in choices))


def _pain_number(value: object) -> object:
    """A pain written as a JSON number (``3``, as exports write it now) read as the log
    keeps it (``"3"``, as older exports wrote it); a boolean is no pain."""
    return str(value) if type(value) is int else value


def _answer(value: str) -> str:
    if value not in _ANSWERS:
        raise ValueError(t("import.bad_answer", value=value, choices=", ".join(_ANSWERS)))
    return value


Answer = Annotated[str, BeforeValidator(_pain_number), AfterValidator(_answer)]
QuestionId = Annotated[str, Field(pattern=ID_PATTERN)]


class _TestResult(_Recorded):
    record: Literal["test-result"]
    id: Annotated[str, Field(pattern=_UUID)]
    assessment_id: Annotated[str, Field(pattern=_UUID)]
    program_id: Annotated[str, Field(pattern=ID_PATTERN)]
    program_version: Annotated[int, Field(ge=1, le=1_000_000)]
    test_id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: TestKind
    side: Side | None
    trial: Annotated[int, Field(ge=1, le=3)]
    unit: Literal["seconds", "reps"] | None
    value: Annotated[float, Field(ge=0, le=100_000)] | None
    answers: Annotated[dict[QuestionId, Answer], Field(max_length=20)]

    @model_validator(mode="after")
    def _unit_fits(self) -> Self:
        if self.unit != unit_of(self.kind):
            raise ValueError(t("import.bad_unit", kind=self.kind, unit=self.unit))
        if (self.value is None) != (self.unit is None):
            raise ValueError(t("import.value_unit", kind=self.kind))
        if self.unit == "reps" and self.value is not None and not self.value.is_integer():
            raise ValueError(t("import.whole_reps", value=self.value))  # 20.5 reps: never done
        return self

    def record_(self) -> TestResult:
        return TestResult(
            id=self.id,
            assessment_id=self.assessment_id,
            program_id=self.program_id,
            program_version=self.program_version,
            test_id=self.test_id,
            kind=self.kind,
            side=self.side,
            trial=self.trial,
            unit=self.unit,
            value=self.value,
            answers=dict(self.answers),
            recorded_utc=self.recorded_utc,
            utc_offset_minutes=self.utc_offset_minutes,
            local_date=date.fromisoformat(self.local_date),
        )


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Metres = Annotated[float, Field(ge=0, le=1_000_000)]  # a run of up to 1,000 km
Duration = Annotated[float, Field(ge=0, le=1_000_000)]  # seconds: up to 11 days
Name = Annotated[str, Field(max_length=200)]
MAX_RUN_SUMMARY = 256 << 10  # characters of JSON: a 100 km run's splits take ~50 KB


def _run_instant(value: str) -> str:
    """An instant as the runs table keeps it: UTC to the second, ``+00:00``; the same run
    must be the same text for the table's (start, device) rule to find it."""
    _instant(value)
    return from_iso(value).astimezone(UTC).isoformat(timespec="seconds")


class _Run(_Strict):
    record: Literal["run"]
    id: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
    content_sha256: Sha256
    part: Annotated[int, Field(ge=0, le=10_000)]
    source_name: Annotated[str, Field(min_length=1, max_length=1000)]
    source_format: Annotated[str, Field(pattern=r"^[a-z0-9.]{1,20}$")]
    start_utc: Instant
    utc_offset_minutes: Offset
    local_date: LocalDate
    device: Name
    sub_sport: Name
    metres: Metres
    moving_seconds: Duration
    elapsed_seconds: Duration
    treadmill: bool
    intervals: bool
    fields: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,60}$")]], Field(max_length=100)
    ]
    fade_index: Annotated[float, Field(ge=-1000, le=1000, allow_inf_nan=False)] | None
    summary: dict[str, Any]
    imported_utc: Instant

    @field_validator("start_utc", "imported_utc")
    @classmethod
    def _instants(cls, value: str) -> str:
        return _run_instant(value)

    @field_validator("summary")
    @classmethod
    def _summary(cls, value: dict[str, Any]) -> dict[str, Any]:
        shaped = (
            isinstance(value.get("km"), list)
            and isinstance(value.get("analysis"), dict)
            and isinstance(value.get("cleaning"), dict)
        )
        if not shaped:  # what the views of a run read
            raise ValueError(t("import.run_summary_shape"))
        if len(json.dumps(value, separators=(",", ":"))) > MAX_RUN_SUMMARY:
            raise ValueError(t("import.run_summary_big", limit=MAX_RUN_SUMMARY // 1024))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_local_date(self.start_utc, self.utc_offset_minutes, self.local_date)
        if self.moving_seconds > self.elapsed_seconds:
            raise ValueError(t("import.run_moving"))
        return self

    def record_(self) -> RunRow:
        return RunRow(
            id=self.id,
            content_sha256=self.content_sha256,
            part=self.part,
            source_name=self.source_name,
            source_format=self.source_format,
            start_utc=self.start_utc,
            utc_offset_minutes=self.utc_offset_minutes,
            local_date=date.fromisoformat(self.local_date),
            device=self.device,
            sub_sport=self.sub_sport,
            metres=float(self.metres),
            moving_seconds=float(self.moving_seconds),
            elapsed_seconds=float(self.elapsed_seconds),
            treadmill=self.treadmill,
            intervals=self.intervals,
            fields=tuple(self.fields),
            fade_index=None if self.fade_index is None else float(self.fade_index),
            summary=self.summary,
            imported_utc=self.imported_utc,
        )


class _Session(_Strict):
    id: Annotated[str, Field(pattern=_UUID)]
    program_id: Annotated[str, Field(pattern=ID_PATTERN)]
    program_version: Annotated[int, Field(ge=1, le=1_000_000)]  # as in a program file
    program_name: _Text
    program_steps: list[Annotated[str, Field(pattern=ID_PATTERN)]]
    variant: Annotated[str, Field(pattern=rf"^(full|quick|step:{ID_BODY})$")]
    started_utc: Instant
    ended_utc: Instant | None
    utc_offset_minutes: Offset
    local_date: LocalDate
    status: Literal["running", "completed", "partial", "aborted"]
    speed: Annotated[float, Field(gt=0, le=1000)]
    lang: Literal["en", "ja"]
    despite_stop: bool = False
    # version 1 kept the session's check-in here
    effort: Effort | None = None
    pain: Pain | None = None
    pain_where: Where | None = None
    note: ShortText | None = None
    sets: list[_Set]

    @field_validator("started_utc", "ended_utc")
    @classmethod
    def _instants(cls, value: str | None) -> str | None:
        return None if value is None else _instant(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_local_date(self.started_utc, self.utc_offset_minutes, self.local_date)
        positions = [s.position for s in self.sets]
        if len(set(positions)) != len(positions):
            raise ValueError(t("import.duplicate_position"))
        return self

    def record(self) -> SessionRecord:
        return SessionRecord(
            id=self.id,
            program_id=self.program_id,
            program_version=self.program_version,
            program_name=Text(self.program_name.en, self.program_name.ja),
            program_steps=tuple(self.program_steps),
            variant=self.variant,
            started_utc=self.started_utc,
            ended_utc=self.ended_utc,
            utc_offset_minutes=self.utc_offset_minutes,
            local_date=date.fromisoformat(self.local_date),
            # exported while it ran: here it will never end, so it is unfinished (partial);
            # a copy that finished it still wins the merge (it ended)
            status="partial" if self.status == "running" else self.status,
            speed=self.speed,
            lang=self.lang,
            despite_stop=self.despite_stop,
            sets=tuple(
                SetRecord(
                    position=s.position,
                    step_id=s.step_id,
                    step_name=Text(s.step_name.en, s.step_name.ja),
                    phase=s.phase,
                    set_number=s.set_number,
                    side=s.side,
                    unit=s.unit,
                    planned=s.planned,
                    actual=s.actual,
                    skipped=s.skipped,
                    started_utc=s.started_utc,
                    ended_utc=s.ended_utc,
                )
                for s in sorted(self.sets, key=lambda s: s.position)
            ),
        )


@dataclass
class Export:
    """What an export file holds, all validated."""

    sessions: list[SessionRecord] = field(default_factory=list)
    check_ins: list[CheckInRecord] = field(default_factory=list)
    test_results: list[TestResult] = field(default_factory=list)
    runs: list[RunRow] = field(default_factory=list)


@dataclass(frozen=True)
class ExportScan:
    """An export file checked whole: how much it holds, and the file as it was read."""

    sessions: int
    check_ins: int
    identity: tuple[int, int, int]  # inode, size, modification time
    test_results: int = 0
    runs: int = 0


def check_export(path: Path) -> ExportScan:
    """Validate every record of the export at ``path``, keeping none of them: the first
    pass of an import, so the log is not touched unless all of the file is good.

    Raises:
        HipcoachError: anything wrong, naming the line (JSON Lines) or the record; a
            damaged file is refused after its first problems.
    """
    identity = _identity(path)
    problems: list[Problem] = []
    counts = {SessionRecord: 0, CheckInRecord: 0, TestResult: 0, RunRow: 0}
    for record in _records(path, problems):
        counts[type(record)] += 1
    if problems:
        raise HipcoachError.from_problems(problems)
    return ExportScan(
        counts[SessionRecord], counts[CheckInRecord], identity, counts[TestResult], counts[RunRow]
    )


Record = SessionRecord | CheckInRecord | TestResult | RunRow


def export_records(path: Path, scan: ExportScan) -> Iterator[Record]:
    """The records of an export :func:`check_export` accepted, one at a time, in file
    order (each check-in after its session, then the self-test results, the runs last):
    the second pass, which merges.

    Raises:
        HipcoachError: the file changed since it was checked (the merge then rolls back).
    """
    problems: list[Problem] = []
    yield from _records(path, problems)
    if problems or _identity(path) != scan.identity:
        raise HipcoachError(t("import.changed", file=str(path)))


def read_export(path: Path) -> Export:
    """Every record in a JSON or JSON Lines export, all validated and held
    in memory (for a small file; an import streams it with the two functions above).

    Raises:
        HipcoachError: anything wrong, naming the line (JSON Lines) or the record.
    """
    found = Export()
    for record in export_records(path, check_export(path)):
        if isinstance(record, CheckInRecord):
            found.check_ins.append(record)
        elif isinstance(record, TestResult):
            found.test_results.append(record)
        elif isinstance(record, RunRow):
            found.runs.append(record)
        else:
            found.sessions.append(record)
    return found


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        status = path.stat()
    except OSError as exc:
        raise HipcoachError(f"{path}: {t('yaml.unreadable', reason=exc.strerror)}") from None
    return status.st_ino, status.st_size, status.st_mtime_ns


def _records(path: Path, problems: list[Problem]) -> Iterator[Record]:
    """The validated records; the bad ones go into ``problems`` (reading stops after
    MAX_PROBLEMS of them). Ids seen are kept to refuse a duplicate, the records not."""
    name = str(path)
    seen: dict[str, int | str] = {}
    for where, line, raw in raw_records(path):
        record = _validated(raw, where, name, line, problems)
        if len(problems) >= MAX_PROBLEMS:  # a damaged file: say so now, not after all of it
            del problems[MAX_PROBLEMS:]
            problems.append(Problem(name, t("import.stopped", n=MAX_PROBLEMS), line))
            return
        if record is None:
            continue
        label = where or (line or 0)
        if record.id in seen:
            other = seen[record.id]
            other_label = other if isinstance(other, str) else t("import.record", n=other)
            here = where or t("import.record", n=line)
            duplicate = t("import.duplicate_session", where=here, other=other_label)
            problems.append(Problem(name, duplicate, line))
            continue
        seen[record.id] = label
        if not isinstance(record, _SessionWithCheckIn):
            yield record
            continue
        session, legacy = record
        yield session
        if legacy is not None and legacy.id not in seen:
            seen[legacy.id] = label
            yield legacy


class _SessionWithCheckIn(NamedTuple):
    session: SessionRecord
    legacy: CheckInRecord | None  # a version 1 session's own check-in

    @property
    def id(self) -> str:
        return self.session.id


def _validated(
    raw: Any, where: str, name: str, line: int | None, problems: list[Problem]
) -> CheckInRecord | TestResult | RunRow | _SessionWithCheckIn | None:
    """One record of the file, or None with its problems added."""
    kind = _kind(raw, where)
    try:
        if kind == "check-in":
            return _CheckIn.model_validate(raw).record_()
        if kind == "test-result":
            return _TestResult.model_validate(raw).record_()
        if kind == "run":
            return _Run.model_validate(raw).record_()
        parsed = _Session.model_validate(raw)
        session = parsed.record()
        kept = legacy_check_in(session, parsed.effort, parsed.pain, parsed.pain_where, parsed.note)
        return _SessionWithCheckIn(session, kept)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = ".".join(filter(None, (where, format_loc(error["loc"]))))
            message = error["msg"].removeprefix("Value error, ") + _id_of(raw, kind)
            problems.append(Problem(name, message, line, None, loc or None))
        return None


_KINDS = {"check_ins": "check-in", "test_results": "test-result", "runs": "run"}  # JSON lists
_ID_KEYS = {"session": "import.session", "check-in": "import.check_in",
            "test-result": "import.test_result", "run": "import.run"}  # fmt: skip


def _kind(raw: Any, where: str) -> str:
    """What a record is: by the list it is in (JSON), or its "record" (JSON Lines)."""
    listed = _KINDS.get(where.partition("[")[0])
    if listed is not None:
        return listed
    if isinstance(raw, dict) and "record" in raw:
        return raw["record"] if raw["record"] in ("test-result", "run") else "check-in"
    return "session"


def _id_of(raw: Any, kind: str) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f" ({t(_ID_KEYS[kind], id=raw['id'][:36])})"
    return ""
