"""Priors: how much the kind of question favours each type of sentence, and how surely the kind is known. Data and
pure functions, read by the ranking (``selection.rank``) and by the lead's choice of units (``lead.lead``)."""

from __future__ import annotations

from advisor.answering.analysis import Analysis

#: The catalogue (kind priors, section affinity) steers fully from this nearness to its examples, not below the other.
SURE, UNSURE = 0.55, 0.35
#: Which types of sentence answer which kinds of question (added to the score, times ``kind_confidence``).
KIND_PRIORS: dict[str, dict[str, float]] = {
    "how": {
        "measure": 0.12,
        "case": 0.04,
        "problem": -0.06,
        "meta": -0.2,
        "background": -0.1,
        "literature": -0.2,
        "aim": -0.1,
        "definition": -0.08,
        "status": -0.06,
        "mechanism": -0.04,  # how e-commerce helps (§2.2) is not what to do
        "outline": -0.06,
        "conclusion": -0.06,  # §6 restates the measures in a sentence each; §5 gives them
    },
    "plan": {"measure": 0.16, "meta": -0.2, "background": -0.1, "literature": -0.2, "aim": -0.1, "outline": -0.2},
    "why": {  # the dev sets' 45 why-questions are answered in §4 (problems) and §2.2 (mechanisms), never in §1
        "problem": 0.12,
        "mechanism": 0.1,
        "statistic": 0.04,
        "literature": -0.1,
        "measure": -0.06,
        "meta": -0.2,
        "outline": -0.2,
        "conclusion": -0.06,  # §6 restates the problems; §4 explains them
    },
    "what": {"definition": 0.16, "mechanism": 0.04, "meta": -0.2, "literature": -0.06},
    "how_much": {"statistic": 0.5, "status": 0.06, "meta": -0.2, "outline": -0.2, "literature": -0.2},
    "cases": {
        "case": 0.2,
        "meta": -0.2,
        "outline": 0.1,
        "conclusion": -0.1,
        "aim": -0.1,
        "background": -0.1,
        "literature": -0.1,
    },
    "paper": {
        "aim": 0.26,
        "meta": 0.2,
        "background": 0.16,
        "literature": 0.16,
        "conclusion": 0.1,
        "definition": 0.04,
        "outline": 0.2,
    },
    "compare": {"measure": 0.06, "case": 0.06, "problem": 0.04, "meta": -0.2, "outline": 0.04, "literature": -0.1},
    # what the paper holds where it argues it, not what it reviews or sums up
    "claim": {"meta": -0.1, "outline": -0.1, "literature": -0.1, "conclusion": -0.04},
    "off_topic": {},
}  # the title page, keywords and reference entries answer questions about the paper, not about e-commerce


#: The prior of a part's outline for a what-question on what something consists of ("作用机制分了哪几个方面").
OUTLINE_ASKED = 0.2
#: What comes nearest when the paper lacks what was asked (a county's figure → the paper's national figures).
GAP_PRIORS: dict[str, dict[str, float]] = {"local_figure": {"statistic": 0.3}}


def confidence(scores: dict[str, float]) -> float:
    """How much the catalogue may steer the ranking: fully when some group's examples are clearly near (cosine
    ≥ 0.55), not at all when none is (≤ 0.35: "Who are the lead geese the paper talks about?" is not a
    question about the paper's author or licence just because it says "the paper")."""
    nearest = max(scores.values(), default=0.0)
    return min(1.0, max(0.0, (nearest - UNSURE) / (SURE - UNSURE)))


def kind_confidence(a: Analysis) -> float:
    """How much the question's kinds may steer the ranking: as sure as the catalogue's nearness or the kind model's
    probability of the likeliest kind, whichever is surer ("why is talent short?" is near no example, yet the
    model reads it as why-question at 0.6)."""
    return max(confidence(a.match.kinds), a.match.kind_odds.get(a.kinds[0], 0.0))


def kind_prior(unit_type: str, a: Analysis) -> float:
    """How much the question's kinds, together, favour a type of sentence (``KIND_PRIORS``). A what-question that
    names the kind of sentence it asks for ("what are the main problems…") favours that kind, not definitions."""
    return sum(_priors(k, a).get(unit_type, 0.0) for k in a.kinds)


def _priors(kind: str, a: Analysis) -> dict[str, float]:
    priors = KIND_PRIORS.get(kind, {})
    if kind in ("what", "paper") and a.parts_asked:  # "分了哪几个方面": what a part of the paper consists of
        priors = {**priors, "outline": OUTLINE_ASKED}
    if kind == "paper" and a.wants == "literature":  # "它觉得之前别人的研究有啥不足": the research it reviews, named,
        priors = {**priors, "literature": priors["aim"], "meta": 0.0}  # not its title page (whoever cites it)
    elif kind == "paper":  # "这篇论文用的是什么研究方法": its own aim, not the research it reviews
        priors = {**priors, "literature": 0.0}
    if kind == "how_much" and a.parts_asked:  # "论文总结了几大问题": a count of its parts, not a statistic
        priors = {"outline": OUTLINE_ASKED, "meta": priors["meta"]}
    if kind == "what" and a.wants == "mechanism":  # "起啥作用": what a thing does, said wherever the paper says it
        return {**priors, "definition": 0.0}
    if kind == "what" and a.wants is not None:
        return {**priors, "definition": 0.0, a.wants: priors["definition"]}
    if kind == "compare" and a.wants is not None:  # "policy problems vs finance problems": problems compared
        return {**priors, a.wants: KIND_PRIORS["what"]["definition"]}
    return priors
