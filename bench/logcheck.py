"""What the check before using the log costs: opening a ten-year log with the integrity
check (the file changed since it last passed) and without it (unchanged).

    uv run python bench/logcheck.py [--years 10] [--runs 15]

Builds the history as bench/history.py does (one session a day, through the real import),
then times ``open_store`` in this process, alternating a forgotten check (as after any
write) and a remembered one; also ``PRAGMA quick_check`` for comparison.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from history import write_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        os.environ["HIPCOACH_HOME"] = work
        from hipcoach.log import health
        from hipcoach.log.importer import read_export
        from hipcoach.log.store import open_store

        export = Path(work) / "history.json"
        write_history(export, args.years, date(2026, 11, 25))
        found = read_export(export)
        with open_store() as log:
            log.merge(found.sessions, found.check_ins)
        db_file = Path(work) / "data" / "hipcoach.db"
        checked, remembered, quick = [], [], []
        for _ in range(args.runs):
            (Path(work) / "cache" / health.CHECKED_FILE).unlink(missing_ok=True)
            start = time.perf_counter()
            open_store().close()
            checked.append(time.perf_counter() - start)
            start = time.perf_counter()
            open_store().close()
            remembered.append(time.perf_counter() - start)
            db = sqlite3.connect(db_file)
            start = time.perf_counter()
            db.execute("PRAGMA quick_check").fetchone()
            quick.append(time.perf_counter() - start)
            db.close()
        size = db_file.stat().st_size / 1e6
        print(f"{args.years} years, {len(found.sessions)} sessions, {size:.1f} MB")
        for label, values in (
            ("open, integrity check", checked),
            ("open, check remembered", remembered),
            ("quick_check alone", quick),
        ):
            print(f"{label:<24} {statistics.median(values) * 1000:7.1f} ms (median)")


if __name__ == "__main__":
    main()
