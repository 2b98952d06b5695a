"""Rescue a damaged log: copy every session that can still be read into a new one, with
the pain record, the self-test results and the runs from the watch.

A bad sector or a half-synced copy can make one page of the SQLite file unreadable;
a whole-table query then fails, though almost every row is still there. Rows are
read one at a time (sessions by rowid, their sets by key), so a damaged page costs
only the rows on it. The new log is built beside the old one and swapped in at the
end; the damaged file is kept, renamed, never deleted.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
from hipcoach.log.health import integrity_check
from hipcoach.log.migrations import MIGRATIONS
from hipcoach.log.records import (
    CheckInRecord,
    RunRow,
    SessionRecord,
    SetRecord,
    TestResult,
    legacy_check_in,
)
from hipcoach.log.rows import (
    CHECK_IN_COLUMNS,
    SELECT_RESULT,
    SELECT_RUN,
    SESSION_COLUMNS,
    SET_COLUMNS,
    check_in_from_row,
    result_from_row,
    run_from_row,
    session_from_row,
    set_from_row,
)
from hipcoach.log.store import open_store

# A log before version 6 kept each session's check-in in the session's own row.
_CHECK_IN_RECORDS = 6
_RUNS = 7  # the log version with runs from the watch (m007)
_TEST_RESULTS = 8  # the log version with self-test results (m008)
_R = TypeVar("_R")
_LEGACY_COLUMNS = SESSION_COLUMNS.replace("despite_stop", "0, effort, pain, pain_where, note")

# rowids are handed out in order; past the last one found, this many misses in a row
# mean the table has ended (a damaged page loses its rows, not the numbering)
GAP = 5000
MAX_SETS = 200  # positions probed one by one when a session's sets cannot be read together


@dataclass(frozen=True)
class RescueReport:
    sessions: int  # copied into the new log
    sets: int
    unreadable_sessions: int  # lost whole: their rows could not be read or made sense of
    missing_sets: int  # rescued sessions some of whose sets could not be read
    newest_may_be_lost: bool  # the end of the sessions table could not be read
    kept_at: Path  # where the damaged file now is


def healthy(path: Path) -> bool:
    """Whether the log opens and passes SQLite's integrity check (nothing to rescue)."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return integrity_check(db) == "ok"
        finally:
            db.close()
    except sqlite3.Error:
        return False


