"""The whole guided `hipcoach assess`, through the real command: the session engine on a
fake clock that never sleeps, keys at scripted moments of it, answers typed at the prompts,
the cues recorded, the wall clock injected as an Environment (a day other than the one the
suite pins, so nothing comes from the real date). What is logged must be what was typed and
timed, each side and trial; a flagged pain must act as a check-in's; out-of-range answers are
asked again; q, Ctrl-C and signals keep the trials finished, as a session keeps its sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

import hipcoach.cli.assess as assess_cli
import hipcoach.cli.session as session_cli
from hipcoach.cli import Environment, app, plan_overrides, user_settings
from hipcoach.clock import WallClock
from hipcoach.log.selftests import all_results
from hipcoach.log.store import open_store
from hipcoach.program.catalog import find_program
from hipcoach.program.plan import Timeline, doses_for, expand
from hipcoach.session.engine import Key
from hipcoach.tui import keys as terminal
from tests.conftest import PROGRAMS, TODAY
from tests.fakes import Recorder
from tests.test_cli_session import CLOCK, FakeTerminal, fake_terminal  # noqa: F401 - autouse

TOKYO = ZoneInfo("Asia/Tokyo")
DAY = date(2026, 12, 3)  # not the suite's pinned TODAY: the injected clock is the one used
assert DAY != TODAY
NOW = datetime(2026, 12, 3, 18, 45, tzinfo=TOKYO)
runner = CliRunner()
Where = tuple[str, str | None, int]  # test, side, trial
Row = tuple[str, str | None, int, str | None, float | None, dict[str, str]]  # as logged


class TypingTerminal(FakeTerminal):
    """The scripted keys, and a runner who types the next scripted answer at each prompt
    (shown with the prompt, as a terminal shows a typed line)."""

    typed: ClassVar[list[str]] = []

    def prompt(self, question: str) -> str:
        if not TypingTerminal.typed:
            raise AssertionError(f"nothing left to type at {question!r}")
        answer = TypingTerminal.typed.pop(0)
        print(question + answer)  # the terminal's echo, in the captured output
        return answer


CUES = Recorder()


@pytest.fixture(autouse=True)
def guided(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(terminal, "TerminalKeys", TypingTerminal)
    monkeypatch.setattr(assess_cli, "stdin_is_terminal", lambda: True)  # a runner is there
    monkeypatch.setattr(session_cli, "_session_cues", lambda *_: CUES)  # the cue output
    monkeypatch.setattr(session_cli, "start_tempo_tones", lambda *_, **__: None)  # no audio
    TypingTerminal.typed = []
    CUES.events.clear()
    CUES.cues.clear()
    yield


def invoke(*args: str, typed: str = "") -> Any:
    """The command with the injected wall clock; ``typed``: the lines read before the
    session (Enter to start)."""
    return runner.invoke(app, list(args), input=typed, obj=Environment(WallClock.fixed(NOW, TOKYO)))


def timeline_of(program: str) -> Timeline:
    """The timeline `assess` runs, made as it makes it."""
    user_settings.cache_clear()
    chosen = find_program(program).program
    assert chosen is not None
    return expand(chosen, doses_for(chosen), plan_overrides(True))


def keys_for(
    timeline: Timeline, enter_after: dict[Where, float], quit_in: tuple[Where, float] | None = None
) -> list[tuple[float, Key]]:
    """Enter that many seconds into each open-ended trial (the others run their length),
    or q (and q again to confirm) that far into ``quit_in``'s trial, on the session clock;
    the answers take no time on it."""
    script: list[tuple[float, Key]] = []
    at = 0.0
    for segment in timeline.segments:
        where = (timeline.dose(segment).step.id, segment.side, segment.set_number)
        if segment.is_work and quit_in is not None and quit_in[0] == where:
            return [*script, (at + quit_in[1], Key.QUIT), (at + quit_in[1] + 3, Key.QUIT)]
        if segment.is_work and where in enter_after:
            at += enter_after[where]
            script.append((at, Key.ENTER))
            continue
        assert segment.seconds is not None, f"{where} needs a time in enter_after"
        at += segment.seconds
    assert quit_in is None, f"no trial {quit_in[0]}"
    return script


def guided_run(
    program: str,
    lang: str,
    typed: list[str],
    enter_after: dict[Where, float],
    quit_in: tuple[Where, float] | None = None,
) -> Any:
    FakeTerminal.script = keys_for(timeline_of(program), enter_after, quit_in)
    TypingTerminal.typed = list(typed)
    result = invoke("assess", program, "--lang", lang, "--no-voice", typed="\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert TypingTerminal.typed == [], f"not asked for: {TypingTerminal.typed}"
    return result


def logged() -> list[Row]:
    with open_store() as store:
        rows = all_results(store)
    assert all(r.local_date == DAY for r in rows)  # the injected clock's day
    return sorted(
        [(r.test_id, r.side, r.trial, r.unit, r.value, r.answers) for r in rows], key=in_order
    )


def in_order(row: Row) -> tuple[str, str, int]:
    return row[0], row[1] or "", row[2]


def summaries(program: str = "hip-tests") -> dict[str, Any]:
    result = invoke("assess", program, "--results", "--json")
    assert result.exit_code == 0, result.output
    return {s["test"]: s for s in json.loads(result.stdout)}


def stance_row(side: str, trial: int, drop: str, pain: str) -> Row:
    answers = {"pelvis-drop": drop, "lateral-hip-pain": pain}
    return ("single-leg-stance", side, trial, None, None, answers)


def squat_row(side: str, knee: str, pelvis: str, trunk: str) -> Row:
    return (
        "single-leg-squat",
        side,
        1,
        None,
        None,
        {"knee": knee, "pelvis": pelvis, "trunk": trunk},
    )


def rows_in_order(rows: list[Row]) -> list[Row]:
    """Compared exactly: a stopwatch's time is logged to the tenth of a second, so no
    float noise (52.00000000000023) reaches the log."""
    return sorted(rows, key=in_order)


# --- every test, side and trial ------------------------------------------------------------


@pytest.fixture
def my_tests(isolated: Path) -> str:
    """hip-tests as a coach might copy it: two trials of the stance test and the side
    bridge, so trials are numbered too."""
    text = (PROGRAMS / "hip-tests.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hip-tests", "id: my-tests", 1)
    for kind in ("kind: timed-hold", "kind: hold-to-failure"):
        assert text.count(kind) == 1
        text = text.replace(kind, f"{kind}\n      trials: 2")
    path = isolated.parent / "my-tests.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def stance(drop: str, pain: str) -> list[str]:
    return [drop, pain]


def test_every_test_side_and_trial_is_logged_as_typed_and_timed_in_english(my_tests: str) -> None:
    timeline = timeline_of(my_tests)
    work = [
        (timeline.dose(s).step.id, s.side, s.set_number) for s in timeline.segments if s.is_work
    ]
    assert work == [  # the order a runner meets them
        ("single-leg-stance", "left", 1), ("single-leg-stance", "right", 1),
        ("single-leg-stance", "left", 2), ("single-leg-stance", "right", 2),
        ("single-leg-bridge", "left", 1), ("single-leg-bridge", "right", 1),
        ("side-bridge", "left", 1), ("side-bridge", "right", 1),
        ("side-bridge", "left", 2), ("side-bridge", "right", 2),
        ("single-leg-squat", "left", 1), ("single-leg-squat", "right", 1),
    ]  # fmt: skip
    typed = [
        *stance("no", "0"), *stance("yes", "1"), *stance("n", "0"), *stance("Y", " 1 "),
        "", "17",  # the bridge: Enter keeps the count, or a count is typed
        "good", "fair", "good",  "p", "Poor", "F",
    ]  # fmt: skip
    result = guided_run(
        my_tests,
        "en",
        typed,
        {
            ("single-leg-bridge", "left", 1): 48.0,  # 24 reps of 2 s at the tempo
            ("single-leg-bridge", "right", 1): 41.3,
            ("side-bridge", "left", 1): 47.5,
            ("side-bridge", "right", 1): 38.26,  # logged to the tenth
            ("side-bridge", "left", 2): 52.0,
            ("side-bridge", "right", 2): 30.71,
        },
    )
    assert result.exit_code == 0, result.output
    assert "Saved 12 results of 2026-12-03." in result.stdout
    assert "How many reps did you do? [24] \n" in result.stdout  # counted at the tempo
    assert "How many reps did you do? [20] 17" in result.stdout
    assert "Single-leg stance, 30 s · right leg standing · trial 2" in result.stdout
    # a test's line on the screen counts trials, not sets
    assert "Side bridge · trial 2/2 · left" in result.stdout and "set 2/2" not in result.stdout
    assert logged() == rows_in_order(
        [
            stance_row("left", 1, "no", "0"),
            stance_row("left", 2, "no", "0"),
            stance_row("right", 1, "yes", "1"),
            stance_row("right", 2, "yes", "1"),
            ("single-leg-bridge", "left", 1, "reps", 24, {}),
            ("single-leg-bridge", "right", 1, "reps", 17, {}),
            ("side-bridge", "left", 1, "seconds", 47.5, {}),  # the stopwatch: start to Enter
            ("side-bridge", "left", 2, "seconds", 52.0, {}),
            ("side-bridge", "right", 1, "seconds", 38.3, {}),
            ("side-bridge", "right", 2, "seconds", 30.7, {}),
            squat_row("left", "good", "fair", "good"),
            squat_row("right", "poor", "poor", "fair"),
        ]
    )  # fmt: skip
    found = summaries(my_tests)
    assert found["side-bridge"]["sides"]["left"]["value"] == 52  # the best trial
    # pain 1 is no flag; the pelvis dropping (yes) is a result flag
    assert found["single-leg-stance"]["sides"]["right"]["flags"] == ["pelvis-drop"]
    # the cue output heard each trial start and end, and the end of the tests
    kinds = [c.kind for c in CUES.cues if c.kind in ("start", "end", "done")]
    assert kinds == ["start", "end"] * 12 + ["done"]
    reps = [c.count for c in CUES.cues if c.kind == "rep"]
    assert max(reps) == 24  # the bridge's tempo counted up to the moment of Enter
    assert "of 10" not in result.stderr  # no flag
    assert json.loads(invoke("today", "--json").stdout)["last_pain"] is None


def test_the_tests_in_japanese_log_what_was_typed_and_timed() -> None:
    typed = [
        "いいえ", "０",  # full-width, as a Japanese keyboard may type it
        "はい", "1",
        "２２",
        "19",
        "良い", "まあまあ", "不十分",
        "まあまあ", "良い", "良い",
    ]  # fmt: skip
    result = guided_run(
        "hip-tests",
        "ja",
        typed,
        {
            ("single-leg-bridge", "left", 1): 30.0,
            ("single-leg-bridge", "right", 1): 44.0,
            ("side-bridge", "left", 1): 61.5,
            ("side-bridge", "right", 1): 58.0,
        },
    )
    # the checklist's question names its answers: not again after it in ［良い/まあまあ/不十分］
    assert "（良い・まあまあ・不十分） 良い" in result.output
    assert "［良い/まあまあ/不十分］" not in result.output
    assert "［はい/いいえ］" in result.output  # a question that does not name them still lists them
    assert result.exit_code == 0, result.output
    assert "2026年12月3日の結果を8件保存しました。" in result.stdout
    assert "片脚立ち 30秒・右脚で立つ・1回目" in result.stdout
    assert "片脚立ち 30秒・試行 1/1・左" in result.stdout and "1/1セット" not in result.stdout
    assert "浮かせた脚の側の骨盤が下がりましたか？［はい/いいえ］: いいえ" in result.stdout
    assert "何回できましたか？ [15] ２２" in result.stdout
    assert "Saved" not in result.stdout and "How many" not in result.stdout
    assert logged() == rows_in_order(
        [
            stance_row("left", 1, "no", "0"),
            stance_row("right", 1, "yes", "1"),
            ("single-leg-bridge", "left", 1, "reps", 22, {}),
            ("single-leg-bridge", "right", 1, "reps", 19, {}),
            ("side-bridge", "left", 1, "seconds", 61.5, {}),
            ("side-bridge", "right", 1, "seconds", 58.0, {}),
            squat_row("left", "good", "fair", "poor"),
            squat_row("right", "fair", "good", "good"),
        ]
    )  # fmt: skip
    assert "左 22回（平均）・右 19回（低い）・左右差 14%" in result.stdout


# --- a flagged pain acts as a check-in's ------------------------------------------------------

BRIDGES_AND_BRIDGES = {
    ("single-leg-bridge", "left", 1): 40.0,
    ("single-leg-bridge", "right", 1): 40.0,
    ("side-bridge", "left", 1): 50.0,
    ("side-bridge", "right", 1): 50.0,
}
REST = ["", "", "good", "good", "good", "good", "good", "good"]  # bridges, then squats


def with_stance_pain(left: str, right: str, lang: str = "en", then: tuple[str, ...] = ()) -> Any:
    """The stance test with these pains, ``then`` typed after it (at a pain that asks
    whether to go on), then the other tests."""
    typed = ["no", left, "no", right, *then, *REST]
    result = guided_run("hip-tests", lang, typed, BRIDGES_AND_BRIDGES)
    assert result.exit_code == 0, result.output
    return result


def test_stance_pain_0_or_1_is_no_flag_and_nothing_changes() -> None:
    result = with_stance_pain("1", "0")
    assert "of 10" not in result.stderr and "Check-in saved" not in result.stdout
    assert "Last pain" not in invoke("today").stdout
    today = json.loads(invoke("today", "--json").stdout)
    assert today["last_pain"] is None and today["stop"] is None
    assert "check-in" not in invoke("log").stdout


def bare(text: str) -> str:
    """Text with no spaces or box lines: the same words however a panel wrapped them."""
    return "".join(c for c in text if not c.isspace() and c not in "│┃━┏┓┗┛")


def words(text: str) -> str:
    return " ".join(text.replace("│", "").split())


def checkin_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pain: int) -> tuple[str, str]:
    """`today` and `log` after the same pain told in a check-in, in another home."""
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / f"checkin-{pain}"))
    assert invoke("assess", "--result", "side-bridge left 40").exit_code == 0  # tests taken
    told = invoke("checkin", "--pain", str(pain))
    assert told.exit_code == 0, told.output
    seen = invoke("today").stdout, invoke("log").stdout
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "home"))
    return seen


@pytest.mark.parametrize(
    ("pain", "seen"), [(2, None), (4, "Last pain: 4"), (7, "Stop this routine for now")]
)
def test_stance_pain_from_2_is_a_check_in_with_its_caution_or_stop(
    pain: int, seen: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_after_checkin, _ = checkin_home(tmp_path, monkeypatch, pain)
    if pain >= 7:  # the last stance trial: the tests end there (see below)
        TypingTerminal.typed = ["no", "0", "no", str(pain)]
        FakeTerminal.script = keys_for(timeline_of("hip-tests"), BRIDGES_AND_BRIDGES)
        result = invoke("assess", "--no-voice", typed="\n")
        assert result.exit_code == 0 and TypingTerminal.typed == [], result.output
    else:  # 4 asks whether to go on: yes
        result = with_stance_pain("0", str(pain), then=("y",) if pain >= 4 else ())
    assert f"Single-leg stance, 30 s, right: hip pain {pain} of 10" in result.stderr
    where = "(self-test Single-leg stance, 30 s · right)"
    assert f"pain {pain} {where}" in invoke("log").stdout  # named as the log names things
    today = invoke("today").stdout
    # the same `today` as after the check-in, but for where it hurt (and so the wrapping)
    assert words(today.replace(f" {where}", "")) == words(today_after_checkin)
    if seen is not None:
        assert seen in words(today)
    data = json.loads(invoke("today", "--json").stdout)
    assert data["last_pain"]["pain"] == pain
    assert (data["stop"] is not None) == (pain >= 7)
    run = invoke("run", "--yes")
    assert (run.exit_code == 0) == (pain < 7), run.output  # a stop: run refuses


def test_the_flag_is_worded_in_japanese_too(tmp_path: Path) -> None:
    result = with_stance_pain("3", "0", lang="ja")
    assert "片脚立ち 30秒（左）: 股関節外側の痛みが10段階で3。" in result.stderr
    assert "痛み3（セルフテスト 片脚立ち 30秒・左）" in invoke("log", "--lang", "ja").stdout
    assert "single-leg-stance" not in invoke("log", "--lang", "ja").stdout


def test_a_flag_taken_in_english_is_worded_in_japanese_for_a_japanese_reader() -> None:
    """The pain's "where" is saved in no language: a test run in English once put English
    words in a Japanese report (最も強い痛み: 3（self-test Single-leg stance, 30 s · left）)."""
    with_stance_pain("3", "0", lang="en")
    assert "pain 3 (self-test Single-leg stance, 30 s · left)" in invoke("log").stdout
    japanese = invoke("log", "--lang", "ja").stdout
    assert "痛み3（セルフテスト 片脚立ち 30秒・左）" in japanese
    assert "Single-leg" not in japanese and "self-test" not in japanese
    report = invoke("export", "--format", "md", "--lang", "ja").stdout
    assert "（セルフテスト 片脚立ち 30秒・左）" in report and "self-test" not in report


def test_a_where_saved_as_words_is_shown_as_saved() -> None:
    from hipcoach.coach.safety_text import self_test_where, where_text

    old = "self-test Single-leg stance, 30 s · left"  # as saved before the marker
    assert where_text(old, {}, "ja") == old
    marker = self_test_where("hip-tests", "side-bridge", "right")
    assert where_text(marker, {}, "en") == "self-test Side bridge · right"
    assert where_text(marker, {}, "ja") == "セルフテスト サイドブリッジ・右"
    gone = self_test_where("not-installed", "plank", None)
    assert where_text(gone, {}, "en") == "self-test plank · both"


# --- out-of-range answers are refused on their prompt and asked again -------------------------


def test_an_answer_out_of_range_is_refused_in_one_line_and_asked_again() -> None:
    typed = [
        "maybe", "no",  # not yes or no
        "11", "-1", "0",  # pain beyond 0-10
        "no", "0",
        "-1", "1000", "201", "200", "y",  # reps beyond what the test can mean; 200 confirmed
        "",
        "great", "good", "fair", "good",  # not good, fair or poor
        "good", "good", "good",
    ]  # fmt: skip
    result = guided_run("hip-tests", "en", typed, BRIDGES_AND_BRIDGES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()

    def after(answer: str, prompt: str) -> list[str]:
        """The line after the answer, and the prompt asked again."""
        at = next(
            n for n, line in enumerate(lines) if line.startswith(prompt) and line.endswith(answer)
        )
        return lines[at + 1 : at + 3]

    drop = "Did the pelvis drop on the side of the lifted leg? [yes/no]: "
    pain = "Pain at the side of the standing hip, 0 (none) to 10? [0–10]: "
    reps = "How many reps did you do? [20] "
    knee = "Knee over the foot, not falling inside it: good, fair or poor? "  # choices once
    assert after("maybe", drop) == ["Please answer with one of: yes/no.", drop + "no"]
    assert after("11", pain) == ["Please answer with one of: 0–10.", pain + "-1"]
    assert after("-1", pain) == ["Please answer with one of: 0–10.", pain + "0"]
    again = "Please type a whole number from 0 to 200 (or press Enter)."
    assert after("-1", reps) == [again, reps + "1000"]
    assert after("1000", reps) == [again, reps + "201"]
    assert after("201", reps) == [again, reps + "200"]
    assert after("great", knee) == ["Please answer with one of: good/fair/poor.", knee + "good"]
    rows = {row[:3]: row[4:] for row in logged()}
    assert rows["single-leg-stance", "left", 1] == stance_row("left", 1, "no", "0")[4:]
    assert rows["single-leg-bridge", "left", 1] == (200, {})
    assert rows["single-leg-bridge", "right", 1] == (20, {})
    assert rows["single-leg-squat", "left", 1] == squat_row("left", "good", "fair", "good")[4:]


def test_out_of_range_answers_are_refused_in_japanese_too() -> None:
    typed = ["たぶん", "いいえ", "１１", "0", "no", "0", "1000", "", "", "とても良い", "良い",
             "良い", "良い", "良い", "良い", "良い"]  # fmt: skip
    result = guided_run("hip-tests", "ja", typed, BRIDGES_AND_BRIDGES)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("はい/いいえ のいずれかで答えてください。") == 1
    assert out.count("0–10 のいずれかで答えてください。") == 1
    assert out.count("0〜200 の整数を入力してください（Enter でそのまま）。") == 1
    assert out.count("良い/まあまあ/不十分 のいずれかで答えてください。") == 1
    assert len(logged()) == 8


def test_a_result_typed_out_of_range_is_one_line_exit_2_and_nothing_written() -> None:
    for text in ("single-leg-bridge left -1", "single-leg-bridge left 1000",
                 "single-leg-stance left pelvis-drop=no lateral-hip-pain=11",
                 "single-leg-squat left knee=great pelvis=good trunk=good"):  # fmt: skip
        result = invoke("assess", "--result", "single-leg-bridge right 20", "--result", text)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and repr(text) in result.stderr
        assert "Traceback" not in result.output
    assert logged() == []


def test_more_trials_than_the_test_has_is_said_in_good_english_and_japanese() -> None:
    twice = ["--result", "side-bridge left 40", "--result", "side-bridge left 41"]
    english = invoke("assess", *twice)
    assert english.exit_code == 2
    assert "more than 1 trial of side-bridge on one side" in english.stderr
    japanese = invoke("assess", *twice, "--lang", "ja")
    assert "side-bridge の試行は片側1回までです" in japanese.stderr
    assert logged() == []


# --- quitting keeps what was finished ---------------------------------------------------------


def test_q_keeps_the_finished_trials_and_not_the_one_under_way() -> None:
    typed = ["no", "0", "no", "0", "", "21"]  # the stance tests, the bridges; then nothing
    result = guided_run(
        "hip-tests",
        "en",
        typed,
        {
            ("single-leg-bridge", "left", 1): 40.0,
            ("single-leg-bridge", "right", 1): 42.0,
            ("side-bridge", "left", 1): 35.0,
        },
        quit_in=(("side-bridge", "right", 1), 20.0),
    )
    # the left side bridge ended by Enter is kept; the right one, ended by q, is not
    assert result.exit_code == 0, result.output
    assert "Saved 5 results of 2026-12-03." in result.stdout
    assert logged() == rows_in_order(
        [
            stance_row("left", 1, "no", "0"),
            stance_row("right", 1, "no", "0"),
            ("single-leg-bridge", "left", 1, "reps", 20, {}),
            ("single-leg-bridge", "right", 1, "reps", 21, {}),
            ("side-bridge", "left", 1, "seconds", 35.0, {}),
        ]
    )  # fmt: skip
    assert "done" not in [c.kind for c in CUES.cues]


def test_q_during_the_first_test_saves_nothing_and_says_so_in_japanese() -> None:
    result = guided_run("hip-tests", "ja", [], {}, quit_in=(("single-leg-stance", "left", 1), 12.0))
    assert result.exit_code == 0, result.output
    assert "何も保存していません。" in result.stderr
    assert logged() == []


@pytest.mark.parametrize(
    ("key", "signal", "code"), [(Key.INTERRUPT, None, 130), (Key.TERMINATE, 15, 143)]
)
def test_ctrl_c_or_a_signal_saves_nothing_and_exits_as_a_session_does(
    key: Key, signal: int | None, code: int
) -> None:
    bridges = {("single-leg-bridge", "left", 1): 40.0}
    script = keys_for(timeline_of("hip-tests"), bridges, (("single-leg-bridge", "right", 1), 5.0))
    FakeTerminal.script, FakeTerminal.signal = [*script[:-2], (script[-2][0], key)], signal
    TypingTerminal.typed = ["no", "0", "no", "3", ""]  # the stance test, the left bridge
    result = invoke("assess", "--no-voice", typed="\n")
    assert result.exit_code == code, result.output
    # as a session's sets: the trials done are kept, the pain flag too; not the one under way
    assert "Saved 3 results" in result.stdout and "hip pain 3 of 10" in result.stderr
    assert [row[:3] for row in logged()] == [
        ("single-leg-bridge", "left", 1),
        ("single-leg-stance", "left", 1),
        ("single-leg-stance", "right", 1),
    ]
    assert json.loads(invoke("today", "--json").stdout)["last_pain"]["pain"] == 3


def test_a_count_typed_in_the_live_screen_is_shown_as_typed_and_refused_out_of_range() -> None:
    """The live screen shows the count as typed; on Enter, one out of the test's range
    (250 for 200, a minus sign) is refused on the screen and asked again, never changed
    into another number (250 was once taken as 25, -1 as 1). A session's count still
    takes three digits."""

    class Screen:
        def __init__(self) -> None:
            self.shown: list[tuple[str, str | None] | None] = []

        def asking_reps(
            self, counted: int | None, typed: str = "", *, refused: str | None = None, most: int = 0
        ) -> None:
            self.shown.append(None if counted is None else (typed, refused))  # None: closed

    class Typing:
        def __init__(self, *texts: str) -> None:
            self.texts = list(texts)

        def read_text(self) -> str:
            return self.texts.pop(0)

    screen = Screen()
    keys = Typing("2", "5", "0", "\r", "-", "2", "a", "2", "5", "\r")
    ui = session_cli.SessionUI(screen, keys, "en", most_reps=200)  # type: ignore[arg-type]
    assert ui._ask_reps_in_screen(screen, 20) == 25  # type: ignore[arg-type]
    assert keys.texts == []
    assert screen.shown == [
        ("", None), ("2", None), ("25", None), ("250", None), ("", "250"),
        ("", "-"), ("2", None), ("", "2a"), ("2", None), ("25", None), None,
    ]  # fmt: skip  # a minus or a letter is refused as it is pressed, never shown typed
    session = session_cli.SessionUI(screen, Typing("9", "9", "9", "\r"), "en")  # type: ignore[arg-type]
    assert session._ask_reps_in_screen(screen, 20) == 999  # type: ignore[arg-type]
    esc = session_cli.SessionUI(screen, Typing("-", "\x1b"), "en", most_reps=200)  # type: ignore[arg-type]
    assert esc._ask_reps_in_screen(screen, 33) == 33  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "answers", "kept", "asked"),
    [
        ("en", ["25", ""], 6, "You typed 25; the pacing counted 6."),  # Enter: the pacing's
        ("en", ["25", "y"], 25, "Keep 25? Enter keeps 6."),
        ("ja", ["２５", "はい"], 25, "入力は25回、テンポで数えたのは6回です。"),
        ("en", ["12", None], 12, None),  # half as much again and 3: not asked yet
        ("en", ["4", None], 4, None),  # fewer: the runner stopped before Enter, not asked
    ],
)
def test_a_count_far_above_the_pacing_is_asked_about_once(
    lang: str, answers: list[str | None], kept: int, asked: str | None
) -> None:
    """The pacing said "Counted 6" after about 12 s and 25 was taken without a question."""
    from hipcoach.program.plan import StepDose

    class Display:
        def stop(self) -> None: ...
        def start(self) -> None: ...

    class Lines:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def prompt(self, question: str) -> str:
            self.asked.append(question)
            answer = answers[len(self.asked) - 1]
            assert answer is not None, f"not to be asked: {question}"
            return answer

    keys = Lines()
    dose = next(d for d in timeline_of("hip-tests").doses if d.step.id == "single-leg-bridge")
    assert isinstance(dose, StepDose)
    ui = session_cli.SessionUI(Display(), keys, lang, most_reps=200, check_count=True)  # type: ignore[arg-type]
    assert ui.ask_reps(dose, 6) == kept
    if asked is None:
        assert len(keys.asked) == 1
    else:
        assert len(keys.asked) == 2 and asked in keys.asked[1]
    session = session_cli.SessionUI(Display(), Lines(), lang)  # type: ignore[arg-type]
    answers[1:] = [None]
    assert session.ask_reps(dose, 6) == int(answers[0] or 0)  # a routine's set: not asked


@pytest.mark.parametrize(
    ("lang", "typed", "refused", "said"),
    [
        ("en", "25", None, "How many reps? 25_"),
        ("en", "", "250", "250: not 0–200. How many reps? Enter keeps 33"),
        ("ja", "25", None, "何回できましたか？ 25_"),
        ("ja", "", "-1", "-1: 0〜200 ではありません。"),
    ],
)
def test_the_count_being_typed_and_a_refusal_are_on_the_screen_line(
    lang: str, typed: str, refused: str | None, said: str
) -> None:
    from rich.console import Console

    from hipcoach.tui.screen import LiveDisplay, big_text

    timeline = timeline_of("hip-tests")
    console = Console(width=60, height=24, color_system=None, force_terminal=True, _environ={})
    display = LiveDisplay(console, timeline, lang)  # type: ignore[arg-type]
    bridge = next(
        s
        for s in timeline.segments
        if s.is_work and timeline.dose(s).step.id == "single-leg-bridge"
    )
    display.state.segment = bridge
    display.asking_reps(33, typed, refused=refused, most=200)
    with console.capture() as captured:
        console.print(display.render())
    shot = captured.get()
    assert said in shot
    assert big_text(typed or "33").splitlines()[0] in shot


# --- the side bridge's stopwatch has the limit --result has ---------------------------------


def without_enter(script: list[tuple[float, Key]], n: int) -> list[tuple[float, Key]]:
    """The script with its ``n``-th Enter (from 0) never pressed."""
    enters = [i for i, (_, key) in enumerate(script) if key is Key.ENTER]
    return [step for i, step in enumerate(script) if i != enters[n]]


@pytest.mark.parametrize(
    ("lang", "held", "logged_as", "said"),
    [
        ("en", "", 600.0, "Side bridge, left: time ran out at 600 s"),
        ("en", "75", 75.0, "How many seconds did you hold? Enter keeps 600: 75"),
        ("ja", "７２.５", 72.5, "サイドブリッジ（左）: 600秒で時間切れです。"),
    ],
)
def test_a_forgotten_enter_ends_the_stopwatch_at_the_result_limit_and_asks(
    lang: str, held: str, logged_as: float, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Watched(TypingTerminal):
        """Fails, instead of running on for ever, a stopwatch nothing ends."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.began = CLOCK.now()

        def wait(self, timeout: float | None) -> Key | None:
            assert CLOCK.now() - self.began < 3600, "the stopwatch never ended"
            return super().wait(timeout)

    monkeypatch.setattr(terminal, "TerminalKeys", Watched)
    # the left side bridge gets no Enter: its stopwatch ends by itself at 600 s, as far as
    # `--result` takes a hold, and the time held is asked (Enter keeps 600)
    times = {**BRIDGES_AND_BRIDGES, ("side-bridge", "left", 1): float(assess_cli.MOST["seconds"])}
    FakeTerminal.script = without_enter(keys_for(timeline_of("hip-tests"), times), 2)
    TypingTerminal.typed = ["no", "0", "no", "0", "", "", "601", held, *REST[2:]]
    result = invoke("assess", "--lang", lang, "--no-voice", typed="\n")
    assert result.exit_code == 0, result.output
    assert TypingTerminal.typed == []
    assert said in result.stdout
    again = {"en": "from 0 to 600 (or press Enter)", "ja": "0〜600 の秒数を入力してください"}
    assert result.stdout.count(again[lang]) == 1  # 601 is past the limit: asked again
    rows = {row[:3]: row[4] for row in logged()}
    assert rows["side-bridge", "left", 1] == logged_as
    assert rows["side-bridge", "right", 1] == 50.0  # the next trial timed as ever
    kept = invoke("assess", "--result", "side-bridge left 600")  # the limit --result takes
    assert kept.exit_code == 0, kept.output


