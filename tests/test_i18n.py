"""Every user-facing string exists in both languages with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from hipcoach import i18n
from hipcoach.i18n import MESSAGES, format_duration, parse_lang, resolve_lang, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    en, ja = MESSAGES[key]
    if key not in ("sides.none", "cue.sep"):  # nothing to say / Japanese joins with nothing
        assert en.strip() and ja.strip(), key
    assert placeholders(en) == placeholders(ja), key


SAME_IN_BOTH = {
    "doctor.section.hipcoach",
    "next_time.change",
    "screen.move",
}  # a name; only placeholders


def test_japanese_is_japanese() -> None:
    untranslated = [
        k
        for k, (en, ja) in MESSAGES.items()
        if en == ja and any(c.isalpha() for c in en) and k not in SAME_IN_BOTH
    ]
    assert untranslated == []


def test_language_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert resolve_lang() == "ja"
    assert resolve_lang(configured="en") == "en"
    monkeypatch.setenv("HIPCOACH_LANG", "en")
    assert resolve_lang(configured="ja") == "en"
    assert resolve_lang("ja") == "ja"
    monkeypatch.delenv("HIPCOACH_LANG")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert resolve_lang() == "en"
    monkeypatch.setenv("HIPCOACH_LANG", "klingon")  # unknown values are skipped
    assert resolve_lang() == "en"


def test_parse_lang() -> None:
    assert parse_lang("ja_JP.UTF-8") == "ja"
    assert parse_lang("EN-us") == "en"
    assert parse_lang("fr") is None


def test_durations() -> None:
    assert format_duration(325, lang="en") == "5 min 25 s"
    assert format_duration(325, lang="ja") == "5分25秒"
    assert format_duration(42.4, lang="en") == "42.4 s"  # a half-second length shows
    assert format_duration(42.02, lang="en") == "42 s"
    assert format_duration(142.5, lang="en") == "2 min 23 s"  # halves round up


def test_current_language_is_used_by_default() -> None:
    i18n.set_language("ja")
    assert t("safety.title") == "安全のために"
    assert t("safety.title", lang="en") == "Safety"


def test_no_placeholder_is_called_lang() -> None:
    """t() takes lang= as the language to render in, so {lang} could never be filled."""
    assert [
        key for key, pair in MESSAGES.items() if any("lang" in placeholders(text) for text in pair)
    ] == []


# --- every key the code asks for exists, and every key is asked for -------------------------

SOURCE = Path(i18n.__file__).parent


def _source_trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SOURCE.rglob("*.py"))]


def _literals(tree: ast.Module) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


FILE_SUFFIXES = {"toml", "yaml", "yml", "json", "jsonl", "db", "py", "wav", "csv", "md", "html"}


def _looks_like_key(text: str) -> bool:
    """``side.left``-shaped text whose first part names a family of keys (not a file)."""
    head, _, rest = text.partition(".")
    shaped = rest and " " not in text and text.rsplit(".", 1)[-1] not in FILE_SUFFIXES
    return bool(shaped) and any(k.startswith(head + ".") for k in MESSAGES)


def test_no_key_is_built_at_run_time() -> None:
    """t(f"side.{x}") hides a key from this check (and printed "voice.off.None" once)."""
    built = [
        f"{path.relative_to(SOURCE)}:{node.lineno}"
        for path, tree in _source_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("t", "h")
        and node.args
        and isinstance(node.args[0], ast.JoinedStr)
    ]
    assert built == []


def test_every_key_written_in_the_code_exists() -> None:
    missing = sorted(
        f"{path.relative_to(SOURCE)}: {text}"
        for path, tree in _source_trees()
        for text in _literals(tree)
        if _looks_like_key(text) and text not in MESSAGES
    )
    assert missing == []


def test_every_key_is_used() -> None:
    written = set().union(
        *(_literals(tree) for path, tree in _source_trees() if path.name != "i18n.py")
    )
    i18n_tree = ast.parse((SOURCE / "i18n.py").read_text(encoding="utf-8"))
    own = {  # i18n.py's own uses and key tables (SIDE, STATUS, ...), not MESSAGES itself
        node.value
        for statement in i18n_tree.body
        if getattr(getattr(statement, "target", None), "id", "") != "MESSAGES"
        for node in ast.walk(statement)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unused = sorted(set(MESSAGES) - written - own)
    assert unused == []
