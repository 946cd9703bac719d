"""Place names as reports and questions write them: levels, short names, English names.

Reports name their own place in a title, a meeting line or a speaker line ('浙江省', '宁夏回族
自治区', '重庆市綦江区'); questions name it in full, short ('浙江', '綦江'), or in English
('Zhejiang', 'Qijiang District'). Nothing here lists the places a corpus may hold: any name is
read by its administrative suffix. The one table is China's 34 provincial-level divisions, so
that a province named without its suffix ('广东') is known for a place even when no report of it
is indexed (a question about it must be refused, not answered from another province).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"[\u4e00-\u9fff]"
# Administrative suffixes, longest first (an autonomous county is a county, not a '县' alone).
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "经开区", "开发区", "高新区", "新区", "地区", "林区",
            "省", "市", "州", "盟", "区", "县", "旗")
_SUFFIX_ALT = "|".join(SUFFIXES)
PLACE_RE = re.compile(_CJK + r"{1,12}?(?:" + _SUFFIX_ALT + r")")
_LEVEL = {"特别行政区": "province", "自治区": "province", "省": "province", "自治州": "prefecture", "州": "prefecture",
          "盟": "prefecture", "地区": "prefecture", "市": "city", "区": "district", "新区": "district",
          "经开区": "district", "开发区": "district", "高新区": "district", "林区": "county", "县": "county",
          "自治县": "county", "旗": "county", "自治旗": "county"}
# Ethnic names between a place and its '自治区/州/县' ('广西壮族自治区', '石柱土家族自治县').
_ETHNIC = r"(?:" + _CJK + r"{1,4}?族|维吾尔)*"

# name, short name, English name (as official usage writes it, where pinyin would mislead).
PROVINCES = (
    ("北京市", "北京", "Beijing"), ("天津市", "天津", "Tianjin"), ("上海市", "上海", "Shanghai"), ("重庆市", "重庆", "Chongqing"),
    ("河北省", "河北", "Hebei"), ("山西省", "山西", "Shanxi"), ("辽宁省", "辽宁", "Liaoning"), ("吉林省", "吉林", "Jilin"),
    ("黑龙江省", "黑龙江", "Heilongjiang"), ("江苏省", "江苏", "Jiangsu"), ("浙江省", "浙江", "Zhejiang"), ("安徽省", "安徽", "Anhui"),
    ("福建省", "福建", "Fujian"), ("江西省", "江西", "Jiangxi"), ("山东省", "山东", "Shandong"), ("河南省", "河南", "Henan"),
    ("湖北省", "湖北", "Hubei"), ("湖南省", "湖南", "Hunan"), ("广东省", "广东", "Guangdong"), ("海南省", "海南", "Hainan"),
    ("四川省", "四川", "Sichuan"), ("贵州省", "贵州", "Guizhou"), ("云南省", "云南", "Yunnan"), ("陕西省", "陕西", "Shaanxi"),
    ("甘肃省", "甘肃", "Gansu"), ("青海省", "青海", "Qinghai"), ("台湾省", "台湾", "Taiwan"),
    ("内蒙古自治区", "内蒙古", "Inner Mongolia"), ("广西壮族自治区", "广西", "Guangxi"), ("西藏自治区", "西藏", "Tibet"),
    ("宁夏回族自治区", "宁夏", "Ningxia"), ("新疆维吾尔自治区", "新疆", "Xinjiang"),
    ("香港特别行政区", "香港", "Hong Kong"), ("澳门特别行政区", "澳门", "Macau"),
)
# One-character names (简称) of the provincial-level divisions, as headlines and analysts write
# them ('津去年…', '冀、辽两省'); a second form where two are in use (川/蜀, 贵/黔, 云/滇, 甘/陇, 陕/秦).
ABBREVIATIONS = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省",
    "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "琼": "海南省", "川": "四川省",
    "蜀": "四川省", "贵": "贵州省", "黔": "贵州省", "云": "云南省", "滇": "云南省", "陕": "陕西省", "秦": "陕西省",
    "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "蒙": "内蒙古自治区", "桂": "广西壮族自治区", "藏": "西藏自治区",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区", "港": "香港特别行政区", "澳": "澳门特别行政区",
}
_ABBR = "".join(ABBREVIATIONS)
# Alone, these characters are words ('云计算', '新增', '京津冀'): one is a place only where a place
# stands, at the head of a question before a time or a place word, or in a run of them ('冀、辽两省').
_ABBR_RUN = re.compile(r"^\s*([" + _ABBR + r"])((?:[、和与及]\s*[" + _ABBR + r"])*)(?=\s*(?:去年|今年|明年|上年|前年|(?:19|20)\d\d|两省|两市|两地|三省|各|分别|的|省|市|\d{4}))")


# '鲁冀两省', '川渝两地': names run together before the count of places they make.
_ABBR_TIGHT = re.compile(r"^\s*([" + _ABBR + r"])((?:[、和与及]?\s*[" + _ABBR + r"])+)(?=\s*[两二三四五](?:省|市|地|区|省市|省区))")


def abbreviated_provinces(text: str) -> list[tuple[int, str]]:
    """(position, province) for the one-character names a question opens with.

    >>> abbreviated_provinces("鲁冀两省2024年新改建农村公路各多少公里？")
    [(0, '山东省'), (1, '河北省')]

    >>> abbreviated_provinces("津去年盘活存量资源资产实现收入多少？"), abbreviated_provinces("冀、辽两省2024年各改造了多少个老旧小区？")
    ([(0, '天津市')], [(0, '河北省'), (2, '辽宁省')])
    >>> abbreviated_provinces("云计算产业规模多少？"), abbreviated_provinces("新增城镇就业多少？")
    ([], [])
    """
    m = _ABBR_RUN.match(text) or _ABBR_TIGHT.match(text)
    if not m:
        return []
    out = [(m.start(1), ABBREVIATIONS[m.group(1)])]
    for mm in re.finditer(r"[" + _ABBR + r"]", m.group(2)):
        out.append((m.start(2) + mm.start(), ABBREVIATIONS[mm.group(0)]))
    return out


_PROVINCE_BY_NAME = {full: (short, en) for full, short, en in PROVINCES}
_PROVINCE_BY_SHORT = {short: full for full, short, _ in PROVINCES}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
# Words ending in a suffix that are not places ('全区', '园区', '景区').
_NOT_PLACES = re.compile(r"^(?:全|本|我|该|各|城|园|景|社|辖|山|林|矿|库|片|新|老|市|省|县|区|郊|湾|校|街|厂|灾|贫困|农|牧|产业|"
                         r"示范|试验|功能|保护|自贸|保税|商|物流|开发|高新|经开|核心|中心|主城|都市|城市|地|边)+(?:区|县|市|省|州|旗|盟)$")


def suffix_of(name: str) -> str | None:
    """The administrative suffix a name ends with.

    >>> suffix_of("宁夏回族自治区"), suffix_of("綦江区"), suffix_of("浙江")
    ('自治区', '区', None)
    """
    return next((s for s in SUFFIXES if name.endswith(s) and len(name) > len(s)), None)


def level_of(name: str) -> str | None:
    """'浙江省' → 'province'; '重庆市' → 'province' (a municipality); '綦江区' → 'district'.

    >>> level_of("北京市"), level_of("杭州市"), level_of("石柱土家族自治县")
    ('province', 'city', 'county')
    """
    if name in MUNICIPALITIES or name in _PROVINCE_BY_NAME:
        return "province"
    suf = suffix_of(name)
    return _LEVEL.get(suf) if suf else None


def short_name(name: str) -> str:
    """A place as people say it without its suffix: '广西壮族自治区' → '广西', '大渡口区' → '大渡口'.
    Names that would be left with one character keep their suffix ('忠县'), and so do new areas
    ('两江新区': '两江' alone is the rivers).

    >>> short_name("广西壮族自治区"), short_name("忠县"), short_name("石柱土家族自治县"), short_name("浙江省")
    ('广西', '忠县', '石柱', '浙江')
    """
    if name in _PROVINCE_BY_NAME:
        return _PROVINCE_BY_NAME[name][0]
    if name.endswith(("新区", "经开区", "开发区", "高新区")):
        return name
    m = re.fullmatch(r"(" + _CJK + r"{2,5}?)" + _ETHNIC + r"(?:自治区|自治州|自治县|自治旗)", name)
    if m:
        return m.group(1)
    suf = suffix_of(name)
    if suf and len(name) - len(suf) >= 2:
        return name[: -len(suf)]
    return name


def split_place(text: str) -> tuple[str | None, str]:
    """(parent, place) of a compound name: '重庆市綦江区' → ('重庆市', '綦江区').

    >>> split_place("重庆市綦江区"), split_place("浙江省"), split_place("济南市市中区")
    (('重庆市', '綦江区'), (None, '浙江省'), ('济南市', '市中区'))
    >>> split_place("浙江省湖州市长兴县")
    ('湖州市', '长兴县')
    """
    for full in sorted(_PROVINCE_BY_NAME, key=len, reverse=True):
        if text.startswith(full) and len(text) > len(full) + 1 and suffix_of(text[len(full):]):
            # '浙江省湖州市长兴县': the place is the last unit, its parent the one just above it.
            parent, place = split_place(text[len(full):])
            return parent or full, place
    m = re.fullmatch(r"(" + _CJK + r"{2,8}?(?:自治州|省|市|州|盟|地区))(" + _CJK + r"{2,10}(?:" + _SUFFIX_ALT + r"))", text)
    if m and suffix_of(m.group(2)) and not _NOT_PLACES.match(m.group(2)):
        return m.group(1), m.group(2)
    return None, text


def full_province(short: str) -> str | None:
    """'浙江' → '浙江省'; None for a name that is not a province's.

    >>> full_province("宁夏"), full_province("綦江")
    ('宁夏回族自治区', None)
    """
    return _PROVINCE_BY_SHORT.get(short)


def is_place_word(word: str) -> bool:
    """Whether a word reads as a place name: a province, or a name with an administrative suffix
    that is not a common noun ('园区', '全市').

    >>> is_place_word("江北区"), is_place_word("园区"), is_place_word("广东"), is_place_word("城镇")
    (True, False, True, False)
    """
    if word in _PROVINCE_BY_SHORT or word in _PROVINCE_BY_NAME:
        return True
    suf = suffix_of(word)
    return bool(suf) and len(word) - len(suf) >= 1 and not _NOT_PLACES.match(word) and len(word) >= 2


@lru_cache(maxsize=4096)
def english_names(name: str) -> tuple[str, ...]:
    """Lower-case English names a question may use for a place: 'zhejiang', 'qijiang district'.

    >>> english_names("綦江区")
    ('qijiang district', 'qijiang')
    """
    short = short_name(name)
    if name in _PROVINCE_BY_NAME:
        return (_PROVINCE_BY_NAME[name][1].lower(),)  # pinyin would make 陕西 and 山西 one
    base = _pinyin(short)
    if not base:
        return ()
    suf = suffix_of(name) or ""
    kind = {"区": "district", "县": "county", "市": "city", "州": "prefecture", "自治县": "county", "旗": "banner", "新区": "new area"}.get(suf)
    return (f"{base} {kind}", base) if kind else (base,)


def _pinyin(text: str) -> str:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pypinyin is a dependency; without it English place names are not read
        return ""
    return "".join(lazy_pinyin(text)).replace("'", "")


# City names that are also everyday words of reports ('朝阳产业', '日照时数', '阿里' the company):
# read as places only when written with their suffix.
_CITY_WORDS = {"朝阳", "日照", "来宾", "阿里", "安康", "白银", "大同", "中山", "黄山", "长治", "普洱", "红河", "北海",
               "玉树", "和田", "海西", "海北", "海东", "兴安", "文山", "白山", "黑河", "金昌", "三沙", "神农架"}


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Short name → full name of China's prefecture-level cities, prefectures and leagues
    (qa/data/cities.tsv), without names that are everyday words or a province's name."""
    from importlib.resources import files

    out: dict[str, str] = {}
    for line in files("qa").joinpath("data/cities.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name = line.split("\t")[0]
        short = short_name(name)
        if short != name and len(short) >= 2 and short not in _CITY_WORDS and short not in _PROVINCE_BY_SHORT:
            out.setdefault(short, name)
    return out


def city_of(word: str) -> str | None:
    """The city a word names without its suffix ('成都' → '成都市'), or None.

    >>> city_of("成都"), city_of("恩施"), city_of("朝阳"), city_of("吉林")
    ('成都市', '恩施土家族苗族自治州', None, None)
    """
    return _cities().get(word)


@lru_cache(maxsize=1)
def english_cities() -> tuple[dict[str, str], re.Pattern | None]:
    """Lower-case pinyin of a city's short name → the city ('chengdu' → '成都市'), and one pattern
    that finds any of them as a word (compiled once: every question is read with it).

    >>> names, pattern = english_cities(); names[pattern.search("what was chengdu's gdp").group(0)]
    '成都市'
    """
    out: dict[str, str] = {}
    for short, name in _cities().items():
        base = _pinyin(short)
        if base:
            out.setdefault(base, name)
    alternatives = "|".join(re.escape(en) for en in sorted(out, key=len, reverse=True))
    return out, (re.compile(r"\b(?:" + alternatives + r")\b") if out else None)
