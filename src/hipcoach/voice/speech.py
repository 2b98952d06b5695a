"""Spoken cues: speech engines, a WAV cache, audio players and a non-blocking speaker.

Why this shape (measured in shared/research/voice-and-timing.md):

- Speech comes from system programs called with argument lists, never a shell:
  espeak-ng for English, Open JTalk for Japanese (espeak-ng's Japanese voice reads
  kanji as "Chinese letter", so it is only a fallback for kana-only text), ``say`` on
  macOS, System.Speech through PowerShell on Windows, or the user's own command.
- Every text of a session is rendered to a cached WAV *before* the session starts,
  so a cue only has to start a player: it sounds within a few ms of its moment,
  where synthesising on demand takes 45–110 ms.
- :class:`Speaker` implements the engine's ``Cues`` protocol. ``cue()`` only puts
  the cue on a queue; one daemon thread drops stale cues, cuts off the cue still
  playing and starts the new one. Nothing here can block or raise into the timer.
- Whether audio works is found out by playing 50 ms of silence with the real player
  and reading its exit code (espeak-ng exits 0 even with no sound device).

Nothing here prints or formats messages: setup returns reason codes and
:func:`describe` returns plain data, which the CLI translates.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
import wave
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from hipcoach.i18n import Lang
    from hipcoach.program.plan import Timeline
    from hipcoach.session.engine import Cue, CueKind

Which = Callable[[str], str | None]

# Why voice is off, for the CLI to translate.
ReasonCode = Literal[
    "bad_command",  # the configured command is empty or has no {text}
    "no_engine",  # no speech engine for the language (or the command's program is missing)
    "no_player",  # no program to play a WAV file
    "no_audio_device",  # every player failed to play 50 ms of silence
    "render_failed",  # the engine could not render any of the session's texts
]

# What `doctor` reports, each with a fix command where one exists.
ProblemCode = Literal[
    "bad_command",
    "command_not_found",
    "espeak_ng_missing",
    "open_jtalk_missing",
    "jtalk_dictionary_missing",
    "jtalk_voice_missing",
    "japanese_kana_only",  # only espeak-ng for Japanese: texts with kanji stay silent
    "say_voice_missing",  # macOS has no voice installed for the language
    "no_engine",
    "no_player",
    "no_audio_device",
]

RENDER_TIMEOUT = 15.0  # seconds; PowerShell alone can take a few to start
PROBE_TIMEOUT = 3.0
STOP_TIMEOUT = 0.5  # after SIGTERM, before SIGKILL
TRIM_THRESHOLD = 0.01  # of full scale: quieter than this is silence
TRIM_PAD = 0.02  # seconds of silence kept before the first sound
CACHE_FORMAT = "1"  # part of every cache key: bump when rendering or trimming changes
SHORT_CUE_MAX_AGE = 0.4  # a late "3" is worse than no "3"
CUE_MAX_AGE = 2.0

DEBIAN_DICTIONARY = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
DEBIAN_VOICE = Path("/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice")
HTS_VOICE_DIR = Path("/usr/share/hts-voice")

APT_ESPEAK = "sudo apt-get install espeak-ng"
APT_JTALK = "sudo apt-get install open-jtalk open-jtalk-mecab-naist-jdic"
APT_JTALK_VOICE = "sudo apt-get install hts-voice-nitech-jp-atr503-m001"
APT_JTALK_ALL = (
    "sudo apt-get install open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001"
)
APT_PLAYER = "sudo apt-get install pulseaudio-utils"
NOTE_CONTRIB = "debian_contrib"  # the HTS voice is in Debian's contrib section


class RenderError(Exception):
    """An engine failed to write a WAV file for a text."""


# --- invocations and placeholders -------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """One program run: its argument list, bytes for stdin, extra environment variables."""

    argv: tuple[str, ...]
    stdin: bytes | None = None
    env: tuple[tuple[str, str], ...] = ()

    def environment(self) -> dict[str, str] | None:
        """The full environment to run with, or None to inherit it unchanged."""
        return {**os.environ, **dict(self.env)} if self.env else None


_PLACEHOLDER = re.compile(r"\{(text|wav|lang)\}")


def substitute(template: Sequence[str], values: dict[str, str]) -> tuple[str, ...]:
    """Fill ``{text}``, ``{wav}`` and ``{lang}`` inside each argument, in one pass.

    Each argument stays one argument whatever the text holds (``;``, ``$(…)``, quotes,
    newlines), and a value is never scanned again, so text saying ``{wav}`` stays as is.
    """
    return tuple(
        _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), arg) for arg in template
    )


def one_line(text: str) -> str:
    """Text with line breaks as spaces: Open JTalk stops at the first line break."""
    return " ".join(text.split())


def is_kana_only(text: str) -> bool:
    """True when ``text`` is kana, digits, spaces and punctuation: what espeak-ng's ``ja``
    voice can read (it reads each kanji as "Chinese letter")."""
    for char in text:
        code = ord(char)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            continue  # hiragana, katakana (with ー), half-width katakana
        if char.isdigit() or char.isspace() or unicodedata.category(char)[0] in "PZ":
            continue
        if char in "〜～":
            continue
        return False
    return True


# --- speech engines ---------------------------------------------------------------------------


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
    voice_path: Path = DEBIAN_VOICE
    binary: str = "open_jtalk"
    gain: float = 4.0  # dB; the nitech voice is quiet (RMS ~0.05), +6 dB nears clipping
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


# --- choosing an engine -----------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceProblem:
    """Something missing for speech: a code, a command that fixes it (if any), notes."""

    code: ProblemCode
    fix: str | None = None
    notes: tuple[str, ...] = ()  # codes such as "debian_contrib"
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


def _apt(which: Which, command: str) -> str | None:
    """An apt-get command when this is a Debian-like system, else None."""
    return command if which("apt-get") else None


def find_htsvoice(voice: Path | None = None) -> Path | None:
    """The HTS voice: the one given, Debian's nitech voice, or any under /usr/share/hts-voice."""
    if voice is not None:
        return voice if voice.is_file() else None
    if DEBIAN_VOICE.is_file():
        return DEBIAN_VOICE
    found = sorted(HTS_VOICE_DIR.glob("**/*.htsvoice")) if HTS_VOICE_DIR.is_dir() else []
    return found[0] if found else None


