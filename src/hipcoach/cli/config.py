"""`hipcoach config`: show, get, set, unset and path of the settings file."""

from __future__ import annotations

from typing import Annotated

import typer

from hipcoach import jsonout
from hipcoach.cli import JsonOption, LangOption, app, command, h
from hipcoach.cli.localized import LocalizedGroup
from hipcoach.errors import HipcoachError, printable
from hipcoach.i18n import t

config_app = typer.Typer(
    name="config",
    help=h("help.config"),
    cls=LocalizedGroup,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(config_app, name="config")

KeyArgument = Annotated[str, typer.Argument(help=h("help.config.key"), show_default=False)]


def shown(value: object, key: str = "") -> str:
    """A setting as a person reads it (a command as they would type it), control
    characters shown as escapes: a value may hold anything typed after `config set`."""
    return printable(_as_typed(value, key))


def _as_typed(value: object, key: str) -> str:
    if value is None or value == []:
        return t("config.unset")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and key == "voice_command":
        import shlex

        return shlex.join(value)
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


ABOUT = {  # each setting: what it means
    "language": "settings.about.language",
    "default_program": "settings.about.default_program",
    "training_days": "settings.about.training_days",
    "streak_allowance": "settings.about.streak_allowance",
    "get_ready_seconds": "settings.about.get_ready_seconds",
    "first_get_ready_seconds": "settings.about.first_get_ready_seconds",
    "rest_seconds": "settings.about.rest_seconds",
    "sound": "settings.about.sound",
    "voice": "settings.about.voice",
    "voice_command": "settings.about.voice_command",
    "retest_days": "settings.about.retest_days",
    "retest_not_after_run": "settings.about.retest_not_after_run",
    "race_date": "settings.about.race_date",
}


@command("show", "help.config.show", parent=config_app)
def show_command(json_: JsonOption = False, lang: LangOption = None) -> None:
    from hipcoach import settings
    from hipcoach.cli.plain import table

    values = settings.as_dict(settings.load())
    if json_:
        typer.echo(jsonout.dumps(values, indent=2))
        return
    rows = [[key, shown(value, key), t(ABOUT[key])] for key, value in values.items()]
    typer.echo(table([t("config.key"), t("config.value"), t("config.meaning")], rows))
    typer.echo("\n" + t("config.file", path=settings.settings_file()))


@command("get", "help.config.get", parent=config_app)
def get_command(key: KeyArgument, lang: LangOption = None) -> None:
    from hipcoach import settings

    if key not in settings.KEYS:
        raise HipcoachError(f"{key}: {t('settings.unknown_key', keys=', '.join(settings.KEYS))}")
    value = settings.as_dict(settings.load())[key]
    typer.echo(jsonout.dumps(value) if isinstance(value, list) else shown(value))


# everything after the key is the value, even words that look like options (--out {wav})
@command(
    "set",
    "help.config.set",
    parent=config_app,
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
def set_command(
    ctx: typer.Context,
    key: KeyArgument,
    value: Annotated[list[str], typer.Argument(help=h("help.config.value"), show_default=False)],
    lang: LangOption = None,
) -> None:
    from hipcoach import settings

    if value and value[0] == "--":  # `config set voice_command -- my-tts --out {wav} {text}`
        value = value[1:]
    if key == "race_date":
        _check_race_date(ctx, value)
    stored = settings.set_value(key, value)
    typer.echo(
        t(
            "config.stored",
            key=key,
            value=shown(settings.to_toml(key, stored), key),
            path=settings.settings_file(),
        )
    )


def _check_race_date(ctx: typer.Context, value: list[str]) -> None:
    """A race already run is a typing slip: refused before anything is written."""
    from hipcoach import settings
    from hipcoach.cli import wall_clock

    try:
        day = settings.PARSERS["race_date"](" ".join(value))
    except ValueError:
        return  # set_value says what fits
    if day is not None and day < wall_clock(ctx).today():
        raise HipcoachError(f"race_date: {t('settings.race_past', date=day.isoformat())}")


@command("unset", "help.config.unset", parent=config_app)
def unset_command(key: KeyArgument, lang: LangOption = None) -> None:
    from hipcoach import settings

    settings.unset_value(key)
    typer.echo(t("config.unset_done", key=key))


@command("path", "help.config.path", parent=config_app)
def path_command(lang: LangOption = None) -> None:
    from hipcoach import settings

    typer.echo(str(settings.settings_file()))
