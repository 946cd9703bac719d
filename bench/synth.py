"""Deterministic synthetic corpora built from the seed reports.

Each synthetic report is one seed report with
  * its place renamed to another real place, in the title, the speaker's line and the body
    (full and short form): a Chongqing district none of the seeds is about, a province, a
    prefecture-level city, or a county of another province; for a place that is not a district
    the words of its level follow ('区长' → '市长', '全区' → '全省', '重庆市綦江区' → '四川省成都市'),
  * every year 20xx shifted by a per-copy offset,
  * every figure that carries a unit scaled by a per-copy factor, keeping its format
    ('190亿元' stays a round integer, '6.9%' keeps one decimal, a share never passes 100%).
Copy i derives from seed i mod 5, so every prefix of the sequence covers all seeds, and a
corpus of N reports is the five seeds plus the first N - 5 copies: corpora are nested.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from qa.metadata import extract_metadata



@dataclass(frozen=True)
class Place:
    """A real place a copy is renamed to: its name, pinyin, the place it belongs to (written
    before it in a title: '四川省成都市'), and the one-character word of its level (区/县/市/省)."""

    name: str
    pinyin: str
    parent: str
    level: str

    @property
    def short(self) -> str:
        return short_name(self.name)

    @property
    def english(self) -> str:
        """'Chengdu City', 'Sichuan Province': how an English question names it."""
        word = {"区": "District", "县": "County", "市": "City", "省": "Province"}[self.level]
        return f"{self.pinyin.replace(chr(39), '').capitalize()} {word}"


def _places(level: str, parent: str, names: str) -> tuple[Place, ...]:
    return tuple(Place(n, p, parent, level) for n, p in (x.split(":") for x in names.split()))


# Chongqing districts none of the seed reports is about, then places of other provinces:
# provinces, prefecture-level cities and counties, so that a corpus is not one city's alone.
TARGET_PLACES = (
    _places("区", "重庆市", "万州区:wanzhou 涪陵区:fuling 江北区:jiangbei 沙坪坝区:shapingba 南岸区:nan'an 北碚区:beibei "
                          "渝北区:yubei 巴南区:banan 长寿区:changshou 江津区:jiangjin 合川区:hechuan 永川区:yongchuan "
                          "南川区:nanchuan 璧山区:bishan 铜梁区:tongliang 潼南区:tongnan 荣昌区:rongchang 开州区:kaizhou "
                          "梁平区:liangping 武隆区:wulong")
    + _places("省", "", "四川省:sichuan 湖北省:hubei 浙江省:zhejiang 江苏省:jiangsu 广东省:guangdong 河南省:henan "
                       "山东省:shandong 湖南省:hunan 福建省:fujian 江西省:jiangxi")
    + tuple(Place(n, p, parent, "市") for n, p, parent in (
        ("成都市", "chengdu", "四川省"), ("武汉市", "wuhan", "湖北省"), ("杭州市", "hangzhou", "浙江省"),
        ("南京市", "nanjing", "江苏省"), ("长沙市", "changsha", "湖南省"), ("郑州市", "zhengzhou", "河南省"),
        ("合肥市", "hefei", "安徽省"), ("西安市", "xi'an", "陕西省"), ("昆明市", "kunming", "云南省"), ("贵阳市", "guiyang", "贵州省")))
    + tuple(Place(n, p, parent, "县") for n, p, parent in (
        ("安吉县", "anji", "浙江省湖州市"), ("德清县", "deqing", "浙江省湖州市"), ("桐庐县", "tonglu", "浙江省杭州市"),
        ("仁寿县", "renshou", "四川省眉山市"), ("宜良县", "yiliang", "云南省昆明市"), ("正定县", "zhengding", "河北省石家庄市"),
        ("沛县", "peixian", "江苏省徐州市"), ("婺源县", "wuyuan", "江西省上饶市"), ("凤凰县", "fenghuang", "湖南省湘西土家族苗族自治州"),
        ("长兴县", "changxing", "浙江省湖州市")))
)
SEED_PARENT = "重庆市"  # every seed report is about a district of Chongqing
# The seeds' districts in pinyin, for renaming English questions (the bench's own table, so it
# does not follow qa's place tables as they change).
SEED_PINYIN = {"大渡口区": "dadukou", "綦江区": "qijiang", "九龙坡区": "jiulongpo", "渝中区": "yuzhong"}
# Words of a district's report that name its level; a place of another level gets its own.
LEVEL_WORDS = ("区人民政府", "区政府", "区长", "区委", "区人大", "区政协", "全区", "我区")
YEAR_OFFSETS = (0, -1, 1, -2, 2, -3, 3, -4, 4, 5)
FACTOR_RANGE = (0.85, 1.25)

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
# What may follow a figure (after optional spaces) for it to count as a quantity.
_UNIT = re.compile(r"[ \u3000]*(?:%|％|亿|万|千|百|元|个|家|亩|户|人|公里|千米|米|平方|吨|所|座|套|项|条|辆|件|名|台|天|倍|余|多|标箱|株|床|张|间|栋|处)")
_LABEL = re.compile(r"[ \u3000]*[亿万千百]?级")  # '30亿级项目' names a class, not a figure
_NOT_AFTER_YEAR = re.compile(r"[ \u3000]*(?:亩|个|户|亿|万|千|百|元|家|人|件|名|米|吨|所|座|套|项|条|辆|台|天|倍|余|多|%|％)")


@dataclass(frozen=True)
class Copy:
    """One synthetic report: which seed, which place, which year offset, which factor."""

    index: int
    seed_name: str
    source_district: str
    place: Place
    year_offset: int
    factor: float

    @property
    def file_name(self) -> str:
        return f"syn{self.index:04d}_{self.place.pinyin.replace(chr(39), '')}_{Path(self.seed_name).stem[:3]}_y{self.year_offset:+d}.txt"


def short_name(name: str) -> str:
    """'沙坪坝区' → '沙坪坝', '四川省' → '四川'; a name of two characters keeps its suffix ('沛县')."""
    return name[:-1] if len(name) > 2 else name


def rename_place(text: str, source: str, place: Place) -> str:
    """A seed's text about district `source` of Chongqing, made a report about `place`."""
    text = text.replace(SEED_PARENT + source, place.parent + place.name)
    text = text.replace(source, place.name).replace(short_name(source), place.short)
    if place.level != "区":
        for word in LEVEL_WORDS:
            text = text.replace(word, word.replace("区", place.level, 1))
    return text


