"""The page in a real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser).

Screenshots go to test-artifacts/ (gitignored); with ADVISOR_UPDATE_SCREENSHOTS=1 also to docs/screenshots/.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_server import mounted_server, web_server  # noqa: F401  (module fixtures: this module's servers)

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DOC_SHOTS = ROOT / "docs" / "screenshots"
TIMEOUT_MS = 30_000
CJK = re.compile(r"[\u4e00-\u9fff]")
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)"
        if os.environ.get("ADVISOR_REQUIRE_SERVICES"):  # set by `make test` as root, where it is installed
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900, *, locale: str = "zh-CN",
              color_scheme: str = "light") -> Any:  # fmt: skip
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, accept_downloads=True,
                                  color_scheme=color_scheme, is_mobile=phone, has_touch=phone)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.dialogs = []  # every alert/confirm would land here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.external = []  # requests leaving the machine (there must be none: offline classrooms)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else page.external.append(r.url))
    page.goto(url)
    page.wait_for_selector("#question textarea")
    return page


@pytest.fixture
def page(browser: Any, web_server: Any) -> Iterator[Any]:  # noqa: F811
    pg = open_page(browser, web_server.url)
    yield pg
    pg.context.close()


def ask(page: Any, question: str, turn: int, *, cited: bool = True) -> None:
    """Type a question, send it, wait until answer `turn` (0-based) is complete."""
    page.fill("#question textarea", question)
    page.click("#send")
    if cited:
        page.wait_for_selector(f"#cite-{turn}-1", state="attached")
    else:
        page.wait_for_function(f"document.querySelectorAll('#chatbot [data-testid=bot]').length > {turn}")


def has_cjk_font() -> bool:
    """Whether fontconfig has a Chinese font (without one Chromium draws every Hanzi as a box)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False)
    return bool(found.stdout.strip())


