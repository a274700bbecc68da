"""What a gazetteer lookup returns: a mainland `Place` with its tier, and the `Resolution` of a query.

Kept apart from the lookup itself so that every module receiving a place (routes, planning, the web
card) depends on these small models, not on the index machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from advisor.domain import Language, Level, Region4, Tier

Status = Literal["found", "ambiguous", "not_found", "out_of_scope"]
JSON_FIELDS = ("name", "full_name", "level", "province", "prefecture", "code", "tier", "region4")


class Place(BaseModel):
    """One mainland place with its tier; what every other module receives."""

    model_config = ConfigDict(frozen=True)

    name: str
    full_name: str
    level: Level
    province: str
    prefecture: str | None
    code: str
    tier: Tier
    region4: Region4
    note: str | None = None
    note_en: str | None = None
    name_en: str
    province_en: str = ""
    prefecture_en: str | None = None

    def label(self, lang: Language = "zh") -> str:
        """Full address, largest unit first in Chinese and last in English."""
        own_prefecture = self.prefecture not in (None, self.province, self.full_name)
        if lang == "zh":
            middle = self.prefecture if own_prefecture and self.prefecture else ""
            return self.full_name if self.level == "province" else f"{self.province}{middle}{self.full_name}"
        parts = [self.name_en]
        if own_prefecture and self.prefecture_en:
            parts.append(self.prefecture_en)
        if self.level != "province":
            parts.append(self.province_en)
        return ", ".join(parts)


@dataclass(frozen=True)
class PlaceNames:
    """The forms a text may name one place by: Chinese (遂昌县, 遂昌) and normalised Latin (suichangcounty,
    suichang); lets the LLM verifier see which places a sentence talks about."""

    place: Place
    zh: frozenset[str]
    latin: frozenset[str]

    def named_in(self, text: str, latin_text: str) -> bool:
        """Whether ``text`` (or ``latin_text``, the same text normalised with ``norm_latin``) names the place."""
        return any(form in text for form in self.zh) or any(form in latin_text for form in self.latin)

    def within(self, other: Place) -> bool:
        """This place is ``other`` or lies inside it (遂昌县 within 浙江省 or 丽水市)."""
        p = self.place
        return other.code == p.code or other.full_name in (p.province, p.prefecture)


class Resolution(BaseModel):
    """The outcome of a lookup; `candidates` are best first and hold exactly one place when found."""

    status: Status
    query: str
    candidates: list[Place] = []
    suggestions: list[str] = []
    matched_text: str | None = None
    #: The names as written when a text names several unrelated places ("贵州和浙江", "跑去杭州、广州"): the
    #: candidates are then those places, not one name's namesakes.
    mentions: list[str] = []

    @property
    def place(self) -> Place | None:
        return self.candidates[0] if self.status == "found" and self.candidates else None

    def to_json(self, id: Any = None) -> dict[str, Any]:
        """The CLI shape `{"id", "status", "candidates": [...]}`, plus suggestions when there are any."""
        out: dict[str, Any] = {"id": id, "status": self.status}
        out["candidates"] = [c.model_dump(include=set(JSON_FIELDS)) for c in self.candidates]
        if self.suggestions:
            out["suggestions"] = list(self.suggestions)
        return out
