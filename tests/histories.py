"""Build realistic session records for tests (the same shape the recorder writes)."""

from __future__ import annotations

import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hipcoach.coach.streaks import full_days
from hipcoach.log.records import (
    CheckInRecord,
    MergeReport,
    SessionRecord,
    SetRecord,
    Status,
    legacy_check_in_id,
)
from hipcoach.log.store import Store
from hipcoach.program.model import Text
from hipcoach.timeutil import to_iso

STEPS = ("glute-stretch", "hip-hinge", "wall-drill")
NAMES = {
    "glute-stretch": Text("Glute stretch", "お尻のストレッチ"),
    "hip-hinge": Text("Hip hinge", "ヒップヒンジ"),
    "wall-drill": Text("Wall drill", "ウォールドリル"),
}
PHASES = {
    "glute-stretch": "flexibility",
    "hip-hinge": "hip-support",
    "wall-drill": "running-transfer",
}
PLAN = [  # (step, set, side, unit, planned)
    ("glute-stretch", 1, "left", "seconds", 20.0),
    ("glute-stretch", 1, "right", "seconds", 20.0),
    ("glute-stretch", 2, "left", "seconds", 20.0),
    ("glute-stretch", 2, "right", "seconds", 20.0),
    ("hip-hinge", 1, "left", "reps", 10.0),
    ("hip-hinge", 2, "right", "reps", 10.0),
    ("wall-drill", 1, None, "reps", 10.0),
    ("wall-drill", 2, None, "reps", 10.0),
]


def make_session(
    day: date,
    *,
    session_id: str | None = None,
    status: Status = "completed",
    count: int = 8,
    skipped: set[int] | None = None,
    hold: float = 20.0,
    offset_minutes: int = 540,
    hour: int = 7,
    effort: int | None = None,
    pain: int | None = None,
    pain_where: str | None = None,
    note: str | None = None,
    speed: float = 1.0,
) -> SessionRecord:
    """A hip-drop session on local ``day`` with its first ``count`` sets, and a check-in
    (its ``check_ins``) when effort, pain, where or a note is given."""
    local_start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    start = local_start - timedelta(minutes=offset_minutes)
    sets = []
    moment = start + timedelta(seconds=5)
    for position, (step, number, side, unit, planned) in enumerate(PLAN[:count], 1):
        length = hold if unit == "seconds" else 30.0
        is_skipped = position in (skipped or set())
        value = hold if unit == "seconds" else planned
        sets.append(
            SetRecord(
                position=position,
                step_id=step,
                step_name=NAMES[step],
                phase=PHASES[step],
                set_number=number,
                side=side,
                unit=unit,  # type: ignore[arg-type]
                planned=hold if unit == "seconds" else planned,
                actual=None if is_skipped else value,
                skipped=is_skipped,
                started_utc=to_iso(moment),
                ended_utc=to_iso(moment + timedelta(seconds=length)),
            )
        )
        moment += timedelta(seconds=length + 10)
    session_id = session_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"hipcoach-test/{day}/{hour}"))
    check_ins: tuple[CheckInRecord, ...] = ()
    if any(v is not None for v in (effort, pain, pain_where, note)):
        check_ins = (
            CheckInRecord(
                id=legacy_check_in_id(session_id),
                recorded_utc=to_iso(moment),
                utc_offset_minutes=offset_minutes,
                local_date=day,
                session_id=session_id,
                effort=effort,
                pain=pain,
                pain_where=pain_where,
                note=note,
            ),
        )
    return SessionRecord(
        id=session_id,
        program_id="hip-drop",
        program_version=1,
        program_name=Text("Hip-drop fix: three steps", "腰が落ちないフォームづくり 3ステップ"),
        program_steps=STEPS,
        variant="full",
        started_utc=to_iso(start),
        ended_utc=to_iso(moment),
        utc_offset_minutes=offset_minutes,
        local_date=day,
        status=status,
        speed=speed,
        lang="en",
        sets=tuple(sets),
        check_ins=check_ins,
    )


def check_ins_of(sessions: Iterable[SessionRecord]) -> list[CheckInRecord]:
    return [c for s in sessions for c in s.check_ins]


def add_sessions(store: Store, sessions: Sequence[SessionRecord]) -> MergeReport:
    """Put sessions in the log with their check-ins, as an import would."""
    return store.merge(sessions, check_ins_of(sessions))


LEGACY_SESSION_COLUMNS = (
    "id, program_id, program_version, program_name_en, program_name_ja, program_steps, "
    "variant, started_utc, ended_utc, utc_offset_minutes, local_date, status, speed, lang"
)


def legacy_log(path: Path, version: int, sessions: Sequence[SessionRecord]) -> None:
    """A log as hipcoach left it at schema ``version`` (before 6: the check-in inside the
    session's row), holding ``sessions``."""
    from hipcoach.log import rows
    from hipcoach.log.migrations import MIGRATIONS

    db = sqlite3.connect(path, isolation_level=None)
    try:
        for number, step in enumerate(MIGRATIONS[:version], 1):
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        for session in sessions:
            values = rows.session_values(session)[:14]
            check_in = session.check_in
            columns, marks = LEGACY_SESSION_COLUMNS, ", ".join("?" * 14)
            if check_in is not None and version >= 2:
                columns += ", effort, pain, pain_where, note"
                marks += ", ?, ?, ?, ?"
                values += (check_in.effort, check_in.pain, check_in.pain_where, check_in.note)
            db.execute(f"INSERT INTO sessions ({columns}) VALUES ({marks})", values)  # noqa: S608 - our column names
            db.executemany(
                rows.INSERT_SET, [(session.id, *rows.set_values(s)) for s in session.sets]
            )
    finally:
        db.close()


def done_steps_by_day(sessions: Iterable[SessionRecord]) -> dict[tuple[date, str], set[str]]:
    """Steps actually done, per (local date, program id): the reference the log's own
    query (``Store.steps_done_by_day``) is checked against."""
    done: dict[tuple[date, str], set[str]] = defaultdict(set)
    for session in sessions:
        done[(session.local_date, session.program_id)] |= session.done_steps()
    return done


def done_days(sessions: Sequence[SessionRecord]) -> set[date]:
    """Days on which some program was done in full, straight from session records."""
    needed: dict[str, tuple[str, ...]] = {}
    for session in sorted(sessions, key=lambda s: s.started_utc):
        needed[session.program_id] = session.program_steps  # the newest version says "in full"
    return full_days(done_steps_by_day(sessions), needed)


def session_count(store: Store) -> int:
    """Every session in the log, rehearsals too."""
    return sum(1 for _ in store.iter_sessions())
