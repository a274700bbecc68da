"""``ask()``: the one entry point every face calls, as a LangChain Runnable chain.

question → validate → understand (language, place, roles) → route (place, tier, false premise) → select
evidence (every sentence and rule ranked against the question, the tier applied; ``advisor.answering``) →
compose (answer first; grounded composer or an LLM engine given the same evidence) → verify citations →
``Answer``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

from langchain_core.runnables import RunnableLambda

from advisor.answer import Answer, Citation, StrategyRef, Turn
from advisor.answering.citations import CitationBook, finalize, verify_numbers
from advisor.answering.draft import Draft, Phrases, write_follow_ups
from advisor.answering.llm import MIN_SENTENCES, evidence_passages, gather, generate, messages_for, verify
from advisor.answering.pipeline import Answering
from advisor.answering.routes import Route, card_of, choose_route, fixed_answer, header_lines
from advisor.answering.selected import Selected
from advisor.answering.sources import names_a_reference
from advisor.answering.understand import Understanding, understand
from advisor.domain import Language
from advisor.engines import GROUNDED, engine_names, get_engine
from advisor.errors import AdvisorError, BackendError, ConfigError, UserInputError
from advisor.inputs import check_county, check_engine, check_history, check_lang, clean_text
from advisor.knowledge.corpus import load_references, paper_headings
from advisor.knowledge.embeddings import get_embeddings
from advisor.knowledge.index import Report, ensure_index, list_sources, reopen_store
from advisor.knowledge.retrieval import Passage, SearchIndex
from advisor.knowledge.spelling import respell
from advisor.knowledge.store import ChromaStore
from advisor.knowledge.tokens import is_common_noun
from advisor.language import to_traditional
from advisor.places.gazetteer import Gazetteer, get_gazetteer
from advisor.places.names import PlaceNames
from advisor.rules import RuleBook, get_rulebook
from advisor.settings import Settings, get_settings

WARM_QUESTIONS = ("贵州雷山县怎么发展农村电商？", "How can Suichang, Zhejiang improve logistics?")


def clean_question(question: object, max_chars: int) -> str:
    """Reject what cannot be a question; strip control and format characters. Over-long input is refused."""
    if not isinstance(question, str):
        raise UserInputError("The question must be text.", code="bad_question")
    text = clean_text(question).strip()
    if not text:
        raise UserInputError(
            "The question is empty.", hint="type a question, e.g. 贵州雷山县怎么发展农村电商？", code="empty_question"
        )
    if len(text) > max_chars:
        raise UserInputError(
            f"The question has {len(text)} characters; the limit is {max_chars}.",
            hint="shorten it, or ask one thing at a time",
            code="question_too_long",
        )
    return text


@dataclass
class Turnstate:
    """What flows between the chain's steps."""

    question: str
    lang: Language | None
    county: str | None
    history: list[Turn]
    engine: str
    started: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    u: Understanding | None = None
    route: Route | None = None
    selected: Selected | None = None

    def lap(self, name: str, since: float) -> None:
        self.timings[name] = round((time.perf_counter() - since) * 1000, 2)


