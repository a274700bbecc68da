"""Web rendering and page logic without a server: escaping, citation links, streaming, clarification."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from advisor.answer import Answer, Citation, Clarification, CountyCard
from advisor.web import html as h
from advisor.web.chat import MAX_CHOICES, Handlers, new_session, stream_pieces
from advisor.web.strings import EXAMPLES, STRINGS, norm_lang, t

XSS = '<script>window.__xss=1</script><img src=x onerror="alert(1)">'
BEIJING = CountyCard(name="朝阳区", full_name="朝阳区", level="county", province="北京市", prefecture="北京市", code="110105",
                     tier="east", region4="east", name_en="Chaoyang District", label_zh="北京市朝阳区",
                     label_en="Chaoyang District, Beijing")  # fmt: skip
CHANGCHUN = BEIJING.model_copy(update={"province": "吉林省", "prefecture": "长春市", "code": "220104", "tier": "central",
                                       "label_zh": "吉林省长春市朝阳区"})  # fmt: skip


def test_every_string_in_both_languages() -> None:
    for key, entry in STRINGS.items():
        assert entry.get("zh") and entry.get("en"), key
    assert len(EXAMPLES["zh"]) == len(EXAMPLES["en"])
    assert [tier for tier, _ in EXAMPLES["zh"]] == [tier for tier, _ in EXAMPLES["en"]]
    assert {tier for tier, _ in EXAMPLES["zh"]} == {"east", "central", "west"}
    assert t("answer_n", "en", n=2) == "Answer 2"
    assert norm_lang("English") == "en" and norm_lang("zh") == "zh" and norm_lang(None) == "zh"


def test_markdown_never_carries_raw_html() -> None:
    shown = h.user_markdown(XSS)
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in shown
    answer = h.answer_markdown(f"西部保底 [1] {XSS}\n\n> 引文 [2]", turn=3)
    assert '<a href="#cite-3-1" class="cite-link">[1]</a>' in answer
    assert "\n> 引文" in answer  # blockquote kept
    assert "<script" not in answer and "<img" not in answer


def test_cards_escape_untrusted_values() -> None:
    card = BEIJING.model_copy(update={"full_name": XSS, "note": XSS})
    html = h.county_card_html(card, "zh")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert 'data-code="110105"' in html and "东部提质" in html
    cite = Citation(marker=1, source_id="doc", title=XSS, section="5.1", section_title=XSS, quote=XSS, chunk_id="c",
                    translation="long " * 200, cites=[XSS], source_label=XSS).model_dump()  # fmt: skip
    panel = h.citations_html([{"question": XSS, "citations": [cite]}], "en")
    assert "<script" not in panel and "<img" not in panel
    assert 'id="cite-0-1"' in panel and "<details" in panel  # long translation folds
    assert "Answer 1" in panel
    assert "cite-panel empty" in h.citations_html([None], "zh")


def test_error_message_has_hint_and_no_html() -> None:
    text = h.error_markdown("bad <b>", "fix it", "en")
    assert "&lt;b&gt;" in text and "fix it" in text


def test_stream_pieces_grow_to_the_whole_answer() -> None:
    md = "第一行 [1]\n\n" + "很长的一句话。" * 40 + "\n- 第三行\n"
    pieces = stream_pieces(md)
    assert len(pieces) >= 5 and pieces[-1] == md
    assert all(b.startswith(a) for a, b in itertools.pairwise(pieces))


class StubApi:
    """Answers like the chain would: ambiguous first, then the chosen county."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.store = None
        self.advisor = SimpleNamespace(gazetteer=None)

    def ask(self, question: str, county: str | None, language: str | None, history: list[dict[str, str]],
            engine: str | None = None) -> dict:  # fmt: skip
        self.calls.append({"question": question, "county": county, "history": list(history), "engine": engine})
        if county is None:
            clar = Clarification(reason="ambiguous", candidates=[BEIJING, CHANGCHUN])
            return Answer(question=question, language="zh", answer="你指的是哪一个？", clarification=clar).to_json()
        cite = Citation(marker=1, source_id="pei2026", title="t", section="5.1", quote="东部提质", chunk_id="c")
        return Answer(question=question, language="zh", answer="东部提质 [1]\n\n第二行", county=BEIJING,
                      citations=[cite]).to_json()  # fmt: skip


