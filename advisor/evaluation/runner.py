"""Answer evaluation: run the question set (``eval/qa.jsonl``) through ``ask()`` and score the answers.

``eval/qa.jsonl`` was used while tuning the understanding and routing; ``eval/qa_holdout.jsonl`` is a
held-out set in the same format (``advisor eval --cases eval/qa_holdout.jsonl``).

Each case is one JSON object per line::

    {"id": "zh-leishan-plan", "lang": "zh", "question": "贵州雷山县怎么发展农村电商？",
     "county": null, "history": [{"role": "user", "content": "…"}],
     "expect": {"scope": "in_scope", "tier": "west", "county_code_prefix": "522634", "sections": ["5.1"],
                "facts": ["卫星宽带"], "absent": ["千兆光纤"], "min_citations": 3}}

Expectations (all optional; a case passes when every one it states holds):

- ``scope``: in_scope | off_topic | out_of_region.
- ``tier``: east | central | west, or ``null`` for "no tier". The answer's tier is its county's tier, else
  the single tier all its strategies are for (a tier-only plan), else none.
- ``region4``: the county card's four-region label (east | central | west | northeast).
- ``county_code_prefix``: the county card's code starts with it; ``null`` means "no county card".
- ``clarification``: ambiguous | not_found, or ``null`` for "no clarification".
- ``sections``: at least one citation is from one of these sections (``"3.3"`` also accepts ``3.3.1``).
- ``dimensions``: the answer recommends strategies, and only of these dimensions.
- ``facts``: substrings the answer must contain (case-insensitive); an inner list means "any of these".
- ``absent``: substrings the answer must not contain (case-insensitive).
- ``grounded_numbers``: every number in the answer occurs in one of its citations (quote or translation).
- ``language``: the answer's language (default: the case's ``lang``).
- ``min_citations``: at least this many citations.
- ``error``: ``ask()`` must refuse the input with an ``AdvisorError`` of this code.
- ``safety``: marks a safety case (injection, false premise, invented figures); reported separately.

Two checks apply to every answered case: the answer is in the expected language, and its citations are
valid (every ``[n]`` marker resolves to a citation, every citation is used, every quote is found verbatim
in the index with ``index.find_quote``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.answer import Answer, Turn
from advisor.answering.citations import markers_in
from advisor.domain import TIERS, Dimension, Language, Region4, Scope, Tier
from advisor.errors import AdvisorError, UserInputError
from advisor.evaluation.report import (  # re-exported: the CLI, bench and tests import them from here
    PASS_THRESHOLD,
    REFUSAL_CHECKS,
    REFUSAL_SCOPES,
    CaseResult,
    Check,
    EvalReport,
    Failure,
    format_report,
    report_json,
    summarize,
)
from advisor.settings import default_eval_dir, get_settings

__all__ = [
    "DEFAULT_CASES", "HOLDOUT_CASES", "PASS_THRESHOLD", "REFUSAL_CHECKS", "REFUSAL_SCOPES", "AdvisorLike", "Case", "CaseResult",
    "Check", "EvalReport", "Expect", "Failure", "answer_tier", "check_answer", "check_error", "citation_problems",
    "dangling_markers", "eval_command", "format_report", "load_cases", "report_json", "run_case", "run_eval",
    "summarize", "ungrounded_numbers",
]  # fmt: skip

DEFAULT_CASES = default_eval_dir() / "qa.jsonl"
#: Written from the paper without looking at the understanding code: `advisor eval --cases eval/qa_holdout.jsonl`.
HOLDOUT_CASES = default_eval_dir() / "qa_holdout.jsonl"

# A number as a reader sees it: 2025, 6.7%, 9.9, 1,000. Section signs and markers are removed first.
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*%?")
_SECTION_REF = re.compile(r"§\s?\d+(?:\.\d+)*")
_MARKER_TEXT = re.compile(r"\[\d{1,3}\]")


# -- cases ---------------------------------------------------------------------------------------------


class Expect(BaseModel):
    """What must hold of the answer. Whether a nullable key was given at all matters (``tier: null``)."""

    model_config = ConfigDict(extra="forbid")

    scope: Scope | None = None
    tier: Tier | None = None
    region4: Region4 | None = None
    county_code_prefix: str | None = None
    clarification: Literal["ambiguous", "not_found"] | None = None
    sections: list[str] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(default_factory=list)
    facts: list[str | list[str]] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    grounded_numbers: bool = False
    language: Language | None = None
    min_citations: int | None = Field(None, ge=0)
    error: str | None = None
    safety: bool = False

    def given(self, name: str) -> bool:
        return name in self.model_fields_set

    def check_names(self) -> list[str]:
        """The checks this case's own expectations produce in ``check_answer`` (the language and citation
        checks every answer gets are not included)."""
        stated = {
            "error": bool(self.error),
            "scope": self.scope is not None,
            "tier": self.given("tier"),
            "region4": self.region4 is not None,
            "county": self.given("county_code_prefix"),
            "clarification": self.given("clarification"),
            "sections": bool(self.sections),
            "dimensions": bool(self.dimensions),
            "facts": bool(self.facts),
            "absent": bool(self.absent),
            "numbers": self.grounded_numbers,
            "min_citations": self.min_citations is not None,
        }
        return [name for name, on in stated.items() if on]

    @property
    def refusal(self) -> bool:
        """The right answer is a refusal, an error or a clarifying question rather than advice."""
        return bool(self.scope in REFUSAL_SCOPES or self.error or self.clarification)

    @property
    def advice(self) -> bool:
        """The right answer is in scope and substantive: a refusal or a clarifying question would be wrong."""
        if self.refusal:
            return False
        return self.scope == "in_scope" or self.tier is not None or self.county_code_prefix is not None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    lang: Language
    question: str
    county: str | None = None
    history: list[Turn] = Field(default_factory=list)
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _error_cases_expect_nothing_else(self) -> Case:
        if self.expect.error and self.expect.model_fields_set - {"error", "safety"}:
            raise ValueError("a case that expects an error cannot expect anything of an answer")
        return self


def load_cases(path: Path) -> list[Case]:
    """Read and validate a JSONL case file; a bad line is a UserInputError naming it."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read {path}: {exc}", code="bad_cases") from exc
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = Case.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise UserInputError(f"{path}:{number}: not valid JSON ({exc.msg})", code="bad_cases") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise UserInputError(f"{path}:{number}: {where}: {first['msg']}", code="bad_cases") from exc
        if case.id in seen:
            raise UserInputError(f"{path}:{number}: duplicate case id '{case.id}'", code="bad_cases")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise UserInputError(f"{path} holds no cases", code="bad_cases")
    return cases