# --- a stop in force refuses the tests, as it refuses a session --------------------------------


@pytest.mark.parametrize(
    ("lang", "panel", "said"),
    [
        ("en", "Stop this routine for now", "so no self-test was started"),
        ("ja", "このメニューはいったん中止してください", "セルフテストは開始していません"),
    ],
)
def test_a_stop_in_force_refuses_the_guided_tests_and_typed_results(
    lang: str, panel: str, said: str
) -> None:
    assert invoke("checkin", "--pain", "8").exit_code == 0
    refused_run = invoke("run", "--yes")
    guided = invoke("assess", "--lang", lang, "--no-voice", typed="\n")
    assert guided.exit_code == refused_run.exit_code == 4, guided.output
    assert panel in words(guided.stderr) and said in guided.stderr
    assert "Press Enter" not in guided.stdout and CUES.cues == []  # nothing began
    typed = invoke("assess", "--lang", lang, "--result", "side-bridge left 40")
    assert typed.exit_code == 4, typed.output
    assert panel in words(typed.stderr)
    saved = {"en": "no self-test results were saved", "ja": "結果は保存していません"}
    assert saved[lang] in typed.stderr
    assert logged() == []
    assert invoke("assess", "--results").exit_code == 0  # looking at results is no load


@pytest.mark.parametrize(
    ("lang", "reminder", "asked"),
    [
        ("en", "Last pain: 5", "Take them anyway, stopping at any pain? [y/N]"),
        ("ja", "の痛み: 5", "それでも行いますか？ [y/N]"),
    ],
)
def test_pain_at_the_step_back_level_warns_and_asks_before_the_tests(
    lang: str, reminder: str, asked: str
) -> None:
    assert invoke("checkin", "--pain", "5").exit_code == 0
    declined = invoke("assess", "--lang", lang, "--no-voice", typed="\n")  # Enter: no
    assert declined.exit_code == 0, declined.output
    assert reminder in declined.stderr and asked in declined.stdout
    assert CUES.cues == [] and logged() == []
    # yes, then Enter to start: the tests run as ever
    FakeTerminal.script = keys_for(timeline_of("hip-tests"), BRIDGES_AND_BRIDGES)
    TypingTerminal.typed = ["no", "0", "no", "0", *REST]
    taken = invoke("assess", "--lang", lang, "--no-voice", typed="y\n\n")
    assert taken.exit_code == 0, taken.output
    assert TypingTerminal.typed == [] and len(logged()) == 8
    # a result typed afterwards is taken, with the reminder: the test is done by then
    typed = invoke("assess", "--lang", lang, "--result", "side-bridge left 40")
    assert typed.exit_code == 0 and reminder in typed.stderr
    assert len(logged()) == 9


