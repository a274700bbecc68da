"""Blind judging of two systems' answers to the fresh case set (bench/fresh.py output), as in docs/benchmarks.md.

Run from the repository root::

    # deal: both systems' answers, shuffled with a fixed seed under opaque item keys, into N judges' files
    .venv/bin/python bench/blind.py deal BEFORE.jsonl[.gz] AFTER.jsonl[.gz] --dir /tmp/blind [--judges 2] [--seed 20261202]
    # (each judge scores its items-K.jsonl with eval/fresh/judged/RUBRIC.md into judged-K.jsonl:
    #  {"item", "a", "b", "c", "d", "e", "reason"} per line, never seeing mapping.json)
    # score: the judges' lines mapped back to (system, case id), the figures, and every score with its reason
    .venv/bin/python bench/blind.py score --dir /tmp/blind --names before,after --out eval/fresh/judged/test-roundN.jsonl
    # a round on the changed answers only: deal with --changed-only (each judge its own folder and seed), score each
    # folder, then the whole half's figures from an earlier round for the unchanged answers
    .venv/bin/python bench/blind.py whole --base judged/test-round7.jsonl --base-system grounded-s18final \
        --round judged/test-round9.jsonl BEFORE.jsonl[.gz] AFTER.jsonl[.gz]

Each item carries the turns before it in its conversation as that system answered them, the answer with its
citations, the county card, the notices and the case's expectations. The key → (system, id) table stays in the
deal folder (``mapping.json``) for the person running the round.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

SCORES = "abcde"


def load(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return [json.loads(line) for line in f if line.strip()]


def items_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One judge item per answer, with the earlier turns of its conversation (the same system's answers)."""
    by_id = {r["id"]: r for r in rows}
    items = []
    for r in rows:
        earlier = []
        turn = re.fullmatch(r"(.+)\.(\d+)", r["id"])
        if turn:
            for k in range(1, int(turn.group(2))):
                e = by_id[f"{turn.group(1)}.{k}"]
                earlier.append({"question": e["question"], "answer": e["answer"]})
        items.append({"id": r["id"], "question": r["question"], "earlier_turns": earlier, "answer": r["answer"],
                      "citations": r["citations"], "county": r.get("county"), "tier": r.get("tier"),
                      "notices": r.get("notices", []), "case": r["expect"]})  # fmt: skip
    return items


