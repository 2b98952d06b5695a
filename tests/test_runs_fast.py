"""The fast runs cleaning and splits (issue 17: a three-hour run in milliseconds) give
exactly what the plain loops they replaced gave (tests/runs_reference.py), to the last
bit, on runs with every kind of irregularity; and the walking rule decided by counting
is the median rule."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import asdict
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hipcoach.runs.clean import (
    WALK_CADENCE,
    WALK_WINDOW,
    _median_below,
    _median_by_counting,
    clean,
)
from hipcoach.runs.splits import splits
from hipcoach.runs.track import DYNAMICS, NAN, Track
from tests import runs_reference

NEAR_THRESHOLD = [NAN, 110.0, 129.0, 129.99, WALK_CADENCE, 130.01, 131.0, 175.0]


def median_rule(cadence: list[float]) -> list[bool | None]:
    """The walking rule as written: the median of the window around each sample."""
    expected: list[bool | None] = []
    for k in range(len(cadence)):
        window = cadence[max(0, k - WALK_WINDOW) : k + WALK_WINDOW + 1]
        numbers = [v for v in window if not math.isnan(v)]
        expected.append(statistics.median(numbers) < WALK_CADENCE if numbers else None)
    return expected


cadences = st.sampled_from(NEAR_THRESHOLD) | st.floats(100, 160, allow_nan=False)


@given(st.lists(cadences, max_size=40))
def test_walking_by_counting_is_the_median_rule(cadence: list[float]) -> None:
    below = [v < WALK_CADENCE for v in cadence]
    missing = [math.isnan(v) for v in cadence]
    expected = median_rule(cadence)
    assert _median_by_counting(cadence, WALK_CADENCE, below, missing) == expected
    assert _median_below(cadence, WALK_CADENCE) == expected


bursts = st.lists(st.tuples(st.integers(0, 1200), st.lists(cadences, max_size=12)), max_size=3)


@given(st.integers(0, 1200), bursts)
@example(600, [(0, [110.0] * 4), (596, [NAN, 110.0, 110.0, 110.0])])  # walking at both ends
def test_walking_near_a_few_slow_samples_is_the_median_rule(
    length: int, slow: list[tuple[int, list[float]]]
) -> None:
    cadence = [175.0] * length
    for at, values in slow:
        cadence[at : at + len(values)] = values
    del cadence[length:]
    assert _median_below(cadence, WALK_CADENCE) == median_rule(cadence)


# What can go wrong at a sample: (column, how), applied from the sample on or at it alone.
EVENTS = [
    "pause",  # the timer stopped: a gap
    "clock_back",  # the clock jumps back
    "same_second",  # two samples in one second
    "stop",  # standing still: speed under STOP_SPEED
    "walk",  # walking cadence for a while
    "spike",  # the distance jumps, and stays
    "back",  # the distance goes back
    "no_distance",  # distance missing for a while: from positions
    "no_position",  # distance and position missing
    "no_speed",  # speed missing
    "fast_speed",  # an implausible recorded speed
    "no_cadence",  # cadence missing for a while: walking by speed
    "slow_no_cadence",  # no cadence and a walking speed
    "no_dynamics",  # form fields missing for a while
    "odd_dt",  # smart recording: samples 1-7 s apart
]


def synthetic(n: int, events: list[tuple[int, str, int]], *, seed: int, treadmill: bool) -> Track:
    """A steady run of ``n`` samples with ``events``: (sample, what, how many samples)."""
    rng = random.Random(seed)  # noqa: S311 - noise for tests, not secrets
    track = Track(start=datetime(2026, 1, 1, tzinfo=UTC), device="t")
    track.sub_sport = "treadmill" if treadmill else ""
    second, metres = 0.0, 0.0
    for _ in range(n):
        speed = 3.2 + rng.uniform(-0.3, 0.3)
        second += 1.0
        metres += speed
        track.seconds.append(second)
        track.distance.append(metres)
        track.speed.append(speed + rng.gauss(0, 0.05))
        track.heart_rate.append(150 + rng.gauss(0, 2))
        track.cadence.append(176 + rng.gauss(0, 2))
        track.lat.append(NAN if treadmill else 35.6 + metres / 111_000)
        track.lon.append(NAN if treadmill else 139.7)
    track.dynamics = {m: [rng.uniform(40, 300) for _ in range(n)] for m in DYNAMICS[:4]}
    for at, what, length in events:
        if at < n:
            _apply(track, what, at, min(n, at + length), rng)
    return track


def _apply(track: Track, what: str, at: int, end: int, rng: random.Random) -> None:  # noqa: PLR0912
    n = len(track)
    if what == "pause":
        for i in range(at, n):
            track.seconds[i] += 30
    elif what == "clock_back":
        for i in range(at, end):
            track.seconds[i] -= 5
    elif what == "same_second":
        track.seconds[at] = track.seconds[max(0, at - 1)]
    elif what == "odd_dt":
        for i in range(at, n):
            track.seconds[i] += (i - at) * rng.randint(0, 6)
    elif what in ("spike", "back"):
        for i in range(at, n):
            track.distance[i] += 500 if what == "spike" else -20
    for i in range(at, end):
        if what == "stop":
            track.speed[i] = 0.1
        elif what == "walk":
            track.cadence[i] = 110.0
        elif what in ("no_distance", "no_position"):
            track.distance[i] = NAN
            if what == "no_position":
                track.lat[i] = track.lon[i] = NAN
        elif what == "no_speed":
            track.speed[i] = NAN
        elif what == "fast_speed":
            track.speed[i] = 9.0
        elif what in ("no_cadence", "slow_no_cadence"):
            track.cadence[i] = NAN
            if what == "slow_no_cadence":
                track.speed[i] = 1.2
        elif what == "no_dynamics":
            for column in track.dynamics.values():
                column[i] = NAN


runs = st.builds(
    synthetic,
    st.integers(0, 900),
    st.lists(
        st.tuples(st.integers(0, 900), st.sampled_from(EVENTS), st.integers(1, 60)), max_size=8
    ),
    seed=st.integers(0, 1000),
    treadmill=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(runs)
def test_fast_cleaning_and_splits_match_the_plain_loops(track: Track) -> None:
    fast, plain = clean(track), runs_reference.clean(track)
    assert repr(asdict(fast)) == repr(asdict(plain))  # repr: nan equals nan, -0.0 is not 0.0
    metrics = ["cadence", *fast.dynamics]
    for length in (1000.0, 250.0, 100.0):
        assert repr(splits(fast, length, metrics)) == repr(
            runs_reference.splits(plain, length, metrics)
        )
