"""The runs analysis finds exactly the drift injected into synthetic runs, and nothing
where the runner only slowed down; cleaning removes pauses, walking and GPS spikes."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from typing import Any

import pytest

from hipcoach.log.runs import RunListing
from hipcoach.runs import clean as clean_module
from hipcoach.runs.clean import CleanRun, clean
from hipcoach.runs.decode import RunSummary, summarise
from hipcoach.runs.track import METRICS
from hipcoach.runs.trend import compare, trend
from tests.runsynth import Plan, track

LATE_FROM = 25.0  # runs of 30 km or more: the late part starts at 25 km


def analysed(plan: Plan) -> RunSummary:
    summary = summarise(track(plan), "0" * 64, 0, "synthetic.fit", "fit")
    assert summary is not None
    return summary


def metric(summary: RunSummary, name: str) -> dict[str, Any]:
    result: dict[str, Any] = summary.analysis["metrics"][name]
    return result


def late_share(plan: Plan) -> float:
    """The part of the late window that carries the injected drift."""
    return (plan.km - plan.drift_from_km) / (plan.km - LATE_FROM)


@pytest.mark.parametrize(
    ("name", "percent"),
    [("ground_contact_time", 7.0), ("cadence", -4.0), ("vertical_oscillation", 6.0)],
)
def test_injected_drift_is_found_with_its_onset(name: str, percent: float) -> None:
    plan = Plan(drift={name: percent})
    summary = analysed(plan)
    result = metric(summary, name)
    assert summary.analysis["judged"]
    assert result["drift_pct"] == pytest.approx(percent * late_share(plan), abs=1.5)
    assert result["drift_from_onset_pct"] == pytest.approx(percent, abs=1.5)
    assert result["onset_km"] == pytest.approx(plan.drift_from_km, abs=1)
    low, high = result["ci_pct"]
    assert low <= result["drift_pct"] <= high
    assert result["clear"]
    assert summary.analysis["onset_km"] == pytest.approx(plan.drift_from_km, abs=1)
    others = [m for m in METRICS if m != name and metric(summary, m)["clear"]]
    assert others in ([], ["vertical_ratio"])  # oscillation per step drifts with oscillation


def test_drift_raises_the_fade_index_with_the_right_sign() -> None:
    faded = analysed(Plan(drift={"ground_contact_time": 7, "cadence": -4}))
    held = analysed(Plan())
    assert faded.analysis["fade_index"] > 1.5
    assert abs(held.analysis["fade_index"]) < 0.5


def test_slowing_down_alone_is_not_read_as_fading() -> None:
    plan = Plan(slow_from_km=25, slow_to=2.8)
    summary = analysed(plan)
    km = summary.km
    early = statistics.fmean(s["ground_contact_time"] for s in km[3:20])
    last = statistics.fmean(s["ground_contact_time"] for s in km[-5:])
    assert last > early * 1.05  # the raw contact time rose: the test means something
    for name in METRICS:
        result = metric(summary, name)
        assert abs(result["drift_pct"]) < 1.5, name
        assert not result["clear"], name
    assert summary.analysis["onset_km"] is None


def test_pauses_and_walking_breaks_are_left_out_and_the_drift_still_found() -> None:
    plan = Plan(
        drift={"ground_contact_time": 7},
        pauses=[(10, 300), (31, 120)],
        walks=[(15, 90), (33, 60)],
    )
    summary = analysed(plan)
    assert summary.cleaning["paused_seconds"] >= 420
    assert 140 <= summary.cleaning["walking_seconds"] <= 170
    assert summary.metres == pytest.approx(plan.km * 1000 - 210, rel=0.01)  # walked metres out
    assert not summary.intervals
    result = metric(summary, "ground_contact_time")
    assert result["drift_from_onset_pct"] == pytest.approx(7, abs=1.5)
    assert result["onset_km"] == pytest.approx(27, abs=1)


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        (Plan(km=14, intervals=True), "intervals"),
        (Plan(km=14, treadmill=True), "treadmill"),
        (Plan(km=6), "too_short"),
    ],
)
def test_runs_that_cannot_be_judged_say_why(plan: Plan, reason: str) -> None:
    summary = analysed(plan)
    assert summary.analysis["reason"] == reason
    assert not summary.analysis["judged"]
    assert all(metric(summary, m)["drift_pct"] is None for m in METRICS)
    assert summary.analysis["fade_index"] is None


def test_a_gps_spike_is_replaced_by_the_recorded_speed() -> None:
    synthetic = track(Plan(km=5))
    for i in range(1000, len(synthetic)):
        synthetic.distance[i] += 800  # the fix jumps 800 m in one second, and stays
    run = clean(synthetic)
    assert run.spikes == 1
    assert run.metres == pytest.approx(5000, abs=20)


def test_decoupling_is_positive_when_heart_rate_drifts_up() -> None:
    summary = analysed(Plan(km=21))  # the synthetic heart rate rises 1 beat every 10 min
    assert summary.analysis["decoupling_pct"] > 1


# --- trend -----------------------------------------------------------------------------------


def listing(day: date, fade: float) -> RunListing:
    return RunListing(
        f"id{day}", f"{day}T00:00:00+00:00", 540, day, 21_000, 6300, fade,
        ("cadence",), False, False, None, None, "x.fit",
    )  # fmt: skip


def test_trend_gives_no_verdict_from_too_few_runs() -> None:
    start = date(2026, 6, 1)
    runs = [listing(start - timedelta(days=10), 3.0), listing(date(2026, 11, 1), 0.5)]
    result = compare(runs, start, date(2026, 11, 25))
    assert result.verdict == "too_few"
    assert result.ci is None
    assert (result.before_n, result.after_n) == (1, 1)


def test_trend_compares_before_with_the_last_eight_weeks() -> None:
    start, today = date(2026, 6, 1), date(2026, 11, 25)
    before = [
        listing(start - timedelta(days=7 * k), f) for k, f in enumerate([3.1, 2.6, 3.4, 2.9], 1)
    ]
    after = [
        listing(today - timedelta(days=7 * k), f) for k, f in enumerate([0.4, 0.9, 0.2, 0.7], 1)
    ]
    old = [listing(start + timedelta(days=14), 9.0)]  # after the start, before the 8 weeks
    result = trend([*before, *after, *old], [start, start + timedelta(days=1)], today)
    comparison = result.comparison
    assert comparison is not None
    assert comparison.verdict == "less_fade"
    assert comparison.before_n == 4 and comparison.after_n == 4
    assert (
        comparison.ci is not None
        and comparison.ci[0] < comparison.difference < comparison.ci[1] < 0
    )
    assert result.weeks[-1].monday == date(2026, 11, 23)
    assert sum(w.routine_days for w in result.weeks) == 2


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "en",
            ["Long runs in the 26 weeks before it: 4; in the last 8 weeks: 4", "faded less"],
        ),
        ("ja", ["開始前 26 週間のロング走 4 本、直近 8 週間 4 本", "崩れが小さく"]),
    ],
)
def test_trend_view_gives_counts_interval_and_caveat(lang: str, phrases: list[str]) -> None:
    from hipcoach import i18n
    from hipcoach.tui.runs_view import trend_view

    i18n.set_language(lang)  # type: ignore[arg-type]
    start, today = date(2026, 6, 1), date(2026, 11, 25)
    runs = [listing(start - timedelta(days=7 * k), 3.0 + k / 10) for k in range(1, 5)]
    runs += [listing(today - timedelta(days=7 * k), 0.5 + k / 10) for k in range(1, 5)]
    text = trend_view(trend(runs, [start], today), today)
    for phrase in phrases:
        assert phrase in text


def test_the_baseline_is_the_half_year_before_the_routine() -> None:
    """Runs from years before the routine (another watch, another runner almost) are not
    the 'before' the routine is compared with."""
    start, today = date(2026, 6, 1), date(2026, 11, 25)
    recent_before = [listing(start - timedelta(days=7 * k), 3.0 + k / 10) for k in (1, 2, 3)]
    years_ago = [listing(date(2019, 5, 18), 30.0), listing(start - timedelta(weeks=27), 30.0)]
    after = [listing(today - timedelta(days=7 * k), 0.5) for k in (1, 2, 3)]
    comparison = compare([*recent_before, *years_ago, *after], start, today)
    assert comparison.before_n == 3
    assert comparison.before_mean == pytest.approx(3.2)


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("en", "before: cadence; last 8 weeks: cadence, contact time"), ("ja", "開始前: ケイデンス")],
)
def test_a_change_of_watch_is_said_next_to_the_comparison(lang: str, phrase: str) -> None:
    """A fade index is a mean over the metrics recorded: runs on a watch that records
    contact time too are not measured as the cadence-only runs before were."""
    from dataclasses import replace

    from hipcoach.runs.trend_text import comparison_lines

    start, today = date(2026, 6, 1), date(2026, 11, 25)
    before = [listing(start - timedelta(days=7 * k), 3.0 + k / 10) for k in (1, 2, 3)]
    after = [
        replace(
            listing(today - timedelta(days=7 * k), 0.5), fields=("cadence", "ground_contact_time")
        )
        for k in (1, 2, 3)
    ]
    result = trend([*before, *after], [start], today)
    assert result.comparison is not None and result.comparison.metrics_differ
    assert result.to_dict()["comparison"]["before"]["metrics"] == ["cadence"]
    assert any(phrase in line for line in comparison_lines(result, lang=lang))  # type: ignore[arg-type]
    same = trend([*before, *(replace(r, fields=("cadence",)) for r in after)], [start], today)
    assert same.comparison is not None and not same.comparison.metrics_differ
    assert len(comparison_lines(same, lang=lang)) == 3  # type: ignore[arg-type]


def test_on_a_pretended_day_later_runs_and_sessions_do_not_count() -> None:
    start, today = date(2026, 10, 5), date(2026, 10, 20)
    runs = [listing(date(2026, 10, 18), 2.0), listing(date(2026, 11, 16), 1.0)]
    days = [start, date(2026, 10, 19), date(2026, 10, 22)]
    result = trend(runs, days, today)
    assert result.runs == 1 and result.last_run == date(2026, 10, 18)
    assert result.weeks[-1].monday == date(2026, 10, 19)
    assert result.weeks[-1].routine_days == 1  # the 22nd is still to come


def test_the_trend_json_holds_the_weeks_the_view_shows() -> None:
    from hipcoach.runs.trend import WEEKS_SHOWN

    today = date(2026, 11, 25)
    runs = [listing(date(2019, 5, 18), 2.0), listing(date(2026, 11, 20), 1.0)]
    result = trend(runs, [date(2026, 6, 1)], today)
    weeks = result.to_dict()["weeks"]
    assert len(result.weeks) > WEEKS_SHOWN and len(weeks) == WEEKS_SHOWN
    assert weeks[-1]["week_of"] == "2026-11-23"


def test_a_short_run_has_no_early_window_that_ends_before_it_starts() -> None:
    from hipcoach.runs.analysis import windows

    start, end, _late = windows(760.0, 570.0)  # 0.76 km, the warm-up to 0.57 km
    assert start <= end
    summary = analysed(Plan(km=2))
    assert not summary.analysis["judged"]
    assert summary.analysis["early_km"] is None and summary.analysis["late_km"] is None


def test_a_drift_that_is_not_clear_has_no_onset() -> None:
    """Per-km drift that steps up late, but a late part right on the prediction: held,
    so no km is named where it began (for the metric or for the run)."""
    from hipcoach.runs.analysis import as_shown, assess
    from hipcoach.runs.splits import Split

    early = [(3.0 + k / 100, 250.0 + (k % 3) - 1) for k in range(12)]
    late = [(3.05, 250.0 + (k % 3) - 1) for k in range(6)]
    km = [
        Split(k * 1000.0, (k + 1) * 1000.0, 1000 / 3.05, None, {"ground_contact_time": v})
        for k, v in enumerate([250.0] * 6 + [260.0] * 6)
    ]
    result = assess("ground_contact_time", early, late, km, 0.0)
    assert not result["clear"]
    assert result["onset_km"] is None and result["drift_from_onset_pct"] is None
    stored = {
        "judged": True,
        "reason": None,
        "early_km": [0.0, 6.0],
        "late_km": [8.0, 12.0],
        "metrics": {
            "cadence": {**result, "onset_km": 6, "drift_from_onset_pct": 4.0},
        },
        "onset_km": None,
    }
    shown = as_shown(stored)  # a run imported before: its onset is not shown either
    assert shown["metrics"]["cadence"]["onset_km"] is None and shown["onset_km"] is None


@pytest.mark.parametrize(("seconds", "walked"), [(180, True), (30, False)])
def test_a_long_stretch_slower_than_walking_is_left_out_whatever_the_cadence(
    seconds: int, walked: bool
) -> None:
    """A watch can count 150 steps a minute at 1 m/s (16:40 /km): minutes of that are
    not running; a short slow moment (a corner, a crowd) still is."""
    synthetic = track(Plan(km=5))
    assert clean(synthetic).walking_seconds == 0
    for i in range(600, 600 + seconds):
        synthetic.speed[i] = 1.0  # the cadence stays a runner's
    run = clean(synthetic)
    if walked:
        assert seconds - 10 <= run.walking_seconds <= seconds + 10
    else:
        assert run.walking_seconds == 0


def _run_at(speeds_by_minute: list[float]) -> CleanRun:
    """A cleaned run sampled every second at the given speed for each minute."""
    run = CleanRun()
    metres = 0.0
    for minute, speed in enumerate(speeds_by_minute):
        for second in range(60):
            metres += speed
            run.seconds.append(float(minute * 60 + second + 1))
            run.distance.append(metres)
            run.dt.append(1.0)
    return run


def test_a_tempo_run_with_an_easy_jog_home_is_not_intervals() -> None:
    """Warm-up, 25 minutes at tempo, then 10 minutes easy: the minute speeds vary by more
    than INTERVAL_CV, but they switch from fast to slow once; repeats switch again and
    again (the Fenix 2 run in tests/data/fit was called intervals for this)."""
    tempo = [3.0] * 10 + [4.0] * 25 + [2.6] * 10 + [2.6]
    repeats = [3.0] * 10 + [4.6, 4.6, 2.4, 2.4] * 8 + [2.4]
    assert not clean_module._is_intervals(_run_at(tempo))
    assert clean_module._is_intervals(_run_at(repeats))
    assert clean_module.pace_switches([3.0] * 10 + [4.0] * 10 + [2.6] * 15) == 1
