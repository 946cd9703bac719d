"""Verification: a claim stands only on the spans it cites, and a citation only on its file.

`check_claim` is the gate every model-written sentence passes before it is shown: each figure it
states (amount, percentage, count, year) must be written in a span it cites, next to the same
words there; `verify_citations` re-opens the files an answer cites and checks every span.
"""

from __future__ import annotations

import re
from pathlib import Path

from .documents import decode, sha256_bytes
from .errors import DocumentError
from .figures import NUMBER_RE, figure_keys, is_year_at
from .readers import extract, kind_of
from .textnorm import is_cjk, norm, tokens



def figures(text: str) -> list[tuple[str, int]]:
    """(figure, position) in normalised text; see figures.figure_keys."""
    return figure_keys(text)


def _unit_at(t: str, pos: int) -> str:
    m = NUMBER_RE.match(t, pos)
    return (m.group(4) or "") if m else ""


def _context_words(t: str, pos: int, width: int = 8) -> set[str]:
    """Bigrams of the words just before a figure in a claim (back to the previous figure or
    clause break): the indicator the claim gives the figure for."""
    left = t[max(0, pos - width * 2):pos]
    left = re.split(r"[，,；;。:：\d]", left)[-1]
    return {x for x in tokens(left[-width:]) if len(x) == 2}


def _span_context(t: str, pos: int, width: int = 24) -> set[str]:
    """Bigrams of the text before a figure in a cited span, across one earlier figure, so that a
    change ('…151.9亿元、增长7.2%') keeps the indicator it belongs to."""
    return {x for x in tokens(t[max(0, pos - width):pos]) if len(x) == 2}


