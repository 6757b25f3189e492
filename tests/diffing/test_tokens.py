"""Tokens: joining them gives the text back; words, marks, emoji and CJK stay whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.diffing.tokens import count_words, tokenize


@given(st.text())
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_words_keep_apostrophes_and_combining_marks() -> None:
    assert tokenize("It’s cafe\u0301 don't") == ["It’s", " ", "cafe\u0301", " ", "don't"]


def test_emoji_sequences_are_one_token() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    thumbs = "\U0001f44d\U0001f3fd"
    assert tokenize(f"{family} {thumbs}!") == [family, " ", thumbs, "!"]


def test_each_cjk_character_is_a_word() -> None:
    assert tokenize("禁止训练") == ["禁", "止", "训", "练"]
    assert count_words("禁止训练 models") == 5


def test_right_to_left_words_are_tokens() -> None:
    assert tokenize("שלום עולם, مرحبا") == ["שלום", " ", "עולם", ",", " ", "مرحبا"]


def test_punctuation_is_separate_from_words() -> None:
    assert tokenize("fees, (a) 4.2") == ["fees", ",", " ", "(", "a", ")", " ", "4", ".", "2"]
