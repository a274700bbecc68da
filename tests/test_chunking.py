"""Tests for advisor.knowledge.chunking: pure functions, no model and no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.knowledge.chunking import (
    MAX_CHUNK_CHARS,
    Chunk,
    chunk_markdown,
    chunk_plain_text,
    heading_chunks,
    section_from_heading,
    split_front_matter,
)
from advisor.knowledge.corpus import PAPER_ID, paper_chunks

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

DOC = """# 标题

作者，单位

## 摘要

摘要正文。

## 5. 对策建议

### 5.1. 补齐基础设施短板，夯实可持续发展基础

第一段。

② 物流体系：东部布局县域冷链与前置仓。

#### 5.1.1. 细分小节

小节正文。

## Some Unnumbered Heading

Body text.
"""


@pytest.fixture(scope="module")
def shipped() -> list[Chunk]:
    return paper_chunks(CORPUS)


def _by_id(chunks: list[Chunk]) -> dict[str, Chunk]:
    return {c.id: c for c in chunks}


def test_ids_are_source_lang_section_paragraph() -> None:
    chunks = _by_id(chunk_markdown(DOC, source_id="pei2026", lang="zh"))
    second = chunks["pei2026:zh:5.1:2"]
    assert second.text == "② 物流体系：东部布局县域冷链与前置仓。"
    assert (second.section, second.paragraph, second.part) == ("5.1", 2, 0)
    assert second.locator == ("pei2026", "5.1", 2)
    assert chunks["pei2026:zh:5.1:1"].text == "第一段。"


def test_ids_are_stable_across_runs(shipped: list[Chunk]) -> None:
    again = paper_chunks(CORPUS)
    assert [c.id for c in again] == [c.id for c in shipped]
    assert [c.text for c in again] == [c.text for c in shipped]
    assert len({c.id for c in shipped}) == len(shipped), "chunk ids must be unique"


def test_shipped_corpus_has_the_cited_paragraph(shipped: list[Chunk]) -> None:
    chunk = _by_id(shipped)[f"{PAPER_ID}:zh:5.1:2"]
    assert chunk.section_title == "补齐基础设施短板，夯实可持续发展基础"
    assert chunk.text.startswith("① 数字基础设施")


def test_every_zh_chunk_has_an_en_twin(shipped: list[Chunk]) -> None:
    zh = [c for c in shipped if c.lang == "zh"]
    en_locators = {c.locator for c in shipped if c.lang == "en"}
    assert len(zh) > 50
    missing = [c.id for c in zh if c.locator not in en_locators]
    assert missing == []
    zh_locators = {c.locator for c in zh}
    assert {c.locator for c in shipped if c.lang == "en"} == zh_locators


def test_twins_share_section_ids_and_numbering(shipped: list[Chunk]) -> None:
    for lang in ("zh", "en"):
        sections = [c.section for c in shipped if c.lang == lang]
        assert {"abstract", "keywords", "1", "4.1.2", "5.1", "5.5.2", "6", "references"} <= set(sections)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("5.1. 补齐基础设施短板", ("5.1", "补齐基础设施短板")),
        ("2.1.1. 行动者网络理论", ("2.1.1", "行动者网络理论")),
        ("6. Conclusions", ("6", "Conclusions")),
        ("4.1.2 An unsound logistics system", ("4.1.2", "An unsound logistics system")),
        ("摘要", ("abstract", "摘要")),
        ("Abstract", ("abstract", "Abstract")),
        ("关键词", ("keywords", "关键词")),
        ("参考文献", ("references", "参考文献")),
        ("References", ("references", "References")),
        ("Some Unnumbered Heading", ("some-unnumbered-heading", "Some Unnumbered Heading")),
    ],
)
def test_headings_map_to_section_ids(heading: str, expected: tuple[str, str]) -> None:
    assert section_from_heading(heading) == expected


def test_chunks_take_the_deepest_heading() -> None:
    chunks = chunk_markdown(DOC, source_id="s", lang="zh")
    assert [(c.section, c.paragraph) for c in chunks] == [
        ("front", 1),
        ("abstract", 1),
        ("5.1", 1),
        ("5.1", 2),
        ("5.1.1", 1),
        ("some-unnumbered-heading", 1),
    ]
    assert chunks[0].section_title == "标题"
    assert chunks[-1].section_title == "Some Unnumbered Heading"


def test_headings_are_chunks_of_their_own_for_citing_an_outline() -> None:
    headings = heading_chunks(DOC, source_id="s", lang="zh")
    assert [(h.id, h.text) for h in headings][:4] == [
        ("s:zh:front:0", "标题"),
        ("s:zh:abstract:0", "摘要"),
        ("s:zh:5:0", "对策建议"),
        ("s:zh:5.1:0", "补齐基础设施短板，夯实可持续发展基础"),
    ]
    assert all(h.paragraph == 0 for h in headings)  # paragraphs count from 1: no locator is shared with text


def test_repeated_heading_continues_numbering() -> None:
    body = "## 5.1. A\n\none\n\n## 6. B\n\nsix\n\n## 5.1. A\n\ntwo\n"
    ids = [c.id for c in chunk_markdown(body, source_id="s", lang="en")]
    assert ids == ["s:en:5.1:1", "s:en:6:1", "s:en:5.1:2"]


def test_long_zh_paragraph_splits_at_cjk_punctuation() -> None:
    sentence = "农村电商需要冷链物流和人才支撑。"  # 16 characters, ends with a full stop
    paragraph = sentence * 20
    body = f"## 5.1. 标题\n\n{paragraph}\n\n短段落。\n"
    chunks = chunk_markdown(body, source_id="s", lang="zh", max_chars=100)
    parts = [c for c in chunks if c.paragraph == 1]
    assert len(parts) == 4
    assert [c.id for c in parts] == [f"s:zh:5.1:1-{n}" for n in range(1, 5)]
    assert [c.part for c in parts] == [1, 2, 3, 4]
    assert all(len(c.text) <= 100 for c in parts)
    assert all(c.text.endswith("。") for c in parts), "splits fall after 。, not mid-sentence"
    assert "".join(c.text for c in parts) == paragraph
    short = [c for c in chunks if c.paragraph == 2]
    assert [(c.id, c.part) for c in short] == [("s:zh:5.1:2", 0)]


def test_long_en_paragraph_splits_at_sentences() -> None:
    paragraph = " ".join(f"Sentence number {n} is about cold chains." for n in range(40))
    chunks = chunk_markdown(f"## 1. Intro\n\n{paragraph}\n", source_id="s", lang="en", max_chars=200)
    assert len(chunks) > 1
    assert [c.id for c in chunks] == [f"s:en:1:1-{n}" for n in range(1, len(chunks) + 1)]
    assert all(len(c.text) <= 200 and c.text.endswith(".") for c in chunks)


def test_default_limits_keep_shipped_zh_paragraphs_whole(shipped: list[Chunk]) -> None:
    zh = [c for c in shipped if c.lang == "zh"]
    assert all(c.part == 0 for c in zh)
    assert all(len(c.text) <= MAX_CHUNK_CHARS[c.lang] for c in shipped)


def test_front_matter_is_split_off() -> None:
    front, body = split_front_matter("---\nid: x\nlang: zh\n---\n\n# T\n\ntext\n")
    assert front == "id: x\nlang: zh"
    assert body == "# T\n\ntext\n"
    assert split_front_matter("# no front matter\n") == ("", "# no front matter\n")


def test_plain_text_joins_cjk_lines_without_spaces() -> None:
    # A heading keeps this independent of how a text without any heading is labelled.
    text = "# 我的笔记\n\n农村电商\n需要冷链\n物流。\n\nCold chains\nmatter a lot.\n\n数字\nEconomy 很重要\n"
    chunks = chunk_plain_text(text, source_id="u", lang="zh")
    assert [c.text for c in chunks] == ["农村电商需要冷链物流。", "Cold chains matter a lot.", "数字Economy 很重要"]
    assert [c.paragraph for c in chunks] == [1, 2, 3]


def test_plain_text_without_any_heading() -> None:
    chunks = chunk_plain_text("第一行\n第二行\n\nHello\nworld\n", source_id="u", lang="zh")
    assert [c.text for c in chunks] == ["第一行第二行", "Hello world"]
    assert [c.id for c in chunks] == ["u:zh:body:1", "u:zh:body:2"]
