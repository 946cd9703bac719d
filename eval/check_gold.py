"""Check a gold question file against the reports it names.

Usage: python eval/check_gold.py [--multiline] GOLD.jsonl DOCS_DIR [DOCS_DIR ...]

Checks: valid JSON per line, required fields, unique ids, known types, every evidence string an
exact substring of its report (DOCX text = paragraphs' text joined by "\n", then table cells;
TXT = bytes decoded as UTF-8 without newline translation) and inside one line (unless
--multiline: the layout corpus has hard line breaks inside sentences), every keyword
in the normalised answer and in the normalised text of at least one evidence string.
Prints the count per type; exits 1 on any problem.
"""
from __future__ import annotations

import collections
import json
import sys
import unicodedata
from pathlib import Path

TYPES = {"numeric", "fact", "list", "why", "multi_hop", "cross_doc", "unanswerable"}
FIELDS = ("id", "question", "answer", "doc", "evidence", "keywords", "type")


def norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())


def doc_text(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        from layouts.make import docx_text  # the one reading of a DOCX report the gold is written on

        return docx_text(path)
    return path.read_bytes().decode("utf-8")


def main(argv: list[str]) -> int:
    multiline = "--multiline" in argv
    argv = [a for a in argv if a != "--multiline"]
    gold, dirs = Path(argv[0]), [Path(a) for a in argv[1:]]
    texts: dict[str, str] = {}
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.suffix.lower() in (".txt", ".docx"):
                texts.setdefault(str(p.relative_to(d)), doc_text(p))
    problems, ids, types = [], set(), collections.Counter()
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            it = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: bad JSON ({e})")
            continue
        miss = [f for f in FIELDS if f not in it]
        if miss:
            problems.append(f"line {n}: missing {miss}")
            continue
        iid, typ = it["id"], it["type"]
        if iid in ids:
            problems.append(f"{iid}: duplicate id")
        ids.add(iid)
        types[typ] += 1
        if typ not in TYPES:
            problems.append(f"{iid}: unknown type {typ}")
        ev, kw = it["evidence"], it["keywords"]
        if typ == "unanswerable":
            if ev or kw:
                problems.append(f"{iid}: unanswerable item with evidence or keywords")
            if it["doc"] is not None and not isinstance(it["doc"], str):
                problems.append(f"{iid}: doc must be a file name or null")
            if isinstance(it["doc"], str) and it["doc"] not in texts:
                problems.append(f"{iid}: unknown doc {it['doc']}")
            continue
        if not ev or not kw:
            problems.append(f"{iid}: answerable item without evidence or keywords")
        spans = []
        for e in ev:
            if isinstance(e, dict):
                d, t = e["doc"], e["text"]
                if typ != "cross_doc":
                    problems.append(f"{iid}: evidence object outside cross_doc")
            else:
                d, t = it["doc"], e
                if not isinstance(d, str):
                    problems.append(f"{iid}: plain evidence needs a single doc")
                    continue
            if d not in texts:
                problems.append(f"{iid}: unknown doc {d}")
                continue
            if t not in texts[d]:
                problems.append(f"{iid}: evidence not in {d}: {t[:40]}")
            if "\n" in t and not multiline:
                problems.append(f"{iid}: evidence crosses a line: {t[:40]}")
            spans.append(norm(t))
        if typ == "cross_doc":
            if not isinstance(it["doc"], list) or len(set(it["doc"])) < 2:
                problems.append(f"{iid}: cross_doc needs a list of two or more docs")
        na = norm(it["answer"])
        for k in kw:
            nk = norm(k)
            if nk not in na:
                problems.append(f"{iid}: keyword {k!r} not in answer")
            if not any(nk in s for s in spans):
                problems.append(f"{iid}: keyword {k!r} in no evidence string")
    for p in problems:
        print(p)
    print(f"{gold}: {sum(types.values())} items, " + ", ".join(f"{t} {c}" for t, c in sorted(types.items())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
