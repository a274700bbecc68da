"""How often the kind of a fresh question is read right, each dev set held out of the intent catalogue in turn.

The catalogue's kind examples (corpus/intents.yaml) include the first questions of the dev sets of eval/fresh, labelled
with the kind their writers gave them. To measure what that buys on questions the catalogue has not seen, each of
dev2-dev5 is held out in turn: its questions are taken out of the catalogue and their kinds read by the whole
understanding step (the advisor's first kind against the writer's label). ``--without-fresh`` takes all of dev2-dev5
out (the catalogue as it was before session 25) for the "before" column.

    .venv/bin/python bench/kinds.py [--without-fresh] [--show] [--splits dev62 dev63]

A dev set the catalogue never held (``--splits dev62 dev63``) is read as it is: taking it out changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.settings import apply_offline_env  # noqa: E402

apply_offline_env()

HELD_OUT = ("dev2", "dev3", "dev4", "dev5")
#: Labels that are no kind of question form: the paper cannot answer it, an injection, a conversation.
NOT_A_FORM = {"not_covered", "injection", "conversation"}


def first_turns(split: str) -> list[dict[str, str]]:
    lines = (REPO / "eval" / "fresh" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [(case.get("turns") or [case])[0] | {"id": case["id"]} for case in map(json.loads, lines)]


def without(catalogue: object, questions: set[str]) -> object:
    """The catalogue with these questions taken out of its kind examples."""
    kinds = {
        kind: ex.model_copy(update={"zh": [q for q in ex.zh if q not in questions] or ex.zh[:1],
                                    "en": [q for q in ex.en if q not in questions] or ex.en[:1]})
        for kind, ex in catalogue.kinds.items()  # type: ignore[attr-defined]
    }  # fmt: skip
    return catalogue.model_copy(update={"kinds": kinds})  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--without-fresh", action="store_true", help="take all of dev2-dev5 out (the catalogue before session 25)"
    )
    parser.add_argument("--show", action="store_true", help="print each question read wrong")
    parser.add_argument(
        "--splits",
        nargs="+",
        default=list(HELD_OUT),
        help="the dev sets to read (default: dev2-dev5, held out in turn)",
    )
    args = parser.parse_args()

    from advisor.answering.catalogue import IntentIndex, load_catalogue
    from advisor.chain import Advisor, Turnstate

    advisor = Advisor()
    answering = advisor.answering
    full = load_catalogue(advisor.settings.paths.corpus_dir)
    every = {t["question"] for split in args.splits for t in first_turns(split)}
    right_all = total_all = 0
    print("| held out | kind right |\n|---|---:|")
    for split in args.splits:
        turns = [t for t in first_turns(split) if t["kind"] not in NOT_A_FORM]
        out = every if args.without_fresh else {t["question"] for t in turns}
        answering.intents = IntentIndex(without(full, out), answering.index.embed_cached)  # type: ignore[arg-type]
        right = 0
        for t in turns:
            # the kinds are the analysis's, not the Answer's: the chain's steps up to composing are run
            state = Turnstate(question=t["question"], lang=None, county=None, history=[], engine="grounded")
            state = advisor._select(advisor._route(advisor._understand(state)))
            kinds = state.selected.analysis.kinds if state.selected else []
            right += bool(kinds) and kinds[0] == t["kind"]
            if args.show and (not kinds or kinds[0] != t["kind"]):
                print(f"  {t['id']} {t['kind']} → {kinds[:2]} {t['question'][:60]}")
        print(f"| {split} | {right}/{len(turns)} = {right / len(turns):.1%} |")
        right_all, total_all = right_all + right, total_all + len(turns)
    print(f"| **all** | **{right_all}/{total_all} = {right_all / total_all:.1%}** |")


if __name__ == "__main__":
    main()
