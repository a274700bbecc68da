"""Ranking every evidence unit against the question (the lead that answers is chosen from it in ``lead.py``).

score = dense cosine (best over the question and its sub-questions)
      + BM25 weight × sentence BM25 (scaled to the best)
        (for a how-question, a measure takes a share of the nearness of the problem it answers: ``remedies.py``)
      + catalogue weight × how near the question is to the unit's section's example questions
      + the prior of the question's kind for the unit's type (why → causes, how → measures …)
      + a part of the paper the question names by number ("第4章") and its sub-parts, or a case it names ("多多农园")
      + tier: a strategy for another tier than the user's is out; one for the user's tier is preferred.
The weights are calibrated on the dev half of eval/fresh (bench/fresh.py); the test half chooses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.answering.analysis import Analysis, names_part_as_place, names_the_paper
from advisor.answering.catalogue import nearest_of
from advisor.answering.documents import document_answers, says_something, specific_words
from advisor.answering.evidence import EvidenceIndex, Unit
from advisor.answering.forms import is_question
from advisor.answering.priors import GAP_PRIORS, confidence, kind_confidence, kind_prior
from advisor.answering.remedies import with_remedies
from advisor.answering.sources import asks_source, put_as_source
from advisor.answering.topics import of_other_topic
from advisor.answering.understand import count_asked, topics_named
from advisor.answering.whereabouts import names_an_institution
from advisor.domain import REGION_NAMES_ZH, Dimension, Tier
from advisor.knowledge.tokens import names_a_thing, query_tokens
from advisor.language import to_simplified

BM25_WEIGHT = 0.25
#: A sub-question's words count against at least this share of the whole question's best BM25 match: one word the
#: sources share ("跟俺种地的有啥关系": 关系) is no full match.
WITHIN_SHARE = 0.5
CATALOGUE_WEIGHT = 1.5
#: A question's cosine with the questions a unit answers counts as this much less with the unit itself (two questions
#: are nearer each other than a question and its answer). ``bench/ranking.py``, first turns: the answering unit first
#: 0.55 → 0.62 of dev2-dev26's 1,357, 0.45 → 0.58 of dev27's 53 (written after the examples); 0.05: 0.63 and 0.55,
#: 0.15: 0.60 and 0.57.
ASKED_OFFSET = 0.1
#: A measure for the user's own tier, when the question asks what to do there.
TIER_BONUS = 0.2
#: The parts of the paper that are about the paper, not its subject (``_liftable``).
APPARATUS = frozenset({"front", "keywords", "references", "structure"})
#: A title-page fact answers a claim on the paper itself when it is this near the claim (cosine; "My teacher said this
#: paper was written by a professor from Zhejiang University's …" 0.39 from the author line).
TITLE_PAGE_NEAR = 0.3
#: Kinds of question that the tier-specific measures answer first ("雷山县怎么发展农村电商" → 西部保底's measures).
TIERED_KINDS = {"plan": 0.12, "compare": 0.04}
#: A measure on another topic than the ones the question names ("…物流怎么做" is not answered by a brand rule).
TOPIC_PENALTY = 0.15
#: A unit of a part of the paper the question names by number ("第4章和第5章…", "2.2 的 mechanism"); half as much
#: for a unit of one of its parts, so that the named part's own outline and sentences come first.
SECTION_NAMED = 0.3
#: A unit that speaks of a case of the paper's the question names (by what users call it, ``models.yaml`` aliases).
CASE_NAMED = 0.2
#: A unit already said in this conversation ranks this much lower: a follow-up gets new content.
SAID_PENALTY = 0.15
#: A sentence naming as many things as the question asks for by their number ("五个总要求是哪五个": the sentence
#: listing 产业兴旺、生态宜居、乡风文明、治理有效、生活富裕).
#: Only a count of four or more: fewer things are often named together ("分析多元主体互动、网络建构、系统演化" is no
#: answer to "核心观点是哪三个"). A part's outline is no such sentence: it lists the paper's parts, which questions
#: on what a part consists of find by their form (``priors.OUTLINE_ASKED``), not the five goals "what are the five…" asks.
#: 0.45: at 0.3 (session 55) the definitions' kind prior kept "…是怎么定义的？它的总要求是哪五句？" from the sentence
#: naming the five (session 56).
COUNT_MATCH, COUNTED_AT_LEAST = 0.45, 4
#: ... unless the follow-up points at it by its number in the previous answer's list ("第二种具体是指哪些工作？"): it
#: is the subject, as a case named is (``CASE_NAMED``).
POINTED = 0.2


@dataclass(frozen=True)
class Ranked:
    unit: Unit
    score: float
    similarity: float  # the dense cosine alone: how near the unit is to the question, on an absolute scale
    steer: float = 0.0  # what the catalogue, the kind, the tier and the conversation add to the evidence
    parts: tuple[float, ...] = ()  # the score for each sub-question, when there are several
    asked: float = 0.0  # what the questions it answers add (``asked_gain``), part of the score


@dataclass(frozen=True)
class Nearness:
    """How near the whole question is to every unit, by meaning (dense cosine), by words (BM25) and by the questions
    each unit answers (``asked.py``): computed once per question, for checking its topics and for ranking."""

    dense: np.ndarray
    lexical: np.ndarray
    asked: np.ndarray
    lifted: np.ndarray  # the units their examples may lift for this question (``_liftable``), 1 or 0

    @property
    def evidence(self) -> np.ndarray:
        return self.dense + BM25_WEIGHT * self.lexical + asked_gain(self.asked, self.dense)


def nearness(a: Analysis, ev: EvidenceIndex) -> Nearness:
    lexical = ev.bm25(query_tokens(f"{a.u.text} {a.context}"))
    lifted = _liftable(a, ev)
    return Nearness(ev.dense(a.vector), lexical, ev.asked.nearness(a.vector) * lifted, lifted)


def asked_gain(asked: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """What a unit gains when a question is nearer the questions it answers than its own text: a unit is as near as
    its text or its questions, whichever is nearer, the questions' cosine less ``ASKED_OFFSET`` (two questions are
    nearer each other than a question and the sentence answering it)."""
    return np.maximum(0.0, asked - ASKED_OFFSET - dense)


def rank(a: Analysis, ev: EvidenceIndex, near: Nearness, tier: Tier | None, said: str = "") -> list[Ranked]:
    """Every eligible unit, best first: not another tier's measure, not a document sentence that does not
    clearly match the question (``documents.document_answers``)."""
    part_dense = [ev.dense(v) for v in a.part_vectors]
    # a sub-question's words count against at least this much of the whole question's best match (``WITHIN_SHARE``)
    floor = WITHIN_SHARE * ev.bm25_best(query_tokens(a.u.text)) if part_dense else 0.0
    part_words = [ev.bm25(query_tokens(p), at_least=floor) for p in a.parts[: len(part_dense)]]
    parts = [d + BM25_WEIGHT * w for d, w in zip(part_dense, part_words, strict=True)]
    # a sub-question naming a thing of its own is as near a unit as the questions the unit answers ("…都是蔬菜水果？
    # 还有，为什么大家都不太想花心思做品牌？": the homogeneity and the weak brand awareness, each by its examples);
    # not one naming nothing ("该怎么结合"), near every measure's "how do we…" examples
    parts = [
        p + asked_gain(ev.asked.nearness(v) * near.lifted, d) if _names_own_thing(a, i) else p
        for i, (p, v, d) in enumerate(zip(parts, a.part_vectors, part_dense, strict=True))
    ]
    # a trouble told in the user's words is nearest the paper's problem, and a question on what to do about it
    # ("…这个咋解决？") is answered by its remedy; not a plan the catalogue reads in "电商对我们的产业有什么帮助"
    remedied = a.part_asks_how()
    # ... each sub-question by its own kind: "政策有哪些毛病？又该怎么改？" asks the problems, then their remedies
    parts = [with_remedies(p, ev.remedies) if a.part_asks_how(i) else p for i, p in enumerate(parts)]
    # a sub-question's topics are those it names ("为什么西部这么慢？policy 偏向东部是真的吗": policy is the second's,
    # not the first's); a part that only tells the situation, or asks with no subject of its own, is about the
    # question's ("品牌要怎么做？大家互相压价", "…cannot get loans. What can be done?")
    part_topics = [_topics_of_part(p, a.u.topics) for p in a.parts[: len(parts)]]
    dense = near.dense
    for each in part_dense:
        dense = np.maximum(dense, each)
    # what the questions each unit answers add to the whole question (``nearness``; each sub-question's is above)
    gain = asked_gain(near.asked, dense)
    evidence = dense + BM25_WEIGHT * near.lexical + gain
    if remedied:
        evidence = with_remedies(evidence, ev.remedies)
    # a follow-up with no subject of its own ("why?") is near some section's examples by its question word alone
    sections = {} if a.context else _section_affinity(a.subject_sections)
    # ... and so is a sub-question with no word of the sources' ("到底啥意思" is near the examples "转译啥意思")
    part_affinity = [
        _section_affinity(m.sections) if w.any() else sections for m, w in zip(a.part_matches, part_words, strict=False)
    ]
    nearest = nearest_of(a.subject_sections)
    ranked = []
    wanted = specific_words(a.u)
    sure = kind_confidence(a)
    # the reference list answers a question put as one on sources, not one only near its examples ("what does the
    # 6.7% figure refer to?" is as near "where does the 6.7% figure come from")
    entries_out = nearest == "references" and not put_as_source(a)
    entries_in = asks_source(a)  # "…涨了多少？这个数据论文是从哪引的？": a sub-question asks it, whatever is nearest
    place_named = _place_asked_about(a)
    parts_named = [own_sections(a, i) for i in range(len(parts))]  # the parts of the paper each names of its own
    # a question on the paper, or with a sub-question on a part of it that it names ("論文的關鍵詞有哪些？摘要裡說的
    # 「可持續」是指哪幾個方面", a what-question by its second part; not "…论文有数吗", asking of the rest)
    on_paper = "paper" in a.kinds or any(
        kinds[0] == "paper" and named for kinds, named in zip(a.part_kinds, a.part_sections, strict=False)
    )
    # ... and the title page a claim on who wrote the paper or when, nearest the parts on the paper itself ("My teacher
    # said this paper was written by a professor from …, right?"), though it reads as a claim more than as a question
    # on the paper
    claim_on_paper = a.yes_no and not a.follow_up and names_the_paper(a.u.text)
    on_itself = claim_on_paper and nearest in {*APPARATUS, "abstract"}
    # ... or on where its author works, whatever its words are near ("听说这篇论文是北京大学经济学院一个教授写的？":
    # 教授 draws it to the paper's account of its own study)
    of_its_author = claim_on_paper and names_an_institution(a.u.text)
    part_as_place = names_part_as_place(a.u.text)
    counts = [_list_asked(text) for text in (a.u.text, *a.parts[: len(parts)])]
    # a sub-question naming a thing of its own, beside one naming a part of the paper, is not asked of that part
    # ("这篇文章整体结构是啥样的？分几部分，最后结论说了哪几点？": the chapters for the first, not the conclusion)
    elsewhere = [_asked_elsewhere(a, i) for i in range(len(parts))]
    said = said.lower()  # an English sentence is written with a capital where it opens the answer
    for n, unit in enumerate(ev.units):
        if n in ev.stood_for or _for_another_tier(unit, tier, a):
            continue
        if unit.source == "user" and not document_answers(wanted, unit.quote, float(dense[n])):
            continue
        group = unit.section if unit.type == "outline" else _group(unit.section, sections)  # its own part only
        entry_asked = entries_in and unit.section == "references"
        entry_asked = entry_asked or (place_named is not None and place_named in (unit.zh or unit.quote or ""))
        near_itself = unit.section == "front" and on_itself and dense[n] >= TITLE_PAGE_NEAR
        title_page = on_paper or near_itself or (unit.section == "front" and of_its_author)
        # a claim on the part of the paper it names ("论文关键词是不是就…这四个"; the reference list has its own entries)
        answers_it = title_page or entry_asked or (unit.section in a.sections and unit.section != "references")
        if unit.type == "meta" and not answers_it and (group != nearest or entries_out):
            continue  # the title page, keywords and references answer questions about the paper, or about them
        # a part named as where the thing asked is ("第二部分讲的那个机制"): its sentences, not its outline, unless the
        # things a section consists of are asked ("论文2.2讲的作用机制分哪几个方面？": its sub-parts; a chapter holds
        # several things, "第二部分说的那个作用机制具体是哪几个环节" asks of one of them)
        as_place = part_as_place and not (a.parts_asked and "." in unit.section and unit.section in a.sections)
        named = 0.0 if unit.type == "outline" and as_place else named_weight(unit.section, a.sections)
        # a part named by number is where the answer is: the catalogue's guess of the part does not compete with it
        affinity = CATALOGUE_WEIGHT * sections.get(group, 0.0) if named or not a.sections else 0.0
        # the sentences using a term whose meaning is asked are where the answer is, as near as the part whose example
        # questions are worded alike ("论文里说的“一人带动一片”是什么意思？": §3.3.3, not §2.1.1 on 转译)
        if a.terms and _uses_term(f"{unit.zh or ''} {unit.en or ''}", a.terms):
            affinity = CATALOGUE_WEIGHT * max(sections.values(), default=0.0)
        prior = kind_prior(unit.type, a) / len(a.kinds)
        if unit.type == "definition" and prior > 0 and not near.lexical[n]:
            prior = 0.0  # a definition answers "what is X" when it names X: not "人才方面论文又是咋说的" with ANT's
        # the part on the paper the question is nearest ("这篇论文整体结构是怎样的": its chapters) is what it asks,
        # whatever kind it reads as: not held down as a title page
        if unit.type == "meta" and group == nearest:
            prior = max(prior, 0.0)
        base = float(evidence[n])
        if tier is not None and n in ev.whole_of:  # the user's tier's part of a sentence giving each tier its own
            base = max(base, float(evidence[ev.whole_of[n]]))
        score = base + affinity + named + sure * prior
        score += sum(GAP_PRIORS.get(g, {}).get(unit.type, 0.0) for g in a.gaps) + _of_named_case(unit, a)
        if unit.tiers and len(unit.tiers) < 3 and unit.type == "measure":
            score += TIER_BONUS if tier is not None and a.asks_what_to_do else 0.0
            score += sum(TIERED_KINDS.get(k, 0.0) for k in a.kinds) / len(a.kinds)
        off_topic = _off_topics(unit, a.u.topics)
        score -= off_topic
        # what the follow-up asks about, though the previous answer said it; a sentence of the part whose heading
        # it points at ("the second one" after "…consists of: A; B; C")
        if a.points_at(unit.zh, unit.en, unit.title):
            score += POINTED
        elif said and any(text and text.lower() in said for text in (unit.quote, unit.zh, unit.en)):
            score -= SAID_PENALTY
        steer = score - base
        own = steer - affinity + off_topic  # what steers it besides the whole question's sections and topics
        per_part = tuple(
            float(p[n]) + own - named * away + _part_placed(unit, ps, named, part_named) - _off_topics(unit, pt)
            for p, ps, pt, part_named, away in zip(
                parts, part_affinity or [{}] * len(parts), part_topics, parts_named, elsewhere, strict=True
            )
        )  # each sub-question scored with its own nearness to the sections' examples, its own topics and parts named
        if any(counts) and unit.type != "outline":  # the whole question's count and each sub-question's own
            score += COUNT_MATCH * (counts[0] == ev.series[n])
            per_part = tuple(s + COUNT_MATCH * (c == ev.series[n]) for s, c in zip(per_part, counts[1:], strict=True))
        ranked.append(Ranked(unit, score, float(dense[n]), steer, per_part, float(gain[n])))
    ranked.sort(key=lambda r: -r.score)
    return ranked


def _list_asked(text: str) -> int | None:
    """How many things a question asks for by their number, when they make a list (``COUNTED_AT_LEAST``)."""
    count = count_asked(text)
    return count if count is not None and count >= COUNTED_AT_LEAST else None


def own_sections(a: Analysis, part: int) -> list[str]:
    """The parts of the paper a sub-question names apart from the others' (``Analysis.part_sections``), if it does."""
    own = a.part_sections[part] if part < len(a.part_sections) else []
    return own if own != a.sections else []


