"""`advisor doctor`: check settings, corpus, index, models, engines and Chroma; say what to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advisor.errors import AdvisorError
from advisor.settings import Settings, get_settings


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _run(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name, True, probe())
    except AdvisorError as exc:
        return Check(name, False, str(exc))
    except Exception as exc:  # doctor reports every failure instead of stopping at the first
        return Check(name, False, f"{exc.__class__.__name__}: {exc}")


def run_checks(settings: Settings | None = None) -> list[Check]:
    from advisor.engines import engine_names
    from advisor.knowledge.corpus import load_references, paper_chunks
    from advisor.knowledge.embeddings import get_embeddings
    from advisor.knowledge.index import ensure_index, fingerprint, open_store
    from advisor.places.gazetteer import get_gazetteer
    from advisor.rules import get_rulebook

    s = settings or get_settings()
    checks = [
        _run("settings", lambda: f"data dir {s.paths.data_dir}, engine {s.engine}, embeddings {s.embeddings}"),
        _run("corpus", lambda: f"{len(paper_chunks(s.paths.corpus_dir))} passages, "
                               f"{len(load_references(s.paths.corpus_dir))} references"),
        _run("rules", lambda: f"{len(get_rulebook().strategies)} strategies"),
        _run("gazetteer", lambda: f"{get_gazetteer().resolve('雷山县').status} for 雷山县"),
        _run("embeddings", lambda: f"{len(get_embeddings(s.embeddings).embed_query('测试'))}-dim vectors"),
        _run("vector store", lambda: _store_status(open_store(s), fingerprint(s), s)),
        _run("index", lambda: f"{ensure_index(s).count()} passages ready"),
        _run("engines", lambda: ", ".join(engine_names())),
        _run("feedback", lambda: _feedback_status(s)),
    ]  # fmt: skip
    return checks


def _store_status(store: object, expected: str, settings: Settings) -> str:
    from advisor.knowledge.store import ChromaStore

    assert isinstance(store, ChromaStore)
    store.heartbeat()
    where = settings.chroma.url or str(settings.paths.data_dir / "chroma")
    current = store.info().get("fingerprint") == expected
    return f"{where} answers; index {'current' if current else 'will be rebuilt on next start'}"


def _feedback_status(settings: Settings) -> str:
    from advisor.feedback import FeedbackStore

    store = FeedbackStore.from_settings(settings)
    try:
        return store.health()
    finally:
        store.close()
