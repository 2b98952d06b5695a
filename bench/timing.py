"""Countdown accuracy and CPU: hipcoach next to termdown, in one run.

    uv run python bench/timing.py [--runs 3] [--json FILE]

1. A 30 s hold in a pseudo-terminal (80x24), hipcoach's live screen next to
   ``termdown 30``, interleaved: the error of the end against 30 s, and the CPU spent
   counting down. CPU is measured the same way for both: rusage of a 30 s countdown
   minus rusage of a 5 s one (so start-up cancels out), scaled to 30 s; hipcoach also
   reports its own measure from the first to the last frame.
2. A whole hip-drop session at ``--speed 10``: how late each segment began against
   its planned offset (median, max) and the drift of the end; silent, then speaking
   through espeak-ng's cached WAVs (played by ``true``: no sound card here), then
   through a deliberately slow speech command (0.5 s a cue), which must not delay
   the countdown.

Targets (issue 4): hold end within 2 ms of plan at the median and 10 ms at worst;
session drift under 20 ms, with or without voice; CPU while counting down at most
half of termdown's.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ROOT, machine, report

HOLD_PROGRAM = """\
format: 1
id: hold-30
name: {en: One 30 s hold, ja: 30秒キープ}
summary: {en: For the timing benchmark., ja: 計測用。}
timing: {get_ready: 0, transition: 0}
steps:
  - id: hold
    phase: flexibility
    name: {en: Hold, ja: キープ}
    purpose: {en: Measure., ja: 計測。}
    how_to: [{en: Hold., ja: キープ。}]
    feel: {en: Nothing., ja: なし。}
    cue: {en: Hold., ja: キープ。}
    dose: {hold: SECONDS}
"""


# the check-in answered up front, so nothing waits for a person after the session
NO_QUESTIONS = ("--effort", "5", "--pain", "0")


@dataclass
class PtyRun:
    wall: float  # spawn to exit
    first_byte: float  # spawn to the first byte on the terminal
    cpu: float  # user + system, from wait4
    written: int  # bytes sent to the terminal
    status: int


def run_in_pty(cmd: list[str], env: dict[str, str], rows: int = 24, cols: int = 80) -> PtyRun:
    """Run ``cmd`` with a pseudo-terminal as its controlling terminal; drain its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def make_controlling() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=make_controlling,  # noqa: PLW1509 - no threads; the child needs its tty
    )
    os.close(slave)
    first, written = None, 0
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            if first is None:
                first = time.monotonic()
            written += len(chunk)
        elif proc.poll() is not None:
            break
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = status
    ended = time.monotonic()
    os.close(master)
    return PtyRun(
        ended - started,
        (first or ended) - started,
        usage.ru_utime + usage.ru_stime,
        written,
        status,
    )


def prepare(work: Path) -> tuple[Path, Path, Path]:
    """A venv with the built wheel and termdown; returns (bin folder, 30 s and 5 s holds)."""

    def quiet(cmd: list[str]) -> None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    quiet(["uv", "build", "--wheel", "--out-dir", str(work / "dist"), str(ROOT)])
    wheel = next((work / "dist").glob("hipcoach-*.whl"))
    quiet(["uv", "venv", "-q", "-p", sys.executable, str(work / "venv")])
    python = str(work / "venv" / "bin" / "python")
    quiet(
        ["uv", "pip", "install", "-q", "--compile-bytecode", "-p", python, str(wheel), "termdown"]
    )
    holds = []
    for seconds in (30, 5):
        program = work / f"hold-{seconds}.yaml"
        program.write_text(HOLD_PROGRAM.replace("SECONDS", str(seconds)), encoding="utf-8")
        holds.append(program)
    return work / "venv" / "bin", holds[0], holds[1]


def countdown_cpu(long: list[PtyRun], brief: list[PtyRun]) -> float:
    """CPU of 30 s of counting down: (30 s run - 5 s run) * 30 / 25, medians."""
    difference = statistics.median(r.cpu for r in long) - statistics.median(r.cpu for r in brief)
    return difference * 30 / 25


@dataclass
class SessionRun:
    label: str
    lateness_ms: list[float]
    cpu: float
    status: int