def find_open_jtalk(
    which: Which = shutil.which,
    dictionary: Path | None = None,
    voice: Path | None = None,
) -> tuple[OpenJTalkEngine | None, tuple[VoiceProblem, ...]]:
    """Open JTalk with its dictionary and voice, or None and what is missing."""
    binary = which("open_jtalk")
    dic = dictionary or DEBIAN_DICTIONARY
    hts = find_htsvoice(voice)
    problems: list[VoiceProblem] = []
    if binary is None:
        problems.append(
            VoiceProblem("open_jtalk_missing", _apt(which, APT_JTALK_ALL), (NOTE_CONTRIB,))
        )
    if binary is not None and not (dic / "sys.dic").is_file():
        problems.append(
            VoiceProblem("jtalk_dictionary_missing", _apt(which, APT_JTALK), detail=str(dic))
        )
    if binary is not None and hts is None:
        detail = str(voice or DEBIAN_VOICE)
        fix = _apt(which, APT_JTALK_VOICE)
        problems.append(VoiceProblem("jtalk_voice_missing", fix, (NOTE_CONTRIB,), detail))
    if problems or binary is None or hts is None:
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
) -> EngineChoice:
    """The engine to speak ``lang`` with, and what is missing for a better one.

    A configured command wins. Japanese: Open JTalk, else ``say`` (macOS) or
    PowerShell (Windows), else espeak-ng for kana-only text. English: ``say`` on
    macOS, PowerShell on Windows, else espeak-ng.
    """
    if command:
        return _command_choice(lang, command, which)
    problems: list[VoiceProblem] = []
    if lang == "ja":
        jtalk, missing = find_open_jtalk(which, jtalk_dictionary, jtalk_voice)
        if jtalk is not None:
            return EngineChoice(lang, jtalk)
        if platform not in ("darwin", "win32") or which("open_jtalk"):
            problems.extend(missing)
    native = _native_engine(lang, which, platform, say_voices, problems)
    if native is not None:
        return EngineChoice(lang, native, tuple(problems))
    espeak = which("espeak-ng")
    if espeak is None:
        problems.append(VoiceProblem("espeak_ng_missing", _apt(which, APT_ESPEAK)))
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


# --- WAV files --------------------------------------------------------------------------------

_TYPECODES = {1: "B", 2: "h", 4: "i"}


@dataclass(frozen=True)
class WavStats:
    """Length and loudness of a WAV file, amplitudes as fractions of full scale."""

    duration: float
    rms: float
    peak: float
    leading_silence: float


def _samples(frames: bytes, width: int) -> tuple[array[int], int] | None:
    """PCM frames as signed-or-offset integers and the full-scale value, or None for
    sample widths this module does not read (24-bit)."""
    code = _TYPECODES.get(width)
    if code is None or array(code).itemsize != width:
        return None
    samples = array(code)
    samples.frombytes(frames[: len(frames) - len(frames) % width])
    if width > 1 and sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples, 1 << (8 * width - 1)


