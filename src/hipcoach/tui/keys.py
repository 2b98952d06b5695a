"""Key input from the terminal, and signals turned into keys.

While a session runs, the terminal is in cbreak mode (keys arrive one by one, not
echoed; Ctrl-C still raises SIGINT). Signals are caught by handlers that only write
a byte to a pipe, and ``wait`` selects on stdin and that pipe, so one ``select``
call waits for a key, a signal and the next tick alike. The saved terminal modes are
restored on every way out: the end of the ``with`` block, an exception, Ctrl-Z.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import termios
import tty
from collections.abc import Callable
from types import FrameType
from typing import Any

from hipcoach.session.engine import Key

_KEYS: dict[str, Key] = {
    " ": Key.PAUSE,
    "\u3000": Key.PAUSE,  # ideographic space: Japanese input on
    "p": Key.PAUSE,
    "s": Key.SKIP,
    "ｓ": Key.SKIP,
    "q": Key.QUIT,
    "ｑ": Key.QUIT,
    "\n": Key.ENTER,
    "\r": Key.ENTER,
}
_SIGNAL_KEYS: dict[int, Key] = {
    signal.SIGINT: Key.INTERRUPT,
    signal.SIGTERM: Key.TERMINATE,
    signal.SIGHUP: Key.TERMINATE,
    signal.SIGTSTP: Key.SUSPEND,
    signal.SIGWINCH: Key.REDRAW,
    signal.SIGCONT: Key.REDRAW,
}


def key_for(text: str) -> Key | None:
    """The key a piece of typed text means (escape sequences mean nothing)."""
    if text.startswith("\x1b"):
        return None
    for char in text:
        key = _KEYS.get(char.lower())
        if key is not None:
            return key
    return None


class TerminalKeys:
    """Keys from stdin (when it is a terminal) and from signals.

    Args:
        to_real: converts session seconds to real seconds (``--speed``).
        read_stdin: read keys; False when stdin is not a terminal (signals only).
    """

    def __init__(self, to_real: Callable[[float], float] = float, read_stdin: bool = True) -> None:
        self.to_real = to_real
        self.read_stdin = read_stdin
        self.fd = sys.stdin.fileno() if read_stdin else -1
        self.saved_modes: list[Any] | None = None
        self.saved_handlers: dict[int, Any] = {}
        self.pending: list[Key] = []
        self.last_signal: int | None = None
        self.wake_r, self.wake_w = -1, -1

    # --- life cycle ------------------------------------------------------------------------

    def __enter__(self) -> TerminalKeys:
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)  # draining must never wait
        os.set_blocking(self.wake_w, False)  # nor may a signal handler
        for signum in _SIGNAL_KEYS:
            self.saved_handlers[signum] = signal.signal(signum, self._on_signal)
        if self.read_stdin:
            self.saved_modes = termios.tcgetattr(self.fd)
            self.cbreak()
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()
        for signum, handler in self.saved_handlers.items():
            signal.signal(signum, handler)
        self.saved_handlers.clear()
        for fd in (self.wake_r, self.wake_w):
            os.close(fd)

    def cbreak(self) -> None:
        if self.saved_modes is not None:
            tty.setcbreak(self.fd, termios.TCSANOW)

    def restore(self) -> None:
        """Put the terminal back as it was (also before suspending or prompting)."""
        if self.saved_modes is not None:
            with contextlib.suppress(termios.error):  # the terminal is gone (SIGHUP)
                termios.tcsetattr(self.fd, termios.TCSANOW, self.saved_modes)

    # --- signals -----------------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        key = _SIGNAL_KEYS[signum]
        if key is Key.INTERRUPT and Key.INTERRUPT in self.pending:
            raise KeyboardInterrupt  # a second Ctrl-C before the first was handled
        if key in (Key.INTERRUPT, Key.TERMINATE):
            self.last_signal = signum
        self.pending.append(key)
        with contextlib.suppress(OSError):  # the pipe is full: a wake-up is already waiting
            os.write(self.wake_w, b"!")

    def suspend(self) -> None:
        """Stop the process as Ctrl-Z would, with the terminal restored; returns after ``fg``."""
        self.restore()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)
        finally:
            signal.signal(signal.SIGTSTP, self._on_signal)
            self.cbreak()

    # --- waiting -------------------------------------------------------------------------------

    def wait(self, timeout: float | None) -> Key | None:
        if self.pending:
            return self._drain()
        watched = [self.wake_r] + ([self.fd] if self.read_stdin else [])
        real = None if timeout is None else max(0.0, self.to_real(timeout))
        ready, _, _ = select.select(watched, [], [], real)
        if self.wake_r in ready:
            return self._drain()
        if self.fd in ready:
            return self._read_key()
        return None

    def _drain(self) -> Key | None:
        with contextlib.suppress(BlockingIOError):
            os.read(self.wake_r, 64)
        return self.pending.pop(0) if self.pending else None

    def _read_key(self) -> Key | None:
        try:
            data = os.read(self.fd, 64)
        except OSError:
            return Key.TERMINATE  # the terminal went away
        if not data:
            return Key.TERMINATE  # end of input: nobody is there any more
        return key_for(data.decode("utf-8", "replace"))

    def read_text(self) -> str | None:
        """Wait for typed text and return it as typed (for a number asked in the screen);
        None when a signal came first: its key stays pending for the engine."""
        if self.pending or not self.read_stdin:
            return None
        ready, _, _ = select.select([self.wake_r, self.fd], [], [])
        if self.wake_r in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(self.wake_r, 64)
            return None
        try:
            data = os.read(self.fd, 64)
        except OSError:
            data = b""
        if not data:  # the terminal went away
            self.pending.append(Key.TERMINATE)
            return None
        text = data.decode("utf-8", "replace")
        return "" if text.startswith("\x1b[") else text  # arrows and the like mean nothing

    def take_redraw(self) -> bool:
        """Take a pending redraw (a resize) if that is all that is pending."""
        if self.pending and all(key is Key.REDRAW for key in self.pending):
            self.pending.clear()
            return True
        return False

    def prompt(self, question: str) -> str:
        """Ask for a line of text with the terminal in its normal mode."""
        self.restore()
        try:
            return input(question)
        finally:
            self.cbreak()
