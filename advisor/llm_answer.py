"""Answers written by an LLM, verified before anything is shown.

The model sees numbered evidence — rules R1…Rn (the tier's strategies, quoted from the paper) and
passages P1…Pk — and must end every sentence with the ids it relies on. Each sentence is then checked:
at least one valid id; its words supported by the cited text; no number absent from the cited text;
no tier-specific measure attributed to the wrong tier. Failing sentences are removed; if too little
survives, or the engine fails or times out, the chain answers with the grounded composer instead.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from advisor.answer import Turn
from advisor.chunking import Chunk
from advisor.citations import CitationBook, unsupported_numbers
from advisor.compose import clean_quote
from advisor.domain import TIER_LABELS, Language, Tier
from advisor.engines import Engine, Message
from advisor.errors import BackendError
from advisor.prompts import render
from advisor.retrieval import Passage, tokenize
from advisor.rules import Strategy
from advisor.understand import load_lexicon, matches

_IDS = re.compile(r"\[([RP]\d+)\]")
_SENTENCE = re.compile(r"(?<=[。！？])|(?<=[a-z0-9)\]\"”][.!?])\s+")
#: Share of a sentence's content words that must occur in its cited text (calibrated on eval/qa.jsonl).
MIN_SUPPORT = 0.5
MIN_SENTENCES = 2
MAX_HISTORY_TURNS = 4


@dataclass
class Evidence:
    rules: dict[str, Strategy]
    passages: dict[str, Chunk]
    place: str | None
    tier: Tier | None

    def texts(self, item_id: str) -> list[str]:
        if item_id in self.rules:
            rule = self.rules[item_id]
            return [rule.quote, rule.text_zh, rule.text_en]
        chunk = self.passages[item_id]
        return [chunk.text]


def gather(strategies: list[Strategy], passages: list[Passage], place: str | None, tier: Tier | None) -> Evidence:
    return Evidence(
        rules={f"R{i}": s for i, s in enumerate(strategies[:10], start=1)},
        passages={f"P{i}": p.chunk for i, p in enumerate(passages[:5], start=1)},
        place=place,
        tier=tier,
    )


def messages_for(evidence: Evidence, question: str, history: list[Turn], lang: Language) -> list[Message]:
    system = render(
        f"answer.{lang}.j2",
        place=evidence.place,
        tier_label=TIER_LABELS[evidence.tier][lang] if evidence.tier else "",
        rules=[{"id": rid, "text": s.text(lang)} for rid, s in evidence.rules.items()],
        passages=[{"id": pid, "text": clean_quote(c.text)} for pid, c in evidence.passages.items()],
    )
    turns = [Message(role=t.role, content=t.content[:1000]) for t in history[-MAX_HISTORY_TURNS:]]
    return [Message(role="system", content=system), *turns, Message(role="user", content=question)]


def generate(engine: Engine, messages: list[Message], timeout_s: float) -> str:
    """Collect the engine's text; a failure or a timeout is a BackendError (the caller falls back)."""
    deadline = time.monotonic() + timeout_s
    pieces = []
    for piece in engine.execute(messages, timeout_s=timeout_s):
        pieces.append(piece)
        if time.monotonic() > deadline:
            raise BackendError(f"The {engine.name} engine took longer than {timeout_s:.0f} s", code="llm_timeout")
    return "".join(pieces)


def _supported(sentence: str, cited: list[str]) -> bool:
    words = set(tokenize(_IDS.sub("", sentence)))
    if not words:
        return False
    source = set(tokenize(" ".join(cited)))
    return len(words & source) / len(words) >= MIN_SUPPORT


def _wrong_tier(sentence: str, tier: Tier | None, strategies: list[Strategy]) -> bool:
    """A sentence naming a measure the paper reserves for other tiers, for this tier."""
    if tier is None:
        return False
    low = sentence.lower()
    for claim in load_lexicon().claims:
        if matches(low, claim.terms):
            owners = [s for s in strategies if s.id.startswith(claim.strategy + ".")]
            if owners and all(tier not in s.tiers for s in owners):
                return True
    return False


def verify(text: str, evidence: Evidence, book: CitationBook, all_strategies: list[Strategy]) -> tuple[list[str], int]:
    """Keep the sentences that pass every check, with ids replaced by public [n] markers."""
    kept, removed = [], 0
    for sentence in (clean_quote(s) for s in _SENTENCE.split(text) if s and s.strip()):
        ids = [i for i in _IDS.findall(sentence) if i in evidence.rules or i in evidence.passages]
        cited = [t for i in ids for t in evidence.texts(i)]
        if (
            not ids
            or not _supported(sentence, cited)
            or unsupported_numbers(_IDS.sub("", sentence), cited)
            or _wrong_tier(sentence, evidence.tier, all_strategies)
        ):
            removed += 1
            continue
        kept.append(_IDS.sub(lambda m: _public(m.group(1), evidence, book), sentence))
    return kept, removed


def _public(item_id: str, evidence: Evidence, book: CitationBook) -> str:
    if item_id in evidence.rules:
        return f"[{book.quote(evidence.rules[item_id].quote)}]"
    if item_id in evidence.passages:
        return f"[{book.passage(evidence.passages[item_id])}]"
    return ""
