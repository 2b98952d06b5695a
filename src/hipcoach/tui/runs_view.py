"""Views of runs from the watch: the list, one run (per-km table, charts against the
speed-predicted line, plain sentences) and the trend next to the routine. Plain text:
it reads the same in a pipe, with NO_COLOR and on a narrow terminal."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from rich.cells import cell_len

from hipcoach.errors import printable
from hipcoach.i18n import counted, format_date, join, t
from hipcoach.log.runs import RunListing, RunRow
from hipcoach.runs.analysis import as_shown
from hipcoach.runs.trend import WEEKS_SHOWN, Trend, Week
from hipcoach.runs.trend_text import FIELD, comparison_lines, no_long_runs
from hipcoach.tui.prose import wrap, wrap_items

METRIC_ORDER = (
    "cadence",
    "ground_contact_time",
    "vertical_oscillation",
    "vertical_ratio",
    "step_length",
    "ground_contact_balance",
    "power",
)
UNITS = {
    "cadence": "spm",
    "ground_contact_time": "ms",
    "vertical_oscillation": "mm",
    "vertical_ratio": "%",
    "step_length": "mm",
    "ground_contact_balance": "% L",
    "power": "W",
}
CHART_ROWS = 7
DECOUPLING_READ = 5.0  # %: the usual reading of decoupling, each way
SHORT = {
    "heart_rate": "runs.short.heart_rate",
    "cadence": "runs.short.cadence",
    "ground_contact_time": "runs.short.ground_contact_time",
    "vertical_oscillation": "runs.short.vertical_oscillation",
    "vertical_ratio": "runs.short.vertical_ratio",
    "step_length": "runs.short.step_length",
    "ground_contact_balance": "runs.short.ground_contact_balance",
    "power": "runs.short.power",
}
ABBR = {  # column headers when the table must be narrow; a legend says what they stand for
    "cadence": "runs.abbr.cadence",
    "ground_contact_time": "runs.abbr.ground_contact_time",
    "vertical_oscillation": "runs.abbr.vertical_oscillation",
    "vertical_ratio": "runs.abbr.vertical_ratio",
    "step_length": "runs.abbr.step_length",
    "ground_contact_balance": "runs.abbr.ground_contact_balance",
    "power": "runs.abbr.power",
}
NOT_JUDGED = {  # why a run was not judged: (in the list, in a sentence)
    "too_short": ("runs.not_judged.too_short", "runs.why.too_short"),
    "intervals": ("runs.not_judged.intervals", "runs.why.intervals"),
    "treadmill": ("runs.not_judged.treadmill", "runs.why.treadmill"),
    "no_form_fields": ("runs.not_judged.no_form_fields", "runs.why.no_form_fields"),
}


def table(headers: list[str], rows: list[list[str]], gap: int = 2) -> str:
    """Columns padded to the widest cell (wide characters count two), numbers as typed."""
    widths = [max(cell_len(c) for c in column) for column in zip(headers, *rows, strict=True)]
    space = " " * gap

    def line(cells: list[str]) -> str:
        return space.join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))

    rule = space.join("─" * w for w in widths)
    return "\n".join([line(headers).rstrip(), rule, *(line(r).rstrip() for r in rows)])


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def first_fitting(width: int, candidates: list[str]) -> str:
    """The first candidate no wider than ``width``; else the narrowest."""
    for candidate in candidates:
        if widest(candidate) <= width:
            return candidate
    return min(candidates, key=widest)


def paragraph(text: str, width: int) -> str:
    return "\n".join(wrap(text, width))


def listed(items: list[str], width: int) -> list[str]:
    """A list ("HR, cadence, contact") wrapped between its items, each separator kept at
    the end of its line: no item split, no separator lost at a wrap."""
    sep = t("list.sep")
    gap = " " if sep.endswith(" ") else ""
    ends = [item + sep.rstrip() for item in items[:-1]] + items[-1:]
    return legend(ends, width, gap)


def legend(entries: list[str], width: int, sep: str = "  ") -> list[str]:
    """Entries side by side, as many a line as fit, never split."""
    lines: list[str] = []
    for entry in entries:
        if lines and cell_len(lines[-1] + sep + entry) <= width:
            lines[-1] += sep + entry
        else:
            lines.append(entry)
    return lines


def pace(metres: float, seconds: float) -> str:
    """min:ss per km."""
    if metres <= 0:
        return "–"
    per_km = round(seconds / metres * 1000)
    return f"{per_km // 60}:{per_km % 60:02d}"


def duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _fade(value: float | None, reason: str | None) -> str:
    if value is None:
        return t(NOT_JUDGED.get(reason or "", ("runs.not_judged.other", ""))[0])
    return f"{value:+.1f} %"


def _holds(fields: tuple[str, ...]) -> list[str]:
    return [t(SHORT[f]) for f in fields if f in SHORT] or ["–"]


def run_list(runs: list[RunListing], width: int = 100) -> str:
    """The runs, one a line; on a narrow terminal what each file holds goes on a line of
    its own under the run."""
    if not runs:
        return t("runs.none")
    headers = [t("runs.col.id"), t("runs.col.date"), t("runs.col.km"), t("runs.col.time")]
    headers += [t("runs.col.pace"), t("runs.col.fade")]
    rows = [
        [
            r.id,  # whole, as in --json and as `runs show` and import print it
            format_date(r.local_date),
            f"{r.metres / 1000:.1f}",
            duration(r.moving_seconds),
            pace(r.metres, r.moving_seconds),
            _fade(r.fade_index, r.not_judged),
        ]
        for r in runs
    ]
    holds = [_holds(r.fields) for r in runs]
    note = paragraph(t("runs.list_note"), width)
    wide = table(
        [*headers, t("runs.col.holds")], [[*r, join(h)] for r, h in zip(rows, holds, strict=True)]
    )
    short = [t("runs.col.id"), t("runs.col.date"), "km", t("runs.col.time")]
    short += [t("runs.col.pace_short"), t("runs.col.fade")]
    candidates = [wide]
    for gap in (2, 1):
        lines = table(short, rows, gap).splitlines()
        folded = lines[:2]
        for line, held in zip(lines[2:], holds, strict=True):
            folded += [line, *("  " + x for x in listed(held, width - 2))]
        candidates.append("\n".join(folded))
    return first_fitting(width, candidates) + "\n\n" + note


def run_detail(run: RunRow, width: int = 80) -> str:
    analysis = as_shown(run.summary["analysis"])
    km = run.summary["km"]
    title = t(
        "runs.show.title",
        date=format_date(run.local_date),
        km=f"{run.metres / 1000:.1f}",
        time=duration(run.moving_seconds),
        pace=pace(run.metres, run.moving_seconds),
        elapsed=duration(max(run.elapsed_seconds, run.moving_seconds)),
        source=printable(run.source_name),
    )
    parts = [
        paragraph(title, width),
        _cleaning(run, width),
        km_table(km, run.fields, width),
        drift_table(analysis, width),
        *charts(km, analysis, width),
        paragraph(sentences(analysis), width),
    ]
    return "\n\n".join(p for p in parts if p)


def _cleaning(run: RunRow, width: int = 100) -> str:
    """What was left out of the running time (only what there was), the warm-up, and
    whether it was a treadmill run or paced like intervals, as sentences."""
    c = run.summary["cleaning"]
    parts = []
    if round(c["paused_seconds"]) > 0:
        parts.append(t("runs.show.left_paused", time=duration(c["paused_seconds"])))
    if round(c["walking_seconds"]) > 0:
        parts.append(t("runs.show.left_walking", time=duration(c["walking_seconds"])))
    if c["spikes"] > 0:
        parts.append(counted(c["spikes"], "gps_spike"))
    said = [t("runs.show.left_out", parts=join(parts))] if parts else []
    said.append(warmup_sentence(c["warmup_metres"], run.summary["km"]))
    said += [t("runs.show.treadmill")] if run.treadmill else []
    said += [t("runs.show.intervals")] if run.intervals else []
    return paragraph(" ".join(said) if t("list.sep").endswith(" ") else "".join(said), width)


def warmup_km(metres: float) -> str:
    """The warm-up in km with as few decimals as keep the rows it reaches into: 1.98 km
    reads "2.0" (rows 1.0 and 2.0 hold it), but 2.03 km must not read "2.0" when row 3.0
    holds some of it too."""
    reaches = math.ceil(metres / 1000 - 1e-9)  # the km rows holding some warm-up
    for digits in (1, 2):
        shown = f"{metres / 1000:.{digits}f}"
        if math.ceil(float(shown) - 1e-9) == reaches:
            return shown
    return f"{metres / 1000:.3f}"


def warmup_sentence(metres: float, km: list[dict[str, Any]]) -> str:
    """The warm-up, and which rows of the table are marked as holding some of it."""
    marked = [split for split in km if split.get("warmup")]
    if metres <= 0:
        return t("runs.show.warmup_none")
    if not marked:  # no km table (a run under 1 km)
        return t("runs.show.warmup_plain", km=warmup_km(metres))
    rows = f"{marked[0]['end_m'] / 1000:.1f}"
    if len(marked) > 1:
        rows = t("runs.show.rows_range", first=rows, last=f"{marked[-1]['end_m'] / 1000:.1f}")
    return t("runs.show.warmup", km=warmup_km(metres), rows=rows)


def km_table(km: list[dict[str, Any]], fields: tuple[str, ...], width: int = 100) -> str:
    """Each km's pace, heart rate and metrics. Where the full headers do not fit, short
    ones with a legend; where even those do not, the metrics in two tables, each with
    its km."""
    metrics = [m for m in METRIC_ORDER if m in fields]
    rows = []
    for split in km:
        marker = "*" if split.get("warmup") else ""
        metres = split["end_m"] - split["start_m"]
        row = [
            f"{split['end_m'] / 1000:.1f}{marker}",
            pace(metres, split["seconds"]),
            _number(split.get("heart_rate"), 0),
        ]
        row += [
            _number(split.get(m), 1 if m in ("vertical_ratio", "ground_contact_balance") else 0)
            for m in metrics
        ]
        rows.append(row)
    if not rows:
        return paragraph(t("runs.show.no_splits"), width)
    mark = paragraph(t("runs.show.rows_mark"), width)
    headers = [t("runs.col.km"), t("runs.col.pace"), t("runs.col.hr")]
    wide = table(headers + [f"{t(SHORT[m])} {UNITS[m]}" for m in metrics], rows)
    short = ["km", t("runs.col.pace_short"), t("runs.col.hr")]
    short += [t(ABBR[m]) for m in metrics]
    entries = [t("runs.legend.pace"), t("runs.legend.heart_rate")] + [
        t("runs.legend.entry", abbr=t(ABBR[m]), name=t(FIELD[m]), unit=UNITS[m]) for m in metrics
    ]
    key = "\n".join(legend(entries, width))
    candidates = [wide] + [table(short, rows, gap) + "\n" + key for gap in (2, 1)]
    half = 3 + (len(metrics) + 1) // 2
    split_in_two = [
        table(short[:half], [r[:half] for r in rows], 1),
        table(short[:1] + short[half:], [r[:1] + r[half:] for r in rows], 1),
    ]
    candidates.append("\n\n".join(split_in_two) + "\n" + key)
    return first_fitting(width, candidates) + "\n" + mark


def drift_table(analysis: dict[str, Any], width: int = 100) -> str:
    """Each metric's late-part drift against the early-pace prediction, its 95 % interval
    and the onset, then the fade index; "" for a run that was not judged. Narrow: the
    long first header becomes a line above the table."""
    if not analysis["judged"]:
        return ""
    headers = [
        t("runs.col.metric"),
        t("runs.col.drift"),
        t("runs.col.interval"),
        t("runs.col.onset"),
    ]
    rows = []
    for metric in METRIC_ORDER:
        result = analysis["metrics"].get(metric, {})
        drift = result.get("drift_pct")
        if drift is None:
            continue
        low, high = result["ci_pct"]
        onset = result.get("onset_km")
        rows.append(
            [
                t(FIELD[metric]),
                f"{_signed(drift)} %",
                f"{_signed(low)} … {_signed(high)} %",
                "–" if onset is None else t("runs.show.onset_at", km=f"{onset:g}"),
            ]
        )
    if not rows:
        return ""
    fade = analysis.get("fade_index")
    fade_line = paragraph(
        t("runs.show.fade", fade="–" if fade is None else f"{fade:+.1f} %"), width
    )
    captioned = paragraph(t("runs.col.metric") + ":", width) + "\n"
    captioned += table([t("runs.col.metric_short"), *headers[1:]], rows)
    return first_fitting(width, [table(headers, rows), captioned]) + "\n" + fade_line


def _signed(value: float) -> str:
    return f"{round(value, 1) + 0.0:+.1f}"  # + 0.0: never "-0.0"


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def charts(km: list[dict[str, Any]], analysis: dict[str, Any], width: int) -> list[str]:
    """One chart per metric assessed: each km's value against what the early speed model
    predicts at that km's pace (the line at 0)."""
    out = []
    for metric in METRIC_ORDER:
        result = analysis["metrics"].get(metric, {})
        model = result.get("model")
        if result.get("drift_pct") is None or not model:
            continue
        points = []
        for split in km:
            observed, metres = split.get(metric), split["end_m"] - split["start_m"]
            speed = metres / split["seconds"] if split["seconds"] > 0 else 0.0
            predicted = model["intercept"] + model["slope"] * speed
            ok = observed is not None and predicted > 0 and not split.get("warmup")
            points.append((observed - predicted) / predicted * 100 if ok else math.nan)
        # the key "(┄ = predicted)" is kept whole: on its own line when the title wraps
        pieces = [t("runs.chart.title", metric=t(FIELD[metric])), t("runs.chart.key")]
        title = "\n".join(wrap_items(pieces, width, " "))
        out.append(title + "\n" + deviation_chart(points, width))
    return out


