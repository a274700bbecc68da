"""Where the answering sentence ranks among the evidence, before the answer is written: the first turns of the fresh
dev sets that name answer quotes, with and without the questions each sentence answers (corpus/asked.yaml).

A unit answers when its Chinese text holds one of the turn's ``answer_quotes`` (or is held by one). Reported: the share
of turns whose first answering unit is first, in the first 3 and 5, and the mean reciprocal rank (0 past the first 30).

    .venv/bin/python bench/ranking.py [--sets dev2,dev3,…] [--offsets 0.1,0.2] [--without]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.settings import apply_offline_env  # noqa: E402

apply_offline_env()

#: An offset no example's cosine can clear: the ranking without the questions each sentence answers.
WITHOUT = 10.0


def first_turns(sets: list[str]) -> list[tuple[str, list[str]]]:
    cases = []
    for name in sets:
        for line in (REPO / "eval" / "fresh" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            turn = json.loads(line)
            turn = turn.get("turns", [turn])[0]
            quotes = [q.replace("\n", "") for q in turn.get("answer_quotes") or [] if q]
            if quotes:
                cases.append((turn["question"], quotes))
    return cases


def answers(unit: Any, quotes: list[str]) -> bool:
    text = (unit.zh or unit.quote or "").replace("\n", "")
    return any(q in text or (len(text) >= 6 and text in q) for q in quotes)


def measure(advisor: Any, cases: list[tuple[str, list[str]]]) -> dict[str, float]:
    from advisor.chain import Turnstate

    ranks = []
    for question, quotes in cases:
        state = Turnstate(question=question, lang=None, county=None, history=[], engine="grounded")
        state = advisor._select(advisor._route(advisor._understand(state)))
        found = [n for n, r in enumerate(state.selected.ranked[:30]) if answers(r.unit, quotes)]
        ranks.append(found[0] if found else None)
    n = max(len(ranks), 1)
    return {
        "turns": len(ranks),
        "first": sum(r == 0 for r in ranks) / n,
        "top3": sum(r is not None and r < 3 for r in ranks) / n,
        "top5": sum(r is not None and r < 5 for r in ranks) / n,
        "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(f"dev{n}" for n in range(2, 27)))
    parser.add_argument(
        "--offsets", default="", help="ASKED_OFFSET values to try, comma-separated (default: the code's)"
    )
    parser.add_argument(
        "--without", action="store_true", help="also measure without the questions each sentence answers"
    )
    args = parser.parse_args()
    import advisor.answering.selection as selection
    from advisor.chain import Advisor

    advisor = Advisor()
    cases = first_turns(args.sets.split(","))
    offsets = [float(o) for o in args.offsets.split(",") if o] or [selection.ASKED_OFFSET]
    for offset in ([WITHOUT] if args.without else []) + offsets:
        selection.ASKED_OFFSET = offset
        label = "without" if offset == WITHOUT else f"offset {offset}"
        print(json.dumps({"sets": args.sets, "ranking": label, **measure(advisor, cases)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
