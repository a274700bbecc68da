"""Gazetteer benchmark: load time and warm lookups per second (zh, pinyin, sentences, misses).

Run from the repository root::

    .venv/bin/python bench/gazetteer.py [--repeat 5] [--seconds 1.0]

Load is measured in fresh interpreters (``--repeat`` of them), split into importing
``advisor.places.gazetteer`` and ``Gazetteer.load()`` (which imports pypinyin and builds every table).
Lookups are timed in this process after one warm-up pass: each row cycles through its queries
for about ``--seconds`` and reports calls per second and the mean latency. Targets from the issue:
load <= 1 s, >= 5,000 lookups/s warm on the mixed row. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.places.gazetteer import Gazetteer  # noqa: E402

COMMAND = ".venv/bin/python bench/gazetteer.py"
TARGET_LOAD_S = 1.0
TARGET_RATE = 5_000.0

ZH_NAMES = ["雷山", "澜沧拉祜族自治县", "黔东南州", "朝阳区", "遂昌县", "瀾滄縣", "恩施州", "定西", "吉林", "阿克苏地区"]  # fmt: skip
PINYIN = ["Suichang", "Leishan County", "Caoxian", "Cao County", "Yangshuo, Guangxi", "Lancang", "Inner Mongolia",
          "Dingxi", "Chaoyang District, Beijing", "Shaanxi"]  # fmt: skip
SENTENCES = [
    "我是贵州省黔东南州雷山县的茶农，想卖茶叶",
    "Our village in Dingxi, Gansu grows potatoes",
    "我在浙江遂昌做电商",
    "如何做好品牌建设",
    "How do I improve logistics?",
    "我们合作社在黑龙江方正，种大米，想在网上卖",
]
MISSES = ["雷山镇", "Leishna", "火星", "Xyzzy"]

_CHILD = """
import json, time
t0 = time.perf_counter()
from advisor.places.gazetteer import Gazetteer
t1 = time.perf_counter()
Gazetteer.load()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1}))
"""


def cold_loads(repeat: int) -> dict[str, float]:
    """Median import and load time over `repeat` fresh interpreters (nothing cached in-process)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, cwd=REPO)
        runs.append(json.loads(out.stdout))
    return {key: statistics.median(r[key] for r in runs) for key in ("import_s", "load_s")}


def rate(call: Callable[[str], object], queries: list[str], seconds: float) -> tuple[float, float]:
    """(calls per second, mean microseconds per call), cycling through `queries` for about `seconds`."""
    for q in queries:
        call(q)
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for q in queries:
            call(q)
        calls += len(queries)
    return calls / elapsed, elapsed / calls * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="fresh interpreters for the load time")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per lookup row")
    args = parser.parse_args(argv)

    load = cold_loads(args.repeat)
    gaz = Gazetteer.load()
    mixed = [*ZH_NAMES, *PINYIN, *SENTENCES]
    rows: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("resolve: zh names (incl. traditional)", gaz.resolve, ZH_NAMES),
        ("resolve: pinyin / English", gaz.resolve, PINYIN),
        ("find_in_text: sentences", gaz.find_in_text, SENTENCES),
        ("mixed (names via resolve, sentences via find_in_text)", _mixed(gaz), mixed),
        ("resolve: misses with suggestions", gaz.resolve, MISSES),
        ("complete: 'lei', '雷', 'sui', '黔东'", gaz.complete, ["lei", "雷", "sui", "黔东"]),
    ]
    print(f"Gazetteer benchmark — `{COMMAND}` — Python {platform.python_version()}, {platform.machine()}\n")
    print("| measure | value | target |\n|---|---:|---:|")
    print(f"| import advisor.places.gazetteer (median of {args.repeat} fresh processes) | {load['import_s']:.3f} s | |")
    print(f"| Gazetteer.load() (median of {args.repeat} fresh processes) | {load['load_s']:.3f} s "
          f"| ≤ {TARGET_LOAD_S:.0f} s |")  # fmt: skip
    print(f"| import + load | {load['import_s'] + load['load_s']:.3f} s | |")
    for label, call, queries in rows:
        per_s, micro = rate(call, queries, args.seconds)
        target = f"≥ {TARGET_RATE:,.0f}/s" if label.startswith("mixed") else ""
        print(f"| {label} | {per_s:,.0f}/s ({micro:.0f} µs) | {target} |")
    return 0


def _mixed(gaz: Gazetteer) -> Callable[[str], object]:
    sentences = set(SENTENCES)
    return lambda q: gaz.find_in_text(q) if q in sentences else gaz.resolve(q)


if __name__ == "__main__":
    raise SystemExit(main())
