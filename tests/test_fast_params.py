"""The plain-parameter coercion gives what Typer's pydantic adapter gives."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from typer._adapters import try_build_adapter
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import AdapterRuntimeParam, TypeDescriptor
from typer.core import TyperCommand
from typer.models import ArgumentInfo, OptionInfo

from hipcoach.cli.fast_params import PlainRuntimeParam, is_plain


class Colour(Enum):
    red = "red"
    blue = "blue"


CASES: list[tuple[Any, OptionInfo, list[Any]]] = [
    (str, OptionInfo(), ["x", "", "日本"]),
    (int, OptionInfo(), ["5", "-3", "0", "abc", "5.0", "5.5", "1e3", " 7 ", "+4", "5."]),
    (float, OptionInfo(), ["2.5", "1e3", "-0.5", "x", "10"]),
    (int, OptionInfo(min=1, max=10), ["1", "10", "0", "11"]),
    (float, OptionInfo(min=0.1), ["0.1", "0.05", "100"]),
    (int, OptionInfo(min=1, max=5, clamp=True), ["0", "9", "3"]),
    (bool, OptionInfo(), ["true", "no", "1", "off", "maybe"]),
    (Path, OptionInfo(), ["a/b.yaml", "-"]),
    (Colour, OptionInfo(), ["red", "blue", "green"]),
    (Colour, OptionInfo(case_sensitive=False), ["RED", "Blue", "x"]),
    (Colour | None, OptionInfo(), ["red", "nope"]),
    (list[Path], ArgumentInfo(), [["a.yaml", "b.yaml"], []]),
    (list[int], OptionInfo(), [["1", "2"], ["1", "x"]]),
]


def outcome(param: Any, value: Any) -> tuple[str, Any]:
    context = Context(TyperCommand("t"))
    try:
        return ("ok", param.coerce(value, param=_FakeParam(), ctx=context))
    except BadParameter as exc:
        return ("error", exc.message)


class _FakeParam:
    multiple = False
    nargs = 1


@pytest.mark.parametrize(("annotation", "info", "values"), CASES)
def test_same_results_as_typer(annotation: Any, info: OptionInfo, values: list[Any]) -> None:
    descriptor = TypeDescriptor(annotation=annotation, parameter_info=info, file_annotation=None)
    assert is_plain(descriptor)
    adapter = try_build_adapter(annotation, info)
    assert adapter is not None
    typers = AdapterRuntimeParam(parameter_info=info, annotation=annotation, adapter=adapter)
    ours = PlainRuntimeParam(parameter_info=info, annotation=annotation)
    for value in values:
        expected, got = outcome(typers, value), outcome(ours, value)
        assert got[0] == expected[0], (value, expected, got)
        if got[0] == "ok":
            assert got[1] == expected[1] and type(got[1]) is type(expected[1]), value


@pytest.mark.parametrize(
    ("annotation", "info"),
    [
        (Path, OptionInfo(exists=True)),
        (Path, OptionInfo(dir_okay=False)),
        (Path, OptionInfo(resolve_path=True)),
        (str, OptionInfo(parser=str.upper)),
        (tuple[int, int], OptionInfo()),
        (dict, OptionInfo()),
    ],
)
def test_anything_else_stays_with_typer(annotation: Any, info: OptionInfo) -> None:
    descriptor = TypeDescriptor(annotation=annotation, parameter_info=info, file_annotation=None)
    assert not is_plain(descriptor)
