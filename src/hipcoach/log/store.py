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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
from hipcoach.program.model import Text

Status = Literal["running", "completed", "partial", "aborted"]
BUSY_TIMEOUT_MS = 10_000
# A rehearsal (``run --speed``) is logged and listed, but is not training: it counts for no
# streak, no done day, no progression, no stats and no report.
TRAINING = "speed = 1"


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


class _DryRun(Exception):
    """Raised inside a write transaction to roll it back on purpose."""


# --- migrations: append only; each runs in one transaction with its user_version ----------

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []
migration = MIGRATIONS.append


@migration
def m001_sessions_and_sets(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            program_id TEXT NOT NULL,
            program_version INTEGER NOT NULL,
            program_name_en TEXT NOT NULL,
            program_name_ja TEXT NOT NULL,
            program_steps TEXT NOT NULL,          -- JSON list of step ids
            variant TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            ended_utc TEXT,
            utc_offset_minutes INTEGER NOT NULL,
            local_date TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('running', 'completed', 'partial', 'aborted')),
            speed REAL NOT NULL DEFAULT 1,
            lang TEXT NOT NULL DEFAULT 'en',
            pid INTEGER,
            host TEXT
        )
        """
    )
    db.execute("CREATE INDEX sessions_by_date ON sessions (local_date, started_utc)")
    db.execute("CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running'")
    db.execute("CREATE INDEX sessions_by_program ON sessions (program_id, started_utc)")
    db.execute(
        """
        CREATE TABLE sets (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            step_name_en TEXT NOT NULL,
            step_name_ja TEXT NOT NULL,
            phase TEXT NOT NULL,
            set_number INTEGER NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            unit TEXT NOT NULL CHECK (unit IN ('seconds', 'reps')),
            planned REAL NOT NULL,
            actual REAL,
            skipped INTEGER NOT NULL CHECK (skipped IN (0, 1)),
            started_utc TEXT NOT NULL,
            ended_utc TEXT NOT NULL,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID
        """
    )


@migration
def m002_checkin(db: sqlite3.Connection) -> None:
    """How the session felt: effort (RPE 1-10), pain (0-10) and where, a note."""
    db.execute("ALTER TABLE sessions ADD COLUMN effort INTEGER CHECK (effort BETWEEN 1 AND 10)")
    db.execute("ALTER TABLE sessions ADD COLUMN pain INTEGER CHECK (pain BETWEEN 0 AND 10)")
    db.execute("ALTER TABLE sessions ADD COLUMN pain_where TEXT")
    db.execute("ALTER TABLE sessions ADD COLUMN note TEXT")


@migration
def m003_day_steps(db: sqlite3.Connection) -> None:
    """Which steps were done on which day, kept by triggers, so streaks over years stay fast.

    Sets are only ever added, or removed with their session (an import replacing a copy),
    so two triggers keep the table exact.
    """
    db.execute(
        """CREATE TABLE day_steps (
               local_date TEXT NOT NULL,
               program_id TEXT NOT NULL,
               step_id TEXT NOT NULL,
               PRIMARY KEY (local_date, program_id, step_id)
           ) WITHOUT ROWID"""
    )
    db.execute(
        """INSERT OR IGNORE INTO day_steps
           SELECT s.local_date, s.program_id, t.step_id
           FROM sessions AS s JOIN sets AS t ON t.session_id = s.id WHERE t.skipped = 0"""
    )
    db.execute(
        """CREATE TRIGGER day_steps_add AFTER INSERT ON sets WHEN NEW.skipped = 0 BEGIN
               INSERT OR IGNORE INTO day_steps
               SELECT local_date, program_id, NEW.step_id FROM sessions WHERE id = NEW.session_id;
           END"""
    )
    db.execute(
        """CREATE TRIGGER day_steps_remove BEFORE DELETE ON sessions BEGIN
               DELETE FROM day_steps
               WHERE local_date = OLD.local_date AND program_id = OLD.program_id;
               INSERT OR IGNORE INTO day_steps
               SELECT s.local_date, s.program_id, t.step_id
               FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
               WHERE s.local_date = OLD.local_date AND s.program_id = OLD.program_id
                 AND s.id != OLD.id AND t.skipped = 0;
           END"""
    )


@migration
def m004_session_steps(db: sqlite3.Connection) -> None:
    """Each session's done steps (ids, comma-separated, in order), kept by a trigger, so
    progression replays years of check-ins without reading every set."""
    db.execute("ALTER TABLE sessions ADD COLUMN done_steps TEXT NOT NULL DEFAULT ''")
    db.execute(
        """UPDATE sessions SET done_steps = coalesce(
               (SELECT group_concat(step_id) FROM (
                    SELECT step_id, min(position) AS first FROM sets
                    WHERE session_id = sessions.id AND skipped = 0
                    GROUP BY step_id ORDER BY first)),
               '')"""
    )
    db.execute(
        """CREATE TRIGGER session_steps_add AFTER INSERT ON sets WHEN NEW.skipped = 0 BEGIN
               UPDATE sessions SET done_steps = CASE
                   WHEN done_steps = '' THEN NEW.step_id
                   WHEN instr(',' || done_steps || ',', ',' || NEW.step_id || ',') THEN done_steps
                   ELSE done_steps || ',' || NEW.step_id END
               WHERE id = NEW.session_id;
           END"""
    )


@migration
def m005_drop_day_steps(db: sqlite3.Connection) -> None:
    """``sessions.done_steps`` (m004) says the same per session, and reading it is faster
    than grouping ``day_steps``: one source, kept by one trigger."""
    db.execute("DROP TRIGGER IF EXISTS day_steps_add")
    db.execute("DROP TRIGGER IF EXISTS day_steps_remove")
    db.execute("DROP TABLE IF EXISTS day_steps")


# --- opening -------------------------------------------------------------------------------


def _broken(path: Path, exc: Exception) -> HipcoachError:
    return HipcoachError(t("store.unreadable", path=path, reason=exc), hint=t("store.hint_doctor"))


def log_failure(exc: BaseException) -> HipcoachError | None:
    """The user's error for SQLite failing after the log opened, else None.

    A damaged page is only met when a query reads it, and a full disk when a write
    spills; both are about the file, not a bug. Misuse (IntegrityError, a bad query)
    stays a bug.
    """
    if isinstance(exc, sqlite3.DatabaseError) and type(exc) in (
        sqlite3.DatabaseError,
        sqlite3.OperationalError,
    ):
        return _broken(paths.db_path(), exc)
    return None


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
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; taken at once so it never upgrades under a reader."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise HipcoachError(t("store.busy", path=self.path, reason=exc)) from None
        try:
            yield self.db
        except _DryRun:
            self._rollback()
            return
        except BaseException:
            self._rollback()
            raise
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
        with self._write() as db:
            db.execute(
                _INSERT_SESSION_RUNNING,
                (*_session_values(session), os.getpid(), _hostname()),
            )

    def add_set(self, session_id: str, record: SetRecord) -> None:
        """Commit one set; when this returns the set survives a crash or power cut."""
        with self._write() as db:
            db.execute(_INSERT_SET, (session_id, *_set_values(record)))

    def finish_session(self, session_id: str, status: Status, ended_utc: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_utc = ?, pid = NULL WHERE id = ?",
                (status, ended_utc, session_id),
            )

    def set_checkin(
        self,
        session_id: str,
        effort: int | None,
        pain: int | None,
        pain_where: str | None,
        note: str | None,
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET effort = ?, pain = ?, pain_where = ?, note = ? WHERE id = ?",
                (effort, pain, pain_where, note, session_id),
            )

    def merge(self, sessions: Sequence[SessionRecord], *, dry_run: bool = False) -> MergeReport:
        """Add sessions from another log by their ids, all in one transaction.

        A session already here with the same content is left alone; a different copy
        of the same session keeps whichever has more finished sets (this log's on a tie).
        Running it twice adds nothing.
        """
        report = MergeReport()
        with self._write() as db:
            for incoming in sessions:
                rows = db.execute(
                    f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (incoming.id,)
                ).fetchall()
                if not rows:
                    _insert_session(db, incoming)
                    report.added += 1
                    continue
                (existing,) = self._with_sets(rows)
                if existing.to_dict() == incoming.to_dict():
                    report.present += 1
                    continue
                keep_file = incoming.finished_sets() > existing.finished_sets()
                report.conflicts.append(
                    Conflict(
                        incoming.id,
                        incoming.local_date,
                        existing.finished_sets(),
                        incoming.finished_sets(),
                        keep_file,
                    )
                )
                if keep_file:
                    db.execute("DELETE FROM sessions WHERE id = ?", (incoming.id,))
                    _insert_session(db, incoming)
            if dry_run:
                raise _DryRun
        return report

    def close_stale_sessions(self) -> int:
        """Close sessions left running by a process that is gone; returns how many."""
        running = self.db.execute(
            "SELECT id, pid, host FROM sessions WHERE status = 'running'"
        ).fetchall()
        host = _hostname() if running else ""
        stale = [row[0] for row in running if row[2] == host and not _process_alive(row[1])]
        for session_id in stale:
            with self._write() as db:
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
        self, first: date, last: date
    ) -> list[tuple[date, str, int | None, int | None]]:
        """(local date, status, effort, pain) of each session in [first, last]."""
        rows = self.db.execute(
            f"""SELECT local_date, status, effort, pain FROM sessions
                WHERE local_date BETWEEN ? AND ? AND {TRAINING}
                ORDER BY started_utc, rowid""",
            (first.isoformat(), last.isoformat()),
        )
        return [(date.fromisoformat(d), status, effort, pain) for d, status, effort, pain in rows]

    def exercise_weeks(self, first: date, last: date) -> list[ExerciseWeek]:
        """Per exercise and week since ``first`` (week 0): sets done, skipped, mean actual."""
        rows = self.db.execute(
            """SELECT t.step_id, min(t.step_name_en), min(t.step_name_ja), min(t.unit),
                      CAST((julianday(s.local_date) - julianday(?)) / 7 AS INTEGER) AS week,
                      count(*) FILTER (WHERE t.skipped = 0),
                      count(*) FILTER (WHERE t.skipped = 1),
                      avg(t.actual) FILTER (WHERE t.skipped = 0)
               FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
               WHERE s.local_date BETWEEN ? AND ? AND s.speed = 1
               GROUP BY t.step_id, week ORDER BY min(s.started_utc), week""",
            (first.isoformat(), first.isoformat(), last.isoformat()),
        )
        return [ExerciseWeek(row[0], Text(row[1], row[2]), row[3], *row[4:]) for row in rows]

    def exercise_ends(self, first: date, last: date) -> dict[str, tuple[float, float]]:
        """Per exercise, the mean actual of the first and of the last session that did it."""
        ends: dict[str, tuple[float, float]] = {}
        rows = self.db.execute(
            """SELECT t.step_id, avg(t.actual) FROM sessions AS s
               JOIN sets AS t ON t.session_id = s.id
               WHERE s.local_date BETWEEN ? AND ? AND t.skipped = 0 AND t.actual IS NOT NULL
                 AND s.speed = 1
               GROUP BY t.step_id, s.id ORDER BY s.started_utc, s.id""",
            (first.isoformat(), last.isoformat()),
        )
        for step_id, mean in rows:
            ends[step_id] = (ends[step_id][0] if step_id in ends else mean, mean)
        return ends

    def check_ins(self, program_id: str) -> list[CheckIn]:
        """The program's sessions that have a check-in, oldest first, with the steps done."""
        rows = self.db.execute(
            f"""SELECT local_date, status = 'completed', done_steps, effort, pain, pain_where
                FROM sessions
                WHERE program_id = ? AND {TRAINING} AND (effort IS NOT NULL OR pain IS NOT NULL)
                ORDER BY started_utc, rowid""",
            (program_id,),
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

    def latest_session(self) -> SessionRecord | None:
        sessions = self.recent_sessions(1)
        return sessions[0] if sessions else None

    def session_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM sessions").fetchone()[0])

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
        return self._with_sets(rows)

    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        """Sessions whose local date is in [first, last], oldest first."""
        rows = self.db.execute(
            f"""SELECT {SESSION_COLUMNS} FROM sessions
                WHERE local_date BETWEEN ? AND ? ORDER BY started_utc, rowid""",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return self._with_sets(rows)

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
            yield from self._with_sets(rows)
            after = (rows[-1][7], rows[-1][0])

    def _with_sets(self, rows: Sequence[tuple[Any, ...]]) -> list[SessionRecord]:
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
        return [session_from_row(row, tuple(sets[row[0]])) for row in rows]


SESSION_COLUMNS = (
    "id, program_id, program_version, program_name_en, program_name_ja, program_steps, "
    "variant, started_utc, ended_utc, utc_offset_minutes, local_date, status, speed, lang, "
    "effort, pain, pain_where, note"
)
_INSERT_SESSION = f"INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ({', '.join('?' * 18)})"
_INSERT_SESSION_RUNNING = (
    f"INSERT INTO sessions ({SESSION_COLUMNS}, pid, host) VALUES ({', '.join('?' * 20)})"
)
SET_COLUMNS = (
    "session_id, position, step_id, step_name_en, step_name_ja, phase, set_number, side, "
    "unit, planned, actual, skipped, started_utc, ended_utc"
)
_INSERT_SET = f"INSERT INTO sets ({SET_COLUMNS}) VALUES ({', '.join('?' * 14)})"


def _session_values(s: SessionRecord) -> tuple[Any, ...]:
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
        s.effort,
        s.pain,
        s.pain_where,
        s.note,
    )


def _insert_session(db: sqlite3.Connection, session: SessionRecord) -> None:
    db.execute(_INSERT_SESSION, _session_values(session))
    db.executemany(_INSERT_SET, [(session.id, *_set_values(s)) for s in session.sets])


def _set_values(r: SetRecord) -> tuple[Any, ...]:
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
        effort=row[14],
        pain=row[15],
        pain_where=row[16],
        note=row[17],
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


def _refuse_newer(db: sqlite3.Connection, path: Path) -> int:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise HipcoachError(t("store.newer", path=path, found=version, known=len(MIGRATIONS)))
    return version


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this database lacks, each atomically with its version number.

    Raises:
        HipcoachError: the database was written by a newer hipcoach.
    """
    version = _refuse_newer(db, path)
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # another hipcoach opening the new log at the same moment may have applied it
            if int(db.execute("PRAGMA user_version").fetchone()[0]) < number:
                step(db)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


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
        _refuse_newer(db, path)  # before anything writes: a newer log stays byte for byte
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
    return store
