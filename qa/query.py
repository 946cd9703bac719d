"""Question understanding: which places and years a question names, in Chinese or English,
and which indicator words an English question stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import YEAR, YEAR_RE
from .places import PROVINCES, abbreviated_provinces, city_of, english_cities, english_names, full_province, is_place_word, level_of, short_name, suffix_of
from .textnorm import is_cjk

def _read_glossary() -> list[tuple[str, str]]:
    """(English phrase, the Chinese words reports use for it) from qa/data/question_en.tsv: the
    domain's vocabulary, shipped with the package.

    >>> dict(_read_glossary())["labour productivity"]
    '劳动生产率'
    """
    from importlib.resources import files

    out = []
    for line in files("qa").joinpath("data/question_en.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, _, zh = line.partition("\t")
            out.append((en.strip().lower(), zh.strip()))
    return out


GLOSSARY = _read_glossary()
# Longer phrases are read before the words inside them ('electricity consumption' before 'consumption').
_LONGEST_FIRST = sorted(GLOSSARY, key=lambda pair: -len(pair[0]))
# Each phrase as a pattern in which a hyphen and a space stand for each other ('soil-erosion').
_GLOSSARY_RE = [(re.compile(r"\b" + re.escape(en).replace(r"\-", "[- ]").replace(r"\ ", "[- ]") + r"\b"), zh)
                for en, zh in _LONGEST_FIRST]
# '2022年政府工作报告', '2019年报告', '2019年綦江区政府工作报告': the year names the report.
REPORT_YEAR_RE = re.compile(r"(?<!\d)(?:" + YEAR + r"\s*年?\s*(?:和|与|、|及|以及)\s*)*" + YEAR + r"\s*年(?:的)?[\u4e00-\u9fff]{0,8}?(?:人民)?(?:政府)?(?:工作)?报告"
                            r"|\b" + YEAR + r"\s+(?:government\s+)?work\s+report", re.I)


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


# Words of an English question that carry no indicator: question words, function words, units,
# time and place words, verbs of change and of reporting.
_EN_STOP = set("""what which who whom whose when where why how many much was were is are be been being the a an of in on at to for
from by with and or as than that this these those did does do done has have had will would could should can may might
its their his her our your it they them he she we you i me my about into over under between during per each every any
all some more less most least other another such same also only just still yet not no nor so very there here then
district county city province provinces region autonomous municipality year years year's month months total overall
number amount level rate figure figures share percentage percent kilometres kilometers km metres meters yuan billion
million trillion thousand hundred tonnes tons square mu people person units unit times cent new reach reached reaching
achieve achieved become became get got give gave make made build built set say said report reports reported according
government work plan planned target targets expected compared previous last next first second third end start begin
rise rose risen fall fell fallen grow grew grown growth increase increased decrease decreased decline declined drop
dropped change changed up down by how large big high higher low lower main major key top best value values long fast quickly
general annual past one two three four five six seven eight nine ten twelve came come help helped create created add added
including include includes respectively each both actually now further while try tried bring brought win won list
currently already still far""".split())


@dataclass
class Query:
    text: str
    places: list[str] = field(default_factory=list)  # named, and some indexed report is of it
    absent_places: list[str] = field(default_factory=list)  # named, but no indexed report is of it
    narrower_absent: bool = False  # an absent place inside a named one ('浙江省杭州市'): the named one does not answer
    within: list[str] = field(default_factory=list)  # places inside an indexed report's ('鄂州' in 湖北's): passages must name them
    years: list[int] = field(default_factory=list)  # years the question asks about
    report_years: list[int] = field(default_factory=list)  # years naming a report ('2022年政府工作报告')
    language: str = "zh"
    expansion: str = ""  # Chinese words standing for an English question's terms
    unglossed: list[str] = field(default_factory=list)  # an English question's content words the glossary does not know

    @property
    def districts(self) -> list[str]:
        return self.places

    @property
    def absent_districts(self) -> list[str]:
        return self.absent_places

    @property
    def search_text(self) -> str:
        return (self.text + " " + self.expansion).strip()


def language_of(text: str) -> str:
    cjk = sum(1 for ch in text if is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "en" if latin > 2 * cjk and latin >= 3 else "zh"


# A place word whose last characters make it an area inside a place, not a place ('大湾区', '园区').
_AREA_TAIL = re.compile(r"(?:户|心|库|圈|域|护|游|湾|园|片|城|景|社|辖|范|验|税|发|开|贸|能|核|行|领|载|聚|作|点|带|业|矿|林|山|校|街|老|新)区$")
_SUFFIX_TOKENS = {"区", "县", "市", "省", "州", "旗", "盟"}


def _place_words(text: str) -> list[tuple[int, str]]:
    """(position, word) of the words of a question that read as place names, by jieba's word
    boundaries: a word with an administrative suffix ('江北区'), a word and the suffix after it
    ('铜梁' '区'), or a province's name ('广东')."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    out = []
    pos = 0
    words = jieba.lcut(text)
    for i, w in enumerate(words):
        start = pos
        pos += len(w)
        if not w or not is_cjk(w[0]):
            continue
        cand = w
        if i + 1 < len(words) and words[i + 1] in _SUFFIX_TOKENS and len(w) >= 2:
            cand = w + words[i + 1]
        if full_province(cand):
            out.append((start, full_province(cand)))
        elif cand == w and city_of(w):
            out.append((start, city_of(w)))  # '成都', '恩施': a city said without its suffix
        elif (is_place_word(cand) and len(cand) - len(suffix_of(cand) or "") >= 2 and not _AREA_TAIL.search(cand)
              and not cand.endswith("地区") and cand[0] not in "全本各该我每哪某这那此其"):
            # A one-character name before a suffix ('鄂州', '设区') is too often a word, not a place.
            out.append((start, cand))
    return out


