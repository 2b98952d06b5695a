"""Records to SQLite rows and back: the column lists and the conversions that the store,
the importer and rescue share, so a column is named in one place per table."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from hipcoach.log.records import CheckInRecord, RunRow, SessionRecord, SetRecord, TestResult
from hipcoach.program.model import Text

SESSION_COLUMNS = (
    "id, program_id, program_version, program_name_en, program_name_ja, program_steps, "
    "variant, started_utc, ended_utc, utc_offset_minutes, local_date, status, speed, lang, "
    "despite_stop"
)
INSERT_SESSION = f"INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ({', '.join('?' * 15)})"
INSERT_SESSION_RUNNING = (
    f"INSERT INTO sessions ({SESSION_COLUMNS}, pid, host) VALUES ({', '.join('?' * 17)})"
)
CHECK_IN_COLUMNS = (
    "id, recorded_utc, utc_offset_minutes, local_date, session_id, effort, pain, pain_where, "
    "red_flags, note, lift, covers"
)
INSERT_CHECK_IN = f"INSERT INTO check_ins ({CHECK_IN_COLUMNS}) VALUES ({', '.join('?' * 12)})"
SET_COLUMNS = (
    "session_id, position, step_id, step_name_en, step_name_ja, phase, set_number, side, "
    "unit, planned, actual, skipped, started_utc, ended_utc"
)
INSERT_SET = f"INSERT INTO sets ({SET_COLUMNS}) VALUES ({', '.join('?' * 14)})"


def session_values(s: SessionRecord) -> tuple[Any, ...]:
    return (
        s.id,
        s.program_id,
        s.program_version,
        s.program_name.en,
        s.program_name.ja,
        json.dumps(list(s.program_steps)),
        s.variant,
        s.started_utc,
        s.ended_utc,
        s.utc_offset_minutes,
        s.local_date.isoformat(),
        s.status,
        s.speed,
        s.lang,
        int(s.despite_stop),
    )


def insert_session(db: sqlite3.Connection, session: SessionRecord) -> None:
    db.execute(INSERT_SESSION, session_values(session))
    db.executemany(INSERT_SET, [(session.id, *set_values(s)) for s in session.sets])


def set_values(r: SetRecord) -> tuple[Any, ...]:
    return (
        r.position,
        r.step_id,
        r.step_name.en,
        r.step_name.ja,
        r.phase,
        r.set_number,
        r.side,
        r.unit,
        r.planned,
        r.actual,
        int(r.skipped),
        r.started_utc,
        r.ended_utc,
    )


def session_from_row(row: Sequence[Any], sets: tuple[SetRecord, ...]) -> SessionRecord:
    return SessionRecord(
        id=row[0],
        program_id=row[1],
        program_version=row[2],
        program_name=Text(row[3], row[4]),
        program_steps=tuple(json.loads(row[5])),
        variant=row[6],
        started_utc=row[7],
        ended_utc=row[8],
        utc_offset_minutes=row[9],
        local_date=date.fromisoformat(row[10]),
        status=row[11],
        speed=row[12],
        lang=row[13],
        sets=sets,
        despite_stop=bool(row[14]),
    )


def check_in_values(c: CheckInRecord) -> tuple[Any, ...]:
    return (
        c.id,
        c.recorded_utc,
        c.utc_offset_minutes,
        c.local_date.isoformat(),
        c.session_id,
        c.effort,
        c.pain,
        c.pain_where,
        ",".join(c.red_flags),
        c.note,
        c.lift,
        c.covers,
    )


def check_in_from_row(row: Sequence[Any]) -> CheckInRecord:
    return CheckInRecord(
        id=row[0],
        recorded_utc=row[1],
        utc_offset_minutes=row[2],
        local_date=date.fromisoformat(row[3]),
        session_id=row[4],
        effort=row[5],
        pain=row[6],
        pain_where=row[7],
        red_flags=tuple(filter(None, row[8].split(","))),
        note=row[9],
        lift=row[10],
        covers=row[11],
    )


def set_from_row(row: Sequence[Any]) -> SetRecord:
    return SetRecord(
        position=row[0],
        step_id=row[1],
        step_name=Text(row[2], row[3]),
        phase=row[4],
        set_number=row[5],
        side=row[6],
        unit=row[7],
        planned=row[8],
        actual=row[9],
        skipped=bool(row[10]),
        started_utc=row[11],
        ended_utc=row[12],
    )


TEST_RESULT_COLUMNS = (
    "id, assessment_id, program_id, program_version, test_id, kind, side, trial, unit, "
    "value, answers, recorded_utc, utc_offset_minutes, local_date"
)
INSERT_RESULT = (
    f"INSERT OR IGNORE INTO test_results ({TEST_RESULT_COLUMNS}) VALUES ({', '.join('?' * 14)})"
)
SELECT_RESULT = f"SELECT {TEST_RESULT_COLUMNS} FROM test_results"


def result_values(result: TestResult) -> tuple[Any, ...]:
    """The row :data:`INSERT_RESULT` takes."""
    return (
        result.id,
        result.assessment_id,
        result.program_id,
        result.program_version,
        result.test_id,
        result.kind,
        result.side,
        result.trial,
        result.unit,
        result.value,
        json.dumps(result.answers, ensure_ascii=False, sort_keys=True),
        result.recorded_utc,
        result.utc_offset_minutes,
        result.local_date.isoformat(),
    )


def result_from_row(row: tuple[Any, ...]) -> TestResult:
    answers = json.loads(row[10])
    return TestResult(
        id=row[0],
        assessment_id=row[1],
        program_id=row[2],
        program_version=int(row[3]),
        test_id=row[4],
        kind=row[5],
        side=row[6],
        trial=int(row[7]),
        unit=row[8],
        value=None if row[9] is None else float(row[9]),
        answers={str(k): str(v) for k, v in answers.items()} if isinstance(answers, dict) else {},
        recorded_utc=row[11],
        utc_offset_minutes=int(row[12]),
        local_date=date.fromisoformat(row[13]),
    )


RUN_COLUMNS = (
    "id, content_sha256, part, source_name, source_format, start_utc, utc_offset_minutes, "
    "local_date, device, sub_sport, metres, moving_seconds, elapsed_seconds, treadmill, "
    "intervals, fields, fade_index, summary, imported_utc"
)
# OR IGNORE: the same file part, or the same start and device, under another id is
# already here (the table's UNIQUE constraints); the caller reads the row count
INSERT_RUN = (
    f"INSERT OR IGNORE INTO runs ({RUN_COLUMNS}, not_judged, decoupling_pct) "
    f"VALUES ({', '.join('?' * 21)})"
)
SELECT_RUN = f"SELECT {RUN_COLUMNS} FROM runs"


def run_values(run: RunRow) -> tuple[Any, ...]:
    """The row :data:`INSERT_RUN` takes; why not judged and the decoupling are copied out
    of the summary's analysis, for the list of runs to read without parsing it."""
    analysis = run.summary.get("analysis", {})
    return (
        run.id,
        run.content_sha256,
        run.part,
        run.source_name,
        run.source_format,
        run.start_utc,
        run.utc_offset_minutes,
        run.local_date.isoformat(),
        run.device,
        run.sub_sport,
        run.metres,
        run.moving_seconds,
        run.elapsed_seconds,
        int(run.treadmill),
        int(run.intervals),
        ",".join(run.fields),
        run.fade_index,
        json.dumps(run.summary, separators=(",", ":")),
        run.imported_utc,
        analysis.get("reason"),
        analysis.get("decoupling_pct"),
    )


def run_from_row(row: Sequence[Any]) -> RunRow:
    return RunRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        date.fromisoformat(row[7]),
        row[8],
        row[9],
        row[10],
        row[11],
        row[12],
        bool(row[13]),
        bool(row[14]),
        tuple(filter(None, row[15].split(","))),
        row[16],
        json.loads(row[17]),
        row[18],
    )
