"""Answers in a conversation and the forms of a question that decide them (session 24's mechanisms): a follow-up
that says its own kind, one that leaves its subject to the conversation, another tier asked by a user whose
county is known, a claim reported (not an instruction), a plan asked for, gaps in sub-questions and a question on
what something consists of; and (session 25) a clause that only names what is asked, the words of a question on a
quantity. Real advisor (real Chroma, real embedding model)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answer import Turn
from advisor.answering.forms import asks_quantity
from advisor.answering.parts import lists_things, sub_questions
from advisor.answering.understand import asks_for_parts


def test_a_follow_up_that_asks_for_a_figure_hears_the_paper_has_none(converse: Any) -> None:
    *_, figure = converse(
        "我们是做助农直播的 startup, paper 里直播+短视频模式的 advantages 是啥?",
        "有没有 data 说直播 conversion rate 多少?",
    )
    assert "论文没有给出这方面的数字" in figure.answer  # its own kind (how much), not the anchor's (what)


def test_a_follow_up_asking_for_cases_gets_cases(converse: Any) -> None:
    *_, cases = converse("合作社跟电商企业、物流公司之间老是扯皮，利益分不清，咋办", "有没有类似的案例")
    assert (
        "（§3.3）" in cases.answer and "多多农园" in cases.answer
    )  # the paper's cases, the cooperative one among them


def test_a_new_place_in_a_chain_of_follow_ups_gets_its_tier(converse: Any) -> None:
    *_, moved = converse(
        "hi we start a mango ecommerce startup in Tiandong county, Guangxi. whats your advise?",
        "how to do it concretly for the logistics part?",
        "why?",
        "ok and if we move the company to Shuyang in Jiangsu?",
    )
    assert moved.county is not None and moved.county.tier == "east" and moved.strategies  # not "not covered"


def test_a_namesake_named_again_in_a_conversation_is_the_place_it_gave(converse: Any) -> None:
    """ "Wuchang rice" after "we are in Wuchang, Heilongjiang" is 五常市, in that turn and the ones after it, not a
    question of which Wuchang (武昌区 shares the name): session 48."""
    *_, branding, loan = converse(
        "We are a 3 person startup in Wuchang, Heilongjiang, selling rice. what infrastructure should we push for",
        "ok and branding? everyone sells 'Wuchang rice' and theres tons of fakes",
        "can we even get a loan for this? we got no collateral",
    )
    for answer in (branding, loan):
        assert answer.clarification is None and answer.county is not None and answer.county.name == "五常市"


def test_a_follow_up_asking_the_source_of_what_was_just_quoted_gets_the_entry_its_paragraph_cites(
    converse: Any,
) -> None:
    """ "这个数据 source 是哪里" after the 6.7 % growth figure asks where that sentence comes from: the entry its
    paragraph cites ([7] 潘方华), not the reference list (session 48)."""
    *_, source = converse(
        "论文里的 data 说 2025 年全国农村网络零售额增长多少？", "这个数据 source 是哪里？对应 reference 几号？"
    )
    assert "潘方华" in source.answer and "孙翰" not in source.answer


def test_a_new_place_asked_the_same_way_gets_the_plan_not_a_topic_asked_between(converse: Any) -> None:
    """ "又该咋弄" for a cousin's county asks again what "咱这边应该咋弄" asked (the whole plan), not of the logistics
    of the question between ("客货邮融合具体是咋回事" asks what it is)."""
    *_, last = converse(
        "我在河南灵宝，家里种了三十亩苹果，想搞电商往外卖，咱这边应该咋弄？",
        "你刚才说的那个客货邮融合，具体是咋回事，我们村能用上吗",
        "那我表哥在陕西洛川也种苹果，他那边按论文又该咋弄？",
    )
    assert last.county is not None and last.county.tier == "west"
    assert {s.dimension for s in last.strategies} - {"logistics"}


def test_another_tier_asked_after_naming_ones_county_does_not_ask_for_the_county(converse: Any) -> None:
    _, west = converse("我是江西寻乌县的，脐橙主产区，县里想把电商再往前推一推，怎么弄？", "那西部呢？")
    assert "告诉我你所在的县" not in west.answer
    assert "寻乌县属于**中部**" in west.answer and {s.tier for s in west.strategies} >= {"west"}


def test_a_claim_on_ones_own_tier_keeps_ones_county(converse: Any) -> None:
    _, check = converse(
        "我们在湖北长阳土家族自治县，合作社种高山蔬菜，想做电商，该从哪里开始？",
        "论文是不是说中部要先上卫星宽带？",
    )
    assert check.county is not None and check.county.tier == "central"
    assert "西部" in check.answer.split("\n")[0]  # the correction comes first: satellite broadband is the West's


def test_a_reported_claim_is_checked_not_taken_for_an_instruction(advisor: Any) -> None:
    answer = advisor.ask("听说这篇论文的意思是政府多给补贴、减点税，农村电商就能持续发展了，是这样吗")
    assert answer.scope == "in_scope" and not answer.notices
    assert answer.answer.startswith("不是") and any(c.section.startswith("5.5") for c in answer.citations)


def test_a_how_question_from_our_village_is_answered_before_any_plan(advisor: Any) -> None:
    answer = advisor.ask("我们村的东西都是初级农产品，笋干、地瓜，一直卖不上价，要怎么提高附加值？")
    assert "初级农产品向高附加值产品转型" in answer.answer.split("\n")[0]


def test_a_plan_asked_for_is_the_tiers_whole_plan(advisor: Any) -> None:
    answer = advisor.ask("我在云南澜沧县，家里种咖啡，村里网络常常断，寄快递也要跑很远，想在网上卖，帮我做个规划")
    dimensions = [s.dimension for s in answer.strategies]
    assert answer.county is not None and answer.county.tier == "west"
    assert {"logistics", "digital"} <= set(dimensions[:3]) and "brand" in dimensions  # the named topics first
    focused = advisor.ask("我们在重庆奉节做脐橙，需要一个电商规划，重点是物流和品牌")
    assert {s.dimension for s in focused.strategies} <= {"logistics", "brand"}  # the focus the user marks holds


def test_a_sub_question_asking_for_what_the_paper_lacks_is_told_so(advisor: Any) -> None:
    answer = advisor.ask(
        "whats the best time of day to go live for selling apples, and what price per kg i should set?"
    )
    assert "gives no such figures" in answer.answer


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("论文里说的农村电商助力乡村振兴的作用机制，分了哪几个方面？", "2.2"),
        ("what are the main problems the paper identifies with rural ecommerce?", "4"),
        ("论文一共总结了几种农村电商可持续发展模式？分别叫啥", "3.3"),  # a count of parts, not a statistic
    ],
)
def test_a_question_on_what_something_consists_of_gets_the_outline(advisor: Any, question: str, section: str) -> None:
    answer = advisor.ask(question)
    assert section in [c.section for c in answer.citations[:2]]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("作用机制分了哪几个方面？", True),
        ("论文一共总结了几种模式", True),
        ("What are the main problems the paper identifies?", True),
        ("转译是啥意思", False),
        ("What is rural e-commerce?", False),
    ],
)
def test_the_form_of_a_question_on_parts(text: str, asked: bool) -> None:
    assert asks_for_parts(text) is asked


def test_a_quoted_list_is_asked_item_by_item() -> None:
    assert sub_questions("老听镇上人说“农产品上行、工业品下行”，啥意思") == ["农产品上行啥意思", "工业品下行啥意思"]
    assert lists_things("老听镇上人说“农产品上行、工业品下行”，啥意思")
    said_between = "老师一直讲“农产品上行、工业品下行”，我听了好几遍还是没整明白，到底啥意思啊？"  # a clause between
    assert sub_questions(said_between) == ["农产品上行啥意思啊", "工业品下行啥意思啊"]
    assert sub_questions("人才、资金都缺，怎么办") == ["人才、资金都缺，怎么办"]  # not a quoted list
    assert sub_questions("in Min County (they grow danggui, the herb). what is the plan?")[0].startswith("in Min")


def test_a_question_mark_typed_after_chinese_ends_a_sentence(advisor: Any) -> None:
    from advisor.text import split_sentences

    text = "论文是不是有说 中央一号文件 连续多年都提农村电商? 还有 policy 支持偏向东部和大企业? yes or no 就行"
    assert len(split_sentences(text)) == 3
    answer = advisor.ask(text)  # two claims checked, and "东部" in the second is no tier plan
    assert {"3.1", "4.5.1"} <= {c.section for c in answer.citations} and not answer.strategies


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("安徽岳西县的茶叶怎么做品牌？", ["brand"]),
        ("山西隰县县政府想出台扶持农村电商的政策，论文有什么建议？", ["policy"]),  # what the user wants to do
        ("冷链基本没有，有些嘎查网络也不行，电商这块怎么规划？", []),  # the situation, then a plan asked for
        ("河南兰考县的农村物流体系，论文建议怎么建？", ["logistics"]),  # a clause naming what is asked about
        ("贵州雷山县，物流和品牌，怎么做？", ["logistics", "brand"]),
        ("我们三个大学生回老家创业，刚起步没啥钱。能按论文出个计划吗？网络、物流、品牌都要", ["logistics", "brand"]),
        ("镇上就一个快递点，每次发货都得自己拉过去，运费还贵，有啥路子没？", []),  # told: what they must do now
    ],
)
def test_topics_asked_not_only_told(text: str, asked: list[str]) -> None:
    from advisor.answering.topics import topics_asked

    assert topics_asked(text) == asked


@pytest.mark.parametrize(
    ("text", "names_only"),
    [("河南兰考县的农村物流体系", True), ("电商这块", True), ("冷链基本没有", False), ("网络也不行", False),
     ("牛羊肉想往外卖", False), ("our logistics is bad", False), ("", False)],
)  # fmt: skip
def test_a_clause_that_only_names_something(text: str, names_only: bool) -> None:
    from advisor.knowledge.tokens import is_noun_phrase

    assert is_noun_phrase(text) is names_only


@pytest.mark.parametrize(
    ("text", "lists"),
    [("网络跟物流要先做什么", [["网络", "物流"]]), ("网络、物流、品牌这几块怎么弄", [["网络", "物流", "品牌"]]),
     ("人才和资金从哪来", [["人才", "资金"]]), ("品牌又怎么弄", []), ("东部和西部怎么做", []), ("", []),
     ("give a plan w/ infra + logistics + brand", [["infra", "logistics", "brand"]])],
)  # fmt: skip
def test_the_things_a_clause_lists(text: str, lists: list[list[str]]) -> None:
    from advisor.knowledge.tokens import coordinated

    assert coordinated(text) == lists


@pytest.mark.parametrize(
    ("text", "beside"),
    [("网络跟物流要先做什么？", ["网络"]), ("我们县网络跟物流都不行，先做什么？", []),  # told, not asked
     ("人才和资金从哪来？", []), ("网络跟直播怎么搞？", [])],  # both named by topic words; neither is
)  # fmt: skip
def test_things_listed_beside_a_topic_in_a_question_are_topics(text: str, beside: list[str]) -> None:
    from advisor.answering.topics import things_beside_topics

    assert things_beside_topics(text) == beside


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("论文一共总结了几种模式", True), ("2025年农产品网络零售额增长多少", True), ("有啥数据不", True),
     ("How many references does it have?", True), ("What share of sales is online?", True),
     ("论文介绍了哪些农村电商发展模式和案例？", False), ("Which models does the paper describe?", False)],
)  # fmt: skip
def test_the_words_of_a_question_on_a_quantity(text: str, quantity: bool) -> None:
    assert asks_quantity(text) is quantity


def test_a_figure_asked_in_so_many_words_that_the_paper_lacks_is_said(advisor: Any) -> None:
    answer = advisor.ask("抖音直播间投流一天花多少合适？ROI做到多少算及格？")  # read as a comparison, but "多少" asks
    first = answer.answer.splitlines()[0]  # figures, all of it: said first, naming what was asked
    assert first.startswith("- 关于“抖音直播间投流一天花多少合适”") and "论文没有给出这方面的数字" in first
    both = advisor.ask("how much commision does Pinduoduo take from a farm store, and whats the deposit to open one?")
    assert "The paper gives no figure on this" in both.answer


def test_a_figure_in_a_unit_the_papers_figures_lack_is_told_so(converse: Any) -> None:
    *_, amount = converse("2025年农村网络零售额增长了多少？", "那绝对金额是多少亿？")  # its figures are growth rates
    assert "论文没有给出这方面的数字" in amount.answer and "6.7%" in amount.answer


def test_a_question_on_which_things_is_no_question_on_how_many(advisor: Any) -> None:
    answer = advisor.ask("论文介绍了哪些农村电商发展模式和案例？")  # "哪些" asks which: the models and the cases
    assert (
        sum(c.section.startswith("3.3") for c in answer.citations) >= 3 and "没有给出这方面的数字" not in answer.answer
    )


def test_a_greeting_before_who_the_user_is_still_names_a_role(advisor: Any) -> None:
    answer = advisor.ask("hi we start a mango ecommerce startup in Tiandong county, Guangxi. whats your advise?")
    assert answer.county is not None and answer.county.tier == "west"
    assert len({s.dimension for s in answer.strategies}) >= 3  # the West's plan, not only talent ("startup")


def test_a_follow_up_naming_the_tier_in_traditional_characters_does_not_repeat_the_place_card(converse: Any) -> None:
    first, second = converse(
        "我們在吉林延邊州的一個縣，論文是不是把東北都算成西部？", "那按中部的話，物流這塊具體要做什麼？"
    )
    assert "通常劃分屬於" in first.answer
    assert "通常劃分屬於" not in second.answer and "中部推廣客貨郵融合" in second.answer  # what is new, not the card


def test_a_question_inside_what_the_paper_says_is_asked_first() -> None:
    text = "论文说电商能形成“引才育才用才”的人才循环，这里面说的回流人群主要指哪些人？"
    assert sub_questions(text) == ["这里面说的回流人群主要指哪些人", "论文说电商能形成“引才育才用才”的人才循环"]
    assert sub_questions("人才循环是什么，这里面有哪些人？") == ["人才循环是什么", "这里面有哪些人"]  # two questions


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # 好几个 (several) and 谁都 (no one) ask nothing: the statements stay with the question they lead to
        (
            "我们镇上好几个做直播卖货的，互相压价，最后谁都不赚钱，这种情况论文有什么办法？",
            ["我们镇上好几个做直播卖货的，互相压价，最后谁都不赚钱，这种情况论文有什么办法？"],
        ),
        # ... nor does a question word with its verb before 都 ("谁赔都说不清": whoever pays)
        (
            "我们合作社跟电商公司、快递那边老扯皮，出了坏果谁赔都说不清，利润也分不匀，文章有没有啥办法",
            ["我们合作社跟电商公司、快递那边老扯皮，出了坏果谁赔都说不清，利润也分不匀，文章有没有啥办法"],
        ),
        # ... nor does 啥的 closing a list ("土鸡蛋、腊肉啥的": and such), session 48
        (
            "想在村里卖点土鸡蛋、腊肉啥的，网太差一开直播就卡，咋办？",
            ["想在村里卖点土鸡蛋、腊肉啥的，网太差一开直播就卡，咋办？"],
        ),
        # two questions asked each in turn (分别)
        ("论文对培训怎么改和怎么留人分别有啥建议？", ["论文对培训怎么改有啥建议", "怎么留人有啥建议"]),
        # a dash sets off a clause that asks its own question
        (
            "In this paper, how is ANT used — what kinds of actors does it talk about?",
            ["how is ANT used", "what kinds of actors does it talk about"],
        ),
    ],
)
def test_which_clauses_ask_a_question_of_their_own(text: str, parts: list[str]) -> None:
    assert sub_questions(text) == parts


def test_a_follow_up_pointing_at_one_part_listed_gets_that_part(advisor: Any) -> None:
    history: list[Turn] = []
    for question in ("2.2那一节讲农村电商助力乡村振兴，分了哪几个方面？", "产业那块说电商怎么带动产业的？"):
        answer = advisor.ask(question, history=list(history))
        history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.answer)]
    answer = advisor.ask("增收那个具体是哪几条路子", history=history)
    assert {c.section for c in answer.citations[:3]} == {"2.2.3"}


_LISTED = "**汪清县**：中部 [1]。\n\n### 可以做的\n\n- 中部建设乡镇电商服务站。 [2]\n- 中部建设县域冷链集散点。 [3]\n- 中部聚焦一县一品。 [4]\n\n### 你还可以问\n\n- 物流？"


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("那第二条具体怎么弄？", "中部建设县域冷链集散点。"),
        ("第3点啥意思", "中部聚焦一县一品。"),
        ("what about the second point?", "中部建设县域冷链集散点。"),
        ("最后一条呢", "中部聚焦一县一品。"),
        ("第二个具体咋做", "中部建设县域冷链集散点。"),
        ("第五条呢", None),  # the list does not reach it
        ("第一步干啥", None),  # an order of steps
        ("最后一个，我们融资很难怎么办", None),  # the user's last question
        ("last one: small farmers can't get loans", None),
        ("我们要开第二个base", None),  # a thing of the user's
    ],
)
def test_a_follow_up_pointing_at_a_listed_thing_by_its_number(question: str, item: str | None) -> None:
    from advisor.answering.followups import item_numbered

    assert item_numbered(question, _LISTED) == item


def test_a_numbered_thing_of_the_previous_answer_is_what_the_follow_up_asks_about(advisor: Any) -> None:
    first = "我是吉林延边州汪清县的，县里想把农村电商做起来，按论文该怎么弄？"
    plan = advisor.ask(first)
    second_line = [line for line in plan.answer.splitlines() if line.startswith("- ")][1]
    history = [Turn(role="user", content=first), Turn(role="assistant", content=plan.answer)]
    answer = advisor.ask("那第二条具体怎么弄？", history=history)
    # the second thing listed, whatever the plan's order: the strategy whose words the line gives
    listed = next(s for s in advisor.rulebook.strategies if s.text_zh.rstrip("。") in second_line)
    assert answer.strategies and {s.dimension for s in answer.strategies} == {listed.dimension}


def test_a_follow_up_opening_with_and_that_says_its_kind_asks_that_kind(converse: Any) -> None:
    """ "and why does…" leans on the question before as "那为什么…" does: it asks why, not the how-to again."""
    how, why = converse(
        "what training approach does the paper recommend for local farmers? I run e-com training in our county",
        "and why does the current training fail, per the paper?",
    )
    assert why.answer.split("\n\n")[0] != how.answer.split("\n\n")[0]
    assert why.citations[0].quote.startswith("电商培训体系不够完善")  # §4.2's cause, first


def test_a_follow_up_asking_if_the_same_holds_elsewhere_gets_the_plan_there(converse: Any) -> None:
    *_, same = converse(
        "我们在湖南怀化，合作社想做电商，论文建议怎么做？",
        "and if its a county in Jiangxi, same advice?",
    )
    assert same.county is not None and same.county.tier == "central" and len(same.strategies) >= 3


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("论文里说政府在农村电商里到底起啥作用？", "mechanism"),
        ("what does e-commerce actually do for local industry", "mechanism"),
        ("电商能给农民带来哪些收入？", "mechanism"),
        ("农村电商是什么", None),
        ("论文2.2讲的作用机制分哪几个方面？", None),  # the part named, not what it does
    ],
)
def test_a_question_on_what_something_does(text: str, wanted: str | None) -> None:
    from advisor.answering.understand import type_named

    assert type_named(text) == wanted


def test_what_something_does_is_not_answered_by_a_definition(converse: Any) -> None:
    *_, does = converse(
        "hi, writing my thesis on this paper. which theory does it use and who came up with it?",
        "ok and how does that connect to the mechanism in section 2? like what does e-commerce actually do for "
        "local industry",
    )
    assert not any(c.quote.startswith("农村电子商务是指") for c in does.citations[:2])
    assert any("上下游产业协同发展" in c.quote for c in does.citations[:3])


def test_a_plan_leads_with_the_topics_asked_for_not_those_told(advisor: Any) -> None:
    """ "三个大学生回老家创业" tells of talent; "网络、物流、品牌都要" asks for three topics, whose measures come first."""
    plan = advisor.ask(
        "我们三个大学生回新疆阿克苏老家创业，想在网上卖苹果和红枣。能按论文出个发展计划吗？网络、物流、品牌都要"
    )
    dimensions = [s.dimension for s in plan.strategies]
    assert "talent" not in dimensions[:3] and {"digital", "logistics", "brand"} <= set(dimensions[:4])


def test_several_topics_asked_for_a_plan_get_one_measure_each_first(advisor: Any) -> None:
    plan = advisor.ask("我們是安徽金寨縣，縣裡要做一個三年的農村電商規劃，想參考這篇論文，基建、人才、品牌都要講到")
    assert {s.dimension for s in plan.strategies[:4]} == {"digital", "logistics", "talent", "brand"}


@pytest.mark.parametrize(
    "question",
    [
        "how does the paper compare the rural e-commerce situation in east vs central vs western china?",
        "how does the paper describe the CURRENT situation in east vs central vs west rural e-commerce? not the "
        "recommendations, the status quo",
    ],
)
def test_tiers_compared_on_their_state_get_the_state_not_the_measures(advisor: Any, question: str) -> None:
    answer = advisor.ask(question)
    assert answer.citations[0].section == "4.6" and not answer.strategies


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("how does the paper describe the current situation? not the recommendations, the status quo", None),
        ("不要对策，说说问题", "problem"),
        ("三种模式在品牌建设上论文分别给了啥建议？", "measure"),  # 分别 is no "别"
    ],
)
def test_a_kind_of_sentence_put_aside_is_not_asked_for(text: str, wanted: str | None) -> None:
    from advisor.answering.understand import type_named

    assert type_named(text) == wanted


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("那電商賣的東西種類有什麼變化嗎？", True),  # its own subject, leaning on the conversation
        ("and why does the current training fail, per the paper?", True),
        ("那物流呢？", False),  # the previous question, of logistics
        ("OK 那 solution 呢？我们在 Hubei 恩施", False),  # ... in a clause of its own
        ("What about the West?", False),
    ],
)
def test_a_question_that_only_leans_on_the_one_before(text: str, leans: bool) -> None:
    from advisor.answering.followups import leans_only

    assert leans_only(text) is leans


def test_a_follow_up_leaning_with_a_subject_of_its_own_is_read_in_its_own_words(converse: Any) -> None:
    """ "那 non-human actors 在农村电商里具体指什么？" after a question on ANT's author and core points asks of the actors,
    not what rural e-commerce is (the conversation's vector had outweighed its own)."""
    _, actors = converse(
        "老师让我用 ANT 分析农村电商，这篇 paper 里 ANT 是谁提出的、核心观点有几个？",
        "那 non-human actors 在农村电商里具体指什么？",
    )
    assert "非人类行动者(技术、平台、物流" in actors.citations[0].quote


def test_a_count_in_a_chapter_named_counts_its_parts_not_a_figure(advisor: Any) -> None:
    # "problem areas" is no word for parts, but chapter 4 is named: how many it holds is its outline, not a statistic
    answer = advisor.ask("how many development models does the paper describe in chapter 3, and how many problem areas "
                         "in chapter 4? just numbers and names pls")  # fmt: skip
    assert "gives no figure" not in answer.answer and "3.3" in [c.section for c in answer.citations]


def test_each_count_asked_gets_its_own_list(advisor: Any) -> None:
    # the outline of §3.3 answers the second count and stands far above for the whole question; the first count's
    # own sentence (§2.1.3, 0.36 below it) still answers it
    answer = advisor.ask("文章里农村电商的主要模式列了几种？可持续发展模式又分了几类？")
    assert {"2.1.3", "3.3"} <= {c.section for c in answer.citations[:2]}


@pytest.mark.parametrize(
    ("question", "opening", "also"),
    [
        # the second count takes §3.3's outline, the first's best; §2.1.3's "主要模式包括…" holds its own 主要模式
        (
            "论文里农村电商的主要模式列了几种？后面说的可持续发展模式又分了几类？",
            "农村电商的主要模式包括",
            "平台驱动型",
        ),
        # "每部分大概讲啥" takes the structure line: nothing near the first part says anything of its own
        (
            "这篇论文整体结构是怎样的？分了几部分，每部分大概讲啥？",
            "论文《乡村振兴视角下农村电商可持续发展策略研究》分为",
            "引言",
        ),
    ],
)
def test_a_sub_question_whose_best_another_took_gets_a_unit_of_its_own_only(
    advisor: Any, question: str, opening: str, also: str
) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(opening) and also in answer.answer


def test_our_county_asking_what_every_tier_shares_hears_it_before_each_tiers_way(advisor: Any) -> None:
    # no tier known: the public brand's own measures (every tier's) answer, then each tier's brand measure follows
    answer = advisor.ask("我们县打算搞个区域公用品牌，把几个乡镇的山货统一起来卖，论文怎么建议？")
    first = answer.answer.split("\n")[0]
    assert "公共品牌" in first and "分级提出建议" not in first and "### 东部" in answer.answer


def test_a_sub_question_naming_its_own_part_of_the_paper_is_answered_there(advisor: Any) -> None:
    # the keywords line stands far above the conclusion for the whole question, which its first part steers; the
    # second part names the conclusion, where its answer is
    answer = advisor.ask("论文的关键词是哪几个？结论部分能帮我概括一下吗")
    assert [c.section for c in answer.citations[:2]] == ["keywords", "6"]


def test_a_clause_telling_what_the_user_needs_it_for_names_no_part_asked(advisor: Any) -> None:
    # "我写参考文献要用" tells why: the reference list is not what the third part asks
    answer = advisor.ask("作者是谁？哪个学校的？什么时候发表的，我写参考文献要用")
    assert "references" not in {c.section for c in answer.citations} and "2026年6月23日" in answer.answer


def test_a_sub_question_on_a_part_of_the_paper_hears_its_title_page_line(advisor: Any) -> None:
    # the whole reads as a what-question by its second part; its first asks for the keywords
    answer = advisor.ask("這篇論文的關鍵詞有哪些？它說的農村電商又是怎麼定義的？")
    assert answer.citations[0].section == "keywords"


def test_a_follow_up_in_a_conversation_the_sources_answered_is_not_refused(converse: Any) -> None:
    # few words of its own, near no sentence by themselves: it goes on with the conversation's subject
    _, ours, why = converse(
        "我是辽宁宽甸满族自治县的，东北这边经济一般，按论文那个分档我们算西部保底吧？",
        "那具体网络和物流怎么弄",
        "为啥要这么分档？一刀切不行吗",
    )
    assert ours.citations and why.citations and "没有涵盖" not in why.answer


def test_a_follow_up_asking_whether_the_paper_gives_what_it_lacks_is_not_carried_by_the_conversation(
    converse: Any,
) -> None:
    # whether the sources speak of it is what it asks: no passage of theirs stands in for the costs asked
    *_, costs = converse(
        "我是甘肃临夏县的干部，县里让我牵头把牛羊肉、花椒这些农产品放到网上卖，先从哪下手？",
        "那人这块呢？我们这年轻人基本都出去打工了，没人会弄",
        "你说的这些，论文里有没有说大概要花多少钱、建几个站？",
    )
    assert not costs.citations


def test_a_follow_up_asking_for_a_kind_of_sentence_the_paper_has_is_answered_by_it(converse: Any) -> None:
    """ "那之前有没有搞成功的例子？" after a question on a county's public brand asks whether the paper gives cases,
    and its first-ranked units are §3.3.2's: it goes on with the conversation, though its few words score low by
    themselves (it was refused as outside the sources; session 52)."""
    _, cases = converse(
        "我们县打算搞个区域公共品牌，但是怕到时候谁都往上贴牌子，质量参差不齐还打价格战，论文有啥办法？",
        "那之前有没有搞成功的例子？",
    )
    assert cases.citations and cases.citations[0].section == "3.3.2" and "遂昌" in cases.answer.split("[1]")[0]


def test_a_follow_up_to_an_off_topic_question_stays_off_topic(converse: Any) -> None:
    _, again = converse("帮我写个python爬虫抓淘宝价格", "那为什么老是报错？")
    assert not again.citations


def test_things_listed_in_a_clause_marking_the_focus_are_topics_asked(advisor: Any) -> None:
    # "网络" names no topic by itself: listed beside 物流 where the user marks the focus, it is one by its meaning
    answer = advisor.ask("县里让我出个电商方案，重点放在网络和物流这两块，你给点思路")
    assert "5G" in answer.answer and "冷链" in answer.answer


def test_a_known_tier_hears_its_own_part_of_a_sentence_giving_each_tier_its_measure(advisor: Any) -> None:
    # §5.3's "① 平台驱动型：东部推行…，中部聚焦一县一品，西部先完成…" is the Centre's "中部聚焦一县一品" here: its rule is as
    # near the question as the whole sentence, which another tier's user would read as theirs
    answer = advisor.ask("我们是吉林延边的合作社，品牌这块按论文该怎么做？")
    assert "中部聚焦一县一品" in answer.citations[0].quote
    assert not any("东部推行" in c.quote for c in answer.citations)


def test_a_follow_up_the_conversation_carries_is_answered_by_its_tiers_measures_first(converse: Any) -> None:
    # "so what do we do?" is near no sentence by itself: the sentences it is nearest (a brand measure, Caoxian's case)
    # had led the answer before the West's talent measures
    _, ours = converse(
        "why is it so hard to find and keep ecommerce people out here? our county trained a bunch of young folks and "
        "half of them left within a year",
        "we're in Gannan, Gansu btw. so what do we do?",
    )
    first, plan = ours.answer.split("###", 1)[0], ours.answer.split("###", 2)[1]
    assert first.startswith("**Gannan") and "Cao County" not in first and "talent" in plan


def test_tiers_compared_on_a_topic_each_get_their_measure_on_it(advisor: Any) -> None:
    # the West's logistics sentence ranked above its network measures and had stood for the West under "数字基础设施"
    answer = advisor.ask(
        "要给县委写个材料，对比一下东部、中部、西部在数字基础设施上论文分别建议干什么，最好一句话一个。"
    )
    assert not any("集散中心" in c.quote for c in answer.citations[:3])


def test_a_bare_tier_asked_why_of_after_a_plan_gets_the_county_card_first(converse: Any) -> None:
    _, why = converse(
        "hi, im in Yanbian, Jilin province. we are small rice farmers, want to sell our rice online. what first?",
        "why central?? we're in the northeast lol",
    )
    first = why.answer.split("\n")[0]
    assert "**Central**" in first and "does not treat the Northeast separately" in why.answer
    _, reason = converse("我在湖南平江县，想做农村电商，从哪入手？", "why one county one product for central tho?")
    assert "**Central**" not in reason.answer  # the measure's reason asked, not the county's tier