def check_claim(text: str, cited: list[str], years_ok: set[int] = frozenset()) -> list[str]:
    """Problems with one claim against the texts of the spans it cites ([] when it stands).

    >>> check_claim("工业增加值151.9亿元", ["工业增加值实现151.9亿元、增长7.2%"])
    []
    >>> check_claim("工业增加值414.6亿元", ["地区生产总值实现414.6亿元、增长6.9%"])
    ["'414.6亿' is stated after words the cited span does not put next to it"]
    >>> check_claim("<tex>$1.2$</tex>", ["一般公共预算收入增长1.2%"]), check_claim("收入增长1.2", ["一般公共预算收入增长1.2%"])
    (["it carries markup ('<tex>', '$') that no report writes"], ["'1.2' is not stated with the unit the cited span gives it"])
    """
    problems = []
    if not cited:
        return ["cites no evidence"]
    if not norm(text):
        return ["is empty"]
    spans = [norm(c) for c in cited]
    claim = norm(text)
    if re.search(r"</?[A-Za-z]+>|\$", text):
        return ["it carries markup ('<tex>', '$') that no report writes"]
    for fig, pos in figures(text):
        if is_year_at(claim, pos, pos + len(fig)):
            if int(fig) in years_ok or any(fig + "年" in s for s in spans):
                continue
            problems.append(f"year {fig} is not in the cited spans")
            continue
        where = [(s, m.start()) for s in spans for m in NUMBER_RE.finditer(s) if m.group(1) + (m.group(2) or "") == fig]
        if not where:
            problems.append(f"'{fig}' is not in the cited spans")
            continue
        unit = _unit_at(claim, pos)
        if not any(_unit_at(s, p) == unit for s, p in where):
            # '1.2' for the cited '增长1.2%': a figure without the unit it is written with.
            problems.append(f"'{fig}' is not stated with the unit the cited span gives it")
            continue
        mine = _context_words(claim, pos)
        if mine and not any(len(mine & _span_context(s, p)) >= max(1, len(mine) // 2) for s, p in where):
            problems.append(f"'{fig}' is stated after words the cited span does not put next to it")
    return problems


_CJK_BIGRAM_SHARE = 0.6  # of a claim's Chinese bigrams that must stand in its cited spans


def check_wording(text: str, cited: list[str], question: str = "") -> list[str]:
    """Problems with what a claim says in words, beyond its figures ([] when it stands): a
    Chinese claim must be worded from its cited spans and tell something the question did not;
    a claim with no Chinese words (an English sentence) must carry a figure to be checked by.

    >>> check_wording("秋田齿轮获得第四届中国质量奖提名奖", ["秋田齿轮获得第四届中国质量奖提名奖。"], "哪家企业获得了提名奖？")
    []
    >>> check_wording("摘录：", ["秋田齿轮获得第四届中国质量奖提名奖。"], "哪家企业获得了提名奖？")
    ["its wording is not the cited passages' (0% of its words)"]
    """
    claim = norm(text)
    if sum(1 for ch in claim if ch.isalnum()) < 2:
        return ["it says nothing"]
    spans = "\n".join(norm(c) for c in cited)
    grams = {t for t in tokens(claim) if len(t) == 2 and is_cjk(t[0])}
    if not grams:
        if figures(text):
            return []
        return ["a claim without Chinese words or figures cannot be checked against the passages"]
    found = {g for g in grams if g in spans}
    if len(found) < _CJK_BIGRAM_SHARE * len(grams):
        return [f"its wording is not the cited passages' ({len(found) / len(grams):.0%} of its words)"]
    # What the claim adds to the question (a name, a place, a measure) is held to the same
    # share on its own, so that a right frame cannot carry an invented subject.
    asked = set(norm(question))
    new = {g for g in grams if g[0] not in asked or g[1] not in asked}
    if not new:
        return [] if figures(text) else ["it only repeats the question"]
    if len(new & found) < _CJK_BIGRAM_SHARE * len(new):
        return [f"what it adds to the question is not in the cited passages ({len(new & found) / len(new):.0%} of those words)"]
    return []


def verify_citations(records: list[dict]) -> list[dict]:
    """Re-open every cited file; report for each citation 'ok', 'changed', 'missing',
    'unreadable', 'mismatch' or 're-extracted'.

    A file edited since the answer (sha256 differs) is 'changed', never silently trusted. A DOCX,
    PDF or HTML file is read again by its reader: when the same bytes now extract to other text
    (another library version), a span that no longer holds is 're-extracted'.
    """
    cache: dict[str, tuple[str | None, str | None, str, str | None]] = {}
    out = []
    for n, rec in enumerate(records, 1):
        for c in rec.get("citations") or []:
            path = c.get("path") or c.get("doc")
            if path not in cache:
                cache[path] = _reread(path, c.get("sha256"))
            text, sha, state, extractor = cache[path]
            row = {"record": n, "id": c.get("id"), "doc": c.get("doc"), "start": c.get("start"), "end": c.get("end")}
            if state == "changed" or (sha is not None and c.get("sha256") and sha != c["sha256"]):
                row["status"] = "changed"
            elif text is None:
                row["status"] = state
            elif text[c["start"]:c["end"]] != c.get("text"):
                reextracted = extractor is not None and (
                    (c.get("text_sha256") and sha256_bytes(text.encode("utf-8")) != c["text_sha256"])
                    or (c.get("extractor") and c["extractor"] != extractor))
                row["status"] = "re-extracted" if reextracted else "mismatch"
                if reextracted:
                    row["extractor"] = {"then": c.get("extractor"), "now": extractor}
            else:
                row["status"] = "ok"
            out.append(row)
    return out


def _reread(path: str, sha_then: str | None) -> tuple[str | None, str | None, str, str | None]:
    """(text, sha256 of the bytes, state, extractor) of a cited file as it is now; a DOCX, PDF or
    HTML file is extracted again only when its bytes are the ones cited."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, None, "missing", None
    except (OSError, TypeError, ValueError):  # unreadable, or no usable path in the record
        return None, None, "unreadable", None
    sha = sha256_bytes(raw)
    kind = kind_of(Path(path).suffix)
    if kind == "text":
        try:
            return decode(raw, path)[0], sha, "ok", None
        except DocumentError:
            return None, sha, "unreadable", None
    if sha_then and sha != sha_then:
        return None, sha, "changed", None
    try:
        ex = extract(raw, kind, path)
    except DocumentError:
        return None, sha, "unreadable", None
    return ex.text, sha, "ok", ex.extractor
