"""Merging another log's records into this one (an import, a rescue), by their ids, in
one transaction: a session, check-in, self-test result or run already here with the same
content is left alone, so merging twice adds nothing."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from hipcoach.log.records import (
    CheckInRecord,
    Conflict,
    MergeReport,
    RunRow,
    SessionRecord,
    TestResult,
)
from hipcoach.log.rows import (
    CHECK_IN_COLUMNS,
    INSERT_CHECK_IN,
    INSERT_RESULT,
    INSERT_RUN,
    SELECT_RESULT,
    SELECT_RUN,
    SESSION_COLUMNS,
    check_in_from_row,
    check_in_values,
    insert_session,
    result_from_row,
    result_values,
    run_from_row,
    run_values,
)


class Log(Protocol):
    """What merging needs of the store (``log.store.Store``, which calls it)."""

    def transaction(self, *, dry_run: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction; rolled back at the end with ``dry_run``."""
        ...

    def sessions_from_rows(self, rows: Sequence[tuple[Any, ...]]) -> list[SessionRecord]:
        """Session rows with their sets and check-ins."""
        ...


def merge(
    store: Log,
    sessions: Iterable[SessionRecord | CheckInRecord | TestResult | RunRow],
    check_ins: Iterable[CheckInRecord] = (),
    *,
    dry_run: bool = False,
) -> MergeReport:
    """Add sessions, check-ins, self-test results and runs from another log by their ids,
    in one transaction.

    A record already here with the same content is left alone. Two different copies
    of one session: the one with more finished sets is kept, then the one that ended
    (a finished copy over one still running), then this log's; the report names what
    differs. Check-ins, self-test results and runs are only ever added, so two logs
    converge on their union; an id with different content keeps this log's copy and is
    reported. A run that is here under another id (the same file part, or the same start
    and device) is already present; so is one that differs only in when and from what
    file name it was imported.
    Running it twice adds nothing.

    ``sessions`` may be a stream that mixes in check-ins (each after its session), as an
    export file is read: nothing is held but the record at hand.
    """
    report = MergeReport()
    with store.transaction(dry_run=dry_run) as db:
        for record in itertools.chain(sessions, check_ins):
            if isinstance(record, CheckInRecord):
                _merge_check_in(db, record, report)
            elif isinstance(record, TestResult):
                _merge_test_result(db, record, report)
            elif isinstance(record, RunRow):
                _merge_run(db, record, report)
            else:
                _merge_session(store, db, record, report)
    return report


def _merge_session(
    store: Log, db: sqlite3.Connection, incoming: SessionRecord, report: MergeReport
) -> None:
    rows = db.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (incoming.id,)
    ).fetchall()
    if not rows:
        insert_session(db, incoming)
        report.added += 1
        return
    (existing,) = store.sessions_from_rows(rows)
    here, there = existing.to_dict(), incoming.to_dict()
    if here == there:
        report.present += 1
        return
    keep_file = _rank(incoming) > _rank(existing)
    report.conflicts.append(
        Conflict(
            incoming.id,
            incoming.local_date,
            existing.finished_sets(),
            incoming.finished_sets(),
            keep_file,
            differs=_differs(here, there),
        )
    )
    if keep_file:
        db.execute("DELETE FROM sessions WHERE id = ?", (incoming.id,))
        insert_session(db, incoming)


def _merge_check_in(db: sqlite3.Connection, record: CheckInRecord, report: MergeReport) -> None:
    row = db.execute(
        f"SELECT {CHECK_IN_COLUMNS} FROM check_ins WHERE id = ?", (record.id,)
    ).fetchone()
    if row is None:
        db.execute(INSERT_CHECK_IN, check_in_values(record))
        report.check_ins_added += 1
        return
    here, there = check_in_from_row(row).to_dict(), record.to_dict()
    if here == there:
        report.check_ins_present += 1
        return
    report.conflicts.append(
        Conflict(record.id, record.local_date, 0, 0, False, _differs(here, there), check_in=True)
    )


def _merge_test_result(db: sqlite3.Connection, record: TestResult, report: MergeReport) -> None:
    row = db.execute(f"{SELECT_RESULT} WHERE id = ?", (record.id,)).fetchone()
    if row is None:
        db.execute(INSERT_RESULT, result_values(record))
        report.test_results_added += 1
        return
    here, there = result_from_row(row).to_dict(), record.to_dict()
    if here == there:
        report.test_results_present += 1
        return
    report.conflicts.append(
        Conflict(record.id, record.local_date, 0, 0, False, _differs(here, there), test_result=True)
    )


def _merge_run(db: sqlite3.Connection, record: RunRow, report: MergeReport) -> None:
    row = db.execute(f"{SELECT_RUN} WHERE id = ?", (record.id,)).fetchone()
    if row is None:
        if db.execute(INSERT_RUN, run_values(record)).rowcount == 1:
            report.runs_added += 1
        else:  # here under another id: the same file part, or the same start and device
            report.runs_present += 1
        return
    here, there = _run_content(run_from_row(row)), _run_content(record)
    if here == there:
        report.runs_present += 1
        return
    report.conflicts.append(
        Conflict(record.id, record.local_date, 0, 0, False, _differs(here, there), run=True)
    )


# how a log came by a run, not the run: the same file imported on two machines, at other
# times or under another name, is the same run there and here
_RUN_BOOKKEEPING = ("imported_utc", "source_name")


def _run_content(run: RunRow) -> dict[str, Any]:
    content = run.to_dict()
    for key in _RUN_BOOKKEEPING:
        del content[key]
    return content


def _differs(here: dict[str, Any], there: dict[str, Any]) -> tuple[str, ...]:
    return tuple(key for key in here if here[key] != there.get(key))


def _rank(session: SessionRecord) -> tuple[int, bool]:
    """Which copy of a session says more: more sets done, then a copy that ended."""
    return session.finished_sets(), session.ended_utc is not None and session.status != "running"