def _name_forms(corpus) -> dict[str, str]:
    """Every way a question may write an indexed place → the place: full, short, with its parent,
    in English (lower case)."""
    forms: dict[str, str] = {}
    items = corpus.items() if isinstance(corpus, dict) else ((p, {}) for p in corpus)
    for place, info in items:
        if not place:
            continue
        forms.setdefault(place, place)
        short = short_name(place)
        if len(short) >= 2:
            forms.setdefault(short, place)
        parent = (info or {}).get("parent")
        if parent:
            forms.setdefault(parent + place, place)
        for en in english_names(place):
            forms.setdefault(en, place)
    return forms


_EN_PLACE = re.compile(r"\b[A-Z][a-z]+(?:[ '-][A-Z]?[a-z]+)?\s+(?:District|County|City|Province|Prefecture|Banner)\b")


def _find_places(text: str, corpus) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """Indexed places named in a question (start, end, place) and other place words (pos, word)."""
    forms = _name_forms(corpus)
    low = text.lower()
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    found_absent: list[tuple[int, str]] = []
    for form in sorted(forms, key=len, reverse=True):
        hay = low if form.isascii() else text
        pat = (r"\b" + re.escape(form) + r"\b") if form.isascii() else re.escape(form)
        for m in re.finditer(pat, hay):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append((m.start(), m.end(), forms[form]))
    for pos, full in abbreviated_provinces(text):
        # '津去年…': the one-character name of a province, indexed or not.
        if taken[pos]:
            continue
        taken[pos] = True
        place = forms.get(full) or forms.get(short_name(full))
        if place:
            found.append((pos, pos + 1, place))
        else:
            found_absent.append((pos, full))
    others = found_absent + [(p, w) for p, w in _place_words(text) if not any(taken[p:p + len(w)])]
    others += [(m.start(), full) for full, _, en in PROVINCES for m in re.finditer(r"\b" + re.escape(en.lower()) + r"\b", low)
               if not any(taken[m.start():m.end()])]
    city_names, city_pattern = english_cities()
    others += [(m.start(), city_names[m.group(0)]) for m in (city_pattern.finditer(low) if city_pattern else ())
               if not any(taken[m.start():m.end()])]
    # 'Beibei District', 'Haidian District': an English place name no indexed report has.
    others += [(m.start(), m.group(0)) for m in _EN_PLACE.finditer(text) if not any(taken[m.start():m.end()])]
    return sorted(found), others