def shoot(page: Any, name: str, doc_name: str | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)
    if doc_name and os.environ.get("ADVISOR_UPDATE_SCREENSHOTS"):
        # The docs must not show boxes for Chinese: e.g. apt-get install fonts-noto-cjk first.
        assert has_cjk_font(), "no Chinese font for Chromium (fc-list :lang=zh is empty): install fonts-noto-cjk"
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_SHOTS / doc_name)


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def download(page: Any, button: str) -> tuple[str, bytes]:
    """Click an export button, wait for the new file's link, download it: (file name, bytes)."""
    links = page.locator("#downloads a")
    before = links.first.get_attribute("href") if links.count() else None
    page.click(button)
    page.wait_for_function(
        "(b) => { const a = document.querySelector('#downloads a'); return a && a.getAttribute('href') !== b; }",
        arg=before,
    )
    with page.expect_download() as info:
        links.first.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_answer_at_once_citation_in_place_plan_and_desktop_screenshot(page: Any) -> None:
    ask(page, "2025年全国农村网络零售额增长了多少？", 0)  # the paper cites 潘方华 2026 for the 2025 figures
    assert "潘方华 2026" in page.locator("#cite-0-1 .cite-refs").inner_text()
    page.evaluate("""() => { window.__lengths = [];
      new MutationObserver(() => { const bots = document.querySelectorAll('#chatbot [data-testid=bot]');
        if (bots.length > 1) window.__lengths.push(bots[bots.length - 1].textContent.length); })
      .observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true}); }""")
    ask(page, "贵州雷山县的茶农怎么通过电商卖茶？", 1)  # second turn of the same conversation
    lengths = [n for n in page.evaluate("window.__lengths") if n > 5]
    assert len(set(lengths)) == 1, f"a computed answer is shown at once, not in paced pieces: {lengths}"
    assert "西部保底" in page.locator("#chatbot [data-testid=bot]").last.inner_text()
    assert "雷山县" in page.locator("#chatbot [data-testid=bot]").last.locator("a.county-chip").inner_text()
    older = page.locator("#citations details.cite-older")  # the current answer's sources; earlier ones folded
    assert older.count() == 1 and older.get_attribute("open") is None
    assert page.locator("#citations section.cite-group .cite-card").first.get_attribute("id") == "cite-1-1"
    card = page.locator("#county-card .county-card")
    assert card.get_attribute("data-code").startswith("5226")
    assert "西部保底" in card.locator(".tier-badge").inner_text()
    assert "贵州省" in card.inner_text()

    link = page.locator("#chatbot [data-testid=bot]").last.locator("a.cite-link").nth(2)
    target = link.get_attribute("href")
    assert target == "#cite-1-3"
    link.evaluate("el => el.scrollIntoView({block: 'center', behavior: 'instant'})")  # clear of the chat's overlays
    before = page.evaluate("scrollY")
    link.click()
    pop = page.locator(".cite-pop")  # the source opens in place, next to its [n]
    pop.wait_for()
    page.wait_for_function("document.querySelector('#cite-1-3').classList.contains('flash')")  # and in the panel
    assert page.evaluate("scrollY") == before
    assert "§5." in pop.inner_text() and pop.locator(".cite-quote").inner_text().strip()
    assert pop.locator(".cite-translation").count() == 1
    assert "2026" in pop.locator(".cite-source").inner_text()
    shoot(page, "web-desktop-citation", "desktop-citation.png")
    page.keyboard.press("Escape")
    pop.wait_for(state="detached")
    assert page.evaluate("scrollY") == before  # back at the same spot, the focus on the [n]
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#cite-1-3"
    cite = page.locator(target)
    assert cite.locator(".cite-quote").inner_text().strip()
    page.locator("#top-row").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#top-row').scrollIntoView({block: 'start', behavior: 'instant'})")
    page.wait_for_timeout(300)
    shoot(page, "web-desktop", "desktop.png")

    page.locator("#plan-acc").get_by_text("本县行动计划").click()
    plan = page.locator("#plan-card .plan-card")
    plan.wait_for()
    assert "数字基础设施" in plan.inner_text() and "§5.1" in plan.inner_text()
    assert no_horizontal_scroll(page)
    shoot(page, "web-desktop-plan")
    assert page.external == [], f"the page fetched from the internet: {page.external}"


def test_one_rating_per_answer_pressed_changeable_with_comment_and_pdf_exports(page: Any, web_server: Any) -> None:  # noqa: F811
    question = f"河南兰考县物流怎么补强？{uuid.uuid4().hex[:6]}"
    ask(page, question, 0)
    assert page.locator("#thumb-up, #thumb-down").count() == 0  # one rating system: the bubble's own thumbs
    bot_row = page.locator("#chatbot .message-buttons").last  # the latest answer's buttons
    bot_row.get_by_role("button", name="赞", exact=True).click()
    bot_row.get_by_role("button", name="Liked", exact=True).wait_for()  # pressed, visibly (filled icon, accent colour)
    page.wait_for_function("document.querySelector('#status').innerText.includes('谢谢')")
    bot_row.get_by_role("button", name="踩", exact=True).click()  # changed
    bot_row.get_by_role("button", name="Disliked", exact=True).wait_for()
    assert bot_row.get_by_role("button", name="Liked", exact=True).count() == 0
    comment = f"不够具体 {uuid.uuid4().hex[:8]}"
    page.fill("#comment textarea", comment)
    page.click("#comment-send")
    page.wait_for_function("document.querySelector('#status').innerText.includes('意见已记录')")
    rows = [r for r in web_server.store.feedback_rows() if r["question"].startswith(question[:10])]
    rows = [r for r in rows if r["question"] == question]
    assert len(rows) == 1, rows  # stored once per answer: the last rating, with its comment
    assert rows[0]["rating"] == -1 and rows[0]["comment"] == comment and rows[0]["county_code"].startswith("4102")

    name, data = download(page, "#export-pdf")
    conversation = pdf_text(data)
    assert name == "conversation.pdf"
    assert "兰考" in conversation and len(CJK.findall(conversation)) > 50
    name, data = download(page, "#handout-pdf")
    handout = pdf_text(data)
    assert name == "handout-410225-zh.pdf"
    assert "县域行动计划" in handout and "兰考县" in handout and "中部补强" in handout
    name, data = download(page, "#handout-md")
    assert name == "handout-410225-zh.md" and "兰考县 · 中部补强" in data.decode("utf-8")
    page.locator("#handout-lang").get_by_text("English").click()  # the handout's language is chosen, not implied
    name, data = download(page, "#handout-md")
    assert name == "handout-410225-en.md" and "County action plan" in data.decode("utf-8")

    page.click("#new-chat")
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=bot]').length === 0")
    assert "cite-panel empty" in page.locator("#citations").inner_html()


