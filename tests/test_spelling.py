"""Misspelt words read as the sources' words: English one letter off, Chinese typed by sound with the wrong character
(pure, over the bundled corpus, word list and jieba's dictionary)."""

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
        ("infrastruc and logistics pls", "infrastructure and logistics pls"),  # cut short: begins one word of theirs
        ("infra and logistics pls", "infra and logistics pls"),  # an everyday word the bridge knows (query_terms.yaml)
        ("a distrib centre", "a distribution centre"),
        ("admin support", "admin support"),  # begins two words (administration, administrative): no guess
    ],
)
def test_a_misspelt_word_is_read_as_the_sources_word(typed: str, meant: str) -> None:
    assert respell(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            "具体点，冷连这块我们合作社能去争取啥？",
            "具体点，冷链这块我们合作社能去争取啥？",
        ),  # 冷连 lěng lián, 冷链 lěng liàn
        ("跟村里合做社、快递老扯皮", "跟村里合作社、快递老扯皮"),
        ("你帮忙规化一下呗", "你帮忙规划一下呗"),
        ("想带款把网店做大点", "想贷款把网店做大点"),
        ("冷連這塊怎麼弄", "冷链這塊怎麼弄"),  # traditional characters, compared simplified
        ("快递贵得要死", "快递贵得要死"),  # a word and its particle (贵德 is no misspelling)
        ("种点茶叶和板栗", "种点茶叶和板栗"),  # 重点 sounds the same: "种点" is 种 + 点
        ("合作老是扯皮", "合作老是扯皮"),  # 老是 is a word of jieba's dictionary (老师 sounds the same)
        ("吉林延边朝鲜族自治州", "吉林延边朝鲜族自治州"),  # places are words of the dictionary
    ],
)
def test_a_chinese_word_typed_by_sound_is_read_as_the_sources_word(typed: str, meant: str) -> None:
    assert respell(typed) == meant


@pytest.mark.parametrize(("a", "b", "distance"), [("platfrom", "platform", 1), ("infrastrcture", "infrastructure", 1),
                                                  ("logistics", "logistic", 1), ("brand", "grand", 1)])  # fmt: skip
def test_a_swap_of_neighbouring_letters_is_one_edit(a: str, b: str, distance: int) -> None:
    assert typing_distance(a, b) == distance


def test_a_topic_misspelt_is_still_the_topic(advisor: Any) -> None:
    answer = advisor.ask("my county is in central china. what the paper say we should do for infrastrcture?")
    assert any(c.section == "5.1" and "网络" in c.quote for c in answer.citations)  # the Centre's network measure
