"""Grounded answers: retrieve → select evidence → let the model write → verify → fall back or refuse."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from pydantic import BaseModel, Field, ValidationError

from .errors import QAError
from .evidence import Evidence, Selection, pattern_of, select_evidence
from .figures import NUMBER_RE, is_year_at, unit_family, value_of
from .textnorm import norm
from .prompts import render, split_chat
from .verify import check_claim, check_wording


class Claim(BaseModel):
    text: str = Field(min_length=1, max_length=160)
    evidence: list[int] = Field(min_length=1, max_length=3)


class Reply(BaseModel):
    claims: list[Claim] = Field(max_length=3)


def reply_schema(ids: list[int]) -> dict:
    """Reply's JSON schema, with evidence ids limited to those offered: any other is unwritable."""
    schema = Reply.model_json_schema()
    claim = schema["$defs"]["Claim"]
    claim["properties"]["evidence"]["items"] = {"type": "integer", "enum": ids}
    return schema


LANGUAGE_RULES = {
    "en": "- The question is in English: write each claim in English, keeping every figure exactly as the passage writes it (Chinese units included).",
    "zh": "- 用中文回答。",
}
_ANSWER_FLOOR = 200  # tokens kept free for the reply when trimming evidence to the context


def fence(evidence: list[Evidence]) -> str:
    """Passages as data, each fenced and numbered; the model refers to them by number only."""
    return "\n".join(f"<<<passage {e.id}>>>\n{e.text}\n<<<end>>>" for e in evidence)


def build_prompt(question: str, sel: Selection, chat: bool, language: str):
    ev = sel.evidence
    if chat:
        text = render("answer_chat", evidence=fence(ev), question=question, language_rule=LANGUAGE_RULES.get(language, ""))
        return split_chat(text)
    return render("answer_completion", evidence=fence(ev), question=question)


def prompt_text(prompt) -> str:
    return prompt if isinstance(prompt, str) else "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in prompt)


def marker_options(ids: list[int]) -> list[str]:
    """The evidence markers a base model may write after an opening '[': an offered id, then ']'."""
    return [f"{i}]" for i in ids]


_MARKED = re.compile(r"([^\[\]；]+?)((?:\[\d+\])+)")


def parse_marked(raw: str) -> Reply:
    """A marker-style reply ('text[1]；text[2][3]') as claims."""
    import re

    claims = []
    for m in _MARKED.finditer(raw.split("\n")[0]):
        ids = [int(x) for x in re.findall(r"\d+", m.group(2))]
        claims.append({"text": m.group(1).strip(), "evidence": ids})
    return Reply.model_validate({"claims": claims})


def parse_reply(raw: str, marked: bool = False) -> Reply:
    """The model's reply as claims: JSON in the schema, or (base models) marker style."""
    raw = raw.strip()
    if marked:
        return parse_marked(raw)
    start = raw.find("{")
    if start < 0:
        raise ValueError("no JSON object in the reply")
    obj, _ = json.JSONDecoder(strict=False).raw_decode(raw[start:])
    return Reply.model_validate(obj)


def extractive_answer(sel: Selection, language: str, labels: dict[str, str] | None = None) -> tuple[str, list[Evidence]]:
    """The answer composed from the chosen clauses themselves, each followed by its marker;
    `labels` (report → '浙江省 2025年报告') name whose figure each clause is, when the question
    did not say or asked of several places."""
    used = []
    parts = []
    last = None
    needs = sel.intent.needs
    # Parts asking of different years ('2024年…多少？2025年目标是多少？'): each clause says its year.
    by_year = len({tuple(n.years) for n in needs}) > 1 and all(len(n.years) == 1 for n in needs)
    for ev in sel.chosen:
        used.append(ev)
        label = (labels or {}).get(ev.doc)
        lead = f"{label}：" if label and label != last else ""
        last = label or last
        need = needs[ev.need] if by_year and ev.need < len(needs) else None
        if need is not None and f"{need.years[0]}年" not in norm(ev.text):
            lead += f"{need.years[0]}年{'目标' if re.search(r'目标|预期|计划|力争', need.text) else ''}："
        # The clause as a reader reads it: a line break the page put inside it is not shown
        # (the citation keeps the file's characters).
        shown = re.sub(r"[^\S\n]*\n\s*", "", ev.text).strip()
        parts.append(f"{lead}{shown}[{len(used)}]")
    sep = "; " if language == "en" else "；"
    text = sep.join(parts)
    if language == "en":
        text = "According to the report: " + text
    return text, used


