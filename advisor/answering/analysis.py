"""Question analysis: what kind of question, what it asks about, and what it asks for that the paper lacks.

Multi-label and semantic: the kinds (how, why, what, claim …), the evidence groups and the gaps come from
the question's nearness to the intent catalogue's examples (``catalogue.py``); the place, the language, the
roles and the injection notice come from ``advisor.answering.understand``. Lexicon words are features here, not routes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from advisor.answering.catalogue import Gap, IntentIndex, Kind, Match
from advisor.answering.forms import (
    FORM_BONUS,
    FORMS,
    asks_for_plan,
    asks_if_given_thing,
    asks_if_mentioned,
    asks_quantity,
    asks_yes_or_no,
    is_question,
    of_the_user,
    put_as_question,
    says_its_kind,
    states_a_claim,
)
from advisor.answering.gaps import CLAUSE_GAP_FLOOR, QUANTITY_GAPS, gaps_of
from advisor.answering.parts import asks_whether_given, asks_which, clauses, listed_items, sub_questions
from advisor.answering.understand import Understanding, asks_for_parts, type_named
from advisor.answering.whereabouts import mentions_own_county
from advisor.domain import Dimension
from advisor.language import to_simplified
from advisor.text import clause_pieces, is_year, numbers, split_sentences, tokenize

#: Kinds within this of the likeliest kind also hold ("why … and what to do" is why and how).
KIND_MARGIN = 0.02
#: How much the kind model's probability adds to a kind's nearness (cosine): it breaks the near ties of the nearest
#: examples (dev2 / dev3, by writers the catalogue never saw: 74 % / 58 % of kinds right by nearness, 77 % / 77 %
#: with the model; eval/qa and the held-out set keep passing at this weight, not at 0.3).
KIND_MODEL_WEIGHT = 0.25
#: The kind model's probability from which a question is off topic by its meaning (dev3: a cover letter, a mortgage
#: sum 0.68-0.74; a fragment in a conversation "网也不好 经常卡" 0.47, a claim about Caoxian put with chat 0.44).
OFF_TOPIC_ODDS = 0.6
#: Nearer the off-topic examples than to every section's counts only from this cosine: when a question is near
#: nothing ("What should Leishan do?" — 0.31 off topic, 0.28 the nearest section), its meaning decides nothing.
OFF_TOPIC_FLOOR = 0.35
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
#: A part of the paper named by its number: "第4章", "第五部分", "§5.1", "section 3.3", "2.2 的 mechanism"; not a
#: figure ("9.9%", "2.5万").
_SECTION_REF = re.compile(
    r"第\s*([一二三四五六\d])\s*(?:章|部分|节)"
    r"|(?:§|\bsection\s*|\bsec\.\s*|\bchapter\s*)(\d(?:\.\d){0,2})"
    r"|(?<![\d.])(\d\.\d(?:\.\d)?)(?![\d.]|\s*(?:%|％|万|亿|元|倍|percent))",
    re.IGNORECASE,
)
#: A part named as where the thing asked about is, not as what is asked: "第二部分讲的那个机制…通过哪几个环节" asks
#: about the mechanism, "4.2节提到的培训问题", "the mechanism in section 2.2": grammar. Its outline does not answer.
_PART_AS_PLACE = re.compile(
    r"(?:第\s*[一二三四五六\d]\s*(?:章|部分|节)|\d\.\d(?:\.\d)?\s*节?)\s*(?:里|中|里面)?\s*"
    r"(?:讲|说|提|写|介绍|分析|列)(?:到|了|出)?的"
    r"|\b(?:the|this|that)\s+\w+(?:\s+\w+)?\s+(?:in|from)\s+(?:section|chapter|part|§)\s*\d",
    re.IGNORECASE,
)


def names_a_part(text: str) -> bool:
    """Whether a text names a part of the paper by its number ("in chapter 4", "第四章")."""
    return _SECTION_REF.search(to_simplified(text)) is not None


def names_part_as_place(text: str) -> bool:
    """Whether a question names a part of the paper only as where the thing it asks about is (``_PART_AS_PLACE``)."""
    return _PART_AS_PLACE.search(to_simplified(text)) is not None


def named_sections(text: str, known: set[str], names: Mapping[str, str]) -> list[str]:
    """The parts of the paper a question names, those that exist: by number (``_SECTION_REF``), or by a word that
    names one in a sentence that asks, if any does (``evidence.part_names``: "引言里…", "the conclusion section")."""
    found: list[str] = []
    for match in _SECTION_REF.finditer(text):
        ref = next(g for g in match.groups() if g)
        found.append(_CHINESE_DIGITS.get(ref, ref))
    sentences = split_sentences(text)
    asking = [s for s in sentences if is_question(s)] or sentences  # "…？我写参考文献要用" names none
    found += [names[t] for t in tokenize(" ".join(asking)) if t in names]
    return [ref for n, ref in enumerate(found) if ref in known and ref not in found[:n]]


@dataclass
class Analysis:
    """The understanding of one question, as the selection and the shape of the answer use it."""

    u: Understanding
    vector: np.ndarray
    match: Match
    # how near its subject is to each part's examples, without the words naming the paper (``analyse``)
    subject_sections: dict[str, float]
    kinds: list[Kind]
    gaps: list[Gap]
    parts: list[str]
    numbers: list[str]
    own_county: bool
    yes_no: bool  # asked in the form of a yes/no question or a claim check ("…对吧", "is it true that…")
    mention: bool = False  # asks whether the paper speaks to a subject ("论文有说吗"), not whether a claim holds
    items: list[str] = field(
        default_factory=list
    )  # the parts that each ask of one thing a list names ("A、B、C各有啥特点")
    part_vectors: list[np.ndarray] = field(default_factory=list)
    part_matches: list[Match] = field(default_factory=list)  # each sub-question's nearness to the catalogue
    part_kinds: list[list[Kind]] = field(default_factory=list)  # each sub-question's kinds ("毛病有哪些？又该怎么改")
    # sub-questions that only tell of the user in no words of the sources ("我们论文课老师让拿这篇做读书报告")
    told: list[int] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # parts of the paper the question names ("第4章", "2.2 的")
    # one sub-question names several parts of the paper: they are what it asks about ("第4章和第5章一一对应吗"), not
    # where each of several sub-questions looks ("2.2里三条机制各讲了啥？另外摘要说的…")
    sections_asked: bool = False
    # the parts of the paper each sub-question names ("what are the keywords, and sum up its conclusion": the keywords,
    # then §6): where that sub-question's answer is, whatever the others name
    part_sections: list[list[str]] = field(default_factory=list)
    models_compared: bool = False  # the parts asked are the models a question compares (``compared.ModelParts``)
    wants: str | None = None  # the kind of sentence it names as what it asks for ("哪些问题" → problem)
    parts_asked: bool = False  # asks what something consists of ("分了哪几个方面", "what are the main problems")
    follow_up: bool = False  # read through the previous question ("那物流呢？"), whose words it leaves out
    # a follow-up giving the user's place ("哦对了我们是陕西洛川的，这个有影响不？"): what it asks is what the place
    # changes, the tier's own measures
    place_given: bool = False
    # ... and the topics it carries that the paper treats alike for every tier (finance): what was said holds there
    same_everywhere: list[Dimension] = field(default_factory=list)
    thread_cited: bool = False  # the conversation's last answer cited the sources: its subject is theirs
    context: str = ""  # the previous question, whose words a follow-up with no subject of its own ("why?") borrows
    sourced: int = 0  # asks a sentence's source: the first units ranked are the sentence and the entries it cites
    reference_list: bool = False  # asks for the reference list: the first ``sourced`` units are its entries
    case_words: list[str] = field(default_factory=list)  # what users call the paper's cases it names ("多多农园")
    terms: list[str] = field(default_factory=list)  # the sources' terms whose meaning it asks ("“转译”…到底指啥")
    referent: str = ""  # the previous answer's opening, which a question pointing back at it means ("这个数据哪来的")
    pointed: str = ""  # the thing of the previous answer's list a follow-up points at by number ("第二种具体是指…")
    pointed_among: list[str] = field(default_factory=list)  # ... and the other things of that list
    gap_asked: dict[str, list[str]] = field(default_factory=dict)  # the user's words asking each gap ("每个班多少人")

    def points_at(self, *texts: str | None) -> bool:
        """Whether a sentence (in either language or script) is the thing the follow-up points at by number: it
        says that thing, and is not the list it was one of ("the second one" after "…consists of: A; B; C")."""
        item = to_simplified(self.pointed).lower()
        said = [to_simplified(text).lower() for text in texts if text]
        others = [to_simplified(other).lower() for other in self.pointed_among]
        return bool(item) and any(item in text and not any(o in text for o in others) for text in said)

    def speaks_of_named_case(self, text: str) -> bool:
        """Whether a text speaks of a case of the paper's the question names (by what users call it)."""
        low = text.lower()
        return any(word in low for word in self.case_words)

    @property
    def off_topic(self) -> bool:
        """Nearer the off-topic examples than to any kind of in-domain question, or clearly near them and nearer
        than to every section's examples ("How do I fix my car's gearbox?" is a how-to, but no section is near it)."""
        nearest_section = max(self.match.sections.values(), default=0.0)
        off = self.match.kinds["off_topic"]
        return self.kinds[:1] == ["off_topic"] or (off >= OFF_TOPIC_FLOOR and off >= nearest_section)

    @property
    def listed(self) -> bool:
        """Whether its parts are one question asked of each thing a list names."""
        return bool(self.items)

    @property
    def gap_first(self) -> bool:
        """The question mainly asks for what the paper does not give: nearer a gap's examples than any kind's, a
        figure for a named place ("秭归县去年电商销售额多少", the paper has national figures only), asking nothing
        else, a figure the paper lacks ("抖音投流一天花多少合适"), or whether the paper has what it lacks."""
        asks_figure = self.kinds[0] == "how_much" or asks_quantity(self.u.text)
        if asks_figure and self.gaps[:1] == ["local_figure"] and names_a_place(self.u):
            return True
        if self.gaps[:1] in (["unmentioned"], ["undefined"]):
            return True  # "paper有没有讲跨境电商？…", "“客货邮融合”到底是个啥": that it never does is the answer
        quantity = bool(self.gaps) and self.gaps[0] in QUANTITY_GAPS  # a figure, an amount of money, a year
        asked = [p for p in self.parts if not asks_whether_given(p)] or self.parts  # not "…论文里有没有"
        if quantity and all(map(asks_quantity, asked)) and self.kinds[0] != "plan":
            return True  # a figure the paper lacks is all it asks (not a plan asking amounts too: "能不能给个规划…";
            # "有没有说一期培训该多少课时、每人经费多少钱？")
        plan_read = self.kinds[0] == "plan" and not asks_for_plan(self.u.text)  # from the place named alone
        if quantity and plan_read and all(map(asks_quantity, self._asking(asked))):
            return True  # "how much money does it cost to build a county cold chain warehouse in Sichuan? roughly"
        # "论文有数据证明这些做法有效吗", "它是实证研究吗？有没有问卷": what it lacks is the "no" (a claim's verdict comes
        # first); not a why or how, answered by what the paper gives ("为什么运费比东西还贵？论文有讲原因跟解法吗")
        asks_content = self.kinds[0] in ("how", "plan", "why")  # not cases: "有那种例子吗？有具体名字吗" lacks names
        single = bool(self.gaps) and len(asked) == 1 and not asks_content and not states_a_claim(self.u.text)
        if single and (self.yes_no or self._only_whether_given()):  # the check of its clauses only when needed
            return True
        if self._each_question_asks_a_gap():
            return True
        return bool(self.gaps) and self.match.gaps.get(self.gaps[0], 0.0) >= max(self.match.kinds.values())

    def _each_question_asks_a_gap(self) -> bool:
        """Whether each sub-question put as a question asks for what the paper lacks ("…要准备哪些材料，截止时间是啥时候";
        "Which county is ranked #1 …? top 10 list pls"); not with a place named, whose tier comes first ("我是海南澄迈的，
        我们这儿算东部还是西部？…")."""
        if len(self.part_matches) < 2 or names_a_place(self.u):
            return False
        questions = [
            i for i in range(len(self.part_matches))
            if put_as_question(self.parts[i], self.u.text) or asks_which(self.parts[i])
        ]  # fmt: skip
        return bool(questions) and all(map(self._part_only_asks_gap, questions))

    def _part_only_asks_gap(self, i: int) -> bool:
        """Whether a sub-question asks for what the paper lacks and nothing it gives: clearly near the gap's examples
        (``CLAUSE_GAP_FLOOR``), not naming the kind of sentence it wants ("what gaps in earlier studies…": the
        review's) nor asking what to do ("what should we actually do" is near "what should we do first")."""
        part = self.parts[i]
        if not self.part_asks_gap(i) or type_named(part) is not None or FORMS["how"].search(part):
            return False
        return max(self.part_matches[i].gaps.values()) >= CLAUSE_GAP_FLOOR

    def part_asks_gap(self, i: int) -> bool:
        """Whether a sub-question asks for what the paper lacks: nearer a gap of the question's examples than any
        kind ("is it quantitative, like with survey data?": the empirical gap says no; its nearest sentence does not
        answer)."""
        if i >= len(self.part_matches):
            return False
        match = self.part_matches[i]
        nearest = max(match.gaps, key=match.gaps.__getitem__, default=None)
        return nearest in self.gaps and match.gaps[nearest] >= max(match.kinds.values())

    def _only_whether_given(self) -> bool:
        """Whether a question asks whether the paper gives a thing, and nothing else ("论文有没有点名哪位网红或哪个村？就是
        那种一个人带动一片的"; not "what are the five core requirements…, and does the paper use any survey", nor "what
        exactly is it and is there a subsidy?", one clause with an English question word in it)."""
        text = self.u.text
        if not asks_if_given_thing(text, text) or _WH_WORD.search(text):
            return False
        others = [c for c in clauses(to_simplified(text)) if not asks_whether_given(c)]
        return not any(is_question(c) or _WHICH.search(c) for c in others)

    def _asking(self, parts: list[str]) -> list[str]:
        """The sub-questions that ask, of these: not one only telling of the user ("we are in Dali, Yunnan."), nor a
        word added ("roughly"); all of them when none asks."""
        told = {self.parts[n] for n in self.told}
        return [p for p in parts if p not in told and (asks_which(p) or is_question(p))] or parts

    @property
    def asks_what_to_do(self) -> bool:
        """A how-to, a plan or a comparison, by the catalogue or by its question words ("How can Suichang…")."""
        return self.asks_how or "compare" in self.kinds

    def part_asks_how(self, part: int | None = None) -> bool:
        """Whether a sub-question asks what to do, by its own kinds or words; with no part, the whole question."""
        kinds, text = (self.kinds, self.u.text) if part is None else (self.part_kinds[part], self.parts[part])
        return kinds[0] == "how" or FORMS["how"].search(text) is not None

    @property
    def asks_how(self) -> bool:
        """A how-to or a plan, by the catalogue or by its question words (not a comparison, which may ask what each
        side is)."""
        return bool({"how", "plan"} & set(self.kinds)) or FORMS["how"].search(self.u.text) is not None


