"""Progression from check-ins, and the check-in through the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.coach.progression import replay, steps_named
from hipcoach.log.records import CheckIn
from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Program
from tests.conftest import HIP_DROP
from tests.test_cli_session import FakeScaledClock, FakeTerminal

ALL = frozenset({"glute-stretch", "hip-hinge", "wall-drill"})
runner = CliRunner()


@pytest.fixture
def program() -> Program:
    return load_program_file(HIP_DROP)


def check(
    n: int,
    *,
    effort: int | None = 5,
    pain: int | None = 0,
    where: str | None = None,
    completed: bool = True,
    steps: frozenset[str] = ALL,
) -> CheckIn:
    return CheckIn(date(2026, 11, 1) + timedelta(days=n), completed, steps, effort, pain, where)


def test_three_easy_sessions_step_up_inside_the_range(program: Program) -> None:
    progress = replay(program, [check(n) for n in range(3)])
    stretch = progress.steps["glute-stretch"]
    assert (stretch.level, stretch.reason, stretch.previous_level) == (1, "up", 0)
    assert progress.steps["hip-hinge"].level == 0  # a fixed dose never moves
    assert replay(program, [check(n) for n in range(2)]).steps["glute-stretch"].level == 0
    top = replay(program, [check(n) for n in range(12)]).steps["glute-stretch"]
    assert top.level == 2  # 30 s, the top of 20-30 s


def test_a_hard_or_unfinished_session_resets_the_count(program: Program) -> None:
    assert replay(program, [check(0), check(1, effort=8), check(2)]).levels()["glute-stretch"] == 0
    assert (
        replay(program, [check(0), check(1, pain=3), check(2), check(3)]).levels()["glute-stretch"]
        == 0
    )
    assert (
        replay(program, [check(0), check(1, completed=False), check(2)]).levels()["glute-stretch"]
        == 0
    )
    unreported = check(1, effort=None, pain=None)  # neither easy nor hard
    assert (
        replay(program, [check(0), unreported, check(2), check(3)]).levels()["glute-stretch"] == 1
    )


def test_pain_steps_back_the_exercise_that_hurt(program: Program) -> None:
    up = [check(n) for n in range(3)]
    named = replay(program, [*up, check(3, pain=5, where="glute-stretch")])
    stretch = named.steps["glute-stretch"]
    assert (stretch.level, stretch.reason, stretch.pain) == (0, "down", 5)
    assert named.steps["hip-hinge"].reason == "start"  # fixed: nothing to step back
    elsewhere = replay(program, [*up, check(3, pain=5, where="2")])  # the hip hinge
    assert elsewhere.steps["glute-stretch"].level == 1
    unspecified = replay(program, [*up, check(3, pain=4)])
    assert unspecified.steps["glute-stretch"].level == 0


def test_where_names_exercises(program: Program) -> None:
    assert steps_named(program, "1") == {"glute-stretch"}
    assert steps_named(program, "hip-hinge") == {"hip-hinge"}
    assert steps_named(program, "the wall drill hurt") == {"wall-drill"}
    assert steps_named(program, "ヒップヒンジ") == {"hip-hinge"}
    assert steps_named(program, "left knee") is None
    assert steps_named(program, "  ") is None


# --- through the command line (fake clock and keys from test_cli_session) -------------------


@pytest.fixture(autouse=True)
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from hipcoach.session import recorder as session_module
    from hipcoach.tui import keys as terminal

    monkeypatch.setattr(terminal, "TerminalKeys", FakeTerminal)
    monkeypatch.setattr(session_module, "ScaledClock", FakeScaledClock)
    FakeTerminal.script, FakeTerminal.signal = [], None


def today() -> dict[str, Any]:
    return json.loads(runner.invoke(app, ["today", "--json"]).stdout)  # type: ignore[no-any-return]


def stretch(data: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["id"] == "glute-stretch")  # type: ignore[no-any-return]


def test_easy_check_ins_move_the_hold_and_pain_moves_it_back() -> None:
    assert stretch(today())["seconds"] == 20
    for _ in range(3):
        result = runner.invoke(app, ["run", "--yes", "--effort", "5", "--pain", "0"])
        assert result.exit_code == 0, result.output
    assert "Next time: Glute stretch hold 20 s → hold 25 s" in result.stdout
    up = stretch(today())
    assert up["seconds"] == 25 and up["why"] == "up from 20 s: 3 easy sessions in a row"
    assert "hold 25 s" in runner.invoke(app, ["today"]).stdout
    hurt = runner.invoke(app, ["run", "--yes", "--effort", "6", "--pain", "5", "--pain-where", "1"])
    assert "Pain 5: do not push through pain." in hurt.stderr
    assert "Next time: Glute stretch hold 25 s → hold 20 s" in hurt.stderr
    down = stretch(today())
    assert down["seconds"] == 20
    assert (
        down["why"]
        == "eased from 25 s after pain 5 on 2026-11-25 · 0 of 3 easy sessions toward 25 s"
    )
    logged = json.loads(runner.invoke(app, ["log", "--json", "--limit", "1"]).stdout)
    check_in = logged[0]["check_ins"][0]
    assert (check_in["effort"], check_in["pain"], check_in["pain_where"]) == (6, 5, "glute-stretch")


def test_pain_seven_says_stop_and_a_pain_free_check_in_does_not_lift_it() -> None:
    runner.invoke(
        app,
        [
            "run",
            "--yes",
            "--quick",
            "--effort",
            "6",
            "--pain",
            "7",
            "--note",
            "$(touch /tmp/x); 'quoted'\nnew line",
        ],
    )
    warned = runner.invoke(app, ["today"])
    assert "Stop this routine for now" in warned.stdout
    assert "assessed by a doctor or physiotherapist" in warned.stdout
    assert today()["stop"]["pain"] == 7
    again = runner.invoke(app, ["run", "--yes", "--dry-run"])
    assert again.exit_code == 0
    started = runner.invoke(app, ["run", "--yes", "--quick"])
    assert "Stop this routine for now" in started.stderr and started.exit_code == 4
    assert runner.invoke(app, ["checkin", "--pain", "0"]).exit_code == 0
    assert today()["stop"]["pain"] == 7
    assert runner.invoke(app, ["lift-stop", "assessed"]).exit_code == 0
    assert today()["stop"] is None
    assert "Stop this routine" not in runner.invoke(app, ["today"]).stdout


def test_checkin_command() -> None:
    alone = runner.invoke(app, ["checkin", "--effort", "5"])
    assert alone.exit_code == 0 and "about no session" in alone.stdout
    runner.invoke(app, ["run", "--yes", "--step", "hip-hinge"])
    bare = runner.invoke(app, ["checkin"])
    assert bare.exit_code == 2 and "give --effort" in bare.stderr  # no terminal to ask in
    done = runner.invoke(app, ["checkin", "--effort", "4", "--note", "ok"])
    assert done.exit_code == 0 and "Check-in saved for the session of 2026-11-25" in done.stdout
    assert runner.invoke(app, ["checkin", "--effort", "11"]).exit_code == 2
