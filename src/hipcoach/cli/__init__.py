"""The command line: parses options, calls the core, renders, and maps errors to exit codes.

Only this package (and ``display``) knows there is a terminal. Heavy modules
(pydantic models, YAML, SQLite, Rich) are imported inside the commands that use
them, so ``hipcoach --version`` and ``--help`` start fast.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from hipcoach import __version__
from hipcoach.cli.localized import LocalizedCommand, LocalizedGroup, argv_lang, configured_lang
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import LANG_ENV, parse_lang, resolve_lang, set_language, t

if TYPE_CHECKING:
    from hipcoach.clock import WallClock
    from hipcoach.program.model import Program
    from hipcoach.program.plan import Overrides
    from hipcoach.settings import Settings


DEBUG_ENV = "HIPCOACH_DEBUG"


def h(key: str) -> str:
    """A help text, declared in English: the help screen translates it when drawn, once
    the invocation's language is known (see :mod:`hipcoach.cli.localized`)."""
    return t(key, lang="en")


class LangChoice(StrEnum):
    en = "en"
    ja = "ja"


LangOption = Annotated[
    LangChoice | None, typer.Option("--lang", help=h("help.lang"), show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help=h("help.json"))]

app = typer.Typer(
    name="hipcoach",
    cls=LocalizedGroup,
    help=h("help.app"),
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Environment:
    """What one invocation takes from the world beyond its arguments, built once at the
    root and handed down (as httpie's ``Environment``): today, the wall clock and zone.

    ``main()`` makes one from the process environment; a test hands its own to
    ``CliRunner().invoke(app, args, obj=Environment(clock=WallClock.fixed(...)))``.
    """

    def __init__(self, clock: WallClock | None = None) -> None:
        self._clock = clock

    @property
    def clock(self) -> WallClock:
        """Built on first use, so a bad ``HIPCOACH_NOW`` fails inside a command's error
        boundary (one line, exit 2) and commands that need no clock never read it."""
        if self._clock is None:
            from hipcoach.clock import WallClock

            self._clock = WallClock.from_environment(os.environ)
        return self._clock


def environment(ctx: typer.Context) -> Environment:
    """The invocation's environment, from the root context (made there if missing)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment()
    return root.obj


def wall_clock(ctx: typer.Context) -> WallClock:
    return environment(ctx).clock


@functools.cache
def user_settings() -> Settings:
    """The settings file, read once per invocation.

    Raises:
        HipcoachError: the file is unreadable or has a bad value (commands that need it fail).
    """
    from hipcoach.settings import load

    return load()


def chosen_program(name: str | None) -> Program:
    """The program named, else the settings' default program."""
    from hipcoach.program.catalog import find_program

    entry = find_program(name or user_settings().default_program)
    assert entry.program is not None
    return entry.program


def plan_overrides(interactive: bool) -> Overrides:
    """The user's get-ready and rest lengths; without a keyboard self-paced sets are timed."""
    from hipcoach.program.plan import Overrides

    current = user_settings()
    return Overrides(
        get_ready=current.get_ready_seconds,
        first_get_ready=current.first_get_ready_seconds,
        rest=current.rest_seconds,
        pace_self_paced=not interactive,
    )


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    """Live screens only on a real terminal that can move the cursor."""
    return sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


def print_error(exc: HipcoachError) -> None:
    for line in exc.lines():
        typer.echo(line, err=True)


F = TypeVar("F", bound=Callable[..., Any])

# the machine said no: not a bug in hipcoach, and nothing a traceback would explain
_ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)


def _environment_failure(exc: Exception) -> HipcoachError | None:
    """A full disk, a read-only folder, a damaged log: the user's error, with a hint."""
    if "hipcoach.log.store" in sys.modules:  # loaded by whoever used the log
        from hipcoach.log.store import log_failure

        if (failure := log_failure(exc)) is not None:
            return failure
    if isinstance(exc, OSError) and exc.errno in _ENVIRONMENT_ERRNOS:
        where = f"{exc.filename}: " if exc.filename else "hipcoach: "
        return HipcoachError(f"{where}{exc.strerror}", hint=t("error.hint_doctor"))
    return None