def analyse(u: Understanding, vector: np.ndarray, intents: IntentIndex, unframed: np.ndarray | None = None) -> Analysis:
    """The analysis of a question from its vector. Whether it is about the paper itself is read from ``unframed``,
    the vector of the question without the words by which it refers to the paper (``frameless``), when given."""
    match = intents.match(vector)
    if unframed is not None:  # the words naming the source are no sign of a question on the paper itself
        without_frame = intents.match(unframed)
        match.kinds["paper"] = without_frame.kinds["paper"]
        match.kind_odds["paper"] = without_frame.kind_odds.get("paper", 0.0)
    kinds = kinds_of(u.text, match)
    if kinds[0] == "plan" and not (u.place or u.tier_words or mentions_own_county(u.text)):
        kinds = _without_plan(kinds)  # a plan is for a county; with none named or meant, it asks how
    wants = type_named(u.text)
    if wants == "case" and "cases" not in kinds[:2] and kinds[0] not in ("claim", "off_topic"):
        kinds = [kinds[0], "cases", *(k for k in kinds[1:] if k != "cases")]  # "…哪些模式和案例": cases asked
    elif wants not in (None, "measure") and kinds[0] in ("plan", "how", "compare") and _asks_for_type(u.text, wants):
        # "西峡…supply chain主要有哪些problem": the problems asked, not what to do
        kinds = ["what", *(k for k in kinds if k not in ("what", "plan", "how"))]
    gaps = gaps_of(
        [match], whole=True, placed=has_place(u), given=[asks_if_given_thing(u.text, u.text)], texts=[u.text]
    )
    # "Suichang's sales last year?", "文章有没有雷山县这几年电商销售额的数据", "我们县去年农村网络零售额多少": the paper
    # has national figures only (not of a figure asked nationally: "全國到底有多少個淘寶村…我們縣在全國能排第幾？")
    asks_local = kinds[0] == "how_much" or (asks_quantity(u.text) and _clearly_nearest_gap(match) == "local_figure")
    of_own_county = mentions_own_county(u.text) and not u.national
    if asks_local and (names_a_place(u) or of_own_county) and "local_figure" not in gaps:
        gaps.insert(0, "local_figure")
    # "人才方面论文又是咋说的": the words naming the source say where to look, not which part (the abstract): the part
    # the ranking favours for a topic asked is read without them, unless the question is on the paper itself
    on_topic = unframed is not None and bool(u.topics) and "paper" not in kinds
    subject = without_frame.sections if on_topic else match.sections
    return Analysis(
        u=u,
        vector=vector,
        match=match,
        subject_sections=subject,
        kinds=kinds,
        gaps=gaps,
        parts=questions_asked(u.text),
        items=listed_items(u.text),
        numbers=figures(u.text),
        own_county=mentions_own_county(u.text),
        yes_no=asks_yes_or_no(u.text) or asks_if_mentioned(u.text),
        mention=asks_if_mentioned(u.text),
        wants=wants,
        parts_asked=asks_for_parts(u.text),
    )


