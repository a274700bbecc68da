"""Evidence units: every sentence the advisor may quote, typed and placed, with vectors and BM25.

Why sentences: a question is usually answered by one sentence of the paper ("搭建供应链信息共享平台…解决信息
不对称问题"), which a paragraph-level ranking dilutes among its neighbours. Why typed: the kind of a question
says which kind of sentence answers it (why → causes and mechanisms, how → measures, what → definitions).

Units come from the paper (each Chinese sentence with the English sentence that renders it), from the
rule module (strategies with tier and dimension, the §4 problems, the §3.3 cases) and from users' documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import takewhile
from typing import Literal

import numpy as np

from advisor.answering.asked import Asked, AskedIndex
from advisor.answering.remedies import remedy_links
from advisor.domain import Dimension, Tier
from advisor.knowledge.chunking import Chunk
from advisor.knowledge.retrieval import SearchIndex
from advisor.language import to_simplified
from advisor.rules import RuleBook
from advisor.text import announces_items, is_enumerated, series_length, split_sentences, tokenize, years

UnitType = Literal[
    "definition", "mechanism", "problem", "measure", "case", "statistic", "status", "meta", "background",
    "conclusion", "document", "outline", "aim", "literature",
]  # fmt: skip
_STATISTIC_MARKS = ("%", "亿", "万")


@dataclass(frozen=True)
class Unit:
    """One quotable piece of evidence."""

    id: str
    type: UnitType
    section: str
    quote: str  # exact text of the source chunk (what the citation quotes)
    zh: str | None
    en: str | None
    source: str  # "paper", "rule" or "user"
    chunk_id: str | None = None
    title: str = ""  # the section's heading (both languages): words a question uses to name the section
    tiers: tuple[Tier, ...] = ()
    dimension: Dimension | None = None
    strategy_id: str | None = None
    # a sentence of the paper giving several tiers each its own measure, each quoted by that tier's rule ("① 平台驱动型：
    # 东部推行…，中部聚焦一县一品，西部先完成…"): for a user whose tier is known, their tier's rule stands for it
    by_tier: bool = False
    # the topic of the part of §4 it lies in when that part states one topic's problem ("农产品溯源体系不健全…",
    # §4.4.1: the supply chain), though no rule quotes it: where a question on that topic's troubles is answered
    part_topic: Dimension | None = None

    def text(self, lang: str) -> str:
        """The unit in the reader's language when there is a rendering, else in its own."""
        return (self.en or self.zh or "") if lang == "en" else (self.zh or self.en or "")


#: How the paper refers to itself ("本文以…为核心理论工具", "本研究认为…").
_SELF_REFERENCE = ("本文", "本研究")
#: How the introduction opens its review of other research ("国内学界围绕…已形成较为丰富的研究成果"): that paragraph
#: says what other studies found and lack, which answers questions on the literature, not on what to do.
_REVIEW_OPENING = ("学界", "现有研究", "现有文献")


def _describes_itself(sentence: str) -> bool:
    """Whether a sentence of the paper says what the paper itself does: its aim, theory, method or conclusion. It
    answers "what method does it use" rather than the literature review beside it, and is what is left to say about
    a question on the paper that the paper does not answer (its limitations, a regression)."""
    return any(mark in sentence for mark in _SELF_REFERENCE)


def section_type(section: str) -> UnitType:
    """What a sentence of a section is, by the paper's structure."""
    top = section.split(".")[0]
    if section in ("front", "abstract", "keywords", "references"):
        return "meta"
    if section == "1":
        return "background"  # the introduction: why the study, the gaps it fills, its method
    if section.startswith("2.1"):
        return "definition"
    if top == "2":
        return "mechanism"
    if section.startswith("3.3"):
        return "case"
    by_chapter: dict[str, UnitType] = {"3": "status", "4": "problem", "5": "measure", "6": "conclusion"}
    return by_chapter.get(top, "status")