def _part_placed(unit: Unit, affinity: dict[str, float], named: float, own: list[str]) -> float:
    """What a unit gains for a sub-question from where it lies: by the catalogue's sections near that sub-question,
    or, when the sub-question names parts of the paper of its own, for lying in them — instead of in those the whole
    question names ("what r the keywords…, and can u sum up its conclusion": §6 for the second, not the keywords,
    near the catalogue's examples on the abstract, which holds them)."""
    if not own:
        return CATALOGUE_WEIGHT * affinity.get(_group(unit.section, affinity), 0.0)
    mine = named_weight(unit.section, own)
    return mine - named + (CATALOGUE_WEIGHT * affinity.get(_group(unit.section, affinity), 0.0) if mine else 0.0)


def _asked_elsewhere(a: Analysis, i: int) -> bool:
    """Whether sub-question i names no part of the paper while another does, and names a thing of its own: the parts
    the whole question names are then another sub-question's, and lift nothing for this one."""
    named = a.part_sections[i] if i < len(a.part_sections) else []
    return not named and any(a.part_sections) and _names_own_thing(a, i)


def _names_own_thing(a: Analysis, i: int) -> bool:
    """Whether sub-question i names a thing of its own, rather than only telling of the user or asking of another's."""
    return i not in a.told and names_a_thing(a.parts[i])


