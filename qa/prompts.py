"""Prompts are data: prompts/*.md rendered with string.Template ($name), every variable required."""

from __future__ import annotations

import re
from string import Template

from . import paths
from .errors import PromptError

_FRONT = re.compile(r"^---\n.*?\n---\n", re.S)


def template_names() -> list[str]:
    return sorted(p.stem for p in paths.prompts_dir().glob("*.md"))


def render(name: str, **values: object) -> str:
    """Render prompts/NAME.md; a missing file or variable is an error naming both."""
    path = paths.prompts_dir() / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise PromptError(f"prompt template {path} is missing; restore it from the repository (git checkout prompts/).") from None
    body = _FRONT.sub("", raw, count=1)
    try:
        return Template(body).substitute({k: str(v) for k, v in values.items()})
    except KeyError as exc:
        raise PromptError(f"prompt template {path} uses ${exc.args[0]}, which the caller does not supply.") from None
    except ValueError as exc:
        raise PromptError(f"prompt template {path} is malformed ({exc}); write a literal dollar sign as $$.") from None


def split_chat(text: str) -> list[dict]:
    """A rendered chat template: '### system' / '### user' sections → messages."""
    msgs = []
    for m in re.finditer(r"^### (system|user|assistant)\n(.*?)(?=^### |\Z)", text, re.S | re.M):
        msgs.append({"role": m.group(1), "content": m.group(2).strip()})
    if not msgs:
        raise PromptError("a chat prompt needs '### system' and '### user' sections.")
    return msgs
