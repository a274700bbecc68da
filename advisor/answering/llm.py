"""Answers written by an LLM, verified before anything is shown.

The model sees numbered evidence — rules R1…Rn (the tier's strategies, quoted from the paper) and
passages P1…Pk — and must tie every sentence to the ids it relies on. Each sentence is then checked:
at least one valid id (a sentence without one is attributed to the single item that covers ≥ 75 % of its
words, else removed); its words supported by the cited text; no number absent from the cited text;
no tier-specific measure attributed to the wrong tier; not the user's place and a §3.3 case place in one
sentence. Failing sentences are removed; if too little survives, or the engine fails or times out, the
chain answers with the grounded composer instead.

Calibrated with the local Qwen2.5-Coder models (``bench/llm.py --explain``): small models put ids first,
write lists and repeat themselves, so list markup is stripped, ids are moved to the sentence end and
repeats are shown once. ``compact_messages`` gives the local engine a shorter prompt (``Budget``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from advisor.answer import Turn
from advisor.answering.citations import CitationBook, unsupported_numbers
from advisor.answering.draft import clean_quote
from advisor.answering.selection import Ranked
from advisor.answering.understand import load_lexicon, matches
from advisor.domain import TIER_LABELS, Language, Tier
from advisor.engines import Engine, Message
from advisor.errors import BackendError
from advisor.knowledge.chunking import Chunk
from advisor.knowledge.corpus import PAPER_ID
from advisor.knowledge.retrieval import Passage, SearchIndex, tokenize
from advisor.places.index import norm_latin
from advisor.places.names import PlaceNames
from advisor.prompts import render
from advisor.rules import Strategy
from advisor.text import has_cjk, split_sentences

_IDS = re.compile(r"\[([RP]\d+)\]")
#: Any figure, also one glued to a Chinese unit (3万亿元, 2024年), which ``unsupported_numbers`` lets pass.
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
#: Markdown a model may add around a sentence: list bullets and numbers, headings, bold.
_MARKDOWN = re.compile(r"^\s*(?:[-*•#>]+\s*|\d{1,2}(?:\.\s+|、|\)\s*))|\*\*|__")
#: Share of a sentence's content words that must occur in its cited text (calibrated on eval/qa.jsonl).
MIN_SUPPORT = 0.5
#: A sentence without a valid id is attributed to the one item that supports it best, only at this share.
ATTRIBUTE_SUPPORT = 0.75
MIN_SENTENCES = 2
MAX_HISTORY_TURNS = 4


@dataclass
class Evidence:
    rules: dict[str, Strategy]
    passages: dict[str, Chunk]
    place: str | None
    tier: Tier | None
    #: The user's place and the §3.3 case places outside it, as a sentence may name them (see ``_mixes_places``).
    here: PlaceNames | None = None
    cases: tuple[PlaceNames, ...] = ()

    def texts(self, item_id: str) -> list[str]:
        if item_id in self.rules:
            rule = self.rules[item_id]
            return [rule.quote, rule.text_zh, rule.text_en]
        chunk = self.passages[item_id]
        return [chunk.text]


def gather(
    strategies: list[Strategy],
    passages: list[Passage],
    place: str | None,
    tier: Tier | None,
    *,
    here: PlaceNames | None = None,
    cases: tuple[PlaceNames, ...] = (),
) -> Evidence:
    """Number the evidence; ``cases`` are the places of the paper's §3.3 cases (those inside ``here`` dropped)."""
    return Evidence(
        rules={f"R{i}": s for i, s in enumerate(strategies[:10], start=1)},
        passages={f"P{i}": p.chunk for i, p in enumerate(passages[:5], start=1)},
        place=place,
        tier=tier,
        here=here,
        cases=tuple(c for c in cases if here is None or not c.within(here.place)),
    )


def messages_for(evidence: Evidence, question: str, history: list[Turn], lang: Language) -> list[Message]:
    system = render(
        f"answer.{lang}.j2",
        place=evidence.place,
        tier_label=TIER_LABELS[evidence.tier][lang] if evidence.tier else "",
        rules=[{"id": rid, "text": s.text(lang)} for rid, s in evidence.rules.items()],
        passages=[
            {"id": pid, "text": _as_data(c.text), "user": c.source_id != PAPER_ID}
            for pid, c in evidence.passages.items()
        ],
    )
    turns = [Message(role=t.role, content=t.content[:1000]) for t in history[-MAX_HISTORY_TURNS:]]
    return [Message(role="system", content=system), *turns, Message(role="user", content=question)]


def _as_data(text: str) -> str:
    """A passage for the prompt: a document's own ``<<<`` or ``>>>`` cannot close or open a data block."""
    return re.sub(r">{3,}", "››", re.sub(r"<{3,}", "‹‹", clean_quote(text)))