def _paper_units(index: SearchIndex) -> list[Unit]:
    """Each Chinese sentence of the paper, aligned with its English rendering by the embedding model."""
    paragraphs: dict[tuple[str, str, int], dict[str, list[Chunk]]] = {}
    for chunk in index.chunks.values():
        if index.kinds.get(chunk.id) == "paper":
            paragraphs.setdefault(chunk.locator, {}).setdefault(chunk.lang, []).append(chunk)
    units: list[Unit] = []
    for locator, by_lang in sorted(paragraphs.items()):
        section = locator[1]
        split = _whole if section == "references" else split_sentences  # an entry is one unit, its English whole
        zh = [(c, s) for c in sorted(by_lang.get("zh", []), key=lambda c: c.part) for s in split(c.text)]
        en = [s for c in sorted(by_lang.get("en", []), key=lambda c: c.part) for s in split(c.text)]
        aligned = _align([s for _, s in zh], en, index) if zh else []
        title = " ".join(cs[0].section_title for cs in by_lang.values())
        review = bool(zh) and any(mark in zh[0][1] for mark in _REVIEW_OPENING)
        for n, ((chunk, sentence), english) in enumerate(zip(zh, aligned, strict=True)):
            typ = section_type(section)
            if typ == "background" and review:
                typ = "literature"
            if typ in ("status", "problem", "mechanism") and any(m in sentence for m in _STATISTIC_MARKS):
                typ = "statistic"
            elif typ in ("meta", "background", "literature") and _describes_itself(sentence):
                typ = "aim"  # what the paper says it does, apart from the literature it reviews
            units.append(Unit(f"{chunk.id}#{n}", typ, section, sentence, sentence, english, "paper", chunk.id, title))
    return units


def _whole(text: str) -> list[str]:
    return [text.strip()]


def _align(zh: list[str], en: list[str], index: SearchIndex) -> list[str | None]:
    """The English that renders each Chinese sentence of a paragraph, by a monotonic alignment on cross-lingual
    cosine (as translations are aligned): one to one, two Chinese sentences to one English sentence (both get
    it), one Chinese sentence to two English ones (joined), or none. Position alone fails when the rendering
    joins two sentences and splits another, though the counts agree (§2.1.3 shifted every English sentence)."""
    if not en:
        return [None] * len(zh)
    sims = index.embed_cached(zh) @ index.embed_cached(en).T
    return _best_alignment(sims, en)


#: A move other than one to one costs this much. A pair adds its cosine above ALIGN_BAR (below it, an English
#: sentence is not taken as the rendering), so a short sentence rendered loosely still aligns in its place.
ALIGN_MERGE_COST, ALIGN_BAR = 0.2, 0.2


def _best_alignment(sims: np.ndarray, en: list[str]) -> list[str | None]:
    """The English for each row of ``sims`` (Chinese sentences × English sentences), by dynamic programming."""
    n, m = sims.shape
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    step: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i, j] == -np.inf:
                continue
            for di, dj in ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1)):
                if i + di > n or j + dj > m:
                    continue
                gain = _move_gain(sims, i, j, di, dj)
                if best[i, j] + gain > best[i + di, j + dj]:
                    best[i + di, j + dj] = best[i, j] + gain
                    step[(i + di, j + dj)] = (di, dj)
    out: list[str | None] = [None] * n
    i, j = n, m
    while i or j:
        di, dj = step[(i, j)]
        i, j = i - di, j - dj
        if di and dj:
            text = " ".join(en[j : j + dj])
            for k in range(i, i + di):
                out[k] = text if float(sims[k, j : j + dj].max()) >= ALIGN_BAR else None
    return out


def _move_gain(sims: np.ndarray, i: int, j: int, di: int, dj: int) -> float:
    """What a move adds: the pairs' mean cosine above the alignment bar (a skip adds nothing)."""
    if not di or not dj:
        return 0.0
    mean = float(sims[i : i + di, j : j + dj].mean())  # each sentence of a joined pair must fit
    cost = 0.0 if (di, dj) == (1, 1) else ALIGN_MERGE_COST
    return (mean - ALIGN_BAR) * max(di, dj) - cost


def _rule_units(rulebook: RuleBook) -> list[Unit]:
    units = [
        Unit(f"rule:{s.id}", "measure", s.section, s.quote, s.text_zh, s.text_en, "rule",
             tiers=tuple(s.tiers), dimension=s.dimension, strategy_id=s.id)
        for s in rulebook.strategies
    ]  # fmt: skip
    units += [
        Unit(f"problem:{p.id}", "problem", p.section, p.quote, f"{p.title_zh}：{p.summary_zh}",
             f"{p.title_en}: {p.summary_en}", "rule", dimension=p.dimensions[0])
        for p in rulebook.problems
    ]  # fmt: skip
    units += [
        Unit(f"case:{m.id}", "case", m.section, m.quote, f"{m.name_zh}：{m.summary_zh}",
             f"{m.name_en}: {m.summary_en}", "rule", tiers=tuple(m.tiers))
        for m in rulebook.models
    ]  # fmt: skip
    return units


