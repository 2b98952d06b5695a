"""Late-run fade over the weeks, next to how often the routine was done.

What it can show: whether long runs faded less in the weeks the routine was kept up,
and how the last 8 weeks compare with the runs before the routine began, with the
uncertainty of that difference and the number of runs behind it. What it cannot show:
that the routine caused a change. Training, weather, courses, shoes and fitness move
the fade index too; this is an association, and with few runs not even that.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hipcoach.log.runs import RunListing
from hipcoach.runs.analysis import FADE_METRICS
from hipcoach.runs.track import METRICS

LONG_RUN_METRES = 15_000.0
RECENT_WEEKS = 8
BASELINE_WEEKS = 26  # "before": the half year before the routine began, not older runs
WEEKS_SHOWN = 26  # the weeks the views show, up to this one
MIN_RUNS_EACH_SIDE = 3
# two-sided 95 % quantiles of Student's t, by degrees of freedom (then 1.96)
_T95 = {
    1: 12.71,
    2: 4.30,
    3: 3.18,
    4: 2.78,
    5: 2.57,
    6: 2.45,
    7: 2.36,
    8: 2.31,
    9: 2.26,
    10: 2.23,
    12: 2.18,
    15: 2.13,
    20: 2.09,
    30: 2.04,
    60: 2.00,
}


@dataclass
class Week:
    monday: date
    fade: float | None  # mean fade index of the long runs that week
    runs: int
    routine_days: int  # days with a training session of the routine


@dataclass
class Comparison:
    before_n: int
    after_n: int
    before_mean: float | None
    after_mean: float | None
    difference: float | None  # after - before; negative: less fade lately
    ci: tuple[float, float] | None
    verdict: str  # "too_few" | "less_fade" | "more_fade" | "no_clear_change" | "no_routine"
    # the form metrics the runs of each side recorded: a fade index is the mean over
    # those present, so a watch that records more (or fewer) measures it differently
    before_metrics: tuple[str, ...] = ()
    after_metrics: tuple[str, ...] = ()

    @property
    def metrics_differ(self) -> bool:
        return bool(self.before_n and self.after_n) and self.before_metrics != self.after_metrics


@dataclass
class Trend:
    weeks: list[Week] = field(default_factory=list)
    comparison: Comparison | None = None
    routine_start: date | None = None
    runs: int = 0  # every run, long or not
    last_run: date | None = None
    last_long_run: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """As the views show it: the last ``WEEKS_SHOWN`` weeks, and the comparison."""
        c = self.comparison
        return {
            "routine_start": self.routine_start.isoformat() if self.routine_start else None,
            "runs": self.runs,
            "last_run": self.last_run.isoformat() if self.last_run else None,
            "last_long_run": self.last_long_run.isoformat() if self.last_long_run else None,
            "weeks": [
                {
                    "week_of": w.monday.isoformat(),
                    "fade_index": w.fade,
                    "long_runs": w.runs,
                    "routine_days": w.routine_days,
                }
                for w in self.weeks[-WEEKS_SHOWN:]
            ],
            "comparison": None
            if c is None
            else {
                "before": {
                    "runs": c.before_n,
                    "mean_fade_index": c.before_mean,
                    "metrics": list(c.before_metrics),
                },
                "last_8_weeks": {
                    "runs": c.after_n,
                    "mean_fade_index": c.after_mean,
                    "metrics": list(c.after_metrics),
                },
                "difference": c.difference,
                "ci95": list(c.ci) if c.ci else None,
                "verdict": c.verdict,
            },
        }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def long_judged(runs: list[RunListing]) -> list[RunListing]:
    return [r for r in runs if r.fade_index is not None and r.metres >= LONG_RUN_METRES]


def trend(runs: list[RunListing], routine_days: list[date], today: date) -> Trend:
    """Weeks from the first long run or routine day to this week, and the comparison.
    Nothing after ``today`` counts: on a pretended day the log is as it was then."""
    runs = [r for r in runs if r.local_date <= today]
    routine_days = [d for d in routine_days if d <= today]
    long_runs = long_judged(runs)
    starts = [r.local_date for r in long_runs] + routine_days[:1]
    result = Trend(
        routine_start=routine_days[0] if routine_days else None,
        runs=len(runs),
        last_run=max((r.local_date for r in runs), default=None),
        last_long_run=max((r.local_date for r in long_runs), default=None),
    )
    if not starts:
        return result
    monday = _monday(min(starts))
    while monday <= today:
        sunday = monday + timedelta(days=6)
        fades = [r.fade_index for r in long_runs if monday <= r.local_date <= sunday]
        days = sum(monday <= d <= sunday for d in routine_days)
        mean = round(statistics.fmean(f for f in fades if f is not None), 2) if fades else None
        result.weeks.append(Week(monday, mean, len(fades), days))
        monday += timedelta(days=7)
    result.comparison = compare(long_runs, result.routine_start, today)
    return result


def compare(long_runs: list[RunListing], start: date | None, today: date) -> Comparison:
    """The long runs of the half year before the routine began against those of the last
    8 weeks (Welch's interval). Older runs are left out: years-old form, on another
    watch, says little about the runner who began the routine."""
    if start is None:
        return Comparison(0, 0, None, None, None, None, "no_routine")
    recent_from = max(start, today - timedelta(weeks=RECENT_WEEKS))
    before_from = start - timedelta(weeks=BASELINE_WEEKS)
    before_runs = [r for r in long_runs if before_from <= r.local_date < start]
    after_runs = [r for r in long_runs if recent_from <= r.local_date <= today]
    before = [r.fade_index for r in before_runs if r.fade_index is not None]
    after = [r.fade_index for r in after_runs if r.fade_index is not None]
    b_mean = round(statistics.fmean(before), 2) if before else None
    a_mean = round(statistics.fmean(after), 2) if after else None
    recorded = (_form_metrics(before_runs), _form_metrics(after_runs))
    if len(before) < MIN_RUNS_EACH_SIDE or len(after) < MIN_RUNS_EACH_SIDE:
        return Comparison(len(before), len(after), b_mean, a_mean, None, None, "too_few", *recorded)
    difference = statistics.fmean(after) - statistics.fmean(before)
    var_b, var_a = (
        statistics.variance(before) / len(before),
        statistics.variance(after) / len(after),
    )
    se = math.sqrt(var_b + var_a)
    half = _t95(_welch_df(var_b, var_a, len(before), len(after))) * se
    low, high = difference - half, difference + half
    verdict = "no_clear_change"
    if high < 0:
        verdict = "less_fade"
    elif low > 0:
        verdict = "more_fade"
    ci = (round(low, 2), round(high, 2))
    return Comparison(
        len(before), len(after), b_mean, a_mean, round(difference, 2), ci, verdict, *recorded
    )


def _form_metrics(runs: list[RunListing]) -> tuple[str, ...]:
    """The fade index's metrics that any of ``runs`` recorded, cadence first as listed."""
    recorded = {field for run in runs for field in run.fields}
    return tuple(m for m in METRICS if m in recorded and m in FADE_METRICS)


def _welch_df(var_b: float, var_a: float, n_b: int, n_a: int) -> float:
    numerator = (var_b + var_a) ** 2
    denominator = var_b**2 / (n_b - 1) + var_a**2 / (n_a - 1)
    return numerator / denominator if denominator > 0 else float(n_b + n_a - 2)


def _t95(df: float) -> float:
    """The quantile at the largest tabled df not above ``df``: never narrower than exact."""
    below = [bound for bound in _T95 if bound <= df]
    if not below:
        return _T95[1]
    return _T95[max(below)] if max(below) < max(_T95) or df < 120 else 1.96
