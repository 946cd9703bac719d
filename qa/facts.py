"""Facts: the figures a report states, each with its indicator, kind, period, place and span.

One extractor reads every report the same way, so the table, trend and targets views (and any
later view) never disagree. A fact is a clause of the report: the indicator phrase as written
('全省地区生产总值'), its value ('31534亿元') and change ('增长3.3%') as written, whether it is a
result of the year under review, a target for the coming year or a five-year figure, and the
exact span that states it (text[start:end]).

Kinds are decided by where the clause stands, not by a model:
  * target     the '主要预期目标是：…' paragraph (main=True), or anywhere in the plan sections
               for the coming year (main=False);
  * five-year  in the review, a sentence or paragraph that speaks in five-year terms (年均, 五年来,
               十四五 …) without naming the year under review;
  * result     any other figure of the review (and of the opening before it).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .chunking import line_of, split_sentences
from .evidence import is_steering
from .figures import ANNUAL_GROWTH, CHANGE_RE, CHANGE_VERB, MULTI_YEAR_RE, NUMBER_RE, YEAR, is_year_at, years_in
from .structure import layout
from .textnorm import norm

KINDS = ("result", "target", "five-year")


@dataclass(frozen=True)
class Fact:
    doc: str
    indicator: str  # the indicator phrase as the report writes it
    key: str  # what the indicator is, for matching ('全区生产总值' and 'GDP' → '地区生产总值')
    value: str | None  # '190亿元' as written; None when only a change is given
    unit: str | None  # '亿元', '%', '万人' …: the unit of the value, else of the change
    change: str | None  # '比上年增长8%左右' as written; None when only a value is given
    kind: str  # result / target / five-year
    period: str  # '2017', '2013-2017'
    year: int | None  # the year the figure speaks of (the last year of a five-year period)
    place: str | None
    start: int
    end: int
    line: int
    text: str  # text[start:end], what the citation quotes
    main: bool = False  # a target of the report's '主要预期目标' paragraph
    target: str | None = None  # a target as written ('增长8%左右', '完成市级下达任务'); None for results

    def to_dict(self) -> dict:
        return asdict(self)


# --- figures of a sentence ---------------------------------------------------------------------------------

_CHANGE_START = re.compile("^" + CHANGE_RE.pattern)
_LEAD = re.compile(r"^(?:——)?(?:[^，。；\d]{2,10}。)?(?:"+ YEAR + r"年[，,]?|据统计(?:（下同）)?[，,]?|预计全年|预计|全年|其中[，,]?|同时[，,]?|共|累计|实现|完成)*")
_NAME_TAIL = re.compile(r"(?:实现|完成|达到|达|突破|超过|为|是|约|近|共|累计|提升至|提升到|提高到|提高至|控制在|保持在|可|的|" + CHANGE_VERB[3:-1] + r")+$")
_QUALIFIER = re.compile(r"\s*(?:左右|以上|以内|以下|余|多)")  # used with match(pos): no ^
_SEG_SPLIT = re.compile(r"[，,；;、]")


def _segments(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Clauses of a sentence; '、' separates clauses only after a figure ('增长11%、利润增长30%'),
    not inside a list of names ('分配公租房、廉租房1.3万余套')."""
    out = []
    pos = s
    for m in _SEG_SPLIT.finditer(text, s, e):
        if m.group(0) == "、" and not re.search(r"\d", text[pos:m.start()]):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, e))
    return [(a, b) for a, b in out if b > a]


def _figure(text: str, s: int, e: int):
    """The first figure with a unit in text[s:e]: (start, end incl. qualifier, is_percent)."""
    for m in NUMBER_RE.finditer(text, s, e):
        unit = (m.group(2) or "") + (m.group(4) or "")
        if not unit:
            continue
        if unit in ("万", "亿") and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1] or " "):
            continue  # '30亿级项目': a class of project, not a figure
        if is_year_at(text, m.start(1), m.end(1)):
            continue
        end = m.end()
        q = _QUALIFIER.match(text, end, e)
        if q:
            end = q.end()
        pct = unit.endswith(("%", "％", "个百分点"))
        return m.start(), end, pct
    return None




