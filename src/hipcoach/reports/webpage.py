"""HTML: one self-contained, printable page (no script, no fetch), every user text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from hipcoach.coach.describe import (
    compact_dose_text,
    done_share_text,
    dose_trend,
)
from hipcoach.coach.safety_text import check_in_bits
from hipcoach.coach.stats import Stats
from hipcoach.i18n import STATUS, Lang, t
from hipcoach.log.records import SessionRecord
from hipcoach.program.model import Program
from hipcoach.reports.charts import calendar_svg, dose_svg, pain_svg
from hipcoach.reports.shared import (
    checkin_bits,
    flag_mark,
    html_text,
    local_time,
    other_entries,
    period_line,
    report_names,
    session_notes,
    session_sets_lines,
    summary_lines,
)

if TYPE_CHECKING:
    pass


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2329;background:#fff}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;
border-bottom:1px solid #d5dbe1;padding-bottom:.2rem}.muted{color:#5b6670}
ul.summary{padding-left:1.2rem}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e6eaee;vertical-align:top}
td.n,th.n{text-align:right}.status-completed{color:#1a7f37}.status-partial{color:#9a6700}
.status-aborted{color:#cf222e}.flagged td{background:#fff0f0}
.flagged td:first-child{color:#cf222e;font-weight:600}
.safety{border-left:4px solid #d4a72c;background:#fff8e6;
padding:.5rem .8rem}svg{max-width:100%;height:auto}figure{margin:0 0 1rem}
figcaption{font-size:.85rem;color:#5b6670}
table.sessions td{font-size:.85rem;padding:.1rem .4rem}
.norms{font-size:.9em;padding-left:1.2rem}.norms li{break-inside:avoid}
table.tests th.n{white-space:nowrap}
th{word-break:keep-all}
.nw,table.sessions td:nth-child(2){white-space:nowrap}
table.sessions td:last-child{min-width:10em;width:20%}
@page{size:auto;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9pt;line-height:1.3}h2{break-after:avoid;
margin:.8rem 0 .3rem}tr,figure{break-inside:avoid}.noprint{display:none}
a{color:inherit;text-decoration:none}table.sessions td{font-size:8pt}
.dose{display:grid;grid-template-columns:1fr 1fr;column-gap:1rem}
table.tests td{font-size:8pt;padding:.1rem .4rem}.norms{font-size:7.5pt;columns:2;column-gap:1rem}
.dose.tests{grid-template-columns:1fr 1fr 1fr}}
"""


def write_html(
    sessions: Iterable[SessionRecord],
    out: TextIO,
    lang: Lang,
    summary: Stats,
    program: Program,
    *,
    runs_section: str = "",
    self_tests_section: str = "",
) -> int:
    """The report; ``runs_section``: the watch's runs next to the routine, when there are
    any (``reports.runs_section``), after the doses; ``self_tests_section``: the hip
    self-tests, when taken (``reports.selftests_section``), before the runs."""
    title = f"{t('report.title', lang=lang)}: {program.name.get(lang)}"
    out.write(
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title><style>{_CSS}</style></head><body>\n"
        f'<h1>{html_text(title)}</h1>\n<p class="muted">'
        + html_text(period_line(summary, lang))
        + "</p>\n"
    )
    out.write(f'<h2>{html_text(t("report.summary", lang=lang))}</h2>\n<ul class="summary">')
    out.write(
        "".join(f"<li>{html_text(line)}</li>" for line in summary_lines(summary, lang, program))
    )
    out.write("</ul>\n" + _pain_section(summary, lang, program))
    out.write(
        "<figure>"
        + calendar_svg(summary, lang)
        + "<figcaption>"
        + html_text(t("report.calendar_caption", lang=lang))
        + "</figcaption></figure>\n"
    )
    if summary.exercises:
        out.write(f"<h2>{html_text(t('report.dose_over_time', lang=lang))}</h2>\n")
        out.write(_exercise_table(summary, lang) + '<div class="dose">')
        for exercise in summary.exercises:
            out.write(
                "<figure>"
                + dose_svg(exercise, summary.first, lang)
                + "<figcaption>"
                + html_text(exercise.name.get(lang))
                + "</figcaption></figure>\n"
            )
        out.write("</div>")
    out.write(self_tests_section)
    out.write(runs_section)
    out.write(f'<p class="safety">{html_text(t("safety.body", lang=lang))}</p>\n')
    out.write(
        f"<h2>{html_text(t('report.sessions', lang=lang))}</h2>\n"
        '<table class="sessions"><thead><tr>'
        + "".join(
            f"<th>{html_text(t(key, lang=lang).capitalize())}</th>"
            for key in ("csv.date", "csv.status", "report.sets_col", "report.checkin_col")
        )
        + "</tr></thead><tbody>\n"
    )
    count = 0
    shown: set[str] = set()
    for session in sessions:
        shown.add(session.id)
        out.write(_html_session(session, lang, program))
        count += 1
    out.write("</tbody></table>\n")
    if not count:
        out.write(f"<p>{html_text(t('report.none', lang=lang))}</p>\n")
    if others := other_entries(summary, program, lang, shown):
        out.write(f"<h2>{html_text(t('report.other_check_ins', lang=lang))}</h2>\n<table><tbody>")
        for mark, when, said in others:
            row = '<tr class="flagged">' if mark else "<tr>"
            out.write(f"{row}<td>{html_text(mark + when)}</td><td>{html_text(said)}</td></tr>\n")
        out.write("</tbody></table>\n")
    out.write("</body></html>\n")
    return count


