"""Quizzes for trainees, built only from the rule module (so every answer key is the paper's own word).

Question kinds:
- ``tier_of``: which tier does the paper assign a measure to? (tier-specific measures of §5.1/§5.3)
- ``measure_for``: which measure does the paper recommend for one tier's digital / logistics / brand work?
- ``problem_for``: which §4 problem does a §5 measure answer?
- ``dimension_of``: which of the seven dimensions does a measure belong to?

Each question carries its answer key and a citation (section + exact quote from the paper).
``make_quiz`` is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from advisor.domain import DIMENSIONS, TIER_LABELS, TIERS, Dimension, Language, Tier
from advisor.errors import UserInputError
from advisor.rules import DIMENSION_TITLES, RuleBook, Strategy, get_rulebook, parse_tier, parse_topic

QuizKind = Literal["tier_of", "measure_for", "problem_for", "dimension_of"]
KINDS: tuple[QuizKind, ...] = ("tier_of", "measure_for", "problem_for", "dimension_of")
MAX_QUESTIONS = 30
LETTERS = "ABCDEFG"

_TIER_WORDS = re.compile(
    r"^(?:(?:平台驱动型|政府 \+ 公共品牌型|直播新农人型)[：:]\s*)?(?:东部|中部|西部)\s*|"
    r"^(?:(?:platform-driven|government \+ public brand|livestream new farmers),\s*)?(?:east|centre|central|west)\s*[:,]\s*",
    re.IGNORECASE,
)


class QuizCitation(BaseModel):
    section: str
    quote: str
    source: str = "pei2026"


class QuizQuestion(BaseModel):
    id: str
    kind: QuizKind
    prompt: str
    options: list[str]
    answer: int = Field(description="Index of the correct option.")
    answer_text: str
    explanation: str
    citation: QuizCitation


class Quiz(BaseModel):
    title: str
    language: Language
    tier: Tier | None
    topic: Dimension | None
    seed: int
    questions: list[QuizQuestion]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _neutral(text: str) -> str:
    """The measure without the tier word it starts with (so the question does not give the answer away)."""
    out = _TIER_WORDS.sub("", text.strip(), count=1).strip()
    if not out:
        return text
    return out[0].upper() + out[1:] if out[0].isascii() else out


def _tier_label(tier: Tier, lang: Language) -> str:
    return TIER_LABELS[tier][lang]


def _cite(s: Strategy) -> QuizCitation:
    return QuizCitation(section=s.section, quote=s.quote)


def _tier_specific(s: Strategy) -> bool:
    return len(s.tiers) == 1


def _tier_of(s: Strategy, lang: Language, rng: random.Random) -> QuizQuestion:
    options = [_tier_label(t, lang) for t in TIERS]
    right = TIERS.index(s.tiers[0])
    measure = _neutral(s.text(lang))
    prompt = (f"论文把下面这项措施分配给哪一类地区？“{measure}”" if lang == "zh"
              else f"Which tier does the paper assign this measure to? \"{measure}\"")  # fmt: skip
    why = (f"§{s.section} 把它列在“{options[right]}”之下。" if lang == "zh"
           else f"§{s.section} lists it under \"{options[right]}\".")  # fmt: skip
    return QuizQuestion(id=f"tier_of:{s.id}", kind="tier_of", prompt=prompt, options=options, answer=right,
                        answer_text=options[right], explanation=why, citation=_cite(s))  # fmt: skip


def _measure_for(s: Strategy, book: RuleBook, lang: Language, rng: random.Random) -> QuizQuestion | None:
    tier = s.tiers[0]
    others = [o for o in book.strategies if o.dimension == s.dimension and _tier_specific(o) and o.tiers[0] != tier]
    if len(others) < 2:
        return None
    picked = rng.sample(others, k=min(3, len(others)))
    choices = [s, *picked]
    rng.shuffle(choices)
    options = [_neutral(c.text(lang)) for c in choices]
    right = choices.index(s)
    dim = DIMENSION_TITLES[s.dimension][lang]
    region = {"east": "东部", "central": "中部", "west": "西部"}[tier] if lang == "zh" else {
        "east": "the East", "central": "the Centre", "west": "the West"}[tier]  # fmt: skip
    prompt = (f"在“{dim}”方面，论文为{region}推荐的是哪一项？" if lang == "zh"
              else f"Which measure does the paper recommend for {region}'s {dim.lower()}?")  # fmt: skip
    why = f"§{s.section}：{_tier_label(tier, lang)}。" if lang == "zh" else f"§{s.section}: {_tier_label(tier, lang)}."
    return QuizQuestion(id=f"measure_for:{s.id}", kind="measure_for", prompt=prompt, options=options, answer=right,
                        answer_text=options[right], explanation=why, citation=_cite(s))  # fmt: skip


def _problem_for(s: Strategy, book: RuleBook, lang: Language, rng: random.Random) -> QuizQuestion | None:
    answers = [p for p in book.problems if s.id in p.answered_by]
    if not answers:
        return None
    problem = answers[0]
    wrong = [p for p in book.problems if s.id not in p.answered_by]
    picked = rng.sample(wrong, k=min(3, len(wrong)))
    choices = [problem, *picked]
    rng.shuffle(choices)
    options = [p.title_zh if lang == "zh" else p.title_en for p in choices]
    right = choices.index(problem)
    measure = s.text(lang).rstrip("。.")
    prompt = (f"论文提出“{measure}”，主要是为了解决哪个问题？" if lang == "zh"
              else f"The paper proposes \"{measure}\". Which problem does it mainly answer?")  # fmt: skip
    why = (f"§{problem.section} 的问题由 §{s.section} 的这项措施回应。" if lang == "zh"
           else f"The problem of §{problem.section} is answered by this measure of §{s.section}.")  # fmt: skip
    return QuizQuestion(id=f"problem_for:{s.id}", kind="problem_for", prompt=prompt, options=options, answer=right,
                        answer_text=options[right], explanation=why,
                        citation=QuizCitation(section=problem.section, quote=problem.quote))  # fmt: skip


def _dimension_of(s: Strategy, lang: Language, rng: random.Random) -> QuizQuestion:
    wrong = [d for d in DIMENSIONS if d != s.dimension]
    choices: list[Dimension] = [s.dimension, *rng.sample(wrong, k=3)]
    rng.shuffle(choices)
    options = [DIMENSION_TITLES[d][lang] for d in choices]
    right = choices.index(s.dimension)
    measure = _neutral(s.text(lang)).rstrip("。.")
    prompt = (f"“{measure}”属于论文第五部分的哪一个方面？" if lang == "zh"
              else f"Which part of the paper's §5 does this measure belong to? \"{measure}\"")  # fmt: skip
    why = f"§{s.section}"
    return QuizQuestion(id=f"dimension_of:{s.id}", kind="dimension_of", prompt=prompt, options=options, answer=right,
                        answer_text=options[right], explanation=why, citation=_cite(s))  # fmt: skip


def _pool(book: RuleBook, tier: Tier | None, topic: Dimension | None, lang: Language,
          rng: random.Random) -> dict[QuizKind, list[QuizQuestion]]:  # fmt: skip
    chosen = [s for s in book.strategies
              if (tier is None or tier in s.tiers) and (topic is None or s.dimension == topic)]  # fmt: skip
    pool: dict[QuizKind, list[QuizQuestion]] = {k: [] for k in KINDS}
    for s in chosen:
        if _tier_specific(s):
            pool["tier_of"].append(_tier_of(s, lang, rng))
            q = _measure_for(s, book, lang, rng)
            if q:
                pool["measure_for"].append(q)
        q = _problem_for(s, book, lang, rng)
        if q:
            pool["problem_for"].append(q)
        pool["dimension_of"].append(_dimension_of(s, lang, rng))
    for questions in pool.values():
        rng.shuffle(questions)
    return pool


def _pick(pool: dict[QuizKind, list[QuizQuestion]], n: int) -> list[QuizQuestion]:
    """Round-robin over the kinds; each measure is asked about once while others remain."""
    questions: list[QuizQuestion] = []
    used: set[str] = set()
    for fresh_only in (True, False):
        while len(questions) < n:
            added = False
            for kind in KINDS:
                if len(questions) >= n:
                    break
                for i in range(len(pool[kind]) - 1, -1, -1):
                    measure = pool[kind][i].id.split(":", 1)[1]
                    if not fresh_only or measure not in used:
                        questions.append(pool[kind].pop(i))
                        used.add(measure)
                        added = True
                        break
            if not added:
                break
    return questions


#: Seeds are stored and sent as JSON numbers; 2**31 keeps them exact everywhere.
MAX_SEED = 2**31


def make_quiz(
    tier: str | None = None,
    topic: str | None = None,
    n: int = 5,
    lang: Language = "zh",
    seed: int | None = None,
    *,
    rulebook: RuleBook | None = None,
) -> Quiz:
    """`n` multiple-choice questions (mixed kinds, no repeats) for a tier and/or topic; same seed, same quiz."""
    if lang not in ("zh", "en"):
        raise UserInputError(f"Unknown language '{lang}'.", hint="use zh or en")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_QUESTIONS:
        raise UserInputError(f"n must be between 1 and {MAX_QUESTIONS}.", code="bad_quiz_size")
    tier_v: Tier | None = parse_tier(tier) if tier and str(tier).strip() else None
    topic_v: Dimension | None = parse_topic(topic) if topic and str(topic).strip() else None
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise UserInputError(f"seed must be a whole number from 0 to {MAX_SEED - 1}.", code="bad_quiz_seed")
    seed_v = int(seed) if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    rng = random.Random(seed_v)
    pool = _pool(rulebook or get_rulebook(), tier_v, topic_v, lang, rng)
    questions = _pick(pool, n)
    if not questions:
        raise UserInputError(
            "No quiz questions for this tier and topic.", hint="choose another topic", code="empty_quiz"
        )
    parts = [_tier_label(tier_v, lang) if tier_v else "", DIMENSION_TITLES[topic_v][lang] if topic_v else ""]
    scope = " · ".join(p for p in parts if p)
    title = ("培训测验" if lang == "zh" else "Trainee quiz") + (f" · {scope}" if scope else "")
    return Quiz(title=title, language=lang, tier=tier_v, topic=topic_v, seed=seed_v, questions=questions)


def render_quiz_markdown(quiz: Quiz, *, with_key: bool = True) -> str:
    """The quiz as Markdown: questions with lettered options, then the answer key with citations."""
    zh = quiz.language == "zh"
    lines = [f"# {quiz.title}", "", (f"种子 {quiz.seed}" if zh else f"Seed {quiz.seed}"), ""]
    for i, q in enumerate(quiz.questions, 1):
        lines += [f"**{i}. {q.prompt}**", ""]
        lines += [f"- {LETTERS[j]}. {opt}" for j, opt in enumerate(q.options)]
        lines.append("")
    if with_key:
        lines += ["## 答案与出处" if zh else "## Answer key and sources", ""]
        for i, q in enumerate(quiz.questions, 1):
            lines.append(f"{i}. **{LETTERS[q.answer]}** — {q.answer_text}（{q.explanation}）" if zh
                         else f"{i}. **{LETTERS[q.answer]}** — {q.answer_text} ({q.explanation})")  # fmt: skip
            lines += [f"   > §{q.citation.section}：“{q.citation.quote}”", ""]
    return "\n".join(lines).rstrip() + "\n"
