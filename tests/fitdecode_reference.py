"""The reference for hipcoach's FIT reader: FIT files to running tracks through
fitdecode (MIT), which reads every valid real test file and agrees with the majority of
decoders on each (BENCHMARKS.md, "FIT decoders"). This was hipcoach's own FIT path
until its reader replaced it for speed; tests/test_fit_reader.py checks that both give
the same tracks, file by file."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hipcoach.runs.track import DYNAMICS, NAN, Track, value

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SEMICIRCLE = 180 / 2**31
RUNNING = "running"
# standard record field -> (summary metric, scale); 0 means "not measured" for these
_DYNAMIC_FIELDS = {
    "stance_time": ("ground_contact_time", 1.0),
    "vertical_oscillation": ("vertical_oscillation", 1.0),
    "vertical_ratio": ("vertical_ratio", 1.0),
    "step_length": ("step_length", 1.0),
    "stance_time_balance": ("ground_contact_balance", 1.0),
    "power": ("power", 1.0),
}
# Stryd's developer fields, used only where the standard field is missing
_DEVELOPER_FIELDS = {
    "power": ("power", 1.0),
    "ground time": ("ground_contact_time", 1.0),
    "vertical oscillation": ("vertical_oscillation", 10.0),  # cm -> mm
}


@dataclass
class _Session:
    start: float  # FIT seconds
    end: float
    sport: str
    sub_sport: str


@dataclass
class _File:
    device: str = "unknown"
    sessions: list[_Session] = field(default_factory=list)
    sports: list[tuple[str, str]] = field(default_factory=list)  # `sport` messages
    records: list[dict[str, Any]] = field(default_factory=list)
    local_offset: int | None = None  # minutes, from the activity message


def read_fit(data: bytes) -> tuple[list[Track], list[str]]:
    """The running parts of a FIT file, and the sports of the parts that are not running.

    Raises:
        ValueError: the file cannot be decoded (truncated, corrupted, not FIT); the
            message is one line.
    """
    import io
    import warnings

    import fitdecode

    content = _File()
    try:
        with warnings.catch_warnings():  # fitdecode warns of odd fields it reads anyway
            warnings.simplefilter("ignore")
            _read(fitdecode, io.BytesIO(data), content)
    except fitdecode.FitError as error:
        raise ValueError(_one_line(error)) from None
    return _split(content)


def _read(fitdecode: Any, stream: Any, content: _File) -> None:
    with fitdecode.FitReader(
        stream,
        check_crc=fitdecode.CrcCheck.RAISE,
        keep_raw_chunks=False,
        processor=fitdecode.DataProcessorBase(),  # raw timestamps: cheaper than datetimes
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                _collect(content, frame.name, frame.fields)


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:160] or type(error).__name__


def _collect(content: _File, name: str, fields: Any) -> None:
    if name == "record":
        content.records.append(_record(fields))
        return
    values = {f.name: f.value for f in fields}
    if name == "file_id":
        content.device = _device(values)
    elif name == "session" and isinstance(values.get("start_time"), int):
        start = float(values["start_time"])
        elapsed = value(values.get("total_elapsed_time"))
        end = start + elapsed if not math.isnan(elapsed) else math.inf
        content.sessions.append(
            _Session(start, end, str(values.get("sport")), str(values.get("sub_sport") or ""))
        )
    elif name == "sport":
        content.sports.append((str(values.get("sport")), str(values.get("sub_sport") or "")))
    elif name == "activity":
        local, stamp = values.get("local_timestamp"), values.get("timestamp")
        if isinstance(local, int) and isinstance(stamp, int) and abs(local - stamp) <= 16 * 3600:
            content.local_offset = round((local - stamp) / 900) * 15


def _device(values: dict[str, Any]) -> str:
    parts = [values.get("manufacturer"), values.get("product") or values.get("garmin_product")]
    parts.append(values.get("serial_number"))
    return "/".join(str(p) for p in parts if p is not None) or "unknown"


def _record(fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {}
    developer: dict[str, Any] = {}
    for f in fields:
        if f.value is None:
            continue
        if type(f.field_def).__name__ == "DevFieldDefinition":
            developer[str(f.name).lower()] = f.value
        else:
            record[f.name] = f.value
    for name, (metric, scale) in _DEVELOPER_FIELDS.items():
        if name in developer and metric not in record:
            record["dev:" + metric] = value(developer[name], scale)
    return record


def _split(content: _File) -> tuple[list[Track], list[str]]:
    """Records into one track per running session (a multisport file's running parts)."""
    if not content.records:
        return [], []
    sessions = content.sessions or _whole_file_session(content)
    tracks, others = [], []
    for session in sessions:
        if session.sport != RUNNING:
            others.append(session.sport)
            continue
        records = [r for r in content.records if _within(r, session)]
        if records:
            tracks.append(_track(records, session, content))
    return tracks, others


def _whole_file_session(content: _File) -> list[_Session]:
    """A file without a session message (a watch that stopped early): one part, of the
    sport its `sport` message names, or of no known sport."""
    sport, sub_sport = content.sports[0] if content.sports else ("unknown", "")
    return [_Session(-math.inf, math.inf, sport, sub_sport)]


def _within(record: dict[str, Any], session: _Session) -> bool:
    stamp = record.get("timestamp")
    return isinstance(stamp, int) and session.start <= stamp <= session.end


def _track(records: list[dict[str, Any]], session: _Session, content: _File) -> Track:
    first = records[0]["timestamp"]
    track = Track(
        start=FIT_EPOCH + timedelta(seconds=first),
        device=content.device,
        sport=session.sport,
        sub_sport=session.sub_sport,
        utc_offset_minutes=content.local_offset,
    )
    columns: dict[str, list[float]] = {metric: [] for metric in DYNAMICS}
    for r in records:
        track.seconds.append(float(r["timestamp"] - first))
        track.distance.append(value(r.get("distance")))
        speed = r.get("enhanced_speed", r.get("speed"))
        track.speed.append(value(speed))
        track.heart_rate.append(_positive(r.get("heart_rate")))
        track.cadence.append(_steps_per_minute(r))
        track.lat.append(value(r.get("position_lat"), SEMICIRCLE))
        track.lon.append(value(r.get("position_long"), SEMICIRCLE))
        for name, (metric, scale) in _DYNAMIC_FIELDS.items():
            number = r.get(name, r.get("dev:" + metric))
            columns[metric].append(_positive(number, scale))
    track.dynamics = {m: v for m, v in columns.items() if any(not math.isnan(x) for x in v)}
    return track


def _positive(number: object, scale: float = 1.0) -> float:
    result = value(number, scale)
    return result if result > 0 else NAN


def _steps_per_minute(record: dict[str, Any]) -> float:
    """FIT running cadence is strides per minute (one foot): steps are twice that, plus
    the fractional part the watch keeps separately."""
    strides = _positive(record.get("cadence"))
    fraction = value(record.get("fractional_cadence"))
    return 2 * (strides + (0.0 if math.isnan(fraction) else fraction))
