"""Embedders: one method, `embed(texts) -> float32 array (n, dim)`, rows L2-normalised."""

from __future__ import annotations

import json
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

    def __init__(self, folder: Path, name: str, batch_size: int = 32, max_chars: int | None = None):
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
    def loaded(self) -> bool:
        return self._model is not None

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
        # Batches of 32 ran 1.25x faster than 64 with the bundled model on two cores (same run).
        order = np.argsort([len(t) for t in texts])
        vecs = model.encode([texts[i] for i in order], batch_size=self.batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)
        out = np.empty_like(vecs)
        out[order] = vecs
        return normalise(out)


# --- the same model in a child process ---------------------------------------------------------
#
# Loading sentence-transformers costs seconds of imports, nearly all of it Python holding the
# GIL, so a loading thread only takes turns with the build it was meant to overlap. A child
# process loads on the other core while the build reads and tokenizes; re-indexing one changed
# report in a thousand is then bound by the larger of the two, not their sum.
# Protocol on the child's stdin/stdout: 8-byte little-endian length, then the payload (JSON list
# of texts in; a .npy array out). The first message out is the dimension, as a (1,) array.


def _send(stream, payload: bytes) -> None:
    stream.write(len(payload).to_bytes(8, "little") + payload)
    stream.flush()


def _receive(stream) -> bytes | None:
    head = stream.read(8)
    if len(head) < 8:
        return None
    n = int.from_bytes(head, "little")
    data = stream.read(n)
    return data if len(data) == n else None


def _npy(a: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue()


class EmbedWorker:
    """A SentenceTransformerEmbedder running in a child process, started at once; `dim` and
    `embed` wait for it. A child that fails to load is a ModelError with its own message."""

    def __init__(self, embedder: SentenceTransformerEmbedder):
        import subprocess
        import sys

        self.name = embedder.name
        args = [sys.executable, "-m", "qa.embed", str(embedder.folder), embedder.name.split("#")[0],
                str(embedder.batch_size), str(embedder.max_chars or 0)]
        self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._dim: int | None = None

    def _fail(self) -> ModelError:
        self._proc.kill()
        err = self._proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return ModelError(err[-1] if err else "the embedding process ended without a reply; run 'qa index' again.")

    @property
    def dim(self) -> int:
        if self._dim is None:
            data = _receive(self._proc.stdout)
            if data is None:
                raise self._fail()
            self._dim = int(_load_npy(data)[0])
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        _ = self.dim
        try:
            _send(self._proc.stdin, json.dumps(texts, ensure_ascii=False).encode("utf-8"))
        except OSError:
            raise self._fail() from None
        data = _receive(self._proc.stdout)
        if data is None:
            raise self._fail()
        return _load_npy(data)

    def close(self) -> None:
        # The child holds nothing worth a clean exit, and tearing down an interpreter with torch
        # loaded took 0.8 s: it is stopped at once.
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for s in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            try:
                s.close()
            except OSError:
                pass


def _load_npy(data: bytes) -> np.ndarray:
    import io

    return np.load(io.BytesIO(data), allow_pickle=False)


def _serve(folder: str, name: str, batch_size: int, max_chars: int) -> int:
    import sys

    from .errors import QAError

    out, inp = sys.stdout.buffer, sys.stdin.buffer
    sys.stdout = sys.stderr  # nothing a library prints may enter the protocol
    emb = SentenceTransformerEmbedder(Path(folder), name, batch_size=batch_size, max_chars=max_chars or None)
    try:
        _send(out, _npy(np.array([emb.dim], dtype=np.int64)))
    except QAError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    while (data := _receive(inp)) is not None:
        _send(out, _npy(emb.embed(json.loads(data.decode("utf-8")))))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_serve(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
