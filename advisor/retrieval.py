"""Hybrid retrieval: BM25 (jieba / English words) + dense (Chroma), fused by reciprocal rank.

Why both: BM25 catches exact terms farmers use (冷链, 客货邮, livestream) and dense catches
paraphrases and the zh<->en crossing. Results are deduplicated per (source, section, paragraph) so a
Chinese passage and its English twin count once — and are returned together, for citations that show
the original beside the translation.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from advisor.chunking import Chunk
from advisor.domain import Language
from advisor.language import to_simplified
from advisor.store import ChromaStore

Locator = tuple[str, str, int]

_DOMAIN_WORDS = [
    "农村电商", "乡村振兴", "客货邮", "前置仓", "冷链", "淘宝村", "京东助农", "多多农园", "新农人", "统仓共配",
    "一县一品", "公共品牌", "子品牌", "直播带货", "短视频", "溯源", "供应链", "绿色信贷", "行动者网络",
    "上行", "下行", "卫星宽带", "千兆光纤", "集散中心", "电商服务站", "网络零售额", "遂昌", "曹县",
]  # fmt: skip
_ZH_STOP = set(
    [
        "的",
        "了",
        "是",
        "在",
        "我",
        "我们",
        "你",
        "怎么",
        "怎样",
        "如何",
        "什么",
        "吗",
        "呢",
        "吧",
        "啊",
        "和",
        "与",
        "及",
        "或",
        "有",
        "要",
        "能",
        "会",
        "对",
        "把",
        "让",
        "给",
        "这",
        "那",
        "哪些",
        "一个",
        "还",
        "就",
        "都",
        "也",
        "为",
        "被",
    ]
)
_EN_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "how",
        "what",
        "which",
        "who",
        "why",
        "when",
        "where",
        "i",
        "we",
        "you",
        "our",
        "my",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "by",
        "from",
        "at",
        "as",
        "can",
        "could",
        "should",
        "would",
        "will",
        "about",
        "there",
        "their",
        "they",
        "them",
        "me",
        "us",
        "any",
        "some",
        "into",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in _DOMAIN_WORDS:
        jieba.add_word(word)
    return jieba


def _stem(word: str) -> str:
    """A light, consistent English stemmer: village/villages/villager share 'villag'."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "er", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: jieba words for Chinese runs, stemmed words for Latin text."""
    text = to_simplified(text).lower()
    tokens = [t for run in _CJK_RUN.findall(text) for t in _jieba().lcut_for_search(run) if t not in _ZH_STOP]
    tokens += [_stem(w) for w in _WORD.findall(text) if w not in _EN_STOP]
    return tokens


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


class SearchIndex:
    """All chunks in memory for BM25, the store for dense vectors; built once per process."""

    def __init__(self, store: ChromaStore, embeddings: Embeddings, *, candidates: int = 30, rrf_k: int = 60) -> None:
        import bm25s

        self.store = store
        self.embeddings = embeddings
        self.candidates = candidates
        self.rrf_k = rrf_k
        rows = store.all_chunks()
        self.chunks: dict[str, Chunk] = {chunk.id: chunk for chunk, _ in rows}
        self.kinds: dict[str, str] = {chunk.id: kind for chunk, kind in rows}
        self._ids = list(self.chunks)
        self._by_locator: dict[Locator, list[Chunk]] = defaultdict(list)
        for chunk in self.chunks.values():
            self._by_locator[chunk.locator].append(chunk)
        self.vocabulary: set[str] = set()
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(self.chunks[i].text) or ["_"] for i in self._ids], show_progress=False)

    def coverage(self, query: str, ignore: set[str]) -> float | None:
        """Share of the query's specific words found anywhere in the sources (None: no specific words).

        Dense similarity alone cannot tell "fertiliser for rice" from an in-corpus question, because
        both mention villages; words the sources never use can.
        """
        if not self.vocabulary:
            self.vocabulary = {t for c in self.chunks.values() for t in tokenize(c.text)}
        specific = {t for t in tokenize(query) if t not in ignore and len(t) > 1}
        if not specific:
            return None
        return len(specific & self.vocabulary) / len(specific)

    def bm25_ranking(self, query: str, n: int) -> list[str]:
        tokens = tokenize(query)
        if not tokens or not self._ids:
            return []
        docs, scores = self._bm25.retrieve([tokens], k=min(n, len(self._ids)), show_progress=False)
        return [self._ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def dense_hits(self, query: str, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        vector = self.embeddings.embed_query(to_simplified(query))
        return self.store.search(vector, k=min(n, max(len(self._ids), 1)))

    def search(self, query: str, k: int = 5, *, lang: Language = "zh", mode: str = "hybrid") -> list[Passage]:
        """Best passages, one per (source, section, paragraph), in ``lang`` where available."""
        rankings = []
        similarity: dict[str, float] = {}
        if mode in ("hybrid", "bm25"):
            rankings.append(self.bm25_ranking(query, self.candidates))
        if mode in ("hybrid", "dense"):
            similarity = dict(self.dense_hits(query, self.candidates))
            rankings.append(list(similarity))
        chunk_scores = _rrf(rankings, self.rrf_k)
        by_locator: dict[Locator, float] = defaultdict(float)
        for cid, score in chunk_scores.items():
            by_locator[self.chunks[cid].locator] += score
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
        """The chunk that contains ``quote`` verbatim (citations are checked against the index)."""
        needle = quote.strip()
        return next((c for c in self.chunks.values() if needle and needle in c.text), None)


def _rrf(rankings: list[list[str]], rrf_k: int) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] += 1.0 / (rrf_k + rank)
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