def _html_session(session: SessionRecord, lang: Lang, program: Program) -> str:
    """One line a session: each exercise's sets done of those logged, with the dose, and
    what is skipped or cut short said; the check-ins and notes in the last column."""
    start = local_time(session.started_utc, session.utc_offset_minutes)
    sets = html_text("; ".join(session_sets_lines(session, lang)))
    said = checkin_bits(session, lang, program) + [
        t("log.note", lang=lang, note=note) for note in session_notes(session)
    ]
    checkin = html_text(" / ".join(said))  # one text: the page's shape never depends on it
    mark = flag_mark(session, program, lang)
    row = '<tr class="flagged">' if mark else "<tr>"
    return (
        f'{row}<td>{html_text(mark)}<span class="nw">{html_text(session.local_date.isoformat())}'
        f"</span> {start:%H:%M}</td>"
        f'<td class="status-{html_text(session.status)}">'
        f"{html_text(t(STATUS[session.status], lang=lang))}"
        f"</td><td>{sets}</td><td>{checkin}</td></tr>\n"
    )


def _pain_section(summary: Stats, lang: Lang, program: Program) -> str:
    """Page one: pain and effort over time, and the check-ins flagged for a look."""
    parts = [f"<h2>{html_text(t('report.pain_chart', lang=lang))}</h2>"]
    parts.append("<figure>" + pain_svg(summary, lang) + "</figure>")
    ease = program.progression.step_back_pain
    if flagged := summary.flagged(ease):
        names = report_names(summary, program)
        parts.append(f"<h2>{html_text(t('report.flagged_title', lang=lang, ease=ease))}</h2><ul>")
        for record in flagged:
            at = local_time(record.recorded_utc, record.utc_offset_minutes)
            said = check_in_bits(record, names, lang) + ([record.note] if record.note else [])
            when = f"{record.local_date.isoformat()} {at:%H:%M}"
            parts.append(f"<li>⚠ {html_text(when)}: {html_text(' · '.join(said))}</li>")
        parts.append("</ul>")
    return "\n".join(parts) + "\n"


def _exercise_table(summary: Stats, lang: Lang) -> str:
    """Per exercise: prescribed now in compact form, first → now, sets, and the share done."""
    head = "".join(
        f"<th>{html_text(t(key, lang=lang))}</th>"
        for key in (
            "report.exercise",
            "report.now",
            "report.dose",
            "report.sets_done",
            "report.skipped",
            "report.done_share",
        )
    )
    rows = "".join(
        f"<tr><td>{html_text(e.name.get(lang))}</td>"
        f"<td>{html_text(compact_dose_text(e.now, lang) if e.now else '-')}</td>"
        f"<td>{html_text(dose_trend(e, lang))}</td><td class=n>{e.sets_done}</td>"
        f"<td class=n>{e.sets_skipped}</td><td class=n>{html_text(done_share_text(e, lang))}</td>"
        "</tr>"
        for e in summary.exercises
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n"