def _first_loud(samples: array[int], limit: float, offset: int) -> int | None:
    """Index of the first sample louder than ``limit`` (after removing ``offset``)."""
    for index, value in enumerate(samples):
        if abs(value - offset) > limit:
            return index
    return None


def wav_stats(path: Path, threshold: float = TRIM_THRESHOLD) -> WavStats:
    """Duration, RMS, peak and leading silence of a PCM WAV (raises wave.Error otherwise)."""
    with wave.open(str(path), "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    decoded = _samples(frames, width)
    if decoded is None or not decoded[0]:
        return WavStats(len(frames) / (rate * channels * width or 1), 0.0, 0.0, 0.0)
    samples, full = decoded
    offset = 128 if width == 1 else 0
    total = sum((value - offset) * (value - offset) for value in samples)
    rms = (total / len(samples)) ** 0.5 / full
    peak = max(abs(value - offset) for value in samples) / full
    first = _first_loud(samples, threshold * full, offset)
    lead = (len(samples) if first is None else first) // channels / rate
    return WavStats(len(samples) / channels / rate, rms, peak, lead)


def trim_leading_silence(
    source: Path, target: Path, threshold: float = TRIM_THRESHOLD, pad: float = TRIM_PAD
) -> bool:
    """Write ``source`` to ``target`` without its leading silence (keeping ``pad`` seconds).

    Open JTalk starts every file with ~0.35 s of silence, which would make each cue
    late by that much. Returns False (and writes nothing) for files it cannot read
    or that are all silence.
    """
    try:
        with wave.open(str(source), "rb") as wav:
            params = wav.getparams()
            frames = wav.readframes(params.nframes)
    except (wave.Error, EOFError, OSError):
        return False
    decoded = _samples(frames, params.sampwidth)
    if decoded is None:
        return False
    samples, full = decoded
    first = _first_loud(samples, threshold * full, 128 if params.sampwidth == 1 else 0)
    if first is None:
        return False
    frame = first // params.nchannels
    start = max(0, frame - int(pad * params.framerate)) * params.nchannels * params.sampwidth
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(frames[start:])
    return True


def write_silence(path: Path, seconds: float = 0.05, rate: int = 22050) -> Path:
    """A mono 16-bit WAV of silence: what the audio probe plays."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


# --- rendering and the cache ------------------------------------------------------------------


def _last_line(data: bytes | str | None) -> str:
    if not data:
        return ""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def run_invocation(invocation: Invocation, timeout: float) -> None:
    """Run a program to the end; RenderError unless it exits 0 in time."""
    try:
        result = subprocess.run(
            list(invocation.argv),
            input=invocation.stdin if invocation.stdin is not None else b"",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=invocation.environment(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"timeout after {timeout:g} s") from exc
    except OSError as exc:
        raise RenderError(f"{invocation.argv[0]}: {exc.strerror or exc}") from exc
    if result.returncode != 0:
        raise RenderError(f"exit {result.returncode}: {_last_line(result.stderr)}")


def render(engine: SpeechEngine, text: str, wav: Path, timeout: float = RENDER_TIMEOUT) -> Path:
    """Have ``engine`` write ``text`` to ``wav``; RenderError when no usable file results."""
    if not engine.renders:
        raise RenderError(f"{engine.name} speaks directly and writes no file")
    run_invocation(engine.invocation(text, wav), timeout)
    if not wav.is_file() or wav.stat().st_size <= 44:
        raise RenderError("no audio written")
    return wav


def cache_key(engine: str, voice: str, options: Sequence[str], text: str) -> str:
    """sha256 of everything that decides the sound; stable across processes (unlike hash())."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, engine, voice, *options, "", text):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: unambiguous
    return digest.hexdigest()


@dataclass
class PrepareResult:
    """What :meth:`SpeechCache.prepare` did with a session's texts."""

    ready: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # newly rendered (the rest was cached)
    failed: dict[str, str] = field(default_factory=dict)  # text → error


def _speech_cache_dir() -> Path:
    from hipcoach.paths import cache_dir

    return cache_dir() / "speech"


def writable_directory(preferred: Path) -> Path:
    """``preferred`` when a file can be written there, else a private temporary folder,
    removed at exit: a read-only cache should cost the session its cache, not its voice.

    Raises:
        OSError: not even the temporary folder can be written.
    """
    import tempfile

    try:
        preferred.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=preferred, prefix=".write-test-"):
            return preferred
    except OSError:
        import atexit

        fallback = Path(tempfile.mkdtemp(prefix="hipcoach-speech-"))
        atexit.register(shutil.rmtree, fallback, ignore_errors=True)
        return fallback


