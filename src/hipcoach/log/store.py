"""The log: SQLite in the user data dir, one short transaction per finished set.

Only this module knows there is SQLite. The database runs in WAL mode with a busy
timeout, so a second hipcoach (another terminal, an export) neither blocks nor
loses writes; ``synchronous=FULL`` makes each set durable once its commit returns.
The schema moves forward with numbered migrations; ``PRAGMA user_version`` is the
number applied. A session left ``running`` by a process that no longer exists
(killed, power cut) is closed as partial the next time the log is opened.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
from hipcoach.log.health import damaged, refuse_damage
from hipcoach.log.migrations import migrate, refuse_unknown
from hipcoach.log.records import (
    CheckIn,
    CheckInRecord,
    ExerciseWeek,
    MergeReport,
    RunRow,
    SessionRecord,
    SetRecord,
    Status,
    TestResult,
)
from hipcoach.log.rows import (
    CHECK_IN_COLUMNS,
    INSERT_CHECK_IN,
    INSERT_SESSION_RUNNING,
    INSERT_SET,
    SESSION_COLUMNS,
    SET_COLUMNS,
    check_in_from_row,
    check_in_values,
    session_from_row,
    session_values,
    set_from_row,
    set_values,
)
from hipcoach.program.model import Text

BUSY_TIMEOUT_MS = 10_000
# A rehearsal (``run --speed``) is logged and listed, but is not training: it counts for no
# streak, no done day, no progression, no stats and no report.
TRAINING = "speed = 1"


# --- opening -------------------------------------------------------------------------------


def _broken(path: Path, exc: Exception) -> HipcoachError:
    """The error for SQLite failing on the log: damaged, a full disk, or else as SQLite says."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(path, exc)
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path)):
        return HipcoachError(t("store.disk_full", path=path), hint=t("error.hint_doctor"))
    return HipcoachError(t("store.unreadable", path=path, reason=exc), hint=t("store.hint_doctor"))


def _disk_full(path: Path) -> bool:
    """Whether the log's disk has no room left: SQLite names a full disk only where the
    write itself says ENOSPC, and a failed fsync or shared-memory grow is an "I/O error"."""
    try:
        disk = os.statvfs(path.parent)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < 64 * 1024


# Where a value read from the log is decoded: an error raised there is the file's.
_READERS = tuple(
    str(Path(__file__).with_name(name)) for name in ("store.py", "rows.py", "records.py")
)


def log_failure(exc: BaseException) -> HipcoachError | None:
    """The user's error for SQLite failing after the log opened, else None.

    A damaged page is only met when a query reads it, and a full disk when a write
    spills; both are about the file, not a bug. A byte changed inside a value passes
    SQLite's checks but may decode to no text, date or JSON: that, raised while the
    store turns rows into records, is damage too. Misuse (IntegrityError, a bad query)
    stays a bug.
    """
    if isinstance(exc, sqlite3.DatabaseError) and type(exc) in (
        sqlite3.DatabaseError,
        sqlite3.OperationalError,
    ):
        return _broken(paths.db_path(), exc)
    if isinstance(exc, ValueError | TypeError | KeyError) and _raised_reading(exc):
        reason = t("store.bad_value", reason=f"{type(exc).__name__}: {exc}")
        return damaged(paths.db_path(), reason)
    return None


def _raised_reading(exc: BaseException) -> bool:
    frame = exc.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename in _READERS:
            return True
        frame = frame.tb_next
    return False


