"""Misspelt English words read as the sources' words (pure, over the bundled corpus and word list)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.knowledge.spelling import respell, typing_distance


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("what should we do for infrastrcture?", "what should we do for infrastructure?"),  # a letter dropped
        ("tell me about the platfrom model", "tell me about the platform model"),  # two letters swapped
        ("Goverment support", "Government support"),  # capitalised as typed
        ("which stategy for westren counties", "which strategy for western counties"),
        ("my supervisor wants apples", "my supervisor wants apples"),  # real words the paper lacks stay
        ("how 2 sell online in 贵州?", "how 2 sell online in 贵州?"),  # short words and Chinese untouched
    ],
)
def test_a_misspelt_word_is_read_as_the_sources_word(typed: str, meant: str) -> None:
    assert respell(typed) == meant


@pytest.mark.parametrize(("a", "b", "distance"), [("platfrom", "platform", 1), ("infrastrcture", "infrastructure", 1),
                                                  ("logistics", "logistic", 1), ("brand", "grand", 1)])  # fmt: skip
def test_a_swap_of_neighbouring_letters_is_one_edit(a: str, b: str, distance: int) -> None:
    assert typing_distance(a, b) == distance


def test_a_topic_misspelt_is_still_the_topic(advisor: Any) -> None:
    answer = advisor.ask("my county is in central china. what the paper say we should do for infrastrcture?")
    assert any(c.section == "5.1" and "网络" in c.quote for c in answer.citations)  # the Centre's network measure
