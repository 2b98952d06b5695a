"""A damaged log, a newer one, a read-only folder and a full disk, through the real CLI.

The promise: a clear error (one line naming the file, then a hint at `hipcoach doctor`),
a non-zero exit, never a traceback, and the user's existing data untouched: the damaged
file byte for byte, and on a full disk every session that was there before.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcoach.log.store import open_store
from tests.histories import make_session

pytestmark = pytest.mark.reliability

START = date(2026, 1, 5)
SESSIONS = 60  # a little over a page of sessions and several of sets: damage lands in data

RUN = ("run", "--quick", "--speed", "400", "--yes", "--no-voice", "--effort", "3", "--pain", "0")
READING = (("today",), ("log", "--limit", "100"), ("stats",))
WRITING = (RUN, ("checkin", "--effort", "4"))


def hipcoach(
    home: Path, *args: str, limit_file_size: int | None = None, drop_root: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, not on a terminal; optionally on a 'full disk'."""
    env = {**os.environ, "HIPCOACH_HOME": str(home), "HIPCOACH_PLAYER": "true"}
    env.pop("HIPCOACH_DEBUG", None)
    if limit_file_size is not None:
        # Python's own bytecode cache would be cut short by the limit too (a short write
        # it does not check) and break every later import from this environment
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "-m", "hipcoach", *args]
    if drop_root:
        command = [*ROOT_WITHOUT_OVERRIDE, *command]

    def full_disk() -> None:  # writes past the limit fail with EFBIG instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert limit_file_size is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        preexec_fn=full_disk if limit_file_size is not None else None,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 2, no traceback, the first line names what went wrong, a hint follows."""
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    for text in expected:
        assert text in lines[0], result.stderr
    assert "hipcoach doctor" in lines[-1], result.stderr


@pytest.fixture
def home(isolated: Path) -> Path:
    """A log with two months of sessions, written through the store and closed."""
    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    return isolated


def db_file(home: Path) -> Path:
    return home / "data" / "hipcoach.db"


def checkpointed(home: Path) -> Path:
    """The log as one self-contained file (no -wal beside it), as after any clean exit."""
    db = sqlite3.connect(db_file(home))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for extra in ("-wal", "-shm"):
        Path(f"{db_file(home)}{extra}").unlink(missing_ok=True)
    return db_file(home)


# --- a damaged log ---------------------------------------------------------------------------