def _liftable(a: Analysis, ev: EvidenceIndex) -> np.ndarray:
    """Which units their example questions may lift. The title page, keywords and outline answer questions on the
    paper: a question nearest their part of the catalogue is answered by them (their examples lift only them, and
    only for a question on the paper: "论文里举了哪些县的例子" and "具体点，人才那块" are nearest the keywords' part
    by their form), and their examples lift them for no other ("关键词有哪些？" is as near "举了哪些例子"). Within a
    part of the paper the question names, only that part's units ("第三章主要讲什么" is not "每部分讲什么")."""
    on_paper = "paper" in a.kinds
    apparatus = nearest_of(a.match.sections) in APPARATUS
    if apparatus and not on_paper:
        return np.zeros(len(ev.units), dtype=np.float32)
    return np.array(
        [
            (u.type == "meta" if apparatus else on_paper or u.type != "meta")
            and (not a.sections or named_weight(u.section, a.sections) > 0)
            for u in ev.units
        ],
        dtype=np.float32,
    )


def _place_asked_about(a: Analysis) -> str | None:
    """The name of the place a question on the paper names, as the sources would write it ("安溪在这篇论文里出现过没？":
    a reference's title names it); none for a place whose plan is asked, or a county chosen in the page."""
    place = a.u.place
    if place is None or place.status != "found" or a.u.place_from_history or a.kinds[0] in ("plan", "how"):
        return None
    return to_simplified(place.matched_text) if place.matched_text else None


