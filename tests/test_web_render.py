"""Web rendering and page logic without a server: escaping, citation links, clarification, ratings, limits."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from advisor.answer import Answer, Citation, Clarification, CountyCard
from advisor.settings import Settings
from advisor.web import html as h
from advisor.web.chat import MAX_CHOICES, Handlers
from advisor.web.session import new_session, without_follow_up_list
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


def test_follow_up_list_leaves_the_answer_for_buttons() -> None:
    md = "答案 [1]\n\n### 你还可以问\n\n- 物流呢？\n- 有哪些案例？\n"
    assert without_follow_up_list(md) == "答案 [1]\n"
    en = "Answer [1]\n\n### You could also ask\n\n- Logistics?\n\n### Notes\n\nkept\n"
    assert without_follow_up_list(en) == "Answer [1]\n\n### Notes\n\nkept\n"
    assert without_follow_up_list("plain") == "plain"


def chat_of(frame: list[Any]) -> list[dict[str, Any]]:
    """The chat messages of a frame (the chat goes out as an update with its pressed thumbs)."""
    return frame[0]["value"]


class StubApi:
    """Answers like the chain would: ambiguous first, then the chosen county."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.store = None
        self.advisor = SimpleNamespace(gazetteer=None, settings=Settings())

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
    chat, session = chat_of(frames[-1]), frames[-1][1]
    assert chat[-2]["content"] == "北京市朝阳区"  # the choice shows as the user's turn
    assert 'href="#cite-1-1"' in chat[-1]["content"]
    assert session["county"]["code"] == "110105" and session["pending"] is None
    assert len(frames) == 2  # the question at once, then the whole answer at once (no paced pieces)
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
    chat, session = chat_of(frames[-1]), frames[-1][1]
    assert "the limit is 2000" in chat[-1]["content"] and "shorten &lt;it&gt;" in chat[-1]["content"]
    assert "Traceback" not in chat[-1]["content"]
    assert session["answers"] == [None]


class RatingApi(StubApi):
    """Api.rate as the page uses it: one rating per answer_id, a later one replaces it."""

    def __init__(self) -> None:
        super().__init__()
        self.ratings: dict[str, tuple[int, str]] = {}
        self.n = 0

    def ask(self, *args: Any, **kwargs: Any) -> dict:
        self.n += 1
        return {**super().ask(*args, **kwargs), "answer_id": f"signed-{self.n}"}

    def rate(self, answer_id: str, rating: int, comment: str = "") -> dict:
        self.ratings[answer_id] = (rating, comment)
        return {"rating": rating}


def test_chat_thumbs_rate_each_answer_once_changeably_with_an_optional_comment() -> None:
    api = RatingApi()
    handlers = Handlers(api)  # type: ignore[arg-type]
    session = list(handlers.respond("朝阳区怎么做电商？", None, "zh", new_session()))[-1][1]
    session = list(handlers.choose(1, None, "zh", session))[-1][1]
    status, session, comment_row = handlers.like(SimpleNamespace(index=3, liked=True), "zh", session)  # type: ignore[arg-type]
    assert status["value"] == t("thanks", "zh") and comment_row["visible"] is True
    assert api.ratings == {"signed-2": (1, "")} and session["ratings"] == {"1": 1}
    handlers.like(SimpleNamespace(index=3, liked=False), "zh", session)  # type: ignore[arg-type]
    assert api.ratings == {"signed-2": (-1, "")}  # changed, still one rating
    status, box, row = handlers.comment("不够具体", "zh", session)
    assert api.ratings == {"signed-2": (-1, "不够具体")} and box["value"] == "" and row["visible"] is False
    frame = handlers.restore(session, "zh")
    assert frame[0]["feedback_value"] == [None, "Dislike"]  # the pressed thumb is shown again
    handlers.like(SimpleNamespace(index=3, liked=""), "zh", session)  # type: ignore[arg-type]  # un-pressed
    assert session["ratings"] == {}
    status, *_ = handlers.like(SimpleNamespace(index=1, liked=True), "en", new_session())  # type: ignore[arg-type]
    assert status["value"] == t("no_answer", "en")


def test_over_long_question_is_refused_in_the_page_language_and_kept() -> None:
    api = StubApi()
    handlers = Handlers(api)  # type: ignore[arg-type]
    paste = "电商" * 1100
    frames = list(handlers.respond(paste, None, "zh", new_session()))
    assert len(frames) == 1 and api.calls == []
    chat, session, text, status = chat_of(frames[0]), frames[0][1], frames[0][2], frames[0][-1]
    assert chat == [] and session["messages"] == []  # no echo of the unsent paste
    assert text["value"] == paste  # kept in the box to be shortened
    assert "2200" in status["value"] and "2000" in status["value"] and "太长" in status["value"]
    assert "too long" in next(iter(handlers.respond(paste, None, "en", new_session())))[-1]["value"]


def test_new_chat_clears_everything() -> None:
    handlers = Handlers(StubApi())  # type: ignore[arg-type]
    session = list(handlers.respond("朝阳区怎么做电商？", None, "zh", new_session()))[-1][1]
    out = handlers.reset("zh")
    chat, fresh, _, card, cites, plan = out[:6]
    assert chat["value"] == [] and fresh == new_session() and session["messages"]
    assert "county-card empty" in card and "cite-panel empty" in cites and "plan-card empty" in plan
    assert out[6]["visible"] is False  # the pending clarification goes
    county_box, downloads, comment, comment_row = out[-4:]
    assert county_box["value"] is None and downloads["visible"] is False and comment["value"] == ""
    assert comment_row["visible"] is False


