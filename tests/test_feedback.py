"""advisor.feedback: the SQLite store for 👍/👎 and the question log (WAL, busy timeout, no lost writes)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect

from advisor.answer import Answer, Citation, Clarification, CountyCard
from advisor.errors import UserInputError
from advisor.feedback import FeedbackStore

LEISHAN = CountyCard(name="雷山县", full_name="雷山县", level="county", province="贵州省", prefecture="黔东南苗族侗族自治州",
                     code="522634", tier="west", region4="west", name_en="Leishan County",
                     label_zh="贵州省黔东南苗族侗族自治州雷山县")  # fmt: skip
CITE = Citation(marker=1, source_id="pei2026", title="t", section="5.1", quote="西部采用移动基站与卫星宽带消除网络盲点",
                chunk_id="pei2026:zh:5.1:2", source_label="裴彩利 2026, §5.1")  # fmt: skip


def answer(question: str = "贵州雷山县怎么发展农村电商？", **kw: object) -> Answer:
    base: dict[str, object] = {"question": question, "language": "zh", "answer": "西部保底 [1]", "county": LEISHAN,
                               "citations": [CITE], "topics": ["digital"]}  # fmt: skip
    base.update(kw)
    return Answer.model_validate(base)


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    s = FeedbackStore(f"sqlite:///{tmp_path / 'data' / 'feedback.sqlite3'}")
    yield s
    s.close()


def test_creates_file_in_wal_mode_with_busy_timeout(store: FeedbackStore, tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.sqlite3"
    assert path.exists()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert set(inspect(store.engine).get_table_names()) == {"feedback", "question_log"}


def test_question_log_holds_no_personal_data(store: FeedbackStore) -> None:
    columns = {c["name"] for c in inspect(store.engine).get_columns("question_log")}
    assert columns == {"id", "created_at", "question", "language", "county_code", "county_name", "tier", "scope",
                       "topics", "answered", "clarification"}  # fmt: skip
    store.log_question(answer())
    assert store.question_count() == 1


def test_record_feedback_stores_question_answer_citations(store: FeedbackStore) -> None:
    row_id = store.record_feedback(answer(), True, "  很有用  ")
    store.record_feedback(answer().to_json(), -1, "")
    rows = store.feedback_rows()
    assert [r["rating"] for r in rows] == [-1, 1]
    first = next(r for r in rows if r["id"] == row_id)
    assert first["comment"] == "很有用"
    assert first["question"] == "贵州雷山县怎么发展农村电商？" and first["answer"] == "西部保底 [1]"
    assert first["citations"][0]["quote"] == CITE.quote and first["county_code"] == "522634"
    with pytest.raises(UserInputError):
        store.record_feedback(answer(), 0)


def test_trainer_summary(store: FeedbackStore) -> None:
    store.log_question(answer())
    store.log_question(answer("雷山县物流", topics=["logistics", "digital"]))
    store.log_question(answer("今天天气怎么样", county=None, citations=[], scope="off_topic", topics=[]))
    store.log_question(
        answer("朝阳区", county=None, citations=[], clarification=Clarification(reason="ambiguous"), topics=[])
    )
    store.record_feedback(answer(), 1, "好")
    store.record_feedback(answer(), -1, "不清楚")
    summary = store.trainer_summary()
    assert summary["questions"] == 4
    assert summary["topics"][0] == {"topic": "digital", "count": 2}
    assert summary["counties"][0]["code"] == "522634" and summary["counties"][0]["count"] == 2
    assert {u["question"] for u in summary["unanswered"]} == {"今天天气怎么样", "朝阳区"}
    assert summary["feedback"]["up"] == 1 and summary["feedback"]["down"] == 1
    assert json.dumps(summary, ensure_ascii=False)  # JSON-serialisable for the page


def test_sixteen_threads_lose_nothing(store: FeedbackStore, tmp_path: Path) -> None:
    threads, per_thread = 16, 25
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                store.record_feedback(answer(f"q{n}-{i}"), i % 2 == 0, f"c{n}-{i}")
                store.log_question(answer(f"q{n}-{i}"))
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert not errors
    with sqlite3.connect(tmp_path / "data" / "feedback.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == threads * per_thread
        assert conn.execute("SELECT COUNT(DISTINCT comment) FROM feedback").fetchone()[0] == threads * per_thread
        assert conn.execute("SELECT COUNT(*) FROM question_log").fetchone()[0] == threads * per_thread


def test_two_stores_on_one_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    a, b = FeedbackStore(url), FeedbackStore(url)
    a.record_feedback(answer(), 1)
    b.record_feedback(answer(), -1)
    assert len(a.feedback_rows()) == 2
    a.close()
    b.close()
