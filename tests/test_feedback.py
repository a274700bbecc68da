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
                       "topics", "answered", "clarification", "token", "answer", "county_name_en", "county_level"}  # fmt: skip
    store.log_question(answer("我电话13812345678，身份证11010519491231002X，卡号6222020200112233445，座机010-12345678"))
    store.log_question(answer("\u202e雷山\u200b县怎么样"))
    questions = [row["question"] for row in store.export_questions()]
    assert questions == ["雷山县怎么样", "我电话[***]，身份证[***]，卡号[***]，座机[***]"]


def test_a_rating_refers_to_a_logged_answer_and_replaces_an_earlier_one(store: FeedbackStore) -> None:
    token = store.log_question(answer())
    store.rate(token, True, "  很有用  ")
    row_id = store.rate(token, -1, "看错了，其实不清楚 13812345678")
    rows = store.feedback_rows()
    assert len(rows) == 1 and rows[0]["id"] == row_id and rows[0]["rating"] == -1
    assert rows[0]["comment"] == "看错了，其实不清楚 [***]"
    assert rows[0]["question"] == "贵州雷山县怎么发展农村电商？" and rows[0]["county_code"] == "522634"
    with pytest.raises(UserInputError):
        store.rate(token, 0)
    with pytest.raises(UserInputError, match="No answer"):
        store.rate("invented-by-a-client", 1)


def test_old_tables_get_the_new_columns_and_keep_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:  # the tables as version 0.1 made them, with one row
        conn.execute("CREATE TABLE question_log (id INTEGER PRIMARY KEY, created_at DATETIME, question TEXT, "
                     "language VARCHAR(8), county_code VARCHAR(12), county_name VARCHAR(200), tier VARCHAR(16), "
                     "scope VARCHAR(32), topics TEXT, answered BOOLEAN, clarification VARCHAR(32))")  # fmt: skip
        conn.execute("INSERT INTO question_log VALUES (1, '2026-11-30 10:00:00', '旧问题', 'zh', NULL, NULL, NULL, "
                     "'in_scope', '[]', 1, NULL)")  # fmt: skip
    store = FeedbackStore(f"sqlite:///{path}")
    store.rate(store.log_question(answer()), 1)
    assert [r["question"] for r in store.export_questions()] == ["贵州雷山县怎么发展农村电商？", "旧问题"]
    store.close()


def test_rows_older_than_the_retention_are_deleted(tmp_path: Path) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}", retention_days=30)
    store.rate(store.log_question(answer("旧的")), 1)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE question_log SET created_at = '2020-01-01 00:00:00'")
        conn.exec_driver_sql("UPDATE feedback SET created_at = '2020-01-01 00:00:00'")
    store.log_question(answer("新的"))
    assert store.prune() == 2
    assert [r["question"] for r in store.export_questions()] == ["新的"] and store.feedback_rows() == []
    assert store.delete_all() == 1 and store.question_count() == 0
    store.close()


def test_the_database_file_is_private(store: FeedbackStore, tmp_path: Path) -> None:
    assert (tmp_path / "data" / "feedback.sqlite3").stat().st_mode & 0o777 == 0o600


def test_trainer_summary(store: FeedbackStore) -> None:
    store.log_question(answer())
    store.log_question(answer("雷山县物流", topics=["logistics", "digital"]))
    store.log_question(answer("今天天气怎么样", county=None, citations=[], scope="off_topic", topics=[]))
    store.log_question(
        answer("朝阳区", county=None, citations=[], clarification=Clarification(reason="ambiguous"), topics=[])
    )
    store.rate(store.log_question(answer()), 1, "好")
    store.rate(store.log_question(answer()), -1, "不清楚")
    summary = store.trainer_summary()
    assert summary["questions"] == 6
    assert summary["topics"][0] == {"topic": "digital", "count": 4}
    place = summary["counties"][0]
    assert place["code"] == "522634" and place["count"] == 4 and place["level"] == "county"
    assert place["name_en"] == "Leishan County"
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
                store.rate(store.log_question(answer(f"q{n}-{i}")), i % 2 == 0, f"c{n}-{i}")
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
    a.rate(b.log_question(answer()), 1)
    b.rate(a.log_question(answer()), -1)
    assert len(a.feedback_rows()) == 2
    a.close()
    b.close()
