"""Which answer a question gets: ``answer`` (the pipeline writes it), or fixed wording for ``clarify`` (an
ambiguous place), ``out_of_region`` and ``off_topic``; and the place and tier lines every answer shares.

Pure functions of the understanding: the place (named here, given, or remembered), tier words, and whose measure a
thing named is — a tier-specific measure the question gives to a tier the paper does not give it to (a false premise,
corrected), or only asks of or tells of there (placed where the paper puts it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from advisor.answer import Clarification, CountyCard
from advisor.answering.analysis import Analysis, names_the_paper
from advisor.answering.citations import CitationBook
from advisor.answering.draft import TIER_PRINCIPLE_QUOTE, Draft, Phrases, marker, place_label, place_lines
from advisor.answering.forms import asks_yes_or_no, is_question, states_a_claim, tells_only
from advisor.answering.understand import Understanding, load_lexicon, matches
from advisor.domain import TIERS, Scope, Tier
from advisor.places.gazetteer import Place
from advisor.rules import RuleBook, Strategy
from advisor.text import CLAUSE_MARKS, FIRST_PERSON

RouteName = Literal["answer", "clarify", "out_of_region", "off_topic"]


@dataclass
class Route:
    name: RouteName
    scope: Scope = "in_scope"
    place: Place | None = None
    tier: Tier | None = None
    clarification: Clarification | None = None
    corrections: list[Strategy] = field(default_factory=list)
    elsewhere: list[Strategy] = field(default_factory=list)  # measures asked of, which the paper gives other tiers
    premise_term: str = ""  # the word naming them (冷链), as the sources write it
    home: Place | None = None  # the user's county, known from earlier, when the question asks about another tier


def choose_route(u: Understanding, rulebook: RuleBook) -> Route:
    """Decide from the understanding alone. An unknown place ("火星县") is kept as a clarification, and the
    question is answered without it (it may not be a place at all)."""
    if u.injection and not u.about_domain and not u.question_kept:  # only an attempt to change the rules
        return Route("off_topic", scope="off_topic")
    here_tier = u.tier_words[0] if len(u.tier_words) == 1 and not _named_here(u) else _tier_claimed_of(u, rulebook)
    resolution, unknown = u.place, None
    home = resolution.place if resolution is not None and resolution.status == "found" else None
    if here_tier is not None and home is not None and (home.tier == here_tier or claims_own_tier(u)):
        here_tier = None  # "论文是不是说中部要先上卫星宽带？" from a Central county asks of its own tier; "so we should
        # follow the west measures instead, right?" from a Central county puts it in another tier (corrected)
    if resolution is not None and resolution.status == "not_found":
        unknown = Clarification(reason="not_found", suggestions=resolution.suggestions)
        resolution = None
    if here_tier is None and resolution is not None:
        if resolution.status == "out_of_scope":
            return Route("out_of_region", scope="out_of_region")
        if resolution.status == "ambiguous":
            cards = [card_of(c) for c in resolution.candidates]
            return Route("clarify", clarification=Clarification(reason="ambiguous", candidates=cards))
    place = resolution.place if resolution is not None and here_tier is None else None
    tier = place.tier if place else here_tier
    named, term, naming = _false_premises(u, rulebook, tier)
    # a measure said to be the tier's (by the paper, someone, a hidden instruction, or as what should be done) is
    # corrected; one only asked of or told of ("冷链怎么解决", "牛羊肉是不是得先上冷链？", "冷链基本没有") is placed
    # where the paper puts it
    asked = not (u.injection or states_a_claim(u.text) or any(map(_asserts, naming)))
    return Route(
        "answer", place=place, tier=tier, clarification=unknown, corrections=[] if asked else named,
        elsewhere=named if asked else [], premise_term=term, home=home if place is None else None,
    )  # fmt: skip


def _tier_claimed_of(u: Understanding, rulebook: RuleBook) -> Tier | None:
    """The one tier a claim gives another tier's measure ("西部也要跟东部一样铺千兆光纤和5G"): it names both tiers, and
    the claim is about the one whose measure it is not."""
    if (
        len(u.tier_words) < 2
        or not u.claims
        or _named_here(u)
        or not (states_a_claim(u.text) or asks_yes_or_no(u.text))
    ):
        return None
    owners = {t for s in _strategies_of(u.claims, rulebook) for t in s.tiers}
    others = [t for t in u.tier_words if t not in owners]
    return others[0] if len(others) == 1 and len(owners) < len(u.tier_words) else None


#: The user as the subject of a claim ("so we should follow the west measures", "咱们是不是该按西部的来").


def claims_own_tier(u: Understanding) -> bool:
    """Whether a claim puts the user's county, known from earlier in the conversation, in the one tier it names:
    the user speaks of themselves in a claim or a yes/no question, not of a tier on its own ("那西部呢？")."""
    remembered = u.place is not None and u.place_from_history and u.place.status == "found"
    claim = states_a_claim(u.text) or asks_yes_or_no(u.text)
    return remembered and len(u.tier_words) == 1 and claim and FIRST_PERSON.search(u.text) is not None


def _named_here(u: Understanding) -> bool:
    """A place named in this very question beats tier words ('西部的雷山县')."""
    return u.place is not None and not u.place_from_history and u.place.status in ("found", "ambiguous")


#: The words by which a statement says what should be done ("The East should rely on satellite broadband").
_NORMATIVE = re.compile(r"应该|应当|\b(?:should|must)\b", re.I)


def _asserts(clause: str) -> bool:
    """Whether a clause naming a measure gives it to the tier: the paper's ("论文建议西部推行一县一品，"), or as what
    should be done, not asked ("The East should rely on satellite broadband")."""
    said = names_the_paper(clause) or _NORMATIVE.search(clause) is not None
    return said and not is_question(clause)  # not "冷链这块论文怎么说要怎么弄？"


def _false_premises(u: Understanding, rulebook: RuleBook, tier: Tier | None) -> tuple[list[Strategy], str, list[str]]:
    """Tier-specific measures the question names, for a tier the paper does not give them to (a cold chain, for the
    West, is the East's and the Centre's), the term that names them in the user's language, and the clauses that
    name them."""
    if tier is None or not u.claims:
        return [], "", []
    clauses = _not_told(u.text.lower())  # "我们村的电商服务站…咋会搞成这样" tells the user's own, attributing nothing
    clauses = [c for c in clauses if not _DENIES.search(c)]  # "…不用急着上 5G 直播基地" keeps it from the tier
    asserted = " ".join(clauses)
    for claim in load_lexicon().claims:  # none for a term the tier's own measures use too (冷链: East and Centre)
        named = _strategies_of(claim.strategies, rulebook)
        said = [_dashless(t) for t in claim.terms if matches(asserted, [t])]
        if said and named and all(tier not in s.tiers for s in named):
            worded = [s for s in named if matches(_dashless(f"{s.text_zh} {s.text_en}".lower()), said)]
            term = claim.terms[0] if u.language == "zh" else next((t for t in claim.terms if t.isascii()), said[0])
            naming = [c for c in clauses if matches(_dashless(c), said)]
            return worded or named[:1], term, naming  # the measures that use its words (卫星宽带, not "保障基础交易")
    return [], "", []


#: The words by which a clause keeps a measure from a tier (grammar, both languages): "不用急着上 5G", "no need for 5G".
_DENIES = re.compile(r"不用|不必|不需要|无需|没必要|用不着|别急|\b(?:no need|don't need|do not need|not need)\b", re.I)


def _dashless(text: str) -> str:
    """A text with hyphens as spaces: "cold-chain" and "cold chain" are one term."""
    return text.replace("-", " ")


def _strategies_of(names: list[str], rulebook: RuleBook) -> list[Strategy]:
    """The strategies a claim's words name, by their ids or id prefixes ("digital.east")."""
    return [s for s in rulebook.strategies if any(s.named_by(name) for name in names)]


