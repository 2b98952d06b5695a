"""The README's Piper recipe, as written there, set through `hipcoach config set` and
spoken through the cache, with a stand-in for ``piper`` that reads its arguments as
piper-tts 1.8 does (argparse ``parse_known_args``: every word it does not know is text).
The real Piper is measured in ``bench/voice_piper.py``; it needs 240 MB and PyPI."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.settings import load
from hipcoach.voice.cache import SpeechCache
from hipcoach.voice.choice import choose_engine
from hipcoach.voice.loudness import TARGET_LOUDNESS
from hipcoach.voice.wav import phrase_loudness
from tests.conftest import ROOT

FAKE_PIPER = """#!{python}
import argparse, json, math, sys, wave
parser = argparse.ArgumentParser()
parser.add_argument("-m", "--model", required=True)
parser.add_argument("-f", "--output-file")
args, words = parser.parse_known_args()
text = " ".join(words)
with open({record!r}, "a", encoding="utf-8") as f:
    f.write(json.dumps([args.model, text], ensure_ascii=False) + "\\n")
rate = 22050
with wave.open(args.output_file, "wb") as w:  # Piper writes up to full scale
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(b"".join(
        int(32767 * math.sin(2 * math.pi * 220 * i / rate)).to_bytes(2, "little", signed=True)
        for i in range(int(0.8 * rate))
    ))
"""


def readme_recipe() -> list[str]:
    """The `hipcoach config set voice_command` line of the README's Piper section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A natural English voice (optional): Piper")[1]
    line = re.search(r"^hipcoach config set voice_command -- piper .*$", section, re.M)
    assert line is not None
    return shlex.split(line.group(0))[1:]


def test_the_readme_piper_recipe_speaks_through_the_cache(tmp_path: Path) -> None:
    model = tmp_path / "voices" / "en_US-joe-medium.onnx"
    record = tmp_path / "record.jsonl"
    piper = tmp_path / "bin" / "piper"
    piper.parent.mkdir()
    piper.write_text(FAKE_PIPER.format(python=sys.executable, record=str(record)), "utf-8")
    piper.chmod(0o755)

    args = [str(model) if arg == "$VOICE" else arg for arg in readme_recipe()]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    command = load().voice_command
    assert command == ("piper", "-m", str(model), "-f", "{wav}", "--", "{text}")

    which = {"piper": str(piper)}.get
    engine = choose_engine("en", command=command, which=which).engine
    assert engine is not None and engine.renders  # written to a file, so cached
    texts = ["Switch: right leg forward.", "-3"]  # a text that looks like an option, too
    prepared = SpeechCache(engine, tmp_path / "speech").prepare(texts)
    assert set(prepared.ready) == set(texts), prepared.failed
    for path in prepared.ready.values():
        assert phrase_loudness(path) == pytest.approx(TARGET_LOUDNESS, abs=0.05)
    said = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [model_path for model_path, _ in said] == [str(model)] * len(texts)
    # argparse (3.11) keeps the "--" among the words it does not know; Piper does not say it
    assert sorted(text.removeprefix("-- ") for _, text in said) == sorted(texts)
