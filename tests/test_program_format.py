"""The program format: every validation rule can fail, with file:line:col and field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
import yaml

from hipcoach.errors import HipcoachError
from hipcoach.i18n import set_language
from hipcoach.program.fileformat import program_json_schema, validate_text
from tests.conftest import HIP_DROP, PROGRAMS


def hip_drop_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(HIP_DROP.read_text(encoding="utf-8"))
    return data


def problems_of(data: Any) -> list[str]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(HipcoachError) as caught:
        validate_text(text, "p.yaml")
    return caught.value.lines()


def test_builtin_programs_are_valid() -> None:
    files = sorted(PROGRAMS.glob("*.yaml"))
    assert files
    for path in files:
        data = validate_text(path.read_text(encoding="utf-8"), str(path))
        assert data["steps"]


def test_hip_drop_follows_the_method() -> None:
    data = validate_text(HIP_DROP.read_text(encoding="utf-8"), "hip-drop.yaml")
    steps = {s["id"]: s for s in data["steps"]}
    assert list(steps) == ["glute-stretch", "hip-hinge", "wall-drill"]
    assert [s["phase"] for s in data["steps"]] == ["flexibility", "hip-support", "running-transfer"]
    stretch = steps["glute-stretch"]["dose"]
    assert stretch["hold"] == {"min": 20, "max": 30, "step": 5}
    assert stretch["sets"]["min"] == 2 and stretch["sides"] == "each"
    for rep_step in ("hip-hinge", "wall-drill"):
        dose = steps[rep_step]["dose"]
        assert dose["reps"]["min"] == 10 and dose["sets"]["min"] == 2
        assert dose["tempo"] is not None
    # 10 x 2 of a split-stance drill is per leg: every set with the left, then the right forward
    assert steps["hip-hinge"]["dose"]["sides"] == "each"
    assert steps["hip-hinge"]["words"]["left"]["en"] == "left leg forward"
    assert steps["hip-hinge"]["words"]["down"]["ja"] == "倒して"
    assert steps["hip-hinge"]["words"]["up"]["ja"] == "戻して"
    assert steps["hip-hinge"]["cue"]["ja"] == "お尻を突き出して、おじぎ。"
    assert steps["wall-drill"]["dose"]["sides"] == "alternating"
    assert 2 <= steps["wall-drill"]["dose"]["tempo"]["first_hold"] <= 3  # feel the standing hip
    assert data["timing"]["switch"] >= 8  # changing sides on the floor
    assert data["progression"]["easy_effort_max"] == 5  # "easy", for a mobility routine
    assert data["quick"] == {"sets": 1}
    assert data["why"]["en"] and "30 km" in data["why"]["en"] and "求心位" in data["why"]["ja"]
    for step in data["steps"]:
        assert step["how_to"] and step["avoid"] and step["feel"]["ja"] and step["purpose"]["ja"]
        assert step["why"]["en"] and step["why"]["ja"]
        assert step["words"]["left"] and step["words"]["right"]  # every side is named
    english = json.dumps(data, ensure_ascii=False)
    assert "corrects" not in english and "strongest" not in english  # within the method's claims
    assert "ルーティン" not in english


def test_a_format_1_file_without_the_new_fields_still_loads() -> None:
    """User programs written before words, whys and first holds stay valid."""
    data = hip_drop_data()
    data.pop("why")
    for step in data["steps"]:
        step.pop("why")
        step.pop("words")
        tempo = step["dose"].get("tempo")
        if tempo:
            tempo.pop("first_hold", None)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = validate_text(text, "old.yaml")
    assert loaded["why"] is None and all(s["words"] is None for s in loaded["steps"])
    old = validate_text((PROGRAMS / "history" / "hip-drop.v1.yaml").read_text("utf-8"), "v1")
    assert old["version"] == 1 and old["steps"][1]["dose"]["sides"] == "alternate"


Mutation = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[Any, ...]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


STEP0 = ("steps", 0)
DOSE0 = (*STEP0, "dose")
DOSE1 = ("steps", 1, "dose")

RULES: list[tuple[str, Mutation, str, str]] = [
    ("unknown key", _set(("colour",), "red"), "colour", "unknown field `colour`"),
    ("unknown key, close", _set((*DOSE0, "set"), 2), "steps[0].dose.set", "did you mean `sets`?"),
    ("a field out of place", _set(("hold",), 20), "hold", "`hold` does not belong here"),
    (
        "hold below 5",
        _set((*DOSE0, "hold"), {"min": 4, "max": 30, "step": 5}),
        "steps[0].dose.hold.min",
        "must be at least 5 (got 4)",
    ),
    (
        "hold above 300",
        _set((*DOSE0, "hold"), 301),
        "steps[0].dose.hold",
        "must be at most 300",
    ),
    ("reps 0", _set((*DOSE1, "reps"), 0), "steps[1].dose.reps", "at least 1"),
    ("reps 101", _set((*DOSE1, "reps"), 101), "steps[1].dose.reps", "at most 100"),
    ("sets 0", _set((*DOSE1, "sets"), 0), "steps[1].dose.sets", "at least 1"),
    ("sets 11", _set((*DOSE1, "sets"), 11), "steps[1].dose.sets", "at most 10"),
    (
        "min above max",
        _set((*DOSE0, "hold"), {"min": 30, "max": 20}),
        "steps[0].dose.hold.max",
        "max (20) is below min (30)",
    ),
    (
        "duplicate id",
        _set(("steps", 2, "id"), "glute-stretch"),
        "steps[2].id",
        "duplicate step id 'glute-stretch'",
    ),
    ("missing ja", _delete((*STEP0, "name", "ja")), "steps[0].name.ja", "missing Japanese text"),
    ("missing en", _delete(("summary", "en")), "summary.en", "missing English text"),
    ("empty text", _set((*STEP0, "cue", "ja"), "  "), "steps[0].cue.ja", "at least 1 character"),
    ("text as number", _set((*STEP0, "cue", "en"), 12), "steps[0].cue.en", "expected text"),
    ("bad id", _set(("id",), "Hip Drop!"), "id", "should match pattern"),
    (
        "tempo on a hold",
        _set((*DOSE0, "tempo"), {"down": 1}),
        "steps[0].dose",
        "`tempo` paces repetitions",
    ),
    ("hold and reps", _set((*DOSE0, "reps"), 10), "steps[0].dose", "exactly one of"),
    ("neither hold nor reps", _delete((*DOSE0, "hold")), "steps[0].dose", "exactly one of"),
    (
        "tempo of zero",
        _set((*DOSE1, "tempo"), {"down": 0}),
        "steps[1].dose.tempo",
        "must take some time",
    ),
    (
        "progression order",
        _set(("progression", "stop_pain"), 3),
        "progression",
        "easy_pain_max < step_back_pain <= stop_pain",
    ),
    ("day twice", _set(("schedule", "days"), ["mon", "mon"]), "schedule.days", "listed twice"),
    ("unknown day", _set(("schedule", "days"), ["monday"]), "schedule.days[0]", "'mon'"),
    ("unknown phase", _set((*STEP0, "phase"), "cardio"), "steps[0].phase", "flexibility"),
    ("unknown sides", _set((*DOSE0, "sides"), "both"), "steps[0].dose.sides", "'each'"),
    ("format version", _set(("format",), 2), "format", "1"),
    ("no steps", _set(("steps",), []), "steps", "at least 1 item"),
    ("steps not a list", _set(("steps",), "all"), "steps", "expected a list"),
    ("text not a mapping", _set((*STEP0, "name"), "Glute"), "steps[0].name", "expected a mapping"),
    (
        "range not a mapping",
        _set((*DOSE0, "hold"), "20-30"),
        "steps[0].dose.hold",
        "expected a number or a mapping",
    ),
    (
        "float where whole",
        _set((*DOSE0, "sets"), 2.5),
        "steps[0].dose.sets",
        "expected a number or a mapping",
    ),
    (
        "number as text",
        _set(("steps", 0, "rest_seconds"), "1:30"),
        "steps[0].rest_seconds",
        "write seconds (90)",
    ),
    (
        "bool is not a number",
        _set(("steps", 0, "rest_seconds"), True),
        "steps[0].rest_seconds",
        "valid integer",
    ),
    ("missing field", _delete((*STEP0, "cue")), "steps[0].cue", "missing required field `cue`"),
    (
        "one side named",
        _delete((*STEP0, "words", "right")),
        "steps[0].words",
        "both `left` and `right`",
    ),
    (
        "unknown word",
        _set((*STEP0, "words", "middle"), {"en": "m", "ja": "m"}),
        "steps[0].words.middle",
        "unknown field",
    ),
    (
        "first hold of 0",
        _set(("steps", 2, "dose", "tempo", "first_hold"), 0),
        "steps[2].dose.tempo.first_hold",
        "more than 0",
    ),
    ("why without ja", _delete(("why", "ja")), "why.ja", "missing Japanese text"),
]


@pytest.mark.parametrize(("label", "mutate", "field", "fragment"), RULES, ids=[r[0] for r in RULES])
def test_each_rule_can_fail(label: str, mutate: Mutation, field: str, fragment: str) -> None:
    data = copy.deepcopy(hip_drop_data())
    mutate(data)
    lines = problems_of(data)
    matching = [line for line in lines if f": {field}: " in line]
    assert matching, f"{label}: no problem for {field} in {lines}"
    assert any(fragment in line for line in matching), matching
    assert all(line.startswith("p.yaml:") for line in lines)


FOUR_PROBLEMS = """\
format: 1
id: four
name: {en: Four problems, ja: 四つの問題}
summary: {en: s, ja: s}
steps:
  - id: a
    phase: flexibility
    name: {en: A}
    purpose: {en: p, ja: p}
    how_to: [{en: h, ja: h}]
    feel: {en: f, ja: f}
    cue: {en: c, ja: c}
    dose:
      hold:
        min: twenty
        max: 30
      sets: 2
      sides: each
      sidez: left
  - id: a
    phase: hip-support
    name: {en: B, ja: ビー}
    purpose: {en: p, ja: p}
    how_to: [{en: h, ja: h}]
    feel: {en: f, ja: f}
    cue: {en: c, ja: c}
    dose: {reps: 10, sets: 2}
