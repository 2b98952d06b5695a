"""Runs from the watch: how fast a long run imports, how the import scales, how big the
log grows, and how fast `runs` and `runs trend` answer over 1,000 runs.

    uv run python bench/runs.py [--files 8] [--repeat 3]

1. One 3-hour run recorded every second (a synthetic FIT file written by Garmin's FIT SDK
   encoder, full running dynamics): fitdecode just decoding it, against hipcoach
   decoding, cleaning, summarising and analysing it (`process_file`), interleaved.
2. ``--files`` (1,000) such runs, a week apart, imported by `hipcoach runs import` (a
   process pool on every core), timed as a whole process, with its peak memory against
   an import of a tenth as many files (flat memory: the same peak).
3. The log's size per run and per km, extrapolated to ten years of daily runs.
4. 1,000 runs in the log (copies of the summaries), then `hipcoach runs` and
   `hipcoach runs trend` against `hipcoach --version`, as whole processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
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


# FIT fields that hold a date (message number -> field numbers), shifted with the run
_DATE_FIELDS = {0: {4}, 18: {2, 253}, 19: {2, 253}, 20: {253}, 21: {253}, 34: {5, 253}}


def shifted(data: bytes, seconds: int) -> bytes:
    """A FIT file with every date in it moved by ``seconds`` (and its CRC redone): a
    different activity to the importer, without encoding 10,000 records again."""
    from hipcoach.runs.fitreader import crc16

    out = bytearray(data)
    header = out[0]
    end = header + int.from_bytes(out[4:8], "little")
    layouts: dict[int, tuple[int, str, list[int], int]] = {}
    offset = header
    while offset < end:
        kind = out[offset]
        if kind & 0x40:  # a definition: remember where the date fields sit
            endian = ">" if out[offset + 2] else "<"
            message = int.from_bytes(
                out[offset + 3 : offset + 5], "big" if endian == ">" else "little"
            )
            count, at, where, size = out[offset + 5], offset + 6, [], 0
            for k in range(count):
                number, length = out[at + 3 * k], out[at + 3 * k + 1]
                if number in _DATE_FIELDS.get(message, ()) and length == 4:
                    where.append(size)
                size += length
            layouts[kind & 0xF] = (message, endian, where, size)
            offset = at + 3 * count
            continue
        _, endian, where, size = layouts[kind & 0xF]
        for position in where:
            at = offset + 1 + position
            value = struct.unpack_from(endian + "I", out, at)[0]
            struct.pack_into(endian + "I", out, at, value + seconds)
        offset += 1 + size
    struct.pack_into("<H", out, end, crc16(bytes(out), 0, end))
    return bytes(out)


def many_runs(folder: Path, files: int, name: str) -> tuple[Path, float, float]:
    """``files`` 3-hour runs, a week apart, imported into a new log; the import's time
    and peak memory (the largest process: the parent or a worker)."""
    runs = folder / name
    runs.mkdir()
    templates = [fit_bytes(replace(THREE_HOURS, seed=k)) for k in range(4)]
    for k in range(files):
        (runs / f"run-{k:04d}.fit").write_bytes(shifted(templates[k % 4], 7 * 86400 * k))
    home = folder / f"home-{name}"
    seconds, peak = cli_measured("runs", "import", str(runs), home=home)
    return home, seconds, peak


def cli_measured(*args: str, home: Path) -> tuple[float, float]:
    """Wall time and peak resident memory (MiB) of a whole hipcoach process: wait4's
    figure is the largest of the process and the pool workers it waited for."""
    env = {**os.environ, "HIPCOACH_HOME": str(home)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "hipcoach", *args], env=env,
                               stdout=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = status
    if status:
        raise SystemExit(f"hipcoach {' '.join(args)} failed with status {status}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def scaling(folder: Path, files: int) -> Path:
    small = max(10, files // 10)
    _, _, small_peak = many_runs(folder, small, "small")
    home, seconds, peak = many_runs(folder, files, "history")
    size = sum(p.stat().st_size for p in (folder / "history").iterdir()) / 1e6
    again = cli("runs", "import", str(folder / "history"), home=home)
    print(f"{files} 3-hour runs ({size:.0f} MB): import {seconds:.1f} s on {os.cpu_count()} "
          f"cores ({seconds / files * 1000:.0f} ms a file; target for 1,000: < 60 s); "
          f"again (all present) {again:.1f} s")  # fmt: skip
    print(f"peak memory: {small} files {small_peak:.0f} MiB, {files} files {peak:.0f} MiB "
          f"({peak / small_peak:.2f}×; flat means ≈ 1×)")  # fmt: skip
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
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        one_long_run(Path(folder), args.repeat)
        home = scaling(Path(folder), args.files)
        storage(home)
        thousand(home)


if __name__ == "__main__":
    main()
