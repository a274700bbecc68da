"""Answers to the fresh case set (eval/fresh/), for blind judging, with the mechanical checks beside them.

Run from the repository root::

    .venv/bin/python bench/fresh.py --split test|dev|dev2…dev21 [--engine grounded] [--label after] [--out-dir test-artifacts]

Each case is asked as a user would: a single question, or a conversation whose turns are asked one after
another with the earlier turns and answers as history. The script writes one JSON line per turn
(question, answer, citations, county and tier, scope) to ``OUT_DIR/fresh-SPLIT-ENGINE-LABEL.jsonl`` for the
judge, and prints the mechanical figures:

- ``found@3``: one of the case's ``answer_quotes`` is in the quote of one of the first three citations of the
  answer (the answering passage is present and early); only turns with answer quotes count;
- ``honest``: not-covered and off-topic turns say that the sources do not cover them;
- ``tier``: the answer's county card has the expected tier, where the case names a place with a tier;
- grounding: quotes found verbatim in the sources, and answer lines stating a number their cited quotes lack;
- length: Chinese characters / English words of the answer body, p50 and max, and answers over 1,200 / 250;
- latency: p50 and p95 of the answers (warm).

The test half is never used to choose anything; these figures are reported, the dev sets (dev, dev2, dev3) are for
choosing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.settings import apply_offline_env  # noqa: E402

apply_offline_env()

#: Phrases by which an answer says the sources do not cover (part of) a question, zh (both scripts) and en.
NOT_COVERED = (
    "不在我的范围", "不在我的範圍", "没有直接回答", "沒有直接回答", "论文没有", "論文沒有", "没有涵盖", "沒有涵蓋",
    "outside what I cover", "does not", "do not cover", "gives no", "没有给出", "沒有給出",
)  # fmt: skip
_CJK = re.compile(r"[\u3400-\u9fff]")


def turns_of(case: dict[str, Any]) -> list[dict[str, Any]]:
    return case.get("turns", [case])


def body_length(markdown: str) -> tuple[int, int]:
    """(Chinese characters, English words) of an answer."""
    return len(_CJK.findall(markdown)), len(re.findall(r"[A-Za-z]+", markdown))


def found_early(turn: dict[str, Any], answer: dict[str, Any], paragraphs: dict[str, str] | None = None,
                first: int = 3) -> bool | None:  # fmt: skip
    """Whether an answering quote is in one of the first citations: in the quoted text itself, or (given the
    paragraphs by chunk id) anywhere in the quoted paragraph."""
    quotes = [q for q in turn.get("answer_quotes") or [] if q]
    if not quotes:
        return None
    cited = sorted(answer["citations"], key=lambda c: c["marker"])[:first]
    texts = [paragraphs.get(c.get("chunk_id", ""), c["quote"]) if paragraphs else c["quote"] for c in cited]
    return any(q in t.replace("\n", "") for q in quotes for t in texts)


def run(split: str, engine: str, limit: int | None) -> list[dict[str, Any]]:
    from advisor.chain import Advisor

    advisor = Advisor()
    cases = [json.loads(line) for line in (REPO / "eval" / "fresh" / f"{split}.jsonl").read_text().splitlines()]
    rows: list[dict[str, Any]] = []
    for case in cases[:limit]:
        history: list[dict[str, str]] = []
        for n, turn in enumerate(turns_of(case), start=1):
            started = time.perf_counter()
            answer = advisor.ask(turn["question"], history=list(history), engine=engine)
            elapsed = (time.perf_counter() - started) * 1000
            data = answer.model_dump(mode="json")
            county = data.get("county") or {}
            rows.append(
                {
                    "id": case["id"] if "turns" not in case else f"{case['id']}.{n}",
                    "question": turn["question"],
                    "answer": data["answer"],
                    "citations": [
                        {
                            "marker": c["marker"],
                            "label": c["source_label"],
                            "quote": c["quote"],
                            "chunk_id": c["chunk_id"],
                        }
                        for c in data["citations"]
                    ],
                    "county": county.get("label_zh"),
                    "tier": county.get("tier"),
                    "scope": data.get("scope"),
                    "notices": data.get("notices", []),
                    "ms": round(elapsed, 1),
                    "expect": {k: turn.get(k) for k in ("kind", "place", "sections", "answer_quotes", "must_say")},
                }
            )
            history += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": data["answer"]}]
    return rows


def grounding(rows: list[dict[str, Any]], corpus_dir: Path) -> dict[str, str]:
    """Quotes found verbatim in the sources (whitespace aside), and answer lines stating a number that the quotes
    they cite lack (a year 20xx aside: the bibliographic year of a reference; a count of the items the line lists or
    the bullets after it, as the verifier allows: ``citations.items_shown``)."""
    from advisor.answering.citations import items_shown
    from advisor.text import numbers

    files = [*sorted(f for f in corpus_dir.glob("*.md") if f.name != "README.md"), corpus_dir / "references.yaml"]
    sources = re.sub(r"\s+", "", "".join(f.read_text(encoding="utf-8") for f in files))  # the paper and its references
    quotes = [c["quote"] for r in rows for c in r["citations"]]
    found = sum(re.sub(r"\s+", "", q) in sources for q in quotes)
    unsupported = 0
    for r in rows:
        cited = {c["marker"]: c["quote"] for c in r["citations"]}
        lines = r["answer"].splitlines()
        for n, line in enumerate(lines):
            quoted = " ".join(cited.get(int(m), "") for m in re.findall(r"\[(\d+)\]", line))
            stated = [x for x in numbers(re.sub(r"\[\d+\]", "", line)) if not re.fullmatch(r"20\d\d", x)]
            lacking = [x for x in stated if x not in quoted]
            unsupported += bool(lacking) and not set(lacking) <= set(items_shown(lines, n))
    return {"quotes verbatim": f"{found}/{len(quotes)}", "lines with a number their quotes lack": str(unsupported)}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from advisor.knowledge.corpus import paper_chunks
    from advisor.settings import get_settings

    corpus_dir = get_settings().paths.corpus_dir
    paragraphs = {c.id: c.text for c in paper_chunks(corpus_dir)}
    found = [f for r in rows if (f := found_early(r["expect"], r)) is not None]
    in_paragraph = [f for r in rows if (f := found_early(r["expect"], r, paragraphs)) is not None]
    honest_rows = [r for r in rows if r["expect"]["kind"] in ("not_covered", "off_topic")]
    honest = [any(w in r["answer"] for w in NOT_COVERED) for r in honest_rows]
    tiers = [r for r in rows if isinstance(r["expect"]["place"], dict) and r["expect"]["place"].get("tier")]
    tier_ok = [r["tier"] == r["expect"]["place"]["tier"] for r in tiers]
    zh = [body_length(r["answer"])[0] for r in rows if _CJK.search(r["question"])]
    en = [body_length(r["answer"])[1] for r in rows if not _CJK.search(r["question"])]
    ms = sorted(r["ms"] for r in rows)
    return {
        "turns": len(rows),
        "found@3 (sentence)": f"{sum(found)}/{len(found)} = {sum(found) / max(len(found), 1):.1%}",
        "found@3 (paragraph)": f"{sum(in_paragraph)}/{len(in_paragraph)} = {sum(in_paragraph) / max(len(in_paragraph), 1):.1%}",
        "honest": f"{sum(honest)}/{len(honest)}",
        "tier": f"{sum(tier_ok)}/{len(tier_ok)}",
        **grounding(rows, corpus_dir),
        "zh_chars_p50_max": (statistics.median(zh) if zh else 0, max(zh, default=0)),
        "en_words_p50_max": (statistics.median(en) if en else 0, max(en, default=0)),
        "over 1200 zh chars / 250 en words": f"{sum(n > 1200 for n in zh)} / {sum(n > 250 for n in en)}",
        "ms_p50_p95": (ms[len(ms) // 2], ms[int(len(ms) * 0.95)]) if ms else (0, 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=sorted(p.stem for p in (REPO / "eval" / "fresh").glob("*.jsonl")),
        default="dev",
    )
    parser.add_argument("--engine", default="grounded")
    parser.add_argument("--label", default="now", help="a name for this run (before, after …), part of the file name")
    parser.add_argument("--out-dir", type=Path, default=REPO / "test-artifacts")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rescore", type=Path, default=None, help="print the figures of an earlier run's file")
    args = parser.parse_args()
    if args.rescore:
        raw = args.rescore.read_bytes()
        text = (gzip.decompress(raw) if args.rescore.suffix == ".gz" else raw).decode("utf-8")  # answers/ is gzipped
        rows = [json.loads(line) for line in text.splitlines()]
        print(json.dumps({"file": str(args.rescore), **summary(rows)}, ensure_ascii=False, indent=1))
        return
    rows = run(args.split, args.engine, args.limit)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / f"fresh-{args.split}-{args.engine}-{args.label}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps({"file": str(out), **summary(rows)}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