"""


def test_four_problems_four_lines_with_positions() -> None:
    with pytest.raises(HipcoachError) as caught:
        validate_text(FOUR_PROBLEMS, "four.yaml")
    assert caught.value.lines() == [
        "four.yaml:8:5: steps[0].name.ja: missing Japanese text (add `ja:`)",
        "four.yaml:15:14: steps[0].dose.hold.min: expected a number, got the text 'twenty'",
        "four.yaml:19:7: steps[0].dose.sidez: unknown field `sidez` (did you mean `sides`?)",
        "four.yaml:20:9: steps[1].id: duplicate step id 'a' (also steps[0])",
    ]


def test_yaml_1_1_words_stay_text() -> None:
    data = hip_drop_data()
    data["steps"][0]["cue"]["en"] = "no"
    text = yaml.safe_dump(data, allow_unicode=True).replace("en: 'no'", "en: no")
    assert "en: no\n" in text
    validated = validate_text(text, "p.yaml")
    assert validated["steps"][0]["cue"]["en"] == "no"


def test_not_a_mapping() -> None:
    with pytest.raises(HipcoachError) as caught:
        validate_text("- just\n- a list\n", "l.yaml")
    assert caught.value.lines()[0].startswith("l.yaml:1:1: a program file is a mapping")


def test_messages_in_japanese() -> None:
    set_language("ja")
    with pytest.raises(HipcoachError) as caught:
        validate_text(FOUR_PROBLEMS, "four.yaml")
    assert "日本語のテキストがありません" in caught.value.lines()[0]


def test_defaults_are_filled_in() -> None:
    data = hip_drop_data()
    del data["timing"], data["progression"], data["steps"][0]["rest_seconds"]
    text = yaml.safe_dump(data, allow_unicode=True)
    validated = validate_text(text, "p.yaml")
    assert validated["timing"] == {"get_ready": 5, "switch": 5, "transition": 10}
    assert validated["progression"]["step_up_after"] == 3
    assert validated["steps"][0]["rest_seconds"] == 30
    assert validated["steps"][1]["dose"]["reps"] == {"min": 10, "max": 10, "step": 2}


def test_json_schema_is_a_schema_and_accepts_builtin_programs() -> None:
    schema = program_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in PROGRAMS.glob("*.yaml"):
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    broken = hip_drop_data()
    broken["steps"][0]["dose"]["hold"] = {"min": 2, "max": 30}
    broken["colour"] = "red"
    assert len(list(validator.iter_errors(broken))) == 2


def test_schema_file_in_the_repository_is_current() -> None:
    stored = json.loads((PROGRAMS / "hipcoach-program.schema.json").read_text(encoding="utf-8"))
    assert stored == program_json_schema(), (
        "run: uv run hipcoach schema > programs/hipcoach-program.schema.json"
    )
