"""Every test runs with its own HIPCOACH_HOME, English, no colour, a fixed width and a
pinned clock: "today" is TODAY in Tokyo unless the test pins another moment (pin_clock),
so no result depends on the real date, the time of day or the machine's zone."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import is_hypothesis_test, seed, settings

from hipcoach import i18n

# In CI (the CI variable set, as CI services and .ci/run do) hypothesis's examples are
# fixed by the commit: a run of one commit is reproducible, and each new commit tries new
# examples, so over time whole classes of input are covered that one fixed seed would miss
# (a lone CR, a backslash-N). Without git the examples are fixed by each test's own code.
# At a desk each run tries new ones. CI=1 uv run pytest reproduces a CI run of HEAD;
# HIPCOACH_TEST_SEED=N chooses the seed.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
IN_CI = bool(os.environ.get("CI"))
settings.load_profile("ci" if IN_CI else "dev")

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "programs"
HIP_DROP = PROGRAMS / "hip-drop.yaml"
BUILTINS = ["desk-break", "hip-drop", "hip-tests", "pre-run", "race-week"]  # ids, listed order

TODAY = date(2026, 11, 25)  # a Wednesday, a training day of hip-drop
PINNED_NOW = f"{TODAY.isoformat()}T07:30:00"  # local time in PINNED_ZONE
PINNED_ZONE = "Asia/Tokyo"  # where many of our users are, and far from UTC


def pin_clock(monkeypatch: pytest.MonkeyPatch, now: str, zone: str) -> None:
    """The moment every hipcoach command of this test sees, in process or in a child:
    ``now`` as HIPCOACH_NOW takes it (a date, a local time or an instant) in ``zone``."""
    monkeypatch.setenv("HIPCOACH_NOW", now)
    monkeypatch.setenv("HIPCOACH_TZ", zone)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("HIPCOACH_HOME", str(home))
    monkeypatch.delenv("HIPCOACH_LANG", raising=False)
    monkeypatch.delenv("HIPCOACH_DEBUG", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    pin_clock(monkeypatch, PINNED_NOW, PINNED_ZONE)
    i18n._current = None
    yield home
    i18n._current = None


@pytest.fixture
def hip_drop_text() -> str:
    return HIP_DROP.read_text(encoding="utf-8")


def value_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The key/index path of every mapping entry and list item in ``node``, parents first."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += value_paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += value_paths(child, (*prefix, index))
    return found


def commit_seed() -> int | None:
    """HIPCOACH_TEST_SEED, else the first 48 bits of the commit checked out, else None."""
    if chosen := os.environ.get("HIPCOACH_TEST_SEED"):
        return int(chosen)
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - whichever git the developer has
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(head[:12], 16) if len(head) >= 12 else None


# HIPCOACH_TEST_CLOCK="2026-12-31T20:00 America/Los_Angeles" runs the whole suite with this
# process's wall clock and zone moved there (time-machine, ticking on): the suite must pass
# on any date. hipcoach processes the tests start are pinned by HIPCOACH_NOW either way.
# (libfaketime 0.9.10 cannot move a whole Python test run: with the monotonic clock faked,
# timed waits on threads never return; without, time.sleep fails with EINVAL.)
_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _travel  # noqa: PLW0603 - one journey for the whole run
    if chosen := os.environ.get("HIPCOACH_TEST_CLOCK"):
        wall, _, zone = chosen.partition(" ")
        moment = datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone or "UTC"))
        _travel = time_machine.travel(moment, tick=True)
        _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _travel is not None:
        _travel.stop()


def pytest_report_header() -> str | None:
    chosen = os.environ.get("HIPCOACH_TEST_CLOCK")
    return f"wall clock moved to {chosen} (HIPCOACH_TEST_CLOCK)" if chosen else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rotating = commit_seed() if IN_CI else None
    if rotating is None:
        return
    for item in items:
        test = getattr(item, "obj", None)
        if test is not None and is_hypothesis_test(test):
            seed(rotating)(test)  # the commit's examples; a failure prints how to repeat it
