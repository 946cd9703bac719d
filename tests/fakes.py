"""Deterministic stand-ins for the models, meaningful for Chinese text."""

from __future__ import annotations

import hashlib

import numpy as np

from qa.textnorm import tokens


class HashEmbedder:
    """Hashed character-bigram bag: similar Chinese texts get similar vectors."""

    def __init__(self, dim: int = 256, name: str = "fake:hash-bigram"):
        self.dim = dim
        self.name = name
        self.calls = 0
        self.embedded = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.embedded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for tok in tokens(t):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
        n = np.linalg.norm(out, axis=1, keepdims=True)
        n[n == 0] = 1
        return out / n


class FakeLLM:
    """Replies from a queue, recording each prompt; an empty queue is a test bug."""

    def __init__(self, replies: list[str] | None = None, chat: bool = True, n_ctx: int = 4096):
        self.replies = list(replies or [])
        self.prompts: list = []
        self.chat = chat
        self.n_ctx = n_ctx
        self.constraints: list = []

    def complete(self, prompt, schema=None, max_tokens: int = 256, stream=None, grammar=None, stop=None) -> str:
        self.prompts.append(prompt)
        self.constraints.append(schema if schema is not None else grammar)
        if not self.replies:
            raise AssertionError("FakeLLM has no reply left")
        reply = self.replies.pop(0)
        return reply(prompt) if callable(reply) else reply

    def choose(self, prompt: str, options: list[str]) -> str:
        """The next reply, kept only when it is one of the options (as a real constraint would)."""
        self.prompts.append(prompt)
        self.constraints.append(list(options))
        if not self.replies:
            raise AssertionError("FakeLLM has no reply left")
        reply = self.replies.pop(0)
        return reply if reply in options else ""

    def count_tokens(self, text: str) -> int:
        return len(text)
