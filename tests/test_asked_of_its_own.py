"""Session 60's mechanisms, chosen on dev62's and dev63's faults: a sub-question naming a thing of its own, beside one
naming a part of the paper, is not asked of that part; a county's own figure is a gap only when a figure is asked in
words. Real advisor (real Chroma, real embedding model); each fails on session 59's code, except the guards."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answering.gaps import REQUIRED_FORMS


def test_each_sub_question_gets_its_own_part_of_the_paper(advisor: Any) -> None:
    """The third sub-question names the conclusion, and its lift went to every sub-question: the conclusion's three
    sentences were the whole answer (ay027). The chapters answer the first."""
    answer = advisor.ask("这篇文章整体结构是啥样的？分几部分，最后结论说了哪几点？做读书报告用")
    assert answer.answer.startswith("论文《")
    assert "引言；相关概念与作用机制" in answer.answer.split("\n")[0]
    assert any(c.quote.startswith("本文立足乡村振兴视角") for c in answer.citations)  # the conclusion still


def test_the_keywords_asked_beside_the_structure_do_not_take_its_place(advisor: Any) -> None:
    """ "what are the main chapters, and what are its keywords": the keywords alone answered (bc020)."""
    answer = advisor.ask(
        "What's the structure of the paper? like what are the main chapters, and what are its keywords? "
        "doing a lit review table"
    )
    first = answer.answer.split("\n")[0]
    assert "Rural Revitalization, Rural E-Commerce" in first
    assert "Introduction; Related Concepts and Mechanisms" in first


@pytest.mark.parametrize(
    "question",
    [
        "我们县去年电商销售额多少",
        "浙江农村电商增长率",
        "rural online sales in yunnan province",
        "甘肃有多少个淘宝村",
        "number of taobao villages in zhejiang",
        "雷山县电商发展得怎么样",
    ],
)
def test_a_figure_is_asked_in_words_naming_one(question: str) -> None:
    assert REQUIRED_FORMS["local_figure"].search(question)


@pytest.mark.parametrize(
    "question",
    [
        "最近差评好多 有人说小米里有虫 有人说发霉了",
        "論文對人才這塊怎麼看？問題出在哪？",
        "论文里遂昌到底是怎么做的？",
        "how did Suichang build its brand",
    ],
)
def test_no_figure_is_asked_without_such_words(question: str) -> None:
    assert not REQUIRED_FORMS["local_figure"].search(question)


def test_a_named_county_asking_no_figure_hears_of_no_missing_statistics(advisor: Any) -> None:
    """A trainer in Liangshan asking how the paper sees talent was told the paper has no local statistics
    (ax052.1)."""
    answer = advisor.ask(
        "我在四川涼山彝族自治州做電商培訓好幾年了，學員來了又走，學完也不會用。論文對人才這塊怎麼看？問題出在哪？"
    )
    assert "統計數據" not in answer.answer and "统计数据" not in answer.answer
    assert "電商培訓體系不夠完善" in answer.answer


def test_a_named_county_asking_its_figure_still_hears_the_paper_has_none(advisor: Any) -> None:
    """Guard: a county's sales asked in so many words."""
    answer = advisor.ask("贵州雷山县去年农村电商销售额是多少？")
    assert "没有贵州省黔东南苗族侗族自治州雷山县本地的统计数据" in answer.answer
