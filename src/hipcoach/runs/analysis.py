"""Form durability, speed-adjusted, per runner: does form fade late in a steady run?

For each metric a straight line against speed is fitted on the early part of the run
(after the warm-up, up to half way): what this runner's own form looks like at each
pace while fresh. The late part (the last third, or from 25 km on in runs of 30 km or
more) is compared with what that line predicts at the pace actually run, so slowing
down alone is not read as fading (Zandbergen 2023). Reported per metric: the drift in %
with a 95 % interval, the kilometre where a lasting drift begins, and the drift from
there on. Across metrics: a fade index, the mean drift in the direction of fatigue
(contact time and oscillation up, cadence and step length down, balance away from
50/50). Heart-rate decoupling compares speed per beat in the first and second half.

What it cannot show: a drift is an association within one run; a hilly or windy late
part, a drink stop or a change of shoes looks like fatigue too. Intervals, treadmill
runs (their speed comes from the same sensor as the form) and short runs are not judged.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from hipcoach.runs.splits import Split
from hipcoach.runs.track import METRICS

MIN_DISTANCE = 10_000.0  # metres
MIN_SECONDS = 40 * 60.0
LONG_RUN = 30_000.0
LATE_FROM_LONG = 25_000.0
MIN_EARLY_BINS = 8
CLEAR_DRIFT = 2.0  # percent: smaller drifts are within what sensors and pacing vary by
BIN_CORRELATION = 2.0  # 250 m bins are not independent: widen their errors as if per km
Z95 = 1.96
# +1: up is fatigue; -1: down is fatigue; 0: away from 50/50 is fatigue; None: no direction
FATIGUE_SIGN: dict[str, int | None] = {
    "cadence": -1,
    "ground_contact_time": 1,
    "vertical_oscillation": 1,
    "vertical_ratio": 1,
    "step_length": -1,
    "ground_contact_balance": 0,
    "power": None,
}


@dataclass(frozen=True)
class Line:
    intercept: float
    slope: float
    residual_sd: float
    n: int
    mean_x: float
    sxx: float

    def __call__(self, x: float) -> float:
        return self.intercept + self.slope * x

    def prediction_se(self, x: float) -> float:
        """Standard error of the fitted mean at ``x`` (OLS), widened for correlated bins."""
        spread = (x - self.mean_x) ** 2 / self.sxx if self.sxx > 0 else 0.0
        return self.residual_sd * math.sqrt(BIN_CORRELATION * (1 / self.n + spread))


def fit_line(xs: list[float], ys: list[float]) -> Line:
    n = len(xs)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = (
        sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
        if sxx > 0
        else 0.0
    )
    intercept = mean_y - slope * mean_x
    residuals = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
    sd = math.sqrt(sum(r * r for r in residuals) / (n - 2)) if n > 2 else 0.0
    return Line(intercept, slope, sd, n, mean_x, sxx)


def windows(metres: float, warmup_metres: float) -> tuple[float, float, float]:
    """Where the early part starts and ends, and where the late part starts. The early
    part never ends before it starts: when the warm-up reaches past half way (a short
    run), it is empty, at the warm-up's end."""
    late = LATE_FROM_LONG if metres >= LONG_RUN else metres * 2 / 3
    return warmup_metres, max(warmup_metres, min(metres / 2, late)), late


def analyse(
    km: list[Split],
    bins: list[Split],
    *,
    metres: float,
    seconds: float,
    treadmill: bool,
    intervals: bool,
    warmup_metres: float,
) -> dict[str, Any]:
    """The form-durability figures of one run (see the module's description)."""
    reason = _not_judged(km, metres, seconds, treadmill, intervals)
    early_start, early_end, late_start = windows(metres, warmup_metres)
    early = [b for b in bins if b.start_m >= early_start and b.end_m <= early_end]
    if reason is None and len(early) < MIN_EARLY_BINS:
        reason = "too_short"
    result: dict[str, Any] = {
        "judged": reason is None,
        "reason": reason,
        # a run not judged has no early or late part: null, not a window never used
        "early_km": None if reason else [round(early_start / 1000, 2), round(early_end / 1000, 2)],
        "late_km": None if reason else [round(late_start / 1000, 2), round(metres / 1000, 2)],
        "metrics": {m: _not_assessed("not_judged" if reason else "not_recorded") for m in METRICS},
        "fade_index": None,
        "fade_metrics": [],
        "onset_km": None,
        "decoupling_pct": None if reason else decoupling(bins, warmup_metres),
    }
    if reason is not None:
        return result
    late = [b for b in bins if b.start_m >= late_start]
    early_speeds, late_speeds = [b.speed for b in early], [b.speed for b in late]
    for metric in METRICS:
        early_pairs = _values(early, early_speeds, metric)
        late_pairs = _values(late, late_speeds, metric)
        if early_pairs and late_pairs:
            result["metrics"][metric] = assess(metric, early_pairs, late_pairs, km, warmup_metres)
    _composite(result)
    return result


