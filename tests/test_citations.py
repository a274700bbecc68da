"""Citation bookkeeping and the number check (pure)."""

from __future__ import annotations

import pytest

from advisor.answer import Citation
from advisor.citations import finalize, markers_in, unsupported_numbers, verify_numbers
from advisor.errors import BackendError


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


def test_markers_in() -> None:
    assert markers_in("a [1] b [12] c [x]") == [1, 12]
