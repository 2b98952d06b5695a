"""Signals at random moments of a real session: every finished set stays in the log.

The promise (README: keys, exit codes, files): Ctrl-C, SIGTERM and SIGHUP end a session
with exit 130 / 143 / 129, the terminal modes restored and every set finished so far in
the log, the session closed as partial; ``kill -9`` loses at most the set in progress,
and the session it leaves ``running`` is closed as partial, with the same sets, the next
time the log is opened.

32 seeded trials, each its own test (``test_signal_trial[seed=N]``): ``random.Random(N)``
picks the signal, the speed (50-100x), a full or quick session, the live screen or plain
lines (``TERM=dumb``), and the moment: a random point of a random part of the session
(get ready, hold, switch sides, rest, paced reps, next exercise). Each trial is a real
``python -m hipcoach run`` in a pseudo-terminal with its own HIPCOACH_HOME; the trials
run five at a time in a module fixture (about 20 s of real time), then each test checks
its own. The bounds hold however late the machine schedules anything (the one with a
margin needs a process less than about half a second behind its clock):

- the sets in the log are the first n work parts of the plan, in order, each lasting
  exactly its planned time at the speed, logged no earlier than it could have ended and
  before the process was gone;
- n >= the work parts before the last part the terminal had shown when the signal was
  sent (a part is drawn only after the previous set's commit returned);
- for a caught signal, n >= the sets planned to end 0.3 s before the signal (the session
  began before its first part was read back);
- n <= the sets that could have ended while the process lived;
- the process's own summary ("Stopped: n sets ...") agrees with the log; no check-in is
  recorded after a signal; ``PRAGMA integrity_check`` is ok, before and after reopening.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import termios
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect
import pytest
import time_machine

from hipcoach.coach.describe import set_text
from hipcoach.program.catalog import load_program_text
from hipcoach.program.plan import Overrides, Segment, Timeline, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.timeutil import from_iso
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder

pytestmark = [pytest.mark.reliability, pytest.mark.e2e]

SEEDS = range(32)
WORKERS = 5  # trials at once: the sessions mostly sleep, two cores keep up
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL)
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
END_MARGIN = 0.4  # real seconds: signal at least this long before the planned end
CAUGHT_MARGIN = 0.3  # real seconds: a caught signal keeps every set planned to end this early
TIMING_SLACK = 0.05  # real seconds: millisecond timestamps, wall clock against monotonic


@functools.cache
def timeline_of(variant: str) -> Timeline:
    """The plan of a fresh log (every dose at its first level), as the child expands it.

    Read from the text, never through the snapshot cache: nothing is written outside
    the trials' own homes, even while tests are being collected.
    """
    program = load_program_text(HIP_DROP.read_text(encoding="utf-8"), HIP_DROP.name)
    return expand(program, doses_for(program, quick=variant == "quick"), Overrides())


def _fresh_modes() -> list[Any]:
    """A new pseudo-terminal's modes: what pexpect hands the child, before any cbreak."""
    master, slave = os.openpty()
    try:
        return termios.tcgetattr(slave)
    finally:
        os.close(master)
        os.close(slave)


FRESH_MODES = _fresh_modes()


# --- the plan ------------------------------------------------------------------------------


def real_wall_clock() -> float:
    """The machine's wall clock, which the children read (they are not pinned), even when
    this run's own clock is moved (HIPCOACH_TEST_CLOCK, time-machine)."""
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()


@dataclass(frozen=True)
class Trial:
    seed: int
    signum: signal.Signals
    speed: int
    variant: str  # full | quick
    live: bool  # the Rich screen (TERM=xterm) or plain lines (TERM=dumb)
    delay: float  # real seconds after the first part appeared on the terminal

    @property
    def timeline(self) -> Timeline:
        return timeline_of(self.variant)

    @property
    def part(self) -> Segment:
        """The planned part at the moment of the signal (the session starts a little
        before its first part is read back, so the real one may be a little later)."""
        at = self.delay * self.speed
        offsets = self.timeline.offsets()
        return next(s for s in reversed(self.timeline.segments) if offsets[s.index] <= at)

    def work_ends(self) -> list[float]:
        """Planned end of each work part, in real seconds after the session start."""
        timeline = self.timeline
        offsets = timeline.offsets()
        return [
            (offsets[s.index] + timeline.planned_seconds(s)) / self.speed
            for s in timeline.segments
            if s.is_work
        ]


