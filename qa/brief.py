"""Structured briefings: metadata, headline indicators, targets, priorities, achievements and
problems of one report, every item carrying exact citations and verified before it is kept.

Extraction is deterministic: it reads the report's own structure (its numbered sections, the
'主要预期目标' sentence, the figures of the review section) and its number patterns. An item
whose figures cannot be found in its cited span is dropped and counted, never shown.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from .chunking import line_of, split_sentences
from .facts import Fact, extract_facts, glossary, preference
from .structure import plan_sections, review_range, sections
from .textnorm import norm


class Citation(BaseModel):
    doc: str
    start: int
    end: int
    line: int
    text: str
    sha256: str


class Field_(BaseModel):
    value: str | int | None
    citations: list[Citation] = Field(default_factory=list)


class Metadata(BaseModel):
    district: Field_
    city: Field_
    report_year: Field_
    review_year: Field_
    speaker: Field_
    speaker_title: Field_
    meeting: Field_
    date: Field_


class Indicator(BaseModel):
    name: str
    key: str = Field("", description="what the indicator is, for matching across reports ('全区生产总值' → '地区生产总值')")
    kind: Literal["result", "five-year"] = "result"
    value: str | None = Field(description="the figure as written, e.g. '190亿元'; null when only a change is given")
    change: str | None = Field(description="the change as written, e.g. '增长8%左右'; null when only a value is given")
    period: str
    section: str = ""
    headline: bool = Field(False, description="from the review's opening summary, or given with both value and change")
    citations: list[Citation]


class Target(BaseModel):
    name: str
    key: str = Field("", description="what the indicator is, for matching across reports")
    target: str
    period: str
    citations: list[Citation]


class Priority(BaseModel):
    title: str
    gist: str
    citations: list[Citation]


class Item(BaseModel):
    text: str
    citations: list[Citation]


class OverviewSentence(BaseModel):
    text: str
    mode: Literal["generative", "extractive"] = Field(description="written by the model and verified, or composed from the items")
    items: list[str] = Field(description="the briefing items it rests on, as section.index, e.g. 'targets.0'")
    citations: list[Citation]


class OverviewModel(BaseModel):
    """What the model did: sentences written, kept, and why the others were dropped."""
    written: int = 0
    accepted: int = 0
    rejected_because: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class Overview(BaseModel):
    mode: Literal["generative", "extractive"]
    sentences: list[OverviewSentence]
    dropped: int = Field(0, description="sentences that failed verification and are not shown")
    model: OverviewModel | None = Field(None, description="null when no model was asked (--no-llm)")


class Briefing(BaseModel):
    doc: str
    sha256: str
    overview: Overview | None = Field(None, description="a short cited summary; see qa.overview")
    metadata: Metadata
    indicators: list[Indicator]
    targets: list[Target]
    priorities: list[Priority]
    achievements: list[Item]
    problems: list[Item]
    dropped: int = Field(0, description="items that failed verification and were left out")


def schema() -> dict:
    return Briefing.model_json_schema()


# --- building the briefing: one extractor per section --------------------------------------

class _Builder:
    """One report's text and identity, shared by the section extractors, with the count of
    items that failed verification."""

    def __init__(self, doc: str, text: str, sha256: str):
        self.doc, self.text, self.sha = doc, text, sha256
        self.dropped = 0
        self.sections, self.heads = sections(text)
        self.review = review_range(text)

    def cite(self, s: int, e: int) -> Citation:
        return Citation(doc=self.doc, start=s, end=e, line=line_of(self.text, s), text=self.text[s:e], sha256=self.sha)

    def holds(self, c: Citation, *parts: str | None) -> bool:
        """Verification: the citation slices exactly and every stated part stands in it."""
        ok = self.text[c.start:c.end] == c.text and all(norm(p) in norm(c.text) for p in parts if p)
        if not ok:
            self.dropped += 1
        return ok


_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def extract_metadata_fields(b: _Builder, meta: dict) -> Metadata:
    spans = meta.get("spans") or {}

    def mfield(key: str, span_key: str | None = None) -> Field_:
        value = meta.get(key)
        sp = spans.get(span_key or key)
        cites = [b.cite(*sp)] if sp and value is not None else []
        if cites and isinstance(value, str) and norm(value) not in norm(cites[0].text) and key not in ("meeting", "date"):
            cites = []
        return Field_(value=value, citations=cites)

    return Metadata(district=mfield("district", "speaker"), city=mfield("city", "speaker"),
                    report_year=mfield("report_year", "date"), review_year=mfield("review_year"),
                    speaker=mfield("speaker"), speaker_title=mfield("speaker_title", "speaker"),
                    meeting=mfield("meeting"), date=mfield("date"))


def extract_indicators(b: _Builder, facts: list[Fact]) -> list[Indicator]:
    """The figures the report gives for the year under review and the five years before it,
    from the review section (the whole report when it has none): the facts every view reads."""
    rr = b.review
    first_sub = next((hs for lv, _, hs, _ in b.heads if rr and lv >= 1 and rr[0] < hs < rr[1]), rr[1] if rr else 0)
    out: list[Indicator] = []
    for f in facts:
        if f.kind == "target" or (rr and not rr[0] <= f.start < rr[1]):
            continue
        c = b.cite(f.start, f.end)
        if b.holds(c, f.value, f.change):
            section = next((t for lv, t, hs, he in reversed(b.heads) if hs <= f.start), "")
            headline = f.start < first_sub or bool(f.value and f.change)
            out.append(Indicator(name=f.indicator, key=f.key, kind=f.kind, value=f.value, change=f.change, period=f.period,
                                 section=section, headline=headline, citations=[c]))
    return out


def extract_targets(b: _Builder, facts: list[Fact]) -> list[Target]:
    """The items of the main-targets paragraph ('主要预期目标是：…'), as the facts read them."""
    out: list[Target] = []
    for f in facts:
        if f.main and f.target:
            c = b.cite(f.start, f.end)
            if b.holds(c, f.indicator, f.target):
                out.append(Target(name=f.indicator, key=f.key, target=f.target, period=f.period, citations=[c]))
    return out


def extract_priorities(b: _Builder, report_year: int | None) -> list[Priority]:
    """The numbered headings of the coming year's plan sections."""
    out: list[Priority] = []
    for _, _, ps, pe in plan_sections(b.text, report_year):
        for lv, title, hs, he in b.heads:
            if lv == 1 and ps <= hs < pe:
                c = b.cite(hs, he)
                if b.holds(c, title):
                    clean = _NUMBERING.sub("", title)
                    out.append(Priority(title=clean, gist=clean, citations=[c]))
    return out