def test_clear_means_clear(page: Any) -> None:
    box = page.locator("#county-box input")
    box.click()
    box.press_sequentially("leishan", delay=60)
    page.get_by_role("option", name=re.compile("雷山县")).first.click()
    page.wait_for_selector('#county-card .county-card[data-code="522634"]')
    ask(page, "物流怎么补强？", 0)
    assert page.locator("#chatbot .icon-button-wrapper.top-panel button:visible").count() == 0  # no second clear
    page.click("#new-chat")
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=bot]').length === 0")
    page.wait_for_selector("#county-card .county-card.empty")
    assert page.locator("#county-box input").input_value() == ""
    assert "cite-panel empty" in page.locator("#citations").inner_html()
    assert "plan-card empty" in page.locator("#plan-card").inner_html()
    ask(page, "物流呢？", 0, cited=False)  # no history, no county: nothing of the old conversation comes back
    assert page.locator("#county-card .county-card.empty").count() == 1
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=user]').length === 1")  # kept


def test_over_long_paste_is_refused_in_the_page_language_and_kept(page: Any) -> None:
    paste = "我们合作社想在网上卖茶叶。" * 400  # 5,200 characters
    page.fill("#question textarea", paste)
    page.wait_for_function("document.querySelector('.q-count').classList.contains('over')")
    assert "5200 / 2000" in page.locator(".q-count").inner_text().replace("\n", " ")
    page.click("#send")
    page.wait_for_function("document.querySelector('#status').innerText.includes('太长')")
    assert page.locator("#question textarea").input_value() == paste
    assert page.locator("#chatbot [data-testid=user]").count() == 0  # no echo bubble
    assert not re.search(r"[A-Za-z]{6,}", page.locator("#status").inner_text())  # Chinese page, Chinese message
    page.fill("#question textarea", "我们合作社想在网上卖茶叶，怎么开始？")
    page.wait_for_function("!document.querySelector('.q-count').classList.contains('over')")


def test_copy_gives_clean_text_follow_ups_ask_and_regenerate(page: Any) -> None:
    ask(page, "贵州雷山县的茶农怎么通过电商卖茶？", 0)
    bot = page.locator("#chatbot [data-testid=bot]").last
    label = bot.get_attribute("aria-label")
    assert "<a" not in label and "cite-link" not in label and "**" not in label and "[1]" in label
    bot_row = page.locator("#chatbot .message-buttons").last  # the latest answer's buttons
    bot_row.get_by_role("button", name=re.compile("Copy|复制")).click()
    copied = page.evaluate("window.__advisorCopied")
    assert "[1]" in copied and "<" not in copied and "](" not in copied and "**" not in copied and "###" not in copied
    assert "\n出处\n[1] 裴彩利 2026" in copied
    options = page.locator("#chatbot button.option")
    assert options.count() >= 2 and "你还可以问" not in bot.inner_text()
    follow = options.first.inner_text()
    options.first.click()
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=bot]').length === 2")
    page.wait_for_selector("#cite-1-1", state="attached")
    assert page.locator("#chatbot [data-testid=user]").last.inner_text().strip() == follow
    page.locator("#chatbot").get_by_role("button", name=re.compile("重试|Retry")).click()
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=bot]').length === 2")
    assert page.locator("#chatbot [data-testid=user]").last.inner_text().strip() == follow