def make_trial(seed: int) -> Trial:
    rng = random.Random(seed)  # noqa: S311 - reproducible trials, not secrets
    signum = rng.choice(SIGNALS)
    speed = rng.randrange(50, 101, 5)
    variant = rng.choice(("full", "full", "full", "quick"))
    live = rng.random() < 0.75
    timeline = timeline_of(variant)
    target = rng.randrange(len(timeline.segments))
    segment = timeline.segments[target]
    offset = timeline.offsets()[target] + rng.random() * timeline.planned_seconds(segment)
    delay = min(offset, timeline.total_seconds) / speed
    delay = min(delay, timeline.total_seconds / speed - END_MARGIN)
    return Trial(seed, signum, speed, variant, live, delay)


@functools.cache
def trials() -> dict[int, Trial]:
    return {seed: make_trial(seed) for seed in SEEDS}


# --- running a trial -----------------------------------------------------------------------


@dataclass
class Outcome:
    trial: Trial
    home: Path
    wall_spawn: float = 0.0  # the machine's wall clock, as the child reads it
    t_spawn: float = 0.0  # time.monotonic() from here on
    t_ready: float = 0.0  # the first part was on the terminal
    t_signal: float = 0.0
    t_exit: float = 0.0  # end of output seen, the process is gone
    wall_exit: float = 0.0
    pid: int = 0
    seen: str = ""  # the terminal output read before the signal was sent
    output: str = ""  # all of it
    exitstatus: int | None = None
    signalstatus: int | None = None
    modes_after: list[Any] = field(default_factory=list)
    log: Log | None = None  # the log as the trial left it
    reopened: Log | None = None  # after `hipcoach log --json` opened it (kill -9)
    log_json: Any = None
    error: BaseException | None = None


@dataclass
class Log:
    sessions: list[dict[str, Any]]
    sets: list[dict[str, Any]]
    check_ins: list[dict[str, Any]]


def read_log(home: Path) -> Log:
    db = sqlite3.connect(home / "data" / "hipcoach.db")
    db.row_factory = sqlite3.Row
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sessions = [dict(row) for row in db.execute("SELECT * FROM sessions")]
        sets = [dict(row) for row in db.execute("SELECT * FROM sets ORDER BY position")]
        check_ins = [dict(row) for row in db.execute("SELECT * FROM check_ins")]
        return Log(sessions, sets, check_ins)
    finally:
        db.close()


def child_env(home: Path, live: bool) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HIPCOACH_", "LC_")) and key not in ("NO_COLOR", "COLUMNS", "LINES")
    }
    env.update(HIPCOACH_HOME=str(home), LANG="C.UTF-8", TERM="xterm-256color" if live else "dumb")
    return env


def hipcoach_args(trial: Trial) -> list[str]:
    return [
        "-m",
        "hipcoach",
        "run",
        *(["--quick"] if trial.variant == "quick" else []),
        "--yes",
        "--no-voice",
        "--effort",
        "5",
        "--pain",
        "0",
        "--speed",
        str(trial.speed),
    ]


def read_until(child: pexpect.spawn, chunks: list[str], until: float, anchor: str = "") -> bool:
    """Keep reading (the child must never block on a full terminal) until ``until`` or
    until ``anchor`` shows up; True when the anchor was seen."""
    tail = ""
    while True:
        now = time.monotonic()
        if now >= until:
            return False
        try:
            chunk = child.read_nonblocking(1 << 16, timeout=min(0.05, until - now))
        except pexpect.TIMEOUT:
            continue
        chunks.append(chunk)
        if anchor and anchor in tail + chunk:
            return True
        tail = chunk[-len(anchor) :] if anchor else ""


