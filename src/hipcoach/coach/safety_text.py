"""What the coach says about pain and stops, in one place for `today`, `run`, `checkin`,
`log` and the reports, so every view says the same thing in the same words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from hipcoach.coach.safety import Lift, Stop
from hipcoach.i18n import SIDE, Lang, format_date, join, t
from hipcoach.log.records import CheckInRecord, LiftReason, RedFlag, SessionRecord
from hipcoach.program.model import Program, Progression, Side, Text

RED_FLAG_TEXT: dict[RedFlag, str] = {
    "numbness": "red_flag.numbness",
    "groin": "red_flag.groin",
    "next-day": "red_flag.next-day",
    "sharp": "red_flag.sharp",
    "front-pinch": "red_flag.front-pinch",
    "recent-injury": "red_flag.recent-injury",
}
LIFT_TEXT: dict[LiftReason, str] = {
    "assessed": "lift.because.assessed",
    "pain-free-48h": "lift.because.pain-free-48h",
}
STOP_WHY = {
    "pain": "stop.why.pain",
    "pain-twice": "stop.why.pain-twice",
    "red-flag": "stop.why.red-flag",
}


def exercise_names(
    program: Program | None = None, sessions: Sequence[SessionRecord] = ()
) -> dict[str, Text]:
    """Exercise names by id, from a program and the sets of logged sessions: a check-in's
    "where" is shown by name, never by step id."""
    names = {s.step_id: s.step_name for session in sessions for s in session.sets}
    if program is not None:
        names.update({step.id: step.name for step in program.steps})
    return names


# A self-test's flagged pain, stored in the check-in's "where" as a marker in no language
# (self-test:PROGRAM:TEST:SIDE) and worded in the reader's: a test run in English once left
# English words in a Japanese report. Older check-ins keep the words they were saved with.
SELF_TEST_WHERE = "self-test:"


def self_test_where(program_id: str, test_id: str, side: Side | None) -> str:
    """The marker a self-test's flagged pain is saved with as the check-in's "where"."""
    return f"{SELF_TEST_WHERE}{program_id}:{test_id}:{side or 'both'}"


def where_text(where: str | None, names: Mapping[str, Text], lang: Lang) -> str | None:
    """An exercise id as the exercise's name; a self-test's marker as the test and side in
    ``lang``; the user's own words as typed."""
    if not where:
        return None
    if where.startswith(SELF_TEST_WHERE):
        parts = where[len(SELF_TEST_WHERE) :].split(":")
        if len(parts) == 3 and parts[2] in ("left", "right", "both"):
            program_id, test_id, side = parts
            test = _test_name(program_id, test_id) or names.get(test_id)
            side_word = t(SIDE.get(side, "result.both"), lang=lang)
            test_name = test.get(lang) if test is not None else test_id
            return t("assess.flag_where", lang=lang, test=test_name, side=side_word)
    name = names.get(where)
    return name.get(lang) if name is not None else where


@lru_cache(maxsize=8)
def _test_name(program_id: str, test_id: str) -> Text | None:
    """A self-test's name from its program, if still installed and valid."""
    from hipcoach.errors import HipcoachError
    from hipcoach.program.catalog import find_program

    try:
        program = find_program(program_id).program
    except HipcoachError:
        return None
    step = next((s for s in program.steps if s.id == test_id), None) if program else None
    return step.name if step is not None else None


def red_flags_text(flags: Sequence[RedFlag], lang: Lang) -> str:
    return join([t(RED_FLAG_TEXT[flag], lang=lang) for flag in flags], lang=lang)


def stop_lines(stop: Stop, rules: Progression, names: Mapping[str, Text], lang: Lang) -> list[str]:
    """Why the stop is in force, what to do, and how it is lifted."""
    where = where_text(stop.where, names, lang)
    key = STOP_WHY[stop.reason]
    if stop.reason == "red-flag" and stop.pain:
        key = "stop.why.red-flag-pain"
    why = t(
        key,
        lang=lang,
        date=format_date(stop.since, lang=lang),
        pain=stop.pain,
        where=t("stop.where", lang=lang, where=where) if where else "",
        ease=rules.step_back_pain,
        flags=red_flags_text(stop.red_flags, lang),
    )
    lines = [why]
    if stop.worst_pain is not None and stop.pain is not None and stop.worst_pain > stop.pain:
        lines.append(t("stop.worst", lang=lang, pain=stop.worst_pain))
    how = "stop.lift_how_assessed" if stop.reason == "red-flag" else "stop.lift_how"
    lines += [t("stop.assess", lang=lang), t(how, lang=lang)]
    return lines


def lift_line(lift: Lift, lang: Lang, key: str = "lift.said") -> str:
    because = t(LIFT_TEXT[lift.because], lang=lang)
    return t(key, lang=lang, date=format_date(lift.on, lang=lang), because=because)


def pain_reminder(
    record: CheckInRecord, rules: Progression, names: Mapping[str, Text], lang: Lang
) -> str:
    where = where_text(record.pain_where, names, lang)
    return t(
        "today.pain_reminder",
        lang=lang,
        pain=record.pain,
        where=t("stop.where", lang=lang, where=where) if where else "",
        date=format_date(record.local_date, lang=lang),
        stop=rules.stop_pain,
        ease=rules.step_back_pain,
    )


def check_in_bits(record: CheckInRecord, names: Mapping[str, Text], lang: Lang) -> list[str]:
    """``effort 5 · pain 6 (Hip hinge) · warning sign: …``: one entry of the pain record."""
    if record.lift is not None:
        return [t("report.lifted", lang=lang, because=t(LIFT_TEXT[record.lift], lang=lang))]
    bits = []
    if record.effort is not None:
        bits.append(t("report.effort", lang=lang, n=record.effort))
    if record.pain is not None:
        where = where_text(record.pain_where, names, lang)
        bits.append(
            t("report.pain", lang=lang, n=record.pain)
            + (t("stop.where", lang=lang, where=where) if where else "")
        )
    elif record.pain_where:
        bits.append(where_text(record.pain_where, names, lang) or "")
    if record.red_flags:
        bits.append(t("report.red_flags", lang=lang, flags=red_flags_text(record.red_flags, lang)))
    return bits
