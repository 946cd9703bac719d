"""Check a gold question file against the reports it names.

Usage: python eval/check_gold.py [--multiline] GOLD.jsonl DOCS_DIR [DOCS_DIR ...]

Checks: valid JSON per line, required fields, unique ids, known types, every evidence string in its
report and inside one line (unless --multiline: the layout corpus has hard line breaks inside
sentences), every keyword in the normalised answer and in the normalised text of at least one
evidence string. Prints the count per type; exits 1 on any problem.

How an evidence string must occur in its report depends on the kind of file:
- TXT (bytes decoded as UTF-8 without newline translation) and DOCX (paragraphs' text joined by
  "\n", then table cells): an exact substring.
- HTML (the page's visible text: lxml.html text_content() of the body, with script and style
  elements dropped) and PDF (pdfminer.high_level.extract_text): the normalised evidence (NFKC,
  whitespace removed) must occur in the normalised text, since markup, indents, line wrapping
  and extraction spacing are not part of what a reader sees as the passage.
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


KINDS = (".txt", ".docx", ".html", ".pdf")
NORMALISED = (".html", ".pdf")  # evidence is matched on the normalised text of these kinds


def doc_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from layouts.make import docx_text  # the one reading of a DOCX report the gold is written on

        return docx_text(path)
    if suffix == ".html":
        import lxml.html

        root = lxml.html.document_fromstring(path.read_bytes())
        for el in root.xpath("//script | //style"):
            el.drop_tree()
        body = root.find("body")
        return (body if body is not None else root).text_content()
    if suffix == ".pdf":
        from pdfminer.high_level import extract_text

        return extract_text(str(path))
    return path.read_bytes().decode("utf-8")


def main(argv: list[str]) -> int:
    multiline = "--multiline" in argv
    argv = [a for a in argv if a != "--multiline"]
    gold, dirs = Path(argv[0]), [Path(a) for a in argv[1:]]
    texts: dict[str, str] = {}
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.suffix.lower() in KINDS:
                name = str(p.relative_to(d))
                if name not in texts:
                    text = doc_text(p)
                    texts[name] = norm(text) if p.suffix.lower() in NORMALISED else text
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
            normalised = Path(d).suffix.lower() in NORMALISED
            if (norm(t) if normalised else t) not in texts[d]:
                problems.append(f"{iid}: evidence not in {d}{' (normalised)' if normalised else ''}: {t[:40]}")
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