def _of_named_case(unit: Unit, a: Analysis) -> float:
    """What a unit gains for speaking of a case of the paper's that the question names ("多多农园 mainly 在东部发达
    地区做，对吧？": the sentence on 多多农园, not those on the East's development that the rest of the words are near),
    or of a term whose meaning it asks ("文中老出现“转译”这个词，放在农村电商里到底指啥": the sentences on 转译, not the
    definitions of 农村电商 that the rest of its words are near)."""
    region = _region_asked(a)
    if not (a.case_words or a.terms or region):  # most questions name none: no text is read
        return 0.0
    text = f"{unit.zh or ''} {unit.en or ''}"
    named = a.speaks_of_named_case(text) or _uses_term(text, a.terms)
    return CASE_NAMED if named or (region and region in (unit.zh or "")) else 0.0


def _uses_term(text: str, terms: list[str]) -> bool:
    return any(term in text for term in terms)


def _region_asked(a: Analysis) -> str | None:
    """The paper's name of the one tier a question asks the paper's account of, with no place of the user's and not
    what to do ("what the paper say about central region rural ecommerce situation?": the sentences on 中部, not on the
    central government's documents, which the rest of its words are near); not one on a case it names ("多多农园主要
    在东部发达地区搞，对吧？": the case's sentence); the tier's measures are the tier bonus's."""
    if len(a.u.tier_words) != 1 or a.asks_what_to_do or a.case_words or (a.u.place and a.u.place.status == "found"):
        return None
    return REGION_NAMES_ZH[a.u.tier_words[0]]


