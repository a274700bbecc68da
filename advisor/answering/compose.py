"""The grounded answer's shape: the answering sentences first, then the user's tier's measures, the gaps, what to ask next.

``Composer.answer`` writes, from the evidence ``Answering.select`` ranked and the route ``advisor.answering.routes``
chose, the ``Draft`` that ``advisor.chain`` verifies. It reads no model and no store: what it needs was loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.answer import Turn
from advisor.answering.analysis import Analysis, names_a_place
from advisor.answering.citations import CitationBook
from advisor.answering.draft import Draft, Phrases, place_label
from advisor.answering.evidence import EvidenceIndex
from advisor.answering.followups import said_in
from advisor.answering.gaps import PAPER_GAPS
from advisor.answering.lead import led_by_one_tier, measures_near_top, quoted_in
from advisor.answering.measures import all_given, asks_plan, pick_measures, plan_topics, write_measures
from advisor.answering.routes import (
    Route,
    asks_for_tiers,
    card_of,
    header_lines,
    premise_lines,
    tier_asked_alone,
    unknown_place_line,
    wrong_tier_named,
)
from advisor.answering.selected import Selected
from advisor.answering.selection import Ranked, one_tier_measure
from advisor.answering.shape import (
    asked_topics,
    was_said,
    write_cases,
    write_gaps,
    write_lead,
    write_next,
    write_tier_variants,
)
from advisor.answering.understand import names_a_tier, topics_named
from advisor.answering.verdict import Verdicts, lacking_verdict
from advisor.domain import Dimension
from advisor.language import simplified_characters
from advisor.rules import RuleBook

#: A question the sources do not cover is shown the nearest they come only when a sentence is this near it
#: (cosine); dev half: "申请地理标志商标的流程" 0.21, "paper 里有没有 regression" 0.15 — nothing there helps.
NEAREST_SIMILARITY, MAX_NEAREST = 0.3, 5
#: The verdicts a claim check opens with (``verdict.Verdicts``).
VERDICTS = ("yes", "no", "partly")


@dataclass(frozen=True)
class Composer:
    """What writing an answer reads, loaded once with the evidence: the units, the rule module, the claim checker,
    and the topics whose measures differ by tier."""

    evidence: EvidenceIndex
    rulebook: RuleBook
    verdicts: Verdicts
    tiered_topics: frozenset[Dimension]

    def answer(self, sel: Selected, route: Route, book: CitationBook, p: Phrases, history: list[Turn]) -> Draft:
        """The grounded answer for an in-domain question (the ``answer`` route)."""
        a, ranked = sel.analysis, sel.ranked
        draft = Draft()
        unknown = unknown_place_line(route, a.u, p)
        if unknown:
            draft.add(unknown, "")
        nearest = max((r.similarity for r in ranked[:MAX_NEAREST]), default=0.0)
        # a place put in the wrong tier, or a measure given to the wrong tier, is answered by the rule module
        covered = sel.covered or bool(route.corrections) or wrong_tier_named(a, route)
        lacking = lacking_verdict(a)  # "the paper is based on a survey, right?": a claim on the paper, answered so
        # ... or mainly asks what the paper itself lacks ("它自己写了局限性吗？你觉得主要弱点在哪"): on the paper
        on_the_paper = a.kinds[0] == "paper" or ((lacking is not None or a.gap_first) and a.gaps[0] in PAPER_GAPS)
        own_words = [r for r in ranked if r.unit.type == "aim"] if on_the_paper else []
        # on the paper, which is silent on its own research ("any regression?"); not a fact of the title page that
        # is missing ("发表在哪个 journal？license 是啥？": the licence line answers the rest)
        if own_words and (not covered or (a.gap_first and a.gaps[0] in PAPER_GAPS)):
            if lacking:
                draft.add(p(lacking))
            if a.gaps:  # what it lacks, when that is known ("no regression, no sample"); then what it says it does
                write_gaps(draft, a, "", p, heading=False)
                draft.add("")
            draft.add(p("paper_own" if a.gaps else "paper_silent"), "")
            self._lead(draft, a, own_words, book, p)
            return draft
        if not covered and (not a.u.about_domain or nearest < NEAREST_SIMILARITY):
            if a.gap_first:  # "卖辣椒酱要办什么许可证": what it lacks, in so many words, then what it covers
                write_gaps(draft, a, "", p, heading=False)
                draft.add("", p("covers"))
            else:
                draft.add(p("nothing"), "", p("covers"))  # what the sources cover, not sentences that do not help
            return draft
        if not covered:  # on the domain, but nothing answers it: say so (what it never mentions), then the nearest
            if "unmentioned" in a.gaps:
                write_gaps(draft, a, "", p, heading=False)
                draft.add("", p("nearest"))
                self._lead(draft, a, ranked, book, p)
                return draft
            lead = Draft()
            self._lead(lead, a, ranked, book, p)
            # ... unless its sentences decide the claim it states ("…most villages in china still have basically no
            # broadband, and the paper backs this up. Right?": "No.", then the sentence on coverage)
            if not (lead.lines and lead.lines[0].startswith(tuple(p(f"verdict_{v}") for v in VERDICTS))):
                draft.add(p("fact_low"), "")
            draft.add(*lead.lines)
            draft.strategies.extend(lead.strategies)
            return draft
        place = place_label(card_of(route.place), p.lang) if route.place else ""
        if route.place is not None and route.place.note:  # its card says how its province is placed in the tiers
            a.gaps = [g for g in a.gaps if g != "tier_list"]
        topics = asked_topics(a, ranked)
        if a.gap_first:  # "要投多少钱": that the paper gives no amount is the answer; then the nearest it comes
            if lacking:  # "…based on a survey of 300 farmers, right?": no, it has none
                draft.add(p(lacking))
            write_gaps(draft, a, place, p, heading=False)
            draft.add("", p("nearest"))
            self._lead(draft, a, ranked, book, p)
        else:
            said_before = said_in(history)
            self._answer_and_measures(draft, sel, route, place, topics, book, p, said_before)
            write_gaps(draft, a, place, p)
        asked_before = "\n".join(t.content for t in history if t.role == "user")
        write_next(draft, p, place, route.tier, topics, asked_before)
        return draft

    def _lead(self, draft: Draft, a: Analysis, ranked: list[Ranked], book: CitationBook, p: Phrases,
              said: str = "") -> list[Ranked]:  # fmt: skip
        return write_lead(draft, a, ranked, self.evidence, self.rulebook, book, p, self.verdicts, said)

    def _answer_and_measures(self, draft: Draft, sel: Selected, route: Route, place: str, topics: list[Dimension],
                             book: CitationBook, p: Phrases, said_before: str) -> None:  # fmt: skip
        """The answering sentences; then, for a question on what to do, the measures of the user's tier (or, with
        no tier known, each tier's); a plan request for a known place starts with its tier and measures."""
        a, ranked = sel.analysis, sel.ranked
        # A plan for a known place starts with its tier; a false premise starts with its correction.
        measures_answer = asks_plan(a) and bool(ranked) and ranked[0].unit.type == "measure"
        # a plan request no unit answers far better than the measures ("我们县想发展农村电商，从哪入手"), unlike one on
        # a thing the paper treats elsewhere ("我们村…电商跟乡村旅游怎么结合": §2.2.1 clearly first)
        plan_asked = a.kinds[0] == "plan" and measures_near_top(ranked)
        wrong_tier = wrong_tier_named(a, route)
        # tiers matter only for topics with measures of one tier (policy, finance, talent: the same for every tier)
        tier_matters = not a.u.topics or bool(set(a.u.topics) & self.tiered_topics)
        # with no tier known or named, one tier's measure answers no one: it leaves the lead and, when it would have
        # led an answer on a topic the paper treats by tier ("运费比货还贵，有什么 solution", "冷链论文怎么说"), each
        # tier's way follows (not after one of the paper's cases asked about: "京东助农…有冷链吗")
        untiered = route.tier is None and not a.u.tier_words
        tier_led = untiered and bool(set(a.u.topics) & self.tiered_topics) and not bool(a.case_words)
        tier_led = tier_led and led_by_one_tier(ranked, a)
        # "our county" asking how to do one thing the paper answers alike for every tier ("…互相压价…论文有什么办法")
        # gets that answer, not each tier's list; so does a plan request that the measures do not answer
        tiered_answer = plan_asked or led_by_one_tier(ranked, a) or a.kinds[0] not in ("how", "compare", "plan")
        tiers_asked = asks_for_tiers(a) and tiered_answer
        by_tier = route.tier is None and tier_matters and (tiers_asked or tier_led)
        # "我们县想发展农村电商，从哪入手" asks for the plan; "我们村…要怎么提高附加值" asks how, answered first
        focus = plan_topics(a)
        whole_plan = by_tier and a.own_county and not focus and plan_asked
        plan_first = bool(route.corrections or route.elsewhere) or wrong_tier or whole_plan
        # with no tier known, each tier's way comes first only when one tier's measure leads: a plan on a topic whose
        # best measure every tier shares ("我們縣想推一個區域公用品牌…論文裡怎麼建議的？") is answered by it first
        tier_led_plan = by_tier and bool(ranked) and one_tier_measure(ranked[0].unit)
        plan_first = plan_first or (measures_answer and (route.tier is not None or tier_led_plan))
        # a follow-up the conversation carries ("we're in Gannan, Gansu btw. so what do we do?"): its tier's measures
        # on the conversation's topics answer it, not the sentences its own few words are nearest
        plan_first = plan_first or (sel.only_carried and route.tier is not None and a.asks_what_to_do)
        # ... and so does one giving the user's place, which is what it asks of ("哦对了我们是陕西洛川的，这个有影响不？")
        plan_first = plan_first or (a.place_given and route.tier is not None and a.asks_what_to_do)
        # a follow-up does not say the county's tier again (what was said is compared in simplified characters)
        placed_before = bool(place) and f"**{simplified_characters(place)}**" in said_before and not route.corrections
        # "你凭啥把我们算成中部？": the tier of the user's place is what is asked — its card and notes come first; not
        # when the card was given and the tier is only named ("那按中部的话，物流这块具体要做什么？")
        # a tier named, or a bare one asked why of ("why central??" after the county's plan; not "why one county one
        # product for central?", whose best unit is the measure it asks the reason of)
        of_measure = bool(ranked) and ranked[0].unit.type == "measure"
        # ... or one naming the place beside it ("why central?? isnt heilongjiang northeast?"): the place's tier,
        # whatever measure is nearest
        # (topics its own words name, not those a follow-up takes from the thread: "why west?? guizhou is in the south
        # isnt it" after a question on couriers)
        bare = "why" in a.kinds and not topics_named(a.u.text) and names_a_tier(a.u.text)
        bare = bare and (not of_measure or names_a_place(a.u))
        named_tier = bool(a.u.tier_words) or bare
        tier_asked = route.place is not None and named_tier and not plan_first
        tier_asked = tier_asked and (not placed_before or a.yes_no or "why" in a.kinds)
        if tier_asked:
            draft.add(*header_lines(route, book, p), "")
        leading = [r for r in ranked if not one_tier_measure(r.unit)] if untiered else ranked
        chosen = [] if plan_first else self._lead(draft, a, leading, book, p, said_before)
        # a follow-up whose answer the conversation already gave ("那网速呢，直播老是卡" after the paper's slow-network
        # sentence was quoted) hears what the paper advises its tier on it: new content, not the same sentences
        repeated = a.follow_up and bool(chosen) and was_said(chosen[0].unit, said_before)
        # "是不是该按西部保底来做", "…should we follow the western plan?": the tier assumed is not theirs (not a
        # comparison with another tier: "跟浙江那边的县比，…和东部有啥不一样")
        if wrong_tier and (a.yes_no or a.asks_what_to_do) and "compare" not in a.kinds:
            draft.add(p("verdict_no"))
        if wrong_tier and placed_before:  # "so we should follow the west measures?" after the county's plan: its
            draft.add("", *header_lines(route, book, p))  # tier again, as the correction; not its measures again
        elif route.tier is not None and (a.asks_what_to_do or plan_first or repeated or tier_asked_alone(a, route)):
            if not (tier_asked or placed_before):
                draft.add("", *header_lines(route, book, p))
            elif placed_before and (premise := premise_lines(route, book, p)):  # "what about cold chain" in the
                draft.add("", *premise)  # West: whose measure it is, not the county again
            where = place or p("region_name", region=p.regions[route.tier])
            heading = p("can_do", place=where, label=p.label(route.tier))
            # no topic named: the tier's own measures, one per dimension first (not only those the ranking found)
            tiered = plan_first or not focus
            asked = list(a.u.topics) if tiered else topics
            # the county's own list holds its tier's measures only (tiers compared keep every tier's in the ranking)
            mine = [r for r in ranked if not r.unit.tiers or route.tier in r.unit.tiers]
            measures = pick_measures(
                a, mine, chosen, asked, self.rulebook, tiered_first=tiered, said_before=said_before
            )
            # "btw we're in Gansu, Dingxi. does that change anything?" after loans: they hold there too, and the tier's own
            if measures and a.same_everywhere and not all_given(measures, said_before):
                alike = p("topic_sep").join(p.topics[t] for t in a.same_everywhere)
                draft.add("", p("same_everywhere", topics=alike))
            write_measures(draft, measures, book, p, heading)
            if measures and all_given(measures, said_before):  # "那快递这块呢？" after a plan that listed them
                draft.add("", p("measures_given"), "")  # that they are all it has, and what else the paper says
                new = [r for r in ranked if not quoted_in(r.unit.quote, [m.quote for m in measures])]
                chosen = chosen or self._lead(draft, a, new, book, p, said_before)
        elif by_tier:
            write_tier_variants(draft, a, ranked, chosen, self.rulebook, book, p, said_before)
        if "cases" in a.kinds[:2] and not bool(a.case_words):
            write_cases(draft, ranked, chosen, book, p, said_before)
