"""The page: layout and event wiring (``create_app``). Behaviour lives in chat.py, rendering in html.py."""

from __future__ import annotations

import functools
from typing import Any

import gradio as gr

from advisor.chain import Advisor, get_advisor
from advisor.domain import Language
from advisor.engines import ready_engines
from advisor.feedback import FeedbackStore
from advisor.settings import set_env_defaults, use_private_gradio_cache
from advisor.web import html as h
from advisor.web.api import Api
from advisor.web.chat import EXPORT_TTL_S, MAX_CHOICES, Handlers
from advisor.web.session import new_session
from advisor.web.strings import EXAMPLES, LANG_CHOICES, TIER_BADGE, norm_lang, t
from advisor.web.trainer import TrainerTab

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
#: Gradio keeps per-event analytics for its monitoring page and by default rebuilds a pandas summary of
#: the last 10,000 events after *every* event: ~9 % of the server's CPU in bench/load.py, and growing
#: with the traffic served. Keep 1,000 events and summarise every 1,000 (an operator's values win).
GRADIO_ANALYTICS_ENV = {"GRADIO_ANALYTICS_MAX_EVENTS": "1000", "GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000"}


def _header(lang: Language) -> str:
    return f"# {t('title', lang)}\n\n{t('subtitle', lang)}"


def page_language(query: str | None, accept_language: str | None) -> Language:
    """?lang= wins; else the first of Chinese or English in the browser's Accept-Language; else Chinese."""
    if query:
        return norm_lang(query)
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, i, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


def engine_choices(engines: list[str], lang: Language) -> list[tuple[str, str]]:
    """(label, engine name) for the answer-engine switch."""
    return [(t(f"engine_{name}", lang), name) for name in engines]


