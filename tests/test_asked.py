"""The questions each sentence answers (corpus/asked.yaml, advisor/answering/asked.py): the data fits the units it is
written for, the index is a pure function of the examples' vectors, and with the real model a question worded unlike
the paper finds the sentence that answers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from advisor.answering.asked import Asked, AskedIndex, load_asked
from advisor.errors import ConfigError
from advisor.settings import get_settings

CORPUS = get_settings().paths.corpus_dir


def test_every_example_set_is_asked_of_a_unit_and_most_units_have_one(advisor: Any) -> None:
    entries = load_asked(CORPUS)
    quotes = {u.quote for u in advisor.answering.evidence.units if u.source != "user"}
    assert [e.quote[:30] for e in entries if e.quote not in quotes] == []
    assert len({e.quote for e in entries}) == len(entries)  # one set per sentence
    said = {u.quote for u in advisor.answering.evidence.units if u.source != "user" and u.type != "meta"}
    assert len(said & {e.quote for e in entries}) >= 0.95 * len(said)


def _unit_vector(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_unit_is_as_near_as_the_mean_of_its_two_nearest_examples() -> None:
    vectors = {"a1": _unit_vector(1, 0), "a2": _unit_vector(1, 1), "a3": _unit_vector(0, 1), "b1": _unit_vector(0, 1)}
    entries = [Asked(quote="甲", zh=["a1", "a2"], en=["a3"]), Asked(quote="乙", zh=["b1"], en=["b1"])]
    index = AskedIndex(entries, ["甲", "乙", "甲", "丙"], lambda texts: np.stack([vectors[t] for t in texts]))
    near = index.nearness(_unit_vector(1, 0))
    expected_a = (1.0 + float(_unit_vector(1, 1)[0])) / 2  # a1 (1.0) and a2 (0.71); a3 (0.0) is the farthest
    assert near == pytest.approx([expected_a, 0.0, expected_a, 0.0], abs=1e-6)  # 丙 has no examples


def test_examples_for_no_unit_are_left_out() -> None:
    index = AskedIndex([Asked(quote="不存在", zh=["x"], en=["y"])], ["甲"], lambda texts: np.ones((len(texts), 2)))
    assert index.nearness(np.ones(2, dtype=np.float32)).tolist() == [0.0]


def test_a_broken_file_says_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "asked.yaml").write_text("version: 1\nsentences:\n  - quote: 甲\n    zh: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_asked(tmp_path)
    assert "asked.yaml" in caught.value.hint
    with pytest.raises(ConfigError):
        load_asked(tmp_path / "missing")


@pytest.mark.parametrize(
    ("question", "answering"),
    [
        ("种出来的东西老是卖不掉，因为不知道城里人要啥", "信息不对称"),  # §4.4.2: 供应链信息不对称问题较为突出
        ("银行不肯借钱给我们合作社", "抵押物"),  # §4.5.2: 缺乏有效抵押物等因素影响
    ],
)
def test_a_question_in_everyday_words_opens_with_the_sentence_that_answers_it(
    advisor: Any, question: str, answering: str
) -> None:
    answer = advisor.ask(question)
    assert answering in answer.citations[0].quote, [c.quote[:40] for c in answer.citations]


def test_the_title_page_answers_a_question_on_the_paper_by_its_examples(advisor: Any) -> None:
    answer = advisor.ask("who wrote this and which university? i need to cite it APA style with journal name and doi")
    sections = [c.section for c in answer.citations[:3]]
    assert sections[0] == "front" and "Jiangsu" in answer.answer and "2026" in answer.answer  # the dates too


def test_the_title_pages_examples_do_not_lift_it_for_other_questions(advisor: Any) -> None:
    answer = advisor.ask("论文里举了哪些县的例子")  # as near "关键词有哪些？" by its form as any case is
    assert answer.citations[0].section.startswith("3.3")


@pytest.mark.parametrize(
    ("question", "answering"),
    [
        # each sub-question near its own sentence's examples: the homogeneity and the weak brand awareness
        (
            "為什麼網上賣農產品大家都長得差不多，賣來賣去都是蔬菜水果？還有，為什麼大家都不太想花心思做品牌？",
            ["同质化", "品牌意识薄弱"],
        ),
        ("我要寫一篇對這篇文章的評述，它自己有沒有講研究局限？它又批評了前人研究哪些不足？", ["两点不足"]),
    ],
)
def test_each_sub_question_finds_its_sentence_by_the_questions_it_answers(
    advisor: Any, question: str, answering: list[str]
) -> None:
    quotes = " ".join(c.quote for c in advisor.ask(question).citations[:3])
    assert all(words in quotes for words in answering), quotes
