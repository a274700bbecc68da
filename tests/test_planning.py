"""The county action plan (advisor.planning.county_plan): place forms, codes and the card's labels."""

from __future__ import annotations

import pytest

from advisor.errors import UserInputError
from advisor.planning import county_plan


@pytest.mark.parametrize("where", ["522634", " 522634 ", "雷山县", "贵州雷山县", "Leishan"])
def test_name_or_code_gives_the_same_county(where: str) -> None:
    result = county_plan(where)
    assert result.county is not None
    assert (result.county.code, result.county.full_name, result.tier) == ("522634", "雷山县", "west")


def test_the_card_carries_both_labels() -> None:
    card = county_plan("522634", lang="en").county
    assert card is not None
    assert card.label_zh == "贵州省黔东南苗族侗族自治州雷山县"
    assert card.label_en == "Leishan County, Qiandongnan, Guizhou"


def test_a_code_heads_the_plan_with_the_county_name() -> None:
    assert county_plan("331123", lang="en").markdown.startswith("## Suichang")


def test_prefecture_and_province_codes() -> None:
    prefecture = county_plan("522600").county
    assert prefecture is not None and prefecture.level == "prefecture" and prefecture.label_zh
    assert county_plan("520000").tier == "west"


@pytest.mark.parametrize("where", ["999999", "12345", ""])
def test_unknown_codes_and_blanks_are_user_errors(where: str) -> None:
    with pytest.raises(UserInputError):
        county_plan(where)


def test_a_non_text_place_is_a_user_error() -> None:
    with pytest.raises(UserInputError):
        county_plan(522634)  # type: ignore[arg-type]


def test_tier_words_still_give_a_tier_plan() -> None:
    result = county_plan("west")
    assert result.tier == "west" and result.county is None
