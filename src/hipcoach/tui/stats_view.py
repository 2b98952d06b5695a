"""`hipcoach stats`: the calendar, sparklines of the weekly doses, adherence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from hipcoach.coach.describe import (
    adherence_text,
    done_share_text,
    dose_trend,
    sessions_text,
    streak_text,
)
from hipcoach.errors import printable
from hipcoach.i18n import DAY, Lang, t
from hipcoach.timeutil import WEEKDAYS
from hipcoach.tui.day_views import MONTHS_EN, day_legend, day_mark
from hipcoach.tui.prose import Prose

if TYPE_CHECKING:  # only named in signatures: a command imports just what it uses
    from hipcoach.coach.stats import Stats
    from hipcoach.program.model import Program


_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], top: float | None = None) -> str:
    """One character per value, from zero (the lowest bar) to ``top`` (default: the
    largest value); blank for none. Zero-based, so 21 and 22 look alike, as they are."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    high = top if top is not None else max(known)
    if high <= 0:
        high = 1.0
    return "".join(
        " " if v is None else _SPARKS[max(0, min(7, int(v / high * 7.999)))] for v in values
    )


PAIN_EFFORT_TOP = 10.0  # both on a 0-10 scale: the bars keep their meaning week to week


class RecentSpark:
    """A sparkline in a table cell that keeps its latest weeks when the table is squeezed:
    Rich would cut a long text to "…", which hides exactly the weeks that matter."""

    NARROWEST = 4

    def __init__(self, spark: str, style: str = "") -> None:
        self.spark = spark
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(len(self.spark), self.NARROWEST), len(self.spark))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.spark[-options.max_width :], style=self.style, no_wrap=True)


def stats_view(stats: Stats, program: Program, lang: Lang) -> Group:
    shown = t("days.all_programs", lang=lang) if stats.all_programs else program.name.get(lang)
    parts: list[RenderableType] = [
        Text.assemble(
            (t("stats.title", lang=lang, weeks=stats.weeks), "bold"),
            t("list.dot", lang=lang),
            (printable(shown), "cyan"),
        ),
        Text(""),
        Calendar(stats, lang),
        day_legend(lang),
        Text(""),
    ]
    lines = [
        streak_text(stats.streak, lang),
        sessions_text(stats, lang),
        t(
            "stats.per_week",
            lang=lang,
            n=f"{stats.mean_sessions_per_week:.1f}",
            spark=sparkline([float(n) for n in stats.sessions_per_week]),
        ),
    ]
    if (adherence := adherence_text(stats, lang)) is not None:
        lines.append(adherence)
    parts += [Text(line) for line in lines]
    if stats.exercises:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for key, justify in (
            ("report.exercise", "left"),
            ("report.sets_done", "right"),
            ("report.skipped", "right"),
            ("stats.per_week_dose", "left"),
            ("report.dose", "left"),
            ("report.done_share", "right"),
        ):
            table.add_column(t(key, lang=lang), justify=justify)  # type: ignore[arg-type]
        for e in stats.exercises:
            table.add_row(
                Text(printable(e.name.get(lang))),
                str(e.sets_done),
                str(e.sets_skipped),
                RecentSpark(sparkline([float(n) for n in e.weekly_sets]), style="green"),
                Text(dose_trend(e, lang)),
                done_share_text(e, lang),
            )
        parts += [Text(""), table]
    for key, series in (("stats.effort", stats.effort_weekly), ("stats.pain", stats.pain_weekly)):
        known = [v for v in series if v is not None]
        if known:
            parts.append(
                Text(
                    t(
                        key,
                        lang=lang,
                        spark=sparkline(series, PAIN_EFFORT_TOP),
                        mean=f"{sum(known) / len(known):.1f}",
                        last=f"{known[-1]:g}",
                    )
                )
            )
    if not stats.sessions:
        parts.append(Text(t("log.empty", lang=lang), style="dim"))
    return Group(*parts)


class Calendar:
    """Weeks as columns (two cells each), Monday to Sunday as rows, months above.

    Drawn line by line at the width it is given: as many of the latest weeks as fit, so
    a narrow terminal shows fewer weeks rather than a garbled grid.
    """

    LABEL = 3  # the weekday column: two letters (or one kanji) and a space

    def __init__(self, stats: Stats, lang: Lang) -> None:
        self.stats = stats
        self.lang = lang

    def weeks_shown(self, width: int) -> list[date]:
        stats = self.stats
        shown = max(1, min(stats.weeks, (width - self.LABEL) // 2))
        first = stats.first + timedelta(weeks=stats.weeks - shown)
        return [first + timedelta(weeks=n) for n in range(shown)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        weeks = self.weeks_shown(options.max_width)
        yield Text(_month_row(weeks, self.lang), style="dim", no_wrap=True, overflow="crop")
        for row, weekday in enumerate(WEEKDAYS):
            name = t(DAY[weekday], lang=self.lang)[:2]
            line = Text(no_wrap=True, overflow="crop")
            line.append(name + " " * max(1, self.LABEL - cell_len(name)), style="dim")
            for monday in weeks:
                line.append_text(_cell(self.stats, monday + timedelta(days=row)))
            yield line
        if len(weeks) < self.stats.weeks:
            yield Prose(t("stats.calendar_cut", lang=self.lang, weeks=len(weeks)), style="dim")


def _month_row(weeks: list[date], lang: Lang) -> str:
    """Month names over the weeks that hold each month's first day, never overlapping."""
    row = " " * (3 + 2 * len(weeks))
    for n, monday in enumerate(weeks):
        firsts = [
            monday + timedelta(days=d) for d in range(7) if (monday + timedelta(days=d)).day == 1
        ]
        if not firsts and n:
            continue
        month = (firsts[0] if firsts else monday).month
        name = f"{month}月" if lang == "ja" else MONTHS_EN[month - 1][:3]
        start = 3 + 2 * n
        if row[max(0, start - 1) : start + cell_len(name)].strip():
            continue  # the previous label is still there
        row = row[:start] + name + row[start + cell_len(name) :]
    return row.rstrip()


def _cell(stats: Stats, day: date) -> Text:
    mark = day_mark(stats.state(day))
    mark.append(" ")
    return mark
