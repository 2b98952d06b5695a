"""Typer's own words (help chrome and usage errors) in the language of the invocation.

Typer and its vendored click write "Usage:", "Options", "Show this message and exit."
and their error messages in English. hipcoach's commands use these classes (Typer's
``cls=`` hook) so that help reads in Japanese too, and wraps Japanese text instead of
cutting it with "…" (Rich's table cells cut words longer than the column, and a
Japanese sentence is one long word). Usage errors are printed by :func:`usage_error`
as one line, like every other hipcoach error.
"""

from __future__ import annotations

from typing import Any

from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from hipcoach.i18n import Lang, t

_TYPER_TEXTS_JA = {
    "Arguments": "引数",
    "Options": "オプション",
    "Commands": "コマンド",
    "required": "必須",
    "default: {default}": "既定: {default}",
    "env var: {var}": "環境変数: {var}",
    "(dynamic)": "（動的）",
    "Missing command.": "コマンドがありません。",
    "No such command {name!r}.": "{name!r} というコマンドはありません。",
    "Aborted!": "中止しました。",
}


def _help_lang() -> Lang:
    from hipcoach.cli import HELP_LANG

    return HELP_LANG


def _prepare_rich_help(lang: Lang) -> None:
    """Rich help: fold long words (Japanese) instead of cutting them; Japanese titles."""
    from typer import core, rich_utils

    if getattr(rich_utils, "_hipcoach_ready", None) == lang:
        return
    if not hasattr(rich_utils, "_hipcoach_make_text"):
        typers_own = rich_utils._make_rich_text

        def make_text(**kwargs: Any) -> Any:
            made = typers_own(**kwargs)
            if hasattr(made, "overflow"):
                made.overflow = "fold"
            return made

        rich_utils._hipcoach_make_text = typers_own  # type: ignore[attr-defined]
        rich_utils._make_rich_text = make_text
    if lang == "ja":
        rich_utils.ARGUMENTS_PANEL_TITLE = "引数"
        rich_utils.OPTIONS_PANEL_TITLE = "オプション"
        rich_utils.COMMANDS_PANEL_TITLE = "コマンド"
        rich_utils.DEFAULT_STRING = "[既定: {}]"
        rich_utils.REQUIRED_LONG_STRING = "[必須]"
        setattr(core, "_", lambda text: _TYPER_TEXTS_JA.get(text, text))  # noqa: B010
    rich_utils._hipcoach_ready = lang  # type: ignore[attr-defined]


class _Localized:
    """What hipcoach's group and commands share: help option text, usage prefix."""

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("help.help", lang=_help_lang())
        return option

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(
            ctx.command_path, " ".join(pieces), prefix=t("cli.usage", lang=_help_lang())
        )

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        _prepare_rich_help(_help_lang())
        super().format_help(ctx, formatter)  # type: ignore[misc]


class LocalizedCommand(_Localized, TyperCommand):
    pass


_COMPLETION_HELP = {
    "install_completion": "help.install_completion",
    "show_completion": "help.show_completion",
}


class LocalizedGroup(_Localized, TyperGroup):
    def get_params(self, ctx: Context) -> Any:
        params = super().get_params(ctx)
        for param in params:
            if param.name in _COMPLETION_HELP:
                param.help = t(_COMPLETION_HELP[param.name], lang=_help_lang())  # type: ignore[attr-defined]
        return params


def usage_error(exc: ClickException, lang: Lang) -> list[str]:
    """A usage error as hipcoach words: the problem, then how to get help."""
    if isinstance(exc, NoSuchOption):
        message = t("cli.no_such_option", lang=lang, name=exc.option_name)
        if exc.possibilities:
            message += " " + t(
                "cli.did_you_mean", lang=lang, options=", ".join(sorted(exc.possibilities))
            )
    elif isinstance(exc, MissingParameter):
        message = t("cli.missing", lang=lang, param=_param_name(exc))
    elif isinstance(exc, BadParameter):
        message = t("cli.bad_value", lang=lang, param=_param_name(exc), reason=exc.message)
    else:
        message = exc.format_message()
    lines = [f"hipcoach: {message}"]
    if isinstance(exc, UsageError) and exc.ctx is not None:
        lines.append(t("cli.try_help", lang=lang, command=exc.ctx.command_path))
    return lines


def _param_name(exc: BadParameter | MissingParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return "?"
