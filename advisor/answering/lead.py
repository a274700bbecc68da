"""The lead: the 1–3 ranked units that answer the question, one per thing asked first (each part of the paper named,
each thing listed, each topic named, else each sub-question), then near-best ones that add something."""

from __future__ import annotations

import heapq
import re

import numpy as np

from advisor.answering.analysis import Analysis
from advisor.answering.documents import generic_words, says_something, specific_words
from advisor.answering.evidence import Unit
from advisor.answering.forms import put_as_question, tells_only
from advisor.answering.parts import asks_whether_given, things_of
from advisor.answering.priors import kind_prior
from advisor.answering.remedies import Remedies
from advisor.answering.selection import Ranked, named_weight, one_tier_measure, own_sections, tiers_side_by_side
from advisor.answering.topics import of_other_topic
from advisor.answering.understand import topics_named
from advisor.knowledge.tokens import specific_tokens
from advisor.language import to_simplified
from advisor.text import announces_items, points_back, tokenize

#: Further lead sentences must score within this of the best one.
LEAD_MARGIN = 0.15
#: A sub-question gets its own unit instead of an earlier part's best when that unit scores within this of it; of
#: the units within it, the one that answers this sub-question rather than the others (``_part_fit``) is chosen,
#: with this much weight on its lead over its score for another sub-question. For one thing of a list the margin is
#: wider: the sentence on that thing alone scores a little below the one that names them all ("平台驱动型、政府+公共
#: 品牌型、直播新农人型…区别在哪": §3.3.1's opening 0.66 against §3.3's outline 0.72).
PART_MARGIN, LISTED_MARGIN, PART_SPECIFICITY = 0.05, 0.15, 0.5
MAX_LEAD = 3
#: A sub-question whose best unit another sub-question took gets another unit about as near it only when that one is
#: within this of the taken unit for the whole question (the author line 0.22 below the dates for "作者是谁 …
#: 啥时候发表的"; §2.1.3's "主要模式包括 B2B…" 0.36 below §3.3's outline for "主要模式列了几种？可持续发展模式又分了几类？",
#: whose outline the second sub-question lifts; the theory's "关系" 0.54 below "工业品下行是指…" for "…啥意思？跟我们
#: 种地的有啥关系").
STAND_IN_MARGIN = 0.4
#: A sub-question's best unit joins the answer only within this of the first unit for the whole question: a part
#: that only frames or tells ("论文是这么说的吗，回来的都是些啥人" → the theory's actors 0.51 below; "论文给了哪些原因"
#: → the abstract 0.59 below; "they learn and then run off… what do we do" → the Centre's problems 0.31 below) has
#: no answer of its own.
PART_JOIN_MARGIN = 0.3
#: ... unless it is a title-page fact this near its part (the licence line 1.0 for "is the licence ok for reusing a
#: paragraph"; the author line 0.66 for "作者有没有自己写 limitations").
FACT_OF_PART = 0.9


def lead(ranked: list[Ranked], a: Analysis, limit: int = MAX_LEAD) -> list[Ranked]:
    """The 1–3 units that answer: the best, then near-best ones that add something, one per sub-question first."""
    if a.sourced:  # the sentence asked about and the entries it cites
        return ranked[: a.sourced]
    divided = _divided_part(ranked, a)
    if divided:
        return divided
    ranked = _of_type_asked(ranked, a)
    if len(specific_words(a.u)) >= 2:  # a sentence that only names the domain answers only "what is it called"
        ranked = [r for r in ranked if says_something(r.unit.zh or r.unit.quote)] or ranked
    bests = _best_per_part(ranked, a)
    limit = max(limit, min(len(bests), MAX_LEAD + 1) if len(a.u.topics) > 1 else 0)
    chosen: list[Ranked] = []
    for part, part_best in bests:
        if part_best is not None and not _repeats(part_best, chosen) and _answers_its_part(part_best, a, chosen, part):
            chosen.append(part_best)
    if not chosen and ranked:
        chosen.append(ranked[0])
    # within the margin of what the best unit scores by itself: how near the questions it answers are lifts it, not
    # the bar ("平台驱动型模式有什么优势？": its opening sentence, whose examples ask what it is, and its advantages)
    top = chosen[0].score - chosen[0].asked if chosen else 0.0
    for r in ranked:
        if len(chosen) >= limit or r.score < top - LEAD_MARGIN:
            break
        if not _repeats(r, chosen) and not _other_topic(r, a) and _fits(r, a) and says_something(r.unit.zh or ""):
            chosen.append(r)
    return _statement_first(_answer_first(_with_cause(chosen[:limit], ranked, a, limit), a), a)


