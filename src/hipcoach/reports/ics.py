"""iCalendar: sessions as events, or the plan as a weekly reminder (the icalendar library)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, TextIO

from hipcoach import __version__
from hipcoach.coach.describe import dose_today_text
from hipcoach.i18n import SIDE, STATUS, Lang, t
from hipcoach.log.records import SessionRecord
from hipcoach.program.model import Program
from hipcoach.program.plan import doses_for, expand
from hipcoach.reports.shared import actual_text, checkin_bits, one_newline, session_notes
from hipcoach.timeutil import WEEKDAYS, Weekday, from_iso, parse_weekdays

if TYPE_CHECKING:
    from icalendar import Event, vText

    from hipcoach.clock import WallClock


_PRODID = f"-//hipcoach//hipcoach {__version__}//EN"


def _calendar_frame(name: str) -> tuple[str, str]:
    """The VCALENDAR head and tail, from the library, to put events between."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    text = calendar.to_ical().decode("utf-8")
    head, tail = text.split("END:VCALENDAR")
    return head, "END:VCALENDAR" + tail


# control characters, and U+FEFF: icalendar drops it from the start of a value (it reads
# values back as UTF-8 with a byte-order mark), so it would go only sometimes
_ICS_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")


def _ics_text(text: str) -> vText:
    """What an iCalendar TEXT value may hold (RFC 5545 3.3.11): line breaks as LF and no
    other control character (icalendar would write a NUL or an ESC from a note raw),
    every backslash written as one."""
    cleaned = _ICS_CONTROL.sub("", one_newline(text))
    return _literal_text_type()(cleaned)


@functools.cache
def _literal_text_type() -> type[vText]:
    from icalendar import vText

    class LiteralText(vText):
        """icalendar reads backslash-N in a value as a line break (its documented
        shorthand); in a note or an exercise name it is those two characters."""

        def to_ical(self) -> bytes:
            escaped = (
                self.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\n", "\\n")
            )
            return escaped.encode("utf-8")  # the whole calendar is UTF-8

    return LiteralText


def write_ics(sessions: Iterable[SessionRecord], out: TextIO, lang: Lang) -> int:
    """One event per session; its UID is the session's, so re-exports do not duplicate."""
    head, tail = _calendar_frame("hipcoach")
    out.write(head)
    count = 0
    for session in sessions:
        out.write(_session_event(session, lang).to_ical().decode("utf-8"))
        count += 1
    out.write(tail)
    return count


def _session_event(session: SessionRecord, lang: Lang) -> Event:
    from icalendar import Event

    start = from_iso(session.started_utc)
    end = from_iso(session.ended_utc) if session.ended_utc else start
    if session.sets:
        end = max(end, from_iso(max(s.ended_utc for s in session.sets)))
    event = Event()
    event.add("uid", f"{session.id}@hipcoach")
    event.add("dtstamp", end)
    event.add("dtstart", start)
    event.add("dtend", max(end, start + timedelta(minutes=1)))
    event.add(
        "summary",
        _ics_text(
            t(
                "ics.summary",
                lang=lang,
                program=session.program_name.get(lang),
                status=t(STATUS[session.status], lang=lang),
            )
        ),
    )
    lines = [
        f"{s.step_name.get(lang)} {s.set_number}"
        + (f" ({t(SIDE[s.side], lang=lang)})" if s.side else "")
        + f": {actual_text(s, lang)}"
        for s in session.sets
    ]
    lines += checkin_bits(session, lang)  # every check-in, by exercise name
    lines += session_notes(session)
    event.add("description", _ics_text("\n".join(lines)))
    event.add("categories", ["hipcoach"])
    return event


def write_ics_schedule(
    program: Program,
    days: Sequence[Weekday],
    times: Sequence[time],
    out: TextIO,
    lang: Lang,
    clock: WallClock,
    levels: Mapping[str, int] | None = None,
) -> int:
    """A weekly reminder on the training days at each local time of ``times`` (a desk
    break several times a working day), as long as the routine at today's prescribed dose
    (``levels``: each step's progression level). Returns how many reminders a day."""
    head, tail = _calendar_frame("hipcoach")
    first = clock.today()
    while WEEKDAYS[first.weekday()] not in days:
        first += timedelta(days=1)
    doses = doses_for(program, levels)
    minutes = max(5, -(-int(expand(program, doses).total_seconds) // 60))
    steps = [f"{d.step.name.get(lang)}: {dose_today_text(d, lang)}" for d in doses]
    description = _ics_text("\n".join([*steps, "", t("safety.body", lang=lang)]))
    reminder = _ics_text(t("ics.reminder", lang=lang, program=program.name.get(lang)))
    events = []
    for at in times:
        # one time keeps the uid it always had, so a calendar updates the old reminder
        uid = f"schedule-{program.id}" + (f"-{at:%H%M}" if len(times) > 1 else "")
        event = _reminder(uid, datetime.combine(first, at), minutes, days, clock, reminder)
        event.add("description", description)
        events.append(event.to_ical().decode("utf-8"))
    out.write(head + "".join(events) + tail)
    return len(events)


def _reminder(
    uid: str,
    start: datetime,
    minutes: int,
    days: Sequence[Weekday],
    clock: WallClock,
    reminder: str,
) -> Event:
    """A weekly event on ``days`` from ``start`` (floating: the calendar's local time),
    saying ``reminder``, with an alarm at its start."""
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", f"{uid}@hipcoach")
    event.add("dtstamp", clock.now())
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=minutes))
    event.add("rrule", {"freq": "weekly", "byday": [day[:2].upper() for day in days]})
    event.add("summary", reminder)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def schedule_days(text: str, program: Program) -> list[Weekday]:
    """``mon,wed,fri`` (or ``program`` for the program's own days) as weekdays.

    Raises:
        ValueError: a word that is not a weekday.
    """
    if text.strip().lower() in ("program", ""):
        return list(program.schedule.days)
    return list(parse_weekdays(text))
