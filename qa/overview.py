"""Overviews: a few cited sentences on top of a briefing, written by the model from the
briefing's own items and verified like answers, or composed from the items when it cannot.

The model sees only the items the briefing already extracted and verified (numbered, fenced as
data, under headings naming their years) and cites them by number: a JSON schema whose item ids
are an enum of the offered ones for chat models, a marker choice (`llm.choose`) for base models;
the same two constraints reach a server through `EndpointLLM`. Each sentence then has to stand
on the spans of the items it cites (figures, years, wording: `verify.check_claim` and
`verify.check_wording`, as for answers) and on this report alone (no item of another report, no
other report's place). A sentence that fails is dropped and counted; with fewer than
MIN_SENTENCES left the overview is composed from the items themselves and says so.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, ValidationError

from .answer import marker_options, prompt_text
from .brief import Briefing, Citation, Overview, OverviewModel, OverviewSentence
from .places import short_name
from .prompts import render, split_chat
from .textnorm import norm
from .verify import check_claim, check_wording

MIN_SENTENCES = 3
MAX_SENTENCES = 6
MAX_TOKENS = 480  # the reply's budget: six sentences of Chinese, with their item numbers
_SENTENCE_TOKENS = 64  # one base-model sentence, up to its marker
_PER_GROUP = 10  # items offered per heading, before trimming to the context


@dataclass(frozen=True)
class OfferedItem:
    """One briefing item as the model sees it: its number, where it sits, the span it quotes."""

    id: int
    ref: str  # 'indicators.3': where the item sits in the briefing record
    group: str  # the heading it is shown under
    text: str
    citations: list[Citation] = field(hash=False)
    years: frozenset[int] = frozenset()


def _years_of(period: str) -> frozenset[int]:
    """'2018' → {2018}; '2014-2018' → 2014..2018; '' → {}."""
    parts = [int(p) for p in period.split("-") if p.isdigit()]
    return frozenset(range(parts[0], parts[-1] + 1)) if parts else frozenset()


def headline_indicators(br: Briefing) -> list[int]:
    """Indices of the indicators of the year under review an overview leads with: headline
    figures with a value, those given with both value and change first."""
    idx = [n for n, i in enumerate(br.indicators) if i.headline and i.value and "-" not in i.period]
    idx = idx or [n for n, i in enumerate(br.indicators) if "-" not in i.period]
    return sorted(idx, key=lambda n: not br.indicators[n].change)


def offered_items(br: Briefing, per_group: int = _PER_GROUP) -> list[OfferedItem]:
    """The items the model may cite, numbered from 1, in the order an overview tells them."""
    md = br.metadata
    rev, rep = md.review_year.value or "", md.report_year.value or ""
    groups: list[tuple[str, list[tuple[str, list[Citation], frozenset[int]]]]] = [
        (f"{rev}年主要指标", [(f"indicators.{n}", br.indicators[n].citations, _years_of(br.indicators[n].period))
                           for n in sorted(headline_indicators(br)[:per_group])]),
        (f"{rev}年工作成绩", [(f"achievements.{n}", it.citations, frozenset()) for n, it in enumerate(br.achievements[:per_group])]),
        (f"{rep}年主要预期目标", [(f"targets.{n}", t.citations, _years_of(t.period)) for n, t in enumerate(br.targets[:per_group])]),
        (f"{rep}年工作重点", [(f"priorities.{n}", p.citations, frozenset()) for n, p in enumerate(br.priorities[:per_group])]),
        ("报告所述问题", [(f"problems.{n}", p.citations, frozenset()) for n, p in enumerate(br.problems[:per_group])]),
    ]
    out: list[OfferedItem] = []
    for group, rows in groups:
        for ref, cites, years in rows:
            if cites:
                text = "；".join(c.text.replace("\n", " ") for c in cites)
                out.append(OfferedItem(len(out) + 1, ref, group, text, list(cites), years))
    return out


def fence_items(items: list[OfferedItem]) -> str:
    """Items as data under their headings, each fenced and numbered; the model cites by number."""
    lines: list[str] = []
    group = None
    for it in items:
        if it.group != group:
            group = it.group
            lines.append(f"## {group}")
        # A span cannot close its own fence: the model sees angle quotes where a report wrote '<<<'.
        text = it.text.replace("<<<", "‹‹‹").replace(">>>", "›››")
        lines.append(f"<<<item {it.id}>>>\n{text}\n<<<end>>>")
    return "\n".join(lines)


def report_line(br: Briefing) -> str:
    md = br.metadata
    place = f"{md.city.value or ''}{md.district.value or br.doc}"
    return f"{place}{md.report_year.value or ''}年政府工作报告（回顾{md.review_year.value or '—'}年，部署{md.report_year.value or '—'}年）"


def build_prompt(br: Briefing, items: list[OfferedItem], chat: bool):
    name = "overview_chat" if chat else "overview_completion"
    text = render(name, report=report_line(br), items=fence_items(items))
    return split_chat(text) if chat else text


def fit_prompt(br: Briefing, items: list[OfferedItem], llm, max_tokens: int = MAX_TOKENS):
    """The prompt and the items it offers, trimmed to the model's context: the last item of the
    largest heading goes first, so that every heading keeps its first items."""
    items = list(items)
    prompt = build_prompt(br, items, llm.chat)
    while items and llm.count_tokens(prompt_text(prompt)) > llm.n_ctx - max_tokens:
        sizes: dict[str, int] = {}
        for it in items:
            sizes[it.group] = sizes.get(it.group, 0) + 1
        biggest = max(sizes, key=lambda g: sizes[g])
        drop = max(n for n, it in enumerate(items) if it.group == biggest)
        items.pop(drop)
        prompt = build_prompt(br, items, llm.chat)
    return prompt, items


# --- the model's reply -----------------------------------------------------------------------

class DraftSentence(BaseModel):
    text: str = Field(min_length=1, max_length=120)
    items: list[int] = Field(min_length=1, max_length=4)


class Draft(BaseModel):
    sentences: list[DraftSentence] = Field(min_length=MIN_SENTENCES, max_length=MAX_SENTENCES)


def draft_schema(ids: list[int]) -> dict:
    """Draft's JSON schema, with item ids limited to those offered: any other is unwritable."""
    schema = Draft.model_json_schema()
    schema["$defs"]["DraftSentence"]["properties"]["items"]["items"] = {"type": "integer", "enum": ids}
    return schema