#: CAUSES answer a why-question: the best of them joins its answer when within this of the best unit, which may only
#: restate what is asked ("why 西部是保底 not 提质？": §5.1's principle 0.79, §4.6's western shortfalls 0.62).
CAUSES, CAUSE_MARGIN = ("problem", "mechanism"), 0.3


def _with_cause(chosen: list[Ranked], ranked: list[Ranked], a: Analysis, limit: int) -> list[Ranked]:
    """A why-question's answer with a cause in it: the best problem or mechanism near the best unit, if none is chosen."""
    if a.kinds[0] != "why" or not chosen or any(r.unit.type in CAUSES for r in chosen):
        return chosen
    floor = chosen[0].score - CAUSE_MARGIN
    cause = next((r for r in ranked if r.unit.type in CAUSES and not _other_topic(r, a)), None)
    if cause is None or cause.score < floor:
        return chosen
    return [*chosen[: limit - 1], cause]


def with_its_pair(chosen: list[Ranked], ranked: list[Ranked], units: list[Unit], remedies: Remedies,
                  a: Analysis) -> list[Ranked]:  # fmt: skip
    """A question asking both what is wrong and what to do ("论文怎么解释这个现象？有什么招？", "what does the paper say
    and how to fix") gets both: a problem chosen alone is followed by its remedy (``remedies.py``), a remedy chosen
    alone by the problem it answers — the best ranked of them — in place of the last unit when the lead is full."""
    asks_cause = "why" in a.kinds or a.wants == "problem" or any("why" in k for k in a.part_kinds)
    asks_fix = a.asks_how or any(a.part_asks_how(i) for i in range(len(a.part_kinds)))
    types = {r.unit.type for r in chosen}
    if not (asks_cause and asks_fix) or not remedies.links.size or ("problem" in types) == ("measure" in types):
        return chosen
    of_problem = "problem" in types  # a problem chosen, its remedy wanted; else the reverse
    first = next(r for r in chosen if r.unit.type == ("problem" if of_problem else "measure")).unit
    mine, theirs = (remedies.problems, remedies.measures) if of_problem else (remedies.measures, remedies.problems)
    rows = [i for i, n in enumerate(mine) if units[n] is first]
    if not rows:
        return chosen
    linked = remedies.links[rows[0]] if of_problem else remedies.links[:, rows[0]]
    paired = {id(units[theirs[j]]) for j in np.flatnonzero(linked)}
    pair = next((r for r in ranked if id(r.unit) in paired), None)
    return chosen if pair is None else [*chosen[: MAX_LEAD - 1], pair]


def _of_type_asked(ranked: list[Ranked], a: Analysis) -> list[Ranked]:
    """For a what-question that names the kind of sentence it asks for, the units of that kind, when one is near the
    best ("what are the problems with policy support": §4.5.1's problems, though §5.5.1's measures share more of its
    words and rank higher), and the outlines that name them ("what are the main problems the paper identifies");
    else all."""
    if a.kinds[0] != "what" or a.wants is None:
        return ranked
    of_type = [r for r in ranked if r.unit.type in (a.wants, "outline")]
    return of_type if of_type and of_type[0].score >= ranked[0].score - LEAD_MARGIN else ranked


def _divided_part(ranked: list[Ranked], a: Analysis) -> list[Ranked]:
    """What-question on the problems or measures of one topic whose part of the paper is divided into subsections
    ("supply chain主要有哪些problem": §4.4 into 4.4.1 标准化 and 4.4.2 协同): the part's outline, which names each
    subsection, then the best unit of each, so that no subsection is left out because another ranks higher. [] when
    the topic's rules lie in one section or in sections of different parts."""
    if a.kinds[0] != "what" or a.wants not in ("problem", "measure") or len(a.u.topics) != 1 or len(a.parts) > 1:
        return []
    of_topic = {r.unit.section for r in ranked if r.unit.source == "rule" and r.unit.dimension == a.u.topics[0]}
    sections = sorted(s for s in of_topic if any(r.unit.section == s and r.unit.type == a.wants for r in ranked))
    parents = {s.rsplit(".", 1)[0] for s in sections}
    if len(sections) < 2 or len(parents) != 1 or any(s.count(".") != 2 for s in sections):
        return []
    outline = [r for r in ranked if r.unit.type == "outline" and r.unit.section in parents][:1]
    bests = [next(r for r in ranked if r.unit.section == s and r.unit.type == a.wants) for s in sections]
    return [*outline, *bests][:MAX_LEAD]