def _problem_topics(rulebook: RuleBook) -> dict[str, Dimension]:
    """The topic of each part of §4 that states one problem of one topic (§4.4.1: the supply chain's)."""
    return {p.section: p.dimensions[0] for p in rulebook.problems if len(p.dimensions) == 1}


def _as_ruled(sentences: list[Unit], rules: list[Unit], problem_topics: dict[str, Dimension]) -> list[Unit]:
    """A sentence of the paper that a rule quotes takes the rule's dimension, and its tiers when they are
    specific: "② 物流体系：东部布局县域冷链与前置仓…" is about logistics, for the East only, like the rules quoted
    from it — not the answer for another tier's user. A sentence of a part of §4 on one topic's problem lies in that
    topic's part (``Unit.part_topic``)."""
    out = []
    for unit in sentences:
        quoting = [r for r in rules if r.quote in unit.quote]
        tiers = {t for r in quoting if r.tiers and len(r.tiers) < 3 for t in r.tiers}
        dimension = next((r.dimension for r in quoting if r.dimension), None)
        by_tier = len({r.tiers for r in quoting if len(r.tiers) == 1}) > 1
        subject = _TIER_SUBJECT.match(unit.quote)
        if subject and not tiers:
            tiers = {_TIER_OF_SUBJECT[subject.group(1)]}
        ruled = replace(unit, tiers=tuple(sorted(tiers)), dimension=dimension, by_tier=by_tier)
        out.append(replace(ruled if quoting or tiers else unit, part_topic=problem_topics.get(unit.section)))
    return out


#: A sentence whose subject is one tier is about that tier ("东部农村地区经济发展水平较高…", §4.6).
_TIER_SUBJECT = re.compile(r"(东|中|西)部(?:农村)?地区")
_TIER_OF_SUBJECT: dict[str, Tier] = {"东": "east", "中": "central", "西": "west"}


def _document_units(index: SearchIndex) -> list[Unit]:
    units = []
    for chunk in index.chunks.values():
        if index.kinds.get(chunk.id) != "user":
            continue
        for n, sentence in enumerate(split_sentences(chunk.text)):
            zh, en = (sentence, None) if chunk.lang == "zh" else (None, sentence)
            units.append(
                Unit(
                    f"{chunk.id}#{n}",
                    "document",
                    chunk.section,
                    sentence,
                    zh,
                    en,
                    "user",
                    chunk.id,
                    chunk.section_title,
                )
            )
    return units


def _quoted_by(unit: Unit, facts: list[Unit]) -> bool:
    """Whether one of these facts quotes the unit's text (its line of the title page)."""
    return any(unit.quote.strip() in fact.quote for fact in facts)


def part_names(headings: list[Chunk]) -> dict[str, str]:
    """The words that name a part of the paper, each with the part it names: the head word of a heading that is a
    name, not a description (its English heading is one word: Abstract, Keywords, Introduction, Conclusions,
    References), in both languages ("结论" of "研究结论", "conclusion"). "tl;dr of the conclusion section" names §6,
    however near its form is to the abstract's example questions."""
    words = [(h, tokenize(h.section_title)) for h in headings]
    named = {h.section for h, w in words if h.lang == "en" and len(w) == 1}
    return {w[-1]: h.section for h, w in words if h.section in named and w}


def parent_section(section: str) -> str | None:
    """'3.3.1' → '3.3', '3' → 'front' (the paper itself); the abstract or the references have none."""
    if not section[:1].isdigit():
        return None
    return section.rsplit(".", 1)[0] if "." in section else "front"


#: A sentence that opens by pointing back at its section's subject: "此类模式的优势在于…" (§3.3.1, the platform-driven
#: model). It differs from ``text.points_back`` (which the answer's shape reads: 这些, 上述; not 该, 此 alone): taking that
#: one instead changes a dev answer ("领头雁": a sentence on 这些…人才 read after §2.2.2's heading adds a third line).
_POINTS_BACK = re.compile(r"^(?:此类|该类|这类|这种|该|此)")