class Store:
    """The session log. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken at once so it never upgrades under a reader;
        with ``dry_run`` everything done in it is rolled back at the end."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise HipcoachError(t("store.busy", path=self.path, reason=exc)) from None
        try:
            yield self.db
        except BaseException:
            self._rollback()
            raise
        if dry_run:
            self._rollback()
            return
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise HipcoachError(
                t("store.write_failed", path=self.path, reason=exc), hint=t("store.hint_doctor")
            ) from None

    def _rollback(self) -> None:
        # SQLite has already rolled back by itself after some errors (a full disk)
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    # --- writing ---------------------------------------------------------------------------

    def start_session(self, session: SessionRecord) -> None:
        with self.transaction() as db:
            db.execute(
                INSERT_SESSION_RUNNING,
                (*session_values(session), os.getpid(), _hostname()),
            )

    def add_set(self, session_id: str, record: SetRecord) -> None:
        """Commit one set; when this returns the set survives a crash or power cut."""
        with self.transaction() as db:
            db.execute(INSERT_SET, (session_id, *set_values(record)))

    def finish_session(self, session_id: str, status: Status, ended_utc: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_utc = ?, pid = NULL WHERE id = ?",
                (status, ended_utc, session_id),
            )

    def add_check_in(self, record: CheckInRecord) -> None:
        """Add an entry to the pain record; entries are never changed or removed."""
        with self.transaction() as db:
            db.execute(INSERT_CHECK_IN, check_in_values(record))

    def merge(
        self,
        sessions: Iterable[SessionRecord | CheckInRecord | TestResult | RunRow],
        check_ins: Iterable[CheckInRecord] = (),
        *,
        dry_run: bool = False,
    ) -> MergeReport:
        """Add another log's sessions, check-ins, self-test results and runs by their ids
        (see ``log.merging``)."""
        from hipcoach.log.merging import merge

        return merge(self, sessions, check_ins, dry_run=dry_run)

    def close_stale_sessions(self) -> int:
        """Close sessions left running by a process that is gone; returns how many."""
        running = self.db.execute(
            "SELECT id, pid, host FROM sessions WHERE status = 'running'"
        ).fetchall()
        host = _hostname() if running else ""
        stale = [row[0] for row in running if row[2] == host and not _process_alive(row[1])]
        for session_id in stale:
            with self.transaction() as db:
                last = db.execute(
                    "SELECT max(ended_utc), sum(skipped = 0) FROM sets WHERE session_id = ?",
                    (session_id,),
                ).fetchone()
                started = db.execute(
                    "SELECT started_utc FROM sessions WHERE id = ?", (session_id,)
                ).fetchone()[0]
                status = "partial" if last[1] else "aborted"
                db.execute(
                    "UPDATE sessions SET status = ?, ended_utc = ?, pid = NULL WHERE id = ?",
                    (status, last[0] or started, session_id),
                )
        return len(stale)

    # --- reading ---------------------------------------------------------------------------

    def steps_done_by_day(self) -> dict[tuple[date, str], set[str]]:
        """Steps with a set actually done, per (local date, program id), over the whole log."""
        done: dict[tuple[date, str], set[str]] = {}
        rows = self.db.execute(  # done_steps is kept by a trigger; step ids hold no comma
            f"""SELECT local_date, program_id, done_steps FROM sessions
                WHERE done_steps != '' AND {TRAINING}"""
        )
        for day, program_id, steps in rows:
            key = (date.fromisoformat(day), program_id)
            if key in done:
                done[key].update(steps.split(","))
            else:
                done[key] = set(steps.split(","))
        return done

    def latest_program_steps(self) -> dict[str, tuple[str, ...]]:
        """Each program's steps, as its most recent session recorded them."""
        rows = self.db.execute(  # one index lookup per program, however long the log
            """SELECT p.program_id,
                      (SELECT program_steps FROM sessions WHERE program_id = p.program_id
                       ORDER BY started_utc DESC, rowid DESC LIMIT 1)
               FROM (SELECT DISTINCT program_id FROM sessions) AS p"""
        )
        return {program_id: tuple(json.loads(steps)) for program_id, steps in rows}

    def sessions_in(
        self, first: date, last: date, program_id: str | None = None
    ) -> list[tuple[date, str, int | None, int | None, bool]]:
        """(local date, status, effort, pain, despite a stop) of each session in [first,
        last] (of ``program_id`` only, when given): effort and pain from its latest check-in."""
        rows = self.db.execute(
            f"""SELECT s.local_date, s.status, c.effort, c.pain, s.despite_stop
                FROM sessions AS s
                LEFT JOIN check_ins AS c ON c.rowid = (
                    SELECT rowid FROM check_ins WHERE session_id = s.id AND lift IS NULL
                    ORDER BY recorded_utc DESC, rowid DESC LIMIT 1)
                WHERE s.local_date BETWEEN ? AND ? AND s.{TRAINING}
                  AND (?3 IS NULL OR s.program_id = ?3)
                ORDER BY s.started_utc, s.rowid""",
            (first.isoformat(), last.isoformat(), program_id),
        )
        return [
            (date.fromisoformat(d), status, effort, pain, bool(despite))
            for d, status, effort, pain, despite in rows
        ]

    def exercise_weeks(
        self, first: date, last: date, program_id: str | None = None
    ) -> list[ExerciseWeek]:
        """Per exercise and week since ``first`` (week 0): sets done and skipped, the mean
        done and prescribed, and the totals prescribed and done."""
        rows = self.db.execute(
            """SELECT t.step_id, min(t.step_name_en), min(t.step_name_ja), min(t.unit),
                      CAST((julianday(s.local_date) - julianday(?1)) / 7 AS INTEGER) AS week,
                      count(*) FILTER (WHERE t.skipped = 0),
                      count(*) FILTER (WHERE t.skipped = 1),
                      avg(t.actual) FILTER (WHERE t.skipped = 0),
                      avg(t.planned), total(t.planned),
                      total(t.actual) FILTER (WHERE t.skipped = 0)
               FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
               WHERE s.local_date BETWEEN ?1 AND ?2 AND s.speed = 1
                 AND (?3 IS NULL OR s.program_id = ?3)
               GROUP BY t.step_id, week ORDER BY min(s.started_utc), week""",
            (first.isoformat(), last.isoformat(), program_id),
        )
        return [ExerciseWeek(row[0], Text(row[1], row[2]), row[3], *row[4:]) for row in rows]

    def exercise_ends(
        self, first: date, last: date, program_id: str | None = None
    ) -> dict[str, tuple[float, float]]:
        """Per exercise, the dose prescribed per set in the first and the last session
        that had it."""
        ends: dict[str, tuple[float, float]] = {}
        rows = self.db.execute(
            """SELECT t.step_id, avg(t.planned) FROM sessions AS s
               JOIN sets AS t ON t.session_id = s.id
               WHERE s.local_date BETWEEN ? AND ? AND s.speed = 1
                 AND (?3 IS NULL OR s.program_id = ?3)
               GROUP BY t.step_id, s.id ORDER BY min(s.started_utc), s.id""",
            (first.isoformat(), last.isoformat(), program_id),
        )
        for step_id, mean in rows:
            ends[step_id] = (ends[step_id][0] if step_id in ends else mean, mean)
        return ends

    def check_ins(self, program_id: str) -> list[CheckIn]:
        """What progression replays for a program, oldest first: the latest check-in of
        each of its training sessions (a later one about the same session corrects it),
        and every check-in about no session or a rehearsal (its pain counts; no steps
        were done). Read from the sessions, so every session of the program is read."""
        rows = self.db.execute(
            f"""SELECT day, completed, done, effort, pain, pain_where FROM (
                    SELECT c.recorded_utc AS at, c.rowid AS n, c.local_date AS day,
                           s.status = 'completed' AS completed, s.done_steps AS done,
                           c.effort, c.pain, c.pain_where
                    FROM sessions AS s JOIN check_ins AS c ON c.rowid = (
                        SELECT rowid FROM check_ins WHERE session_id = s.id AND lift IS NULL
                        ORDER BY recorded_utc DESC, rowid DESC LIMIT 1)
                    WHERE s.program_id = ? AND s.{TRAINING}
                    UNION ALL
                    SELECT c.recorded_utc, c.rowid, c.local_date, 0, '',
                           c.effort, c.pain, c.pain_where
                    FROM check_ins AS c LEFT JOIN sessions AS s ON s.id = c.session_id
                    WHERE c.lift IS NULL
                      AND (s.id IS NULL OR (s.program_id = ? AND NOT s.{TRAINING})))
                ORDER BY at, n""",
            (program_id, program_id),
        )
        steps: dict[str, frozenset[str]] = {}  # a few distinct values, shared
        return [
            CheckIn(
                date.fromisoformat(day),
                bool(completed),
                steps.get(done) or steps.setdefault(done, frozenset(filter(None, done.split(",")))),
                effort,
                pain,
                where,
            )
            for day, completed, done, effort, pain, where in rows
        ]

    def pain_record(
        self, first: date | None = None, last: date | None = None
    ) -> list[CheckInRecord]:
        """Every check-in and lift statement (of every program), oldest first."""
        rows = self.db.execute(
            f"""SELECT {CHECK_IN_COLUMNS} FROM check_ins
                WHERE local_date BETWEEN ? AND ? ORDER BY recorded_utc, rowid""",
            ((first or date.min).isoformat(), (last or date.max).isoformat()),
        )
        return [check_in_from_row(row) for row in rows]

    def session(self, session_id: str) -> SessionRecord | None:
        rows = self.db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchall()
        sessions = self.sessions_from_rows(rows)
        return sessions[0] if sessions else None

    def latest_training_session(self) -> SessionRecord | None:
        rows = self.db.execute(
            f"""SELECT {SESSION_COLUMNS} FROM sessions WHERE {TRAINING}
                ORDER BY started_utc DESC, rowid DESC LIMIT 1"""
        ).fetchall()
        sessions = self.sessions_from_rows(rows)
        return sessions[0] if sessions else None

    def has_training(self) -> bool:
        """Whether any real session (not a rehearsal) was ever started."""
        return (
            self.db.execute(f"SELECT 1 FROM sessions WHERE {TRAINING} LIMIT 1").fetchone()
            is not None
        )

    def first_day(self) -> date | None:
        """The local date of the first session in the log (rehearsals too), if any."""
        row = self.db.execute("SELECT min(local_date) FROM sessions").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def recent_sessions(self, limit: int) -> list[SessionRecord]:
        """The newest sessions first (of two started in the same millisecond, the one
        logged last)."""
        rows = self.db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY started_utc DESC, rowid DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return self.sessions_from_rows(rows)

    def iter_sessions(
        self,
        first: date | None = None,
        last: date | None = None,
        batch: int = 500,
        *,
        training_only: bool = False,
    ) -> Iterator[SessionRecord]:
        """Every session in date order (or only training, no rehearsals), read in batches
        so memory stays flat."""
        low = (first or date.min).isoformat()
        high = (last or date.max).isoformat()
        after = ("", "")
        while True:
            rows = self.db.execute(
                f"""SELECT {SESSION_COLUMNS} FROM sessions
                    WHERE local_date BETWEEN ? AND ? AND (started_utc, id) > (?, ?)
                      AND ({TRAINING} OR NOT ?)
                    ORDER BY started_utc, id LIMIT ?""",
                (low, high, *after, training_only, batch),
            ).fetchall()
            if not rows:
                return
            yield from self.sessions_from_rows(rows)
            after = (rows[-1][7], rows[-1][0])

    def sessions_from_rows(self, rows: Sequence[tuple[Any, ...]]) -> list[SessionRecord]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        sets: dict[str, list[SetRecord]] = {session_id: [] for session_id in ids}
        for row in self.db.execute(
            f"SELECT {SET_COLUMNS} FROM sets WHERE session_id IN ({marks}) "
            "ORDER BY session_id, position",
            ids,
        ):
            sets[row[0]].append(set_from_row(row[1:]))
        check_ins: dict[str, list[CheckInRecord]] = {session_id: [] for session_id in ids}
        for row in self.db.execute(
            f"SELECT {CHECK_IN_COLUMNS} FROM check_ins WHERE session_id IN ({marks}) "
            "ORDER BY recorded_utc, rowid",
            ids,
        ):
            check_ins[row[4]].append(check_in_from_row(row))
        return [
            replace(session_from_row(row, tuple(sets[row[0]])), check_ins=tuple(check_ins[row[0]]))
            for row in rows
        ]


