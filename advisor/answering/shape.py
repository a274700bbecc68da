"""The shape of an answer: the sentences that answer first, then (for a place) what to do, then what the paper
does not give for this question, then follow-ups. Nothing is said twice; quotes live in the citations.

Every sentence written here is either a unit of evidence (a sentence of a source or a rule's text tied to its
quote), cited with its marker, or a fixed phrase from ``prompts/composer.yaml`` that states no fact.
"""

from __future__ import annotations

import itertools
import re

from advisor.answering.analysis import Analysis
from advisor.answering.citations import CitationBook
from advisor.answering.draft import (
    TIER_PRINCIPLE_QUOTE,
    Draft,
    Phrases,
    clean_quote,
    follow_ups,
    marker,
    write_follow_ups,
)
from advisor.answering.evidence import EvidenceIndex, Unit
from advisor.answering.forms import (
    QUOTED,
    asks_each_part,
    asks_how_many,
    asks_where_discussed,
    asks_years,
)
from advisor.answering.lead import lead, with_its_pair
from advisor.answering.listings import entries_by_year, parts_outlined
from advisor.answering.measures import pick_measures, write_measures
from advisor.answering.selection import Ranked
from advisor.answering.verdict import Verdicts
from advisor.domain import TIERS, Dimension, Tier
from advisor.rules import RuleBook, Strategy
from advisor.text import announces_items, has_cjk, is_enumerated, items_listed, points_back, tokenize

#: Enumerated items a lead sentence brings with it (其一… 其二…).
MAX_ITEMS = 4
_END = re.compile(r"[。！？.!?；;]$")


#: A rule's text that is this many characters longer than its quote says more than the quote: it is cited with the
#: whole sentence(s) it summarises (a tier prefix such as "平台驱动型：东部" is shorter).
SUMMARY_EXTRA_CHARS = 8


#: The words by which a sentence of the paper links to the one before it ("另一方面，…", "On the other hand, …"): shown
#: alone in an answer, it opens without them (the citation still quotes it whole).
_LINK_OPENING = re.compile(
    r"^(?:另一方面|一方面|此外|同时|与此同时|其次|再次|然而|但是|因此|总之|综上所述)[，,]\s*"
    r"|^(?:On the other hand|In addition|Moreover|Furthermore|At the same time|However|Therefore|In short),\s*",
    re.IGNORECASE,
)


def sentence(unit: Unit, book: CitationBook, lang: str, aside: str = "") -> str:
    """A unit as a sentence of the answer, with its marker (and an aside of the answer's before its full stop)."""
    text = _LINK_OPENING.sub("", clean_quote(unit.text(lang))).rstrip("；;，,")
    text = text[:1].upper() + text[1:]  # an English sentence cut at a semicolon starts in lower case
    if aside:
        text = text.rstrip("。.") + aside
    if not _END.search(text) and not text.endswith(("：", ":")):
        text += "。" if lang == "zh" and not text.isascii() else "."
    summary = len(clean_quote(unit.zh or "")) > len(unit.quote) + SUMMARY_EXTRA_CHARS
    return f"{text}{marker(book.quote(unit.quote, whole=summary))}"


def _count_aside(unit: Unit, p: Phrases, counting: bool) -> str:
    """The number of parts an outline lists, said after them when the question asks how many ("（共 3 项）"; the
    verifier checks it against the items the line lists: ``citations.items_shown``); "" else."""
    n = len(items_listed(unit.text(p.lang))) if counting and unit.id.startswith("outline:") else 0
    return p("items_counted", n=n) if n > 1 else ""


