"""Every test runs with its own HIPCOACH_HOME, English, no colour and a fixed width."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from hipcoach import i18n

# In CI (the CI variable set, as CI services and .ci/run do) hypothesis tries the same
# examples on every run, so a result does not depend on luck; at a desk each run tries
# new ones. CI=1 uv run pytest reproduces a CI run.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "programs"
HIP_DROP = PROGRAMS / "hip-drop.yaml"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("HIPCOACH_HOME", str(home))
    monkeypatch.delenv("HIPCOACH_LANG", raising=False)
    monkeypatch.delenv("HIPCOACH_DEBUG", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    i18n._current = None
    yield home
    i18n._current = None


@pytest.fixture
def hip_drop_text() -> str:
    return HIP_DROP.read_text(encoding="utf-8")


def value_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The key/index path of every mapping entry and list item in ``node``, parents first."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += value_paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += value_paths(child, (*prefix, index))
    return found
