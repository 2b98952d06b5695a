"""Every benchmark in one run, and the table of BENCHMARKS.md.

    uv run python bench/run.py                 # all three, full length (about 8 min)
    uv run python bench/run.py --quick         # fewer repetitions (about 3 min)
    uv run python bench/run.py --only startup  # startup, timing, history: any of them
    uv run python bench/run.py --write         # also replace the table in BENCHMARKS.md

Each benchmark builds the wheel, installs it into a fresh virtual environment and
measures hipcoach next to its baseline in the same run, interleaved, so a busy
machine slows both alike; the table reports ratios. Run it on a quiet machine: the
figures are for reading, not for CI, which never runs them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from startup import TARGETS  # bench/ is this script's folder, so on its path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- results: written by bench/run.py --write -->", "<!-- end of results -->"

RUNS = {  # benchmark -> (--runs full, --runs quick)
    "startup": (21, 7),
    "timing": (3, 1),
    "history": (7, 3),
}

Row = tuple[str, str, str, str, str, bool | None]  # measure, hipcoach, baseline, ratio, target, ok


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def startup_rows(data: dict[str, Any]) -> list[Row]:
    medians = data["median_seconds"]
    python = medians["python -c pass"]
    termdown = medians.get("termdown --help")
    checks = data["checks"]
    rows: list[Row] = []
    for name, (peer, limit) in TARGETS.items():
        value, baseline = medians[name], medians[peer]
        rows.append(
            (
                f"start-up: `{name}`",
                ms(value),
                f"{peer} {ms(baseline)}",
                f"{value / baseline:.2f}×",
                f"≤ {limit}×",
                checks[f"{name} <= {limit}x {peer}"],
            )
        )
    version = medians["hipcoach --version"]
    rows.append(
        (
            "start-up: `hipcoach --version` over bare Python",
            ms(version),
            f"`python -c pass` {ms(python)}",
            f"{version / python:.1f}×",
            "(the floor)",
            None,
        )
    )
    if termdown is not None:
        programs = medians["hipcoach programs"]
        rows.append(
            (
                "start-up: `hipcoach programs`",
                ms(programs),
                f"`termdown --help` {ms(termdown)}",
                f"{programs / termdown:.2f}×",
                "< 1×",
                checks.get("programs < termdown --help"),
            )
        )
    return rows


def timing_rows(data: dict[str, Any]) -> list[Row]:
    ends = sorted(data["hold_end_ms"])
    median_end = ends[len(ends) // 2]
    termdown_end = data["termdown_end_error_ms"]
    hip_cpu = max(data["hip_cpu"], data["hip_cpu_probe"])
    termdown_cpu = data["termdown_cpu"]
    checks = data["checks"]
    rows: list[Row] = [
        (
            "30 s hold: end error, median",
            f"{median_end:.2f} ms",
            f"`termdown 30` {termdown_end:.1f} ms",
            f"{median_end / termdown_end:.2f}×",
            "≤ 2 ms",
            checks["hold end median <= 2 ms"],
        ),
        (
            "30 s hold: end error, worst",
            f"{ends[-1]:.2f} ms",
            "",
            "",
            "≤ 10 ms",
            checks["hold end worst <= 10 ms"],
        ),
        (
            "30 s hold: CPU while counting down",
            f"{hip_cpu:.3f} s",
            f"`termdown 30` {termdown_cpu:.3f} s",
            f"{hip_cpu / termdown_cpu:.2f}×",
            "≤ 0.5×",
            checks["CPU <= half of termdown"],
        ),
    ]
    silent = data["sessions"]["silent"]["cpu"]
    for label, session in data["sessions"].items():
        drift = session["lateness_ms"][-1]
        late = sorted(session["lateness_ms"])
        rows.append(
            (
                f"whole session at --speed 10, {label}: drift at the end",
                f"{drift:.2f} ms",
                f"CPU {session['cpu']:.2f} s (silent {silent:.2f} s)",
                f"{session['cpu'] / silent:.2f}× CPU",
                "< 20 ms",
                checks[f"session drift < 20 ms ({label})"],
            )
        )
        rows.append(
            (
                f"whole session, {label}: each segment's lateness, worst",
                f"{late[-1]:.2f} ms",
                "",
                "",
                "",
                None,
            )
        )
    return rows


def history_rows(data: dict[str, Any]) -> list[Row]:
    one, ten = data["results"]["1y"], data["results"]["10y"]
    base = ten["--version"][0]
    checks = data["checks"]
    rows: list[Row] = []
    for name, target, check in (
        ("today", "≤ 2×", "today <= 2x --version (10 years)"),
        ("stats", "≤ 2×", "stats <= 2x --version (10 years)"),
    ):
        rows.append(
            (
                f"10 years (3,650 sessions): `hipcoach {name}`",
                ms(ten[name][0]),
                f"`--version` {ms(base)}",
                f"{ten[name][0] / base:.2f}×",
                target,
                checks[check],
            )
        )
    for kind in ("csv", "json"):
        name = f"export {kind}"
        rows.append(
            (
                f"10 years: `hipcoach export --format {kind}`",
                ms(ten[name][0]),
                f"`--version` {ms(base)}",
                f"{ten[name][0] / base:.1f}×",
                "< 1 s",
                checks[f"export {kind} < 1 s (10 years)"],
            )
        )
        rows.append(
            (
                f"peak memory, `export --format {kind}`, 10 years",
                f"{ten[name][1] / 1024:.1f} MiB",
                f"1 year {one[name][1] / 1024:.1f} MiB",
                f"{ten[name][1] / one[name][1]:.2f}×",
                "≤ 1.25×",
                checks["export memory flat (10y <= 1.25x 1y)"],
            )
        )
    return rows


TABLES: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "startup": startup_rows,
    "timing": timing_rows,
    "history": history_rows,
}


def run_benchmark(name: str, runs: int, out: Path) -> dict[str, Any]:
    print(f"\n== bench/{name}.py --runs {runs}", flush=True)
    subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), "--runs", str(runs), "--json", str(out)],
        check=True,
    )
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def commit() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def markdown(rows: list[Row], machine: str, note: str) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine}; commit {commit()}; {note}.",
        "",
        "| measure | hipcoach | baseline, same run | ratio | target | |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    for measure, value, baseline, ratio, target, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "**MISS**")
        lines.append(f"| {measure} | {value} | {baseline} | {ratio} | {target} | {mark} |")
    return "\n".join(lines)


def write_results(table: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8")
    head, found, rest = text.partition(START)
    _, found_end, tail = rest.partition(END)
    if not found or not found_end:
        sys.exit(f"{BENCHMARKS}: the markers {START!r} and {END!r} are missing")
    BENCHMARKS.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    print(f"\nwrote the table into {BENCHMARKS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default=",".join(RUNS), help="comma-separated: " + ",".join(RUNS))
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in RUNS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    rows: list[Row] = []
    machine = ""
    with tempfile.TemporaryDirectory(prefix="hipcoach-benchmarks-") as tmp:
        for name in chosen:
            runs = RUNS[name][1 if args.quick else 0]
            data = run_benchmark(name, runs, Path(tmp) / f"{name}.json")
            machine = data["machine"]
            rows += TABLES[name](data)
    runs_note = ", ".join(f"{name} ×{RUNS[name][1 if args.quick else 0]}" for name in chosen)
    table = markdown(rows, machine, f"runs: {runs_note}")
    print("\n" + table)
    if args.write:
        write_results(table)
    if any(ok is False for *_, ok in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
