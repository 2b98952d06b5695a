"""The catalogue: program files found on disk (built-in, then the user's), loaded through
their snapshots when unchanged, else validated by :mod:`hipcoach.program.fileformat`."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
from hipcoach.program import snapshots
from hipcoach.program.model import Program, from_data

# --- loading, with snapshots of validated files ------------------------------------------


def load_program_file(path: Path, name: str | None = None) -> Program:
    """A program from its file: the snapshot when the file is unchanged, else validated.

    Raises:
        HipcoachError: every problem, each as ``FILE:LINE:COL: field: message``.
    """
    stamp = snapshots.stamp(path, name)
    saved = snapshots.read(path, stamp)
    if saved is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):  # not a shape we wrote
            return from_data(Program, saved["program"])
    from hipcoach.program.fileformat import validate_file
    from hipcoach.program.plan import program_summary

    data = validate_file(path, name)
    program = from_data(Program, data)
    snapshots.write(path, stamp, data, program_summary(program))
    return program


def load_program_text(text: str, name: str) -> Program:
    """A program from YAML text (always validated)."""
    from hipcoach.program.fileformat import validate_text

    return from_data(Program, validate_text(text, name))


# --- finding programs --------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """A program file found on disk: valid (``program``) or not (``error``)."""

    path: Path
    builtin: bool
    program: Program | None = None
    error: HipcoachError | None = None
    shadows_builtin: bool = False

    @property
    def id(self) -> str | None:
        if self.program is not None:
            return self.program.id
        return self.path.stem


def _entry(path: Path, builtin: bool) -> CatalogEntry:
    try:
        return CatalogEntry(path, builtin, load_program_file(path))
    except HipcoachError as exc:
        return CatalogEntry(path, builtin, error=exc)


def catalog() -> list[CatalogEntry]:
    """Built-in programs, then the user's own; a user program may not take a built-in's id."""
    builtins = [_entry(p, True) for p in paths.program_files(paths.builtin_programs_dir())]
    taken = {entry.id for entry in builtins if entry.program}
    users = []
    for path in paths.program_files(paths.user_programs_dir()):
        entry = _entry(path, False)
        if entry.program is not None and entry.id in taken:
            entry = dataclasses.replace(entry, shadows_builtin=True)
        users.append(entry)
    return builtins + users


def looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def find_program(name: str, entries: Sequence[CatalogEntry] | None = None) -> CatalogEntry:
    """A program by id (built-in first, then the user's), or by the path of its file.

    An invalid user file is matched by its file name, so its problems are reported.

    Raises:
        HipcoachError: no such program, or its file is not valid.
    """
    if looks_like_path(name):
        path = Path(name).expanduser()
        return CatalogEntry(path, False, load_program_file(path, name))
    entries = catalog() if entries is None else entries
    for entry in entries:
        if entry.id == name and not entry.shadows_builtin:
            if entry.error is not None:
                raise entry.error
            return entry
    available = ", ".join(
        sorted({e.program.id for e in entries if e.program and not e.shadows_builtin})
    )
    raise HipcoachError(t("program.unknown", name=name, available=available or "-"))
