"""The user's settings: a TOML file in the config dir (`hipcoach config path`).

Read with the standard library's tomllib; written with tomlkit, so the user's own
comments and layout survive `hipcoach config set`. An invalid value is an error that
names the key (and its line); a file that cannot be read is reported and never
overwritten. Missing keys mean "the program's own value" or the default below.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from hipcoach import paths
from hipcoach.errors import HipcoachError, Problem
from hipcoach.i18n import Lang, parse_lang, t
from hipcoach.ids import is_id
from hipcoach.timeutil import Weekday, parse_weekdays

DEFAULT_ALLOWANCE = 2
DEFAULT_PROGRAM = "hip-drop"  # the built-in program a new user starts with
DEFAULT_FIRST_GET_READY = 15  # seconds: from the keyboard to the floor, then the first cue
DEFAULT_RETEST_DAYS = 14  # the self-tests, every two weeks


@dataclass(frozen=True)
class Settings:
    language: Lang | None = None  # None: HIPCOACH_LANG, then the system locale
    default_program: str = DEFAULT_PROGRAM
    training_days: tuple[Weekday, ...] | None = None  # None: the program's schedule
    streak_allowance: int = DEFAULT_ALLOWANCE  # missed training days forgiven per month
    get_ready_seconds: int | None = None  # None: the program's timing
    first_get_ready_seconds: int = DEFAULT_FIRST_GET_READY  # keyboard to floor, in position
    rest_seconds: int | None = None
    sound: bool = True  # the terminal bell
    voice: bool = True  # spoken cues, when speech and an audio device are found
    voice_command: tuple[str, ...] = field(default=())  # argv with {text} (and {wav})
    retest_days: int = DEFAULT_RETEST_DAYS  # `today` suggests the self-tests this often
    retest_not_after_run: bool = False  # no test suggested on a run day or the day after
    race_date: date | None = None  # `today` offers the race-week program in the last 7 days


# --- parsing one value, from the file (TOML types) or the command line (text) -----------------


class _Bad(ValueError):
    """A value that does not fit; the message says what fits."""


def _language(value: Any) -> Lang | None:
    if value in ("", None):
        return None
    lang = parse_lang(str(value)) if isinstance(value, str) else None
    if lang is None:
        raise _Bad(t("settings.expect_language"))
    return lang


def _program_id(value: Any) -> str:
    if not isinstance(value, str) or not is_id(value):
        raise _Bad(t("settings.expect_program"))
    return value


def _days(value: Any) -> tuple[Weekday, ...] | None:
    if not isinstance(value, str | list) or not all(isinstance(v, str) for v in value):
        raise _Bad(t("settings.expect_days"))
    try:
        return parse_weekdays(value) or None
    except ValueError:
        raise _Bad(t("settings.expect_days")) from None


def _whole(low: int, high: int, optional: bool) -> Callable[[Any], int | None]:
    def parse(value: Any) -> int | None:
        if optional and value in ("", None):
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,100}\s*", value):
            value = int(value)  # a bound on digits: int() raises ValueError past 4300
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Bad(t("settings.expect_whole", low=low, high=high))
        return value

    return parse


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise _Bad(t("settings.expect_flag"))


def _command(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        import shlex

        try:
            value = shlex.split(value)  # splitting only; nothing is ever run through a shell
        except ValueError:
            raise _Bad(t("settings.expect_command")) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(t("settings.expect_command"))
    if value and not any("{text}" in part for part in value):
        raise _Bad(t("settings.expect_command"))
    return tuple(value)


def _race_date(value: Any) -> date | None:
    if value in ("", None):
        return None
    if isinstance(value, date):  # a TOML date, written by hand
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # 2026-02-30
    raise _Bad(t("settings.expect_date"))


PARSERS: dict[str, Callable[[Any], Any]] = {
    "language": _language,
    "default_program": _program_id,
    "training_days": _days,
    "streak_allowance": _whole(0, 31, optional=False),
    "get_ready_seconds": _whole(0, 60, optional=True),
    "first_get_ready_seconds": _whole(5, 120, optional=False),
    "rest_seconds": _whole(0, 600, optional=True),
    "sound": _flag,
    "voice": _flag,
    "voice_command": _command,
    "retest_days": _whole(1, 90, optional=False),
    "retest_not_after_run": _flag,
    "race_date": _race_date,
}
KEYS = tuple(PARSERS)


def to_toml(key: str, value: Any) -> Any:
    """The TOML form of a parsed value (None is stored by leaving the key out)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()  # text: it reads the same in any TOML editor
    return value


# --- reading ------------------------------------------------------------------------------


