"""Wrapping Japanese and English text by terminal cells, with kinsoku rules."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from hipcoach.tui.prose import wrap, wrap_items

JA = "床に座り、片脚を体の前で三角形になるように曲げます。膝は顔の正面にくるようにします。"


def test_japanese_lines_fit_and_never_start_with_closing_punctuation() -> None:
    for width in range(6, 60):
        lines = wrap(JA, width)
        assert "".join(lines) == JA
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[0] in "、。）」" for line in lines)


def test_english_words_stay_whole() -> None:
    lines = wrap("Sit on the floor and bend one leg in front of you", 12)
    assert lines == ["Sit on the", "floor and", "bend one leg", "in front of", "you"]


def test_opening_bracket_stays_with_what_follows() -> None:
    lines = wrap("あいうえお（かき）", 6)
    assert not any(line.endswith("（") for line in lines)


def test_a_number_keeps_its_counter() -> None:
    text = "次は12月15日の火曜日に30秒"
    for width in range(4, 20):
        lines = wrap(text, width)
        assert "".join(lines) == text
        breaks = pairwise(lines)
        assert not any(a[-1].isdigit() and b[0] in "月日秒" for a, b in breaks), lines


def test_a_number_keeps_its_short_unit() -> None:
    text = "10 reps · each side · bow down 2 s, hold 1 s, back up 2 s"
    for width in range(8, 40):
        lines = wrap(text, width)
        assert " ".join(lines) == text
        assert not any(line.split()[0] in ("s", "s,") for line in lines), lines


def test_a_spaced_number_keeps_its_counter_or_sign_and_unit() -> None:
    text = "開始前 26 週間のロング走 9 本、直近 8 週間: +0.6 %、差 -1.2 ポイント"
    for width in range(8, 40):
        lines = wrap(text, width)
        assert not any(line[0] in "週本%" for line in lines), lines


def test_a_legend_wraps_between_its_items() -> None:
    items = ["■ done in full", "▪ part done", "□ missed training day", "· rest day, stop or today"]
    assert wrap_items(items, 58) == [
        "■ done in full  ▪ part done  □ missed training day",
        "· rest day, stop or today",
    ]
    assert wrap_items(items, 200) == ["  ".join(items)]
    assert wrap_items(["■ 全種目を実施", "· 休養日・中止中・今日"], 24) == [
        "■ 全種目を実施",
        "· 休養日・中止中・今日",
    ]
    assert wrap_items(["a very long item indeed"], 10) == ["a very", "long item", "indeed"]


def test_over_long_words_are_split() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


@given(
    st.text(alphabet=st.sampled_from(list("あい。、（）ab cd日本")), max_size=80),
    st.integers(min_value=2, max_value=40),
)
def test_never_wider_than_asked(text: str, width: int) -> None:
    for line in wrap(text, width):
        assert cell_len(line) <= width