#: A gap is clearly the nearest when this much nearer than the next: "文章有没有雷山县这几年电商销售额的数据" is a local
#: figure (0.50, the empirical examples 0.41); "我在雷山县…需要多少钱" is as near an amount (0.59 and 0.56).
CLEAR_GAP_LEAD = 0.05


def _clearly_nearest_gap(match: Match) -> str | None:
    """The gap a text is nearest, when clearly nearer it than any other (``CLEAR_GAP_LEAD``)."""
    first, second = [*sorted(match.gaps.items(), key=lambda kv: -kv[1]), ("", 0.0), ("", 0.0)][:2]
    return first[0] if first[1] >= second[1] + CLEAR_GAP_LEAD else None


def questions_asked(text: str) -> list[str]:
    """The separate questions of a message (``sub_questions``) without the sentences after them in which the user
    only tells of themselves ("…占售价的百分之几？我写BP要用": what the figure is for asks nothing). What the user tells
    before a question stays: it may be what the question asks about ("核桃个头大小不一…这两件事该怎么弄")."""
    asked = sub_questions(text)
    while len(asked) > 1 and not (is_question(asked[-1]) or asks_which(asked[-1])) and of_the_user(asked[-1]):
        asked = asked[:-1]
    return asked if len(asked) > 1 else [text]