def measures_near_top(ranked: list[Ranked]) -> bool:
    """Whether a measure is near the best unit: no unit outranks every measure by ``LEAD_MARGIN``."""
    best = next((r.score for r in ranked if r.unit.type == "measure"), None)
    return best is not None and best >= ranked[0].score - LEAD_MARGIN


def led_by_one_tier(ranked: list[Ranked], a: Analysis) -> bool:
    """Whether a measure of one tier is among the units that would lead the answer, or a question on what to do
    would be led only by the problem it tells ("服务点只能代买代卖，这个怎么提升？": the tiers' measures answer) (worked
    out only where it decides: the lead is chosen again when the answer is written)."""
    leading = lead(ranked, a)
    # ... or a sub-question does ("why is delivery so expensive and what does the paper want to do about it?")
    how = a.kinds[0] in ("how", "plan") or any(a.part_asks_how(i) for i in range(len(a.part_kinds)))
    return any(one_tier_measure(r.unit) for r in leading) or (
        how and bool(leading) and all(r.unit.type == "problem" for r in leading)
    )


def _answer_first(chosen: list[Ranked], a: Analysis) -> list[Ranked]:
    """A question on what to do is answered with what to do first: a chosen measure goes before a problem or a
    background sentence that outranked it ("雷山县怎么做物流？": the West's measure, then the problem it solves); a
    why-question with its cause first."""
    if a.kinds[0] == "why" and chosen and chosen[0].unit.type == "measure":  # "…为分成吵，为啥老是这样？": the cause
        return _first_of(chosen, ("problem", "mechanism"))  # first, then the remedy
    if a.kinds[0] not in ("how", "plan") or len(a.parts) > 1:
        return chosen
    return _first_of(chosen, ("measure",))


def _first_of(chosen: list[Ranked], types: tuple[str, ...]) -> list[Ranked]:
    """The chosen units with the first of these types moved to the front (as they are when none is chosen)."""
    first = next((r for r in chosen if r.unit.type in types), None)
    return chosen if first is None else [first, *(r for r in chosen if r is not first)]


#: A question asking for the things of a list, or how many there are: its announcement ("该理论核心观点包括：", "论文
#: 分为以下各章：") may open the answer.
_ASKS_FOR_LIST = re.compile(r"哪些|哪几|几(?:个|章|部分|条|点|方面)|\bwhat are\b|\blist\b|\bwhich\b|\bhow many\b", re.I)


def _statement_first(chosen: list[Ranked], a: Analysis) -> list[Ranked]:
    """An answer opens with a sentence that says something of its own, not one that announces a list ("该理论核心观点
    包括：" before "本文…以行动者网络理论为核心理论工具" for "what theory is the paper built on?"); the list still
    follows its announcement. Not when the question asks for the things listed."""
    if len(chosen) < 2 or not _announces(chosen[0]) or _ASKS_FOR_LIST.search(a.u.text):
        return chosen
    first = next((r for r in chosen if not _announces(r)), None)
    return chosen if first is None else [first, *(r for r in chosen if r is not first)]


def _announces(r: Ranked) -> bool:
    return announces_items(r.unit.zh or r.unit.quote)


