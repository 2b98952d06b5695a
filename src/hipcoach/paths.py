"""Where hipcoach keeps its files.

The log lives in the platformdirs user data dir, settings and the user's own
programs in the user config dir, rendered speech in the user cache dir.
``HIPCOACH_HOME=DIR`` puts all of them under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

APP_NAME = "hipcoach"
HOME_ENV = "HIPCOACH_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The folder of the log database (not created here; the store creates it)."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The folder of the settings file and the user's programs."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The folder for files that can be rebuilt at any time (rendered speech)."""
    home = _home_override()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def db_path() -> Path:
    return data_dir() / "hipcoach.db"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


# the program format's JSON Schema, written beside the user's programs for their editor
SCHEMA_FILE = "hipcoach-program.schema.json"


def user_programs_dir() -> Path:
    return config_dir() / "programs"


def builtin_programs_dir() -> Path:
    """The built-in programs: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "programs"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "programs"


def program_files(folder: Path) -> Iterator[Path]:
    """The program files in ``folder`` (none when it does not exist), by name."""
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