@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 800)])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_first_screen_without_scrolling(browser: Any, web_server: Any, width: int, height: int, locale: str) -> None:  # noqa: F811
    pg = open_page(browser, web_server.url, width, height, locale=locale)
    try:
        english = locale.startswith("en")
        pg.wait_for_function(f"document.querySelector('#send').innerText.trim() === '{'Send' if english else '发送'}'")
        pg.wait_for_timeout(500)
        assert pg.evaluate("scrollY") == 0  # nothing scrolls the page at load
        for selector in ("#app-title h1", "#app-title p", "#lang-switch", "#question textarea", "#send"):
            box = pg.locator(selector).first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (selector, box)
        title = pg.locator("#app-title").inner_text()
        assert ("Rural E-commerce Advisor" in title) == english and ("乡村电商参谋" in title) != english
        assert no_horizontal_scroll(pg)
        name = f"first-{'phone' if width < 500 else 'desktop'}-{'en' if english else 'zh'}"
        shoot(pg, f"web-{name}", f"{name}.png")
    finally:
        pg.context.close()


def test_static_assets_survive_another_instance_stopping(browser: Any, web_server: Any) -> None:  # noqa: F811
    from test_web_server import close_page, free_port

    from advisor.web import launch

    port = free_port()
    other = launch("127.0.0.1", port, advisor=web_server.advisor, block=False, quiet=True)
    close_page(other)  # another instance on the same machine shuts down (and cleans Gradio's temp cache)
    pg = open_page(browser, web_server.url)
    try:
        failed: list[str] = []
        pg.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        pg.reload()
        pg.wait_for_selector("#question textarea")
        pg.wait_for_timeout(500)
        assert failed == []
        urls = pg.evaluate("""() => [...document.querySelectorAll('img[src], link[href]')]
          .map(e => e.src || e.href).filter(u => u.startsWith('http'))""")
        assert not [u for u in urls if "/file=" in u], urls  # nothing from Gradio's temp cache
        broken = pg.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
        assert broken == []
    finally:
        pg.context.close()


def test_script_in_question_is_text_not_code(page: Any) -> None:
    payload = '<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)"> 雷山县怎么做电商？'
    ask(page, payload, 0)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []
    shown = page.locator("#chatbot [data-testid=user]").last.inner_text()
    assert "<script>" in shown and "onerror" in shown
    assert page.locator("#chatbot img[src='x']").count() == 0
    assert page.locator("#citations script, #county-card script").count() == 0


def test_clarification_buttons_and_language_switch(page: Any) -> None:
    ask(page, "朝阳区怎么做电商？", 0, cited=False)
    buttons = page.locator("#clarify button.clarify-btn:visible")
    buttons.first.wait_for()
    labels = [buttons.nth(i).inner_text() for i in range(buttons.count())]
    assert "北京市朝阳区" in labels and len(labels) >= 2
    page.get_by_role("button", name="北京市朝阳区").click()
    page.wait_for_selector("#cite-1-1", state="attached")
    page.wait_for_selector('#county-card .county-card[data-code="110105"]')  # the card is its own output

    page.locator("#lang-switch").get_by_test_id("English-radio-label").click()
    page.wait_for_function("document.querySelector('#send').innerText.trim() === 'Send'")
    assert "Rural E-commerce Advisor" in page.locator("#app-title").inner_text()
    page.get_by_role("tab", name="Trainer").wait_for()
    page.wait_for_function("document.querySelector('#county-card .tier-badge').innerText.includes('East')")
    ask(page, "What should a county in Gansu do first about internet access?", 2)
    assert page.locator("#county-card .county-card").inner_text()  # still renders after the switch
    assert re.search(r"[A-Za-z]{4,}", page.locator("#chatbot [data-testid=bot]").last.inner_text())