def extract_achievements(b: _Builder) -> list[Item]:
    """The numbered headings of the review section, else its '——…。' lines."""
    rr = b.review
    if not rr:
        return []
    out: list[Item] = []
    for lv, title, hs, he in b.heads:
        if lv == 1 and rr[0] <= hs < rr[1]:
            c = b.cite(hs, he)
            if b.holds(c, title):
                out.append(Item(text=_NUMBERING.sub("", title), citations=[c]))
    if not out:
        for mm in re.finditer(r"(?m)^——([^。\n]{4,30})。", b.text[rr[0]:rr[1]]):
            s0, e0 = rr[0] + mm.start(1), rr[0] + mm.end(1)
            c = b.cite(s0, e0)
            if b.holds(c, mm.group(1)):
                out.append(Item(text=mm.group(1), citations=[c]))
    return out


_PROBLEMS_RE = re.compile(r"清醒(?:地)?(?:看到|认识到)|困难和问题|存在(?:一些|不少)?(?:不足|问题)")


def extract_problems(b: _Builder, limit: int = 6) -> list[Item]:
    """The clauses of the paragraph that admits problems, each cut to a readable length."""
    text = b.text
    pm = _PROBLEMS_RE.search(text)
    if not pm:
        return []
    out: list[Item] = []
    le = text.find("\n", pm.end())
    le = len(text) if le < 0 else le
    colon = re.search(r"[：:]", text[pm.end():le])
    start = pm.end() + (colon.end() if colon else 0)
    for sent in split_sentences(text, start, le):
        s0, e0 = sent.start, sent.end
        if e0 - s0 > 100:
            cut = text.find("，", s0 + 30, s0 + 100)
            e0 = cut if cut > 0 else s0 + 100
        while s0 < e0 and text[s0] in "，,；;：: ":
            s0 += 1
        piece = text[s0:e0].rstrip("；;。，, ")
        if len(piece) < 6:
            continue
        c = b.cite(s0, s0 + len(piece))
        if b.holds(c, piece):
            out.append(Item(text=piece, citations=[c]))
        if len(out) >= limit:
            break
    return out


def build_briefing(doc: str, text: str, sha256: str, meta: dict) -> Briefing:
    """The briefing of one report (without an overview: see qa.overview)."""
    b = _Builder(doc, text, sha256)
    rep = meta.get("report_year")
    facts = extract_facts(doc, text, meta)
    return Briefing(doc=doc, sha256=sha256, metadata=extract_metadata_fields(b, meta),
                    indicators=extract_indicators(b, facts), targets=extract_targets(b, facts),
                    priorities=extract_priorities(b, rep), achievements=extract_achievements(b),
                    problems=extract_problems(b), dropped=b.dropped)


# --- rendering -------------------------------------------------------------------------------

