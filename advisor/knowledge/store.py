"""The only module that talks to Chroma (``chromadb`` and ``langchain-chroma``).

Embedded ``PersistentClient`` under ``data/chroma`` by default; a Chroma server when
``ADVISOR_CHROMA_URL`` is set. Chroma's own default embedding function downloads a model, so it is
never used: vectors always come from our ``Embeddings`` (``embedding_function=None`` on the collection).

Public API only, except where a comment names the private attribute and why no public one exists:
langchain-chroma's ``Chroma`` for adding texts, search, ``get``, ``delete`` and reset; chromadb's client
(``get_collection``) for what the wrapper has no public call for (count, collection metadata, upsert
with our own vectors) and for the side cache of vectors that retrieval keeps beside the collection.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from advisor.errors import BackendError, ConfigError, require
from advisor.knowledge.chunking import Chunk

_SAFE = re.compile(r"[^a-zA-Z0-9._-]+")
_BATCH = 1000  # ids per call to the vector cache (Chroma limits a batch's size)


def collection_name(base: str, model_label: str) -> str:
    """Chroma collection names allow [a-zA-Z0-9._-]; one collection per embedding model."""
    return _SAFE.sub("-", f"{base}-{model_label}").strip("-._")[:60]


def _client(path: Path | None, url: str | None, timeout_s: float) -> Any:
    chromadb = require("chromadb")
    config = require("chromadb.config")
    settings = config.Settings(anonymized_telemetry=False, allow_reset=True)
    if url:
        host, port, ssl = _parse_url(url)
        try:
            _preflight(host, port, ssl, timeout_s)
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
            _bound_http_timeout(client, timeout_s)
            return client
        except Exception as exc:
            raise BackendError(
                f"Cannot reach the Chroma server at {url}: {exc}",
                hint="start it (chroma run --host 127.0.0.1 --port 8000) or unset ADVISOR_CHROMA_URL",
                code="chroma_unreachable",
            ) from exc
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:  # e.g. "file is not a database": the caller sets the folder aside
        forget_embedded(path)
        raise BackendError(
            f"Cannot open the embedded Chroma index at {path}: {exc}",
            hint="run `advisor index --rebuild`",
            code="store_error",
        ) from exc


def _parse_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of a Chroma server URL; anything else is a ConfigError, not a network error."""
    bad = ConfigError(f"ADVISOR_CHROMA_URL is not a URL: {url!r}", hint="e.g. http://127.0.0.1:8000")
    try:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        port = parsed.port
    except ValueError as exc:  # "http://[::1", "http://host:notaport"
        raise bad from exc
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise bad
    return parsed.hostname, port or (443 if parsed.scheme == "https" else 8000), parsed.scheme == "https"


