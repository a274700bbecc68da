"""Prompt files render strictly, each with exactly its variables; composer phrases match across languages."""

from __future__ import annotations

import re
import string

import pytest
from jinja2 import UndefinedError

from advisor.answering.draft import load_phrases
from advisor.prompts import render, variables_of

ANSWER_VARS = {"place", "tier_label", "rules", "passages"}
SAMPLE = {"place": "雷山县", "tier_label": "西部保底", "rules": [{"id": "R1", "text": "规则"}], "passages": []}


@pytest.mark.parametrize("name", ["answer.zh.j2", "answer.en.j2"])
def test_answer_prompt_uses_exactly_its_variables(name: str) -> None:
    assert variables_of(name) == ANSWER_VARS
    text = render(name, **SAMPLE)
    assert "[R1] 规则" in text and "雷山县" in text


@pytest.mark.parametrize("name", ["answer.zh.j2", "answer.en.j2"])
@pytest.mark.parametrize("missing", sorted(ANSWER_VARS))
def test_missing_variable_is_an_error(name: str, missing: str) -> None:
    values = {k: v for k, v in SAMPLE.items() if k != missing}
    with pytest.raises(UndefinedError):
        render(name, **values)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_composer_phrases_have_the_same_placeholders_in_both_languages() -> None:
    phrases = load_phrases()
    assert phrases["zh"].keys() == phrases["en"].keys()
    for key in phrases["zh"]:
        assert _fields(phrases["zh"][key]) == _fields(phrases["en"][key]), key


def test_composer_phrases_state_no_numbers() -> None:
    """Fixed wording may not carry facts: numbers only come from cited sources.

    Allowed: section signs (§3.3), the {limit} placeholder and the paper's publication year, which
    verify_numbers also accepts as a bibliographic fact.
    """
    for lang in ("zh", "en"):
        for key, text in load_phrases()[lang].items():
            bare = re.sub(r"§\d+(\.\d+)*", "", text.replace("{limit}", "")).replace("2026", "")
            assert not re.search(r"\d", bare), key
