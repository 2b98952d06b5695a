"""The test_results table (migration m008): self-test results, one row per test, side and
trial. Kept apart from ``store`` like the runs table; both use the same open Store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from hipcoach.log.records import TestResult
from hipcoach.log.rows import INSERT_RESULT, SELECT_RESULT, result_from_row, result_values
from hipcoach.log.store import Store

__all__ = ["TestResult", "add_results", "all_results", "last_test_day", "results_between"]


def add_results(store: Store, results: Sequence[TestResult]) -> None:
    """Save one assessment's results, all or nothing."""
    with store.transaction() as db:
        db.executemany(INSERT_RESULT, [result_values(r) for r in results])


def all_results(store: Store) -> list[TestResult]:
    """Every result, oldest first."""
    return list(results_between(store))


def results_between(
    store: Store, first: date | None = None, last: date | None = None
) -> Iterator[TestResult]:
    """The results of the local days in [first, last] (either end open), oldest first, a
    row at a time (an export streams them)."""
    rows = store.db.execute(
        f"""{SELECT_RESULT} WHERE (?1 IS NULL OR local_date >= ?1)
              AND (?2 IS NULL OR local_date <= ?2)
            ORDER BY recorded_utc, test_id, side, trial""",
        (first and first.isoformat(), last and last.isoformat()),
    )
    return (result_from_row(row) for row in rows)


def last_test_day(store: Store) -> date | None:
    row = store.db.execute("SELECT MAX(local_date) FROM test_results").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def run_days_since(store: Store, since: date) -> list[date]:
    """Days with a run from the watch (the runs table) since ``since``."""
    rows = store.db.execute(
        "SELECT DISTINCT local_date FROM runs WHERE local_date >= ?", (since.isoformat(),)
    )
    return [date.fromisoformat(row[0]) for row in rows]