def figure_items(text: str, s: int, e: int) -> list[dict]:
    """Indicators of one sentence: name, value, change, each a slice of the text."""
    items: list[dict] = []
    for a, b in _segments(text, s, e):
        seg = text[a:b]
        fig = _figure(text, a, b)
        if fig is None:
            continue
        fs, fe, pct = fig
        if ANNUAL_GROWTH.match(seg.strip()) and "经济" in norm(text[text.rfind("\n", 0, s) + 1:a]):
            # '…四季度增长5.6%，全年增长4.8%' in a paragraph about the economy: GDP growth.
            items.append({"name": "经济", "key": "地区生产总值", "value": None, "change": text[text.find("增长", a, fe):fe], "start": a, "end": b})
            continue
        change_m = _CHANGE_START.match(seg)
        if change_m and items and items[-1]["change"] is None:
            # '…190亿元，比上年增长8%左右': a change of the item before it.
            items[-1]["change"] = seg.strip().rstrip("。；;")
            items[-1]["end"] = b
            continue
        lead = _LEAD.match(seg)
        name_start = a + (lead.end() if lead else 0)
        head = text[name_start:fs]
        cm = re.search(r"(?:同比|同口径|年均)?" + CHANGE_VERB + r"[^，,；;、]*$", head)
        if pct and cm:
            name = _NAME_TAIL.sub("", head[:cm.start()]).strip(" “”")
            value, change = None, text[name_start + cm.start():fe].strip().rstrip("。；;")
        else:
            name = _NAME_TAIL.sub("", head).strip(" “”")
            value, change = text[fs:fe].strip(), None
        if len(name) < 2 and value is not None:
            # '完成3.6万平方米棚户区改造': the thing counted follows its figure.
            after = re.match(r"[^，,；;、和及。]{2,16}", text[fe:b])
            if after:
                name = after.group(0).strip()
        if len(name) < 2 or not re.search(r"[\u4e00-\u9fff]", name):
            continue
        items.append({"name": name, "value": value, "change": change, "start": name_start, "end": b})
    return items



# --- indicator keys ---------------------------------------------------------------------------

# Words before an indicator that name who or when, not what ('全省', '区级', '地方', '预计全年').
_PLACE_LEAD = re.compile(r"^(?:全省|全市|全区|全县|全州|全盟|全旗|全域|我省|我市|我区|我县|本市|地方|区级|县级|市级|省级|全年|全社会|预计|初步预计|其中|实现|完成|累计|带动|推动|拉动|确保|力争|努力|争取)+")
# Words after an indicator that say how sure or how reached, not what ('地区生产总值预计增长5.1%').
_TAIL_WORDS = re.compile(r"(?:预计|初步|约|可|将)+$")
# Names of one indicator. '一般公共预算收入' and '财政收入' are different indicators (the latter
# includes funds the former does not), so they are not aliases of each other.
_ALIASES = {
    "gdp": "地区生产总值", "生产总值": "地区生产总值", "经济总量": "地区生产总值",
    "新增城镇就业": "城镇新增就业", "社零总额": "社会消费品零售总额", "社会消费品零售额": "社会消费品零售总额",
    "规上工业增加值": "规模以上工业增加值", "规模工业增加值": "规模以上工业增加值",
    "外贸进出口总额": "进出口总额", "进出口总值": "进出口总额", "全员劳动生产率": "劳动生产率",
}
# '经济增长6%左右' is GDP growth; '经济' names GDP only when what follows is a change.
_CHANGE_ONLY_ALIASES = {"经济": "地区生产总值", "经济增速": "地区生产总值"}


def indicator_key(name: str, change_only: bool = False) -> str:
    """What an indicator phrase names, for matching phrases of one indicator.

    >>> indicator_key("全区生产总值"), indicator_key("GDP"), indicator_key("地方一般公共预算收入")
    ('地区生产总值', '地区生产总值', '一般公共预算收入')
    >>> indicator_key("全市地区生产总值预计"), indicator_key("带动一般公共预算收入")
    ('地区生产总值', '一般公共预算收入')
    >>> indicator_key("财政收入"), indicator_key("经济", change_only=True), indicator_key("人均地区生产总值")
    ('财政收入', '地区生产总值', '人均地区生产总值')
    """
    k = re.sub(r"[“”\"'‘’]", "", norm(name)).strip("：:")
    k = _PLACE_LEAD.sub("", k) or k
    k = _TAIL_WORDS.sub("", k) or k
    low = k.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    if change_only and k in _CHANGE_ONLY_ALIASES:
        return _CHANGE_ONLY_ALIASES[k]
    return _ALIASES.get(k, k)


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Indicator key → English name, from the data file shipped with the package."""
    from importlib.resources import files

    out = {}
    for line in files("qa").joinpath("data/glossary_en.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, _, en = line.partition("\t")
        out[zh.strip()] = en.strip()
    return out


def preference(start: int, value: str | None = None, change: str | None = None, main: bool = False, five: bool = False) -> tuple:
    """The order in which one report's figures of one indicator are shown (least first): a target
    of the main-targets paragraph, then the year under review before five years, then a figure
    giving both value and change, then the first in the text. A table cell
    (qa.views.pick_fact) and a comparison's cell (qa.brief.compare) pick by it."""
    return not main, five, -(value is not None) - (change is not None), start


