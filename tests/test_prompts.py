"""One meaning of yes and no for every question hipcoach asks at the terminal."""

from __future__ import annotations

import pytest

from hipcoach.cli.prompts import ask_line, ask_yes_no


def answering(monkeypatch: pytest.MonkeyPatch, typed: str | None) -> None:
    def fake_input(question: str) -> str:
        if typed is None:
            raise EOFError
        return typed

    monkeypatch.setattr("builtins.input", fake_input)


@pytest.mark.parametrize("typed", ["y", "Y", "yes", " YES ", "はい", "ｙ", "ｙｅｓ"])
def test_yes_in_either_language_and_width(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    answering(monkeypatch, typed)
    assert ask_yes_no("?", default=False) is True


@pytest.mark.parametrize("typed", ["n", "no", "q", "いいえ", "ｑ", "x", "yep", "0"])
def test_no_and_anything_unknown_is_no(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    answering(monkeypatch, typed)
    assert ask_yes_no("?", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_enter_takes_the_default(monkeypatch: pytest.MonkeyPatch, default: bool) -> None:
    answering(monkeypatch, "  ")
    assert ask_yes_no("?", default=default) is default


def test_a_closed_input_is_no_and_no_line(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(monkeypatch, None)
    assert ask_yes_no("?", default=True) is False
    assert ask_line("?") is None
