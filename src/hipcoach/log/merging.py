"""Merging another log's records into this one (an import, a rescue), by their ids, in
one transaction: a session, check-in, self-test result or run already here with the same
content is left alone, so merging twice adds nothing."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from hipcoach.log.records import (
    AddedOnly,
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

_KIND_OF: dict[type, AddedOnly] = {
    CheckInRecord: "check-in",
    TestResult: "test-result",
    RunRow: "run",
}


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
            if isinstance(record, SessionRecord):
                _merge_session(store, db, record, report)
            else:
                _merge_added_only(db, _KIND_OF[type(record)], record, report)
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


@dataclass(frozen=True)
class _Table:
    """How one kind of added-only record is found, written and compared in the log."""

    select: str  # a query for one row by id
    from_row: Callable[[Any], Any]
    insert: str
    values: Callable[[Any], Sequence[Any]]
    content: Callable[[Any], dict[str, Any]]  # what two copies must agree on


def _merge_added_only(
    db: sqlite3.Connection,
    kind: AddedOnly,
    record: CheckInRecord | TestResult | RunRow,
    report: MergeReport,
) -> None:
    table, tally = _TABLES[kind], report.others[kind]
    row = db.execute(table.select, (record.id,)).fetchone()
    if row is None:
        # an insert that adds nothing: a run here under another id (the same file part,
        # or the same start and device)
        if db.execute(table.insert, table.values(record)).rowcount == 1:
            tally.added += 1
        else:
            tally.present += 1
        return
    here, there = table.content(table.from_row(row)), table.content(record)
    if here == there:
        tally.present += 1
        return
    differs = _differs(here, there)
    report.conflicts.append(Conflict(record.id, record.local_date, 0, 0, False, differs, kind))


# how a log came by a run, not the run: the same file imported on two machines, at other
# times or under another name, is the same run there and here
_RUN_BOOKKEEPING = ("imported_utc", "source_name")


def _run_content(run: RunRow) -> dict[str, Any]:
    content = run.to_dict()
    for key in _RUN_BOOKKEEPING:
        del content[key]
    return content


def _as_dict(record: CheckInRecord | TestResult) -> dict[str, Any]:
    return record.to_dict()


_TABLES: dict[AddedOnly, _Table] = {
    "check-in": _Table(
        f"SELECT {CHECK_IN_COLUMNS} FROM check_ins WHERE id = ?",
        check_in_from_row, INSERT_CHECK_IN, check_in_values, _as_dict,
    ),
    "test-result": _Table(
        f"{SELECT_RESULT} WHERE id = ?", result_from_row, INSERT_RESULT, result_values, _as_dict
    ),
    "run": _Table(f"{SELECT_RUN} WHERE id = ?", run_from_row, INSERT_RUN, run_values, _run_content),
}  # fmt: skip


def _differs(here: dict[str, Any], there: dict[str, Any]) -> tuple[str, ...]:
    return tuple(key for key in here if here[key] != there.get(key))


def _rank(session: SessionRecord) -> tuple[int, bool]:
    """Which copy of a session says more: more sets done, then a copy that ended."""
    return session.finished_sets(), session.ended_utc is not None and session.status != "running"
