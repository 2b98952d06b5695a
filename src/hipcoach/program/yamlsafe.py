"""Load YAML safely, the YAML 1.2 way, keeping source positions for error messages.

PyYAML speaks YAML 1.1, where ``no`` is false, ``1:30`` is 90 and ``2024-01-01`` is a
date. Program files are written by people, so we resolve plain scalars with the
YAML 1.2 core schema instead (those stay text) and let the models reject what does
not fit. Files are composed to a node graph first, so we can refuse what a loader
should never build (unknown tags, alias bombs, recursive aliases, deep nesting)
before constructing anything, and find the line of any value afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from hipcoach.errors import HipcoachError, Problem
from hipcoach.i18n import t

MAX_FILE_BYTES = 1 << 20  # program and settings files are a few KiB; 1 MiB is generous
MAX_DEPTH = 64  # nesting, counted after aliases are expanded
MAX_EXPANDED_NODES = 100_000  # values, counted after aliases are expanded
MAX_NUMBER_DIGITS = 30

_TAG = "tag:yaml.org,2002:"
_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes with the YAML 1.2 core schema's implicit types only."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]:
    _Yaml12Loader.add_implicit_resolver(_TAG + _tag, re.compile(_pattern), list(_first))


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the node graph it came from."""

    name: str
    data: Any
    root: yaml.Node | None = field(repr=False, default=None)

    def problem(self, loc: Sequence[str | int], message: str, *, at_key: bool = False) -> Problem:
        """A problem located at the deepest node of ``loc`` that exists in the file.

        Args:
            loc: the path of keys and list indices, as pydantic reports it.
            message: what is wrong.
            at_key: point at the key rather than its value (for unknown keys).
        """
        node, found = self._locate(loc, at_key=at_key)
        line = node.start_mark.line + 1 if node is not None else None
        column = node.start_mark.column + 1 if node is not None else None
        return Problem(self.name, message, line, column, format_loc(loc[:found]) or None)

    def _locate(self, loc: Sequence[str | int], *, at_key: bool) -> tuple[yaml.Node | None, int]:
        """The node to point at, and how much of ``loc`` names what is in the file."""
        node = self.root
        key_node: yaml.Node | None = None
        for depth, part in enumerate(loc):
            if isinstance(node, yaml.ScalarNode):
                # the model read more into one value (``reps: 200`` stands for min and max)
                return node, depth
            child = _child(node, part)
            if child is None:  # a missing field: point at the key of the mapping it belongs in
                return (key_node if key_node is not None else node), len(loc)
            key_node, node = child
        return (key_node if at_key and key_node is not None else node), len(loc)


