"""Per-kilometre summaries (kept in the log) and finer bins (for the form model)."""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections.abc import Iterator
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
    """``run`` cut every ``length`` metres; the last piece kept when it is long enough.

    A piece ends at the first sample at or past the next multiple of ``length`` after
    the previous piece's end. Its means are computed slice by slice at C speed (a
    three-hour run in a few milliseconds), with the same additions in the same order as
    a loop over its samples would make (see ``_mean``)."""
    columns = [run.heart_rate, *(_column(run, metric) for metric in metrics)]
    pieces: list[Split] = []
    start_m, first = 0.0, 0
    for last, end_m in _piece_ends(run.distance, length):
        pieces.append(_split(run, columns, metrics, start_m, end_m, first, last + 1))
        start_m, first = end_m, last + 1
    if run.metres - start_m >= min(MIN_LAST_SPLIT, length) and sum(run.dt[first:], 0.0) > 0:
        pieces.append(_split(run, columns, metrics, start_m, run.metres, first, len(run.dt)))
    return pieces


def _piece_ends(distance: list[float], length: float) -> Iterator[tuple[int, float]]:
    """The index and distance of each piece's last sample. Clean distance never
    decreases, so bisecting finds the first sample at or past each bound."""
    end = bisect.bisect_left(distance, length)
    while end < len(distance):
        metres = distance[end]
        yield end, metres
        bound = (math.floor(metres / length) + 1) * length
        end = bisect.bisect_left(distance, bound, end + 1)


def _column(run: CleanRun, metric: str) -> list[float]:
    return run.cadence if metric == "cadence" else run.dynamics[metric]


def _split(
    run: CleanRun,
    columns: list[list[float]],
    metrics: list[str],
    start_m: float,
    end_m: float,
    first: int,
    end: int,
) -> Split:
    """The piece of samples ``first`` to ``end`` (not included)."""
    dt = run.dt[first:end]
    seconds = sum(dt, 0.0)
    every_second = dt.count(1.0) == len(dt)
    heart_rate, *means = (
        _mean(column[first:end], dt, seconds, every_second=every_second) for column in columns
    )
    return Split(
        start_m,
        end_m,
        seconds,
        heart_rate,
        dict(zip(metrics, means, strict=True)),
        warmup=start_m < run.warmup_metres,
    )


def _mean(
    values: list[float], dt: list[float], seconds: float, *, every_second: bool
) -> float | None:
    """The mean of the values that are not nan, weighted by ``dt`` (None when all are nan);
    ``seconds`` is the sum of ``dt``.

    Python 3.11's ``sum`` adds floats one by one from 0, as the loop this replaced did
    (3.12's compensates rounding: the same to the last bit or so, and closer). Without
    nan (which makes the total nan) every value counts, and the weights are the piece's
    seconds; with a dt of 1.0 throughout (a watch recording every second) ``v * 1.0``
    is exactly ``v``, so the products need not be formed."""
    total = sum(values) if every_second else sum(map(operator.mul, values, dt))
    if not math.isnan(total):
        weight = seconds
    else:
        present = [not nan for nan in map(math.isnan, values)]
        values = list(itertools.compress(values, present))
        dt = list(itertools.compress(dt, present))
        if not values:
            return None
        total, weight = sum(map(operator.mul, values, dt)), sum(dt, 0.0)
    return total / weight if weight > 0 else None