def _is_year(text: str, m: re.Match) -> bool:
    s = m.group()
    if len(s) != 4 or not s.isdigit() or not s.startswith("20") or int(s) > 2035:
        return False
    return not _NOT_AFTER_YEAR.match(text, m.end())


def _scaled(s: str, factor: float, percent: bool) -> str:
    """A figure times `factor`, written like the original (decimals kept, round integers round)."""
    if "." in s:
        places = len(s.split(".")[1])
        value = float(s) * factor
        out = f"{value:.{places}f}"
        if float(out) == 0 or (percent and float(s) <= 100 < value):
            return s
        return out
    if len(s) > 1 and s.startswith("0"):
        return s
    value = int(s)
    if value == 0:
        return s
    trailing = len(s) - len(s.rstrip("0"))
    step = 10 ** max(0, min(trailing, len(s) - 2))
    new = max(1, round(value * factor / step) * step)
    if percent and value <= 100 < new:
        return s
    return str(new)


def shift_years(text: str, offset: int) -> str:
    """Every year 20xx (a 4-digit number not followed by a unit) moved by `offset`."""
    return _NUMBER.sub(lambda m: str(int(m.group()) + offset) if _is_year(text, m) else m.group(), text)


def transform(text: str, copy: Copy) -> str:
    """The seed's text as the synthetic report `copy` describes."""
    text = rename_place(text, copy.source_district, copy.place)

    def number(m: re.Match) -> str:
        s = m.group()
        if _is_year(text, m):
            return str(int(s) + copy.year_offset)
        if text[m.start() - 1:m.start()] == "第" or _LABEL.match(text, m.end()):
            return s
        unit = _UNIT.match(text, m.end())
        if not unit:
            return s
        return _scaled(s, copy.factor, percent=unit.group().strip(" \u3000")[:1] in "%％")

    return _NUMBER.sub(number, text)