# A question that compares two figures: how much one exceeds the other, or which is larger.
_DIFFERENCE_Q = re.compile(r"比.{0,16}?[多少高低快慢大小]了?多少|相差|差距|高出|多出|how much (?:more|less|higher|lower)|difference", re.I)
_WHICH_Q = re.compile(r"谁|哪个|哪一个|更[高低多少大小快慢]|which|higher|larger|more", re.I)
_INEXACT = re.compile(r"^\s*(?:左右|以上|以下|以内|余|多)|(?:超|超过|近|约|突破)\s*$")


# What was added in the year ('新增地铁运营里程43公里'), beside the level it adds to.
_ADDED = re.compile(r"新增|新建|增加|新开通")


def _figures(text: str, keep_added: bool = True) -> list[tuple[float, str, str]]:
    """(amount, unit, figure as written) of each exact figure of a clause (not years, not
    '8%左右' or '超800家'); when a level is compared (`keep_added` false), not what was added.

    >>> [f[2] for f in _figures("新增地铁运营里程43公里、总里程达到879公里", keep_added=False)]
    ['879公里']
    """
    t = norm(text)
    out = []
    for m in NUMBER_RE.finditer(t):
        unit = (m.group(2) or "") + (m.group(4) or "")
        if not unit or is_year_at(t, m.start(1), m.end(1)):
            continue
        if _INEXACT.match(t[m.end():m.end() + 2]) or _INEXACT.search(t[max(0, m.start() - 2):m.start()]):
            continue
        if not keep_added and _ADDED.search(re.split(r"[，,；;。、]", t[:m.start()])[-1]):
            continue  # '新增地铁运营里程43公里、总里程达到879公里': the level is the other figure
        out.append((value_of(m.group(1), unit), unit, t[m.start():m.end()]))
    return out


def comparison_note(question: str, first: Evidence, second: Evidence, names: tuple[str, str]) -> str | None:
    """For a question comparing two figures, what the two cited clauses give when compared, computed
    here from the figures as written (growth against growth, amounts against amounts, same unit
    family): '据引文计算：重庆市比云南省多659.15亿元'. None when the question does not compare, or
    the clauses give no two comparable exact figures.

    >>> a = Evidence(1, "a", 0, 0, "全省完成地区生产总值31534亿元、增长3.3%", 1, (), None)
    >>> b = Evidence(2, "b", 0, 0, "地区生产总值达到32193.15亿元、增长5.7%", 1, (), None)
    >>> comparison_note("云南和重庆谁的地区生产总值更高？", a, b, ("云南省", "重庆市"))
    '据引文计算：重庆市比云南省多659.15亿元'
    >>> comparison_note("两地地区生产总值增速相差多少？", a, b, ("云南省", "重庆市"))
    '据引文计算：重庆市比云南省高2.4个百分点'
    """
    if not (_DIFFERENCE_Q.search(question) or _WHICH_Q.search(question)):
        return None
    growth = bool(re.search(r"增速|增长|增幅|growth|rate", question, re.I)) and not re.search(r"总量|规模", question)
    keep_added = growth or bool(_ADDED.search(question))
    fa, fb = _figures(first.text, keep_added), _figures(second.text, keep_added)
    for want_pct in ((True, False) if growth else (False, True)):
        pa = [f for f in fa if (unit_family(f[1]) == "percent") == want_pct]
        pb = [f for f in fb if (unit_family(f[1]) == "percent") == want_pct]
        pairs = [(x, y) for x in pa for y in pb if unit_family(x[1]) == unit_family(y[1]) and x[1][-1:] == y[1][-1:]]
        if len(pairs) > 1:
            return None  # several figures could be meant: no difference is computed from a guess
        pair = pairs[0] if pairs else None
        if pair:
            break
    else:
        return None
    (va, ua, _), (vb, ub, _) = pair
    hi, lo, (vh, uh), vl = (names[1], names[0], (vb, ub), va) if vb > va else (names[0], names[1], (va, ua), vb)
    if vh == vl:
        return f"据引文：{names[0]}与{names[1]}相同"
    if unit_family(uh) == "percent":
        d = f"{vh - vl:.2f}".rstrip("0").rstrip(".")
        return f"据引文计算：{hi}比{lo}高{d}个百分点"
    scale = next((p for p in ("万亿", "亿", "万") if uh.startswith(p)), "")
    d = f"{(vh - vl) / (value_of('1', scale) if scale else 1.0):.2f}".rstrip("0").rstrip(".")
    return f"据引文计算：{hi}比{lo}多{d}{uh}"