_RULE_LINE = re.compile(r"^\[R(\d+)\] .*\n?", re.MULTILINE)
_PASSAGE_ITEM = re.compile(r"^\[P(\d+)\] <<<(.*?)>>>", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Budget:
    """How much evidence a small local model is shown (CPU prompt processing is the slow part)."""

    rules: int = 5
    passages: int = 2
    passage_chars: int = 200  # per passage; Chinese text gets half (a character is about a token)
    history_turns: int = 2


def compact_messages(messages: list[Message], budget: Budget | None = None) -> list[Message]:
    """The same prompt with fewer rules and passages, each passage cut to the sentences nearest the question.

    The ids stay as rendered, so the verifier checks the answer against the full items as usual.
    """
    budget = budget or Budget()
    if not messages or messages[0].role != "system":
        return messages
    question = messages[-1].content if messages[-1].role == "user" else ""
    wanted = set(tokenize(question))

    def rule(match: re.Match[str]) -> str:
        return match.group(0) if int(match.group(1)) <= budget.rules else ""

    def passage(match: re.Match[str]) -> str:
        if int(match.group(1)) > budget.passages:
            return ""
        return f"[P{match.group(1)}] <<<{_nearest(match.group(2), wanted, budget.passage_chars)}>>>"

    system = _PASSAGE_ITEM.sub(passage, _RULE_LINE.sub(rule, messages[0].content))
    system = re.sub(r"\n{2,}(?=\[P|\Z)", "\n", system)
    middle = [Message(role=m.role, content=m.content[:400]) for m in messages[1:-1]][-budget.history_turns :]
    return [Message(role="system", content=system), *middle, messages[-1]]


def _nearest(text: str, wanted: set[str], limit: int) -> str:
    """The passage's sentences that share most words with the question, in their order, within ``limit``."""
    chinese = has_cjk(text)
    if chinese:
        limit //= 2
    if len(text) <= limit:
        return text
    pieces = split_sentences(text)
    ranked = sorted(range(len(pieces)), key=lambda i: (-len(wanted & set(tokenize(pieces[i]))), i))
    chosen: set[int] = set()
    used = 0
    for i in ranked:
        if used + len(pieces[i]) <= limit or not chosen:
            chosen.add(i)
            used += len(pieces[i])
    best = ("" if chinese else " ").join(pieces[i] for i in sorted(chosen))
    if len(best) > limit * 1.5:  # one very long sentence: keep its start, cut at a word
        best = best[: int(limit * 1.5)].rsplit(" " if not chinese else "，", 1)[0] + "…"
    return best


def generate(engine: Engine, messages: list[Message], timeout_s: float) -> str:
    """Collect the engine's text; a failure or a timeout is a BackendError (the caller falls back)."""
    deadline = time.monotonic() + timeout_s
    pieces = []
    stream = engine.execute(messages, timeout_s=timeout_s)
    try:
        for piece in stream:
            pieces.append(piece)
            if time.monotonic() > deadline:
                raise BackendError(f"The {engine.name} engine took longer than {timeout_s:.0f} s", code="llm_timeout")
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # stop the engine's work (and free a local model's lock) at once
    return "".join(pieces)


def _support(sentence: str, cited: list[str], place: str | None = None) -> float:
    """Share of the sentence's content words (ids removed) that occur in the cited texts.

    Words of the user's place are left out of both counts: naming the place is neither a claim nor support
    (a sentence that is only the place name has no support at all)."""
    words = set(tokenize(_IDS.sub("", sentence)))
    if place:
        words -= set(tokenize(place))
    if not words:
        return 0.0
    source = set(tokenize(" ".join(cited)))
    return len(words & source) / len(words)


def _wrong_tier(sentence: str, tier: Tier | None, strategies: list[Strategy]) -> bool:
    """A sentence naming a measure the paper reserves for other tiers, for this tier."""
    if tier is None:
        return False
    low = sentence.lower()
    for claim in load_lexicon().claims:
        if matches(low, claim.terms):
            owners = [s for s in strategies if any(s.named_by(name) for name in claim.strategies)]
            if owners and all(tier not in s.tiers for s in owners):
                return True
    return False


def _mixes_places(sentence: str, evidence: Evidence) -> bool:
    """A sentence naming two places of {the user's place, the §3.3 case places}: word overlap cannot tell
    whether one place's case is told as the other's (seen: 曹县 credited with 遂昌's "遂昌高山茶"), so such
    a sentence is not shown; the composer's "counties like yours" section offers the cases instead."""
    latin = norm_latin(sentence)
    named = [c for c in evidence.cases if c.named_in(sentence, latin)]
    here = evidence.here is not None and evidence.here.named_in(sentence, latin)
    return len(named) + here >= 2


def sentences_of(text: str) -> list[str]:
    """The answer's sentences (list items count as sentences), without Markdown decoration or the source's
    own [n] marks. A line that only introduces a list (ends with a colon, no id) is not a claim: skipped."""
    found = []
    for line in text.splitlines():
        line = _MARKDOWN.sub("", line).strip()
        if not line or (line[-1] in ":：" and not _IDS.search(line)):
            continue
        for piece in split_sentences(line):
            sentence = clean_quote(piece.strip()) if piece else ""
            if re.search(r"\w", _IDS.sub("", sentence)):
                found.append(sentence)
    return found


def judge(sentence: str, evidence: Evidence, all_strategies: list[Strategy]) -> tuple[str | None, list[str]]:
    """(why the sentence may not be shown, or None; the ids it rests on).

    Reasons: ``no_id`` (no valid id, and no single item supports it at ATTRIBUTE_SUPPORT), ``unsupported``
    (under MIN_SUPPORT of its words in the cited text; the place's words are not counted), ``number`` (a
    number the cited text lacks), ``wrong_tier`` (a measure the paper reserves for another tier), ``two_places``
    (the user's place and a §3.3 case place, or two case places, in one sentence).
    """
    ids = list(dict.fromkeys(i for i in _IDS.findall(sentence) if i in evidence.rules or i in evidence.passages))
    if not ids:
        items = [*evidence.rules, *evidence.passages]
        best = max(((_support(sentence, evidence.texts(i), evidence.place), i) for i in items), default=(0.0, ""))
        if best[0] < ATTRIBUTE_SUPPORT:
            return "no_id", []
        ids = [best[1]]
    cited = [t for i in ids for t in evidence.texts(i)]
    if _support(sentence, cited, evidence.place) < MIN_SUPPORT:
        return "unsupported", ids
    bare = _IDS.sub("", sentence)
    if unsupported_numbers(bare, cited) or any(n not in " ".join(cited) for n in _DIGITS.findall(bare)):
        return "number", ids
    if _wrong_tier(sentence, evidence.tier, all_strategies):
        return "wrong_tier", ids
    if _mixes_places(sentence, evidence):
        return "two_places", ids
    return None, ids


def check_sentence(sentence: str, evidence: Evidence, all_strategies: list[Strategy]) -> str | None:
    return judge(sentence, evidence, all_strategies)[0]


def _with_ids(sentence: str, ids: list[str]) -> str:
    """The sentence with its ids at the end, before the closing punctuation (a model may put them first,
    copy the rule list's ``[R1] text`` layout, or write none and be attributed one)."""
    body = re.sub(r"\s*\[[RP]\d+\]\s*", " ", sentence).replace("<<<", "").replace(">>>", "")
    body = re.sub(r"\s+(?=[，。、；：！？,.;:!?])|(?<=[，。、；：！？])\s+", "", re.sub(r"\s{2,}", " ", body)).strip()
    if not body:
        return sentence
    end = body[-1] if body[-1] in "。！？.!?" else ""
    body = body[:-1].rstrip() if end else body
    return f"{body} {''.join(f'[{i}]' for i in ids)}{end}"


def verify(text: str, evidence: Evidence, book: CitationBook, all_strategies: list[Strategy]) -> tuple[list[str], int]:
    """Keep the sentences that pass every check, with ids replaced by public [n] markers."""
    kept, removed, seen = [], 0, set()
    for sentence in sentences_of(text):
        reason, ids = judge(sentence, evidence, all_strategies)
        if reason is not None:
            removed += 1
            continue
        key = re.sub(r"\W+", "", _IDS.sub("", sentence))
        if key in seen:  # a small model may repeat itself: show a verified sentence once
            continue
        seen.add(key)
        sentence = _with_ids(sentence, ids)
        kept.append(_IDS.sub(lambda m: _public(m.group(1), evidence, book), sentence))
    return kept, removed


def _public(item_id: str, evidence: Evidence, book: CitationBook) -> str:
    if item_id in evidence.rules:
        return f"[{book.quote(evidence.rules[item_id].quote)}]"
    if item_id in evidence.passages:
        return f"[{book.passage(evidence.passages[item_id])}]"
    return ""


#: Paragraphs an LLM engine is given: those of the best-ranked units.
LLM_PASSAGES = 6


def evidence_passages(ranked: list[Ranked], index: SearchIndex, limit: int = LLM_PASSAGES) -> list[Passage]:
    """The paragraphs of the best-ranked source sentences, for an LLM engine (the same evidence, in context)."""
    passages: list[Passage] = []
    seen: set[str] = set()
    for r in ranked:
        chunk_id = r.unit.chunk_id
        if chunk_id is None or chunk_id in seen or chunk_id not in index.chunks:
            continue
        seen.add(chunk_id)
        chunk = index.chunks[chunk_id]
        kind = index.kinds.get(chunk_id, "paper")
        passages.append(
            Passage(chunk=chunk, twin=index.twin_of(chunk), score=r.score, kind=kind, similarity=r.similarity)
        )
        if len(passages) >= limit:
            break
    return passages