def format_loc(loc: Sequence[str | int]) -> str:
    """``("steps", 0, "dose", "hold")`` → ``steps[0].dose.hold``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return None, node.value[part]
    return None


def read_yaml_file(path: Path, name: str | None = None) -> Document:
    """Read and parse a YAML file, refusing files over 1 MiB and bytes that are not UTF-8.

    Raises:
        HipcoachError: the file cannot be read, or is not safe, well-formed YAML.
    """
    from hipcoach.files import read_regular

    shown = name or str(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise HipcoachError(f"{shown}: {t('yaml.unreadable', reason=reason)}") from None
    return parse_yaml_bytes(raw, shown)


def parse_yaml_bytes(raw: bytes, name: str) -> Document:
    """Decode UTF-8 (a BOM is allowed) and parse; see :func:`parse_yaml_text`."""
    if len(raw) > MAX_FILE_BYTES:
        raise HipcoachError(f"{name}: {t('yaml.too_big')}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = t("yaml.not_utf8", byte=f"{raw[exc.start]:02x}")
        raise HipcoachError.from_problems([Problem(name, message, line, column)]) from None
    return parse_yaml_text(text, name)


def parse_yaml_text(text: str, name: str) -> Document:
    """Parse one YAML document into plain data (dict, list, str, int, float, bool, None).

    Raises:
        HipcoachError: with every problem found, each naming line and column.
    """
    root = _compose(text, name)
    if root is None:
        return Document(name, None, None)
    _check_shape(root, name)
    builder = _Builder(name)
    data = builder.build(root)
    if builder.problems:
        raise HipcoachError.from_problems(builder.problems)
    return Document(name, data, root)


def _compose(text: str, name: str) -> yaml.Node | None:
    loader = _Yaml12Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        message = t("yaml.invalid", detail=detail.replace("\n", " "))
        line, column = _within(text, mark.line, mark.column) if mark else (None, None)
        raise HipcoachError.from_problems([Problem(name, message, line, column)]) from None
    except yaml.reader.ReaderError as exc:
        detail = f"{exc.reason} (character {exc.character!r})"
        problem = Problem(name, t("yaml.invalid", detail=detail))
        raise HipcoachError.from_problems([problem]) from None
    except yaml.YAMLError as exc:
        message = t("yaml.invalid", detail=str(exc).replace("\n", " "))
        raise HipcoachError.from_problems([Problem(name, message)]) from None
    except RecursionError:
        problem = Problem(name, t("yaml.too_deep", n=MAX_DEPTH))
        raise HipcoachError.from_problems([problem]) from None
    finally:
        loader.dispose()
    return node


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A 1-based position inside the text: the parser reports the end of the stream as
    the line after the last one."""
    lines = text.splitlines() or [""]
    if line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return line + 1, column + 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root: yaml.Node, name: str) -> None:
    """Refuse recursive aliases, deep nesting and alias bombs, without recursion."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (depth, expanded size)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            kids = [measured[id(kid)] for kid in _children(node)]
            depth = 1 + max((d for d, _ in kids), default=0)
            size = 1 + sum(s for _, s in kids)
            measured[key] = (depth, size)
            open_nodes.discard(key)
            if depth > MAX_DEPTH:
                _refuse(name, node, t("yaml.too_deep", n=MAX_DEPTH))
            if size > MAX_EXPANDED_NODES:
                _refuse(name, node, t("yaml.bomb"))
            continue
        if key in measured:
            continue
        if key in open_nodes:
            _refuse(name, node, t("yaml.recursive"))
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in measured)


def _refuse(name: str, node: yaml.Node, message: str) -> None:
    mark = node.start_mark
    raise HipcoachError.from_problems([Problem(name, message, mark.line + 1, mark.column + 1)])


_INT_FORMS = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")


class _Builder:
    """Builds plain data from nodes, allowing only the YAML 1.2 core types."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.name, message, mark.line + 1, mark.column + 1))

    def build(self, node: yaml.Node) -> Any:
        tag = node.tag
        if isinstance(node, yaml.MappingNode):
            if tag == _TAG + "map":
                return self._mapping(node)
        elif isinstance(node, yaml.SequenceNode):
            if tag == _TAG + "seq":
                return [self.build(item) for item in node.value]
        else:
            return self._scalar(node)
        self._bad_tag(node)
        return None

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, str):
                self._problem(key_node, t("yaml.key_not_text", key=repr(key)))
                continue
            if key in result:
                self._problem(key_node, t("yaml.duplicate_key", key=repr(key)))
                continue
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null" and value in ("~", "null", "Null", "NULL", ""):
            return None
        if tag == _TAG + "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if tag == _TAG + "int":
            return self._int(node)
        if tag == _TAG + "float":
            return self._float(node)
        if tag in (_TAG + "null", _TAG + "bool"):
            self._bad_value(node)
        else:
            self._bad_tag(node)
        return None

    def _int(self, node: yaml.Node) -> int | None:
        value: str = node.value
        if not _INT_FORMS.match(value):
            self._bad_value(node)
            return None
        if len(value) > MAX_NUMBER_DIGITS:
            self._problem(node, t("yaml.number_too_large", value=value[:20] + "…"))
            return None
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)

    def _float(self, node: yaml.Node) -> float | None:
        value: str = node.value
        if len(value) > MAX_NUMBER_DIGITS:
            self._problem(node, t("yaml.number_too_large", value=value[:20] + "…"))
            return None
        lowered = value.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return float(lowered.replace(".", ""))
        try:
            return float(value)
        except ValueError:
            self._bad_value(node)
            return None

    def _bad_tag(self, node: yaml.Node) -> None:
        """Record the problem; the value becomes None, which is never used."""
        tag = node.tag.replace(_TAG, "!!")
        self._problem(node, t("yaml.bad_tag", tag=tag))

    def _bad_value(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self._problem(node, t("yaml.bad_value", value=repr(node.value), tag=tag))
