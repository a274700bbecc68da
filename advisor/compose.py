"""The grounded composer: the default answer engine, deterministic and LLM-free.

It writes Markdown only from three things — the rule module (strategies quoted from the paper),
retrieved passages, and fixed phrases in ``prompts/composer.yaml`` — and cites every claim through a
``CitationBook``. It never invents a number: numbers can only arrive inside quoted source text.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.answer import CountyCard
from advisor.citations import CitationBook
from advisor.domain import DIMENSIONS, TIER_LABELS, TIERS, Language, Tier
from advisor.retrieval import Passage, tokenize
from advisor.rules import DIMENSION_TITLES, MODEL_LABELS, DevelopmentModel, Problem, Strategy
from advisor.settings import get_settings
from advisor.text import is_enumerated, points_back, split_sentences

_PAPER_MARKER = re.compile(r"\s?\[\d{1,2}\]")
#: The §5.1 sentence that states the tier principle; the tier line cites it.
TIER_PRINCIPLE_QUOTE = "按照东部提质、中部补强、西部保底原则分级建设"
MAX_ACTIONS = 12
#: A passage and the sentence of it an answer quotes.
Picked = tuple[Passage, str]


def load_phrases(path: Path | None = None) -> dict[str, Any]:
    """The fixed wording: ``composer.yaml`` in the configured prompts folder (``paths.prompts_dir``)."""
    return _phrases(path or get_settings().paths.prompts_dir / "composer.yaml")


@lru_cache(maxsize=2)
def _phrases(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


class Phrases:
    """The composer's fixed wording in one language."""

    def __init__(self, lang: Language) -> None:
        data = load_phrases()
        self.lang = lang
        self._text: dict[str, str] = data[lang]
        self.regions: dict[str, str] = data["regions"][lang]
        self.roles: dict[str, str] = data["roles"][lang]
        self.topics: dict[str, str] = data["topics"][lang]

    def __call__(self, key: str, **values: object) -> str:
        return self._text[key].format(**values)

    def label(self, tier: Tier) -> str:
        return TIER_LABELS[tier][self.lang]


@dataclass
class Draft:
    """A composed answer before verification."""

    lines: list[str] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # the follow-ups, kept last whatever is added later

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, text: str) -> None:
        self.lines.extend(["", f"### {text}", ""])

    @property
    def markdown(self) -> str:
        text = "\n".join([*self.lines, *self.tail]).strip()
        return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def clean_quote(text: str) -> str:
    """Source text for display inside an answer: the paper's own [n] marks would clash with ours."""
    return _PAPER_MARKER.sub("", text).strip()


def marker(n: int) -> str:
    return f" [{n}]"


# -- county / tier plans ---------------------------------------------------------------------------


def select_actions(strategies: list[Strategy], topics_given: bool, role: str | None) -> list[Strategy]:
    """All matches for a named topic; otherwise every tier-specific measure plus first-priority ones."""
    chosen = strategies if topics_given else [s for s in strategies if not s.is_general or s.priority == 1]
    if role:
        chosen = sorted(chosen, key=lambda s: role not in s.roles)  # stable: role-relevant first
    return chosen[:MAX_ACTIONS]


def write_actions(draft: Draft, book: CitationBook, strategies: list[Strategy], p: Phrases) -> None:
    """Actions grouped by dimension in the paper's order, each with its marker."""
    for dimension in DIMENSIONS:
        group = [s for s in strategies if s.dimension == dimension]
        if not group:
            continue
        draft.add("", f"**{DIMENSION_TITLES[dimension][p.lang]}**", "")
        for s in group:
            draft.add(f"- {_with_model(s, p.lang)}{marker(book.quote(s.quote))}")
        draft.strategies.extend(group)


def _with_model(s: Strategy, lang: Language) -> str:
    """Brand measures name their §5.3 model, so the reader knows which path each belongs to."""
    text = s.text(lang)
    if s.model is None:
        return text
    label = MODEL_LABELS[s.model][lang]
    return text if text.startswith(label) else f"{label}{'：' if lang == 'zh' else ': '}{text}"


def write_quotes(draft: Draft, book: CitationBook, strategies: list[Strategy], p: Phrases) -> None:
    """Supporting quotes: the paper's own words for the tier-specific actions (up to four)."""
    picked = [s for s in strategies if not s.is_general][:4] or strategies[:2]
    if not picked:
        return
    draft.heading(p("quotes"))
    for s in picked:
        draft.add(f"> {clean_quote(s.quote)}{marker(book.quote(s.quote))}")
        if p.lang == "en":
            draft.add(f"> — *{s.text_en}*")
        draft.add("")
    if p.lang == "en":
        draft.add(p("translation_note"))


