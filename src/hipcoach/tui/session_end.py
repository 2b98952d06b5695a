"""The end screen of a session: the time it took, the sets done, the streak, next time's doses.

Shown once the live screen has closed and the check-in (if any) is saved, so the doses
are the ones the check-in leaves. The same panel style as the session screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table

from hipcoach.coach.describe import dose_amount_text
from hipcoach.coach.streaks import Streak
from hipcoach.i18n import Lang, counted, format_duration, t
from hipcoach.program.plan import StepDose
from hipcoach.tui.prose import Prose


@dataclass(frozen=True)
class SessionEnd:
    finished: bool  # every part ran (not ended with q, Ctrl-C or a signal)
    seconds: float  # the time it took, pauses included
    sets_done: int
    sets_planned: int
    skipped: int
    streak: Streak | None  # None: a rehearsal, which counts toward no streak
    next_doses: Sequence[StepDose]  # empty while a stop is in force
    stopped: bool = False  # a stop is in force: no dose is offered


def end_panel(end: SessionEnd, lang: Lang) -> Panel:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="dim", no_wrap=True)
    rows.add_column()
    taken = format_duration(round(end.seconds), lang=lang)
    if end.streak is None:  # a rehearsal: say the time is the real one, not the screen's
        taken = t("end.real_time", lang=lang, time=taken)
    rows.add_row(t("end.time", lang=lang), taken)
    sets = t("end.sets_of", lang=lang, done=end.sets_done, planned=end.sets_planned)
    if end.skipped:
        sets += t("list.dot", lang=lang) + t("end.skipped", lang=lang, n=end.skipped)
    rows.add_row(t("end.sets", lang=lang), sets)
    if end.streak is None:
        streak = t("end.no_streak", lang=lang)
    else:
        days = counted(end.streak.current, "day", lang=lang)
        streak = t("end.streak_value", lang=lang, days=days, best=end.streak.longest)
    rows.add_row(t("end.streak", lang=lang), streak)
    if not end.stopped:  # under a stop nothing is promised: the stop says what to do
        rows.add_row(t("end.next", lang=lang), _next_time(end, lang))
    title = t("end.title_done" if end.finished else "end.title_stopped", lang=lang)
    return Panel(
        rows,
        title=title,
        title_align="left",
        box=box.ROUNDED,
        border_style="bold green" if end.finished else "yellow",
        expand=False,
    )


def _next_time(end: SessionEnd, lang: Lang) -> Group | str:
    lines = [
        Prose(t("end.next_dose", lang=lang, exercise=d.step.name.get(lang), dose=_amount(d, lang)))
        for d in end.next_doses
    ]
    return Group(*lines) if lines else ""


def _amount(dose: StepDose, lang: Lang) -> str:
    return t("list.dot", lang=lang).join(
        [dose_amount_text(dose, lang), counted(dose.sets, "set", lang=lang)]
    )
