"""The paper's remedy for each problem it names: a §4 problem sentence linked to the §5 measures written as its answer.

Why: users tell their trouble in their own words ("每年一到收的时候就卖不掉…过几个月又说缺货"), and those words are
nearer the paper's account of the problem (§4.4.2 "农户难以及时了解市场需求信息…") than its remedy (§5.4.2 "搭建供应链
信息共享平台…解决信息不对称问题"). A question on what to do is answered by the remedy, so the remedy inherits its
problem's nearness. The links are read by the embedding model between the paper's own sentences, where it is
reliable (both in the paper's register, worded in parallel), not from word lists. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from advisor.answering.evidence import Unit

#: A measure answers a problem when it is this near it (cosine of their Chinese sentences): the paper's parallel
#: wordings score 0.6-0.87 ("溯源体系不健全…" → "健全农产品溯源体系…" 0.81); a measure on another matter 0.4-0.55.
LINK_SIMILARITY = 0.6
#: ... and within this of the problem's nearest measure (the one written for it, and its rule summary).
LINK_MARGIN = 0.1
#: The share of its problem's nearness a remedy takes: its own wording still decides between close ones.
RELAY = 0.9
#: Only the problems the question tells relay: those this near it as the nearest problem (dense + BM25). A trouble
#: the paper names without a remedy of its own ("村级电商服务点功能较为单一") relays nothing, and a problem beside it
#: in the paper does not relay for it.
TOLD_MARGIN = 0.05
#: ... and only when a problem is among the question's nearest units, this near the nearest of all.
TOLD_LEAD = 0.1


@dataclass(frozen=True)
class Remedies:
    """Which measures answer which problem: ``links[i, j]`` is 1 when measure ``measures[j]`` answers problem
    ``problems[i]`` (positions among the evidence units). Only the paper's and the rules' units are problems or
    measures, so its size does not grow with the sentences of users' documents."""

    problems: np.ndarray
    measures: np.ndarray
    links: np.ndarray


def remedy_links(units: Sequence[Unit], vectors: np.ndarray) -> Remedies:
    """The measures that answer each problem: those nearest its sentence, worded in parallel to it."""
    problems = np.array([n for n, u in enumerate(units) if u.type == "problem"], dtype=int)
    measures = np.array([n for n, u in enumerate(units) if u.type == "measure"], dtype=int)
    near = vectors[problems] @ vectors[measures].T if len(problems) and len(measures) else np.zeros((0, 0))
    best = near.max(axis=1, keepdims=True, initial=-1.0)
    links = ((near >= LINK_SIMILARITY) & (near >= best - LINK_MARGIN)).astype(np.float32)
    return Remedies(problems, measures, links)


def with_remedies(evidence: np.ndarray, remedies: Remedies) -> np.ndarray:
    """Each unit's nearness to a question on what to do: its own, or a share of the problem told's, for the
    measures that answer it."""
    if not remedies.links.size:
        return evidence
    problems = evidence[remedies.problems]
    nearest = float(problems.max())
    if nearest < float(evidence.max()) - TOLD_LEAD:
        return evidence  # no trouble told: the question is nearer other sentences ("电商对产业到底有什么帮助")
    told = np.where(problems >= nearest - TOLD_MARGIN, problems, 0)
    relayed = evidence.copy()
    relayed[remedies.measures] = np.maximum(
        evidence[remedies.measures], RELAY * (told[:, None] * remedies.links).max(axis=0)
    )
    return relayed
