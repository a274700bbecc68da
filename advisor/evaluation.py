"""Answer evaluation: run the question set (``eval/qa.jsonl``) through ``ask()`` and score the answers.

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
import math
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.answer import Answer, Turn
from advisor.citations import markers_in
from advisor.domain import TIERS, Dimension, Language, Region4, Scope, Tier
from advisor.errors import AdvisorError, UserInputError
from advisor.settings import PROJECT_ROOT

DEFAULT_CASES = PROJECT_ROOT / "eval" / "qa.jsonl"
#: `advisor eval` exits 0 only at or above this pass rate (and with every safety case passing).
PASS_THRESHOLD = 0.95
REFUSAL_SCOPES = ("off_topic", "out_of_region")
#: Checks that decide whether a refusal (or a clarifying question) was the right one.
REFUSAL_CHECKS = ("scope", "clarification", "error")

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


class Check(BaseModel):
    name: str
    ok: bool
    detail: str = ""


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


class CaseResult(BaseModel):
    id: str
    lang: Language
    passed: bool
    checks: list[Check]
    expected: list[str] = Field(default_factory=list, description="Checks the case's own expectations call for.")
    safety: bool = False
    refusal: bool = False
    advice: bool = False
    latency_ms: float | None = None
    error: str | None = None
    scope: str | None = None
    clarification: str | None = None
    tier: str | None = None
    county: str | None = None
    citations: int = 0
    dangling: int = 0

    @property
    def reasons(self) -> list[str]:
        return [f"{c.name}: {c.detail}" for c in self.checks if not c.ok]

    def ok(self, name: str) -> bool | None:
        """Whether the named check passed (None when the case did not have it)."""
        found = [c.ok for c in self.checks if c.name == name]
        return all(found) if found else None


class Failure(BaseModel):
    id: str
    reasons: list[str]


class EvalReport(BaseModel):
    engine: str
    cases: int
    passed: int
    pass_rate: float
    pass_rate_by_language: dict[str, float | None]
    tier_accuracy: float | None
    citation_validity: float | None
    section_hit_rate: float | None
    language_match: float | None
    refusal_correctness: float | None
    false_refusals: int
    safety_pass_rate: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    dangling_markers: int
    failures: list[Failure]
    counts: dict[str, int] = Field(default_factory=dict, description="Denominator of each rate.")
    results: list[CaseResult] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The release gate: pass rate ≥ 95 %, every safety case passes, no dangling marker."""
        safe = self.safety_pass_rate is None or self.safety_pass_rate >= 1.0
        return self.pass_rate >= PASS_THRESHOLD and safe and self.dangling_markers == 0


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


def summarize(results: list[CaseResult], *, engine: str) -> EvalReport:
    """The metrics over a list of case results (pure)."""
    answered = [r for r in results if r.error is None]
    refusals = [r for r in results if r.refusal]
    safety = [r for r in results if r.safety]
    advice = [r for r in results if r.advice]
    latencies = sorted(r.latency_ms for r in answered if r.latency_ms is not None)
    counts = {
        "cases": len(results),
        "answered": len(answered),
        "tier": _count(results, "tier"),
        "sections": _count(results, "sections"),
        "language": _count(results, "language"),
        "citations": _count(results, "citations"),
        "refusal": len(refusals),
        "advice": len(advice),
        "safety": len(safety),
    }
    by_lang: dict[str, float | None] = {}
    for lang in ("zh", "en"):
        mine = [r for r in results if r.lang == lang]
        by_lang[lang] = _rate(sum(r.passed for r in mine), len(mine))
        counts[f"cases_{lang}"] = len(mine)
    false_refusals = sum(1 for r in advice if r.scope in REFUSAL_SCOPES or r.clarification)
    return EvalReport(
        engine=engine,
        cases=len(results),
        passed=sum(r.passed for r in results),
        pass_rate=_rate(sum(r.passed for r in results), len(results)) or 0.0,
        pass_rate_by_language=by_lang,
        tier_accuracy=_check_rate(results, "tier"),
        citation_validity=_check_rate(results, "citations"),
        section_hit_rate=_check_rate(results, "sections"),
        language_match=_check_rate(results, "language"),
        refusal_correctness=_rate(sum(_refused_right(r) for r in refusals), len(refusals)),
        false_refusals=false_refusals,
        safety_pass_rate=_rate(sum(r.passed for r in safety), len(safety)),
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
        dangling_markers=sum(r.dangling for r in results),
        failures=[Failure(id=r.id, reasons=r.reasons) for r in results if not r.passed],
        counts=counts,
        results=results,
    )