def claim_problems(text: str, cited: list[Evidence], question: str) -> list[str]:
    """Everything verification finds wrong with one claim against the passages it cites: its
    figures and years (check_claim), then its wording (check_wording)."""
    years = {y for e in cited if e.period for y in range(e.period[0], e.period[1] + 1)}
    spans = [e.text for e in cited]
    return check_claim(text, spans, years) or check_wording(text, spans, question)


def _same_span(a: Evidence, b: Evidence) -> bool:
    return a.doc == b.doc and a.start == b.start and a.end == b.end


def coverage(docs: dict, limit: int = 12) -> str:
    """What an index covers, for a refusal: '浙江省 (2025年报告, 2024年), 綦江区 (2019年报告, 2018年)'."""
    seen: dict[str, list[str]] = {}
    for d in sorted(docs.values(), key=lambda d: (d.metadata.get("place") or "", d.metadata.get("report_year") or 0)):
        m = d.metadata
        label = f"{m['report_year']}年报告" if m.get("report_year") else d.name
        seen.setdefault(m.get("place") or d.name, []).append(label)
    parts = [f"{p} ({', '.join(v)})" for p, v in list(seen.items())[:limit]]
    more = len(seen) - limit
    return "、".join(parts) + (f" and {more} more" if more > 0 else "") if parts else "nothing"


# What was achieved, not planned: '实际增长了多少', '完成了', 'did … reach'.
_RESULT_ASKED = re.compile(r"实际|(?:完成|实现|达到|增长|下降|提高|取得)了|\b(?:was|were|did)\b", re.I)
_PLAN_ASKED = re.compile(r"目标|预期|计划|任务|力争|安排|将|拟|要|target|plan|goal|aim|expect|will", re.I)


def _result_too_late(q, metas: list[dict]) -> str | None:
    """Why the reports cannot state a result of the one year asked, or None. A report is given at
    the start of its year: it states results of the years before and plans for its own year and
    after; a result of its own year or later is in none of them, whatever targets they set.

    >>> from types import SimpleNamespace as NS
    >>> _result_too_late(NS(text="湖北2026年地区生产总值实际增长了多少？", years=[2026]), [{"place": "湖北省", "report_year": 2025}])
    '湖北省 2025年报告 states results up to 2024 and plans for 2025 on; it cannot state what was achieved in 2026'
    >>> _result_too_late(NS(text="湖北2026年地区生产总值目标是多少？", years=[2026]), [{"place": "湖北省", "report_year": 2025}]) is None
    True
    """
    if len(q.years) != 1 or not metas:
        return None
    # The part of the question that names the year asks what was achieved ('去年…完成了多少？2025年的任务
    # 又是多少？' asks a plan of 2025).
    part = next((p for p in re.split(r"(?<=[？?；;。])", q.text) if str(q.years[0]) in p), q.text)
    if not _RESULT_ASKED.search(part) or _PLAN_ASKED.search(part):
        return None
    if any(not m.get("report_year") for m in metas):
        return None
    year = q.years[0]
    if any(m["report_year"] > year for m in metas):
        return None
    latest = max(metas, key=lambda m: m["report_year"])
    return (f"{latest.get('place') or ''} {latest['report_year']}年报告 states results up to {latest['report_year'] - 1} and plans "
            f"for {latest['report_year']} on; it cannot state what was achieved in {year}").strip()