_CLAUSE_END = re.compile(rf"(?<=[{CLAUSE_MARKS}])|(?<=\.)\s+")


def _not_told(text: str) -> list[str]:
    """A message's clauses but those that only tell of the user ("我们林芝这个村的电商服务站，…"): what is left may
    attribute a measure to a tier; what users say they have does not, unless they say whose it is ("my cousin tell
    me the paper suggest…")."""
    return [c for c in _CLAUSE_END.split(text) if not tells_only(c) or names_the_paper(c) or states_a_claim(c)]


def fixed_answer(route: Route, u: Understanding, p: Phrases) -> Draft:
    """The answer of a clarify, out-of-region or off-topic route: fixed wording, no claims."""
    draft = Draft()
    if route.name == "clarify" and route.clarification is not None and u.place is not None:
        draft.add(p("clarify_ambiguous", query=u.place.matched_text or u.place.query), "")
        draft.add(*(f"- {place_label(c, p.lang)}" for c in route.clarification.candidates))
    elif route.name == "out_of_region" and u.place is not None:
        draft.add(p("out_of_region", place=u.place.matched_text or u.place.query), "", p("covers"))
    else:
        draft.add(p("off_topic"), "", p("covers"))
    return draft


def unknown_place_line(route: Route, u: Understanding, p: Phrases) -> str | None:
    """ "I could not find X; did you mean …" for a place-like name the gazetteer does not know."""
    if route.clarification is None or route.clarification.reason != "not_found" or u.place is None:
        return None
    names = "、".join(route.clarification.suggestions)
    line = p("clarify_not_found", query=u.place.matched_text or u.place.query)
    return line + (p("did_you_mean", names=names) if names else "")


