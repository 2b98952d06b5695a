"""Spoken cues: engines, argument lists, the WAV cache, players, the Speaker thread.

Everything but the last section runs on fakes and plays no audio. The last section
renders real speech with espeak-ng and Open JTalk when they are installed (skipped
with the reason otherwise) and checks the files are speech, not silence.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from hipcoach.i18n import Lang, spoken_count
from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import DoseRange
from hipcoach.program.plan import doses_for, expand
from hipcoach.session.cues import cue_text, session_texts
from hipcoach.session.engine import Cue, CueKind, Engine
from hipcoach.voice.cache import SpeechCache, cache_key, render, run_invocation
from hipcoach.voice.choice import choose_engine, find_open_jtalk, parse_say_voices, pick_say_voice
from hipcoach.voice.common import TRIM_PAD, RenderError
from hipcoach.voice.diagnosis import describe
from hipcoach.voice.engines import (
    POWERSHELL_SCRIPT,
    CommandEngine,
    EspeakEngine,
    OpenJTalkEngine,
    PowerShellEngine,
    SayEngine,
    command_problem,
)
from hipcoach.voice.fixes import install_fix
from hipcoach.voice.invocation import Invocation, is_kana_only, substitute
from hipcoach.voice.jtalk import SHIPPED_VOICE, JTalkPlaces
from hipcoach.voice.loudness import PEAK_CEILING, TARGET_LOUDNESS
from hipcoach.voice.players import (
    CommandPlayer,
    ProbeResult,
    ProcessPlayback,
    find_players,
    probe_players,
)
from hipcoach.voice.setup import start_voice
from hipcoach.voice.speaker import CachedSpeech, Speaker, max_age
from hipcoach.voice.wav import (
    WavStats,
    finish_phrase,
    phrase_loudness,
    trim_leading_silence,
    wav_stats,
    write_silence,
)
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder, ScriptedKeys

# --- helpers ----------------------------------------------------------------------------------


def wait_until(predicate: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll ``predicate`` every few ms (the speaker thread works asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.002)
    return predicate()


def tone_wav(
    path: Path,
    *,
    silence: float = 0.35,
    tone: float = 0.2,
    rate: int = 48000,
    width: int = 2,
    channels: int = 1,
    level: float = 0.5,
) -> Path:
    """``silence`` seconds of silence, then a 440 Hz tone at ``level`` of full scale."""
    full = 1 << (8 * width - 1)
    offset = 128 if width == 1 else 0
    frames = bytearray()
    for i in range(int((silence + tone) * rate)):
        value = 0
        if i >= silence * rate:
            value = int(level * (full - 1) * math.sin(2 * math.pi * 440 * i / rate))
        sample = (value + offset).to_bytes(width, "little", signed=width > 1)
        frames += sample * channels
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))
    return path


# The fix lines as a user pastes them: spelled out, so a change to them is seen here.
APT_ESPEAK = "sudo apt-get update && sudo apt-get install espeak-ng"
APT_JTALK = "sudo apt-get update && sudo apt-get install open-jtalk open-jtalk-mecab-naist-jdic"
APT_PLAYER = "sudo apt-get update && sudo apt-get install pulseaudio-utils"


def fake_which(*present: str) -> Callable[[str], str | None]:
    """A ``shutil.which`` that finds exactly ``present`` (as /usr/bin/NAME)."""
    return lambda name: f"/usr/bin/{name}" if name in present else None


# A stand-in for a speech program: records its text (JSON lines) and, given a WAV path
# other than "-", writes 0.3 s of silence then 0.3 s of tone there. "FAIL" exits 3.
FAKE_TTS = """
import json, math, sys, wave
record, wav, text = sys.argv[1], sys.argv[2], sys.argv[3]
with open(record, "a", encoding="utf-8") as f:
    f.write(json.dumps(text, ensure_ascii=False) + "\\n")
if text == "FAIL":
    sys.exit(3)
