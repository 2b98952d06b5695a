"""Cleaning one run: what is left is running, with a trustworthy distance.

Removed: timer pauses and gaps (more than ``GAP_SECONDS`` without a sample), stops
(slower than ``STOP_SPEED``), walking (cadence under ``WALK_CADENCE`` steps a minute, or
without cadence slower than ``WALK_SPEED``; and, whatever the cadence, ``SLOW_SECONDS``
or more slower than ``WALK_SPEED``), GPS spikes (a distance step faster than
``MAX_SPEED``, replaced by the recorded speed or dropped). The first ``WARMUP_SECONDS`` of
running are kept in the summaries but marked, and left out of the form model.
Recognised: treadmill (the watch says so, or no position fix at all) and intervals
(minute-by-minute pace varying by more than ``INTERVAL_CV`` and switching between fast
and slow at least ``INTERVAL_SWITCHES`` times).

Speed (issue 17): a three-hour run at one sample a second is cleaned in about ten
milliseconds, in plain Python, with the results of one loop over the samples (kept as
the oracle in tests/runs_reference.py): columns go through C-level ``map``, ``sum``,
``min``/``max``, ``accumulate`` and ``bisect``; stretches that are plainly running are
copied whole and only the others judged sample by sample (``_keep_running``); the
walking median is worked out only near slow or missing cadence (``_median_below``).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import operator
import statistics
from dataclasses import dataclass, field

from hipcoach.runs.track import DYNAMICS, NAN, Track

GAP_SECONDS = 10.0
STOP_SPEED = 0.5  # m/s
WALK_CADENCE = 130.0  # steps/min: running rarely goes below 140, walking rarely above 125
WALK_SPEED = 1.6  # m/s (10:25 min/km), used only without cadence
SLOW_SECONDS = 60.0  # this long slower than WALK_SPEED is walking, whatever the cadence
WALK_WINDOW = 5  # samples either side: walking is judged on the median of eleven
BLOCK = 128  # samples judged together when all of them are plainly running
MAX_SPEED = 7.0  # m/s (2:23 min/km), faster than any marathoner's pace
WARMUP_SECONDS = 600.0
INTERVAL_CV = 0.15
INTERVAL_SWITCHES = 4  # fast-to-slow or back: two repeats at least, not a tempo and a jog home
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
    run = CleanRun(treadmill=track.sub_sport in TREADMILL_SUB_SPORTS or not track.has_gps())
    samples, gaps = _in_time_order(track)
    seconds = samples.seconds
    run.elapsed_seconds = seconds[-1] - seconds[0] if seconds else 0.0
    walking = _slow_stretches(_walking(samples.cadence, samples.speed), samples)
    kept = _keep_running(run, samples, gaps, _steps(samples), walking)
    run.heart_rate = _take(samples.heart_rate, kept)
    run.cadence = _take(samples.cadence, kept)
    run.dynamics = {m: _take(samples.dynamics[m], kept) for m in DYNAMICS if m in track.dynamics}
    run.warmup_metres = _distance_at(run, WARMUP_SECONDS)
    run.intervals = _is_intervals(run)
    return run


def _in_time_order(track: Track) -> tuple[Track, list[float]]:
    """The samples by time, dropping those that go back in time (a clock jump), and the
    seconds from each to the next: the track itself when its clock only ever moves
    forward, as it nearly always does."""
    gaps = _gaps(track.seconds)
    if _moves_forward(track.seconds, gaps):
        return track, gaps
    order, last = [], -math.inf
    for i, second in enumerate(track.seconds):
        if second > last:
            order.append(i)
            last = second
    ranges = [(i, i + 1) for i in order]
    ordered = dataclasses.replace(
        track,
        seconds=_take(track.seconds, ranges),
        distance=_take(track.distance, ranges),
        speed=_take(track.speed, ranges),
        heart_rate=_take(track.heart_rate, ranges),
        cadence=_take(track.cadence, ranges),
        lat=_take(track.lat, ranges),
        lon=_take(track.lon, ranges),
        dynamics={m: _take(column, ranges) for m, column in track.dynamics.items()},
    )
    return ordered, _gaps(ordered.seconds)


def _moves_forward(seconds: list[float], gaps: list[float]) -> bool:
    """Every second is later than the one before (and than -inf, as a nan is not):
    ``b - a > 0`` is ``b > a`` for floats, and a nan among the gaps shows in their sum."""
    if not seconds:
        return True
    return seconds[0] > -math.inf and (not gaps or (_no_nan(gaps) and min(gaps) > 0))


def _gaps(seconds: list[float]) -> list[float]:
    return list(map(operator.sub, seconds[1:], seconds[:-1]))


def _take(column: list[float], ranges: list[tuple[int, int]]) -> list[float]:
    """The values at the indices ``range(a, b)`` of each ``(a, b)``, in order."""
    if len(ranges) == 1:  # a run without a stop: one slice, not a slice and a copy of it
        return column[ranges[0][0] : ranges[0][1]]
    values: list[float] = []
    for a, b in ranges:
        values += column[a:b]
    return values


def _walking(cadence: list[float], speed: list[float]) -> list[bool]:
    """Per sample: walking, judged on the median cadence of the eleven samples around it
    (without any cadence there, on their median speed)."""
    by_cadence = _median_below(cadence, WALK_CADENCE)
    if None not in by_cadence:
        return by_cadence  # type: ignore[return-value]  # without None, all are bools
    by_speed = _median_below(speed, WALK_SPEED)
    return [c if c is not None else s is True for c, s in zip(by_cadence, by_speed, strict=True)]


def _slow_stretches(walking: list[bool], samples: Track) -> list[bool]:
    """``walking``, and also every stretch of ``SLOW_SECONDS`` or more whose median speed
    (as for walking) is under ``WALK_SPEED`` while moving: a high cadence at 1 m/s is
    not running. Stops (under ``STOP_SPEED``) end a stretch: they are pauses."""
    speed, seconds = samples.speed, samples.seconds
    slow = _median_below(speed, WALK_SPEED)
    if True not in slow:
        return walking
    marked = list(walking)
    stretch: list[int] = []
    for i in [*itertools.compress(range(len(slow)), slow), -1]:
        if stretch and (i != stretch[-1] + 1 or i < 0):
            if seconds[stretch[-1]] - seconds[stretch[0]] >= SLOW_SECONDS:
                for k in stretch:
                    marked[k] = True
            stretch = []
        if i >= 0:
            stretch.append(i)
    return marked


def _median_below(values: list[float], threshold: float) -> list[bool | None]:
    """Per sample: is the median of the values (nan left out) of the samples within
    ``WALK_WINDOW`` of it below ``threshold``? None where they are all nan.

    A window without a value below the threshold or nan has its median at or above it:
    only windows near such values need a look. When they are few (walking breaks in a
    run), each is worked out as the rule says; when many, counting decides (see
    ``_median_by_counting``)."""
    below = list(map(operator.lt, values, itertools.repeat(threshold)))  # nan < x: False
    missing = list(map(math.isnan, values))
    unusual = list(itertools.compress(range(len(values)), map(operator.or_, below, missing)))
    if len(unusual) * (2 * WALK_WINDOW + 1) > len(values) // 4:
        return _median_by_counting(values, threshold, below, missing)
    verdicts: list[bool | None] = [False] * len(values)
    near = {k for i in unusual for k in range(i - WALK_WINDOW, i + WALK_WINDOW + 1)}
    for k in near & set(range(len(values))):
        verdicts[k] = _median_rule(values, k, threshold)
    return verdicts


def _median_rule(values: list[float], k: int, threshold: float) -> bool | None:
    """The rule itself at sample ``k``: the median of the window, nan left out."""
    window = values[max(0, k - WALK_WINDOW) : k + WALK_WINDOW + 1]
    numbers = [v for v in window if not math.isnan(v)]
    return statistics.median(numbers) < threshold if numbers else None


def _median_by_counting(
    values: list[float], threshold: float, below: list[bool], missing: list[bool]
) -> list[bool | None]:
    """``_median_below`` without sorting: of ``n`` values, the median is below the
    threshold when more than half are (then the middle one, or both middle ones, are)
    and not when fewer than half are. Only with exactly half below (an even ``n``: a
    window cut by the run's ends or by nan) does the mean of the two middle values
    decide, and the rule is applied as it stands."""
    below_n = _window_counts(below)
    present_n = _window_counts([not nan for nan in missing])
    verdicts: list[bool | None] = [
        2 * b > p if p else None for b, p in zip(below_n, present_n, strict=True)
    ]
    for k, (b, p) in enumerate(zip(below_n, present_n, strict=True)):
        if p and 2 * b == p:
            verdicts[k] = _median_rule(values, k, threshold)
    return verdicts


def _window_counts(flags: list[bool]) -> list[int]:
    """Per sample: how many of the flags within ``WALK_WINDOW`` of it are set."""
    n = len(flags)
    totals = list(itertools.accumulate(flags, initial=0))  # totals[k]: flags before k
    ends = (totals[WALK_WINDOW + 1 :] + [totals[-1]] * (WALK_WINDOW + 1))[:n]
    starts = ([0] * WALK_WINDOW + totals[: max(0, n - WALK_WINDOW)])[:n]
    return list(map(operator.sub, ends, starts))


def _no_nan(values: list[float]) -> bool:
    """No nan among ``values`` (a nan makes the sum nan; an overflow to inf - inf can
    only say "nan" wrongly, which sends the caller to its exact, slower path)."""
    return not math.isnan(sum(values))


def _steps(samples: Track) -> list[float]:
    """The distance from each sample to the next: from the recorded distance, or from
    the positions where it is missing (nan where neither tells)."""
    distance = samples.distance
    steps = list(map(operator.sub, distance[1:], distance[:-1]))
    if not _no_nan(steps):
        for k in itertools.compress(range(len(steps)), map(math.isnan, steps)):
            steps[k] = _haversine(samples, k, k + 1)
    return steps


def _keep_running(
    run: CleanRun, samples: Track, gaps: list[float], steps: list[float], walking: list[bool]
) -> list[tuple[int, int]]:
    """Books the time from each sample to the next as paused, walking or running, fills
    ``run``'s moving time, clean distance, dt and speed, and returns the running
    samples as ranges of indices. Blocks where every sample is plainly running are
    copied whole; the others are judged sample by sample."""
    speed = samples.speed
    kept = _Kept()
    for a in range(0, len(gaps), BLOCK):  # gaps[j] and steps[j] lead to sample j + 1
        b = min(a + BLOCK, len(gaps))
        block = (gaps[a:b], steps[a:b], speed[a + 1 : b + 1], walking[a + 1 : b + 1])
        if _plainly_running(*block):
            kept.extend(a + 1, *block[:3])
        else:
            _judge_each(run, kept, a + 1, *block)
    run.seconds = _running_total(kept.dt)
    run.distance = _running_total(kept.steps)
    run.dt = kept.dt
    run.speed = kept.speed
    return kept.ranges


@dataclass
class _Kept:
    """The running samples found so far: their index ranges, dt, step and speed."""

    ranges: list[tuple[int, int]] = field(default_factory=list)
    dt: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    speed: list[float] = field(default_factory=list)

    def extend(self, first: int, dt: list[float], steps: list[float], speed: list[float]) -> None:
        if self.ranges and self.ranges[-1][1] == first:  # continues the last range
            self.ranges[-1] = (self.ranges[-1][0], first + len(dt))
        else:
            self.ranges.append((first, first + len(dt)))
        self.dt += dt
        self.steps += steps
        self.speed += speed


def _plainly_running(
    gaps: list[float], steps: list[float], speeds: list[float], walking: list[bool]
) -> bool:
    """Would ``_judge_each`` keep every sample of the block as recorded? Yes when none is
    walking, no gap is longer than ``GAP_SECONDS``, every recorded speed lies in
    [STOP_SPEED, MAX_SPEED] (plausible, and not a stop), and every step in [0, MAX_SPEED *
    its dt]: implied by max(steps) <= MAX_SPEED * min(gaps), as rounding a product is
    monotonic. Decided by C-level min, max, any and sum (for nan)."""
    return (
        not any(walking)
        and max(gaps) <= GAP_SECONDS
        and _no_nan(speeds)
        and min(speeds) >= STOP_SPEED
        and max(speeds) <= MAX_SPEED
        and _no_nan(steps)
        and min(steps) >= 0
        and max(steps) <= MAX_SPEED * min(gaps)
    )


def _judge_each(
    run: CleanRun,
    kept: _Kept,
    first: int,
    gaps: list[float],
    steps: list[float],
    speeds: list[float],
    walking: list[bool],
) -> None:
    """Sample by sample: a spike (a distance step that is negative or faster than
    ``MAX_SPEED``) is replaced by the recorded speed when that is plausible, else 0."""
    rows = zip(itertools.count(first), gaps, steps, speeds, walking, strict=False)
    for i, dt, recorded_step, recorded, walk in rows:
        if dt > GAP_SECONDS:
            run.paused_seconds += dt
            continue
        plausible_speed = 0 <= recorded <= MAX_SPEED  # False for nan
        step = recorded_step
        if not 0 <= step <= MAX_SPEED * dt:  # also nan: no distance, no position
            if not math.isnan(step):
                run.spikes += 1
            step = recorded * dt if plausible_speed else 0.0
        speed = recorded if plausible_speed else (step / dt if dt > 0 else 0.0)
        if speed < STOP_SPEED:
            run.paused_seconds += dt
        elif walk:
            run.walking_seconds += dt
        else:
            kept.extend(i, [dt], [step], [speed])


def _running_total(values: list[float]) -> list[float]:
    """0.0 + v1, + v2, ...: the same additions, in the same order, as a loop would do
    (starting from 0.0 turns a first -0.0 into 0.0, as the loop did)."""
    totals = list(itertools.accumulate(values, initial=0.0))
    del totals[0]
    return totals


def _haversine(track: Track, a: int, b: int) -> float:
    lat1, lon1, lat2, lon2 = (
        math.radians(v) for v in (track.lat[a], track.lon[a], track.lat[b], track.lon[b])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


def _distance_at(run: CleanRun, seconds: float) -> float:
    """The distance at the first sample at or after ``seconds`` of moving time (moving
    time only grows, so bisecting finds it)."""
    k = bisect.bisect_left(run.seconds, seconds)
    return run.distance[k] if k < len(run.distance) else run.metres


def _is_intervals(run: CleanRun) -> bool:
    """Minute-by-minute pace after the warm-up varies like a session of repeats."""
    seconds, distance, dt = run.seconds, run.distance, run.dt
    speeds = []
    start = bisect.bisect_left(seconds, WARMUP_SECONDS)
    while start < len(seconds):  # one minute of moving time at a time (time only grows)
        end = bisect.bisect_left(seconds, (seconds[start] // 60 + 1) * 60, start)
        minute_seconds = sum(dt[start:end], 0.0)
        if minute_seconds >= 30:
            # metres since the sample before, one by one, as the loop this replaced added
            before = distance[start - 1 : end - 1] if start else [0.0, *distance[: end - 1]]
            metres = sum(map(operator.sub, distance[start:end], before))
            speeds.append(metres / minute_seconds)
        start = end
    speeds = speeds[:-1]  # the last is partial
    if len(speeds) < 5:
        return False
    mean = statistics.fmean(speeds)
    varied = mean > 0 and statistics.pstdev(speeds) / mean > INTERVAL_CV
    return varied and pace_switches(speeds) >= INTERVAL_SWITCHES


def pace_switches(speeds: list[float]) -> int:
    """How often minute speeds go from clearly fast (over 110 % of the median) to clearly
    slow (under 90 %) or back, minutes in between ignored: repeats switch again and
    again; a tempo run with an easy start and a jog home switches once or twice."""
    median = statistics.median(speeds)
    states = [s > median for s in speeds if s > 1.1 * median or s < 0.9 * median]
    return sum(1 for a, b in itertools.pairwise(states) if a != b)


__all__ = ["NAN", "CleanRun", "clean"]
