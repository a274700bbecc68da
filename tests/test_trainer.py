"""The trainer tab's events (advisor/web/trainer.py): nothing without the trainer password, everything with it.

The events are called as Gradio calls them (plain functions with the session's state); the browser test in
test_web_browser.py unlocks the tab in a real page, and test_security.py calls every event by raw HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from advisor.answer import Answer
from advisor.feedback import FeedbackStore
from advisor.settings import Settings, WebSettings
from advisor.web.trainer import TrainerTab

PASSWORD = "trainer-password-1"


def request(host: str = "10.0.0.7") -> Any:
    return SimpleNamespace(client=SimpleNamespace(host=host))


@pytest.fixture
def tab(tmp_path: Path) -> Iterator[TrainerTab]:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    token = store.log_question(Answer(question="雷山县蜂蜜怎么卖？电话13812345678", language="zh", answer="……"))
    store.rate(token, -1, "没说清楚")
    settings = Settings(web=WebSettings(trainer_password=PASSWORD))  # type: ignore[arg-type]

    def write_file(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    with gr.Blocks():
        language = gr.Radio(["zh", "en"], value="zh")
        yield TrainerTab(store, settings, write_file, language, "zh")
    store.close()


def test_locked_without_the_password(tab: TrainerTab) -> None:
    state, _login, panel, message, summary, _box = tab.open("wrong-password", "zh", {}, request())
    assert state == {} and panel["visible"] is False and "密码不对" in message and summary == ""
    assert tab.show_summary(state, "zh") == "" and tab.show_summary(None, "en") == ""
    assert tab.export(state)["visible"] is False
    assert tab.delete_all(state, True, "zh") == ["", "", False] and tab.store.question_count() == 1
    assert tab.make_quiz(state, "", "", 5, 1, "zh")[0] == ""


def test_the_password_opens_summary_export_quiz_and_delete(tab: TrainerTab) -> None:
    state, _login, panel, _message, summary, box = tab.open(PASSWORD, "en", {}, request())
    assert panel["visible"] is True and box == ""
    assert "没说清楚" in summary and "[***]" in summary and "13812345678" not in summary
    [csv_path] = tab.export(state)["value"]
    text = Path(csv_path).read_text(encoding="utf-8-sig")
    assert text.startswith("time,question") and "雷山县蜂蜜怎么卖" in text and "13812345678" not in text
    view, files = tab.make_quiz(state, "west", "", 3, 7, "zh")
    student, key = files["value"]
    assert "quiz" in view and student.endswith("学员版.pdf") and key.endswith("答案.pdf")
    assert Path(student).read_bytes() != Path(key).read_bytes()
    assert "勾选" in tab.delete_all(state, False, "zh")[0] and tab.store.question_count() == 1
    assert "2" in tab.delete_all(state, True, "zh")[0] and tab.store.question_count() == 0
    assert tab.close("zh")[0] == {}


def test_password_attempts_are_limited_per_address(tab: TrainerTab) -> None:
    messages = [tab.open(f"guess-{i}", "zh", {}, request())[3] for i in range(8)]
    assert sum("太多" in m for m in messages) >= 3
    assert "太多" in tab.open(PASSWORD, "zh", {}, request())[3]  # even the right one waits its turn
    assert tab.open(PASSWORD, "zh", {}, request("10.0.0.8"))[2]["visible"] is True  # another address is not


def test_without_a_trainer_password_the_tab_stays_locked(tmp_path: Path) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    with gr.Blocks():
        tab = TrainerTab(store, Settings(), lambda name, content: name, gr.Radio(["zh"]), "zh")
    assert tab.password is None
    assert "ADVISOR_WEB_TRAINER_PASSWORD" in tab.open("", "zh", {}, request())[3]
    store.close()
