"""The trainer tab: every user's questions and ratings, the quiz, behind the trainer's own password.

Participants never see others' questions: every handler here checks, on the server, that this browser
session unlocked the tab with ``ADVISOR_WEB_TRAINER_PASSWORD`` (unset: the tab stays locked). The unlock is
kept in the session's server-side state, so calling these events by raw HTTP without that session gives
nothing, and wrong passwords are limited per client address.
"""

from __future__ import annotations

import csv
import hmac
import io
import time
from collections.abc import Callable
from typing import Any

import gradio as gr

from advisor.domain import DIMENSIONS, TIERS, Language
from advisor.errors import AdvisorError
from advisor.feedback import FeedbackStore
from advisor.quiz import make_quiz
from advisor.rules import DIMENSION_TITLES
from advisor.settings import Settings
from advisor.web import html as h
from advisor.web.guard import RateLimiter
from advisor.web.strings import TIER_BADGE, norm_lang, t

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
#: How long an unlocked tab stays unlocked without a new password.
UNLOCK_S = 8 * 3600
#: Password attempts one client address may make a minute.
ATTEMPTS_PER_MINUTE = 5

# fmt: off
TEXT: dict[str, dict[str, str]] = {
    "locked": {"zh": "这一页显示所有学员的提问和评价，只对培训师开放。请输入培训师密码。",
               "en": "This tab shows every participant's questions and ratings; it is for trainers only. "
                     "Enter the trainer password."},
    "no_password": {"zh": "培训师页未开启：请管理员设置环境变量 ADVISOR_WEB_TRAINER_PASSWORD（至少 10 个字符）后重启。",
                    "en": "The trainer tab is off: the administrator sets ADVISOR_WEB_TRAINER_PASSWORD "
                          "(10 characters or more) and restarts the server."},
    "password": {"zh": "培训师密码", "en": "Trainer password"},
    "unlock": {"zh": "进入", "en": "Open"},
    "lock": {"zh": "退出培训师页", "en": "Close the trainer tab"},
    "wrong": {"zh": "密码不对。", "en": "Wrong password."},
    "too_many": {"zh": "尝试次数太多，请一分钟后再试。", "en": "Too many attempts; try again in a minute."},
    "retention": {"zh": "提问记录保存 {days} 天，之后自动删除。", "en": "Questions are kept {days} days, then deleted."},
    "download": {"zh": "下载全部提问（CSV）", "en": "Download all questions (CSV)"},
    "delete": {"zh": "删除全部提问和评价", "en": "Delete all questions and ratings"},
    "confirm": {"zh": "我确定要删除（不能恢复）", "en": "I am sure (this cannot be undone)"},
    "deleted": {"zh": "已删除 {n} 条记录。", "en": "{n} rows deleted."},
    "confirm_first": {"zh": "请先勾选“我确定要删除”。", "en": "Tick “I am sure” first."},
    "quiz_student": {"zh": "学员版 PDF（无答案）", "en": "Student copy PDF (no key)"},
    "quiz_key_pdf": {"zh": "答案 PDF", "en": "Answer key PDF"},
}
# fmt: on


def say(key: str, lang: Language, **values: Any) -> str:
    return TEXT[key][lang].format(**values)


def _tier_choices(lang: Language) -> list[tuple[str, str]]:
    return [(t("any", lang), ""), *((TIER_BADGE[x][lang], x) for x in TIERS)]


def _topic_choices(lang: Language) -> list[tuple[str, str]]:
    return [(t("any", lang), ""), *((DIMENSION_TITLES[d][lang], d) for d in DIMENSIONS)]


def unlocked(state: dict[str, Any] | None) -> bool:
    return float((state or {}).get("until", 0)) > time.time()


