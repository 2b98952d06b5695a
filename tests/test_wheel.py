"""The built wheel carries the built-in programs and works outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH")


def _run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload]


def test_installed_wheel_lists_builtin_programs(tmp_path: Path) -> None:
    built = _run("uv", "build", "--wheel", "--out-dir", tmp_path / "dist", ROOT)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("hipcoach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "hipcoach/programs/hip-drop.yaml" in names
    assert "hipcoach/py.typed" in names
    # the Japanese voice, with its license and credit beside it and in the metadata
    for name in ("mei_normal.htsvoice", "COPYING.mei", "README.md"):
        assert f"hipcoach/voice/data/{name}" in names
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    headers = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT AND CC-BY-3.0" in headers
    assert "License-File: src/hipcoach/voice/data/COPYING.mei" in headers

    venv = tmp_path / "venv"
    assert _run("uv", "venv", "-q", venv).returncode == 0
    python = venv / "bin" / "python"
    install = _run("uv", "pip", "install", "-q", "--offline", "-p", python, wheel)
    if install.returncode != 0:  # the cache lacks something: fetch it
        install = _run("uv", "pip", "install", "-q", "-p", python, wheel)
    assert install.returncode == 0, install.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"HIPCOACH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    listed = _run(venv / "bin" / "hipcoach", "programs", "--json", cwd=elsewhere, env=env)
    assert listed.returncode == 0, listed.stderr
    assert '"id": "hip-drop"' in listed.stdout
    assert f"{venv}" in listed.stdout  # found inside the installed package, not the checkout
    module = _run(python, "-m", "hipcoach", "--version", cwd=elsewhere, env=env)
    assert module.returncode == 0 and module.stdout.startswith("hipcoach ")
    voice = "from hipcoach.voice.jtalk import SHIPPED_VOICE as v; print(v.is_file(), v)"
    shipped = _run(python, "-c", voice, cwd=elsewhere, env=env)
    assert shipped.stdout.startswith(f"True {venv}"), shipped.stdout + shipped.stderr
