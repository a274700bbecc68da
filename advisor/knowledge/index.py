"""Build, check and extend the search index.

The paper is indexed from ``corpus/``; users' documents are kept as JSON under
``data/user_docs/`` (the durable record) and in the vector store (derived). A content hash of corpus,
chunker and embedding model decides whether to rebuild, so a changed corpus or model rebuilds and an
unchanged one is reused; a half-written or corrupt embedded index is set aside and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import AdvisorError, BackendError, UserInputError
from advisor.knowledge.chunking import CHUNKER_VERSION, Chunk, chunk_markdown, chunk_plain_text, split_front_matter
from advisor.knowledge.corpus import SourceInfo, corpus_fingerprint, paper_chunks, paper_source
from advisor.knowledge.embeddings import embeddings_name, get_embeddings
from advisor.knowledge.loaders import read_document
from advisor.knowledge.sanitise import sanitise_document
from advisor.knowledge.store import ChromaStore, collection_name, forget_embedded
from advisor.language import detect_language
from advisor.settings import Settings

Report = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


@dataclass
class IngestResult:
    path: str
    status: str  # added | unchanged | error
    source_id: str | None = None
    chunks: int = 0
    message: str = ""


def fingerprint(settings: Settings) -> str:
    raw = f"{corpus_fingerprint(settings.paths.corpus_dir)}|{CHUNKER_VERSION}|{embeddings_name(settings.embeddings)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def open_store(settings: Settings) -> ChromaStore:
    return ChromaStore(
        embeddings=get_embeddings(settings.embeddings),
        collection=collection_name(settings.chroma.collection, embeddings_name(settings.embeddings)),
        path=None if settings.chroma.url else settings.paths.data_dir / "chroma",
        url=settings.chroma.url,
        timeout_s=settings.chroma.timeout_s,
    )


def reopen_store(settings: Settings) -> ChromaStore:
    """A store on a new client. An embedded client keeps the vectors it has read in memory, so writes
    made by another process (``advisor ingest`` while the web app runs) are seen only by a new one."""
    if not settings.chroma.url:
        forget_embedded(settings.paths.data_dir / "chroma")
    return open_store(settings)


def user_docs_dir(settings: Settings) -> Path:
    return settings.paths.data_dir / "user_docs"


def ensure_index(settings: Settings, *, rebuild: bool = False, report: Report = _quiet) -> ChromaStore:
    """Return a store whose contents match the corpus, model and saved user documents."""
    try:
        store = open_store(settings)
        if not rebuild and _is_current(store, fingerprint(settings)):
            return store
    except BackendError as exc:
        if settings.chroma.url:
            raise
        store = _recover_corrupt(settings, exc, report)
    report("Building the search index (corpus + your documents)…")
    _build(store, settings)
    report(f"Index ready: {store.count()} passages.")
    return store


def _is_current(store: ChromaStore, expected: str) -> bool:
    info = store.info()
    return info.get("fingerprint") == expected and info.get("complete") == "yes" and store.count() > 0


def _recover_corrupt(settings: Settings, error: AdvisorError, report: Report) -> ChromaStore:
    """Set the broken embedded index aside (never delete it) and start a fresh one."""
    folder = settings.paths.data_dir / "chroma"
    aside = folder.with_name(f"chroma.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    report(f"The index could not be read ({error.message}); moved it to {aside.name} and rebuilding.")
    forget_embedded(folder)
    if folder.exists():
        shutil.move(str(folder), str(aside))
    return open_store(settings)


def _build(store: ChromaStore, settings: Settings) -> None:
    store.reset()
    store.set_info({"fingerprint": fingerprint(settings), "complete": "no"})
    store.add(paper_chunks(settings.paths.corpus_dir), kind="paper")
    for record in _saved_user_docs(settings):  # sanitised again: documents ingested by older versions
        chunks = [Chunk.model_validate(c) for c in record["chunks"]]
        store.add([c.model_copy(update={"text": sanitise_document(c.text)[0]}) for c in chunks], kind="user")
    store.set_info({"fingerprint": fingerprint(settings), "complete": "yes"})


def _saved_user_docs(settings: Settings) -> Iterable[dict]:
    folder = user_docs_dir(settings)
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        yield json.loads(path.read_text(encoding="utf-8"))


def list_sources(settings: Settings) -> list[SourceInfo]:
    """The paper plus every saved user document, with chunk counts in ``path`` order."""
    sources = [paper_source(settings.paths.corpus_dir)]
    sources += [SourceInfo.model_validate(record["source"]) for record in _saved_user_docs(settings)]
    return sources


def ingest_paths(paths: Iterable[Path], settings: Settings, store: ChromaStore) -> list[IngestResult]:
    """Add users' documents; a bad file is reported by name and the others still go in."""
    results = []
    for path in paths:
        try:
            results.append(_ingest_one(Path(path), settings, store))
        except UserInputError as exc:
            results.append(IngestResult(path=str(path), status="error", message=exc.message))
    return results


def _ingest_one(path: Path, settings: Settings, store: ChromaStore) -> IngestResult:
    text, is_markdown = read_document(path)
    source_id = "user-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    record_path = user_docs_dir(settings) / f"{source_id}.json"
    if record_path.exists():
        return IngestResult(str(path), "unchanged", source_id, message="already indexed")
    lang = detect_language(text[:2000])
    _front, body = split_front_matter(text) if is_markdown else ("", text)
    body, left_out = sanitise_document(body)
    chunker = chunk_markdown if is_markdown else chunk_plain_text
    chunks = chunker(body, source_id=source_id, lang=lang)
    if not chunks:
        raise UserInputError(f"{path.name}: no paragraphs found")
    source = SourceInfo(id=source_id, kind="user", title=_title(path, body), path=path.name)
    store.add(chunks, kind="user")
    record_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = record_path.with_suffix(".tmp")
    record = {"source": source.model_dump(), "chunks": [c.model_dump() for c in chunks]}
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(record_path)
    note = f"; {left_out} sentences asking for passwords, ID numbers or money left out" if left_out else ""
    return IngestResult(str(path), "added", source_id, len(chunks), f"{len(chunks)} passages{note}")


def _title(path: Path, body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()[:120]
    return path.stem[:120]
