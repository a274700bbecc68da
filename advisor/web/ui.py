"""The page: layout and event wiring (``create_app``). Behaviour lives in chat.py, rendering in html.py."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import gradio as gr

from advisor.chain import Advisor, get_advisor
from advisor.domain import DIMENSIONS, TIERS, Language
from advisor.engines import ready_engines
from advisor.errors import AdvisorError
from advisor.feedback import FeedbackStore
from advisor.quiz import make_quiz
from advisor.rules import DIMENSION_TITLES
from advisor.settings import set_env_defaults
from advisor.web import html as h
from advisor.web.api import Api
from advisor.web.chat import MAX_CHOICES, Handlers, new_session
from advisor.web.strings import EXAMPLES, LANG_CHOICES, TIER_BADGE, norm_lang, t

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
#: Gradio keeps per-event analytics for its monitoring page and by default rebuilds a pandas summary of
#: the last 10,000 events after *every* event: ~9 % of the server's CPU in bench/load.py, and growing
#: with the traffic served. Keep 1,000 events and summarise every 1,000 (an operator's values win).
GRADIO_ANALYTICS_ENV = {"GRADIO_ANALYTICS_MAX_EVENTS": "1000", "GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000"}
ASSETS = Path(__file__).resolve().parent / "assets"


def _header(lang: Language) -> str:
    return f"# {t('title', lang)}\n\n{t('subtitle', lang)}"


def _tier_choices(lang: Language) -> list[tuple[str, str]]:
    return [(t("any", lang), ""), *((TIER_BADGE[x][lang], x) for x in TIERS)]


def _topic_choices(lang: Language) -> list[tuple[str, str]]:
    return [(t("any", lang), ""), *((DIMENSION_TITLES[d][lang], d) for d in DIMENSIONS)]


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
        store = FeedbackStore(advisor.settings.feedback_url)
    api = Api(advisor, store)
    handlers = Handlers(api)
    web = advisor.settings.web
    engines = ready_engines(advisor.settings)

    with gr.Blocks(
        title=f"{t('title', 'zh')} · {t('title', 'en')}", analytics_enabled=False, delete_cache=(3600, 86400)
    ) as demo:
        session = gr.State(new_session())
        with gr.Row(equal_height=False, elem_id="top-row"):
            with gr.Column(scale=4, min_width=300):
                header = gr.Markdown(_header(lang), elem_id="app-title")
            language = gr.Radio(LANG_CHOICES, value=lang, label=t("language", lang), elem_id="lang-switch",
                                scale=1, min_width=240)  # fmt: skip
        with gr.Tabs():
            with gr.Tab(t("tab_ask", lang), id="ask") as tab_ask, gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=300):
                    chatbot = gr.Chatbot(label=t("chat", lang), show_label=False, elem_id="chatbot", height=560, placeholder=t("chat_placeholder", lang),
                                         buttons=["copy"], feedback_options=("Like", "Dislike"))  # fmt: skip
                    with gr.Column(visible=False, elem_id="clarify") as clarify_row:
                        clarify_label = gr.Markdown(t("clarify", lang))
                        with gr.Row():
                            clarify_buttons = [gr.Button(visible=False, size="sm", elem_classes=["clarify-btn"])
                                               for _ in range(MAX_CHOICES)]  # fmt: skip
                    with gr.Row(equal_height=True):
                        question = gr.Textbox(label=t("question", lang), placeholder=t("question_placeholder", lang),
                                              lines=1, max_lines=6, scale=5, min_width=220, elem_id="question",
                                              autofocus=True)  # fmt: skip
                        send = gr.Button(t("send", lang), variant="primary", scale=1, min_width=80, elem_id="send")
                    with gr.Row(elem_id="feedback-row", equal_height=True):
                        up = gr.Button(t("helpful", lang), icon=str(ASSETS / "thumb-up.svg"), size="sm", scale=0,
                                       min_width=120, elem_id="thumb-up")  # fmt: skip
                        down = gr.Button(t("not_helpful", lang), icon=str(ASSETS / "thumb-down.svg"), size="sm", scale=0,
                                         min_width=140, elem_id="thumb-down")  # fmt: skip
                        comment = gr.Textbox(label=t("comment", lang), placeholder=t("comment_placeholder", lang),
                                             show_label=False, lines=1, scale=3, min_width=200, elem_id="comment")  # fmt: skip
                        new_chat = gr.Button(t("new_chat", lang), size="sm", scale=0, min_width=130, elem_id="new-chat")
                    status = gr.Markdown("", elem_id="status")
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
                        with gr.Row():
                            hand_md = gr.Button(t("handout_md", lang), size="sm", elem_id="handout-md")
                            hand_pdf = gr.Button(t("handout_pdf", lang), size="sm", elem_id="handout-pdf")
                        downloads = gr.File(
                            label=t("files", lang), interactive=False, visible=False, elem_id="downloads"
                        )
                        export_status = gr.Markdown("")
            with gr.Tab(t("tab_trainer", lang), id="trainer") as tab_trainer:
                summary_title = gr.Markdown(f"### {t('trainer_summary', lang)}")
                refresh = gr.Button(t("trainer_refresh", lang), size="sm", elem_id="trainer-refresh")
                summary = gr.HTML("", elem_id="trainer-summary")
                quiz_title = gr.Markdown(f"### {t('quiz', lang)}")
                with gr.Row():
                    quiz_tier = gr.Dropdown(_tier_choices(lang), value="", label=t("quiz_tier", lang))
                    quiz_topic = gr.Dropdown(_topic_choices(lang), value="", label=t("quiz_topic", lang))
                    quiz_n = gr.Slider(1, 20, value=5, step=1, label=t("quiz_n", lang), elem_id="quiz-n")
                    quiz_seed = gr.Number(value=1, precision=0, label=t("quiz_seed", lang))
                quiz_make = gr.Button(t("quiz_make", lang), variant="primary", elem_id="quiz-make")
                quiz_view = gr.HTML("", elem_id="quiz-view")
                quiz_file = gr.File(label=t("quiz_pdf", lang), interactive=False, visible=False, elem_id="quiz-file")
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

        def reset(ui: str) -> list[Any]:
            fresh = new_session()
            lang_v = norm_lang(ui)
            return [[], fresh, "", h.county_card_html(None, lang_v), h.citations_html([], lang_v),
                    h.plan_html(None, lang_v), gr.update(visible=False), *[gr.update(visible=False)] * MAX_CHOICES,
                    "", None, gr.update(value=None, visible=False)]  # fmt: skip

        new_chat.click(reset, inputs=language, outputs=[*answer_outputs, county, downloads], queue=False, **PRIVATE)

        # -- county box -----------------------------------------------------------------------
        county.key_up(handlers.suggest, inputs=None, outputs=county, queue=False, show_progress="hidden",
                      trigger_mode="always_last", **PRIVATE)  # fmt: skip
        county.change(handlers.pick_county, inputs=[county, language, session], outputs=[session, county_card, plan, plan_acc],
                      show_progress="hidden", trigger_mode="always_last", **PRIVATE)  # fmt: skip

        # -- feedback and export --------------------------------------------------------------
        up.click(functools.partial(handlers.feedback, 1), inputs=[comment, language, session],
                 outputs=[status, comment], **PRIVATE)  # fmt: skip
        down.click(functools.partial(handlers.feedback, -1), inputs=[comment, language, session],
                   outputs=[status, comment], **PRIVATE)  # fmt: skip
        chatbot.like(handlers.like, inputs=[comment, language, session], outputs=[status, comment], **PRIVATE)
        for button, kind in ((exp_md, "conversation-md"), (exp_pdf, "conversation-pdf"),
                             (hand_md, "handout-md"), (hand_pdf, "handout-pdf")):  # fmt: skip
            button.click(functools.partial(handlers.export, kind), inputs=[language, session],
                         outputs=[downloads, export_status], **PRIVATE)  # fmt: skip

        # -- trainer --------------------------------------------------------------------------
        def show_summary(ui: str) -> str:
            return h.trainer_html(store.trainer_summary(), norm_lang(ui))

        refresh.click(show_summary, inputs=language, outputs=summary, **PRIVATE)
        tab_trainer.select(show_summary, inputs=language, outputs=summary, **PRIVATE)

        def show_quiz(tier: str, topic: str, n: float, seed: float | None, ui: str) -> list[Any]:
            lang_v = norm_lang(ui)
            try:
                made = make_quiz(tier or None, topic or None, int(n), lang_v, int(seed) if seed is not None else None)
            except AdvisorError as exc:
                return [f'<div class="quiz empty">{h.esc(exc.message)}</div>', gr.update(value=None, visible=False)]
            from advisor.export import quiz_pdf

            path = handlers.write_file(f"quiz-{made.seed}.pdf", quiz_pdf(made))
            return [h.quiz_html(made, lang_v), gr.update(value=path, visible=True)]

        quiz_make.click(show_quiz, inputs=[quiz_tier, quiz_topic, quiz_n, quiz_seed, language],
                        outputs=[quiz_view, quiz_file], **PRIVATE)  # fmt: skip

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
                send: gr.update(value=t("send", lv)), up: gr.update(value=t("helpful", lv)),
                down: gr.update(value=t("not_helpful", lv)),
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
                summary_title: f"### {t('trainer_summary', lv)}", refresh: gr.update(value=t("trainer_refresh", lv)),
                quiz_title: f"### {t('quiz', lv)}",
                quiz_tier: gr.update(label=t("quiz_tier", lv), choices=_tier_choices(lv)),
                quiz_topic: gr.update(label=t("quiz_topic", lv), choices=_topic_choices(lv)),
                quiz_n: gr.update(label=t("quiz_n", lv)), quiz_seed: gr.update(label=t("quiz_seed", lv)),
                quiz_make: gr.update(value=t("quiz_make", lv)), quiz_file: gr.update(label=t("quiz_pdf", lv)),
                help_text: t("help", lv),
            }  # fmt: skip

        def switch(ui: str, state: dict[str, Any] | None) -> dict[Any, Any]:
            return texts(norm_lang(ui), state or new_session())

        language.change(
            switch, inputs=[language, session], outputs=list(texts("zh", new_session())),
            queue=False, show_progress="hidden", **PRIVATE,
        )  # fmt: skip

        def initial_language(request: gr.Request) -> Any:
            wanted = request.query_params.get("lang") if request is not None else None
            return norm_lang(wanted) if wanted else gr.update()

        demo.load(initial_language, inputs=None, outputs=language, queue=False, **PRIVATE)

        api.register()

    set_env_defaults(GRADIO_ANALYTICS_ENV)  # read by gr.Queue() in demo.queue() below
    demo.max_threads = max(web.threads, web.concurrency)  # read by queue() and at start-up, also when mounted
    demo.queue(default_concurrency_limit=web.concurrency, max_size=web.max_queue)
    return demo
