"""The one exception type for problems a user can fix, and the exit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; documented in the README."""

    OK = 0
    BUG = 1  # an unexpected error: a bug in hipcoach
    USER_ERROR = 2  # bad input (program file, import file, settings, arguments)
    PROBLEMS_FOUND = 3  # hipcoach doctor found something to fix
    STOPPED = 4  # a safety stop is in force: no session was started
    INTERRUPTED = 130  # 128 + SIGINT: the user pressed Ctrl-C


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {text}"


# all control characters but tab, the Unicode line and paragraph separators, which
# Python's splitlines() (and some editors) take for line breaks, and the bidirectional
# controls, which reorder what follows them on screen
_CONTROL = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# in a document for the terminal: the same, but tab, newline and CR before a newline stay
_IN_DOCUMENT = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
    r"\u202a-\u202e\u2066-\u2069]|\r(?!\n|$)"
)


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``, ``\\n``): what a file,
    the log or an argument holds can then neither drive the terminal (colours, the
    window title, clearing the screen) nor split one problem over several lines."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def terminal_safe(text: str) -> str:
    """A chunk of a document (CSV, HTML, Markdown, iCalendar) written to stdout, with the
    control characters user text may hold shown as escapes: ESC, BEL and C1 would reach
    the terminal raw (OSC 52 sets the clipboard, CSI 2J clears the screen). Line breaks
    stay, so the document keeps its shape; a file written with ``-o`` is written exactly."""
    return _IN_DOCUMENT.sub(lambda match: repr(match.group())[1:-1], text)


class HipcoachError(Exception):
    """A problem the user can fix; the CLI prints it on one line per problem and exits 2.

    Args:
        message: what went wrong, naming file, line and field where there is one.
        problems: every problem found, when there are several (all reported at once).
        hint: a command or action that fixes it, printed after the message.
    """

    def __init__(
        self, message: str, *, problems: list[Problem] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.hint = hint

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> HipcoachError:
        return cls("\n".join(str(p) for p in problems), problems=problems)

    def lines(self) -> list[str]:
        """The lines to print: one per problem, then the hint (control characters escaped)."""
        body = [str(p) for p in self.problems] if self.problems else [str(self)]
        return [printable(line) for line in body + ([self.hint] if self.hint else [])]
