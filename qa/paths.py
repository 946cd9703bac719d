"""Where things live: the project root, index/, prompts/, models.txt, with environment overrides.

QA_HOME moves the whole root; QA_INDEX_DIR, QA_MODELS_FILE and QA_PROMPTS_DIR move one thing each,
so tests never touch the real index.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """The folder holding models.txt, prompts/, seeds/ and index/."""
    env = os.environ.get("QA_HOME")
    if env:
        return Path(env).expanduser().resolve()
    # A source checkout (the normal, editable install) has models.txt beside the package.
    if (_PACKAGE_ROOT / "models.txt").exists():
        return _PACKAGE_ROOT
    return Path.cwd()


def _override(var: str, default: Path) -> Path:
    env = os.environ.get(var)
    return Path(env).expanduser().resolve() if env else default


def index_dir(explicit: str | Path | None = None) -> Path:
    """The index a command uses: --index DIR, else $QA_INDEX_DIR, else the default index."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return _override("QA_INDEX_DIR", default_index_dir())


def default_index_dir() -> Path:
    """index/ under the project root: the one index that may be built from seeds/ on first use."""
    return project_root() / "index"


def models_file() -> Path:
    return _override("QA_MODELS_FILE", project_root() / "models.txt")


def prompts_dir() -> Path:
    return _override("QA_PROMPTS_DIR", project_root() / "prompts")


def default_corpus() -> Path:
    return project_root() / "seeds"