def rescue_log(path: Path, now: datetime) -> RescueReport:
    """Copy what can be read from the damaged log at ``path`` into a new log there.

    Raises:
        HipcoachError: there is no log, it is healthy, or it was written by a newer
            hipcoach (its format is unknown here, so nothing is touched).
    """
    if not path.exists():
        raise HipcoachError(t("rescue.no_log", path=path))
    stamp = now.strftime("%Y%m%d-%H%M%S")
    work = path.with_name(f".{path.name}.rescue-{stamp}")
    work.mkdir()
    try:
        copy = work / "damaged.db"
        for suffix in ("", "-wal", "-shm"):  # read a copy: SQLite may write to what it opens
            source = Path(f"{path}{suffix}")
            if source.exists():
                shutil.copyfile(source, Path(f"{copy}{suffix}"))
        if healthy(copy):
            raise HipcoachError(t("rescue.healthy", path=path))
        found = _read_copy(copy, path)
        rescued = work / "rescued.db"
        with open_store(rescued) as log:
            log.merge([*found.sessions, *found.test_results, *found.runs], found.check_ins)
        kept = path.with_name(f"{path.name}.damaged-{stamp}")
        for suffix in ("-wal", "-shm", ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                source.replace(Path(f"{kept}{suffix}"))
        rescued.replace(path)  # the log is whole again from here on
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RescueReport(
        sessions=len(found.sessions),
        sets=sum(len(s.sets) for s in found.sessions),
        unreadable_sessions=found.bad_sessions,
        missing_sets=found.missing_sets,
        newest_may_be_lost=found.tail_damaged,
        kept_at=kept,
    )


@dataclass
class _Found:
    sessions: list[SessionRecord]
    check_ins: list[CheckInRecord] = field(default_factory=list)
    test_results: list[TestResult] = field(default_factory=list)
    runs: list[RunRow] = field(default_factory=list)
    bad_sessions: int = 0
    missing_sets: int = 0  # sessions
    tail_damaged: bool = False


def _read_copy(copy: Path, original: Path) -> _Found:
    try:
        db = sqlite3.connect(copy, isolation_level=None)
    except sqlite3.Error:
        return _Found([])
    try:
        version = _user_version(db)
        if version is not None and version > len(MIGRATIONS):
            raise HipcoachError(
                t("store.newer", path=original, found=version, known=len(MIGRATIONS))
            )
        found = _Found([])
        legacy = version is not None and version < _CHECK_IN_RECORDS
        for row in _session_rows(db, found, _LEGACY_COLUMNS if legacy else SESSION_COLUMNS):
            sets = _sets_of(db, row[0], found)
            try:
                session = session_from_row(row, sets)
                found.sessions.append(session)
                kept = legacy_check_in(session, *row[-4:]) if legacy else None
                if kept is not None:
                    found.check_ins.append(kept)
            except (ValueError, TypeError, IndexError):  # garbage where a field should be
                found.bad_sessions += 1
        if not legacy:
            found.check_ins = list(_by_rowid(db, CHECK_IN_SELECT, check_in_from_row))
        if version is None or version >= _TEST_RESULTS:
            found.test_results = list(_by_rowid(db, SELECT_RESULT, result_from_row))
        if version is None or version >= _RUNS:
            found.runs = list(_by_rowid(db, SELECT_RUN, run_from_row))
        return found
    finally:
        db.close()


def _user_version(db: sqlite3.Connection) -> int | None:
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None


CHECK_IN_SELECT = f"SELECT {CHECK_IN_COLUMNS} FROM check_ins"


def _by_rowid(
    db: sqlite3.Connection, select: str, from_row: Callable[[tuple[Any, ...]], _R]
) -> Iterator[_R]:
    """Every readable row of a table of records (the pain record, the self-test results,
    the runs), row by row (a damaged page costs its rows)."""
    rowid = misses = 0
    while misses < GAP:
        rowid += 1
        try:
            row = db.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchone()
            record = None if row is None else from_row(row)
        except (sqlite3.DatabaseError, ValueError, TypeError, AttributeError):
            record = None
        if record is None:
            misses += 1
            continue
        misses = 0
        yield record


def _session_rows(db: sqlite3.Connection, found: _Found, columns: str) -> Iterator[tuple[Any, ...]]:
    """Every readable session row, probing rowid after rowid until GAP probes in a row
    find nothing. Unreadable probes between two good rows are lost sessions; after the
    last good one they may be lost sessions or the end of the table (``tail_damaged``)."""
    rowid = misses = damaged = 0
    while misses < GAP:
        rowid += 1
        try:
            row = db.execute(f"SELECT {columns} FROM sessions WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            misses, damaged = misses + 1, damaged + 1
            continue
        if row is None:
            misses += 1
            continue
        found.bad_sessions += damaged
        misses = damaged = 0
        yield row
    found.tail_damaged = damaged > 0


def _sets_of(db: sqlite3.Connection, session_id: object, found: _Found) -> tuple[SetRecord, ...]:
    query = f"SELECT {SET_COLUMNS} FROM sets WHERE session_id = ?"
    missing = False
    try:
        rows = db.execute(f"{query} ORDER BY position", (session_id,)).fetchall()
    except sqlite3.DatabaseError:
        rows = []
        for position in range(1, MAX_SETS + 1):
            try:
                row = db.execute(f"{query} AND position = ?", (session_id, position)).fetchone()
            except sqlite3.DatabaseError:
                missing = True
                continue
            if row is not None:
                rows.append(row)
    sets = []
    for row in rows:
        try:
            sets.append(set_from_row(row[1:]))
        except (ValueError, TypeError, IndexError):
            missing = True
    found.missing_sets += missing
    return tuple(sets)
