"""The questions each sentence answers: example questions, as users type them, kept as data beside the paper.

Why: a user describes a need in everyday words ("不出村就能找到活干吗"), the paper states it in its own terms
("实现了农民“家门口就业”"). The bundled embedding model puts a question near other questions worded like it far more
readily than near the declarative sentence that answers it (question-to-question cosines of 0.6-0.8 against 0.2-0.4).
So every sentence of the paper carries a few questions it answers (``corpus/asked.yaml``, written from the paper alone),
and a unit is as near a question as its nearest examples are. The intent catalogue does the same for whole sections
and kinds of question; this is the same mechanism at the level of the sentence that answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import ConfigError

ASKED_FILE = "asked.yaml"
#: A unit's nearness is the mean of this many of its nearest examples, so that one odd example cannot decide alone.
NEAREST = 2


class Asked(BaseModel):
    """The questions one sentence answers; ``quote`` is the sentence as a unit quotes it."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(min_length=1)
    zh: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


def load_asked(corpus_dir: Path) -> list[Asked]:
    path = corpus_dir / ASKED_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [Asked.model_validate(entry) for entry in raw["sentences"]]
    except FileNotFoundError as exc:
        raise ConfigError(f"Example questions missing: {path}", hint="restore corpus/asked.yaml") from exc
    except (ValidationError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"Example questions invalid: {path}: {exc}", hint="fix corpus/asked.yaml") from exc


class AskedIndex:
    """The example questions as vectors, each with the units (by position) whose sentence it is asked of."""

    def __init__(self, entries: Sequence[Asked], quotes: Sequence[str],
                 embed: Callable[[list[str]], np.ndarray]) -> None:  # fmt: skip
        positions: dict[str, list[int]] = {}
        for n, quote in enumerate(quotes):
            positions.setdefault(quote, []).append(n)
        kept = [e for e in entries if e.quote in positions]
        texts = [q for e in kept for q in (*e.zh, *e.en)]
        self.units = len(quotes)
        # each kept entry's examples by position, padded with the position past the last (a cosine of -1: never near)
        width = max((len(e.zh) + len(e.en) for e in kept), default=0)
        self.table = np.full((len(kept), width), len(texts), dtype=np.int64)
        start = 0
        for row, entry in enumerate(kept):
            count = len(entry.zh) + len(entry.en)
            self.table[row, :count] = np.arange(start, start + count)
            start += count
        pairs = [(unit, row) for row, entry in enumerate(kept) for unit in positions[entry.quote]]
        self.owners = np.array([u for u, _ in pairs], dtype=np.int64)  # unit positions, and the entry of each
        self.rows = np.array([r for _, r in pairs], dtype=np.int64)
        self.vectors = embed(texts) if texts else np.zeros((0, 0), dtype=np.float32)

    def nearness(self, vector: np.ndarray) -> np.ndarray:
        """Each unit's nearness to a question: the mean cosine of its nearest examples (0 for a unit with none: a
        reference entry or an abstract sentence, which the intent catalogue's examples of their sections stand for)."""
        near = np.zeros(self.units, dtype=np.float32)
        if len(self.rows):
            sims = np.append(self.vectors @ vector, -1.0)
            nearest = np.sort(sims[self.table], axis=1)[:, -NEAREST:].mean(axis=1)
            near[self.owners] = nearest[self.rows]
        return near