def session_modes(hipcoach: str, work: Path, env: dict[str, str]) -> list[SessionRun]:
    """The whole hip-drop session at --speed 10: silent, cached voice, slow speaker."""
    probe = work / "session-probe.json"
    modes: list[tuple[str, list[str], dict[str, str], list[str]]] = [
        ("silent", ["--no-voice"], {}, []),
    ]
    if shutil.which("espeak-ng"):
        modes.append(("voice: espeak-ng, cached", ["--voice"], {"HIPCOACH_PLAYER": "true"}, []))
    slow = ["sh", "-c", "sleep 0.5", "speak", "{text}"]
    modes.append(("voice: a 0.5 s command", ["--voice"], {}, slow))
    results = []
    for label, flags, extra, command in modes:
        home = work / f"home-{len(results)}"
        mode_env = {**env, **extra, "HIPCOACH_HOME": str(home), "HIPCOACH_TIMING_LOG": str(probe)}
        if command:
            subprocess.run(
                [hipcoach, "config", "set", "voice_command", *command],
                env=mode_env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        run = run_in_pty(
            [hipcoach, "run", "--yes", *NO_QUESTIONS, "--speed", "10", *flags], mode_env
        )
        seen = json.loads(probe.read_text())
        late = [s["late"] * 1000 for s in seen["segments"]]
        results.append(SessionRun(label, late, run.cpu, run.status))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hipcoach-timing-") as tmp:
        work = Path(tmp)
        bin_dir, hold, short = prepare(work)
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "HIPCOACH_HOME": str(work / "home"),
            "LANG": "C.UTF-8",
        }
        env.pop("NO_COLOR", None)
        env.pop("COLUMNS", None)
        hipcoach, termdown = str(bin_dir / "hipcoach"), str(bin_dir / "termdown")
        probe = work / "probe.json"
        probed = {**env, "HIPCOACH_TIMING_LOG": str(probe)}
        for program in (hold, short):  # validate once, so every timed run starts alike
            run_in_pty([hipcoach, "run", str(program), "--dry-run"], env)

        runs: dict[str, list[PtyRun]] = {"hip": [], "hip5": [], "term": [], "term5": []}
        hip_probe = []
        for _ in range(args.runs):
            runs["hip"].append(
                run_in_pty(
                    [hipcoach, "run", str(hold), "--yes", *NO_QUESTIONS, "--no-voice"], probed
                )
            )
            hip_probe.append(json.loads(probe.read_text()))
            runs["term"].append(run_in_pty([termdown, "30"], env))
            runs["hip5"].append(
                run_in_pty([hipcoach, "run", str(short), "--yes", *NO_QUESTIONS, "--no-voice"], env)
            )
            runs["term5"].append(run_in_pty([termdown, "5"], env))
        sessions = session_modes(hipcoach, work, env)

    ms = 1000
    hold_ends = [p["segments"][-1]["late"] * ms for p in hip_probe]
    hip_cpu_probe = statistics.median(p["cpu_seconds"] for p in hip_probe)
    hip_cpu = countdown_cpu(runs["hip"], runs["hip5"])
    term_cpu = countdown_cpu(runs["term"], runs["term5"])
    term_end = statistics.median(r.wall - r.first_byte - 30 for r in runs["term"]) * ms
    written = {k: statistics.median(r.written for r in v) for k, v in runs.items()}

    print(f"timing, {args.runs} runs each, interleaved; {machine()}; {time.strftime('%Y-%m-%d')}")
    print("30 s hold                      hipcoach   termdown")
    print(
        f"  end error, median (ms)     {statistics.median(hold_ends):9.2f}  {term_end:9.1f}"
        "   (hipcoach: past its deadline; termdown: first byte to exit - 30 s)"
    )
    print(f"  end error, worst (ms)      {max(hold_ends):9.2f}")
    print(
        f"  CPU counting 30 s (s)      {hip_cpu:9.3f}  {term_cpu:9.3f}"
        "   (rusage of a 30 s run minus a 5 s run, x 30/25)"
    )
    print(f"  CPU, first to last frame   {hip_cpu_probe:9.3f}")
    print(f"  bytes to the terminal      {written['hip']:9.0f}  {written['term']:9.0f}")
    segments = len(sessions[0].lateness_ms)
    print(f"whole hip-drop session at --speed 10 ({segments} segments; lateness in real ms)")
    print("                               median      max    drift   CPU (s)  exit")
    for run in sessions:
        late = run.lateness_ms
        print(
            f"  {run.label:<27}{statistics.median(late):7.2f}  {max(late):7.2f}"
            f"  {late[-1]:7.2f}  {run.cpu:8.3f}  {run.status}"
        )
    checks = {
        "hold end median <= 2 ms": statistics.median(hold_ends) <= 2,
        "hold end worst <= 10 ms": max(hold_ends) <= 10,
        "CPU <= half of termdown": max(hip_cpu, hip_cpu_probe) <= term_cpu / 2,
    }
    for run in sessions:
        checks[f"session drift < 20 ms ({run.label})"] = (
            run.status == 0 and abs(run.lateness_ms[-1]) < 20
        )
    report(
        checks,
        args.json,
        {
            "hold_end_ms": hold_ends,
            "hip_cpu": hip_cpu,
            "hip_cpu_probe": hip_cpu_probe,
            "termdown_cpu": term_cpu,
            "termdown_end_error_ms": term_end,
            "sessions": {
                run.label: {"lateness_ms": run.lateness_ms, "cpu": run.cpu} for run in sessions
            },
        },
    )


if __name__ == "__main__":
    main()
