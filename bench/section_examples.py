"""How often the catalogue's nearest section is one the writer gave, with the spent dev sets' first questions as more
section examples or without them (session 35's dropped experiment, docs/benchmarks.md).

Each measured set is held out: its questions are never examples. A section's score is the mean cosine of its two
nearest examples, as in ``advisor/answering/catalogue.py``; the writers' sections are read as the catalogue's groups
(a subsection without examples as its nearest parent that has them).

    .venv/bin/python bench/section_examples.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.settings import apply_offline_env  # noqa: E402

apply_offline_env()

#: The sets measured (each held out in turn) and the spent sets whose questions may serve as examples.
MEASURED = ("dev13", "dev14", "dev15")
EXAMPLES_FROM = ("dev", *(f"dev{n}" for n in range(2, 15)))
NEAREST = 2


def first_turns(split: str) -> list[tuple[str, list[str]]]:
    """Each case's first question with the sections its writer gave (none for questions the paper cannot answer)."""
    lines = (REPO / "eval" / "fresh" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    turns = [(case.get("turns") or [case])[0] for case in map(json.loads, lines)]
    return [(t["question"], t["sections"]) for t in turns if t["sections"]]


def group_of(section: str, groups: list[str]) -> str:
    while section not in groups and "." in section:
        section = section.rsplit(".", 1)[0]
    return section


def main() -> None:
    from advisor.knowledge.embeddings import USEM3Embeddings

    model = USEM3Embeddings()
    catalogue = yaml.safe_load((REPO / "corpus" / "intents.yaml").read_text(encoding="utf-8"))["sections"]
    groups = list(catalogue)
    written = [(g, q) for g, ex in catalogue.items() for q in ex["zh"] + ex["en"]]
    sets = {s: first_turns(s) for s in {*MEASURED, *EXAMPLES_FROM}}
    vectors = {s: np.asarray(model.embed_documents([q for q, _ in sets[s]])) for s in sets}
    written_vectors = np.asarray(model.embed_documents([q for _, q in written]))

    def nearest_right(measured: str, extra: list[str]) -> int:
        labels = [g for g, _ in written]
        stacked = [written_vectors]
        for split in extra:
            for (_, sections), vector in zip(sets[split], vectors[split], strict=True):
                for section in sections:
                    labels.append(group_of(section, groups))
                    stacked.append(vector[None])
        examples = np.concatenate(stacked)
        right = 0
        for (_, sections), vector in zip(sets[measured], vectors[measured], strict=True):
            by_group: dict[str, list[float]] = defaultdict(list)
            for label, sim in zip(labels, examples @ vector, strict=True):
                by_group[label].append(float(sim))
            score = {g: float(np.mean(sorted(s)[-NEAREST:])) for g, s in by_group.items()}
            right += max(score, key=score.__getitem__) in {group_of(s, groups) for s in sections}
        return right

    for measured in MEASURED:
        extra = [s for s in EXAMPLES_FROM if s != measured]
        total = len(sets[measured])
        print(f"{measured}: nearest section right {nearest_right(measured, [])}/{total} with the written examples, "
              f"{nearest_right(measured, extra)}/{total} with the spent sets' first questions too")  # fmt: skip


if __name__ == "__main__":
    main()