def _share_said(source: str, written: str) -> float:
    """How much of a passage's wording (its character pairs) an answer repeats.

    >>> round(_share_said("甲消费带，乙消费带和丙消费带", "甲消费带"), 2)
    0.33
    """
    a, b = norm(source), norm(written)
    pairs = {a[i:i + 2] for i in range(len(a) - 1)}
    return len({p for p in pairs if p in b}) / len(pairs) if pairs else 1.0


class CitationRecord(BaseModel):
    """One cited span of an answer record: `text == source[start:end]` of the file `doc`."""

    model_config = {"extra": "allow"}  # page, paragraph, extractor, text_sha256 where the format has them
    id: int
    doc: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    text: str
    sha256: str


class AnswerRecord(BaseModel):
    """The answer record of shared/eval/README.md; `qa ask --json` prints its dump."""

    model_config = {"extra": "allow"}  # language, reason, searched, stale, model, partial, timings, error
    question: str
    status: str = Field(pattern="^(answered|not_found)$")
    answer: str
    mode: str | None = Field(default=None, pattern="^(generative|extractive)$")
    citations: list[CitationRecord]

    def record(self) -> dict:
        """The JSON record: every field the answer was given, none invented."""
        return self.model_dump(exclude_unset=True)


def answer_record(rec: dict) -> dict:
    """An answer record checked against its model (a wrong field is a bug, never output)."""
    return AnswerRecord.model_validate(rec).record()


@dataclass
class Draft:
    """What the model wrote for one question and what verification made of it."""

    raw: str | None  # the model's reply as written (None when it was not asked)
    text: str | None = None  # the answer, when every claim passed verification
    cited: list[Evidence] = field(default_factory=list)
    rejected_because: str | None = None

    @property
    def accepted(self) -> bool:
        return self.text is not None


