"""Several hipcoach processes on one log at once: nothing lost, nothing locked.

The promise (README, "Files"): two (or more) hipcoach processes can use the log at once;
each set is committed the moment it ends; ``hipcoach import`` merges a whole file, by
session id, and importing twice adds nothing.

``test_many_processes_share_one_new_log`` starts, behind a barrier, on a log that does
not exist yet (so the first opens race to create and migrate it):

- 4 runners, each doing 3 rehearsals one after another
  (``run --quick --speed 400 --yes --effort 5 --pain 0``, not on a terminal: plain lines,
  no keys): 12 sessions of 5 sets and a check-in each;
- 1 importer: a JSON export, a JSON Lines export, one that overlaps the first, then the
  first again (the export files are written by ``hipcoach.log.interchange``, as the command does);
- 1 reader: ``export --format json``/``jsonl``, ``log --json`` and ``stats --json`` in a
  loop until the others are done.

Then every process exited 0 with nothing on stderr (no "database is locked", no
traceback); the log holds exactly the 12 sessions and 60 sets the runners reported, every
imported session unchanged, nothing left running; every export was complete, valid JSON
that ``hipcoach import`` accepts, each seeing no fewer sessions than the one before and
no run closed as partial by someone else; ``PRAGMA integrity_check``, the foreign keys
and each session's ``done_steps`` kept by a trigger are all consistent.

Two in-process regression tests pin the races the first version of this test found.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcoach.log import migrations
from hipcoach.log import store as store_module
from hipcoach.log.importer import read_export
from hipcoach.log.interchange import write_json, write_jsonl
from hipcoach.log.records import SessionRecord
from hipcoach.log.store import open_store
from tests.histories import check_ins_of, make_session, session_count

pytestmark = pytest.mark.reliability

RUNNERS = 4
ROUNDS = 3
RUN = ("run", "--quick", "--speed", "400", "--yes", "--no-voice", "--effort", "5", "--pain", "0")
QUICK_SETS = 5
READY = "READY\n"
# waits behind the barrier with hipcoach already imported, then runs it as `python -m`
WRAPPER = (
    "import runpy, sys\n"
    "import hipcoach.cli, hipcoach.log.store, hipcoach.cli.session, hipcoach.cli.history\n"
    "from hipcoach.program.catalog import find_program\n"
    "find_program('hip-drop')\n"  # validated and cached: each goes straight to the log
    f"sys.stderr.write({READY!r}); sys.stderr.flush()\n"
    "sys.stdin.read()\n"
    "sys.argv = ['hipcoach', *sys.argv[1:]]\n"
    "runpy.run_module('hipcoach', run_name='__main__', alter_sys=True)\n"
)


@dataclass
class Done:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


def child_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HIPCOACH_", "LC_")) and key != "COLUMNS"
    }
    env.update(HIPCOACH_HOME=str(home), LANG="C.UTF-8", TERM="dumb", NO_COLOR="1")
    return env


def behind_barrier(home: Path, args: tuple[str, ...]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *args],
        env=child_env(home),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == READY
    return process


def finish(process: subprocess.Popen[str], args: tuple[str, ...]) -> Done:
    out, err = process.communicate(timeout=60)
    return Done(args, process.returncode, out, err)


def hipcoach(home: Path, *args: str) -> Done:
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach", *args],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Done(args, result.returncode, result.stdout, result.stderr)


def history(first: date, count: int, hour: int) -> list[SessionRecord]:
    """Sessions from another machine: some partial, some with skipped sets."""
    return [
        make_session(
            first + timedelta(days=2 * n),
            hour=hour,
            count=8 - n % 3,
            status="completed" if n % 3 == 0 else "partial",
            skipped={2} if n % 4 == 1 else None,
            effort=3 + n % 5,
            pain=n % 3,
        )
        for n in range(count)
    ]


def write_export(path: Path, sessions: list[SessionRecord]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        exported = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
        (write_jsonl if path.suffix == ".jsonl" else write_json)(
            sessions, check_ins_of(sessions), out, exported
        )
    return path


def check_export(kind: str, text: str, scratch: Path) -> list[dict[str, Any]]:
    """A complete, importable export; its sessions as plain data."""
    if kind == "jsonl":
        header, *records = [json.loads(line) for line in text.splitlines()]
        sessions = [r for r in records if "record" not in r]  # check-ins follow the sessions
    else:
        document = json.loads(text)
        header, sessions = document, document["sessions"]
    assert header["format"] == "hipcoach-log"
    for session in sessions:
        assert [s["position"] for s in session["sets"]] == list(range(1, len(session["sets"]) + 1))
    scratch.write_text(text, encoding="utf-8")
    assert len(read_export(scratch).sessions) == len(sessions)  # what `hipcoach import` checks
    return sessions


@dataclass
class Results:
    runs: list[Done]  # every rehearsal, in no particular order
    imports: list[Done]  # in the order given
    reads: list[tuple[str, Done]]  # (kind, result), in the order run


def run_workload(home: Path, imports: list[Path]) -> Results:
    """The runners, the importer and the reader, all at once, started behind a barrier."""
    runs: list[list[Done]] = [[] for _ in range(RUNNERS)]
    imported: list[Done] = []
    reads: list[tuple[str, Done]] = []
    failures: list[BaseException] = []
    writers_done = threading.Event()
    read_commands = [
        ("json", ("export", "--format", "json")),
        ("jsonl", ("export", "--format", "jsonl")),
        ("log", ("log", "--json", "--limit", "1000")),
        ("stats", ("stats", "--json")),
    ]
    import_commands = [("import", str(path)) for path in imports]

    # the first command of every worker waits behind the barrier, imported and ready
    first_runs = [behind_barrier(home, RUN) for _ in range(RUNNERS)]
    first_import = behind_barrier(home, import_commands[0])
    first_read = behind_barrier(home, read_commands[0][1])

    def runner(index: int) -> None:
        runs[index].append(finish(first_runs[index], RUN))
        for _ in range(ROUNDS - 1):
            runs[index].append(hipcoach(home, *RUN))

    def importer() -> None:
        imported.append(finish(first_import, import_commands[0]))
        imported.extend(hipcoach(home, *args) for args in import_commands[1:])

    def reader() -> None:
        reads.append(("json", finish(first_read, read_commands[0][1])))
        turn = 1
        while not writers_done.is_set() or turn % len(read_commands):  # end on a full turn
            kind, args = read_commands[turn % len(read_commands)]
            reads.append((kind, hipcoach(home, *args)))
            turn += 1
        reads.append(("json", hipcoach(home, *read_commands[0][1])))  # after every write

    def guarded(work: Any, *args: Any) -> threading.Thread:
        def target() -> None:
            try:
                work(*args)
            except BaseException as exc:
                failures.append(exc)

        return threading.Thread(target=target)

    writers = [guarded(runner, index) for index in range(RUNNERS)] + [guarded(importer)]
    reading = guarded(reader)
    for process in [*first_runs, first_import, first_read]:  # go
        assert process.stdin is not None
        process.stdin.close()
        process.stdin = None
    for thread in [*writers, reading]:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writers_done.set()
    reading.join(timeout=120)
    if failures:
        raise failures[0]
    assert not any(thread.is_alive() for thread in [*writers, reading])
    return Results([done for worker in runs for done in worker], imported, reads)


def check_reads(
    reads: list[tuple[str, Done]], imported: dict[str, SessionRecord], scratch: Path
) -> dict[str, int]:
    """Complete and valid, never going backwards, no run closed by another process."""
    counts: dict[str, int] = {}
    for number, (kind, done) in enumerate(reads):
        if kind == "stats":
            json.loads(done.out)
            continue
        if kind == "log":
            seen = json.loads(done.out)
        else:
            seen = check_export(kind, done.out, scratch / f"export{number}.{kind}")
        assert len(seen) >= counts.get(kind, 0), f"read {number} ({kind}) lost sessions"
        counts[kind] = len(seen)
        for session in seen:
            if session["id"] not in imported:
                assert session["status"] in ("running", "completed"), session
                assert len(session["sets"]) <= QUICK_SETS
    return counts


def check_database(path: Path, sets: int) -> None:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert (
            db.execute("SELECT count(*) FROM sessions WHERE status = 'running'").fetchone()[0] == 0
        )
        assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == sets
        kept = {
            session_id: set(filter(None, steps.split(",")))
            for session_id, steps in db.execute("SELECT id, done_steps FROM sessions")
        }
        derived: dict[str, set[str]] = {session_id: set() for session_id in kept}
        done_sets = db.execute("SELECT session_id, step_id FROM sets WHERE skipped = 0")
        for session_id, step in done_sets:
            derived[session_id].add(step)
        assert kept == derived  # the trigger kept up
    finally:
        db.close()


def test_many_processes_share_one_new_log(tmp_path: Path) -> None:
    home = tmp_path / "home"
    files = tmp_path / "files"
    files.mkdir()
    first, second = history(date(2025, 3, 1), 20, 6), history(date(2025, 3, 2), 20, 7)
    third = first[:10] + history(date(2025, 6, 1), 10, 8)  # half of it already imported
    imports = [
        write_export(files / "first.json", first),
        write_export(files / "second.jsonl", second),
        write_export(files / "third.json", third),
        files / "first.json",  # again: adds nothing
    ]
    imported = {s.id: s for s in first + second + third}

    results = run_workload(home, imports)

    # every process: exit 0, nothing on stderr (no "database is locked", no traceback)
    everything = [*results.runs, *results.imports, *(done for _, done in results.reads)]
    assert len(results.runs) == RUNNERS * ROUNDS and len(results.imports) == len(imports)
    for done in everything:
        assert (done.code, done.err) == (0, ""), f"hipcoach {' '.join(done.args)}: {done.err}"

    # what the processes reported
    reported = []
    for done in results.runs:
        match = re.search(r"Done: (\d+) sets logged", done.out)
        assert match is not None, done.out
        assert "Check-in saved for the session of" in done.out
        reported.append(int(match[1]))
    assert reported == [QUICK_SETS] * RUNNERS * ROUNDS
    assert [done.out.splitlines()[0] for done in results.imports] == [
        "Added 20 sessions; 0 already present; 0 conflicting.",
        "Added 20 sessions; 0 already present; 0 conflicting.",
        "Added 10 sessions; 10 already present; 0 conflicting.",
        "Added 0 sessions; 20 already present; 0 conflicting.",
    ]

    # the log: exactly what was reported and imported
    path = home / "data" / "hipcoach.db"
    check_database(path, sum(reported) + sum(len(s.sets) for s in imported.values()))
    with open_store(path) as log:
        sessions = {s.id: s for s in log.iter_sessions()}
    mine = [s for s in sessions.values() if s.id not in imported]
    for session_id, expected in imported.items():
        assert sessions[session_id].to_dict() == expected.to_dict()
    assert len(mine) == RUNNERS * ROUNDS
    assert len(sessions) == RUNNERS * ROUNDS + len(imported)
    assert sorted(len(s.sets) for s in mine) == sorted(reported)
    for session in mine:
        assert (session.status, session.variant, session.speed) == ("completed", "quick", 400)
        assert session.check_in is not None
        assert (session.check_in.effort, session.check_in.pain) == (5, 0)
        assert [s.position for s in session.sets] == list(range(1, QUICK_SETS + 1))
        assert not any(s.skipped for s in session.sets)

    counts = check_reads(results.reads, imported, tmp_path)
    assert counts["json"] == len(sessions)  # the last export came after every write


# --- the races it found, pinned in-process ---------------------------------------------------


def test_a_migration_applied_meanwhile_by_another_process_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first runs at once: both read version 0, the other one migrates first."""
    path = tmp_path / "hipcoach.db"
    real = migrations.refuse_unknown
    calls: list[sqlite3.Connection] = []
    raced = []

    def read_then_lose_the_race(db: sqlite3.Connection, at: Path) -> int:
        version = real(db, at)
        calls.append(db)
        # the second read is migrate's, just before it takes the write lock
        if version == 0 and calls.count(db) == 2 and not raced:
            raced.append(True)
            open_store(path).close()  # another process creates and migrates it now
        return version

    # opening reads the version, then migrate reads it again
    monkeypatch.setattr(store_module, "refuse_unknown", read_then_lose_the_race)
    monkeypatch.setattr(migrations, "refuse_unknown", read_then_lose_the_race)
    with open_store(path) as log:
        assert raced
        version = log.db.execute("PRAGMA user_version").fetchone()[0]
        assert version == len(migrations.MIGRATIONS)
        assert session_count(log) == 0


def test_opening_a_new_log_waits_for_another_writer(tmp_path: Path) -> None:
    """Leaving the rollback journal for WAL needs the whole file; SQLite says "busy" at
    once there instead of waiting, so opening must wait itself."""
    path = tmp_path / "hipcoach.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE elsewhere (x)")
    other.execute("BEGIN IMMEDIATE")  # another process is writing, in rollback mode
    other.execute("INSERT INTO elsewhere VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with open_store(path) as log:
            assert log.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        release.join()
        other.close()
