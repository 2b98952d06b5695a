"""Today's doses and the timeline they expand into."""

from __future__ import annotations

import pytest

from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Program
from hipcoach.program.plan import Overrides, doses_for, estimate_seconds, expand
from tests.conftest import HIP_DROP, PROGRAMS

HISTORY_V1 = PROGRAMS / "history" / "hip-drop.v1.yaml"


@pytest.fixture
def program() -> Program:
    return load_program_file(HIP_DROP)


def kinds(program: Program, **kwargs: object) -> list[tuple[str, str, int, str | None]]:
    timeline = expand(program, doses_for(program, **kwargs))  # type: ignore[arg-type]
    return [(s.kind, timeline.dose(s).step.id, s.set_number, s.side) for s in timeline.segments]


def test_full_timeline_order(program: Program) -> None:
    assert kinds(program) == [
        ("get_ready", "glute-stretch", 1, "left"),
        ("work", "glute-stretch", 1, "left"),
        ("switch", "glute-stretch", 1, "right"),
        ("work", "glute-stretch", 1, "right"),
        ("rest", "glute-stretch", 2, "left"),
        ("work", "glute-stretch", 2, "left"),
        ("switch", "glute-stretch", 2, "right"),
        ("work", "glute-stretch", 2, "right"),
        ("get_ready", "hip-hinge", 1, "left"),
        ("work", "hip-hinge", 1, "left"),
        ("switch", "hip-hinge", 1, "right"),
        ("work", "hip-hinge", 1, "right"),
        ("rest", "hip-hinge", 2, "left"),
        ("work", "hip-hinge", 2, "left"),
        ("switch", "hip-hinge", 2, "right"),
        ("work", "hip-hinge", 2, "right"),
        ("get_ready", "wall-drill", 1, None),
        ("work", "wall-drill", 1, None),
        ("rest", "wall-drill", 2, None),
        ("work", "wall-drill", 2, None),
    ]


def test_each_side_gets_its_full_hold(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    holds = [s for s in timeline.segments if s.is_work and timeline.dose(s).seconds]
    assert [s.seconds for s in holds] == [20, 20, 20, 20]
    switches = [s for s in timeline.segments if s.kind == "switch"]
    assert [s.seconds for s in switches] == [8, 8, 8, 8]  # 8 s to change sides on the floor


def test_the_hinge_is_two_sets_with_each_leg_forward(program: Program) -> None:
    """The method's 10 x 2 of a split-stance drill is per leg: 2 sets left, 2 sets right."""
    timeline = expand(program, doses_for(program))
    hinge = [s for s in timeline.work_segments() if timeline.dose(s).step.id == "hip-hinge"]
    assert sorted((s.side, s.set_number) for s in hinge) == [
        ("left", 1),
        ("left", 2),
        ("right", 1),
        ("right", 2),
    ]
    assert all(timeline.dose(s).reps == 10 for s in hinge)


def test_paced_reps_take_reps_times_tempo(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    by_step = {timeline.dose(s).step.id: s.seconds for s in timeline.work_segments()}
    assert by_step["hip-hinge"] == 10 * 5.0
    # the first knee drive of each set is held 3 s instead of 0.25 s
    assert by_step["wall-drill"] == pytest.approx(10 * 1.25 + 3 - 0.25)


def test_levels_move_inside_ranges(program: Program) -> None:
    doses = {d.step.id: d for d in doses_for(program, {"glute-stretch": 1, "hip-hinge": 5})}
    assert doses["glute-stretch"].seconds == 25
    assert doses["hip-hinge"].reps == 10  # no range given: stays
    assert doses_for(program, {"glute-stretch": 9})[0].seconds == 30


def test_quick_variant_does_one_set_each(program: Program) -> None:
    quick = kinds(program, quick=True)
    works = [(step, side) for kind, step, _, side in quick if kind == "work"]
    # one set of each exercise on each side
    assert works == [
        ("glute-stretch", "left"),
        ("glute-stretch", "right"),
        ("hip-hinge", "left"),
        ("hip-hinge", "right"),
        ("wall-drill", None),
    ]
    assert estimate_seconds(program, quick=True) < estimate_seconds(program)
    timeline = expand(program, doses_for(program, quick=True))
    assert timeline.below_dose and all(d.below_dose and d.full_sets == 2 for d in timeline.doses)
    assert not expand(program, doses_for(program)).below_dose


def test_quick_keeps_both_legs_when_sides_take_turns_by_set() -> None:
    """Version 1 of hip-drop (sides: alternate): one set would leave the right leg out."""
    old = load_program_file(HISTORY_V1)
    works = [(step, side) for kind, step, _, side in kinds(old, quick=True) if kind == "work"]
    assert ("hip-hinge", "left") in works and ("hip-hinge", "right") in works


def test_only_one_step(program: Program) -> None:
    assert {k[1] for k in kinds(program, only_step="hip-hinge")} == {"hip-hinge"}
    assert kinds(program, only_step="hip-hinge")[0][0] == "get_ready"
    with pytest.raises(KeyError):
        doses_for(program, only_step="nope")


def test_offsets_and_total(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    offsets = timeline.offsets()
    assert offsets[0] == 0 and offsets[1] == 15  # work starts after the first get-ready
    assert timeline.total_seconds == pytest.approx(462.5)
    assert offsets[-1] + timeline.planned_seconds(timeline.segments[-1]) == pytest.approx(462.5)


def test_one_lead_in_before_each_exercise(program: Program) -> None:
    """The first is long enough to get into position; a later one covers moving to the
    next exercise (transition 10 s) and settling (get ready 5 s): one countdown each."""
    timeline = expand(program, doses_for(program))
    lead_ins = [s for s in timeline.segments if s.kind == "get_ready"]
    assert [(s.dose_index, s.seconds) for s in lead_ins] == [(0, 15), (1, 15), (2, 15)]
    assert [s.label_kind for s in lead_ins] == ["get_ready", "transition", "transition"]
    longer = expand(program, doses_for(program), Overrides(first_get_ready=30, get_ready=2))
    assert [s.seconds for s in longer.segments if s.kind == "get_ready"] == [30, 12, 12]


def test_overrides_change_get_ready_and_rest(program: Program) -> None:
    timeline = expand(program, doses_for(program), Overrides(get_ready=0, rest=60))
    lead_ins = [s.seconds for s in timeline.segments if s.kind == "get_ready"]
    assert lead_ins == [15, 10, 10]  # the transition alone is left between exercises
    assert {s.seconds for s in timeline.segments if s.kind == "rest"} == {60}


def test_self_paced_reps_have_no_fixed_length(program: Program) -> None:
    from dataclasses import replace

    hinge = program.step("hip-hinge")
    self_paced = replace(hinge, dose=replace(hinge.dose, tempo=None))
    custom = replace(program, steps=(self_paced,))
    timeline = expand(custom, doses_for(custom))
    work = timeline.work_segments()
    assert [s.seconds for s in work] == [None, None, None, None]
    assert timeline.planned_seconds(work[0]) == 30  # estimated at 3 s a rep


def test_next_work(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    first = timeline.segments[0]
    assert timeline.next_work(first) == timeline.segments[1]
    assert timeline.next_work(timeline.segments[-1]) is None