def as_shown(analysis: dict[str, Any]) -> dict[str, Any]:
    """A stored analysis as this version would have written it: runs imported before
    carry an early window of unjudged runs and onsets of drifts that were not clear."""
    shown = dict(analysis)
    if not shown["judged"]:
        shown["early_km"] = shown["late_km"] = None
    shown["metrics"] = {
        name: result
        if result["clear"]
        else {**result, "onset_km": None, "drift_from_onset_pct": None}
        for name, result in analysis["metrics"].items()
    }
    _run_onset(shown)
    return shown


def _not_judged(
    km: list[Split], metres: float, seconds: float, treadmill: bool, intervals: bool
) -> str | None:
    if treadmill:
        return "treadmill"
    if intervals:
        return "intervals"
    if metres < MIN_DISTANCE or seconds < MIN_SECONDS:
        return "too_short"
    if not any(v is not None for s in km for v in s.metrics.values()):
        return "no_form_fields"
    return None


def _not_assessed(reason: str) -> dict[str, Any]:
    return {
        "drift_pct": None,
        "fatigue_pct": None,
        "ci_pct": None,
        "onset_km": None,
        "drift_from_onset_pct": None,
        "clear": False,
        "reason": reason,
    }


def _values(bins: list[Split], speeds: list[float], metric: str) -> list[tuple[float, float]]:
    """(speed, value) of the bins with a value of ``metric``; ``speeds``: the bins' speeds,
    worked out once for all metrics."""
    return [
        (speed, v)
        for speed, b in zip(speeds, bins, strict=True)
        if (v := b.metrics.get(metric)) is not None
    ]


def assess(
    metric: str,
    early_pairs: list[tuple[float, float]],
    late_pairs: list[tuple[float, float]],
    km: list[Split],
    warmup_metres: float,
) -> dict[str, Any]:
    """One metric's drift in the late part against its early speed model, from the
    (speed, value) pairs of the early and late bins."""
    xs, ys = zip(*early_pairs, strict=True)
    if len(xs) < MIN_EARLY_BINS:
        return _not_assessed("too_few_values")
    line = fit_line(list(xs), list(ys))
    observed = statistics.fmean(v for _, v in late_pairs)
    late_speed = statistics.fmean(s for s, _ in late_pairs)
    predicted = statistics.fmean(line(s) for s, _ in late_pairs)
    if predicted <= 0:
        return _not_assessed("model_failed")
    drift = (observed - predicted) / predicted * 100
    residual_sd = (
        statistics.stdev([v - line(s) for s, v in late_pairs]) if len(late_pairs) > 1 else 0.0
    )
    spread = math.sqrt(
        BIN_CORRELATION * residual_sd**2 / len(late_pairs) + line.prediction_se(late_speed) ** 2
    )
    half = Z95 * spread / predicted * 100
    clear = abs(drift) >= CLEAR_DRIFT and (drift - half) * (drift + half) > 0
    per_km = [_km_drift(line, split, metric) for split in km if split.start_m >= warmup_metres]
    # an onset only for a drift that is clear: a metric that held has no km it began at
    onset = onset_km(per_km, FATIGUE_SIGN[metric]) if clear else None
    from_onset = [d for start, d in per_km if onset is not None and start >= onset * 1000 - 1]
    return {
        "drift_pct": round(drift, 2),
        "fatigue_pct": _towards_fatigue(metric, drift, observed, predicted),
        "ci_pct": [round(drift - half, 2), round(drift + half, 2)],
        "onset_km": onset,
        "drift_from_onset_pct": round(statistics.fmean(from_onset), 2) if from_onset else None,
        "clear": clear,
        "model": {"intercept": line.intercept, "slope": line.slope},
        "reason": None,
    }