def test_county_autocomplete_shows_card_and_plan(page: Any) -> None:
    box = page.locator("#county-box input")
    box.click()
    box.press_sequentially("leishan", delay=60)
    option = page.get_by_role("option", name=re.compile("雷山县"))
    option.first.click()
    page.wait_for_function("document.querySelector('#county-card .county-card[data-code=\"522634\"]') !== null")
    assert "西部保底" in page.locator("#county-card").inner_text()
    assert "§5.1" in page.locator("#plan-card").inner_html()


def test_example_question_is_asked_with_one_click(page: Any) -> None:
    from advisor.web.strings import EXAMPLES

    tier, question = EXAMPLES["zh"][2]
    page.get_by_role("button", name=re.compile(re.escape(question))).click()
    page.wait_for_selector("#cite-0-1", state="attached")
    assert page.locator("#chatbot [data-testid=user]").last.inner_text().strip() == question
    assert page.locator("#county-card .county-card").get_attribute("data-code").startswith("4102")  # 兰考县
    assert tier == "central" and "中部补强" in page.locator("#county-card .tier-badge").inner_text()


def test_trainer_tab_needs_its_password_then_shows_questions_and_quiz(page: Any) -> None:
    from test_web_server import TRAINER_PASSWORD

    ask(page, "今天天气怎么样？", 0, cited=False)  # off-topic: listed for the trainer
    page.get_by_role("tab", name="培训师").click()
    assert page.locator("#trainer-summary .trainer").count() == 0  # nothing before the password
    assert not page.locator("#trainer-panel").is_visible()
    page.fill("#trainer-password input", "not-the-password")
    page.click("#trainer-unlock")
    page.get_by_text("密码不对").wait_for()
    page.fill("#trainer-password input", TRAINER_PASSWORD)
    page.click("#trainer-unlock")
    page.locator("#trainer-summary").get_by_text("今天天气怎么样").first.wait_for()
    page.click("#quiz-make")
    page.wait_for_selector("#quiz-view li.quiz-q")
    assert page.locator("#quiz-view li.quiz-q").count() == 5
    page.wait_for_function("document.querySelectorAll('#quiz-file a').length >= 2")  # student copy and key
    page.locator("#trainer-summary").scroll_into_view_if_needed()
    shoot(page, "web-trainer", "trainer.png")
    page.click("#trainer-lock")
    page.wait_for_selector("#trainer-panel", state="hidden")


def test_phone_width_no_horizontal_scroll(browser: Any, web_server: Any) -> None:  # noqa: F811
    pg = open_page(browser, web_server.url, width=375, height=800)
    try:
        ask(pg, "I run a co-op in Suichang, Zhejiang — how do we build our brand?", 0)
        assert no_horizontal_scroll(pg)
        assert pg.locator("#chatbot").bounding_box()["width"] <= 360
        answer = pg.locator("#chatbot [data-testid=bot]").last.inner_text()  # Chinese page, English question
        assert "Suichang" in answer and len(CJK.findall(answer)) < len(answer) / 10
        # The card's original and its English rendering stack closely (no stray blockquote margins).
        original = pg.locator("#cite-0-1 .cite-quote").bounding_box()
        english = pg.locator("#cite-0-1 .cite-translation").bounding_box()
        assert 0 <= english["y"] - (original["y"] + original["height"]) <= 16
        chip = pg.locator("#chatbot [data-testid=bot]").last.locator("a.county-chip")
        assert "遂昌县" in chip.inner_text() and "东部提质" in chip.inner_text()  # the county, near its answer
        top = pg.locator("#chatbot [data-testid=bot]").last.bounding_box()["y"]
        assert 0 <= top < 800 * 0.6, top  # the new answer is shown from its start
        assert pg.evaluate("""() => { const w = document.querySelector('#chatbot .bubble-wrap');
          return w.scrollHeight <= w.clientHeight + 1; }""")  # no scroller inside the page
        for button in pg.locator("#chatbot .message-buttons button:visible").all():
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, box  # tap targets
        link = pg.locator("#chatbot [data-testid=bot]").last.locator("a.cite-link").first
        assert link.bounding_box()["height"] >= 44
        link.scroll_into_view_if_needed()
        pg.wait_for_timeout(200)
        before = pg.evaluate("scrollY")
        link.tap()
        sheet = pg.locator(".cite-pop.sheet")  # a bottom sheet, in place
        sheet.wait_for()
        assert pg.evaluate("scrollY") == before
        pg.locator(".cite-pop-close").tap()
        sheet.wait_for(state="detached")
        assert pg.evaluate("scrollY") == before
        sources = pg.locator("#chatbot [data-testid=bot]").last.locator("a.sources-chip")
        assert sources.bounding_box()["height"] >= 44 and chip.bounding_box()["height"] >= 44
        sources.tap()  # the sources panel, far down on a phone, in one tap ...
        pg.wait_for_function("Math.abs(document.querySelector('#cite-acc').getBoundingClientRect().top) < 200")
        pg.locator("#citations a.back-to-chat").first.tap()  # ... and back
        pg.wait_for_function("Math.abs(document.querySelector('#chatbot').getBoundingClientRect().top) < 200")
        pg.evaluate("document.querySelector('#top-row').scrollIntoView({block: 'start', behavior: 'instant'})")
        pg.wait_for_timeout(300)
        shoot(pg, "web-phone", "phone.png")
    finally:
        pg.context.close()


