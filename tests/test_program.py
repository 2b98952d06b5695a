"""Runtime programs: built from validated data, snapshots, and finding programs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.program import fileformat as program_format
from hipcoach.program.catalog import catalog, find_program, load_program_file, load_program_text
from hipcoach.program.model import DoseRange, Program, Tempo, from_data
from tests.conftest import BUILTINS, HIP_DROP


def test_runtime_classes_mirror_the_format_models() -> None:
    """The dataclasses and the pydantic models must keep the same fields."""
    pairs = {
        "Text": "Text",
        "DoseRange": "HoldSeconds",
        "Tempo": "Tempo",
        "Dose": "Dose",
        "Step": "Step",
        "Timing": "Timing",
        "Progression": "Progression",
        "Schedule": "Schedule",
        "QuickVariant": "QuickVariant",
        "StepWords": "StepWords",
        "Program": "Program",
    }
    import hipcoach.program.model as runtime

    for runtime_name, model_name in pairs.items():
        runtime_fields = {f.name for f in dataclasses.fields(getattr(runtime, runtime_name))}
        model_fields = set(getattr(program_format, model_name).model_fields)
        assert runtime_fields == model_fields, runtime_name


def test_loads_hip_drop_as_frozen_dataclasses() -> None:
    program = load_program_file(HIP_DROP)
    assert isinstance(program, Program)
    assert program.id == "hip-drop"
    stretch = program.step("glute-stretch")
    assert stretch.dose.hold == DoseRange(20, 30, 5)
    assert isinstance(stretch.how_to, tuple)
    assert stretch.name.get("ja") == "お尻のストレッチ"
    with pytest.raises(dataclasses.FrozenInstanceError):
        program.id = "x"  # type: ignore[misc]
    with pytest.raises(KeyError):
        program.step("nope")


def test_dose_range_levels() -> None:
    hold = DoseRange(20, 30, 5)
    assert [hold.at_level(n) for n in range(5)] == [20, 25, 30, 30, 30]
    assert hold.at_level(-1) == 20
    assert hold.levels == 2
    assert DoseRange(10, 10, 2).levels == 0
    assert DoseRange(8, 13, 2).levels == 3 and DoseRange(8, 13, 2).at_level(3) == 13
    assert hold.describe() == "20–30" and DoseRange(10, 10, 1).describe() == "10"


def test_tempo_parts_follow_the_start() -> None:
    assert Tempo(2, 1, 2, "down").parts() == [("down", 2.0), ("hold", 1.0), ("up", 2.0)]
    assert Tempo(0.5, 0, 0.5, "up").parts() == [("up", 0.5), ("down", 0.5)]
    assert Tempo(2, 1, 2, "down").seconds_per_rep == 5


def test_from_data_rejects_wrong_shapes() -> None:
    with pytest.raises(KeyError):
        from_data(DoseRange, {"min": 1, "max": 2})
    with pytest.raises(TypeError):
        from_data(Program, {**_valid_data(), "steps": "x"})


def _valid_data() -> dict[str, object]:
    return program_format.validate_file(HIP_DROP)


def test_snapshot_skips_validation_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "mine.yaml"
    copy.write_text(HIP_DROP.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_program_file(copy)
    calls: list[Path] = []
    real = program_format.validate_file
    monkeypatch.setattr(
        program_format, "validate_file", lambda p, n=None: calls.append(p) or real(p, n)
    )
    assert load_program_file(copy) == first
    assert calls == []  # served from the snapshot
    old = f"\nversion: {first.version}\n"
    text = copy.read_text(encoding="utf-8").replace(old, f"\nversion: {first.version + 1}\n")
    copy.write_text(text, encoding="utf-8")
    assert load_program_file(copy).version == first.version + 1
    assert calls == [copy]


def test_a_broken_snapshot_is_ignored(tmp_path: Path) -> None:
    copy = tmp_path / "mine.yaml"
    copy.write_text(HIP_DROP.read_text(encoding="utf-8"), encoding="utf-8")
    load_program_file(copy)
    (snapshot,) = (paths.cache_dir() / "programs").glob("*.json")
    snapshot.write_text('{"key": "garbage"', encoding="utf-8")
    assert load_program_file(copy).id == "hip-drop"
    snapshot.write_text('{"key": 1, "program": 2}', encoding="utf-8")
    assert load_program_file(copy).id == "hip-drop"


def test_an_invalid_file_is_never_snapshotted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(HipcoachError, match="missing required field"):
            load_program_file(bad)
    assert not list((paths.cache_dir() / "programs").glob("*.json"))


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setattr(paths, "cache_dir", lambda: blocker)
    assert load_program_file(HIP_DROP).id == "hip-drop"


def test_load_program_text_validates() -> None:
    with pytest.raises(HipcoachError):
        load_program_text("format: 1\n", "x.yaml")


def _user_program(name: str, program_id: str) -> Path:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = HIP_DROP.read_text(encoding="utf-8").replace("id: hip-drop", f"id: {program_id}")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_catalog_lists_builtin_and_user_programs() -> None:
    _user_program("mine.yaml", "mine")
    entries = catalog()
    assert [(e.id, e.builtin) for e in entries] == [
        *((name, True) for name in BUILTINS),
        ("mine", False),
    ]
    assert find_program("mine").program is not None


def test_user_program_with_a_builtin_id_is_flagged_not_used() -> None:
    path = _user_program("copy.yaml", "hip-drop")
    entries = catalog()
    shadow = [e for e in entries if e.path == path]
    assert shadow and shadow[0].shadows_builtin
    assert find_program("hip-drop").builtin


def test_invalid_user_program_is_listed_with_its_error() -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    entries = catalog()
    broken = [e for e in entries if e.error is not None]
    assert broken and broken[0].id == "broken"
    with pytest.raises(HipcoachError, match="missing required field"):
        find_program("broken")


def test_unknown_program_names_the_available_ones() -> None:
    available = ", ".join(BUILTINS)
    with pytest.raises(HipcoachError, match=f"no program called 'nope'; available: {available}"):
        find_program("nope")


def test_find_by_path(tmp_path: Path) -> None:
    copy = tmp_path / "x.yaml"
    copy.write_text(HIP_DROP.read_text(encoding="utf-8"), encoding="utf-8")
    assert find_program(str(copy)).program is not None
    with pytest.raises(HipcoachError, match="cannot read"):
        find_program(str(tmp_path / "missing.yaml"))


def test_builtin_programs_are_found_outside_a_checkout(tmp_path: Path) -> None:
    """The packaged location wins when it exists (installed wheel)."""
    import hipcoach

    packaged = Path(hipcoach.__file__).parent / "programs"
    assert paths.builtin_programs_dir() in (packaged, HIP_DROP.parent)
    assert (paths.builtin_programs_dir() / "hip-drop.yaml").is_file()


def test_an_old_version_of_a_builtin_is_kept_beside_it() -> None:
    """programs/history keeps hip-drop v1 (the hinge's sides took turns by set), which
    sessions logged with it meant; v2 is today's program (each leg forward in every set).
    The history is kept for people and the fingerprints below, never listed."""
    now = load_program_file(HIP_DROP)
    then = load_program_file(HIP_DROP.parent / "history" / "hip-drop.v1.yaml")
    assert (now.version, then.version) == (2, 1)
    assert then.step("hip-hinge").dose.sides == "alternate"
    assert now.step("hip-hinge").dose.sides == "each"
    assert [e.id for e in catalog() if e.builtin] == BUILTINS  # history is not listed


# The validated content of each built-in program at its version. A change to a built-in
# program must raise its `version:` and keep the old file in programs/history/, so that
# logged sessions keep meaning what they meant: then add the new fingerprint here.
# hip-drop 2 was de31b70303bf3bdc before the format gained self-test steps: its validated
# data now carries `test: null` in each step; the program itself did not change.
BUILTIN_FINGERPRINTS = {
    ("hip-drop", 2): "800d95af1b09b9d7",
    # hip-tests v1 gained `typical` (for the time estimate only), then its Japanese checklist
    # questions named the answers as offered (良い・まあまあ・不十分), then each test's side
    # got its own words (left leg standing, left side down) and the Japanese pelvis and trunk
    # questions were asked positively (保てましたか) to fit those answers: all before any
    # release, so still version 1; so is the pelvis drop's `flag_if_yes` (a positive
    # Trendelenburg sign, which its norm always called a flag), also before any release
    ("hip-tests", 1): "1dd6c4f1245f7dde",
    ("pre-run", 1): "65b9a210b4f52db8",
    ("race-week", 1): "1f554aa66cc92083",
    # desk-break v1 had a 5 s switch before any release: too short to say the side before 3-2-1
    ("desk-break", 1): "ff66426c0a82b80e",
}


def _fingerprint(path: Path) -> tuple[tuple[str, int], str]:
    import hashlib
    import json

    data = program_format.validate_file(path)
    body = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return (data["id"], data["version"]), hashlib.sha256(body).hexdigest()[:16]


@pytest.mark.parametrize("name", BUILTINS)
def test_a_builtin_program_changes_only_with_a_new_version(name: str) -> None:
    path = HIP_DROP.parent / f"{name}.yaml"
    key, digest = _fingerprint(path)
    assert BUILTIN_FINGERPRINTS.get(key) == digest, (
        f"{path.name} changed: raise its version, copy the old file to "
        f"programs/history/{key[0]}.v{key[1]}.yaml, and record {key} -> {digest!r} here"
    )
    history = HIP_DROP.parent / "history"
    for kept in sorted(history.glob("*.yaml")):
        (program_id, version), _ = _fingerprint(kept)
        assert kept.name == f"{program_id}.v{version}.yaml"
        assert version < key[1] or program_id != key[0]
