"""Terminal text for what the commands return: answers, search hits, scores, models.

Every function here returns a string and prints nothing; `qa.cli` decides where it goes.
"""

from __future__ import annotations

import re


def fmt(v) -> str:
    """A score for a table cell: three decimals, '-' when there is none.

    >>> fmt(0.5), fmt(None), fmt(3)
    ('0.500', '-', '3')
    """
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def highlight(text: str, terms: list[str], tty: bool) -> str:
    """Matched terms in bold yellow on a terminal; the text unchanged elsewhere.

    >>> highlight("工业增加值", ["工业"], tty=False)
    '工业增加值'
    >>> highlight("工业增加值", ["工业"], tty=True)
    '\\x1b[1;33m工业\\x1b[0m增加值'
    """
    if not tty or not terms:
        return text
    pat = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return pat.sub(lambda m: f"\x1b[1;33m{m.group(0)}\x1b[0m", text)


def hit_json(hit, index) -> dict:
    """One search hit as `qa search --json` prints it."""
    c = hit.chunk
    return {"doc": c.doc, "start": c.start, "end": c.end, "line": c.line, **index.locate(c.doc, c.start), "headings": list(c.headings),
            "text": c.text, "score": round(hit.score, 6), "lexical_rank": hit.lexical_rank, "dense_rank": hit.dense_rank,
            "matched": hit.matched, "sha256": index.docs[c.doc].sha256}


def where(item: dict) -> str:
    """A citation's place as a reader finds it: 'report.pdf p.12', 'report.docx ¶37', or the
    file and line of a text report."""
    if item.get("page"):
        return f"{item['doc']} p.{item['page']}"
    if item.get("paragraph"):
        return f"{item['doc']} ¶{item['paragraph']}"
    return f"{item['doc']}:{item['line']}"


def search_text(question: str, result, n_docs: int, tty: bool, index=None) -> str:
    """What `qa search` shows: the scope searched, then each hit with file, line, span and heading path."""
    scope = ", ".join(result.scope) if len(result.scope) < n_docs else "all reports"
    lines = [f"Searched {scope} for: {question}"]
    if result.query.absent_districts and not result.hits:
        lines.append(f"No indexed report covers {', '.join(result.query.absent_districts)}.")
    for rank, h in enumerate(result.hits, 1):
        c = h.chunk
        at = where({"doc": c.doc, "line": c.line, **(index.locate(c.doc, c.start) if index is not None else {})})
        lines.append(f"\n[{rank}] {at}  [{c.start}:{c.end}]  score {h.score:.4f}")
        if c.headings:
            lines.append(f"    § {c.heading_path}")
        lines.append("    " + highlight(c.text, h.matched, tty).replace("\n", "\n    "))
    return "\n".join(lines)


def answer_text(rec: dict) -> str:
    """An answer record for a reader: the answer, its citations, and how it was written; or
    what the reports do not say and what was searched."""
    if rec["status"] != "answered":
        lines = [f"The reports do not say: {rec.get('reason', 'nothing relevant was found')}."]
        if rec.get("searched"):
            lines.append("Searched:")
            lines.extend(f"  {where(p)}  {p['text'][:80]}…" for p in rec["searched"])
        return "\n".join(lines)
    lines = [rec["answer"], ""]
    for c in rec["citations"]:
        lines.append(f"[{c['id']}] {where(c)}  [{c['start']}:{c['end']}]")
        lines.append(f"    「{c['text']}」")
    lines.append(f"\n({rec['mode']}: {_mode_note(rec)})")
    if rec.get("partial"):
        lines.append(f"Note: {rec['partial']}.")
    return "\n".join(lines)


def _mode_note(rec: dict) -> str:
    model = rec.get("model") or {}
    if rec["mode"] == "generative":
        return "written by the model and verified against the cited spans"
    if rec["mode"] == "extractive":
        if model.get("tried"):
            return "quoted from the reports; the model's draft did not pass verification: " + str(model.get("rejected_because"))
        return "quoted from the reports"
    return ""


def brief_scores_text(scores: dict, gold) -> str:
    """`qa eval --briefs`: the briefing figures, then one line per report."""
    r = scores["briefs"]
    lines = [f"Briefings on {gold} ({len(scores['per_doc'])} reports): indicator recall {fmt(r['indicator_recall'])}, "
             f"target recall {fmt(r['target_recall'])}, priority recall {fmt(r['priority_recall'])}, "
             f"metadata accuracy {fmt(r['metadata_accuracy'])}, span exactness {fmt(r['span_exactness'])}, "
             f"items dropped {r['dropped']}, slowest report {r['seconds_max']:.2f} s"]
    for name, row in scores["per_doc"].items():
        lines.append(f"  {name}: indicators {row['indicators'][0]}/{row['indicators'][1]}, targets {row['targets'][0]}/{row['targets'][1]}, "
                     f"priorities {row['priorities'][0]}/{row['priorities'][1]}, metadata {row['metadata'][0]}/{row['metadata'][1]}")
    return "\n".join(lines)


