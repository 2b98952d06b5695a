"""Choosing the engine for a language, and what stands in the way when there is none."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.voice.common import ProblemCode, Which
from hipcoach.voice.engines import (
    CommandEngine,
    EspeakEngine,
    OpenJTalkEngine,
    PowerShellEngine,
    SayEngine,
    SpeechEngine,
    command_problem,
)
from hipcoach.voice.fixes import install_fix
from hipcoach.voice.jtalk import JTalkPlaces, find_dictionary, find_htsvoice, usual_dictionary

if TYPE_CHECKING:
    from hipcoach.i18n import Lang


@dataclass(frozen=True)
class VoiceProblem:
    """Something missing for speech: a code, and a command that fixes it (if any)."""

    code: ProblemCode
    fix: str | None = None
    detail: str = ""  # a path or a program's own message, not translated


@dataclass(frozen=True)
class EngineChoice:
    """The engine for one language (None: no speech) and what is missing."""

    lang: Lang
    engine: SpeechEngine | None
    problems: tuple[VoiceProblem, ...] = ()

    @property
    def kana_only(self) -> bool:
        return isinstance(self.engine, EspeakEngine) and self.engine.kana_only


def find_open_jtalk(
    which: Which = shutil.which,
    dictionary: Path | None = None,
    voice: Path | None = None,
    *,
    platform: str = sys.platform,
    places: JTalkPlaces | None = None,
) -> tuple[OpenJTalkEngine | None, tuple[VoiceProblem, ...]]:
    """Open JTalk with its dictionary and a voice (the system's, else the one shipped
    with hipcoach), or None and what is missing."""
    binary = which("open_jtalk")
    if binary is None:
        return None, (VoiceProblem("open_jtalk_missing", install_fix("jtalk", which, platform)),)
    found = (places or JTalkPlaces()).beside(binary)
    dic = dictionary or find_dictionary(found)
    hts = find_htsvoice(voice, found)
    problems: list[VoiceProblem] = []
    if dic is None or not (dic / "sys.dic").is_file():
        expected = dictionary or usual_dictionary(found, platform)
        fix = install_fix("jtalk_dictionary", which, platform)
        problems.append(VoiceProblem("jtalk_dictionary_missing", fix, detail=str(expected)))
    if hts is None:  # only when given a path that is not there, or hipcoach lost its own
        wanted = voice or found.shipped_voice
        problems.append(VoiceProblem("jtalk_voice_missing", detail=str(wanted)))
    if problems or dic is None or hts is None:
        return None, tuple(problems)
    return OpenJTalkEngine(dictionary=dic, voice_path=hts, binary=binary), ()


MacVoices = Callable[[str], list[tuple[str, str]]]  # the say binary → its voices
_SAY_LINE = re.compile(r"^(.+?)\s+([a-z]{2,3}[_-][A-Za-z0-9]+)\s+#")
_SAY_PREFERRED = {"en": ("Samantha", "Alex"), "ja": ("Kyoko", "Otoya")}


def parse_say_voices(listing: str) -> list[tuple[str, str]]:
    """``say -v '?'`` output → [(voice name, locale)], e.g. ("Kyoko", "ja_JP")."""
    voices = []
    for line in listing.splitlines():
        match = _SAY_LINE.match(line)
        if match:
            voices.append((match.group(1).strip(), match.group(2)))
    return voices


def mac_voices(say: str = "say") -> list[tuple[str, str]]:
    """The voices ``say`` has, or [] when it cannot tell."""
    try:
        result = subprocess.run(
            [say, "-v", "?"],
            capture_output=True,
            timeout=5,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_say_voices(result.stdout.decode("utf-8", "replace"))


def pick_say_voice(lang: Lang, voices: list[tuple[str, str]]) -> str | None:
    """A voice for ``lang``: the preferred names first, else any with the language's locale."""
    mine = [name for name, locale in voices if locale.lower().startswith(lang)]
    for preferred in _SAY_PREFERRED[lang]:
        for name in mine:
            if name == preferred or name.startswith(preferred + " "):
                return name
    us = [name for name, locale in voices if locale == "en_US"] if lang == "en" else []
    choices = us or mine
    return choices[0] if choices else None


def choose_engine(
    lang: Lang,
    *,
    command: Sequence[str] | None = None,
    which: Which = shutil.which,
    platform: str = sys.platform,
    jtalk_dictionary: Path | None = None,
    jtalk_voice: Path | None = None,
    say_voices: MacVoices = mac_voices,
    jtalk_places: JTalkPlaces | None = None,
) -> EngineChoice:
    """The engine to speak ``lang`` with, and what is missing for a better one.

    A configured command wins. Japanese: Open JTalk, else ``say`` (macOS) or
    PowerShell (Windows), else espeak-ng for kana-only text. English: ``say`` on
    macOS, PowerShell on Windows, else espeak-ng.
    """
    if command:
        return _command_choice(lang, command, which)
    problems: list[VoiceProblem] = []
    missing: tuple[VoiceProblem, ...] = ()
    if lang == "ja":
        jtalk, missing = find_open_jtalk(
            which, jtalk_dictionary, jtalk_voice, platform=platform, places=jtalk_places
        )
        if jtalk is not None:
            return EngineChoice(lang, jtalk)
        if platform not in ("darwin", "win32") or which("open_jtalk"):
            problems.extend(missing)
            missing = ()
    native = _native_engine(lang, which, platform, say_voices, problems)
    if native is not None:
        return EngineChoice(lang, native, tuple(problems))
    problems.extend(missing)  # macOS without a Japanese voice for say: Open JTalk would do
    espeak = which("espeak-ng")
    if espeak is None:
        problems.append(VoiceProblem("espeak_ng_missing", install_fix("espeak", which, platform)))
        return EngineChoice(lang, None, tuple(problems))
    if lang == "ja":
        problems.append(VoiceProblem("japanese_kana_only"))  # the Open JTalk problem has the fix
        return EngineChoice(lang, EspeakEngine(espeak, "ja", kana_only=True), tuple(problems))
    return EngineChoice(lang, EspeakEngine(espeak, "en-us"), tuple(problems))


def _native_engine(
    lang: Lang,
    which: Which,
    platform: str,
    say_voices: MacVoices,
    problems: list[VoiceProblem],
) -> SpeechEngine | None:
    """The platform's own speech: ``say`` on macOS, System.Speech on Windows."""
    if platform == "darwin" and (say := which("say")):
        voices = say_voices(say)
        voice = pick_say_voice(lang, voices)
        if voice is not None or (lang == "en" and not voices):
            return SayEngine(voice or "", binary=say)
        problems.append(VoiceProblem("say_voice_missing"))
    if platform == "win32" and (shell := which("powershell")):
        return PowerShellEngine("ja-JP" if lang == "ja" else "en-US", binary=shell)
    return None


def _command_choice(lang: Lang, command: Sequence[str], which: Which) -> EngineChoice:
    if command_problem(command):
        return EngineChoice(lang, None, (VoiceProblem("bad_command"),))
    program = which(command[0])
    if program is None:
        return EngineChoice(lang, None, (VoiceProblem("command_not_found", detail=command[0]),))
    return EngineChoice(lang, CommandEngine((program, *command[1:]), lang=lang))