def run_trial(trial: Trial, home: Path) -> Outcome:
    out = Outcome(trial, home)
    chunks: list[str] = []
    child: pexpect.spawn | None = None
    try:
        out.wall_spawn, out.t_spawn = real_wall_clock(), time.monotonic()
        child = pexpect.spawn(
            sys.executable,
            hipcoach_args(trial),
            env=child_env(home, trial.live),
            dimensions=(30, 80),
            encoding="utf-8",
            codec_errors="replace",
            timeout=30,
        )
        out.pid = child.pid
        anchor = "GET READY" if trial.live else "Get ready: "  # drawn once the session began
        if not read_until(child, chunks, out.t_spawn + 30, anchor):
            raise AssertionError("the first part never appeared")
        out.t_ready = time.monotonic()
        read_until(child, chunks, out.t_ready + trial.delay)
        out.seen = "".join(chunks)
        out.t_signal = time.monotonic()
        os.kill(child.pid, trial.signum)
        with contextlib.suppress(pexpect.EOF):
            read_until(child, chunks, out.t_signal + 30)
            raise AssertionError("the process did not end within 30 s of the signal")
        out.t_exit, out.wall_exit = time.monotonic(), real_wall_clock()
        out.output = "".join(chunks)
        out.modes_after = termios.tcgetattr(child.child_fd)
        child.close()
        out.exitstatus, out.signalstatus = child.exitstatus, child.signalstatus
        out.log = read_log(home)
        if trial.signum == signal.SIGKILL:  # the next hipcoach to open the log closes it
            shown = subprocess.run(
                [sys.executable, "-m", "hipcoach", "log", "--json"],
                env=child_env(home, live=False),
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
                check=True,
            )
            out.log_json = json.loads(shown.stdout)
            out.reopened = read_log(home)
    except BaseException as exc:
        out.error = exc
        out.output = "".join(chunks)
    finally:
        if child is not None and child.isalive():
            child.close(force=True)
    return out


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Outcome]:
    with ThreadPoolExecutor(WORKERS) as pool:
        longest_first = sorted(trials().values(), key=lambda trial: -trial.delay)
        futures = {
            trial.seed: pool.submit(run_trial, trial, tmp_path_factory.mktemp(f"seed{trial.seed}"))
            for trial in longest_first
        }
        return {seed: future.result() for seed, future in futures.items()}


# --- what the terminal showed ----------------------------------------------------------------

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles
    r"|\x1b[()][0-9A-Za-z]|\x1b[@-_]"
)
# the live screen's header: "1/3 · flexibility ... set 1/2 · LEFT │" (drawn whole or not yet)
# the header: "1/3 · flexibility   set 1/2 │" above "│ Glute stretch   LEFT LEG BENT │"
_HEADER = re.compile(
    r"(\d+)/\d+ · [a-z -]+? +set (\d+)/\d+ *│\s*│ [^│]*?(?:\b(LEFT|RIGHT)\b[A-Z ]*)? *│"
)
_PLAIN_LINE = re.compile(r"^\d\d:\d\d  (.*?)\r?$", re.MULTILINE)


def parts_shown(trial: Trial, seen: str) -> int:
    """How many parts of the session had begun, by what the terminal showed: a lower bound.

    Live screen: each frame has a header naming the exercise, set and side; the earliest
    part with that header had begun. Plain lines: one line per part, as each begins.
    """
    timeline = trial.timeline
    if not trial.live:
        complete = seen[: seen.rfind("\n") + 1]
        lines = _PLAIN_LINE.findall(complete)
        for segment, line in zip(timeline.segments, lines, strict=False):
            if segment.is_work:
                assert line == set_text(timeline, segment, "en"), f"part {segment.index}"
        return len(lines)
    first_part = {}
    for segment in reversed(timeline.segments):
        side = segment.side.upper() if segment.side else None
        first_part[(segment.dose_index + 1, segment.set_number, side)] = segment.index
    begun = 0
    for match in _HEADER.finditer(_ESCAPES.sub("", seen)):
        number, set_number, side = int(match[1]), int(match[2]), match[3]
        begun = max(begun, first_part[(number, set_number, side)] + 1)
    return begun


