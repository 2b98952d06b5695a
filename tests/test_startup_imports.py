"""Start-up guard: fast commands must not import what they do not need.

Timing itself lives in bench/startup.py; this only checks which modules load,
which is deterministic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["hipcoach", *json.loads(sys.argv[1])]
from hipcoach.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES:" + json.dumps(sorted(sys.modules)))
"""

# pydantic is not here: Typer coerces option values with it (the minimal Typer app in
# bench/startup.py pays the same), and hipcoach's own models stay unloaded (below).
HEAVY = ("yaml", "sqlite3", "rich.live", "hipcoach.program.fileformat")


def loaded_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    )
    return set(json.loads(result.stderr.rsplit("MODULES:", 1)[1]))


def test_version_is_answered_before_typer_is_imported() -> None:
    modules = loaded_modules("--version")
    assert not {
        m
        for m in modules
        if m.split(".")[0]
        in ("typer", "yaml", "pydantic", "pydantic_core", "sqlite3", "rich", "platformdirs")
    }


def test_help_and_version_read_no_settings_at_import() -> None:
    # the language of help is chosen per invocation, so importing the CLI reads nothing
    code = "import sys; import hipcoach.cli; print('hipcoach.settings' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("config", "path")])
def test_only_commands_that_read_programs_load_the_program_model(args: tuple[str, ...]) -> None:
    # about 5 ms of dataclasses: measured in bench/startup.py
    assert "hipcoach.program.model" not in loaded_modules(*args)


@pytest.mark.parametrize("args", [("programs",), ("programs", "--json", "--lang", "ja")])
def test_programs_skips_yaml_and_the_models_once_snapshotted(args: tuple[str, ...]) -> None:
    loaded_modules(*args)  # the first run validates and writes snapshots
    modules = loaded_modules(*args)
    assert not [m for m in HEAVY if m in modules]
    assert "rich.console" not in modules
    # listed from the snapshots' summaries: no program is built (about 8 ms)
    assert "hipcoach.program.model" not in modules and "hipcoach.program.plan" not in modules
