"""The log's schema, as numbered migrations: append only; each runs in one transaction
with its ``PRAGMA user_version`` (the number applied), so a log is always at a version
this code knows, or refused whole as written by a newer hipcoach."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from hipcoach.errors import HipcoachError
from hipcoach.i18n import t

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


@migration
def m006_check_in_records(db: sqlite3.Connection) -> None:
    """The pain record: check-ins become records of their own, only ever added, so a
    later check-in never erases an earlier one (a pain 8 stays for the physiotherapist),
    and an import carries them between machines by id. Each session's check-in moves to
    a record whose id comes from the session's (the same on every machine)."""
    from hipcoach.log.records import legacy_check_in_id

    db.create_function("legacy_check_in_id", 1, legacy_check_in_id, deterministic=True)
    db.execute(
        """CREATE TABLE check_ins (
               id TEXT PRIMARY KEY,
               recorded_utc TEXT NOT NULL,
               utc_offset_minutes INTEGER NOT NULL,
               local_date TEXT NOT NULL,
               session_id TEXT,       -- no foreign key: the record outlives a replaced copy
               effort INTEGER CHECK (effort BETWEEN 1 AND 10),
               pain INTEGER CHECK (pain BETWEEN 0 AND 10),
               pain_where TEXT,
               red_flags TEXT NOT NULL DEFAULT '',   -- comma-separated RedFlag names
               note TEXT,
               lift TEXT CHECK (lift IN ('assessed', 'pain-free-48h')),
               covers TEXT            -- a lift: the newest entry it knew of
           )"""
    )
    db.execute("CREATE INDEX check_ins_by_time ON check_ins (recorded_utc)")
    db.execute("CREATE INDEX check_ins_by_session ON check_ins (session_id)")
    db.execute(
        """INSERT INTO check_ins (id, recorded_utc, utc_offset_minutes, local_date,
                                  session_id, effort, pain, pain_where, note)
           SELECT legacy_check_in_id(id), coalesce(ended_utc, started_utc),
                  utc_offset_minutes, local_date, id, effort, pain, pain_where, note
           FROM sessions
           WHERE effort IS NOT NULL OR pain IS NOT NULL OR pain_where IS NOT NULL
              OR note IS NOT NULL"""
    )
    for column in ("effort", "pain", "pain_where", "note"):
        db.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
    db.execute(
        "ALTER TABLE sessions ADD COLUMN despite_stop INTEGER NOT NULL DEFAULT 0 "
        "CHECK (despite_stop IN (0, 1))"
    )


@migration
def m007_runs(db: sqlite3.Connection) -> None:
    """Runs from the runner's watch: per-km summaries and the form analysis as JSON (never
    the raw samples), with the source file's identity. One run is one part of one file
    (content hash, part), and one activity (start, device): a second copy of either, such
    as the same run exported again, adds nothing."""
    db.execute(
        """CREATE TABLE runs (
               id TEXT PRIMARY KEY,
               content_sha256 TEXT NOT NULL,
               part INTEGER NOT NULL,
               source_name TEXT NOT NULL,
               source_format TEXT NOT NULL,
               start_utc TEXT NOT NULL,
               utc_offset_minutes INTEGER NOT NULL,
               local_date TEXT NOT NULL,
               device TEXT NOT NULL,
               sub_sport TEXT NOT NULL,
               metres REAL NOT NULL,
               moving_seconds REAL NOT NULL,
               elapsed_seconds REAL NOT NULL,
               treadmill INTEGER NOT NULL CHECK (treadmill IN (0, 1)),
               intervals INTEGER NOT NULL CHECK (intervals IN (0, 1)),
               fields TEXT NOT NULL,          -- comma-separated: what the file recorded
               fade_index REAL,               -- null: not judged
               not_judged TEXT,               -- why not (too_short, intervals, ...)
               decoupling_pct REAL,
               summary TEXT NOT NULL,         -- JSON: km splits, analysis, cleaning
               imported_utc TEXT NOT NULL,
               UNIQUE (content_sha256, part),
               UNIQUE (start_utc, device)
           )"""
    )
    db.execute("CREATE INDEX runs_by_date ON runs (local_date, start_utc)")


@migration
def m008_test_results(db: sqlite3.Connection) -> None:
    """Self-test results (``hipcoach assess``): one row per test, side and trial. An
    assessment is the run that made them; ``value`` is the trial's number (seconds or
    reps) when the test has one, ``answers`` the questions' answers as JSON."""
    db.execute(
        """CREATE TABLE test_results (
               id TEXT PRIMARY KEY,
               assessment_id TEXT NOT NULL,
               program_id TEXT NOT NULL,
               program_version INTEGER NOT NULL,
               test_id TEXT NOT NULL,
               kind TEXT NOT NULL,
               side TEXT CHECK (side IN ('left', 'right')),
               trial INTEGER NOT NULL CHECK (trial BETWEEN 1 AND 3),
               unit TEXT CHECK (unit IN ('seconds', 'reps')),
               value REAL CHECK (value >= 0),
               answers TEXT NOT NULL,
               recorded_utc TEXT NOT NULL,
               utc_offset_minutes INTEGER NOT NULL,
               local_date TEXT NOT NULL
           )"""
    )
    db.execute("CREATE INDEX test_results_by_date ON test_results (local_date, recorded_utc)")


@migration
def m009_seen_files(db: sqlite3.Connection) -> None:
    """Watch files that gave no run (skipped, not imported, or a copy of runs the log
    already had), by the SHA-256 of their bytes: a second import says what came of them
    without decoding them again. ``reader`` is the file reader's stamp then: a file that
    failed is read again by a newer one. A cache: losing it costs time, never data."""
    db.execute(
        """CREATE TABLE seen_files (
               file_sha256 TEXT PRIMARY KEY,
               status TEXT NOT NULL CHECK (status IN ('already_present', 'skipped', 'failed')),
               code TEXT,                     -- why (hipcoach.runs.decode.Reason)
               params TEXT NOT NULL,          -- JSON object of strings
               reader TEXT NOT NULL,
               source_name TEXT NOT NULL,
               seen_utc TEXT NOT NULL
           )"""
    )


def refuse_unknown(db: sqlite3.Connection, path: Path) -> int:
    """The log's version, when this hipcoach knows it.

    A version past the last migration is a newer hipcoach's; a negative one, or 0 on a
    file that already holds hipcoach's tables, is no version any hipcoach wrote (each
    migration commits with its number). Migrating either would "repair" a log this code
    does not understand.

    Raises:
        HipcoachError: a version this hipcoach does not know; nothing was written.
    """
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise HipcoachError(t("store.newer", path=path, found=version, known=len(MIGRATIONS)))
    if version < 0 or (version == 0 and _has_our_tables(db)):
        raise HipcoachError(
            t("store.unknown_version", path=path, found=version), hint=t("store.hint_doctor")
        )
    return version


def _has_our_tables(db: sqlite3.Connection) -> bool:
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE name IN ('sessions', 'sets', 'check_ins') LIMIT 1"
    )
    return found.fetchone() is not None


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this database lacks, each atomically with its version number.

    Raises:
        HipcoachError: the database was written by a newer hipcoach, or by none.
    """
    version = refuse_unknown(db, path)
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
