"""The county action plan (CLI `advisor plan`, the web page's plan card, the `/plan` API, handouts).

Pure: gazetteer + rule module only, no index, so it is instant and works before the index is built.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from advisor.answer import CountyCard
from advisor.answering.routes import card_of
from advisor.domain import REGION_NAMES_ZH, TIER_LABELS, TIERS, Language, Tier
from advisor.errors import UserInputError
from advisor.places.gazetteer import get_gazetteer
from advisor.rules import get_rulebook, parse_role, parse_topic, plan, render_plan


class PlanResult(BaseModel):
    tier: Tier
    county: CountyCard | None
    language: Language
    markdown: str
    strategies: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _tier_word(text: str) -> Tier | None:
    low = text.strip().lower()
    for tier in TIERS:
        if low in (tier, REGION_NAMES_ZH[tier], f"{tier}ern", "centre" if tier == "central" else tier):
            return tier
    return None


def county_plan(
    where: str, *, topics: list[str] | None = None, role: str | None = None, lang: Language = "zh"
) -> PlanResult:
    """Plan for a county (any name form or its 6-digit code), a prefecture/province, or a tier word."""
    if not isinstance(where, str) or not where.strip():
        raise UserInputError("Name a county, e.g. 雷山县, Suichang, or a tier: east / central / west.")
    tier = _tier_word(where)
    card = None
    if tier is None:
        card = _card(where)
        tier = card.tier
    dims = [parse_topic(t) for t in topics] if topics else None
    strategies = plan(get_rulebook(), tier, topics=dims, role=parse_role(role) if role else None)
    label = TIER_LABELS[tier][lang]
    heading = f"{card.full_name if lang == 'zh' else (card.name_en or card.full_name)} · {label}" if card else label
    return PlanResult(
        tier=tier,
        county=card,
        language=lang,
        markdown=render_plan(strategies, lang, heading=heading),
        strategies=[s.to_public(lang) for s in strategies],
    )


def _card(where: str) -> CountyCard:
    """The place card for a name in any form or a 6-digit administrative code ("522634" is 雷山县)."""
    gazetteer = get_gazetteer()
    by_code = gazetteer.by_code(where) if where.strip().isdigit() else None
    if by_code is not None:
        return card_of(by_code)
    resolution = gazetteer.resolve(where)
    if resolution.status == "ambiguous":
        names = "; ".join(f"{c.province}{c.full_name} ({c.code})" for c in resolution.candidates)
        raise UserInputError(f"'{where}' is ambiguous: {names}", hint="pass the 6-digit code or add the province")
    if resolution.status != "found" or resolution.place is None:
        extra = f" Did you mean: {'、'.join(resolution.suggestions)}?" if resolution.suggestions else ""
        why = "is outside mainland China's counties" if resolution.status == "out_of_scope" else "was not found"
        raise UserInputError(f"'{where}' {why}.{extra}", code=f"place_{resolution.status}")
    return card_of(resolution.place)
