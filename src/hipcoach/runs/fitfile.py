"""FIT files (Garmin, Coros, Suunto, Wahoo, Polar, Stryd) to running tracks.

Read with hipcoach's own reader (``fitreader``), which decodes only the fields below;
BENCHMARKS.md ("FIT decoders") says why, and tests/test_fit_reader.py checks it against
fitdecode on real files from many watches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import repeat
from operator import add, mul, sub
from typing import Any, cast

from hipcoach.runs.fitprofile import SPORTS, SUB_SPORTS
from hipcoach.runs.fitreader import DEVELOPER_PREFIX, Columnar, Wanted, read_messages
from hipcoach.runs.track import NAN, Track, value

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SEMICIRCLE = 180 / 2**31
RUNNING = "running"
FILE_ID, SPORT, SESSION, RECORD, ACTIVITY = 0, 12, 18, 20, 34
# standard record field -> summary metric
_STANDARD_DYNAMICS = {
    "stance_time": "ground_contact_time",
    "vertical_oscillation": "vertical_oscillation",
    "vertical_ratio": "vertical_ratio",
    "step_length": "step_length",
    "stance_time_balance": "ground_contact_balance",
    "power": "power",
}
# Stryd's developer fields (name, scale), used only where the standard field is missing
_DEVELOPER_FIELDS = {
    "power": ("power", 1.0),
    "ground_contact_time": ("ground time", 1.0),
    "vertical_oscillation": ("vertical oscillation", 10.0),  # cm -> mm
}
_NO_DEVELOPER_FIELD = ("-", 1.0)
_DYNAMICS_SOURCES = [
    (name, metric, _DEVELOPER_FIELDS.get(metric, _NO_DEVELOPER_FIELD))
    for name, metric in _STANDARD_DYNAMICS.items()
]
# The FIT profile's numbers and scales of the fields read (field number -> name, scale).
_WANTED = Wanted(
    fields={
        FILE_ID: {1: ("manufacturer", 1), 2: ("product", 1), 3: ("serial_number", 1)},
        SPORT: {0: ("sport", 1), 1: ("sub_sport", 1)},
        SESSION: {
            2: ("start_time", 1),
            5: ("sport", 1),
            6: ("sub_sport", 1),
            7: ("total_elapsed_time", 1000),
        },
        ACTIVITY: {5: ("local_timestamp", 1)},
        RECORD: {
            0: ("position_lat", 1),
            1: ("position_long", 1),
            3: ("heart_rate", 1),
            4: ("cadence", 1),
            5: ("distance", 100),
            6: ("speed", 1000),
            7: ("power", 1),
            8: ("compressed_speed_distance", 1),  # three bytes, old watches
            39: ("vertical_oscillation", 10),
            41: ("stance_time", 10),
            53: ("fractional_cadence", 128),
            73: ("enhanced_speed", 1000),
            83: ("vertical_ratio", 100),
            84: ("stance_time_balance", 100),
            85: ("step_length", 10),
        },
    },
    developer=frozenset(name for name, _ in _DEVELOPER_FIELDS.values()),
    developer_messages=frozenset({RECORD}),
)


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
    records: Columnar = field(default_factory=lambda: Columnar(RECORD))  # as columns
    local_offset: int | None = None  # minutes, from the activity message


def read_fit(data: bytes) -> tuple[list[Track], list[str]]:
    """The running parts of a FIT file, and the sports of the parts that are not running.

    Raises:
        ValueError: the file cannot be decoded (truncated, corrupted, not FIT); a
            ``fitreader.FitError`` whose message is one line.
    """
    content = _File()
    for layout, raw, stamp in read_messages(data, _WANTED, content.records):
        _collect(content, layout.message, layout.values(raw), stamp)
    return _split(content)


def _collect(content: _File, message: int, values: dict[str, Any], stamp: int | None) -> None:
    if message == FILE_ID:
        content.device = _device(values)
    elif message == SESSION and isinstance(values.get("start_time"), int):
        start = float(values["start_time"])
        elapsed = value(values.get("total_elapsed_time"))
        end = start + elapsed if not math.isnan(elapsed) else math.inf
        content.sessions.append(_Session(start, end, *_sport(values)))
    elif message == SPORT:
        content.sports.append(_sport(values))
    elif message == ACTIVITY:
        local = values.get("local_timestamp")
        if isinstance(local, int) and stamp is not None and abs(local - stamp) <= 16 * 3600:
            content.local_offset = round((local - stamp) / 900) * 15


def _sport(values: dict[str, Any]) -> tuple[str, str]:
    sport, sub_sport = values.get("sport"), values.get("sub_sport")
    sub = "" if sub_sport is None else SUB_SPORTS.get(sub_sport, str(sub_sport))
    return SPORTS.get(sport, str(sport)) if isinstance(sport, int) else "None", sub


def _device(values: dict[str, Any]) -> str:
    """Manufacturer, product and serial number as the file gives them (numbers): with
    the start time, what tells one activity from another."""
    parts = [values.get("manufacturer"), values.get("product"), values.get("serial_number")]
    return "/".join(str(p) for p in parts if p is not None) or "unknown"


def _split(content: _File) -> tuple[list[Track], list[str]]:
    """Records into one track per running session (a multisport file's running parts)."""
    if not len(content.records):
        return [], []
    stamps, columns = _record_columns(content.records)
    sessions = content.sessions or _whole_file_session(content)
    tracks, others = [], []
    for session in sessions:
        if session.sport != RUNNING:
            others.append(session.sport)
            continue
        inside = _inside(stamps, session)
        if inside:
            tracks.append(_track(stamps, columns, inside, session, content))
    return tracks, others


def _inside(stamps: list[int | None], session: _Session) -> list[int]:
    """The records of ``session``: those timed within it (all, for most files)."""
    if None not in stamps:
        timed = cast("list[int]", stamps)
        if session.start <= min(timed) and max(timed) <= session.end:
            return list(range(len(stamps)))
    return [
        i
        for i, stamp in enumerate(stamps)
        if stamp is not None and session.start <= stamp <= session.end
    ]


def _whole_file_session(content: _File) -> list[_Session]:
    """A file without a session message (a watch that stopped early): one part, of the
    sport its `sport` message names, or of no known sport."""
    sport, sub_sport = content.sports[0] if content.sports else ("unknown", "")
    return [_Session(-math.inf, math.inf, sport, sub_sport)]


def _record_columns(records: Columnar) -> tuple[list[int | None], dict[str, list[Any]]]:
    """Every record's time, and every record field as one column in file order (nan, or
    None for bytes, where a record lacks it): records usually share one layout; a
    watch that adds a sensor mid-run defines a second."""
    stamps: list[int | None] = []
    merged: dict[str, list[Any]] = {}
    for layout, values, part_stamps, as_columns in records.parts:
        done = len(stamps)
        part = layout.finish(values) if as_columns else layout.columns(values)  # type: ignore[arg-type]
        for name, column in part.items():
            if name not in merged:  # a field first seen here: absent from earlier records
                merged[name] = [_absent(column)] * done
            merged[name].extend(column)
        stamps.extend(part_stamps)
        for target in merged.values():  # a field this layout lacks
            if len(target) < len(stamps):
                target.extend([_absent(target)] * (len(stamps) - len(target)))
    return stamps, merged


def _absent(column: list[Any]) -> Any:
    """What stands where a record lacks the field: None in a column of bytes, else nan."""
    return None if column and isinstance(column[0], bytes | None) else NAN


def _track(
    stamps: list[int | None],
    columns: dict[str, list[Any]],
    inside: list[int],
    session: _Session,
    content: _File,
) -> Track:
    every = len(inside) == len(stamps)

    def column(name: str) -> list[Any]:
        found = optional(name)
        return [NAN] * len(inside) if found is None else found

    def optional(name: str) -> list[Any] | None:
        found = columns.get(name)
        return None if found is None else _picked(found, inside, every)

    first: int = stamps[inside[0]]  # type: ignore[assignment]
    packed = columns.get("compressed_speed_distance")
    speed_backup, distance_backup = _unpack_speed_distance(packed, inside, every)
    return Track(
        start=FIT_EPOCH + timedelta(seconds=first),
        device=content.device,
        sport=session.sport,
        sub_sport=session.sub_sport,
        utc_offset_minutes=content.local_offset,
        seconds=list(map(float, map(sub, _picked(stamps, inside, every), repeat(first)))),
        distance=_either(column("distance"), distance_backup),
        speed=_either(_either(column("enhanced_speed"), optional("speed")), speed_backup),
        heart_rate=_positive(column("heart_rate")),
        cadence=_steps_per_minute(column("cadence"), optional("fractional_cadence")),
        lat=list(map(mul, column("position_lat"), repeat(SEMICIRCLE))),
        lon=list(map(mul, column("position_long"), repeat(SEMICIRCLE))),
        dynamics=_dynamics(column, optional),
    )


def _dynamics(column: Any, optional: Any) -> dict[str, list[float]]:
    """Running dynamics and power, a standard field first and Stryd's where it is absent;
    only the metrics the run has."""
    found = {}
    for name, metric, (developer, scale) in _DYNAMICS_SOURCES:
        developer_values = optional(DEVELOPER_PREFIX + developer)
        if developer_values is not None and scale != 1:
            developer_values = list(map(mul, developer_values, repeat(scale)))
        values = _positive(_either(column(name), developer_values))
        if not all(map(math.isnan, values)):
            found[metric] = values
    return found


# These run once per column of ten thousand samples: each first checks, at C speed,
# whether the column needs the per-sample rule at all (a long run's columns rarely do).


def _picked(values: list[Any], inside: list[int], every: bool) -> list[Any]:
    return values if every else [values[i] for i in inside]


def _has_nan(values: list[float]) -> bool:
    # a sum is nan when a term is (at C speed); inf - inf is nan too, which only sends
    # the column down the exact per-sample path
    return math.isnan(sum(values))


def _either(first: list[float], backup: list[float] | None) -> list[float]:
    """``first`` where it has a value, else ``backup``."""
    if backup is None or not _has_nan(first):
        return first
    return [b if math.isnan(a) else a for a, b in zip(first, backup, strict=True)]


def _positive(values: list[float]) -> list[float]:
    """0 (or less) means "not measured" for these fields."""
    if not _has_nan(values):
        if not values or min(values) > 0:  # min is exact without nan, and in C
            return values
    elif 0 not in values and not any(map((0.0).__gt__, values)):  # nan > 0 is False: kept
        return values
    return [v if v > 0 else NAN for v in values]


def _steps_per_minute(cadence: list[float], fraction: list[float] | None) -> list[float]:
    """FIT running cadence is strides per minute (one foot): steps are twice that, plus
    the fractional part the watch keeps separately (2 × (c + f), as the sample rule)."""
    if _positive(cadence) is cadence:
        if fraction is None:
            return list(map(mul, cadence, repeat(2.0)))
        if not _has_nan(fraction):
            return list(map(mul, map(add, cadence, fraction), repeat(2.0)))
    if fraction is None:
        fraction = [NAN] * len(cadence)
    return [
        2 * (c + (0.0 if math.isnan(f) else f)) if c > 0 else NAN
        for c, f in zip(cadence, fraction, strict=True)
    ]


def _unpack_speed_distance(
    packed: list[bytes | None] | None, inside: list[int], every: bool
) -> tuple[list[float] | None, list[float] | None]:
    """Old watches pack speed (12 bits, 1/100 m/s) and distance (12 bits, 1/16 m, a
    total that rolls over) into three bytes; the total runs over every record."""
    if packed is None:
        return None, None
    speeds, distances, total = [], [], 0
    for three in packed:
        if three is None:
            speeds.append(NAN)
            distances.append(NAN)
            continue
        bits = int.from_bytes(three, "little")
        step = bits >> 12
        total = (total & ~0xFFF) + step + (0x1000 if step < (total & 0xFFF) else 0)
        speeds.append((bits & 0xFFF) / 100)
        distances.append(total / 16)
    if every:
        return speeds, distances
    return [speeds[i] for i in inside], [distances[i] for i in inside]