def sets_committed_when_shown(trial: Trial, seen: str) -> int:
    """Work parts before the last part shown: their sets were committed before it was drawn."""
    begun = parts_shown(trial, seen)
    return sum(1 for s in trial.timeline.segments[: max(0, begun - 1)] if s.is_work)


# --- the checks --------------------------------------------------------------------------------


def _instant(text: str) -> float:
    return from_iso(text).timestamp()


def check_sets(out: Outcome, sets: list[dict[str, Any]]) -> None:
    """The logged sets are the plan's first work parts, on time, within the process's life."""
    trial = out.trial
    timeline = trial.timeline
    work = timeline.work_segments()
    ends = trial.work_ends()
    assert [s["position"] for s in sets] == list(range(1, len(sets) + 1))
    for record, segment, end in zip(sets, work, ends, strict=False):
        dose = timeline.dose(segment)
        expected = (dose.step.id, segment.set_number, segment.side, dose.unit, dose.planned)
        got = (record["step_id"], record["set_number"], record["side"], record["unit"])
        assert (*got, record["planned"]) == expected, f"set {record['position']}"
        assert record["skipped"] == 0
        assert record["actual"] == dose.planned  # a whole hold, or every paced rep
        started, ended = _instant(record["started_utc"]), _instant(record["ended_utc"])
        length = timeline.planned_seconds(segment) / trial.speed
        assert abs((ended - started) - length) <= 0.002, f"set {record['position']} length"
        assert ended >= out.wall_spawn + end - TIMING_SLACK, "logged before it could end"
        assert ended <= out.wall_exit + TIMING_SLACK, "logged after the process was gone"
    assert len(sets) <= len(work)


def check_counts(out: Outcome, count: int) -> None:
    trial = out.trial
    ends = trial.work_ends()
    shown = sets_committed_when_shown(trial, out.seen)
    assert count >= shown, f"{count} sets logged, {shown} were done by the screen"
    lived = out.t_exit - out.t_spawn  # the session started after the spawn, ended before this
    assert count <= sum(1 for end in ends if end <= lived + TIMING_SLACK)
    if trial.signum != signal.SIGKILL:
        # the session began before its first part was read back; a caught signal keeps
        # every set whose planned end was already past
        ran = out.t_signal - out.t_ready
        planned_done = sum(1 for end in ends if end <= ran - CAUGHT_MARGIN)
        assert count >= planned_done, f"{count} sets logged, {planned_done} planned done"


def check_caught(out: Outcome) -> None:
    """Ctrl-C, SIGTERM, SIGHUP: the exit code, the terminal, the session closed."""
    trial = out.trial
    assert out.log is not None
    (session,) = out.log.sessions
    sets = out.log.sets
    check_sets(out, sets)
    check_counts(out, len(sets))
    assert out.modes_after == FRESH_MODES, "the terminal modes were not restored"
    if trial.live:  # the alternate screen was left and the cursor shown again
        assert out.output.rfind("\x1b[?1049l") > out.output.rfind("\x1b[?1049h")
        assert out.output.rfind("\x1b[?25h") > out.output.rfind("\x1b[?25l")
    ended = _instant(session["ended_utc"])
    assert max([_instant(s["ended_utc"]) for s in sets], default=0.0) <= ended
    assert ended <= out.wall_exit + TIMING_SLACK
    assert session["pid"] is None
    if session["status"] == "completed":  # only possible when the signal came after the end
        total = trial.timeline.total_seconds / trial.speed
        assert out.t_signal - out.t_spawn >= total - TIMING_SLACK
        assert len(sets) == len(trial.timeline.work_segments())
        assert out.exitstatus in (0, EXIT_CODES[trial.signum]) or (out.signalstatus == trial.signum)
        return
    assert out.signalstatus is None
    assert out.exitstatus == EXIT_CODES[trial.signum]
    assert session["status"] == ("partial" if sets else "aborted")
    assert out.log.check_ins == []  # no check-in after a signal
    summary = re.search(r"Stopped: (\d+) sets? done and logged", out.output)
    assert summary is not None, "no summary"
    assert int(summary[1]) == len(sets), "the summary and the log disagree"


