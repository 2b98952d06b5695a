"""Where Open JTalk's dictionary and voice are: the distributions' places, then ours.

- Debian and Ubuntu: ``open-jtalk-mecab-naist-jdic`` puts the dictionary in
  /var/lib/mecab/dic/open-jtalk/naist-jdic; the nitech voice is in /usr/share/hts-voice,
  but its package is in Debian's ``contrib``, which many machines do not have.
- Homebrew (macOS, and Linux): the ``open-jtalk`` formula keeps ``dic/`` and
  ``voice/m100`` (nitech) and ``voice/mei`` under its prefix, ``<brew>/opt/open-jtalk``.
- Anything else: the folders beside the binary's own prefix (a source install).

A voice installed on the system wins; else the "mei" voice shipped inside hipcoach
(``data/``, CC BY 3.0), so Japanese is spoken in full with the main archive alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from hipcoach.voice.common import DEBIAN_DICTIONARY, HTS_VOICE_DIR

HOMEBREW_JTALK = (
    Path("/opt/homebrew/opt/open-jtalk"),  # macOS on Apple silicon
    Path("/usr/local/opt/open-jtalk"),  # macOS on Intel
    Path("/home/linuxbrew/.linuxbrew/opt/open-jtalk"),
)
SHIPPED_VOICE = Path(__file__).parent / "data" / "mei_normal.htsvoice"
# Of several voices in one place, these first (else the first by name).
PREFERRED_VOICES = ("nitech_jp_atr503_m001.htsvoice", "mei_normal.htsvoice")


@dataclass(frozen=True)
class JTalkPlaces:
    """Where to look, in order (tests pass folders of their own)."""

    dictionaries: tuple[Path, ...] = (DEBIAN_DICTIONARY, *(p / "dic" for p in HOMEBREW_JTALK))
    voice_dirs: tuple[Path, ...] = (HTS_VOICE_DIR, *(p / "voice" for p in HOMEBREW_JTALK))
    shipped_voice: Path | None = SHIPPED_VOICE

    def beside(self, binary: str) -> JTalkPlaces:
        """These places, then the ones under the binary's prefix (symlinks followed:
        Homebrew's bin/ links into its Cellar)."""
        prefix = Path(binary).resolve().parent.parent
        return replace(
            self,
            dictionaries=(*self.dictionaries, prefix / "dic"),
            voice_dirs=(*self.voice_dirs, prefix / "voice"),
        )


def find_dictionary(places: JTalkPlaces) -> Path | None:
    """The first folder holding a compiled dictionary (``sys.dic``)."""
    return next((d for d in places.dictionaries if (d / "sys.dic").is_file()), None)


def usual_dictionary(places: JTalkPlaces, platform: str) -> Path:
    """Where the dictionary belongs, to name when it is missing: Homebrew's beside the
    binary on macOS, Debian's elsewhere."""
    return places.dictionaries[-1] if platform == "darwin" else DEBIAN_DICTIONARY


def system_voice(places: JTalkPlaces) -> Path | None:
    """An HTS voice installed on the system: a preferred one, else the first by name."""
    for folder in places.voice_dirs:
        found = sorted(folder.glob("**/*.htsvoice")) if folder.is_dir() else []
        for name in PREFERRED_VOICES:
            preferred = [path for path in found if path.name == name]
            if preferred:
                return preferred[0]
        if found:
            return found[0]
    return None


def find_htsvoice(voice: Path | None = None, places: JTalkPlaces | None = None) -> Path | None:
    """The voice given (if it exists), else a system voice, else the shipped one."""
    if voice is not None:
        return voice if voice.is_file() else None
    places = places or JTalkPlaces()
    shipped = places.shipped_voice
    return system_voice(places) or (shipped if shipped and shipped.is_file() else None)