class TrainerTab:
    """The tab's components and events; build it inside ``with gr.Tab(...)`` of the page's Blocks."""

    def __init__(self, store: FeedbackStore, settings: Settings, write_file: Callable[[str, str | bytes], str],
                 language: gr.Radio, lang: Language) -> None:  # fmt: skip
        secret = settings.web.trainer_password
        self.password = secret.get_secret_value().encode() if secret else None
        self.store = store
        self.write_file = write_file
        self.attempts = RateLimiter(ATTEMPTS_PER_MINUTE)
        self.state = gr.State({})
        self._build(language, lang)

    def _build(self, language: gr.Radio, lang: Language) -> None:
        self.intro = gr.Markdown(say("locked" if self.password else "no_password", lang), elem_id="trainer-intro")
        with gr.Row(visible=self.password is not None, elem_id="trainer-login") as self.login_row:
            self.secret = gr.Textbox(label=say("password", lang), type="password", max_length=200, scale=3,
                                     elem_id="trainer-password")  # fmt: skip
            self.unlock = gr.Button(say("unlock", lang), variant="primary", scale=1, elem_id="trainer-unlock")
        self.message = gr.Markdown("", elem_id="trainer-message")
        with gr.Column(visible=False, elem_id="trainer-panel") as self.panel:
            self.summary_title = gr.Markdown(f"### {t('trainer_summary', lang)}")
            with gr.Row():
                self.refresh = gr.Button(t("trainer_refresh", lang), size="sm", elem_id="trainer-refresh")
                self.download = gr.Button(say("download", lang), size="sm", elem_id="trainer-download")
                self.lock = gr.Button(say("lock", lang), size="sm", elem_id="trainer-lock")
            self.summary = gr.HTML("", elem_id="trainer-summary")
            self.retention = gr.Markdown(say("retention", lang, days=self.store.retention.days))
            with gr.Row():
                self.confirm = gr.Checkbox(label=say("confirm", lang), value=False, elem_id="trainer-confirm")
                self.delete = gr.Button(say("delete", lang), variant="stop", size="sm", elem_id="trainer-delete")
            self.files = gr.File(interactive=False, visible=False, file_count="multiple", elem_id="trainer-files")
            self.quiz_title = gr.Markdown(f"### {t('quiz', lang)}")
            with gr.Row():
                self.quiz_tier = gr.Dropdown(_tier_choices(lang), value="", label=t("quiz_tier", lang))
                self.quiz_topic = gr.Dropdown(_topic_choices(lang), value="", label=t("quiz_topic", lang))
                self.quiz_n = gr.Slider(1, 20, value=5, step=1, label=t("quiz_n", lang), elem_id="quiz-n")
                self.quiz_seed = gr.Number(value=1, precision=0, minimum=0, maximum=2**31 - 1,
                                           label=t("quiz_seed", lang))  # fmt: skip
            self.quiz_make = gr.Button(t("quiz_make", lang), variant="primary", elem_id="quiz-make")
            self.quiz_view = gr.HTML("", elem_id="quiz-view")
            self.quiz_files = gr.File(label=t("quiz_pdf", lang), interactive=False, visible=False,
                                      file_count="multiple", elem_id="quiz-file")  # fmt: skip
        self._wire(language)

    def _wire(self, language: gr.Radio) -> None:
        opened = [self.state, self.login_row, self.panel, self.message, self.summary, self.secret]
        gr.on([self.unlock.click, self.secret.submit], self.open, inputs=[self.secret, language, self.state],
              outputs=opened, **PRIVATE)  # fmt: skip
        self.lock.click(self.close, inputs=language, outputs=opened, **PRIVATE)
        self.refresh.click(self.show_summary, inputs=[self.state, language], outputs=self.summary, **PRIVATE)
        self.download.click(self.export, inputs=self.state, outputs=self.files, **PRIVATE)
        self.delete.click(self.delete_all, inputs=[self.state, self.confirm, language],
                          outputs=[self.message, self.summary, self.confirm], **PRIVATE)  # fmt: skip
        self.quiz_make.click(self.make_quiz, inputs=[self.state, self.quiz_tier, self.quiz_topic, self.quiz_n,
                                                     self.quiz_seed, language],
                             outputs=[self.quiz_view, self.quiz_files], **PRIVATE)  # fmt: skip

    # -- events ------------------------------------------------------------------------------------

    def open(self, password: str, ui: str, state: dict[str, Any] | None,
             request: gr.Request | None = None) -> list[Any]:  # fmt: skip
        """Check the password (constant time, limited per address) → [state, login row, panel, message, summary, box]."""
        lang = norm_lang(ui)
        if unlocked(state):
            return self._opened(state or {}, lang)
        client = request.client.host if request is not None and request.client else "?"
        if self.password is None:
            return self._closed(lang, "no_password")
        if not self.attempts.allow(client):
            return self._closed(lang, "too_many")
        if not hmac.compare_digest((password or "").encode("utf-8", "replace"), self.password):
            return self._closed(lang, "wrong")
        return self._opened({"until": time.time() + UNLOCK_S}, lang)

    def _opened(self, state: dict[str, Any], lang: Language) -> list[Any]:
        return [state, gr.update(visible=False), gr.update(visible=True), "", self.show_summary(state, lang), ""]

    def _closed(self, lang: Language, why: str | None) -> list[Any]:
        message = f"**{say(why, lang)}**" if why else ""
        return [{}, gr.update(visible=self.password is not None), gr.update(visible=False), message, "", ""]

    def close(self, ui: str) -> list[Any]:
        return self._closed(norm_lang(ui), None)

    def show_summary(self, state: dict[str, Any] | None, ui: str) -> str:
        if not unlocked(state):
            return ""
        return h.trainer_html(self.store.trainer_summary(), norm_lang(ui))

    def export(self, state: dict[str, Any] | None) -> Any:
        """Every logged question as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
        if not unlocked(state):
            return gr.update(value=None, visible=False)
        rows = self.store.export_questions()
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["time", "question"])
        writer.writeheader()
        writer.writerows(rows)
        return gr.update(value=[self.write_file("questions.csv", "\ufeff" + out.getvalue())], visible=True)

    def delete_all(self, state: dict[str, Any] | None, sure: bool, ui: str) -> list[Any]:
        lang = norm_lang(ui)
        if not unlocked(state):
            return ["", "", False]
        if not sure:
            return [say("confirm_first", lang), gr.update(), False]
        gone = self.store.delete_all()
        return [say("deleted", lang, n=gone), self.show_summary(state, lang), False]

    def make_quiz(self, state: dict[str, Any] | None, tier: str, topic: str, n: float, seed: float | None,
                  ui: str) -> list[Any]:  # fmt: skip
        """The quiz on the page, and two PDFs: the students' copy without the key, and the key."""
        lang = norm_lang(ui)
        if not unlocked(state):
            return ["", gr.update(value=None, visible=False)]
        try:
            made = make_quiz(tier or None, topic or None, int(n), lang, int(seed) if seed is not None else None)
        except AdvisorError as exc:
            return [f'<div class="quiz empty">{h.esc(exc.message)}</div>', gr.update(value=None, visible=False)]
        from advisor.export import quiz_pdf

        student = self.write_file(f"quiz-{made.seed}-{'student' if lang == 'en' else '学员版'}.pdf",
                                  quiz_pdf(made, with_key=False))  # fmt: skip
        key = self.write_file(f"quiz-{made.seed}-{'key' if lang == 'en' else '答案'}.pdf", quiz_pdf(made))
        return [h.quiz_html(made, lang), gr.update(value=[student, key], visible=True)]

    # -- language --------------------------------------------------------------------------------------

    def texts(self, lang: Language) -> dict[Any, Any]:
        """This tab's wording in one language (merged into the page's language switch)."""
        return {
            self.intro: say("locked" if self.password else "no_password", lang),
            self.secret: gr.update(label=say("password", lang)), self.unlock: gr.update(value=say("unlock", lang)),
            self.lock: gr.update(value=say("lock", lang)), self.download: gr.update(value=say("download", lang)),
            self.retention: say("retention", lang, days=self.store.retention.days),
            self.confirm: gr.update(label=say("confirm", lang)), self.delete: gr.update(value=say("delete", lang)),
            self.summary_title: f"### {t('trainer_summary', lang)}",
            self.refresh: gr.update(value=t("trainer_refresh", lang)), self.quiz_title: f"### {t('quiz', lang)}",
            self.quiz_tier: gr.update(label=t("quiz_tier", lang), choices=_tier_choices(lang)),
            self.quiz_topic: gr.update(label=t("quiz_topic", lang), choices=_topic_choices(lang)),
            self.quiz_n: gr.update(label=t("quiz_n", lang)), self.quiz_seed: gr.update(label=t("quiz_seed", lang)),
            self.quiz_make: gr.update(value=t("quiz_make", lang)),
            self.quiz_files: gr.update(label=f"{say('quiz_student', lang)} · {say('quiz_key_pdf', lang)}"),
        }  # fmt: skip
