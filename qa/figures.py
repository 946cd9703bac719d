"""Figures as reports write them: numbers with units, changes, years and periods.

One module reads them for every other (evidence selection, verification, briefings, metadata,
question reading), so that a pattern is defined once. Functions work on normalised text
(`textnorm.norm`: NFKC, whitespace removed) unless they say otherwise.
"""

from __future__ import annotations

import re

from .textnorm import norm

# --- years and periods -----------------------------------------------------------------------

YEAR = r"(?:19|20)\d{2}"
# A bare year: four digits not inside a longer number.
YEAR_RE = re.compile(r"(?<![\d.])(" + YEAR + r")(?![\d.])")
# A year written as one ('2024年', '2024 年').
YEAR_NIAN_RE = re.compile(r"(?<![\d.])(" + YEAR + r")\s*年")
# Chinese numerals as reports write years and ordinals ('二〇二四年', '第十四届').
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_YEAR_RE = re.compile(r"([一二〇○零三四五六七八九]{4})年")
# Words that make a passage speak of several years, not one.
# '年均增长' is over years; '年均浓度' (annual mean concentration) is one year's measure.
MULTI_YEAR_RE = re.compile(r"年均(?!浓度|气温|降水|值)|五年来|五年间|过去五年|累计|十三五|十四五|十五五|未来五年|今后五年")
FIVE_YEAR_RE = re.compile(r"五年|十三五|十四五|十五五")
FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025),
                   "十五五": (2026, 2030)}


def years_in(text: str) -> list[int]:
    """Years written as years ('2024年', '二〇二四年'), in order of appearance.

    >>> years_in("2024年全省生产总值；二〇二五年目标")
    [2024, 2025]
    """
    found = [(m.start(), int(m.group(1))) for m in YEAR_NIAN_RE.finditer(text)]
    for m in CN_YEAR_RE.finditer(text):
        found.append((m.start(), int("".join(str(CN_DIGITS[c]) for c in m.group(1)))))
    return [y for _, y in sorted(found) if 1900 <= y <= 2099]


def bare_years(text: str) -> list[int]:
    """Every four-digit year in a text, with or without '年' ('in 2024', '2024年').

    >>> bare_years("What was GDP in 2024? 2023年")
    [2024, 2023]
    """
    return [int(y) for y in YEAR_RE.findall(text)]


def cn_number(s: str) -> int | None:
    """Value of a small Chinese numeral ('十四' → 14), or of digits.

    >>> cn_number("十四"), cn_number("三"), cn_number("12")
    (14, 3, 12)
    """
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if not all(ch in CN_DIGITS or ch in "十百" for ch in s):
        return None
    if "十" not in s:
        v = 0
        for ch in s:
            v = v * 10 + CN_DIGITS[ch]
        return v
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


# --- numbers and units -----------------------------------------------------------------------

# Units as reports write them, longest first where one is the tail of another.
UNITS = ("万亿元", "亿美元", "万美元", "亿元", "万元", "美元", "元", "万人次", "人次", "万人", "人", "万平方米", "平方米",
         "平方公里", "万亩", "亩", "公里", "千米", "米", "万吨", "吨", "万千瓦", "千瓦", "亿千瓦时", "千瓦时", "万辆",
         "个百分点", "个", "家", "项", "件", "套", "户", "所", "座", "处", "条", "台", "辆", "张", "名", "位", "次", "批",
         "列", "艘", "架", "头", "只", "株", "标箱", "颗", "EFlops", "PFlops", "EF", "PF", "P", "天", "倍", "%", "％", "‰")
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
# A number with its scale, a vague quantifier and its unit ('414.6亿元', '8%左右', '1.3万余套').
NUMBER_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*(" + _UNIT_ALT + r")?")
QUALIFIER_RE = re.compile(r"左右|以上|以内|以下|上下|余|多")
_FAMILY = {"元": "money", "美元": "money", "人": "person", "人次": "person", "名": "person", "位": "person", "天": "day",
           "%": "percent", "％": "percent", "‰": "percent", "个百分点": "percent", "倍": "ratio", "米": "length",
           "公里": "length", "千米": "length", "平方米": "area", "平方公里": "area", "亩": "area", "吨": "weight",
           "千瓦": "power", "千瓦时": "energy", "EFlops": "compute", "PFlops": "compute", "EF": "compute", "PF": "compute", "P": "compute"}
_COUNT_UNITS = {"个", "家", "项", "件", "套", "户", "所", "座", "处", "条", "台", "辆", "张", "次", "批", "列", "艘", "架", "头", "只", "株", "标箱", "颗"}
# What one unit is worth in its family's base unit (yuan, person, square metre, ...).
_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12}


def unit_family(unit: str | None) -> str | None:
    """'亿元' → 'money', '万人' → 'person', '套' → 'count'.

    >>> unit_family("万平方米"), unit_family("个百分点"), unit_family(None)
    ('area', 'percent', None)
    """
    if not unit:
        return None
    if unit in _FAMILY:
        return _FAMILY[unit]
    u = unit[2:] if unit.startswith("万亿") else unit.lstrip("万亿")
    if u in _COUNT_UNITS:
        return "count"
    return _FAMILY.get(u)