def write_lead(draft: Draft, a: Analysis, ranked: list[Ranked], ev: EvidenceIndex, rulebook: RuleBook,
               book: CitationBook, p: Phrases, verdicts: Verdicts, said: str = "") -> list[Ranked]:  # fmt: skip
    """The 1–3 answering sentences (each read with the sentence it points back to and the items it announces),
    a claim check's verdict first, and the sources named when a user's document is among them."""
    chosen = with_its_pair(lead(ranked, a), ranked, ev.units, ev.remedies, a)
    parts = verdicts.verdict(a, chosen, ranked, book, p)
    deciding = chosen[0].unit if parts and chosen else None  # a verdict's sentence comes right after it
    whole_lists = asks_how_many(a.u.text) or a.parts_asked  # "what are its main points": each of them
    units = in_context(chosen, ev, whole_lists=whole_lists, deciding=deciding)
    # "一共几章？每章讲啥": the chapters, then what each consists of, and nothing beside (no author or licence line)
    each = parts_outlined(units[0], ev) if units and asks_each_part(a.u.text) else []
    if each:  # the parts' outlines follow as bullets; a title-page fact only pads ("论文作者：…")
        units = [units[0], *(u for u in units[1:] if u.type != "meta" and u not in each)]
    if asks_where_discussed(a.u.text):  # "论文是把曹县放在哪一种模式底下讲的": the heading it is said under
        parts += _discussed_in(units, ev, p)
    sources = {u.source == "user" for u in units}
    if True in sources:
        parts.insert(0, p("fact_intro_both" if False in sources else "fact_intro_docs"))
    counting = asks_how_many(a.u.text)  # "参考文献一共几篇", "论文总结了几大问题": the count shown, with what it counts
    parts += [_said_clause(u, a, said, book) or sentence(u, book, p.lang, _count_aside(u, p, counting)) for u in units]
    if a.reference_list:
        header = p("reference_list_counted", n=len(parts)) if counting else p("reference_list")
        if asks_years(a.u.text):  # "2026年的占几篇？最早的一篇是哪年的": the span, then the entries by year
            draft.add(*entries_by_year(units, parts, header, p))
        else:
            draft.add(header, *(f"- {part}" for part in parts))
    else:
        if a.sourced > 1:  # the sentence asked about, then the entries its paragraph cites
            parts.insert(len(parts) - (a.sourced - 1), p("source_cited"))
        draft.add(("" if p.lang == "zh" else " ").join(parts), *(f"- {_part_holds(u, ev, book, p)}" for u in each))
    draft.strategies.extend(rulebook_strategies(units, rulebook))
    return chosen


def _part_holds(unit: Unit, ev: EvidenceIndex, book: CitationBook, p: Phrases) -> str:
    """What a part holds: its outline, which names it, or its sentence on what the paper does there, after its name."""
    if unit.id.startswith("outline:"):
        return sentence(unit, book, p.lang)
    return p(
        "part_holds", title=ev.headings.get((unit.section, p.lang), unit.section), text=sentence(unit, book, p.lang)
    )


def _discussed_in(units: list[Unit], ev: EvidenceIndex, p: Phrases) -> list[str]:
    """The line naming the section and heading the first answering sentence stands under (not a user's document's)."""
    section = next((u.section for u in units if u.source != "user"), None)
    title = ev.headings.get((section, p.lang)) if section else None
    return [p("discussed_in", section=section, title=title)] if title else []


_CLAUSE = re.compile(r"(?<=[，；])")
#: A clause shorter than this names a thing rather than says something of it: "乡村振兴战略，是根据…" asked again in
#: full is not answered by its subject "乡村振兴战略" alone.
MIN_CLAUSE = 8


def _said_clause(unit: Unit, a: Analysis, said: str, book: CitationBook) -> str | None:
    """A Chinese sentence the conversation has already said, again only by the clause the follow-up asks about
    ("那农产品呢" after "…农村网络零售额同比增长 6.7%，农产品网络零售额同比增长 9.9%" → the 农产品 clause); None
    when it was not said, or no clause shares a word with the question outside the words it quotes, or the question
    asks what a part of the paper consists of ("最后结论部分一共几点": the whole sentence, not "得出以下结论：第一")."""
    text = clean_quote(unit.zh or "")
    if not said or unit.source != "paper" or unit.quote != unit.zh or text not in said or a.parts_asked:
        return None
    asked = {t for t in tokenize(QUOTED.sub(" ", a.u.text)) if len(t) > 1}  # what it quotes, it points at
    pieces = [c.rstrip("，；。") for c in _CLAUSE.split(unit.quote)]
    best = max(pieces, key=lambda c: len(asked & set(tokenize(c))))
    if len(pieces) < 2 or not asked & set(tokenize(best)) or len(clean_quote(best)) < MIN_CLAUSE:
        return None
    return f"{clean_quote(best)}。{marker(book.quote(best))}"


