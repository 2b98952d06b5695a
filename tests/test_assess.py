"""Self-tests: the test step format, the engine's stopwatch and questions hook, what results
mean, `hipcoach assess` with typed results, and the method's other moments in `today`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.coach.assessments import asymmetry, band, change, combine, retest_due
from hipcoach.coach.moments import moments
from hipcoach.errors import HipcoachError
from hipcoach.log.selftests import TestResult
from hipcoach.program.catalog import load_program_file, load_program_text
from hipcoach.program.plan import Overrides, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.session.events import SetResult
from tests.conftest import PROGRAMS, pin_clock
from tests.fakes import FakeClock, Recorder, ScriptedKeys
from tests.test_cli_session import fake_terminal  # noqa: F401 - autouse: scripted keys

HIP_TESTS = PROGRAMS / "hip-tests.yaml"
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-12-01T09:00", "Asia/Tokyo")


# --- the format ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_checklist_question_names_the_answers_its_prompt_offers(lang: str) -> None:
    """The question's own words list the choices as the prompt offers them in that
    language: not "（good・fair・poor）" beside ［良い/まあまあ/不十分］."""
    from hipcoach.i18n import ANSWER, t
    from hipcoach.program.model import ANSWER_CHOICES

    program = load_program_file(HIP_TESTS)
    other = "ja" if lang == "en" else "en"
    for step in program.steps:
        assert step.test is not None
        texts = [step.test.norm.get(lang)] if step.test.norm else []
        for question in step.test.questions:
            if question.answer != "good-fair-poor":
                continue
            text = question.text.get(lang)
            texts.append(text)
            for choice in ANSWER_CHOICES[question.answer]:
                assert t(ANSWER[choice], lang=lang) in text, (choice, text)
        for text in texts:
            for choice in ANSWER_CHOICES["good-fair-poor"]:
                assert t(ANSWER[choice], lang=other) not in text, (choice, text)


ONE_TEST = """\
format: 1
id: my-tests
name: {en: Mine, ja: 自分の}
summary: {en: Mine, ja: 自分の}
steps:
  - id: plank
    phase: self-test
    name: {en: Plank, ja: プランク}
    purpose: {en: p, ja: p}
    how_to: [{en: h, ja: h}]
    feel: {en: f, ja: f}
    cue: {en: c, ja: c}
    test:
      kind: KIND
      questions:
        - id: form
          label: {en: form, ja: 姿勢}
          text: {en: Form?, ja: 姿勢は？}
          answer: ANSWER
