"""Help screens and usage errors in the language of the invocation, through Typer's public API.

Typer writes its help chrome ("Usage:", "Options", "[default: …]") in English and cuts
a Japanese sentence with "…" (to Rich, one long word). hipcoach's group and commands
(Typer's ``cls=`` hook) render help themselves with Rich from each parameter's public
help record, folding long words. Help texts are declared in English; the help screen
looks up their translation when it is drawn, so the language is chosen per invocation
(``--lang``, then the settings), not when the module is imported.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from hipcoach.errors import ExitCode
from hipcoach.i18n import MESSAGES, Lang, resolve_lang, t

if TYPE_CHECKING:
    import typer
    from rich.console import RenderableType

_ARGV_LANG = "hipcoach.argv_lang"  # key in ctx.meta, which every nested context shares

_TYPER_WORDS_JA = (
    (re.compile(r"\bdefault: "), "既定: "),
    (re.compile(r"\brequired\b"), "必須"),
    (re.compile(r"\benv var: "), "環境変数: "),
    (re.compile(r"\(dynamic\)"), "（動的）"),
)


def lang_from_args(args: list[str]) -> str | None:
    """The ``--lang`` value, read before parsing: ``--help`` is answered while parsing."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def configured_lang() -> str | None:
    from hipcoach.settings import load_or_default

    return load_or_default()[0].language


def argv_lang(ctx: Any) -> str | None:
    """The ``--lang`` given anywhere on the command line (a command's own too), as the
    root read it before parsing."""
    value = ctx.meta.get(_ARGV_LANG)
    return value if isinstance(value, str) else None


def invocation_lang(args: list[str]) -> Lang:
    return resolve_lang(lang_from_args(args), configured_lang())


# Typer's own options, whose help Typer writes in English: translated, like every help
# text, by that English text (these keys exist for them; tests/test_i18n.py sees them here)
TYPERS_OWN_HELP = ("help.help", "help.install_completion", "help.show_completion")


@functools.cache
def _japanese_help() -> dict[str, str]:
    return {en: ja for key, (en, ja) in MESSAGES.items() if key.startswith("help.")}


def translated(english: str, lang: Lang) -> str:
    """A help text declared in English, in ``lang`` (as is when it has no translation)."""
    return _japanese_help().get(english, english) if lang == "ja" else english


def _typer_words(extras: str, lang: Lang) -> str:
    if lang == "ja":
        for pattern, japanese in _TYPER_WORDS_JA:
            extras = pattern.sub(japanese, extras)
    return extras


# Python hands bytes that are not UTF-8 in arguments and the environment over as lone
# surrogates: printed or written to the log they raise UnicodeEncodeError, after a
# session may already be saved without its check-in. So they are refused up front.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def refuse_undecodable(args: list[str], environ: Mapping[str, str]) -> None:
    """Exit 2 with one line naming the option (or variable) whose value is not UTF-8."""
    for index, arg in enumerate(args):
        if (bad := _UNDECODABLE.search(arg)) is not None:
            _refuse(_option_of(args, index), bad.group())
    for name, value in environ.items():
        if name.startswith("HIPCOACH_") and (bad := _UNDECODABLE.search(value)):
            _refuse(name, bad.group())


def _option_of(args: list[str], index: int) -> str:
    arg = args[index]
    if arg.startswith("--") and "=" in arg:
        return _UNDECODABLE.sub("?", arg.split("=", 1)[0])
    if index > 0 and args[index - 1].startswith("-") and not _UNDECODABLE.search(args[index - 1]):
        return args[index - 1]
    return t("cli.argument_n", n=index + 1)


def _refuse(where: str, surrogate: str) -> None:
    byte = f"{ord(surrogate) - 0xDC00:02x}"
    typer.echo(t("cli.not_utf8", option=where, byte=byte), err=True)
    raise typer.Exit(ExitCode.USER_ERROR)