def write_examples(
    draft: Draft, book: CitationBook, examples: list[DevelopmentModel], p: Phrases, *, heading: bool = True
) -> None:
    """§3.3 cases, each with the paper's sentence about it; two under a plan, all when asked about cases."""
    if not examples:
        return
    if heading:
        draft.heading(p("examples"))
    for m in examples[:2] if heading else examples:
        name = m.name_zh if p.lang == "zh" else m.name_en
        summary = m.summary_zh if p.lang == "zh" else m.summary_en
        sep = "：" if p.lang == "zh" else ": "
        draft.add(f"- **{name}**{sep}{summary}{marker(book.quote(m.quote))}")


def write_problems(draft: Draft, book: CitationBook, problems: list[Problem], p: Phrases, limit: int = 3) -> None:
    if not problems:
        return
    draft.heading(p("problems"))
    for prob in problems[:limit]:
        title, summary = (prob.title_zh, prob.summary_zh) if p.lang == "zh" else (prob.title_en, prob.summary_en)
        sep = "：" if p.lang == "zh" else ": "
        draft.add(f"- **{title}**{sep}{summary}{marker(book.quote(prob.quote))}")


def place_lines(card: CountyCard, tier_marker: int, p: Phrases) -> list[str]:
    """The county line; a policy note or the Northeast explanation (from tiers.yaml) follows it."""
    lines = [
        p("place_line", place=place_label(card, p.lang), region=p.regions[card.tier], label=p.label(card.tier),
          marker=marker(tier_marker))
    ]  # fmt: skip
    note = card.note if p.lang == "zh" else card.note_en
    if note:
        lines += ["", *(p("note", text=part) for part in note.splitlines() if part.strip())]
    return lines


def place_label(card: CountyCard, lang: Language) -> str:
    if lang == "en":
        return card.label_en or card.name_en or card.full_name
    parts = [card.province]
    if card.prefecture and card.prefecture != card.province:
        parts.append(card.prefecture)
    if card.level != "province" and card.full_name not in parts:
        parts.append(card.full_name)
    return "".join(dict.fromkeys(parts))


def follow_ups(p: Phrases, place: str, tier: Tier | None, topics: list[str]) -> list[str]:
    """Two or three next questions that the sources can answer."""
    unused = [d for d in ("logistics", "talent", "brand", "finance", "digital") if d not in topics]
    asks = [p("ask_plan", place=place, topic=p.topics[unused[0]])] if unused else []
    asks.append(p("ask_examples"))
    other = next((t for t in TIERS if t != tier), "west")
    asks.append(p("ask_other_tier", region=p.regions[other]))
    return asks[:3]


def write_follow_ups(draft: Draft, p: Phrases, asks: list[str]) -> None:
    """The follow-ups go to the draft's tail, so sections added afterwards still come before them."""
    draft.follow_ups = asks
    draft.tail = ["", f"### {p('follow_ups')}", "", *(f"- {ask}" for ask in asks)]


# -- factual answers from passages ---------------------------------------------------------------


def best_sentences(question: str, passages: list[Passage], limit: int = 3) -> list[Picked]:
    """The sentences that share most words with the question, from the top passages, in rank order.

    A picked sentence that the paper follows with an enumeration (其一… 其二…, 首先… 其次…, First…
    Second…) brings the enumerated sentences with it: they are the "how" that the sentence announces.
    A picked sentence that points back ("这些人才…", "These people…") brings the sentence before it.
    """
    wanted = set(tokenize(question))
    scored: list[tuple[float, int, int, Passage, str]] = []
    for rank, passage in enumerate(passages[: max(5, limit)]):
        for position, sentence in enumerate(split_sentences(passage.chunk.text)):
            overlap = len(wanted & set(tokenize(sentence)))
            scored.append((overlap - rank * 0.2, -rank, -position, passage, sentence))
    scored.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    best = scored[0][0] if scored else 0
    top = [item for item in scored[:limit] if item[0] >= best / 2] or scored[:1]
    top.sort(key=lambda item: (-item[1], -item[2]))  # read in document order within rank
    picked: list[Picked] = []
    for item in top:
        passage, position = item[3], -item[2]
        sentences = split_sentences(passage.chunk.text)
        before = [sentences[position - 1]] if position > 0 and points_back(item[4]) else []
        for sentence in [*before, item[4], *_enumeration_after(sentences, position)]:
            if all(sentence != s or passage is not x for x, s in picked):
                picked.append((passage, sentence))
    return picked


MAX_ENUMERATED = 5


def _enumeration_after(sentences: list[str], position: int) -> list[str]:
    """The enumerated sentences that directly follow ``position`` (none when the next one is not an item)."""
    items: list[str] = []
    for sentence in sentences[position + 1 : position + 1 + MAX_ENUMERATED]:
        if not is_enumerated(sentence):
            break
        items.append(sentence)
    return items


def pick_facts(question: str, passages: list[Passage], limit: int = 3, in_order: bool = False) -> list[Picked]:
    """The best sentences (or, ``in_order``, a section's opening sentences); reference entries whole."""
    entries = [x for x in passages if x.chunk.section == "references"]
    if entries and entries[0] is passages[0]:
        return [(x, x.chunk.text) for x in entries[:limit]]
    return _opening_sentences(passages, limit) if in_order else best_sentences(question, passages, limit)


