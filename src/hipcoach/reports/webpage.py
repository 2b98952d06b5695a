"""HTML: one self-contained, printable page (no script, no fetch), every user text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from hipcoach.coach.describe import (
    dose_trend,
)
from hipcoach.coach.stats import Stats
from hipcoach.i18n import SIDE, STATUS, Lang, t
from hipcoach.log.records import SessionRecord
from hipcoach.program.model import Program
from hipcoach.reports.charts import calendar_svg, dose_svg
from hipcoach.reports.shared import (
    actual_text,
    checkin_bits,
    flag_mark,
    html_text,
    local_time,
    other_entries,
    period_line,
    session_notes,
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
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
tr,figure{break-inside:avoid}.noprint{display:none}a{color:inherit;text-decoration:none}}
"""


def write_html(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, summary: Stats, program: Program
) -> int:
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
    out.write(
        "</ul>\n<figure>"
        + calendar_svg(summary, lang)
        + "<figcaption>"
        + html_text(t("report.calendar_caption", lang=lang))
        + "</figcaption></figure>\n"
    )
    if summary.exercises:
        out.write(f"<h2>{html_text(t('report.dose_over_time', lang=lang))}</h2>\n")
        for exercise in summary.exercises:
            out.write(
                "<figure>"
                + dose_svg(exercise.weekly_done, summary.first)
                + "<figcaption>"
                + html_text(
                    f"{exercise.name.get(lang)} · "
                    f"{dose_trend(exercise, lang)} · "
                    + t("report.sets_count", lang=lang, n=exercise.sets_done)
                )
                + "</figcaption></figure>\n"
            )
    out.write(f'<p class="safety">{html_text(t("safety.body", lang=lang))}</p>\n')
    out.write(
        f"<h2>{html_text(t('report.sessions', lang=lang))}</h2>\n<table><thead><tr>"
        + "".join(
            f"<th>{html_text(t(key, lang=lang).capitalize())}</th>"
            for key in (
                "csv.date",
                "csv.status",
                "report.sets_col",
                "report.checkin_col",
                "csv.note",
            )
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
    start = local_time(session.started_utc, session.utc_offset_minutes)
    sets = "<br>".join(
        html_text(
            f"{s.step_name.get(lang)} {s.set_number}"
            + (f" {t(SIDE[s.side], lang=lang)}" if s.side else "")
            + f": {actual_text(s, lang)}"
        )
        for s in session.sets
    )
    checkin = "<br>".join(html_text(bit) for bit in checkin_bits(session, lang, program))
    notes = html_text(" / ".join(session_notes(session)))
    mark = flag_mark(session, program, lang)
    row = '<tr class="flagged">' if mark else "<tr>"
    return (
        f"{row}<td>{html_text(mark)}{html_text(session.local_date.isoformat())} {start:%H:%M}</td>"
        f'<td class="status-{html_text(session.status)}">'
        f"{html_text(t(STATUS[session.status], lang=lang))}"
        f"</td><td>{sets}</td><td>{checkin}</td><td>{notes}</td></tr>\n"
    )
