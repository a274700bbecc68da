"""Session 57's mechanisms, chosen on dev56's and dev57's faults: whether the sources cover a message is read from each
of its sub-questions too, a follow-up pointing back at a cited answer is not off topic by its wording alone, and a
question on what is wrong with a thing ("whats wrong with…") asks for the paper's problems. Real advisor (real Chroma,
real embedding model); each fails on session 56's code."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.analysis import _asks_for_type
from advisor.answering.gaps import asks_drawbacks


def test_a_message_is_covered_when_one_of_its_sub_questions_is(advisor: Any) -> None:
    """As a whole the message is 0.51 near the title page's example questions (under the 0.55 bar); its first part is
    0.70. It was answered "The paper does not address this" (bf003)."""
    answer = advisor.ask(
        "hey quick one - who wrote this paper and what uni are they from? also when did it come out, need it for my "
        "citation"
    )
    assert "does not address" not in answer.answer
    assert any("江苏大学" in c.quote for c in answer.citations[:2])


def test_a_follow_up_pointing_back_at_a_cited_answer_is_not_off_topic(converse: Any) -> None:
    """ "so what format does it recommend instead?" is nearest the off-topic examples ("can you recommend a hotel…")
    and was refused; "it" is the paper the previous answer cited (bf023.2)."""
    _, follow_up = converse(
        "I run ecommerce training for farmers in Shanxi province. honestly attendance drops off a cliff after day one "
        "and nobody applies what they learn. what does the paper say is wrong with the way training is done now?",
        "so what format does it recommend instead?",
    )
    assert follow_up.scope == "in_scope"
    assert any("理论 + 实践" in c.quote for c in follow_up.citations[:2])


@pytest.mark.parametrize(
    ("clause", "asks"),
    [
        ("so whats actually wrong with those policies? be blunt", True),
        ("what's wrong with the policies", True),
        ("政策有哪些问题", True),
        ("这个问题怎么解决", False),
    ],
)
def test_whats_wrong_asks_for_the_problems(clause: str, asks: bool) -> None:
    assert _asks_for_type(clause, "problem") is asks


def test_whats_wrong_with_a_thing_is_answered_by_its_problems(converse: Any) -> None:
    """The kind model reads it as a how-question; the remedies of §5.5.1 answered it (be059.2)."""
    _, follow_up = converse(
        "Hi, I'm a journalist writing about rural e-commerce policy in China. What does the paper say the central "
        "government has done so far?",
        "so whats actually wrong with those policies? be blunt",
    )
    assert follow_up.citations[0].section == "4.5.1"


def test_topics_named_as_examples_do_not_lead_when_the_evidence_does_not_bear_them_out(advisor: Any) -> None:
    """ "平台" and "物流" name two topics, but as actors: each topic's best unit led the answer (the logistics costs,
    the homogeneity of products), far below §2.1.1's sentences on the actors (bf038)."""
    answer = advisor.ask("下周给学员讲行动者网络理论，文章里说的“行动者”都包括谁？为啥平台、物流这种东西也算行动者？")
    assert all(c.section == "2.1.1" for c in answer.citations[:3])


def test_a_claim_its_sentences_decide_is_not_said_to_be_unanswered(advisor: Any) -> None:
    """ "The paper does not answer this directly. This is the closest it comes: No. …": the verdict answers it (be033,
    ai037)."""
    answer = advisor.ask(
        "quick check — this paper is from Peking University and came out in 2025, right? citing it now"
    )
    assert answer.answer.startswith("No.")


def test_a_question_pointing_back_at_the_thread_asks_of_its_topics(converse: Any) -> None:
    """ "這兩個" are the brand cases just given; naming no topic of its own, the question got the West's logistics and
    network measures (bf012.3)."""
    *_, compared = converse(
        "我是雲南元陽縣農業農村局的，我們梯田紅米品質很好，但是各家各賣、包裝五花八門，想由政府牽頭做個區域公用品牌。"
        "論文裡政府應該怎麼做？",
        "有沒有哪個縣做成過、可以去學的？",
        "可是這兩個都在東部，我們西部照搬行不行？差在哪",
    )
    assert any("西部先完成平台品质认证" in c.quote for c in compared.citations[:3])


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("这三种模式各自优缺点是啥？", True),
        ("what are the pros and cons of each model", True),
        ("各有啥好处坏处？", True),
        ("政策有啥不足？", False),  # the paper's problems, which it gives
        ("each model's strengths?", False),
    ],
)
def test_weak_sides_asked(question: str, asks: bool) -> None:
    assert asks_drawbacks(question) is asks


def test_the_drawbacks_of_the_models_are_said_to_be_missing(advisor: Any) -> None:
    """§3.3 gives each model's strengths ("此类模式的优势在于…"), no weak side: the answer quoted the strengths and never
    said so (be039, bf043)."""
    answer = advisor.ask("论文里讲的三种模式——平台驱动、政府+公共品牌、直播新农人——各自优缺点是啥？能列个表吗")
    assert "没有写它们的缺点" in answer.answer


def test_a_plan_of_so_many_years_in_mixed_words_is_a_timeline(advisor: Any) -> None:
    """ "三年plan" was read as no shape: the year-by-year schedule asked for went unsaid (bf060)."""
    answer = advisor.ask(
        "重庆酉阳土家族苗族自治县这边, 领导要一个三年plan for 农村电商, 基础设施、品牌、人才都要cover, 按论文来. "
        "能分年度排一下吗?"
    )
    assert "没有给出需要多长时间或时间表" in answer.answer


def test_asking_only_whether_the_paper_gives_what_it_lacks_hears_that_first(advisor: Any) -> None:
    """ "論文有沒有點名哪位網紅或哪個村？": that it names none is the answer; it came last, after two sentences on the
    model (bf049). A question asking something else beside it keeps its answer first (a guard: an059)."""
    named = advisor.ask("上課想舉直播新農人的例子，論文有沒有點名哪位網紅或哪個村？就是那種一個人帶動一片的")
    assert named.answer.startswith("- 論文沒有點出具體的人名")
    both = advisor.ask(
        "For my methods section: what are the five core requirements of rural revitalization the author builds on, "
        "and does the paper use any survey, econometrics or fieldwork of its own?"
    )
    assert not both.answer.startswith("- ")