#: The kinds of question that ask what suits the user: only they leave out a case that suits other tiers.
SUITING_KINDS = ("how", "plan", "cases")


def _for_another_tier(unit: Unit, tier: Tier | None, a: Analysis) -> bool:
    """Whether a unit is for another tier than the user's: a measure of another tier always, and the paper's sentence
    giving each tier its own (``Unit.by_tier``); a case that suits other tiers only where the question asks what to do
    or which cases to learn from. A claim or a comparison reads the paper's case as it is ("多多农园 mainly 在东部发达
    地区做，对吧？" is answered by "多多农园模式聚焦部分欠发达地区")."""
    if tier is None or not unit.tiers:
        return False
    # "物流这块东中西部的建议有啥不一样？我们在湖南湘西…" asks for every tier's way on a topic, theirs among them; not
    # "黑龙江的县算东部还是中部", which asks the tier
    if tiers_side_by_side(a) and a.u.topics:
        return False
    if tier in unit.tiers:  # ... and a sentence giving each tier its measure, for which the user's tier's rule stands
        return unit.by_tier
    return unit.type == "measure" or any(k in SUITING_KINDS for k in a.kinds)


def _topics_of_part(part: str, topics: list[Dimension]) -> list[Dimension]:
    named = [t for t in topics_named(part) if t in topics]
    own_subject = is_question(part) and says_something(part)  # not "What can be done", which asks of the others'
    return named if named or own_subject else topics