def create_app(
    advisor: Advisor | None = None, *, store: FeedbackStore | None = None, lang: Language = "zh"
) -> gr.Blocks:
    """Build the web page (chat, county card, plan, sources, feedback, exports, trainer tab) and its API.

    The queue is configured here (concurrency and size from settings.web), so the app behaves the same
    whether it is launched by ``launch()`` or mounted into FastAPI with ``mount()``.
    """
    advisor = advisor or get_advisor()
    if store is None:
        store = FeedbackStore.from_settings(advisor.settings)
    api = Api(advisor, store)
    handlers = Handlers(api)
    web = advisor.settings.web
    engines = ready_engines(advisor.settings)
    max_chars = advisor.settings.max_question_chars

    use_private_gradio_cache()
    with gr.Blocks(
        title=f"{t('title', 'zh')} · {t('title', 'en')}", analytics_enabled=False, delete_cache=(600, EXPORT_TTL_S)
    ) as demo:
        session = gr.State(new_session())
        saved = gr.BrowserState(None, storage_key="advisor-conversation")  # the conversation survives a reload
        with gr.Row(equal_height=False, elem_id="top-row"):
            with gr.Column(scale=4, min_width=300):
                header = gr.Markdown(_header(lang), elem_id="app-title")
            language = gr.Radio(LANG_CHOICES, value=lang, label=t("language", lang), elem_id="lang-switch",
                                scale=1, min_width=240)  # fmt: skip
        with gr.Tabs():
            with gr.Tab(t("tab_ask", lang), id="ask") as tab_ask, gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=300):
                    # No fixed height: the conversation grows with the page (no scroller inside the page).
                    chatbot = gr.Chatbot(label=t("chat", lang), show_label=False, elem_id="chatbot", height=None,
                                         placeholder=t("chat_placeholder", lang), buttons=["copy"], autoscroll=False,
                                         feedback_options=("Like", "Dislike"))  # fmt: skip
                    with gr.Column(visible=False, elem_id="clarify") as clarify_row:
                        clarify_label = gr.Markdown(t("clarify", lang))
                        with gr.Row():
                            clarify_buttons = [gr.Button(visible=False, size="sm", elem_classes=["clarify-btn"])
                                               for _ in range(MAX_CHOICES)]  # fmt: skip
                    with gr.Row(equal_height=True):
                        question = gr.Textbox(label=t("question", lang), placeholder=t("question_placeholder", lang),
                                              lines=1, max_lines=6, scale=5, min_width=220, elem_id="question")  # fmt: skip
                        send = gr.Button(t("send", lang), variant="primary", scale=1, min_width=80, elem_id="send")
                    with gr.Row(elem_id="chat-actions", equal_height=True):
                        counter = gr.HTML(h.counter_html(max_chars, lang), elem_id="question-count")
                        new_chat = gr.Button(t("new_chat", lang), size="sm", scale=0, min_width=110, elem_id="new-chat")
                    status = gr.Markdown("", elem_id="status")
                    # The optional comment, offered after a rating (the chat's own 👍/👎 are the only rating).
                    with gr.Row(elem_id="comment-row", equal_height=True, visible=False) as comment_row:
                        comment = gr.Textbox(label=t("comment", lang), placeholder=t("comment_placeholder", lang),
                                             show_label=False, lines=1, scale=3, min_width=200, elem_id="comment")  # fmt: skip
                        comment_send = gr.Button(t("comment_send", lang), size="sm", scale=0, min_width=110,
                                                 elem_id="comment-send")  # fmt: skip
                    examples_label = gr.Markdown(f"**{t('examples', lang)}**")
                    with gr.Row(elem_classes=["examples-row"]):
                        example_buttons = [gr.Button(f"{TIER_BADGE[tier][lang]} · {q}", size="sm", min_width=200,
                                                     elem_classes=["example-btn"])
                                           for tier, q in EXAMPLES[lang]]  # fmt: skip
                with gr.Column(scale=2, min_width=280):
                    engine = gr.Dropdown(engine_choices(engines, lang), value=advisor.settings.engine,
                                         label=t("engine", lang), info=t("engine_info", lang),
                                         visible=len(engines) > 1, elem_id="engine")  # fmt: skip
                    county = gr.Dropdown(choices=[], value=None, label=t("county", lang), info=t("county_info", lang),
                                         allow_custom_value=True, filterable=True, elem_id="county-box")  # fmt: skip
                    county_card = gr.HTML(h.county_card_html(None, lang), elem_id="county-card")
                    with gr.Accordion(t("plan", lang), open=False, elem_id="plan-acc") as plan_acc:
                        plan = gr.HTML(h.plan_html(None, lang), elem_id="plan-card")
                    with gr.Accordion(t("citations", lang), open=True, elem_id="cite-acc") as cite_acc:
                        citations = gr.HTML(h.citations_html([], lang), elem_id="citations")
                    with gr.Accordion(t("export", lang), open=True, elem_id="export-acc") as export_acc:
                        with gr.Row():
                            exp_md = gr.Button(t("export_md", lang), size="sm", elem_id="export-md")
                            exp_pdf = gr.Button(t("export_pdf", lang), size="sm", elem_id="export-pdf")
                        handout_lang = gr.Radio(LANG_CHOICES, value=lang, label=t("handout_lang", lang),
                                                elem_id="handout-lang")  # fmt: skip
                        with gr.Row():
                            hand_md = gr.Button(t("handout_md", lang), size="sm", elem_id="handout-md")
                            hand_pdf = gr.Button(t("handout_pdf", lang), size="sm", elem_id="handout-pdf")
                        downloads = gr.File(
                            label=t("files", lang), interactive=False, visible=False, elem_id="downloads"
                        )
                        export_status = gr.Markdown("")
            with gr.Tab(t("tab_trainer", lang), id="trainer") as tab_trainer:
                trainer = TrainerTab(store, advisor.settings, handlers.write_file, language, lang)
            with gr.Tab(t("tab_help", lang), id="help") as tab_help:
                help_text = gr.Markdown(t("help", lang))

        # -- asking ---------------------------------------------------------------------------
        answer_outputs = [
            chatbot,
            session,
            question,
            county_card,
            citations,
            plan,
            clarify_row,
            *clarify_buttons,
            status,
        ]
        ask_kwargs: dict[str, Any] = {"outputs": answer_outputs, "show_progress": "minimal", **PRIVATE}
        asking = [question, county, language, session, engine]
        gr.on([send.click, question.submit], handlers.respond, inputs=asking, **ask_kwargs)
        for i, button in enumerate(example_buttons):
            button.click(lambda ui, i=i: EXAMPLES[norm_lang(ui)][i][1], inputs=language, outputs=question,
                         queue=False, **PRIVATE).then(handlers.respond, inputs=asking, **ask_kwargs)  # fmt: skip
        for i, button in enumerate(clarify_buttons):
            button.click(
                functools.partial(handlers.choose, i), inputs=[county, language, session, engine], **ask_kwargs
            )
        chatbot.option_select(handlers.follow_up, inputs=[county, language, session, engine], **ask_kwargs)
        chatbot.retry(handlers.regenerate, inputs=[county, language, session, engine], **ask_kwargs)

        # One clear control: 新对话, and the chat's own clear icon (hidden by CSS) does the same.
        reset_outputs = [*answer_outputs, county, downloads, comment, comment_row]
        gr.on([new_chat.click, chatbot.clear], handlers.reset, inputs=language, outputs=reset_outputs, queue=False,
              **PRIVATE)  # fmt: skip
        # The conversation is kept in the browser (gr.BrowserState) after every change, until 新对话.
        session.change(lambda st: st, inputs=session, outputs=saved, queue=False, show_progress="hidden", **PRIVATE)

        # -- county box -----------------------------------------------------------------------
        county.key_up(handlers.suggest, inputs=None, outputs=county, queue=False, show_progress="hidden",
                      trigger_mode="always_last", **PRIVATE)  # fmt: skip
        county.change(handlers.pick_county, inputs=[county, language, session], outputs=[session, county_card, plan, plan_acc],
                      show_progress="hidden", trigger_mode="always_last", **PRIVATE)  # fmt: skip

        # -- feedback and export --------------------------------------------------------------
        chatbot.like(handlers.like, inputs=[language, session], outputs=[status, session, comment_row], **PRIVATE)
        gr.on([comment_send.click, comment.submit], handlers.comment, inputs=[comment, language, session],
              outputs=[status, comment, comment_row], **PRIVATE)  # fmt: skip
        for button, kind in ((exp_md, "conversation-md"), (exp_pdf, "conversation-pdf"),
                             (hand_md, "handout-md"), (hand_pdf, "handout-pdf")):  # fmt: skip
            button.click(functools.partial(handlers.export, kind), inputs=[language, session, handout_lang],
                         outputs=[downloads, export_status], **PRIVATE)  # fmt: skip

        # -- language -------------------------------------------------------------------------
        def texts(lv: Language, st: dict[str, Any]) -> dict[Any, Any]:
            """Every component's wording in one language, in one place (the switch sends exactly these)."""
            return {
                header: _header(lv), language: gr.update(label=t("language", lv)),
                tab_ask: gr.update(label=t("tab_ask", lv)), tab_trainer: gr.update(label=t("tab_trainer", lv)),
                tab_help: gr.update(label=t("tab_help", lv)),
                chatbot: gr.update(label=t("chat", lv), placeholder=t("chat_placeholder", lv)),
                clarify_label: t("clarify", lv),
                question: gr.update(label=t("question", lv), placeholder=t("question_placeholder", lv)),
                send: gr.update(value=t("send", lv)), counter: h.counter_html(max_chars, lv),
                comment_send: gr.update(value=t("comment_send", lv)),
                comment: gr.update(label=t("comment", lv), placeholder=t("comment_placeholder", lv)),
                new_chat: gr.update(value=t("new_chat", lv)), examples_label: f"**{t('examples', lv)}**",
                **{button: gr.update(value=f"{TIER_BADGE[tier][lv]} · {q}")
                   for button, (tier, q) in zip(example_buttons, EXAMPLES[lv], strict=True)},
                engine: gr.update(label=t("engine", lv), info=t("engine_info", lv), choices=engine_choices(engines, lv)),
                county: gr.update(label=t("county", lv), info=t("county_info", lv)),
                county_card: h.county_card_html(st.get("county"), lv, st.get("source", "detected")),
                plan_acc: gr.update(label=t("plan", lv)), plan: handlers.plan_html(st, lv),
                cite_acc: gr.update(label=t("citations", lv)), citations: h.citations_html(st["answers"], lv),
                export_acc: gr.update(label=t("export", lv)), exp_md: gr.update(value=t("export_md", lv)),
                exp_pdf: gr.update(value=t("export_pdf", lv)), hand_md: gr.update(value=t("handout_md", lv)),
                hand_pdf: gr.update(value=t("handout_pdf", lv)), downloads: gr.update(label=t("files", lv)),
                handout_lang: gr.update(label=t("handout_lang", lv)),
                **trainer.texts(lv),
                help_text: t("help", lv),
            }  # fmt: skip

        def switch(ui: str, state: dict[str, Any] | None) -> dict[Any, Any]:
            return texts(norm_lang(ui), state or new_session())

        language.change(
            switch, inputs=[language, session], outputs=list(texts("zh", new_session())),
            queue=False, show_progress="hidden", **PRIVATE,
        )  # fmt: skip

        def on_load(kept: dict[str, Any] | None, request: gr.Request) -> list[Any]:
            """The page's language (?lang=, else the browser's Accept-Language) and the kept conversation."""
            wanted = page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
            return [wanted, *handlers.restore(kept, wanted)]

        demo.load(on_load, inputs=saved, outputs=[language, *answer_outputs], queue=False, show_progress="hidden",
                  **PRIVATE)  # fmt: skip

        api.register()

    set_env_defaults(GRADIO_ANALYTICS_ENV)  # read by gr.Queue() in demo.queue() below
    demo.max_threads = max(web.threads, web.concurrency)  # read by queue() and at start-up, also when mounted
    # api_open=False: no event runs by direct POST (/run/<name>, /api/<name>) around the queue and its limits.
    demo.queue(default_concurrency_limit=web.concurrency, max_size=web.max_queue, api_open=False)
    return demo
