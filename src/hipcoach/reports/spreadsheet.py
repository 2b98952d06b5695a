"""CSV for a spreadsheet: two flat tables a pivot can use as they are.

``--format csv`` writes the sets (one row per set) and ``--format csv-sessions`` the
sessions (one row per session, with its check-ins): two files rather than one with a
row type, because a pivot over one table weighted by sets would count a session's pain
once per set, and each format still goes to stdout (a pipe holds one file). The
``session_id`` column joins them.

Column names and values are the same in every language (ids, ISO dates, numbers, 0/1):
a spreadsheet template built on one language works on the other. Only the ``*_name``
columns and the user's own words change with ``--lang``. A cell a spreadsheet would run
as a formula is neutralised, leading whitespace or not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

from hipcoach.coach.describe import plain_number
from hipcoach.i18n import Lang
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.reports.shared import local_time, session_notes
from hipcoach.timeutil import from_iso

SET_COLUMNS = (
    "session_id",
    "date",
    "start",
    "end",
    "duration_s",
    "program",
    "exercise",
    "exercise_name",
    "phase",
    "set",
    "side",
    "planned_reps",
    "done_reps",
    "planned_seconds",
    "done_seconds",
    "skipped",
)
SESSION_COLUMNS = (
    "session_id",
    "date",
    "start",
    "end",
    "duration_s",
    "program",
    "program_name",
    "variant",
    "status",
    "sets_done",
    "sets_skipped",
    "check_ins",
    "effort",
    "pain",
    "pain_max",
    "pain_where",
    "red_flags",
    "note",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP), also
    after leading whitespace: LibreOffice's "trim spaces" would otherwise run it."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def write_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per set; a session without sets gets one row of its own."""
    return _write(SET_COLUMNS, (row for s in sessions for row in _set_rows(s, lang)), out, excel)


def write_sessions_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per session, with what its check-ins said."""
    return _write(SESSION_COLUMNS, (_session_row(s, lang) for s in sessions), out, excel)


def _write(
    columns: tuple[str, ...],
    rows: Iterable[tuple[SessionRecord, list[object]]],
    out: TextIO,
    excel: bool,
) -> int:
    """The rows under ``columns``; returns how many sessions they came from."""
    if excel:
        out.write("\ufeff")  # Excel reads UTF-8 (Japanese names) only with a byte order mark
    writer = csv.writer(out)
    writer.writerow(columns)
    seen: set[str] = set()
    for session, row in rows:
        seen.add(session.id)
        writer.writerow([neutralise(cell) for cell in row])
    return len(seen)


def _stamp(instant: str | None, offset_minutes: int) -> str:
    """Local time as ``2026-11-25 07:30:05``, which spreadsheets read as a date and time."""
    return "" if instant is None else f"{local_time(instant, offset_minutes):%Y-%m-%d %H:%M:%S}"


def _seconds(start: str, end: str | None) -> float | str:
    if end is None:
        return ""
    length = (from_iso(end) - from_iso(start)).total_seconds()
    return plain_number(round(length, 1))


def _amounts(s: SetRecord) -> list[object]:
    """planned_reps, done_reps, planned_seconds, done_seconds: a unit per column."""
    planned = plain_number(s.planned)
    done: object = "" if s.actual is None or s.skipped else plain_number(s.actual)
    return [planned, done, "", ""] if s.unit == "reps" else ["", "", planned, done]


def _set_rows(session: SessionRecord, lang: Lang) -> Iterator[tuple[SessionRecord, list[object]]]:
    offset = session.utc_offset_minutes
    head = [session.id, session.local_date.isoformat()]
    if not session.sets:
        times = [_stamp(session.started_utc, offset), _stamp(session.ended_utc, offset)]
        duration = _seconds(session.started_utc, session.ended_utc)
        yield session, [*head, *times, duration, session.program_id, *[""] * 10]
        return
    for s in session.sets:
        yield (
            session,
            [
                *head,
                _stamp(s.started_utc, offset),
                _stamp(s.ended_utc, offset),
                _seconds(s.started_utc, s.ended_utc),
                session.program_id,
                s.step_id,
                s.step_name.get(lang),
                s.phase,
                s.set_number,
                s.side or "",
                *_amounts(s),
                int(s.skipped),
            ],
        )


def _session_row(session: SessionRecord, lang: Lang) -> tuple[SessionRecord, list[object]]:
    offset = session.utc_offset_minutes
    said = [c for c in session.check_ins if c.lift is None]
    latest = said[-1] if said else None
    pains = [c.pain for c in said if c.pain is not None]
    flags = dict.fromkeys(flag for c in said for flag in c.red_flags)  # in order, once each
    return session, [
        session.id,
        session.local_date.isoformat(),
        _stamp(session.started_utc, offset),
        _stamp(session.ended_utc, offset),
        _seconds(session.started_utc, session.ended_utc),
        session.program_id,
        session.program_name.get(lang),
        session.variant,
        session.status,
        sum(1 for s in session.sets if not s.skipped),
        sum(1 for s in session.sets if s.skipped),
        len(said),
        "" if latest is None or latest.effort is None else latest.effort,
        "" if latest is None or latest.pain is None else latest.pain,
        max(pains) if pains else "",
        (latest and latest.pain_where) or "",
        ";".join(flags),
        " / ".join(session_notes(session)),
    ]