def was_said(unit: Unit, said: str) -> bool:
    """Whether the conversation's answers already said a unit's sentence, in either language (``said`` is in the
    paper's script)."""
    texts = [clean_quote(t) for t in (unit.zh, unit.en) if t]
    return bool(said) and any(t in said for t in texts)


def rulebook_strategies(units: list[Unit], rulebook: RuleBook) -> list[Strategy]:
    """The strategies that sentences state: a rule's own text, or a sentence of the paper that the rule quotes."""
    return [s for s in rulebook.strategies if any(s.quote in u.quote for u in units)]


def in_context(
    chosen: list[Ranked], ev: EvidenceIndex, *, whole_lists: bool = False, deciding: Unit | None = None
) -> list[Unit]:
    """The chosen units with what they need to be understood: the sentence one points back to ("这些人才…"),
    the items a sentence announces ("该理论核心观点包括：" → ① ② ③, each without its explanation), and the
    explanation an item's own heading is followed by ("② 通过“转译”实现网络联结。" → "各行动者通过…完成转译…").
    With ``whole_lists`` (the question asks how many) an item comes with the other items of its
    enumeration: "电商让农民增收有几条途径" is answered by 其一, 其二 and 其三, not by the one nearest its words.
    The sentence ``deciding`` a verdict stays first ("文章说电商还能跟旅游结合？" → "是的。最后，…与文旅…融合…", not
    "是的。" before 首先 and 其次)."""
    units: list[Unit] = []
    for r in chosen:
        before, after = ev.context(r.unit)
        text = r.unit.zh or r.unit.en or ""
        opens = points_back(r.unit.zh or "") or points_back(r.unit.en or "")
        if is_enumerated(text):
            extra = after[:1] if _is_heading(text) and after and not is_enumerated(after[0].zh or "") else []
            if whole_lists:
                extra += [u for u in ev.paragraph(r.unit) if is_enumerated(u.zh or u.en or "")][:MAX_ITEMS]
        else:
            extra = _announced_items(text, after)
        for unit in [*([before] if before and opens else []), r.unit, *extra]:
            if unit not in units:
                units.append(unit)
    ordered = _in_paper_order(units, ev)
    if deciding is None or deciding not in ordered or points_back(deciding.zh or ""):
        return ordered  # one pointing back ("这些人才…") follows what it points at
    return [deciding, *(u for u in ordered if u != deciding)]


def _in_paper_order(units: list[Unit], ev: EvidenceIndex) -> list[Unit]:
    """Sentences of one paragraph that follow each other in the answer, in the paper's order when two or more of
    them are items of its enumeration: "第一，…" before "第二，…", "该理论核心观点包括：" before ① ② ③, whichever
    ranked higher. Other sentences keep their rank, the one that answers first ("② 通过“转译”…" before the
    paragraph's opening sentence)."""
    runs: list[list[Unit]] = []
    for unit in units:
        if runs and ev.paragraph(runs[-1][0]) == ev.paragraph(unit):
            runs[-1].append(unit)
        else:
            runs.append([unit])
    ordered = []
    for run in runs:
        if sum(_is_item(u.zh or "") for u in run) >= 2:
            run = sorted(run, key=ev.paragraph(run[0]).index)
        ordered += run
    return ordered


def _is_item(text: str) -> bool:
    """An item of an enumeration, or the sentence whose colon opens it ("…得出以下结论：第一，…")."""
    return is_enumerated(text) or is_enumerated(text.rpartition("：")[2])


#: An item this short is the heading of its item, not its content ("② 通过“转译”实现网络联结。").
HEADING_CHARS = 20


def _is_heading(text: str) -> bool:
    return len(text) <= HEADING_CHARS if has_cjk(text) else len(text.split()) <= HEADING_CHARS // 2


def _announced_items(text: str, after: list[Unit]) -> list[Unit]:
    """The items of the enumeration a sentence opens: those right after it, or, after a colon, every item of
    the paragraph (the items' explanations between them left out)."""
    if announces_items(text):
        return [u for u in after if is_enumerated(u.zh or u.en or "")][:MAX_ITEMS]
    return list(itertools.takewhile(lambda u: is_enumerated(u.zh or u.en or ""), after))[:MAX_ITEMS]