def parse_draft(raw: str) -> list[tuple[str, list[int]]]:
    """A chat model's JSON reply as (sentence, item ids) pairs; ValueError when it is not one."""
    start = raw.find("{")
    if start < 0:
        raise ValueError("no JSON object in the reply")
    try:
        obj, _ = json.JSONDecoder(strict=False).raw_decode(raw[start:])
        draft = Draft.model_validate(obj)
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(str(exc).splitlines()[0][:80]) from None
    return [(s.text, s.items) for s in draft.sentences]


# --- verification ----------------------------------------------------------------------------

def sentence_problems(text: str, cited: list[OfferedItem], br: Briefing, places: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Everything wrong with one overview sentence ([] when it stands): it must rest on items of
    this report only, name no other known place than the report's unless its spans do, and state
    only figures, years and words of the spans it cites (as answers must)."""
    if not cited:
        return ["it cites no item"]
    for it in cited:
        other = next((c for c in it.citations if c.doc != br.doc or c.sha256 != br.sha256), None)
        if other is not None:
            return [f"it cites an item of another report ({other.doc})"]
    spans = [c.text for it in cited for c in it.citations]
    said, quoted = norm(text), norm("".join(spans))
    own = {p for p in (br.metadata.district.value, br.metadata.city.value) if isinstance(p, str)}
    for place in sorted(set(places) - own):
        if any(n in said and n not in quoted for n in {place, short_name(place)} if len(n) >= 2) and not any(place in o or o in place for o in own):
            return [f"it names {place}, not this report's place"]
    years = {y for y in (br.metadata.review_year.value, br.metadata.report_year.value) if isinstance(y, int)}
    years |= {y for it in cited for y in it.years}
    return check_claim(text, spans, years) or check_wording(text, spans)


# --- composing ---------------------------------------------------------------------------------

def extractive_sentences(br: Briefing) -> list[tuple[str, list[str], list[Citation]]]:
    """The overview composed from the items: the year's headline figures, the GDP target first
    among the targets, the first priorities, the first problems admitted (achievements when the
    report gives too few of those). Each sentence is the items' own words joined."""
    md = br.metadata
    rev = f"{md.review_year.value}年，" if md.review_year.value else ""
    rep = f"{md.report_year.value}年" if md.report_year.value else ""
    out: list[tuple[str, list[str], list[Citation]]] = []

    def add(lead: str, rows: list[tuple[str, str, list[Citation]]]) -> None:
        if rows:
            out.append((lead + "；".join(t for t, _, _ in rows), [r for _, r, _ in rows], [c for _, _, cs in rows for c in cs]))

    def indicator(n: int) -> str:
        i = br.indicators[n]
        return f"{i.name}{i.value or ''}{'，' if i.value and i.change else ''}{i.change or ''}"

    add(rev, [(indicator(n), f"indicators.{n}", br.indicators[n].citations) for n in headline_indicators(br)[:3]])
    gdp = [n for n, t in enumerate(br.targets) if "生产总值" in t.name][:1]
    order = gdp + [n for n in range(len(br.targets)) if n not in gdp]
    add(f"{rep}预期目标：", [(f"{br.targets[n].name}{br.targets[n].target}", f"targets.{n}", br.targets[n].citations) for n in order[:3]])
    add(f"{rep}工作重点：", [(p.title, f"priorities.{n}", p.citations) for n, p in enumerate(br.priorities[:3])])
    add("报告所述问题：", [(p.text, f"problems.{n}", p.citations) for n, p in enumerate(br.problems[:2])])
    if len(out) < MIN_SENTENCES:
        add(f"{rev}报告所述成绩：", [(a.text, f"achievements.{n}", a.citations) for n, a in enumerate(br.achievements[:3])])
    return out


def _extractive(br: Briefing, places) -> tuple[list[OverviewSentence], int]:
    kept, failed = [], 0
    for text, refs, cites in extractive_sentences(br):
        item = OfferedItem(0, "", "", text, cites)
        if sentence_problems(text, [item], br, places):
            failed += 1  # composed from verified items, so never expected; still never shown
            continue
        kept.append(OverviewSentence(text=text, mode="extractive", items=refs, citations=cites))
    return kept, failed


def _drafts(llm, prompt, items: list[OfferedItem], judge, max_tokens: int) -> list[tuple[str, list[int], list[str]]]:
    """The model's sentences with their item ids and problems. A base model writes one sentence
    freely up to its marker, then may only choose an offered item's number; it stops once too
    many sentences have failed for the overview to reach MIN_SENTENCES."""
    ids = [it.id for it in items]
    if llm.chat:
        raw = llm.complete(prompt, schema=draft_schema(ids), max_tokens=max_tokens)
        try:
            pairs = parse_draft(raw)
        except ValueError as exc:
            return [(raw[:120], [], [f"the reply is not in the required form ({exc})"])]
        return [(t, i, judge(t, i)) for t, i in pairs]
    out: list[tuple[str, list[int], list[str]]] = []
    written = ""
    while len(out) < MAX_SENTENCES and sum(1 for *_, p in out if p) <= MAX_SENTENCES - MIN_SENTENCES:
        text = llm.complete(prompt + written, max_tokens=_SENTENCE_TOKENS, stop=["[", "\n", "<<<"])
        sentence = text.strip().lstrip("。；;，,. ")
        if not sentence:
            break
        mark = llm.choose(prompt + written + text + "[", marker_options(ids))
        if not mark:
            out.append((sentence, [], ["no item number could be chosen for it"]))
            break
        ref = [int(mark[:-1])]
        out.append((sentence, ref, judge(sentence, ref)))
        written += text + "[" + mark
    return out


def write_overview(br: Briefing, llm=None, places: set[str] | frozenset[str] = frozenset(), max_tokens: int = MAX_TOKENS) -> Overview:
    """The briefing's overview: the model's verified sentences when at least MIN_SENTENCES pass,
    else the extractive composition (at once without a model)."""
    if llm is None:
        kept, failed = _extractive(br, places)
        return Overview(mode="extractive", sentences=kept, dropped=failed)
    t0 = time.perf_counter()
    prompt, items = fit_prompt(br, offered_items(br), llm, max_tokens)
    by_id = {it.id: it for it in items}
    report = OverviewModel()
    kept: list[OverviewSentence] = []
    if items:
        seen: set[str] = set()

        def judge(text: str, ids: list[int]) -> list[str]:
            if any(i not in by_id for i in ids):
                return ["it cites an item that was not offered"]
            if norm(text) in seen:
                return ["it repeats an earlier sentence"]
            seen.add(norm(text))
            return sentence_problems(text, [by_id[i] for i in dict.fromkeys(ids)], br, places)

        for text, ids, problems in _drafts(llm, prompt, items, judge, max_tokens):
            report.written += 1
            if problems:
                report.rejected_because.append(f"「{text[:40]}」: " + "; ".join(problems))
                continue
            cited = [by_id[i] for i in dict.fromkeys(ids)]
            kept.append(OverviewSentence(text=text.strip(), mode="generative", items=[it.ref for it in cited],
                                         citations=[c for it in cited for c in it.citations]))
    report.accepted = len(kept)
    report.seconds = round(time.perf_counter() - t0, 3)
    if len(kept) >= MIN_SENTENCES:
        return Overview(mode="generative", sentences=kept[:MAX_SENTENCES], dropped=report.written - report.accepted, model=report)
    ext, failed = _extractive(br, places)
    return Overview(mode="extractive", sentences=ext, dropped=len(report.rejected_because) + failed, model=report)


def with_overview(br: Briefing, llm=None, places: set[str] | frozenset[str] = frozenset()) -> Briefing:
    """The briefing with its overview; `places` are the places of other known reports, which a
    sentence may not name unless the spans it cites do."""
    return br.model_copy(update={"overview": write_overview(br, llm, places)})
