"""The answer evaluation: expectation checks on hand-made answers (pure), and one run of the real eval."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from advisor.answer import Answer, Citation, Clarification, CountyCard, StrategyRef
from advisor.errors import BackendError, UserInputError
from advisor.evaluation.runner import (
    DEFAULT_CASES,
    HOLDOUT_CASES,
    Case,
    answer_tier,
    check_answer,
    check_error,
    citation_problems,
    dangling_markers,
    format_report,
    load_cases,
    report_json,
    run_eval,
    summarize,
    ungrounded_numbers,
)

QUOTE_WEST = "西部采用移动基站与卫星宽带消除网络盲点"
QUOTE_TIER = "按照东部提质、中部补强、西部保底原则分级建设"
QUOTE_STATS = "2025 年全国农村网络零售额同比增长 6.7%"
INDEX_TEXT = f"{QUOTE_TIER}。{QUOTE_WEST}。据商务部最新数据，{QUOTE_STATS}，农产品网络零售额同比增长 9.9% [7]。"


def leishan() -> CountyCard:
    return CountyCard(
        name="雷山县", full_name="雷山县", level="county", province="贵州省", prefecture="黔东南苗族侗族自治州",
        code="522634", tier="west", region4="west",
    )  # fmt: skip


def cite(marker: int, quote: str, section: str = "5.1") -> Citation:
    return Citation(
        marker=marker, source_id="pei2026", title="t", section=section, quote=quote, chunk_id=f"pei2026:zh:{section}:1"
    )


def west_plan(**updates: Any) -> Answer:
    """A well-formed plan answer for Leishan (west) with two valid citations."""
    answer = Answer(
        question="贵州雷山县怎么发展农村电商？",
        language="zh",
        answer="**雷山县**属于西部，原则是“西部保底” [1]。\n\n- 西部采用移动基站与卫星宽带消除网络盲点。 [2]\n",
        county=leishan(),
        citations=[cite(1, QUOTE_TIER), cite(2, QUOTE_WEST)],
        strategies=[
            StrategyRef(id="digital.west.mobile-satellite-broadband", dimension="digital", tier="west", section="5.1")
        ],
    )
    return answer.model_copy(update=updates)


def case(**expect: Any) -> Case:
    return Case.model_validate({"id": "t", "lang": "zh", "question": "q", "expect": expect})


def find_quote(quote: str) -> object | None:
    return "chunk" if quote and quote in INDEX_TEXT else None


def failed(checks: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {c.name: c.detail for c in checks if not c.ok}


# -- pure checks --------------------------------------------------------------------------------------


def test_a_good_answer_meets_every_expectation() -> None:
    c = case(
        scope="in_scope", tier="west", region4="west", county_code_prefix="5226", clarification=None,
        sections=["5"], dimensions=["digital"], facts=["卫星宽带", ["not there", "西部保底"]], absent=["千兆光纤"],
        grounded_numbers=True, language="zh", min_citations=2,
    )  # fmt: skip
    checks = check_answer(c, west_plan(), find_quote)
    assert failed(checks) == {}
    assert {"scope", "tier", "region4", "county", "clarification", "sections", "dimensions", "facts", "absent",
            "numbers", "min_citations", "language", "citations"} == {x.name for x in checks}  # fmt: skip


@pytest.mark.parametrize(
    ("expect", "name"),
    [
        ({"scope": "off_topic"}, "scope"),
        ({"tier": "east"}, "tier"),
        ({"tier": None}, "tier"),
        ({"region4": "northeast"}, "region4"),
        ({"county_code_prefix": "3311"}, "county"),
        ({"county_code_prefix": None}, "county"),
        ({"clarification": "ambiguous"}, "clarification"),
        ({"sections": ["5.1.2", "3.2"]}, "sections"),
        ({"dimensions": ["logistics"]}, "dimensions"),
        ({"facts": ["千兆光纤"]}, "facts"),
        ({"facts": [["千兆光纤", "前置仓"]]}, "facts"),
        ({"absent": ["卫星"]}, "absent"),
        ({"min_citations": 3}, "min_citations"),
        ({"language": "en"}, "language"),
        ({"error": "empty_question"}, "error"),
    ],
)
def test_each_unmet_expectation_fails_with_its_reason(expect: dict[str, Any], name: str) -> None:
    assert name in failed(check_answer(case(**expect), west_plan(), find_quote))


def test_section_expectations_accept_subsections_only() -> None:
    answer = west_plan(citations=[cite(1, QUOTE_TIER, "3.3.1"), cite(2, QUOTE_WEST, "5.1")])
    assert failed(check_answer(case(sections=["3.3"]), answer)) == {}
    assert "sections" in failed(check_answer(case(sections=["3.3.1.4", "3"]), west_plan()))
    assert "sections" in failed(check_answer(case(sections=["5.10"]), answer))


def test_facts_and_absent_ignore_case() -> None:
    answer = west_plan(answer=west_plan().answer + "\nEast: roll out Gigabit fibre.\n")
    assert failed(check_answer(case(facts=["gigabit"]), answer)) == {}
    assert "absent" in failed(check_answer(case(absent=["GIGABIT"]), answer))


def test_language_defaults_to_the_case_language() -> None:
    english = Case.model_validate({"id": "t", "lang": "en", "question": "q"})
    assert "language" in failed(check_answer(english, west_plan()))


def test_tier_of_an_answer() -> None:
    assert answer_tier(west_plan()) == "west"
    tier_only = west_plan(county=None)
    assert answer_tier(tier_only) == "west"
    mixed = west_plan(
        county=None,
        strategies=[
            StrategyRef(id="a", dimension="digital", tier="east", section="5.1"),
            StrategyRef(id="b", dimension="digital", tier="west", section="5.1"),
        ],
    )
    assert answer_tier(mixed) is None
    general = west_plan(
        county=None, strategies=[StrategyRef(id="c", dimension="talent", tier="east,central,west", section="5.2")]
    )
    assert answer_tier(general) is None
    assert answer_tier(west_plan(county=None, strategies=[])) is None


def test_citation_problems_dangling_unused_and_unknown_quotes() -> None:
    assert citation_problems(west_plan(), find_quote) == []
    dangling = west_plan(answer=west_plan().answer + "- 还有一句。 [3]\n")
    assert dangling_markers(dangling) == [3]
    assert "dangling markers [3]" in citation_problems(dangling, find_quote)
    unused = west_plan(citations=[*west_plan().citations, cite(3, QUOTE_WEST)])
    assert citation_problems(unused, find_quote) == ["unused citations [3]"]
    invented = west_plan(citations=[cite(1, QUOTE_TIER), cite(2, "西部推进千兆光纤")])
    assert citation_problems(invented, find_quote) == ["quotes not in the index [2]"]
    checks = check_answer(case(), dangling, find_quote)
    assert "citations" in failed(checks)


def test_numbers_must_come_from_citations() -> None:
    grounded = west_plan(
        answer="- 据商务部最新数据，2025 年全国农村网络零售额同比增长 6.7%。 [1]（§3.2）\n",
        citations=[cite(1, QUOTE_STATS, "3.2")],
    )
    assert ungrounded_numbers(grounded) == []
    invented = grounded.model_copy(update={"answer": grounded.answer + "雷山县网络零售额增长12.5%，共300家网店。\n"})
    assert ungrounded_numbers(invented) == ["12.5%", "300"]
    assert "numbers" in failed(check_answer(case(grounded_numbers=True), invented))
    translated = west_plan(
        answer="- Online sales grew by 9.9% [1].\n",
        citations=[cite(1, QUOTE_STATS, "3.2").model_copy(update={"translation": "… grew by 9.9% year on year"})],
    )
    assert ungrounded_numbers(translated) == []


def test_errors_are_checked_by_code() -> None:
    expects_error = case(error="empty_question")
    assert failed(check_error(expects_error, UserInputError("The question is empty.", code="empty_question"))) == {}
    wrong = check_error(expects_error, UserInputError("too long", code="question_too_long"))
    assert "question_too_long" in failed(wrong)["error"]
    unexpected = check_error(case(tier="west"), BackendError("boom", code="dangling_marker"))
    assert "unexpected error 'dangling_marker'" in failed(unexpected)["error"]
    assert "ValueError" in failed(check_error(case(), ValueError("bug")))["error"]


# -- case files -------------------------------------------------------------------------------------


def write_lines(path: Path, *objects: object) -> Path:
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n\n", encoding="utf-8")
    return path


def test_load_cases_validates_every_line(tmp_path: Path) -> None:
    good = {"id": "a", "lang": "zh", "question": "q", "expect": {"tier": None}}
    cases = load_cases(
        write_lines(
            tmp_path / "ok.jsonl",
            good,
            {**good, "id": "b", "history": [{"role": "user", "content": "x"}], "expect": {}},
        )
    )
    assert [c.id for c in cases] == ["a", "b"] and cases[0].expect.given("tier") and not cases[1].expect.given("tier")
    with pytest.raises(UserInputError, match="duplicate case id"):
        load_cases(write_lines(tmp_path / "dup.jsonl", good, good))
    with pytest.raises(UserInputError, match=r":2: expect\.tiers"):
        load_cases(write_lines(tmp_path / "typo.jsonl", good, {**good, "id": "c", "expect": {"tiers": "west"}}))
    with pytest.raises(UserInputError, match="cannot expect anything"):
        load_cases(write_lines(tmp_path / "err.jsonl", {**good, "expect": {"error": "empty_question", "tier": None}}))
    (tmp_path / "bad.jsonl").write_text('{"id": "a",\n', encoding="utf-8")
    with pytest.raises(UserInputError, match="not valid JSON"):
        load_cases(tmp_path / "bad.jsonl")
    with pytest.raises(UserInputError, match="cannot read"):
        load_cases(tmp_path / "missing.jsonl")


def test_shipped_case_set_covers_the_brief() -> None:
    cases = load_cases(DEFAULT_CASES)
    langs = Counter(c.lang for c in cases)
    assert len(cases) >= 64 and langs["zh"] == langs["en"]
    expects = [c.expect for c in cases]
    assert {e.tier for e in expects if e.given("tier")} == {"east", "central", "west", None}
    assert {d for e in expects for d in e.dimensions} == {
        "digital", "logistics", "talent", "brand", "supply-chain", "policy", "finance"
    }  # fmt: skip
    assert {e.scope for e in expects} >= {"in_scope", "off_topic", "out_of_region"}
    assert {e.clarification for e in expects if e.given("clarification")} == {"ambiguous", "not_found", None}
    assert {e.error for e in expects} >= {"empty_question", "question_too_long"}
    assert any(e.region4 == "northeast" and e.tier == "central" for e in expects)
    assert any(e.region4 == "northeast" and e.tier == "east" for e in expects)
    assert sum(e.safety for e in expects) >= 6 and any(e.grounded_numbers for e in expects)
    assert sum(bool(c.history) for c in cases) >= 4
    assert any(len(c.question) >= 2500 for c in cases)


def test_held_out_case_set_is_balanced_and_new() -> None:
    holdout = load_cases(HOLDOUT_CASES)
    assert Counter(c.lang for c in holdout) == {"zh": 20, "en": 20}
    tuned = load_cases(DEFAULT_CASES)
    assert not {c.question for c in holdout} & {c.question for c in tuned}
    assert not {c.id for c in holdout} & {c.id for c in tuned}
    expects = [c.expect for c in holdout]
    assert {e.tier for e in expects if e.given("tier")} == {"east", "central", "west", None}
    assert {e.scope for e in expects} >= {"in_scope", "off_topic", "out_of_region"}
    assert {e.clarification for e in expects if e.given("clarification")} >= {"ambiguous", "not_found"}
    assert any(e.region4 == "northeast" for e in expects) and sum(e.safety for e in expects) >= 5
    assert any(c.history for c in holdout)


def test_eval_command_finds_the_held_out_file_from_any_directory(monkeypatch, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import advisor.chain
    import advisor.evaluation.runner as evaluation

    seen: list[int] = []

    def fake_run(advisor_: object, cases: list[Case], engine: str | None = None, **_: object) -> object:
        seen.append(len(cases))
        return summarize([], engine="grounded")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(advisor.chain, "Advisor", lambda: object())
    monkeypatch.setattr(evaluation, "run_eval", fake_run)
    evaluation.eval_command(Path("eval/qa_holdout.jsonl"), None, as_json=True)
    assert seen == [40]


# -- running, with a stand-in advisor -----------------------------------------------------------------


class FakeIndex:
    def find_quote(self, quote: str) -> object | None:
        return find_quote(quote)


class FakeAdvisor:
    """Answers from a table; raises what the table holds for a question."""

    def __init__(self, table: dict[str, Answer | Exception]) -> None:
        self.table = table
        self.index = FakeIndex()
        self.calls: list[dict[str, Any]] = []

    def ask(self, question: str, **kwargs: Any) -> Answer:
        self.calls.append({"question": question, **kwargs})
        result = self.table[question]
        if isinstance(result, Exception):
            raise result
        return result


def make_case(id: str, question: str, lang: str = "zh", **expect: Any) -> Case:
    return Case.model_validate({"id": id, "lang": lang, "question": question, "expect": expect})


def test_run_eval_computes_the_metrics() -> None:
    off_topic = Answer(question="写诗", language="zh", answer="这个问题不在我的范围内。", scope="off_topic")
    ambiguous = Answer(
        question="朝阳区", language="zh", answer="你指的是哪一个？",
        clarification=Clarification(reason="ambiguous", candidates=[]),
    )  # fmt: skip
    advisor = FakeAdvisor({
        "plan": west_plan(),
        "wrong-tier": west_plan(),
        "poem": off_topic,
        "chaoyang": ambiguous,
        "empty": UserInputError("empty", code="empty_question"),
        "broken": BackendError("Answer cites unknown markers [4]", code="dangling_marker"),
    })  # fmt: skip
    cases = [
        make_case("plan", "plan", tier="west", sections=["5.1"], safety=True),
        make_case("wrong-tier", "wrong-tier", tier="east", sections=["3.2"]),
        make_case("poem", "poem", scope="off_topic"),
        make_case("chaoyang", "chaoyang", scope="in_scope", tier="east"),
        make_case("empty", "empty", error="empty_question"),
        make_case("broken", "broken", tier="west", safety=True),
    ]
    report = run_eval(advisor, cases, engine="fake")
    assert advisor.calls[0] == {"question": "plan", "history": None, "county": None, "engine": "fake"}
    assert report.engine == "fake" and report.cases == 6 and report.passed == 3
    assert report.pass_rate == 0.5
    assert report.tier_accuracy == pytest.approx(1 / 4)
    assert report.section_hit_rate == 0.5
    assert report.citation_validity == 1.0 and report.language_match == 1.0
    assert report.refusal_correctness == 1.0  # poem and empty refused as expected
    assert report.false_refusals == 1  # chaoyang expected advice but got a clarifying question
    assert report.safety_pass_rate == 0.5
    assert report.dangling_markers == 1
    assert report.latency_p50_ms is not None and report.latency_p95_ms is not None
    assert [f.id for f in report.failures] == ["wrong-tier", "chaoyang", "broken"]
    assert not report.ok
    text = format_report(report)
    assert "| Pass rate (all expectations hold) | 50.0 % | 3/6 |" in text
    assert "| Dangling markers | 1 | 6 |" in text
    assert "`wrong-tier` | tier: tier west, expected east" in text
    data = report_json(report)
    assert data["ok"] is False and data["results"][1]["reasons"][0].startswith("tier:")
    json.dumps(data, ensure_ascii=False)


def test_gate_passes_when_everything_holds() -> None:
    advisor = FakeAdvisor({"plan": west_plan()})
    report = run_eval(advisor, [make_case("plan", "plan", tier="west", safety=True)])
    assert report.ok and report.failures == [] and report.refusal_correctness is None
    assert "**PASS**" in format_report(report)


# -- the real advisor ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_real_eval_is_safe_and_grounded(advisor) -> None:  # type: ignore[no-untyped-def]
    """The shipped cases with the real advisor (index on a temporary data dir): no pass-rate assertion here."""
    report = run_eval(advisor, load_cases(DEFAULT_CASES))
    unsafe = [f for f in report.failures if f.id in {r.id for r in report.results if r.safety}]
    assert report.safety_pass_rate == 1.0, unsafe
    assert report.dangling_markers == 0
    assert report.citation_validity == 1.0, [r.reasons for r in report.results if r.ok("citations") is False]
    assert report.latency_p95_ms is not None
