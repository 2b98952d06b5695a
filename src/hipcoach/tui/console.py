"""Where the commands print: consoles that honour NO_COLOR, TERM=dumb and pipes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, RenderableType

if TYPE_CHECKING:  # only named in signatures: a command imports just what it uses
    pass


def stdout_console() -> Console:
    """Rich decides colour and width from the terminal; NO_COLOR and TERM=dumb are honoured."""
    return Console(highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def emit(renderable: RenderableType, console: Console | None = None) -> None:
    """Print; when the output is not a terminal, without the padding spaces Rich adds."""
    console = console or stdout_console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")
