"""Cleaning one run: what is left is running, with a trustworthy distance.

Removed: timer pauses and gaps (more than ``GAP_SECONDS`` without a sample), stops
(slower than ``STOP_SPEED``), walking (cadence under ``WALK_CADENCE`` steps a minute, or
without cadence slower than ``WALK_SPEED``), GPS spikes (a distance step faster than
``MAX_SPEED``, replaced by the recorded speed or dropped). The first ``WARMUP_SECONDS`` of
running are kept in the summaries but marked, and left out of the form model.
Recognised: treadmill (the watch says so, or no position fix at all) and intervals
(minute-by-minute pace varying by more than ``INTERVAL_CV``).
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass, field

from hipcoach.runs.track import DYNAMICS, NAN, Track

GAP_SECONDS = 10.0
STOP_SPEED = 0.5  # m/s
WALK_CADENCE = 130.0  # steps/min: running rarely goes below 140, walking rarely above 125
WALK_SPEED = 1.6  # m/s (10:25 min/km), used only without cadence
MAX_SPEED = 7.0  # m/s (2:23 min/km), faster than any marathoner's pace
WARMUP_SECONDS = 600.0
INTERVAL_CV = 0.15
EARTH_RADIUS = 6_371_000.0
TREADMILL_SUB_SPORTS = frozenset({"treadmill", "indoor_running", "virtual_activity"})


@dataclass
class CleanRun:
    """The running samples of one run: moving time and clean distance from its start."""

    seconds: list[float] = field(default_factory=list)  # moving time
    distance: list[float] = field(default_factory=list)  # metres
    dt: list[float] = field(default_factory=list)  # moving seconds each sample stands for
    speed: list[float] = field(default_factory=list)
    heart_rate: list[float] = field(default_factory=list)
    cadence: list[float] = field(default_factory=list)
    dynamics: dict[str, list[float]] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
    paused_seconds: float = 0.0
    walking_seconds: float = 0.0
    spikes: int = 0
    treadmill: bool = False
    intervals: bool = False
    warmup_metres: float = 0.0

    @property
    def moving_seconds(self) -> float:
        return self.seconds[-1] if self.seconds else 0.0

    @property
    def metres(self) -> float:
        return self.distance[-1] if self.distance else 0.0


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


def _haversine(track: Track, a: int, b: int) -> float:
    lat1, lon1, lat2, lon2 = (
        math.radians(v) for v in (track.lat[a], track.lon[a], track.lat[b], track.lon[b])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


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
    return mean > 0 and statistics.pstdev(speeds) / mean > INTERVAL_CV


__all__ = ["NAN", "CleanRun", "clean"]