if wav != "-":
    rate = 16000
    frames = bytearray(int(0.3 * rate) * 2)
    for i in range(int(0.3 * rate)):
        v = int(12000 * math.sin(2 * math.pi * 440 * i / rate))
        frames += v.to_bytes(2, "little", signed=True)
    with wave.open(wav, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
"""


@pytest.fixture
def fake_tts(tmp_path: Path) -> tuple[Path, Path]:
    """The fake speech program and the file it records texts in."""
    script = tmp_path / "fake_tts.py"
    script.write_text(FAKE_TTS, encoding="utf-8")
    return script, tmp_path / "record.jsonl"


def recorded(record: Path) -> list[str]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def hostile(marker: Path) -> list[str]:
    """Texts a shell would run; they must reach the program as plain characters."""
    return [
        "$(touch /tmp/x)",
        f"a; touch {marker}",
        f'it\'s "quoted" `touch {marker}` & | > {marker}',
        "line one\nline two",
        "{wav} {text} {lang}",
        "--help",
    ]


class FakePlayback:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stopped = False
        self.waited = False

    def running(self) -> bool:
        return not self.stopped

    def stop(self) -> None:
        self.stopped = True

    def wait(self, timeout: float) -> bool:
        self.waited = True
        return True


class FakeOutput:
    """A SpeechOutput that plays nothing; ``load_delay`` imitates slow rendering."""

    def __init__(self, load_delay: float = 0.0) -> None:
        self.load_delay = load_delay
        self.loading = threading.Event()  # set once the thread is inside load()
        self.playbacks: list[FakePlayback] = []

    def load(self, text: str) -> Callable[[], FakePlayback]:
        self.loading.set()
        time.sleep(self.load_delay)
        if text == "load-error":
            raise RenderError("cannot render")

        def start() -> FakePlayback:
            if text == "start-error":
                raise OSError("player vanished")
            playback = FakePlayback(text)
            self.playbacks.append(playback)
            return playback

        return start


class FakePlayer:
    """A Player whose probe succeeds or not; it records what it was asked to play."""

    def __init__(self, name: str = "fake", ok: bool = True, detail: str = "") -> None:
        self.name = name
        self.ok = ok
        self.detail = detail
        self.played: list[Path] = []
        self.probed: list[WavStats] = []

    def play(self, wav: Path) -> FakePlayback:
        self.played.append(wav)
        return FakePlayback(wav.name)

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        self.probed.append(wav_stats(wav))
        return ProbeResult(self.ok, self.detail)


class MutableClock:
    def __init__(self, t: float = 100.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def by_count(texts: list[str]) -> Callable[[Cue], str | None]:
    return lambda cue: texts[cue.count or 0]


# --- placeholders: never a shell --------------------------------------------------------------


def test_placeholders_fill_single_arguments_in_one_pass(tmp_path: Path) -> None:
    template = ["speak", "--text={text}", "{wav}", "--lang", "{lang}", "{unknown}"]
    for text in hostile(tmp_path / "pwned"):
        argv = substitute(template, {"text": text, "wav": "/c/a.wav", "lang": "ja"})
        assert argv == ("speak", f"--text={text}", "/c/a.wav", "--lang", "ja", "{unknown}")
    # text that looks like a placeholder is not filled in again
    argv = substitute(["{text}", "{wav}"], {"text": "{wav}", "wav": "W"})
    assert argv == ("{wav}", "W")


def test_hostile_text_reaches_the_command_as_one_argument_and_runs_nothing(
    tmp_path: Path, fake_tts: tuple[Path, Path]
) -> None:
    script, record = fake_tts
    marker = tmp_path / "pwned"
    tmp_x_before = Path("/tmp/x").exists()
    engine = CommandEngine((sys.executable, str(script), str(record), "-", "{text}"))
    texts = hostile(marker)
    for text in texts:
        run_invocation(engine.invocation(text, None), timeout=10)
    assert recorded(record) == texts
    assert not marker.exists()
    assert tmp_x_before or not Path("/tmp/x").exists()


def test_command_validation() -> None:
    assert command_problem([]) == "bad_command"
    assert command_problem(["say-it"]) == "bad_command"
    assert command_problem(["", "{text}"]) == "bad_command"
    assert command_problem(["say-it", "{text}"]) is None
    assert not CommandEngine(("say-it", "{text}")).renders
    assert CommandEngine(("tts", "-o", "{wav}", "{text}")).renders


# --- argument lists of each engine -----------------------------------------------------------


def test_espeak_reads_text_from_stdin() -> None:
    inv = EspeakEngine("/usr/bin/espeak-ng", "en-us").invocation("-x Switch", Path("/c/o.wav"))
    assert inv.argv == (
        "/usr/bin/espeak-ng",
        "-v",
        "en-us",
        "-b",
        "1",
        "-w",
        "/c/o.wav",
        "--stdin",
    )
    assert inv.stdin == b"-x Switch"
    fast = EspeakEngine(speed=200).invocation("hi", Path("o.wav"))
    assert fast.argv[3:5] == ("-s", "200")


def test_open_jtalk_arguments_and_one_line_text(tmp_path: Path) -> None:
    engine = OpenJTalkEngine(tmp_path / "dic", tmp_path / "v.htsvoice", "/bin/open_jtalk", 4.0)
    inv = engine.invocation("反対側に\n切り替えます", tmp_path / "o.wav")
    assert inv.argv == (
        "/bin/open_jtalk",
        "-x",
        str(tmp_path / "dic"),
        "-m",
        str(tmp_path / "v.htsvoice"),
        "-g",
        "4.0",
        "-ow",
        str(tmp_path / "o.wav"),
    )
    assert inv.stdin == "反対側に 切り替えます".encode()  # it stops at a line break
    assert engine.voice == "v"
    with pytest.raises(RenderError):
        engine.invocation("x", None)


def test_say_writes_16_bit_wav_with_text_on_stdin() -> None:
    text = "-v Albert 反対側に切り替えます"
    inv = SayEngine("Kyoko", binary="/usr/bin/say").invocation(text, Path("/c/o.wav"))
    assert inv.argv == (
        "/usr/bin/say",
        "-v",
        "Kyoko",
        "--file-format=WAVE",
        "--data-format=LEI16@22050",
        "-o",
        "/c/o.wav",
        "-f",
        "-",
    )
    assert inv.stdin == text.encode()
    assert SayEngine("").invocation("hi", None).argv == ("say", "-f", "-")


def test_powershell_gets_text_and_file_only_through_the_environment() -> None:
    text = "'; Remove-Item C:\\ -Recurse; '$(calc)"
    inv = PowerShellEngine("ja-JP", binary="powershell").invocation(text, Path("C:/c/o.wav"))
    assert inv.argv == (
        "powershell",
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        POWERSHELL_SCRIPT,
    )
    assert all(text not in arg for arg in inv.argv)
    env = dict(inv.env)
    assert env == {
        "HIPCOACH_SPEECH_TEXT": text,
        "HIPCOACH_SPEECH_WAV": str(Path("C:/c/o.wav")),
        "HIPCOACH_SPEECH_CULTURE": "ja-JP",
    }
    assert inv.stdin is None
    environment = inv.environment()
    assert environment is not None and environment["HIPCOACH_SPEECH_TEXT"] == text
    assert Invocation(("x",)).environment() is None  # nothing added: inherit as is


def test_kana_only_detection() -> None:
    assert is_kana_only("はんたいがわに きりかえます。")
    assert is_kana_only("3、2、1")
    assert is_kana_only("ストレッチ！")
    assert not is_kana_only("反対側に切り替えます")
    assert not is_kana_only("人々")
    assert not is_kana_only("Switch")
    assert EspeakEngine(voice="ja", kana_only=True).accepts("はじめ。")
    assert not EspeakEngine(voice="ja", kana_only=True).accepts("休憩。")
    assert EspeakEngine().accepts("休憩。")


# --- choosing an engine -----------------------------------------------------------------------


@pytest.fixture
def jtalk_files(tmp_path: Path) -> tuple[Path, Path]:
    dic = tmp_path / "naist-jdic"
    dic.mkdir()
    (dic / "sys.dic").write_bytes(b"x")
    hts = tmp_path / "voice.htsvoice"
    hts.write_bytes(b"x")
    return dic, hts


def test_english_uses_espeak_ng_on_linux() -> None:
    choice = choose_engine("en", which=fake_which("espeak-ng", "open_jtalk"), platform="linux")
    assert choice.engine == EspeakEngine("/usr/bin/espeak-ng", "en-us")
    assert choice.problems == ()


def test_japanese_prefers_open_jtalk(jtalk_files: tuple[Path, Path]) -> None:
    dic, hts = jtalk_files
    choice = choose_engine(
        "ja",
        which=fake_which("espeak-ng", "open_jtalk"),
        platform="linux",
        jtalk_dictionary=dic,
        jtalk_voice=hts,
    )
    assert isinstance(choice.engine, OpenJTalkEngine)
    assert choice.engine.binary == "/usr/bin/open_jtalk"
    assert (choice.engine.dictionary, choice.engine.voice_path) == (dic, hts)
    assert not choice.kana_only and choice.problems == ()


def test_japanese_falls_back_to_kana_only_espeak() -> None:
    choice = choose_engine("ja", which=fake_which("espeak-ng", "apt-get"), platform="linux")
    assert choice.engine == EspeakEngine("/usr/bin/espeak-ng", "ja", kana_only=True)
    assert choice.kana_only
    codes = [p.code for p in choice.problems]
    assert codes == ["open_jtalk_missing", "japanese_kana_only"]
    assert choice.problems[0].fix == APT_JTALK  # main archive only: the voice ships with us


def test_open_jtalk_without_dictionary_or_voice_names_what_is_missing(tmp_path: Path) -> None:
    choice = choose_engine(
        "ja",
        which=fake_which("open_jtalk", "apt-get"),
        platform="linux",
        jtalk_dictionary=tmp_path / "none",
        jtalk_voice=tmp_path / "none.htsvoice",
    )
    assert choice.engine is None
    codes = {p.code: p for p in choice.problems}
    assert set(codes) == {"jtalk_dictionary_missing", "jtalk_voice_missing", "espeak_ng_missing"}
    assert codes["jtalk_voice_missing"].fix is None  # a path given that is not there
    assert codes["jtalk_dictionary_missing"].fix == (
        "sudo apt-get update && sudo apt-get install open-jtalk-mecab-naist-jdic"
    )
    assert codes["jtalk_dictionary_missing"].detail == str(tmp_path / "none")
    assert codes["espeak_ng_missing"].fix == APT_ESPEAK


def test_no_engine_and_no_apt_means_no_fix_command() -> None:
    choice = choose_engine("en", which=fake_which(), platform="linux")
    assert choice.engine is None
    assert [(p.code, p.fix) for p in choice.problems] == [("espeak_ng_missing", None)]


def test_the_japanese_voice_ships_with_its_license() -> None:
    import hashlib

    assert SHIPPED_VOICE.is_file()
    digest = hashlib.sha256(SHIPPED_VOICE.read_bytes()).hexdigest()
    credit = (SHIPPED_VOICE.parent / "README.md").read_text(encoding="utf-8")
    assert digest in credit  # the credit names the very file shipped
    license_text = (SHIPPED_VOICE.parent / "COPYING.mei").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 3.0" in license_text and "Mei" in license_text


def jtalk_layout(root: Path, *voices: str) -> JTalkPlaces:
    """A dictionary and HTS voice folders under ``root``, as a distribution lays them."""
    (root / "dic").mkdir(parents=True)
    (root / "dic" / "sys.dic").write_bytes(b"x")
    for voice in voices:
        (root / "voices" / voice).parent.mkdir(parents=True, exist_ok=True)
        (root / "voices" / voice).write_bytes(b"x")
    return JTalkPlaces((root / "dic",), (root / "voices",), SHIPPED_VOICE)


def test_a_system_voice_wins_over_the_one_shipped(tmp_path: Path) -> None:
    which = fake_which("open_jtalk")
    bare = jtalk_layout(tmp_path / "bare")  # Debian's main archive only: no voice
    shipped = choose_engine("ja", which=which, platform="linux", jtalk_places=bare).engine
    assert isinstance(shipped, OpenJTalkEngine)
    assert (shipped.voice_path, shipped.dictionary) == (SHIPPED_VOICE, tmp_path / "bare" / "dic")
    assert shipped.voice == "mei_normal"

    nitech = "nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice"
    system = jtalk_layout(tmp_path / "system", "aaa/aaa.htsvoice", nitech)
    chosen = choose_engine("ja", which=which, platform="linux", jtalk_places=system).engine
    assert isinstance(chosen, OpenJTalkEngine)
    assert chosen.voice_path == tmp_path / "system" / "voices" / nitech  # preferred by name

    other = jtalk_layout(tmp_path / "other", "tohoku-f01/tohoku-f01-neutral.htsvoice")
    found = choose_engine("ja", which=which, platform="linux", jtalk_places=other).engine
    assert isinstance(found, OpenJTalkEngine) and found.voice == "tohoku-f01-neutral"


def test_homebrew_open_jtalk_is_found_beside_its_binary(tmp_path: Path) -> None:
    """Homebrew links bin/open_jtalk into its Cellar, with dic/ and voice/ beside bin/."""
    cellar = tmp_path / "Cellar" / "open-jtalk" / "1.11"
    (cellar / "bin").mkdir(parents=True)
    (cellar / "bin" / "open_jtalk").write_bytes(b"")
    jtalk_layout(cellar, "mei/mei_angry.htsvoice", "mei/mei_normal.htsvoice")
    (cellar / "voices").rename(cellar / "voice")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "open_jtalk").symlink_to(cellar / "bin" / "open_jtalk")
    nowhere = JTalkPlaces((tmp_path / "none",), (tmp_path / "none",), None)
    engine, problems = find_open_jtalk(
        lambda name: str(tmp_path / "bin" / name) if name == "open_jtalk" else None,
        platform="darwin",
        places=nowhere,
    )
    assert problems == () and engine is not None
    assert engine.dictionary == cellar / "dic"
    assert engine.voice_path == cellar / "voice" / "mei" / "mei_normal.htsvoice"


@pytest.mark.parametrize(
    ("platform", "tools", "espeak", "jtalk", "player"),
    [
        ("linux", ("apt-get",), APT_ESPEAK, APT_JTALK, APT_PLAYER),  # Debian, Ubuntu
        ("linux", ("apt-get", "brew"), APT_ESPEAK, APT_JTALK, APT_PLAYER),
        ("darwin", ("brew",), "brew install espeak-ng", "brew install open-jtalk", None),
        ("darwin", (), None, None, None),  # no Homebrew: no command that would fail
        ("linux", ("dnf",), None, None, None),  # no package names we have checked
    ],
)
def test_fix_lines_per_platform(
    platform: str, tools: tuple[str, ...], espeak: str, jtalk: str, player: str
) -> None:
    which = fake_which(*tools)
    assert install_fix("espeak", which, platform) == espeak
    assert install_fix("jtalk", which, platform) == jtalk
    assert install_fix("player", which, platform) == player


def test_macos_without_a_japanese_say_voice_suggests_open_jtalk() -> None:
    choice = choose_engine(
        "ja",
        which=fake_which("say", "brew"),
        platform="darwin",
        say_voices=lambda say: [("Samantha", "en_US")],
    )
    assert choice.engine is None
    assert [(p.code, p.fix) for p in choice.problems] == [
        ("say_voice_missing", None),
        ("open_jtalk_missing", "brew install open-jtalk"),
        ("espeak_ng_missing", "brew install espeak-ng"),
    ]


SAY_LISTING = """\
Alex                en_US    # Most people recognize me by my voice.
Eddy (English (UK)) en_GB    # Hello! My name is Eddy.
Kyoko (Enhanced)    ja_JP    # こんにちは、私の名前はKyokoです。
Samantha            en_US    # Hello, my name is Samantha.
"""


def test_macos_say_voices() -> None:
    voices = parse_say_voices(SAY_LISTING)
    assert voices[1] == ("Eddy (English (UK))", "en_GB")
    assert pick_say_voice("en", voices) == "Samantha"
    assert pick_say_voice("ja", voices) == "Kyoko (Enhanced)"
    assert pick_say_voice("ja", voices[:2]) is None
    which = fake_which("say")
    en = choose_engine("en", which=which, platform="darwin", say_voices=lambda say: voices)
    ja = choose_engine("ja", which=which, platform="darwin", say_voices=lambda say: voices)
    assert en.engine == SayEngine("Samantha", binary="/usr/bin/say")
    assert ja.engine == SayEngine("Kyoko (Enhanced)", binary="/usr/bin/say")
    none = choose_engine("ja", which=which, platform="darwin", say_voices=lambda say: voices[:1])
    assert none.engine is None
    codes = [p.code for p in none.problems]
    assert codes == ["say_voice_missing", "open_jtalk_missing", "espeak_ng_missing"]


def test_windows_uses_system_speech() -> None:
    which = fake_which("powershell")
    choice = choose_engine("ja", which=which, platform="win32")
    assert choice.engine == PowerShellEngine("ja-JP", binary="/usr/bin/powershell")
    assert choose_engine("en", which=which, platform="win32").engine == PowerShellEngine(
        "en-US", binary="/usr/bin/powershell"
    )


def test_a_configured_command_wins() -> None:
    which = fake_which("espeak-ng", "my-tts")
    choice = choose_engine("ja", command=["my-tts", "{text}"], which=which, platform="linux")
    assert choice.engine == CommandEngine(("/usr/bin/my-tts", "{text}"), lang="ja")
    missing = choose_engine("en", command=["nope", "{text}"], which=which)
    assert missing.engine is None
    assert [(p.code, p.detail) for p in missing.problems] == [("command_not_found", "nope")]
    bad = choose_engine("en", command=["my-tts"], which=which)
    assert [p.code for p in bad.problems] == ["bad_command"]


def test_players_in_order_of_preference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIPCOACH_PLAYER", raising=False)
    linux = find_players(fake_which("aplay", "pw-play", "paplay"), "linux")
    assert [p.name for p in linux] == ["paplay", "pw-play", "aplay"]
    assert linux[2] == CommandPlayer("aplay", ("/usr/bin/aplay", "-q"))
    assert [p.name for p in find_players(fake_which("afplay", "aplay"), "darwin")] == ["afplay"]
    assert [p.name for p in find_players(fake_which(), "win32")] == ["winsound"]
    assert find_players(fake_which(), "linux") == []


def test_hipcoach_player_replaces_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    which = fake_which("aplay", "paplay")
    monkeypatch.setenv("HIPCOACH_PLAYER", "mpv --really-quiet 'a b'")
    assert find_players(which, "linux") == [CommandPlayer("mpv", ("mpv", "--really-quiet", "a b"))]
    assert find_players(which, "win32", chosen="/opt/bin/play -q") == [
        CommandPlayer("play", ("/opt/bin/play", "-q"))
    ]
    monkeypatch.setenv("HIPCOACH_PLAYER", "  ")
    assert [p.name for p in find_players(which, "linux")] == ["paplay", "aplay"]


def test_an_unparsable_hipcoach_player_fails_its_probe(tmp_path: Path) -> None:
    [player] = find_players(fake_which(), "linux", chosen="play 'unclosed")
    assert player.probe(write_silence(tmp_path / "s.wav"), timeout=5).ok is False


# --- WAV files and the cache ------------------------------------------------------------------


def test_cache_keys_are_stable_and_distinct() -> None:
    key = cache_key("espeak-ng", "en-us", ("-s", "175"), "Switch sides")
    # the same in every process and release (hash() would not be)
    assert key == "f3096f609b9f4f4ad2821b7ed3131a1c997272336183c1b760255b35d5b33802"  # format 3
    others = {
        cache_key("open_jtalk", "en-us", ("-s", "175"), "Switch sides"),
        cache_key("espeak-ng", "en-gb", ("-s", "175"), "Switch sides"),
        cache_key("espeak-ng", "en-us", ("-s", "200"), "Switch sides"),
        cache_key("espeak-ng", "en-us", ("-s", "175"), "Switch sides."),
        cache_key("espeak-ng", "en-us", ("-s175",), "Switch sides"),
        cache_key("espeak-ng", "en-us", ("-s", "175", "Switch sides"), ""),
    }
    assert len(others) == 6 and key not in others


@pytest.mark.parametrize(("width", "channels"), [(2, 1), (2, 2), (1, 1), (4, 1)])
def test_trim_leading_silence(tmp_path: Path, width: int, channels: int) -> None:
    source = tone_wav(tmp_path / "in.wav", rate=16000, width=width, channels=channels)
    before = wav_stats(source)
    assert before.leading_silence == pytest.approx(0.35, abs=0.002)
    assert trim_leading_silence(source, tmp_path / "out.wav")
    after = wav_stats(tmp_path / "out.wav")
    assert after.leading_silence == pytest.approx(TRIM_PAD, abs=0.002)
    assert after.duration == pytest.approx(0.2 + TRIM_PAD, abs=0.002)
    assert after.rms == pytest.approx(before.rms * math.sqrt(0.55 / 0.22), rel=0.02)
    with wave.open(str(tmp_path / "out.wav")) as out:
        assert (out.getsampwidth(), out.getnchannels()) == (width, channels)


def test_trim_leaves_silence_and_unreadable_files_alone(tmp_path: Path) -> None:
    silent = write_silence(tmp_path / "s.wav", 0.05)
    assert wav_stats(silent).duration == pytest.approx(0.05, abs=0.001)
    assert wav_stats(silent).rms == 0.0
    assert not trim_leading_silence(silent, tmp_path / "out.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not a wav")
    assert not trim_leading_silence(junk, tmp_path / "out.wav")
    assert not (tmp_path / "out.wav").exists()


def peak_db(path: Path) -> float:
    return 20 * math.log10(wav_stats(path).peak)


@pytest.mark.parametrize(
    ("width", "channels", "level"),
    [(2, 1, 0.5), (2, 1, 0.02), (2, 2, 0.99), (1, 1, 0.3), (4, 1, 0.1)],
)
def test_a_phrase_is_brought_to_the_target_loudness(
    tmp_path: Path, width: int, channels: int, level: float
) -> None:
    source = tone_wav(tmp_path / "in.wav", tone=0.6, width=width, channels=channels, level=level)
    assert finish_phrase(source, tmp_path / "out.wav")
    loudness = phrase_loudness(tmp_path / "out.wav")
    rounding = 0.6 if width == 1 else 0.05  # dB: 8-bit samples are whole steps of 1/128
    assert loudness == pytest.approx(TARGET_LOUDNESS, abs=rounding)
    peak = TARGET_LOUDNESS + 3.01  # a sine peaks 3 dB over its mean power
    assert peak_db(tmp_path / "out.wav") == pytest.approx(peak, abs=rounding + 0.1)
    after = wav_stats(tmp_path / "out.wav")
    assert after.leading_silence == pytest.approx(TRIM_PAD, abs=0.002)  # trimmed as well
    with wave.open(str(tmp_path / "out.wav")) as out:
        assert (out.getsampwidth(), out.getnchannels()) == (width, channels)


def test_a_peak_is_never_pushed_past_the_ceiling(tmp_path: Path) -> None:
    """A quiet tone with one full-scale click: the click decides, the tone stays quieter."""
    source = tone_wav(tmp_path / "in.wav", tone=1.0, level=0.01)
    with wave.open(str(source)) as wav:
        params, frames = wav.getparams(), bytearray(wav.readframes(wav.getnframes()))
    click = len(frames) // 2 // 2 * 2
    frames[click : click + 2] = (32767).to_bytes(2, "little", signed=True)
    with wave.open(str(source), "wb") as wav:
        wav.setparams(params)
        wav.writeframes(bytes(frames))
    assert finish_phrase(source, tmp_path / "out.wav")
    assert peak_db(tmp_path / "out.wav") == pytest.approx(PEAK_CEILING, abs=0.01)
    assert (phrase_loudness(tmp_path / "out.wav") or 0) < TARGET_LOUDNESS - 10


def test_pauses_inside_a_phrase_do_not_make_it_louder(tmp_path: Path) -> None:
    """Gated loudness: a phrase with a long pause comes out nearly as loud as one without
    (within 1 dB: blocks across the edges count; by the mean of the whole file, +2.9 dB)."""
    word = tone_wav(tmp_path / "word.wav", silence=0.0, tone=0.8, level=0.3)
    with wave.open(str(word)) as wav:
        params, frames = wav.getparams(), wav.readframes(wav.getnframes())
    paused = tmp_path / "paused.wav"
    with wave.open(str(paused), "wb") as wav:
        wav.setparams(params)
        wav.writeframes(frames + b"\x00\x00" * int(1.5 * params.framerate) + frames)
    assert finish_phrase(word, tmp_path / "a.wav") and finish_phrase(paused, tmp_path / "b.wav")
    louder = peak_db(tmp_path / "b.wav") - peak_db(tmp_path / "a.wav")
    assert 0 <= louder < 1.0


def test_cache_renders_once_trims_and_leaves_no_temporary_files(
    tmp_path: Path, fake_tts: tuple[Path, Path]
) -> None:
    script, record = fake_tts
    engine = CommandEngine((sys.executable, str(script), str(record), "{wav}", "{text}"))
    cache = SpeechCache(engine, tmp_path / "speech")
    texts = ["Start.", "3", "反対側、右側です。", "Start.", "", "FAIL"]
    result = cache.prepare(texts)
    assert sorted(result.rendered) == sorted(["Start.", "3", "反対側、右側です。"])
    assert set(result.ready) == {"Start.", "3", "反対側、右側です。"}
    assert result.failed["FAIL"].startswith("exit 3")
    for path in result.ready.values():
        stats = wav_stats(path)
        assert stats.leading_silence == pytest.approx(TRIM_PAD, abs=0.002)
        assert phrase_loudness(path) == pytest.approx(TARGET_LOUDNESS, abs=0.05)  # from -11
    files = sorted(p.name for p in (tmp_path / "speech").iterdir())
    assert files == sorted(f"{cache.key(t)}.wav" for t in result.ready)  # no temp files
    again = cache.prepare(texts)
    assert again.rendered == [] and set(again.ready) == set(result.ready)
    assert sorted(recorded(record)) == sorted(["Start.", "3", "反対側、右側です。", "FAIL"])
    with pytest.raises(RenderError):
        cache.ensure("FAIL")  # remembered; not run again
    assert len(recorded(record)) == 4


def test_cache_lives_in_the_cache_dir(isolated: Path) -> None:
    cache = SpeechCache(CommandEngine(("tts", "{wav}", "{text}")))
    assert cache.directory == isolated / "cache" / "speech"
    assert cache.path("x").parent == cache.directory


def test_render_errors_name_the_cause(tmp_path: Path) -> None:
    missing = CommandEngine((str(tmp_path / "no-such-tts"), "{wav}", "{text}"))
    with pytest.raises(RenderError, match="no-such-tts"):
        render(missing, "hi", tmp_path / "o.wav")
    silent = CommandEngine((sys.executable, "-c", "pass", "{wav}", "{text}"))
    with pytest.raises(RenderError, match="no audio"):
        render(silent, "hi", tmp_path / "o.wav")
    slow = Invocation((sys.executable, "-c", "import time; time.sleep(5)"))
    started = time.monotonic()
    with pytest.raises(RenderError, match="timeout"):
        run_invocation(slow, timeout=0.2)
    assert time.monotonic() - started < 2


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    if not Path("/proc/self/stat").exists():
        return True  # no /proc here: the signal's answer is all there is
    # a zombie is dead: only its parent (gone with the group) would reap it
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").split()[2] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        # it ended between the signal and the read: the kernel answers ENOENT
        # or, mid-teardown, ESRCH
        return False


def test_a_hanging_command_is_killed_with_every_process_it_started(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    script = f"sleep 30 & echo $! > {pidfile}; wait"
    started = time.monotonic()
    with pytest.raises(RenderError, match="timeout"):
        run_invocation(Invocation(("sh", "-c", script)), timeout=0.5)
    assert time.monotonic() - started < 3
    assert wait_until(lambda: not _alive(int(pidfile.read_text())), timeout=3.0)


def test_garbage_or_silence_is_refused_and_never_cached(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.py"
    garbage.write_text(
        "import sys; open(sys.argv[1], 'wb').write(b'RIFF' + bytes(range(256)) * 8)\n"
    )
    engine = CommandEngine((sys.executable, str(garbage), "{wav}", "{text}"))
    cache = SpeechCache(engine, tmp_path / "speech")
    with pytest.raises(RenderError, match="not a WAV file"):
        cache.ensure("Hello.")
    assert cache.lookup("Hello.") is None and not list((tmp_path / "speech").glob("*.wav"))
    quiet = tmp_path / "quiet.py"
    quiet.write_text(
        "import sys, wave\n"
        "w = wave.open(sys.argv[1], 'wb'); w.setnchannels(1); w.setsampwidth(2)\n"
        "w.setframerate(8000); w.writeframes(bytes(16000)); w.close()\n"
    )
    silent = SpeechCache(
        CommandEngine((sys.executable, str(quiet), "{wav}", "{text}")), tmp_path / "s2"
    )
    result = silent.prepare(["Hello."])
    assert result.failed == {"Hello.": "only silence"} and not result.ready


def test_a_filled_read_only_cache_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "speech"
    kept.mkdir()
    engine = CommandEngine(("no-such-tts", "{wav}", "{text}"))
    tone_wav(kept / f"{SpeechCache(engine, kept).key('Hello.')}.wav")
    fallback = tmp_path / "elsewhere"
    # as if the cache could not be written (root can write anywhere, so say so)
    monkeypatch.setattr("hipcoach.voice.cache.writable_directory", lambda _: fallback)
    cache = SpeechCache(engine, kept)
    assert cache.directory == fallback
    assert cache.lookup("Hello.") == kept / f"{cache.key('Hello.')}.wav"
    assert cache.prepare(["Hello."]).ready == {"Hello.": kept / f"{cache.key('Hello.')}.wav"}


def test_a_failing_commands_words_cannot_drive_the_terminal(tmp_path: Path) -> None:
    loud = Invocation(
        (sys.executable, "-c", "import sys; sys.stderr.write('\\x1b]0;pwned\\x07'); sys.exit(3)")
    )
    with pytest.raises(RenderError) as caught:
        run_invocation(loud, timeout=5)
    assert "\x1b" not in str(caught.value) and "\\x1b" in str(caught.value)


# --- players and the audio probe ------------------------------------------------------------


def test_probe_uses_the_first_player_that_plays_silence(tmp_path: Path) -> None:
    broken = FakePlayer("paplay", ok=False, detail="Connection refused")
    working = FakePlayer("aplay")
    unused = FakePlayer("other")
    report = probe_players([broken, working, unused], tmp_path)
    assert report.player is working
    assert report.results == (
        ("paplay", ProbeResult(False, "Connection refused")),
        ("aplay", ProbeResult(True, "")),
    )
    (stats,) = working.probed
    assert stats.duration == pytest.approx(0.05, abs=0.001) and stats.rms == 0.0
    assert unused.probed == []
    assert list(tmp_path.iterdir()) == []  # the silent file is removed
    assert probe_players([broken], tmp_path).player is None


def test_command_player_probe_reads_the_exit_code(tmp_path: Path) -> None:
    wav = write_silence(tmp_path / "s.wav")
    fails = CommandPlayer("x", (sys.executable, "-c", "import sys; sys.exit('no device')"))
    assert fails.probe(wav, 5) == ProbeResult(False, "no device")
    works = CommandPlayer("y", (sys.executable, "-c", "pass"))
    assert works.probe(wav, 5) == ProbeResult(True, "")
    hangs = CommandPlayer("z", (sys.executable, "-c", "import time; time.sleep(5)"))
    assert hangs.probe(wav, 0.2) == ProbeResult(False, "timeout")
    gone = CommandPlayer("g", (str(tmp_path / "gone"),))
    assert not gone.probe(wav, 1).ok


# --- the Speaker thread -----------------------------------------------------------------------


def test_cue_returns_at_once_even_when_rendering_is_slow() -> None:
    output = FakeOutput(load_delay=0.5)
    speaker = Speaker(lambda cue: "words", output, join_timeout=1.0)
    speaker.cue(Cue("start"))
    assert output.loading.wait(1)  # the thread is busy for half a second
    took = []
    for n in range(5):
        started = time.perf_counter()
        speaker.cue(Cue("count", count=n))
        took.append(time.perf_counter() - started)
    assert max(took) < 0.01
    speaker.close()
    assert not speaker.alive


def test_stale_count_cues_are_dropped() -> None:
    clock = MutableClock()
    entered, gate = threading.Event(), threading.Event()

    def text_for(cue: Cue) -> str:
        if cue.kind == "start":
            entered.set()
            gate.wait(2)
        return f"{cue.kind}{cue.count or ''}"

    output = FakeOutput()
    with Speaker(text_for, output, clock=clock) as speaker:
        speaker.cue(Cue("start"))
        assert entered.wait(2)  # the thread is busy with "start"
        speaker.cue(Cue("count", count=3))
        speaker.cue(Cue("rep", count=4))
        speaker.cue(Cue("halfway"))
        clock.t += 0.5  # half a second late: too late for a number, not for a phrase
        speaker.cue(Cue("count", count=2))
        gate.set()
        assert wait_until(lambda: len(speaker.spoken) == 2)
        assert list(speaker.spoken) == ["start", "halfway"]
        output.playbacks[-1].stop()  # "halfway" ends; the waiting count may speak now
        assert wait_until(lambda: len(speaker.spoken) == 3)
        assert list(speaker.spoken)[-1] == "count2"
        assert speaker.dropped == 2


def test_phrases_older_than_two_seconds_are_dropped() -> None:
    clock = MutableClock()
    entered, gate = threading.Event(), threading.Event()

    def text_for(cue: Cue) -> str:
        if cue.kind == "get_ready":
            entered.set()
            gate.wait(2)
        return cue.kind

    with Speaker(text_for, FakeOutput(), clock=clock) as speaker:
        speaker.cue(Cue("get_ready"))
        assert entered.wait(2)
        speaker.cue(Cue("switch"))
        clock.t += 2.5
        speaker.cue(Cue("end"))
        gate.set()
        assert wait_until(lambda: list(speaker.spoken) == ["end"])
        assert speaker.dropped == 2  # get_ready (late once rendered) and switch
    assert max_age("count") == max_age("rep") == 0.4 and max_age("next") == 2.0


def test_a_new_phrase_cuts_off_the_one_playing() -> None:
    output = FakeOutput()
    speaker = Speaker(lambda cue: f"{cue.kind}{cue.count or ''}", output)
    speaker.cue(Cue("switch"))
    assert wait_until(lambda: len(output.playbacks) == 1)
    speaker.cue(Cue("rest"))
    assert wait_until(lambda: len(output.playbacks) == 2)
    first, second = output.playbacks
    assert first.stopped and not second.stopped
    speaker.close()
    assert second.stopped  # close() stops the sound too


def test_a_count_waits_for_a_phrase_and_cuts_off_an_older_count() -> None:
    clock = MutableClock()
    output = FakeOutput()
    speaker = Speaker(lambda cue: f"{cue.kind}{cue.count or ''}", output, clock=clock)
    speaker.cue(Cue("get_ready"))
    assert wait_until(lambda: len(output.playbacks) == 1)
    speaker.cue(Cue("count", count=3))
    time.sleep(0.1)
    assert len(output.playbacks) == 1 and not output.playbacks[0].stopped  # not cut short
    clock.t += 0.5  # the phrase went on too long: "3" is stale now
    assert wait_until(lambda: speaker.dropped == 1)
    speaker.cue(Cue("count", count=2))
    output.playbacks[0].stop()  # the phrase ends
    assert wait_until(lambda: [p.text for p in output.playbacks] == ["get_ready", "count2"])
    speaker.cue(Cue("count", count=1))
    assert wait_until(lambda: len(output.playbacks) == 3)
    assert output.playbacks[1].stopped  # a count does cut off an older count
    speaker.close()


def test_a_new_cue_terminates_a_real_player_process(tmp_path: Path) -> None:
    wav = write_silence(tmp_path / "s.wav")
    sleeper = CommandPlayer("sleeper", (sys.executable, "-c", "import time; time.sleep(30)"))

    class Out:
        def __init__(self) -> None:
            self.playbacks: list[ProcessPlayback] = []

        def load(self, text: str) -> Callable[[], ProcessPlayback]:
            def start() -> ProcessPlayback:
                playback = sleeper.play(wav)
                assert isinstance(playback, ProcessPlayback)
                self.playbacks.append(playback)
                return playback

            return start

    out = Out()
    speaker = Speaker(lambda cue: cue.kind, out)
    speaker.cue(Cue("switch"))
    assert wait_until(lambda: len(out.playbacks) == 1)
    speaker.cue(Cue("start"))
    assert wait_until(lambda: len(out.playbacks) == 2)
    assert out.playbacks[0].process.returncode is not None  # terminated, reaped
    assert out.playbacks[1].running()
    speaker.close()
    assert out.playbacks[1].process.returncode is not None
    assert speaker.error_count == 0


def test_errors_in_the_thread_are_counted_not_raised() -> None:
    def text_for(cue: Cue) -> str | None:
        if cue.kind == "rest":
            raise ValueError("bad template")
        return {"count": "load-error", "start": "start-error", "end": None}.get(cue.kind, "ok")

    output = FakeOutput()
    speaker = Speaker(text_for, output)
    kinds: tuple[CueKind, ...] = ("rest", "count", "start", "end", "done")
    for kind in kinds:
        speaker.cue(Cue(kind, count=1))
    assert wait_until(lambda: list(speaker.spoken) == ["ok"])
    assert speaker.alive
    assert speaker.error_count == 3
    assert [e.split(":")[0] for e in speaker.errors] == ["ValueError", "RenderError", "OSError"]
    speaker.close()


def test_close_stops_the_thread_and_later_cues_are_ignored() -> None:
    output = FakeOutput()
    speaker = Speaker(lambda cue: cue.kind, output)
    assert speaker.alive
    speaker.close()
    assert not speaker.alive
    speaker.cue(Cue("done"))  # no error, no sound
    time.sleep(0.02)
    assert output.playbacks == [] and speaker.error_count == 0
    speaker.close()  # twice is fine


def test_close_survives_a_player_that_fails_to_stop() -> None:
    class Stuck(FakePlayback):
        def stop(self) -> None:
            raise OSError("cannot stop")

    class Out(FakeOutput):
        def load(self, text: str) -> Callable[[], FakePlayback]:
            return lambda: Stuck(text)

    speaker = Speaker(lambda cue: cue.kind, Out())
    speaker.cue(Cue("start"))
    assert wait_until(lambda: len(speaker.spoken) == 1)
    speaker.close()  # does not raise
    assert not speaker.alive
    assert speaker.error_count == 1 and "cannot stop" in speaker.errors[0]


def test_close_can_let_the_last_cue_finish() -> None:
    output = FakeOutput(load_delay=0.05)
    speaker = Speaker(lambda cue: cue.kind, output)
    speaker.cue(Cue("done"))
    speaker.close(wait=2.0)
    (playback,) = output.playbacks
    assert playback.waited and list(speaker.spoken) == ["done"]


# --- a voice command that records the texts ---------------------------------------------------

ENGLISH = ["Switch sides: left side.", "3", "Done. Well done!"]
JAPANESE = ["反対側、右側です。", "3", "おつかれさまでした。"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_direct_voice_command_records_the_texts(
    tmp_path: Path, fake_tts: tuple[Path, Path], lang: Lang
) -> None:
    script, record = fake_tts
    marker = tmp_path / "pwned"
    texts = (ENGLISH if lang == "en" else JAPANESE) + hostile(marker)
    command = [sys.executable, str(script), str(record), "-", "{text}"]
    setup = start_voice(lang, texts, by_count(texts), command=command, players=[])
    assert setup.ok and setup.reason is None and setup.engine == "command"
    speaker = setup.speaker
    assert speaker is not None
    for n in range(len(texts)):
        speaker.cue(Cue("rep", count=n))
        # wait for each to finish: a new cue would cut the command off
        assert wait_until(lambda: len(recorded(record)) == n + 1), recorded(record)  # noqa: B023
    speaker.close(wait=2.0)
    assert recorded(record) == texts
    assert speaker.error_count == 0, list(speaker.errors)
    assert not marker.exists()


def test_rendering_voice_command_is_prepared_then_played(
    tmp_path: Path, fake_tts: tuple[Path, Path]
) -> None:
    script, record = fake_tts
    texts = ENGLISH + JAPANESE[:1] + hostile(tmp_path / "pwned")
    command = [sys.executable, str(script), str(record), "{wav}", "{text}"]
    player = FakePlayer()
    setup = start_voice(
        "en",
        texts,
        by_count(texts),
        command=command,
        players=[player],
        cache_directory=tmp_path / "speech",
    )
    assert setup.ok and setup.player == "fake" and setup.failed == {}
    assert sorted(recorded(record)) == sorted(dict.fromkeys(texts))  # all rendered up front
    speaker = setup.speaker
    assert speaker is not None
    cache = SpeechCache(CommandEngine(tuple(command), lang="en"), tmp_path / "speech")
    for n in (0, 2, 3):
        speaker.cue(Cue("start", count=n))
    assert wait_until(lambda: len(player.played) == 3)
    speaker.close()
    assert player.played == [cache.path(texts[n]) for n in (0, 2, 3)]
    assert len(recorded(record)) == len(texts)  # nothing rendered again while speaking
    assert not (tmp_path / "pwned").exists()


# --- setting up a session's voice -------------------------------------------------------------


def no_cue(cue: Cue) -> str | None:
    return None


def test_setup_reasons_when_voice_cannot_work(tmp_path: Path, fake_tts: tuple[Path, Path]) -> None:
    script, record = fake_tts
    started = time.perf_counter()
    none = start_voice("en", ["hi"], no_cue, which=fake_which("apt-get"), platform="linux")
    assert (none.reason, none.speaker) == ("no_engine", None)
    assert [(p.code, p.fix) for p in none.problems] == [("espeak_ng_missing", APT_ESPEAK)]
    bad = start_voice("en", ["hi"], no_cue, command=["tts"])
    assert bad.reason == "bad_command"
    gone = start_voice("en", ["hi"], no_cue, command=[str(tmp_path / "gone"), "{text}"])
    assert (gone.reason, gone.detail) == ("no_engine", str(tmp_path / "gone"))
    renders = [sys.executable, str(script), str(record), "{wav}", "{text}"]
    no_player = start_voice("en", ["hi"], no_cue, command=renders, players=[])
    assert no_player.reason == "no_player"
    deaf = FakePlayer("paplay", ok=False, detail="Connection refused")
    no_device = start_voice(
        "en", ["hi"], no_cue, command=renders, players=[deaf], cache_directory=tmp_path / "c"
    )
    assert no_device.reason == "no_audio_device" and "Connection refused" in no_device.detail
    assert recorded(record) == []  # nothing rendered when there is no audio
    assert time.perf_counter() - started < 0.5  # no voice is found out quickly
    failed = start_voice(
        "en", ["FAIL"], no_cue, command=renders, players=[FakePlayer()], cache_directory=tmp_path
    )
    assert failed.reason == "render_failed" and failed.detail.startswith("exit 3")


def test_session_texts_cover_every_cue_a_session_says() -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program))
    clock = FakeClock()
    recorder = Recorder()
    Engine(timeline, clock, ScriptedKeys(clock), recorder, recorder).run()
    langs: tuple[Lang, ...] = ("en", "ja")
    for lang in langs:

        def text_for(cue: Cue, lang: Lang = lang) -> str | None:
            return cue_text(cue, timeline, lang)

        texts = session_texts(timeline, text_for)
        said = {text for cue in recorder.cues if (text := text_for(cue))}
        assert said <= set(texts)
        assert len(texts) == len(set(texts)) and len(texts) < 80


def test_the_voice_says_which_leg_and_holds_the_first_knee_drive() -> None:
    program = load_program_file(HIP_DROP)
    timeline = expand(program, doses_for(program))
    clock = FakeClock()
    recorder = Recorder()
    Engine(timeline, clock, ScriptedKeys(clock), recorder, recorder).run()
    said = {
        lang: [text for cue in recorder.cues if (text := cue_text(cue, timeline, lang))]
        for lang in ("en", "ja")
    }
    en, ja = said["en"], said["ja"]
    assert (
        "Next: Hip hinge. Buttocks slightly up, bow from the hips. First: left leg forward." in en
    )
    assert en.count("Switch: right leg forward.") == 2
    assert "Glute stretch. Lean from the hips and breathe slowly. First: left leg bent." in en
    assert "Next: Wall drill. Body straight, light even swaps. First: left knee." in en
    assert en.count("Hold: feel the standing hip.") == 2  # the first drive of each set
    assert "Rest. Next, the last set. First: left leg forward." in en and "Halfway." in en
    assert "次はヒップヒンジです。お尻を突き出して、おじぎ。まず左脚を前に。" in ja
    assert ja.count("反対側。右脚を前に。") == 2
    assert ja.count("止めて。軸脚のお尻で支えます。") == 2
    assert "休憩。次がラストです。まず左脚を前に。" in ja and "折り返し。" in ja
    # Open JTalk reads 「2セット」 as フタセット: no digit before a counter in speech
    assert not [text for text in ja if re.search(r"\d(セット|回|つ)", text)]


def test_rest_says_the_set_as_a_word_in_japanese() -> None:
    program = load_program_file(HIP_DROP)
    hinge = program.step("hip-hinge")
    three = replace(
        program, steps=(replace(hinge, dose=replace(hinge.dose, sets=DoseRange(3, 3, 1))),)
    )
    timeline = expand(three, doses_for(three))
    rests = [s for s in timeline.segments if s.kind == "rest"]
    assert [cue_text(Cue("rest", s), timeline, "ja") for s in rests] == [
        "休憩。次は二セット目。まず左脚を前に。",
        "休憩。次がラストです。まず左脚を前に。",
    ]
    assert cue_text(Cue("rest", rests[0]), timeline, "en") == (
        "Rest. Next, set 2. First: left leg forward."
    )
    assert [spoken_count(n, lang="ja") for n in (1, 2, 10, 12, 20, 99)] == [
        "一",
        "二",
        "十",
        "十二",
        "二十",
        "九十九",
    ]


# --- doctor -----------------------------------------------------------------------------------


def test_describe_reports_engines_players_and_fixes(tmp_path: Path) -> None:
    report = describe(
        which=fake_which("espeak-ng", "apt-get"),
        platform="linux",
        players=[FakePlayer("paplay", ok=False, detail="refused"), FakePlayer("aplay", ok=False)],
        probe_directory=tmp_path,
    )
    en, ja = report.languages
    assert (en.lang, en.engine, en.voice, en.kana_only) == ("en", "espeak-ng", "en-us", False)
    assert (ja.lang, ja.engine, ja.voice, ja.kana_only) == ("ja", "espeak-ng", "ja", True)
    assert ja.problems[0].fix == APT_JTALK
    assert [p.name for p in report.players] == ["paplay", "aplay"]
    assert report.players[0].probe == ProbeResult(False, "refused")
    assert report.player is None and report.audio_ok is False
    assert [p.code for p in report.problems] == ["no_audio_device"]

    bare = describe(which=fake_which("apt-get"), platform="linux", players=[], probe=False)
    assert [lang.engine for lang in bare.languages] == [None, None]
    assert "no_engine" in [p.code for p in bare.languages[0].problems]
    assert [(p.code, p.fix) for p in bare.problems] == [("no_player", APT_PLAYER)]

    unprobed = describe(which=fake_which("espeak-ng"), players=[FakePlayer()], probe=False)
    assert unprobed.audio_ok is None and unprobed.player == "fake"


# --- real engines (skipped when not installed) -----------------------------------------------

ESPEAK = shutil.which("espeak-ng")
OPEN_JTALK = find_open_jtalk()[0]
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
needs_open_jtalk = pytest.mark.skipif(
    OPEN_JTALK is None,
    reason="Open JTalk is not installed (apt-get install open-jtalk open-jtalk-mecab-naist-jdic)",
)


def assert_speech(path: Path) -> WavStats:
    """Speech-length audio that is not silence, by our reader and by sox when present."""
    stats = wav_stats(path)
    assert stats.duration > 0.2 and stats.rms > 0.01, stats
    if shutil.which("sox"):
        sox = shutil.which("sox") or "sox"
        result = subprocess.run(
            [sox, str(path), "-n", "stat"], capture_output=True, text=True, check=True
        )
        length = re.search(r"Length \(seconds\):\s+([\d.]+)", result.stderr)
        rms = re.search(r"RMS\s+amplitude:\s+([\d.]+)", result.stderr)
        assert length and rms, result.stderr
        assert float(length.group(1)) == pytest.approx(stats.duration, abs=0.01)
        assert float(rms.group(1)) == pytest.approx(stats.rms, rel=0.05)
    return stats


@needs_espeak
def test_espeak_ng_renders_english(tmp_path: Path) -> None:
    engine = choose_engine("en", platform="linux").engine
    assert isinstance(engine, EspeakEngine)
    assert_speech(render(engine, "Switch sides: left side.", tmp_path / "en.wav"))


@needs_espeak
def test_espeak_ng_renders_kana_and_skips_kanji(tmp_path: Path) -> None:
    engine = EspeakEngine(ESPEAK or "espeak-ng", "ja", kana_only=True)
    assert_speech(render(engine, "はんたいがわに きりかえます", tmp_path / "ja.wav"))
    which = fake_which("espeak-ng")  # as if Open JTalk were missing
    setup = start_voice(
        "ja",
        ["はじめ。", "反対側に切り替えます", "3"],
        lambda cue: "反対側に切り替えます",
        which=lambda name: ESPEAK if which(name) else None,
        players=[FakePlayer()],
        cache_directory=tmp_path / "speech",
    )
    assert setup.ok and setup.kana_only
    assert setup.unsupported == ("反対側に切り替えます",)
    assert setup.speaker is not None
    setup.speaker.cue(Cue("switch"))
    setup.speaker.close(wait=1.0)
    assert list(setup.speaker.spoken) == []  # a kanji text stays silent


@needs_open_jtalk
def test_open_jtalk_renders_japanese_with_kanji_and_the_cache_trims_it(tmp_path: Path) -> None:
    assert OPEN_JTALK is not None
    text = "反対側に切り替えます"
    raw = assert_speech(render(OPEN_JTALK, text, tmp_path / "raw.wav"))
    assert raw.leading_silence > 0.2  # Open JTalk's own lead-in
    cached = SpeechCache(OPEN_JTALK, tmp_path / "speech").ensure(text)
    trimmed = assert_speech(cached)
    assert trimmed.leading_silence < 0.05
    assert trimmed.duration == pytest.approx(
        raw.duration - raw.leading_silence + TRIM_PAD, abs=0.01
    )


def no_sound_device() -> bool:
    """Linux with no ALSA card and no PulseAudio/PipeWire socket (like CI and this VM)."""
    if not sys.platform.startswith("linux") or Path("/dev/snd").exists():
        return False
    if os.environ.get("PULSE_SERVER"):
        return False
    runtime = os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
    return not any((Path(runtime) / name).exists() for name in ("pulse/native", "pipewire-0"))


@pytest.mark.skipif(not no_sound_device(), reason="this machine has a sound device")
@pytest.mark.skipif(not find_players(), reason="no audio player installed (aplay, paplay)")
def test_real_probe_finds_no_audio_device(tmp_path: Path) -> None:
    started = time.perf_counter()
    report = probe_players(find_players(), tmp_path)
    assert report.player is None
    assert report.results and not any(result.ok for _, result in report.results)
    if ESPEAK is not None:
        setup = start_voice("en", ["Start."], no_cue, cache_directory=tmp_path / "speech")
        assert setup.reason == "no_audio_device" and setup.speaker is None
    assert time.perf_counter() - started < 2.0


def test_doctor_renders_a_test_phrase_and_reports_garbage(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.py"
    garbage.write_text("import sys; open(sys.argv[1], 'wb').write(b'not a wav at all' * 8)\n")
    command = (sys.executable, str(garbage), "{wav}", "{text}")
    report = describe(command=command, players=[FakePlayer("aplay")], probe_directory=tmp_path)
    for language in report.languages:
        (problem,) = [p for p in language.problems if p.code == "render_broken"]
        assert "not a WAV file" in problem.detail
    tone = tmp_path / "tone.py"
    tone.write_text(
        "import math, sys, wave\n"
        "w = wave.open(sys.argv[1], 'wb'); w.setnchannels(1); w.setsampwidth(2)\n"
        "w.setframerate(8000)\n"
        "w.writeframes(b''.join(int(9000 * math.sin(i / 3)).to_bytes(2, 'little', signed=True)"
        " for i in range(4000))); w.close()\n"
    )
    good = (sys.executable, str(tone), "{wav}", "{text}")
    fine = describe(command=good, players=[FakePlayer("aplay")], probe_directory=tmp_path)
    assert not [p for lang in fine.languages for p in lang.problems if p.code == "render_broken"]


def test_a_hanging_speech_command_never_holds_the_session_back(tmp_path: Path) -> None:
    """The session starts within 2 s, a bell marks each cue whose phrase is not ready, and
    nothing of the command is alive after the session."""
    pids = tmp_path / "pids"
    hang = tmp_path / "hang.sh"
    hang.write_text(f"echo $$ >> {pids}\nsleep 60 &\necho $! >> {pids}\nwait\n")
    texts = ["Start.", "Switch sides.", "Rest."]
    started = time.monotonic()
    setup = start_voice(
        "en",
        texts,
        by_count(texts),
        command=["sh", str(hang), "{wav}", "{text}"],
        players=[FakePlayer()],
        cache_directory=tmp_path / "speech",
    )
    assert time.monotonic() - started < 2.5
    assert setup.ok and setup.pending == len(texts) and setup.speaker is not None
    bells: list[float] = []
    setup.speaker.stand_in = lambda: bells.append(time.monotonic())
    setup.speaker.cue(Cue("start", count=0))
    assert wait_until(lambda: len(bells) == 1)
    setup.speaker.close()
    assert wait_until(lambda: pids.exists() and len(pids.read_text().split()) >= 2)
    assert wait_until(lambda: not any(_alive(int(p)) for p in pids.read_text().split()), 3.0)
    assert list(setup.speaker.spoken) == []


def test_phrases_that_render_in_time_are_spoken_and_the_rest_catch_up(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import math, sys, time, wave\n"
        "if 'Later' in sys.argv[2]: time.sleep(2.5)\n"
        "w = wave.open(sys.argv[1], 'wb'); w.setnchannels(1); w.setsampwidth(2)\n"
        "w.setframerate(8000)\n"
        "w.writeframes(b''.join(int(9000 * math.sin(i / 3)).to_bytes(2, 'little', signed=True)"
        " for i in range(800))); w.close()\n"
    )
    texts = ["Now.", "Later."]
    player = FakePlayer()
    setup = start_voice(
        "en",
        texts,
        by_count(texts),
        command=[sys.executable, str(slow), "{wav}", "{text}"],
        players=[player],
        cache_directory=tmp_path / "speech",
    )
    assert setup.speaker is not None and setup.pending == 1
    speaker = setup.speaker
    speaker.stand_in = lambda: None
    speaker.cue(Cue("start", count=0))
    speaker.cue(Cue("start", count=1))  # not ready: the stand-in
    assert wait_until(lambda: speaker.stood_in == 1 and len(player.played) == 1)
    output = speaker.output
    assert isinstance(output, CachedSpeech)
    assert wait_until(lambda: not output.cache.rendering("Later."), 5.0)
    speaker.cue(Cue("start", count=1))
    assert wait_until(lambda: len(player.played) == 2)
    speaker.close()


@needs_espeak
def test_a_phrase_the_engine_cannot_say_is_marked_by_the_bell(tmp_path: Path) -> None:
    """Japanese with espeak-ng only: a phrase with kanji is not spoken, and not lost
    either: the bell marks its moment."""
    which = fake_which("espeak-ng")  # as if Open JTalk were missing
    texts = ["はじめ。", "反対側に切り替えます"]
    setup = start_voice(
        "ja",
        texts,
        by_count(texts),
        which=lambda name: ESPEAK if which(name) else None,
        players=[FakePlayer()],
        cache_directory=tmp_path / "speech",
    )
    assert setup.speaker is not None and setup.unsupported == ("反対側に切り替えます",)
    bells: list[int] = []
    setup.speaker.stand_in = lambda: bells.append(1)
    setup.speaker.cue(Cue("switch", count=1))
    setup.speaker.cue(Cue("start", count=0))
    setup.speaker.close(wait=1.0)
    assert bells == [1] and list(setup.speaker.spoken) == ["はじめ。"]
