"""Small shared vocabularies: the words every module agrees on."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["zh", "en"]
Tier = Literal["east", "central", "west"]
Region4 = Literal["east", "central", "west", "northeast"]
Level = Literal["county", "prefecture", "province"]
Dimension = Literal["digital", "logistics", "talent", "brand", "supply-chain", "policy", "finance"]
Role = Literal["farmer", "cooperative", "enterprise", "livestreamer", "government", "trainer"]
Scope = Literal["in_scope", "off_topic", "out_of_region"]

TIERS: tuple[Tier, ...] = get_args(Tier)
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
ROLES: tuple[Role, ...] = get_args(Role)

#: The paper's own names of the three tiers (§5.1: 东部提质、中部补强、西部保底).
TIER_LABELS: dict[Tier, dict[Language, str]] = {
    "east": {"zh": "东部提质", "en": "East: upgrade quality"},
    "central": {"zh": "中部补强", "en": "Centre: strengthen weak links"},
    "west": {"zh": "西部保底", "en": "West: secure the basics"},
}
#: The paper's names of the three regions, the first word of each label (东部, 中部, 西部).
REGION_NAMES_ZH: dict[Tier, str] = {tier: label["zh"][:2] for tier, label in TIER_LABELS.items()}