def test_follow_ups_are_buttons_under_the_latest_answer_and_regenerate_asks_again() -> None:
    api = StubApi()
    handlers = Handlers(api)  # type: ignore[arg-type]
    session = list(handlers.respond("朝阳区怎么做电商？", "110105", "zh", new_session()))[-1][1]
    session["answers"][-1]["follow_ups"] = ["物流呢？"]
    frames = list(handlers.follow_up(SimpleNamespace(value="物流呢？"), "110105", "zh", session))  # type: ignore[arg-type]
    assert api.calls[-1]["question"] == "物流呢？" and len(chat_of(frames[-1])) == 4
    frames = list(handlers.regenerate("110105", "zh", frames[-1][1]))
    assert api.calls[-1]["question"] == "物流呢？" and len(chat_of(frames[-1])) == 4


def test_page_language_follows_query_then_browser() -> None:
    from advisor.web.ui import page_language

    assert page_language(None, "en-US,en;q=0.9") == "en"
    assert page_language(None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh"
    assert page_language(None, "fr-FR,en;q=0.5,zh;q=0.4") == "en"
    assert page_language(None, "de, zh-TW;q=0.9, en;q=0.95") == "en"
    assert page_language("zh", "en-US") == "zh" and page_language(None, None) == "zh"


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
    assert t("verifying", "en") in chat_of(next(frames))[-1]["content"]  # before the verified answer is there
    assert t("verifying", "en") not in chat_of(list(frames)[-1])[-1]["content"]
    assert api.calls[-1]["engine"] == "local"


def test_engine_switch_labels_in_both_languages() -> None:
    from advisor.engines import engine_names
    from advisor.web.ui import engine_choices

    for lang in ("zh", "en"):
        choices = engine_choices(engine_names(), lang)
        assert [name for _, name in choices] == engine_names()
        assert all(label and label != name for label, name in choices)


def test_splash_goes_before_the_heads_first_script_once() -> None:
    from advisor.web.style import SPLASH, with_splash

    sheet = '<link rel="stylesheet" crossorigin href="./assets/index.css">'
    page = ('<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f'<script>window.config = {{}}</script>{sheet}</head><body style="x">\n<gradio-app></gradio-app></body></html>')  # fmt: skip
    shown = with_splash(page)
    assert shown.index(SPLASH) == page.index("<script") + len(sheet)  # after the metas, before the configuration
    assert shown.count(sheet) == 1 and shown.index(sheet) < shown.index(SPLASH)  # the stylesheet stays in the head
    assert with_splash(shown) == shown and with_splash("no body") == "no body"
    plain = '<html><head></head><body style="x">\n<gradio-app></gradio-app></body></html>'
    assert with_splash(plain).index(SPLASH) == plain.index(">", plain.index("<body")) + 1
    assert "乡村电商参谋" in SPLASH and "Loading" in SPLASH and "position:fixed" not in SPLASH  # never over the page


def test_a_long_session_keeps_its_last_pairs_with_links_and_ratings_intact() -> None:
    from advisor.web.session import MAX_SESSION_TURNS, keep_recent

    state = new_session()
    total = MAX_SESSION_TURNS + 7
    for n in range(total):
        answer = {"question": f"q{n}", "answer": f"a{n} [1]", "county": None, "clarification": None,
                  "citations": [{"marker": 1}]}  # fmt: skip
        state["answers"].append(answer)
        state["messages"] += [{"role": "user", "content": f"q{n}"}, {"role": "assistant", "content": "old"}]
        state["turns"] += [{"role": "user", "content": f"q{n}"}, {"role": "assistant", "content": f"a{n}"}]
    state["ratings"], state["rated"] = {"3": 1, str(total - 1): -1}, total - 1
    keep_recent(state, "zh")
    assert len(state["answers"]) == MAX_SESSION_TURNS and len(state["messages"]) == 2 * MAX_SESSION_TURNS
    assert state["answers"][0]["question"] == "q7" and state["messages"][0]["content"] == "q7"
    last = MAX_SESSION_TURNS - 1
    assert state["ratings"] == {str(last): -1} and state["rated"] == last  # the rating moved with its answer
    assert f"#cite-{last}-1" in state["messages"][-1]["content"]  # links name the renumbered source cards


def test_the_handout_is_in_the_language_chosen_beside_its_buttons() -> None:
    import os

    handlers = Handlers(StubApi())  # type: ignore[arg-type]
    state = new_session()
    state["county"] = {"code": "522634"}
    file, status = handlers.export("handout-md", "zh", state, "en")
    path = file["value"]
    assert path.endswith("handout-522634-en.md") and status == ""
    assert "County action plan" in Path(path).read_text(encoding="utf-8")
    assert os.stat(path).st_mode & 0o777 == 0o600  # exports are private to the server's user
    file, _ = handlers.export("handout-md", "en", state, None)  # unchanged: the page's language
    assert file["value"].endswith("-en.md")
