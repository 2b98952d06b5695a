"""The real CLI in a pseudo-terminal: a rehearsal session, Ctrl-C, and kill -9 halfway.

These run real processes at high --speed, so they take a few seconds of real time.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import termios
import time
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e


def spawn(home: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "HIPCOACH_HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "hipcoach", *args],
        env=env,
        dimensions=(30, 80),
        encoding="utf-8",
        codec_errors="replace",  # Ctrl-C may cut a character in half, as on a real terminal
        timeout=30,
    )


def sessions(home: Path) -> list[tuple[str, int]]:
    db = sqlite3.connect(home / "data" / "hipcoach.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute(
            "SELECT status, (SELECT count(*) FROM sets WHERE session_id = s.id) FROM sessions s"
        ).fetchall()
    finally:
        db.close()


def test_a_rehearsal_runs_the_live_screen_and_logs_it(tmp_path: Path) -> None:
    child = spawn(tmp_path, "run", "--yes", "--quick", "--speed", "100")
    child.expect("Glute stretch")
    child.expect("HOLD")
    child.expect("Done: 5 sets logged.")
    child.expect("Effort, 1")  # the check-in, answered as a user would
    child.sendline("5")
    child.expect("Pain during or after, 0")
    child.sendline("0")
    child.expect("Any of these\\? Type their numbers")  # the warning signs
    child.expect("Numbers: ")
    child.sendline("")
    child.expect("A note")
    child.sendline("felt good")
    child.expect("Check-in saved for the session of")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert sessions(tmp_path) == [("completed", 5)]
    db = sqlite3.connect(tmp_path / "data" / "hipcoach.db")
    check_in = "SELECT effort, pain, note, red_flags, session_id IS NOT NULL FROM check_ins"
    assert db.execute(check_in).fetchone() == (5, 0, "felt good", "", 1)


def test_ctrl_c_halfway_exits_130_restores_the_terminal_and_keeps_sets(tmp_path: Path) -> None:
    child = spawn(tmp_path, "run", "--yes", "--speed", "40")
    before = termios.tcgetattr(child.child_fd)
    child.expect("2/3 · hip support", timeout=30)  # the four stretch sets are done
    child.sendintr()
    child.expect(pexpect.EOF)
    after = termios.tcgetattr(child.child_fd)
    child.close()
    assert child.exitstatus == 130
    assert after == before  # cbreak mode undone: echo and line editing are back
    assert sessions(tmp_path) == [("partial", 4)]


def test_kill_9_loses_at_most_the_set_in_progress(tmp_path: Path) -> None:
    child = spawn(tmp_path, "run", "--yes", "--speed", "40")
    child.expect("2/3 · hip support", timeout=30)
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    ((status, sets),) = sessions(tmp_path)
    assert status == "running" and sets >= 4  # nobody closed it: the process is gone
    reopened = spawn(tmp_path, "log", "--json")
    reopened.expect(pexpect.EOF)
    assert sessions(tmp_path) == [("partial", sets)]  # closed as partial on the next open
