"""The library entry's arguments besides the question, and national scope in a conversation.

Real index (session ``advisor`` fixture). Wrong types are a ``UserInputError`` naming the argument, never
an AttributeError or TypeError from inside the chain.
"""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answer import Turn
from advisor.errors import UserInputError
from advisor.inputs import check_county, check_history, check_lang

COUNTY_TURN = [Turn(role="user", content="贵州雷山县怎么发展农村电商？"), Turn(role="assistant", content="…")]


@pytest.mark.parametrize(
    ("kwargs", "code", "names"),
    [
        ({"county": 5}, "bad_county", "county"),
        ({"county": ["雷山县"]}, "bad_county", "county"),
        ({"county": "县" * 500}, "bad_county", "county"),
        ({"lang": 5}, "bad_lang", "language"),
        ({"lang": "fr"}, "bad_lang", "language"),
        ({"lang": ["zh"]}, "bad_lang", "language"),
        ({"history": "贵州雷山县"}, "bad_history", "history"),
        ({"history": {"role": "user", "content": "x"}}, "bad_history", "history"),
        ({"history": 5}, "bad_history", "history"),
        ({"history": ["贵州雷山县"]}, "bad_history", "history[0]"),
        ({"history": [{"role": "user"}]}, "bad_history", "history[0]"),
        ({"history": [{"role": "robot", "content": "hi"}]}, "bad_history", "history[0]"),
        ({"history": [{"role": "user", "content": "ok"}, {"role": "user", "content": 5}]}, "bad_history", "history[1]"),
        ({"engine": 5}, "bad_engine", "engine"),
    ],
)
def test_wrong_arguments_are_user_errors_naming_them(
    advisor: Any, kwargs: dict[str, Any], code: str, names: str
) -> None:
    with pytest.raises(UserInputError) as err:
        advisor.ask("贵州雷山县怎么发展农村电商？", **kwargs)
    assert err.value.code == code
    assert names in err.value.message


def test_good_arguments_of_every_accepted_shape(advisor: Any) -> None:
    history = [{"role": "user", "content": "我是贵州雷山县的茶农"}, Turn(role="assistant", content="…")]
    answer = advisor.ask("那物流呢？", history=tuple(history), county="  ", lang="zh")
    assert answer.county is not None and answer.county.code == "522634"


def test_checks_return_clean_values() -> None:
    assert check_county(None) is None and check_county("  ") is None and check_county(" 522634 ") == "522634"
    assert check_lang(None) is None and check_lang("en") == "en"
    assert check_history(None) == [] and check_history([{"role": "user", "content": "x"}]) == [
        Turn(role="user", content="x")
    ]


# -- national scope after a county turn ---------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "全国农村网络零售额是多少？",
        "What were national rural online sales?",
        "How much did rural online sales grow nationwide?",
        "What were rural online retail sales in China as a whole?",
    ],
)
def test_national_statistics_do_not_reuse_the_remembered_county(advisor: Any, question: str) -> None:
    answer = advisor.ask(question, history=COUNTY_TURN)
    assert answer.county is None
    assert "statistics" in answer.topics
    assert "雷山" not in answer.answer and "Leishan" not in answer.answer
    assert any(c.section == "3.2" for c in answer.citations)


def test_national_scope_beats_an_explicit_county_argument(advisor: Any) -> None:
    answer = advisor.ask("全国农村网络零售额增长了多少？", county="522634")
    assert answer.county is None


def test_the_county_is_still_remembered_after_a_national_turn(advisor: Any) -> None:
    history = [
        *COUNTY_TURN,
        Turn(role="user", content="全国农村网络零售额是多少？"),
        Turn(role="assistant", content="…"),
    ]
    answer = advisor.ask("那物流呢？", history=history)
    assert answer.county is not None and answer.county.code == "522634"


def test_a_county_named_with_a_national_word_is_kept(advisor: Any) -> None:
    answer = advisor.ask("雷山县的农村网络零售额和全国比怎么样？")
    assert answer.county is not None and answer.county.code == "522634"


def test_a_national_word_describing_the_users_aim_keeps_their_county(advisor: Any) -> None:
    answer = advisor.ask(
        "那我要不要一上来就打全国品牌？", history=COUNTY_TURN
    )  # "全国品牌" is their aim, not the scope
    assert answer.county is not None and answer.county.code == "522634"
    assert "西部" in answer.answer
