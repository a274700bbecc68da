"""Whose measure a thing asked about is, what a claim on the paper's method gets, and what a follow-up hears when
the conversation already said its answer. Real index and embedding model (the ``advisor`` and ``converse``
fixtures)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.forms import asks_how_many, is_question
from advisor.answering.understand import type_named


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("我在甘肃岷县卖当归，想问冷链这块论文怎么说要怎么弄？", "论文给"),
        ("I run a small shop in Dali, Yunnan selling mushrooms. How do we set up a cold chain?", "The paper's"),
    ],
)
def test_a_west_user_asking_of_a_cold_chain_hears_it_is_the_east_and_centres(
    advisor: Any, question: str, lead: str
) -> None:
    answer = advisor.ask(question)
    assert answer.county is not None and answer.county.tier == "west"
    assert answer.answer.startswith(lead) and not answer.answer.startswith(("更正", "Correction"))
    first = answer.answer.split("\n\n")[0]
    assert "冷链" in first or "cold chain" in first  # the thing, named as the paper's term
    quotes = [c.quote for c in answer.citations]
    assert "东部布局县域冷链与前置仓" in quotes and "建设县域冷链集散点" in quotes


def test_an_east_or_central_user_asking_of_a_cold_chain_gets_no_such_line(advisor: Any) -> None:
    for question in ("我们在浙江丽水卖杨梅，冷链怎么搞？", "我们在河南信阳卖茶叶，冷链怎么搞？"):
        answer = advisor.ask(question)
        assert "只有别的地区有" not in answer.answer and not answer.answer.startswith("更正")


def test_a_follow_up_on_a_cold_chain_in_the_west_hears_whose_it_is(converse: Any) -> None:
    _, followed = converse("我们是四川凉山的合作社，主要卖苹果", "那冷链呢")
    assert "冷链" in followed.answer.split("\n\n")[0] and "只有别的地区有" in followed.answer


def test_a_measure_stated_as_the_tiers_is_still_corrected(advisor: Any) -> None:
    answer = advisor.ask("听说论文让西部也建县域冷链，对吧？")
    assert answer.answer.startswith("更正")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("The paper's findings come from a survey of 500 households in Shandong, right?", "No."),
        ("这篇论文没有做问卷调查对吧？", "是的。"),
    ],
)
def test_a_claim_that_the_paper_has_a_survey_is_answered_before_the_gap(
    advisor: Any, question: str, verdict: str
) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(verdict)
    assert "问卷" in answer.answer or "survey" in answer.answer.split("\n\n")[0]


def test_a_follow_up_naming_a_kind_of_sentence_asks_that_kind_of_the_same_subject(converse: Any) -> None:
    assert type_named("对应的对策呢") == "measure"
    _, measures = converse("为啥说农村电商供应链各环节协同性差？", "对应的对策呢")
    assert any(c.section.startswith("5.4") for c in measures.citations[:3])


def test_a_follow_up_whose_answer_was_said_hears_its_tiers_measures(converse: Any) -> None:
    first, again = converse("我们在湖北恩施卖茶叶，村里网速慢，这正常吗", "那网速呢，直播老卡")
    assert first.county is not None and first.county.tier == "central"
    assert "中部提升行政村网络稳定性" in [c.quote for c in again.citations]


def test_a_question_on_how_many_pieces_gets_every_enumerated_one(advisor: Any) -> None:
    assert asks_how_many("电商能给农民带来哪几块收入")
    answer = advisor.ask("电商到底能给农民带来哪几块收入？")
    assert all(word in answer.answer for word in ("其一", "其二", "其三"))


def test_a_sub_question_that_only_frames_adds_no_sentence_of_its_own(advisor: Any) -> None:
    answer = advisor.ask("听说搞电商能把年轻人吸引回村？论文是这么说的吗，回来的都是些什么人？")
    assert "行动者网络理论" not in answer.answer  # the theory's actors are no answer to who returns
    assert "返乡青年" in answer.answer


def test_others_research_asked_about_is_the_literature_not_the_papers_own_limits(advisor: Any) -> None:
    answer = advisor.ask("我要写开题报告引这篇，它认为以前别人的研究有什么不足？")
    assert answer.citations[0].section == "1"
    assert "研究局限" not in answer.answer and "发表" not in answer.answer.split("\n\n")[0]


@pytest.mark.parametrize("text", ["论文里细说了没", "这个提过没有"])
def test_a_clause_ending_in_le_mei_asks(text: str) -> None:
    assert is_question(text)


def test_tiers_compared_on_a_topic_by_a_user_whose_tier_is_known_get_every_tiers_way(advisor: Any) -> None:
    """The user asks for each tier's logistics, their own among them: not only their own tier's, and the list of what
    their county can do holds their tier's measures alone."""
    answer = advisor.ask("物流这块东中西部的建议有啥不一样？我们在湖南湘西，应该照哪个来")
    assert answer.county is not None and answer.county.tier == "central"
    lead = answer.answer.split("###")[0]
    assert all(tier in lead for tier in ("东部", "中部推广客货邮融合", "西部以县城为节点"))
    own = answer.answer.split("可以做的")[1].split("###")[0] if "可以做的" in answer.answer else ""
    assert "西部" not in own and "东部" not in own


def test_a_question_on_which_tier_the_place_is_gets_no_other_tiers_measures(advisor: Any) -> None:
    answer = advisor.ask("黑龙江的县在论文里算东部还是中部")
    assert answer.county is not None and answer.county.tier == "central"
    assert not any(s.tier == "east" for s in answer.strategies)
    assert all("东部" not in c.quote or "中部" in c.quote for c in answer.citations)
