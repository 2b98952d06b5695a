"""One watch file to summarised runs, or one line saying why not. Runs in a worker
process: everything heavy (decoding, cleaning, analysis) happens here, and only the
small summaries travel back."""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from hipcoach.runs.analysis import analyse
from hipcoach.runs.clean import clean
from hipcoach.runs.splits import splits
from hipcoach.runs.track import Track

SUFFIXES = (".fit", ".tcx", ".gpx")
MAX_BYTES = 256 * 1024 * 1024  # a day-long ultra at 1 s is under 20 MB; more is not a run
BIN_METRES = 250.0
Format = Literal["fit", "tcx", "gpx"]


@dataclass
class RunSummary:
    """What the log keeps of one run: identity, totals, per-km splits and the analysis."""

    content_sha256: str
    part: int  # which running part of the file (a multisport file may hold several)
    source_name: str
    source_format: str
    start: datetime
    utc_offset_minutes: int | None
    device: str
    sub_sport: str
    metres: float
    moving_seconds: float
    elapsed_seconds: float
    treadmill: bool
    intervals: bool
    fields: list[str]
    km: list[dict[str, Any]]
    analysis: dict[str, Any]
    cleaning: dict[str, float]


@dataclass
class FileOutcome:
    path: str
    status: Literal["runs", "already_present", "skipped", "failed"]
    reason: str = ""  # skipped or failed: why, one line
    runs: list[RunSummary] = field(default_factory=list)


def watch_format(path: Path, data: bytes) -> Format | None:
    """By the file's content first (a FIT header says ".FIT"), then by its name."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    name = path.name.lower().removesuffix(".gz")
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix[1:]  # type: ignore[return-value]
    head = data[:512].lstrip().lower()
    if b"<trainingcenterdatabase" in head or b"trainingcenterdatabase" in data[:2048].lower():
        return "tcx"
    return "gpx" if b"<gpx" in data[:2048].lower() else None


def read_bytes(path: Path) -> bytes:
    """The file's content, unzipped when gzip; at most ``MAX_BYTES`` either way.

    Raises:
        ValueError: unreadable, too large, or a broken gzip stream (one line).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ValueError(error.strerror or str(error)) from None
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise ValueError(f"broken gzip: {error}") from None
    if len(data) > MAX_BYTES:
        raise ValueError("larger than any watch file")
    return data


def process_file(path_text: str, known: frozenset[str] = frozenset()) -> FileOutcome:
    """Decode, clean, summarise and analyse every running part of one file. Never raises
    for a bad file: the outcome says what happened, in one line."""
    path = Path(path_text)
    try:
        data = read_bytes(path)
        if not data:
            return FileOutcome(path_text, "failed", "empty file")
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            return FileOutcome(path_text, "already_present")
        kind = watch_format(path, data)
        if kind is None:
            return FileOutcome(path_text, "failed", "not a FIT, TCX or GPX file")
        tracks, others = _decode(kind, data)
    except ValueError as error:
        return FileOutcome(path_text, "failed", _one_line(str(error)))
    except Exception as error:  # the decoders' other errors on hostile input: still one line
        return FileOutcome(path_text, "failed", _one_line(f"{type(error).__name__}: {error}"))
    runs = [
        summary
        for part, track in enumerate(tracks)
        if (summary := summarise(track, digest, part, path.name, kind)) is not None
    ]
    if runs:
        return FileOutcome(path_text, "runs", runs=runs)
    if others:
        return FileOutcome(path_text, "skipped", "not a run: " + ", ".join(sorted(set(others))))
    return FileOutcome(path_text, "skipped", "no running recorded")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200] or "unreadable"


def _decode(kind: Format, data: bytes) -> tuple[list[Track], list[str]]:
    if kind == "fit":
        from hipcoach.runs.fitfile import read_fit

        return read_fit(data)
    from hipcoach.runs.xmlfiles import read_gpx, read_tcx

    return read_tcx(data) if kind == "tcx" else read_gpx(data)


def summarise(track: Track, digest: str, part: int, name: str, kind: str) -> RunSummary | None:
    """One running part, cleaned, cut into kilometres and analysed; None when nothing
    of it was running."""
    run = clean(track)
    if run.metres < 100:
        return None
    metrics = track.present()
    km = splits(run, 1000.0, metrics)
    bins = splits(run, BIN_METRES, metrics)
    analysis = analyse(
        km,
        bins,
        metres=run.metres,
        seconds=run.moving_seconds,
        treadmill=run.treadmill,
        intervals=run.intervals,
        warmup_metres=run.warmup_metres,
    )
    return RunSummary(
        content_sha256=digest,
        part=part,
        source_name=name,
        source_format=kind,
        start=track.start,
        utc_offset_minutes=track.utc_offset_minutes,
        device=track.device,
        sub_sport=track.sub_sport,
        metres=run.metres,
        moving_seconds=run.moving_seconds,
        elapsed_seconds=run.elapsed_seconds,
        treadmill=run.treadmill,
        intervals=run.intervals,
        fields=(["heart_rate"] if any(s.heart_rate for s in km) else []) + metrics,
        km=[s.to_dict() for s in km],
        analysis=analysis,
        cleaning={
            "paused_seconds": round(run.paused_seconds),
            "walking_seconds": round(run.walking_seconds),
            "spikes": run.spikes,
            "warmup_metres": round(run.warmup_metres),
        },
    )
