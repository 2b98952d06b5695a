"""Reading an export file record by record: JSON Lines streamed, so memory stays flat in
the file's size; a JSON document (one object) parsed whole, as json can only do.

Each record comes out raw (``where`` in the document, its line, the parsed value) for
the importer to validate. The file is opened only when it is a regular file, and the
bytes read are counted against the limit whatever its size claims.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from hipcoach.errors import HipcoachError, Problem
from hipcoach.files import open_regular
from hipcoach.i18n import t
from hipcoach.log.interchange import EXPORT_FORMAT, EXPORT_VERSION

MAX_IMPORT_BYTES = 512 << 20

RawRecord = tuple[str, int | None, Any]  # where ("sessions[3]", or "" in JSON Lines), line, value


class _Header(BaseModel):
    model_config = ConfigDict(extra="allow")
    format: str
    version: int


def raw_records(path: Path) -> Iterator[RawRecord]:
    """Every record of the export at ``path``, in file order, header checked first.

    Raises:
        HipcoachError: unreadable, too big, not UTF-8, empty, not JSON, not an export.
    """
    name = str(path)
    lines = _lines(path, name)
    for number, line in lines:
        if not line.strip():
            continue
        first = _maybe_object(line)
        if first is not None and "sessions" not in first:  # JSON Lines: a header object
            _check_header(first, name, number)
            yield from _jsonl_records(lines, name)
        else:  # a JSON document: the rest of the file belongs to it
            text = line + "".join(rest for _, rest in lines)
            yield from _json_records(text, name, number)
        return
    raise HipcoachError(f"{name}: {t('import.empty')}")


def _lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """The file's lines, numbered and decoded, read a line at a time up to the limit."""
    read = 0
    try:
        with open_regular(path) as handle:
            for number, raw in enumerate(handle, 1):
                if read + len(raw) > MAX_IMPORT_BYTES:
                    raise HipcoachError(t("import.too_big", file=name))
                data = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
                try:
                    yield number, data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    offset = read + exc.start + len(raw) - len(data)
                    raise HipcoachError(f"{name}: {t('import.not_utf8', offset=offset)}") from None
                read += len(raw)
    except OSError as exc:
        raise HipcoachError(f"{name}: {t('yaml.unreadable', reason=exc.strerror)}") from None


def _maybe_object(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, a number too long, nested too deep
        return None
    return value if isinstance(value, dict) else None


def _loads(text: str, name: str, line: int | None) -> Any:
    """One JSON document; anything json refuses is one problem, at its line.

    Besides malformed JSON, json raises ValueError for an integer of more than 4300
    digits and RecursionError for arrays or objects nested about a thousand deep.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = exc.lineno if line is None else line
        problem = Problem(name, t("import.bad_json", detail=exc.msg), where, exc.colno)
    except (ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else "a number too long"
        problem = Problem(name, t("import.bad_json", detail=detail), line or 1)
    raise HipcoachError.from_problems([problem])


def _check_header(header: Any, name: str, line: int | None) -> None:
    try:
        parsed = _Header.model_validate(header)
    except ValidationError:
        raise HipcoachError.from_problems(
            [Problem(name, t("import.not_an_export"), line)]
        ) from None
    if parsed.format != EXPORT_FORMAT:
        raise HipcoachError.from_problems([Problem(name, t("import.not_an_export"), line)])
    if parsed.version > EXPORT_VERSION:
        raise HipcoachError.from_problems(
            [Problem(name, t("import.newer", version=parsed.version), line)]
        )


def _json_records(text: str, name: str, first_line: int) -> Iterator[RawRecord]:
    document = _loads(text, name, None)
    _check_header(document, name, first_line)
    if not isinstance(document, dict) or not isinstance(document.get("sessions"), list):
        raise HipcoachError.from_problems([Problem(name, t("import.no_sessions"), first_line)])
    offset = first_line - 1  # blank lines before the document
    for key, start in _LISTS:
        # a version 3 file has no runs, 2 no test results, 1 no check-ins
        records = document.get(key, [])
        if not isinstance(records, list):
            raise HipcoachError.from_problems(
                [Problem(name, t("import.not_a_list", key=key), first_line)]
            )
        lines = _record_lines(text, start, len(records))
        for index, raw in enumerate(records):
            yield f"{key}[{index}]", lines[index] + offset if lines else None, raw


# each list of a JSON export, and how its records begin on their lines as we write them
_LISTS = (
    ("sessions", r'\{"id"'),
    ("check_ins", r'\{"record": "check-in"'),
    ("test_results", r'\{"record": "test-result"'),
    ("runs", r'\{"record": "run"'),
)


def _record_lines(text: str, start: str, count: int) -> list[int] | None:
    """Line numbers of the records when the file has our layout (one record per line)."""
    starts = [n for n, line in enumerate(text.splitlines(), 1) if re.match(rf"^,?\s*{start}", line)]
    return starts if len(starts) == count else None


def _jsonl_records(lines: Iterator[tuple[int, str]], name: str) -> Iterator[RawRecord]:
    for number, line in lines:
        if line.strip():
            yield "", number, _loads(line, name, number)
