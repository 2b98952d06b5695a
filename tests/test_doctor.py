"""`hipcoach doctor`: every problem found, each with its fix; nothing changed."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.log.store import open_store
from hipcoach.voice import diagnosis
from hipcoach.voice.choice import VoiceProblem
from hipcoach.voice.diagnosis import LanguageReport, PlayerReport, VoiceReport
from hipcoach.voice.diagnosis import describe as real_describe
from tests.histories import make_session

runner = CliRunner()


def fake_voice(audio_ok: bool) -> VoiceReport:
    problems = () if audio_ok else (VoiceProblem("no_audio_device", detail="aplay: no card"),)
    return VoiceReport(
        languages=(
            LanguageReport("en", "espeak-ng", "en-us", True, False, ()),
            LanguageReport(
                "ja",
                None,
                None,
                False,
                False,
                (
                    VoiceProblem(
                        "open_jtalk_missing",
                        "sudo apt-get update && sudo apt-get install open-jtalk "
                        "open-jtalk-mecab-naist-jdic",
                    ),
                ),
            ),
        ),
        players=(PlayerReport("aplay", None),),
        player="aplay" if audio_ok else None,
        audio_ok=audio_ok,
        problems=problems,
    )


@pytest.fixture(autouse=True)
def speech_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own speech packages and sound card do not decide these tests."""
    monkeypatch.setattr(diagnosis, "describe", lambda **_: fake_voice(audio_ok=True))


def doctor() -> list[dict[str, str]]:
    return json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)  # type: ignore[no-any-return]


def test_a_fresh_home_is_all_good(monkeypatch: pytest.MonkeyPatch) -> None:
    english_only = fake_voice(audio_ok=True)
    monkeypatch.setattr(
        diagnosis,
        "describe",
        lambda **_: VoiceReport(
            languages=english_only.languages[:1],
            players=english_only.players,
            player="aplay",
            audio_ok=True,
            problems=(),
        ),
    )
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    for title in ("Language", "Paths", "Log", "Settings", "Programs", "Terminal"):
        assert f"\n{title}\n" in result.stdout
    assert "no log yet" in result.stdout and result.stdout.rstrip().endswith("All good.")


def test_a_healthy_log_is_counted() -> None:
    with open_store() as store:
        store.merge([make_session(__import__("datetime").date(2026, 11, 1))])
    log = next(c for c in doctor() if c["section"] == "log")
    assert (
        log["level"] == "ok" and "1 sessions" in log["detail"] and "integrity ok" in log["detail"]
    )


def test_a_damaged_log_is_reported_and_left_alone() -> None:
    paths.data_dir().mkdir(parents=True)
    paths.db_path().write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    before = hashlib.sha256(paths.db_path().read_bytes()).hexdigest()
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 3
    assert "hipcoach doctor --rescue-log" in result.stdout
    assert hashlib.sha256(paths.db_path().read_bytes()).hexdigest() == before


def test_a_log_from_a_newer_hipcoach() -> None:
    paths.data_dir().mkdir(parents=True)
    db = sqlite3.connect(paths.db_path())
    db.execute("PRAGMA user_version = 42")
    db.close()
    log = next(c for c in doctor() if c["section"] == "log")
    assert log["level"] == "problem" and "newer hipcoach" in log["detail"]
    assert "update hipcoach" in log["fix"]


def test_bad_settings_and_programs_come_with_fixes() -> None:
    paths.config_dir().mkdir(parents=True)
    paths.settings_path().write_text("voice = 3\n", encoding="utf-8")
    paths.user_programs_dir().mkdir()
    (paths.user_programs_dir() / "broken.yaml").write_text("format: 1\n", encoding="utf-8")
    checks = doctor()
    settings = next(c for c in checks if c["section"] == "settings")
    assert settings["level"] == "problem" and "voice: must be true or false" in settings["detail"]
    broken = next(c for c in checks if c["label"] == "broken")
    assert broken["fix"].startswith("hipcoach validate ")
    assert runner.invoke(app, ["doctor"]).exit_code == 3


def test_speech_problems_come_with_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    checks = doctor()
    japanese = [c for c in checks if c["label"] == "speech (ja)"]
    assert (
        japanese[0]["level"] == "problem" and "Open JTalk is not installed" in japanese[0]["detail"]
    )
    assert japanese[0]["fix"].startswith("sudo apt-get update && sudo apt-get install open-jtalk")
    monkeypatch.setattr(diagnosis, "describe", lambda **_: fake_voice(audio_ok=False))
    audio = next(c for c in doctor() if c["label"] == "audio device")
    assert audio["level"] == "problem" and "aplay: no card" in audio["detail"]
    assert "the bell stands in" in audio["fix"]


def test_doctor_in_japanese() -> None:
    result = runner.invoke(app, ["doctor", "--lang", "ja"])
    assert "パス" in result.stdout and "音声と音声出力" in result.stdout
    assert "Open JTalk がインストールされていません" in result.stdout
    assert "件の問題があります" in result.stdout


APT_UPDATE = "sudo apt-get update && sudo apt-get install "


@pytest.mark.parametrize(
    ("platform", "tools", "fixes"),
    [
        (  # Debian or Ubuntu with nothing installed yet
            "linux",
            ("apt-get",),
            {
                "speech (en)": [APT_UPDATE + "espeak-ng"],
                "speech (ja)": [
                    APT_UPDATE + "open-jtalk open-jtalk-mecab-naist-jdic",
                    APT_UPDATE + "espeak-ng",
                ],
                "sound players": [APT_UPDATE + "pulseaudio-utils"],
            },
        ),
        (  # macOS with Homebrew, say without a Japanese voice
            "darwin",
            ("brew", "say"),
            {
                "speech (en)": [],
                "speech (ja)": ["brew install open-jtalk", "brew install espeak-ng"],
                "sound players": [],
            },
        ),
    ],
)
def test_doctor_fix_lines_work_as_they_are(
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    tools: tuple[str, ...],
    fixes: dict[str, list[str]],
) -> None:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in tools else None

    def described(**options: object) -> VoiceReport:
        return real_describe(
            **options,  # type: ignore[arg-type]
            which=which,
            platform=platform,
            players=[],
            probe=False,
            say_voices=lambda say: [("Samantha", "en_US")],
        )

    monkeypatch.setattr(diagnosis, "describe", described)
    checks = doctor()
    for label, wanted in fixes.items():
        assert [c["fix"] for c in checks if c["label"] == label and c["fix"]] == wanted, label