def _answers_its_part(r: Ranked, a: Analysis, chosen: list[Ranked], part: int | None) -> bool:
    """Whether the best unit for one thing asked joins the answer: a part of the paper named is answered by its
    outline, whatever the kind; another's best must be of a type the question's kinds take ("曹县是不是就靠卖汉服…？
    论文是这么说的吗": the second part alone is nearest the conclusion, which does not answer a claim), and near the
    first for the whole question (``PART_JOIN_MARGIN``) — or, for a sub-question put as a question of its own, that
    near by its score for that sub-question ("為什麼…都是蔬菜水果？還有，為什麼大家都不太想花心思做品牌？": the brand
    cause is 0.36 below the first for the whole message, which its first question steers, 0.12 below for its own) —
    not one asking whether the paper gives something ("…这俩到底是啥意思？论文有没有解释？"), which asks of the rest."""
    if a.sections_asked or not chosen or tiers_side_by_side(a):  # each tier's own unit answers for its tier
        return True
    floor = chosen[0].score - PART_JOIN_MARGIN
    if part is None:
        return _fits(r, a) and r.score >= floor
    # a title-page fact clearly nearest its own part answers it alone ("what are the keywords, and is the licence
    # ok…": the licence line 0.37 below the keywords), not one that is only the nearest ("…有没有自己写 limitations")
    fact = _title_fact(r, part)
    own = put_as_question(a.parts[part], a.u.text) and not asks_whether_given(a.parts[part])
    own = own and r.parts[part] >= floor
    # a unit of the type that answers the first part fits another ("作者是浙江大学的对吧？发表是2025年？": the dates)
    fits = _fits(r, a) or r.unit.type == chosen[0].unit.type
    # the part of the paper a sub-question names of its own is where its answer is ("what r the keywords…, and can u
    # sum up its conclusion": §6, 0.74 below the keywords for the whole question, which its first part steers)
    placed = named_weight(r.unit.section, own_sections(a, part)) > 0
    return fits and (r.score >= floor or fact or own or placed)


def _title_fact(r: Ranked, part: int) -> bool:
    """Whether a unit is a title-page fact this near a sub-question (``FACT_OF_PART``): it answers that part alone."""
    return r.unit.type == "meta" and r.parts[part] >= FACT_OF_PART


def _fits(r: Ranked, a: Analysis) -> bool:
    """Whether a unit is of a type that answers this kind of question (its kinds' prior is not against it): a
    near-best literature-review sentence does not join the answer to a how-to, nor a measure a why-question's."""
    return kind_prior(r.unit.type, a) >= 0


def _other_topic(r: Ranked, a: Analysis) -> bool:
    """A measure on a topic the question does not name, when it names some."""
    return of_other_topic(r.unit, a.u.topics)