#: Measures per tier when the user's tier is unknown ("我们县…" without a name): each tier's, briefly.
PER_TIER = 3


def write_tier_variants(draft: Draft, a: Analysis, ranked: list[Ranked], chosen: list[Ranked], rulebook: RuleBook,
                        book: CitationBook, p: Phrases, said_before: str = "") -> None:  # fmt: skip
    """Each tier's own measures for the asked topics (none an earlier answer gave), and a request for the county —
    not when the question asks for the tiers side by side itself ("东中西三个 region 在 logistics 上的建设重点分别是啥")."""
    side_by_side = len(set(a.u.tier_words)) > 1
    line = "all_tiers_compared" if side_by_side else "all_tiers_line"
    draft.add("", p(line, marker=marker(book.quote(TIER_PRINCIPLE_QUOTE))))
    for tier in TIERS:
        own = [r for r in ranked if r.unit.tiers == (tier,)]
        picked = pick_measures(a, own, chosen, list(a.u.topics), rulebook, limit=PER_TIER, said_before=said_before)
        write_measures(draft, picked, book, p, p("tier_heading", region=p.regions[tier], label=p.label(tier)))


def write_cases(draft: Draft, ranked: list[Ranked], chosen: list[Ranked], book: CitationBook, p: Phrases,
                said_before: str) -> None:  # fmt: skip
    """The paper's §3.3 models and cases, in the order the question ranks them, for "which cases…" questions
    (not those in the answer's lead, nor those an earlier answer of the conversation gave)."""
    said = {r.unit.quote for r in chosen}
    cases = [
        r.unit for r in ranked
        if r.unit.type == "case" and r.unit.source == "rule" and r.unit.quote not in said
        and clean_quote(r.unit.text(p.lang)) not in said_before
    ]  # fmt: skip
    if cases:
        draft.heading(p("cases_heading"))
        draft.add(*(f"- {sentence(u, book, p.lang)}" for u in cases))  # all of the rules' six that remain


def asked_topics(a: Analysis, ranked: list[Ranked]) -> list[Dimension]:
    """The dimensions the question names; when it names none, those of the strategies it ranks highest (a
    question about 直播 ranks the talent and digital measures first without naming either)."""
    if a.u.topics:
        return list(a.u.topics)
    topics: list[Dimension] = []
    for r in ranked[:8]:
        if r.unit.strategy_id and r.unit.dimension and r.unit.dimension not in topics:
            topics.append(r.unit.dimension)
    return topics[:3]


def write_gaps(draft: Draft, a: Analysis, place: str, p: Phrases, *, heading: bool = True) -> None:
    """What the paper does not give for this question (an order of steps, an amount, a ranking, a local figure)."""
    gaps = list(a.gaps)
    if not gaps:
        return
    if heading:
        draft.heading(p("paper_lacks"))
    draft.add(*(f"- {_gap_line(g, a, place, p)}" for g in gaps))


def _gap_line(gap: str, a: Analysis, place: str, p: Phrases) -> str:
    """A gap's line, naming the user's own words for what is missing when they can be quoted."""
    unnamed = p("own_county_name") if a.own_county else p("region_name", region="")  # "我们县…多少": 你们县
    line = p("gap_" + gap, place=place or unnamed)
    if gap not in a.gap_asked:
        return line
    return p("gap_asked", asked=p("asked_sep").join(a.gap_asked[gap]), line=line)


def write_next(
    draft: Draft, p: Phrases, place: str, tier: Tier | None, topics: list[Dimension], asked_before: str
) -> None:
    """Two or three follow-up questions the sources can answer and the user has not asked yet (about the place,
    or the tier's region when only a tier is known)."""
    if tier is not None and not place:
        place = p("region_name", region=p.regions[tier])
    asks = follow_ups(p, place, tier, list(topics))[0 if place else 1 :]
    asks = [q for q in asks if q not in asked_before]
    if asks:
        write_follow_ups(draft, p, asks)
