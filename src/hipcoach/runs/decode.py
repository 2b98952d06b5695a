"""One watch file to summarised runs, or one line saying why not. Runs in a worker
process: everything heavy (decoding, cleaning, analysis) happens here, and only the
small summaries travel back."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from hipcoach import __version__
from hipcoach.i18n import (
    FIT_PROBLEM,
    GZIP_PROBLEM,
    REASON,
    XML_PROBLEM,
    Lang,
    join,
    sport_name,
    t,
)
from hipcoach.runs.analysis import analyse
from hipcoach.runs.clean import clean
from hipcoach.runs.fitreader import FitError
from hipcoach.runs.splits import splits
from hipcoach.runs.track import Track

SUFFIXES = (".fit", ".tcx", ".gpx")
MAX_BYTES = 256 * 1024 * 1024  # a day-long ultra at 1 s is under 20 MB; more is not a run
BIN_METRES = 250.0
# FIT times below 0x10000000 s count from the watch's power-on, not from FIT's epoch: such
# a run's "date" (before July 1998) would place it on the trend where it never was.
REAL_DATES_FROM = datetime(1998, 7, 5, tzinfo=UTC)
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


# Why a file was skipped or not imported: a code the CLI words in the user's language, and
# its parameters (plain strings). The codes and the English wording are stable for --json.
Reason = Literal[
    "cannot_open",  # detail: the system's words
    "too_large",
    "broken_gzip",  # detail: zlib's words
    "empty_file",
    "not_watch_file",
    "unreadable",  # format (FIT, TCX, GPX), detail: the decoder's one line
    "not_a_run",  # sports: the file's sports, comma-separated
    "no_running",
    "no_date",  # the watch's clock was not set: its times count from power-on
]
# Bump when a change to reading files (a decoder, a fix in fitfile/xmlfiles, cleaning's
# thresholds) may read a file differently: files that failed are then read again.
READER_REVISION = 1
READER_STAMP = f"{__version__}/{READER_REVISION}"


@dataclass
class FileOutcome:
    path: str
    status: Literal["runs", "already_present", "skipped", "failed"]
    code: Reason | None = None  # skipped or failed: why
    params: dict[str, str] = field(default_factory=dict)
    runs: list[RunSummary] = field(default_factory=list)
    file_sha256: str | None = None  # of the bytes on disk: how the file is remembered
    seen_before: bool = False  # the outcome came from memory; nothing was read but the bytes

    @property
    def reason(self) -> str:
        """Why, in English, one line (the stable wording of ``--json``)."""
        return reason_text(self.code, self.params, lang="en") if self.code else ""


@dataclass(frozen=True)
class Remembered:
    """A file seen before, by the hash of its bytes, and what came of it."""

    status: Literal["already_present", "skipped", "failed"]
    code: Reason | None
    params: dict[str, str]


def reason_text(code: Reason, params: dict[str, str], *, lang: Lang | None = None) -> str:
    """``code`` with its parameters, in words; sports named the way people say them. A
    decoder's own words (``detail``, kept as they are for ``--json``) are never shown:
    they are worded from what they say (also for files remembered from older imports)."""
    values = dict(params)
    if code in ("broken_gzip", "unreadable"):
        values["detail"] = _worded_detail(code, values, lang)
    if "sports" in values:
        values["sports"] = join(
            [sport_name(s, lang=lang) for s in values["sports"].split(",")], lang=lang
        )
    return t(REASON[code], lang=lang, **values)


_LINE = re.compile(r"line (\d+)")
_BYTE = re.compile(r"byte (\d+)")


def _worded_detail(code: Reason, values: dict[str, str], lang: Lang | None) -> str:
    """What a gzip, FIT or XML decoder said, in the user's language (line and byte kept)."""
    detail = values.get("detail", "")
    if code == "broken_gzip":
        cut = "end-of-stream" in detail or "ended before" in detail
        return t(GZIP_PROBLEM["cut_off" if cut else "damaged"], lang=lang)
    problem = values.get("problem")
    if problem in FIT_PROBLEM:
        if problem == "corrupt" and (at := _BYTE.search(detail)):
            return t("runs.fit_problem.corrupt_at", lang=lang, byte=at.group(1))
        return t(FIT_PROBLEM[problem], lang=lang)
    if values.get("format") in ("TCX", "GPX"):
        lowered = detail.lower()
        if "no activity" in lowered:
            return t(XML_PROBLEM["no_activity"], lang=lang)
        if "not a gpx" in lowered:
            return t(XML_PROBLEM["not_gpx"], lang=lang)
        if "forbidden" in lowered:
            return t(XML_PROBLEM["forbidden"], lang=lang)
        if at := _LINE.search(detail):
            return t(XML_PROBLEM["bad_xml_at"], lang=lang, line=at.group(1))
        return t(XML_PROBLEM["bad_xml"], lang=lang)
    return t(XML_PROBLEM["other"], lang=lang)


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