def _best_per_part(ranked: list[Ranked], a: Analysis) -> list[tuple[int | None, Ranked | None]]:
    """The best unit for each thing asked: each part of the paper named ("第4章和第5章"), each thing listed, each named
    topic ("物流和品牌怎么做"), else each sub-question — with the sub-question's number where it is one."""
    if a.models_compared:  # what each model is like: its sentence on "此类模式" (with the one it points back to)
        return [(None, _said_of_the_kind(ranked, s)) for s in a.sections[: MAX_LEAD + 1]]
    if a.sections_asked:
        return [
            (None, next((r for r in ranked if named_weight(r.unit.section, [s])), None))
            for s in a.sections[: MAX_LEAD + 1]
        ]
    if tiers_side_by_side(a):  # each tier's own unit, if each has one (on a topic asked, when one is: "东部、中部、
        # 西部在数字基础设施上…分别建议干什么" gets the West's network measure, not its logistics ranked above it)
        by_measures = _compared_by_measures(ranked, a)
        own = [r for r in ranked if (r.unit.type == "measure") == by_measures]
        on_topic = [r for r in own if not _other_topic(r, a)]
        per_tier = [
            next((r for r in on_topic if r.unit.tiers == (t,)), None)
            or next((r for r in own if r.unit.tiers == (t,)), None)
            for t in a.u.tier_words
        ]
        if all(per_tier):
            return [(None, r) for r in per_tier[:MAX_LEAD]]
    things = a.listed and not all(topics_named(part) for part in a.parts)  # a list of things, not of topics
    # each named topic ("物流和品牌怎么做"), unless a part of the paper is named: what it names is read there ("compare
    # the three models in section 3.3 — platform-driven, government + public brand…" names no topic to advise on)
    # not for a claim, which states one thing of its topics ("政府加公共品牌那种模式的特点是「企业主导、政府参与」，对吗？")
    if len(a.u.topics) > 1 and not things and not a.sections and a.kinds[0] != "claim":
        per_topic = [next((r for r in ranked if r.unit.dimension == topic), None) for topic in a.u.topics]
        # ... when the evidence bears them out: "“行动者”都包括谁？为啥平台、物流这种东西也算行动者？" names 物流 and
        # 平台 as actors, and the best units of logistics and brand lie far below §2.1.1's
        floor = ranked[0].score - PART_JOIN_MARGIN if ranked else 0.0
        if any(r is not None and r.score >= floor for r in per_topic):
            beside = _beside_topics(ranked, a)[:MAX_LEAD]
            return [(None, r) for r in [*per_topic[: MAX_LEAD + 1 - len(beside)], *beside]]
    if len(a.parts) < 2 or not ranked or not ranked[0].parts:
        return [(None, ranked[0])] if ranked else []
    count = len(ranked[0].parts)
    listed = [to_simplified(t) for t in things_of(a.items)] if len(a.items) > 1 else []
    best: dict[int, Ranked] = {}
    # the first sub-questions that ask (a sentence telling of the user before a list of three is none of them)
    part_tops = [max(r.parts[i] for r in ranked) for i in range(count)]  # each sub-question's best score, once
    answered = [i for i in range(count) if not (a.part_asks_gap(i) or i in a.told or _only_context(a, i, part_tops))]
    answered = answered[:MAX_LEAD]
    answered = answered or list(range(min(count, MAX_LEAD)))
    for i in sorted(answered, key=lambda i: -_lead_of_best(ranked, i)):
        top = max(ranked, key=lambda r: r.parts[i])
        taken = list(best.values())
        # a unit that answers another part answers this one too, unless another answers it about as well and is
        # not far from the whole question ("作者是谁 哪个学校的 啥时候发表的": the author line and the dates, not the
        # dates twice; "“农产品上行、工业品下行”，到底啥意思？跟我们种地的有啥关系": not the theory's "关系")
        item = a.parts[i] in a.items
        margin = LISTED_MARGIN if item else PART_MARGIN
        floor = top.score - STAND_IN_MARGIN if _repeats(top, taken) else float("-inf")
        near_top = _near(ranked, i, top, margin, taken, floor)
        if item and listed:
            near_top = _on_it_alone(near_top, listed)
        if not near_top and _repeats(top, taken):  # none as near: one within the wider margin that answers something
            # of its own ("主要模式列了几种？后面说的可持续发展模式又分了几类？": §2.1.3's "主要模式包括…" for the first,
            # §3.3's outline taken by the second)
            near_top = _of_its_own(_near(ranked, i, top, LISTED_MARGIN, taken, floor), a.parts[i], top)
        best[i] = max(near_top, key=lambda r: _part_fit(r, i, item), default=top)
    return [(i, best[i]) for i in sorted(best)]


def _said_of_the_kind(ranked: list[Ranked], section: str) -> Ranked | None:
    """The best sentence of a model's part that says what that kind of model is like ("此类模式的优势在于…", "此类模式
    门槛较低…"), else its best sentence."""
    own = [r for r in ranked if r.unit.section == section and r.unit.source == "paper"]
    return next((r for r in own if points_back(r.unit.zh or "")), own[0] if own else None)


def _beside_topics(ranked: list[Ranked], a: Analysis) -> list[Ranked]:
    """The best unit for each sub-question that asks of no topic, beside those that do ("…which infrastructure and
    brand things? And is there example from our area in the paper?": the Suichang case)."""
    if not ranked or not ranked[0].parts:
        return []
    asking = [
        i
        for i, part in enumerate(a.parts[: len(ranked[0].parts)])
        if i not in a.told and not topics_named(part) and put_as_question(part, a.u.text) and not a.part_asks_gap(i)
    ]
    # by its nearness alone: what steers the whole question (a plan's measures, the tier's) is not what it asks
    return [max(ranked, key=lambda r: r.parts[i] - r.steer) for i in asking]


def _only_context(a: Analysis, i: int, part_tops: list[float]) -> bool:
    """Whether a sub-question is context, not a question: it only tells of the user and no unit speaks to it within
    ``PART_JOIN_MARGIN`` of the best unit of another part (``part_tops``: each part's best score; "im a county
    official." before "whats the overall policy environment…": Cao County's case is its best, 0.6 below the policy
    sentences)."""
    return tells_only(a.parts[i]) and part_tops[i] < max(part_tops) - PART_JOIN_MARGIN


