"""The settings file and `hipcoach config`, and what the settings change."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from hipcoach import paths, settings
from hipcoach.cli import app
from hipcoach.errors import HipcoachError
from hipcoach.settings import Settings, load, set_value, unset_value
from tests.conftest import TODAY, pin_clock

runner = CliRunner()


def write(text: str) -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_defaults_without_a_file() -> None:
    assert load() == Settings()
    assert Settings().streak_allowance == 2 and Settings().voice is True


def test_a_valid_file() -> None:
    write(
        'language = "ja"\ntraining_days = ["fri", "mon"]\nrest_seconds = 45\n'
        'voice_command = ["say", "{text}"]\nsound = false\n'
    )
    current = load()
    assert current.language == "ja" and current.training_days == ("mon", "fri")
    assert current.rest_seconds == 45 and current.sound is False
    assert current.voice_command == ("say", "{text}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("streak_allowance = 40\n", ":1: streak_allowance: must be a whole number from 0 to 31"),
        ('\nvoice = "maybe"\n', ":2: voice: must be true or false (got 'maybe')"),
        ('language = "fr"\n', ":1: language: must be en or ja"),
        ('training_days = ["someday"]\n', ":1: training_days: must be weekdays"),
        ('voice_command = ["say"]\n', ":1: voice_command: must be a command with a {text}"),
        ('default_program = "Hip Drop"\n', ":1: default_program: must be a program id"),
        ("colour = 1\n", ":1: colour: unknown setting; the settings are: language"),
    ],
)
def test_bad_values_name_the_key_and_line(text: str, expected: str) -> None:
    write(text)
    with pytest.raises(HipcoachError) as caught:
        load()
    assert expected in caught.value.lines()[0]
    assert caught.value.lines()[0].startswith(str(paths.settings_path()))


def test_setting_keeps_the_users_comments() -> None:
    write('# my settings\nlanguage = "en"  # English please\n\n# rest\nrest_seconds = 40\n')
    set_value("language", "ja")
    set_value("training_days", ["mon,wed", "fri"])
    unset_value("rest_seconds")
    text = paths.settings_path().read_text(encoding="utf-8")
    assert "# my settings" in text and "# English please" in text
    assert 'language = "ja"' in text and "rest_seconds" not in text
    assert load().training_days == ("mon", "wed", "fri")


def test_a_broken_file_is_reported_and_never_overwritten() -> None:
    write("language = [\n")
    before = hashlib.sha256(paths.settings_path().read_bytes()).hexdigest()
    with pytest.raises(HipcoachError, match="not valid TOML"):
        set_value("sound", "false")
    assert hashlib.sha256(paths.settings_path().read_bytes()).hexdigest() == before
    result = runner.invoke(app, ["config", "set", "sound", "false"])
    assert result.exit_code == 2 and "left as it is" in result.stderr


def test_voice_command_keeps_hostile_text_in_one_argument() -> None:
    stored = set_value("voice_command", ["my-tts", "--out", "{wav}", "{text}"])
    assert stored == ("my-tts", "--out", "{wav}", "{text}")
    stored = set_value("voice_command", ["espeak-ng -w {wav} '{text}; $(touch /tmp/x)'"])
    assert stored == ("espeak-ng", "-w", "{wav}", "{text}; $(touch /tmp/x)")


def test_a_voice_command_is_shown_as_it_would_be_typed() -> None:
    result = runner.invoke(app, ["config", "set", "voice_command", "sh", "-c", "sleep 1", "{text}"])
    assert result.exit_code == 0
    assert "sh -c 'sleep 1' '{text}'" in result.stdout
    assert "sh -c 'sleep 1' '{text}'" in runner.invoke(app, ["config", "show"]).stdout


def test_config_commands() -> None:
    shown = runner.invoke(app, ["config", "show"])
    assert shown.exit_code == 0 and "streak_allowance" in shown.stdout
    assert runner.invoke(app, ["config", "set", "streak_allowance", "3"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "streak_allowance"]).stdout == "3\n"
    data = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert data["streak_allowance"] == 3 and data["training_days"] is None
    assert runner.invoke(app, ["config", "path"]).stdout.strip() == str(paths.settings_path())
    bad = runner.invoke(app, ["config", "set", "streak_allowance", "many"])
    assert bad.exit_code == 2 and "streak_allowance: must be a whole number" in bad.stderr
    assert runner.invoke(app, ["config", "get", "nope"]).exit_code == 2
    assert runner.invoke(app, ["config", "unset", "streak_allowance"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "streak_allowance"]).stdout == "2\n"


def test_settings_change_what_commands_do(monkeypatch: pytest.MonkeyPatch) -> None:
    set_value("language", "ja")
    assert (
        "今日は" in runner.invoke(app, ["today"]).stdout
        or "休養日" in runner.invoke(app, ["today"]).stdout
    )
    set_value("language", "en")
    set_value("get_ready_seconds", "0")
    set_value("rest_seconds", "60")
    dry = runner.invoke(app, ["run", "--dry-run"]).stdout
    assert dry.count("Get ready") == 1  # the first, to get into position: its own setting
    assert "10 s   Next exercise: Hip hinge" in dry  # the transition alone after that
    assert "1 min 00 s   Rest" in dry
    set_value("training_days", "sun")
    today = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    assert today["date"] == TODAY.isoformat() and today["training_day"] is False  # Wednesday
    pin_clock(monkeypatch, "2026-11-29", "Asia/Tokyo")  # a Sunday
    today = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    assert today["date"] == "2026-11-29" and today["training_day"] is True


def test_default_program_from_settings() -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    text = (paths.builtin_programs_dir() / "hip-drop.yaml").read_text(encoding="utf-8")
    (folder / "mine.yaml").write_text(text.replace("id: hip-drop", "id: mine"), encoding="utf-8")
    set_value("default_program", "mine")
    assert json.loads(runner.invoke(app, ["today", "--json"]).stdout)["program"]["id"] == "mine"
    set_value("default_program", "gone")
    missing = runner.invoke(app, ["today"])
    assert missing.exit_code == 2 and "no program called 'gone'" in missing.stderr


def test_keys_are_documented() -> None:
    from hipcoach.i18n import MESSAGES

    for key in settings.KEYS:
        assert f"settings.about.{key}" in MESSAGES
