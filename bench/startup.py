"""Start-up time of hipcoach against its floor and a peer, measured in one run.

Builds the wheel, installs it into a fresh virtual environment (bytecode compiled,
as pip and uv do for users), next to termdown and a minimal two-command Typer app,
then times every command interleaved, so machine noise hits all of them alike.

    uv run python bench/startup.py [--runs 21] [--json FILE]

Targets (issues 3 and 12), each against the minimal Typer app doing the same thing:
``--version`` and ``--help`` within 1.15x of its ``--version`` and ``--help``,
``programs`` within 1.5x of it running a command, and faster than ``termdown --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_APP = """
import typer

app = typer.Typer()


def show_version(value: bool) -> None:
    if value:
        print("minimal 1.0")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True),
) -> None:
    pass


@app.command()
def hello(name: str = "world") -> None:
    print("hello", name)


@app.command()
def bye() -> None:
    print("bye")


if __name__ == "__main__":
    app()
"""


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
        f"{', ' + cpu if cpu else ''}, Python {platform.python_version()}"
    )


def run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


def install_wheel(work: Path) -> Path:
    """Build the wheel and install it, bytecode compiled as pip and uv do for users, into a
    fresh virtual environment; returns its bin folder."""
    dist = work / "dist"
    run(["uv", "build", "--wheel", "--out-dir", str(dist), str(ROOT)], stderr=subprocess.DEVNULL)
    wheel = next(dist.glob("hipcoach-*.whl"))
    venv = work / "venv"
    run(["uv", "venv", "-q", "-p", sys.executable, str(venv)])
    python = str(venv / "bin" / "python")
    run(["uv", "pip", "install", "-q", "--compile-bytecode", "-p", python, str(wheel)])
    return venv / "bin"


def prepare(work: Path) -> dict[str, list[str]]:
    """A venv with the built wheel and termdown; returns the commands to time."""
    venv = install_wheel(work).parent
    python = str(venv / "bin" / "python")
    commands: dict[str, list[str]] = {}
    try:
        run(["uv", "pip", "install", "-q", "--compile-bytecode", "-p", python, "termdown"])
        commands["termdown --help"] = [str(venv / "bin" / "termdown"), "--help"]
    except subprocess.CalledProcessError:
        print("termdown could not be installed; it is left out", file=sys.stderr)
    app = work / "minimal_typer_app.py"
    app.write_text(MINIMAL_APP)
    hipcoach = str(venv / "bin" / "hipcoach")
    return {
        "python -c pass": [python, "-c", "pass"],
        "minimal Typer app": [python, str(app), "bye"],  # running a command
        "minimal Typer app --version": [python, str(app), "--version"],
        "minimal Typer app --help": [python, str(app), "--help"],
        **commands,
        "hipcoach --version": [hipcoach, "--version"],
        "hipcoach --help": [hipcoach, "--help"],
        "hipcoach programs": [hipcoach, "programs"],
    }


# hipcoach command -> (the minimal Typer app doing the same, the most hipcoach may take)
TARGETS = {
    "hipcoach --version": ("minimal Typer app --version", 1.15),
    "hipcoach --help": ("minimal Typer app --help", 1.15),
    "hipcoach programs": ("minimal Typer app", 1.5),
}


def time_all(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the page cache once
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(
                cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if shutil.which("uv") is None:
        sys.exit("uv is needed: pip install uv")
    with tempfile.TemporaryDirectory(prefix="hipcoach-bench-") as tmp:
        work = Path(tmp)
        commands = prepare(work)
        env = {**os.environ, "HIPCOACH_HOME": str(work / "home"), "NO_COLOR": "1", "COLUMNS": "80"}
        medians = time_all(commands, args.runs, env)
    print(
        f"start-up, median of {args.runs} interleaved runs; {machine()}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print(f"{'command':<28} {'ms':>8} {'x same in Typer app':>20}")
    for name, seconds in medians.items():
        peer = TARGETS.get(name, ("", 0.0))[0]
        ratio = f"{seconds / medians[peer]:20.2f}" if peer else ""
        print(f"{name:<28} {seconds * 1000:8.1f} {ratio}")
    checks = {
        f"{name} <= {limit}x {peer}": medians[name] <= limit * medians[peer]
        for name, (peer, limit) in TARGETS.items()
    }
    if "termdown --help" in medians:
        checks["programs < termdown --help"] = (
            medians["hipcoach programs"] < medians["termdown --help"]
        )
    report(checks, args.json, {"runs": args.runs, "median_seconds": medians})


def report(checks: dict[str, bool], json_file: Path | None, figures: dict[str, Any]) -> None:
    """Print each target as ok or MISS; with --json, write the figures, machine and checks."""
    for label, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {label}")
    if json_file:
        document = {"machine": machine(), **figures, "checks": checks}
        json_file.write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
