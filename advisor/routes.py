"""Which kind of answer a question gets, and composing each kind from rules and passages.

Routes: ``plan`` (a county or tier is known: the tiered action plan), ``all_tiers`` (a topic but no
place: the paper's plan for each tier), ``stats`` (figures: the sources have only national ones, and
say so), ``facts`` (a question about the paper: extractive), ``clarify`` (ambiguous place),
``out_of_region`` and ``off_topic``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from advisor.answer import Clarification, CountyCard
from advisor.citations import CitationBook
from advisor.compose import (
    TIER_PRINCIPLE_QUOTE,
    Draft,
    Phrases,
    Picked,
    best_sentences,
    distinctive_terms,
    follow_ups,
    heading_section,
    marker,
    pick_facts,
    place_label,
    place_lines,
    select_actions,
    sources_suffix,
    write_actions,
    write_examples,
    write_facts,
    write_follow_ups,
    write_picked,
    write_problems,
    write_quotes,
)
from advisor.domain import TIERS, Dimension, Scope, Tier
from advisor.gazetteer import Place
from advisor.retrieval import Passage
from advisor.rules import DevelopmentModel, RuleBook, Strategy, examples_for, plan, problems_for
from advisor.understand import Understanding, load_lexicon, matches

_FIGURE = re.compile(r"\d+(?:\.\d+)?\s?%")
RouteName = Literal["plan", "all_tiers", "stats", "problems", "facts", "clarify", "out_of_region", "off_topic"]
_FACT_KINDS = {"theory", "authorship", "references", "concept", "conclusion", "mechanism", "statistics"}
#: Kinds that stay questions about the paper even when a place is named ("what is the plan for X" does not).
_ABOUT_THE_PAPER = {"theory", "authorship", "references", "conclusion"}
#: Sections that answer questions about the paper itself, by kind of question.
_KIND_SECTIONS = {"authorship": "front", "references": "references", "conclusion": "6"}
#: A question whose specific words mostly never occur in the sources is outside them.
MIN_COVERAGE = 0.5
#: Below this dense similarity, and with no topic word, a question is taken as outside the sources.
MIN_SIMILARITY = 0.25


@dataclass
class Route:
    name: RouteName
    scope: Scope = "in_scope"
    place: Place | None = None
    tier: Tier | None = None
    clarification: Clarification | None = None
    corrections: list[Strategy] = field(default_factory=list)


def choose_route(u: Understanding, rulebook: RuleBook) -> Route:
    """Decide from the understanding alone (pure)."""
    here_tier = u.tier_words[0] if len(u.tier_words) == 1 and not _named_here(u) else None
    resolution, unknown = u.place, None
    if resolution is not None and resolution.status == "not_found":
        # "火星县…": said first, then the question is answered without a place (it may not be a place at all)
        unknown = Clarification(reason="not_found", suggestions=resolution.suggestions)
        resolution = None
    if here_tier is None and resolution is not None:
        if resolution.status == "out_of_scope":
            return Route("out_of_region", scope="out_of_region", place=None)
        if resolution.status == "ambiguous":
            cards = [card_of(c) for c in resolution.candidates]
            return Route("clarify", clarification=Clarification(reason="ambiguous", candidates=cards))
    place = resolution.place if resolution is not None and here_tier is None else None
    tier = place.tier if place else here_tier
    corrections = _false_premises(u, rulebook, tier)
    kinds = set(u.kinds)
    if "statistics" in kinds and (not u.topics or matches(u.text.lower(), load_lexicon().measures)):
        # "交易额是多少？带动了多少人就业？" asks for figures even though 就业 is a talent word
        return Route("stats", place=place, tier=tier, clarification=unknown)
    if tier is not None:
        if kinds & _ABOUT_THE_PAPER and not u.topics and not corrections:
            return Route("facts", place=place, tier=tier, clarification=unknown)
        return Route("plan", place=place, tier=tier, corrections=corrections, clarification=unknown)
    if "problems" in kinds:
        return Route("problems", clarification=unknown)
    if (u.topics or len(u.tier_words) >= 2) and not (kinds & _FACT_KINDS):
        return Route("all_tiers", clarification=unknown)  # a topic without a place, or tiers compared
    return Route("facts", clarification=unknown)


def _named_here(u: Understanding) -> bool:
    """A place named in this very question beats tier words ('西部的雷山县')."""
    return u.place is not None and not u.place_from_history and u.place.status in ("found", "ambiguous")


def _false_premises(u: Understanding, rulebook: RuleBook, tier: Tier | None) -> list[Strategy]:
    """Tier-specific measures the question attributes to a tier the paper does not give them to."""
    if tier is None or not u.claims:
        return []
    claimed = [s for s in rulebook.strategies if any(s.id.startswith(prefix + ".") for prefix in u.claims)]
    return [s for s in claimed if tier not in s.tiers][:1]


def compose_route(
    route: Route, u: Understanding, passages: list[Passage], book: CitationBook, rulebook: RuleBook, p: Phrases
) -> Draft:
    writer = {
        "plan": _plan,
        "all_tiers": _all_tiers,
        "stats": _stats,
        "problems": _problems,
        "facts": _facts,
        "clarify": _clarify,
        "out_of_region": _out_of_region,
        "off_topic": _off_topic,
    }[route.name]
    draft = Draft()
    writer(draft, route, u, passages, book, rulebook, p)
    return draft


def _where(route: Route, p: Phrases) -> str:
    assert route.tier is not None
    return place_label(_card(route.place), p.lang) if route.place else p("region_name", region=p.regions[route.tier])


def header_lines(route: Route, book: CitationBook, p: Phrases) -> list[str]:
    """A correction of a false premise, then the place (or tier) line with the tier principle cited."""
    if route.tier is None:
        return []
    lines = []
    if route.corrections:
        wrong = route.corrections[0]
        tiers = ("、" if p.lang == "zh" else ", ").join(p.regions[t] for t in wrong.tiers)
        lines += [p("false_premise", tiers=tiers, asked=_where(route, p), marker=marker(book.quote(wrong.quote))), ""]
    tier_marker = book.quote(TIER_PRINCIPLE_QUOTE)
    if route.place:
        return [*lines, *place_lines(_card(route.place), tier_marker, p)]
    label = p.label(route.tier)
    return [*lines, p("tier_only_line", region=p.regions[route.tier], label=label, marker=marker(tier_marker))]


def _plan(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
          rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    assert route.tier is not None
    where = _where(route, p)
    draft.add(*header_lines(route, book, p))
    if u.role:
        draft.add("", p("role_line", role=p.roles[u.role]))
    topics = _topics(u, route)
    strategies = plan(rulebook, route.tier, topics=topics or None)
    actions = select_actions(strategies, bool(topics), u.role)
    draft.heading(p("actions"))
    write_actions(draft, book, actions, p)
    write_quotes(draft, book, actions, p)
    if "problems" in u.kinds:
        write_problems(draft, book, problems_for(rulebook, topics or None), p)
    if not topics or "models" in u.kinds or "brand" in topics:
        write_examples(draft, book, _examples(rulebook, route.tier, u.products), p)
    draft.heading(p("not_covered"))
    draft.add(p("not_covered_county", place=where, region=p.regions[route.tier]))
    write_follow_ups(draft, p, follow_ups(p, where, route.tier, list(topics)))


def _topics(u: Understanding, route: Route) -> list[Dimension]:
    topics = list(u.topics)
    for s in route.corrections:
        if s.dimension not in topics:
            topics.append(s.dimension)
    return topics


def _examples(rulebook: RuleBook, tier: Tier, products: list[str]) -> list:
    for product in products:
        try:
            found = examples_for(rulebook, tier, product)
        except Exception:  # an unknown product word just means no product filter
            found = []
        if found:
            return found
    return examples_for(rulebook, tier)


def card_of(place: Place) -> CountyCard:
    """The language-neutral card of a place, with its display label in both languages."""
    return CountyCard.model_validate(
        {**place.model_dump(), "label_zh": place.label("zh"), "label_en": place.label("en")}
    )


def _card(place: Place | None) -> CountyCard:
    assert place is not None
    return card_of(place)


def _all_tiers(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
               rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    draft.add(p("all_tiers_line", marker=marker(book.quote(TIER_PRINCIPLE_QUOTE))))
    general: list[Strategy] = []
    for tier in TIERS:
        strategies = plan(rulebook, tier, topics=u.topics or None)  # no topic: every tier-specific measure
        specific = [s for s in strategies if not s.is_general]
        general = [s for s in strategies if s.is_general]
        if specific:
            draft.heading(p("tier_heading", region=p.regions[tier], label=p.label(tier)))
            write_actions(draft, book, specific, p)
    if general:
        draft.heading(p("general_measures"))
        write_actions(draft, book, general[:6], p)
    write_follow_ups(draft, p, follow_ups(p, "", None, list(u.topics))[1:])


def _stats(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
           rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    """Figures only as the sources give them: national ones, said to be national."""
    where = place_label(_card(route.place), p.lang) if route.place else ""
    draft.add(p("not_covered_stats", place=where) if route.place else p("stats_intro"), "")
    paper = [x for x in passages if x.kind == "paper"]  # a user's figures are not national ones
    stats = [x for x in paper if _FIGURE.search(x.chunk.text)]
    if not stats:  # the question named a place, not the measure: look for the paper's figures directly
        found = book.index.search(p("stats_query"), 5, lang=p.lang)
        stats = [x for x in found if x.kind == "paper" and _FIGURE.search(x.chunk.text)]
    write_facts(draft, book, p("stats_query"), stats or paper or passages, p)
    if route.place:
        write_follow_ups(draft, p, follow_ups(p, where, route.tier, []))


def _problems(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
              rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    """The §4 problems on the asked topics (all of them when no topic is named)."""
    found = problems_for(rulebook, u.topics or None)
    draft.add(p("problems_intro"))
    write_problems(draft, book, found, p, limit=len(found))
    write_follow_ups(draft, p, follow_ups(p, "", None, list(u.topics))[1:])


def _facts(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
           rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    lex = load_lexicon()
    generic = set(lex.generic)
    named = _named_models(u, rulebook)
    if named and not u.topics:
        lead = _models_lead(u, passages, lex.kinds["models"]) if len(named) == len(rulebook.models) else []
        if lead:  # "农村电商主要有哪几种模式": the paper's own list (§2.1.3) comes before the §3.3 cases
            draft.add(p("fact_intro"), "")
            write_picked(draft, book, lead)
            draft.add("")
        draft.add(p("models_intro"), "")
        write_examples(draft, book, named, p, heading=False)
        return
    pinned = [k for k in u.kinds if k in _KIND_SECTIONS]
    heading = None if pinned else heading_section(u.text, book.index, p.lang, generic)
    if pinned:
        passages = _section_passages(book, _KIND_SECTIONS[pinned[0]], p)
    elif heading is not None:  # the question names a section's heading ("…的作用机制"): that section answers
        passages = _section_passages(book, heading, p)
    else:  # bibliographic entries and keyword lists are not answers to questions about content
        passages = [x for x in passages if x.chunk.section not in ("references", "keywords")]
    best = max((x.similarity for x in passages), default=0.0)
    coverage = book.index.coverage(u.text, generic)
    outside = coverage is not None and coverage < MIN_COVERAGE and not u.topics
    # Every word known to the sources and one of them a rare term of the paper ("领头雁"): answerable,
    # however low the dense similarity.
    terms = distinctive_terms(u.text, passages, book.index, p.lang, generic) if coverage in (None, 1.0) else set()
    weak = best < MIN_SIMILARITY and not u.topics and not u.kinds and not terms
    if not passages or (not pinned and heading is None and (outside or weak)):
        draft.add(p("nothing"), "", p("covers"))
        return
    picked = pick_facts(u.text, passages, limit=10 if pinned else 3, in_order=bool(pinned))
    intro = "fact_intro" if best >= MIN_SIMILARITY or u.kinds or terms else "fact_low"
    draft.add(p(intro + sources_suffix(picked)), "")
    write_picked(draft, book, picked)
    if route.tier is None:
        draft.follow_ups = follow_ups(p, "", None, [])[1:]


def _models_lead(u: Understanding, passages: list[Passage], model_words: list[str]) -> list[Picked]:
    """When the best passage for a question about models in general is not a §3.3 case (§2.1.3 lists the
    main models of rural e-commerce: B2B, B2C, C2M …), its best sentence about models."""
    content = [x for x in passages if x.kind == "paper" and x.chunk.section not in ("references", "keywords")]
    if not content or content[0].chunk.section.startswith("3.3") or content[0].similarity < MIN_SIMILARITY:
        return []
    picked = best_sentences(u.text, content[:1], limit=1)
    return picked if picked and matches(picked[0][1].lower(), model_words) else []


def _named_models(u: Understanding, rulebook: RuleBook) -> list[DevelopmentModel]:
    """§3.3 cases the question names (淘宝村, Suichang …), or all of them for "which models/cases?"."""
    if "models" not in u.kinds:
        return []
    low = u.text.lower()
    named = [
        m for m in rulebook.models
        if any(term and term.lower() in low for term in (m.name_zh, m.name_en, m.county, *m.brands))
        or re.search(rf"(?<![a-z0-9]){re.escape(_short_name(m.name_en).lower())}(?![a-z0-9])", low)
    ]  # fmt: skip
    return named or list(rulebook.models)


def _short_name(name: str) -> str:
    """'Taobao villages' -> 'Taobao'; 'JD.com farmer-assistance model' -> 'JD'; 'Suichang (Zhejiang) …' -> 'Suichang'."""
    found = re.match(r"[A-Za-z0-9]{2,}", name or "")
    return found.group(0) if found else "\0"


def _section_passages(book: CitationBook, section: str, p: Phrases) -> list[Passage]:
    """All of the paper's paragraphs of one section (front matter, references, conclusions), in order."""
    chunks = sorted(
        (
            c
            for c in book.index.chunks.values()
            if c.source_id == "pei2026" and c.section == section and c.lang == p.lang
        ),
        key=lambda c: (c.paragraph, c.part),
    )
    return [Passage(chunk=c, twin=book.index.twin_of(c), score=1.0, kind="paper", similarity=1.0) for c in chunks]


def _clarify(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
             rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    assert route.clarification is not None and u.place is not None
    query = u.place.matched_text or u.place.query
    if route.clarification.reason == "ambiguous":
        draft.add(p("clarify_ambiguous", query=query), "")
        draft.add(*(f"- {place_label(c, p.lang)}" for c in route.clarification.candidates))
    else:
        draft.add(
            p("clarify_not_found", query=query), "", p("did_you_mean", names="、".join(route.clarification.suggestions))
        )


def _out_of_region(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
                   rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    assert u.place is not None
    draft.add(p("out_of_region", place=u.place.matched_text or u.place.query), "", p("covers"))


def _off_topic(draft: Draft, route: Route, u: Understanding, passages: list[Passage], book: CitationBook,
               rulebook: RuleBook, p: Phrases) -> None:  # fmt: skip
    draft.add(p("off_topic"), "", p("covers"))