# --- a stance pain that stops, or cautions, ends the remaining tests --------------------------


def stance_then(pains: list[str], lang: str = "en", prior: int | None = None) -> Any:
    """The tests with the stance test's pains typed (left, then right), after a check-in
    of ``prior`` pain (then yes to testing anyway); the keys for every test are scripted,
    whatever is reached."""
    if prior is not None:
        assert invoke("checkin", "--pain", str(prior)).exit_code == 0
    FakeTerminal.script = keys_for(timeline_of("hip-tests"), BRIDGES_AND_BRIDGES)
    TypingTerminal.typed = list(pains)
    start = "\n" if prior is None else "y\n\n"
    result = invoke("assess", "--lang", lang, "--no-voice", typed=start)
    assert result.exit_code == 0, result.output
    assert TypingTerminal.typed == [], f"not asked for: {TypingTerminal.typed}"
    return result


@pytest.mark.parametrize(
    ("lang", "said", "panel", "saved"),
    [
        ("en", "Pain 8: that stops the routine", "Stop this routine for now", "Saved 1 result"),
        ("ja", "痛み8: メニューを中止する痛みのため", "このメニューはいったん中止してください",
         "結果を1件保存しました"),
    ],
)  # fmt: skip
def test_a_stance_pain_at_the_stop_level_ends_the_tests_with_the_stop(
    lang: str, said: str, panel: str, saved: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "checkin"))
    told = invoke("checkin", "--pain", "8", "--pain-where", "x", "--lang", lang)
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "home"))
    result = stance_then(["no", "8"], lang)  # the left side's answer, and no more
    assert said in result.stderr and saved in result.stdout
    # the panel a check-in of that pain shows, but for where it hurt
    out, checked_in = bare(result.stderr), bare(told.stderr)
    after_where = checked_in.split("(x)" if lang == "en" else "（x）")[1]
    assert bare(panel) in out and after_where in out
    assert logged() == [stance_row("left", 1, "no", "8")]
    assert [c.kind for c in CUES.cues if c.kind in ("start", "end", "done")] == ["start", "end"]
    assert json.loads(invoke("today", "--json").stdout)["stop"]["pain"] == 8
    assert "Side bridge" not in result.stdout and "サイドブリッジ" not in result.stdout


