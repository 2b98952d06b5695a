"""The log store: schema, migrations, writes, stale sessions, reading back."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.log import migrations, store
from hipcoach.log.migrations import MIGRATIONS
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.log.store import open_store
from hipcoach.program.model import Text
from tests.histories import session_count


def session(
    session_id: str = "s1",
    day: date = date(2026, 11, 24),
    status: str = "running",
    started: str = "2026-11-24T07:00:00.000Z",
) -> SessionRecord:
    return SessionRecord(
        id=session_id,
        program_id="hip-drop",
        program_version=1,
        program_name=Text("Hip-drop fix", "腰"),
        program_steps=("glute-stretch", "hip-hinge"),
        variant="full",
        started_utc=started,
        ended_utc=None,
        utc_offset_minutes=540,
        local_date=day,
        status=status,  # type: ignore[arg-type]
    )


def a_set(position: int = 1, step: str = "glute-stretch", skipped: bool = False) -> SetRecord:
    return SetRecord(
        position=position,
        step_id=step,
        step_name=Text("Glute stretch", "お尻"),
        phase="flexibility",
        set_number=1,
        side="left",
        unit="seconds",
        planned=20.0,
        actual=None if skipped else 20.0,
        skipped=skipped,
        started_utc="2026-11-24T07:00:05.000Z",
        ended_utc="2026-11-24T07:00:25.000Z",
    )


def test_each_program_needs_the_steps_of_its_newest_session() -> None:
    from dataclasses import replace

    with open_store() as log:
        for n, steps in ((3, ("a", "b")), (1, ("old",)), (2, ("a",))):  # not in time order
            started = f"2026-11-0{n}T07:00:00.000Z"
            log.start_session(replace(session(f"h{n}", started=started), program_steps=steps))
        other = replace(session("m1"), program_id="mine", program_steps=("x",))
        log.start_session(other)
        assert log.latest_program_steps() == {"hip-drop": ("a", "b"), "mine": ("x",)}


def test_creates_the_log_under_the_data_dir() -> None:
    with open_store() as log:
        assert log.path == paths.db_path()
        assert log.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert log.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reopening_does_not_migrate_again() -> None:
    open_store().close()
    with open_store() as log:
        assert log.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_session_and_sets_round_trip() -> None:
    with open_store() as log:
        log.start_session(session())
        log.add_set("s1", a_set(1))
        log.add_set("s1", a_set(2, "hip-hinge", skipped=True))
        log.finish_session("s1", "completed", "2026-11-24T07:05:00.000Z")
    with open_store() as log:
        (back,) = log.recent_sessions(5)
    assert back.status == "completed" and back.ended_utc == "2026-11-24T07:05:00.000Z"
    assert back.program_name == Text("Hip-drop fix", "腰")
    assert back.program_steps == ("glute-stretch", "hip-hinge")
    assert [s.position for s in back.sets] == [1, 2]
    assert back.sets[0] == a_set(1)
    assert back.done_steps() == {"glute-stretch"}
    assert back.to_dict()["sets"][1]["skipped"] is True


def test_each_set_is_committed_at_once() -> None:
    with open_store() as log:
        log.start_session(session())
        log.add_set("s1", a_set(1))
        # another connection sees it while the session is still running
        other = sqlite3.connect(paths.db_path())
        assert other.execute("SELECT count(*) FROM sets").fetchone()[0] == 1
        other.close()


def test_a_failed_write_leaves_nothing_half_written() -> None:
    with open_store() as log:
        log.start_session(session())
        with pytest.raises(sqlite3.IntegrityError):
            log.add_set("s1", a_set(1))
            log.add_set("s1", a_set(1))  # same position: refused, rolled back
        assert log.db.execute("SELECT count(*) FROM sets").fetchone()[0] == 1


def test_stale_running_sessions_are_closed_on_open(monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store() as log:
        log.start_session(session("dead"))
        log.add_set("dead", a_set(1))
        log.start_session(session("empty", started="2026-11-24T08:00:00.000Z"))
        log.db.execute("UPDATE sessions SET pid = 999999999")
    with open_store() as log:
        by_id = {s.id: s for s in log.recent_sessions(5)}
    assert by_id["dead"].status == "partial"
    assert by_id["dead"].ended_utc == "2026-11-24T07:00:25.000Z"
    assert by_id["empty"].status == "aborted"


def test_a_running_session_of_a_live_process_is_left_alone() -> None:
    with open_store() as log:
        log.start_session(session())  # this process: alive
    with open_store() as log:
        assert log.recent_sessions(1)[0].status == "running"


def test_newer_schema_is_refused_and_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(HipcoachError, match="newer hipcoach"):
        open_store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(HipcoachError) as caught:
        open_store(path)
    assert "cannot use the log" in str(caught.value)
    assert caught.value.hint and "hipcoach doctor" in caught.value.hint


def test_a_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, broken])
    path = tmp_path / "m.db"
    with pytest.raises(RuntimeError):
        open_store(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_queries_by_day_and_in_batches() -> None:
    with open_store() as log:
        for n in range(1, 8):
            sid = f"s{n}"
            log.start_session(
                session(sid, date(2026, 11, n), "running", f"2026-11-{n:02d}T07:00:00.000Z")
            )
            log.add_set(sid, a_set(1))
            if n % 2:
                log.add_set(sid, a_set(2, "hip-hinge"))
            log.finish_session(sid, "completed", f"2026-11-{n:02d}T07:10:00.000Z")
        between = list(log.iter_sessions(date(2026, 11, 2), date(2026, 11, 4)))
        assert [s.id for s in between] == ["s2", "s3", "s4"]
        assert [s.id for s in log.iter_sessions(batch=2)] == [f"s{n}" for n in range(1, 8)]
        assert [s.id for s in log.iter_sessions(date(2026, 11, 6))] == ["s6", "s7"]
        done = log.steps_done_by_day()
        assert done[(date(2026, 11, 1), "hip-drop")] == {"glute-stretch", "hip-hinge"}
        assert done[(date(2026, 11, 2), "hip-drop")] == {"glute-stretch"}
        assert log.latest_program_steps() == {"hip-drop": ("glute-stretch", "hip-hinge")}
        assert session_count(log) == 7


def test_unwritable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(HipcoachError, match="cannot create the folder"):
        open_store(blocker / "sub" / "hipcoach.db")


def _recomputed(log: store.Store) -> set[tuple[str, str, str]]:
    return set(
        log.db.execute(
            """SELECT DISTINCT s.local_date, s.program_id, t.step_id FROM sessions s
           JOIN sets t ON t.session_id = s.id WHERE t.skipped = 0"""
        ).fetchall()
    )


def _session_steps(log: store.Store) -> tuple[dict[str, str], dict[str, str]]:
    """Each session's done_steps column, and the same recomputed from its sets."""
    kept = dict(log.db.execute("SELECT id, done_steps FROM sessions").fetchall())
    recomputed = {}
    for session_id in kept:
        firsts = log.db.execute(
            """SELECT step_id FROM sets WHERE session_id = ? AND skipped = 0
               GROUP BY step_id ORDER BY min(position)""",
            (session_id,),
        ).fetchall()
        recomputed[session_id] = ",".join(step for (step,) in firsts)
    return kept, recomputed