def place_of(meta: dict) -> str | None:
    """The place a report is about: its full name as written, else the district or city."""
    return meta.get("place") or meta.get("district") or meta.get("city")


# --- where a clause stands -------------------------------------------------------------------

# A paragraph speaking in five-year terms ('——五年来，…', '过去五年，…').
_FIVE_YEAR_PARA = re.compile(r"五年来|过去五年|五年间|十三五.{0,4}(?:期间|以来)|十四五.{0,4}(?:期间|以来)")
# A range target ('增长5.0%—5.5%'): a dash and a second figure of the same unit.
_RANGE_TAIL = re.compile(r"\s*[—–\-~～至到]\s*\d+(?:\.\d+)?\s*(?:%|％)(?:\s*(?:左右|以上))?")


def _unit_of(figure: str | None) -> str | None:
    if not figure:
        return None
    m = NUMBER_RE.search(norm(figure))
    if not m:
        return None
    return ((m.group(2) or "") + (m.group(4) or "")) or None


def _years_before(text: str, s: int, pos: int) -> list[int]:
    return years_in(text[s:pos])


def extract_facts(doc: str, text: str, meta: dict) -> list[Fact]:
    """Every figure of a report as a Fact, in order of the text.

    >>> t = "一、2018年工作回顾\\n全区实现地区生产总值190亿元，增长8%。\\n二、2019年工作安排\\n主要预期目标是：地区生产总值增长7%左右。\\n"
    >>> [(f.key, f.value, f.change, f.kind, f.period) for f in extract_facts("x.txt", t, {"report_year": 2019, "review_year": 2018})]
    [('地区生产总值', '190亿元', '增长8%', 'result', '2018'), ('地区生产总值', None, '增长7%左右', 'target', '2019')]
    """
    rep = meta.get("report_year")
    rev = meta.get("review_year") or (rep - 1 if rep else None)
    rep = rep or (rev + 1 if rev else None)
    place = place_of(meta)
    lay = layout(text, rep)
    tp, plan_start = lay.targets, lay.plan_start

    facts: list[Fact] = []
    for sent in split_sentences(text):
        s, e = sent.start, sent.end
        sentence = text[s:e]
        if is_steering(sentence) or not re.search(r"\d", sentence):
            continue
        if tp and s < tp[1] and e > tp[0]:
            continue  # the main targets: read below, item by item
        if plan_start is not None and s >= plan_start:
            kind_of_sentence = "target"
        else:
            kind_of_sentence = "result"
        para_start = text.rfind("\n", 0, s) + 1
        para_head = text[para_start:para_start + 24]
        items = figure_items(text, s, e)
        items = _merge_totals(items)
        for it in items:
            kind, period, year = kind_of_sentence, None, None
            if kind == "target":
                year = rep
                period = str(rep) if rep else ""
            else:
                named = _years_before(text, s, it["end"])
                five = bool(MULTI_YEAR_RE.search(sentence) or _FIVE_YEAR_PARA.search(para_head))
                if named and rev and named[-1] == rev:
                    five = False  # '“十四五”以来…，2024年达到1.3万亿元': the year under review
                elif named and rev and named[-1] < rev and not five:
                    continue  # a figure of an earlier year, quoted for comparison
                if five:
                    kind = "five-year"
                    period = f"{rev - 4}-{rev}" if rev else ""
                else:
                    period = str(rev) if rev else ""
                year = rev
            value, change, start, end = _with_range(text, it["value"], it["change"], it["start"], it["end"], e)
            key = it.get("key") or indicator_key(it["name"], change_only=value is None)
            facts.append(Fact(doc=doc, indicator=it["name"], key=key, value=value, unit=_unit_of(value) or _unit_of(change),
                              change=change, kind=kind, period=period, year=year, place=place, start=start, end=end,
                              line=line_of(text, start), text=text[start:end]))
    if tp:
        facts.extend(_main_targets(doc, text, tp, rep, place))
        facts.sort(key=lambda f: f.start)
    return facts


def _with_range(text: str, value: str | None, change: str | None, start: int, end: int, limit: int):
    """A range target keeps both ends ('增长5.0%—5.5%'); the span loses trailing punctuation."""
    fig = change or value
    at = text.find(fig, start, end + 1) if fig else -1
    if at >= 0:
        rm = _RANGE_TAIL.match(text, at + len(fig))
        if rm and rm.end() <= limit:
            fig2 = fig + text[at + len(fig):rm.end()]
            if change:
                change = fig2
            else:
                value = fig2
            end = max(end, rm.end())
    while end > start and text[end - 1] in "。；;，, \u3000":
        end -= 1
    return value, change, start, end


