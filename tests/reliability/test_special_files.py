"""A pipe, a device, a folder or a symlink loop where hipcoach expects a file.

The promise: every command returns at once with one line naming the file (exit 2), or
ignores what it does not need; nothing blocks on a pipe or reads ``/dev/zero`` forever.
Each command runs in a child process with a timeout, so a regression fails, not hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.reliability

SECONDS = 20  # a hang fails the test; a clean refusal takes a fraction of a second on any CI


def hipcoach(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIPCOACH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "hipcoach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def a_pipe(path: Path) -> None:
    os.mkfifo(path)


def endless(path: Path) -> None:
    path.symlink_to("/dev/zero")


def a_folder(path: Path) -> None:
    path.mkdir()


def a_loop(path: Path) -> None:
    path.symlink_to(path.name)


SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "a FIFO": (a_pipe, "a pipe (FIFO), not a regular file"),
    "/dev/zero": (endless, "a device, not a regular file"),
    "a folder": (a_folder, "a folder, not a regular file"),
    "a symlink loop": (a_loop, "symbolic links"),
}


def assert_one_line(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    first = result.stderr.strip().splitlines()[0]
    for text in expected:
        assert text in first, result.stderr


@pytest.mark.parametrize("kind", SPECIAL, ids=list(SPECIAL))
def test_settings_that_are_no_file(isolated: Path, kind: str) -> None:
    make, reason = SPECIAL[kind]
    settings = isolated / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    make(settings)
    assert hipcoach(isolated, "--version").stdout.startswith("hipcoach ")
    version = hipcoach(isolated, "--version", "--lang", "ja")
    assert version.returncode == 0 and version.stdout.startswith("hipcoach ")
    for args in (("today",), ("config", "show"), ("config", "set", "voice", "false")):
        assert_one_line(hipcoach(isolated, *args), str(settings), reason)
    assert not settings.is_file()  # never replaced by a new settings file


@pytest.mark.parametrize("kind", SPECIAL, ids=list(SPECIAL))
def test_a_program_file_that_is_no_file(isolated: Path, kind: str) -> None:
    make, reason = SPECIAL[kind]
    programs = isolated / "config" / "programs"
    programs.mkdir(parents=True)
    make(programs / "odd.yaml")
    listed = hipcoach(isolated, "programs")
    assert listed.returncode == 0 and "hip-drop" in listed.stdout  # the others still listed
    assert str(programs / "odd.yaml") in listed.stderr
    assert hipcoach(isolated, "today").returncode == 0
    for args in (("show", "odd"), ("validate", str(programs / "odd.yaml"))):
        result = hipcoach(isolated, *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "odd.yaml" in result.stderr
    assert_one_line(hipcoach(isolated, "validate", str(programs / "odd.yaml")), reason)
    doctor = hipcoach(isolated, "doctor")
    assert doctor.returncode in (0, 3) and "Traceback" not in doctor.stderr


@pytest.mark.parametrize("kind", SPECIAL, ids=list(SPECIAL))
def test_an_import_file_that_is_no_file(isolated: Path, tmp_path: Path, kind: str) -> None:
    make, reason = SPECIAL[kind]
    source = tmp_path / "export.json"
    make(source)
    assert_one_line(hipcoach(isolated, "import", str(source)), str(source), reason)
    assert not (isolated / "data" / "hipcoach.db").exists()  # refused before the log opened


def test_a_device_is_refused_before_it_is_opened(isolated: Path) -> None:
    assert_one_line(hipcoach(isolated, "import", "/dev/zero"), "/dev/zero", "a device")


def test_the_harness_can_fail() -> None:
    """A traceback, or a refusal that names another file, is a failure."""
    crash = subprocess.CompletedProcess([], 1, "", "Traceback (most recent call last):\n")
    with pytest.raises(AssertionError):
        assert_one_line(crash, "settings.toml")
    elsewhere = subprocess.CompletedProcess([], 2, "", "other.toml: cannot read\n")
    with pytest.raises(AssertionError):
        assert_one_line(elsewhere, "settings.toml")
