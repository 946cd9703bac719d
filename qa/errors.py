"""One family of errors: each says what went wrong, where, and what to do next."""

from __future__ import annotations


class QAError(Exception):
    """An error a user can act on; the CLI prints it as one line and exits 1."""

    exit_code = 1


class UsageError(QAError):
    """A bad option or argument; exit code 2, like click's own usage errors."""

    exit_code = 2


class ConfigError(QAError):
    """models.txt or an override names something unusable."""


class ModelError(QAError):
    """A model file or folder is missing, unreadable or of the wrong kind."""


class IndexStateError(QAError):
    """The on-disk index is missing, stale, corrupt or built by something else."""


class DocumentError(QAError):
    """A report file cannot be read or decoded."""


class PromptError(QAError):
    """A prompt template is missing or names a variable nobody supplies."""