def _off_topics(unit: Unit, topics: list[Dimension]) -> float:
    """The penalty of a unit of another topic than those asked about, when some are."""
    return TOPIC_PENALTY if of_other_topic(unit, topics) else 0.0


def tiers_side_by_side(a: Analysis) -> bool:
    """Whether a question asks of several tiers what each is or does; not why they differ (the cause answers) nor
    whether a claim on them holds (the sentence that decides it answers)."""
    return len(a.u.tier_words) > 1 and "why" not in a.kinds and a.kinds[0] != "claim" and not a.yes_no


def one_tier_measure(unit: Unit) -> bool:
    """A measure the paper gives one tier only ("西部采用移动基站…"): no answer for a user whose tier is unknown."""
    return unit.type == "measure" and len(unit.tiers) == 1


def named_weight(section: str, named: list[str]) -> float:
    """What a unit gains for lying in a part of the paper the question names (``SECTION_NAMED``; half in a sub-part)."""
    if section in named:
        return SECTION_NAMED
    return SECTION_NAMED / 2 if any(section.startswith(f"{s}.") for s in named) else 0.0


def _section_affinity(scores: dict[str, float]) -> dict[str, float]:
    """How much nearer a question is to each section's examples than to the typical section (≥ 0)."""
    if not scores:
        return {}
    baseline = float(np.median(list(scores.values())))
    sure = confidence(scores)
    return {s: sure * max(0.0, v - baseline) for s, v in scores.items()}


def _group(section: str, groups: dict[str, float]) -> str:
    """The catalogue group of a section: itself, or its nearest parent that has examples (5.1 for a rule of 5.1)."""
    while section not in groups and "." in section:
        section = section.rsplit(".", 1)[0]
    return section
