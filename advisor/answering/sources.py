"""Questions on the paper's sources: where something it says comes from, and its reference list.

The paper cites by markers at the end of a sentence or paragraph ("…同比增长 9.9% [7]。"); the reference list's
entries are evidence units of their own ("[7] 潘方华. 阳朔农村电商破局之路[J]…"). A question on a sentence's source
is answered by that sentence and the entries its paragraph cites, never by the entry nearest the question by meaning,
which is not its source; a question on the list gets the list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from advisor.answering.analysis import Analysis
from advisor.answering.catalogue import nearest_of
from advisor.answering.documents import specific_words
from advisor.answering.draft import clean_quote
from advisor.answering.evidence import EvidenceIndex
from advisor.answering.forms import asks_how_many, asks_years
from advisor.knowledge.tokens import tokenize
from advisor.language import simplified_characters, to_simplified

if TYPE_CHECKING:
    from advisor.answering.selection import Ranked


#: The paper's in-text citations: "[7]", "[1, 2]", "[3-5]"; and the number that opens a reference entry.
_CITATION = re.compile(r"\[(\d+(?:\s*[,，\-–]\s*\d+)*)\]")
_ENTRY = re.compile(r"^\s*\[(\d+)\]")


def cited_numbers(text: str) -> list[int]:
    """The reference numbers a sentence cites, in order ("…增长 9.9% [7]。" → [7]; "[3-5]" → [3, 4, 5])."""
    numbers: list[int] = []
    for group in _CITATION.findall(text):
        for piece in re.split(r"\s*[,，]\s*", group):
            low, _, high = piece.partition("-") if "-" in piece else piece.partition("–")
            numbers += range(int(low), int(high or low) + 1)
    return numbers


#: The form of a question asking where something comes from (grammar, both languages): meaning alone puts "what
#: theory does the author use" nearest the reference list's examples too ("which paper is cited for the theory").
_ASKS_SOURCE = re.compile(
    r"出处|来源|哪来|出自|引用|引的|引自|文献|参考资料|\bsources?\b|\bcit(?:e|es|ed)\b|\bcomes? from\b|\breferences?\b|\brefs?\b",
    re.I,
)


def put_as_source(a: Analysis) -> bool:
    """Whether the question's words ask for a source ("出处", "引用", "where … come from", "cited")."""
    return _ASKS_SOURCE.search(to_simplified(a.u.text)) is not None


def asks_source(a: Analysis) -> bool:
    """Whether a question, or one of its sub-questions, is nearest the reference list's example questions and put as a
    question on a source: where something comes from ("这数据是哪来的", "2025年农产品网上零售额涨了多少？这个数据论文是
    从哪引的？", "which paper is cited for actor network theory"), or the list itself ("引用了哪些文献"). Not a question
    that only names what a reference's title names ("阳朔去年农村网络零售额是多少"), nor a claim check ("论文里也是这样
    写的吧？"), which its verdict answers."""
    whole = nearest_of(a.match.sections) == "references" and put_as_source(a)
    # ... or by sub-questions all on the list, one counting it ("论文一共引了几篇参考文献？最早的是哪一年的？": the second
    # draws the whole towards the conclusion's examples); not beside a question on something else ("…几篇参考文献？
    # 主要模式有几种？"), nor a sentence's source, which the whole's nearness decides
    counting = [
        nearest_of(m.sections) == "references" and asks_how_many(part) and _ASKS_SOURCE.search(to_simplified(part))
        for part, m in zip(a.parts, a.part_matches, strict=False)
    ]
    whole = whole or (any(counting) and all(n or asks_years(p) for p, n in zip(a.parts, counting, strict=False)))
    return not a.yes_no and (whole or any(_SOURCE_ASKED.search(to_simplified(part)) for part in a.parts[1:]))


#: ... and the forms that ask it whatever the question's meaning, in a sub-question after another ("…涨了多少？这个数据
#: 论文是从哪引的？"): not "引用" or "cite" ("我想引用它的样本数"), nor "来源" alone ("增收来源").
_SOURCE_ASKED = re.compile(
    r"出处|出自|引自|(?:从)?哪(?:里|儿)?(?:引|来)的|数据来源|\bwhere (?:does|did|do) .{0,40}\bcome from\b", re.I
)


#: A question on the reference list asks for the source of a sentence when one sentence is at least this near it by
#: words and meaning (dense + BM25); the catalogue's reference questions: on the list itself 0.16-0.34, on a
#: sentence's source ("6.7%那个数据出处是哪", "物流那部分引的是谁的文章") 0.49-0.69.
SUBJECT_EVIDENCE = 0.4


