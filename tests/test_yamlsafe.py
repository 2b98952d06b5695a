"""Safe YAML loading: YAML 1.2 scalars, refused constructs, and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.errors import HipcoachError
from hipcoach.program.yamlsafe import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    format_loc,
    parse_yaml_bytes,
    parse_yaml_text,
    read_yaml_file,
)


def load(text: str) -> object:
    return parse_yaml_text(text, "f.yaml").data


def problems(text: str) -> list[str]:
    with pytest.raises(HipcoachError) as caught:
        parse_yaml_text(text, "f.yaml")
    return caught.value.lines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),  # YAML 1.1 would say False
        ("yes", "yes"),
        ("on", "on"),
        ("1:30", "1:30"),  # YAML 1.1 would say 90
        ("2024-01-01", "2024-01-01"),  # YAML 1.1 would make a date
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("12", 12),
        ("-3", -3),
        ("0o17", 15),
        ("0x1F", 31),
        ("017", 17),  # YAML 1.2: decimal, not octal
        ("2.5", 2.5),
        ("1e3", 1000.0),
        ("'12'", "12"),
        ("!!str 12", "12"),
        ("!!int '12'", 12),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    value = load(f"v: {text}\n")
    assert value == {"v": expected}
    assert type(value["v"]) is type(expected)  # type: ignore[index]


def test_infinity_and_nan() -> None:
    data = load("a: .inf\nb: -.inf\nc: .nan\n")
    assert data["a"] == float("inf") and data["b"] == float("-inf")  # type: ignore[index]
    assert data["c"] != data["c"]  # type: ignore[index]


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object:os.system ls",
        "!!python/object/apply:os.system [ls]",
        "!!binary aGVsbG8=",
        "!!timestamp 2024-01-01",
        "!custom thing",
        "!!set {a: null}",
    ],
)
def test_tags_beyond_plain_values_are_refused_with_their_line(tagged: str) -> None:
    lines = problems(f"ok: 1\nbad: {tagged}\n")
    assert len(lines) == 1
    assert lines[0].startswith("f.yaml:2:6: ")
    assert "is not allowed" in lines[0]


def test_alias_bomb_is_refused() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ",".join([f"*{previous}"] * 10) + "]\n"
    lines = problems(bomb)
    assert len(lines) == 1 and "alias bomb" in lines[0]


def test_small_aliases_are_fine() -> None:
    assert load("a: &t {en: x, ja: y}\nb: *t\n") == {
        "a": {"en": "x", "ja": "y"},
        "b": {"en": "x", "ja": "y"},
    }


def test_recursive_alias_is_refused() -> None:
    lines = problems("a: &x [1, *x]\n")
    assert len(lines) == 1 and "refers to itself" in lines[0]


def test_deep_nesting_is_refused() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert "levels deep" in problems(deep)[0]
    very_deep = "[" * 100_000 + "]" * 100_000
    assert len(problems(very_deep)) == 1  # libyaml's own limit, still one clean line


def test_deep_block_nesting_is_refused() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 3)) + " " * 70 + "v\n"
    assert "levels deep" in problems(text)[0]


def test_duplicate_and_non_text_keys_are_all_reported() -> None:
    lines = problems("a: 1\nb: 2\na: 3\n1: x\ntrue: y\n")
    assert lines == [
        "f.yaml:3:1: duplicate key 'a'",
        "f.yaml:4:1: keys must be text, not 1",
        "f.yaml:5:1: keys must be text, not True",
    ]


def test_huge_numbers_are_refused() -> None:
    assert "too large" in problems("a: " + "9" * 5000 + "\n")[0]


def test_syntax_errors_name_the_line() -> None:
    lines = problems("a: [1, 2\nb: 3\n")
    assert len(lines) == 1 and lines[0].startswith("f.yaml:") and "invalid YAML" in lines[0]


def test_several_documents_are_refused() -> None:
    assert "invalid YAML" in problems("a: 1\n---\nb: 2\n")[0]


def test_control_characters_are_refused() -> None:
    assert "invalid YAML" in problems("a: \x00\n")[0]


def test_non_utf8_bytes_name_line_and_column() -> None:
    with pytest.raises(HipcoachError) as caught:
        parse_yaml_bytes(b"a: 1\nname: caf\xe9\n", "f.yaml")
    assert caught.value.lines() == [
        "f.yaml:2:10: not valid UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_byte_order_mark_is_accepted() -> None:
    assert parse_yaml_bytes("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_files_over_one_mebibyte_are_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: '" + "x" * (2 * MAX_FILE_BYTES) + "'\n")
    with pytest.raises(HipcoachError) as caught:
        read_yaml_file(big)
    assert caught.value.lines() == [f"{big}: the file is larger than 1 MiB; refusing to read it"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HipcoachError, match="cannot read the file"):
        read_yaml_file(tmp_path / "nope.yaml")


def test_empty_document_is_none() -> None:
    assert parse_yaml_text("", "f.yaml").data is None
    assert parse_yaml_text("# only a comment\n", "f.yaml").data is None


def test_problem_points_at_the_deepest_node_that_exists() -> None:
    doc = parse_yaml_text("steps:\n  - id: a\n    dose:\n      hold: {min: x}\n", "f.yaml")
    exact = doc.problem(("steps", 0, "dose", "hold", "min"), "bad")
    assert (exact.line, exact.column, exact.field) == (4, 19, "steps[0].dose.hold.min")
    missing = doc.problem(("steps", 0, "dose", "reps"), "missing")
    assert (missing.line, missing.column) == (3, 5)  # the `dose:` key it belongs under
    key = doc.problem(("steps", 0, "dose"), "unknown", at_key=True)
    assert (key.line, key.column) == (3, 5)


def test_format_loc() -> None:
    assert format_loc(("steps", 2, "dose", "hold")) == "steps[2].dose.hold"
    assert format_loc(()) == ""
