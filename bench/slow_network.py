"""First visible content on a slow network and a slow phone: Chromium's network and CPU throttling through CDP.

    .venv/bin/python bench/slow_network.py [--repo DIR] [--runs 2]

Starts the server like bench/load.py (``--repo`` another checkout, e.g. the commit before the splash), opens
the page in Debian's headless Chromium at 375×740 with DevTools' classic "Slow 3G" (400 ms round trip,
500 kbit/s each way) and a 4× slower CPU, and reports per run: the first contentful paint (the browser's own
``paint`` entry: when anything at all is drawn), when the question box is usable, and what was transferred
(requests and encoded bytes). A fresh browser context each run, so nothing is cached.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import REPO, free_port, start_server, wait_for

CHROMIUM = "/usr/bin/chromium"
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 500_000 / 8, "uploadThroughput": 500_000 / 8}
CPU_SLOWDOWN = 4


def one_run(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes: list[float] = []
    cdp.on("Network.loadingFinished", lambda event: sizes.append(event.get("encodedDataLength", 0)))
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=180_000)
    page.wait_for_selector("#question textarea", state="visible", timeout=180_000)
    usable = (time.perf_counter() - started) * 1000
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"
    )
    context.close()
    return {"fcp_ms": float(paint), "usable_ms": usable, "requests": len(sizes), "kb": sum(sizes) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="serve another checkout (e.g. an older commit)")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port, data_dir = free_port(), Path(tempfile.mkdtemp(prefix="advisor-slow-"))
    proc = start_server(port, data_dir, args.repo.resolve())
    url = f"http://127.0.0.1:{port}/"
    rows = []
    try:
        wait_for(url, proc, 240)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            rows = [one_run(browser, url) for _ in range(args.runs)]
            browser.close()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"checkout: {args.repo.resolve()}; Slow 3G (400 ms, 500 kbit/s) and {CPU_SLOWDOWN}× CPU, 375×740")
    print("| run | first contentful paint ms | question box usable ms | requests | transferred KB |")
    print("|---:|---:|---:|---:|---:|")
    for n, r in enumerate(rows, start=1):
        print(f"| {n} | {r['fcp_ms']:.0f} | {r['usable_ms']:.0f} | {r['requests']} | {r['kb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
