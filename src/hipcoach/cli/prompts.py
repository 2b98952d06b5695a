"""Questions asked at the terminal: one way to read a line and one meaning of yes and no.

Every yes/no question reads the same words in both languages (full-width letters too):
Enter takes the question's default, a word it does not know and a closed input are
"no", so nothing starts on an answer hipcoach did not understand.
"""

from __future__ import annotations

import unicodedata

YES = frozenset({"y", "yes", "はい"})  # any other word (n, no, q, いいえ, ...) is no


def ask_line(question: str) -> str | None:
    """The line typed after ``question``, stripped; None when the input is closed."""
    try:
        return input(question).strip()
    except EOFError:
        return None


def ask_yes_no(question: str, *, default: bool) -> bool:
    answer = ask_line(question)
    if answer is None:
        return False
    word = unicodedata.normalize("NFKC", answer).lower()
    if not word:
        return default
    return word in YES
