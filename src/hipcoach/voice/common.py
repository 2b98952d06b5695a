"""Shared by the voice modules: reason and problem codes, timings, paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    pass


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
    "render_broken",  # the engine runs but gives no usable sound (a test phrase failed)
]

RENDER_TIMEOUT = 15.0  # seconds; PowerShell alone can take a few to start
PROBE_TIMEOUT = 3.0
STOP_TIMEOUT = 0.5  # after SIGTERM, before SIGKILL
TRIM_THRESHOLD = 0.01  # of full scale: quieter than this is silence
TRIM_PAD = 0.02  # seconds of silence kept before the first sound
# part of every cache key: bump when rendering or trimming changes (2: WAVs are checked;
# 3: every phrase normalised to one loudness, Open JTalk at -6 dB so it never clips)
CACHE_FORMAT = "3"
SHORT_CUE_MAX_AGE = 0.4  # a late "3" is worse than no "3"
CUE_MAX_AGE = 2.0

DEBIAN_DICTIONARY = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
HTS_VOICE_DIR = Path("/usr/share/hts-voice")  # Debian's contrib voices; `jtalk` has the rest


class RenderError(Exception):
    """An engine failed to write a WAV file for a text."""
