"""Session 58's mechanisms, chosen on dev58's and dev59's faults: a sentence only telling who the user is, that no
sentence of the paper speaks to, is context and leads nothing; how two things relate asks for the mechanism; "the X
thing" points back; a §4 sentence on one topic's problems is of that topic; a comparison of the models asked with
their part named gets each model's sentences; farming itself is off topic; "…具体咋弄" after an answer naming it
hears that the paper gives only the principle; what the user tells beside a question is no claim of the paper's.
Real advisor (real Chroma, real embedding model); each fails on session 57's code, except the guards."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.forms import tells_only
from advisor.answering.parts import refers_back
from advisor.answering.understand import type_named


@pytest.mark.parametrize(
    ("sentence", "only_tells"),
    [
        ("im a county official.", True),
        ("hi im from yanbian in jilin provnce", True),
        ("Hi, I work for the township govt in Fuyuan county", True),
        ("hey can u recomend a good small tractor brand", False),
        ("im not sure what the paper says about logistics?", False),
    ],
)
def test_who_the_user_is_is_told_however_it_opens(sentence: str, only_tells: bool) -> None:
    assert tells_only(sentence) is only_tells


def test_a_sentence_only_telling_who_the_user_is_leads_nothing(advisor: Any) -> None:
    """ "im a county official." is nearest Cao County's case (0.50), 0.6 below the policy sentences its question is
    near; the answer opened with Cao County (bg056.1)."""
    answer = advisor.ask(
        "im a county official. whats the overall policy environment for rural ecommerce according to the paper?"
    )
    assert answer.citations[0].section == "3.1"
    assert "Cao County" not in answer.answer.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("rural e-commerce 跟 乡村振兴 到底啥关系啊?", "mechanism"),
        ("电商和乡村振兴有什么联系", "mechanism"),
        ("what is the relationship between e-commerce and rural revitalization", "mechanism"),
        ("how does rural ecommerce relate to revitalization", "mechanism"),
        ("农村电商是什么", None),
    ],
)
def test_how_two_things_relate_asks_for_the_mechanism(question: str, named: str | None) -> None:
    assert type_named(question) == named


def test_how_two_things_relate_is_answered_by_the_mechanism(advisor: Any) -> None:
    """The definition of rural e-commerce answered it (bh044.1); §2.2 says how it works for rural revitalisation."""
    answer = advisor.ask("rural e-commerce 跟 乡村振兴 到底啥关系啊? explain simply pls")
    assert [c.section for c in answer.citations[:2]] == ["2.2", "2.2"]


@pytest.mark.parametrize(
    ("question", "points"),
    [
        ("why is the pay thing even a problem?", True),
        ("what about that training bit", True),
        ("why is pay a problem in rural areas?", False),
    ],
)
def test_the_x_thing_points_back(question: str, points: bool) -> None:
    assert refers_back(question) is points


def test_the_x_thing_asks_of_the_threads_topic_and_its_problems(converse: Any) -> None:
    """After two turns on training and keeping trainees, "the pay thing" is the talent problem of §4.2; §4.1's
    logistics and broadband problems answered it (bh046.3): a sentence of §4's part on one topic's problems is of
    that topic."""
    *_, last = converse(
        "i run e-commerce trainning for villages in our county. what should the training actually cover according "
        "to the paper, and how should it be delivered?",
        "how do we stop the ppl we train from just leaving for the city after",
        "why is the pay thing even a problem? isnt rural cheaper",
    )
    assert any("薪资待遇、发展空间有限" in c.quote for c in last.citations[:2])


def test_the_models_compared_with_their_part_named_get_each_models_sentences(advisor: Any) -> None:
    """ "section 3.3" named the part, and only its outline answered (bg029)."""
    answer = advisor.ask(
        "can u compare the 3 sustainable models in section 3.3 - platform-driven, gov+public brand, livestream new "
        "farmers? pros of each"
    )
    sections = {c.section for c in answer.citations[:6]}
    assert {"3.3.1", "3.3.2", "3.3.3"} <= sections


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("whats the best fertilizer ratio for winter wheat here in Shandong Heze? soil is kinda sandy", "off_topic"),
        ("我是河南周口的，今年麦子叶子发黄还有蚜虫，打啥药好？多少钱一亩？", "off_topic"),
        ("我们合作社种小麦的 怎么在网上卖面粉", "in_scope"),
        ("大棚草莓想做直播卖 怎么搞", "in_scope"),
    ],
)
def test_farming_itself_is_off_topic_selling_it_online_is_not(advisor: Any, question: str, scope: str) -> None:
    """The off-topic examples had no farming that is not selling (machines, fertiliser, pests): three dev questions
    asking for fertiliser or pesticide were answered with e-commerce plans (az028, ba006, be009)."""
    assert advisor.ask(question).scope == scope


def test_how_exactly_after_an_answer_naming_it_hears_that_the_paper_gives_the_principle_only(converse: Any) -> None:
    """The answer was the measure again, alone (bh054.3, bg051.3)."""
    *_, last = converse(
        "新疆阿克苏的 冰糖心苹果 想自己在网上卖 按论文给个方案",
        "为啥西部就只能保底 我们县城网速其实还可以啊",
        "那平台品质认证具体咋弄",
    )
    assert "没有讲具体怎么落实" in last.answer


def test_what_the_user_tells_beside_a_question_is_no_claim_of_the_papers(advisor: Any) -> None:
    """ "評論區老有人說是假貨" is what buyers say of the user's tea; it was checked as a claim of the paper's and the
    answer opened "不是。" (bh012)."""
    answer = advisor.ask(
        "我們是福建安溪做鐵觀音的，網上賣了兩年，評論區老有人說是假貨、不是安溪產的，買家不信，回購很少。"
        "論文有什麼辦法讓買家相信嗎？"
    )
    assert not answer.answer.startswith(("不是", "不完全"))


def test_a_claim_stated_of_the_paper_beside_a_question_is_still_checked(advisor: Any) -> None:
    """Guard: a claim naming the paper keeps its verdict beside a question asking how."""
    answer = advisor.ask("听说论文里讲政策主要偏向西部欠发达地区？那它建议咋改？")
    assert answer.answer.startswith("不是")


def test_a_message_whose_every_sub_question_asks_what_the_paper_lacks_hears_that_first(advisor: Any) -> None:
    """Materials and a deadline are each nearer a gap's examples than any kind's; the answer opened with three policy
    sentences and said what the paper lacks last (bg043)."""
    answer = advisor.ask("县里想申报电商进农村综合示范县，要准备哪些材料，截止时间是啥时候")
    assert answer.answer.startswith("- 论文没有讲怎么申请或办理")
    assert "时间表" in answer.answer.split("[1]")[0]


def test_a_place_asking_its_tier_hears_its_tier_first_whatever_its_parts_are_near(advisor: Any) -> None:
    """Guard: the tier is asked, and the tier list's gap must not push the county card down (w059.1)."""
    answer = advisor.ask("我是海南澄迈的，我们这儿算东部还是西部？感觉我们比内地好多地方都落后")
    assert answer.answer.startswith("**海南省澄迈县**")
