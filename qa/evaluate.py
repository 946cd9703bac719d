"""The eval command's figures, computed exactly as ../shared/eval/README.md defines them."""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import defaultdict
from pathlib import Path

from .errors import QAError

KS = (1, 3, 5, 10)


def norm(text: str) -> str:
    """The eval's normalised text: NFKC, then every whitespace character removed (no script
    folding: an answer is scored on the characters it shows).

    >>> norm("70 亿元\\u00a0")
    '70亿元'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_jsonl(path: Path, what: str, next_step: str, not_json: str = "") -> list[tuple[int, object]]:
    """(line number, value) of each non-blank line of a JSONL file. An unreadable file is a
    QAError naming `what` it is and the `next_step`; a line that is not JSON names its line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QAError(f"{what} cannot be read ({exc}); {next_step}") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise QAError(f"{path}:{n}: not valid JSON ({exc.msg}){not_json}.") from None
    return out


def load_gold(path: Path) -> list[dict]:
    items = []
    for n, item in read_jsonl(path, f"gold file {path}", "give a JSONL file of questions.", "; each line must be one JSON object"):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise QAError(f"{path}:{n}: needs a 'question' string.")
        items.append(item)
    if not items:
        raise QAError(f"gold file {path} holds no questions.")
    return items


def locate_normalised(src: str, text: str) -> tuple[int, int] | None:
    r"""(start, end) in `src` of `text` as a reader sees it: the same characters after NFKC, with
    whitespace and line breaks dropped (gold written on a PDF's or a web page's visible text).

    >>> locate_normalised("增长\n5.7 %，高于", "增长5.7%")
    (0, 8)
    """
    from .textnorm import norm

    kept: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(src):
        for c in norm(ch):
            kept.append(c)
            where.append(i)
    at = "".join(kept).find(norm(text))
    if at < 0 or not text.strip():
        return None
    end = at + len(norm(text)) - 1
    return where[at], where[end] + 1