def changed_cases(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> set[str]:
    """The cases (conversations whole) with a turn whose answer differs between two runs."""
    answers = {r["id"]: r["answer"] for r in before}
    return {r["id"].split(".")[0] for r in after if answers.get(r["id"]) != r["answer"]}


def deal(files: list[Path], folder: Path, judges: int, seed: int, changed_only: bool = False) -> None:
    runs = [load(path) for path in files]
    if changed_only:  # only what changed between the two runs is judged again (with its whole conversation)
        keep = changed_cases(runs[0], runs[1])
        runs = [[r for r in rows if r["id"].split(".")[0] in keep] for rows in runs]
    items = [(n, item) for n, rows in enumerate(runs) for item in items_of(rows)]
    random.Random(seed).shuffle(items)
    folder.mkdir(parents=True, exist_ok=True)
    mapping = {}
    outs = [(folder / f"items-{k + 1}.jsonl").open("w", encoding="utf-8") for k in range(judges)]
    for n, (system, item) in enumerate(items):
        key = f"item{n:03d}"
        mapping[key] = {"system": system, "id": item.pop("id")}
        outs[n % judges].write(json.dumps({"item": key, **item}, ensure_ascii=False) + "\n")
    for out in outs:
        out.close()
    (folder / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    print(f"{len(items)} items for {judges} judges in {folder}")


def good(r: dict[str, Any]) -> bool:
    return r["a"] == 2 and r["b"] == 2 and r["e"] == 2 and r["c"] >= 1 and r["d"] >= 1


def score(folder: Path, names: list[str], out: Path | None) -> None:
    mapping = json.loads((folder / "mapping.json").read_text(encoding="utf-8"))
    rows = []
    for path in sorted(folder.glob("judged-*.jsonl")):
        for judged in load(path):
            key = mapping[judged["item"]]
            rows.append({"system": names[key["system"]], "id": key["id"], **{x: judged[x] for x in SCORES},
                         "reason": judged["reason"], **{x: judged[x] for x in ("fault",) if x in judged}})  # fmt: skip
    by_system: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_system[r["system"]].append(r)
    for system, scored in by_system.items():
        n = len(scored)
        a2, ok = sum(r["a"] == 2 for r in scored), sum(good(r) for r in scored)
        means = " / ".join(f"{sum(r[x] for r in scored) / n:.2f}" for x in SCORES)
        print(f"{system}: {n} items, a=2 {a2} ({a2 / n:.1%}), good {ok} ({ok / n:.1%}), mean a/b/c/d/e {means}")
    if out:
        rows.sort(key=lambda r: (r["id"], r["system"]))
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def whole(bases: list[tuple[Path, str]], round_file: Path, before: Path, after: Path) -> None:
    """The whole half's figures for each system of a round that judged only changed answers: the earlier rounds'
    scores of ``before`` (each ``(file, system)``, a later one replacing an earlier one's turns: round 7 for every
    turn, then round 9 for the turns that changed since) for each turn whose answer did not change, the round's mean
    over its judges for each turn that did."""
    earlier: dict[str, list[dict[str, Any]]] = {}
    for path, system in bases:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in load(path):
            if r["system"] == system:
                rows[r["id"]].append(r)
        earlier.update(rows)
    answers = {r["id"]: r["answer"] for r in load(before)}
    changed = {r["id"] for r in load(after) if answers.get(r["id"]) != r["answer"]}
    judged: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in load(round_file):
        judged[(r["system"], r["id"])].append(r)
    for system in sorted({s for s, _ in judged}):
        a2 = ok = 0.0
        for case_id, base_rows in earlier.items():
            rows = judged[(system, case_id)] if case_id in changed else base_rows
            a2 += sum(x["a"] == 2 for x in rows) / len(rows)
            ok += sum(good(x) for x in rows) / len(rows)
        n = len(earlier)
        print(f"{system}: {n} answers ({len(changed)} changed), a=2 {a2 / n:.1%}, good {ok / n:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("deal", help="shuffle two systems' answers into judges' item files")
    d.add_argument("files", nargs="+", type=Path, help="bench/fresh.py answer files, one per system")
    d.add_argument("--dir", type=Path, required=True)
    d.add_argument("--judges", type=int, default=2)
    d.add_argument("--seed", type=int, default=20261202)
    d.add_argument("--changed-only", action="store_true", help="only the cases whose answers differ (two files)")
    s = sub.add_parser("score", help="map the judges' scores back and print the figures")
    s.add_argument("--dir", type=Path, required=True)
    s.add_argument("--names", default="before,after", help="a name for each dealt file, in order")
    s.add_argument("--out", type=Path, default=None, help="write every score with its system, id and reason")
    w = sub.add_parser("whole", help="whole-half figures when a round judged only the changed answers")
    w.add_argument(
        "--base",
        type=Path,
        action="append",
        required=True,
        help="an earlier round's scores (the first: every answer; a later one replaces the turns it has)",
    )
    w.add_argument(
        "--base-system",
        action="append",
        required=True,
        help="for each --base, the system whose answers are BEFORE (or were, for the turns it has)",
    )
    w.add_argument("--round", type=Path, required=True, help="the round's scores (changed answers, any judges)")
    w.add_argument("before", type=Path, help="bench/fresh.py answers scored in --base")
    w.add_argument("after", type=Path, help="bench/fresh.py answers of the new code")
    args = parser.parse_args()
    if args.command == "deal":
        deal(args.files, args.dir, args.judges, args.seed, args.changed_only)
    elif args.command == "score":
        score(args.dir, args.names.split(","), args.out)
    else:
        if len(args.base) != len(args.base_system):
            parser.error("give one --base-system for each --base")
        whole(list(zip(args.base, args.base_system, strict=True)), args.round, args.before, args.after)


if __name__ == "__main__":
    main()
