"""One error family for the whole advisor.

Library code raises these; only the faces (CLI, web page, HTTP API) turn them into messages.
`UserInputError` means the person can fix it by changing what they typed or passed;
`BackendError` means something on the machine (index, store, model, LLM) needs attention.
Every error carries a short machine-readable `code` and a `hint` that says how to fix it.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class of every error the advisor raises on purpose."""

    code = "advisor_error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code:
            self.code = code

    def to_dict(self) -> dict[str, str]:
        """The `{"code", "message"}` shape used in JSON output, with the hint when there is one."""
        data = {"code": self.code, "message": self.message}
        if self.hint:
            data["hint"] = self.hint
        return data

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UserInputError(AdvisorError):
    """The question, file or argument is not usable as given; the user can fix it."""

    code = "bad_input"
    exit_code = 2


class ConfigError(AdvisorError):
    """A setting is missing or invalid; the hint names the ADVISOR_* variable to set."""

    code = "bad_config"
    exit_code = 3


class BackendError(AdvisorError):
    """The index, vector store, embedding model or LLM failed; not the user's fault."""

    code = "backend_error"
    exit_code = 4


class MissingDependencyError(BackendError):
    """An optional package is not installed; the hint says what to install."""

    code = "missing_dependency"


def require(module: str, *, extra: str | None = None, package: str | None = None):
    """Import `module` lazily, or raise a MissingDependencyError that says how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        what = f"pip install -e '.[{extra}]'" if extra else f"pip install {package or module}"
        raise MissingDependencyError(
            f"The optional package '{package or module}' is not installed.", hint=f"run: {what}"
        ) from exc
