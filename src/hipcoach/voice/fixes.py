"""Commands that install what speech needs, as they work when pasted: on Debian and
Ubuntu (apt, package lists updated first, as a fresh machine or container has none) and
with Homebrew (macOS). Elsewhere there is no command to give, only the problem."""

from __future__ import annotations

from typing import Literal

from hipcoach.voice.common import Which

Need = Literal["espeak", "jtalk", "jtalk_dictionary", "player"]

APT_PACKAGES: dict[Need, str] = {  # all in Debian's main (Ubuntu: universe, on by default)
    "espeak": "espeak-ng",
    "jtalk": "open-jtalk open-jtalk-mecab-naist-jdic",  # the voice ships with hipcoach
    "jtalk_dictionary": "open-jtalk-mecab-naist-jdic",
    "player": "pulseaudio-utils",
}
BREW_FORMULAS: dict[Need, str] = {  # macOS plays with afplay, always there
    "espeak": "espeak-ng",
    "jtalk": "open-jtalk",  # with its dictionary and voices
}


def apt_command(packages: str) -> str:
    return f"sudo apt-get update && sudo apt-get install {packages}"


def install_fix(need: Need, which: Which, platform: str) -> str | None:
    """The command that installs ``need`` here, or None when there is no package manager
    to give one for."""
    if platform != "darwin" and which("apt-get"):
        return apt_command(APT_PACKAGES[need])
    if not which("brew"):
        return None
    if need == "jtalk_dictionary":
        return "brew reinstall open-jtalk"  # the formula brings its dictionary
    formula = BREW_FORMULAS.get(need)
    return f"brew install {formula}" if formula else None
