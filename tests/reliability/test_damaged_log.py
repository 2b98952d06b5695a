"""Random damage to the log, and logs of a version hipcoach does not know.

The promise: a damaged log is never written and never shown as if it were whole. Every
command that opens it says so in one line (exit 2, pointing at the rescue), or, when
SQLite's integrity check finds nothing wrong, works; the file's bytes never change
while it is damaged. A negative or unknown ``user_version`` is refused the same way.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipcoach.log.health import integrity_check
from hipcoach.log.store import open_store
from tests.histories import make_session
from tests.reliability.test_faults import START, checkpointed, digest
from tests.reliability.test_hostile_input import FUZZ, Outcome, hipcoach

pytestmark = pytest.mark.reliability

SESSIONS = 60
FLIPS = 20  # bytes changed per trial, as in the outside run that found the gap
COMMANDS = (("today",), ("log", "--limit", "100"), ("checkin", "--effort", "4"))


@pytest.fixture
def pristine(isolated: Path, tmp_path: Path) -> Path:
    """A copy of a healthy, checkpointed log of two months, to damage again and again."""
    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    copy = tmp_path / "pristine.db"
    shutil.copyfile(checkpointed(isolated), copy)
    return copy


def intact(path: Path) -> bool:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return integrity_check(db) == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()


def flip_bytes(path: Path, seed: int, count: int = FLIPS) -> None:
    """``count`` bytes past the 100-byte header, each changed to another value."""
    chooser = random.Random(seed)  # noqa: S311 - reproducible damage, not secrets
    data = bytearray(path.read_bytes())
    for offset in chooser.sample(range(100, len(data)), count):
        data[offset] ^= chooser.randrange(1, 256)
    path.write_bytes(bytes(data))


def assert_refused(outcome: Outcome, path: Path) -> None:
    assert outcome.code == 2, outcome
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 2 and str(path) in lines[0], outcome
    assert "hipcoach doctor" in lines[1], outcome


@FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_random_damage_is_refused_and_never_written(
    isolated: Path, pristine: Path, seed: int
) -> None:
    log = isolated / "data" / "hipcoach.db"
    shutil.copyfile(pristine, log)
    flip_bytes(log, seed)
    before = digest(log)
    damaged = not intact(log)
    for args in COMMANDS:
        outcome = hipcoach(*args)
        assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome
        if damaged:
            assert_refused(outcome, log)
            assert digest(log) == before, args
        else:
            assert outcome.code in (0, 2), outcome


def test_damage_found_by_the_integrity_check_only_is_refused(isolated: Path) -> None:
    """An index that no longer matches its table: pages read fine, quick_check passes."""
    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    path = checkpointed(isolated)
    db = sqlite3.connect(path)
    db.execute("PRAGMA writable_schema = ON")  # rewrite the index's rows behind SQLite's back
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions_by_date'")
    page = root.fetchone()[0]
    db.close()
    with path.open("r+b") as file:  # a date inside the index leaf: 2026 becomes 2025
        file.seek((page - 1) * 4096)
        leaf = bytearray(file.read(4096))
        at = leaf.rindex(b"2026-0")
        leaf[at + 3] = ord("5")
        file.seek((page - 1) * 4096)
        file.write(leaf)
    assert not intact(path)
    before = digest(path)
    for args in COMMANDS:
        assert_refused(hipcoach(*args), path)
    assert digest(path) == before


@pytest.mark.parametrize("version", [-1, -(2**31), 0])
def test_a_log_of_a_version_hipcoach_does_not_know(isolated: Path, version: int) -> None:
    with open_store() as log:
        log.merge([make_session(START)])
    path = checkpointed(isolated)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    before = digest(path)
    for args in COMMANDS:
        outcome = hipcoach(*args)
        assert outcome.code == 2 and "a log hipcoach does not know" in outcome.err, outcome
    assert digest(path) == before


def test_a_remembered_check_is_redone_when_the_file_changes(isolated: Path) -> None:
    """The check is skipped only for the very file that passed it."""
    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    path = checkpointed(isolated)
    assert hipcoach("today").code == 0  # checked and remembered
    good = path.read_bytes()
    flip_bytes(path, seed=7, count=200)
    assert not intact(path)
    assert_refused(hipcoach("today"), path)
    path.write_bytes(good)
    assert hipcoach("today").code == 0


def test_the_harness_can_fail(isolated: Path, pristine: Path) -> None:
    """A damaged log that a command wrote to is caught."""
    log = isolated / "data" / "hipcoach.db"
    shutil.copyfile(pristine, log)
    with pytest.raises(AssertionError):
        assert_refused(Outcome(("today",), 0, "Tuesday", "", 0.1), log)
    flip_bytes(log, seed=1)
    assert not intact(log) or digest(log) != digest(pristine)


def test_a_full_disk_is_named_as_such(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite says "disk I/O error" when a sync or the shared-memory file fails on a full
    disk, and "database or disk is full" only when a write does: both read "the disk is
    full" when the disk has no room."""
    from hipcoach.log import store

    path = isolated / "data" / "hipcoach.db"
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE  # type: ignore[attr-defined]
    assert "the disk is full" in str(store._broken(path, full))
    with monkeypatch.context() as patched:
        patched.setattr(store, "_disk_full", lambda where: True)
        assert "the disk is full" in str(store._broken(path, io_error))
    with monkeypatch.context() as patched:
        patched.setattr(store, "_disk_full", lambda where: False)
        assert "disk I/O error" in str(store._broken(path, io_error))
