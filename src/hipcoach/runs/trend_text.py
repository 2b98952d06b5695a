"""The words of the before/after comparison, shared by the terminal view and the report."""

from __future__ import annotations

from hipcoach.i18n import Lang, counted, format_date, join, t
from hipcoach.runs.trend import BASELINE_WEEKS, MIN_RUNS_EACH_SIDE, Trend

VERDICT = {
    "less_fade": "runs.trend.less_fade",
    "more_fade": "runs.trend.more_fade",
    "no_clear_change": "runs.trend.no_clear_change",
}


def comparison_lines(trend: Trend, lang: Lang | None = None) -> list[str]:
    """What the comparison can say: how many runs, the means and their difference with
    its interval, and a verdict only when there are enough runs and the interval says so."""
    c = trend.comparison
    if c is None or c.verdict == "no_routine":
        return [t("runs.trend.no_routine", lang=lang)]
    start = format_date(trend.routine_start, lang=lang) if trend.routine_start else "–"
    counts = t(
        "runs.trend.counts",
        lang=lang,
        before=c.before_n,
        after=c.after_n,
        start=start,
        baseline=BASELINE_WEEKS,
    )
    lines = [counts]
    if c.metrics_differ:
        lines.append(
            t(
                "runs.trend.metrics_differ",
                lang=lang,
                before=_names(c.before_metrics, lang) or "–",
                after=_names(c.after_metrics, lang) or "–",
            )
        )
    if c.verdict == "too_few" or c.ci is None or c.difference is None:
        return [*lines, t("runs.trend.too_few", lang=lang, need=MIN_RUNS_EACH_SIDE)]
    figures = t(
        "runs.trend.figures",
        lang=lang,
        before=f"{c.before_mean:+.1f}",
        after=f"{c.after_mean:+.1f}",
        diff=f"{c.difference:+.1f}",
        low=f"{c.ci[0]:+.1f}",
        high=f"{c.ci[1]:+.1f}",
    )
    return [*lines, figures, t(VERDICT[c.verdict], lang=lang)]


FIELD = {  # a metric's name in a sentence
    "cadence": "runs.field.cadence",
    "ground_contact_time": "runs.field.ground_contact_time",
    "vertical_oscillation": "runs.field.vertical_oscillation",
    "vertical_ratio": "runs.field.vertical_ratio",
    "step_length": "runs.field.step_length",
    "ground_contact_balance": "runs.field.ground_contact_balance",
    "power": "runs.field.power",
}


def _names(metrics: tuple[str, ...], lang: Lang | None) -> str:
    return join([t(FIELD[m], lang=lang) for m in metrics], lang=lang)


def no_long_runs(trend: Trend, weeks: int | None = None, lang: Lang | None = None) -> str:
    """Where the long runs are when ``weeks`` weeks up to now hold none: the last long
    run's date, or, without any, how many runs there are and the last one's date ("" with
    no runs at all). ``weeks`` None: the last long run's date without a span."""
    if trend.last_long_run is not None:
        return t(
            "runs.trend.no_long_runs",
            lang=lang,
            weeks=weeks if weeks is not None else len(trend.weeks),
            date=format_date(trend.last_long_run, lang=lang),
        )
    if trend.last_run is None:
        return ""
    return t(
        "runs.trend.no_long_runs_ever",
        lang=lang,
        runs=counted(trend.runs, "run", lang=lang),
        date=format_date(trend.last_run, lang=lang),
    )
