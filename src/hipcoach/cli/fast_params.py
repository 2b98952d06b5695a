"""Coerce plain option values without pydantic: a measured start-up saving.

Typer 0.29 coerces every parameter through a pydantic ``TypeAdapter`` built when a
command runs, even an option left at its default. That imports pydantic and builds
schemas: about 60 ms on every command on the reference machine (bench/startup.py),
more than the rest of hipcoach's start-up. hipcoach's options are plain values
(text, numbers, paths, enums, flags, lists of them); for exactly those this module
does what Typer's adapter does (same values accepted and refused), and hands every other
annotation (files, dates, custom parsers, path checks) back to Typer. Typer is
pinned below 0.30, and tests compare both ways of coercing value by value.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from typer import core as typer_core
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor
from typer._param_types import coerce_cli_choice
from typer.models import ParameterInfo

from hipcoach.i18n import t

_LEAVES = (str, int, float, bool, Path)
_WHOLE_WITH_ZEROS = re.compile(r"^\s*[+-]?\d+\.0+\s*$")


def _leaf(annotation: Any) -> Any:
    """``list[X]``, ``X | None`` and ``Optional[X]`` → ``X``."""
    origin = typing.get_origin(annotation)
    if origin is list:
        (annotation,) = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _has_path_checks(info: ParameterInfo) -> bool:
    return bool(
        info.exists
        or not info.file_okay
        or not info.dir_okay
        or info.writable
        or not info.readable
        or info.resolve_path
        or info.allow_dash
        or info.path_type is not None
    )


def is_plain(descriptor: TypeDescriptor) -> bool:
    """True when this module can coerce the parameter exactly as Typer would."""
    info = descriptor.parameter_info
    if descriptor.is_file or descriptor.is_tuple or info.parser is not None:
        return False
    if getattr(info, "click_type", None) is not None:
        return False
    leaf = _leaf(descriptor.annotation)
    if leaf is Path:
        return not _has_path_checks(info)
    if isinstance(leaf, type) and issubclass(leaf, Enum):
        return True
    return leaf in _LEAVES


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Coerces str, int, float, bool, Path and Enum values, alone or in lists."""

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        if isinstance(value, list | tuple):
            return type(value)(self._one(item, param, ctx) for item in value)
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Context) -> Any:
        leaf = _leaf(self.annotation)
        try:
            if isinstance(leaf, type) and issubclass(leaf, Enum):
                try:
                    return coerce_cli_choice(
                        value,
                        choices=tuple(leaf),
                        case_sensitive=self.parameter_info.case_sensitive,
                        ctx=ctx,
                    )
                except ValueError:
                    choices = ", ".join(repr(choice.value) for choice in leaf)
                    raise ValueError(t("cli.not_one_of", value=value, choices=choices)) from None
            if leaf is bool:
                return _bool(value)
            if leaf in (int, float):
                return self._number(leaf, value)
            if leaf is Path:
                return value if isinstance(value, Path) else Path(value)
            return value if isinstance(value, str) else str(value)
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None

    def _number(self, kind: type[int] | type[float], value: Any) -> int | float:
        if kind is int and isinstance(value, str) and _WHOLE_WITH_ZEROS.match(value):
            value = value.strip().split(".")[0]  # pydantic accepts "5.0" as 5
        try:
            number = kind(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None:
            key = "cli.not_integer" if kind is int else "cli.not_number"
            raise ValueError(t(key, value=value))
        low, high = self.parameter_info.min, self.parameter_info.max
        if self.parameter_info.clamp:
            if low is not None and number < low:
                return kind(low)
            if high is not None and number > high:
                return kind(high)
        elif (low is not None and not number >= low) or (high is not None and not number <= high):
            # written so that nan is out of every range (Typer's own check lets it through)
            raise ValueError(t("cli.out_of_range", value=number, range=_range_text(low, high)))
        return number


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low}<=x<={high}"
    return f"x>={low}" if low is not None else f"x<={high}"


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off", ""}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(t("cli.not_boolean", value=value))


def install() -> None:
    """Route plain parameters to :class:`PlainRuntimeParam`; others keep Typer's way."""
    parameter_class = typer_core._TyperParameter
    typers_own = parameter_class.get_runtime_param
    if getattr(typers_own, "_hipcoach_plain", False):
        return

    def get_runtime_param(self: Any) -> RuntimeParam:
        if self._runtime_param is None and is_plain(self.type_descriptor):
            descriptor = self.type_descriptor
            self._runtime_param = PlainRuntimeParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return typers_own(self)

    get_runtime_param._hipcoach_plain = True  # type: ignore[attr-defined]
    parameter_class.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
