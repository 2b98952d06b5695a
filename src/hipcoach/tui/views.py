"""Rich renderings of programs and tables for the commands (not the live session screen)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hipcoach.coach.describe import (
    adherence_text,
    days_text,
    dose_range_text,
    dose_today_text,
    dose_trend,
    increments_text,
    sessions_text,
    set_text,
)
from hipcoach.errors import printable
from hipcoach.i18n import Lang, counted, current_language, format_duration, t, whole_seconds
from hipcoach.program.plan import estimate_seconds
from hipcoach.timeutil import WEEKDAYS, from_iso
from hipcoach.tui.prose import Prose

if TYPE_CHECKING:  # only named in signatures: a command imports just what it uses
    from hipcoach.coach.stats import Stats
    from hipcoach.coach.today import TodayReport
    from hipcoach.log.records import SessionRecord
    from hipcoach.program.model import Program
    from hipcoach.program.plan import Segment, Timeline


def stdout_console() -> Console:
    """Rich decides colour and width from the terminal; NO_COLOR and TERM=dumb are honoured."""
    return Console(highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def emit(renderable: RenderableType, console: Console | None = None) -> None:
    """Print; when the output is not a terminal, without the padding spaces Rich adds."""
    console = console or stdout_console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")


def safety_panel() -> Panel:
    return Panel(
        Prose(t("safety.body")),
        title=t("safety.title"),
        title_align="left",
        border_style="yellow",
        box=box.ROUNDED,
    )


def _indent(body: RenderableType, cells: int = 2) -> Padding:
    return Padding(body, (0, 0, 0, cells), expand=False)


def _labelled(label: str, body: RenderableType) -> Group:
    return Group(Text(label, style="bold"), _indent(body))


def _bullets(items: list[str], numbered: bool = False) -> Table:
    """A list whose wrapped lines hang under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for number, item in enumerate(items, 1):
        grid.add_row(f"{number}." if numbered else "•", Prose(item))
    return grid


def program_view(program: Program) -> Group:
    """Everything about a program, for `hipcoach show`."""
    lang = current_language()
    full = format_duration(estimate_seconds(program))
    parts: list[RenderableType] = [
        Text.assemble(
            (program.name.get(lang), "bold cyan"), f"  ({program.id} v{program.version})"
        ),
        Prose(program.summary.get(lang)),
        Text(""),
        Text(t("show.estimated", full=full)),
    ]
    if program.quick is not None:
        quick = format_duration(estimate_seconds(program, quick=True))
        parts.append(Text(t("show.estimated_quick", sets=program.quick.sets, quick=quick)))
    parts += [
        Text(t("show.schedule", days=days_text(program.schedule.days, lang))),
        Text(""),
        safety_panel(),
    ]
    total = len(program.steps)
    for number, step in enumerate(program.steps, 1):
        phase = t(f"phase.{step.phase}")
        dose = dose_range_text(step, lang)
        if step.rest_seconds and step.dose.sets.max > 1:
            dose += " · " + t("show.rest", s=step.rest_seconds)
        parts += [
            Text(""),
            Text(t("show.step_heading", n=number, total=total, phase=phase), style="dim"),
            Text(step.name.get(lang), style="bold"),
            _indent(
                Group(
                    _labelled(t("show.purpose"), Prose(step.purpose.get(lang))),
                    _labelled(t("show.dose"), Text(dose)),
                    _labelled(t("show.how"), _bullets([h.get(lang) for h in step.how_to], True)),
                    _labelled(t("show.feel"), Prose(step.feel.get(lang))),
                    *(
                        [_labelled(t("show.avoid"), _bullets([a.get(lang) for a in step.avoid]))]
                        if step.avoid
                        else []
                    ),
                    _labelled(t("show.cue"), Prose(step.cue.get(lang), style="italic")),
                )
            ),
        ]
    parts += [Text(""), _labelled(t("show.progression"), Prose(progression_text(program)))]
    return Group(*parts)


def progression_text(program: Program) -> str:
    rules = program.progression
    increments = increments_text(program, current_language())
    if not increments:
        return t("show.progression.fixed")
    return t(
        "show.progression.body",
        n=rules.step_up_after,
        easy_pain=rules.easy_pain_max,
        easy_effort=rules.easy_effort_max,
        ease=rules.step_back_pain,
        stop=rules.stop_pain,
        increments=increments,
    )


# --- the session: timeline, today, log ------------------------------------------------------