def render_markdown(br: Briefing) -> str:
    notes: list[Citation] = []

    def ref(cites: list[Citation]) -> str:
        out = []
        for c in cites:
            notes.append(c)
            out.append(f"[^{len(notes)}]")
        return "".join(out)

    md = br.metadata
    title = f"{md.district.value or br.doc}"
    lines = [f"# {title} {md.report_year.value or ''}年政府工作报告 · 简报", ""]
    if br.overview is not None:
        lines += _render_overview(br.overview, ref)
    lines.append(f"- **报告**: `{br.doc}`")
    who = " ".join(str(x) for x in (md.speaker_title.value, md.speaker.value) if x)
    if who:
        lines.append(f"- **报告人**: {who}{ref(md.speaker.citations)}")
    if md.meeting.value:
        lines.append(f"- **会议**: {md.meeting.value}{ref(md.meeting.citations)}")
    if md.date.value:
        lines.append(f"- **日期**: {md.date.value}{ref(md.date.citations)}")
    lines.append(f"- **城市/区县**: {md.city.value or '—'} / {md.district.value or '—'}；回顾 {md.review_year.value or '—'} 年，部署 {md.report_year.value or '—'} 年")
    lines.append("")
    if br.targets:
        lines += [f"## {md.report_year.value or ''}年主要预期目标", "", "| 指标 | 目标 | 出处 |", "|---|---|---|"]
        for t in br.targets:
            lines.append(f"| {t.name} | {t.target} | {ref(t.citations)} |")
        lines.append("")
    if br.indicators:
        head = [i for i in br.indicators if i.headline] or br.indicators[:15]
        lines += [f"## {md.review_year.value or ''}年主要指标", "", "| 指标 | 数值 | 变化 | 时期 | 出处 |", "|---|---|---|---|---|"]
        for i in head:
            lines.append(f"| {i.name} | {i.value or '—'} | {i.change or '—'} | {i.period} | {ref(i.citations)} |")
        if len(head) < len(br.indicators):
            lines.append(f"\n_另有 {len(br.indicators) - len(head)} 项数字见 `qa brief --json`。_")
        lines.append("")
    if br.priorities:
        lines += [f"## {md.report_year.value or ''}年工作重点", ""]
        for n, p in enumerate(br.priorities, 1):
            lines.append(f"{n}. {p.title}{ref(p.citations)}")
        lines.append("")
    if br.achievements:
        lines += ["## 报告所述成绩", ""] + [f"- {a.text}{ref(a.citations)}" for a in br.achievements] + [""]
    if br.problems:
        lines += ["## 报告所述问题", ""] + [f"- {p.text}{ref(p.citations)}" for p in br.problems] + [""]
    if br.dropped:
        lines += [f"_{br.dropped} extracted item(s) failed verification and are not shown._", ""]
    lines.append("---")
    for n, c in enumerate(notes, 1):
        quote = c.text.replace("\n", " ")
        if len(quote) > 60:
            quote = quote[:60] + "…"
        lines.append(f"[^{n}]: {c.doc}:{c.line} [{c.start}:{c.end}] 「{quote}」")
    return "\n".join(lines) + "\n"


def _render_overview(ov: Overview, ref) -> list[str]:
    if not ov.sentences:
        return []
    body = "".join(s.text.rstrip("。；; ") + ref(s.citations) + "。" for s in ov.sentences)
    if ov.mode == "generative":
        note = "written by the model from the items below and verified against the cited spans"
    elif ov.model is None:
        note = "composed from the items below"
    elif not ov.model.written:
        note = "composed from the items below; the model wrote no sentence"
    else:
        note = (f"composed from the items below; {ov.model.accepted} of the model's {ov.model.written} sentences "
                f"passed verification, fewer than the 3 an overview needs")
        if ov.model.rejected_because:
            note += f" (first rejected: {ov.model.rejected_because[0][:120]})"
    if ov.mode == "generative" and ov.dropped:
        note += f"; {ov.dropped} sentence(s) failed verification and are not shown"
    return ["## 概述", "", body, "", f"_({ov.mode}: {note})_", ""]


# --- comparison ------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)?\s*([^\d\s]*)")
_SCALE = {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12}


def _amount(value: str | None) -> tuple[float, str] | None:
    """'190亿元' → (1.9e10, '元'); qualifiers such as 左右/以上 make a figure inexact: None."""
    if not value or re.search(r"左右|以上|以下|以内|余|多|约|近", value):
        return None
    m = _AMOUNT.fullmatch(norm(value))
    if not m:
        return None
    return float(m.group(1)) * _SCALE[m.group(2) or ""], m.group(3)


