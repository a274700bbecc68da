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


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True)
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


def test_streamed_answer_citations_plan_and_desktop_screenshot(page: Any) -> None:
    ask(page, "2025年全国农村网络零售额增长了多少？", 0)  # the paper cites 潘方华 2026 for the 2025 figures
    assert "潘方华 2026" in page.locator("#cite-0-1 .cite-refs").inner_text()
    page.evaluate("""() => { window.__lengths = [];
      new MutationObserver(() => { const bots = document.querySelectorAll('#chatbot [data-testid=bot]');
        if (bots.length > 1) window.__lengths.push(bots[bots.length - 1].textContent.length); })
      .observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true}); }""")
    ask(page, "贵州雷山县的茶农怎么通过电商卖茶？", 1)  # second turn of the same conversation
    lengths = [n for n in page.evaluate("window.__lengths") if n > 5]
    assert len(set(lengths)) >= 3, f"answer was not streamed in pieces: {lengths}"
    assert "西部保底" in page.locator("#chatbot [data-testid=bot]").last.inner_text()
    card = page.locator("#county-card .county-card")
    assert card.get_attribute("data-code").startswith("5226")
    assert "西部保底" in card.locator(".tier-badge").inner_text()
    assert "贵州省" in card.inner_text()

    link = page.locator("#chatbot [data-testid=bot]").last.locator("a.cite-link").nth(2)
    target = link.get_attribute("href")
    assert target == "#cite-1-3"
    link.evaluate("el => el.scrollIntoView({block: 'center', behavior: 'instant'})")  # clear of the chat's overlays
    link.click()
    cite = page.locator(target)
    page.wait_for_function("document.querySelector('#cite-1-3').classList.contains('flash')")
    assert page.evaluate("location.hash") == target
    page.wait_for_function("""() => { const r = document.querySelector('#cite-1-3').getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0; }""")  # scrolled into view
    assert "§5." in cite.inner_text() and cite.locator(".cite-quote").inner_text().strip()
    assert cite.locator(".cite-translation").count() == 1
    assert "2026" in cite.locator(".cite-source").inner_text()
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


def test_feedback_row_and_pdf_exports(page: Any, web_server: Any) -> None:  # noqa: F811
    ask(page, "河南兰考县物流怎么补强？", 0)
    comment = f"很有用 {uuid.uuid4().hex[:8]}"
    page.fill("#comment textarea", comment)
    page.click("#thumb-up")
    page.wait_for_function("document.querySelector('#status').innerText.includes('谢谢')")
    rows = [r for r in web_server.store.feedback_rows() if r["comment"] == comment]
    assert len(rows) == 1
    row = rows[0]
    assert row["rating"] == 1 and row["question"] == "河南兰考县物流怎么补强？"
    assert row["answer"] and row["citations"] and row["county_code"].startswith("4102")

    name, data = download(page, "#export-pdf")
    conversation = pdf_text(data)
    assert name == "conversation.pdf"
    assert "兰考" in conversation and len(CJK.findall(conversation)) > 50
    name, data = download(page, "#handout-pdf")
    handout = pdf_text(data)
    assert name == "handout-410225.pdf"
    assert "县域行动计划" in handout and "兰考县" in handout and "中部补强" in handout
    name, data = download(page, "#handout-md")
    assert name == "handout-410225.md" and "兰考县 · 中部补强" in data.decode("utf-8")

    page.click("#new-chat")
    page.wait_for_function("document.querySelectorAll('#chatbot [data-testid=bot]').length === 0")
    assert "cite-panel empty" in page.locator("#citations").inner_html()


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

    page.get_by_test_id("English-radio-label").click()
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


def test_trainer_tab_and_quiz(page: Any) -> None:
    ask(page, "今天天气怎么样？", 0, cited=False)  # off-topic: listed for the trainer
    page.get_by_role("tab", name="培训师").click()
    summary = page.locator("#trainer-summary .trainer")
    summary.wait_for()
    page.click("#trainer-refresh")
    page.wait_for_function("document.querySelector('#trainer-summary').innerText.includes('今天天气怎么样')")
    page.click("#quiz-make")
    page.wait_for_selector("#quiz-view li.quiz-q")
    assert page.locator("#quiz-view li.quiz-q").count() == 5
    page.locator("#quiz-file a").first.wait_for()


def test_phone_width_no_horizontal_scroll(browser: Any, web_server: Any) -> None:  # noqa: F811
    pg = open_page(browser, web_server.url, width=360, height=800)
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
