"""What `today` says about the method's other moments: race week, race day, self-tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from hipcoach.cli.lines import say
from hipcoach.errors import HipcoachError
from hipcoach.i18n import Lang, format_date, t

if TYPE_CHECKING:
    from hipcoach.coach.moments import Moments
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program
    from hipcoach.settings import Settings

SELF_TESTS_PROGRAM = "hip-tests"  # `hipcoach assess` without a program


def day_moments(store: Store, current: Settings, today: date) -> Moments:
    from hipcoach.coach.moments import moments
    from hipcoach.log.selftests import last_test_day, run_days_since

    return moments(
        today,
        race_date=current.race_date,
        last_self_test=last_test_day(store),
        retest_days=current.retest_days,
        run_days=run_days_since(store, today - timedelta(days=1)),
        not_after_run=current.retest_not_after_run,
    )


def race_week_program() -> Program | None:
    """The built-in race-week program, if it is there and valid."""
    from hipcoach.coach.moments import RACE_WEEK_PROGRAM
    from hipcoach.program.catalog import find_program

    try:
        return find_program(RACE_WEEK_PROGRAM).program
    except HipcoachError:
        return None


def say_moments(moments: Moments, lang: Lang) -> None:
    days = moments.race_in_days
    if days == 0:
        say(t("today.race_day", lang=lang))
    elif days == 1:
        say(t("today.race_tomorrow", lang=lang))
    elif days is not None:
        say(t("today.race_week", lang=lang, days=days))
    if moments.self_tests_due:
        if moments.last_self_test is None:
            time = _tests_time(lang)
            if time is not None:
                say(t("today.self_tests_first", lang=lang, time=time))
        else:
            last = format_date(moments.last_self_test, lang=lang)
            say(t("today.self_tests_due", lang=lang, date=last))


def _tests_time(lang: Lang) -> str | None:
    """How long the self-tests take, said as `assess` and `programs` say it (None: the
    tests cannot be loaded, so `hipcoach assess` is not suggested)."""
    from hipcoach.i18n import about_duration
    from hipcoach.program.catalog import find_program
    from hipcoach.program.plan import estimate_seconds

    try:
        program = find_program(SELF_TESTS_PROGRAM).program
    except HipcoachError:
        return None
    return None if program is None else about_duration(estimate_seconds(program), lang)