def difference(a: str | None, b: str | None) -> str | None:
    """b − a when both are exact figures in the same unit, written in b's scale.

    >>> difference("190亿元", "310.4亿元"), difference("94.4%", "96.4%")
    ('+120.4亿元', '+2个百分点')
    """
    x, y = _amount(a), _amount(b)
    if not x or not y or x[1] != y[1] or not x[1]:
        return None
    m = _AMOUNT.fullmatch(norm(b))
    scale = m.group(2) or ""
    d = (y[0] - x[0]) / _SCALE[scale]
    text = f"{d:+.2f}".rstrip("0").rstrip(".")
    if y[1] in ("%", "％"):
        return f"{text}个百分点"  # the difference of two rates is in points, not per cent
    return f"{text}{scale}{y[1]}"


def _preference(it: Indicator | Target) -> tuple:
    """Which of one report's items of one indicator a comparison shows: the rule the table uses
    (qa.facts.preference)."""
    return preference(it.citations[0].start, getattr(it, "value", None), getattr(it, "change", None),
                      five=getattr(it, "kind", "result") == "five-year")


def comparable(key: str) -> bool:
    """Whether figures named `key` in two reports measure one thing: a known indicator (the
    glossary's), or a name long enough to say what it counts. Short names are the words before a
    figure, not an indicator ('首批4家' and '首批103个', '新增…', '总投资超…' of different projects).

    >>> comparable("地区生产总值"), comparable("实际使用外资金额"), comparable("首批"), comparable("总投资超")
    (True, True, False, False)
    """
    return key in glossary() or len(key) >= 5


def compare(briefs: list[Briefing]) -> dict:
    """Indicators and targets of several reports side by side, aligned by what the indicator is
    (its key: '全区生产总值' and '地区生产总值' are one row)."""
    def table(section: str, value_fields: tuple[str, ...]) -> list[dict]:
        order: list[str] = []
        by: dict[str, dict[int, Indicator | Target]] = {}
        for n, br in enumerate(briefs):
            for it in getattr(br, section):
                k = it.key or it.name
                if k not in by:
                    by[k] = {}
                    order.append(k)
                prev = by[k].get(n)
                if prev is None or _preference(it) < _preference(prev):
                    by[k][n] = it
        rows = []
        for k in order:
            if section == "indicators" and not comparable(k):
                continue
            cells = []
            for n in range(len(briefs)):
                it = by[k].get(n)
                cells.append(None if it is None else {f: getattr(it, f) for f in value_fields} | {"citations": [c.model_dump() for c in it.citations]})
            row = {"name": k, "cells": cells}
            if section == "indicators" and len(briefs) == 2 and all(cells):
                row["difference"] = difference(cells[0].get("value"), cells[1].get("value"))
            rows.append(row)
        # Rows every report gives come first: those are the comparable ones.
        rows.sort(key=lambda r: -sum(1 for c in r["cells"] if c))
        return rows

    return {"reports": [{"doc": b.doc, "district": b.metadata.district.value, "report_year": b.metadata.report_year.value,
                         "review_year": b.metadata.review_year.value} for b in briefs],
            "indicators": table("indicators", ("value", "change", "period")),
            "targets": table("targets", ("target", "period"))}


def render_comparison(cmp: dict, limit: int = 40) -> str:
    reps = cmp["reports"]
    heads = [f"{r['district']} {r['report_year']}年报告" for r in reps]
    notes: list[dict] = []

    def cell(c, fields) -> str:
        if c is None:
            return "not reported"
        notes.extend(c["citations"])
        txt = " ".join(str(c[f]) for f in fields if c.get(f))
        return f"{txt}[^{len(notes)}]"

    out = [f"# 对比：{' / '.join(heads)}", ""]
    for section, fields, title in (("targets", ("target",), "预期目标"), ("indicators", ("value", "change"), "主要指标")):
        rows = [r for r in cmp[section] if sum(1 for c in r["cells"] if c) > 1] or cmp[section]
        out += [f"## {title}", "", "| 指标 | " + " | ".join(heads) + (" | 差额（据引文计算） |" if section == "indicators" and len(reps) == 2 else " |"),
                "|---|" + "---|" * len(heads) + ("---|" if section == "indicators" and len(reps) == 2 else "")]
        for r in rows[:limit]:
            line = f"| {r['name']} | " + " | ".join(cell(c, fields) for c in r["cells"])
            if section == "indicators" and len(reps) == 2:
                line += f" | {r.get('difference') or '—'}"
            out.append(line + " |")
        out.append("")
    out.append("---")
    for n, c in enumerate(notes, 1):
        q = c["text"].replace("\n", " ")
        out.append(f"[^{n}]: {c['doc']}:{c['line']} [{c['start']}:{c['end']}] 「{q[:60]}{'…' if len(q) > 60 else ''}」")
    return "\n".join(out) + "\n"