def test_embedded_in_iframe_of_fastapi_page(browser: Any, mounted_server: Any) -> None:  # noqa: F811
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        pg.goto(mounted_server.url)
        assert pg.inner_text("#host-title") == "County extension office"
        frame = pg.frame_locator("#advisor-frame")
        frame.locator("#question textarea").wait_for(timeout=TIMEOUT_MS)
        frame.locator("#send").get_by_text("Send").wait_for(timeout=TIMEOUT_MS)  # ?lang=en
        frame.locator("#question textarea").fill("How should Lankao County in Henan strengthen its logistics?")
        frame.locator("#send").click()
        frame.locator("#cite-0-1").wait_for(state="attached", timeout=TIMEOUT_MS)
        assert "Centre" in frame.locator("#county-card .tier-badge").inner_text()
        shoot(pg, "web-iframe")
    finally:
        pg.close()


def test_splash_shows_before_the_scripts_and_goes_after(browser: Any, web_server: Any) -> None:  # noqa: F811
    """The splash the server puts into the page's HTML (advisor/web/guard.py with style.with_splash) is visible
    while Gradio's scripts are slow to arrive, and gone once the app has rendered."""
    import time

    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    pg = context.new_page()
    try:

        def slow_script(route: Any) -> None:
            time.sleep(1.5)  # a slow network: the app's scripts arrive late
            route.continue_()

        pg.route(re.compile(r".*/assets/index-.*\.js$"), slow_script)
        pg.goto(web_server.url, wait_until="commit")
        splash = pg.locator("#advisor-splash")
        splash.wait_for(timeout=1000)  # within a second
        assert "乡村电商参谋" in splash.inner_text()
        pg.wait_for_selector("#question textarea", timeout=TIMEOUT_MS)
        pg.wait_for_function("!document.querySelector('#advisor-splash')")
    finally:
        context.close()


def test_connection_lost_message_in_the_page_language(browser: Any, web_server: Any) -> None:  # noqa: F811
    from test_web_server import close_page, free_port

    from advisor.web import launch

    port = free_port()
    other = launch("127.0.0.1", port, advisor=web_server.advisor, block=False, quiet=True)
    pg = open_page(browser, f"http://127.0.0.1:{port}/")
    try:
        pg.wait_for_timeout(500)
        close_page(other)  # the server goes away under an open page
        pg.fill("#question textarea", "物流怎么补强？")
        pg.click("#send")
        pg.wait_for_function("document.body.innerText.includes('正在重新连接')", timeout=TIMEOUT_MS)
        toast = pg.locator(".toast-wrap").inner_text()
        assert "lost" not in toast.lower() and "Error" not in toast and "出错了" in toast
    finally:
        pg.context.close()
