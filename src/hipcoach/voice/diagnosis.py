"""What `hipcoach doctor` reports about speech: engines, voices and players per language."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.voice.cache import render, speech_cache_dir, writable_directory
from hipcoach.voice.choice import MacVoices, VoiceProblem, choose_engine, mac_voices
from hipcoach.voice.common import PROBE_TIMEOUT, RenderError, Which
from hipcoach.voice.engines import SpeechEngine
from hipcoach.voice.fixes import install_fix
from hipcoach.voice.players import Player, ProbeResult, find_players, probe_players

if TYPE_CHECKING:
    from hipcoach.i18n import Lang


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
        if probe and engine is not None and engine.renders:
            problems = (*problems, *_render_probe(engine, lang, probe_directory, probe_timeout))
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
    no_player_fix = install_fix("player", which, platform)
    return _player_report(
        tuple(languages), found, no_player_fix, probe, probe_directory, probe_timeout
    )


PROBE_PHRASE = {"en": "Ready.", "ja": "準備。"}


def _render_probe(
    engine: SpeechEngine, lang: Lang, directory: Path | None, timeout: float
) -> tuple[VoiceProblem, ...]:
    """Render one short phrase as a session would (checked as the cache checks it): an
    engine that runs but writes garbage or silence is a problem, not "fine"."""
    import tempfile

    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix="hipcoach-render-") as folder:
            render(engine, PROBE_PHRASE[lang], Path(folder) / "probe.wav", timeout)
    except RenderError as exc:
        return (VoiceProblem("render_broken", detail=str(exc)),)
    except OSError:
        return ()  # no folder to try in: the cache check reports that
    return ()


def _player_report(
    languages: tuple[LanguageReport, ...],
    found: list[Player],
    no_player_fix: str | None,
    probe: bool,
    directory: Path | None,
    timeout: float,
) -> VoiceReport:
    if not found:
        problem = VoiceProblem("no_player", no_player_fix)
        return VoiceReport(languages, (), None, False if probe else None, (problem,))
    if not probe:
        reports = tuple(PlayerReport(p.name, None) for p in found)
        return VoiceReport(languages, reports, found[0].name, None, ())
    try:
        directory = writable_directory(directory or speech_cache_dir())
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
