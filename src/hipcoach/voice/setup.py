"""Setting up voice for a session: every text rendered before it starts."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.voice.cache import SpeechCache, speech_cache_dir, writable_directory
from hipcoach.voice.choice import MacVoices, VoiceProblem, choose_engine, mac_voices
from hipcoach.voice.common import PROBE_TIMEOUT, ReasonCode, Which
from hipcoach.voice.engines import SpeechEngine
from hipcoach.voice.players import Player, find_players, probe_players
from hipcoach.voice.speaker import CachedSpeech, DirectSpeech, Speaker
from hipcoach.voice.tones import TonePlayer, write_tones

if TYPE_CHECKING:
    from hipcoach.i18n import Lang
    from hipcoach.session.engine import Cue


READY_WAIT = 1.5  # seconds the session waits for its phrases; the rest render meanwhile


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
    audio: Player | None = None  # the player found, for the tempo tones too
    kana_only: bool = False
    unsupported: tuple[str, ...] = ()  # texts this engine cannot say; they stay silent
    failed: dict[str, str] = field(default_factory=dict)  # texts that failed to render
    pending: int = 0  # texts still rendering when the session starts (the bell stands in)
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
        return text_for(cue)  # what the engine cannot say, the output leaves to the bell

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
    setup.player, setup.audio = probe.player.name, probe.player
    prepared = cache.prepare(texts, wait=READY_WAIT)
    setup.failed, setup.pending = prepared.failed, len(prepared.pending)
    if texts and not prepared.ready and not prepared.pending:
        setup.reason = "render_failed"
        setup.detail = next(iter(prepared.failed.values()), "")
        return setup
    setup.speaker = Speaker(words, CachedSpeech(cache, probe.player))
    return setup


def start_tones(
    player: Player | None = None,
    *,
    which: Which = shutil.which,
    platform: str = sys.platform,
    directory: Path | None = None,
    probe_timeout: float = PROBE_TIMEOUT,
) -> TonePlayer | None:
    """The tempo tones, through ``player`` (the voice's) or the first player that works;
    None when nothing can play them (the screen still shows the tempo)."""
    try:
        folder = directory or writable_directory(speech_cache_dir())
        tones = write_tones(folder)
    except OSError:
        return None
    if player is None:
        player = probe_players(find_players(which, platform), folder, probe_timeout).player
    return None if player is None else TonePlayer(player, tones)
