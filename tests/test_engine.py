"""The session engine on a fake clock: timing, controls, cues, events."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Program
from hipcoach.program.plan import Overrides, StepDose, Timeline, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.session.events import (
    EngineResult,
    Paused,
    Redraw,
    Resumed,
    SegmentStarted,
    SessionEnded,
    SetFinished,
    Skipped,
    Tick,
)
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder, ScriptedKeys

FIVE = Overrides(first_get_ready=5)  # a 5 s get-ready first: the times below count from it


@pytest.fixture
def program() -> Program:
    return load_program_file(HIP_DROP)


def run(
    timeline: Timeline,
    script: list[tuple[float, Key]] | None = None,
    late_by: float = 0.0,
    reps_answer: int | None = None,
) -> tuple[EngineResult, Recorder, FakeClock, list[tuple[StepDose, int]]]:
    clock = FakeClock()
    keys = ScriptedKeys(clock, script, late_by)
    recorder = Recorder()
    asked: list[tuple[StepDose, int]] = []

    def ask(dose: StepDose, counted: int) -> int:
        asked.append((dose, counted))
        return counted if reps_answer is None else reps_answer

    engine = Engine(timeline, clock, keys, recorder, recorder, ask_reps=ask)
    return engine.run(), recorder, clock, asked


def full(program: Program) -> Timeline:
    return expand(program, doses_for(program), FIVE)


def test_whole_program_completes_with_every_set(program: Program) -> None:
    started = time.perf_counter()
    timeline = full(program)
    result, recorder, clock, _ = run(timeline)
    assert time.perf_counter() - started < 1.0  # a 7-minute session, simulated
    assert result.status == "completed" and result.reason == "done"
    sets = [(r.dose.step.id, r.segment.set_number, r.segment.side) for r in result.sets]
    assert sets == [
        ("glute-stretch", 1, "left"),
        ("glute-stretch", 1, "right"),
        ("glute-stretch", 2, "left"),
        ("glute-stretch", 2, "right"),
        ("hip-hinge", 1, "left"),
        ("hip-hinge", 1, "right"),
        ("hip-hinge", 2, "left"),
        ("hip-hinge", 2, "right"),
        ("wall-drill", 1, None),
        ("wall-drill", 2, None),
    ]
    assert all(r.actual == r.planned and not r.skipped for r in result.sets)
    assert [r.unit for r in result.sets] == ["seconds"] * 4 + ["reps"] * 6
    assert clock.now() == pytest.approx(1000 + timeline.total_seconds)
    assert isinstance(recorder.events[-1], SessionEnded)


def test_no_drift_when_every_wake_up_is_late(program: Program) -> None:
    timeline = full(program)
    result, recorder, _, _ = run(timeline, late_by=0.004)  # 4 ms late at every wake-up
    offsets = timeline.offsets()
    starts = [e.at - 1000 for e in recorder.of(SegmentStarted)]
    assert starts == pytest.approx(offsets, abs=1e-9)  # each segment starts on plan
    assert result.ended_at - 1000 == pytest.approx(timeline.total_seconds, abs=0.005)
    holds = [r for r in result.sets if r.unit == "seconds"]
    assert all(r.actual == pytest.approx(20.0) for r in holds)


def test_redraws_only_when_the_shown_second_changes(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    _, recorder, _, _ = run(timeline)
    first_hold = timeline.segments[1]
    ticks = [e for e in recorder.of(Tick) if e.segment == first_hold]
    shown = [round(e.remaining) for e in ticks]
    assert shown == list(range(20, 0, -1))  # one frame per second, nothing in between


def test_pause_stretches_the_hold_and_never_shortens_it(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    # get ready 5 s, then the left hold: pause 10 s in for 7 s
    result, recorder, _, _ = run(timeline, [(15.0, Key.PAUSE), (22.0, Key.PAUSE)])
    first = result.sets[0]
    assert first.actual == pytest.approx(20.0)
    assert first.paused == pytest.approx(7.0)
    assert first.ended - first.started == pytest.approx(27.0)
    (paused,) = recorder.of(Paused)
    (resumed,) = recorder.of(Resumed)
    assert resumed.paused_for == pytest.approx(7.0) and not paused.suspended
    assert result.ended_at - 1000 == pytest.approx(timeline.total_seconds + 7)


def test_skip_logs_the_set_as_skipped_and_moves_on(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    result, recorder, _, _ = run(timeline, [(8.0, Key.SKIP)])
    assert result.sets[0].skipped and result.sets[0].actual is None
    assert len(recorder.of(Skipped)) == 1
    second_start = next(e for e in recorder.of(SegmentStarted) if e.segment.kind == "switch")
    assert second_start.at == pytest.approx(1008.0)  # the next segment starts at the skip
    assert result.status == "completed"


def test_skip_while_paused(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    result, _, _, _ = run(timeline, [(8.0, Key.PAUSE), (9.0, Key.SKIP)])
    assert result.sets[0].skipped


def test_quit_keeps_what_was_done(program: Program) -> None:
    timeline = full(program)
    # set 1: left hold 5-25 s, switch 8 s, right hold 33-53 s; then rest. Quit (q, then q
    # again to confirm) in the rest, and in a later run during the right hold.
    result, recorder, _, _ = run(timeline, [(55.0, Key.QUIT), (56.0, Key.QUIT)])
    assert result.status == "partial" and result.reason == "quit"
    assert [r.actual for r in result.sets] == [20.0, 20.0]
    assert recorder.of(SessionEnded)[0].status == "partial"
    result, recorder, _, _ = run(timeline, [(40.0, Key.QUIT), (45.0, Key.ENTER)])
    # the hold cut short is kept with the 7 s done before q; the time asking is not work
    assert [r.actual for r in result.sets] == [20.0, pytest.approx(7.0)]
    assert result.sets[1].ended == pytest.approx(1040.0)
    assert [p.confirm_quit for p in recorder.of(Paused)] == [True]


def test_quit_asks_first_and_any_other_key_goes_on(program: Program) -> None:
    timeline = full(program)
    result, recorder, _, _ = run(timeline, [(10.0, Key.QUIT), (14.0, Key.PAUSE)])
    assert result.status == "completed"
    assert result.sets[0].actual == pytest.approx(20.0)  # not one second of the hold lost
    assert result.sets[0].paused == pytest.approx(4.0)
    assert recorder.of(Resumed)[0].paused_for == pytest.approx(4.0)


def test_a_paced_set_cut_short_keeps_the_reps_done(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"), FIVE)
    # reps of 5 s from 5 s: at 5 + 17 s three are done, the fourth is under way
    result, _, _, _ = run(timeline, [(22.0, Key.QUIT), (23.0, Key.QUIT)])
    assert result.reason == "quit" and [r.actual for r in result.sets] == [3.0]
    result, _, _, _ = run(timeline, [(6.0, Key.QUIT), (7.0, Key.ENTER)])
    assert result.sets == [] and result.status == "aborted"  # no whole rep: nothing to keep
    result, _, _, _ = run(timeline, [(22.0, Key.INTERRUPT)])
    assert result.sets == []  # Ctrl-C stops at once and keeps only what was finished


def test_quit_before_any_set_is_aborted(program: Program) -> None:
    result, _, _, _ = run(full(program), [(2.0, Key.QUIT), (3.0, Key.QUIT)])
    assert result.status == "aborted" and result.sets == []


@pytest.mark.parametrize(
    ("key", "reason"), [(Key.INTERRUPT, "interrupted"), (Key.TERMINATE, "terminated")]
)
def test_signals_end_the_session(program: Program, key: Key, reason: str) -> None:
    result, _, _, _ = run(full(program), [(60.0, key)])
    assert result.reason == reason and result.status == "partial"


def test_interrupt_while_paused(program: Program) -> None:
    result, _, _, _ = run(full(program), [(30.0, Key.PAUSE), (31.0, Key.INTERRUPT)])
    assert result.reason == "interrupted"


def test_suspend_pauses_until_space(program: Program) -> None:
    timeline = full(program)
    result, recorder, _, _ = run(
        timeline,
        [(10.0, Key.SUSPEND), (500.0, Key.REDRAW), (501.0, Key.SUSPEND), (600.0, Key.PAUSE)],
    )
    pauses = recorder.of(Paused)
    assert [p.suspended for p in pauses] == [True, False, True]  # Ctrl-Z again stops again
    assert len(recorder.of(Redraw)) == 1
    assert result.sets[0].paused == pytest.approx(590.0)
    assert result.sets[0].actual == pytest.approx(20.0)


def test_redraw_key_redraws_the_current_frame(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    _, recorder, _, _ = run(timeline, [(10.5, Key.REDRAW)])
    ticks = [e for e in recorder.of(Tick) if e.segment == timeline.segments[1]]
    assert len(ticks) == 21  # 20 seconds, plus the same second drawn again


def test_paced_reps_count_movements_and_legs(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"), FIVE)
    _, recorder, _, _ = run(timeline)
    work = timeline.segments[1]
    reps = [e.rep for e in recorder.of(Tick) if e.segment == work and e.rep]
    first = [(r.number, r.movement, r.fraction) for r in reps if r.number == 1]
    # down 2 s and up 2 s move the tempo bar in eighths; the 1 s hold shows as one step
    down = [(1, "down", n / 8) for n in range(8)]
    up = [(1, "up", n / 8) for n in range(8)]
    assert first == [*down, (1, "hold", 0.0), *up]
    assert reps[-1].number == 10 and reps[-1].total == 10

    drill = expand(program, doses_for(program, only_step="wall-drill"), FIVE)
    _, recorder, _, _ = run(drill)
    first_set = drill.segments[1]
    legs = {e.rep.number: e.rep.side for e in recorder.of(Tick) if e.rep and e.segment == first_set}
    assert [legs[n] for n in range(1, 11)] == ["left", "right"] * 5


def test_enter_ends_paced_reps_early_and_asks(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"), FIVE)
    # get ready 5 s; at 5 s a rep, 17 s in = 3 whole reps
    result, _, _, asked = run(timeline, [(22.0, Key.ENTER)], reps_answer=4)
    assert asked[0][1] == 3
    assert result.sets[0].actual == 4.0 and not result.sets[0].skipped
    assert result.sets[0].ended == pytest.approx(1022.0)


def test_self_paced_reps_wait_for_enter(program: Program) -> None:
    hinge = program.step("hip-hinge")
    dose = replace(hinge.dose, tempo=None, sides="none")  # two open-ended sets
    self_paced = replace(program, steps=(replace(hinge, dose=dose),))
    timeline = expand(self_paced, doses_for(self_paced), FIVE)
    result, recorder, _, asked = run(
        timeline, [(40.0, Key.ENTER), (70.0 + 25.0, Key.ENTER)], reps_answer=8
    )
    assert [r.actual for r in result.sets] == [8.0, 8.0]
    assert [counted for _, counted in asked] == [10, 10]
    open_ticks = [e for e in recorder.of(Tick) if e.remaining is None]
    assert open_ticks and open_ticks[1].elapsed == pytest.approx(1.0)


def test_cues(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"), FIVE)
    _, recorder, _, _ = run(timeline)
    kinds = [c.kind for c in recorder.cues]
    assert kinds.count("start") == 4 and kinds.count("end") == 4
    assert kinds.count("halfway") == 4
    assert kinds.count("switch") == 2 and kinds.count("rest") == 1 and kinds[-1] == "done"
    first_hold = timeline.segments[1]
    counts = [
        (c.count, c.at - 1000)
        for c in recorder.cues
        if c.kind == "count" and c.segment == first_hold
    ]
    assert counts == [(3, 22.0), (2, 23.0), (1, 24.0)]  # the hold runs from 5 s to 25 s


def test_rep_cues_once_per_rep(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"), FIVE)
    _, recorder, _, _ = run(timeline)
    reps = [c.count for c in recorder.cues if c.kind == "rep"]
    assert reps == list(range(1, 11)) * 4  # 2 sets with each leg forward


def test_the_first_knee_drive_of_each_set_is_held(program: Program) -> None:
    """The wall drill's first drive is held 3 s (to feel the standing hip), then the rhythm."""
    drill = expand(program, doses_for(program, only_step="wall-drill"), FIVE)
    result, recorder, _, _ = run(drill)
    first_set = drill.segments[1]
    assert first_set.seconds == pytest.approx(10 * 1.25 + 3 - 0.25)
    ticks = [e for e in recorder.of(Tick) if e.segment == first_set and e.rep]
    held = [e for e in ticks if e.rep and e.rep.held]
    assert held and {e.rep.number for e in held if e.rep} == {1}
    assert {e.rep.side for e in held if e.rep} == {"left"}
    # the hold lasts from 0.5 s (knee up) to 3.5 s into the set; rep 2 begins after 4 s
    assert min(e.elapsed for e in held) == pytest.approx(0.5)
    second = next(e for e in ticks if e.rep and e.rep.number == 2)
    assert second.elapsed == pytest.approx(4.0)
    assert not any(e.rep and e.rep.held for e in ticks if e.rep and e.rep.number > 1)
    said = [c for c in recorder.cues if c.kind == "first_hold"]
    assert [c.segment for c in said] == [s for s in drill.segments if s.is_work]
    assert said[0].at - 1000 == pytest.approx(5 + 0.5)  # after the 5 s get-ready and knee up
    assert [r.actual for r in result.sets] == [10.0, 10.0]


def test_enter_during_the_first_hold_counts_no_rep(program: Program) -> None:
    drill = expand(program, doses_for(program, only_step="wall-drill"), FIVE)
    _, _, _, asked = run(drill, [(5 + 2.0, Key.ENTER)])
    assert asked[0][1] == 0
    _, _, _, asked = run(drill, [(5 + 4.0 + 1.3, Key.ENTER)])
    assert asked[0][1] == 2  # the held drive (4 s) and one at 1.25 s


def test_set_finished_events_carry_results(program: Program) -> None:
    result, recorder, _, _ = run(full(program))
    assert [e.result for e in recorder.of(SetFinished)] == result.sets