def _in_context(text: str, unit: Unit) -> str:
    """The text a unit is embedded as: one that points back is read after its section's heading, so that what it
    says is found for the subject it speaks of ("平台驱动型的优势是啥" → "此类模式的优势在于…"); not one that
    announces items ("该理论核心观点包括："), which says nothing of its own."""
    zh = unit.zh or ""
    return f"{unit.title}：{text}" if unit.title and _POINTS_BACK.match(zh) and not announces_items(zh) else text


class EvidenceIndex:
    """All units with their vectors (both languages) and a BM25 index over their bilingual text."""

    def __init__(self, index: SearchIndex, rulebook: RuleBook, front: list[Unit], asked: Sequence[Asked] = ()) -> None:
        import bm25s

        rules = _rule_units(rulebook)
        topics = _problem_topics(rulebook)
        self.units = [*_as_ruled(_paper_units(index), rules, topics), *rules, *front, *_document_units(index)]
        # a title-page line that a labelled fact quotes is that fact ("Copyright © 2026 by author(s)…" is the
        # licence; alone, its "author" would answer "who is the author"): neither ranked nor read beside the line
        # after it, though indexed like the rest (the words' weights stay those of the whole paper)
        self.stood_for = {
            n for n, u in enumerate(self.units) if u.source == "paper" and u.section == "front" and _quoted_by(u, front)
        }
        # each one-tier rule quoting a sentence that gives every tier its own measure (``Unit.by_tier``), with that
        # sentence: the rule is what the sentence says to its tier, as near a question as the sentence is
        self.whole_of = {
            n: w
            for w, whole in enumerate(self.units)
            if whole.by_tier
            for n, u in enumerate(self.units)
            if u.source == "rule" and len(u.tiers) == 1 and u.quote in whole.quote
        }
        self.sections = {u.section for u in self.units if u.source != "user"}  # what a question may name
        self.part_names = part_names(index.headings)
        self.titles = [(h.section, to_simplified(h.section_title)) for h in index.headings if h.lang == "zh"]
        # each section's heading, by language (what a question on where the paper discusses a thing is answered with)
        self.headings = {(h.section, h.lang): h.section_title for h in index.headings}
        # the years the paper's figures are for: a figure asked for another year is one it does not give
        self.years = {y for u in self.units if u.type == "statistic" for y in years(u.zh or u.quote)}
        # how many things each unit names in its longest list: a question asking for that many ("哪五个") is answered
        self.series = [series_length(u.zh or u.quote) for u in self.units]
        self._paragraphs: dict[str, list[Unit]] = {}
        for n, unit in enumerate(self.units):
            if unit.chunk_id is not None and n not in self.stood_for:
                self._paragraphs.setdefault(_paragraph_key(unit), []).append(unit)
        zh = index.embed_cached([self._as_embedded(u.zh or u.en or "", u, "zh") for u in self.units])
        en = index.embed_cached([self._as_embedded(u.en or u.zh or "", u, "en") for u in self.units])
        self.vectors = np.stack([zh, en])  # (2, units, dim)
        self.remedies = remedy_links(self.units, zh)  # which measures answer which problem
        self.asked = AskedIndex(asked, [u.quote for u in self.units], index.embed_cached)  # the questions each answers
        dimensions = {u.dimension for u in self.units if u.dimension is not None}
        self.by_dimension = {  # the positions of each topic's (dimension's) units, for checking a question's topics
            d: np.array([n for n, u in enumerate(self.units) if u.dimension == d]) for d in dimensions
        }
        self._bm25 = bm25s.BM25()
        self._bm25.index(
            [tokenize(f"{u.title} {u.zh or ''} {u.en or ''}") or ["_"] for u in self.units], show_progress=False
        )

    def _as_embedded(self, text: str, unit: Unit, lang: str) -> str:
        """The text a unit is embedded as (``_in_context``); a sentence announcing items ("该理论核心观点包括：") is
        read with the items it announces, which are what it says: alone, its few words are near any question on
        the theory."""
        if not announces_items(unit.zh or ""):
            return _in_context(text, unit)
        items = takewhile(lambda u: is_enumerated(u.zh or ""), self.context(unit)[1])
        return " ".join([text, *((u.zh if lang == "zh" else u.en) or u.zh or "" for u in items)])

    def context(self, unit: Unit) -> tuple[Unit | None, list[Unit]]:
        """The sentence before a unit and the sentences after it, in its paragraph (none for a rule)."""
        if unit.chunk_id is None:
            return None, []
        siblings = self._paragraphs[_paragraph_key(unit)]
        at = siblings.index(unit)
        return (siblings[at - 1] if at else None), siblings[at + 1 :]

    def paragraph(self, unit: Unit) -> list[Unit]:
        """The sentences of a unit's paragraph (the unit alone for a rule)."""
        return self._paragraphs[_paragraph_key(unit)] if unit.chunk_id is not None else [unit]

    def mentions_only(self, term: str) -> bool:
        """Whether the sources only name a term, never saying what it is: every sentence holding it is a measure
        ("中部推广客货邮融合"), holds it in brackets ("整合物流资源(统仓共配、客货邮融合)") or names it as one thing of a
        list ("直播电商、社区团购等新业态", ``_listed``). A term a sentence uses in
        its own words ("为破解“人才空心化”提供了现实路径", "形成“一人带动一片…”的格局") is explained there in context."""
        term = to_simplified(term).lower()
        holding = [u for u in self.units if u.source != "user" and term in to_simplified(u.zh or u.quote).lower()]
        return bool(holding) and all(u.type == "measure" or _in_brackets(u, term) or _listed(u, term) for u in holding)

    def dense(self, vector: np.ndarray) -> np.ndarray:
        """Each unit's best cosine with the question, over its Chinese and English text."""
        return np.asarray(np.max(self.vectors @ vector, axis=0))

    def bm25(self, tokens: list[str], at_least: float = 0.0) -> np.ndarray:
        """BM25 of every unit for the question's tokens, scaled so the best is 1 (zeros when nothing matches), or
        by ``at_least`` when that is higher (a sub-question scaled against its whole question's best match)."""
        scores = self._bm25_raw(tokens)
        top = max(float(scores.max()), at_least)
        return scores / top if top > 0 else scores

    def bm25_best(self, tokens: list[str]) -> float:
        """The best unit's raw BM25 for these tokens."""
        return float(self._bm25_raw(tokens).max())

    def _bm25_raw(self, tokens: list[str]) -> np.ndarray:
        scores = np.zeros(len(self.units), dtype=np.float32)
        if tokens:
            docs, values = self._bm25.retrieve([tokens], k=len(self.units), show_progress=False)
            scores[docs[0]] = values[0]
        return scores


