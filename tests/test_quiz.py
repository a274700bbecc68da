"""advisor.quiz: trainee quizzes built from the rule module, with answer keys and citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.domain import TIER_LABELS, TIERS
from advisor.errors import UserInputError
from advisor.quiz import KINDS, MAX_QUESTIONS, make_quiz, render_quiz_markdown
from advisor.rules import get_rulebook

PAPER = Path(__file__).resolve().parent.parent / "corpus" / "pei2026.zh.md"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_same_seed_same_quiz_and_all_kinds() -> None:
    a = make_quiz(None, None, 12, "zh", 42)
    b = make_quiz(None, None, 12, "zh", 42)
    assert a == b and a.seed == 42
    assert len(a.questions) == 12
    assert {q.kind for q in a.questions} == set(KINDS)
    assert len({q.id for q in a.questions}) == 12
    assert make_quiz(None, None, 12, "zh", 43) != a


def test_answer_keys_and_citations_are_valid() -> None:
    paper = _squash(PAPER.read_text(encoding="utf-8")) if PAPER.exists() else None
    for lang in ("zh", "en"):
        quiz = make_quiz(None, None, MAX_QUESTIONS, lang, 5)
        for q in quiz.questions:
            assert 0 <= q.answer < len(q.options) and len(set(q.options)) == len(q.options)
            assert q.options[q.answer] == q.answer_text
            assert re.fullmatch(r"\d(\.\d)*", q.citation.section)
            if paper is not None:
                assert _squash(q.citation.quote) in paper, q.citation.quote


def test_tier_of_answers_match_the_rule_module_and_do_not_leak() -> None:
    book = {s.id: s for s in get_rulebook().strategies}
    quiz = make_quiz(None, None, MAX_QUESTIONS, "zh", 9)
    tier_questions = [q for q in quiz.questions if q.kind == "tier_of"]
    assert tier_questions
    for q in tier_questions:
        strategy = book[q.id.split(":", 1)[1]]
        assert q.answer_text == TIER_LABELS[strategy.tiers[0]]["zh"]
        measure = q.prompt.split("“", 1)[1]
        assert not any(word in measure for word in ("东部", "中部", "西部"))


def test_filters_by_tier_and_topic() -> None:
    quiz = make_quiz("central", "logistics", 6, "en", 2)
    assert quiz.tier == "central" and quiz.topic == "logistics"
    book = {s.id: s for s in get_rulebook().strategies}
    for q in quiz.questions:
        strategy = book[q.id.split(":", 1)[1]]
        assert strategy.dimension == "logistics" and "central" in strategy.tiers
    measure = [q for q in quiz.questions if q.kind == "measure_for"]
    assert measure and "Centre" in measure[0].prompt
    assert make_quiz("中部", "物流", 2, "zh", 1).tier == "central"


def test_each_tier_has_questions() -> None:
    for tier in TIERS:
        assert len(make_quiz(tier, None, 5, "zh", 1).questions) == 5


def test_bad_arguments() -> None:
    with pytest.raises(UserInputError):
        make_quiz(None, None, 0)
    with pytest.raises(UserInputError):
        make_quiz(None, None, MAX_QUESTIONS + 1)
    with pytest.raises(UserInputError):
        make_quiz("north")
    with pytest.raises(UserInputError):
        make_quiz(None, "weather")
    with pytest.raises(UserInputError):
        make_quiz(lang="fr")  # type: ignore[arg-type]


def test_markdown_has_questions_then_key() -> None:
    quiz = make_quiz("west", None, 3, "en", 4)
    md = render_quiz_markdown(quiz)
    assert md.index("**1.") < md.index("## Answer key and sources")
    assert "- A." in md and "> §" in md
    assert "Answer key" not in render_quiz_markdown(quiz, with_key=False)