class Advisor:
    """The loaded knowledge (index, gazetteer, rules) and the answer chain over it."""

    def __init__(self, settings: Settings | None = None, *, report: Report | None = None) -> None:
        self.settings = settings or get_settings()
        self.gazetteer: Gazetteer = get_gazetteer()
        self.rulebook: RuleBook = get_rulebook()
        self._load(ensure_index(self.settings, report=report or (lambda _m: None)))
        self.references = load_references(self.settings.paths.corpus_dir)
        self._reference_years = tuple(str(r.year) for r in self.references if r.year)  # bibliographic facts too
        self._case_places = case_places(self.rulebook, self.gazetteer)
        self._case_codes = frozenset(names.place.code for names in self._case_places)
        self.chain = (
            RunnableLambda(self._understand)
            | RunnableLambda(self._route)
            | RunnableLambda(self._select)
            | RunnableLambda(self._compose)
        )

    def _load(self, store: ChromaStore) -> None:
        """Index the store's contents for search and citation, and remember which contents they were."""
        retrieval = self.settings.retrieval
        self._signature = store.signature()
        self.index = SearchIndex(
            store,
            get_embeddings(self.settings.embeddings),
            candidates=retrieval.candidates,
            rrf_k=retrieval.rrf_k,
            bm25_weight=retrieval.bm25_weight,
            headings=paper_headings(self.settings.paths.corpus_dir),
        )
        self.answering = Answering(self.index, self.rulebook, self.settings.paths.corpus_dir)
        self.sources = {s.id: s for s in list_sources(self.settings)}
        self._bibliographic = tuple(str(s.year) for s in self.sources.values() if s.year)

    def refresh(self) -> None:
        """Re-read the store after documents were ingested, so they become searchable and citable."""
        self._load(self.index.store)

    def _ensure_current(self) -> None:
        """Follow a rebuild or an ingest made while this advisor is loaded (by another process, too).

        The store's signature (collection id, build facts, size) is compared on every question, about
        2 ms. A new collection is reopened by name; new rows in the same collection need a new client.
        A build still in progress is not followed until it is complete.
        """
        store = self.index.store
        try:
            current = store.signature()
        except BackendError:
            return  # the store is failing: the question's own store calls report it
        if current is None or current == self._signature or current[2] != "yes":
            return
        if self._signature is not None and current[0] == self._signature[0]:
            store = reopen_store(self.settings)
        else:
            store.reopen()
        self._load(store)

    def warm(self) -> None:
        """Load everything the first question would (embedding model, evidence units, gazetteer, jieba, the
        catalogue) by answering one question per language; a server calls this before it reports ready."""
        for question in WARM_QUESTIONS:
            self.ask(question)
        self.gazetteer.complete("leishan", 5)
        is_common_noun("农业县")  # jieba's part-of-speech tables, read for the first unknown place name (0.2 s)
        respell("infrastrcture")  # the word lists, read for the first English word the sources lack (~25 ms)

    def ask(
        self,
        question: str,
        *,
        history: list[Turn] | list[dict[str, str]] | None = None,
        county: str | None = None,
        lang: Language | None = None,
        engine: str | None = None,
    ) -> Answer:
        """Answer one question (with the conversation so far) about the user's county."""
        engine = check_engine(engine) or self.settings.engine
        if engine not in engine_names():
            raise ConfigError(f"Unknown engine '{engine}'.", hint=f"choose one of: {', '.join(engine_names())}")
        lang, county, turns = check_lang(lang), check_county(county), check_history(history)
        text = clean_question(question, self.settings.max_question_chars)
        self._ensure_current()
        state = Turnstate(question=text, lang=lang, county=county, history=turns, engine=engine)
        answer: Answer = self.chain.invoke(state)
        return answer

    # -- chain steps ---------------------------------------------------------------------------
    def _understand(self, state: Turnstate) -> Turnstate:
        since = time.perf_counter()
        u = understand(
            state.question, gazetteer=self.gazetteer, history=state.history, lang=state.lang, county=state.county,
            cases=self._case_codes,
        )  # fmt: skip
        state.u = self.answering.without_instructions(u)
        state.lap("understand", since)
        return state

    def _route(self, state: Turnstate) -> Turnstate:
        assert state.u is not None
        state.route = choose_route(state.u, self.rulebook)
        return state

    def _select(self, state: Turnstate) -> Turnstate:
        """Rank the evidence against the question; a question that is off topic by its meaning is routed so."""
        assert state.u is not None and state.route is not None
        since = time.perf_counter()
        state.selected = self.answering.select(state.u, state.route.tier, state.history)
        if state.selected.off_topic and state.route.name != "out_of_region":
            state.route = Route("off_topic", scope="off_topic")
        elif state.route.place is not None and names_a_reference(state.selected.analysis, state.selected.ranked):
            # "参考文献里…哪篇是讲安溪县的": the place a reference is about, not where the user is
            state.route = replace(state.route, place=None, tier=None)
        state.lap("select", since)
        return state

    def _compose(self, state: Turnstate) -> Answer:
        u, route, selected = state.u, state.route, state.selected
        assert u is not None and route is not None and selected is not None
        since = time.perf_counter()
        phrases = Phrases(u.language)
        book = self._book(u.language)
        if route.name == "answer":
            draft = self.answering.composer.answer(selected, route, book, phrases, state.history)
        else:
            draft = fixed_answer(route, u, phrases)
        engine_used, notices = GROUNDED, []
        # A false premise is corrected with the paper's own measures, in fixed wording: small models drop them.
        if state.engine != GROUNDED and route.name == "answer" and not route.corrections:
            try:
                draft, book, removed = self._llm_draft(
                    state, route, draft, evidence_passages(selected.ranked, self.index)
                )
                engine_used = state.engine
                if removed:
                    notices.append(phrases("llm_removed", count=removed))
            except AdvisorError as exc:
                notices.append(phrases("llm_fallback", engine=state.engine, reason=exc.message))
        markdown, citations = finalize(draft.markdown, book.citations)
        markdown, removed_lines = verify_numbers(markdown, citations, (*self._bibliographic, *self._reference_years))
        if removed_lines:
            notices.append(phrases("llm_removed", count=removed_lines))
        state.lap("compose", since)
        return self._answer(state, route, draft, markdown, citations, engine_used, notices)

    def _book(self, lang: Language) -> CitationBook:
        return CitationBook(self.index, self.sources, self.references, lang)

    def _llm_draft(
        self, state: Turnstate, route: Route, grounded: Draft, passages: list[Passage]
    ) -> tuple[Draft, CitationBook, int]:
        """Ask the LLM with the grounded draft's strategies as rules; keep only verified sentences."""
        u = state.u
        assert u is not None
        engine = get_engine(state.engine, self.settings)
        place = route.place.label(u.language) if route.place else None
        here = self.gazetteer.names_of(route.place) if route.place else None
        evidence = gather(grounded.strategies, passages, place, route.tier, here=here, cases=self._case_places)
        text = generate(engine, messages_for(evidence, u.text, state.history, u.language), self.settings.llm.timeout_s)
        book = self._book(u.language)
        kept, removed = verify(text, evidence, book, self.rulebook.strategies)
        if len(kept) < MIN_SENTENCES:
            raise BackendError(f"only {len(kept)} verified sentence(s)", code="llm_unverified")
        draft = Draft(strategies=grounded.strategies, follow_ups=grounded.follow_ups)
        draft.add(*header_lines(route, book, Phrases(u.language)), "", " ".join(kept))
        if draft.follow_ups:
            write_follow_ups(draft, Phrases(u.language), draft.follow_ups)
        return draft, book, removed

    def _answer(
        self, state: Turnstate, route: Route, draft: Draft, markdown: str, citations: list[Citation], engine: str,
        notices: list[str],
    ) -> Answer:  # fmt: skip
        u = state.u
        assert u is not None
        if u.injection:
            notices.insert(0, Phrases(u.language)("injection"))
        follow = draft.follow_ups
        if u.traditional:
            markdown, follow = to_traditional(markdown), [to_traditional(f) for f in follow]
        state.timings["total"] = round((time.perf_counter() - state.started) * 1000, 2)
        return Answer(
            question=state.question,
            language=u.language,
            answer=markdown,
            county=card_of(route.place) if route.place else None,
            clarification=route.clarification,
            scope=route.scope,
            citations=citations,
            strategies=[
                StrategyRef(id=s.id, dimension=s.dimension, tier=route.tier or ",".join(s.tiers), section=s.section)
                for s in draft.strategies
            ],
            engine=engine,
            timings_ms=state.timings,
            topics=[*u.topics, *u.kinds],
            role=u.role,
            notices=notices,
            follow_ups=follow,
        )


def case_places(rulebook: RuleBook, gazetteer: Gazetteer) -> tuple[PlaceNames, ...]:
    """The places of the paper's §3.3 cases (遂昌, 曹县), as the LLM verifier looks for them in sentences."""
    places = (gazetteer.resolve(m.county, province=m.province).place for m in rulebook.models if m.county)
    return tuple(gazetteer.names_of(p) for p in places if p is not None)


@lru_cache(maxsize=1)
def get_advisor() -> Advisor:
    """The process-wide advisor for the default settings (loaded on first use)."""
    return Advisor()


def ask(
    question: str,
    *,
    history: list[Turn] | list[dict[str, str]] | None = None,
    county: str | None = None,
    lang: Language | None = None,
    engine: str | None = None,
) -> Answer:
    """Library entry point: ``advisor.ask("贵州雷山县怎么发展农村电商？")``."""
    return get_advisor().ask(question, history=history, county=county, lang=lang, engine=engine)