def forget_embedded(path: Path) -> None:
    """Drop Chroma's per-process cached client for ``path``.

    Chroma keeps one client system per folder for the life of the process, even one that failed to
    start; after a failed open or after the folder was moved aside, the next open must start afresh.
    Private API: chromadb's only public call, ``SharedSystemClient.clear_system_cache()``, drops every
    folder's client (other stores in this process) and stops none of them.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(path)
    system = SharedSystemClient._identifier_to_system.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()


def _preflight(host: str, port: int, ssl: bool, timeout_s: float) -> None:
    """One heartbeat with a deadline: Chroma's client connects with no timeout at all, so a server that
    accepts the connection but never answers would hang its constructor forever."""
    import httpx

    netloc = f"[{host}]" if ":" in host else host
    url = f"{'https' if ssl else 'http'}://{netloc}:{port}/api/v2/heartbeat"
    httpx.get(url, timeout=timeout_s).raise_for_status()


def _bound_http_timeout(client: Any, timeout_s: float) -> None:
    """Chroma's HTTP client waits forever by default; a stuck server must not hang the app.

    Private API: chromadb 1.5 has no setting for the HTTP client's timeout, so the session's is set here.
    """
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s)


class ChromaStore:
    """A collection of chunks with vectors; the contract every store backend meets."""

    def __init__(
        self,
        *,
        embeddings: Embeddings,
        collection: str,
        path: Path | None = None,
        url: str | None = None,
        timeout_s: float = 5.0,
    ) -> None:
        self.url = url
        self.collection = collection
        self._embeddings = embeddings
        self._client = _client(path, url, timeout_s)
        try:
            self._db = self._open(create=True)
        except Exception as exc:
            raise BackendError(f"Cannot open the Chroma collection '{collection}': {exc}", code="store_error") from exc

    def _open(self, *, create: bool) -> Any:
        lc_chroma = require("langchain_chroma", package="langchain-chroma")
        return lc_chroma.Chroma(
            collection_name=self.collection,
            embedding_function=self._embeddings,
            client=self._client,
            collection_configuration={"hnsw": {"space": "cosine"}},
            create_collection_if_not_exists=create,
        )

    def reopen(self) -> None:
        """Take a new handle on the collection by name: a rebuild (here or in another process) replaces
        the collection, and the old handle then fails with "does not exist"."""
        self._db = self._open(create=False)

    def signature(self) -> tuple[str, str, str, int] | None:
        """(collection id, fingerprint, complete, count) read afresh from the client, not the cached handle.

        Cheap (about 2 ms embedded) so a long-lived reader can compare it on every question; None when
        the collection is gone.
        """
        try:
            found = self._collection()
            meta = found.metadata or {}
            return str(found.id), str(meta.get("fingerprint", "")), str(meta.get("complete", "")), int(found.count())
        except Exception as exc:
            if _not_found(exc):
                return None
            raise self._error(exc) from exc

    # -- writing ---------------------------------------------------------------------------
    def add(self, chunks: list[Chunk], *, kind: str, vectors: list[list[float]] | None = None) -> None:
        """Upsert chunks (same id -> replaced, so adding twice changes nothing)."""
        if not chunks:
            return
        metadatas = [_metadata(chunk, kind) for chunk in chunks]
        ids = [chunk.id for chunk in chunks]
        texts = [chunk.text for chunk in chunks]
        self._guard(lambda: self._upsert(ids, texts, metadatas, vectors))

    def _upsert(self, ids: list[str], texts: list[str], metas: list[dict[str, Any]], vectors: Any) -> None:
        if vectors is None:
            self._db.add_texts(texts=texts, metadatas=metas, ids=ids)
        else:  # langchain-chroma always embeds the texts itself
            self._collection().upsert(ids=ids, documents=texts, metadatas=metas, embeddings=vectors)

    def delete_source(self, source_id: str) -> None:
        self._guard(lambda: self._db.delete(where={"source_id": source_id}))

    def reset(self) -> None:
        """Drop and recreate the collection (used when the fingerprint changes)."""
        self._guard(self._db.reset_collection)

    def set_info(self, info: dict[str, str]) -> None:
        """Record build facts (fingerprint, completeness) in the collection's metadata."""
        self._guard(lambda: self._collection().modify(metadata=info))

    # -- reading ---------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        return dict(self._guard(lambda: self._collection().metadata) or {})

    def count(self) -> int:
        return int(self._guard(lambda: self._collection().count()))

    def search(self, vector: list[float], k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        hits = self._guard(
            lambda: self._db.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        )
        return [(str(doc.id), 1.0 - float(distance)) for doc, distance in hits]

    def all_chunks(self) -> list[tuple[Chunk, str]]:
        """Every stored chunk with its kind ('paper' or 'user'); used to build the BM25 side."""
        data = self._guard(lambda: self._db.get(include=["documents", "metadatas"]))
        rows = zip(data["ids"], data["documents"], data["metadatas"], strict=True)
        return [(_chunk(cid, text, meta), str(meta.get("kind", "paper"))) for cid, text, meta in rows]

    def heartbeat(self) -> None:
        """Raise BackendError if the store does not answer."""
        self._guard(self._client.heartbeat)

    # -- a side cache of vectors by key (retrieval's sentence vectors) ------------------------
    def cached_vectors(self, keys: list[str]) -> dict[str, Sequence[float]]:
        """The vectors stored under ``keys`` in the side cache; keys not cached are absent.

        The cache is a collection beside this one on the same client (``<collection>-sentences``), so it lives
        as long as the index's folder or server; BackendError when it cannot be read.
        """
        found: dict[str, Sequence[float]] = {}
        if not keys:
            return found
        try:
            cache = self._vector_cache()
            for start in range(0, len(keys), _BATCH):
                got = cache.get(ids=keys[start : start + _BATCH], include=["embeddings"])
                found.update(zip(got["ids"], got["embeddings"], strict=True))
        except Exception as exc:
            raise self._error(exc) from exc
        return found

    def cache_vectors(self, vectors: dict[str, Sequence[float]]) -> None:
        """Store ``vectors`` by key in the side cache (same key: replaced); BackendError when it cannot be written."""
        keys = list(vectors)
        if not keys:
            return
        try:
            cache = self._vector_cache()
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                cache.upsert(ids=batch, embeddings=[list(map(float, vectors[key])) for key in batch])
        except Exception as exc:
            raise self._error(exc) from exc

    def drop_vector_cache(self) -> None:
        """Delete the side cache (it is rebuilt as vectors are written again): the way out of a cache that can no
        longer be read, as when two processes wrote it at once; BackendError when the store does not answer."""
        try:
            self._client.delete_collection(self._vector_cache_name)
        except Exception as exc:
            if not _not_found(exc):
                raise self._error(exc) from exc

    @property
    def _vector_cache_name(self) -> str:
        return f"{self.collection[:48]}-sentences"

    def _vector_cache(self) -> Any:
        return self._client.get_or_create_collection(self._vector_cache_name, embedding_function=None)

    def _collection(self) -> Any:
        """The chromadb collection under the LangChain wrapper, by name through chromadb's public client API
        (langchain-chroma has no public accessor; its ``_collection`` is private)."""
        return self._client.get_collection(self.collection, embedding_function=None)

    def _guard(self, call: Any, *, retry: bool = True) -> Any:
        """Every store call: a vanished collection is reopened once by name, other failures become a
        BackendError that says what to do."""
        try:
            return call()
        except BackendError:
            raise
        except Exception as exc:
            if retry and _not_found(exc):
                with contextlib.suppress(Exception):
                    self.reopen()
                    return self._guard(call, retry=False)
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> BackendError:
        where = f"Chroma server {self.url}" if self.url else "the embedded Chroma index"
        return BackendError(
            f"{where} failed: {exc}",
            hint="run `advisor doctor`; for a server check it is running, else `advisor index --rebuild`",
            code="store_error",
        )


def _not_found(exc: Exception) -> bool:
    """Chroma's "collection does not exist" (NotFoundError; some versions raise a plain ValueError)."""
    return type(exc).__name__ == "NotFoundError" or "does not exist" in str(exc)


def _metadata(chunk: Chunk, kind: str) -> dict[str, Any]:
    return {
        "source_id": chunk.source_id,
        "lang": chunk.lang,
        "section": chunk.section,
        "section_title": chunk.section_title,
        "paragraph": chunk.paragraph,
        "part": chunk.part,
        "kind": kind,
    }


def _chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        id=chunk_id,
        source_id=str(meta["source_id"]),
        lang=meta["lang"],
        section=str(meta["section"]),
        section_title=str(meta.get("section_title", "")),
        paragraph=int(meta["paragraph"]),
        part=int(meta.get("part", 0)),
        text=text,
    )