def _hostname() -> str:
    import socket  # only when a session starts: 2 ms of every command otherwise

    return socket.gethostname()


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _use_wal(db: sqlite3.Connection) -> bool:
    """Switch the log to WAL (a no-op once it is); False where it cannot be.

    Leaving the rollback journal needs the whole file, and there SQLite reports "busy"
    at once instead of waiting (another hipcoach is creating the same new log): wait here
    as the busy timeout would.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return bool(db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def open_store(path: Path | None = None) -> Store:
    """Open (creating it if needed) and migrate the log, closing stale sessions.

    Raises:
        HipcoachError: the file is not a hipcoach log, is damaged, or cannot be written.
    """
    path = path or paths.db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HipcoachError(t("store.unwritable", path=path.parent, reason=exc.strerror)) from None
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise _broken(path, exc) from None
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # before anything writes: a newer, unknown or damaged log stays byte for byte
        refuse_unknown(db, path)
        refuse_damage(db, path)
        db.execute("PRAGMA foreign_keys = ON")
        if not _use_wal(db):
            db.execute("PRAGMA journal_mode = DELETE")  # e.g. a file system without shared memory
        db.execute("PRAGMA synchronous = FULL")
        migrate(db, path)
        store = Store(db, path)
        store.close_stale_sessions()
    except HipcoachError:
        db.close()
        raise
    except sqlite3.Error as exc:
        db.close()
        raise _broken(path, exc) from None
    except UnicodeDecodeError:  # SQLite's message quoting a damaged schema
        db.close()
        raise damaged(path, t("store.garbled")) from None
    return store
