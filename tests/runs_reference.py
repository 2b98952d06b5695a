"""The runs cleaning and splits as they were before they were made fast (issue 17): one
loop over the samples, easy to check by eye. Kept, verbatim, as the oracle the fast
versions in hipcoach.runs.clean and .splits must match exactly (test_runs_fast.py)."""

from __future__ import annotations

import itertools
import math
import statistics

from hipcoach.runs.clean import (
    GAP_SECONDS,
    INTERVAL_CV,
    INTERVAL_SWITCHES,
    MAX_SPEED,
    SLOW_SECONDS,
    STOP_SPEED,
    TREADMILL_SUB_SPORTS,
    WALK_CADENCE,
    WALK_SPEED,
    WARMUP_SECONDS,
    CleanRun,
    _haversine,
    pace_switches,
)
from hipcoach.runs.splits import MIN_LAST_SPLIT, Split
from hipcoach.runs.track import DYNAMICS, Track


def clean(track: Track) -> CleanRun:
    """The running part of ``track`` (see the module's description)."""
    run = CleanRun(dynamics={m: [] for m in DYNAMICS if m in track.dynamics})
    run.treadmill = track.sub_sport in TREADMILL_SUB_SPORTS or not track.has_gps()
    order = _in_time_order(track)
    run.elapsed_seconds = track.seconds[order[-1]] - track.seconds[order[0]] if order else 0.0
    walking = _walking(track, order)
    moving, metres = 0.0, 0.0
    for previous, i in itertools.pairwise(order):
        dt = track.seconds[i] - track.seconds[previous]
        if dt > GAP_SECONDS:
            run.paused_seconds += dt
            continue
        step, speed = _step(track, previous, i, dt, run)
        if speed < STOP_SPEED:
            run.paused_seconds += dt
            continue
        if walking[i]:
            run.walking_seconds += dt
            continue
        moving += dt
        metres += step
        _keep(run, track, i, moving, metres, dt, speed)
    run.warmup_metres = _distance_at(run, WARMUP_SECONDS)
    run.intervals = _is_intervals(run)
    return run


def _in_time_order(track: Track) -> list[int]:
    """Sample indices by time, dropping those that go back in time (a clock jump)."""
    order, last = [], -math.inf
    for i, second in enumerate(track.seconds):
        if second > last:
            order.append(i)
            last = second
    return order


def _walking(track: Track, order: list[int]) -> list[bool]:
    """Per sample: walking, judged on the median of eleven samples around it."""
    flags = [False] * len(track)
    for k, i in enumerate(order):
        window = order[max(0, k - 5) : k + 6]
        cadences = [track.cadence[j] for j in window if not math.isnan(track.cadence[j])]
        if cadences:
            flags[i] = statistics.median(cadences) < WALK_CADENCE
            continue
        speeds = [track.speed[j] for j in window if not math.isnan(track.speed[j])]
        flags[i] = bool(speeds) and statistics.median(speeds) < WALK_SPEED
    # then every stretch of SLOW_SECONDS or more with its median speed under WALK_SPEED
    stretch: list[int] = []
    for k, i in enumerate([*order, None]):
        slow = False
        if i is not None:
            window = order[max(0, k - 5) : k + 6]
            speeds = [track.speed[j] for j in window if not math.isnan(track.speed[j])]
            slow = bool(speeds) and statistics.median(speeds) < WALK_SPEED
        if slow:
            stretch.append(i)  # type: ignore[arg-type]
            continue
        if stretch and track.seconds[stretch[-1]] - track.seconds[stretch[0]] >= SLOW_SECONDS:
            for j in stretch:
                flags[j] = True
        stretch = []
    return flags


def _step(track: Track, previous: int, i: int, dt: float, run: CleanRun) -> tuple[float, float]:
    """The distance covered since the previous sample and the speed, spikes replaced."""
    step = track.distance[i] - track.distance[previous]
    if math.isnan(step):
        step = _haversine(track, previous, i)
    recorded = track.speed[i]
    plausible_speed = not math.isnan(recorded) and 0 <= recorded <= MAX_SPEED
    if math.isnan(step) or step < 0 or step > MAX_SPEED * dt:
        if not math.isnan(step):
            run.spikes += 1
        step = recorded * dt if plausible_speed else 0.0
    speed = recorded if plausible_speed else (step / dt if dt > 0 else 0.0)
    return step, speed


def _keep(
    run: CleanRun, track: Track, i: int, moving: float, metres: float, dt: float, speed: float
) -> None:
    run.seconds.append(moving)
    run.distance.append(metres)
    run.dt.append(dt)
    run.speed.append(speed)
    run.heart_rate.append(track.heart_rate[i])
    run.cadence.append(track.cadence[i])
    for metric, column in run.dynamics.items():
        column.append(track.dynamics[metric][i])


def _distance_at(run: CleanRun, seconds: float) -> float:
    for moving, metres in zip(run.seconds, run.distance, strict=True):
        if moving >= seconds:
            return metres
    return run.metres


def _is_intervals(run: CleanRun) -> bool:
    """Minute-by-minute pace after the warm-up varies like a session of repeats."""
    minutes: dict[int, list[float]] = {}
    previous = 0.0
    for moving, metres, dt in zip(run.seconds, run.distance, run.dt, strict=True):
        if moving >= WARMUP_SECONDS:
            total = minutes.setdefault(int(moving // 60), [0.0, 0.0])
            total[0] += metres - previous
            total[1] += dt
        previous = metres
    speeds = [m / s for m, s in minutes.values() if s >= 30][:-1]  # the last is partial
    if len(speeds) < 5:
        return False
    mean = statistics.fmean(speeds)
    varied = mean > 0 and statistics.pstdev(speeds) / mean > INTERVAL_CV
    return varied and pace_switches(speeds) >= INTERVAL_SWITCHES  # the shared rule


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
