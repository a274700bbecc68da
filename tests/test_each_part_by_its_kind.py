"""Session 40's mechanisms, chosen on dev22's faults: a sentence typed in lower case after a full stop is a sentence; a
sub-question naming nothing that asks how or why is asked of the part before it, and only a part asking what to do
gets the paper's remedies; a claim putting the user's county (known from earlier) in another tier is corrected, and a
comparison with another tier is no such claim; ready-made templates and technical parameters are a gap of their own.
Pure functions first, then the real advisor (real Chroma, real embedding model). The questions are worded here, not
taken from the dev sets."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.parts import sub_questions
from advisor.text import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "we grow pears in the hills. is cold chain worth it?",
            ["we grow pears in the hills.", "is cold chain worth it?"],
        ),
        ("we sell tea, rice etc. and we want more", ["we sell tea, rice etc. and we want more"]),  # an abbreviation
        ("see e.g. the west", ["see e.g. the west"]),
    ],
)
def test_a_sentence_typed_in_lower_case_after_a_full_stop_is_a_sentence(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("论文说培训有哪些不足？又该怎么改？", 2),  # the second names nothing, yet asks how: a question of its own
        ("why are loans so hard to get and what does the paper want to do about it?", 2),
        ("电商服务站的问题论文提了吗？论文有说吗？", 1),  # asking only whether asks about the rest
    ],
)
def test_a_sub_question_naming_nothing_counts_when_it_asks_how_or_why(text: str, parts: int) -> None:
    assert len(sub_questions(text)) == parts


def test_a_cause_and_what_to_do_are_both_answered(advisor: Any) -> None:
    answer = advisor.ask("why does shipping from villages cost so much and what does the paper want to do about it?")
    assert answer.citations[0].section == "4.1.2"  # the cause first
    assert "West:" in answer.answer and "Centre:" in answer.answer  # then each tier's logistics measures


def test_a_claim_putting_the_users_county_in_another_tier_is_corrected(converse: Any) -> None:
    *_, last = converse(
        "我们是吉林延边的，种人参和大米，论文建议我们怎么做电商？",
        "有人讲东北跟西部差不多落后，所以我们应该按西部保底那套来，是这样吗？",
    )
    assert last.answer.startswith("不是") and last.county is not None and last.county.tier == "central"


def test_a_comparison_with_another_tier_is_no_claim_on_the_users_tier(advisor: Any) -> None:
    answer = advisor.ask("我在甘肃临夏做电商，感觉比东部慢太多了，论文怎么解释我们这为什么落后？")
    assert answer.county is not None and answer.county.tier == "west"
    assert "4.6" in [c.section for c in answer.citations[:3]]  # the paper's causes, not the tier's plan


def test_a_ready_made_template_is_said_to_be_missing(advisor: Any) -> None:
    answer = advisor.ask("合作社跟电商公司签合同，论文里有没有现成的合同模板可以直接用？")
    assert "模板" in answer.answer and "论文没有提供" in answer.answer


def test_a_why_question_hears_the_cause_before_the_remedy(advisor: Any) -> None:
    answer = advisor.ask("几个合作社跟电商公司一起卖核桃，赚了钱就为分成吵，压了货又互相推，为啥总这样？")
    assert answer.citations[0].section == "4.4.2"  # the weak links of interest, then how to mend them


@pytest.mark.parametrize(
    ("claim", "held", "turned"),
    [
        ("论文说电商让乡村从内部造血转向外部输血对吧", "推动乡村发展模式由传统的“外部输血”转向“内部造血”", True),
        ("论文说电商让乡村由外部输血转向内部造血对吧", "推动乡村发展模式由传统的“外部输血”转向“内部造血”", False),
        (
            "so it moves villages from 'internal blood-making' to 'external blood transfusion', right?",
            'shifting the model from traditional "external blood transfusion" to "internal blood generation"',
            True,
        ),
    ],
)
def test_a_claim_turning_round_a_change_the_paper_states_is_false(claim: str, held: str, turned: bool) -> None:
    from advisor.answering.verdict import _reversed

    assert _reversed(claim, held) is turned


def test_a_claim_the_paper_never_makes_is_answered_no(advisor: Any) -> None:
    answer = advisor.ask("论文是说返乡青年回来主要是因为政府发了很多补贴，对吧？")
    assert answer.answer.startswith("不是")


def test_the_papers_structure_is_answered_with_its_chapters(advisor: Any) -> None:
    answer = advisor.ask("这篇文章整体是怎么安排的？分几个部分，我要画个思路图")
    assert answer.answer.startswith("论文《")  # the chapters, whatever kind of question it reads as


def test_a_follow_up_keeps_the_place_the_first_question_named_as_the_users(converse: Any) -> None:
    *_, last = converse("刚从广州辞职回湖南湘西老家，想卖腊肉。论文说我们中部要干啥？", "那客货邮融合具体咋弄？")
    assert last.clarification is None and last.county is not None and "湘西" in last.county.label_zh


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("什么叫「农产品上行、工业品下行」？", ["什么叫农产品上行", "什么叫工业品下行"]),
        ("你好，什么是“乡村振兴”？", ["你好，什么是“乡村振兴”？"]),  # one thing quoted
    ],
)
def test_a_quoted_list_after_its_question_is_asked_thing_by_thing(text: str, parts: list[str]) -> None:
    assert sub_questions(text) == parts
