"""Batch processing of JSON Lines: one bad line yields an error object and the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from advisor.errors import AdvisorError, UserInputError

Handler = Callable[[dict[str, Any]], dict[str, Any]]


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
            yield {"id": item_id, **handler(obj)}
        except AdvisorError as exc:
            yield {"id": item_id, "error": exc.to_dict()}


def require_text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UserInputError(f'missing or empty "{key}"', code="bad_line")
    return value