def write_picked(draft: Draft, book: CitationBook, picked: list[Picked]) -> None:
    """One cited bullet per picked sentence."""
    for passage, sentence in picked:
        draft.add(f"- {clean_quote(sentence)}{marker(book.passage(passage.chunk))}")


def write_facts(
    draft: Draft,
    book: CitationBook,
    question: str,
    passages: list[Passage],
    p: Phrases,
    limit: int = 3,
    in_order: bool = False,
) -> None:
    """Extractive answer: ``pick_facts`` written as cited bullets."""
    write_picked(draft, book, pick_facts(question, passages, limit, in_order))


def sources_suffix(picked: list[Picked]) -> str:
    """Which sources an extractive answer quotes, as a phrase-key suffix: the paper (''), the user's
    documents ('_docs') or both ('_both') — so the intro never says "according to the paper" over a
    user's document."""
    kinds = {x.kind == "user" for x, _ in picked}
    return "_both" if kinds == {True, False} else "_docs" if kinds == {True} else ""


def _opening_sentences(passages: list[Passage], limit: int) -> list[Picked]:
    ordered = sorted(passages, key=lambda x: (x.chunk.paragraph, x.chunk.part))
    pairs = [(x, s.strip()) for x in ordered for s in split_sentences(x.chunk.text)]
    return pairs[:limit]


# -- what in the paper a question names ------------------------------------------------------------

#: A heading answers a question when it shares this many of the question's specific words, and half of them.
MIN_HEADING_WORDS = 2
#: A word of the question found in at most this many chunks (per language) is one of the paper's own terms.
MAX_TERM_PARAGRAPHS = 2
_SKIPPED_SECTIONS = ("front", "abstract", "keywords", "references")
_term_counts: weakref.WeakKeyDictionary[Any, tuple[int, dict[str, Counter[str]]]] = weakref.WeakKeyDictionary()


def specific_tokens(text: str, ignore: set[str]) -> set[str]:
    """The question's words that say what it is about: not generic (``ignore``, also as stems), not one letter."""
    skipped = ignore | set(tokenize(" ".join(ignore)))
    return {t for t in tokenize(text) if t not in skipped and len(t) > 1}


def _words(tokens: set[str]) -> set[str]:
    """Tokens without the pieces of longer ones: jieba's search mode gives 农产品 as 农产, 产品, 农产品 —
    one word, not three."""
    return {t for t in tokens if not any(t != other and t in other for other in tokens)}


def heading_section(question: str, index: Any, lang: Language, ignore: set[str]) -> str | None:
    """The paper section whose heading the question asks about ("农村电商助力乡村振兴的作用机制" is §2.2).

    The heading must share at least ``MIN_HEADING_WORDS`` and half of the question's specific words and
    beat every other heading; a tie between a section and its own subsections goes to the section.
    """
    wanted = _words(specific_tokens(question, ignore))
    if len(wanted) < MIN_HEADING_WORDS:
        return None
    titles = {
        c.section: c.section_title
        for c in index.chunks.values()
        if c.source_id == "pei2026" and c.lang == lang and c.section not in _SKIPPED_SECTIONS
    }
    scores = {section: len(_words(wanted & set(tokenize(title)))) for section, title in titles.items()}
    best = max(scores.values(), default=0)
    if best < MIN_HEADING_WORDS or 2 * best < len(wanted):
        return None
    tied = sorted((s for s, n in scores.items() if n == best), key=len)
    top = tied[0]
    if all(s == top or s.startswith(top + ".") for s in tied):
        return top
    return None


def distinctive_terms(question: str, passages: list[Passage], index: Any, lang: Language, ignore: set[str]) -> set[str]:
    """Words of the question that are the paper's own rare terms ("领头雁", "lead geese") and occur in a
    retrieved passage: evidence that the sources speak to it even when dense similarity is low."""
    counts = _paragraph_counts(index)
    in_lang = counts.get(lang, Counter())
    rare = {
        t for t in specific_tokens(question, ignore)
        if 0 < in_lang[t] <= MAX_TERM_PARAGRAPHS and (not t.isascii() or len(t) >= 3)
    }  # fmt: skip
    found: set[str] = set()
    for passage in passages:
        found |= rare & set(tokenize(passage.chunk.text))
    return found


def _paragraph_counts(index: Any) -> dict[str, Counter[str]]:
    """In how many of the index's chunks each token occurs, per language (cached per index and size)."""
    cached = _term_counts.get(index)
    if cached is not None and cached[0] == len(index.chunks):
        return cached[1]
    counts: dict[str, Counter[str]] = {}
    for chunk in index.chunks.values():
        counts.setdefault(chunk.lang, Counter()).update(set(tokenize(chunk.text)))
    _term_counts[index] = (len(index.chunks), counts)
    return counts
