"""Real speech for every phrase of every built-in program, as the cache keeps it: one
loudness, nothing clipped, and kanji read right (checked in Open JTalk's trace).

Japanese uses the voice shipped inside hipcoach with Debian's dictionary: what a machine
with only the main archive (open-jtalk, open-jtalk-mecab-naist-jdic) speaks with. Each
part is skipped, with the reason, where its engine is missing; sox, when installed,
checks the same files a second way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from hipcoach.i18n import Lang
from hipcoach.voice.cache import check_phrase, render, run_invocation
from hipcoach.voice.choice import choose_engine
from hipcoach.voice.common import DEBIAN_DICTIONARY, RENDER_TIMEOUT
from hipcoach.voice.engines import EspeakEngine, OpenJTalkEngine, SpeechEngine
from hipcoach.voice.invocation import Invocation
from hipcoach.voice.jtalk import SHIPPED_VOICE
from hipcoach.voice.loudness import PEAK_CEILING, TARGET_LOUDNESS
from hipcoach.voice.wav import finish_phrase, phrase_loudness, wav_stats

OPEN_JTALK = shutil.which("open_jtalk")
ESPEAK = shutil.which("espeak-ng")
SOX = shutil.which("sox")
needs_open_jtalk = pytest.mark.skipif(
    OPEN_JTALK is None or not (DEBIAN_DICTIONARY / "sys.dic").is_file(),
    reason="needs open_jtalk and Debian's dictionary "
    "(apt-get install open-jtalk open-jtalk-mecab-naist-jdic)",
)
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")

LIMITED = 3.0  # dB: how far under the target the peak ceiling may hold a phrase


def builtin_phrases(lang: Lang, home: Path) -> list[str]:
    """Every text a session of each built-in program can say (session_texts)."""
    from hipcoach.program.catalog import catalog, load_program_file
    from hipcoach.program.plan import doses_for, expand
    from hipcoach.session.cues import cue_text, session_texts

    texts: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIPCOACH_HOME", str(home))  # program snapshots go there
        for entry in catalog():
            if entry.builtin:
                program = load_program_file(entry.path)
                timeline = expand(program, doses_for(program))
                texts += session_texts(timeline, lambda c, tl=timeline: cue_text(c, tl, lang))
    return list(dict.fromkeys(texts))


@dataclass(frozen=True)
class Rendered:
    text: str
    raw: Path  # as the engine wrote it
    cached: Path  # trimmed and normalised, as the cache keeps it
    trace: Path | None  # Open JTalk's text analysis and labels


def _render_one(engine: SpeechEngine, text: str, folder: Path, index: int) -> Rendered:
    raw, cached = folder / f"{index}.raw.wav", folder / f"{index}.wav"
    trace = folder / f"{index}.trace" if isinstance(engine, OpenJTalkEngine) else None
    if trace is None:
        render(engine, text, raw)
    else:  # the same invocation, plus the trace
        invocation = engine.invocation(text, raw)
        traced = Invocation((*invocation.argv, "-ot", str(trace)), stdin=invocation.stdin)
        run_invocation(traced, RENDER_TIMEOUT)
        check_phrase(raw)
    assert finish_phrase(raw, cached), text
    return Rendered(text, raw, cached, trace)


def render_all(engine: SpeechEngine, texts: list[str], folder: Path) -> list[Rendered]:
    with ThreadPoolExecutor(2) as pool:
        jobs = [pool.submit(_render_one, engine, t, folder, i) for i, t in enumerate(texts)]
        return [job.result() for job in jobs]


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Rendered]]:
    folder = tmp_path_factory.mktemp("ja")
    engine = OpenJTalkEngine(DEBIAN_DICTIONARY, SHIPPED_VOICE, OPEN_JTALK or "open_jtalk")
    yield render_all(engine, builtin_phrases("ja", folder / "home"), folder)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Rendered]]:
    folder = tmp_path_factory.mktemp("en")
    engine = EspeakEngine(ESPEAK or "espeak-ng", "en-us")
    yield render_all(engine, builtin_phrases("en", folder / "home"), folder)


def sox_stats(path: Path) -> dict[str, float]:
    """``sox FILE -n stats``: "Pk lev dB", "RMS lev dB", "Flat factor", ..."""
    result = subprocess.run(
        [SOX or "sox", str(path), "-n", "stats"], capture_output=True, text=True, check=True
    )
    stats = {}
    for line in result.stderr.splitlines():
        match = re.match(r"^(\S.*?)\s{2,}(-?[\d.]+|-inf)\s*$", line)
        if match:
            stats[match.group(1)] = float(match.group(2))
    return stats


def assert_one_loudness_and_no_clipping(rendered: list[Rendered]) -> None:
    levels = []
    for phrase in rendered:
        raw = wav_stats(phrase.raw)
        assert raw.peak < 32767 / 32768, f"the engine clipped {phrase.text!r}"
        cached = wav_stats(phrase.cached)
        loudness = phrase_loudness(phrase.cached)
        assert loudness is not None
        assert cached.peak <= 10 ** ((PEAK_CEILING + 0.01) / 20), phrase.text
        assert TARGET_LOUDNESS - LIMITED <= loudness <= TARGET_LOUDNESS + 0.05, phrase.text
        levels.append(loudness)
        if SOX:
            assert sox_stats(phrase.raw)["Flat factor"] == 0, phrase.text  # no clipped runs
            assert sox_stats(phrase.cached)["Pk lev dB"] <= PEAK_CEILING + 0.01, phrase.text
    levels.sort()
    assert levels[len(levels) // 2] == pytest.approx(TARGET_LOUDNESS, abs=0.05)  # the median


@needs_open_jtalk
def test_every_japanese_phrase_is_spoken_at_one_loudness_without_clipping(
    japanese: list[Rendered],
) -> None:
    assert len(japanese) > 15
    assert_one_loudness_and_no_clipping(japanese)


@needs_open_jtalk
def test_japanese_is_spoken_in_full_with_the_main_archive(japanese: list[Rendered]) -> None:
    """No phrase is left to the bell: Open JTalk reads kanji, with our voice if need be."""
    engine = choose_engine("ja", platform="linux").engine
    assert isinstance(engine, OpenJTalkEngine)
    assert all(engine.accepts(phrase.text) for phrase in japanese)


# Words of the built-in programs that Open JTalk could misread (脚 as キャク, 側 as ソク,
# 体 as タイ), with the reading a coach would say.
KEY_READINGS = {
    "お尻": "オシリ",
    "左脚": "ヒダリアシ",
    "右脚": "ミギアシ",
    "軸脚": "ジクアシ",
    "反対側": "ハンタイガワ",
    "休憩": "キュウケイ",
    "股関節": "コカンセツ",
    "呼吸": "コキュウ",
    "一直線": "イッチョクセン",
    "体は": "カラダハ",
    "上体": "ジョウタイ",
    "折り返し": "オリカエシ",
    "止めて": "トメテ",
    "次": "ツギ",
    "曲げて": "マゲテ",
    "支えます": "ササエマス",
}
NUMBER_READINGS = {"1": "イチ", "4": "ヨン", "7": "ナナ", "9": "キュウ", "10": "ジュウ"}


def trace_reading(trace: Path) -> str:
    """The reading (katakana) of a phrase from the text analysis in Open JTalk's trace:
    one line per word, ``surface,part of speech,...,reading,pronunciation,...``."""
    lines = trace.read_text(encoding="utf-8").split("[Text analysis result]")[1]
    words = [line.split(",") for line in lines.split("\n\n")[0].strip().splitlines()]
    return "".join(word[8] for word in words if len(word) > 9 and word[8] != "、")


@needs_open_jtalk
def test_kanji_are_read_as_a_coach_would_say_them(japanese: list[Rendered]) -> None:
    readings = {p.text: trace_reading(p.trace) for p in japanese if p.trace is not None}
    checked = set()
    for text, reading in readings.items():
        for word, kana in KEY_READINGS.items():
            # the word itself, not the end of a longer one (体は in 上体は is タイハ)
            if re.search(rf"(?<![\u4e00-\u9fff]){word}", text):
                assert kana in reading, f"{word} in {text!r} read {reading}"
                checked.add(word)
        if text in NUMBER_READINGS:
            assert reading == NUMBER_READINGS[text]
            checked.add(text)
    assert len(checked) >= 12, checked  # the programs still say these words


@needs_espeak
def test_every_english_phrase_is_spoken_at_one_loudness_without_clipping(
    english: list[Rendered],
) -> None:
    assert len(english) > 15
    assert_one_loudness_and_no_clipping(english)
