"""Batch processing of JSON Lines: one bad line yields an error object and the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError, UserInputError

#: One input object → one output object, or several (a conversation: one per turn, each with its own "id").
Handler = Callable[[dict[str, Any]], dict[str, Any] | list[dict[str, Any]]]


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"line {number}: not valid JSON ({exc.msg})", code="bad_json") from exc
    if not isinstance(obj, dict):
        raise UserInputError(f"line {number}: expected a JSON object", code="bad_json")
    return obj


def run_lines(lines: Iterable[str], handler: Handler) -> Iterator[dict[str, Any]]:
    """Yield one output object per non-blank input line, in order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_id: Any = f"line-{number}"
        try:
            obj = _parse(line, number)
            item_id = obj.get("id", item_id)
            result = handler(obj)
        except AdvisorError as exc:
            yield {"id": item_id, "error": exc.to_dict()}
            continue
        if isinstance(result, list):
            yield from ({**part, "id": f"{item_id}.{part['id']}"} for part in result)
        else:
            yield {"id": item_id, **result}


def require_turns(obj: dict[str, Any], key: str, limit: int) -> list[str]:
    """A conversation's questions: a non-empty list of at most ``limit`` texts."""
    value = obj.get(key)
    if not isinstance(value, list) or not value or len(value) > limit:
        raise UserInputError(f'"{key}" must be a list of 1 to {limit} questions', code="bad_line")
    if not all(isinstance(turn, str) for turn in value):
        raise UserInputError(f'every item of "{key}" must be text', code="bad_line")
    return value


def require_text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UserInputError(f'missing or empty "{key}"', code="bad_line")
    return value


def optional_text(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise UserInputError(f'"{key}" must be a string', code="bad_line")
    return value


def result_of(result: dict[str, Any]) -> dict[str, Any]:
    """A line's result without its id (``run_lines`` sets it), or its error raised, so that it is reported."""
    if "error" in result:
        raise UserInputError(result["error"].get("message", "bad line"), code=result["error"].get("code", "bad_line"))
    return {k: v for k, v in result.items() if k != "id"}


def conversation(adv: Any, turns: list[str], county: str | None, lang: str | None, engine: str | None) -> list[dict]:
    """Each turn of a conversation answered with the earlier turns and answers as history (``advisor batch``'s
    ``{"id", "turns": […]}`` lines); a turn that fails is reported in its place and left out of the history, and
    the conversation goes on."""
    history: list[dict[str, str]] = []
    out: list[dict[str, Any]] = []
    for n, question in enumerate(turns, start=1):
        try:
            answer = adv.ask(question, history=list(history), county=county, lang=lang, engine=engine)
        except AdvisorError as exc:
            out.append({"id": str(n), "error": exc.to_dict()})
            continue
        out.append({**answer.to_json(), "id": str(n)})
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return out


def run_file(input_path: Path, out_path: Path, make_handler: Callable[[], Handler]) -> tuple[int, int]:
    """Answer a JSONL file line by line into another, each line written as soon as it is done; the input and
    output are checked before anything slow is loaded (``make_handler``). Returns (lines written, with errors)."""
    try:
        lines = input_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read {input_path}: {exc}") from exc
    try:
        out = out_path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"cannot write {out_path}: {exc.strerror or exc}") from exc
    done = errors = 0
    with out:
        handle = make_handler()
        for result in run_lines(lines, handle):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            out.flush()
            done += 1
            errors += "error" in result
    return done, errors