"""


def test_a_coach_can_write_a_hold_to_failure_test() -> None:
    text = ONE_TEST.replace("KIND", "hold-to-failure").replace("ANSWER", "good-fair-poor")
    program = load_program_text(text, "mine.yaml")
    step = program.step("plank")
    assert program.is_assessment and step.test is not None
    assert step.test.unit == "seconds" and step.dose.sides == "each"
    segments = expand(program, doses_for(program), Overrides()).work_segments()
    assert [s.seconds for s in segments] == [None, None]  # a stopwatch each side


@pytest.mark.parametrize(
    ("kind", "answer", "message"),
    [
        ("timed-hold", "yes-no", "mine.yaml:14:7: steps[0].test: a `timed-hold` test needs"),
        ("checklist", "yes-no", "a `checklist` test needs `reps`"),
        ("hold-to-failure", "maybe", "steps[0].test.questions[0].answer"),
    ],
)  # fmt: skip
def test_a_test_step_that_does_not_fit_its_kind_is_one_line_with_its_place(
    kind: str, answer: str, message: str
) -> None:
    text = ONE_TEST.replace("KIND", kind).replace("ANSWER", answer)
    with pytest.raises(HipcoachError) as caught:
        load_program_text(text, "mine.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("mine.yaml:")


def test_tests_and_exercises_do_not_mix() -> None:
    tests = HIP_TESTS.read_text(encoding="utf-8")
    exercise = (PROGRAMS / "desk-break.yaml").read_text(encoding="utf-8").split("steps:\n")[1]
    with pytest.raises(HipcoachError, match="self-tests and exercises go in separate programs"):
        load_program_text(tests + exercise, "mixed.yaml")


def test_run_refuses_the_tests_and_assess_refuses_a_routine() -> None:
    assert invoke("run", "hip-tests", "--yes").exit_code == 2
    refused = invoke("assess", "hip-drop")
    assert refused.exit_code == 2 and "hipcoach run hip-drop" in refused.stderr


# --- the engine: a stopwatch, and the questions after each side ------------------------------


def test_a_hold_to_failure_ends_at_enter_and_the_questions_take_nobodys_rest() -> None:
    program = load_program_file(HIP_TESTS)
    timeline = expand(program, doses_for(program, only_step="side-bridge"), Overrides())
    clock = FakeClock()
    first_work = timeline.offsets()[1]
    keys = ScriptedKeys(clock, [(first_work + 47.5, Key.ENTER), (first_work + 200.0, Key.ENTER)])
    asked: list[tuple[SetResult, float]] = []

    def questions(result: SetResult) -> None:
        asked.append((result, clock.now()))
        clock.advance(30)  # the runner takes 30 s to answer

    recorder = Recorder()
    result = Engine(timeline, clock, keys, recorder, recorder, after_set=questions).run()
    left, right = result.sets
    assert left.actual == pytest.approx(47.5) and left.segment.side == "left"
    switch = timeline.segments[2]
    assert switch.kind == "switch"
    starts = [e for e in recorder.events if type(e).__name__ == "SegmentStarted"]
    # the switch begins after the answers, and is as long as planned
    assert starts[2].at == pytest.approx(asked[0][1] + 30)
    assert right.actual == pytest.approx(200.0 - 47.5 - 30 - switch.seconds, abs=0.01)  # type: ignore[operator]
    assert len(asked) == 2


# --- what results mean ---------------------------------------------------------------------


def _row(test_id: str, side: str | None, value: float | None, **answers: str) -> TestResult:
    return TestResult("x", "a", "hip-tests", 1, test_id, "timed-hold", side, 1, None, value,  # type: ignore[arg-type]
                      answers, "2026-12-01T00:00:00Z", 540, date(2026, 12, 1))  # fmt: skip


def test_trials_combine_to_the_best_number_the_worst_rating_and_any_flag() -> None:
    program = load_program_file(HIP_TESTS)
    stance = program.step("single-leg-stance").test
    squat = program.step("single-leg-squat").test
    assert stance is not None and squat is not None
    combined = combine(
        stance,
        [
            _row("single-leg-stance", "left", 30, **{"pelvis-drop": "no", "lateral-hip-pain": "1"}),
            _row(
                "single-leg-stance", "left", 30, **{"pelvis-drop": "yes", "lateral-hip-pain": "2"}
            ),
        ],
    )
    assert combined.answers == {"pelvis-drop": "yes", "lateral-hip-pain": "2"}
    assert combined.flags == ("pelvis-drop", "lateral-hip-pain")  # a drop is a flag too
    rated = combine(
        squat, [_row("s", "left", None, knee="good"), _row("s", "left", None, knee="fair")]
    )
    assert rated.answers["knee"] == "fair"


def test_asymmetry_bands_and_changes_only_beyond_the_measurement_error() -> None:
    program = load_program_file(HIP_TESTS)
    side_bridge = program.step("side-bridge").test
    bridge = program.step("single-leg-bridge").test
    assert side_bridge is not None and bridge is not None
    assert asymmetry(60, 45) == pytest.approx(25.0)
    assert asymmetry(None, 45) is None
    assert [band(bridge, n) for n in (19, 25, 31)] == ["poor", "average", "good"]
    assert band(side_bridge, 60) is None  # no bands in the research for it
    assert change(side_bridge, "left", 40, 71).verdict == "within-error"  # 31 s is not > 31
    assert change(side_bridge, "left", 40, 72).verdict == "better"
    assert change(side_bridge, "left", 72, 40).verdict == "worse"
    assert change(bridge, "left", 10, 30).verdict == "not-judged"  # no error known


def test_retest_every_n_days_but_not_after_a_run_when_asked() -> None:
    today = date(2026, 12, 15)
    assert retest_due(None, today, 14)
    assert retest_due(date(2026, 12, 1), today, 14)
    assert not retest_due(date(2026, 12, 2), today, 14)
    ran = moments(today, race_date=None, last_self_test=None, retest_days=14,
                  run_days=[date(2026, 12, 14)], not_after_run=True)  # fmt: skip
    assert not ran.self_tests_due
    assert moments(today, race_date=None, last_self_test=None, retest_days=14,
                   run_days=[date(2026, 12, 14)]).self_tests_due  # fmt: skip


# --- hipcoach assess with typed results ------------------------------------------------------

FULL = [
    "single-leg-stance left pelvis-drop=no lateral-hip-pain=0",
    "single-leg-stance right pelvis-drop=yes lateral-hip-pain=1",
    "single-leg-bridge left 24",
    "single-leg-bridge right 18",
    "side-bridge left 40",
    "side-bridge right 30",
    "single-leg-squat left knee=good pelvis=fair trunk=good",
    "single-leg-squat right knee=poor pelvis=poor trunk=fair",
]


def assess(*results: str, lang: str = "en") -> Any:
    args = ["assess", "--lang", lang]
    for text in results:
        args += ["--result", text]
    return invoke(*args)


def saved() -> list[dict[str, Any]]:
    result = invoke("assess", "--results", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_results_are_logged_per_side_and_read_with_asymmetry_and_norms() -> None:
    result = assess(*FULL)
    assert result.exit_code == 0, result.output
    assert "Saved 8 results" in result.stdout
    assert "left 24 reps (average) · right 18 reps (poor) · asymmetry 25 %" in result.stdout
    tests = {t["test"]: t for t in saved()}
    assert tests["side-bridge"]["sides"]["left"]["value"] == 40
    assert tests["side-bridge"]["asymmetry_pct"] == 25.0
    assert tests["single-leg-squat"]["sides"]["right"]["answers"]["knee"] == "poor"
    assert tests["single-leg-stance"]["sides"]["right"]["flags"] == ["pelvis-drop"]
    assert tests["single-leg-stance"]["sides"]["left"]["flags"] == []
    assert "right: pelvis drop yes ⚑ · hip pain 1" in result.stdout


def test_a_second_assessment_shows_a_change_only_beyond_the_error() -> None:
    assess("side-bridge left 40", "side-bridge right 30")
    result = assess("side-bridge left 80", "side-bridge right 50")
    assert "left +40 s, better: beyond the 31 s measurement error" in result.stdout
    assert "right +20 s: within the 31 s measurement error, no real change shown" in result.stdout
    assert "trend: left 40 → 80 · right 30 → 50" in result.stdout
    japanese = invoke("assess", "--results", "--lang", "ja")
    assert "左 +40秒: 測定誤差（31秒）を超えて向上" in japanese.stdout
    stats = invoke("stats")
    assert "Self-tests" in stats.stdout and "asymmetry 38 %" in stats.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("side-bridge left 700", "needs a number from 0 to 600"),
        ("side-bridge middle 40", "the side must be left or right"),
        ("single-leg-squat left knee=great pelvis=fair trunk=good", "knee='great' is not"),
        ("single-leg-squat left knee=good", "missing pelvis, trunk"),
        ("single-leg-stance left pelvis-drop=no lateral-hip-pain=11", "pain='11' is not one of"),
        ("plank left 40", "no test 'plank' in hip-tests"),
        ("single-leg-bridge left 20.5", "20.5 is not a whole number from 0 to 200"),
        ("single-leg-bridge left 2e1", "2e1 is not a whole number"),
    ],
)  # fmt: skip
def test_a_bad_result_is_one_line_exit_2_and_nothing_is_written(text: str, message: str) -> None:
    result = assess("side-bridge right 30", text)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert saved() == []


def test_lateral_hip_pain_in_the_stance_test_feeds_the_safety_rules() -> None:
    result = assess("single-leg-stance left pelvis-drop=no lateral-hip-pain=7")
    assert result.exit_code == 0, result.output
    assert "hip pain 7 of 10" in result.stderr
    today = json.loads(invoke("today", "--json").stdout)
    assert today["stop"]["pain"] == 7  # the same stop as a check-in's pain 7
    assert invoke("run", "--yes").exit_code != 0


def test_pain_2_is_a_flag_saved_to_the_pain_record() -> None:
    assess("single-leg-stance right pelvis-drop=no lateral-hip-pain=2")
    entries = json.loads(invoke("today", "--json").stdout)
    assert entries["last_pain"]["pain"] == 2
    assert entries["stop"] is None


def test_pain_1_is_no_flag() -> None:
    result = assess("single-leg-stance right pelvis-drop=no lateral-hip-pain=1")
    assert "of 10" not in result.stderr
    assert json.loads(invoke("today", "--json").stdout)["last_pain"] is None


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_pelvis_dropping_is_a_result_flag_and_no_safety_stop(lang: str) -> None:
    """A positive single-leg stance (Trendelenburg) is flagged as the norm's text says,
    in the text and the JSON; only a pain of 2 or more reaches the pain record."""
    result = assess("single-leg-stance right pelvis-drop=yes lateral-hip-pain=0", lang=lang)
    assert result.exit_code == 0, result.output
    drop = "pelvis drop yes ⚑" if lang == "en" else "骨盤の落ち込み はい ⚑"
    assert drop in result.stdout, result.stdout
    (stance,) = saved()
    assert stance["sides"]["right"]["flags"] == ["pelvis-drop"]
    assert "of 10" not in result.stderr and "10段階" not in result.stderr  # no pain said
    today = json.loads(invoke("today", "--json").stdout)
    assert today["last_pain"] is None and today["stop"] is None


# --- the method's other moments ---------------------------------------------------------------


def test_today_offers_race_week_five_days_before_the_race() -> None:
    assert invoke("config", "set", "race_date", "2026-12-06").exit_code == 0
    today = json.loads(invoke("today", "--json").stdout)
    assert today["program"]["id"] == "race-week"
    assert today["moments"]["race_in_days"] == 5 and today["moments"]["race_week"]
    text = invoke("today", "--lang", "ja").stdout
    assert "レースまであと5日" in text
    assert json.loads(invoke("today", "hip-drop", "--json").stdout)["program"]["id"] == "hip-drop"


@pytest.mark.parametrize("value", ["2026-11-30", "2026-13-01", "next week"])
def test_a_past_or_unparsable_race_date_is_refused(value: str) -> None:
    result = invoke("config", "set", "race_date", value)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert json.loads(invoke("config", "show", "--json").stdout)["race_date"] is None


def test_self_tests_are_suggested_until_taken() -> None:
    assert "hipcoach assess" in invoke("today").stdout
    assess("side-bridge left 40", "side-bridge right 30")
    assert "hipcoach assess" not in invoke("today").stdout


@pytest.mark.parametrize("program", ["pre-run", "desk-break", "race-week"])
def test_the_other_moments_run(program: str) -> None:
    result = invoke("run", program, "--yes", "--speed", "50")
    assert result.exit_code == 0, result.output
    show = invoke("show", program, "--lang", "ja")
    assert "足は体の真下" in show.stdout


# --- the time estimate -------------------------------------------------------------------------


def test_the_estimate_assumes_a_typical_result_and_says_about() -> None:
    from hipcoach.program.plan import estimate_seconds, typical_seconds

    program = load_program_file(HIP_TESTS)
    doses = {dose.step.id: dose for dose in doses_for(program)}
    assert typical_seconds(doses["single-leg-bridge"]) == pytest.approx(25 * 2, abs=1)
    assert typical_seconds(doses["side-bridge"]) == 54
    assert typical_seconds(doses["single-leg-stance"]) is None  # a fixed 30 s hold
    assert 6 * 60 < estimate_seconds(program) < 10 * 60  # was 10 min 45 s: 100 bridges a side
    row = next(line for line in invoke("programs").stdout.splitlines() if "hip-tests" in line)
    assert "about 8 min" in row
    assert "約8分" in invoke("programs", "--lang", "ja").stdout
    assert "Estimated time: about 8 min" in invoke("show", "hip-tests").stdout
    assert "Hip self-tests · about 8 min" in invoke("today", "hip-tests").stdout
    assert "where your hips start (about 8 min, not straight" in invoke("today").stdout
    assert "股関節の状態を測れます（約8分、" in invoke("today", "--lang", "ja").stdout
    assert "about" not in next(
        line for line in invoke("programs").stdout.splitlines() if "hip-drop" in line
    )


def test_without_a_typical_result_the_estimate_counts_the_longest_trial() -> None:
    text = ONE_TEST.replace("KIND", "reps-to-failure\n      tempo: {up: 1, down: 1}").replace(
        "ANSWER", "yes-no"
    )
    program = load_program_text(text, "mine.yaml")
    from hipcoach.program.plan import typical_seconds

    assert typical_seconds(doses_for(program)[0]) is None
    timeline = expand(program, doses_for(program), Overrides())
    work = timeline.work_segments()[0]
    assert timeline.planned_seconds(work) == work.seconds == pytest.approx(200)


@pytest.mark.parametrize(("lang", "said"), [("en", "default: hip-tests"), ("ja", "既定:")])
def test_assess_help_names_the_self_tests_as_its_default(lang: str, said: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "assess", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert said in flat and "hip-tests" in flat and "hip-drop" not in flat


@pytest.mark.parametrize(("value", "en", "ja"), [(1.0, "1 rep", "1回"), (38.0, "38 reps", "38回")])
def test_one_rep_is_a_rep(value: float, en: str, ja: str) -> None:
    from hipcoach.reports.assessments import number_text

    bridge = load_program_file(PROGRAMS / "hip-tests.yaml").step("single-leg-bridge").test
    assert bridge is not None
    assert (number_text(bridge, value, "en"), number_text(bridge, value, "ja")) == (en, ja)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [60, 80])
def test_results_wrap_between_words_to_the_terminal_width(
    lang: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, long lines (the norms, the caveat) are wrapped by hipcoach, not split
    mid-word by the terminal ("diagnos" / "is"); to a pipe they stay whole."""
    from rich.cells import cell_len

    import hipcoach.cli.lines as lines_cli

    whole = assess(*FULL, lang=lang).stdout
    monkeypatch.setattr(lines_cli, "terminal_width", lambda err=False: width)
    result = assess(*FULL[:2], lang=lang)  # the same results again: only the output differs
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert max(cell_len(line) for line in whole.splitlines()) > width
    if lang == "en":  # the same words, only the line breaks differ
        results = whole[whole.index("Single-leg stance") :].split()
        assert result.stdout[result.stdout.index("Single-leg stance") :].split() == results