class Answerer:
    """Answers questions over one session's index, with an optional language model."""

    def __init__(self, session, llm=None, k: int = 8, max_tokens: int = 160):
        self.session = session
        self.llm = llm
        self.k = k
        self.max_tokens = max_tokens
        self._texts: dict[str, tuple[str | None, str]] = {}
        self.on_draft: Callable[[str], None] | None = None  # receives the model's unverified text as it streams

    def _source(self, name: str) -> tuple[str | None, str]:
        if name not in self._texts:
            self._texts[name] = self.session.searcher.index.source_text(name)
        return self._texts[name]

    def prepare(self, question: str) -> tuple[dict, Selection | None, list]:
        """Retrieve and select evidence; returns (partial record, selection, hits)."""
        searcher = self.session.searcher
        res = searcher.search(question, k=self.k)
        texts, stale = {}, {}
        for h in res.hits:
            text, state = self._source(h.chunk.doc)
            if text is None:
                stale[h.chunk.doc] = state
            else:
                texts[h.chunk.doc] = text
        rec = {"question": question, "status": "not_found", "answer": "", "mode": None, "citations": [],
               "language": res.query.language}
        if stale:
            rec["stale"] = [{"doc": d, "state": s} for d, s in sorted(stale.items())]
        uncovered = self._uncovered(res.query)
        if uncovered:
            rec["reason"] = uncovered
            rec["searched"] = []
            return rec, None, res.hits
        if pattern_of(question):
            # Items named by their pattern ('哪三个“向……而行”') are looked for in every report asked about.
            for name, doc in searcher.index.docs.items():
                if name not in texts and (not res.query.places or doc.metadata.get("place") in res.query.places):
                    text, _ = self._source(name)
                    if text is not None:
                        texts[name] = text
        def retrieve(need, k: int = 4):
            from dataclasses import replace

            sub = searcher.search(question, k=k, query=replace(
                res.query, years=need.years or res.query.years, places=need.districts or res.query.places,
                report_years=[need.report_year] if need.report_year is not None else res.query.report_years))
            for h in sub.hits:
                if h.chunk.doc not in texts:
                    t, _ = self._source(h.chunk.doc)
                    if t is not None:
                        texts[h.chunk.doc] = t
            return sub.hits

        sel = select_evidence(question, res.query, res.hits, searcher.index.docs, texts, searcher.index.lexical.idf, retrieve=retrieve)
        if not sel.chosen and res.query.within:
            sel.reason = (f"no indexed report is of {'、'.join(res.query.within)}, and no passage that names it answers; "
                          f"the index holds reports of {coverage(searcher.index.docs)}")
        rec["searched"] = [self._passage(h) for h in res.hits[:3]]
        return rec, sel, res.hits

    def _comparison(self, question: str, sel: Selection, used: list[Evidence]) -> str | None:
        """The comparison of the two figures a two-part question asked to compare, marked as
        computed from the cited clauses, with the markers of the two clauses it rests on."""
        if len(sel.per_need) != 2 or not all(sel.per_need) or _same_span(sel.per_need[0], sel.per_need[1]):
            return None
        a, b = sel.per_need
        docs = self.session.searcher.index.docs
        if a.doc != b.doc:
            names = tuple(docs[e.doc].metadata.get("place") or e.doc for e in (a, b))
        else:
            years = [n.years[0] if n.years else None for n in sel.intent.needs]
            if None in years or years[0] == years[1]:
                return None
            names = tuple(f"{y}年" for y in years)
        note = comparison_note(question, a, b, names)
        if not note:
            return None
        ids = [next((i for i, e in enumerate(used, 1) if _same_span(e, x)), None) for x in (a, b)]
        return note + ("".join(f"[{i}]" for i in ids if i) if all(ids) else "")

    def _labels(self, sel: Selection) -> dict[str, str] | None:
        """Report → the place and report year an answer names for it: when the question named no
        place, or several, a reader must see whose figure each clause is."""
        asked = sel.intent.places
        if len(asked) == 1:
            return None
        docs = self.session.searcher.index.docs
        out = {}
        for ev in sel.chosen:
            m = docs[ev.doc].metadata
            if m.get("place"):
                out[ev.doc] = m["place"] + (f" {m['report_year']}年报告" if m.get("report_year") else "")
        return out

    def _uncovered(self, q) -> str | None:
        """Why no indexed report can answer for the place and year asked, or None. The reason
        names what the index does cover, so the user knows what to ask or to index."""
        docs = self.session.searcher.index.docs
        known = len(q.expansion.split())
        if q.language == "en" and len(q.unglossed) >= 2 and len(q.unglossed) > known:
            # Most of what an English question asks is in words qa cannot put into the reports' Chinese.
            return (f"qa cannot read '{', '.join(q.unglossed)}' in the reports' Chinese (its English glossary is "
                    f"qa/data/question_en.tsv); ask in Chinese, or with the report's own words")
        if q.absent_places and (not q.places or q.narrower_absent):
            return f"no indexed report covers {'、'.join(q.absent_places)}; the index holds reports of {coverage(docs)}"
        mine = [d.metadata for d in docs.values() if not q.places or d.metadata.get("place") in q.places]
        late = _result_too_late(q, mine)
        if late:
            return late
        if q.places and q.years:
            spans = [(m.get("review_year") or m["report_year"] - 1, m.get("report_year") or m["review_year"] + 1)
                     for m in mine if m.get("report_year") or m.get("review_year")]
            # A report speaks of its year under review and the year it plans for, and looks back
            # and ahead five years; a year outside all of that is not in any report of the place.
            if spans and not any(rev - 4 <= y <= rep + 5 for y in q.years for rev, rep in spans):
                return (f"no indexed report of {'、'.join(q.places)} covers {'/'.join(map(str, q.years))}; "
                        f"the index holds {coverage({n: d for n, d in docs.items() if d.metadata.get('place') in q.places})}")
        return None

    def _passage(self, hit) -> dict:
        c = hit.chunk
        return {"doc": c.doc, "line": c.line, "start": c.start, "end": c.end, "text": c.text[:160]}

    def _citation(self, n: int, ev: Evidence) -> dict:
        info = self.session.searcher.index.docs[ev.doc]
        return {"id": n, "doc": ev.doc, "start": ev.start, "end": ev.end, "line": ev.line, "text": ev.text,
                "sha256": info.sha256, "path": info.path}

    def ask(self, question: str) -> dict:
        from .query import clean_question, has_words

        t0 = time.perf_counter()
        question = clean_question(question)
        if not question:
            raise QAError("the question is empty; type a question in quotes.")
        if not has_words(question):
            return answer_record({"question": question, "status": "not_found", "answer": "", "mode": None, "citations": [],
                                  "reason": "the question has no words to search for", "searched": [], "timings": {"total": time.perf_counter() - t0}})
        rec, sel, _ = self.prepare(question)
        t1 = time.perf_counter()
        timings = {"retrieve": t1 - t0, "generate": 0.0, "verify": 0.0}
        if sel is None or not sel.chosen:
            rec["reason"] = rec.get("reason") or (sel.reason if sel else "nothing relevant was found")
            timings["total"] = time.perf_counter() - t0
            rec["timings"] = timings
            return answer_record(rec)
        if self.llm is not None:
            draft = self._generate(question, sel, timings)
            rec["model"] = {"tried": True, "accepted": draft.accepted, "draft": draft.raw, "rejected_because": draft.rejected_because}
            if draft.accepted:
                rec.update(status="answered", answer=draft.text, mode="generative",
                           citations=[self._citation(i, e) for i, e in enumerate(draft.cited, 1)])
                timings["total"] = time.perf_counter() - t0
                rec["timings"] = timings
                return answer_record(rec)
        text, used = extractive_answer(sel, rec["language"], self._labels(sel))
        note = self._comparison(question, sel, used)
        if note:
            text += ("；" if rec["language"] != "en" else "; ") + note
            rec["computed"] = note
        rec.update(status="answered", answer=text, mode="extractive", citations=[self._citation(i, e) for i, e in enumerate(used, 1)])
        if any(p is None for p in sel.per_need):
            rec["partial"] = sel.reason
        timings["total"] = time.perf_counter() - t0
        rec["timings"] = timings
        return answer_record(rec)

    def _generate(self, question: str, sel: Selection, timings: dict) -> "Draft":
        """Ask the model; its draft, verified (accepted, with its text and citations) or rejected
        (with the reason), so that the caller falls back to the quotation."""
        evidence = list(sel.evidence)
        prompt = build_prompt(question, Selection(sel.intent, evidence, sel.chosen), self.llm.chat, sel.intent.language)
        # Keep the prompt inside the context: drop the weakest passages until it fits.
        while evidence and self.llm.count_tokens(prompt_text(prompt)) > self.llm.n_ctx - max(self.max_tokens, _ANSWER_FLOOR):
            evidence = evidence[:-1]
            prompt = build_prompt(question, Selection(sel.intent, evidence, sel.chosen), self.llm.chat, sel.intent.language)
        if not evidence:
            return Draft(None, rejected_because="no passage fits in the model's context")
        t = time.perf_counter()
        ids = [e.id for e in evidence]
        try:
            if self.llm.chat:
                raw = self.llm.complete(prompt, schema=reply_schema(ids), max_tokens=self.max_tokens, stream=self.on_draft)
            else:
                # A base model writes one claim freely up to its marker, then a constrained choice
                # lets it name only an offered passage. (Constraining every token of the claim over
                # a 262k-word vocabulary costs more than the answer itself on two cores.)
                text = self.llm.complete(prompt, max_tokens=min(self.max_tokens, 64), stop=["[", "\n", "<<<"], stream=self.on_draft)
                raw = text
                hopeless = self._hopeless(text, sel, question)
                if hopeless:
                    # Asking which passage it cites cannot save this draft: reject it now.
                    return Draft(raw, rejected_because=hopeless)
                if text.strip():
                    mark = self.llm.choose(prompt + text + "[", marker_options(ids))
                    raw = text + "[" + mark
        finally:
            timings["generate"] = time.perf_counter() - t
        t = time.perf_counter()
        try:
            return self._accept(raw, evidence, sel, question)
        finally:
            timings["verify"] = time.perf_counter() - t

    def _wrong_place(self, cited: list[Evidence], sel: Selection) -> str | None:
        """Why cited passages cannot answer for the place asked, or None: a claim about one place
        never stands on another place's report, however exactly it quotes it."""
        asked = sel.intent.places
        if not asked:
            return None
        docs = self.session.searcher.index.docs
        for e in cited:
            place = docs[e.doc].metadata.get("place")
            if place not in asked:
                return f"it cites a report of {place or e.doc}, not of {'、'.join(sorted(asked))}"
        return None

    @staticmethod
    def _hopeless(text: str, sel: Selection, question: str) -> str | None:
        """Why a base model's one-claim draft must fail whichever passage it then cites, or None.
        Such a draft cites one passage; it has to be the one the selection chose, and to stand on it."""
        if not text.strip():
            return None
        if len(sel.chosen) != 1:
            return f"a one-claim draft cannot cite the {len(sel.chosen)} passages that answer the question"
        problems = claim_problems(text, sel.chosen, question)
        return "; ".join(problems) if problems else None

    def _accept(self, raw: str, evidence: list[Evidence], sel: Selection, question: str = "") -> "Draft":
        def reject(why: str) -> Draft:
            return Draft(raw, rejected_because=why)

        try:
            reply = parse_reply(raw, marked=not self.llm.chat)
        except (ValueError, ValidationError) as exc:
            return reject(f"the reply is not in the required form ({str(exc).splitlines()[0][:80]})")
        if not reply.claims:
            return reject("the model wrote no claim")
        by_id = {e.id: e for e in evidence}
        cited_order: list[Evidence] = []
        parts = []
        for claim in reply.claims:
            if any(i not in by_id for i in claim.evidence):
                return reject("a claim cites a passage that was not offered")
            cited = [by_id[i] for i in dict.fromkeys(claim.evidence)]
            wrong = self._wrong_place(cited, sel)
            if wrong:
                return reject(wrong)
            problems = claim_problems(claim.text, cited, question)
            if problems:
                return reject("; ".join(problems))
            marks = []
            for e in cited:
                if e not in cited_order:
                    cited_order.append(e)
                marks.append(f"[{cited_order.index(e) + 1}]")
            parts.append(claim.text.strip() + "".join(marks))
        # The model's answer must carry every figure of the evidence selection's answer: a
        # verified sentence that leaves out what was asked is not better than the quotation.
        from .verify import figures

        written = {f for p in parts for f, _ in figures(p)}
        needed = {f for e in sel.chosen for f, _ in figures(e.text)}
        missing = [e for e in sel.chosen if not any(_same_span(e, c) for c in cited_order)]
        if missing:
            return reject(f"it does not cite {len(missing)} of the passages that answer the question")
        if not needed <= written:
            return reject("it leaves out figures the evidence gives: " + ", ".join(sorted(needed - written)))
        if sel.intent.kind == "list":
            # A list answer names every item the quotation names: '…核心消费带' alone is a third of three.
            short = [e for e in sel.chosen if _share_said(e.text, "".join(parts)) < 0.7]
            if short:
                return reject(f"it leaves out items of {len(short)} of the passages that answer the question")
        sep = "; " if sel.intent.language == "en" else "；"
        return Draft(raw, sep.join(parts), cited_order)
