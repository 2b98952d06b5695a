"""What normalising a phrase's loudness costs next to rendering it, per engine.

For every phrase of the hip-drop program: the engine's render time (espeak-ng for
English; Open JTalk with the shipped "mei" voice and Debian's dictionary for Japanese),
then the time to trim and normalise it as the cache does (``finish_phrase``).

    uv run python bench/voice_render.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def phrases(lang: str) -> list[str]:
    from hipcoach.program.catalog import load_program_file
    from hipcoach.program.plan import doses_for, expand
    from hipcoach.session.cues import cue_text, session_texts

    program = load_program_file(ROOT / "programs" / "hip-drop.yaml")
    timeline = expand(program, doses_for(program))
    return session_texts(timeline, lambda cue: cue_text(cue, timeline, lang))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from hipcoach.voice.cache import render
    from hipcoach.voice.common import DEBIAN_DICTIONARY
    from hipcoach.voice.engines import EspeakEngine, OpenJTalkEngine
    from hipcoach.voice.jtalk import SHIPPED_VOICE
    from hipcoach.voice.wav import finish_phrase

    engines = {
        "en": EspeakEngine(shutil.which("espeak-ng") or "espeak-ng", "en-us"),
        "ja": OpenJTalkEngine(DEBIAN_DICTIONARY, SHIPPED_VOICE, shutil.which("open_jtalk") or ""),
    }
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HIPCOACH_HOME"] = tmp
        for lang, engine in engines.items():
            rendering, finishing = [], []
            for text in phrases(lang) * args.runs:
                raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
                started = time.perf_counter()
                render(engine, text, raw)
                rendering.append(time.perf_counter() - started)
                started = time.perf_counter()
                finish_phrase(raw, out)
                finishing.append(time.perf_counter() - started)
            print(
                f"{lang} {engine.name}: {len(rendering) // args.runs} phrases; render median "
                f"{statistics.median(rendering) * 1000:.0f} ms (max {max(rendering) * 1000:.0f}),"
                f" trim+normalise median {statistics.median(finishing) * 1000:.0f} ms "
                f"(max {max(finishing) * 1000:.0f}), normalising adds "
                f"{sum(finishing) / sum(rendering):.0%} to rendering"
            )


if __name__ == "__main__":
    sys.exit(main())