#: An English question word: a question asked beside whether the paper gives a thing ("what exactly is it and is there a
#: subsidy?"), though the clause holding it is the one asking whether.
_WH_WORD = re.compile(r"\b(?:what|which|who|where|when|why|how)\b", re.I)
#: The words that ask which things or what things (not how: "这三个问题论文怎么说" asks for the paper's view of them).
_WHICH = re.compile(r"哪|什么|啥|几|(?<![a-z])(?:which|whats?)(?![a-z])", re.I)
#: The words asking for the things themselves, summed up or listed ("summarize 一下…的 problem", "把政策方面的问题
#: 归纳一下"): verbs of gathering, not of doing something about them ("这个问题怎么解决").
_SUMMED_UP = re.compile(r"总结|概括|归纳|梳理|列(?:一下|出|举)|(?<![a-z])(?:summari[sz]e|sum up|list)(?![a-z])", re.I)


def _asks_for_type(text: str, wanted: str) -> bool:
    """Whether a clause asks which things of the type it names ("…主要有哪些problem"), not how to do something; a type
    named in the situation told ("出了问题谁也不担，有没有什么合作模式可以参考") is not asked for."""
    return any(
        type_named(c) == wanted and (_WHICH.search(c) or _SUMMED_UP.search(c)) and not says_its_kind(c)
        for c in clauses(text) or [text]
    )