def timeline_table(timeline: Timeline, lang: Lang) -> Group:
    """`run --dry-run`: every segment with its start offset, and the total."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(t("dry.start", lang=lang), justify="right", no_wrap=True)
    table.add_column(t("dry.length", lang=lang), justify="right", no_wrap=True)
    table.add_column(t("dry.what", lang=lang))
    for segment, offset in zip(timeline.segments, timeline.offsets(), strict=True):
        length = timeline.planned_seconds(segment)
        shown = format_duration(length, lang=lang)
        if segment.seconds is None:
            shown = t("dry.self_paced", lang=lang, d=shown)
        # Text, not str: a str cell is Rich markup, and "[/x]" in a step name would crash it
        table.add_row(_clock(offset), shown, Text(segment_text(timeline, segment, lang)))
    total = t("dry.total", lang=lang, d=format_duration(timeline.total_seconds, lang=lang))
    return Group(table, Text(total, style="bold"))


def _clock(seconds: float) -> str:
    whole = whole_seconds(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def segment_text(timeline: Timeline, segment: Segment, lang: Lang) -> str:
    if segment.kind == "work":
        return set_text(timeline, segment, lang)
    name = timeline.dose(segment).step.name.get(lang)
    side = t(f"side.{segment.side}", lang=lang) if segment.side else ""
    if segment.kind in ("get_ready", "transition"):
        return t(f"dry.{segment.kind}", lang=lang, exercise=name)
    return t(f"screen.kind.{segment.kind}", lang=lang, side=side).capitalize()


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date, lang: Lang) -> str:
    """``Tuesday 24 November 2026`` / ``2026年11月24日（火）`` (no locale needed)."""
    if lang == "ja":
        weekday = t(f"day.{WEEKDAYS[day.weekday()]}", lang="ja")
        return f"{day.year}年{day.month}月{day.day}日（{weekday}）"
    return f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def today_view(report: TodayReport, lang: Lang) -> Group:
    program = report.program
    kind = "today.training_day" if report.training_day else "today.rest_day"
    total = estimate_seconds(program)
    parts: list[RenderableType] = [
        Text.assemble((long_date(report.day, lang), "bold"), " · ", t(kind, lang=lang)),
        Text.assemble(
            (program.name.get(lang), "cyan"),
            " · ",
            t("duration.approx", lang=lang, d=format_duration(total, lang=lang)),
        ),
        Text(""),
    ]
    if report.progress.stop is not None:
        stop = report.progress.stop
        parts += [stop_panel(stop.pain, stop.on, lang), Text("")]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for step in report.steps:
        mark = Text("✓", style="green") if step.done else Text("·", style="dim")
        dose = Text(dose_today_text(step.dose, lang))
        why = report.why(step, lang)
        grid.add_row(
            mark,
            Text(step.dose.step.name.get(lang), style="bold"),
            Group(Prose(dose.plain), Prose(why, style="dim")) if why else Prose(dose.plain),
        )
    parts += [grid, Text("")]
    if report.done:
        status = Text(t("today.done", lang=lang), style="bold green")
    elif report.started:
        status = Text(t("today.partly", lang=lang), style="yellow")
    elif report.training_day:
        status = Text(t("today.not_yet", lang=lang))
    else:
        status = Text(t("today.rest_optional", lang=lang), style="dim")
    streak = report.streak
    parts += [
        status,
        Text(
            t(
                "today.streak",
                lang=lang,
                days=counted(streak.current, "day", lang=lang),
                best=streak.longest,
            )
        ),
        Text(""),
        Text(t("today.recent", lang=lang), style="dim"),
        _day_strip(report, lang),
    ]
    return Group(*parts)


def stop_panel(pain: int, on: date, lang: Lang) -> Panel:
    """Pain at the stop level: say so plainly, every time, until a pain-free check-in."""
    return Panel(
        Prose(t("stop.body", lang=lang, pain=pain, date=on.isoformat())),
        title=t("stop.title", lang=lang),
        title_align="left",
        border_style="bold red",
        box=box.HEAVY,
    )


def _day_strip(report: TodayReport, lang: Lang) -> Table:
    grid = Table.grid(padding=(0, 1))
    for _ in report.days:
        grid.add_column(justify="center", no_wrap=True)
    names = [t(f"day.{WEEKDAYS[d.day.weekday()]}", lang=lang)[:2] for d in report.days]
    grid.add_row(*[Text(n, style="dim") for n in names])
    grid.add_row(*[Text(str(d.day.day), style="dim") for d in report.days])
    marks = []
    for mark in report.days:
        if mark.done:
            marks.append(Text("■", style="green"))
        elif mark.partly:
            marks.append(Text("▪", style="yellow"))
        elif (
            mark.training_day
            and report.first_day is not None
            and (report.first_day <= mark.day < report.day)
        ):
            marks.append(Text("□", style="red"))  # a missed training day
        else:
            marks.append(Text("·", style="dim"))
    grid.add_row(*marks)
    return grid


def log_view(sessions: list[SessionRecord], lang: Lang) -> Group:
    parts: list[RenderableType] = []
    for session in sessions:
        started = from_iso(session.started_utc) + timedelta(minutes=session.utc_offset_minutes)
        done = [s for s in session.sets if not s.skipped]
        header = Text.assemble(
            (f"{session.local_date.isoformat()} {started:%H:%M}", "bold"),
            "  ",
            (printable(session.program_name.get(lang)), "cyan"),  # the log holds any text
            "  ",
            (t(f"status.{session.status}", lang=lang), _STATUS_STYLE.get(session.status, "")),
            "  ",
            counted(len(done), "set", lang=lang),
        )
        if session.variant != "full":
            header.append(f"  ({_variant_text(session.variant, lang)})", style="dim")
        if session.speed != 1:
            header.append(
                "  " + t("log.rehearsal", lang=lang, speed=f"{session.speed:g}"), style="yellow"
            )
        parts.append(header)
        grid = Table.grid(padding=(0, 2))
        for _ in range(4):
            grid.add_column(no_wrap=True)
        for s in session.sets:
            side = t(f"side.{s.side}", lang=lang) if s.side else ""
            unit = "s" if s.unit == "seconds" else t("log.reps", lang=lang)
            value = (
                t("log.skipped", lang=lang) if s.skipped else f"{s.actual:g} / {s.planned:g} {unit}"
            )
            grid.add_row(
                Text(f"  {printable(s.step_name.get(lang))}"),
                t("screen.set", lang=lang, n=s.set_number, total="").rstrip("/"),
                side,
                value,
            )
        parts += [grid, Text("")]
    return Group(*parts)


_STATUS_STYLE = {"completed": "green", "partial": "yellow", "aborted": "red", "running": "blue"}


def _variant_text(variant: str, lang: Lang) -> str:
    if variant.startswith("step:"):
        return t("log.variant_step", lang=lang, step=variant.removeprefix("step:"))
    return t(f"log.variant_{variant}", lang=lang)


# --- stats ----------------------------------------------------------------------------------

_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, scaled between the smallest and largest; blank for none."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else _SPARKS[min(7, int((v - low) / span * 7.999))] for v in values
    )


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
    parts: list[RenderableType] = [
        Text.assemble(
            (t("stats.title", lang=lang, weeks=stats.weeks), "bold"),
            " · ",
            (program.name.get(lang), "cyan"),
        ),
        Text(""),
        Calendar(stats, lang),
        Text(t("stats.legend", lang=lang), style="dim"),
        Text(""),
    ]
    lines = [
        t(
            "today.streak",
            lang=lang,
            days=counted(stats.streak.current, "day", lang=lang),
            best=stats.streak.longest,
        ),
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
        ):
            table.add_column(t(key, lang=lang), justify=justify)  # type: ignore[arg-type]
        for e in stats.exercises:
            table.add_row(
                Text(printable(e.name.get(lang))),
                str(e.sets_done),
                str(e.sets_skipped),
                RecentSpark(sparkline(e.weekly), style="green"),
                Text(dose_trend(e, lang)),
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
                        spark=sparkline(series),
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
            name = t(f"day.{weekday}", lang=self.lang)[:2]
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
        name = f"{month}月" if lang == "ja" else _MONTHS_EN[month - 1][:3]
        start = 3 + 2 * n
        if row[max(0, start - 1) : start + cell_len(name)].strip():
            continue  # the previous label is still there
        row = row[:start] + name + row[start + cell_len(name) :]
    return row.rstrip()


def _cell(stats: Stats, day: date) -> Text:
    if day > stats.last:
        return Text("  ")
    level = stats.levels.get(day, 0)
    if level == 2:
        return Text("■ ", style="green")
    if level == 1:
        return Text("▪ ", style="yellow")
    before_log = stats.log_starts is None or day < stats.log_starts
    if stats.planned(day) and not before_log and day < stats.today:
        return Text("· ", style="red")
    return Text("  ")
