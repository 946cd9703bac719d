"""Embedders: one method, `embed(texts) -> float32 array (n, dim)`, rows L2-normalised."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelError


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


class SentenceTransformerEmbedder:
    """A sentence-transformers model folder, loaded on first use, strictly offline."""

    def __init__(self, folder: Path, name: str, batch_size: int = 64, max_chars: int | None = None):
        self.folder = Path(folder)
        # What the vectors mean depends on how much of each text is embedded: part of the identity.
        self.name = name + (f"#max_chars={max_chars}" if max_chars else "")
        self.batch_size = batch_size
        self.max_chars = max_chars
        self._model = None
        self._dim: int | None = None

    def _load(self):
        if self._model is None:
            from .offline import force_offline

            force_offline()
            if not self.folder.is_dir():
                raise ModelError(f"embedder folder {self.folder} does not exist; fix the 'embedder' line in models.txt or pass --embedder DIR.")
            try:
                import torch
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.logging.set_verbosity_error()
                transformers.logging.disable_progress_bar()

                torch.set_num_threads(max(1, torch.get_num_threads()))
                self._model = SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)
            except Exception as exc:  # the library raises many kinds for a bad folder
                raise ModelError(f"embedder folder {self.folder} is not a loadable sentence-transformers model ({type(exc).__name__}: {str(exc)[:200]}); point models.txt or --embedder at a sentence-transformers folder.") from None
            getdim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            self._dim = int(getdim() or len(self._model.encode(["x"])[0]))
        return self._model

    @property
    def dim(self) -> int:
        self._load()
        return int(self._dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.max_chars:
            # A chunk's heading path and opening sentence say what it is about; the cost of a
            # transformer grows faster than linearly with length, so the rest is left out.
            texts = [t[: self.max_chars] for t in texts]
        # Sorting by length keeps padding small inside each batch; the order is restored after.
        order = np.argsort([len(t) for t in texts])
        vecs = model.encode([texts[i] for i in order], batch_size=self.batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)
        out = np.empty_like(vecs)
        out[order] = vecs
        return normalise(out)
