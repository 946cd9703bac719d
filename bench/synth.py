"""Deterministic synthetic corpora built from the seed reports.

Each synthetic report is one seed report with
  * its district renamed to another real Chongqing district (full and short form),
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
from qa.places import english_names


def _pinyin(place: str) -> str:
    names = english_names(place)
    return names[-1] if names else ""

# Real districts of Chongqing that none of the seed reports is about.
TARGET_DISTRICTS = (
    "万州区", "涪陵区", "江北区", "沙坪坝区", "南岸区", "北碚区", "渝北区", "巴南区", "长寿区", "江津区",
    "合川区", "永川区", "南川区", "璧山区", "铜梁区", "潼南区", "荣昌区", "开州区", "梁平区", "武隆区",
)
YEAR_OFFSETS = (0, -1, 1, -2, 2, -3, 3, -4, 4, 5)
FACTOR_RANGE = (0.85, 1.25)

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
# What may follow a figure (after optional spaces) for it to count as a quantity.
_UNIT = re.compile(r"[ \u3000]*(?:%|％|亿|万|千|百|元|个|家|亩|户|人|公里|千米|米|平方|吨|所|座|套|项|条|辆|件|名|台|天|倍|余|多|标箱|株|床|张|间|栋|处)")
_LABEL = re.compile(r"[ \u3000]*[亿万千百]?级")  # '30亿级项目' names a class, not a figure
_NOT_AFTER_YEAR = re.compile(r"[ \u3000]*(?:亩|个|户|亿|万|千|百|元|家|人|件|名|米|吨|所|座|套|项|条|辆|台|天|倍|余|多|%|％)")


@dataclass(frozen=True)
class Copy:
    """One synthetic report: which seed, which district, which year offset, which factor."""

    index: int
    seed_name: str
    source_district: str
    district: str
    year_offset: int
    factor: float

    @property
    def file_name(self) -> str:
        pinyin = _pinyin(self.district) or "x"
        return f"syn{self.index:04d}_{pinyin}_{Path(self.seed_name).stem[:3]}_y{self.year_offset:+d}.txt"


def short_name(district: str) -> str:
    """'沙坪坝区' → '沙坪坝' (every name used here has a one-character suffix)."""
    return district[:-1] if len(district) > 2 else district


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
    text = text.replace(copy.source_district, copy.district).replace(short_name(copy.source_district), short_name(copy.district))

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
            pairs = [(d, y) for y in YEAR_OFFSETS for d in TARGET_DISTRICTS]
            rng.shuffle(pairs)
            self._plans.append(pairs)

    @property
    def capacity(self) -> int:
        return len(self.files) * len(TARGET_DISTRICTS) * len(YEAR_OFFSETS)

    def copy(self, i: int) -> Copy:
        n = len(self.files)
        seed_file = self.files[i % n]
        district, offset = self._plans[i % n][i // n]
        factor = random.Random(self.seed * 100_003 + i).uniform(*FACTOR_RANGE)
        return Copy(i, seed_file.name, self.districts[seed_file.name], district, offset, round(factor, 4))

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
    """A seed's question asked of a copy: its district renamed (Chinese and pinyin), its years shifted."""
    q = question.replace(copy.source_district, copy.district).replace(short_name(copy.source_district), short_name(copy.district))
    src, dst = _pinyin(copy.source_district), _pinyin(copy.district)
    if src and dst:
        q = re.sub(re.escape(src), dst.capitalize(), q, flags=re.I)
    return shift_years(q, copy.year_offset)
