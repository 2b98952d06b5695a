"""Arguments and HIPCOACH_ variables holding bytes that are not UTF-8.

Python passes them on as lone surrogates, which raise UnicodeEncodeError wherever they
are printed or stored. The promise: exit 2, one line naming the option, and nothing
written (no session without its check-in, no settings file).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reliability.test_faults import RUN
from tests.reliability.test_hostile_input import Outcome, hipcoach

pytestmark = pytest.mark.reliability

BAD = os.fsdecode(b"a\xffb")  # what Python makes of the bytes a shell passes for $'a\xffb'

CASES = {
    "checkin --note": (("checkin", "--effort", "3", "--note", BAD), "--note"),
    "run --note": ((*RUN, "--note", BAD), "--note"),
    "checkin --pain-where": (("checkin", "--pain", "2", f"--pain-where={BAD}"), "--pain-where"),
    "config set voice_command": (("config", "set", "voice_command", BAD), "argument 4"),
    "a file name": (("import", BAD), "argument 2"),
}


def assert_refused(outcome: Outcome, option: str) -> None:
    assert outcome.code == 2, outcome
    assert outcome.err == f"{option}: not valid UTF-8 (byte ff); nothing was done\n", outcome
    assert outcome.out == "", outcome


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_written(
    isolated: Path, case: str
) -> None:
    args, option = CASES[case]
    assert_refused(hipcoach(*args), option)
    assert not isolated.exists()  # no log, no settings, no cache


def test_a_variable_that_is_not_utf8_is_refused(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setenv("HIPCOACH_NOW", BAD)
        assert_refused(hipcoach("today"), "HIPCOACH_NOW")
    assert not isolated.exists()


def test_the_harness_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_refused(Outcome(("today",), 1, "", "internal error (UnicodeEncodeError)", 0), "x")
