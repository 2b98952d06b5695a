"""run, today and log through CliRunner, with a fake clock and scripted keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.session import recorder as session_module
from hipcoach.session.engine import Key
from hipcoach.tui import keys as terminal
from tests.fakes import FakeClock, ScriptedKeys

runner = CliRunner()


class FakeTerminal:
    """Stands in for TerminalKeys: scripted keys on the shared fake clock."""

    script: ClassVar[list[tuple[float, Key]]] = []
    signal: ClassVar[int | None] = None

    def __init__(self, to_real: Any = float, read_stdin: bool = True) -> None:
        self.keys = ScriptedKeys(CLOCK, list(FakeTerminal.script))
        self.last_signal = FakeTerminal.signal

    def __enter__(self) -> FakeTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def wait(self, timeout: float | None) -> Key | None:
        return self.keys.wait(timeout)

    def suspend(self) -> None:
        pass

    def prompt(self, question: str) -> str:
        return ""


class FakeScaledClock(FakeClock):
    def __init__(self, speed: float = 1.0) -> None:
        super().__init__(CLOCK.now())
        self.speed = speed

    def now(self) -> float:
        return CLOCK.now()

    def real_seconds(self, seconds: float) -> float:
        return seconds / self.speed


CLOCK = FakeClock()


@pytest.fixture(autouse=True)
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(terminal, "TerminalKeys", FakeTerminal)
    monkeypatch.setattr(session_module, "ScaledClock", FakeScaledClock)
    FakeTerminal.script, FakeTerminal.signal = [], None
    yield


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def logged() -> list[dict[str, Any]]:
    result = invoke("log", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_dry_run_prints_the_timeline() -> None:
    result = invoke("run", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["00:00", "15", "s", "Get", "ready:", "Glute", "stretch"]
    assert "00:15     20 s   Glute stretch · set 1/2 · left leg bent · hold 20 s" in result.stdout
    assert "Next exercise: Hip hinge" in result.stdout
    assert lines[-1] == "Total: 7 min 43 s"
    out = result.stdout
    # the hinge: 2 sets with the left leg forward and 2 with the right
    for n in (1, 2):
        for side in ("left", "right"):
            assert f"Hip hinge · set {n}/2 · {side} leg forward · 10 reps" in out
    assert out.count("Hip hinge · set") == 4
    assert "Switch sides → right leg forward" in out
    assert out.count("Wall drill · set") == 2 and "first rep held 3 s" in out
    assert "below the" not in out  # the full dose
    assert logged() == []  # nothing ran


def test_run_logs_a_completed_session_with_every_set() -> None:
    result = invoke("run", "--yes", "--speed", "20")
    assert result.exit_code == 0, result.output
    assert "Done: 10 sets logged. Well done!" in result.stdout
    assert "\x1b" not in result.stdout
    (session,) = logged()
    assert session["status"] == "completed" and session["speed"] == 20
    sets = [
        (s["step_id"], s["set_number"], s["side"], s["unit"], s["planned"], s["actual"])
        for s in session["sets"]
    ]
    assert sets[:4] == [
        ("glute-stretch", n, side, "seconds", 20, 20) for n in (1, 2) for side in ("left", "right")
    ]
    assert [(s[0], s[2]) for s in sets[4:]] == [
        ("hip-hinge", "left"),
        ("hip-hinge", "right"),
        ("hip-hinge", "left"),
        ("hip-hinge", "right"),
        ("wall-drill", None),
        ("wall-drill", None),
    ]
    assert all(s[4] == s[5] == 10 for s in sets[4:])


def test_a_rehearsal_is_logged_but_counts_for_nothing() -> None:
    def counted() -> tuple[str, int, int]:
        today = invoke("today").stdout
        csv_rows = len(invoke("export", "--format", "csv").stdout.splitlines()) - 1
        stats = json.loads(invoke("stats", "--json").stdout)
        return today, csv_rows, stats["sessions"]

    rehearsal = invoke("run", "--yes", "--speed", "20", "--effort", "3", "--pain", "0")
    assert rehearsal.exit_code == 0, rehearsal.output
    assert "counts toward no streak, dose or report" in rehearsal.stdout
    today, csv_rows, sessions = counted()
    assert "Not done yet today" in today and "Streak: 0 days" in today
    assert (csv_rows, sessions) == (0, 0)
    assert len(logged()) == 1 and "rehearsal ×20" in invoke("log").stdout  # still in the log

    real = invoke("run", "--yes", "--effort", "3", "--pain", "0")  # the injected clock
    assert real.exit_code == 0 and "rehearsal" not in real.stdout
    today, csv_rows, sessions = counted()
    assert "Done today" in today and "Streak: 1 day" in today
    assert (csv_rows, sessions) == (10, 1)
    assert len(logged()) == 2


def test_quick_and_single_step() -> None:
    assert invoke("run", "--yes", "--quick").exit_code == 0
    assert invoke("run", "--yes", "--step", "hip-hinge").exit_code == 0
    step, quick = logged()
    assert quick["variant"] == "quick" and len(quick["sets"]) == 5  # the hinge: one per leg
    assert step["variant"] == "step:hip-hinge" and len(step["sets"]) == 4


def test_bad_options() -> None:
    result = invoke("run", "--step", "plank")
    assert result.exit_code == 2
    assert "hip-drop has no step 'plank'; its steps: glute-stretch, hip-hinge, wall-drill" in (
        result.stderr
    )
    assert invoke("run", "--speed", "0").exit_code == 2
    assert invoke("run", "nope").exit_code == 2


def test_ctrl_c_exits_130_and_keeps_the_sets() -> None:
    FakeTerminal.script = [(65.0, Key.INTERRUPT)]  # in the rest after both sides of set 1
    result = invoke("run", "--yes")
    assert result.exit_code == 130
    assert "Stopped: 2 sets done and logged." in result.stdout
    (session,) = logged()
    assert session["status"] == "partial" and len(session["sets"]) == 2


def test_sigterm_exits_143() -> None:
    FakeTerminal.script, FakeTerminal.signal = [(10.0, Key.TERMINATE)], 15
    assert invoke("run", "--yes").exit_code == 143


def test_today_before_and_after_a_session() -> None:
    before = invoke("today")
    assert before.exit_code == 0, before.output
    assert "Not done yet today." in before.stdout or "A rest day" in before.stdout
    assert "Streak: 0 days · best 0" in before.stdout
    assert "\x1b" not in before.stdout
    assert invoke("run", "--yes").exit_code == 0
    after = invoke("today")
    assert "Done today ✓" in after.stdout
    assert "Streak: 1 day · best 1" in after.stdout
    assert after.stdout.count("✓") == 4  # three steps and the status line


def test_today_json_and_bare_command() -> None:
    invoke("run", "--yes", "--step", "glute-stretch")
    data = json.loads(invoke("today", "--json").stdout)
    assert data["program"]["id"] == "hip-drop"
    assert [(s["id"], s["done"]) for s in data["steps"]] == [
        ("glute-stretch", True),
        ("hip-hinge", False),
        ("wall-drill", False),
    ]
    assert data["done"] is False and data["streak"]["current"] == 0
    assert len(data["recent_days"]) == 14
    bare = invoke()
    assert bare.exit_code == 0 and "Started today; some exercises are still to do." in bare.stdout


def test_today_yes_starts_the_session() -> None:
    result = invoke("today", "--yes")
    assert result.exit_code == 0, result.output
    assert "Done: 10 sets logged." in result.stdout
    assert len(logged()) == 1


def test_today_in_japanese() -> None:
    result = invoke("today", "--lang", "ja")
    assert "腰が落ちないフォームづくり" in result.stdout and "連続0日（最長0日）" in result.stdout


def test_log_empty_and_limited() -> None:
    assert "No sessions yet" in invoke("log").stdout
    for _ in range(3):
        invoke("run", "--yes", "--step", "wall-drill")
    assert len(json.loads(invoke("log", "--json", "--limit", "2").stdout)) == 2
    text = invoke("log").stdout
    # named, not the step id: in the header of each session and on each of its two sets
    assert text.count("Wall drill") == 9 and "(only Wall drill)" in text
    assert "10 reps of 10 reps" in text and "wall-drill" not in text


def test_dry_run_in_japanese_names_the_legs() -> None:
    out = invoke("run", "--dry-run", "--lang", "ja").stdout
    assert "ヒップヒンジ・1/2セット・左脚を前に・10回" in out
    assert "ヒップヒンジ・2/2セット・右脚を前に・10回" in out
    assert "反対側へ → 右脚を前に" in out and "お尻のストレッチ・1/2セット・左脚を曲げて" in out
    assert "ウォールドリル・1/2セット・10回・1回目は3秒止める" in out
    assert " · " not in out  # 「・」 in Japanese


def test_the_quick_version_says_it_is_below_the_dose() -> None:
    out = invoke("run", "--quick", "--dry-run").stdout
    assert "Quick version: below the program's full dose" in out
    assert "本来の回数より少なめ" in invoke("run", "--quick", "--dry-run", "--lang", "ja").stdout
    assert "below the full dose" in invoke("run", "--help").stdout