class _Refused(Exception):
    def __init__(self, code: Reason, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _read_raw(path: Path) -> bytes:
    """The file's bytes as they are on disk, at most ``MAX_BYTES``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise _Refused("cannot_open", detail=_one_line(error.strerror or str(error))) from None
    if len(data) > MAX_BYTES:
        raise _Refused("too_large")
    return data


def _unzipped(data: bytes) -> bytes:
    """``data`` unzipped when it is gzip; at most ``MAX_BYTES`` either way."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise _Refused("broken_gzip", detail=_one_line(str(error))) from None
    if len(data) > MAX_BYTES:
        raise _Refused("too_large")
    return data


Decoder = Callable[[Format, bytes], tuple[list[Track], list[str]]]


def process_file(
    path_text: str,
    known: frozenset[str] = frozenset(),
    remembered: Mapping[str, Remembered] | None = None,
    decode: Decoder | None = None,
) -> FileOutcome:
    """Decode, clean, summarise and analyse every running part of one file. Never raises
    for a bad file: the outcome says what happened, in one line.

    ``known``: content hashes already in the log (those files add nothing).
    ``remembered``: files seen before by the hash of their bytes, whose outcome is to be
    trusted: such a file is not decoded again. ``decode`` stands in for the decoders
    (tests count its calls)."""
    path = Path(path_text)
    file_sha: str | None = None
    kind: Format | None = None
    try:
        raw = _read_raw(path)
        file_sha = hashlib.sha256(raw).hexdigest()
        if remembered and (memory := remembered.get(file_sha)) is not None:
            return FileOutcome(
                path_text, memory.status, memory.code, dict(memory.params), [], file_sha, True
            )
        data = _unzipped(raw)
        if not data:
            return FileOutcome(path_text, "failed", "empty_file", file_sha256=file_sha)
        digest = file_sha if data is raw else hashlib.sha256(data).hexdigest()  # unzipped?
        if digest in known:
            return FileOutcome(path_text, "already_present", file_sha256=file_sha)
        kind = watch_format(path, data)
        if kind is None:
            return FileOutcome(path_text, "failed", "not_watch_file", file_sha256=file_sha)
        tracks, others = (decode or read_watch_data)(kind, data)
    except _Refused as refused:
        return FileOutcome(path_text, "failed", refused.code, refused.params, [], file_sha)
    except FitError as error:
        outcome = _unreadable(path_text, file_sha, kind, str(error))
        outcome.params["problem"] = error.code
        return outcome
    except ValueError as error:
        return _unreadable(path_text, file_sha, kind, str(error))
    except Exception as error:  # the decoders' other errors on hostile input: still one line
        return _unreadable(path_text, file_sha, kind, f"{type(error).__name__}: {error}")
    runs = [
        summary
        for part, track in enumerate(tracks)
        if (summary := summarise(track, digest, part, path.name, kind)) is not None
    ]
    dated = [run for run in runs if run.start >= REAL_DATES_FROM]
    if runs and not dated:
        return FileOutcome(path_text, "skipped", "no_date", file_sha256=file_sha)
    runs = dated
    if runs:
        return FileOutcome(path_text, "runs", runs=runs, file_sha256=file_sha)
    if others:
        sports = ",".join(sorted(set(others)))
        return FileOutcome(path_text, "skipped", "not_a_run", {"sports": sports}, [], file_sha)
    return FileOutcome(path_text, "skipped", "no_running", file_sha256=file_sha)


def _unreadable(
    path_text: str, file_sha: str | None, kind: Format | None, detail: str
) -> FileOutcome:
    params = {"format": (kind or "file").upper(), "detail": _one_line(detail)}
    return FileOutcome(path_text, "failed", "unreadable", params, [], file_sha)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200] or "?"


def read_watch_data(kind: Format, data: bytes) -> tuple[list[Track], list[str]]:
    """The running tracks of a file's content, and the sports of its other parts.

    Raises:
        ValueError: the content cannot be read (one line).
    """
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