class SpeechCache:
    """Rendered WAVs under ``cache_dir()/speech``, one file per (engine, voice, options, text)."""

    def __init__(
        self,
        engine: SpeechEngine,
        directory: Path | None = None,
        *,
        timeout: float = RENDER_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.directory = writable_directory(directory or _speech_cache_dir())
        self.timeout = timeout
        self.failed: dict[str, str] = {}  # texts that failed once are not retried

    def key(self, text: str) -> str:
        engine = self.engine
        return cache_key(engine.name, engine.voice, engine.options, text)

    def path(self, text: str) -> Path:
        return self.directory / f"{self.key(text)}.wav"

    def lookup(self, text: str) -> Path | None:
        path = self.path(text)
        return path if path.is_file() else None

    def ensure(self, text: str) -> Path:
        """The cached WAV for ``text``, rendering it first if needed (RenderError)."""
        cached = self.lookup(text)
        if cached is not None:
            return cached
        if text in self.failed:
            raise RenderError(self.failed[text])
        try:
            return self._render(text)
        except RenderError as exc:
            self.failed[text] = str(exc)
            raise

    def _render(self, text: str) -> Path:
        """Render to a temporary file, trim it into another, then rename: atomic."""
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.path(text)
        stem = f".{final.stem}.{os.getpid()}.{threading.get_ident()}"
        raw = self.directory / f"{stem}.raw.wav"
        trimmed = self.directory / f"{stem}.tmp.wav"
        try:
            render(self.engine, text, raw, self.timeout)
            source = trimmed if trim_leading_silence(raw, trimmed) else raw
            source.replace(final)
        except OSError as exc:
            raise RenderError(str(exc)) from exc
        finally:
            raw.unlink(missing_ok=True)
            trimmed.unlink(missing_ok=True)
        return final

    def prepare(self, texts: Iterable[str], workers: int | None = None) -> PrepareResult:
        """Render every text not cached yet (a few in parallel) before the session starts."""
        result = PrepareResult()
        unique = list(dict.fromkeys(t for t in texts if t))
        missing = [t for t in unique if self.lookup(t) is None]
        count = max(1, min(workers or min(4, os.cpu_count() or 1), len(missing)))
        if count > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(count, thread_name_prefix="hipcoach-render") as pool:
                list(pool.map(self._try_ensure, missing))
        else:
            for text in missing:
                self._try_ensure(text)
        for text in unique:
            path = self.lookup(text)
            if path is not None:
                result.ready[text] = path
            else:
                result.failed[text] = self.failed.get(text, "not rendered")
        result.rendered = [t for t in missing if t in result.ready]
        return result

    def _try_ensure(self, text: str) -> None:
        with contextlib.suppress(RenderError):  # recorded in self.failed
            self.ensure(text)


# --- players ----------------------------------------------------------------------------------


class Playback(Protocol):
    """A sound that is playing (or was)."""

    def running(self) -> bool: ...

    def stop(self) -> None: ...

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for it to end; True when it has."""
        ...


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    detail: str = ""  # the player's last error line, "timeout", …


class Player(Protocol):
    """Plays WAV files without blocking."""

    @property
    def name(self) -> str: ...

    def play(self, wav: Path) -> Playback: ...

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        """Play ``wav`` to the end (blocking, at most ``timeout``): does audio work?"""
        ...


class ProcessPlayback:
    """A running program, in its own process group so stopping it stops its children."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def running(self) -> bool:
        return self.process.poll() is None

    def returncode(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
            self.process.wait(STOP_TIMEOUT)

    def _signal(self, sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, sig)
            else:
                self.process.terminate()
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self, timeout: float) -> bool:
        try:
            self.process.wait(max(0.0, timeout))
        except subprocess.TimeoutExpired:
            return False
        return True


def spawn(invocation: Invocation) -> ProcessPlayback:
    """Start a program without waiting for it; its output is discarded."""
    process = subprocess.Popen(
        list(invocation.argv),
        stdin=subprocess.PIPE if invocation.stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=invocation.environment(),
        start_new_session=os.name == "posix",
    )
    if invocation.stdin is not None and process.stdin is not None:
        try:
            process.stdin.write(invocation.stdin)
            process.stdin.close()
        except OSError:
            pass  # it exited already; its exit code tells
    return ProcessPlayback(process)


@dataclass(frozen=True)
class CommandPlayer:
    """A player program: ``argv`` followed by the WAV path (paplay, pw-play, aplay, afplay)."""

    name: str
    argv: tuple[str, ...]

    def play(self, wav: Path) -> Playback:
        return spawn(Invocation((*self.argv, str(wav))))

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        try:
            result = subprocess.run(
                [*self.argv, str(wav)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ProbeResult(False, "timeout")
        except OSError as exc:
            return ProbeResult(False, str(exc.strerror or exc))
        return ProbeResult(result.returncode == 0, _last_line(result.stderr))


class _WinsoundPlayback:
    """winsound plays one sound at a time; a new PlaySound replaces the old one."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def running(self) -> bool:
        return time.monotonic() < self.until

    def stop(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
        self.until = 0.0

    def wait(self, timeout: float) -> bool:
        left = self.until - time.monotonic()
        time.sleep(max(0.0, min(left, timeout)))
        return left <= timeout


@dataclass(frozen=True)
class WinsoundPlayer:
    """Windows: the standard library's winsound, asynchronously."""

    name: str = "winsound"

    def play(self, wav: Path) -> Playback:
        if sys.platform == "win32":
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(wav), flags)
            return _WinsoundPlayback(_duration(wav))
        raise OSError("winsound exists only on Windows")

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        if sys.platform == "win32":
            import winsound

            try:
                winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_NODEFAULT)
            except RuntimeError as exc:
                return ProbeResult(False, str(exc))
            return ProbeResult(True)
        return ProbeResult(False, "not windows")


def _duration(wav: Path) -> float:
    try:
        with wave.open(str(wav), "rb") as file:
            return file.getnframes() / float(file.getframerate() or 1)
    except (wave.Error, EOFError, OSError):
        return 0.0


LINUX_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ()),  # PulseAudio, and PipeWire's pulse server
    ("pw-play", ()),
    ("aplay", ("-q",)),
)