def numbers_in(text: str) -> list[tuple[str, str | None]]:
    """(number, unit family) for each figure in a text, normalised ('１２％' → '12').

    >>> numbers_in("地区生产总值190亿元，增长8%左右")
    [('190', 'money'), ('8', 'percent')]
    """
    out = []
    for m in NUMBER_RE.finditer(norm(text)):
        unit = (m.group(2) or "") + (m.group(4) or "")
        out.append((m.group(1), unit_family(unit or None)))
    return out


# A year's growth with no indicator of its own ('全年增长4.8%'): in a paragraph about the economy,
# GDP growth (read so by answers and by facts).
ANNUAL_GROWTH = re.compile(r"全年(?:经济)?(?:比上年|同比)?增长\s*\d")
# A number inside a name: 'PM2.5', '5G', 'G75'.
# Not computing power ('6000P', '1.2EFlops'): those letters are its unit.
NAME_NUMBER = re.compile(r"[A-Za-z]+\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?(?!\s*(?:EFlops|PFlops|EF|PF|P)(?![A-Za-z]))[A-Za-z]+")


def stated_figures(text: str) -> list[tuple[str, str | None]]:
    """The figures a clause states, as numbers_in gives them, without years ('2025年') and
    numbers that are part of a name ('PM2.5', '5G').

    >>> stated_figures("2025年经济社会发展主要预期目标是"), stated_figures("设区市PM2.5平均浓度稳步改善")
    ([], [])
    >>> stated_figures("PM2.5平均浓度28微克/立方米")
    [('28', None)]
    >>> stated_figures("新增算力2000P、总规模超过6000P，5G基站3万个")
    [('2000', 'compute'), ('6000', 'compute'), ('3', 'count')]
    """
    t = NAME_NUMBER.sub(lambda m: " " * len(m.group(0)), norm(text))
    out = []
    for m in NUMBER_RE.finditer(t):
        if is_year_at(t, m.start(1), m.end(1)):
            continue
        unit = (m.group(2) or "") + (m.group(4) or "")
        out.append((m.group(1), unit_family(unit or None)))
    return out


def figure_keys(text: str) -> list[tuple[str, int]]:
    """(figure, position) in normalised text: each number with its 万/亿 scale; years too.

    >>> [f for f, _ in figure_keys("地区生产总值190亿元，增长8%左右；2018年")]
    ['190亿', '8', '2018']
    """
    t = norm(text)
    return [(m.group(1) + (m.group(2) or ""), m.start()) for m in NUMBER_RE.finditer(t)]