_GDP_ASKED = re.compile(r"地区生产总值|生产总值|GDP|经济总量|经济增长|经济增速", re.I)


def understand(text: str, corpus) -> Query:
    """Read places, years and language from a question. `corpus` holds the indexed places (a
    set, or a dict place → metadata with 'parent').

    >>> understand("What was Qijiang District's GDP in 2018?", {"綦江区"}).places
    ['綦江区']
    >>> q = understand("2024年广东的地区生产总值是多少？", {"浙江省"}); q.places, q.absent_places
    ([], ['广东省'])
    >>> q = understand("浙江省杭州市2024年GDP", {"浙江省"}); q.places, q.absent_places, q.narrower_absent
    (['浙江省'], ['杭州市'], True)
    >>> understand("重庆市的“一区两群”包括哪些区县？", {"大渡口区": {"parent": "重庆市"}}).absent_places
    []
    >>> q = understand("How many kilometres of walking trails (山城步道) did Sichuan build?", {"四川省"}); q.expansion, q.unglossed
    ('步道 山城步道', [])
    >>> understand("How many people moved to Mars in Sichuan in 2024?", {"四川省"}).unglossed
    ['moved', 'mars']
    >>> understand("How fast did electricity consumption grow in Sichuan?", {"四川省"}).expansion  # the longer phrase first
    '用电量 增长'
    """
    q = Query(text=text, language=language_of(text))
    low = text.lower()
    found, others = _find_places(text, corpus)
    named = list(dict.fromkeys(p for _, _, p in found))
    parents = {(corpus.get(p) or {}).get("parent") for p in named} if isinstance(corpus, dict) else set()
    # '重庆市大渡口区': the district is what is asked; its municipality only locates it.
    q.places = [p for p in named if p not in parents] or named
    # '重庆“一区两群”…': a place whose districts' reports are indexed is not missing from the corpus.
    held_parents = {(info or {}).get("parent") for info in corpus.values()} if isinstance(corpus, dict) else set()
    q.absent_places = list(dict.fromkeys(w for _, w in others if w not in q.places and w not in parents and w not in held_parents))
    ends = {e for _, e, _ in found}
    q.narrower_absent = any(p in ends for p, w in others if w in q.absent_places and level_of(w) != "province")
    q.report_years = sorted({int(y) for m in REPORT_YEAR_RE.finditer(text) for y in YEAR_RE.findall(m.group(0))})
    rest = REPORT_YEAR_RE.sub(" ", text)
    q.years = sorted({int(y) for y in YEAR_RE.findall(rest)})
    if q.language == "en":
        words = []
        rest = low
        for pat, zh in _GLOSSARY_RE:
            if pat.search(rest):
                words.append(zh)
                rest = pat.sub(" ", rest)
        # Chinese words inside an English question ('walking trails (山城步道)') are the report's own.
        words += re.findall(r"[\u4e00-\u9fff]{2,}", text)
        q.expansion = " ".join(words)
        for place in list(q.places) + list(q.absent_places):
            for en in english_names(place) if place else ():
                rest = re.sub(r"\b" + re.escape(en) + r"\b", " ", rest)
        q.unglossed = [w for w in re.findall(r"[a-z][a-z'-]+", rest) if w not in _EN_STOP and len(w) > 2 and w.rstrip("s") not in _EN_STOP]
    elif _GDP_ASKED.search(text):
        # Reports also give GDP as the economy's year ('全年增长4.8%、总量达5.3万亿元'): search for that too.
        q.expansion = "经济 全年增长 总量"
    return q
