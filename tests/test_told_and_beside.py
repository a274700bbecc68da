"""Session 59's mechanisms, chosen on dev60's and dev61's faults: what the user tells in a sentence before the
clauses that ask is read with the first when it points back at it ("这种情况"); a place named as the user's neighbour,
or a case qualified by its province, leaves the user where the conversation said; a claim on a part of the paper it
names (the keywords) reaches that part; 凭啥 asks why; a figure for the user's own unnamed county hears that the paper
has national figures only; "what are its main points" gets every item of the list; a term the paper only names in a
list ("社区团购是个啥") hears that the paper does not explain it; a bare tier said of a place ("Jilin is east right?")
is checked against its tier. Real advisor (real Chroma, real embedding model); each
fails on session 58's code, except the guards."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.forms import things_asked_what
from advisor.answering.parts import sub_questions

TEA_TROUBLE = (
    "我是湖南安化县一个黑茶合作社的理事长，社员都是各家各户自己做茶，有的晒得好有的不行，同一款茶每批口感都不一样，"
    "平台上老是给差评、退货，论文对这种情况怎么说，我们该咋办"
)


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "平台上老是给差评、退货，论文对这种情况怎么说，我们该咋办",
            ["平台上老是给差评、退货，论文对这种情况怎么说", "我们该咋办"],
        ),
        (  # guard: what is told stays out of clauses that do not point back at it (al041.3, bd043)
            "文章说农村电商往中西部、往乡镇村里下沉了，那有没有说现在有多少个淘宝村、覆盖了多少个县？",
            ["那有没有说现在有多少个淘宝村", "覆盖了多少个县"],
        ),
        ("作者是谁 哪个学校的 啥时候发表的", ["作者是谁", "哪个学校的", "啥时候发表的"]),  # guard: nothing told
    ],
)
def test_what_is_told_is_read_with_the_clause_pointing_back_at_it(question: str, parts: list[str]) -> None:
    assert sub_questions(question) == parts


def test_a_trouble_told_before_its_questions_is_what_they_ask_of(advisor: Any) -> None:
    """The told clauses were dropped, and "论文对这种情况怎么说" alone is nearest the conclusion, which opened the
    answer (bj015); §5.4.1's unified production standards answer the uneven batches."""
    answer = advisor.ask(TEA_TROUBLE)
    assert "建立统一的生产标准" in answer.citations[0].quote
    assert not answer.answer.startswith("本文立足")


def test_a_neighbour_named_in_a_conversation_is_not_where_the_user_is(converse: Any) -> None:
    """ "我们跟辽宁挨着的" moved the user to Liaoning (east), and the next turn on logistics got the east's cold chain
    (bj051.2, bj051.4)."""
    answers = converse(
        "吉林通榆县的，杂粮杂豆为主。咱东北是不是跟辽宁一样算东部？按东部提质来搞行不",
        "凭啥是中部啊 我们跟辽宁挨着的",
        "那物流呢",
    )
    assert [a.county.name if a.county else None for a in answers] == ["通榆县"] * 3


def test_a_case_qualified_by_its_province_is_still_an_example(converse: Any) -> None:
    """ "学浙江遂昌" put the user, who is in Tibet, in Suichang (bi057.2): the province before the name hid "学"."""
    *_, last = converse(
        "西藏林芝巴宜区 想发展农村电商 主要卖松茸 怎么规划", "有人说我们直接学浙江遂昌搞区域公共品牌就行 对吗"
    )
    assert last.county is not None and last.county.name == "巴宜区"


def test_a_place_given_as_for_instance_is_still_the_place_asked_about(converse: Any) -> None:
    """Guard: "比如内蒙古的旗县咋弄" asks about Inner Mongolia's tier, not the neighbour's."""
    *_, last = converse("我在黑龙江绥化，种大米，想在网上卖", "那西部呢，比如内蒙古的旗县咋弄")
    assert last.county is not None and last.county.full_name == "内蒙古自治区"


