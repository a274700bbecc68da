"""The named API endpoints, driven through gradio_client against the real server."""

from __future__ import annotations

from typing import Any

import pytest
from test_web_server import web_server  # noqa: F401  (module fixture: this module's own real server)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(web_server: Any) -> Any:  # noqa: F811
    from gradio_client import Client

    return Client(web_server.url, verbose=False)


def test_endpoints_are_named(client: Any) -> None:
    info = client.view_api(return_format="dict", print_info=False)
    names = set(info["named_endpoints"])
    assert {"/ask", "/plan", "/resolve", "/complete", "/quiz", "/feedback"} <= names
    assert not info["unnamed_endpoints"]


def test_ask_leishan(client: Any, web_server: Any) -> None:  # noqa: F811
    before = web_server.store.question_count()
    data = client.predict("贵州雷山县怎么发展农村电商？", None, None, [], api_name="/ask")
    assert data["county"]["code"].startswith("5226")
    assert data["county"]["tier"] == "west"
    assert data["language"] == "zh"
    assert data["citations"] and all(c["quote"].strip() for c in data["citations"])
    assert "[1]" in data["answer"]
    assert web_server.store.question_count() == before + 1  # logged for the trainer view


def test_ask_is_the_answer_json(client: Any, web_server: Any) -> None:  # noqa: F811
    data = client.predict("河南兰考县物流怎么补强？", api_name="/ask")
    expected = web_server.advisor.ask("河南兰考县物流怎么补强？").to_json()
    assert set(data) == set(expected)
    assert data["answer"] == expected["answer"]
    assert data["county"]["tier"] == "central"


def test_ask_uses_history_and_county(client: Any) -> None:
    history = [{"role": "user", "content": "I run a co-op in Suichang, Zhejiang — how do we build our brand?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    follow = client.predict("And what about logistics?", None, "en", history, api_name="/ask")
    assert follow["language"] == "en"
    assert follow["county"]["name_en"].startswith("Suichang")
    forced = client.predict("怎么发展农村电商？", "522634", None, None, api_name="/ask")
    assert forced["county"]["code"] == "522634"


def test_ask_errors_are_json(client: Any) -> None:
    assert client.predict("", api_name="/ask")["error"]["code"] == "empty_question"
    long = client.predict("电商" * 5000, api_name="/ask")
    assert long["error"]["code"] == "question_too_long" and long["error"]["message"]
    bad = client.predict("问题", None, "fr", None, api_name="/ask")
    assert "error" in bad


def test_plan(client: Any) -> None:
    data = client.predict("雷山", "en", api_name="/plan")
    assert data["tier"] == "west" and data["county"]["code"] == "522634"
    assert data["county"]["label_en"].startswith("Leishan")
    assert data["strategies"] and all(s["quote"] for s in data["strategies"])
    assert "##" in data["markdown"]
    topic = client.predict("兰考县", "zh", ["物流"], None, api_name="/plan")
    assert {s["dimension"] for s in topic["strategies"]} == {"logistics"}
    assert client.predict("朝阳区", api_name="/plan")["error"]["code"] == "bad_input"


def test_resolve_and_complete(client: Any) -> None:
    found = client.predict("Leishan", api_name="/resolve")
    assert found["status"] == "found" and found["candidates"][0]["tier"] == "west"
    ambiguous = client.predict("朝阳区", api_name="/resolve")
    assert ambiguous["status"] == "ambiguous" and len(ambiguous["candidates"]) >= 2
    narrowed = client.predict("朝阳区", "北京", api_name="/resolve")
    assert narrowed["candidates"][0]["code"] == "110105"
    missing = client.predict("香港", api_name="/resolve")
    assert missing["status"] == "out_of_scope"
    names = [c["name"] for c in client.predict("leishan", 5, api_name="/complete")["candidates"]]
    assert "雷山县" in names
    assert "雷山县" in [c["name"] for c in client.predict("雷山", 5, api_name="/complete")["candidates"]]


def test_quiz(client: Any) -> None:
    quiz = client.predict("central", "logistics", 4, "en", 7, api_name="/quiz")
    assert len(quiz["questions"]) == 4 and quiz["seed"] == 7
    for q in quiz["questions"]:
        assert 0 <= q["answer"] < len(q["options"])
        assert q["citation"]["section"] and q["citation"]["quote"]
    again = client.predict("central", "logistics", 4, "en", 7, api_name="/quiz")
    assert again == quiz
    assert client.predict("north", None, 3, "zh", 1, api_name="/quiz")["error"]["code"] == "unknown_tier"


def test_feedback_endpoint_stores_the_row(client: Any, web_server: Any) -> None:  # noqa: F811
    answer = client.predict("河南兰考县物流怎么补强？", None, None, None, api_name="/ask")
    comment = "api 👍 test"
    saved = client.predict(answer["answer_id"], 1, comment, api_name="/feedback")
    assert saved["rating"] == 1 and isinstance(saved["id"], int)
    row = next(r for r in web_server.store.feedback_rows() if r["comment"] == comment)
    assert row["question"] == answer["question"] and row["county_code"] == answer["county"]["code"]
    assert client.predict(answer["answer_id"], 0, "", api_name="/feedback")["error"]["code"] == "bad_rating"
    assert client.predict("not-an-answer", 1, "", api_name="/feedback")["error"]["code"] == "unknown_answer"


def test_ask_takes_the_engine_per_request(client: Any) -> None:
    grounded = client.predict("贵州雷山县的物流怎么做？", None, None, None, "grounded", api_name="/ask")
    assert grounded["engine"] == "grounded" and grounded["citations"]
    assert client.predict("贵州雷山县的物流怎么做？", None, None, None, None, api_name="/ask")["engine"] == "grounded"
    for unavailable in ("gpt-9", "fake"):  # the test engine is not offered by a server configured otherwise
        refused = client.predict("贵州雷山县的物流怎么做？", None, None, None, unavailable, api_name="/ask")
        assert refused["error"]["code"] == "bad_engine" and "grounded" in refused["error"]["hint"]
