"""The samples one run holds, as decoded from a watch file, in plain columns."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

# Running dynamics and power, in the units the summaries use: ms, mm, %, W.
DYNAMICS = (
    "ground_contact_time",  # ms (FIT stance_time)
    "vertical_oscillation",  # mm
    "vertical_ratio",  # %
    "step_length",  # mm
    "ground_contact_balance",  # % on the left foot (FIT stance_time_balance)
    "power",  # W
)
# What each summary holds per kilometre, in this order.
METRICS = ("cadence", *DYNAMICS)
NAN = math.nan


@dataclass
class Track:
    """One activity's running samples: seconds since its start, and one list per field
    (``nan`` where a sample lacks the field). Columns absent from the file are empty."""

    start: datetime  # UTC, aware
    device: str
    sport: str = "running"
    sub_sport: str = ""
    utc_offset_minutes: int | None = None
    seconds: list[float] = field(default_factory=list)
    distance: list[float] = field(default_factory=list)  # metres, as recorded (nan: none)
    speed: list[float] = field(default_factory=list)  # m/s, as recorded (nan: none)
    heart_rate: list[float] = field(default_factory=list)
    cadence: list[float] = field(default_factory=list)  # steps per minute
    lat: list[float] = field(default_factory=list)  # degrees (nan: no fix)
    lon: list[float] = field(default_factory=list)
    dynamics: dict[str, list[float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.seconds)

    def has_gps(self) -> bool:
        return _any(self.lat)

    def present(self) -> list[str]:
        """The metrics with at least one value, cadence first."""
        found = ["cadence"] if _any(self.cadence) else []
        return found + [m for m in DYNAMICS if _any(self.dynamics.get(m, []))]


def _any(values: list[float]) -> bool:
    return not all(map(math.isnan, values))


def value(number: object, scale: float = 1.0) -> float:
    """A decoded field as a float (``nan`` when absent or not a number)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return NAN
    result = float(number) * scale
    return result if math.isfinite(result) else NAN