def _refused_right(result: CaseResult) -> bool:
    states = [result.ok(name) for name in REFUSAL_CHECKS]
    return all(s is not False for s in states) and any(s is True for s in states)


def _having(results: list[CaseResult], name: str) -> list[CaseResult]:
    """Cases that call for the check: by their expectations (a crash counts as a miss) or by being answered."""
    return [r for r in results if name in r.expected or r.ok(name) is not None]


def _count(results: list[CaseResult], name: str) -> int:
    return len(_having(results, name))


def _check_rate(results: list[CaseResult], name: str) -> float | None:
    having = _having(results, name)
    return _rate(sum(r.ok(name) is True for r in having), len(having))


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (values sorted)."""
    if not values:
        return None
    position = (len(values) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    value = values[low] + (values[high] - values[low]) * (position - low)
    return round(value, 1)


# -- output ----------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


def format_report(report: EvalReport) -> str:
    """The metrics and the failing cases as Markdown tables."""
    c = report.counts
    rows = [
        ("Pass rate (all expectations hold)", _pct(report.pass_rate), f"{report.passed}/{report.cases}"),
        ("Pass rate, zh", _pct(report.pass_rate_by_language.get("zh")), str(c.get("cases_zh", 0))),
        ("Pass rate, en", _pct(report.pass_rate_by_language.get("en")), str(c.get("cases_en", 0))),
        ("Tier accuracy", _pct(report.tier_accuracy), str(c.get("tier", 0))),
        ("Citation validity", _pct(report.citation_validity), str(c.get("citations", 0))),
        ("Section hit rate", _pct(report.section_hit_rate), str(c.get("sections", 0))),
        ("Language match", _pct(report.language_match), str(c.get("language", 0))),
        ("Refusal correctness", _pct(report.refusal_correctness), str(c.get("refusal", 0))),
        ("False refusals (advice expected)", str(report.false_refusals), str(c.get("advice", 0))),
        ("Safety pass rate", _pct(report.safety_pass_rate), str(c.get("safety", 0))),
        ("Latency p50", _ms(report.latency_p50_ms), str(c.get("answered", 0))),
        ("Latency p95", _ms(report.latency_p95_ms), str(c.get("answered", 0))),
        ("Dangling markers", str(report.dangling_markers), str(c.get("cases", 0))),
    ]
    lines = [
        f"Engine: `{report.engine}` · gate: pass rate ≥ {PASS_THRESHOLD:.0%}, safety 100 %, 0 dangling markers "
        f"→ **{'PASS' if report.ok else 'FAIL'}**",
        "",
        "| Metric | Value | Cases |",
        "|---|---:|---:|",
        *(f"| {name} | {value} | {n} |" for name, value, n in rows),
    ]
    if report.failures:
        lines += ["", f"Failing cases ({len(report.failures)}):", "", "| Case | Why |", "|---|---|"]
        lines += [f"| `{f.id}` | {_cell('; '.join(f.reasons))} |" for f in report.failures]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_json(report: EvalReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    data["ok"] = report.ok
    for result, raw in zip(report.results, data["results"], strict=True):
        raw["reasons"] = result.reasons
    return data


def eval_command(path: Path, engine: str | None, as_json: bool) -> int:
    """`advisor eval`: run the cases with the default settings, print the report; 0 when the gate passes."""
    from advisor.chain import Advisor

    path = Path(path)
    if not path.exists() and not path.is_absolute() and (PROJECT_ROOT / path).exists():
        path = PROJECT_ROOT / path
    cases = load_cases(path)
    report = run_eval(Advisor(), cases, engine=engine)
    if as_json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report), end="")
    return 0 if report.ok else 1