PLAYER_VARIABLE = "HIPCOACH_PLAYER"


def chosen_player(value: str | None) -> Player | None:
    """The player named by HIPCOACH_PLAYER: a command line, the WAV path appended.

    It replaces the search (``mpv --really-quiet``, ``play -q``, or ``true`` to time
    a session's speech without a sound card).
    """
    if not value or not value.strip():
        return None
    try:
        argv = tuple(shlex.split(value))
    except ValueError:
        argv = (value,)  # the probe then reports it cannot be started
    return CommandPlayer(Path(argv[0]).name, argv)


def find_players(
    which: Which = shutil.which,
    platform: str = sys.platform,
    chosen: str | None = None,
) -> list[Player]:
    """The players installed, best first (not yet probed); HIPCOACH_PLAYER wins."""
    player = chosen_player(os.environ.get(PLAYER_VARIABLE) if chosen is None else chosen)
    if player is not None:
        return [player]
    if platform == "win32":
        return [WinsoundPlayer()]
    candidates = (("afplay", ()),) if platform == "darwin" else LINUX_PLAYERS
    players: list[Player] = []
    for name, args in candidates:
        path = which(name)
        if path is not None:
            players.append(CommandPlayer(name, (path, *args)))
    return players


@dataclass(frozen=True)
class ProbeReport:
    """Which player plays sound (None: none does) and every probe's result."""

    player: Player | None
    results: tuple[tuple[str, ProbeResult], ...]


def probe_players(
    players: Sequence[Player], directory: Path, timeout: float = PROBE_TIMEOUT
) -> ProbeReport:
    """Play 50 ms of silence with each player in turn; the first that exits 0 wins.

    Probing each (a few ms when there is no device) means a broken PulseAudio does not
    hide a working ALSA.
    """
    if not players:
        return ProbeReport(None, ())
    directory.mkdir(parents=True, exist_ok=True)
    silence = write_silence(directory / f".probe-{os.getpid()}.wav")
    results: list[tuple[str, ProbeResult]] = []
    try:
        for player in players:
            result = player.probe(silence, timeout)
            results.append((player.name, result))
            if result.ok:
                return ProbeReport(player, tuple(results))
    finally:
        silence.unlink(missing_ok=True)
    return ProbeReport(None, tuple(results))


# --- speaking cues ----------------------------------------------------------------------------

Start = Callable[[], Playback]


class SpeechOutput(Protocol):
    """Where a Speaker's words go."""

    def load(self, text: str) -> Start:
        """Get ready to say ``text`` (it may render); calling the result starts it."""
        ...


@dataclass(frozen=True)
class CachedSpeech:
    """Plays cached WAVs (rendered on demand if a text was not prepared)."""

    cache: SpeechCache
    player: Player

    def load(self, text: str) -> Start:
        wav = self.cache.ensure(text)
        return lambda: self.player.play(wav)