# -- checks (pure) -------------------------------------------------------------------------------------


QuoteFinder = Callable[[str], object | None]


def answer_tier(answer: Answer) -> Tier | None:
    """The county's tier; else the one tier every strategy is for (a tier-only plan); else none."""
    if answer.county is not None:
        return answer.county.tier
    tiers = {s.tier for s in answer.strategies}
    if len(tiers) == 1:
        only = next(iter(tiers))
        if only in TIERS:
            return only  # type: ignore[return-value]
    return None


def dangling_markers(answer: Answer) -> list[int]:
    """Markers in the text that no citation answers to."""
    known = {c.marker for c in answer.citations}
    return sorted({m for m in markers_in(answer.answer) if m not in known})


def citation_problems(answer: Answer, find_quote: QuoteFinder | None) -> list[str]:
    """Why the citations are not valid (empty when they are)."""
    problems = []
    dangling = dangling_markers(answer)
    if dangling:
        problems.append(f"dangling markers {dangling}")
    used = set(markers_in(answer.answer))
    unused = sorted(c.marker for c in answer.citations if c.marker not in used)
    if unused:
        problems.append(f"unused citations {unused}")
    if find_quote is not None:
        missing = [c.marker for c in answer.citations if find_quote(c.quote) is None]
        if missing:
            problems.append(f"quotes not in the index {missing}")
    return problems


def ungrounded_numbers(answer: Answer) -> list[str]:
    """Numbers in the answer that none of its citations (quote or translation) contains."""
    text = _MARKER_TEXT.sub(" ", _SECTION_REF.sub(" ", answer.answer))
    sources = [t for c in answer.citations for t in (c.quote, c.translation or "")]
    found = []
    for number in _NUMBER.findall(text):
        if not any(number in source for source in sources) and number not in found:
            found.append(number)
    return found


def _section_hit(cited: str, wanted: str) -> bool:
    return cited == wanted or cited.startswith(wanted + ".")


def _contains(text: str, needle: str) -> bool:
    return needle.casefold() in text


def check_answer(case: Case, answer: Answer, find_quote: QuoteFinder | None = None) -> list[Check]:
    """Every expectation of the case, plus the two checks every answer gets, against one answer."""
    e = case.expect
    checks: list[Check] = []

    def add(name: str, ok: bool, detail: str) -> None:
        checks.append(Check(name=name, ok=ok, detail="" if ok else detail))

    if e.error:
        add("error", False, f"expected error '{e.error}', got an answer (scope {answer.scope})")
        return checks
    text = answer.answer.casefold()
    if e.scope is not None:
        add("scope", answer.scope == e.scope, f"scope {answer.scope}, expected {e.scope}")
    if e.given("tier"):
        got = answer_tier(answer)
        add("tier", got == e.tier, f"tier {got}, expected {e.tier}")
    if e.region4 is not None:
        got4 = answer.county.region4 if answer.county else None
        add("region4", got4 == e.region4, f"region4 {got4}, expected {e.region4}")
    if e.given("county_code_prefix"):
        code = answer.county.code if answer.county else None
        if e.county_code_prefix is None:
            add("county", code is None, f"county {code}, expected none")
        else:
            ok = code is not None and code.startswith(e.county_code_prefix)
            add("county", ok, f"county {code}, expected {e.county_code_prefix}*")
    if e.given("clarification"):
        reason = answer.clarification.reason if answer.clarification else None
        add("clarification", reason == e.clarification, f"clarification {reason}, expected {e.clarification}")
    if e.sections:
        cited = sorted({c.section for c in answer.citations})
        ok = any(_section_hit(s, w) for s in cited for w in e.sections)
        add("sections", ok, f"cited sections {cited}, expected one of {e.sections}")
    if e.dimensions:
        dims = sorted({s.dimension for s in answer.strategies})
        ok = bool(dims) and set(dims) <= set(e.dimensions)
        add("dimensions", ok, f"strategy dimensions {dims}, expected only {e.dimensions}")
    if e.facts:
        missing = [f for f in e.facts if not _fact_present(text, f)]
        add("facts", not missing, f"missing {missing}")
    if e.absent:
        present = [a for a in e.absent if _contains(text, a)]
        add("absent", not present, f"must not say {present}")
    if e.grounded_numbers:
        loose = ungrounded_numbers(answer)
        add("numbers", not loose, f"numbers not in any citation {loose}")
    if e.min_citations is not None:
        n = len(answer.citations)
        add("min_citations", n >= e.min_citations, f"{n} citations, expected ≥ {e.min_citations}")
    language = e.language or case.lang
    add("language", answer.language == language, f"language {answer.language}, expected {language}")
    problems = citation_problems(answer, find_quote)
    add("citations", not problems, "; ".join(problems))
    return checks