def _done_by_day(log: store.Store) -> set[tuple[str, str, str]]:
    return {
        (day.isoformat(), program_id, step)
        for (day, program_id), steps in log.steps_done_by_day().items()
        for step in steps
    }


def test_done_steps_follow_every_change() -> None:
    from tests.histories import make_session

    day = date(2026, 11, 1)
    with open_store() as log:
        log.merge([make_session(day, count=2), make_session(day, hour=18, count=5, skipped={5})])
        log.merge([make_session(day, count=8)])  # replaces the morning copy (more sets)
        log.merge([make_session(day + timedelta(1), count=3, skipped={1, 2, 3})])
        assert _done_by_day(log) == _recomputed(log)
        by_session, recomputed = _session_steps(log)
        assert by_session == recomputed
        assert sorted(by_session.values()) == [
            "",  # every set skipped
            "glute-stretch",  # the evening: four stretch sets, the hinge skipped
            "glute-stretch,hip-hinge,wall-drill",
        ]
        assert log.steps_done_by_day()[(day, "hip-drop")] == {
            "glute-stretch",
            "hip-hinge",
            "wall-drill",
        }
        assert (day + timedelta(1), "hip-drop") not in log.steps_done_by_day()


def test_migrating_an_older_log_fills_done_steps(tmp_path: Path) -> None:
    from tests.histories import legacy_log, make_session

    path = tmp_path / "v2.db"
    session = make_session(date(2026, 11, 2), skipped={7, 8})
    legacy_log(path, 2, [session])
    with open_store(path) as log:
        assert log.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert _done_by_day(log) == _recomputed(log)
        tables = {name for (name,) in log.db.execute("SELECT name FROM sqlite_master")}
        assert "day_steps" not in tables and "day_steps_add" not in tables
        assert _session_steps(log) == ({session.id: "glute-stretch,hip-hinge"},) * 2
        assert log.steps_done_by_day() == {
            (date(2026, 11, 2), "hip-drop"): {"glute-stretch", "hip-hinge"}
        }