def _paragraph_key(unit: Unit) -> str:
    """Units of one paragraph share their chunk id up to the part ('pei2026:zh:5.1:2-1' → 'pei2026:zh:5.1:2')."""
    head, _, last = (unit.chunk_id or "").rpartition(":")
    return f"{head}:{last.split('-')[0]}"


def _listed(unit: Unit, term: str) -> bool:
    """Whether a sentence names a term only as one thing of a list ("直播电商、社区团购等新业态"): the list says what
    kind of thing it is, not what it is. Not a term glossed in brackets ("C2M(消费者对生产端)模式"), nor one inside the
    paper's own quoted words ("形成“一人带动一片、一片辐射一方”的格局")."""
    text = to_simplified(unit.zh or unit.quote).lower()
    return all(
        (text[max(m.start() - 1, 0) : m.start()] == "、" or _ITEM_END.match(text, m.end()) is not None)
        and not _GLOSSED.match(text, m.end())
        and not _in_quotes(text, m.start())
        for m in re.finditer(re.escape(term), text)
    )


#: What follows a thing of a list: a short head word at most, then the list's 、 or 等 ("社区团购等", "社区团购模式、").
_ITEM_END = re.compile(r"[\u4e00-\u9fff]{0,2}?[、等]")
#: A gloss in brackets right after a term ("C2M(消费者对生产端)").
_GLOSSED = re.compile(r"\s*[(（]")


def _in_quotes(text: str, at: int) -> bool:
    """Whether a position of a sentence lies inside its double quotation marks."""
    return text[:at].count("“") > text[:at].count("”")


def _in_brackets(unit: Unit, term: str) -> bool:
    """Whether a sentence names a term only inside brackets, as one of a list or a gloss."""
    text = to_simplified(unit.zh or unit.quote).lower()
    return all(re.search(r"[（(][^（()）]*$", text[: m.start()]) for m in re.finditer(re.escape(term), text))
