"""Every part of what was asked (session 39's mechanisms, chosen on dev21's faults): the paper's remedy for a trouble
told, each question of a message, each thing of a list by the sentence on it alone, a plan asked by the paper's
tiers, a figure asked of the paper, a ranking only in words that rank, the thing of a list a follow-up points at, and
a part of the paper named as a place. Pure functions first, then the real advisor (real Chroma, real embedding model).
The questions are worded here, not taken from the dev sets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from advisor.answering.analysis import names_part_as_place
from advisor.answering.followups import answer_items
from advisor.answering.gaps import GAP_FORMS
from advisor.answering.parts import sub_questions
from advisor.answering.remedies import RELAY, Remedies, with_remedies
from advisor.answering.topics import topics_asked


def _remedies() -> Remedies:
    """Units 0 and 1 are problems; 0 is answered by measure 2, 1 by measure 3; unit 4 is another sentence."""
    return Remedies(np.array([0, 1]), np.array([2, 3]), np.eye(2, dtype=np.float32))


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ([0.8, 0.2, 0.1, 0.1, 0.5], [0.8, 0.2, RELAY * 0.8, 0.1, 0.5]),  # the problem told relays to its remedy
        ([0.8, 0.78, 0.1, 0.1, 0.5], [0.8, 0.78, RELAY * 0.8, RELAY * 0.78, 0.5]),  # two told about as clearly
        ([0.8, 0.2, 0.9, 0.1, 0.5], [0.8, 0.2, 0.9, 0.1, 0.5]),  # a remedy nearer by itself keeps its own
        ([0.1, 0.1, 0.1, 0.1, 0.9], [0.1, 0.1, 0.1, 0.1, 0.9]),  # no problem told clearly above the rest: alike
    ],
)
def test_a_remedy_takes_a_share_of_the_nearness_of_the_problem_told(
    evidence: list[float], expected: list[float]
) -> None:
    relayed = with_remedies(np.array(evidence, dtype=np.float32), _remedies())
    assert relayed == pytest.approx(np.maximum(evidence, expected))


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("“农产品上行”“工业品下行”这俩词到底啥意思", ["农产品上行", "工业品下行"]),  # each thing of a list
        ("为什么都卖一样的东西？还有，为什么没人做品牌？", ["为什么都卖一样的东西", "还有，为什么没人做品牌"]),
    ],
)
def test_each_thing_and_each_question_of_a_message_is_a_part(question: str, parts: list[str]) -> None:
    assert sub_questions(question) == parts


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        ("按论文的分级，我们县该怎么规划？", []),  # 分级 is the paper's word for its tiers, not grading produce
        ("苹果大小不一，怎么分级、统一标准？", ["supply-chain"]),  # 统一标准 still names standardisation
    ],
)
def test_the_papers_word_for_its_tiers_names_no_topic(question: str, topics: list[str]) -> None:
    assert topics_asked(question) == topics


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        ("- 甲 [1]\n- 乙 [2]\n\n说明\n- 丙", ["甲", "乙"]),
        ("这部分分为：平台驱动型；政府 + 公共品牌型；直播新农人型。 [1]\n\n- 曹县 [2]\n- 京东 [3]", None),
        ("有三条路子。其一，减少流通环节。 [1]其二，带动就业。 [2]其三，精准对接市场。 [3]", None),
        (
            "The part consists of: Platform-driven model; Public-brand model. [1]",
            ["Platform-driven model", "Public-brand model"],
        ),
        ("没有列表的一句话。 [1]", []),
    ],
)
def test_a_follow_up_points_into_the_list_the_answer_gave_first(answer: str, items: list[str] | None) -> None:
    found = answer_items(answer)
    if items is not None:
        assert found == items
    else:  # the outline before the bullets; the numbered sentences, each without its number
        assert len(found) == 3 and not any(mark in found[1] for mark in ("其二", "曹县"))


@pytest.mark.parametrize(
    ("question", "as_place"),
    [
        ("第二部分讲的那个机制到底是什么意思", True),
        ("4.2节提到的培训问题怎么解决", True),
        ("what is the mechanism in section 2.2", True),
        ("第二部分分了哪几个方面", False),
        ("第4章讲了几个问题", False),
    ],
)
def test_a_part_named_as_where_a_thing_is_is_no_question_on_the_part(question: str, as_place: bool) -> None:
    assert names_part_as_place(question) is as_place


@pytest.mark.parametrize(
    ("question", "ranks"),
    [
        ("哪个平台卖土特产最好", True),
        ("这两种模式哪个更适合我们", True),
        ("which of the two suits us better", True),
        ("which courier is cheapest from Yunnan", True),
        ("这三种模式哪种跟我们搭", True),  # a choice among options the paper does not rank
        ("我们县在全国能排第几", True),
        ("电商到底是通过哪几个环节帮乡村的", False),  # which links there are: no ranking
        ("what kinds of models have formed so far", False),
        ("最近两年增长多少", False),  # 最近 is "recent"
    ],
)
def test_a_ranking_is_asked_only_in_words_that_rank(question: str, ranks: bool) -> None:
    assert (GAP_FORMS["ranking"].search(question) is not None) is ranks


def test_a_trouble_told_in_everyday_words_gets_the_papers_remedy_for_it(advisor: Any) -> None:
    answer = advisor.ask("地里种出来的东西不知道城里人要不要，种多了卖不掉，种少了又不够，这个咋解决？")
    assert "信息共享平台" in answer.answer.split("###")[0]


def test_both_questions_of_a_message_are_answered(advisor: Any) -> None:
    answer = advisor.ask("为什么网上的农产品都差不多，全是普通蔬菜水果？还有，为什么农民不愿意花心思做品牌？")
    lead = answer.answer.split("###")[0]
    assert "同质化" in lead and "品牌" in lead and ("忽视品牌" in lead or "品牌意识" in lead)


def test_each_thing_of_a_list_gets_the_sentence_on_it_alone(advisor: Any) -> None:
    answer = advisor.ask("老师说的“农产品上行”“工业品下行”到底各是啥意思？")
    lead = answer.answer.split("###")[0]
    assert "农产品上行是农村电商的核心内容" in lead and "工业品下行是指" in lead


def test_a_plan_asked_by_the_papers_tiers_is_the_tiers_whole_plan(advisor: Any) -> None:
    answer = advisor.ask("河南兰考县的干部，红薯卖不上价，按论文的分级该怎么规划？")
    assert answer.county is not None and answer.county.tier == "central"
    assert "中部提升行政村网络稳定性" in answer.answer and "客货邮融合" in answer.answer  # network and logistics alike


def test_whether_the_paper_gives_an_amount_is_answered_first(converse: Any) -> None:
    *_, answer = converse("电商培训老是没效果，论文建议怎么改？", "论文有没有说培训要办几天、每人花多少钱？")
    assert answer.answer.lstrip("- ").startswith("关于") and "没有给出" in answer.answer.split("\n")[0]


def test_a_follow_up_pointing_at_a_numbered_sentence_gets_that_sentence(converse: Any) -> None:
    *_, answer = converse("电商让农民增收，论文说有几种方式？", "第二种具体指什么？")
    assert "家门口就业" in answer.answer.split("###")[0]
