"""The intent catalogue: example questions, as users type them, for each evidence group and kind of question.

Why examples instead of keyword routes: "直播咋搞", "how do i sell on douyin" and "村里年轻人想搞直播卖货"
share no keyword, but the embedding model puts them near the examples of §3.3.3 and of a how-to question.
A question is matched against every example (cosine of the bundled multilingual model); a group's score is
the mean of its two nearest examples, so one odd example cannot decide alone. The examples live in
``corpus/intents.yaml`` (data); this module only loads, validates and embeds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import ConfigError

Kind = Literal["how", "what", "why", "claim", "compare", "how_much", "cases", "paper", "plan", "off_topic"]
#: What a question may ask for that the paper lacks; all but "no_source", "year" and "figure" (read from the
#: evidence), "unmentioned", "undefined" and "drawbacks" (read from the words and the sources) have examples.
Gap = Literal[
    "order",
    "amount",
    "ranking",
    "local_figure",
    "platform_detail",
    "specifics",
    "procedure",
    "operation",
    "regulation",
    "timeline",
    "empirical",
    "limitations",
    "publication",
    "names",
    "tier_list",
    "no_source",
    "year",
    "figure",
    "unmentioned",
    "undefined",
    "drawbacks",
]
CATALOGUE_FILE = "intents.yaml"
#: A group's score is the mean of this many of its nearest examples.
NEAREST = 2


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zh: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    @property
    def all(self) -> list[str]:
        return [*self.zh, *self.en]


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    sections: dict[str, Examples]
    kinds: dict[Kind, Examples]
    gaps: dict[Gap, Examples]
    instructions: Examples  # instructions to the advisor hidden in a message, not part of the question


def load_catalogue(corpus_dir: Path) -> Catalogue:
    path = corpus_dir / CATALOGUE_FILE
    try:
        return Catalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ConfigError(f"Intent catalogue missing: {path}", hint="restore corpus/intents.yaml") from exc
    except (ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"Intent catalogue invalid: {path}: {exc}", hint="fix corpus/intents.yaml") from exc


@dataclass(frozen=True)
class Match:
    """How near a question is to each group of examples (cosine, higher is nearer)."""

    kinds: dict[str, float]
    sections: dict[str, float]
    gaps: dict[str, float]
    instructions: float = 0.0
    kind_odds: dict[str, float] = field(default_factory=dict)  # the kind model's probability of each kind


class KindModel:
    """Which kind a question is, learnt from the kind examples by multinomial logistic regression over their
    vectors. The nearest examples alone are swayed by topic words that every kind's examples share ("论文里…",
    "模式"); a linear model weighs the directions that tell the kinds apart. Its probabilities are added to the
    nearness of each kind (``analysis._kinds``)."""

    #: Inverse regularisation strength: the examples are few and the vectors are unit length.
    C = 30.0

    def __init__(self, vectors: np.ndarray, labels: list[str]) -> None:
        try:
            from sklearn.linear_model import LogisticRegression
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ConfigError("scikit-learn is missing", hint="pip install -e . (it is a dependency)") from exc
        model = LogisticRegression(C=self.C, max_iter=3000).fit(vectors, labels)
        self.kinds: list[str] = [str(k) for k in model.classes_]
        self.weights = np.asarray(model.coef_, dtype=np.float32)  # the fitted model, applied with numpy:
        self.bias = np.asarray(model.intercept_, dtype=np.float32)  # sklearn's per-call checks cost ~0.3 ms

    def odds(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.weights @ vector + self.bias
        exp = np.exp(logits - logits.max())
        return {kind: float(p) for kind, p in zip(self.kinds, exp / exp.sum(), strict=True)}


class IntentIndex:
    """The catalogue's examples as vectors, grouped."""

    def __init__(self, catalogue: Catalogue, embed: Callable[[list[str]], np.ndarray]) -> None:
        self.groups: dict[str, dict[str, tuple[int, int]]] = {"kinds": {}, "sections": {}, "gaps": {}, "other": {}}
        texts: list[str] = []
        families = (
            ("kinds", catalogue.kinds),
            ("sections", catalogue.sections),
            ("gaps", catalogue.gaps),
            ("other", {"instructions": catalogue.instructions}),
        )
        for family, table in families:
            for name, examples in table.items():
                self.groups[family][name] = (len(texts), len(texts) + len(examples.all))
                texts += examples.all
        self.vectors = embed(texts)
        spans = list(self.groups["kinds"].items())
        self.kind_model = KindModel(
            np.concatenate([self.vectors[a:b] for _, (a, b) in spans]), [k for k, (a, b) in spans for _ in range(b - a)]
        )

    def match(self, vector: np.ndarray) -> Match:
        sims = self.vectors @ vector
        scores = {
            family: {name: _nearest_mean(sims[a:b]) for name, (a, b) in groups.items()}
            for family, groups in self.groups.items()
        }
        return Match(
            kinds=scores["kinds"], sections=scores["sections"], gaps=scores["gaps"],
            instructions=scores["other"]["instructions"], kind_odds=self.kind_model.odds(vector),
        )  # fmt: skip


def nearest_of(scores: Mapping[str, float]) -> str:
    """The group a question is nearest ("" when there are none)."""
    return max(scores, key=scores.__getitem__, default="")


def _nearest_mean(sims: np.ndarray) -> float:
    top = np.sort(sims)[-NEAREST:]
    return float(top.mean()) if len(top) else 0.0
