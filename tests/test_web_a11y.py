"""Accessibility of the page in a real headless Chromium: axe-core (bundled by ``axe-playwright-python``)
finds no serious or critical violation in the main states — first view, an answer with citations (and one
opened in place), a clarification, the trainer tab (unlocked) — on a desktop and a phone, in the light and the dark theme (the dark one
follows the OS: Playwright's ``color_scheme``). Every state's axe result is printed (``pytest -s`` shows it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_web_browser import ask, browser, open_page, shoot  # noqa: F401  (module fixtures)
from test_web_server import mounted_server, web_server  # noqa: F401  (module fixtures: this module's servers)

pytestmark = pytest.mark.slow

BLOCKING = ("serious", "critical")
VIEWS = {"desktop": (1280, 800), "phone": (375, 740)}


def axe_check(page: Any, state: str) -> list[str]:
    """Run axe-core on the page; print every violation; return the serious and critical ones."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    print(f"\naxe · {state}: {len(violations)} violation(s), {len(results.response['passes'])} rule(s) passed")
    blocking = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]][:5]
        line = f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s)) {targets}"
        print(line)
        if v["impact"] in BLOCKING:
            for n in v["nodes"]:
                data = (n.get("any") or [{}])[0].get("data") or {}
                detail = f"{data.get('fgColor')} on {data.get('bgColor')} {data.get('contrastRatio')}" if data else ""
                print(f"      {' '.join(map(str, n['target']))[-90:]}: {detail}")
            summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ")
            blocking.append(f"{line}\n      {summary}")
    return blocking


@pytest.fixture(params=[(v, s) for v in VIEWS for s in ("light", "dark")], ids=lambda p: f"{p[0]}-{p[1]}")
def themed_page(request: Any, browser: Any, web_server: Any) -> Iterator[Any]:  # noqa: F811
    view, scheme = request.param
    width, height = VIEWS[view]
    page = open_page(browser, web_server.url, width, height, color_scheme=scheme)
    page.wait_for_timeout(500)
    page.view_name = f"{view}-{scheme}"
    yield page
    page.context.close()


def test_main_states_have_no_serious_accessibility_violations(themed_page: Any) -> None:
    page = themed_page
    found = axe_check(page, f"first view · {page.view_name}")

    ask(page, "贵州雷山县的茶农怎么通过电商卖茶？", 0)
    page.wait_for_timeout(300)
    found += axe_check(page, f"answer with citations · {page.view_name}")

    page.locator("#chatbot [data-testid=bot]").last.locator("a.cite-link").first.click()
    page.locator(".cite-pop").wait_for()
    page.wait_for_timeout(200)
    found += axe_check(page, f"citation opened · {page.view_name}")
    if page.view_name.endswith("dark"):
        shoot(page, f"web-{page.view_name}-citation", f"{page.view_name.split('-')[0]}-dark.png")
    page.keyboard.press("Escape")

    ask(page, "朝阳区怎么发展农村电商", 1, cited=False)
    page.locator("#clarify button.clarify-btn:visible").first.wait_for()
    found += axe_check(page, f"clarification · {page.view_name}")

    from test_web_server import TRAINER_PASSWORD

    page.get_by_role("tab", name="培训师").click()
    page.fill("#trainer-password input", TRAINER_PASSWORD)
    page.click("#trainer-unlock")
    page.locator("#trainer-summary .trainer").wait_for()
    page.wait_for_timeout(600)  # the panel fades in (Gradio's pending opacity): judge its final colours
    found += axe_check(page, f"trainer tab · {page.view_name}")
    assert not found, "serious or critical accessibility violations:\n" + "\n".join(found)