class _Localized:
    """What hipcoach's group and commands share: the language noted, help drawn by us.

    ``ctx`` is typed ``Any``: Typer's methods take the base of ``typer.Context``, which
    only a private module names.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the root sees every argument, before any command runs
            refuse_undecodable(args, os.environ)
        ctx.meta.setdefault(_ARGV_LANG, lang_from_args(args))
        return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        lang = resolve_lang(argv_lang(ctx), configured_lang())
        _print_help(self, ctx, lang)  # type: ignore[arg-type]


class LocalizedCommand(_Localized, TyperCommand):
    pass


class LocalizedGroup(_Localized, TyperGroup):
    pass


def _print_help(command: TyperCommand | TyperGroup, ctx: typer.Context, lang: Lang) -> None:
    """Usage, description, then panels of arguments, options and commands, as Typer draws
    them, but in ``lang`` and with long words folded instead of cut."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = Console(highlight=False)
    pieces = " ".join(command.collect_usage_pieces(ctx))
    console.print(Padding(Text(f"{t('cli.usage', lang=lang)}{ctx.command_path} {pieces}"), 1))
    if command.help:
        console.print(Padding(Text(translated(command.help, lang)), (0, 1, 1, 1)))
    arguments, options = _parameter_rows(command, ctx, lang)
    if arguments:
        console.print(_panel(t("cli.arguments", lang=lang), arguments))
    if options:
        console.print(_panel(t("cli.options", lang=lang), options))
    if isinstance(command, TyperGroup):
        console.print(_panel(t("cli.commands", lang=lang), _command_rows(command, ctx, lang)))


def _parameter_rows(
    command: TyperCommand | TyperGroup, ctx: typer.Context, lang: Lang
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:  # hidden
            continue
        names, text = record
        english = getattr(param, "help", None) or ""
        extras = text.removeprefix(english).strip()
        row = (
            names,
            " ".join(p for p in (translated(english, lang), _typer_words(extras, lang)) if p),
        )
        (arguments if param.param_type_name == "argument" else options).append(row)
    return arguments, options


def _command_rows(group: TyperGroup, ctx: typer.Context, lang: Lang) -> list[tuple[str, str]]:
    rows = []
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            first_paragraph = translated(sub.help or "", lang).split("\n\n")[0]
            rows.append((name, first_paragraph))
    return rows


def _panel(title: str, rows: list[tuple[str, str]]) -> RenderableType:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")  # a Japanese sentence wraps instead of ending in "…"
    for names, text in rows:
        table.add_row(Text(names), Text(text))
    return Panel(table, title=title, title_align="left", border_style="dim")


def usage_error(exc: typer.TyperException, lang: Lang) -> list[str]:
    """A usage error as hipcoach words: the problem, then how to get help.

    Typer exports only ``BadParameter`` of its usage errors; the others are told apart
    by their public attributes (an unknown option carries its ``possibilities``).
    """
    import typer

    if hasattr(exc, "possibilities"):
        message = t("cli.no_such_option", lang=lang, name=getattr(exc, "option_name", "?"))
        if exc.possibilities:
            choices = ", ".join(sorted(exc.possibilities))
            message += " " + t("cli.did_you_mean", lang=lang, options=choices)
    elif isinstance(exc, typer.BadParameter) and not exc.message:  # a missing value
        message = t("cli.missing", lang=lang, param=_param_name(exc))
    elif isinstance(exc, typer.BadParameter):
        reason = _reason(exc.message, lang)
        message = t("cli.bad_value", lang=lang, param=_param_name(exc), reason=reason)
    else:
        message = exc.format_message()
    if not message:  # help shown in place of an error (a group run without a command)
        return []
    from hipcoach.errors import printable

    lines = [f"hipcoach: {printable(message)}"]  # it may quote what was typed, controls too
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and exc.exit_code == 2:
        lines.append(t("cli.try_help", lang=lang, command=ctx.command_path))
    return lines


# Why a value was refused, as Typer (through pydantic) words it, and as hipcoach says it
# in the user's language; a reason not listed here is shown as Typer gave it.
_REASONS = (
    (re.compile(r"^Input should be less than or equal to (?P<limit>\S+)$"), "cli.at_most"),
    (re.compile(r"^Input should be greater than or equal to (?P<limit>\S+)$"), "cli.at_least"),
    (re.compile(r"^Input should be less than (?P<limit>\S+)$"), "cli.below"),
    (re.compile(r"^Input should be greater than (?P<limit>\S+)$"), "cli.above"),
    (re.compile(r"^Input should be a valid integer\b"), "cli.whole_number"),
    (re.compile(r"^Input should be a valid number\b"), "cli.number"),
    (re.compile(r"^Input should be a valid boolean\b"), "cli.yes_or_no"),
    (re.compile(r"^(?P<value>'.*') is not one of (?P<choices>.+)\.$"), "cli.one_of"),
)


def _reason(typers: str, lang: Lang) -> str:
    text = typers.removeprefix("Value error, ")  # pydantic's prefix says nothing
    for pattern, key in _REASONS:
        if match := pattern.search(text):
            return t(key, lang=lang, **match.groupdict())
    return text


def _param_name(exc: typer.BadParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return "?"