def _without_plan(kinds: list[Kind]) -> list[Kind]:
    """The kinds with "plan" read as "how" ("跟合作社老扯皮，有没有现成的合作模式可以抄" names no county)."""
    how: list[Kind] = []
    for kind in ("how" if k == "plan" else k for k in kinds):
        if kind not in how:
            how.append(kind)  # type: ignore[arg-type]
    return how


def has_place(u: Understanding) -> bool:
    """Whether the question is about a place, named now or earlier in the conversation."""
    return u.place is not None and u.place.status == "found"


def names_a_place(u: Understanding) -> bool:
    """Whether this very question names a place found (not one remembered from earlier)."""
    return u.place is not None and u.place.status == "found" and not u.place_from_history


#: How a question refers to its only source ("论文里", "这篇文章", "according to the paper"). These words make a
#: question look like one about the paper itself, whose examples use them; "标准化这块论文怎么建议" is a how-to.
_FRAME = re.compile(
    r"(?:(?:这篇|那篇)[^，,。？?！!\s]{0,8}?)?(?:这篇|那篇|该|本|这个)?(?:论文|文章|文献)(?:里面|里|中|上)?(?:的)?|本文"
    r"|\b(?:according to |in |from )?(?:the|this) (?:paper|study|article)(?:'s)?\b|\bpaper\b",
    re.IGNORECASE,
)
MIN_FRAMELESS_CHARS = 4


