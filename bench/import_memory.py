"""Importing a big export: peak memory and time, and how fast a damaged file is refused.

    uv run python bench/import_memory.py [--megabytes 55] [--baseline /path/to/old/checkout]

1. A JSON Lines export of about 55 MB (one real session, repeated with new ids and days)
   is imported into a fresh log; the peak resident memory of the process (``ru_maxrss``
   of the child) is set against ``hipcoach --version``'s, measured in the same run, and
   against an older checkout's import of the same file when ``--baseline`` names one.
2. A file of 100,000 bad records: the time until ``hipcoach import`` refuses it.

Needs GNU time (Debian: ``apt-get install time``). Targets (issue 15): peak under 100 MB
for the 55 MB file; the bad file refused in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ROOT, machine

ONE_SESSION = ["run", "--yes", "--speed", "1000", "--no-voice", "--effort", "3", "--pain", "1"]


def run(hipcoach: list[str], args: list[str], home: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit status of one command in its own process."""
    env = dict(os.environ, HIPCOACH_HOME=str(home))
    report = home.with_suffix(".rss")
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # GNU time measures the command's own peak: a child forked from this process would
    # count this process's pages in ru_maxrss before its exec
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *hipcoach, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(report.read_text(encoding="utf-8").split()[-1])
    return seconds, peak_kb / 1024, done.returncode


def big_export(hipcoach: list[str], work: Path, megabytes: int) -> Path:
    """One real session exported, then written again with new ids until the file is big."""
    home = work / "source"
    run(hipcoach, ONE_SESSION, home)
    exported = work / "one.jsonl"
    run(hipcoach, ["export", "--format", "jsonl", "-o", str(exported)], home)
    header, *records = exported.read_text(encoding="utf-8").splitlines()
    session = json.loads(records[0])
    check_ins = [json.loads(line) for line in records[1:]]
    path = work / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        n = 0
        while out.tell() < megabytes << 20:
            n += 1
            copy = dict(session, id=str(uuid.UUID(int=n)))
            out.write(json.dumps(copy, ensure_ascii=False) + "\n")
            for check_in in check_ins:
                linked = dict(check_in, id=str(uuid.UUID(int=(1 << 64) + n)), session_id=copy["id"])
                out.write(json.dumps(linked, ensure_ascii=False) + "\n")
    return path


def bad_export(work: Path, header: str, count: int = 100_000) -> Path:
    path = work / "bad.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for n in range(count):
            out.write(json.dumps({"id": f"not-a-session-{n}", "status": "??"}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=55)
    parser.add_argument("--baseline", type=Path, help="an older checkout with its .venv")
    options = parser.parse_args()
    hipcoach = [str(ROOT / ".venv" / "bin" / "hipcoach")]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big = big_export(hipcoach, work, options.megabytes)
        with big.open(encoding="utf-8") as first:
            header = first.readline().rstrip("\n")
        size = big.stat().st_size / (1 << 20)
        print(f"import memory; {machine()}")
        _, floor, _ = run(hipcoach, ["--version"], work / "v")
        print(f"  hipcoach --version                  peak {floor:6.1f} MB")
        rows = [("this checkout", hipcoach)]
        if options.baseline:
            rows.append(("baseline", [str(options.baseline / ".venv" / "bin" / "hipcoach")]))
        for label, command in rows:
            seconds, peak, code = run(command, ["import", str(big)], work / label)
            print(
                f"  import {size:.0f} MB JSON Lines ({label:13}) peak {peak:6.1f} MB,"
                f" {seconds:5.1f} s, exit {code}"
            )
        bad = bad_export(work, header)
        seconds, peak, code = run(hipcoach, ["import", str(bad)], work / "bad")
        print(
            f"  refuse 100,000 bad records           {seconds:5.2f} s, peak {peak:.1f} MB,"
            f" exit {code}"
        )


if __name__ == "__main__":
    main()
