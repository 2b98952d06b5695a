"""Lines printed as the terminal shows them: wrapped between words (Japanese between
characters) to the terminal's width, so the terminal never splits a word; kept whole
when they go to a pipe or a file."""

from __future__ import annotations

import typer


def terminal_width(err: bool = False) -> int | None:
    """The width of the terminal the line goes to; None when it goes elsewhere (a pipe, a
    file: there the line is kept whole)."""
    import os
    import shutil
    import sys

    stream = sys.stderr if err else sys.stdout
    try:
        if not os.isatty(stream.fileno()):
            return None
    except (OSError, ValueError, AttributeError):
        return None
    return shutil.get_terminal_size().columns


def wrapped(text: str, width: int | None = None, *, err: bool = False) -> str:
    """``text`` wrapped between words (Japanese between characters, as the screen does) to
    the terminal's width, so the terminal never splits a word ("diagnos" / "is"); an
    indented line keeps its indent on every line it becomes."""
    from hipcoach.tui.prose import wrap

    width = terminal_width(err) if width is None else width
    if width is None:
        return text
    if text.endswith(" "):  # a prompt: room for the answer to start on its last line
        width -= 1
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = line[: len(line) - len(body)]
        if not body:
            lines.append(line)
            continue
        trailing = " " if body.endswith(" ") else ""  # a prompt's space before the answer
        lines += [indent + part for part in wrap(body, max(10, width - len(indent)))]
        lines[-1] = lines[-1].rstrip() + trailing
    return "\n".join(lines)


def say(text: str, *, err: bool = False) -> None:
    typer.echo(wrapped(text, err=err), err=err)
