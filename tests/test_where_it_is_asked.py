"""Session 41's mechanisms, chosen on dev24's faults: a message that tells of the user's county and situation, then asks
something else, is answered as its asking clauses ask, not as a plan; a plan asked for in so many words is the tier's
whole plan, the topic it names first; a title-page line that a labelled fact quotes is that fact; a list's items are
things; tiers compared side by side each get their own sentence; the user's own case gets no verdict, a claim the user
doubts does; the paper's lack of data is said only when data or method is asked about; a question on the paper is
covered when the kind of sentence it names ranks first; a case county spoken of as someone else's is not the user's.
Pure functions first, then the real advisor (real Chroma, real embedding model). The questions are worded here, not
taken from the dev sets."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answer import Turn
from advisor.answering.parts import listed_items, sub_questions
from advisor.answering.topics import topics_asked


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # the situation told in one sentence is not the subject of the question asked in the next
        ("山里好多寨子手机只有一格信号。县里想出个三年的电商规划，按这篇论文该从哪几块入手？", []),
        ("河南兰考县的农村物流体系，论文建议怎么建？", ["logistics"]),  # the clause before the question in its sentence
    ],
)
def test_the_topics_asked_are_those_of_the_sentence_that_asks(text: str, topics: list[str]) -> None:
    assert topics_asked(text, by_sentence=True) == topics


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("客户评论说不放心、不知道是哪里来的。为什么会这样？", []),  # what they feel and say, not things
        ("标准化、溯源、品牌这三块论文怎么建议", ["标准化论文怎么建议", "溯源论文怎么建议", "品牌论文怎么建议"]),
    ],
)
def test_a_list_asked_about_is_of_things(text: str, items: list[str]) -> None:
    assert listed_items(text) == items


def test_what_for_asks_a_question_of_its_own() -> None:
    assert sub_questions("乡村振兴战略是干嘛的、跟电商有啥关系") == ["乡村振兴战略是干嘛的", "跟电商有啥关系"]


def test_our_countys_trouble_told_then_asked_about_is_answered_not_planned(advisor: Any) -> None:
    answer = advisor.ask("咱们县的快递点都开在镇上，村里老人寄东西得走十几里路，这个问题论文有讲吗")
    assert not answer.answer.startswith("论文按") and answer.citations[0].section == "4.1.2"
    assert "实证" not in answer.answer  # a question whether the paper speaks of it is no question on its data


def test_a_plan_asked_for_beside_a_topic_is_the_tiers_plan_with_that_topic_first(advisor: Any) -> None:
    answer = advisor.ask("我们是广东梅州的柚子合作社，想做冷链。帮我出个 plan")
    dimensions = [s.dimension for s in answer.strategies]
    assert dimensions[0] == "logistics" and {"digital", "brand"} <= set(dimensions)


def test_who_wrote_it_is_answered_by_the_author_not_the_copyright_line(advisor: Any) -> None:
    answer = advisor.ask("作者是谁？哪年发表的？")
    assert answer.citations[0].quote.startswith("裴彩利") and "2026年6月23日" in answer.answer


def test_tiers_compared_side_by_side_each_get_their_own_sentence(advisor: Any) -> None:
    answer = advisor.ask("东中西部的农村电商现状各是什么样？")
    firsts = [c.quote[:2] for c in answer.citations[:3]]
    assert firsts == ["东部", "中部", "西部"]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("我是退伍回乡养鸡的，我这种算不算新农人？", None),  # the user's own case: the paper cannot decide it
        ("有人说论文里曹县是靠竹炭出名的，我记得好像不对？", "不是"),  # a claim the user doubts is checked
    ],
)
def test_a_verdict_is_given_on_claims_not_on_the_users_own_case(
    advisor: Any, question: str, verdict: str | None
) -> None:
    answer = advisor.ask(question)
    opening = answer.answer[:3]
    assert opening.startswith(verdict) if verdict else not opening.startswith(("是的", "不是", "不完全"))


@pytest.mark.parametrize(
    ("question", "said"),
    [("这篇论文有没有做问卷调查？", True), ("论文有没有说要做深加工？", False)],
)
def test_the_missing_survey_is_said_when_data_or_method_is_asked_about(advisor: Any, question: str, said: bool) -> None:
    assert ("没有做实证分析" in advisor.ask(question).answer) is said


def test_a_question_on_the_research_the_paper_reviews_is_covered_in_other_words(advisor: Any) -> None:
    """ "shortcomings", "advisor" are no words of the paper; the review sentences it names rank first and answer it."""
    answer = advisor.ask("which shortcomings of earlier studies does the paper point out? my advisor keeps asking")
    assert [c.section for c in answer.citations[:3]] == ["1", "1", "1"]


def test_a_case_county_spoken_of_as_someone_else_is_not_the_users(advisor: Any) -> None:
    beside = advisor.ask("我们县在浙江衢州，听说邻县遂昌电商做得好，他们是怎么做的")
    assert beside.county is not None and beside.county.label_zh == "浙江省衢州市"
    history = [Turn(role="user", content="我是河南兰考的，合作社卖蜜瓜"), Turn(role="assistant", content="…")]
    compared = advisor.ask("跟曹县比我们差在哪？人家是咋做起来的", history=history)
    assert compared.county is not None and compared.county.tier == "central"
    assert advisor.ask("曹县是怎么做起来的？").county is not None  # asked of itself, it is the place asked about


@pytest.mark.parametrize(
    "question",
    [
        "听说论文里说曹县是浙江的，做的是竹炭？",  # a (false) claim on where the case is: not where the user is
        "the paper mentions Caoxian in Shandong, isn't that the hanfu place? what exactly does it say about it",
    ],
)
def test_a_place_said_of_a_case_in_its_own_clause_is_not_the_users(advisor: Any, question: str) -> None:
    """Session 52: the county card took 浙江省 from the claim, and 山东 from the case's province."""
    assert advisor.ask(question).county is None


def test_the_users_place_in_a_clause_of_their_own_beside_a_case_is_theirs(advisor: Any) -> None:
    answer = advisor.ask("我们在浙江，想学曹县做汉服")
    assert answer.county is not None and answer.county.label_zh == "浙江省"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("论文里东中西部是怎么划分的？哪些省算西部？", True),
        ("does the paper really say central provinces should subsidise the shipping of fresh produce?", False),
        ("东部和西部的物流分别该怎么建？", False),  # tiers named to compare their measures, not to ask who is in them
    ],
)
def test_the_missing_province_list_is_said_when_the_division_is_asked_about(
    advisor: Any, question: str, said: bool
) -> None:
    answer = advisor.ask(question).answer
    assert any(line in answer for line in ("没有列出哪些省份", "does not list which provinces")) is said
