"""A BM25 index over `textnorm.tokens`, stored as flat numpy arrays, term-major.

For each term, `postings[offsets[t]:offsets[t+1]]` are the chunks holding it and `tfs` its
counts there; BM25 weights are computed from those counts with numpy when the index loads.
Scoring a query touches only the postings of its terms (milliseconds for 100k chunks), and a
rebuild after one changed report reuses every other chunk's counts instead of re-tokenizing.
"""

from __future__ import annotations

from array import array
from collections import Counter
from pathlib import Path

import numpy as np

from .textnorm import tokens

K1 = 1.2
B = 0.75


class LexicalIndex:
    def __init__(self, vocab: list[str], offsets: np.ndarray, postings: np.ndarray, tfs: np.ndarray, n_docs: int):
        self.terms = vocab
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.offsets = offsets  # term id → slice of postings/tfs
        self.postings = postings  # chunk ids, ascending within each term
        self.tfs = tfs  # term frequency of that term in that chunk
        self.n_docs = n_docs
        self._idf: np.ndarray | None = None
        self._bm25: np.ndarray | None = None

    # BM25 weights are computed on the first search, not on load: a re-index loads the previous
    # index only to reuse its counts, and computing weights for 14 million postings twice was
    # the largest part of re-indexing one report in a thousand.
    @property
    def idf_by_id(self) -> np.ndarray:
        if self._idf is None:
            self._weights()
        return self._idf

    @property
    def weights(self) -> np.ndarray:
        if self._bm25 is None:
            self._weights()
        return self._bm25

    def _weights(self) -> None:
        counts = np.diff(self.offsets)
        lengths = np.bincount(self.postings, weights=self.tfs, minlength=self.n_docs) if self.n_docs else np.zeros(0)
        avg = float(lengths.mean()) if self.n_docs and lengths.mean() > 0 else 1.0
        df = counts.astype(np.float64)
        self._idf = np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
        term_of_entry = np.repeat(np.arange(len(counts)), counts)
        tf = self.tfs.astype(np.float32)
        norm = K1 * (1 - B + B * lengths[self.postings] / avg) if len(self.postings) else np.zeros(0)
        self._bm25 = (self._idf[term_of_entry] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)

    @classmethod
    def build(cls, texts: list[str], reuse: "tuple[LexicalIndex, list[int]] | None" = None) -> "LexicalIndex":
        """Index `texts`; with `reuse=(old, rows)`, chunk i whose rows[i] >= 0 takes old chunk
        rows[i]'s counts (old terms keep their ids, new terms are appended)."""
        vocab: list[str] = list(reuse[0].terms) if reuse else []
        index = {t: i for i, t in enumerate(vocab)}
        fresh = [i for i in range(len(texts)) if not reuse or reuse[1][i] < 0]
        # Typed arrays, not lists: a thousand reports hold some 14 million (chunk, term) pairs,
        # which as Python ints would take over a gigabyte.
        c_ids, t_ids, t_fs = array("q"), array("q"), array("q")
        for i in fresh:
            for term, tf in Counter(tokens(texts[i])).items():
                tid = index.get(term)
                if tid is None:
                    tid = index[term] = len(vocab)
                    vocab.append(term)
                c_ids.append(i)
                t_ids.append(tid)
                t_fs.append(tf)
        new_c = np.frombuffer(c_ids, dtype=np.int64)
        new_t = np.frombuffer(t_ids, dtype=np.int64)
        new_f = np.frombuffer(t_fs, dtype=np.int64)
        order = np.lexsort((new_c, new_t))
        new_c, new_t, new_f = new_c[order], new_t[order], new_f[order]
        if reuse is not None:
            merged = _merge(reuse[0], reuse[1], len(vocab), new_c, new_t, new_f)
            if merged is not None:
                return cls(vocab, *merged, len(texts))
            old, rows = reuse
            remap = _remap(old.n_docs, rows).astype(np.int64)
            old_terms = np.repeat(np.arange(len(old.offsets) - 1), np.diff(old.offsets))
            mapped = remap[old.postings]
            keep = mapped >= 0
            new_c = np.concatenate([mapped[keep], new_c])
            new_t = np.concatenate([old_terms[keep], new_t])
            new_f = np.concatenate([old.tfs[keep].astype(np.int64), new_f])
            order = np.lexsort((new_c, new_t))  # term-major, chunks ascending within a term
            new_c, new_t, new_f = new_c[order], new_t[order], new_f[order]
        counts = np.bincount(new_t, minlength=len(vocab)) if len(new_t) else np.zeros(len(vocab), dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(vocab, offsets, new_c.astype(np.int32), np.minimum(new_f, 65535).astype(np.uint16), len(texts))

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
        if tid is None:
            return float(np.log(1 + (self.n_docs + 0.5) / 0.5))
        return float(self.idf_by_id[tid])

    def matched(self, query_terms: list[str], chunk_id: int) -> list[str]:
        """The query terms that occur in one chunk (for highlighting)."""
        out = []
        for term in dict.fromkeys(query_terms):
            tid = self.vocab.get(term)
            if tid is None:
                continue
            s, e = self.offsets[tid], self.offsets[tid + 1]
            i = np.searchsorted(self.postings[s:e], chunk_id)
            if i < e - s and self.postings[s + i] == chunk_id:
                out.append(term)
        return out

    def save(self, folder: Path) -> None:
        np.savez(folder / "lexical.npz", offsets=self.offsets, postings=self.postings, tfs=self.tfs,
                 n_docs=np.array([self.n_docs]), terms=np.array("\n".join(self.terms)))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        with np.load(folder / "lexical.npz", allow_pickle=False) as z:
            joined = str(z["terms"])
            vocab = joined.split("\n") if joined else []
            return cls(vocab, z["offsets"], z["postings"], z["tfs"], int(z["n_docs"][0]))


# A re-index that adds fewer (chunk, term) pairs than this inserts them into the kept postings;
# more, and one sort of everything is quicker than inserting entry by entry.
_MERGE_LIMIT = 200_000


def _remap(n_old: int, rows: list[int]) -> np.ndarray:
    """Old chunk id → new chunk id (-1 for a chunk that is gone), from rows[new] = old or -1."""
    remap = np.full(max(n_old, 1), -1, dtype=np.int32)
    r = np.asarray(rows, dtype=np.int64)
    kept = np.flatnonzero(r >= 0)
    remap[r[kept]] = kept
    return remap


def _merge(old: LexicalIndex, rows: list[int], n_terms: int, new_c: np.ndarray, new_t: np.ndarray,
           new_f: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(offsets, postings, tfs) of the old index with its dropped chunks removed, its kept chunks
    renumbered and the few new (term, chunk) entries inserted in place; None when the kept chunks
    change order or the new entries are too many for inserting to pay."""
    if len(new_c) > _MERGE_LIMIT:
        return None
    remap = _remap(old.n_docs, rows)
    kept_ids = remap[remap >= 0]
    if len(kept_ids) > 1 and not np.all(kept_ids[1:] > kept_ids[:-1]):
        return None
    n_old_terms = len(old.offsets) - 1
    mapped = remap[old.postings] if len(old.postings) else np.zeros(0, dtype=np.int32)
    dropped = np.flatnonzero(mapped < 0)
    counts = np.zeros(n_terms, dtype=np.int64)
    counts[:n_old_terms] = np.diff(old.offsets)
    if len(dropped):
        counts[:n_old_terms] -= np.bincount(np.searchsorted(old.offsets, dropped, side="right") - 1, minlength=n_old_terms)
        keep = np.ones(len(mapped), dtype=bool)
        keep[dropped] = False
        kept_c, kept_f = mapped[keep], old.tfs[keep]
    else:
        kept_c, kept_f = mapped, old.tfs
    kept_off = np.concatenate([[0], np.cumsum(counts)])
    # Chunks ascend within each term, so each new entry's place is a search inside its term.
    at = np.empty(len(new_c), dtype=np.int64)
    for j, (t, c) in enumerate(zip(new_t.tolist(), new_c.tolist())):
        a, b = int(kept_off[t]), int(kept_off[t + 1])
        at[j] = a + int(np.searchsorted(kept_c[a:b], c))
    postings = np.insert(kept_c, at, new_c.astype(np.int32))
    tfs = np.insert(kept_f, at, np.minimum(new_f, 65535).astype(np.uint16))
    offsets = np.concatenate([[0], np.cumsum(counts + np.bincount(new_t, minlength=n_terms))]).astype(np.int64)
    return offsets, postings, tfs
