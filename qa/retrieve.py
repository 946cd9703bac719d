"""Hybrid retrieval: BM25 over CJK bigrams and dense vectors in FAISS, fused by weighted
scaled scores, steered to the reports whose district and years the question names."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .chunking import Chunk
from .places import level_of, short_name
from .query import Query, understand
from .store import Index
from .textnorm import query_tokens

CANDIDATES = 200
# Administrative levels, outermost first.
_RANK = {"province": 0, "prefecture": 1, "city": 1, "county": 2, "district": 2}


@dataclass
class Hit:
    chunk_id: int
    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    matched: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    scope: list[str]  # the reports searched (all, or those the question's district names)


def year_weight(years: list[int], meta: dict) -> float:
    """How well a report fits the years a question names: the year it reviews or the year it
    plans for fit best; a year inside the span a report looks over (five-year reviews and plans)
    fits less; any other year, least.

    >>> year_weight([2017], {"report_year": 2018, "review_year": 2017})
    1.0
    """
    if not years:
        return 1.0
    rep, rev = meta.get("report_year"), meta.get("review_year")
    if rep is None and rev is None:
        return 0.6
    best = 0.3
    for y in years:
        if y in (rep, rev):
            return 1.0
        lo = (rev or rep) - 4
        hi = (rep or rev) + 5
        if lo <= y <= hi:
            best = max(best, 0.6)
    return best


class Searcher:
    """Search one loaded index; the embedder is used only when the dense channel has weight."""

    def __init__(self, index: Index, embedder=None, dense_weight: float = 1.0, lexical_weight: float = 1.0):
        self.index = index
        self.embedder = embedder
        self.dense_weight = dense_weight if embedder is not None else 0.0
        self.lexical_weight = lexical_weight
        self._chunk_doc = np.array([0] * len(index.chunks), dtype=np.int64)
        self._doc_names = sorted(index.docs)
        pos = {n: i for i, n in enumerate(self._doc_names)}
        for i, c in enumerate(index.chunks):
            self._chunk_doc[i] = pos[c.doc]
        self.places = corpus_places(index.docs)

    def understand(self, text: str) -> Query:
        q = understand(text, self.places)
        # A city, county or district that no report is of, but that reports speak of ('鄂州花湖
        # 机场' in a province's report): asked about within those reports, and only passages
        # that name it can answer. A province is never inside another indexed place.
        vocab = self.index.lexical.vocab
        top = min((_RANK.get(m.get("level"), 9) for m in self.places.values()), default=9)
        for place in list(q.absent_places):
            short = short_name(place)
            grams = query_tokens(short)
            # Only below the level of the indexed reports: a district is not inside another district's report.
            if _RANK.get(level_of(place), 0) > top and grams and all(g in vocab for g in grams):
                q.absent_places.remove(place)
                q.within.append(short)
        if not q.absent_places:
            q.narrower_absent = False
        return q

    def doc_priors(self, q: Query) -> np.ndarray:
        pri = np.ones(len(self._doc_names), dtype=np.float32)
        for i, name in enumerate(self._doc_names):
            meta = self.index.docs[name].metadata
            if q.places and meta.get("place") not in q.places:
                pri[i] = 0.0
                continue
            if q.absent_places and (not q.places or q.narrower_absent):
                pri[i] = 0.0  # the question is about a place no indexed report covers
                continue
            pri[i] = year_weight(q.years, meta)
            if q.report_years:
                # The question names the report by its year: other reports are a last resort.
                pri[i] *= 1.0 if meta.get("report_year") in q.report_years else 0.3
        return pri

    def search(self, text: str, k: int = 5, query: Query | None = None) -> SearchResult:
        q = query or self.understand(text)
        n = len(self.index.chunks)
        if n == 0:
            return SearchResult(q, [], [])
        chunk_prior = self.doc_priors(q)[self._chunk_doc]
        allowed = chunk_prior > 0
        scope = [self._doc_names[i] for i in np.unique(self._chunk_doc[allowed])]
        if not allowed.any():
            return SearchResult(q, [], scope)
        terms = query_tokens(_without_districts(q))
        fused = np.zeros(n, dtype=np.float64)
        lex_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        # Each channel's scores are scaled to [0, 1] over the reports in scope (best = 1), then
        # summed with the channel weights, so a channel's confidence, not just its order, counts.
        if self.lexical_weight > 0 and terms:
            lex = self.index.lexical.score(terms) * chunk_prior
            top = float(lex[allowed].max()) if allowed.any() else 0.0
            if top > 0:
                fused += self.lexical_weight * (lex / top)
                for r, cid in enumerate(_top(lex, allowed & (lex > 0), CANDIDATES)):
                    lex_rank[int(cid)] = r
        if self.dense_weight > 0:
            sims = self._dense(q.search_text, allowed)
            found = allowed & (sims > -1)
            if found.any():
                lo, hi = float(np.median(sims[found])), float(sims[found].max())
                scaled = np.clip((sims - lo) / (hi - lo), 0, 1) if hi > lo else (sims >= hi).astype(np.float64)
                fused += self.dense_weight * np.where(found, scaled * chunk_prior, 0.0)
                for r, cid in enumerate(_top(sims * chunk_prior, found, CANDIDATES)):
                    dense_rank[int(cid)] = r
        order = _top(fused, fused > 0, k)
        hits = []
        for cid in order:
            cid = int(cid)
            hits.append(Hit(cid, self.index.chunks[cid], float(fused[cid]), lex_rank.get(cid), dense_rank.get(cid),
                            self.index.lexical.matched(terms, cid)))
        return SearchResult(q, hits, scope)

    def _dense(self, text: str, allowed: np.ndarray) -> np.ndarray:
        import faiss

        qv = self.embedder.embed([text]).astype(np.float32)
        if qv.shape[1] != self.index.dim:
            from .errors import IndexStateError

            raise IndexStateError(f"the embedder '{self.embedder.name}' gives vectors of dimension {qv.shape[1]}, but the index holds dimension {self.index.dim}; run 'qa index --rebuild' with this embedder.")
        ids = np.flatnonzero(allowed).astype(np.int64)
        kk = min(CANDIDATES, len(ids))
        params = None
        if len(ids) < len(allowed):
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(ids))
        D, I = self.index.faiss().search(qv, kk, params=params)
        sims = np.full(len(allowed), -1.0, dtype=np.float32)
        keep = I[0] >= 0
        sims[I[0][keep]] = D[0][keep]
        return np.where(allowed, sims, -1.0)


def _without_districts(q: Query) -> str:
    """The search text without the place names: the reports are already chosen by place, and
    inside them the name matches title lines rather than the passage that answers."""
    text = q.search_text
    for d in q.places + q.absent_places:
        text = text.replace(d, " ").replace(short_name(d), " ")
    return text


def corpus_places(docs: dict) -> dict[str, dict]:
    """The places the indexed reports are of → the metadata of one of them (for its parent)."""
    out: dict[str, dict] = {}
    for d in docs.values():
        place = d.metadata.get("place") or d.metadata.get("district")
        if place:
            out.setdefault(place, d.metadata)
    return out


def _top(scores: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores where mask holds, best first (ties by position)."""
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return idx
    s = scores[idx]
    if len(idx) > k:
        part = np.argpartition(-s, k - 1)[:k]
        idx, s = idx[part], s[part]
    order = np.lexsort((idx, -s))
    return idx[order]