def is_year_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a year ('2024' followed by '年').

    >>> is_year_at("2024年", 0, 4), is_year_at("2024亿元", 0, 4)
    (True, False)
    """
    return bool(re.fullmatch(YEAR, text[start:end])) and text[end:end + 1] == "年"


def value_of(number: str, unit: str | None) -> float:
    """The amount a figure states, in its family's base unit ('151.9', '亿元' → 15190000000.0).

    >>> value_of("151.9", "亿元"), value_of("1.3", "万套")
    (15190000000.0, 13000.0)
    """
    v = float(number)
    if unit:
        for prefix in ("万亿", "亿", "万"):
            if unit.startswith(prefix):
                return v * _SCALE[prefix]
    return v


# --- changes ---------------------------------------------------------------------------------

# Verbs that state a change of an indicator ('增长6.1%', '下降0.5个百分点'); '增加值' is an indicator.
CHANGE_VERB = r"(?:增长|下降|增加(?!值)|减少|提高|降低|提升|上升|回落|扩大|缩小)"
# How a change is said to be measured ('比上年增长8%', '同比下降2.1%').
CHANGE_BASIS = r"(?:比上年|较上年|同比|同口径|年均|分别)"
# A clause that opens on a change of the figure before it.
CHANGE_RE = re.compile(CHANGE_BASIS + r"?[^，,；;。、\d]{0,4}?" + CHANGE_VERB)

_CHANGE_BEFORE = re.compile(r"(?:" + CHANGE_VERB[3:-1] + r"|增速|增幅|涨幅|降幅|下滑)(?:了|为|达|达到)?[^\d到至]{0,4}$")


def changes_only(text: str) -> bool:
    """Whether every figure a clause states is a change ('PM2.5浓度同比下降8.4%'), none a level
    ('地区生产总值190亿元', '提高到30%').

    >>> changes_only("PM2.5浓度同比下降8.4%"), changes_only("地区生产总值190亿元，增长8%"), changes_only("占比提高到30%")
    (True, False, False)
    """
    t = NAME_NUMBER.sub(lambda m: " " * len(m.group(0)), norm(text))
    seen = False
    for m in NUMBER_RE.finditer(t):
        if is_year_at(t, m.start(1), m.end(1)):
            continue
        seen = True
        before = re.split(r"[，,；;。:：、（）()]", t[:m.start()])[-1]
        if not _CHANGE_BEFORE.search(before):
            return False
    return seen


# --- figures in English ----------------------------------------------------------------------

# Chinese unit → (English unit, the size of one English unit in the family's base unit), e.g. a
# billion yuan is 1e9 yuan. Units not listed stay as written.
_EN_UNITS = {
    "万亿元": ("trillion yuan", "1e12"), "亿元": ("billion yuan", "1e9"), "万元": ("yuan", "1"), "元": ("yuan", "1"),
    "亿美元": ("billion US dollars", "1e9"), "万美元": ("US dollars", "1"), "美元": ("US dollars", "1"),
    "万人": ("people", "1"), "人": ("people", "1"), "万人次": ("visits", "1"), "人次": ("visits", "1"),
    "万吨": ("tonnes", "1"), "吨": ("tonnes", "1"), "万平方米": ("square metres", "1"), "平方米": ("square metres", "1"),
    "平方公里": ("square kilometres", "1"), "公里": ("km", "1"), "万亩": ("mu", "1"), "亩": ("mu", "1"),
    "万千瓦": ("kW", "1"), "亿千瓦时": ("billion kWh", "1e9"), "天": ("days", "1"), "倍": ("times", "1"),
    "%": ("%", "1"), "％": ("%", "1"), "个百分点": ("percentage points", "1"), "万辆": ("vehicles", "1"),
}
_CN_PREFIX = {"": "1", "万": "1e4", "亿": "1e8", "万亿": "1e12"}
_EN_DIRECTION = (("增长", "up"), ("增加", "up"), ("提高", "up"), ("提升", "up"), ("上升", "up"), ("扩大", "up"),
                 ("下降", "down"), ("减少", "down"), ("降低", "down"), ("回落", "down"), ("缩小", "down"))
_EN_QUALIFIER = (("左右", "about"), ("以上", "or more"), ("以内", "or less"), ("以下", "or less"), ("余", "more than"), ("多", "more than"))


def _plain(d) -> str:
    """A Decimal without exponent or trailing zeros, thousands separated: 18000 → '18,000'."""
    s = format(d.normalize(), "f")
    whole, _, frac = s.partition(".")
    return f"{int(whole):,}" + ("." + frac if frac else "")


def english_figure(figure: str) -> tuple[str, bool] | None:
    """A figure as an English reader expects it, and whether the conversion was checked: the
    English amount times its unit equals the Chinese amount times its unit, in exact decimals.
    None when the text holds no figure.

    >>> english_figure("151.9亿元"), english_figure("比上年增长8%左右")
    (('15.19 billion yuan', True), ('up 8% (about)', True))
    >>> english_figure("1.8万人"), english_figure("9.86万亿元")
    (('18,000 people', True), ('9.86 trillion yuan', True))
    """
    from decimal import Decimal

    t = norm(figure)
    m = NUMBER_RE.search(t)
    if not m:
        return None
    number = Decimal(m.group(1))
    scale, unit = m.group(2) or "", m.group(4) or ""
    cn_unit = scale + unit
    if cn_unit in _EN_UNITS:
        en_unit, en_base = _EN_UNITS[cn_unit]
        base = Decimal(en_base)
        prefix = cn_unit[:2] if cn_unit.startswith("万亿") else (cn_unit[:1] if cn_unit[:1] in "万亿" and len(cn_unit) > 1 else "")
        amount = number * Decimal(_CN_PREFIX[prefix]) / base
        if en_unit in ("people", "visits", "tonnes", "square metres", "mu", "yuan", "US dollars") and amount >= 1_000_000:
            en_unit, base = "million " + en_unit, Decimal("1e6")
            amount = number * Decimal(_CN_PREFIX[prefix]) / base
        # The check: the English amount in base units equals value_of's reading of the cited figure.
        v = value_of(m.group(1), cn_unit)
        ok = abs(float(amount * base) - v) <= 1e-9 * max(1.0, abs(v))
        text = _plain(amount) + ("" if en_unit == "%" else " ") + en_unit
    else:
        ok, text = True, _plain(number) + (" " + cn_unit if cn_unit else "")
    head = t[:m.start()]
    direction = next((en for zh, en in _EN_DIRECTION if zh in head), None)
    tail = t[m.end():]
    qualifier = next((en for zh, en in _EN_QUALIFIER if (m.group(3) or "") + tail[:2] == zh or tail.startswith(zh) or (m.group(3) or "") == zh), None)
    rng = re.match(r"[—–\-~～至到](\d+(?:\.\d+)?)", tail)
    if rng and cn_unit in ("%", "％"):
        text = f"{m.group(1)}–{rng.group(1)}%"  # '5.0%—5.5%' keeps both ends as written
    if direction:
        text = f"{direction} {text}"
    if qualifier:
        text += f" ({qualifier})"
    return text, ok