def truncate_to_half(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def truncate_to_a_page(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(4096)


def garbage_in_the_middle(path: Path) -> None:
    with path.open("r+b") as file:  # the pages that hold sets, well past the schema
        size = path.stat().st_size
        file.seek(size // 2)
        file.write(b"\xff" * (size // 4))


def a_few_bad_pages(path: Path) -> None:
    """Three pages in the middle overwritten, as a bad sector or a torn copy leaves them:
    from the middle leaf of the sessions table on (found with SQLite's dbstat, so the
    damage hits sessions and sets whatever the page layout of the schema)."""
    db = sqlite3.connect(path)
    leaves = [
        page
        for (page,) in db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sessions' AND pagetype = 'leaf' "
            "ORDER BY pageno"
        )
    ]
    db.close()
    with path.open("r+b") as file:
        file.seek((leaves[len(leaves) // 2] - 1) * 4096)
        file.write(b"\xff" * 3 * 4096)


def header_zeroed(path: Path) -> None:
    with path.open("r+b") as file:
        file.write(b"\0" * 100)


def newer_schema(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated to half": (truncate_to_half, "cannot use the log"),
    "truncated to one page": (truncate_to_a_page, "cannot use the log"),
    "garbage in the middle": (garbage_in_the_middle, "cannot use the log"),
    "header zeroed": (header_zeroed, "cannot use the log"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_log_is_reported_and_left_byte_for_byte(home: Path, damage: str) -> None:
    path = checkpointed(home)
    breaks, message = DAMAGE[damage]
    breaks(path)
    before = digest(path)
    for args in (*READING, *WRITING, ("export", "--format", "json")):
        assert_clean_error(hipcoach(home, *args), str(path), message)
        assert digest(path) == before, args
    doctor = hipcoach(home, "doctor")
    assert doctor.returncode == 3 and "Traceback" not in doctor.stderr
    assert "hipcoach doctor --rescue-log" in doctor.stdout
    assert digest(path) == before


def test_a_log_from_a_newer_hipcoach_is_left_byte_for_byte(home: Path) -> None:
    path = checkpointed(home)
    newer_schema(path)
    before = digest(path)
    for args in (*READING, *WRITING):
        result = hipcoach(home, *args)
        assert result.returncode == 2 and "newer hipcoach" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert digest(path) == before
    doctor = hipcoach(home, "doctor")
    assert doctor.returncode == 3 and "newer" in doctor.stdout


# --- a read-only data folder -----------------------------------------------------------------

# root ignores file modes; without these capabilities it honours them like anyone
ROOT_WITHOUT_OVERRIDE = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner")


def _read_only_is_enforced(folder: Path) -> bool:
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        if os.geteuid() != 0:
            return not os.access(probe, os.W_OK)
        if shutil.which("setpriv") is None:
            return False
        test = subprocess.run(
            [*ROOT_WITHOUT_OVERRIDE, "touch", str(probe / "x")], capture_output=True, check=False
        )
        return test.returncode != 0
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)


def test_a_read_only_data_folder(home: Path, tmp_path: Path) -> None:
    if not _read_only_is_enforced(tmp_path):
        pytest.skip("running as root without setpriv: file modes are not enforced")
    drop_root = os.geteuid() == 0
    path = checkpointed(home)
    before = digest(path)
    folder = path.parent
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        for args in (*READING, *WRITING):
            result = hipcoach(home, *args, drop_root=drop_root)
            assert_clean_error(result, str(path))
        doctor = hipcoach(home, "doctor", drop_root=drop_root)
        assert doctor.returncode == 3
        assert f"chmod u+rwx {folder}" in doctor.stdout
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["hipcoach.db"]


# --- a full disk ------------------------------------------------------------------------------


def sessions_and_sets(home: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(db_file(home))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows: dict[str, list[tuple[object, ...]]] = {}
        for session_id, *row in db.execute("SELECT * FROM sessions ORDER BY id"):
            sets = db.execute("SELECT * FROM sets WHERE session_id = ?", (session_id,))
            rows[session_id] = [tuple(row), *sorted(sets, key=repr)]
        return rows
    finally:
        db.close()


# How much one process may write: nothing at all; enough to open the log but not to
# save a set; enough for the first sets of a session and not the rest.
LIMITS = (0, 12_000, 40_000)


@pytest.mark.parametrize("limit", LIMITS)
def test_a_full_disk_loses_nothing_that_was_saved(home: Path, limit: int) -> None:
    before = sessions_and_sets(home)
    result = hipcoach(home, *RUN, limit_file_size=limit)
    if result.returncode == 0:  # the whole session fitted: it must all be there
        assert len(sessions_and_sets(home)) == len(before) + 1
        return
    assert_clean_error(result, str(db_file(home)))
    after = sessions_and_sets(home)
    assert {k: after[k] for k in before} == before  # every earlier session, exactly
    db = sqlite3.connect(db_file(home))
    statuses = dict(db.execute("SELECT id, status FROM sessions").fetchall())
    db.close()
    for session_id in after.keys() - before.keys():  # the interrupted one, with its sets
        assert statuses[session_id] in ("running", "partial")


def test_a_full_disk_during_import_adds_nothing(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    source = hipcoach(home, "export", "--format", "json")
    assert source.returncode == 0
    export = json.loads(source.stdout)
    for session in export["sessions"]:  # the same history, as new sessions
        session["id"] = str(uuid.uuid4())
    other.write_text(json.dumps(export), encoding="utf-8")
    before = sessions_and_sets(home)
    result = hipcoach(home, "import", str(other), limit_file_size=40_000)
    assert_clean_error(result, str(db_file(home)))
    assert sessions_and_sets(home) == before  # one transaction: all of it or none


def test_a_full_disk_keeps_the_old_export_settings_and_programs(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "log.json"
    target.write_text("the export from last week\n", encoding="utf-8")
    # room for the log's shared-memory file (32 KiB), not for the export (~150 KB)
    result = hipcoach(home, "export", "--format", "json", "-o", str(target), limit_file_size=40_000)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{target}: cannot write here" in result.stderr
    assert target.read_text(encoding="utf-8") == "the export from last week\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".log")) == []

    assert hipcoach(home, "config", "set", "streak_allowance", "3").returncode == 0
    settings = home / "config" / "settings.toml"
    kept = settings.read_bytes()
    full = hipcoach(home, "config", "set", "voice", "false", limit_file_size=10)
    assert full.returncode == 2 and "cannot save the settings" in full.stderr
    assert settings.read_bytes() == kept
    assert [p.name for p in settings.parent.iterdir() if p.is_file()] == ["settings.toml"]

    new = hipcoach(home, "new", "mine", limit_file_size=5000)  # the program is ~8 KB
    assert new.returncode == 2 and "cannot write the program" in new.stderr
    programs = home / "config" / "programs"
    assert not (programs / "mine.yaml").exists()
    assert not [p for p in programs.iterdir() if p.name.endswith(".tmp")]


def test_writing_to_a_full_stdout_is_a_clean_error(home: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "hipcoach", "export", "--format", "csv"],
            env={**os.environ, "HIPCOACH_HOME": str(home)},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("hipcoach: No space left on device"), result.stderr


# --- rescuing a damaged log -------------------------------------------------------------------


def exported(home: Path) -> dict[str, dict[str, Any]]:
    result = hipcoach(home, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {s["id"]: s for s in json.loads(result.stdout)["sessions"]}


def test_rescue_copies_every_readable_session_and_keeps_the_damaged_file(home: Path) -> None:
    original = exported(home)
    path = checkpointed(home)
    a_few_bad_pages(path)
    damaged = digest(path)
    result = hipcoach(home, "doctor", "--rescue-log")
    assert result.returncode == 0, result.stderr
    assert "Rescued" in result.stdout and "Could not read" in result.stdout
    [kept] = path.parent.glob("hipcoach.db.damaged-????????-??????")
    assert digest(kept) == damaged  # the damaged file, byte for byte, beside the new log
    assert hipcoach(home, "doctor").returncode == 0  # the new log is healthy
    rescued = exported(home)
    assert len(rescued) >= SESSIONS * 3 // 4  # three pages of about sixty were lost
    for session_id, session in rescued.items():  # nothing rescued is altered
        before = dict(original[session_id])
        sets, kept_sets = before.pop("sets"), session.pop("sets")
        assert session == before
        assert [s for s in sets if s in kept_sets] == kept_sets  # some sets may be lost
    again = hipcoach(home, "doctor", "--rescue-log")
    assert again.returncode == 2 and "nothing to rescue" in again.stderr


def test_rescue_of_an_unreadable_file_still_starts_a_clean_log(home: Path) -> None:
    path = checkpointed(home)
    header_zeroed(path)
    result = hipcoach(home, "doctor", "--rescue-log")
    assert result.returncode == 0, result.stderr
    assert "Rescued 0 sessions" in result.stdout and "latest sessions" in result.stdout
    assert hipcoach(home, "today").returncode == 0
    assert any(p.name.startswith("hipcoach.db.damaged-") for p in path.parent.iterdir())


def test_rescue_refuses_a_log_from_a_newer_hipcoach(home: Path) -> None:
    path = checkpointed(home)
    newer_schema(path)
    garbage_in_the_middle(path)
    before = digest(path)
    result = hipcoach(home, "doctor", "--rescue-log")
    assert result.returncode == 2 and "newer hipcoach" in result.stderr
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["hipcoach.db"]
