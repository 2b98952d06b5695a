"""The log's own interchange format: JSON and JSON Lines exports, lossless, which
``log.importer`` reads back (on another machine, or after a rescue).

Version 2 carries the pain record as records of their own (``"record": "check-in"``,
after the sessions), so check-ins about no session travel too; version 1 kept one
check-in inside each session and is still read. Version 3 adds the self-test results
(``"record": "test-result"``, one per test, side and trial, after the check-ins); a
file of version 2 or 1 simply has none. Version 4 adds the runs from the watch
(``"record": "run"``, every column with its summary of km splits, analysis and cleaning,
never the raw samples, after the self-test results); a file of version 3 or before has
none. A self-test's pain answer is written as a JSON number (``3``) and read either way
(older files wrote ``"3"``): no record is new, and an older hipcoach refuses the number in
one line rather than drop it, so the version stays 4. A new kind of record is a new
version: hipcoach refuses a version newer than it knows (what it cannot read would be
dropped quietly), and reads every older one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from hipcoach import __version__, jsonout
from hipcoach.log.records import CheckInRecord, RunRow, SessionRecord, TestResult
from hipcoach.timeutil import to_iso

EXPORT_FORMAT = "hipcoach-log"
EXPORT_VERSION = 4


def export_header(exported: datetime) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "hipcoach": __version__,
        "exported_utc": to_iso(exported),
    }


def write_json(
    sessions: Iterable[SessionRecord],
    check_ins: Iterable[CheckInRecord],
    out: TextIO,
    exported: datetime,
    test_results: Iterable[TestResult] = (),
    runs: Iterable[RunRow] = (),
) -> int:
    """``{"format": …, "version": 4, "sessions": [...], "check_ins": [...],
    "test_results": [...], "runs": [...]}``, one record per line; returns the number of
    records written."""
    head = jsonout.dumps(export_header(exported))[:-1]
    out.write(head + ', "sessions": [\n')
    count = 0
    for session in sessions:
        out.write((",\n" if count else "") + jsonout.dumps(session.to_dict()))
        count += 1
    for name, records in (("check_ins", check_ins), ("test_results", test_results),
                          ("runs", runs)):  # fmt: skip
        lines = [jsonout.dumps(record.to_dict()) for record in records]
        out.write(f'\n], "{name}": [\n' + ",\n".join(lines))
        count += len(lines)
    out.write("\n]}\n")
    return count


def write_jsonl(
    sessions: Iterable[SessionRecord],
    check_ins: Iterable[CheckInRecord],
    out: TextIO,
    exported: datetime,
    test_results: Iterable[TestResult] = (),
    runs: Iterable[RunRow] = (),
) -> int:
    """A header line, then one session per line, one check-in per line, one self-test
    result per line, one run per line; returns the number of records written."""
    out.write(jsonout.dumps(export_header(exported)) + "\n")
    count = 0
    for session in sessions:
        out.write(jsonout.dumps(session.to_dict()) + "\n")
        count += 1
    for records in (check_ins, test_results, runs):
        for record in records:
            out.write(jsonout.dumps(record.to_dict()) + "\n")
            count += 1
    return count