def _towards_fatigue(metric: str, drift: float, observed: float, predicted: float) -> float | None:
    """The drift signed so that positive is the direction of fatigue (None: no direction)."""
    sign = FATIGUE_SIGN[metric]
    if sign is None:
        return None
    if sign == 0:  # balance: further from 50/50 than predicted, in % of the prediction
        return round((abs(observed - 50) - abs(predicted - 50)) / predicted * 100, 2)
    return round(drift * sign, 2)


def _km_drift(line: Line, split: Split, metric: str) -> tuple[float, float]:
    observed = split.metrics.get(metric)
    predicted = line(split.speed)
    if observed is None or predicted <= 0:
        return split.start_m, math.nan
    return split.start_m, (observed - predicted) / predicted * 100


def onset_km(per_km: list[tuple[float, float]], sign: int | None) -> float | None:
    """Where a lasting drift in the direction of fatigue begins: the best single step
    in the per-km drift that is at least ``CLEAR_DRIFT`` high and holds to the end."""
    points = [(start, d) for start, d in per_km if not math.isnan(d)]
    if sign is None or len(points) < 6:
        return None
    values = [d * sign if sign else abs(d) for _, d in points]
    best: tuple[float, int] | None = None
    for k in range(3, len(values) - 2):
        before, after = values[:k], values[k:]
        cost = _sse(before) + _sse(after)
        if best is None or cost < best[0]:
            best = (cost, k)
    if best is None:
        return None
    k = best[1]
    before, after = values[:k], values[k:]
    step = statistics.fmean(after) - statistics.fmean(before)
    holding = sum(v - statistics.fmean(before) >= step / 2 for v in after) >= 0.75 * len(after)
    if step < CLEAR_DRIFT or not holding or values[-1] - statistics.fmean(before) < step / 2:
        return None
    return round(points[k][0] / 1000)


def _sse(values: list[float]) -> float:
    mean = statistics.fmean(values)
    return sum([(v - mean) ** 2 for v in values])  # a list: the same sum, made faster


# what the fade index is a mean over (vertical ratio, or oscillation without it)
FADE_METRICS = (
    "ground_contact_time",
    "cadence",
    "step_length",
    "ground_contact_balance",
    "vertical_ratio",
    "vertical_oscillation",
)


def _composite(result: dict[str, Any]) -> None:
    """Fade index: mean drift towards fatigue over the form metrics assessed (vertical
    ratio stands for oscillation when both are there: it is oscillation per step)."""
    metrics = result["metrics"]
    chosen = list(FADE_METRICS[:4])
    chosen.append(
        "vertical_ratio"
        if metrics["vertical_ratio"]["drift_pct"] is not None
        else "vertical_oscillation"
    )
    signed = []
    for metric in chosen:
        fatigue = metrics[metric]["fatigue_pct"]
        if fatigue is None:
            continue
        signed.append(fatigue)
        result["fade_metrics"].append(metric)
    result["fade_index"] = round(statistics.fmean(signed), 2) if signed else None
    _run_onset(result)


def _run_onset(result: dict[str, Any]) -> None:
    metrics = result["metrics"]
    onsets = [  # the first lasting fade of any metric, whether or not it is in the index
        r["onset_km"] for r in metrics.values() if r["clear"] and (r["fatigue_pct"] or 0) > 0
    ]
    result["onset_km"] = min((o for o in onsets if o is not None), default=None)


def decoupling(bins: list[Split], warmup_metres: float) -> float | None:
    """Pace : heart rate, first half against second (by moving time, after the warm-up),
    in %: positive when the same heart rate buys less speed late."""
    steady = [b for b in bins if b.start_m >= warmup_metres and b.heart_rate]
    total = sum(b.seconds for b in steady)
    if total < 30 * 60:
        return None
    halves: list[list[Split]] = [[], []]
    elapsed = 0.0
    for b in steady:
        halves[elapsed >= total / 2].append(b)
        elapsed += b.seconds
    first, second = (_speed_per_beat(h) for h in halves)
    return round((first - second) / first * 100, 2) if first > 0 else None


def _speed_per_beat(bins: list[Split]) -> float:
    seconds = sum(b.seconds for b in bins)
    beats = sum((b.heart_rate or 0) * b.seconds for b in bins) / seconds
    return sum(b.metres for b in bins) / seconds / beats if beats > 0 else 0.0