def test_clarification_buttons_reask_with_the_code() -> None:
    api = StubApi()
    handlers = Handlers(api)  # type: ignore[arg-type]
    frames = list(handlers.respond("朝阳区怎么做电商？", None, "zh", new_session()))
    assert frames[0][2]["value"] == ""  # the textbox is cleared at once
    last = frames[-1]
    session = last[1]
    assert session["pending"]["question"] == "朝阳区怎么做电商？"
    row, buttons = last[6], last[7 : 7 + MAX_CHOICES]
    assert row["visible"] is True
    assert [b["value"] for b in buttons[:2]] == ["北京市朝阳区", "吉林省长春市朝阳区"]
    assert all(b["visible"] is False for b in buttons[2:])

    frames = list(handlers.choose(0, None, "zh", session))
    assert api.calls[-1]["county"] == "110105" and api.calls[-1]["question"] == "朝阳区怎么做电商？"
    assert api.calls[-1]["history"][0] == {"role": "user", "content": "朝阳区怎么做电商？"}
    chat, session = frames[-1][0], frames[-1][1]
    assert chat[-2]["content"] == "北京市朝阳区"  # the choice shows as the user's turn
    assert 'href="#cite-1-1"' in chat[-1]["content"]
    assert session["county"]["code"] == "110105" and session["pending"] is None
    assert len(frames) > 2  # streamed in pieces
    assert 'data-code="110105"' in frames[-1][3]


def test_empty_question_does_nothing() -> None:
    api = StubApi()
    frames = list(Handlers(api).respond("   ", None, "en", None))  # type: ignore[arg-type]
    assert len(frames) == 1 and api.calls == []


def test_export_without_conversation_says_so() -> None:
    handlers = Handlers(StubApi())  # type: ignore[arg-type]
    _, message = handlers.export("conversation-pdf", "en", new_session())
    assert message == t("nothing_to_export", "en")
    _, message = handlers.export("handout-pdf", "zh", new_session())
    assert message == t("no_county_export", "zh")


class FailingApi(StubApi):
    def ask(self, question: str, county: str | None, language: str | None, history: list[dict[str, str]],
            engine: str | None = None) -> dict:  # fmt: skip
        from advisor.errors import UserInputError

        raise UserInputError("The question has 5000 characters; the limit is 2000.", hint="shorten <it>")


def test_errors_show_message_and_hint_not_a_traceback() -> None:
    frames = list(Handlers(FailingApi()).respond("问题", None, "en", new_session()))  # type: ignore[arg-type]
    chat, session = frames[-1][0], frames[-1][1]
    assert "the limit is 2000" in chat[-1]["content"] and "shorten &lt;it&gt;" in chat[-1]["content"]
    assert "Traceback" not in chat[-1]["content"]
    assert session["answers"] == [None]


class MemoryStore:
    def __init__(self) -> None:
        self.rows: list[tuple[Any, int, str]] = []

    def record_feedback(self, answer: Any, rating: int, comment: str = "") -> int:
        self.rows.append((answer, rating, comment))
        return len(self.rows)


def test_feedback_buttons_and_chat_like_rate_the_right_answer() -> None:
    api = StubApi()
    api.store = MemoryStore()  # type: ignore[assignment]
    handlers = Handlers(api)  # type: ignore[arg-type]
    session = list(handlers.respond("朝阳区怎么做电商？", None, "zh", new_session()))[-1][1]
    session = list(handlers.choose(1, None, "zh", session))[-1][1]
    status, comment = handlers.feedback(1, "好", "zh", session)
    assert status["value"] == t("thanks", "zh") and comment["value"] == ""
    assert api.store.rows[-1][0]["county"]["code"] == "110105" and api.store.rows[-1][1:] == (1, "好")
    handlers.like(SimpleNamespace(index=1, liked=False), "", "en", session)  # type: ignore[arg-type]
    assert api.store.rows[-1][0]["clarification"] is not None and api.store.rows[-1][1] == -1
    status, _ = handlers.feedback(1, "", "en", new_session())
    assert status["value"] == t("no_answer", "en")