def check_killed(out: Outcome) -> None:
    """kill -9: the session stays running, with its sets, until the log is opened again."""
    assert out.log is not None and out.reopened is not None
    assert out.signalstatus == signal.SIGKILL
    (session,) = out.log.sessions
    sets = out.log.sets
    assert (session["status"], session["ended_utc"], session["pid"]) == ("running", None, out.pid)
    check_sets(out, sets)
    check_counts(out, len(sets))
    # the terminal is left in cbreak mode: nobody could restore it (the check above has teeth)
    assert out.modes_after != FRESH_MODES
    (closed,) = out.reopened.sessions
    assert out.reopened.sets == sets
    assert closed["status"] == ("partial" if sets else "aborted")
    assert closed["ended_utc"] == (sets[-1]["ended_utc"] if sets else session["started_utc"])
    assert closed["pid"] is None
    (shown,) = out.log_json
    assert shown["id"] == session["id"] and shown["status"] == closed["status"]
    assert [s["position"] for s in shown["sets"]] == [s["position"] for s in sets]
    assert [s["ended_utc"] for s in shown["sets"]] == [s["ended_utc"] for s in sets]


def describe(out: Outcome) -> str:
    trial = out.trial
    segment = trial.part
    try:
        shown: int | str = sets_committed_when_shown(trial, out.seen)
    except AssertionError as exc:
        shown = f"unreadable ({exc})"
    return (
        f"seed {trial.seed}: {trial.signum.name} at {trial.delay:.2f} s real "
        f"({segment.kind} #{segment.index}), {trial.variant} x{trial.speed}, "
        f"{'live' if trial.live else 'plain'}; exit {out.exitstatus} signal {out.signalstatus}; "
        f"sets {None if out.log is None else len(out.log.sets)}; "
        f"shown {shown}; "
        f"ran {out.t_signal - out.t_ready:.2f} s; "
        f"output tail {_ESCAPES.sub('', out.output)[-300:]!r}"
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_signal_trial(seed: int, outcomes: dict[int, Outcome]) -> None:
    out = outcomes[seed]
    if out.error is not None:
        raise AssertionError(describe(out)) from out.error
    try:
        if out.trial.signum == signal.SIGKILL:
            check_killed(out)
        else:
            check_caught(out)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{describe(out)}") from exc


def test_the_trials_cover_every_signal_and_every_kind_of_part() -> None:
    signals = [trial.signum for trial in trials().values()]
    assert all(signals.count(s) >= 5 for s in SIGNALS), signals
    kinds = {trial.part.kind for trial in trials().values()}
    assert kinds == {"get_ready", "work", "switch", "rest"}
    work = [trial for trial in trials().values() if trial.part.is_work]
    assert any(t.timeline.dose(t.part).reps for t in work)  # paced reps
    assert any(t.timeline.dose(t.part).seconds for t in work)  # holds
    assert any(not t.live for t in trials().values()) and any(t.live for t in trials().values())


def test_a_stop_seen_together_with_a_passed_deadline_keeps_that_set() -> None:
    """Regression: a wake-up late by 50 ms finds the hold's deadline past and a Ctrl-C
    pending; the hold was done, so it is logged before the session stops."""

    class LateWithSignal:
        def __init__(self, clock: FakeClock) -> None:
            self.clock = clock
            self.sent = False

        def wait(self, timeout: float | None) -> Key | None:
            assert timeout is not None
            self.clock.advance(timeout + 0.05)
            if not self.sent and self.clock.now() - 1000.0 > 35.0:  # the first hold ends at 35
                self.sent = True
                return Key.INTERRUPT
            return None

    clock = FakeClock(1000.0)
    recorder = Recorder()
    result = Engine(timeline_of("full"), clock, LateWithSignal(clock), recorder, recorder).run()
    assert result.reason == "interrupted"
    assert result.status == "partial"
    assert [(r.segment.index, r.actual) for r in result.sets] == [(1, 20.0)]
