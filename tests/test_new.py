"""`hipcoach new`: an editable copy of a program in the user's programs folder."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.cli.programs import new_program_text
from hipcoach.program.model import Text
from tests.conftest import BUILTINS

runner = CliRunner()


def test_new_writes_a_valid_copy_with_the_schema_comment() -> None:
    result = runner.invoke(app, ["new", "my-routine"])
    assert result.exit_code == 0, result.output
    target = paths.user_programs_dir() / "my-routine.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./hipcoach-program.schema.json\n")
    assert "\nid: my-routine\n" in text and "# The three-step home routine" in text
    schema = json.loads((paths.user_programs_dir() / "hipcoach-program.schema.json").read_text())
    assert schema["title"] == "hipcoach program"
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["programs", "--json"]).stdout)
    assert [(p["id"], p["source"]) for p in listed] == [
        *((program_id, "builtin") for program_id in BUILTINS),
        ("my-routine", "user"),
    ]
    assert runner.invoke(app, ["run", "my-routine", "--dry-run"]).exit_code == 0


def test_new_refuses_to_overwrite_or_take_a_builtin_id() -> None:
    assert runner.invoke(app, ["new", "mine"]).exit_code == 0
    again = runner.invoke(app, ["new", "mine"])
    assert again.exit_code == 2 and "exists already (--force replaces it)" in again.stderr
    assert runner.invoke(app, ["new", "mine", "--force"]).exit_code == 0
    builtin = runner.invoke(app, ["new", "hip-drop"])
    assert builtin.exit_code == 2 and "built-in program's id" in builtin.stderr
    assert runner.invoke(app, ["new", "Not An Id"]).exit_code == 2
    assert runner.invoke(app, ["new", "copy", "--from", "nope"]).exit_code == 2


def test_new_from_another_program() -> None:
    runner.invoke(app, ["new", "first"])
    assert runner.invoke(app, ["new", "second", "--from", "first"]).exit_code == 0
    text = (paths.user_programs_dir() / "second.yaml").read_text(encoding="utf-8")
    assert "\nid: second\n" in text and text.count("yaml-language-server") == 1


def test_copy_text() -> None:
    copied = new_program_text("format: 1\nid: old\nversion: 7\nname: x\n", "fresh")
    assert copied.splitlines()[:4] == [
        "# yaml-language-server: $schema=./hipcoach-program.schema.json",
        "format: 1",
        "id: fresh",
        "version: 1",
    ]


def test_a_copy_is_named_as_the_copy_and_keeps_the_rest() -> None:
    assert runner.invoke(app, ["new", "my-routine"]).exit_code == 0
    names = {}
    for lang in ("en", "ja"):
        listed = runner.invoke(app, ["programs", "--json", "--lang", lang]).stdout
        names[lang] = {p["id"]: p["name"] for p in json.loads(listed)}
    assert names["en"]["my-routine"] == "Hip-drop fix: three steps (my-routine)"
    assert names["ja"]["my-routine"] == "腰が落ちないフォームづくり3ステップ（my-routine）"
    assert names["en"]["hip-drop"] == "Hip-drop fix: three steps"  # the original unchanged
    text = (paths.user_programs_dir() / "my-routine.yaml").read_text(encoding="utf-8")
    assert "summary:" in text and "# Most days" in text  # the rest, comments too, as it was
    inline = new_program_text(
        "id: a\nname: {en: A, ja: エー}\nsummary: x\n", "b", Text("A", "エー")
    )
    assert 'name:\n  en: "A (b)"\n  ja: "エー（b）"\nsummary: x' in inline
