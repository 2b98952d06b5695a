"""A long history: `today`, `stats` and exports on 1 and 10 years of sessions.

    uv run python bench/history.py [--runs 7] [--json FILE]

Builds a history of one session a day (about 3,650 sessions and 29,000 sets for ten
years) through the real import path (`hipcoach import` of a JSON export), then times
whole processes of the installed wheel, interleaved: `hipcoach --version` (the
baseline), `today`, `stats`, `export --format csv` and `--format json`; and the peak
memory (max RSS) of the exports, for one year and for ten.

Targets (issue 5): `today` and `stats` within 2x of `--version`; each export under 1 s;
export memory flat in the history's size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.histories import make_session

from startup import install_wheel, machine, report


def write_history(path: Path, years: int, today: date) -> int:
    """A JSON export of one session a day for ``years`` years up to yesterday."""
    days = 365 * years
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "hipcoach-log", "version": 1, "sessions": [\n')
        for n in range(days, 0, -1):
            day = today - timedelta(days=n)
            progress = min(2, (days - n) // 120)
            session = make_session(
                day,
                hold=20.0 + 5 * progress,
                effort=4 + n % 5,
                pain=n % 3,
                count=8 if n % 11 else 5,
                status="completed" if n % 11 else "partial",
                skipped={3} if n % 29 == 0 else None,
                note="felt good" if n % 17 == 0 else None,
            )
            out.write(("" if n == days else ",\n") + json.dumps(session.to_dict()))
        out.write("\n]}\n")
    return days


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = status
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
    return time.perf_counter() - start, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    today = date.today()
    results: dict[str, dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="hipcoach-history-") as tmp:
        work = Path(tmp)
        hipcoach = str(install_wheel(work) / "hipcoach")
        homes = {}
        for years in (1, 10):
            home = work / f"home-{years}y"
            env = {**os.environ, "HIPCOACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
            export = work / f"history-{years}y.json"
            count = write_history(export, years, today)
            seconds, _ = measure([hipcoach, "import", str(export)], env)
            print(f"{years:2d} year(s): imported {count} sessions in {seconds:.2f} s")
            homes[years] = env
        commands = {
            "--version": ["--version"],
            "today": ["today"],
            "stats": ["stats"],
            "export csv": ["export", "--format", "csv"],
            "export json": ["export", "--format", "json"],
        }
        samples: dict[tuple[int, str], list[tuple[float, int]]] = {}
        for env in homes.values():  # warm up: snapshots, page cache
            for extra in commands.values():
                measure([hipcoach, *extra], env)
        for _ in range(args.runs):
            for years, env in homes.items():
                for name, extra in commands.items():
                    samples.setdefault((years, name), []).append(measure([hipcoach, *extra], env))
    for (years, name), runs in samples.items():
        wall = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        results.setdefault(f"{years}y", {})[name] = (wall, rss)

    print(
        f"history, median of {args.runs} interleaved runs; {machine()}; {time.strftime('%Y-%m-%d')}"
    )
    print(
        f"{'command':<14}{'1 year ms':>11}{'10 years ms':>13}{'x --version':>13}"
        f"{'peak MiB 1y':>13}{'10y':>7}"
    )
    base = results["10y"]["--version"][0]
    for name in commands:
        one, ten = results["1y"][name], results["10y"][name]
        print(
            f"{name:<14}{one[0] * 1000:11.1f}{ten[0] * 1000:13.1f}{ten[0] / base:13.2f}"
            f"{one[1] / 1024:13.1f}{ten[1] / 1024:7.1f}"
        )
    ten = results["10y"]
    checks = {
        "today <= 2x --version (10 years)": ten["today"][0] <= 2 * base,
        "stats <= 2x --version (10 years)": ten["stats"][0] <= 2 * base,
        "export csv < 1 s (10 years)": ten["export csv"][0] < 1,
        "export json < 1 s (10 years)": ten["export json"][0] < 1,
        "export memory flat (10y <= 1.25x 1y)": all(
            ten[f"export {k}"][1] <= 1.25 * results["1y"][f"export {k}"][1] for k in ("csv", "json")
        ),
    }
    report(checks, args.json, {"results": results})


if __name__ == "__main__":
    main()
