"""Build realistic session records for tests (the same shape the recorder writes)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hipcoach.log.records import SessionRecord, SetRecord, Status
from hipcoach.program.model import Text
from hipcoach.timeutil import to_iso

STEPS = ("glute-stretch", "hip-hinge", "wall-drill")
NAMES = {
    "glute-stretch": Text("Glute stretch", "お尻のストレッチ"),
    "hip-hinge": Text("Hip hinge", "ヒップヒンジ"),
    "wall-drill": Text("Wall drill", "ウォールドリル"),
}
PHASES = {
    "glute-stretch": "flexibility",
    "hip-hinge": "hip-support",
    "wall-drill": "running-transfer",
}
PLAN = [  # (step, set, side, unit, planned)
    ("glute-stretch", 1, "left", "seconds", 20.0),
    ("glute-stretch", 1, "right", "seconds", 20.0),
    ("glute-stretch", 2, "left", "seconds", 20.0),
    ("glute-stretch", 2, "right", "seconds", 20.0),
    ("hip-hinge", 1, "left", "reps", 10.0),
    ("hip-hinge", 2, "right", "reps", 10.0),
    ("wall-drill", 1, None, "reps", 10.0),
    ("wall-drill", 2, None, "reps", 10.0),
]


def make_session(
    day: date,
    *,
    session_id: str | None = None,
    status: Status = "completed",
    count: int = 8,
    skipped: set[int] | None = None,
    hold: float = 20.0,
    offset_minutes: int = 540,
    hour: int = 7,
    effort: int | None = None,
    pain: int | None = None,
    pain_where: str | None = None,
    note: str | None = None,
    speed: float = 1.0,
) -> SessionRecord:
    """A hip-drop session on local ``day`` with its first ``count`` sets."""
    local_start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    start = local_start - timedelta(minutes=offset_minutes)
    sets = []
    moment = start + timedelta(seconds=5)
    for position, (step, number, side, unit, planned) in enumerate(PLAN[:count], 1):
        length = hold if unit == "seconds" else 30.0
        is_skipped = position in (skipped or set())
        value = hold if unit == "seconds" else planned
        sets.append(
            SetRecord(
                position=position,
                step_id=step,
                step_name=NAMES[step],
                phase=PHASES[step],
                set_number=number,
                side=side,
                unit=unit,  # type: ignore[arg-type]
                planned=hold if unit == "seconds" else planned,
                actual=None if is_skipped else value,
                skipped=is_skipped,
                started_utc=to_iso(moment),
                ended_utc=to_iso(moment + timedelta(seconds=length)),
            )
        )
        moment += timedelta(seconds=length + 10)
    return SessionRecord(
        id=session_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"hipcoach-test/{day}/{hour}")),
        program_id="hip-drop",
        program_version=1,
        program_name=Text("Hip-drop fix: three steps", "腰が落ちないフォームづくり 3ステップ"),
        program_steps=STEPS,
        variant="full",
        started_utc=to_iso(start),
        ended_utc=to_iso(moment),
        utc_offset_minutes=offset_minutes,
        local_date=day,
        status=status,
        speed=speed,
        lang="en",
        sets=tuple(sets),
        effort=effort,
        pain=pain,
        pain_where=pain_where,
        note=note,
    )
