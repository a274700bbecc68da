"""Whether the sources speak to a question at all: its best unit's score, its words the sources use, and whether
two ways of reading it — by its words and meaning, by the catalogue's example questions, by the topics it names —
point to one place. Pure functions over the ranked evidence (``selected.Selected.covered``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.answering.catalogue import nearest_of
from advisor.answering.parts import asks_if_given
from advisor.answering.understand import topics_named
from advisor.domain import Dimension

if TYPE_CHECKING:
    from advisor.answering.analysis import Analysis
    from advisor.answering.selection import Ranked

#: The best unit's score must reach this for the sources to be taken as covering the question at all (dev half:
#: every answerable question scored above it; questions on amounts or rankings score high and get a gap line).
MIN_SCORE = 0.36
#: A question most of whose specific words the sources never use (share below this) must have a sentence this
#: near (cosine) — nearer when it shares no specific word with them at all — or a section's example questions this
#: near to count as covered (dev and dev2: colloquial questions the paper answers reach 0.32-0.40; "What is the best
#: fertiliser for rice paddies in rural villages?" 0.40 with no word of the sources).
MIN_WORD_COVERAGE, MIN_SIMILARITY, MIN_SIMILARITY_NO_WORD, MIN_SECTION = 0.35, 0.32, 0.45, 0.55
#: ... or its best unit must score this much (dense + BM25 + catalogue + prior; dev and dev2, 140 labelled questions:
#: the paper's answers to colloquial English questions 0.56-0.8, questions it does not cover 0.46-0.53), unless it is
#: a question on the paper itself, to which the title page and abstract always score high.
SURE_SCORE = 0.56
#: A question asking whether the paper speaks of something at all ("does the paper talk about green stuff?") is
#: covered when this share of its specific words occur in the sources, however far its meaning is from their sentences
#: (the verdict says yes only when one is near: ``verdict.MENTION_SIMILARITY``).
MENTIONED_WORDS = 0.5
#: ... or this many of its first units must lie in the section whose example questions are nearest it (dev sets:
#: the questions the paper does not cover have none of their first three there).
AGREEING, AGREEING_OF = 2, 3


def covered(ranked: list[Ranked], a: Analysis, word_coverage: float | None) -> bool:
    """Whether the sources speak to the question, or to the conversation it goes on with (``carried``,
    ``asked_of_the_thread``)."""
    return speaks_to(ranked, a, word_coverage) or carried(a) or asked_of_the_thread(ranked, a, word_coverage)


def asked_of_the_thread(ranked: list[Ranked], a: Analysis, word_coverage: float | None) -> bool:
    """Whether a follow-up asks, of a conversation the sources answered, for a kind of sentence it names, and the
    sentences ranked first are of that kind ("那之前有没有搞成功的例子？" after a question on a county's public brand:
    §3.3.2's cases): whether the paper gives such sentences is what it asks, and it does. Its few words score low by
    themselves; most of its specific words, if it has any, are the sources' own."""
    own_words = word_coverage is None or word_coverage >= MIN_WORD_COVERAGE
    return a.follow_up and a.thread_cited and own_words and _of_type_named(ranked, a.wants)


def carried(a: Analysis) -> bool:
    """Whether a follow-up goes on with the subject of a conversation the sources answered ("we're in Gannan, Gansu
    btw. so what do we do?", "为啥要这么分档？一刀切不行吗"): its few words are near no sentence by themselves, and what
    the paper lacks of it is for its gap lines to say ("那分成比例一般定多少合适？"). Not one asking whether the paper
    gives something ("你说的这些，论文里有没有说大概要花多少钱？"): whether the sources speak of it is what it asks."""
    return a.follow_up and a.thread_cited and a.kinds[0] != "off_topic" and not asks_if_given(a.u.text)


def speaks_to(ranked: list[Ranked], a: Analysis, word_coverage: float | None) -> bool:
    """Whether the sources speak to the question by itself. Not when most of its specific words never occur in
    them *and* no sentence and no section's example questions are near it ("What is the best fertiliser for
    rice?"); a colloquial or misspelt question ("直播咋搞", "电伤咋做") still has a near sentence or section."""
    if a.sourced:
        return True  # where a sentence comes from, or the reference list: found in the paper itself
    if a.mention and word_coverage is not None and word_coverage >= MENTIONED_WORDS:
        return True  # "does the paper talk about environment / green stuff at all": whether it uses those words
    # the best score the sentences earn themselves: how near the questions they answer are is the ranking's, no
    # sign that the sources cover it (an off-domain question is as near some in-domain example as to another)
    best = max((r.score - r.asked for r in ranked), default=0.0)
    if a.follow_up and topics_named(a.u.text):
        return True  # "具体点，人才那块" in a thread on the paper's measures: a topic of the paper's, in its own words
    if best < MIN_SCORE:
        return False
    if word_coverage is None or word_coverage >= MIN_WORD_COVERAGE or a.sections:
        return True  # a question that names a part of the paper is about it, in whatever words
    # with none of its specific words in the sources, a sentence is near only by generic words ("…in rural villages")
    bar = MIN_SIMILARITY if word_coverage > 0 else MIN_SIMILARITY_NO_WORD
    near_sentence = max(r.similarity for r in ranked[:20]) >= bar
    # a section's examples near the whole message, or near one of its sub-questions: "hey quick one - who wrote this
    # paper and what uni are they from? also when did it come out, need it for my citation" is 0.51 near the title
    # page's examples as a whole, its first part 0.70
    near_section = any(max(m.sections.values(), default=0.0) >= MIN_SECTION for m in (a.match, *a.part_matches))
    sure = best >= SURE_SCORE and a.kinds[0] != "paper"  # the paper's own facts score high on any such
    # a question on what to do, on why, or one naming the kind of sentence it asks for ("…这两件事到底卡在哪": problems)
    asks_of_topics = a.asks_what_to_do or a.wants is not None or a.kinds[0] == "why"
    agree = _agree(ranked, a.match.sections) or (asks_of_topics and _of_its_topics(ranked, a.u.topics))
    agree_on_paper = _of_type_named(ranked, a.wants) or _on_front_matter(a)
    return near_sentence or near_section or sure or (agree and (a.kinds[0] != "paper" or agree_on_paper))


def _agree(ranked: list[Ranked], sections: dict[str, float]) -> bool:
    """Whether the evidence ranked first lies in the part of the paper whose example questions are nearest the
    question: two ways of reading it, by its words and meaning and by the catalogue, point to one place
    ("橘子…价格上不去，买家记不住我们的牌子，什么原因" → §4.3.1, though 牌子 and 买家 are no words of the paper)."""
    if not sections:
        return False
    nearest = nearest_of(sections)
    inside = [r for r in ranked[:AGREEING_OF] if _within(r.unit.section, nearest)]
    return len(inside) >= AGREEING


def _on_front_matter(a: Analysis) -> bool:
    """Whether a question on the paper is one on its front matter by both readings: the catalogue's nearest
    section is the front matter, where the first units agree ("哪年哪月发的？登在什么期刊上？"). Other questions
    on the paper agree with the aim sentences of the introduction whatever they ask ("any regression?")."""
    return nearest_of(a.match.sections) == "front"


def _of_type_named(ranked: list[Ranked], wanted: str | None) -> bool:
    """Whether the evidence ranked first is of the kind of sentence the question names: a question on the paper and
    its words point to one place ("what does it say previous studies are missing?" names the literature it reviews,
    and §1's review sentences rank first, though "missing" and "supervisor" are no words of the paper)."""
    inside = [r for r in ranked[:AGREEING_OF] if r.unit.type == wanted]
    return wanted is not None and len(inside) >= AGREEING


def _of_its_topics(ranked: list[Ranked], topics: list[Dimension]) -> bool:
    """Whether the evidence ranked first is on the topics the question's words name: for a question on what to do,
    its words and its evidence point to one place ("想弄个自己的牌子，但村里好几家都卖一样的货…咋弄" names 品牌 by 牌子,
    and §5.3's brand measures rank first, though no sentence is near its colloquial whole)."""
    inside = [r for r in ranked[:AGREEING_OF] if (r.unit.dimension or r.unit.part_topic) in topics]
    return bool(topics) and len(inside) >= AGREEING


def _within(section: str, part: str) -> bool:
    return section == part or section.startswith(f"{part}.") or part.startswith(f"{section}.")
