"""Markdown: a readable report for a coach, every user text escaped so it stays text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

from hipcoach.coach.days import LEGEND_KEY, SYMBOLS
from hipcoach.coach.describe import (
    compact_dose_text,
    done_share_text,
    dose_trend,
    value_text,
)
from hipcoach.coach.stats import Stats
from hipcoach.i18n import SIDE, STATUS, Lang, t
from hipcoach.log.records import SessionRecord
from hipcoach.program.model import Program
from hipcoach.reports.shared import (
    actual_text,
    checkin_bits,
    flag_mark,
    local_time,
    md_text,
    other_entries,
    period_line,
    session_notes,
    summary_lines,
)

if TYPE_CHECKING:
    pass

_md = md_text


def _calendar(summary: Stats, lang: Lang) -> list[str]:
    """The days of the period, a week a line, in the one legend's symbols."""
    monday = summary.first - timedelta(days=summary.first.weekday())
    lines = ["```"]
    while monday <= summary.last:
        week = [summary.state(monday + timedelta(days=n)) for n in range(7)]
        marks = " ".join(SYMBOLS[state] for state in week)
        lines.append(f"{monday.isoformat()}  {marks}".rstrip())
        monday += timedelta(weeks=1)
    return [*lines, "```", "", t(LEGEND_KEY, lang=lang), ""]


def write_markdown(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, summary: Stats, program: Program
) -> int:
    out.write(f"# {t('report.title', lang=lang)}: {_md(program.name.get(lang))}\n\n")
    out.write(period_line(summary, lang) + "\n\n")
    out.write(f"## {t('report.summary', lang=lang)}\n\n")
    for line in summary_lines(summary, lang, program):
        out.write(f"- {_md(line)}\n")  # names exercises: user text
    out.write(f"\n## {t('report.calendar', lang=lang)}\n\n")
    out.write("\n".join(_calendar(summary, lang)))
    if summary.exercises:
        out.write(f"\n## {t('report.exercises', lang=lang)}\n\n")
        keys = ("report.exercise", "report.now", "report.dose", "report.sets_done")
        head = [t(key, lang=lang) for key in keys]
        head += [t("report.done_share", lang=lang), t("stats.per_week_dose", lang=lang)]
        out.write("| " + " | ".join(head) + " |\n| --- | --- | --- | ---: | ---: | --- |\n")
        for e in summary.exercises:
            now = compact_dose_text(e.now, lang) if e.now else "-"
            weekly = " ".join(str(n) for n in e.weekly_sets)
            out.write(
                f"| {_md(e.name.get(lang))} | {now} | {dose_trend(e, lang)} | {e.sets_done} "
                f"| {done_share_text(e, lang)} | {weekly} |\n"
            )
    out.write(f"\n> {t('safety.body', lang=lang)}\n\n## {t('report.sessions', lang=lang)}\n")
    count = 0
    shown: set[str] = set()
    for session in sessions:
        shown.add(session.id)
        out.write("\n" + _md_session(session, lang, program))
        count += 1
    if not count:
        out.write(f"\n{t('report.none', lang=lang)}\n")
    if others := other_entries(summary, program, lang, shown):
        out.write(f"\n## {t('report.other_check_ins', lang=lang)}\n\n")
        for mark, when, said in others:
            out.write(f"- {mark}{when} · {_md(said)}\n")
    return count


def _md_session(session: SessionRecord, lang: Lang, program: Program) -> str:
    start = local_time(session.started_utc, session.utc_offset_minutes)
    bits = [
        f"{flag_mark(session, program, lang)}{session.local_date.isoformat()} {start:%H:%M}",
        _md(session.program_name.get(lang)),
        t(STATUS[session.status], lang=lang),
    ]
    if check_ins := checkin_bits(session, lang, program):
        bits.append(_md(" / ".join(check_ins)))
    lines = [f"### {' · '.join(bits)}", ""]
    for note in session_notes(session):
        lines += [f"{t('report.note', lang=lang)}: {_md(note)}", ""]
    if session.sets:
        lines += [
            f"| {t('report.exercise', lang=lang)} | {t('csv.set', lang=lang)} "
            f"| {t('csv.side', lang=lang)} | {t('csv.planned', lang=lang)} "
            f"| {t('csv.actual', lang=lang)} |",
            "| --- | ---: | --- | ---: | ---: |",
        ]
        for s in session.sets:
            lines.append(
                f"| {_md(s.step_name.get(lang))} | {s.set_number} | "
                f"{t(SIDE[s.side], lang=lang) if s.side else ''} | "
                f"{value_text(s.planned, s.unit, lang)} | {actual_text(s, lang)} |"
            )
    return "\n".join(lines) + "\n"
