"""Citation bookkeeping and the number check (pure)."""

from __future__ import annotations

import pytest

from advisor.answer import Citation
from advisor.answering.citations import (
    aligned_translation,
    enclosing_sentences,
    finalize,
    markers_in,
    unsupported_numbers,
    verify_numbers,
)
from advisor.errors import BackendError
from advisor.knowledge.chunking import Chunk


def cite(marker: int, quote: str) -> Citation:
    return Citation(marker=marker, source_id="pei2026", title="t", section="3.2", quote=quote, chunk_id=f"c{marker}")


def test_finalize_drops_unused_and_renumbers_by_first_use() -> None:
    text, kept = finalize("B [3]. A [1]. B again [3].", [cite(1, "a"), cite(2, "unused"), cite(3, "b")])
    assert text == "B [1]. A [2]. B again [1]."
    assert [(c.marker, c.quote) for c in kept] == [(1, "b"), (2, "a")]


def test_finalize_refuses_dangling_markers() -> None:
    with pytest.raises(BackendError, match="unknown markers"):
        finalize("Claim [4].", [cite(1, "a")])


@pytest.mark.parametrize(
    ("sentence", "cited", "bad"),
    [
        ("2025 年农产品网络零售额增长 9.9% [1]", ["2025 年…增长 9.9% [7]"], []),
        ("销售额增长了 50% [1]", ["增长 9.9%"], ["50%"]),
        ("see §5.1 and §3.2 [1]", ["no numbers"], []),
        ("Grew 6.7 percent [2]", ["6.7%"], []),
        ("Over 300 villages [1]", ["many villages"], ["300"]),
    ],
)
def test_unsupported_numbers(sentence: str, cited: list[str], bad: list[str]) -> None:
    assert unsupported_numbers(sentence, cited) == bad


def test_verify_numbers_removes_only_offending_lines() -> None:
    md = "- grew 9.9% [1]\n- grew 50% [1]\n- published 2026\n"
    out, removed = verify_numbers(md, [cite(1, "增长 9.9%")], known=("2026",))
    assert out == "- grew 9.9% [1]\n- published 2026\n" and removed == 1


@pytest.mark.parametrize(
    ("md", "kept"),
    [
        # a count over the bullets that follow it, each cited
        ("论文共列出 3 条参考文献：\n- a [1]\n- b [1]\n- c [1]\n", 4),
        # ... not over more or fewer of them
        ("论文共列出 4 条参考文献：\n- a [1]\n- b [1]\n- c [1]\n", 3),
        # a count of the items a sentence lists after its colon, each sentence its own
        ("“X”这部分分为：A；B；C（共 3 项）。 [1]“Y”这部分分为：D；E（共 2 项）。 [1]\n", 1),
        ('The part "X" consists of: A; B; C (3 in all). [1]\n', 1),
        ("“X”这部分分为：A；B；C（共 4 项）。 [1]\n", 0),
    ],
)
def test_a_count_is_checked_against_the_items_it_counts(md: str, kept: int) -> None:
    """A number the answer derives by counting what it lists is no number a quote must hold: it holds when it is
    the number of items listed (and only then)."""
    out, _ = verify_numbers(md, [cite(1, "no numbers here")])
    assert len([line for line in out.splitlines() if line]) == kept


@pytest.mark.parametrize(
    ("md", "kept"),
    [
        ("论文共列出 3 条参考文献：\n1998 年：\n- a [1]\n1999 年（2 条）：\n- b [1]\n- c [1]\n", 6),
        ("论文共列出 4 条参考文献：\n1998 年：\n- a [1]\n1999 年（3 条）：\n- b [1]\n- c [1]\n", 4),
    ],
)
def test_a_count_over_groups_is_checked_against_the_bullets_of_all_groups(md: str, kept: int) -> None:
    """The reference list by year: its total over the bullets of every group, each year's count over its own, the
    years themselves bibliographic facts."""
    out, _ = verify_numbers(md, [cite(1, "no numbers here")], ("1998", "1999"))
    assert len([line for line in out.splitlines() if line]) == kept


def test_markers_in() -> None:
    assert markers_in("a [1] b [12] c [x]") == [1, 12]


def _chunk(lang: str, text: str) -> Chunk:
    return Chunk(id=f"p:{lang}:5.1:1", source_id="p", lang=lang, section="5.1", section_title="t", paragraph=1,  # type: ignore[arg-type]
                 part=0, text=text)  # fmt: skip


ZH_PARAGRAPH = "东部推进光纤；中部提升网络稳定性；西部采用卫星宽带。"
EN_PARAGRAPH = "In the East, roll out fibre; in the Centre, stabilise networks; in the West, use satellite broadband."


@pytest.mark.parametrize(
    ("zh", "en", "quote", "expected"),
    [
        (ZH_PARAGRAPH, EN_PARAGRAPH, "中部提升网络稳定性", "in the Centre, stabilise networks;"),
        (ZH_PARAGRAPH, EN_PARAGRAPH, "西部采用卫星宽带", "in the West, use satellite broadband."),
        # sentence counts differ: the pairing is uncertain, so the whole paragraph
        (ZH_PARAGRAPH, "East: fibre. Centre: networks. West: satellites. That is all.", "中部提升网络稳定性",
         "East: fibre. Centre: networks. West: satellites. That is all."),
        # the quote spans two sentences: the whole paragraph
        (ZH_PARAGRAPH, EN_PARAGRAPH, "网络稳定性；西部", EN_PARAGRAPH),
        # one sentence each: the whole (and only) sentence
        ("只有一句。", "Only one sentence.", "只有一句", "Only one sentence."),
    ],
)  # fmt: skip
def test_translation_is_the_quoted_sentence_when_alignment_is_certain(
    zh: str, en: str, quote: str, expected: str
) -> None:
    assert aligned_translation(quote, _chunk("zh", zh), _chunk("en", en)) == expected


@pytest.mark.parametrize(
    ("quote", "whole"),
    [
        (
            "农产品网络零售额同比增长 9.9%",
            "据商务部最新数据，全国农村网络零售额同比增长 6.7%，农产品网络零售额同比增长 9.9%。",
        ),
        (
            "增长 9.9%。另一",
            "据商务部最新数据，全国农村网络零售额同比增长 6.7%，农产品网络零售额同比增长 9.9%。另一句话在这里。",
        ),
        ("第三句", "第三句。"),
        ("不在其中", "不在其中"),  # not part of the text: left as it is
    ],
)
def test_a_quote_is_widened_to_the_sentences_it_is_part_of(quote: str, whole: str) -> None:
    text = "据商务部最新数据，全国农村网络零售额同比增长 6.7%，农产品网络零售额同比增长 9.9%。另一句话在这里。第三句。"
    assert enclosing_sentences(quote, text) == whole