class SeedSet:
    """The seed reports and the deterministic sequence of copies made from them."""

    def __init__(self, folder: Path, seed: int = 20240601):
        self.files = sorted(folder.glob("*.txt"))
        if not self.files:
            raise SystemExit(f"no seed reports (*.txt) in {folder}")
        self.texts = {p.name: p.read_text(encoding="utf-8") for p in self.files}
        self.districts = {name: extract_metadata(t)["district"] for name, t in self.texts.items()}
        self.seed = seed
        rng = random.Random(seed)
        self._plans: list[list[tuple[str, int]]] = []
        for _ in self.files:
            pairs = [(p, y) for y in YEAR_OFFSETS for p in TARGET_PLACES]
            rng.shuffle(pairs)
            self._plans.append(pairs)

    @property
    def capacity(self) -> int:
        return len(self.files) * len(TARGET_PLACES) * len(YEAR_OFFSETS)

    def copy(self, i: int) -> Copy:
        n = len(self.files)
        seed_file = self.files[i % n]
        place, offset = self._plans[i % n][i // n]
        factor = random.Random(self.seed * 100_003 + i).uniform(*FACTOR_RANGE)
        return Copy(i, seed_file.name, self.districts[seed_file.name], place, offset, round(factor, 4))

    def write_corpus(self, folder: Path, size: int) -> dict:
        """Write the seeds plus `size - len(seeds)` copies into `folder`; return what was written."""
        if size - len(self.files) > self.capacity:
            raise SystemExit(f"at most {self.capacity + len(self.files)} reports can be generated, {size} asked")
        folder.mkdir(parents=True, exist_ok=True)
        chars = size_bytes = 0
        copies: list[Copy] = []
        for p in self.files[:size]:
            (folder / p.name).write_text(self.texts[p.name], encoding="utf-8")
            chars += len(self.texts[p.name])
            size_bytes += len(self.texts[p.name].encode("utf-8"))
        for i in range(max(0, size - len(self.files))):
            c = self.copy(i)
            text = transform(self.texts[c.seed_name], c)
            (folder / c.file_name).write_text(text, encoding="utf-8")
            chars += len(text)
            size_bytes += len(text.encode("utf-8"))
            copies.append(c)
        return {"folder": str(folder), "reports": min(size, len(self.files)) + len(copies), "chars": chars, "bytes": size_bytes, "copies": copies}

    def first_copy_of(self, seed_name: str, limit: int) -> Copy | None:
        """The first copy of a seed among the first `limit` copies."""
        for i in range(min(limit, self.capacity)):
            if self.files[i % len(self.files)].name == seed_name:
                return self.copy(i)
        return None


def twin_question(question: str, copy: Copy) -> str:
    """A seed's question asked of a copy: its place renamed (Chinese and English), its years shifted.

    >>> c = Copy(0, "001.txt", "綦江区", TARGET_PLACES[-1], 1, 1.0)
    >>> twin_question("綦江区2018年工业增加值实现了多少？", c), twin_question("Qijiang District's GDP in 2018?", c)
    ('长兴县2019年工业增加值实现了多少？', "Changxing County's GDP in 2019?")
    """
    q = question.replace(copy.source_district, copy.place.name).replace(short_name(copy.source_district), copy.place.short)
    src = SEED_PINYIN.get(copy.source_district, "")
    if src:
        q = re.sub(re.escape(src) + r"(?:\s+district)?", copy.place.english, q, flags=re.I)
    return shift_years(q, copy.year_offset)