def test_wrapping_keeps_an_indent_and_a_prompts_space() -> None:
    from hipcoach.cli.lines import wrapped

    text = "  Lequesne 2008: pain at the side of the hip within 30 s points to a problem"
    assert wrapped(text, 30).splitlines() == [
        "  Lequesne 2008: pain at the",
        "  side of the hip within 30 s",
        "  points to a problem",
    ]
    assert wrapped("Did the pelvis drop on the side of the lifted leg? [yes/no]: ", 40) == (
        "Did the pelvis drop on the side of the\nlifted leg? [yes/no]: "
    )
    assert wrapped("浮かせた脚の側の骨盤を下げずに、水平に保てましたか？", 20).splitlines()[0] == (
        "浮かせた脚の側の骨盤"
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("pain", [3, 5, 7])
def test_a_flagged_stance_says_the_check_ins_decision_and_no_routine_dose_advice(
    lang: str, pain: int
) -> None:
    """A flagged stance test gets the check-in's caution (pain 4+) or stop (7+), nothing
    about the routine's exercises (no exercise was involved), and the advice to see a
    physiotherapist only where a check-in would give it (the stop): as `today` then says."""
    result = assess(f"single-leg-stance left pelvis-drop=no lateral-hip-pain={pain}", lang=lang)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    today = json.loads(invoke("today", "--json").stdout)
    physio = "physiotherapist" if lang == "en" else "理学療法士"
    caution = "do not push through pain" if lang == "en" else "無理は禁物"
    for name in ("Glute stretch", "cannot be made lighter", "Next time", "軽くできません", "次回"):
        assert name not in said
    assert (physio in said) == (pain >= 7) == (today["stop"] is not None)  # the stop panel
    assert (caution in said) == (4 <= pain < 7)
    if pain < 7:  # `today` reminds of the pain from the step-back level (4), as said here
        reminder = " ".join(invoke("--lang", lang, "today").output.split())
        last = f"Last pain: {pain}" if lang == "en" else f"の痛み: {pain}"
        assert (last in reminder) == (pain >= 4)


def test_one_result_is_a_result() -> None:
    result = assess("side-bridge left 40")
    assert result.exit_code == 0, result.output
    assert "Saved 1 result of" in result.stdout


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_results_and_result_together_are_refused_and_nothing_is_saved(lang: str) -> None:
    """--results only shows: a --result given with it was once dropped without a word."""
    result = invoke("assess", "--lang", lang, "--results", "--result", "side-bridge left 30")
    assert result.exit_code == 2
    assert "--results" in result.stderr and "--result " in result.stderr
    assert result.stderr.count("\n") == 1
    assert saved() == []


def test_each_side_keeps_its_latest_result_and_the_asymmetry_uses_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-side retest later the same day once hid the other side and its asymmetry."""
    assess("single-leg-bridge left 25", "single-leg-bridge right 7")
    pin_clock(monkeypatch, "2026-12-01T18:00", "Asia/Tokyo")
    result = assess("single-leg-bridge left 20")
    assert "left 20 reps (average) · right 7 reps (poor) · asymmetry 65 %" in result.stdout
    (bridge,) = saved()
    assert bridge["sides"]["right"]["value"] == 7 and bridge["asymmetry_pct"] == 65.0


def test_sides_tested_on_different_days_keep_their_dates_and_no_asymmetry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assess("single-leg-bridge left 25", "single-leg-bridge right 7")
    pin_clock(monkeypatch, "2026-12-04T09:00", "Asia/Tokyo")
    result = assess("single-leg-bridge left 20")
    assert "left 20 reps (average) on 2026-12-04 · right 7 reps (poor) on 2026-12-01" in (
        result.stdout
    )
    assert "asymmetry not given: left and right were tested on different days" in result.stdout
    (bridge,) = saved()
    assert bridge["asymmetry_pct"] is None
    assert bridge["sides"]["right"]["date"] == "2026-12-01"
    japanese = invoke("assess", "--results", "--lang", "ja").stdout
    assert "左 20回（平均）（2026年12月4日）・右 7回（低い）（2026年12月1日）" in japanese, japanese
    assert "左右を別の日にテストしたため" in japanese