def sources_first(ranked: list[Ranked], a: Analysis, ev: EvidenceIndex) -> list[Ranked]:
    """A question on where something the paper says comes from is answered by that sentence and the entries its
    paragraph cites (the paper puts a marker at the end of the sentence or paragraph it draws on: "…亟待深入研究和
    解决的现实问题[10]"), ranked first (``a.sourced`` says how many); no other entry, for the entry nearest by meaning
    is not its source. When the paragraph cites nothing, the answer says so (the gap ``no_source``)."""
    if not ranked:
        return ranked
    sentences = [r for r in ranked if r.unit.source == "paper" and r.unit.type != "meta"]  # not a rule or entry
    subject = max(sentences, key=_own_nearness, default=None)
    bare = subject is None or _own_nearness(subject) < SUBJECT_EVIDENCE
    # a question pointing back at the previous answer asks the source of its sentence when it has no other subject
    # ("这个数据 source 是哪里？对应 reference 几号？" after the 6.7 % growth figure), whatever it is nearest; not one
    # naming its own ("which reference is that ANT definition quote from?": the definition, not the answer's opening)
    pointed = _pointed_at(sentences, a.referent, ev) if put_as_source(a) else None
    pointed = pointed if pointed is not None and (bare or pointed is subject) else None
    if not (asks_source(a) or pointed):
        return ranked
    subject = pointed or subject
    if subject is None or (bare and not pointed):
        return _reference_list(ranked, a)
    top = replace(subject, score=ranked[0].score)
    entries = {int(m[1]): r for r in ranked if r.unit.section == "references" and (m := _ENTRY.match(r.unit.quote))}
    numbers = cited_numbers(" ".join(u.quote for u in ev.paragraph(subject.unit)))
    cited = [replace(entries[n], score=top.score) for n in dict.fromkeys(numbers) if n in entries]
    a.sourced = 1 + len(cited)
    a.gaps = a.gaps if cited else ["no_source", *a.gaps][:2]
    return [top, *cited, *(r for r in ranked if r is not subject and r.unit.section != "references")]


def _pointed_at(sentences: list[Ranked], referent: str, ev: EvidenceIndex) -> Ranked | None:
    """The sentence the previous answer opened with, when the question points back at it and its paragraph cites a
    source ("这个数据 source 是哪里？" after the answer quoting the 6.7 % growth, [7]): it is what the question asks the
    source of. One whose paragraph cites none is no sign ("which reference is that ANT definition quote from?" may ask
    of another sentence than the one the answer opened with)."""
    said = simplified_characters(referent)
    opened = (r for r in sentences if referent and clean_quote(r.unit.zh or r.unit.quote) in said)
    return next((r for r in opened if cited_numbers(" ".join(u.quote for u in ev.paragraph(r.unit)))), None)


def _own_nearness(r: Ranked) -> float:
    """How near a sentence's own words and meaning are to the question (dense + BM25), without what its example
    questions add: "这篇论文一共引了多少篇参考文献" is near the abstract's examples ("这篇文章主要研究了啥"), not
    about the abstract's source."""
    return r.score - r.steer - r.asked


#: A question naming at most this many entries by their words asks about those, not the list.
MAX_NAMED_ENTRIES = 2


def _reference_list(ranked: list[Ranked], a: Analysis) -> list[Ranked]:
    """A question on the reference list with no sentence it asks about ("引用了哪些文献"): the entries, in the paper's
    order, those that share a word with the question first. One that names an entry by its words (its place too:
    "reference 里有一篇讲安溪的，它的结论是什么") asks about that entry: the paper's sentence that cites it, then the
    entry — what the paper draws from it, which is all it says of it."""
    entries = sorted(
        (int(m[1]), r) for r in ranked if r.unit.section == "references" and (m := _ENTRY.match(r.unit.quote))
    )
    if not entries:
        return ranked
    wanted = specific_words(a.u) | _place_words(a)
    named = [(n, r) for n, r in entries if wanted & set(tokenize(f"{r.unit.zh} {r.unit.en}"))]
    top = ranked[0].score
    rest = [r for r in ranked if r.unit.section != "references"]
    if 0 < len(named) <= MAX_NAMED_ENTRIES < len(entries):
        numbers = {n for n, _ in named}
        citing = next(
            (r for r in rest if r.unit.source == "paper" and numbers & set(cited_numbers(r.unit.quote))), None
        )
        if citing is not None:
            a.sourced = 1 + len(named)
            cited = [replace(r, score=top) for _, r in named]
            return [replace(citing, score=top), *cited, *(r for r in rest if r is not citing)]
    entries.sort(key=lambda e: (e not in named, e[0]))
    a.sourced, a.reference_list = len(entries), True
    return [*(replace(r, score=top) for _, r in entries), *rest]


def names_a_reference(a: Analysis, ranked: list[Ranked]) -> bool:
    """Whether the place a question on the sources names is what a reference entry is about ("参考文献里…哪篇是讲
    安溪县的", "reference 里有没有写阳朔的"), not where the user is: put as a question on sources, named in this
    question, and in an entry's title."""
    place = a.u.place
    if place is None or a.u.place_from_history or not put_as_source(a) or not place.matched_text:
        return False
    name = to_simplified(place.matched_text)
    return any(r.unit.section == "references" and name in to_simplified(r.unit.quote) for r in ranked)


def _place_words(a: Analysis) -> set[str]:
    """The words of a place the question names: a reference's title may name it ("基于安溪县实践探索")."""
    place = a.u.place
    if place is None or a.u.place_from_history:
        return set()
    return {t for t in tokenize(place.matched_text or place.query) if len(t) > 1}
