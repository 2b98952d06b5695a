"""`runs import`: files and folders of watch files into the log, every file accounted for.

Decoding, cleaning and analysis run in a process pool on every core (they are pure
Python and CPU-bound); the parent only writes the small summaries, one short
transaction a run. A file whose content is already in the log is not decoded again, nor
is a file that gave no run before (remembered by the hash of its bytes, see
:func:`trusted_memory`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
from hipcoach.log.runs import RunRow, SeenFile, add_run, known_hashes, remember_files, seen_files
from hipcoach.log.store import Store
from hipcoach.runs.decode import (
    READER_STAMP,
    Decoder,
    FileOutcome,
    Remembered,
    RunSummary,
    process_file,
)

WATCH_SUFFIXES = (".fit", ".fit.gz", ".tcx", ".tcx.gz", ".gpx", ".gpx.gz")
POOL_FROM = 3  # files: fewer are decoded here, sparing the pool's start-up


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)  # run ids
    imported_files: int = 0
    already_present: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)  # file, code, reason, ...
    failed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported_files,
            "already_present": self.already_present,
            "skipped": self.skipped,
            "failed": self.failed,
            "runs": self.imported,
        }


def watch_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the watch files inside the folders named (recursively), each
    once, in a stable order.

    Raises:
        HipcoachError: a path does not exist (nothing is imported then).
    """
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise HipcoachError("\n".join(t("runs.no_such_path", path=p) for p in missing))
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name.lower().endswith(WATCH_SUFFIXES):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def trusted_memory(seen: dict[str, SeenFile], reader: str) -> dict[str, Remembered]:
    """The remembered files whose outcome still holds, so they are not decoded again: a
    file that names a sport other than running stays so for any reader; any other outcome
    (a failure, no running found, a copy of runs already logged) holds only for the reader
    that found it, so a newer hipcoach reads such a file again and a fix can read it."""
    return {
        sha: Remembered(f.status, f.code, f.params)  # type: ignore[arg-type]
        for sha, f in seen.items()
        if f.code == "not_a_run" or f.reader == reader
    }


def outcomes(
    files: list[Path],
    known: frozenset[str],
    remembered: dict[str, Remembered] | None = None,
    decode: Decoder | None = None,
) -> Iterator[FileOutcome]:
    """Each file's outcome, in order; in a pool of every core when there are several."""
    work = partial(process_file, known=known, remembered=remembered, decode=decode)
    names = [str(f) for f in files]
    if len(files) < POOL_FROM:
        yield from map(work, names)
        return
    import multiprocessing

    # spawn: the parent may hold a log connection and a progress thread, neither forkable
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context) as pool:
        yield from pool.map(work, names, chunksize=max(1, len(files) // 64))


def import_runs(
    store: Store,
    files: list[Path],
    *,
    offset_minutes: Callable[[datetime], int],
    now: datetime,
    progress: Callable[[Path], None] | None = None,
    reader: str = READER_STAMP,
    decode: Decoder | None = None,
) -> ImportReport:
    """Import every file; one bad file never stops the rest. Files that gave no run are
    remembered at the end, in one transaction (a cache: an import cut short only forgets
    them). ``reader`` and ``decode`` stand in for the file reader's stamp and the decoders
    (tests)."""
    report = ImportReport()
    seen = seen_files(store)
    memory = trusted_memory(seen, reader)
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    remember: list[SeenFile] = []
    forget: list[str] = []
    for path, outcome in zip(
        files, outcomes(files, known_hashes(store), memory, decode), strict=True
    ):
        status = _account(store, report, outcome, offset_minutes, now)
        sha = outcome.file_sha256
        if sha is not None and not outcome.seen_before:
            if status == "imported":
                if sha in seen:
                    forget.append(sha)
            else:
                code, params = outcome.code, outcome.params
                remember.append(SeenFile(sha, status, code, params, reader, path.name, stamp))
        if progress is not None:
            progress(path)
    remember_files(store, remember, forget)
    return report


def _account(
    store: Store,
    report: ImportReport,
    outcome: FileOutcome,
    offset_minutes: Callable[[datetime], int],
    now: datetime,
) -> str:
    """Count ``outcome`` in ``report``, adding its runs to the log; what came of the file
    (imported, already_present, skipped, failed)."""
    if outcome.status in ("skipped", "failed"):
        item = {
            "file": outcome.path,
            "code": outcome.code,
            "reason": outcome.reason,
            "params": outcome.params,
            "seen_before": outcome.seen_before,
        }
        (report.skipped if outcome.status == "skipped" else report.failed).append(item)
        return outcome.status
    if outcome.status == "already_present":
        report.already_present += 1
        return "already_present"
    added = [run for run in outcome.runs if add_run(store, row(run, offset_minutes, now))]
    report.imported.extend(run_id(run) for run in added)
    if added:
        report.imported_files += 1
        return "imported"
    report.already_present += 1
    return "already_present"


def run_id(run: RunSummary) -> str:
    """Stable on every machine: from the file's content and the part of it."""
    return hashlib.sha256(f"{run.content_sha256}:{run.part}".encode()).hexdigest()[:12]


def row(run: RunSummary, offset_minutes: Callable[[datetime], int], now: datetime) -> RunRow:
    """The log's row for ``run``; its day is the watch's local day, or (when the file does
    not say its offset) the day in the user's zone."""
    start = run.start.astimezone(UTC)
    offset = run.utc_offset_minutes
    if offset is None:
        offset = offset_minutes(start)
    local_day = (start + timedelta(minutes=offset)).date()
    return RunRow(
        id=run_id(run),
        content_sha256=run.content_sha256,
        part=run.part,
        source_name=run.source_name,
        source_format=run.source_format,
        start_utc=start.isoformat(timespec="seconds"),
        utc_offset_minutes=offset,
        local_date=local_day,
        device=run.device,
        sub_sport=run.sub_sport,
        metres=round(run.metres, 1),
        moving_seconds=round(run.moving_seconds, 1),
        elapsed_seconds=round(run.elapsed_seconds, 1),
        treadmill=run.treadmill,
        intervals=run.intervals,
        fields=tuple(run.fields),
        fade_index=run.analysis.get("fade_index"),
        summary={"km": run.km, "analysis": run.analysis, "cleaning": run.cleaning},
        imported_utc=now.astimezone(UTC).isoformat(timespec="seconds"),
    )
