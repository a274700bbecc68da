"""advisor.export: conversation and handout as Markdown and PDF (Chinese in an embedded TrueType font where
the machine has one, else the STSong-Light CID font)."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from advisor.answer import Answer, Citation, CountyCard
from advisor.export import (
    CID_FONT,
    EMBEDDED_FONT,
    conversation_markdown,
    conversation_pdf,
    handout_markdown,
    handout_pdf,
    markdown_pdf,
    pdf_font,
    quiz_pdf,
    tier_reason,
)
from advisor.planning import county_plan
from advisor.quiz import make_quiz

LEISHAN = CountyCard(name="雷山县", full_name="雷山县", level="county", province="贵州省", prefecture="黔东南苗族侗族自治州",
                     code="522634", tier="west", region4="west", name_en="Leishan County",
                     label_zh="贵州省黔东南苗族侗族自治州雷山县", label_en="Leishan County, Qiandongnan, Guizhou")  # fmt: skip


def answer(
    question: str = "贵州雷山县怎么发展农村电商？", text: str = "**西部保底**：先保基本 [1]。\n\n> 原文 [1]"
) -> Answer:
    cite = Citation(marker=1, source_id="pei2026", title="t", section="5.1", section_title="补齐基础设施短板",
                    quote="西部采用移动基站与卫星宽带消除网络盲点", chunk_id="c", translation="In the West, use mobile base stations.",
                    cites=["潘方华 2026"], source_label="裴彩利 2026, §5.1")  # fmt: skip
    return Answer(question=question, language="zh", answer=text, county=LEISHAN, citations=[cite])


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def test_conversation_markdown_has_questions_answers_and_sources() -> None:
    md = conversation_markdown([answer(), answer("物流怎么做？").to_json()], "zh")
    assert md.startswith("# 乡村电商参谋")
    assert "## 问 1: 贵州雷山县怎么发展农村电商？" in md and "## 问 2: 物流怎么做？" in md
    assert "> 西部采用移动基站与卫星宽带消除网络盲点" in md
    assert "In the West, use mobile base stations." in md and "潘方华 2026" in md
    assert "贵州省黔东南苗族侗族自治州雷山县 · 西部保底" in md


def test_conversation_pdf_has_chinese_text_in_an_embedded_font() -> None:
    data = conversation_pdf([answer()], "zh")
    assert data.startswith(b"%PDF")
    if pdf_font() == EMBEDDED_FONT:
        assert b"/FontFile2" in data  # the glyphs travel with the PDF
    elif os.environ.get("ADVISOR_REQUIRE_SERVICES"):  # `make test` as root installs Debian's fonts-wqy-microhei
        pytest.fail("no TrueType Chinese font to embed (scripts/ensure-chromium.sh installs fonts-wqy-microhei)")
    else:
        assert CID_FONT.encode() in data  # the CID font is referenced (viewers supply it)
    pages, text = pdf_text(data)
    assert pages >= 1
    assert "雷山" in text and "西部采用移动基站" in text


def test_untrusted_markup_does_not_break_the_pdf() -> None:
    evil = answer("<script>alert(1)</script> & <b>雷山</b>", "<img src=x onerror=alert(1)> & <para> **粗体** [1]")
    _pages, text = pdf_text(conversation_pdf([evil], "zh"))
    assert "<script>alert(1)</script>" in text and "<para>" in text


def test_handout_is_one_page_with_county_tier_and_quotes() -> None:
    plan = county_plan("雷山县", lang="zh")
    md = handout_markdown(plan)
    assert "雷山县 · 西部保底" in md and "§5.1" in md
    pages, text = pdf_text(handout_pdf(plan))
    assert pages == 1
    assert "雷山县" in text and "西部保底" in text and "数字基础设施" in text


def test_handout_prints_each_action_once_with_its_citation_number() -> None:
    md = handout_markdown(county_plan("雷山县", lang="zh"))
    actions = [line for line in md.splitlines() if line.startswith("- ")]
    assert actions and all(line.rstrip().endswith(f"[{n}]") for n, line in enumerate(actions, start=1))
    for line in actions:  # the action's words appear in one line only (no identical quote after it)
        words = line[2:].rsplit(" [", 1)[0].rstrip("。")
        assert md.count(words) == 1, words
    assert "[1] §5.1" in md


def test_english_handout() -> None:
    plan = county_plan("Suichang", lang="en")
    pages, text = pdf_text(handout_pdf(plan))
    assert pages == 1
    assert "Suichang" in text and "East: upgrade quality" in text
    assert "Digital infrastructure" in text


def test_tier_reason_both_languages() -> None:
    assert "西部保底" in tier_reason(LEISHAN, "zh") and "贵州省" in tier_reason(LEISHAN, "zh")
    assert "Guizhou" in tier_reason(LEISHAN, "en") and "the West" in tier_reason(LEISHAN, "en")


def test_quiz_pdf_and_plain_markdown_pdf() -> None:
    pages, text = pdf_text(quiz_pdf(make_quiz("west", None, 6, "zh", 3)))
    assert pages >= 1 and "培训测验" in text and "答案与出处" in text
    pages, text = pdf_text(markdown_pdf("# 标题\n\n- 条目一\n- item two\n\n1. 第一\n\n---\n\n正文"))
    assert "标题" in text and "item two" in text