def header_lines(route: Route, book: CitationBook, p: Phrases) -> list[str]:
    """A correction of a false premise, then the place (or tier) line with the tier principle cited."""
    if route.tier is None:
        return []
    lines = premise_lines(route, book, p)
    tier_marker = book.quote(TIER_PRINCIPLE_QUOTE)
    if route.place:
        return [*lines, *place_lines(card_of(route.place), tier_marker, p)]
    label, region = p.label(route.tier), p.regions[route.tier]
    if route.home is not None:  # "那西部呢？" after a Central county: its tier is said, not asked for again
        home = card_of(route.home)
        return [*lines, p("tier_other_line", region=region, label=label, marker=marker(tier_marker),
                          place=place_label(home, p.lang), home_region=p.regions[home.tier])]  # fmt: skip
    return [*lines, p("tier_only_line", region=region, label=label, marker=marker(tier_marker))]


def premise_lines(route: Route, book: CitationBook, p: Phrases) -> list[str]:
    """A measure said to be the tier's (a correction), or only asked of ("冷链怎么解决" in the West): the tiers the
    paper gives it to, each of its measures cited."""
    named = route.corrections or route.elsewhere
    if route.tier is None or not named:
        return []
    if route.corrections:
        owners = [t for t in TIERS if any(t in s.tiers for s in named)]
        tiers = ("、" if p.lang == "zh" else ", ").join(p.regions[t] for t in owners)
        markers = "".join(marker(book.quote(s.quote)) for s in named)
        return [p("false_premise", tiers=tiers, asked=_where(route, p), marker=markers), ""]
    given = ("；" if p.lang == "zh" else "; ").join(
        s.text(p.lang).rstrip("。.") + marker(book.quote(s.quote)) for s in named
    )
    return [p("given_elsewhere", asked=_where(route, p), term=route.premise_term, measures=given), ""]


def _where(route: Route, p: Phrases) -> str:
    assert route.tier is not None
    if route.place:
        return place_label(card_of(route.place), p.lang)
    return p("region_name", region=p.regions[route.tier])


def card_of(place: Place) -> CountyCard:
    """The language-neutral card of a place, with its display label in both languages."""
    return CountyCard.model_validate(
        {**place.model_dump(), "label_zh": place.label("zh"), "label_en": place.label("en")}
    )


def asks_for_tiers(a: Analysis) -> bool:
    """What to do, with no tier known: for "our county" or a plan, or tiers compared ("东中西部有什么不同")."""
    top = a.kinds[0]
    plan = top == "plan" and not {"cases", "paper", "claim"} & set(a.kinds)  # a claim check is not a plan request
    compared = top == "compare" and len(a.u.tier_words) > 1 and "why" not in a.kinds  # not "为啥东西部差距大"
    return (top in ("how", "plan") and a.own_county) or plan or compared


def wrong_tier_named(a: Analysis, route: Route) -> bool:
    """The question puts the place it names, or the user's county named before, in another tier ("岫岩县应该算中部吧" —
    Liaoning is East; "so we should follow the west measures?" from Jilin)."""
    named = a.u.place is not None and (not a.u.place_from_history or claims_own_tier(a.u)) and route.place is not None
    # put there by a claim or a question on what to do by that tier, not by comparing ("林芝…比东部慢太多了…为什么")
    placed = (a.yes_no or a.asks_what_to_do) and a.kinds[0] != "why"
    return named and placed and bool(a.u.tier_words) and route.tier not in a.u.tier_words


def tier_asked_alone(a: Analysis, route: Route) -> bool:
    """A tier asked about without a place ("What about the West?"), not in a question on causes or facts, nor in a
    claim that names it ("论文是不是说 policy 支持偏向东部和大企业?"; a wrong tier is corrected before this)."""
    claimed = a.kinds[0] == "claim" and not a.follow_up  # "what about the middle region?" after a claim asks it
    return route.place is None and not claimed and a.kinds[0] not in ("why", "what", "how_much", "paper", "cases")
