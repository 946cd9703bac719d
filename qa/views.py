"""Views across reports, built from facts: an indicator table, a trend over years for one place,
and the targets a report set beside the outcomes the next year's report gives.

Every cell shown holds a fact that was checked against its report just before (check_fact): the
span slices exactly, the figure stands in it, and the span comes from the row's own report. A
cell that fails is shown empty with its problem, never with the figure.

Verdict of a target against its outcome (verdict()):
  * the two must be of one kind and unit: a growth target ('增长8%左右') against the growth the
    next report gives, a level ('44.5亿元左右') against a level in the same unit family (amounts
    are compared after 万/亿 scaling); anything else is "not comparable", and so is a target whose
    indicator the next report does not give;
  * '以内', '以下', '低于', '不超过' or '控制在' make the target a ceiling: met when the outcome is at
    or below it, else not met;
  * a fall ('下降2.5%') is met when the outcome falls at least as much;
  * otherwise the target is a floor (a range's lower end): met when the outcome is at or above it;
    below it, a target said to be approximate ('左右') is "close, below" when the shortfall is at
    most 0.5 percentage point (for rates) or 5% of the target (for levels), else not met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import QAError
from .facts import Fact, check_fact, extract_facts, glossary, indicator_key, place_of, preference
from .figures import NUMBER_RE, english_figure, unit_family, value_of
from .textnorm import norm

# --- reports -------------------------------------------------------------------------------------


@dataclass
class Report:
    name: str
    text: str
    sha256: str
    metadata: dict
    _facts: list[Fact] | None = field(default=None, repr=False)

    @property
    def place(self) -> str | None:
        return place_of(self.metadata)

    @property
    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = extract_facts(self.name, self.text, self.metadata)
        return self._facts


def reports_from_index(index) -> tuple[list[Report], list[str]]:
    """The indexed reports as they are on disk now, and a warning for each one that changed or
    went missing since it was indexed (its offsets may no longer hold, so it is left out)."""
    out, warnings = [], []
    for name in sorted(index.docs):
        text, state = index.source_text(name)
        if text is None:
            warnings.append(f"{name} is {state} since it was indexed; left out. Run 'qa index' again.")
            continue
        info = index.docs[name]
        out.append(Report(name, text, info.sha256, dict(info.metadata)))
    return out, warnings


def reports_from_paths(paths: list[Path]) -> tuple[list[Report], list[str]]:
    """Report files read as they are (not indexed); citations name them as 'qa index' would."""
    from .documents import discover, read_document
    from .errors import DocumentError

    found = discover(paths)
    out, warnings = [], list(found.skipped)
    for path, name in found.files:
        try:
            doc = read_document(path, name)
        except DocumentError as exc:
            warnings.append(str(exc))
            continue
        out.append(Report(name, doc.text, doc.sha256, dict(doc.metadata)))
    return out, warnings


def _short(place: str) -> str:
    for suffix in ("维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "省", "市", "区", "县"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def place_matches(report: Report, wanted: str) -> bool:
    """'浙江', '浙江省' and 'Qijiang'-free Chinese short names match a report of that place.

    >>> place_matches(Report("a", "", "", {"place": "广西壮族自治区"}), "广西")
    True
    """
    w = norm(wanted)
    names = {norm(n) for n in (report.metadata.get("place"), report.metadata.get("place_short"), report.metadata.get("district"),
                               report.metadata.get("city")) if n}
    return any(w == n or w == _short(n) or _short(w) == _short(n) for n in names)


def select(reports: list[Report], places: list[str] | None) -> list[Report]:
    if not places:
        return reports
    return [r for r in reports if any(place_matches(r, p) for p in places)]


# --- indicators ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def asked_indicator(indicator: str) -> tuple[str, str | None]:
    """(indicator key, kind it implies) of what a user typed: Chinese, an English glossary name,
    or a name ending in '目标' (a target).

    >>> asked_indicator("GDP"), asked_indicator("全区生产总值"), asked_indicator("地区生产总值增长目标")
    (('地区生产总值', None), ('地区生产总值', None), ('地区生产总值', 'target'))
    >>> asked_indicator("retail sales of consumer goods")
    ('社会消费品零售总额', None)
    """
    text = indicator.strip()
    if not text:
        raise QAError("the indicator is empty; name one, e.g. qa table 地区生产总值")
    kind = None
    m = re.search(r"(?:增长|预期)?目标$", text)
    if m and m.start() >= 2:
        text, kind = text[: m.start()], "target"
    low = text.lower()
    for zh, en in glossary().items():
        if low == en.lower():
            return zh, kind
    return indicator_key(text), kind


def english_name(key: str) -> str:
    return glossary().get(key, key)


def pick_fact(facts: list[Fact], key: str, kind: str) -> Fact | None:
    """The fact a table cell shows for one report: of the indicator and kind asked, a target of the
    main-targets paragraph before one elsewhere in the plan, then the one giving both value and
    change, then the first in the text."""
    cands = [f for f in facts if f.key == key and f.kind == kind]
    if not cands:
        return None
    return min(cands, key=lambda f: preference(f.start, f.value, f.change, main=f.main))


# --- rows ------------------------------------------------------------------------------------------


@dataclass
class Row:
    doc: str
    place: str | None
    report_year: int | None
    kind: str
    period: str
    fact: Fact | None
    status: str  # verified / not reported / failed verification
    problems: list[str] = field(default_factory=list)

    def citation(self) -> dict | None:
        f = self.fact
        if f is None or self.status != "verified":
            return None
        return {"file": self.doc, "line": f.line, "start": f.start, "end": f.end, "text": f.text}

    def record(self, lang: str = "zh") -> dict:
        """The row as one flat record (what csv, xlsx and json write)."""
        f = self.fact if self.status == "verified" else None
        rec = {"place": self.place, "report_year": self.report_year, "kind": self.kind, "period": self.period,
               "indicator": f.indicator if f else None, "value": f.value if f else None, "unit": f.unit if f else None,
               "change": f.change if f else None, "status": self.status}
        if lang == "en":
            rec["indicator_en"] = english_name(f.key) if f else None
            for part in ("value", "change"):
                en = english_figure(rec[part]) if rec[part] else None
                # Only a conversion that checked out is shown; the original stays beside it.
                rec[part + "_en"] = en[0] if en and en[1] else None
        c = self.citation()
        rec.update({"file": self.doc, "line": c["line"] if c else None, "start": c["start"] if c else None,
                    "end": c["end"] if c else None, "quote": c["text"] if c else None})
        if self.problems:
            rec["problems"] = "; ".join(self.problems)
        return rec


def _row(report: Report, key: str, kind: str) -> Row:
    meta = report.metadata
    fact = pick_fact(report.facts, key, kind)
    rep = meta.get("report_year")
    rev = meta.get("review_year") or (rep - 1 if rep else None)
    if fact is None:
        period = str(rep or "") if kind == "target" else (f"{rev - 4}-{rev}" if kind == "five-year" and rev else str(rev or ""))
        return Row(report.name, report.place, rep, kind, period, None, "not reported")
    problems = check_fact(fact, report.name, report.text)
    return Row(report.name, report.place, rep, kind, fact.period, fact, "failed verification" if problems else "verified", problems)


def _year_of(row: Row) -> int | None:
    m = re.search(r"(\d{4})$", row.period or "")
    return int(m.group(1)) if m else None


@dataclass
class Table:
    asked: str
    key: str
    kinds: list[str]
    rows: list[Row]

    @property
    def verified(self) -> int:
        return sum(1 for r in self.rows if r.status == "verified")


def build_table(reports: list[Report], indicator: str, places: list[str] | None = None, years: list[int] | None = None,
                kinds: list[str] | None = None) -> Table:
    """One row per report and kind (result / target / five-year) for one indicator. `years`
    keeps rows whose figure speaks of one of those years (a result of the year under review, a
    target for the coming year)."""
    key, implied = asked_indicator(indicator)
    kinds = list(kinds or [implied or "result"])
    chosen = select(reports, places)
    if places and not chosen:
        raise QAError(f"no report of {'、'.join(places)} is among the {len(reports)} reports; 'qa index PATH' adds reports.")
    rows = [_row(r, key, k) for r in chosen for k in kinds]
    if years:
        rows = [r for r in rows if _year_of(r) in years]
    rows.sort(key=lambda r: (r.place or "~", _year_of(r) or 0, r.doc, kinds.index(r.kind)))
    return Table(indicator, key, kinds, rows)


# --- trend -------------------------------------------------------------------------------------------


@dataclass
class Step:
    from_year: int
    to_year: int
    growth_pct: float  # computed from the two cited values, not quoted
    per_year_pct: float  # the same as a compound yearly rate, when the years are apart
    reported_change: str | None  # the change the later report gives, as written


@dataclass
class Trend:
    asked: str
    key: str
    place: str
    rows: list[Row]
    steps: list[Step]

    def points(self) -> list[tuple[int, float, str]]:
        """(year, amount in the first value's unit, unit) of rows with a verified value."""
        pts = []
        unit = None
        for r in self.rows:
            if r.status != "verified" or not r.fact.value:
                continue
            num, u = _amount(r.fact.value)
            if num is None:
                continue
            unit = unit or u
            if unit_family(u) != unit_family(unit):
                continue
            pts.append((_year_of(r), value_of(num, u) / value_of("1", unit), unit))
        return pts


def _amount(figure: str) -> tuple[str | None, str | None]:
    m = NUMBER_RE.search(norm(figure))
    if not m:
        return None, None
    return m.group(1), ((m.group(2) or "") + (m.group(4) or "")) or None


def build_trend(reports: list[Report], indicator: str, place: str) -> Trend:
    """The indicator over the years for one place: one row per year under review (the report
    reviewing that year), and the growth between consecutive cited values, computed."""
    key, _ = asked_indicator(indicator)
    chosen = select(reports, [place])
    if not chosen:
        raise QAError(f"no report of {place} is among the {len(reports)} reports; 'qa index PATH' adds reports of it.")
    by_year: dict[int | None, Row] = {}
    for r in sorted(chosen, key=lambda r: r.name):
        row = _row(r, key, "result")
        y = _year_of(row)
        if y not in by_year or (by_year[y].status != "verified" and row.status == "verified"):
            by_year[y] = row
    rows = [by_year[y] for y in sorted(by_year, key=lambda y: y or 0)]
    steps = []
    prev = None
    for row in rows:
        if row.status != "verified" or not row.fact.value:
            continue
        num, unit = _amount(row.fact.value)
        if num is None:
            continue
        if prev is not None and unit_family(prev[2]) == unit_family(unit) and prev[1] > 0:
            v = value_of(num, unit)
            y0, y1 = prev[0], _year_of(row)
            n = max(1, (y1 or 0) - (y0 or 0))
            steps.append(Step(y0, y1, round((v / prev[1] - 1) * 100, 1), round(((v / prev[1]) ** (1 / n) - 1) * 100, 1), row.fact.change))
        prev = (_year_of(row), value_of(num, unit), unit)
    return Trend(indicator, key, place, rows, steps)


# --- targets against outcomes -----------------------------------------------------------------------

_UP = "增长|增加|提高|提升|上升|扩大|达到|达"
_DOWN = "下降|减少|降低|回落|缩小"
_CEILING = re.compile(r"以内|以下|低于|不超过|不高于|控制在")
_FLOOR_WORDS = re.compile(r"以上|不低于|超过")


@dataclass
class Figure:
    kind: str  # change / level
    number: float  # signed for changes (a fall is negative), in base units for levels
    family: str | None
    about: bool
    ceiling: bool
    low: float | None = None  # a range's lower end


def read_figure(fact: Fact, prefer: str | None = None) -> Figure | None:
    """The comparable reading of a fact: its change when it gives only a change (or when a
    change is asked for), else its value.

    >>> f = extract_facts("a", "主要预期目标是：地区生产总值增长8%左右。", {"report_year": 2019})[0]
    >>> read_figure(f)
    Figure(kind='change', number=8.0, family='percent', about=True, ceiling=False, low=None)
    """
    kind = prefer or ("change" if fact.change and not fact.value else "level")
    text = fact.change if kind == "change" else fact.value
    if not text:
        return None
    t = norm(text)
    m = NUMBER_RE.search(t)
    if not m:
        return None
    unit = ((m.group(2) or "") + (m.group(4) or "")) or None
    around = norm(fact.indicator) + t
    if kind == "change":
        sign = -1.0 if re.search(_DOWN, t[:m.start()]) else 1.0
        number = sign * float(m.group(1))
    else:
        number = value_of(m.group(1), unit)
    low = None
    rng = re.match(r"[—–\-~～至到](\d+(?:\.\d+)?)", t[m.end():])
    if rng and kind == "change":
        low = number
    return Figure(kind, number, unit_family(unit), "左右" in t or "约" in around, bool(_CEILING.search(around)), low)


def verdict(target: Fact, outcome: Fact | None) -> tuple[str, str]:
    """(verdict, why) for a target and the outcome the next year's report gives; the rule is the
    module's docstring.

    >>> t = extract_facts("a", "主要预期目标是：地区生产总值增长8%左右。", {"report_year": 2019})[0]
    >>> o = extract_facts("b", "一、2019年工作回顾\\n地区生产总值增长7.9%。", {"report_year": 2020, "review_year": 2019})[0]
    >>> verdict(t, o)
    ('close, below', 'outcome 7.9% is 0.1 point below the target 8% (about): within 0.5 points')
    """
    if outcome is None:
        return "not comparable", "the next year's report gives no figure for this indicator"
    tf = read_figure(target)
    if tf is None:
        return "not comparable", "the target has no figure to compare"
    of = read_figure(outcome, prefer=tf.kind)
    if of is None:
        other = "a level" if tf.kind == "change" else "a change"
        return "not comparable", f"the target is {'a growth rate' if tf.kind == 'change' else 'a level'}; the outcome gives only {other}"
    if tf.family != of.family:
        return "not comparable", f"units differ ({tf.family or 'none'} vs {of.family or 'none'})"
    pct = tf.family == "percent"
    unit = " point" if pct else ""

    def show(x: float, f: Figure) -> str:
        return f"{x:g}%" if pct else f"{x:,.6g}"

    t, o = tf.number, of.number
    if tf.ceiling:
        ok = o <= t
        return ("met" if ok else "not met"), f"ceiling {show(t, tf)}: outcome {show(o, of)} is {'within' if ok else 'above'} it"
    if tf.kind == "change" and t < 0:
        ok = o <= t
        return ("met" if ok else "not met"), f"a fall of {show(-t, tf)} was set; the outcome {'fell' if o < 0 else 'changed'} {show(abs(o), of)}"
    floor = tf.low if tf.low is not None else t
    if o >= floor:
        return "met", f"outcome {show(o, of)} is at or above the target {show(floor, tf)}"
    gap = floor - o
    tolerance = 0.5 if pct else 0.05 * abs(floor)
    if tf.about and gap <= tolerance + 1e-9:
        return "close, below", f"outcome {show(o, of)} is {gap:.2g}{unit} below the target {show(floor, tf)} (about): within {tolerance:g}{unit + 's' if pct else ''}"
    return "not met", f"outcome {show(o, of)} is {gap:.2g}{unit}{'s' if pct and gap != 1 else ''} below the target {show(floor, tf)}" + (" (about), more than 0.5 point" if tf.about and pct else "")


@dataclass
class TargetLine:
    key: str
    target: Row
    outcome: Row | None
    verdict: str
    why: str


@dataclass
class TargetsView:
    place: str
    year: int
    target_report: str
    outcome_report: str | None
    lines: list[TargetLine]


def build_targets(reports: list[Report], place: str, year: int) -> TargetsView:
    """The main targets the report of `place` set for `year`, each beside the outcome the report
    reviewing `year` gives, both cited and checked, with a verdict computed by verdict()."""
    chosen = select(reports, [place])
    if not chosen:
        raise QAError(f"no report of {place} is among the {len(reports)} reports; 'qa index PATH' adds reports of it.")
    setting = [r for r in chosen if r.metadata.get("report_year") == year]
    if not setting:
        have = sorted({r.metadata.get("report_year") for r in chosen if r.metadata.get("report_year")})
        raise QAError(f"no report of {place} sets targets for {year} (its reports are of {', '.join(map(str, have)) or 'unknown years'}).")
    target_report = sorted(setting, key=lambda r: r.name)[0]
    reviewing = [r for r in chosen if (r.metadata.get("review_year") or 0) == year and r is not target_report]
    outcome_report = sorted(reviewing, key=lambda r: r.name)[0] if reviewing else None
    lines = []
    for f in target_report.facts:
        if f.kind != "target" or not f.main:
            continue
        problems = check_fact(f, target_report.name, target_report.text)
        trow = Row(target_report.name, target_report.place, year, "target", f.period, f,
                   "failed verification" if problems else "verified", problems)
        if problems:
            continue
        orow = _row(outcome_report, f.key, "result") if outcome_report else None
        if orow is None:
            v, why = "not comparable", f"no report of {place} reviews {year}"
        elif orow.status != "verified":
            v, why = verdict(f, None)
        else:
            v, why = verdict(f, orow.fact)
        lines.append(TargetLine(f.key, trow, orow, v, why))
    return TargetsView(place, year, target_report.name, outcome_report.name if outcome_report else None, lines)


def open_reports(index_dir: str | Path | None = None, sources: list[Path] | None = None) -> tuple[list[Report], list[str]]:
    """The reports a view reads: report files given as sources (read as they are), else the
    index's reports; plus warnings (files skipped, reports changed since indexing)."""
    if sources:
        return reports_from_paths(list(sources))
    from . import paths
    from .store import exists, load_index

    folder = paths.index_dir(index_dir)
    if not exists(folder):
        raise QAError(f"no index in {folder}; run 'qa index PATH ...' first, or pass --from PATH to read report files directly.")
    return reports_from_index(load_index(folder))
