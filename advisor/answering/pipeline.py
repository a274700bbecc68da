"""Understanding and selecting for the grounded answer: analysis → ranked evidence, for every in-domain question.

``Answering`` holds what is loaded once (evidence units, the intent catalogue's vectors); ``select`` reads the
question in its conversation and ranks the evidence; its ``composer`` (``advisor.answering.compose``) writes the
``Draft`` that ``advisor.chain`` verifies and returns. The LLM engines are given the same selected evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from advisor.answer import Turn
from advisor.answering.analysis import (
    Analysis,
    analyse,
    frameless,
    has_place,
    kinds_of,
    kinds_where_asked,
    named_sections,
    names_a_place,
)
from advisor.answering.asked import load_asked
from advisor.answering.catalogue import Gap, IntentIndex, Match, load_catalogue, nearest_of
from advisor.answering.citations import markers_in
from advisor.answering.compared import ModelParts
from advisor.answering.compose import Composer
from advisor.answering.documents import generic_words, specific_words
from advisor.answering.draft import Phrases
from advisor.answering.evidence import EvidenceIndex, parent_section
from advisor.answering.followups import (
    anchor_at,
    answer_items,
    asks_for_us,
    asks_own_kind,
    changes_subject,
    is_follow_up,
    item_numbered,
    item_pointed_at,
    leans_only,
    opening,
    said_in,
    without_opener,
)
from advisor.answering.forms import (
    asks_if_given_thing,
    asks_if_mentioned,
    form_of,
    is_question,
    states_a_claim,
    tells_only,
    terms_asked,
    things_asked_what,
    unmentioned,
)
from advisor.answering.front import front_units, outline_units
from advisor.answering.gaps import PAPER_GAPS, asking_words, asks_drawbacks, gaps_of, leads_kinds
from advisor.answering.instructions import without_instructions
from advisor.answering.parts import asks_which, clauses, refers_back, things_of
from advisor.answering.selected import Selected
from advisor.answering.selection import nearness, rank
from advisor.answering.shape import was_said
from advisor.answering.sources import asks_source, sources_first
from advisor.answering.topics import confirmed_topics, things_beside_topics, topic_of_examples, topics_meant
from advisor.answering.understand import (
    Understanding,
    names_a_tier,
    puts_aside,
    reread,
    topics_named,
    type_named,
)
from advisor.answering.verdict import Verdicts, figure_gaps
from advisor.answering.whereabouts import own_place_named
from advisor.domain import Dimension, Tier
from advisor.knowledge.corpus import read_paper
from advisor.knowledge.retrieval import SearchIndex
from advisor.knowledge.spelling import respell
from advisor.knowledge.tokens import names_a_thing, points_back_by_pronoun, specific_tokens, things_named
from advisor.language import to_simplified
from advisor.rules import RuleBook
from advisor.text import FIRST_PERSON, clause_pieces

#: How much the previous question colours a question's vector: an elliptical follow-up ("那物流呢？"), another.
CONTEXT_SHORT, CONTEXT_LONG = 0.7, 0.25
#: ... and a follow-up with no word of its own ("why?"), when its evidence is ranked.
CONTEXT_BARE = 2.0
#: The specific words from which a question leaning on the conversation ("那…") says its own subject.
OWN_SUBJECT = 3
#: How much the previous answer's opening colours a question that points back at it ("the gap between the two").
CONTEXT_REFERENT = 0.5
#: ... and the thing of its list a follow-up points at by number ("那第二条具体怎么弄？"), which is what it asks about.
CONTEXT_ITEM = 1.0
#: A question in a conversation no unit is this near by itself names no subject of its own ("why?" 0.09, "具体怎么做"
#: 0.13, "有没有类似的案例" 0.15; "那为什么说电商能破解人才空心化？" 0.35, "品牌咋弄" 0.41 on dev2–dev5's follow-ups).
SUBJECT_SIMILARITY = 0.3
#: What the paper lacks that one question asks for, at most (the whole question's first, then its clauses').
MAX_GAPS = 2


class Answering:
    """Evidence and catalogue, loaded once per search index."""

    def __init__(self, index: SearchIndex, rulebook: RuleBook, corpus_dir: Path) -> None:
        self.index = index
        self.rulebook = rulebook
        meta = read_paper(corpus_dir, "zh").meta
        phrases = {"zh": Phrases("zh"), "en": Phrases("en")}
        facts = [*front_units(meta, phrases), *outline_units(index.headings, phrases)]
        self.evidence = EvidenceIndex(index, rulebook, facts, load_asked(corpus_dir))
        self.intents = IntentIndex(load_catalogue(corpus_dir), index.embed_cached)
        self.generic = set(generic_words())
        self.models = ModelParts(self.evidence.headings, self.evidence.units, generic_words())
        tiered_topics = frozenset(s.dimension for s in rulebook.strategies if len(s.tiers) == 1)
        # the topics whose every measure the paper gives alike for every tier (talent, finance; not policy, whose
        # support it tilts to the Centre and the West)
        self.alike_topics = frozenset(s.dimension for s in rulebook.strategies) - {
            s.dimension for s in rulebook.strategies if not s.is_general
        }
        verdicts = Verdicts([f"{u.zh or ''} {u.en or ''}" for u in self.evidence.units], self.generic)
        self.composer = Composer(self.evidence, rulebook, verdicts, tiered_topics)
        titles = [str(meta.get(key, "")) for key in ("title", "title_en") if meta.get(key)]
        self._title = re.compile(
            r"[《“\"「'‘]?\s*(?:" + "|".join(re.escape(t.lower()) for t in titles) + r")\s*[》”\"」'’]?", re.I
        ) if titles else None  # fmt: skip

    def as_the_paper(self, u: Understanding) -> Understanding:
        """A question quoting the paper's title ("《乡村振兴视角下…研究》是北大老师写的吗？") asks about the paper, not
        about what the title's words name: the title is read as "这篇论文"."""
        if self._title is None:
            return u
        text = to_simplified(u.text)
        if not self._title.search(text):
            return u
        return reread(u, self._title.sub(" this paper " if u.language == "en" else "这篇论文", text))

    def without_instructions(self, u: Understanding) -> Understanding:
        """The question without the instructions to the advisor hidden in it (``instructions.without_instructions``)."""
        return without_instructions(u, self._embed_all, self.intents)

    def select(self, u: Understanding, tier: Tier | None, history: list[Turn]) -> Selected:
        u = self.as_the_paper(u)
        message, u = u.text, replace(u, text=without_opener(u.text))
        own = self._embed(u.text)
        framed = frameless(u.text)
        unframed = self._embed(framed) if framed != u.text else None
        asked = [t.content for t in history if t.role == "user"]
        answers = [t.content for t in history if t.role == "assistant"]
        said = said_in(history)  # what the conversation's answers said: ranked lower, and pointed at
        inherited = wanted_before = False
        if not asked:
            a = analyse(u, own, self.intents, unframed)
        else:
            at = anchor_at(asked)
            anchor = asked[at]
            # the conversation's subject: the questions since the anchor ("…田东县…" → "the logistics part?" → "why?")
            previous = self._embed(" ".join(asked[at:]))
            anchored = previous if at == len(asked) - 1 else self._embed(anchor)
            a = self._in_conversation(u, message, own, (previous, asked[-1]), (anchor, anchored), unframed)
            a.thread_cited = bool(answers) and bool(markers_in(answers[-1]))
            if a.follow_up and a.wants is None:  # "第四章讲了几个问题" → "对应的对策呢" → "具体点，人才那块": measures
                a.wants = next((w for q in reversed(asked[at:]) if (w := type_named(q))), None)
                # a follow-up asking what to do wants no problems named before ("培训有什么毛病" → "那要怎么改")
                if a.wants not in (None, "measure") and a.asks_how:
                    a.wants = None
                wanted_before = a.wants is not None
            inherited = a.follow_up and not a.u.topics
            if inherited:  # "what about the middle region?" asks it of the same topics, as the user last named them
                topics = self._thread_topics(u, asked, at)
                if a.place_given:  # of those, the ones the paper treats by tier; else the tier's whole plan
                    a.same_everywhere = [t for t in topics if t in self.alike_topics]
                    topics = [t for t in topics if t not in self.alike_topics]
                a.u = replace(a.u, topics=topics)
            if answers and refers_back(u.text):  # "这数据是哪来的": what it points at is in the previous answer
                a.referent = opening(answers[-1])
                a.vector = _mix(a.vector, self._embed(a.referent), CONTEXT_REFERENT)
                # ... and, asking a question of its own, on the topics the thread asked about ("可是這兩個都在東部，我們
                # 西部照搬行不行？" after brand cases; a follow-up has its topics from the thread already, and one naming
                # a place asks of it: "my hometown is in Heilongjiang… its far and cold")
                if not (a.u.topics or a.follow_up or names_a_place(a.u)):
                    a.u = replace(a.u, topics=self._thread_topics(u, asked, at))
            # "那第二条具体怎么弄？": the second thing the previous answer listed, and its topics; a thing the user
            # names is what they mean, whatever its number ("刚才说的第二点, 物流那块")
            pointed = item_numbered(u.text, answers[-1]) if answers and not topics_named(u.text) else None
            if pointed:  # a thing naming one topic is about it; a sentence naming several only mentions them
                a.vector, a.pointed = _mix(a.vector, self._embed(pointed), CONTEXT_ITEM), pointed
                a.pointed_among = [item for item in answer_items(answers[-1]) if item != pointed]
                named_by_it = topics_named(pointed)
                a.u = replace(a.u, topics=named_by_it if len(named_by_it) == 1 else a.u.topics)
        whole_gaps = list(a.gaps)  # what the whole message reads as asking for that the paper lacks
        known, names = self.evidence.sections, self.evidence.part_names
        a.sections = named_sections(u.text, known, names)
        # "增收那个…" after a list of the parts of §2.2; not "人才那块" in a thread asking for measures, which names the
        # subject of the measures asked, not the problems the list headed
        if not a.sections and a.follow_up and not wanted_before:
            a.sections = item_pointed_at(u.text, said, self.evidence.titles, self.generic)
        a.sections_asked = any(len(named_sections(part, known, names)) > 1 for part in a.parts)
        # not by a clause only telling of the user: "啥时候发表的，我参考文献格式要写" asks of the title page, not of
        # the references
        a.part_sections = [named_sections(" ".join(_not_told(part)), known, names) for part in a.parts]
        if ("compare" in a.kinds or a.listed) and a.wants in (None, "case"):
            # "平台驱动型 vs 政府+公共品牌型 vs 直播新农人型，各自的pros是啥": the parts describing the models compared,
            # also when the part holding them is named ("compare the 3 models in section 3.3 - platform-driven, …")
            compared = self.models.compared(u.text)
            if (compared and all(parent_section(s) in a.sections for s in compared)) or not a.sections:
                a.sections = compared
                a.sections_asked = a.models_compared = bool(a.sections)
        a.case_words = self._case_words(u.text)
        a.terms = [term for term in terms_asked(u.text) if not self.index.unused_words(term, set())]
        near = nearness(a, self.evidence)
        if not inherited:  # topics named in the question are checked against the evidence near it
            listed = [d for t in things_beside_topics(u.text) for d in self._topics_of_thing(t)]
            a.u = replace(a.u, topics=list(dict.fromkeys([*confirmed_topics(a, self.evidence, near), *listed])))
            if not a.u.topics and a.kinds[0] == "how":  # the topic its example questions say, if clearly one
                a.u = replace(a.u, topics=topic_of_examples(near, self.evidence))
        if len(a.parts) > 1:  # a sub-question is a question: what it clearly asks for that the paper lacks counts
            self._read_parts(a)  # as the whole's would ("…go live, and what price per kg i should set?")
            a.gaps = list(dict.fromkeys([*a.gaps, *_gaps_asked(u, a.part_matches, a.parts, whole=True)]))
        pieces = clauses(u.text)
        matches = [self.intents.match(v) for v in self._embed_all(pieces)] if pieces else []
        if pieces:  # a clause may ask for what the paper lacks ("…哪个先干哪个后干？每项大概要多久？": two gaps)
            self._read_clauses(a, pieces, matches, whole_gaps)
        ranked = sources_first(rank(a, self.evidence, near, tier, said), a, self.evidence)
        if a.follow_up and a.asks_how and ranked and was_said(ranked[0].unit, said):
            # "那平台品质认证具体咋弄" after a plan listing it: the paper says no more of how it is done than it said
            a.gaps = list(dict.fromkeys([*a.gaps, "operation"]))
        a.gaps = [*a.gaps, *figure_gaps(a, ranked, self.evidence.years)][:MAX_GAPS]  # the catalogue's first
        if asks_source(a) or (ranked and ranked[0].unit.section == "references"):
            # "参考文献里有一篇写安溪县的…发在哪个期刊": a reference's journal is on the list, the paper's own is not
            a.gaps = [g for g in a.gaps if g != "publication"]
        if not a.u.topics and a.kinds[0] in ("how", "plan") and ranked and ranked[0].unit.type == "problem":
            # "村级服务点只能代买代卖，这个怎么提升？": the problem it tells is the paper's, and its topic the question's
            a.u = replace(a.u, topics=[ranked[0].unit.dimension] if ranked[0].unit.dimension else [])
        if a.wants == "literature" and not self._asks_own_limits(a):  # "之前别人的研究有啥不足": the research it
            a.gaps = [g for g in a.gaps if g != "limitations"]  # reviews, not its own limits
        # the words asking for what is missing: the clauses, else the sub-questions ("税率多少" is too short a clause)
        parts = a.parts[: len(a.part_matches)]
        a.gap_asked = {
            **asking_words(a.gaps, parts, a.part_matches),
            **asking_words(a.gaps, pieces or [u.text], matches or [a.match]),
        }
        named = unmentioned(u.text, lambda thing: self.index.unused_words(thing, self.generic))
        if named:  # "paper有没有讲跨境电商": none of its words is the sources', whatever the question is near
            a.gaps = ["unmentioned", *(g for g in a.gaps if g not in PAPER_GAPS)][:MAX_GAPS]
            a.gap_asked["unmentioned"] = named
        # "三种模式各自优缺点是啥": the paper gives the models' strengths only
        if asks_drawbacks(u.text) and (a.models_compared or nearest_of(a.subject_sections).startswith("3.3")):
            a.gaps = [*a.gaps, "drawbacks"][:MAX_GAPS]
        undefined = [term for term in things_asked_what(u.text) if self.evidence.mentions_only(term)]
        if undefined:  # "“客货邮融合”到底是个啥": the paper names it in a list and as a measure, never says what it is
            a.gaps = (["undefined", *a.gaps] if a.kinds[0] == "what" else [*a.gaps, "undefined"])[:MAX_GAPS]
            a.gap_asked["undefined"] = undefined
        words, domain = self.index.coverage(u.text, self.generic)
        selected = Selected(a, ranked, words, in_conversation=bool(asked), domain_words=domain)
        if a.kinds[0] == "off_topic" and not selected.off_topic:  # its evidence keeps it in the domain
            a.kinds = a.kinds[1:]
        return selected

    def _read_clauses(self, a: Analysis, pieces: list[str], matches: list[Match], whole_gaps: list[Gap]) -> None:
        """What the clauses ask for that the paper lacks. A message that reads as a plan because it tells of the
        user's county and situation, then asks something else, asks in its asking clauses: their kind first
        (``kinds_where_asked``), and only the gaps they read, not one that the whole or a clause naming nothing
        reads ("咱县每个村都挂了电商服务站的牌子，…，这问题论文里有说吗" is near the examples asking for a survey; what it
        asks about is what it told)."""
        asking = [n for n, piece in enumerate(pieces) if _asks(piece)]
        kinds = kinds_where_asked(a, [pieces[n] for n in asking])
        # a claim stated, then checked ("The paper's findings come from a survey…, right?") is asked whole
        if a.follow_up or kinds == a.kinds or len(asking) == len(pieces) or states_a_claim(a.u.text):
            a.gaps = list(dict.fromkeys([*a.gaps, *_gaps_asked(a.u, matches, pieces, whole=False)]))[:MAX_GAPS]
            return
        a.kinds = kinds
        named = [n for n in asking if specific_tokens(frameless(pieces[n]), self.generic)]
        asked = _gaps_asked(a.u, [matches[n] for n in named], [pieces[n] for n in named], whole=False)
        kept = [g for g in a.gaps if g not in whole_gaps or g in asked]
        a.gaps = list(dict.fromkeys([*kept, *asked]))[:MAX_GAPS]

    def _asks_own_limits(self, a: Analysis) -> bool:
        """Whether a sub-question that names no one else's research asks for the paper's own limits ("…现有研究有哪些
        不足？这篇论文自己有没有交代局限？")."""
        own = [(p, m) for p, m in zip(a.parts, a.part_matches, strict=False) if type_named(p) != "literature"]
        return bool(own) and "limitations" in _gaps_asked(a.u, [m for _, m in own], [p for p, _ in own], whole=True)

    def _read_parts(self, a: Analysis) -> None:
        """Each sub-question read with the whole ("…and why did the author choose it"). The things a list names are
        asked about, in their order; one that no topic word names ("网络、物流、品牌这几块") is about the topic it
        means (``topics_meant``)."""
        # a sub-question naming nothing asks of what the one before it named ("它用的什么理论？谁提出来的？"), and so
        # does one pointing back at it ("…是咋定义的？它那五个总要求具体是哪五个")
        texts = [p if n == 0 else self._with_antecedent(p, a.parts[n - 1]) for n, p in enumerate(a.parts)]
        place = a.u.place.place if a.u.place is not None else None
        if place is not None:  # "…in Suichang… is there example from our area in the paper?"
            texts = [own_place_named(t, place.name) for t in texts]
        # a part read with the one before ("…为什么这么贵，what does the paper want to do about it") asks in its own
        # words: its kinds are read from them (embedded in the same call)
        own = [p for p, t in zip(a.parts, texts, strict=True) if p != t]
        vectors = self._embed_all([*texts, *own])
        a.part_vectors = [_mix(v, a.vector, 1.0) for v in vectors[: len(texts)]]
        a.part_matches = [self.intents.match(v) for v in vectors[: len(texts)]]
        own_matches = {p: self.intents.match(v) for p, v in zip(own, vectors[len(texts) :], strict=True)}
        a.part_kinds = [
            a.kinds if puts_aside(p) else kinds_of(p, own_matches.get(p, m))
            for p, m in zip(a.parts, a.part_matches, strict=True)
        ]
        a.told = [n for n, part in enumerate(a.parts) if self._only_told(a, part)]
        if a.listed:
            things = things_of(a.parts)
            listed = [d for t in things for d in self._topics_of_thing(t)]
            a.u = replace(a.u, topics=list(dict.fromkeys([*listed, *a.u.topics])))

    def _with_antecedent(self, part: str, before: str) -> str:
        """A sub-question with what it asks of when that is the one before's subject: all of the one before when it
        names nothing ("谁提出来的"), the things it named when it points back at them ("它那五个总要求…")."""
        if not names_a_thing(part):
            return f"{before}，{part}"
        return f"{things_named(before, self.generic)}，{part}" if points_back_by_pronoun(part) else part

    def _only_told(self, a: Analysis, part: str) -> bool:
        """Whether a sub-question only tells of the user, in no word of the sources ("我们论文课老师让拿这篇做读书
        报告"), or beside a list of things asked about ("我们刚成立的合作社…没钱没人。那三种模式——靠大平台的、…——各有
        啥好处坏处？"): no thing asked, though it may be what the question is about ("我们村的电商服务点就是…")."""
        if not tells_only(part):
            return False
        return bool(self.index.unused_words(frameless(part), self.generic)) or (a.listed and part not in a.items)

    def _topics_of_thing(self, thing: str) -> list[Dimension]:
        """The topics a thing listed names, or else the one it clearly means ("网络" → digital); a tier listed
        ("east vs central vs western") means none."""
        named = topics_named(thing)
        return named if named or names_a_tier(thing) else topics_meant(self._embed(thing), self.evidence)

    def _embed_all(self, texts: list[str]) -> list[np.ndarray]:
        """The texts' vectors, misspelt words read as the sources' (the model reads "infrastrcture" as no word)."""
        vectors = self.index.embeddings.embed_documents([respell(t) for t in texts])
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    def _embed(self, text: str) -> np.ndarray:
        return np.asarray(self.index.embeddings.embed_query(respell(text)), dtype=np.float32)

    def _thread_topics(self, u: Understanding, asked: list[str], at: int) -> list[Dimension]:
        """The topics the latest question since the anchor that names some asked about, as its own evidence bears
        them out ("…startup…怎么 upgrade" names talent, which its evidence does not). One that says its kind ("他那边
        又该咋弄？") asks again the latest question asked that way, of its topics or of none (the whole plan), not of
        those of a question of another kind between ("客货邮是咋回事")."""
        form = form_of(u.text)
        same = [q for q in asked if form is not None and form_of(q) == form]
        for question in reversed(same[-1:] or asked[at:]):
            named = topics_named(question)
            if named:
                earlier = analyse(replace(u, text=question, topics=named), self._embed(question), self.intents)
                return confirmed_topics(earlier, self.evidence, nearness(earlier, self.evidence))
        return []

    def _in_conversation(self, u: Understanding, message: str, own: np.ndarray, thread: tuple[np.ndarray, str],
                         anchor: tuple[str, np.ndarray], unframed: np.ndarray | None) -> Analysis:  # fmt: skip
        """Read a question in its conversation. A follow-up ("那物流呢？", "What about the West?", "这数据是哪来的")
        leaves its form to the conversation's last question that said what it asked (``anchor_at``), whose kinds
        hold unless it says its own (``asks_own_kind``), and is read leaning well towards the previous questions; so
        is a question near no evidence by itself ("why?", "具体怎么做"), which leaves its subject to them. A question
        of its own keeps its analysis and leans only a little towards the previous one when ranking. A question with
        no word of its own also borrows the previous question's words, to be matched by ("why?")."""
        previous, last = thread
        a = analyse(u, own, self.intents, unframed)
        subjectless = float(self.evidence.dense(own).max()) < SUBJECT_SIMILARITY and a.kinds[0] != "off_topic"
        subjectless = subjectless and not changes_subject(message)
        if subjectless or is_follow_up(message, a):
            own_words = specific_words(u)
            bare = subjectless and not own_words  # "why?": a kind, with no word of what it asks it of
            if bare:  # it asks it of what was just asked, within the thread ("…田东县…" → "物流呢" → "why?")
                previous = _mix(previous, self._embed(last), 1.0)
            # one that only leans on the conversation, saying its own subject ("那電商賣的東西種類有什麼變化嗎？"), is
            # read in its own words, leaning a little; an ellipsis ("那物流呢？", "那应该怎么改") leans well
            lean = CONTEXT_LONG if leans_only(u.text) and len(own_words) >= OWN_SUBJECT else CONTEXT_SHORT
            unframed_followed = None if unframed is None else _mix(unframed, previous, lean)
            followed = analyse(u, _mix(own, previous, lean), self.intents, unframed_followed)
            if bare:  # its own vector says only the kind it asks: the evidence is found by what it asks it of
                followed.vector = _mix(own, previous, CONTEXT_BARE)
            # what it clearly asks for that the paper lacks is its own ("how much lower should rates be?"), not the
            # noise of a few words ("那农产品的呢" is as near the ranking examples as any kind's)
            followed.gaps = [g for g in a.gaps if leads_kinds(g, a.match)] or followed.gaps
            own_kind = asks_own_kind(u.text, a)
            if own_kind:  # "有没有类似的案例" after a how-to asks for cases
                followed.kinds = a.kinds
            else:
                before = analyse(replace(u, text=anchor[0]), anchor[1], self.intents).kinds  # in its own words
                if before[0] != "off_topic":  # "北京的" after a question that was itself only a place
                    followed.kinds = before
            # "…is it true?" → "ok what about for us then. we are in Nujiang…", "whats a taobao village" → "would that
            # work for us? we're in Xiji…": what the place changes is what the paper advises its tier
            asks_its_own = own_kind or bool(u.tier_words)  # "为啥我们算西部" asks of the tier itself
            gives_place = asks_for_us(u.text) or (not asks_its_own and FIRST_PERSON.search(u.text) is not None)
            followed.place_given = gives_place and names_a_place(u)
            if followed.place_given and followed.kinds[0] not in ("how", "plan", "compare"):
                followed.kinds = ["plan", *(k for k in followed.kinds if k != "plan")]
            followed.follow_up = True
            followed.context = last if bare else ""
            return followed
        a.vector = _mix(own, previous, CONTEXT_LONG)
        return a

    def _case_words(self, text: str) -> list[str]:
        """What users call the cases a question names (every alias of each): the sentences that use one speak of it."""
        low = to_simplified(text).lower()
        named = [m for m in self.rulebook.models if any(alias.lower() in low for alias in m.aliases)]
        return [alias.lower() for m in named for alias in m.aliases]


def _not_told(part: str) -> list[str]:
    """The clauses of a sub-question that do not only tell of the user ("我参考文献格式要写"); all when every one does."""
    return [clause for clause in clause_pieces(part) if not tells_only(clause)] or [part]


def _asks(clause: str) -> bool:
    """Whether a clause asks: its form, a question word, or whether the paper speaks of a thing ("论文里有没有讲…")."""
    return is_question(clause) or asks_which(clause) or asks_if_mentioned(clause)


def _gaps_asked(u: Understanding, matches: list[Match], texts: list[str], *, whole: bool) -> list[Gap]:
    """What the question's sub-questions or clauses (``texts``, one per match) ask for that the paper lacks."""
    given = [asks_if_given_thing(text, u.text) for text in texts]
    return gaps_of(matches, whole=whole, placed=has_place(u), given=given, texts=texts)


def _mix(vector: np.ndarray, other: np.ndarray, weight: float) -> np.ndarray:
    mixed = vector + weight * other
    return np.asarray(mixed / np.linalg.norm(mixed), dtype=np.float32)
