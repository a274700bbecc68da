"""The one result every face renders: ``Answer`` (and its JSON, the `advisor ask --json` contract)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from advisor.domain import Language, Region4, Scope, Tier


class CountyCard(BaseModel):
    """The place the answer is about (county, prefecture or province level)."""

    name: str
    full_name: str
    level: str
    province: str
    prefecture: str | None
    code: str
    tier: Tier
    region4: Region4
    name_en: str = ""
    label_zh: str = ""
    label_en: str = ""
    note: str | None = None
    note_en: str | None = None


class Clarification(BaseModel):
    """Asked instead of answering when the place is ambiguous (or unknown)."""

    reason: Literal["ambiguous", "not_found"]
    candidates: list[CountyCard] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)


class Citation(BaseModel):
    """What a marker [n] points to: a passage quoted from an indexed source."""

    marker: int
    source_id: str
    title: str
    section: str
    section_title: str = ""
    quote: str
    chunk_id: str
    translation: str | None = None
    translation_chunk_id: str | None = None
    cites: list[str] = Field(default_factory=list, description="References the paper cites in this passage.")
    source_label: str = ""


class StrategyRef(BaseModel):
    id: str
    dimension: str
    tier: str
    section: str


class Turn(BaseModel):
    """One message of the conversation, as faces send it back with the next question."""

    role: Literal["user", "assistant"]
    content: str


class Answer(BaseModel):
    question: str
    language: Language
    answer: str
    county: CountyCard | None = None
    clarification: Clarification | None = None
    scope: Scope = "in_scope"
    citations: list[Citation] = Field(default_factory=list)
    strategies: list[StrategyRef] = Field(default_factory=list)
    engine: str = "grounded"
    timings_ms: dict[str, float] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    role: str | None = None
    notices: list[str] = Field(default_factory=list, description="E.g. LLM fell back, question truncated.")
    follow_ups: list[str] = Field(default_factory=list)
    answer_id: str | None = Field(None, description="Set by a server that logged the answer: what /feedback rates.")

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return self.model_dump(mode="json")