def names_the_paper(text: str) -> bool:
    """Whether a text refers to the paper ("论文里", "the paper")."""
    return _FRAME.search(text) is not None


def frameless(text: str) -> str:
    """The question without the words by which it refers to the paper, unless too little is left ("论文作者")."""
    rest = re.sub(r"\s+", " ", _FRAME.sub(" ", text)).strip(" ，,：:")
    return rest if len(rest) >= MIN_FRAMELESS_CHARS else text


def kinds_of(text: str, match: Match) -> list[Kind]:
    """The kinds of a question, most likely first: the nearness to each kind's examples plus the kind model's
    probability of it (``catalogue.KindModel``, weighted by ``KIND_MODEL_WEIGHT``), with the question words of a
    kind ("为啥", "怎么") and a yes/no form as features. Off topic when that sum is highest for the off-topic
    examples or the model is fairly sure (``OFF_TOPIC_ODDS``); the in-domain kinds follow it then, for when the
    evidence says otherwise (``selected.Selected.off_topic``)."""
    scores = {kind: near + KIND_MODEL_WEIGHT * match.kind_odds.get(kind, 0.0) for kind, near in match.kinds.items()}
    if asks_yes_or_no(text):
        scores["claim"] = scores.get("claim", 0.0) + FORM_BONUS
    worded = [kind for kind, form in FORMS.items() if form.search(text)]
    for kind in worded:
        scores[kind] = scores.get(kind, 0.0) + FORM_BONUS
    off_score = scores.pop("off_topic", 0.0)
    off_topic = off_score >= max(scores.values()) or match.kind_odds.get("off_topic", 0.0) >= OFF_TOPIC_ODDS
    best = max(scores.values())
    ordered = [k for k, _ in sorted(scores.items(), key=lambda x: -x[1])]
    kinds = [k for k in ordered if scores[k] >= best - KIND_MARGIN]
    if not asks_quantity(text):  # "论文介绍了哪些模式" asks which, not how many: the next likeliest kind instead
        kinds = [k for k in kinds if k != "how_much"] or [k for k in ordered if k != "how_much"][:1]
    # what the question's own words ask (为啥 → why) holds too, and a question that states a figure checks it
    kinds += [k for k in worded if k not in kinds]
    if worded == ["why"] and not asks_yes_or_no(text):  # "…价格一家比一家低，为啥会这样？" asks causes first
        kinds = ["why", *(k for k in kinds if k != "why")]
    ending = (clause_pieces(text) or [text])[-1]
    if worded == ["how"] and kinds[0] == "why" and FORMS["how"].search(ending) and not asks_yes_or_no(ending):
        kinds = ["how", *(k for k in kinds if k != "how")]  # "…干个一两年就去城里了，人留不住怎么办": what to do
    if (figures(text) or asks_yes_or_no(text)) and "claim" not in kinds:
        kinds.append("claim")  # a stated figure or a yes/no form checks a claim, whatever it is about
    if off_topic:
        kinds.insert(0, "off_topic")
    return kinds  # type: ignore[return-value]