def _compared_by_measures(ranked: list[Ranked], a: Analysis) -> bool:
    """Whether tiers are compared on their measures ("东中西部物流分别怎么搞", "东中西部的策略有什么不同") rather than on
    their state (sentences on one tier that are no measure: "东中西部现在的情况分别是什么样的"): unless a sentence on one
    tier's state outranks every one-tier measure — clearly so when the question asks what to do or names measures —
    and no topic asked has measures by tier."""
    measure = next((r for r in ranked if one_tier_measure(r.unit)), None)
    state = next((r for r in ranked if len(r.unit.tiers) == 1 and r.unit.type != "measure"), None)
    of_topic = any(one_tier_measure(r.unit) and r.unit.dimension in a.u.topics for r in ranked)
    margin = LEAD_MARGIN if a.asks_how or a.wants == "measure" else 0.0
    return state is None or of_topic or (measure is not None and state.score < measure.score + margin)


def _lead_of_best(ranked: list[Ranked], i: int) -> float:
    """How far sub-question i's best unit leads its second: the part with the fewest good answers chooses first, so
    that the unit only it has is not taken by a part that has others ("啥时候发表的" has only the dates; "作者是谁"
    has the author line as well)."""
    if len(ranked) < 2:
        return 0.0
    first, second = heapq.nlargest(2, (r.parts[i] for r in ranked))
    return first - second


def _part_fit(r: Ranked, i: int, listed: bool) -> float:
    """How well a unit answers sub-question i: its score for it; for one thing of a list, plus its lead over its
    best score for another (``PART_SPECIFICITY``): the sentence that says what 农产品上行 means, not the one that
    names both terms, answers "农产品上行啥意思". (Separate questions often ask one thing twice — "那留人呢？来了又走
    咋办" — where the lead would favour a sentence on neither.)"""
    if not listed:
        return r.parts[i]
    others = max((p for j, p in enumerate(r.parts) if j != i), default=r.parts[i])
    return r.parts[i] + PART_SPECIFICITY * (r.parts[i] - others)


def _near(ranked: list[Ranked], i: int, top: Ranked, margin: float, taken: list[Ranked], floor: float) -> list[Ranked]:
    """The units within ``margin`` of sub-question i's best for it, none another part took, none below ``floor``
    unless a title-page fact near the sub-question ("what are the paper's keywords and what licence is it published
    under?": the licence line, 0.65 below the keywords for the whole question, which its first part steers)."""
    return [
        r
        for r in ranked
        if r.parts[i] >= top.parts[i] - margin and not _repeats(r, taken) and (r.score >= floor or _title_fact(r, i))
    ]


def _of_its_own(near: list[Ranked], part: str, top: Ranked) -> list[Ranked]:
    """The units that hold a specific word of a sub-question that its best unit, which another part took, lacks: they
    answer something of their own, not merely near the sub-question ("这篇论文整体结构是怎样的" has none once "每部分
    大概讲啥" took the structure line)."""
    words = specific_tokens(part, generic_words()) - set(tokenize(top.unit.zh or top.unit.quote))
    return [r for r in near if words & set(tokenize(r.unit.zh or r.unit.quote))]


def _on_it_alone(near: list[Ranked], things: list[str]) -> list[Ranked]:
    """The units near a thing of a list but for those naming every thing listed, when there are others: "“农产品上行”
    “工业品下行”各是啥意思" is answered by each one's definition, not twice by "核心是实现农产品上行、工业品下行"; a sentence
    holding both sides of one statement ("由“外部输血”转向“内部造血”") answers both when nothing else is near."""
    rest = [r for r in near if not all(t in to_simplified(r.unit.zh or r.unit.quote) for t in things)]
    return rest or near


def _repeats(candidate: Ranked, chosen: list[Ranked]) -> bool:
    """Whether a unit says what a chosen one says: the same quote, or one's quote inside the other's."""
    return quoted_in(candidate.unit.quote, [c.unit.quote for c in chosen])


def quoted_in(quote: str, quotes: list[str]) -> bool:
    """Whether a quote says what one of these says: the same words, inside one of them, or holding one (a rule
    quotes part of the paper's sentence)."""
    return any(quote in q or q in quote for q in quotes)
