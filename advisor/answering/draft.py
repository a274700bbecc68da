"""The grounded composer's draft and fixed wording.

An answer is written as a ``Draft`` of Markdown lines from three things only — evidence units (each cited
through a ``CitationBook``), the rule module's strategies, and fixed phrases in ``prompts/composer.yaml``
that state no fact — so it never invents a number: numbers can only arrive inside quoted source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.answer import CountyCard
from advisor.domain import TIER_LABELS, TIERS, Language, Tier
from advisor.rules import Strategy
from advisor.settings import get_settings

_PAPER_MARKER = re.compile(r"\s?\[\d{1,2}\]")
#: The §5.1 sentence that states the tier principle; the tier line cites it.
TIER_PRINCIPLE_QUOTE = "按照东部提质、中部补强、西部保底原则分级建设"


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
    """A text without its [n] marks: the paper's own in source text shown inside an answer (they would clash with
    ours), or an answer's own where its words are read again (``followups``)."""
    return _PAPER_MARKER.sub("", text).strip()


def marker(n: int) -> str:
    return f" [{n}]"


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
    """Two or three next questions that the sources can answer: with a tier known, more of that tier's own
    measures (another tier's differences are no use to someone in this county); without one, how the tiers differ."""
    unused = [d for d in ("logistics", "talent", "brand", "finance", "digital") if d not in topics]
    asks = [p("ask_plan", place=place, topic=p.topics[unused[0]])] if unused else []
    asks.append(p("ask_examples"))
    if tier is not None and len(unused) > 1:
        asks.append(p("ask_plan", place=place, topic=p.topics[unused[1]]))
    elif tier is None:
        asks.append(p("ask_other_tier", region=p.regions[TIERS[0]]))
    return asks[:3]


def write_follow_ups(draft: Draft, p: Phrases, asks: list[str]) -> None:
    """The follow-ups go to the draft's tail, so sections added afterwards still come before them."""
    draft.follow_ups = asks
    draft.tail = ["", f"### {p('follow_ups')}", "", *(f"- {ask}" for ask in asks)]