def test_a_claim_on_the_keywords_is_checked_against_the_keywords(advisor: Any) -> None:
    """The keyword line was left out as a title-page unit for a claim, and three sentences on talent and income
    answered (bj059)."""
    answer = advisor.ask("论文关键词是不是就乡村振兴、农村电商、可持续发展、人才培养这四个")
    assert answer.citations[0].section == "keywords"


def test_why_a_tier_asked_with_pingsha_hears_the_tier_and_why(converse: Any) -> None:
    """ "凭啥是中部啊" read as a plan: a list of central measures, no word on why (bj051.2). 凭啥 asks why."""
    *_, last = converse("吉林通榆县的，杂粮杂豆为主，想在网上卖", "凭啥是中部啊 我们跟辽宁挨着的")
    assert last.answer.startswith("**吉林省白城市通榆县**")
    assert "中部农村地区依托本地农产品资源" in last.answer


def test_a_figure_for_the_users_own_unnamed_county_hears_the_paper_has_none(advisor: Any) -> None:
    """ "我们县" is no place found, so the local-figure gap did not apply and the national figure answered alone
    (bi044)."""
    answer = advisor.ask("我们县去年农村网络零售额多少 论文里能查到吗")
    assert answer.answer.startswith("- 论文没有你们县本地的统计数据")


def test_the_main_points_asked_are_all_given(advisor: Any) -> None:
    """ "what are its main points?" got ② alone of ANT's three core tenets (bi005)."""
    answer = advisor.ask(
        "I run trainings for villagers and need to explain the 'actor network theory' thing from the paper in plain "
        "words, they wont get the jargon. what are its main points?"
    )
    opening = answer.answer.split("###")[0]
    assert all(item in opening for item in ("①", "②", "③"))


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("社区团购是个啥 论文里有提吗", ["社区团购"]),
        ("C2M是什么意思", ["C2M"]),
        ("新闻里老说“客货邮融合”，到底是个啥？", ["客货邮融合"]),
        ("论文是什么时候发表的", []),  # guard: "是什么时候" asks when, not what a thing is
    ],
)
def test_the_thing_a_clause_asks_what_it_is_is_a_term_asked(question: str, terms: list[str]) -> None:
    assert things_asked_what(question) == terms


def test_a_term_the_paper_only_lists_hears_that_it_is_not_explained(advisor: Any) -> None:
    """ "社区团购" stands only in two lists ("直播电商、社区团购等新业态"); the answer quoted one as if it said what
    community group buying is (bi059.1)."""
    answer = advisor.ask("社区团购是个啥 论文里有提吗")
    assert answer.answer.startswith("- 关于“社区团购”：论文没有解释其含义")
    assert "社区团购" in answer.citations[0].quote


@pytest.mark.parametrize("question", ["农产品上行是啥意思啊", "C2M是啥意思？跟我们种菜卖菜有啥关系"])
def test_a_term_the_paper_defines_or_glosses_is_not_said_to_be_unexplained(advisor: Any, question: str) -> None:
    """Guard: 农产品上行 stands in lists too, but §2.1.3 says what it is; C2M is glossed in its list, "C2M(消费者对生产端)"
    (round 6: four answers said it was not explained)."""
    assert "没有解释其含义" not in advisor.ask(question).answer


def test_a_bare_tier_said_of_a_place_is_checked_against_its_tier(advisor: Any) -> None:
    """ "so Jilin is east right?" named no tier (a bare English tier word counted only in a list or beside "plan"), so
    the claim got "No." and a paragraph on regional gaps, with no word on Jilin's tier (bi052.3)."""
    answer = advisor.ask("so Jilin is east right? its northeast china")
    assert answer.answer.startswith("No.")
    assert "**Jilin** is in **Central** China" in answer.answer


def test_central_to_something_is_no_tier(advisor: Any) -> None:
    """Guard: "central to" says what matters, not a tier."""
    answer = advisor.ask("is logistics central to rural e-commerce in the paper?")
    assert "Centre: strengthen weak links" not in answer.answer