SUICHANG = CountyCard(name="遂昌县", full_name="遂昌县", level="county", province="浙江省", prefecture="丽水市", code="331123",
                      tier="east", region4="east", name_en="Suichang County", label_zh="浙江省丽水市遂昌县",
                      label_en="Suichang County, Lishui, Zhejiang")  # fmt: skip


def test_english_ui_names_places_and_sections_in_english_beside_chinese() -> None:
    en = h.county_card_html(SUICHANG, "en")
    assert "Suichang County · 遂昌县" in en and "Lishui, Zhejiang · 丽水市 · 浙江省 · 331123" in en
    zh = h.county_card_html(SUICHANG, "zh")
    assert "丽水市 · 浙江省 · Suichang County · 331123" in zh and "Lishui" not in zh
    cite = Citation(marker=1, source_id="pei2026", title="t", section="5.1", section_title="补齐基础设施短板，夯实可持续发展基础",
                    quote="按照东部提质、中部补强、西部保底原则分级建设", chunk_id="c").model_dump()  # fmt: skip
    panel_en = h.citations_html([{"question": "q", "citations": [cite]}], "en")
    assert "§5.1 Remedy infrastructure shortfalls" in panel_en  # the English rendering's heading
    assert '<span class="cite-title-zh" lang="zh">补齐基础设施短板' in panel_en  # with the original beside it
    panel_zh = h.citations_html([{"question": "q", "citations": [cite]}], "zh")
    assert "§5.1 补齐基础设施短板" in panel_zh and "Remedy" not in panel_zh
    user_doc = {**cite, "source_id": "my-notes", "section_title": XSS}
    assert "<script" not in h.citations_html([{"question": "q", "citations": [user_doc]}], "en")
    assert h.section_title_en("my-notes", "5.1") == "" and h.section_title_en("pei2026", "9.9") == ""


def test_trainer_view_names_every_topic() -> None:
    summary = {"questions": 3, "feedback": {"up": 1, "down": 0, "recent": []}, "unanswered": [], "counties": [],
               "topics": [{"topic": "models", "count": 2}, {"topic": "logistics", "count": 1}]}  # fmt: skip
    en = h.trainer_html(summary, "en")
    assert "Models and cases" in en and "Logistics" in en and ">models<" not in en
    assert "发展模式与案例" in h.trainer_html(summary, "zh")


def test_readme_links_a_screenshot_that_exists() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    links = re.findall(r"\]\((docs/screenshots/[\w.-]+\.png)\)", (root / "README.md").read_text(encoding="utf-8"))
    assert "docs/screenshots/desktop.png" in links
    for link in links:
        data = (root / link).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_an_llm_engine_says_it_is_checking_and_reaches_the_api() -> None:
    api = StubApi()
    frames = Handlers(api).respond("朝阳区怎么做电商？", None, "en", new_session(), "local")  # type: ignore[arg-type]
    assert t("verifying", "en") in next(frames)[0][-1]["content"]  # before the verified answer is there
    assert t("verifying", "en") not in list(frames)[-1][0][-1]["content"]
    assert api.calls[-1]["engine"] == "local"


def test_engine_switch_labels_in_both_languages() -> None:
    from advisor.engines import engine_names
    from advisor.web.ui import engine_choices

    for lang in ("zh", "en"):
        choices = engine_choices(engine_names(), lang)
        assert [name for _, name in choices] == engine_names()
        assert all(label and label != name for label, name in choices)
