"""The program commands through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from hipcoach import __version__, paths
from hipcoach.cli import app
from hipcoach.program import snapshots
from tests.conftest import BUILTINS, HIP_DROP, ROOT
from tests.test_program_format import FOUR_PROBLEMS

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"hipcoach {__version__}\n"


def test_programs_table() -> None:
    result = invoke("programs")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "steps", "time", "quick", "source"]
    hip_drop = next(line for line in lines if line.startswith("hip-drop "))
    assert hip_drop.startswith("hip-drop    Hip-drop fix: three steps")
    assert "7 min 43 s" in hip_drop and "built-in" in hip_drop
    assert [line.split()[0] for line in lines[2:]] == BUILTINS


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_programs_on_a_narrow_terminal_are_stacked(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns the table would be folded by the terminal: each program becomes a
    title line and its figures under it, every line within the width, nothing lost."""
    from rich.cells import cell_len

    import hipcoach.cli.lines as lines_cli

    wide = invoke("programs", "--lang", lang).stdout
    monkeypatch.setattr(lines_cli, "terminal_width", lambda err=False: 60)
    narrow = invoke("programs", "--lang", lang).stdout
    assert max(cell_len(line) for line in wide.splitlines()) > 60  # the table needs more
    assert max(cell_len(line) for line in narrow.splitlines()) <= 60
    titles = [line.split()[0] for line in narrow.splitlines() if not line.startswith(" ")]
    assert titles == BUILTINS
    assert "7分43秒" in narrow if lang == "ja" else "7 min 43 s" in narrow


