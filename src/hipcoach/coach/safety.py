"""Safety: whether a stop is in force, why, and how it was lifted, replayed from the pain
record (every check-in of every program, oldest first: a hip hurts whatever the routine).

A stop is set by pain of ``stop_pain`` or more, by any red flag, or by pain of
``step_back_pain`` or more in two check-ins in a row (of those that report pain). Nothing
lifts it but a statement recorded in the log: "assessed by a professional", or "pain-free
for 48 hours", which the log must not contradict. A check-in with no pain does not lift it.
Days while a stop is in force never break a streak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from hipcoach.log.records import CheckInRecord, LiftReason, RedFlag
from hipcoach.program.model import Progression
from hipcoach.timeutil import days_from, from_iso

StopReason = Literal["pain", "red-flag", "pain-twice"]
PAIN_FREE_HOURS = 48


@dataclass(frozen=True)
class Stop:
    """A stop in force: the check-in that set it, and the worst one since."""

    since: date
    since_utc: str
    reason: StopReason
    pain: int | None  # of the check-in that set it
    where: str | None
    red_flags: tuple[RedFlag, ...]
    worst_pain: int | None  # the highest pain reported while it is in force


@dataclass(frozen=True)
class Lift:
    on: date
    because: LiftReason
    stop: Stop


@dataclass(frozen=True)
class Safety:
    stop: Stop | None = None
    lifted: Lift | None = None  # the latest lift, if any
    last_pain: CheckInRecord | None = None  # the latest check-in that reported pain
    stopped: tuple[tuple[date, date | None], ...] = ()  # (first, last) days under a stop

    def excused(self, today: date) -> set[date]:
        """Days under a stop, up to ``today``: missed, they break no streak."""
        days: set[date] = set()
        for first, last in self.stopped:
            days.update(days_from(first, min(last or today, today)))
        return days

    def reminder_pain(self, rules: Progression) -> CheckInRecord | None:
        """The last pain, when it was high enough to keep a reminder on `today`."""
        last = self.last_pain
        if last is None or last.pain is None or last.pain < rules.step_back_pain:
            return None
        return last


def in_effect_order(records: Sequence[CheckInRecord]) -> list[CheckInRecord]:
    """The entries in the order they take effect: each lift right after the entry it
    covers (the newest its machine knew), so a check-in made elsewhere in the meantime,
    and merged in later, comes after the lift and is not lifted by it."""
    ids = {record.id for record in records}
    lifts_after: dict[str, list[CheckInRecord]] = {}
    for record in records:
        if record.lift is not None and record.covers in ids:
            lifts_after.setdefault(record.covers or "", []).append(record)
    ordered: list[CheckInRecord] = []
    placed: set[str] = set()

    def place(record: CheckInRecord) -> None:
        if record.id in placed:  # lifts covering each other (an edited file)
            return
        placed.add(record.id)
        ordered.append(record)
        for lift in lifts_after.get(record.id, ()):
            place(lift)

    for record in records:
        if record.lift is None or record.covers not in ids:
            place(record)
    for record in records:  # a cycle of lifts covers nothing: at its own time
        if record.id not in placed:
            place(record)
    return ordered


def assess(records: Sequence[CheckInRecord], rules: Progression) -> Safety:
    """The safety state after these pain-record entries (oldest first)."""
    records = in_effect_order(records)
    stop: Stop | None = None
    lifted: Lift | None = None
    last_pain: CheckInRecord | None = None
    previous_high = False  # the previous check-in that reported pain had pain >= ease
    stopped: list[tuple[date, date | None]] = []
    for record in records:
        if record.lift is not None:
            if stop is not None:
                lifted = Lift(record.local_date, record.lift, stop)
                stopped[-1] = (stopped[-1][0], record.local_date)
                stop = None
            previous_high = False  # two check-ins in a row begin again after a lift
            continue
        pain = record.pain
        high = pain is not None and pain >= rules.step_back_pain
        reason: StopReason | None = None
        if record.red_flags:
            reason = "red-flag"
        elif pain is not None and pain >= rules.stop_pain:
            reason = "pain"
        elif high and previous_high:
            reason = "pain-twice"
        if pain is not None:
            last_pain, previous_high = record, high
        if stop is not None:
            if pain is not None and (stop.worst_pain is None or pain > stop.worst_pain):
                stop = _with_worst(stop, pain)
            continue
        if reason is not None:
            stop = Stop(
                record.local_date,
                record.recorded_utc,
                reason,
                pain,
                record.pain_where,
                record.red_flags,
                pain,
            )
            stopped.append((record.local_date, None))
    return Safety(stop, lifted, last_pain, tuple(stopped))


def _with_worst(stop: Stop, pain: int) -> Stop:
    return Stop(
        stop.since, stop.since_utc, stop.reason, stop.pain, stop.where, stop.red_flags, pain
    )


def flagged(record: CheckInRecord, ease: int) -> bool:
    """A check-in a physiotherapist should see first: pain of ``ease`` (the program's
    step-back level) or more, or a warning sign."""
    return bool(record.red_flags) or (record.pain is not None and record.pain >= ease)


def pain_within(
    records: Sequence[CheckInRecord], now: datetime, hours: int = PAIN_FREE_HOURS
) -> CheckInRecord | None:
    """The latest check-in in the last ``hours`` with pain or a red flag, if any."""
    since = now - timedelta(hours=hours)
    for record in reversed(records):
        if from_iso(record.recorded_utc) <= since:  # exactly 48 hours ago is outside
            return None
        if record.lift is None and (record.pain or record.red_flags):
            return record
    return None
