"""Two programs on one day: `today`, `stats`, `log` and the reports agree for each, and
every symbol they draw is in the one legend."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import timedelta

from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.coach.days import SYMBOLS
from hipcoach.i18n import t
from hipcoach.log.store import open_store
from hipcoach.program.model import Text
from tests.conftest import HIP_DROP
from tests.histories import add_sessions, make_session

runner = CliRunner()
TODAY = __import__("datetime").date(2026, 11, 25)  # the suite's pinned day


def mine(session):  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        session,
        id="11111111-1111-4111-8111-" + session.id[-12:],
        program_id="my-routine",
        program_name=Text("My routine", "自分のメニュー"),
    )


def seed() -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = HIP_DROP.read_text(encoding="utf-8").replace("id: hip-drop", "id: my-routine", 1)
    text = text.replace('en: "Hip-drop fix: three steps"', "en: My routine", 1)
    (folder / "my-routine.yaml").write_text(text, encoding="utf-8")
    sessions = [make_session(TODAY - timedelta(days=n)) for n in (1, 2)]  # hip-drop, not today
    sessions.append(mine(make_session(TODAY, hour=6)))  # only my-routine today
    sessions.append(mine(make_session(TODAY - timedelta(days=3), count=3, status="partial")))
    with open_store() as store:
        add_sessions(store, sessions)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_each_program_has_its_own_day_and_streak() -> None:
    seed()
    hip = json.loads(cli("today", "--json"))
    assert hip["done"] is False and hip["streak"]["current"] == 2  # today still open
    assert hip["recent_days"][-1]["state"] == "open"
    routine = json.loads(cli("today", "my-routine", "--json"))
    assert routine["done"] is True and routine["streak"]["current"] == 1
    assert [d["state"] for d in routine["recent_days"][-4:]] == [
        "partial",
        "missed",  # a training day of my-routine with nothing of it done
        "missed",
        "done",
    ]
    hip_stats = json.loads(cli("stats", "--json", "--weeks", "1"))
    assert hip_stats["program"] == "hip-drop" and hip_stats["sessions"] == 2
    assert hip_stats["days"][TODAY.isoformat()] == "open"
    assert hip_stats["streak"] == {**hip_stats["streak"], "current": 2}
    routine_stats = json.loads(cli("stats", "--json", "-p", "my-routine", "--weeks", "2"))
    assert routine_stats["sessions"] == 2 and routine_stats["days"][TODAY.isoformat()] == "done"
    everything = json.loads(cli("stats", "--json", "--all", "--weeks", "2"))
    assert everything["program"] is None and everything["sessions"] == 4
    assert everything["streak"]["current"] == 3


def test_every_symbol_drawn_is_in_the_legend() -> None:
    seed()
    legend = t("days.legend", lang="en")
    drawn = set(SYMBOLS.values()) - {" "}
    assert all(symbol in legend for symbol in drawn)
    for args in (("today",), ("today", "my-routine"), ("stats", "--weeks", "2")):
        out = cli(*args)
        assert legend in out
        grid = out.split(legend)[0].splitlines()[-7:]
        used = {c for line in grid for c in line if c in "■▪□·"}
        assert used <= drawn
    assert "Not done yet today" in cli("today") and "Done today" in cli("today", "my-routine")
    assert "all programs" in cli("stats", "--all")
    assert "My routine" in cli("stats", "-p", "my-routine").splitlines()[0]


def test_a_partial_day_never_says_done() -> None:
    seed()
    out = cli("stats", "-p", "my-routine", "--weeks", "2")
    rows = [line for line in out.splitlines() if re.match(r"^(Mo|Tu|We|Th|Fr|Sa|Su) ", line)]
    sunday = next(row for row in rows if row.startswith("Su"))  # 22 Nov, the partial day
    assert "▪" in sunday and "■" not in sunday


def test_log_names_both_programs_with_their_check_ins() -> None:
    seed()
    out = cli("log")
    assert out.count("My routine") == 2 and out.count("Hip-drop fix") == 2
    ja = cli("log", "--lang", "ja")
    assert "20秒（予定20秒）" in ja and " · " not in ja and "1/セット" not in ja