def test_step_back_pain_twice_in_a_row_ends_the_tests_as_a_check_in_would_stop() -> None:
    result = stance_then(["no", "4"], prior=5)  # 5 at a check-in, then 4 here: a stop
    assert "Pain 4: that stops the routine" in result.stderr
    assert "Stop this routine for now" in words(result.stderr)
    assert json.loads(invoke("today", "--json").stdout)["stop"]["reason"] == "pain-twice"


@pytest.mark.parametrize(
    ("lang", "caution", "asked", "ended"),
    [
        ("en", "Pain 5: do not push through pain.",
         "Go on with the remaining tests? They go to your limit. [y/N] ",
         "The remaining tests are not done"),
        ("ja", "痛み5: 無理は禁物です。",
         "残りのテストを続けますか？ テストは限界まで行います。 [y/N] ",
         "残りのテストは行いません"),
    ],
)  # fmt: skip
def test_a_stance_pain_at_the_step_back_level_asks_to_go_on_and_enter_ends(
    lang: str, caution: str, asked: str, ended: str
) -> None:
    result = stance_then(["no", "5", ""], lang)  # Enter: the default, stop
    assert caution in result.stderr and asked in result.stdout and ended in result.stderr
    assert logged() == [stance_row("left", 1, "no", "5")]
    assert json.loads(invoke("today", "--json").stdout)["last_pain"]["pain"] == 5
    assert json.loads(invoke("today", "--json").stdout)["stop"] is None


def test_yes_at_the_step_back_level_goes_on_with_every_test() -> None:
    result = stance_then(["no", "5", "y", "no", "0", *REST])
    assert "Go on with the remaining tests?" in result.stdout
    assert len(logged()) == 8


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Rehearsal ×5: the clock runs 5 times as fast, so nothing will be saved."),
        ("ja", "リハーサル ×5: 時間が5倍の速さで進むため、何も保存しません。"),
    ],
)
def test_a_rehearsal_says_before_it_starts_that_nothing_will_be_saved(lang: str, said: str) -> None:
    """Once said only at the very end, after every test was done for nothing."""
    result = invoke("assess", "--speed", "5", "--lang", lang, "--no-voice", typed="q\n")
    assert said in result.stderr, result.output
    plain = invoke("assess", "--lang", lang, "--no-voice", typed="q\n")
    assert said not in plain.stderr
