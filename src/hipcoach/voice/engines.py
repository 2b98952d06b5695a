"""Speech engines: espeak-ng, Open JTalk, macOS say, Windows speech, or the user's command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from hipcoach.voice.common import DEBIAN_DICTIONARY, RenderError
from hipcoach.voice.invocation import Invocation, is_kana_only, one_line, substitute
from hipcoach.voice.jtalk import SHIPPED_VOICE

if TYPE_CHECKING:
    pass


class SpeechEngine(Protocol):
    """Turns text into speech: a WAV file (``renders``) or sound right away."""

    @property
    def name(self) -> str: ...

    @property
    def voice(self) -> str: ...

    @property
    def options(self) -> tuple[str, ...]:
        """Everything besides name, voice and text that changes the sound (cache key)."""
        ...

    @property
    def renders(self) -> bool:
        """True: writes a WAV file (cacheable). False: speaks when run (not cacheable)."""
        ...

    def accepts(self, text: str) -> bool:
        """Whether this engine can say ``text`` properly."""
        ...

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        """How to run it: writing ``wav`` when it renders, else speaking directly."""
        ...


@dataclass(frozen=True)
class EspeakEngine:
    """espeak-ng: clear English in ~10 ms; for Japanese only kana-only text."""

    binary: str = "espeak-ng"
    voice: str = "en-us"
    speed: int | None = None  # words per minute; espeak-ng's default is 175
    kana_only: bool = False  # the Japanese fallback: refuse text with kanji
    name: str = "espeak-ng"
    renders: bool = True

    @property
    def options(self) -> tuple[str, ...]:
        return ("-s", str(self.speed)) if self.speed is not None else ()

    def accepts(self, text: str) -> bool:
        return is_kana_only(text) if self.kana_only else True

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        # Text on stdin (-b 1: UTF-8 whatever the locale), so a text starting with "-"
        # is never read as an option.
        out = ("-w", str(wav)) if wav is not None else ()
        argv = (self.binary, "-v", self.voice, *self.options, "-b", "1", *out, "--stdin")
        return Invocation(argv, stdin=text.encode("utf-8"))


@dataclass(frozen=True)
class OpenJTalkEngine:
    """Open JTalk: correct kanji readings and natural pitch accent, ~90 ms per phrase."""

    dictionary: Path = DEBIAN_DICTIONARY
    voice_path: Path = SHIPPED_VOICE
    binary: str = "open_jtalk"
    # dB. Headroom, not loudness (the cache normalises every phrase): at 0 dB the "mei"
    # voice clips on 3 of the 23 built-in phrases (+2.6 dB over full scale at worst);
    # at -6 dB the loudest peaks at -4.4 dBFS.
    gain: float = -6.0
    name: str = "open_jtalk"
    renders: bool = True

    @property
    def voice(self) -> str:
        return self.voice_path.stem

    @property
    def options(self) -> tuple[str, ...]:
        return ("-g", str(self.gain), "-m", str(self.voice_path), "-x", str(self.dictionary))

    def accepts(self, text: str) -> bool:
        return True

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        if wav is None:
            raise RenderError("open_jtalk only writes files")
        argv: tuple[str, ...] = (self.binary, "-x", str(self.dictionary))
        argv += ("-m", str(self.voice_path), "-g", str(self.gain), "-ow", str(wav))
        return Invocation(argv, stdin=one_line(text).encode("utf-8"))


@dataclass(frozen=True)
class SayEngine:
    """macOS ``say``, writing 16-bit 22.05 kHz WAV; text on stdin (``-f -``)."""

    voice: str = ""  # "" is the system voice
    binary: str = "say"
    name: str = "say"
    renders: bool = True

    @property
    def options(self) -> tuple[str, ...]:
        return ("LEI16@22050",)

    def accepts(self, text: str) -> bool:
        return True

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        argv: tuple[str, ...] = (self.binary,)
        if self.voice:
            argv += ("-v", self.voice)
        if wav is not None:
            argv += ("--file-format=WAVE", "--data-format=LEI16@22050", "-o", str(wav))
        return Invocation((*argv, "-f", "-"), stdin=text.encode("utf-8"))


# The PowerShell script is constant; text, output file and culture come in environment
# variables, so nothing the user or a program file wrote is ever parsed as a command.
POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$c = [Globalization.CultureInfo]$env:HIPCOACH_SPEECH_CULTURE; "
    "$v = $s.GetInstalledVoices($c) | Where-Object { $_.Enabled } | Select-Object -First 1; "
    "if (-not $v) { exit 3 }; "
    "$s.SelectVoice($v.VoiceInfo.Name); "
    "if ($env:HIPCOACH_SPEECH_WAV) { $s.SetOutputToWaveFile($env:HIPCOACH_SPEECH_WAV) } "
    "else { $s.SetOutputToDefaultAudioDevice() }; "
    "$s.Speak($env:HIPCOACH_SPEECH_TEXT); "
    "$s.Dispose()"
)


@dataclass(frozen=True)
class PowerShellEngine:
    """Windows System.Speech through Windows PowerShell 5.1 (pwsh 7 lacks System.Speech)."""

    culture: str = "en-US"  # "ja-JP" needs the Japanese speech pack (voice "Haruka")
    binary: str = "powershell"
    name: str = "powershell"
    renders: bool = True

    @property
    def voice(self) -> str:
        return self.culture

    @property
    def options(self) -> tuple[str, ...]:
        return ()

    def accepts(self, text: str) -> bool:
        return True

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        argv = (self.binary, "-NoProfile", "-NonInteractive", "-Command", POWERSHELL_SCRIPT)
        env = (
            ("HIPCOACH_SPEECH_TEXT", text),
            ("HIPCOACH_SPEECH_WAV", "" if wav is None else str(wav)),
            ("HIPCOACH_SPEECH_CULTURE", self.culture),
        )
        return Invocation(argv, env=env)


@dataclass(frozen=True)
class CommandEngine:
    """The user's own command: an argument list with ``{text}``, and ``{wav}`` when it
    writes a file (then it is cached like the others); ``{lang}`` is the language."""

    template: tuple[str, ...]
    lang: str = "en"
    name: str = "command"
    voice: str = ""

    @property
    def renders(self) -> bool:
        return any("{wav}" in arg for arg in self.template)

    @property
    def options(self) -> tuple[str, ...]:
        return (self.lang, *self.template)

    def accepts(self, text: str) -> bool:
        return True

    def invocation(self, text: str, wav: Path | None) -> Invocation:
        values = {"text": text, "lang": self.lang, "wav": "" if wav is None else str(wav)}
        return Invocation(substitute(self.template, values))


def command_problem(command: Sequence[str]) -> Literal["bad_command"] | None:
    """Why a configured command cannot be used, or None when it looks right."""
    if not command or not command[0] or not any("{text}" in arg for arg in command):
        return "bad_command"
    return None