def _main_targets(doc: str, text: str, tp: tuple[int, int], rep: int | None, place: str | None) -> list[Fact]:
    """The items of the main-targets paragraph, each as written, with or without a figure
    ('城镇登记失业率控制在3.5%以内', '约束性指标完成市级下达任务')."""
    out = []
    for sent in split_sentences(text, *tp):
        for a, e in _target_parts(text, max(sent.start, tp[0]), sent.end):
            t = _target(text, a, e)
            if t is None:
                continue
            name, tgt, s0 = t
            e = s0 + len(text[s0:e].rstrip("。；; "))
            items = figure_items(text, s0, e)
            value, change = (items[0]["value"], items[0]["change"]) if items else (None, None)
            value, change, s0, e = _with_range(text, value, change, s0, e, e)
            out.append(Fact(doc=doc, indicator=name, key=indicator_key(name, change_only=value is None), value=value,
                            unit=_unit_of(value) or _unit_of(change), change=change, kind="target",
                            period=str(rep) if rep else "", year=rep, place=place, start=s0, end=e,
                            line=line_of(text, s0), text=text[s0:e], main=True, target=tgt))
    return out


def _merge_totals(items: list[dict]) -> list[dict]:
    """'地区生产总值增长5.7%，…，经济总量达到64697亿元': the total is the value of the growth
    figure before it in the same sentence; one fact, spanning both clauses."""
    out: list[dict] = []
    for it in items:
        name = norm(it["name"])
        prev = next((p for p in reversed(out) if (p.get("key") or indicator_key(p["name"], change_only=p["value"] is None)) == "地区生产总值"), None)
        if name in ("总量", "经济总量") and it["value"] and prev is not None and prev["value"] is None:
            prev.update(value=it["value"], end=it["end"])
            continue
        out.append(dict(it))
    return out


# --- the main targets ---------------------------------------------------------------------

def _target_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Target items of the targets sentence: split at ，；, and at 、 when both sides carry figures."""
    out = []
    for a, b2 in _segments_no_enum(text, s, e):
        parts = [(a, b2)]
        inner = [m.start() for m in re.finditer("、", text[a:b2])]
        if inner:
            cuts = [a] + [a + i + 1 for i in inner] + [b2 + 1]
            pieces = [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]
            if all(re.search(r"\d", text[x:y]) for x, y in pieces):
                parts = pieces
        out.extend(parts)
    return out


def _segments_no_enum(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in re.finditer(r"[，,；;。]", text[s:e]):
        out.append((pos, s + m.start()))
        pos = s + m.end()
    out.append((pos, e))
    return [(a, b) for a, b in out if b > a and text[a:b].strip()]


_TARGET_VERB = re.compile(r"(?:同比)?(?:控制在|达到|达(?=\d)|提高到|提升至|提升到|提高至|低于|高于|完成|保持|实现|确保|力争|" + CHANGE_VERB[3:-1] + ")")


def _target(text: str, a: int, e: int):
    seg = text[a:e]
    lead = re.match(r"^\s*(?:今年|全年)?[^，：:]{0,20}?主要(?:预期)?目标(?:是|为)?[：:]\s*", seg)
    if lead:
        a += lead.end()
        seg = text[a:e]
    seg_stripped = seg.rstrip("。；; ")
    e = a + len(seg_stripped)
    vm = _TARGET_VERB.search(seg_stripped)
    fig = _figure(text, a, e)
    if vm and (fig is None or vm.start() <= fig[0] - a):
        name, tgt = seg_stripped[:vm.start()].strip(), seg_stripped[vm.start():].strip()
    elif fig is not None:
        name, tgt = seg_stripped[:fig[0] - a].strip(), seg_stripped[fig[0] - a:].strip()
    else:
        return None
    name = name.strip(" “”")
    if len(name) < 2 or not tgt:
        return None
    return name, tgt, a


# --- verification ----------------------------------------------------------------------------

def check_fact(fact: Fact, doc: str, text: str) -> list[str]:
    """What is wrong with showing `fact` as a figure of report `doc` whose text is `text`:
    the span must slice exactly, its report must be `doc`, and each stated figure must stand in
    the span. Empty when the fact holds.

    >>> f = extract_facts("a.txt", "全区生产总值190亿元。", {"review_year": 2018})[0]
    >>> check_fact(f, "a.txt", "全区生产总值190亿元。"), check_fact(f, "b.txt", "全区生产总值190亿元。")
    ([], ['the span is from a.txt, not b.txt'])
    """
    problems = []
    if fact.doc != doc:
        problems.append(f"the span is from {fact.doc}, not {doc}")
    if text[fact.start:fact.end] != fact.text:
        problems.append(f"{doc}[{fact.start}:{fact.end}] no longer reads as cited")
    span = norm(fact.text)
    for part in (fact.value, fact.change):
        if part and norm(part) not in span:
            problems.append(f"'{part}' is not in the cited span")
    return problems
