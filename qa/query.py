"""Question understanding: which districts and years a question names, in Chinese or English,
and which indicator words an English question stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import YEAR, YEAR_RE
from .textnorm import is_cjk

# Districts and counties of Chongqing, the municipality the bundled reports come from, with
# their pinyin; reports from elsewhere add their own districts from their metadata.
DISTRICTS = {
    "万州区": "wanzhou", "黔江区": "qianjiang", "涪陵区": "fuling", "渝中区": "yuzhong", "大渡口区": "dadukou",
    "江北区": "jiangbei", "沙坪坝区": "shapingba", "九龙坡区": "jiulongpo", "南岸区": "nan'an", "北碚区": "beibei",
    "綦江区": "qijiang", "大足区": "dazu", "渝北区": "yubei", "巴南区": "banan", "长寿区": "changshou",
    "江津区": "jiangjin", "合川区": "hechuan", "永川区": "yongchuan", "南川区": "nanchuan", "璧山区": "bishan",
    "铜梁区": "tongliang", "潼南区": "tongnan", "荣昌区": "rongchang", "开州区": "kaizhou", "梁平区": "liangping",
    "武隆区": "wulong", "城口县": "chengkou", "丰都县": "fengdu", "垫江县": "dianjiang", "忠县": "zhongxian",
    "云阳县": "yunyang", "奉节县": "fengjie", "巫山县": "wushan", "巫溪县": "wuxi", "石柱土家族自治县": "shizhu",
    "秀山土家族苗族自治县": "xiushan", "酉阳土家族苗族自治县": "youyang", "彭水苗族土家族自治县": "pengshui",
    "两江新区": "liangjiang", "万盛经开区": "wansheng",
}

# English indicator names → the Chinese words reports use for them. Longest phrases first.
GLOSSARY = [
    ("general public budget revenue", "一般公共预算收入"), ("public budget revenue", "一般公共预算收入"),
    ("fiscal revenue", "一般公共预算收入"), ("budget revenue", "一般公共预算收入"),
    ("gross domestic product", "地区生产总值"), ("gdp", "地区生产总值"), ("regional gdp", "地区生产总值"),
    ("industrial added value", "工业增加值"), ("industrial value added", "工业增加值"), ("value added", "增加值"),
    ("fixed asset investment", "固定资产投资"), ("fixed-asset investment", "固定资产投资"), ("fixed assets", "固定资产投资"),
    ("retail sales", "社会消费品零售总额"), ("consumer goods", "社会消费品零售总额"),
    ("disposable income", "人均可支配收入"), ("per capita income", "人均可支配收入"), ("income", "收入"),
    ("air quality", "空气质量优良天数"), ("good air", "空气质量优良天数"), ("blue sky", "空气质量优良天数"),
    ("tourism revenue", "旅游收入"), ("tourism income", "旅游收入"), ("tourists", "游客"), ("tourism", "旅游"),
    ("urban jobs", "城镇新增就业"), ("new jobs", "新增就业"), ("employment", "就业"), ("jobs", "就业"),
    ("unemployment", "失业率"), ("foreign investment", "实际利用外资"), ("foreign capital", "实际利用外资"), ("fdi", "实际利用外资"),
    ("imports and exports", "进出口总额"), ("import and export", "进出口总额"), ("foreign trade", "外贸进出口"), ("exports", "出口"),
    ("population", "常住人口"), ("research and development", "研发"), ("r&d", "研发"), ("patents", "专利"), ("patent", "专利"),
    ("energy consumption", "能耗"), ("poverty", "贫困 脱贫"), ("affordable housing", "保障性住房"), ("housing", "住房"),
    ("parking spaces", "停车位"), ("parking", "停车"), ("schools", "学校"), ("school", "学校"), ("hospitals", "医院"), ("hospital", "医院"),
    ("roads", "道路"), ("road", "道路"), ("forest coverage", "森林覆盖率"), ("sewage", "污水"), ("pollution", "污染"),
    ("high-tech enterprises", "高新技术企业"), ("high-tech", "高新技术"), ("in total", "总数"), ("national", "国家"),
    ("enterprises", "企业"), ("companies", "企业"), ("company", "企业"), ("projects", "项目"), ("project", "项目"),
    ("investment", "投资"), ("revenue", "收入"), ("growth", "增长"), ("grow", "增长"), ("increase", "增长"),
    ("year-on-year", "增长"), ("earn", "收入"), ("target", "目标"), ("aim", "目标"), ("goal", "目标"), ("plan", "计划"), ("planned", "计划"),
    ("mayor", "区长"), ("district head", "区长"), ("speaker", "区长"), ("meeting", "会议"), ("congress", "人民代表大会"),
    ("priorities", "重点工作"), ("tasks", "任务"), ("days", "天数"), ("rate", "率"), ("total", "总额"),
]
# '2022年政府工作报告', '2019年报告', '2019年綦江区政府工作报告': the year names the report.
_REPORT_YEAR_RE = re.compile(r"(?<!\d)(?:" + YEAR + r"\s*年?\s*(?:和|与|、|及|以及)\s*)*" + YEAR + r"\s*年(?:的)?[\u4e00-\u9fff]{0,8}?(?:人民)?(?:政府)?(?:工作)?报告")


MAX_QUESTION_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def clean_question(text: str) -> str:
    """A question as searched: control and zero-width characters become spaces, whitespace folds.
    Too long a question is an error that says so (it is a paste of a document, not a question).

    >>> clean_question("綦江区\\x00GDP\\n？")
    '綦江区 GDP ？'
    """
    from .errors import QAError

    t = " ".join(_CONTROL.sub(" ", text or "").split())
    if len(t) > MAX_QUESTION_CHARS:
        raise QAError(f"the question is {len(t)} characters long; ask in at most {MAX_QUESTION_CHARS} (search for the passage with a few of its words instead).")
    return t


def has_words(text: str) -> bool:
    """Whether a question has anything to search for (letters, digits or CJK characters)."""
    return any(ch.isalnum() for ch in text)


@dataclass
class Query:
    text: str
    districts: list[str] = field(default_factory=list)  # named and present in the corpus
    absent_districts: list[str] = field(default_factory=list)  # named but no report of them is indexed
    years: list[int] = field(default_factory=list)  # years the question asks about
    report_years: list[int] = field(default_factory=list)  # years naming a report ('2022年政府工作报告')
    language: str = "zh"
    expansion: str = ""  # Chinese words standing for an English question's terms

    @property
    def search_text(self) -> str:
        return (self.text + " " + self.expansion).strip()


def _short(name: str) -> str:
    """'大渡口区' → '大渡口'; names of two characters keep their suffix ('忠县'), and so do
    new areas ('两江新区': '两江' alone is the rivers, as in '两江四岸')."""
    if name.endswith(("新区", "经开区")):
        return name
    for suffix in ("土家族苗族自治县", "苗族土家族自治县", "土家族自治县", "自治县", "区", "县", "市"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def language_of(text: str) -> str:
    cjk = sum(1 for ch in text if is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "en" if latin > 2 * cjk and latin >= 3 else "zh"


def understand(text: str, corpus_districts: set[str]) -> Query:
    """Read districts, years and language from a question.

    >>> understand("What was Qijiang District's GDP in 2018?", {"綦江区"}).districts
    ['綦江区']
    """
    q = Query(text=text, language=language_of(text))
    low = text.lower()
    known = dict(DISTRICTS)
    for d in corpus_districts:
        known.setdefault(d, "")
    named: list[str] = []
    for name, pinyin in known.items():
        short = _short(name)
        if name in text or (len(short) >= 2 and short in text):
            named.append(name)
        elif pinyin and re.search(r"\b" + re.escape(pinyin) + r"\b", low):
            named.append(name)
    # '大渡口区' also contains no other name, but '渝北' must not fire inside '渝北区' twice, and a
    # short name inside a longer named one ('江北' in '江北区' vs '江北嘴') is decided by the longer.
    named = [n for n in named if not any(n != m and _short(n) in m for m in named)]
    for n in sorted(set(named), key=named.index):
        (q.districts if n in corpus_districts else q.absent_districts).append(n)
    q.report_years = sorted({int(y) for m in _REPORT_YEAR_RE.finditer(text) for y in YEAR_RE.findall(m.group(0))})
    rest = _REPORT_YEAR_RE.sub(" ", text)
    q.years = sorted({int(y) for y in YEAR_RE.findall(rest)})
    if q.language == "en":
        words = []
        rest = low
        for en, zh in GLOSSARY:
            if re.search(r"\b" + re.escape(en) + r"\b", rest):
                words.append(zh)
                rest = re.sub(r"\b" + re.escape(en) + r"\b", " ", rest)
        q.expansion = " ".join(words)
    return q
