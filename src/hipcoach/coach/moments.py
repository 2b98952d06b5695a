"""The method's other moments, as `today` sees them: race week, and the self-tests' turn.

Pure functions of dates: the CLI reads the settings and the log and passes them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hipcoach.coach.assessments import retest_due

RACE_WEEK_DAYS = 7
RACE_WEEK_PROGRAM = "race-week"
PRE_RUN_PROGRAM = "pre-run"


@dataclass(frozen=True)
class Moments:
    """What `today` adds to the day's routine."""

    race_in_days: int | None  # 0: race day; None: no race date, or not this week
    self_tests_due: bool
    last_self_test: date | None

    @property
    def race_week(self) -> bool:
        return self.race_in_days is not None and self.race_in_days >= 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "race_in_days": self.race_in_days,
            "race_week": self.race_week,
            "self_tests_due": self.self_tests_due,
            "last_self_test": self.last_self_test.isoformat() if self.last_self_test else None,
        }


def race_in_days(race_date: date | None, today: date) -> int | None:
    """Days to the race when it is today or within the week before it."""
    if race_date is None:
        return None
    days = (race_date - today).days
    return days if 0 <= days <= RACE_WEEK_DAYS else None


def ran_today_or_yesterday(run_days: Iterable[date], today: date) -> bool:
    return any(day in (today, today - timedelta(days=1)) for day in run_days)


def moments(
    today: date,
    *,
    race_date: date | None,
    last_self_test: date | None,
    retest_days: int,
    run_days: Iterable[date] = (),
    not_after_run: bool = False,
) -> Moments:
    race = race_in_days(race_date, today)
    ran = not_after_run and ran_today_or_yesterday(run_days, today)
    # race week has its own light plan: no maximal tests in it
    due = race is None and retest_due(last_self_test, today, retest_days, ran_recently=ran)
    return Moments(race, due, last_self_test)