@dataclass(frozen=True)
class DirectSpeech:
    """Runs a command that speaks by itself (a user command without ``{wav}``)."""

    engine: SpeechEngine

    def load(self, text: str) -> Start:
        invocation = self.engine.invocation(text, None)
        return lambda: spawn(invocation)


def max_age(kind: str) -> float:
    """How late a cue may still be spoken: counts and rep numbers only just in time."""
    return SHORT_CUE_MAX_AGE if kind in ("count", "rep") else CUE_MAX_AGE


_STOP = object()
MAX_ERRORS_KEPT = 50


COUNT_KINDS = ("count", "rep")
PHRASE_POLL = 0.02  # seconds between looks at a phrase a count waits for


class Speaker:
    """Speaks cues without ever blocking or raising into the engine (its ``Cues``).

    ``cue()`` only queues the cue with the time it came. One daemon thread takes
    cues in order, drops any older than :func:`max_age`, looks up the words with
    ``text_for`` and the sound with ``output``, stops what is still playing and
    starts the new sound. Errors there are counted in ``error_count`` and kept
    (the last few) in ``errors``, never raised.
    """

    def __init__(
        self,
        text_for: Callable[[Cue], str | None],
        output: SpeechOutput,
        *,
        clock: Callable[[], float] = time.monotonic,
        join_timeout: float = 1.0,
    ) -> None:
        self.text_for = text_for
        self.output = output
        self.clock = clock
        self.join_timeout = join_timeout
        self.spoken: deque[str] = deque(maxlen=200)  # texts started, newest last
        self.dropped = 0  # stale cues not spoken
        self.error_count = 0
        self.errors: deque[str] = deque(maxlen=MAX_ERRORS_KEPT)
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()  # guards _current and _closed
        self._idle = threading.Condition()
        self._pending = 0
        self._current: Playback | None = None
        self._current_kind = ""
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="hipcoach-speaker", daemon=True)
        self._thread.start()

    # --- the engine's side: never blocks, never raises ---------------------------------------

    def cue(self, cue: Cue) -> None:
        """Queue ``cue`` and return at once."""
        try:
            if self._closed:
                return
            with self._idle:
                self._pending += 1
            self._queue.put((self.clock(), cue))
        except Exception as exc:
            self._record(exc)

    # --- the speaker thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP or self._closed:
                break
            try:
                assert isinstance(item, tuple)
                self._say(item[0], item[1])
            except Exception as exc:
                self._record(exc)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _say(self, queued: float, cue: Cue) -> None:
        if self._stale(queued, cue):
            return
        if cue.kind in COUNT_KINDS and not self._after_phrase(queued, cue):
            return
        text = self.text_for(cue)
        if not text:
            return
        start = self.output.load(text)  # fast when prepared; rendering on demand is not
        if self._stale(queued, cue):
            return
        with self._lock:
            if self._closed:
                return
            self._stop_current()
            self._current = start()
            self._current_kind = cue.kind
        self.spoken.append(text)

    def _after_phrase(self, queued: float, cue: Cue) -> bool:
        """A count never cuts a phrase short (the key cue matters more than "3"): it waits
        for the phrase to end, and is dropped if it goes stale first. A phrase still cuts
        off anything, and a count cuts off an older count."""
        while True:
            with self._lock:
                playing = self._current
                phrase = playing is not None and self._current_kind not in COUNT_KINDS
                if not phrase or playing is None or not playing.running():
                    return True
            if self._stale(queued, cue):
                return False
            time.sleep(PHRASE_POLL)

    def _stale(self, queued: float, cue: Cue) -> bool:
        if self.clock() - queued > max_age(cue.kind):
            self.dropped += 1
            return True
        return False

    def _stop_current(self) -> None:
        """Stop the sound still playing (call with the lock held); note a failed player."""
        current, self._current = self._current, None
        if current is None:
            return
        if current.running():
            current.stop()
        elif isinstance(current, ProcessPlayback) and current.returncode() not in (0, None):
            self._record(RuntimeError(f"player exited {current.returncode()}"))

    def _record(self, exc: BaseException) -> None:
        self.error_count += 1
        self.errors.append(f"{type(exc).__name__}: {exc}")

    # --- the caller's side ----------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def close(self, wait: float = 0.0) -> None:
        """Stop the thread and any sound. With ``wait`` > 0, first let queued cues and
        the last sound finish, for up to that many seconds (the closing "done")."""
        try:
            if wait > 0 and not self._closed:
                self._drain(wait)
            with self._lock:
                self._closed = True
                self._stop_current()
        except Exception as exc:  # a player that fails to stop must not break the caller
            self._record(exc)
        finally:
            self._closed = True
            self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(self.join_timeout)

    def _drain(self, wait: float) -> None:
        """Wait up to ``wait`` seconds for queued cues and the sound playing to finish."""
        deadline = time.monotonic() + wait
        with self._idle:
            self._idle.wait_for(lambda: self._pending <= 0, timeout=wait)
        current = self._current
        if current is not None:
            current.wait(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- setup for a session ----------------------------------------------------------------------


_SEGMENT_CUES: dict[str, tuple[CueKind, ...]] = {
    "get_ready": ("get_ready", "count"),
    "work": ("start", "end", "halfway", "count", "rep"),
    "switch": ("switch", "count"),
    "rest": ("rest", "count"),
    "transition": ("next",),
}


def session_texts(timeline: Timeline, text_for: Callable[[Cue], str | None]) -> list[str]:
    """Every text a session on ``timeline`` can say, once each: what to :meth:`prepare`.

    Over-inclusive on purpose (every count and rep number a segment could have): a
    text rendered and never said costs a few ms once; one missing is rendered late.
    """
    from hipcoach.session.engine import COUNTDOWN_FROM, Cue

    texts: list[str] = []

    def add(cue: Cue) -> None:
        text = text_for(cue)
        if text:
            texts.append(text)

    for segment in timeline.segments:
        reps = (timeline.dose(segment).reps or 0) if segment.is_work else 0
        for kind in _SEGMENT_CUES.get(segment.kind, ()):
            if kind == "count":
                numbers = range(1, COUNTDOWN_FROM + 1)
            elif kind == "rep":
                numbers = range(1, reps + 1)
            else:
                numbers = range(0)
                add(Cue(kind, segment))
            for number in numbers:
                add(Cue(kind, segment, count=number))
    add(Cue("done"))
    return list(dict.fromkeys(texts))


@dataclass
class VoiceSetup:
    """A ready Speaker, or why there is none (``reason`` for the CLI to translate)."""

    speaker: Speaker | None
    reason: ReasonCode | None = None
    detail: str = ""  # a program's own message or a path; not translated
    lang: Lang = "en"
    engine: str | None = None
    voice: str | None = None
    player: str | None = None
    kana_only: bool = False
    unsupported: tuple[str, ...] = ()  # texts this engine cannot say; they stay silent
    failed: dict[str, str] = field(default_factory=dict)  # texts that failed to render
    problems: tuple[VoiceProblem, ...] = ()  # what `doctor` would suggest installing

    @property
    def ok(self) -> bool:
        return self.speaker is not None


def start_voice(
    lang: Lang,
    texts: Iterable[str],
    text_for: Callable[[Cue], str | None],
    *,
    command: Sequence[str] | None = None,
    which: Which = shutil.which,
    platform: str = sys.platform,
    players: Sequence[Player] | None = None,
    cache_directory: Path | None = None,
    jtalk_dictionary: Path | None = None,
    jtalk_voice: Path | None = None,
    say_voices: MacVoices = mac_voices,
    probe_timeout: float = PROBE_TIMEOUT,
) -> VoiceSetup:
    """Find an engine and a working player, render ``texts``, and start a Speaker.

    ``texts`` are all the words the session can say (every ``cue_text`` of its
    timeline); ``text_for`` maps a cue to its words while it runs. Checks run from
    cheapest to dearest, so with no engine or no audio this returns in a few ms.
    """
    choice = choose_engine(
        lang,
        command=command,
        which=which,
        platform=platform,
        jtalk_dictionary=jtalk_dictionary,
        jtalk_voice=jtalk_voice,
        say_voices=say_voices,
    )
    setup = VoiceSetup(None, lang=lang, kana_only=choice.kana_only, problems=choice.problems)
    engine = choice.engine
    if engine is None:
        bad = any(p.code == "bad_command" for p in choice.problems)
        setup.reason = "bad_command" if bad else "no_engine"
        setup.detail = next((p.detail for p in choice.problems if p.detail), "")
        return setup
    setup.engine, setup.voice = engine.name, engine.voice
    wanted = list(dict.fromkeys(t for t in texts if t))
    setup.unsupported = tuple(t for t in wanted if not engine.accepts(t))
    speakable = [t for t in wanted if engine.accepts(t)]

    def words(cue: Cue) -> str | None:
        text = text_for(cue)
        return text if text and engine.accepts(text) else None

    if not engine.renders:
        setup.speaker = Speaker(words, DirectSpeech(engine))
        return setup
    return _start_cached(
        setup, engine, speakable, words, players, which, platform, cache_directory, probe_timeout
    )


def _start_cached(
    setup: VoiceSetup,
    engine: SpeechEngine,
    texts: list[str],
    words: Callable[[Cue], str | None],
    players: Sequence[Player] | None,
    which: Which,
    platform: str,
    cache_directory: Path | None,
    probe_timeout: float,
) -> VoiceSetup:
    """Probe the players, then render every text, then start the Speaker."""
    found = list(players) if players is not None else find_players(which, platform)
    if not found:
        setup.reason = "no_player"
        return setup
    try:
        cache = SpeechCache(engine, cache_directory)
    except OSError as exc:  # no folder at all to render into
        setup.reason = "render_failed"
        setup.detail = str(exc)
        return setup
    probe = probe_players(found, cache.directory, probe_timeout)
    if probe.player is None:
        setup.reason = "no_audio_device"
        setup.detail = "; ".join(f"{name}: {r.detail}" for name, r in probe.results)
        return setup
    setup.player = probe.player.name
    prepared = cache.prepare(texts)
    setup.failed = prepared.failed
    if texts and not prepared.ready:
        setup.reason = "render_failed"
        setup.detail = next(iter(prepared.failed.values()), "")
        return setup
    setup.speaker = Speaker(words, CachedSpeech(cache, probe.player))
    return setup


# --- diagnostics for `doctor` -----------------------------------------------------------------


@dataclass(frozen=True)
class LanguageReport:
    """The engine and voice one language would use (None: it stays silent)."""

    lang: Lang
    engine: str | None
    voice: str | None
    renders: bool
    kana_only: bool
    problems: tuple[VoiceProblem, ...]


@dataclass(frozen=True)
class PlayerReport:
    name: str
    probe: ProbeResult | None  # None: not probed


@dataclass(frozen=True)
class VoiceReport:
    """Everything `doctor` shows about voice, as data."""

    languages: tuple[LanguageReport, ...]
    players: tuple[PlayerReport, ...]
    player: str | None  # the one that would be used
    audio_ok: bool | None  # None: not probed
    problems: tuple[VoiceProblem, ...]  # player and audio problems (languages have their own)


def describe(
    *,
    command: Sequence[str] | None = None,
    which: Which = shutil.which,
    platform: str = sys.platform,
    players: Sequence[Player] | None = None,
    probe: bool = True,
    probe_directory: Path | None = None,
    jtalk_dictionary: Path | None = None,
    jtalk_voice: Path | None = None,
    say_voices: MacVoices = mac_voices,
    probe_timeout: float = PROBE_TIMEOUT,
) -> VoiceReport:
    """Which engine and voice each language would use, which player, whether audio works,
    and a fix command for each problem found."""
    from hipcoach.i18n import LANGS

    languages = []
    for lang in LANGS:
        choice = choose_engine(
            lang,
            command=command,
            which=which,
            platform=platform,
            jtalk_dictionary=jtalk_dictionary,
            jtalk_voice=jtalk_voice,
            say_voices=say_voices,
        )
        engine = choice.engine
        problems = choice.problems
        if engine is None and not any(
            p.code in ("bad_command", "command_not_found") for p in problems
        ):
            problems = (*problems, VoiceProblem("no_engine"))
        languages.append(
            LanguageReport(
                lang,
                engine.name if engine else None,
                engine.voice if engine else None,
                bool(engine and engine.renders),
                choice.kana_only,
                problems,
            )
        )
    found = list(players) if players is not None else find_players(which, platform)
    return _player_report(tuple(languages), found, which, probe, probe_directory, probe_timeout)


def _player_report(
    languages: tuple[LanguageReport, ...],
    found: list[Player],
    which: Which,
    probe: bool,
    directory: Path | None,
    timeout: float,
) -> VoiceReport:
    if not found:
        problem = VoiceProblem("no_player", _apt(which, APT_PLAYER))
        return VoiceReport(languages, (), None, False if probe else None, (problem,))
    if not probe:
        reports = tuple(PlayerReport(p.name, None) for p in found)
        return VoiceReport(languages, reports, found[0].name, None, ())
    try:
        directory = writable_directory(directory or _speech_cache_dir())
    except OSError as exc:
        problem = VoiceProblem("no_audio_device", detail=str(exc))
        return VoiceReport(languages, (), None, False, (problem,))
    result = probe_players(found, directory, timeout)
    probed = dict(result.results)
    reports = tuple(PlayerReport(p.name, probed.get(p.name)) for p in found)
    if result.player is None:
        detail = "; ".join(f"{name}: {r.detail}" for name, r in result.results)
        problem = VoiceProblem("no_audio_device", detail=detail)
        return VoiceReport(languages, reports, None, False, (problem,))
    return VoiceReport(languages, reports, result.player.name, True, ())
