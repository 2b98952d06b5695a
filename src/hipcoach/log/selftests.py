"""The test_results table (migration m008): self-test results, one row per test, side and
trial. Kept apart from ``store`` like the runs table; both use the same open Store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from hipcoach.log.store import Store
from hipcoach.program.model import Side, TestKind

_COLUMNS = (
    "id, assessment_id, program_id, program_version, test_id, kind, side, trial, unit, "
    "value, answers, recorded_utc, utc_offset_minutes, local_date"
)


@dataclass(frozen=True)
class TestResult:
    """One side and trial of a self-test."""

    __test__ = False  # not a pytest class, whatever its name

    id: str
    assessment_id: str
    program_id: str
    program_version: int
    test_id: str
    kind: TestKind
    side: Side | None
    trial: int
    unit: Literal["seconds", "reps"] | None
    value: float | None
    answers: dict[str, str]  # question id -> "yes", "good", "3", ...
    recorded_utc: str
    utc_offset_minutes: int
    local_date: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "assessment_id": self.assessment_id,
            "program_id": self.program_id,
            "program_version": self.program_version,
            "test_id": self.test_id,
            "kind": self.kind,
            "side": self.side,
            "trial": self.trial,
            "unit": self.unit,
            "value": self.value,
            "answers": dict(self.answers),
            "recorded_utc": self.recorded_utc,
            "utc_offset_minutes": self.utc_offset_minutes,
            "local_date": self.local_date.isoformat(),
        }


def add_results(store: Store, results: Sequence[TestResult]) -> None:
    """Save one assessment's results, all or nothing."""
    rows = [
        (
            r.id,
            r.assessment_id,
            r.program_id,
            r.program_version,
            r.test_id,
            r.kind,
            r.side,
            r.trial,
            r.unit,
            r.value,
            json.dumps(r.answers, ensure_ascii=False, sort_keys=True),
            r.recorded_utc,
            r.utc_offset_minutes,
            r.local_date.isoformat(),
        )
        for r in results
    ]
    with store.transaction() as db:
        db.executemany(
            f"INSERT OR IGNORE INTO test_results ({_COLUMNS}) VALUES ({', '.join('?' * 14)})",
            rows,
        )


def all_results(store: Store) -> list[TestResult]:
    """Every result, oldest first."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM test_results ORDER BY recorded_utc, test_id, side, trial"
    ).fetchall()
    return [_result(row) for row in rows]


def last_test_day(store: Store) -> date | None:
    row = store.db.execute("SELECT MAX(local_date) FROM test_results").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def _result(row: tuple[Any, ...]) -> TestResult:
    answers = json.loads(row[10])
    return TestResult(
        id=row[0],
        assessment_id=row[1],
        program_id=row[2],
        program_version=int(row[3]),
        test_id=row[4],
        kind=row[5],
        side=row[6],
        trial=int(row[7]),
        unit=row[8],
        value=None if row[9] is None else float(row[9]),
        answers={str(k): str(v) for k, v in answers.items()} if isinstance(answers, dict) else {},
        recorded_utc=row[11],
        utc_offset_minutes=int(row[12]),
        local_date=date.fromisoformat(row[13]),
    )


def run_days_since(store: Store, since: date) -> list[date]:
    """Days with a run from the watch (the runs table) since ``since``."""
    rows = store.db.execute(
        "SELECT DISTINCT local_date FROM runs WHERE local_date >= ?", (since.isoformat(),)
    )
    return [date.fromisoformat(row[0]) for row in rows]