_KS = (1, 3, 5, 10)


def retrieval_text(result: dict, gold) -> str:
    """`qa eval --gold`: evidence recall by question type and by channel, and the misses at 5."""
    lines = [f"Evidence recall on {gold} ({result['retrieval']['all']['n']} answerable questions; "
             f"mean chunk length {result['mean_chunk_chars']:.0f} characters)",
             f"{'type':<14}{'n':>4}" + "".join(f"{'R@' + str(k):>8}" for k in _KS)]
    for t, row in sorted(result["retrieval"].items(), key=lambda kv: (kv[0] != "all", kv[0])):
        lines.append(f"{t:<14}{row['n']:>4}" + "".join(f"{row[f'recall@{k}']:>8.3f}" for k in _KS))
    w = result["weights"]
    lines.append(f"fusion weights: lexical {w['lexical']}, dense {w['dense']} (models.txt)")
    for name, row in result["channels"].items():
        lines.append(f"  {name:<8}" + "".join(f"  R@{k} {row[f'recall@{k}']:.3f}" for k in _KS))
    misses = [r["id"] for r in result["items"] if not r["r@5"]]
    if misses:
        lines.append("missed at 5: " + ", ".join(str(m) for m in misses))
    return "\n".join(lines)


# Answer table columns: the record's key, then the header shown.
_ANSWER_COLUMNS = {"n": "n", "accuracy": "accuracy", "citation_support": "support", "refusal": "refusal",
                   "false_refusal": "false_ref", "length_median": "len_med", "length_max": "len_max",
                   "seconds_p50": "s_p50", "seconds_p95": "s_p95"}


def answers_text(table: dict, items: list[dict]) -> str:
    """`qa eval --gold` without --retrieval-only: the answer figures overall and by question type."""
    a = table["all"]
    lines = [f"Answers: accuracy {fmt(a['accuracy'])}, citation exactness {fmt(a['citation_exactness'])}, "
             f"citation support {fmt(a['citation_support'])}, refusal {fmt(a['refusal'])}, false refusal {fmt(a['false_refusal'])}",
             f"         median numeric/fact answer {a['numeric_fact_length_median']:.0f} characters; seconds per question "
             f"p50 {a['seconds_p50']:.2f}, p95 {a['seconds_p95']:.2f}; model answers accepted {a['generative']} of {a['n']}",
             f"         answers citing a report other than the one asked about: {a['wrong_report']}",
             f"{'type':<14}" + "".join(f"{h:>10}" for h in _ANSWER_COLUMNS.values())]
    for t, row in table.items():
        lines.append(f"{t:<14}" + "".join(f"{fmt(row[c]):>10}" for c in _ANSWER_COLUMNS))
    wrong = [r["id"] for r in items if r.get("correct") is False or r.get("refused") is False]
    if wrong:
        lines.append("wrong or not refused: " + ", ".join(str(w) for w in wrong))
    foreign = [r["id"] for r in items if r.get("wrong_report")]
    if foreign:
        lines.append("citing another report: " + ", ".join(str(w) for w in foreign))
    return "\n".join(lines)


def eval_text(result: dict, gold) -> str:
    """The whole `qa eval --gold` report: retrieval, then answers when they were scored."""
    text = retrieval_text(result, gold)
    if "answers" in result:
        text += "\n\n" + answers_text(result["answers"], result["answer_items"])
    return text


def models_text(rows: list[dict]) -> str:
    """`qa models`: each configured model, where it comes from, and whether it is usable."""
    lines = []
    for r in rows:
        lines.append(f"{r['role']:<9} {r['source']}  ({r['origin']})")
        lines.append(f"          path: {r.get('path') or '-'}")
        lines.append(f"          {'OK' if r['ok'] else 'NOT USABLE'}: {r['detail']}")
    return "\n".join(lines)


def verify_text(rows: list[dict]) -> str:
    """`qa verify`: each citation that does not check out, then the count."""
    bad = [r for r in rows if r["status"] != "ok"]
    lines = [f"record {r['record']} citation [{r['id']}] {r['doc']} [{r['start']}:{r['end']}]: {r['status']}" for r in bad]
    lines.append(f"{len(rows) - len(bad)} of {len(rows)} citations check out" + (f"; {len(bad)} do not (see above)." if bad else "."))
    return "\n".join(lines)
