"""Per-kilometre summaries (kept in the log) and finer bins (for the form model)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hipcoach.runs.clean import CleanRun
from hipcoach.runs.track import METRICS

MIN_LAST_SPLIT = 200.0  # metres: a shorter last piece is left out of the table


@dataclass
class Split:
    """One stretch of running: where it starts and ends, its moving time, and the
    time-weighted means of what was recorded in it (None where nothing was)."""

    start_m: float
    end_m: float
    seconds: float
    heart_rate: float | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)
    warmup: bool = False

    @property
    def metres(self) -> float:
        return self.end_m - self.start_m

    @property
    def speed(self) -> float:
        return self.metres / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Compact, for the log: rounded to what the sensors can tell."""
        return {
            "start_m": round(self.start_m),
            "end_m": round(self.end_m),
            "seconds": round(self.seconds, 1),
            "heart_rate": _round(self.heart_rate, 1),
            "warmup": self.warmup,
            **{m: _round(v, 2) for m, v in self.metrics.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Split:
        metrics = {m: data.get(m) for m in METRICS if m in data}
        return cls(
            float(data["start_m"]),
            float(data["end_m"]),
            float(data["seconds"]),
            data.get("heart_rate"),
            metrics,
            bool(data.get("warmup")),
        )


def _round(number: float | None, digits: int) -> float | None:
    return None if number is None else round(number, digits)


def splits(run: CleanRun, length: float, metrics: list[str]) -> list[Split]:
    """``run`` cut every ``length`` metres; the last piece kept when it is long enough."""
    pieces: list[Split] = []
    sums: dict[str, list[float]] = {}
    start, seconds = 0.0, 0.0
    bound = length
    for i, metres in enumerate(run.distance):
        _add(sums, "heart_rate", run.heart_rate[i], run.dt[i])
        for metric in metrics:
            _add(sums, metric, _column(run, metric)[i], run.dt[i])
        seconds += run.dt[i]
        if metres >= bound:
            pieces.append(_split(start, metres, seconds, sums, metrics, run.warmup_metres))
            start, seconds, sums = metres, 0.0, {}
            bound = (math.floor(metres / length) + 1) * length
    if run.metres - start >= min(MIN_LAST_SPLIT, length) and seconds > 0:
        pieces.append(_split(start, run.metres, seconds, sums, metrics, run.warmup_metres))
    return pieces


def _column(run: CleanRun, metric: str) -> list[float]:
    return run.cadence if metric == "cadence" else run.dynamics[metric]


def _add(sums: dict[str, list[float]], key: str, number: float, weight: float) -> None:
    if not math.isnan(number):
        total = sums.setdefault(key, [0.0, 0.0])
        total[0] += number * weight
        total[1] += weight


def _mean(sums: dict[str, list[float]], key: str) -> float | None:
    total = sums.get(key)
    return total[0] / total[1] if total and total[1] > 0 else None


def _split(
    start: float,
    end: float,
    seconds: float,
    sums: dict[str, list[float]],
    metrics: list[str],
    warmup_metres: float,
) -> Split:
    return Split(
        start,
        end,
        seconds,
        _mean(sums, "heart_rate"),
        {m: _mean(sums, m) for m in metrics},
        warmup=start < warmup_metres,
    )
