"""The paper's §3.3–§5 as checked data: strategies, problems and development models.

Why data and not prose: the advisor must give the same, citable answer every time for a county's tier,
so the recommendations of Pei (2026) live in `corpus/rules/*.yaml`, each with an exact quote from the
paper (tests check the quotes), and the functions here only filter and order them — no model, no I/O
beyond loading the YAML once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.domain import DIMENSIONS, ROLES, TIERS, Dimension, Language, Role, Tier
from advisor.errors import ConfigError, UserInputError
from advisor.settings import get_settings

BrandModel = Literal["platform", "government-brand", "livestream"]
BRAND_MODELS: tuple[BrandModel, ...] = ("platform", "government-brand", "livestream")
StrategySection = Literal["5.1", "5.2", "5.3", "5.4.1", "5.4.2", "5.5.1", "5.5.2"]
ProblemSection = Literal["4.1.1", "4.1.2", "4.2", "4.3.1", "4.3.2", "4.4.1", "4.4.2", "4.5.1", "4.5.2", "4.6"]
ModelSection = Literal["3.3.1", "3.3.2", "3.3.3"]
ProductType = Literal["tea", "bamboo", "handicraft", "apparel", "wood", "fresh-produce", "specialty", "tourism"]

#: Dimension titles in the paper's words (§5 headings), used by `render_plan`.
DIMENSION_TITLES: dict[Dimension, dict[Language, str]] = {
    "digital": {"zh": "数字基础设施", "en": "Digital infrastructure"},
    "logistics": {"zh": "物流体系", "en": "Logistics"},
    "talent": {"zh": "人才培育", "en": "Talent"},
    "brand": {"zh": "品牌建设", "en": "Brand building"},
    "supply-chain": {"zh": "供应链体系", "en": "Supply chain"},
    "policy": {"zh": "政策支持", "en": "Policy support"},
    "finance": {"zh": "金融支持", "en": "Finance"},
}
MODEL_LABELS: dict[BrandModel, dict[Language, str]] = {
    "platform": {"zh": "平台驱动型", "en": "Platform-driven"},
    "government-brand": {"zh": "政府 + 公共品牌型", "en": "Government + public brand"},
    "livestream": {"zh": "直播新农人型", "en": "Livestream new farmers"},
}

# fmt: off
_TOPIC_ALIASES: dict[str, Dimension] = {
    **{d: d for d in DIMENSIONS},
    "supply_chain": "supply-chain", "supplychain": "supply-chain", "infrastructure": "digital",
    "数字": "digital", "数字基础设施": "digital", "网络": "digital", "物流": "logistics",
    "人才": "talent", "培训": "talent", "品牌": "brand", "供应链": "supply-chain",
    "政策": "policy", "金融": "finance", "融资": "finance",
}
_ROLE_ALIASES: dict[str, Role] = {
    **{r: r for r in ROLES},
    "农户": "farmer", "农民": "farmer", "合作社": "cooperative", "企业": "enterprise",
    "电商企业": "enterprise", "主播": "livestreamer", "新农人": "livestreamer", "直播": "livestreamer",
    "政府": "government", "官员": "government", "培训师": "trainer", "讲师": "trainer",
}
_TIER_ALIASES: dict[str, Tier] = {
    **{t: t for t in TIERS},
    "东部": "east", "东": "east", "中部": "central", "中": "central", "西部": "west", "西": "west",
}
_MODEL_ALIASES: dict[str, BrandModel] = {
    **{m: m for m in BRAND_MODELS},
    "平台": "platform", "平台驱动型": "platform", "政府": "government-brand",
    "公共品牌": "government-brand", "直播": "livestream", "新农人": "livestream",
}
_PRODUCT_ALIASES: dict[str, str] = {
    "茶": "tea", "茶叶": "tea", "竹": "bamboo", "竹炭": "bamboo", "手工艺品": "handicraft",
    "汉服": "apparel", "服装": "apparel", "木制品": "wood", "生鲜": "fresh-produce",
    "农产品": "fresh-produce", "水果": "fresh-produce", "蔬菜": "fresh-produce",
    "特产": "specialty", "特色产品": "specialty", "乡村旅游": "tourism", "旅游": "tourism",
}
# fmt: on


class _Rule(BaseModel):
    """Common base: unknown YAML keys are errors, so a typo cannot silently drop a field."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Strategy(_Rule):
    """One recommendation of §5, tied to the sentence of the paper it comes from."""

    id: str = Field(pattern=r"^[a-z-]+(\.[a-z0-9-]+)+$")
    dimension: Dimension
    tiers: list[Tier] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    priority: int = Field(ge=1, le=3)
    model: BrandModel | None = None
    section: StrategySection
    text_zh: str = Field(min_length=1)
    text_en: str = Field(min_length=1)
    quote: str = Field(min_length=4)

    @model_validator(mode="after")
    def _model_only_for_brand(self) -> Strategy:
        """§5.3 sorts brand measures by model; no other dimension has one."""
        if (self.dimension == "brand") != (self.model is not None):
            raise ValueError("model is required for brand strategies and must be null otherwise")
        return self

    @property
    def is_general(self) -> bool:
        """True for the paper's untiered measures (they apply to every tier)."""
        return set(self.tiers) == set(TIERS)

    def named_by(self, name: str) -> bool:
        """Whether a name is this strategy's id or a prefix of it ("digital.west" names every West digital one)."""
        return self.id == name or self.id.startswith(name + ".")

    def text(self, lang: Language) -> str:
        """The strategy text in `lang`."""
        return self.text_zh if lang == "zh" else self.text_en

    def to_public(self, lang: Language) -> dict[str, Any]:
        """The stable JSON shape the CLI and API print."""
        return {
            "id": self.id,
            "dimension": self.dimension,
            "tiers": list(self.tiers),
            "section": self.section,
            "text": self.text(lang),
            "quote": self.quote,
        }