def settings_file() -> Path:
    return paths.settings_path()


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*=", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


MAX_SETTINGS_BYTES = 1 << 20  # a settings file is a few hundred bytes


def _read(path: Path) -> str | None:
    """The file's text, or None when there is none.

    Raises:
        HipcoachError: it is not a regular file (a pipe or ``/dev/zero`` would block or
            never end), too big, not UTF-8 or unreadable.
    """
    from hipcoach.files import read_regular

    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
        if len(raw) > MAX_SETTINGS_BYTES:
            raise HipcoachError(f"{path}: {t('settings.unreadable', reason=t('files.too_big'))}")
        return raw.decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise HipcoachError(f"{path}: {t('settings.unreadable', reason=reason)}") from None


def load(path: Path | None = None) -> Settings:
    """The settings, or the defaults when there is no file.

    Raises:
        HipcoachError: the file cannot be read, is not TOML, or has a bad or unknown key.
    """
    path = path or settings_file()
    text = _read(path)
    if text is None:
        return Settings()
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        # TOMLDecodeError is a ValueError; so is an integer of over 4300 digits, and
        # arrays nested a few hundred deep exhaust tomllib's recursion
        why = "nested too deeply" if isinstance(exc, RecursionError) else "a number too long"
        reason = exc if isinstance(exc, tomllib.TOMLDecodeError) else why
        raise HipcoachError(f"{path}: {t('settings.not_toml', reason=reason)}") from None
    values: dict[str, Any] = {}
    problems = []
    for key, raw in data.items():
        if key not in PARSERS:
            problems.append(
                Problem(
                    str(path),
                    t("settings.unknown_key", keys=", ".join(KEYS)),
                    _line_of(text, key),
                    None,
                    key,
                )
            )
            continue
        try:
            values[key] = PARSERS[key](raw)
        except _Bad as exc:
            problems.append(
                Problem(
                    str(path),
                    f"{exc} ({t('settings.got', value=repr(raw))})",
                    _line_of(text, key),
                    None,
                    key,
                )
            )
    if problems:
        raise HipcoachError.from_problems(problems)
    return replace(Settings(), **values)


def load_or_default() -> tuple[Settings, HipcoachError | None]:
    """For start-up paths that must not fail (help texts): the defaults and the error."""
    try:
        return load(), None
    except HipcoachError as exc:
        return Settings(), exc


# --- writing ------------------------------------------------------------------------------

TEMPLATE = """\
# hipcoach settings. Edit by hand or with `hipcoach config set KEY VALUE`;
# `hipcoach config show` lists every key with its current value.
"""


def set_value(key: str, text: str | list[str], path: Path | None = None) -> Any:
    """Check and store one setting, keeping the rest of the file (comments too).

    Raises:
        HipcoachError: unknown key, bad value, or a settings file that cannot be read
            (then nothing is written).
    """
    path = path or settings_file()
    if key not in PARSERS:
        raise HipcoachError(f"{key}: {t('settings.unknown_key', keys=', '.join(KEYS))}")
    raw: Any = text if isinstance(text, str) or key == "voice_command" else " ".join(text)
    if key == "voice_command" and isinstance(text, list) and len(text) == 1:
        raw = text[0]
    try:
        value = PARSERS[key](raw)
    except _Bad as exc:
        given = text if isinstance(text, str) else " ".join(text)
        raise HipcoachError(f"{key}: {exc} ({t('settings.got', value=repr(given))})") from None
    document = _editable(path)
    if value is None:
        document.pop(key, None)
    else:
        document[key] = to_toml(key, value)
    _write(path, document.as_string())
    return value


def unset_value(key: str, path: Path | None = None) -> None:
    path = path or settings_file()
    if key not in PARSERS:
        raise HipcoachError(f"{key}: {t('settings.unknown_key', keys=', '.join(KEYS))}")
    document = _editable(path)
    document.pop(key, None)
    _write(path, document.as_string())


def _editable(path: Path) -> Any:
    """The file as a tomlkit document; the current file must be valid before we touch it."""
    import tomlkit

    text = _read(path)
    if text is None:
        return tomlkit.parse(TEMPLATE)
    load(path)  # a broken file is reported, never overwritten
    return tomlkit.parse(text)


def _write(path: Path, text: str) -> None:
    from hipcoach.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise HipcoachError(f"{path}: {t('settings.unwritable', reason=exc.strerror)}") from None


def as_dict(settings: Settings) -> dict[str, Any]:
    return {f.name: to_toml(f.name, getattr(settings, f.name)) for f in fields(settings)}
