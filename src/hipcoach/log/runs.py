"""The runs table (migration m007): summaries of runs from the runner's watch; and the
watch files seen that gave no run (m009).

Kept apart from ``store`` so the exercise log's queries and these change independently;
both use the same open :class:`~hipcoach.log.store.Store`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hipcoach.log.records import RunRow
from hipcoach.log.rows import INSERT_RUN, SELECT_RUN, run_from_row, run_values
from hipcoach.log.store import Store

__all__ = [
    "RunFigures",
    "RunListing",
    "RunRow",
    "SeenFile",
    "add_run",
    "find_runs",
    "known_hashes",
    "list_runs",
    "remember_files",
    "run_figures_between",
    "runs_between",
    "seen_files",
    "training_days",
]

# the list reads columns only: parsing every summary's JSON would cost ~1 s for 1,000 runs
_LISTED = (
    "id, start_utc, utc_offset_minutes, local_date, metres, moving_seconds, fade_index, "
    "fields, treadmill, intervals, not_judged, decoupling_pct, source_name"
)


@dataclass(frozen=True)
class RunListing:
    """What the list of runs shows, without reading each run's summary whole."""

    id: str
    start_utc: str
    utc_offset_minutes: int
    local_date: date
    metres: float
    moving_seconds: float
    fade_index: float | None
    fields: tuple[str, ...]
    treadmill: bool
    intervals: bool
    not_judged: str | None
    decoupling_pct: float | None
    source_name: str


def known_hashes(store: Store) -> frozenset[str]:
    """The content hashes of every file a run came from: those files add nothing."""
    return frozenset(row[0] for row in store.db.execute("SELECT content_sha256 FROM runs"))


def add_run(store: Store, run: RunRow) -> bool:
    """Add ``run``; False when the log already has it (same file part, or same start and
    device)."""
    with store.transaction() as db:
        return db.execute(INSERT_RUN, run_values(run)).rowcount == 1


def runs_between(
    store: Store, first: date | None = None, last: date | None = None
) -> Iterator[RunRow]:
    """The runs of the local days in [first, last] (either end open), oldest first, a row
    at a time (an export streams them)."""
    rows = store.db.execute(
        f"""{SELECT_RUN} WHERE (?1 IS NULL OR local_date >= ?1)
              AND (?2 IS NULL OR local_date <= ?2)
            ORDER BY start_utc, id""",
        (first and first.isoformat(), last and last.isoformat()),
    )
    return (run_from_row(row) for row in rows)


@dataclass(frozen=True)
class SeenFile:
    """A watch file that gave no run, as it was when last read."""

    file_sha256: str
    status: str  # already_present, skipped, failed
    code: str | None
    params: dict[str, str]
    reader: str
    source_name: str
    seen_utc: str


def seen_files(store: Store) -> dict[str, SeenFile]:
    """Every remembered file, by the hash of its bytes."""
    rows = store.db.execute(
        "SELECT file_sha256, status, code, params, reader, source_name, seen_utc FROM seen_files"
    )
    return {
        row[0]: SeenFile(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6])
        for row in rows
    }


def remember_files(store: Store, files: list[SeenFile], forget: list[str]) -> None:
    """Remember ``files`` (replacing what was remembered of each) and forget the hashes in
    ``forget`` (files that gave runs after all), in one transaction."""
    if not files and not forget:
        return
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO seen_files (file_sha256, status, code, params, reader, "
            "source_name, seen_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f.file_sha256,
                    f.status,
                    f.code,
                    json.dumps(f.params, separators=(",", ":"), sort_keys=True),
                    f.reader,
                    f.source_name,
                    f.seen_utc,
                )
                for f in files
            ],
        )
        db.executemany("DELETE FROM seen_files WHERE file_sha256 = ?", [(h,) for h in forget])


def list_runs(store: Store) -> list[RunListing]:
    rows = store.db.execute(f"SELECT {_LISTED} FROM runs ORDER BY start_utc, id")
    return [_listing(row) for row in rows]


def _listing(row: Sequence[Any]) -> RunListing:
    """A row of :data:`_LISTED`'s columns (and any after them) as a listing."""
    return RunListing(
        row[0],
        row[1],
        row[2],
        date.fromisoformat(row[3]),
        row[4],
        row[5],
        row[6],
        tuple(filter(None, row[7].split(","))),
        bool(row[8]),
        bool(row[9]),
        row[10],
        row[11],
        row[12],
    )


@dataclass(frozen=True)
class RunFigures:
    """A run's listing, its elapsed time and its stored analysis (as stored: read it
    through ``runs.analysis.as_shown``), without its km splits."""

    listing: RunListing
    elapsed_seconds: float
    analysis: dict[str, Any]


def run_figures_between(
    store: Store, first: date | None = None, last: date | None = None
) -> Iterator[RunFigures]:
    """The runs of the local days in [first, last] (either end open), oldest first, with
    their analysis. SQLite cuts the analysis out of the summary, so Python parses about a
    third of each summary's JSON (none of its km splits): a table of 1,000 runs stays
    quick."""
    rows = store.db.execute(
        f"""SELECT {_LISTED}, elapsed_seconds, json_extract(summary, '$.analysis') FROM runs
            WHERE (?1 IS NULL OR local_date >= ?1) AND (?2 IS NULL OR local_date <= ?2)
            ORDER BY start_utc, id""",
        (first and first.isoformat(), last and last.isoformat()),
    )
    return (RunFigures(_listing(row), row[13], json.loads(row[14])) for row in rows)


def find_runs(store: Store, prefix: str) -> list[RunRow]:
    """The runs whose id starts with ``prefix`` (an id as typed may be shortened)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.db.execute(
        f"{SELECT_RUN} WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 5", (escaped + "%",)
    )
    return [run_from_row(row) for row in rows]


def training_days(store: Store) -> list[date]:
    """Every day with a training session of the routine (rehearsals left out)."""
    rows = store.db.execute(
        "SELECT DISTINCT local_date FROM sessions WHERE speed = 1 "
        "AND status IN ('completed', 'partial') ORDER BY local_date"
    )
    return [date.fromisoformat(row[0]) for row in rows]
