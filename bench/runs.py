"""Runs from the watch: how fast a long run imports, how the import scales, how big the
log grows, and how fast `runs` and `runs trend` answer over 1,000 runs.

    uv run python bench/runs.py [--files 8] [--repeat 3]

1. One 3-hour run recorded every second (a synthetic FIT file written by Garmin's FIT SDK
   encoder, full running dynamics): fitdecode just decoding it, against hipcoach
   decoding, cleaning, summarising and analysing it (`process_file`), interleaved.
2. ``--files`` such runs imported by `hipcoach runs import` (a process pool on every
   core), timed as a whole process; the time per file is extrapolated to 1,000 files.
3. The log's size per run and per km, extrapolated to ten years of daily runs.
4. 1,000 runs in the log (copies of the summaries), then `hipcoach runs` and
   `hipcoach runs trend` against `hipcoach --version`, as whole processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.runsynth import Plan, fit_bytes  # noqa: E402

THREE_HOURS = Plan(km=36.0, speed=3.33)  # 36 km at 5:00 /km: 3 h at one sample a second


def decode_only(path: Path) -> int:
    import fitdecode

    count = 0
    with fitdecode.FitReader(str(path)) as fit:
        for frame in fit:
            count += isinstance(frame, fitdecode.FitDataMessage)
    return count


def one_long_run(folder: Path, repeat: int) -> None:
    from hipcoach.runs.decode import process_file

    path = folder / "three-hours.fit"
    path.write_bytes(fit_bytes(THREE_HOURS))
    decode, full = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        decode_only(path)
        decode.append(time.perf_counter() - start)
        start = time.perf_counter()
        outcome = process_file(str(path))
        full.append(time.perf_counter() - start)
        assert outcome.status == "runs"
    size = path.stat().st_size / 1e6
    d, f = statistics.median(decode), statistics.median(full)
    print(f"3-hour run ({size:.1f} MB FIT): fitdecode decode alone {d:.2f} s; hipcoach "
          f"decode+clean+analyse {f:.2f} s; ratio {f / d:.2f}× (target ≤ 0.5×)")  # fmt: skip


def cli(*args: str, home: Path) -> float:
    env = {**os.environ, "HIPCOACH_HOME": str(home)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hipcoach", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def many_runs(folder: Path, files: int) -> Path:
    runs = folder / "history"
    runs.mkdir()
    begin = datetime(2025, 1, 5, 22, 0, tzinfo=UTC)
    for k in range(files):
        plan = replace(THREE_HOURS, start=begin + timedelta(days=7 * k), seed=k)
        (runs / f"run-{k:04d}.fit").write_bytes(fit_bytes(plan))
    home = folder / "home"
    size = sum(p.stat().st_size for p in runs.iterdir()) / 1e6
    seconds = cli("runs", "import", str(runs), home=home)
    again = cli("runs", "import", str(runs), home=home)
    per_file = seconds / files
    print(f"{files} 3-hour runs ({size:.0f} MB): import {seconds:.1f} s on {os.cpu_count()} "
          f"cores, {per_file:.2f} s a file → 1,000 files ≈ {per_file * 1000:.0f} s "
          f"(target < 60 s); again (all present) {again:.1f} s")  # fmt: skip
    return home


def storage(home: Path) -> None:
    from hipcoach.log.runs import list_runs
    from hipcoach.log.store import open_store

    os.environ["HIPCOACH_HOME"] = str(home)  # where the CLI above wrote the log
    with open_store() as store:
        runs = list_runs(store)
        used = store.db.execute("SELECT sum(length(summary)) + count(*) * 300 FROM runs")
        per_run = used.fetchone()[0] / len(runs)
    km = statistics.fmean(r.metres for r in runs) / 1000
    per_km = per_run / km
    decade = 3650 * (12 * per_km + 1500) / 1e6  # daily runs of 12 km, 1.5 kB of analysis each
    print(f"log: {per_run / 1000:.1f} kB a {km:.0f} km run ({per_km:.0f} B/km); ten years "
          f"of daily 12 km runs ≈ {decade:.0f} MB (target < 100 MB)")  # fmt: skip


def thousand(home: Path) -> None:
    from hipcoach.log.runs import add_run, find_runs
    from hipcoach.log.store import open_store

    with open_store() as store:
        model = find_runs(store, "")[0]
        for k in range(1000):
            day = model.local_date - timedelta(days=k + 1)
            add_run(store, replace(model, id=f"bench{k:07d}", content_sha256=f"{k:064d}",
                                   start_utc=f"{day}T00:00:00+00:00", local_date=day))  # fmt: skip
    times: dict[str, list[float]] = {"--version": [], "runs": [], "runs trend": []}
    for _ in range(5):
        for name, measured in times.items():
            measured.append(cli(*name.split(), home=home))
    base = statistics.median(times["--version"])
    for name, measured in times.items():
        if name == "--version":
            continue
        value = statistics.median(measured)
        print(f"`hipcoach {name}` over 1,000+ runs: {value * 1000:.0f} ms; `--version` "
              f"{base * 1000:.0f} ms; ratio {value / base:.2f}× (target ≤ 2×)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        one_long_run(Path(folder), args.repeat)
        home = many_runs(Path(folder), args.files)
        storage(home)
        thousand(home)


if __name__ == "__main__":
    main()