def test_programs_json_and_user_programs() -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        HIP_DROP.read_text(encoding="utf-8").replace("id: hip-drop", "id: mine"), encoding="utf-8"
    )
    (folder / "broken.yaml").write_text("format: 1\n", encoding="utf-8")
    result = invoke("programs", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["source"]) for r in rows] == [
        *((name, "builtin") for name in BUILTINS),
        ("mine", "user"),
    ]
    hip_drop = rows[BUILTINS.index("hip-drop")]
    assert hip_drop["steps"] == ["glute-stretch", "hip-hinge", "wall-drill"]
    assert hip_drop["estimated_seconds"] == 463
    assert "broken.yaml: not a valid program" in result.stderr


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_programs_lists_the_same_from_snapshots_as_from_the_files(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    text = HIP_DROP.read_text(encoding="utf-8").replace("id: hip-drop", "id: mine")
    (folder / "mine.yaml").write_text(text.replace("reps: 10", "reps: 12"), encoding="utf-8")
    invoke("programs")  # validates every file and keeps its snapshot
    assert snapshots.listed_programs() is not None
    from_snapshots = invoke("programs", "--json", "--lang", lang)
    monkeypatch.setattr(snapshots, "listed_programs", lambda: None)
    from_files = invoke("programs", "--json", "--lang", lang)
    assert from_snapshots.exit_code == from_files.exit_code == 0
    assert json.loads(from_snapshots.stdout) == json.loads(from_files.stdout)
    assert [r["id"] for r in json.loads(from_files.stdout)] == [*BUILTINS, "mine"]


def test_a_user_program_taking_a_builtin_id_is_reported_on_every_listing() -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    (folder / "copy.yaml").write_text(HIP_DROP.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):  # the second run has a snapshot of every file
        result = invoke("programs", "--json")
        assert result.exit_code == 0, result.output
        assert [r["source"] for r in json.loads(result.stdout)] == ["builtin"] * len(BUILTINS)
        assert "copy.yaml" in result.stderr
    assert snapshots.listed_programs() is None


def test_programs_in_japanese() -> None:
    result = invoke("programs", "--lang", "ja")
    assert "腰が落ちないフォームづくり" in result.stdout and "7分43秒" in result.stdout


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_show_has_everything(lang: str) -> None:
    result = invoke("show", "hip-drop", "--lang", lang)
    assert result.exit_code == 0, result.output
    out = result.stdout
    data = yaml.safe_load(HIP_DROP.read_text(encoding="utf-8"))
    for step in data["steps"]:
        assert step["name"][lang] in out
        assert step["cue"][lang] in out
    if lang == "en":
        assert "Sharp or growing pain means stop" in out
        assert "does not replace" in out
        assert "hold 20–30 s · 2 sets · each side" in out
        assert "Estimated time: 7 min 43 s" in out
        assert "After 3 completed sessions in a row" in out
        assert "effort 5 or less" in out  # "easy" for a mobility routine
        # the method's why, in the program and one line per exercise
        flat = " ".join(out.split())
        assert "Why it works" in out
        for point in ("sitting", "deep rotators", "centred position", "2–3 times your body weight"):
            assert point in flat, point
        assert "overstriding" in flat and "30 km wall" in flat
        assert flat.count(" Why ") == 1 + 3  # the program's, then one per exercise
        assert "helps reduce overstriding" in flat and "corrects" not in flat
        assert "bow down 2 s, hold 1 s, back up 2 s" in flat  # the tempo in words
        assert "first rep held 3 s" in flat
        assert "below the full dose" in flat  # the quick version says what it is
    else:
        assert "鋭い痛み" in out and "診察に代わるものではありません" in out
        assert "20〜30秒キープ・2セット・左右それぞれ" in out
        flat = "".join(out.split())
        assert "なぜ効くのか" in out and "求心位" in flat and "30kmの壁" in flat
        assert "倒して2秒、止めて1秒、戻して2秒" in flat
        assert "本来の回数より少なめ" in flat
        assert "ここに感じればOK" in out
    assert "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_show_from_environment_language() -> None:
    result = invoke("show", env={"HIPCOACH_LANG": "ja"})
    assert "お尻のストレッチ" in result.stdout


def test_show_unknown_program() -> None:
    result = invoke("show", "nope")
    assert result.exit_code == 2
    available = ", ".join(BUILTINS)
    assert result.stderr == f"no program called 'nope'; available: {available}\n"


def test_validate_builtin_programs() -> None:
    files = [str(p) for p in sorted((ROOT / "programs").glob("*.yaml"))]
    result = invoke("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": ok (") == len(files)


def test_validate_reports_every_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "four.yaml"
    bad.write_text(FOUR_PROBLEMS, encoding="utf-8")
    result = invoke("validate", str(HIP_DROP), str(bad))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "content",
    [
        b"x: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + b"".join(
            f"{c}: &{c} [{','.join([f'*{chr(ord(c) - 1)}'] * 9)}]\n".encode() for c in "bcdefg"
        ),
        b"name: \xff\xfe broken\n",
        b"s: '" + b"x" * (2 << 20) + b"'\n",
    ],
    ids=["python-tag", "alias-bomb", "non-utf8", "2MiB-string"],
)
def test_hostile_files_get_one_clean_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(str(path))
    assert not Path("/tmp/pwned").exists()


def test_schema_is_valid_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    group = typer.main.get_command(app)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert names
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help"
        assert f"hipcoach {name}" in readme, f"{name} is not documented in README.md"
        result = invoke(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_help_in_japanese() -> None:
    result = invoke("--lang", "ja", "--help")
    assert result.exit_code == 0
    assert "使い方: hipcoach" in result.stdout and "オプション" in result.stdout
    assert "コマンド" in result.stdout and "このヘルプを表示して終了します。" in result.stdout


@pytest.mark.parametrize(
    "args", [("programs", "--help", "--lang", "ja"), ("--lang=ja", "run", "-h")]
)
def test_command_help_in_japanese_wraps_instead_of_cutting(args: tuple[str, ...]) -> None:
    result = invoke(*args, env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("使い方: hipcoach")
    assert "…" not in result.stdout and "Usage" not in result.stdout


def test_help_in_the_settings_language() -> None:
    assert invoke("config", "set", "language", "ja").exit_code == 0
    assert "使い方" in invoke("--help").stdout
    assert "Usage" in invoke("--lang", "en", "--help").stdout


def test_help_shows_defaults_in_japanese() -> None:
    english, japanese = (
        invoke("log", "--help").stdout,
        invoke("log", "--help", "--lang", "ja").stdout,
    )
    assert "[default: " in english and "[既定: " in japanese


def test_bad_option_value_is_a_usage_error() -> None:
    result = invoke("programs", "--lang", "fr")
    assert result.exit_code == 2
    assert "'fr' is not one of 'en', 'ja'" in result.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["checkin", "--pain", "11"], "hipcoach: invalid value for '--pain': must be 10 or less"),
        (["stats", "--weeks", "0"], "hipcoach: invalid value for '--weeks': must be 1 or more"),
        (
            ["checkin", "--pain", "x"],
            "hipcoach: invalid value for '--pain': must be a whole number",
        ),
        (
            ["checkin", "--effort", "0", "--lang", "ja"],
            "hipcoach: '--effort' の値が正しくありません: 1以上にしてください",
        ),
        (
            ["run", "--speed", "fast", "--lang", "ja"],
            "hipcoach: '--speed' の値が正しくありません: 数値で指定してください",
        ),
        (
            ["today", "--lang", "fr"],
            "hipcoach: invalid value for '--lang': 'fr' is not one of 'en', 'ja'",
        ),
    ],
)
def test_a_refused_value_says_why_in_the_language_asked(
    args: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        main_with(args)
    assert ended.value.code == 2
    assert capsys.readouterr().err.splitlines()[0] == line


def main_with(args: list[str]) -> None:
    """The command line as the script runs it (usage errors are printed by main)."""
    import sys

    from hipcoach.cli import main

    saved = sys.argv
    sys.argv = ["hipcoach", *args]
    try:
        main()
    finally:
        sys.argv = saved


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        (
            "en",
            [
                "Test 2/4",
                "reps at the tempo until you can no longer keep it",
                "a stopwatch: hold until the position goes, then Enter",
                "hold 30 s · each side. Then asked: pelvis drop (yes/no, yes a flag)",
                "A self-test goes to your limit, never through pain",
                "hipcoach assess --results",
            ],
            ["100 reps", "1 set", "Training days", "This routine is light", "300 s", "dose"],
        ),
        (
            "ja",
            [
                "テスト2/4",
                "テンポが保てなくなるまでくり返し",
                "ストップウォッチ",
                "「はい」はサイン",
                "痛みをこらえて続けるものではありません",
            ],
            ["100回", "1セット", "実施日", "軽いメニュー", "300秒"],
        ),
    ],
)
def test_show_describes_a_test_program_as_tests(
    lang: str, said: list[str], not_said: list[str]
) -> None:
    """Not as a routine: the bridge's cap shown as "100 reps · 1 set", training days, and
    "This routine is light" in the safety box of tests that go to the limit."""
    result = CliRunner().invoke(app, ["show", "hip-tests", "--lang", lang], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in said:
        assert text in result.stdout, text
    for text in not_said:
        assert text not in result.stdout, text
