"""The runs table (migration m007): summaries of runs from the runner's watch; and the
watch files seen that gave no run (m009).

Kept apart from ``store`` so the exercise log's queries and these change independently;
both use the same open :class:`~hipcoach.log.store.Store`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from hipcoach.log.store import Store

_COLUMNS = (
    "id, content_sha256, part, source_name, source_format, start_utc, utc_offset_minutes, "
    "local_date, device, sub_sport, metres, moving_seconds, elapsed_seconds, treadmill, "
    "intervals, fields, fade_index, summary, imported_utc"
)
# the list reads columns only: parsing every summary's JSON would cost ~1 s for 1,000 runs
_LISTED = (
    "id, start_utc, utc_offset_minutes, local_date, metres, moving_seconds, fade_index, "
    "fields, treadmill, intervals, not_judged, decoupling_pct, source_name"
)


@dataclass(frozen=True)
class RunRow:
    """One run as the log keeps it; ``summary`` holds km splits, analysis and cleaning."""

    id: str
    content_sha256: str
    part: int
    source_name: str
    source_format: str
    start_utc: str
    utc_offset_minutes: int
    local_date: date
    device: str
    sub_sport: str
    metres: float
    moving_seconds: float
    elapsed_seconds: float
    treadmill: bool
    intervals: bool
    fields: tuple[str, ...]
    fade_index: float | None
    summary: dict[str, Any]
    imported_utc: str


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
    analysis = run.summary.get("analysis", {})
    with store.transaction() as db:
        cursor = db.execute(
            f"INSERT OR IGNORE INTO runs ({_COLUMNS}, not_judged, decoupling_pct) "
            f"VALUES ({', '.join('?' * 21)})",
            (
                run.id,
                run.content_sha256,
                run.part,
                run.source_name,
                run.source_format,
                run.start_utc,
                run.utc_offset_minutes,
                run.local_date.isoformat(),
                run.device,
                run.sub_sport,
                run.metres,
                run.moving_seconds,
                run.elapsed_seconds,
                int(run.treadmill),
                int(run.intervals),
                ",".join(run.fields),
                run.fade_index,
                json.dumps(run.summary, separators=(",", ":")),
                run.imported_utc,
                analysis.get("reason"),
                analysis.get("decoupling_pct"),
            ),
        )
        return cursor.rowcount == 1


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
    return [
        RunListing(
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
        for row in rows
    ]


def find_runs(store: Store, prefix: str) -> list[RunRow]:
    """The runs whose id starts with ``prefix`` (an id as typed may be shortened)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 5",
        (escaped + "%",),
    )
    return [_run(row) for row in rows]


def _run(row: tuple[Any, ...]) -> RunRow:
    return RunRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        date.fromisoformat(row[7]),
        row[8],
        row[9],
        row[10],
        row[11],
        row[12],
        bool(row[13]),
        bool(row[14]),
        tuple(filter(None, row[15].split(","))),
        row[16],
        json.loads(row[17]),
        row[18],
    )


def training_days(store: Store) -> list[date]:
    """Every day with a training session of the routine (rehearsals left out)."""
    rows = store.db.execute(
        "SELECT DISTINCT local_date FROM sessions WHERE speed = 1 "
        "AND status IN ('completed', 'partial') ORDER BY local_date"
    )
    return [date.fromisoformat(row[0]) for row in rows]