def _fact_present(text: str, fact: str | list[str]) -> bool:
    options = [fact] if isinstance(fact, str) else fact
    return any(_contains(text, option) for option in options)


def check_error(case: Case, exc: BaseException) -> list[Check]:
    """The checks of a case whose ``ask()`` raised instead of answering."""
    code = getattr(exc, "code", type(exc).__name__)
    if case.expect.error:
        ok = code == case.expect.error
        return [Check(name="error", ok=ok, detail="" if ok else f"error '{code}', expected '{case.expect.error}'")]
    message = exc.message if isinstance(exc, AdvisorError) else str(exc)
    return [Check(name="error", ok=False, detail=f"unexpected error '{code}': {message[:120]}")]


# -- running ---------------------------------------------------------------------------------------------


class AdvisorLike(Protocol):
    index: Any

    def ask(
        self,
        question: str,
        *,
        history: list[Turn] | list[dict[str, str]] | None = None,
        county: str | None = None,
        lang: Language | None = None,
        engine: str | None = None,
    ) -> Answer: ...


def run_case(advisor: AdvisorLike, case: Case, engine: str | None = None) -> CaseResult:
    """Ask one case's question (timed) and check the answer or the error."""
    find_quote = getattr(getattr(advisor, "index", None), "find_quote", None)
    started = time.perf_counter()
    try:
        answer = advisor.ask(case.question, history=case.history or None, county=case.county, engine=engine)
    except Exception as exc:  # a crash is a failed case, not a failed run
        checks = check_error(case, exc)
        code = getattr(exc, "code", type(exc).__name__)
        dangling = 1 if code == "dangling_marker" else 0
        return CaseResult(
            id=case.id, lang=case.lang, passed=all(c.ok for c in checks), checks=checks,
            expected=case.expect.check_names(), safety=case.expect.safety,
            refusal=case.expect.refusal, advice=case.expect.advice, error=str(code), dangling=dangling,
        )  # fmt: skip
    latency = (time.perf_counter() - started) * 1000
    checks = check_answer(case, answer, find_quote)
    return CaseResult(
        id=case.id,
        lang=case.lang,
        passed=all(c.ok for c in checks),
        checks=checks,
        expected=case.expect.check_names(),
        safety=case.expect.safety,
        refusal=case.expect.refusal,
        advice=case.expect.advice,
        latency_ms=round(latency, 2),
        scope=answer.scope,
        clarification=answer.clarification.reason if answer.clarification else None,
        tier=answer_tier(answer),
        county=answer.county.code if answer.county else None,
        citations=len(answer.citations),
        dangling=len(dangling_markers(answer)),
    )


def run_eval(
    advisor: AdvisorLike,
    cases: Iterable[Case],
    engine: str | None = None,
    *,
    progress: Callable[[CaseResult], None] | None = None,
) -> EvalReport:
    """Run every case and compute the metrics."""
    results = []
    for case in cases:
        result = run_case(advisor, case, engine)
        results.append(result)
        if progress is not None:
            progress(result)
    used = engine or getattr(getattr(advisor, "settings", None), "engine", None) or "default"
    return summarize(results, engine=used)


def eval_command(path: Path, engine: str | None, as_json: bool) -> int:
    """`advisor eval`: run the cases with the default settings, print the report; 0 when the gate passes."""
    from advisor.chain import Advisor

    path = Path(path)
    if not path.exists() and not path.is_absolute() and path.parts[:1] == ("eval",):  # eval/… from elsewhere:
        path = get_settings().paths.eval_dir.joinpath(*path.parts[1:])  # the configured eval folder
    cases = load_cases(path)
    report = run_eval(Advisor(), cases, engine=engine)
    if as_json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report), end="")
    return 0 if report.ok else 1
