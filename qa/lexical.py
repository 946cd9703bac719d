"""A BM25 index over `textnorm.tokens`, stored as flat numpy arrays, term-major.

For each term, `postings[offsets[t]:offsets[t+1]]` are the chunks holding it and `tfs` its
counts there; BM25 weights are computed from those counts with numpy when the index loads.
Scoring a query touches only the postings of its terms (milliseconds for 100k chunks), and a
rebuild after one changed report reuses every other chunk's counts instead of re-tokenizing.
"""

from __future__ import annotations

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
        self._weights()

    def _weights(self) -> None:
        counts = np.diff(self.offsets)
        lengths = np.bincount(self.postings, weights=self.tfs, minlength=self.n_docs) if self.n_docs else np.zeros(0)
        avg = float(lengths.mean()) if self.n_docs and lengths.mean() > 0 else 1.0
        df = counts.astype(np.float64)
        self.idf_by_id = np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
        term_of_entry = np.repeat(np.arange(len(counts)), counts)
        tf = self.tfs.astype(np.float32)
        norm = K1 * (1 - B + B * lengths[self.postings] / avg) if len(self.postings) else np.zeros(0)
        self.weights = (self.idf_by_id[term_of_entry] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)

    @classmethod
    def build(cls, texts: list[str], reuse: "tuple[LexicalIndex, list[int]] | None" = None) -> "LexicalIndex":
        """Index `texts`; with `reuse=(old, rows)`, chunk i whose rows[i] >= 0 takes old chunk
        rows[i]'s counts (old terms keep their ids, new terms are appended)."""
        vocab: list[str] = list(reuse[0].terms) if reuse else []
        index = {t: i for i, t in enumerate(vocab)}
        chunk_parts, term_parts, tf_parts = [], [], []
        if reuse:
            old, rows = reuse
            remap = np.full(max(old.n_docs, 1), -1, dtype=np.int64)
            for new_id, r in enumerate(rows):
                if r >= 0:
                    remap[r] = new_id
            old_terms = np.repeat(np.arange(len(old.offsets) - 1), np.diff(old.offsets))
            keep = remap[old.postings] >= 0 if len(old.postings) else np.zeros(0, dtype=bool)
            chunk_parts.append(remap[old.postings[keep]])
            term_parts.append(old_terms[keep])
            tf_parts.append(old.tfs[keep])
        fresh = [i for i in range(len(texts)) if not reuse or reuse[1][i] < 0]
        c_ids, t_ids, t_fs = [], [], []
        for i in fresh:
            for term, tf in Counter(tokens(texts[i])).items():
                tid = index.get(term)
                if tid is None:
                    tid = index[term] = len(vocab)
                    vocab.append(term)
                c_ids.append(i)
                t_ids.append(tid)
                t_fs.append(tf)
        chunk_parts.append(np.array(c_ids, dtype=np.int64))
        term_parts.append(np.array(t_ids, dtype=np.int64))
        tf_parts.append(np.array(t_fs, dtype=np.int64))
        n = len(texts) + 1
        new_c, new_t, new_f = chunk_parts[-1], term_parts[-1], tf_parts[-1]
        new_order = np.lexsort((new_c, new_t))
        new_c, new_t, new_f = new_c[new_order], new_t[new_order], new_f[new_order]
        if reuse and len(chunk_parts[0]) and np.all(np.diff(remap[remap >= 0]) > 0):
            # The kept entries are still in (term, chunk) order: merge the few new ones in
            # instead of sorting millions again (what makes re-indexing one report quick).
            old_c, old_t, old_f = chunk_parts[0], term_parts[0], tf_parts[0]
            at = np.searchsorted(old_t * n + old_c, new_t * n + new_c)
            chunks, terms, tfs = np.insert(old_c, at, new_c), np.insert(old_t, at, new_t), np.insert(old_f, at, new_f)
        else:
            chunks = np.concatenate(chunk_parts[:-1] + [new_c])
            terms = np.concatenate(term_parts[:-1] + [new_t])
            tfs = np.concatenate(tf_parts[:-1] + [new_f])
            order = np.lexsort((chunks, terms))  # term-major, chunks ascending within a term
            chunks, terms, tfs = chunks[order], terms[order], tfs[order]
        counts = np.bincount(terms, minlength=len(vocab)) if len(terms) else np.zeros(len(vocab), dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(vocab, offsets, chunks.astype(np.int32), np.minimum(tfs, 65535).astype(np.uint16), len(texts))

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
