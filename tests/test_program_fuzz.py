"""Property: any YAML gives a valid program or one clean error, never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.errors import HipcoachError
from hipcoach.program.catalog import load_program_text
from hipcoach.program.model import Program
from tests.conftest import HIP_DROP, value_paths

BASE: dict[str, Any] = yaml.safe_load(HIP_DROP.read_text(encoding="utf-8"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["no", "1:30", "2024-01-01", "0o17", "~", ""]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def check(text: str) -> None:
    try:
        program = load_program_text(text, "fuzz.yaml")
    except HipcoachError as exc:
        assert exc.lines()
        assert all(line.startswith("fuzz.yaml") for line in exc.lines())
    else:
        assert isinstance(program, Program)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check(text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_random_structures(value: Any) -> None:
    check(yaml.safe_dump(value, allow_unicode=True))


PATHS = value_paths(BASE)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), values)
def test_one_value_of_a_real_program_replaced(path: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(BASE)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    check(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    from hipcoach.program.fileformat import validate_document
    from hipcoach.program.yamlsafe import parse_yaml_bytes

    try:
        validate_document(parse_yaml_bytes(raw, "fuzz.yaml"))
    except HipcoachError as exc:
        assert exc.lines()
