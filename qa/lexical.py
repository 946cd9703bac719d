"""A BM25 index over `textnorm.tokens`, stored as flat numpy arrays (one postings list per term).

Scoring a query touches only the postings of its terms, so it stays in milliseconds for a
hundred thousand chunks.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from .textnorm import tokens

K1 = 1.2
B = 0.75


class LexicalIndex:
    def __init__(self, vocab: dict[str, int], offsets: np.ndarray, postings: np.ndarray, weights: np.ndarray, n_docs: int):
        self.vocab = vocab
        self.offsets = offsets  # term id → slice of postings/weights
        self.postings = postings  # chunk ids
        self.weights = weights  # BM25 term weight of that term in that chunk (idf included)
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        counts = [Counter(tokens(t)) for t in texts]
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        avg = float(lengths.mean()) if len(lengths) else 1.0
        avg = avg or 1.0
        by_term: dict[str, list[tuple[int, int]]] = {}
        for cid, c in enumerate(counts):
            for term, tf in c.items():
                by_term.setdefault(term, []).append((cid, tf))
        vocab: dict[str, int] = {}
        offsets = [0]
        post: list[int] = []
        wts: list[float] = []
        n = len(texts)
        for term in sorted(by_term):
            plist = by_term[term]
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            vocab[term] = len(vocab)
            for cid, tf in plist:
                denom = tf + K1 * (1 - B + B * lengths[cid] / avg)
                post.append(cid)
                wts.append(idf * tf * (K1 + 1) / denom)
            offsets.append(len(post))
        return cls(vocab, np.array(offsets, dtype=np.int64), np.array(post, dtype=np.int32),
                   np.array(wts, dtype=np.float32), n)

    def score(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk; a term repeated in the query counts once."""
        scores = np.zeros(self.n_docs, dtype=np.float32)
        for term in dict.fromkeys(query_terms):
            tid = self.vocab.get(term)
            if tid is None:
                continue
            s, e = self.offsets[tid], self.offsets[tid + 1]
            scores[self.postings[s:e]] += self.weights[s:e]
        return scores

    def idf(self, term: str) -> float:
        """BM25 idf of a term; a term the corpus never uses gets the idf of a singleton."""
        tid = self.vocab.get(term)
        df = 0 if tid is None else int(self.offsets[tid + 1] - self.offsets[tid])
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def matched(self, query_terms: list[str], chunk_id: int) -> list[str]:
        """The query terms that occur in one chunk (for highlighting)."""
        out = []
        for term in dict.fromkeys(query_terms):
            tid = self.vocab.get(term)
            if tid is None:
                continue
            s, e = self.offsets[tid], self.offsets[tid + 1]
            if chunk_id in self.postings[s:e]:
                out.append(term)
        return out

    def save(self, folder: Path) -> None:
        terms = np.array(sorted(self.vocab, key=self.vocab.get), dtype=object)
        np.savez(folder / "lexical.npz", offsets=self.offsets, postings=self.postings, weights=self.weights,
                 n_docs=np.array([self.n_docs]), terms=np.array("\n".join(terms)))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        with np.load(folder / "lexical.npz", allow_pickle=False) as z:
            joined = str(z["terms"])
            vocab = {t: i for i, t in enumerate(joined.split("\n"))} if joined else {}
            return cls(vocab, z["offsets"], z["postings"], z["weights"], int(z["n_docs"][0]))
