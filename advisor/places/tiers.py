"""The tier rules file (`corpus/rules/tiers.yaml`), validated: provinces -> tier and region, notes, errata.

Rules are data: this module only defines their shape and loads them, so a broken file is a clear
configuration error at start-up rather than a wrong tier later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.domain import Region4, Tier
from advisor.errors import ConfigError
from advisor.settings import get_settings


def rules_path() -> Path:
    """``tiers.yaml`` of the configured corpus (``paths.rules_dir``)."""
    return get_settings().paths.rules_dir / "tiers.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProvinceRule(_Strict):
    tier: Tier
    region4: Region4
    en: str
    aliases: list[str] = []


class Bilingual(_Strict):
    zh: str
    en: str


class NoteRule(Bilingual):
    prefecture: str


class OutOfScopeRule(_Strict):
    kind: Literal["sar", "taiwan", "abroad"]
    zh: list[str]
    en: list[str]


class CommonWords(_Strict):
    zh: list[str] = []
    en: list[str] = []
    masked: list[str] = []


class Erratum(_Strict):
    code: str = Field(pattern=r"^\d{6}$")
    name: str
    type: str
    province: str
    reason: str


class Errata(_Strict):
    add: list[Erratum] = []


class TierRules(_Strict):
    """The validated content of `corpus/rules/tiers.yaml`."""

    version: int
    provinces: dict[str, ProvinceRule]
    explanations: dict[str, Bilingual]
    notes: list[NoteRule]
    out_of_scope: list[OutOfScopeRule]
    ethnic_groups: list[str]
    exonyms: dict[str, list[str]] = {}
    common_words: CommonWords = CommonWords()
    errata: Errata = Errata()

    @model_validator(mode="after")
    def _complete(self) -> TierRules:
        """A province without a tier would silently drop its counties; refuse that instead."""
        if len(self.provinces) != 31:
            raise ValueError(f"expected the 31 mainland provinces, got {len(self.provinces)}")
        if "northeast" not in self.explanations:
            raise ValueError("explanations.northeast is required")
        return self


def load_rules(path: Path | None = None) -> TierRules:
    """Read and validate the rules (default: ``rules_path()``); a broken file is a configuration error, not a crash."""
    path = path or rules_path()
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
        return TierRules.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"Cannot load tier rules from {path}: {exc}", hint="fix corpus/rules/tiers.yaml") from exc
