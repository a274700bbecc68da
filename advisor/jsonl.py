"""Batch processing of JSON Lines: one bad line yields an error object and the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
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