def kinds_where_asked(a: Analysis, pieces: list[str]) -> list[Kind]:
    """The kinds of a message read as a plan, with its asking clauses: the kind they put in words first, when the
    telling made the whole read as a plan ("咱县每个村都挂了电商服务站的牌子，…，这问题论文里有说吗" asks whether the
    paper says it). By their form only (a yes/no question, a question word of a kind): a clause's few words are too
    few for the kind model. A plan answers a clause asking how ("…镇上也没有能帮忙打包发货的地方。我这种情况从哪开始")."""
    asked = [kind for piece in pieces if (kind := _kind_worded(piece)) is not None]
    if a.kinds[0] != "plan" or not asked or "plan" in asked or asked[0] == "how":
        return a.kinds
    return [asked[0], *(k for k in a.kinds if k != asked[0])]


def _kind_worded(clause: str) -> Kind | None:
    """The kind a clause asks in so many words: a yes/no question is a claim check, else the first kind whose
    question words it has (None: none)."""
    if asks_yes_or_no(clause) or asks_if_mentioned(clause):
        return "claim"
    return next((kind for kind, form in FORMS.items() if form.search(clause)), None)  # type: ignore[return-value]


_FIGURE_UNIT = r"\s*(?:%|％|万|亿|元|年|个|家|人|倍|percent|per cent|million|billion)"


#: How many things the user asks the advisor for ("教我10个…的方法", "给我3条建议"): a count of the answer, no figure.
_COUNT_ASKED = re.compile(r"(?:给|教|帮|列|写|说|讲|推荐|来)(?:我|我们)?(?:出|一下)?\s*(\d+)\s*[个条点种招]")


def figures(text: str) -> list[str]:
    """The figures a question states (9.9%, 3 万, 2 倍): not section numbers (2.2, 5.1), not years, which say
    when, not how much, and not how many things the user asks for (``_COUNT_ASKED``)."""
    counts = set(_COUNT_ASKED.findall(text))
    return [
        n for n in numbers(text)
        if not is_year(n) and n not in counts and ("%" in n or re.search(re.escape(n) + _FIGURE_UNIT, text, re.I))
    ]  # fmt: skip