def command(
    name: str, help_key: str, *, parent: typer.Typer | None = None, **settings: Any
) -> Callable[[F], F]:
    """Register a command (on ``parent``, default the main app) with the error boundary:
    user errors print one line each and exit 2; Ctrl-C exits 130 without a traceback."""

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            lang = kwargs.get("lang")
            if isinstance(lang, LangChoice):
                set_language(lang.value)
            try:
                return func(*args, **kwargs)
            except HipcoachError as exc:
                print_error(exc)
                raise typer.Exit(ExitCode.USER_ERROR) from None
            except KeyboardInterrupt:
                raise typer.Exit(ExitCode.INTERRUPTED) from None
            except Exception as exc:
                failure = _environment_failure(exc)
                if failure is None:
                    raise
                print_error(failure)
                raise typer.Exit(ExitCode.USER_ERROR) from None

        (parent or app).command(name, help=h(help_key), cls=LocalizedCommand, **settings)(guarded)
        return guarded  # type: ignore[return-value]

    return decorator


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"hipcoach {__version__}")
        raise typer.Exit()


def _check_lang_variable() -> None:
    """A HIPCOACH_LANG hipcoach cannot speak is a mistake to say, not to pass over."""
    value = os.environ.get(LANG_ENV, "").strip()
    if value and parse_lang(value) is None:
        raise HipcoachError(t("lang.bad_env", variable=LANG_ENV, value=repr(value)))


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help=h("help.version")),
    ] = False,
    lang: LangOption = None,
) -> None:
    user_settings.cache_clear()  # each invocation reads the file anew (tests run many)
    chosen = lang.value if lang else argv_lang(ctx)  # a command's --lang is parsed later
    set_language(resolve_lang(chosen, configured_lang()))
    try:  # read once here, so a bad HIPCOACH_NOW or HIPCOACH_TZ fails every command alike
        environment(ctx).clock  # noqa: B018 - handed down to every command in the context
        _check_lang_variable()
    except HipcoachError as exc:
        print_error(exc)
        raise typer.Exit(ExitCode.USER_ERROR) from None
    if ctx.invoked_subcommand is None:  # bare `hipcoach` is `hipcoach today`
        from hipcoach.cli.session import today_command

        today_command(ctx, program=None, yes=False, voice=None, json_=False, lang=lang)


def main(env: Environment | None = None) -> None:
    """Entry point of the ``hipcoach`` script and ``python -m hipcoach``."""
    try:
        code = app(prog_name="hipcoach", standalone_mode=False, obj=env or Environment())
    except typer.TyperException as exc:  # a usage error: one line, and how to get help
        from hipcoach.cli.localized import invocation_lang, usage_error

        for line in usage_error(exc, invocation_lang(sys.argv[1:])):
            typer.echo(line, err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:  # Ctrl-C at a prompt Typer asked
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (``hipcoach log | head``): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.OK)
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        typer.echo(t("error.bug", kind=type(exc).__name__, detail=exc, env=DEBUG_ENV), err=True)
        sys.exit(ExitCode.BUG)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


# Commands register themselves on import.
from hipcoach.cli import assess as _assess  # noqa: E402, F401
from hipcoach.cli import checkin as _checkin  # noqa: E402, F401
from hipcoach.cli import config as _config  # noqa: E402, F401
from hipcoach.cli import doctor as _doctor  # noqa: E402, F401
from hipcoach.cli import history as _history  # noqa: E402, F401
from hipcoach.cli import programs as _programs  # noqa: E402, F401
from hipcoach.cli import runs as _runs  # noqa: E402, F401
from hipcoach.cli import safety as _safety  # noqa: E402, F401
from hipcoach.cli import session as _session  # noqa: E402, F401