def evidence_spans(item: dict, texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(doc, start, end) of each gold evidence string, located in the indexed text."""
    spans = []
    docs = item.get("doc")
    for ev in item.get("evidence") or []:
        if isinstance(ev, dict):
            doc, text = ev["doc"], ev["text"]
        else:
            doc, text = (docs if isinstance(docs, str) else docs[0]), ev
        src = texts.get(doc)
        if src is None:
            raise QAError(f"gold evidence names '{doc}', which is not in the index; index the gold's reports first.")
        start = src.find(text)
        if start < 0:
            found = locate_normalised(src, text)
            if found is None:
                raise QAError(f"gold evidence for {item.get('id')} is not a substring of {doc}: {text[:40]}…")
            spans.append((doc, *found))
            continue
        spans.append((doc, start, start + len(text)))
    return spans


def covered(span: tuple[str, int, int], ranges: list[tuple[str, int, int]]) -> bool:
    """At least 80% of the span's characters lie in the union of same-file ranges."""
    doc, s, e = span
    if e <= s:
        return True
    marks = bytearray(e - s)
    for d, a, b in ranges:
        if d != doc:
            continue
        lo, hi = max(a, s), min(b, e)
        if lo < hi:
            marks[lo - s:hi - s] = b"\x01" * (hi - lo)
    return sum(marks) >= 0.8 * (e - s)


def retrieval_eval(items: list[dict], ranked: list[list[tuple[str, int, int]]], texts: dict[str, str],
                   mean_chunk_chars: float) -> dict:
    """Evidence recall@k over answerable items, overall and by type."""
    per_type: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = []
    for item, hits in zip(items, ranked):
        spans = evidence_spans(item, texts)
        if not spans:
            continue
        row = {"id": item.get("id"), "type": item.get("type", "?")}
        for k in KS:
            ok = all(covered(sp, hits[:k]) for sp in spans)
            row[f"r@{k}"] = ok
            per_type[row["type"]][k].append(int(ok))
            per_type["all"][k].append(int(ok))
        rows.append(row)
    table = {t: {f"recall@{k}": (sum(v[k]) / len(v[k]) if v[k] else 0.0) for k in KS} | {"n": len(v[KS[0]])}
             for t, v in per_type.items()}
    return {"retrieval": table, "mean_chunk_chars": mean_chunk_chars, "items": rows}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    i = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[i]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def evaluate_retrieval(session, gold: Path, k: int = max(KS)) -> dict:
    """Run every gold question through search and score evidence recall."""
    import numpy as np

    items = load_gold(gold)
    index = session.searcher.index
    texts = _gold_texts(index, items)
    mean_len = float(np.mean([c.end - c.start for c in index.chunks])) if index.chunks else 0.0
    searcher = session.searcher
    configured = (searcher.lexical_weight, searcher.dense_weight)
    # The configured fusion, and each channel alone, so that fusion can be seen to help or not.
    runs = {"fused": configured, "lexical": (1.0, 0.0), "dense": (0.0, 1.0)}
    out: dict = {}
    try:
        for name, (lw, dw) in runs.items():
            if name == "dense" and searcher.embedder is None:
                continue
            searcher.lexical_weight, searcher.dense_weight = lw, dw
            ranked = [[(h.chunk.doc, h.chunk.start, h.chunk.end) for h in searcher.search(it["question"], k=k).hits] for it in items]
            result = retrieval_eval(items, ranked, texts, mean_len)
            if name == "fused":
                out = result
                out["weights"] = {"lexical": lw, "dense": dw}
                out["channels"] = {}
            out["channels"][name] = result["retrieval"]["all"]
    finally:
        searcher.lexical_weight, searcher.dense_weight = configured
    return out


def _gold_texts(index, items: list[dict]) -> dict[str, str]:
    names = set()
    for item in items:
        d = item.get("doc")
        names.update([d] if isinstance(d, str) else (d or []))
        for ev in item.get("evidence") or []:
            if isinstance(ev, dict):
                names.add(ev["doc"])
    texts = {}
    for n in sorted(names):
        if n not in index.docs:
            raise QAError(f"the gold file names report '{n}', which is not in the index; run 'qa index' on the folder that holds it.")
        text, state = index.source_text(n)
        if text is None:
            raise QAError(f"report '{n}' is {state} since it was indexed; run 'qa index' again.")
        texts[n] = text
    return texts


def score_answer(item: dict, rec: dict, texts: dict[str, str]) -> dict:
    """One answer record scored against its gold item, per the eval README."""

    answerable = item.get("type") != "unanswerable"
    found = rec.get("status") == "answered"
    ans = norm(rec.get("answer") or "")
    kws = [norm(k) for k in item.get("keywords") or []]
    row = {"id": item.get("id"), "type": item.get("type", "?"), "status": rec.get("status"), "mode": rec.get("mode"),
           "length": len(rec.get("answer") or ""), "seconds": (rec.get("timings") or {}).get("total")}
    exact = []
    for c in rec.get("citations") or []:
        src = texts.get(c.get("doc"))
        exact.append(src is not None and src[c["start"]:c["end"]] == c.get("text"))
    row["citations"] = len(exact)
    row["exact"] = sum(exact)
    # An answer citing a report the question is not about: the failure that exactness cannot see.
    gold_docs = item.get("doc")
    gold_docs = set(gold_docs) if isinstance(gold_docs, list) else {gold_docs} if gold_docs else set()
    row["wrong_report"] = bool(found and gold_docs and item.get("type") != "unanswerable"
                               and any(c.get("doc") not in gold_docs for c in rec.get("citations") or []))
    if answerable:
        row["correct"] = found and all(k in ans for k in kws)
        cited = [norm(c.get("text") or "") for c in rec.get("citations") or []]
        row["supported"] = row["correct"] and all(any(k in c for c in cited) for k in kws)
        row["false_refusal"] = not found
    else:
        row["refused"] = not found
    return row


def answer_table(rows: list[dict]) -> dict:
    """Answer metrics overall and per type."""
    def agg(rs: list[dict]) -> dict:
        ans = [r for r in rs if r["type"] != "unanswerable"]
        una = [r for r in rs if r["type"] == "unanswerable"]
        correct = [r for r in ans if r["correct"]]
        cits = sum(r["citations"] for r in rs)
        lengths = [r["length"] for r in ans if r["status"] == "answered"]
        secs = [r["seconds"] for r in rs if r.get("seconds") is not None]
        return {
            "n": len(rs),
            "accuracy": len(correct) / len(ans) if ans else None,
            "citation_exactness": (sum(r["exact"] for r in rs) / cits) if cits else 1.0,
            "citation_support": (sum(r["supported"] for r in correct) / len(correct)) if correct else None,
            "refusal": (sum(r["refused"] for r in una) / len(una)) if una else None,
            "false_refusal": (sum(r["false_refusal"] for r in ans) / len(ans)) if ans else None,
            "length_median": median(lengths), "length_max": max(lengths) if lengths else 0,
            "seconds_p50": percentile(secs, 50), "seconds_p95": percentile(secs, 95),
            "generative": sum(1 for r in rs if r.get("mode") == "generative"),
            "wrong_report": sum(1 for r in rs if r.get("wrong_report")),
        }

    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    out = {"all": agg(rows)}
    for t, rs in sorted(by_type.items()):
        out[t] = agg(rs)
    nf = [r for r in rows if r["type"] in ("numeric", "fact") and r["status"] == "answered"]
    out["all"]["numeric_fact_length_median"] = median([r["length"] for r in nf])
    return out


def evaluate_answers(answerer, gold: Path | list[dict], progress=None) -> dict:
    items = load_gold(gold) if isinstance(gold, Path) else gold
    texts = _gold_texts(answerer.session.searcher.index, items)
    rows, records = [], []
    for i, item in enumerate(items):
        if progress:
            progress("ask", i, len(items))
        rec = answerer.ask(item["question"])
        records.append(rec)
        for c in rec.get("citations") or []:
            if c["doc"] not in texts:
                t, _ = answerer.session.searcher.index.source_text(c["doc"])
                texts[c["doc"]] = t
        rows.append(score_answer(item, rec, texts))
    if progress:
        progress("ask", len(items), len(items))
    return {"answers": answer_table(rows), "items": rows, "records": records}


def _locate(text: str, ev: str | None) -> tuple[int, int] | None:
    if not ev:
        return None
    i = text.find(ev)
    return (i, i + len(ev)) if i >= 0 else None


def _overlaps(cites: list[dict], span: tuple[int, int] | None) -> bool:
    return span is not None and any(c["start"] < span[1] and span[0] < c["end"] for c in cites)


def score_briefing(gold: dict, brief: dict, text: str) -> dict:
    """One report's briefing against its gold, per shared/eval/README.md."""

    def recall(gold_items, items, fields, item_text):
        hits = 0
        for g in gold_items:
            span = _locate(text, g.get("evidence"))
            want = [norm(g[f]) for f in fields if g.get(f) is not None]
            if any(all(w in norm(item_text(it)) for w in want) and _overlaps(it["citations"], span) for it in items):
                hits += 1
        return hits, len(gold_items)

    ind = recall(gold.get("indicators", []), brief["indicators"], ("value", "change"),
                 lambda it: f"{it['name']} {it.get('value') or ''} {it.get('change') or ''}")
    tgt = recall(gold.get("targets", []), brief["targets"], ("target",), lambda it: f"{it['name']} {it['target']}")
    pri_hits = 0
    for g in gold.get("priorities", []):
        span = _locate(text, g.get("evidence"))
        if any(norm(g["title"]) in norm(p["title"]) and _overlaps(p["citations"], span) for p in brief["priorities"]):
            pri_hits += 1
    gm, bm = gold.get("metadata", {}), brief["metadata"]
    meta_ok = {}
    for key in ("district", "report_year", "review_year", "speaker", "date"):
        meta_ok[key] = norm(str(gm.get(key))) == norm(str(bm[key]["value"]))
    meta_ok["meeting"] = gm.get("meeting") is None or norm(gm["meeting"]) in norm(str(bm["meeting"]["value"] or ""))
    cites = [c for sec in ("indicators", "targets", "priorities", "achievements", "problems") for it in brief[sec] for c in it["citations"]]
    cites += [c for f in bm.values() for c in f["citations"]]
    exact = sum(1 for c in cites if text[c["start"]:c["end"]] == c["text"])
    return {"indicators": ind, "targets": tgt, "priorities": (pri_hits, len(gold.get("priorities", []))),
            "metadata": (sum(meta_ok.values()), len(meta_ok)), "metadata_fields": meta_ok,
            "spans": (exact, len(cites)), "dropped": brief.get("dropped", 0)}


def evaluate_briefs(index, gold_path: Path, progress=None) -> dict:
    from .brief import build_briefing

    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QAError(f"briefing gold {gold_path} cannot be read ({exc}); give a JSON object keyed by report file name.") from None
    if not isinstance(gold, dict) or not gold:
        raise QAError(f"briefing gold {gold_path} must be a JSON object keyed by report file name.")
    per_doc, sums, seconds = {}, defaultdict(lambda: [0, 0]), []
    import time

    for n, (name, g) in enumerate(sorted(gold.items())):
        if progress:
            progress("brief", n, len(gold))
        if name not in index.docs:
            raise QAError(f"the briefing gold names '{name}', which is not in the index; index its folder first.")
        text, state = index.source_text(name)
        if text is None:
            raise QAError(f"report '{name}' is {state} since it was indexed; run 'qa index' again.")
        t0 = time.perf_counter()
        br = build_briefing(name, text, index.docs[name].sha256, index.docs[name].metadata).model_dump()
        seconds.append(time.perf_counter() - t0)
        row = score_briefing(g, br, text)
        per_doc[name] = row
        for key in ("indicators", "targets", "priorities", "metadata", "spans"):
            sums[key][0] += row[key][0]
            sums[key][1] += row[key][1]
        sums["dropped"][0] += row["dropped"]
    if progress:
        progress("brief", len(gold), len(gold))
    ratio = {k: (v[0] / v[1] if v[1] else None) for k, v in sums.items() if k != "dropped"}
    return {"briefs": {"indicator_recall": ratio["indicators"], "target_recall": ratio["targets"],
                       "priority_recall": ratio["priorities"], "metadata_accuracy": ratio["metadata"],
                       "span_exactness": ratio["spans"], "dropped": sums["dropped"][0],
                       "seconds_max": max(seconds) if seconds else 0.0}, "per_doc": per_doc}
