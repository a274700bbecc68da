"""What a question asks for that the paper lacks, said in so many words: the law of selling (licences, tax,
permits), a time frame asked for beside a plan, and no "yes" for whether the paper has what it lacks. Real index and
embedding model (the ``advisor`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.gaps import GAP_FORMS, SHAPES_ASKED


@pytest.mark.parametrize(
    "question",
    [
        "在网上卖自己做的辣椒酱，需要办什么许可证？要交税吗？",
        "Do we need a business licence to sell our dried mushrooms online, and what tax applies?",
    ],
)
def test_the_law_of_selling_is_said_to_be_missing(advisor: Any, question: str) -> None:
    answer = advisor.ask(question)
    first = answer.answer.split("\n\n")[0]
    assert "论文没有讲营业执照、税费" in first or "does not cover licences, taxes" in first


@pytest.mark.parametrize(
    ("text", "timeline"),
    [("give me a 5 yr plan with yearly targets", True), ("第一年干啥？", True), ("我们县去年卖了多少", False)],
)
def test_the_words_of_a_time_frame(text: str, timeline: bool) -> None:
    assert (GAP_FORMS["timeline"].search(text) is not None) is timeline


def test_a_plan_asked_with_yearly_targets_hears_the_paper_gives_no_time_frame(advisor: Any) -> None:
    answer = advisor.ask("We are in Tongren, Guizhou. Give us a 3 year e-commerce plan with yearly targets")
    assert answer.county is not None and answer.county.tier == "west"
    assert "The paper gives no time frame or schedule." in answer.answer


def test_whether_the_paper_states_its_own_limits_gets_no_yes(advisor: Any) -> None:
    answer = advisor.ask("导师说答辩会问不足。这篇论文自己有没有写研究局限？")
    assert answer.answer.startswith("- 论文没有专门讨论自身的研究局限")
    assert "是的" not in answer.answer


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("领导让我出一个三年农村电商规划", "timeline"),
        ("can u give me a 3 step ecommerce plan based on this paper", "order"),
        ("按三步走的方案来写", "order"),
        ("请按那篇论文帮我理一个思路，分几步走", "order"),  # how many steps: a shape asked all the same
        ("电商到底是通过哪几步帮乡村的？", None),  # the steps of a mechanism, no plan
        ("三年前我们就开始卖了，现在该怎么规划", None),  # a time told, no plan of years asked
    ],
)
def test_a_plan_asked_in_a_shape_the_paper_does_not_give(text: str, gap: str | None) -> None:
    assert [g for g, shape in SHAPES_ASKED.items() if shape.search(text)] == ([gap] if gap else [])


def test_a_three_year_plan_for_our_county_hears_the_paper_gives_no_time_frame(advisor: Any) -> None:
    answer = advisor.ask("咱县想出个三年的农村电商规划，你按论文给我列个框架")
    assert answer.county is None and "论文没有给出需要多长时间或时间表" in answer.answer


def test_a_timeline_asked_for_by_the_way_is_said_to_be_missing(advisor: Any) -> None:
    answer = advisor.ask(
        "We are in Jilin. Our county wants a rural e-commerce plan, what does the paper suggest? timeline too if possible"
    )
    assert "The paper gives no time frame or schedule" in answer.answer  # the catalogue's short timeline requests