class Problem(_Rule):
    """One problem of §4 and the §5 strategies that answer it."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    section: ProblemSection
    dimensions: list[Dimension] = Field(min_length=1)
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    quote: str = Field(min_length=4)
    answered_by: list[str] = Field(min_length=1)


class DevelopmentModel(_Rule):
    """A development model or case of §3.3, offered as a "counties like yours" example."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    kind: BrandModel
    section: ModelSection
    name_zh: str
    name_en: str
    summary_zh: str
    summary_en: str
    quote: str = Field(min_length=4)
    tiers: list[Tier] = Field(min_length=1)
    tier_basis: str
    product_types: list[ProductType] = Field(min_length=1)
    county: str | None = None
    province: str | None = None
    home_tier: Tier | None = None
    brands: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list, description="what users call the case, lower case")


class RuleBook(_Rule):
    """Everything loaded from the rules directory, cross-checked (unique ids, valid links)."""

    strategies: list[Strategy]
    problems: list[Problem]
    models: list[DevelopmentModel]


# ---------------------------------------------------------------- loading


def _read_yaml_list(path: Path, key: str) -> list[Any]:
    """Read `key: [...]` from `path`, turning every way it can be wrong into a ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read rules file: {exc}", hint="restore corpus/rules/") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}", hint="fix the YAML syntax") from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ConfigError(f"{path}: field '{key}' must be a list", hint=f"start the file with '{key}:'")
    return data[key]


def _validate_items(path: Path, key: str, items: list[Any], cls: type[_Rule]) -> list[Any]:
    """Validate each item, naming file, index, id and field of the first error."""
    out = []
    for i, item in enumerate(items):
        try:
            out.append(cls.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(item)"
            ident = item.get("id", "?") if isinstance(item, dict) else "?"
            raise ConfigError(
                f"{path}: {key}[{i}] (id={ident}) field '{field}': {err['msg']}", hint="fix the rules YAML"
            ) from exc
    return out


def _check_links(book: RuleBook, rules_dir: Path) -> None:
    """Ids must be unique and every `answered_by` must name a real strategy."""
    for name, ids in (
        ("strategies", [s.id for s in book.strategies]),
        ("problems", [p.id for p in book.problems]),
        ("models", [m.id for m in book.models]),
    ):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ConfigError(f"{rules_dir / (name + '.yaml')}: field 'id': duplicate ids {dupes}")
    known = {s.id for s in book.strategies}
    for p in book.problems:
        missing = [i for i in p.answered_by if i not in known]
        if missing:
            raise ConfigError(
                f"{rules_dir / 'problems.yaml'}: problem {p.id} field 'answered_by': unknown strategy ids {missing}"
            )


def load_rulebook(rules_dir: Path | None = None) -> RuleBook:
    """Load and cross-check strategies.yaml, problems.yaml and models.yaml from `rules_dir` (default: the
    configured corpus's rules/, ``paths.rules_dir``)."""
    rules_dir = rules_dir or get_settings().paths.rules_dir
    parts: dict[str, list[Any]] = {}
    for key, cls in (("strategies", Strategy), ("problems", Problem), ("models", DevelopmentModel)):
        path = rules_dir / f"{key}.yaml"
        parts[key] = _validate_items(path, key, _read_yaml_list(path, key), cls)
    book = RuleBook(strategies=parts["strategies"], problems=parts["problems"], models=parts["models"])
    _check_links(book, rules_dir)
    return book


def get_rulebook() -> RuleBook:
    """The configured corpus's rule book, loaded once per folder (the YAML never changes at run time)."""
    return _rulebook(get_settings().paths.rules_dir)


@lru_cache(maxsize=2)
def _rulebook(rules_dir: Path) -> RuleBook:
    return load_rulebook(rules_dir)


# ---------------------------------------------------------------- parsing user words


def _parse(text: str, aliases: dict[str, Any], what: str, allowed: Sequence[str]) -> Any:
    """Look `text` up in `aliases` case-insensitively; UserInputError listing the choices otherwise."""
    key = text.strip().lower().replace(" ", "")
    if key in aliases:
        return aliases[key]
    raise UserInputError(f"Unknown {what}: {text!r}.", hint=f"use one of: {', '.join(allowed)}", code=f"unknown_{what}")


def parse_topic(text: str) -> Dimension:
    """Map an English or Chinese topic word (e.g. `logistics`, `物流`) to a Dimension."""
    result: Dimension = _parse(
        text, _TOPIC_ALIASES, "topic", [*DIMENSIONS, "物流", "数字", "人才", "品牌", "供应链", "政策", "金融"]
    )
    return result


def parse_role(text: str) -> Role:
    """Map an English or Chinese role word (e.g. `farmer`, `农户`) to a Role."""
    result: Role = _parse(text, _ROLE_ALIASES, "role", [*ROLES, "农户", "合作社", "企业", "主播", "政府", "培训师"])
    return result


def parse_tier(text: str) -> Tier:
    """Map `east|central|west` or `东部|中部|西部` to a Tier."""
    result: Tier = _parse(text, _TIER_ALIASES, "tier", [*TIERS, "东部", "中部", "西部"])
    return result


def parse_model(text: str) -> BrandModel:
    """Map a §5.3 brand model name (`platform`, `政府`, `直播` …) to its id."""
    result: BrandModel = _parse(text, _MODEL_ALIASES, "model", [*BRAND_MODELS, "平台", "政府", "直播"])
    return result


def find_strategy(rulebook: RuleBook, strategy_id: str) -> Strategy:
    """The strategy with this id; UserInputError (not KeyError) because ids come from users."""
    for s in rulebook.strategies:
        if s.id == strategy_id:
            return s
    raise UserInputError(
        f"Unknown strategy id: {strategy_id!r}.", hint="see `advisor plan --json` for ids", code="unknown_strategy"
    )


# ---------------------------------------------------------------- selecting


def _section_key(section: str) -> tuple[int, ...]:
    """ "5.4.1" → (5, 4, 1), so sections sort numerically."""
    return tuple(int(p) for p in section.split("."))


def plan(
    rulebook: RuleBook,
    tier: Tier,
    *,
    topics: Sequence[Dimension] | None = None,
    role: Role | None = None,
    model: str | None = None,
) -> list[Strategy]:
    """The strategies for a county of `tier`, in the order to act on them.

    Order: strategies addressed first of all to `role` (their first listed role), then tier-specific
    before general, then priority, then the paper's order (section, YAML order). `model` keeps only
    that §5.3 brand model among brand strategies; other dimensions are unaffected.
    """
    tier = parse_tier(tier)
    wanted_topics = {parse_topic(t) for t in topics} if topics is not None else set(DIMENSIONS)
    role = parse_role(role) if role is not None else None
    brand_model = parse_model(model) if model is not None else None
    chosen = [
        (i, s)
        for i, s in enumerate(rulebook.strategies)
        if tier in s.tiers
        and s.dimension in wanted_topics
        and (role is None or role in s.roles)
        and (brand_model is None or s.model is None or s.model == brand_model)
    ]
    chosen.sort(
        key=lambda p: (
            role is not None and p[1].roles[0] != role,
            p[1].is_general,
            p[1].priority,
            _section_key(p[1].section),
            p[0],
        )
    )
    return [s for _, s in chosen]


def problems_for(rulebook: RuleBook, topics: Sequence[Dimension] | None) -> list[Problem]:
    """The §4 problems touching any of `topics` (None = all), in the paper's order."""
    wanted = {parse_topic(t) for t in topics} if topics is not None else set(DIMENSIONS)
    return [p for p in rulebook.problems if wanted.intersection(p.dimensions)]


def normalise_product_type(text: str) -> str:
    """`Fresh produce`, `fresh_produce`, `生鲜` → `fresh-produce` (the models.yaml vocabulary)."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    return _PRODUCT_ALIASES.get(key, key)


def examples_for(rulebook: RuleBook, tier: Tier, product_type: str | None = None) -> list[DevelopmentModel]:
    """§3.3 cases a county of `tier` can learn from ("counties like yours").

    Real places from the same tier come first; `product_type` keeps only cases with that product.
    """
    tier = parse_tier(tier)
    product = normalise_product_type(product_type) if product_type else None
    chosen = [
        (i, m)
        for i, m in enumerate(rulebook.models)
        if tier in m.tiers and (product is None or product in m.product_types)
    ]
    chosen.sort(key=lambda p: (p[1].home_tier != tier, p[0]))
    return [m for _, m in chosen]


# ---------------------------------------------------------------- rendering


def _citation(section: str, lang: Language) -> str:
    return f"（§{section}）" if lang == "zh" else f" (§{section})"


def _line(s: Strategy, lang: Language) -> str:
    """One bullet; brand lines carry their §5.3 model so the reader knows which path it belongs to."""
    text = s.text(lang)
    if s.model is not None:
        label = MODEL_LABELS[s.model][lang]
        prefix = f"{label}：" if lang == "zh" else f"{label}: "
        text = text if text.startswith(label) else prefix + text
    return f"- {text}{_citation(s.section, lang)}"


def render_plan(strategies: Sequence[Strategy], lang: Language, *, heading: str | None = None) -> str:
    """Readable Markdown grouped by dimension (paper order), one cited bullet per strategy."""
    lines: list[str] = [f"## {heading}", ""] if heading else []
    if not strategies:
        lines.append("（没有匹配的建议）" if lang == "zh" else "(no matching recommendations)")
        return "\n".join(lines) + "\n"
    for dim in DIMENSIONS:
        group = [s for s in strategies if s.dimension == dim]
        if group:
            lines += [f"### {DIMENSION_TITLES[dim][lang]}", "", *(_line(s, lang) for s in group), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