def deviation_chart(points: list[float], width: int) -> str:
    """Per-km deviation from the prediction, in %: ● per km, ┄ the predicted line."""
    known = [abs(p) for p in points if not math.isnan(p)]
    span = max([2.0, *known])
    step = 2 * span / (CHART_ROWS - 1)
    cell = 2 if 2 * len(points) + 8 <= width else 1
    lines = []
    for row in range(CHART_ROWS):
        level = span - row * step
        labelled = row in (0, CHART_ROWS // 2, CHART_ROWS - 1)
        label = f"{round(level, 1) + 0.0:+5.1f}%" if labelled else " " * 6
        cells = []
        for p in points:
            hit = not math.isnan(p) and abs(p - level) <= step / 2
            fill = "●" if hit else ("┄" if row == CHART_ROWS // 2 else " ")
            cells.append(fill.ljust(cell))
        lines.append(f"{label} " + "".join(cells).rstrip())
    ticks = [" "] * (len(points) * cell + 3)
    for km in range(5, len(points) + 1, 5):  # a label under every fifth km
        label = str(km)
        at = (km - 1) * cell
        ticks[at : at + len(label)] = list(label)
    lines.append(" " * 7 + "".join(ticks).rstrip() + "  km")
    return "\n".join(lines)


def sentences(analysis: dict[str, Any]) -> str:
    """Two or three plain sentences, and what the figures cannot show."""
    if not analysis["judged"]:
        return t(NOT_JUDGED[analysis["reason"]][1]) + "\n" + t("runs.say.caveat")
    metrics = analysis["metrics"]
    clear = [
        m
        for m in METRIC_ORDER
        if metrics[m]["clear"]
        and metrics[m]["fatigue_pct"] is not None
        and metrics[m]["fatigue_pct"] > 0
    ]
    held = [
        t(FIELD[m]) for m in METRIC_ORDER if metrics[m]["drift_pct"] is not None and m not in clear
    ]
    said = [_drift_sentence(m, metrics[m]) for m in clear[:2]]
    if held:
        said.append(t("runs.say.held", metrics=join(held)))
    if not clear:
        said.insert(0, t("runs.say.no_fade"))
    decoupling = analysis.get("decoupling_pct")
    if decoupling is not None:
        said.append(t("runs.say.decoupling", pct=f"{decoupling:+.1f}"))
        if decoupling <= -DECOUPLING_READ:
            said.append(t("runs.say.decoupling_negative"))
    said.append(t("runs.say.caveat"))
    return "\n".join(said)


def _drift_sentence(metric: str, result: dict[str, Any]) -> str:
    name = t(FIELD[metric])
    low, high = result["ci_pct"]
    direction = t("runs.say.up") if result["drift_pct"] > 0 else t("runs.say.down")
    if result["onset_km"] is not None and result["drift_from_onset_pct"] is not None:
        return t(
            "runs.say.from_km",
            km=f"{result['onset_km']:g}",
            metric=name,
            direction=direction,
            pct=f"{abs(result['drift_from_onset_pct']):.0f}",
            low=f"{low:+.1f}",
            high=f"{high:+.1f}",
        )
    return t(
        "runs.say.late",
        metric=name,
        direction=direction,
        pct=f"{abs(result['drift_pct']):.1f}",
        low=f"{low:+.1f}",
        high=f"{high:+.1f}",
    )


def trend_view(trend: Trend, today: date, width: int = 100) -> str:
    """The weeks' fade next to the routine days, the comparison and the caveat, the
    sentences wrapped to ``width``. Weeks without a long run or a routine day are not
    listed one by one: one line says where the long runs are."""
    if not trend.weeks:
        said = [t("runs.trend.empty"), no_long_runs(trend)]
        return "\n".join(paragraph(line, width) for line in said if line)
    shown = trend.weeks[-WEEKS_SHOWN:]
    parts = [paragraph(t("runs.trend.title"), width)]
    if any(w.runs or w.routine_days for w in shown):
        parts.append(_weeks_table(shown))
    if not any(w.runs for w in shown):
        parts.append(paragraph(no_long_runs(trend, len(shown)), width))
    parts.append(_comparison(trend, width))
    parts.append(paragraph(t("runs.trend.caveat"), width))
    return "\n\n".join(parts)


def _weeks_table(weeks: list[Week]) -> str:
    headers = [
        t("runs.col.week"),
        t("runs.col.fade_long"),
        t("runs.col.long_runs"),
        t("runs.col.routine_days"),
    ]
    rows = [
        [
            format_date(w.monday),
            "–" if w.fade is None else f"{w.fade:+.1f} %",
            str(w.runs),
            f"{w.routine_days}/7",  # a count, not a week's days in order
        ]
        for w in weeks
    ]
    return table(headers, rows)


def _comparison(trend: Trend, width: int) -> str:
    return "\n".join(paragraph(line, width) for line in comparison_lines(trend))
