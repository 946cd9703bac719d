"""Per-report metadata read from the report's own words, each value with its span.

A report names its place and years in some of: a title ('2025年浙江省政府工作报告'), a meeting
line ('——2025年1月14日在浙江省第十四届人民代表大会第三次会议上'), a speaker line ('浙江省人民
政府省长 王浩', '省长 王予波', '…市长殷勇同志作政府工作报告'), a news lead ('…省长…在…会议上作
政府工作报告'), the opening ('现在，我代表××区人民政府，向大会报告工作'), the review heading
('一、2024年工作回顾') and, last, the file name. Layouts differ (a '来源：…日报' line, date, meeting
and speaker on one line, Markdown, blog headers), so the patterns run on a whitespace-folded
view of the opening and map matches back to exact offsets. No list of places is needed: a place
is read by its administrative suffix.
"""

from __future__ import annotations

import re

from .figures import YEAR, years_in
from .textnorm import simplified
from .places import MUNICIPALITIES, level_of, short_name, split_place, suffix_of

_HEAD_CHARS = 900
_CJK = r"[\u4e00-\u9fff]"
_SUF = r"(?:特别行政区|自治区|自治州|自治县|自治旗|新区|经开区|开发区|高新区|地区|省|市|州|盟|区|县|旗)"
_PLACE = _CJK + r"{1,16}?" + _SUF
_CN_ORD = r"[一二三四五六七八九十]+"
_MEETING_RE = re.compile(r"在?(?P<meeting>(?P<place>" + _PLACE + r")第\|?" + _CN_ORD + r"\|?届\|?人民代表大会\|?(?:常务委员会)?\|?第\|?"
                         + _CN_ORD + r"\|?次\|?会议)")
_TITLE_RE = re.compile(r"(?:(?P<year>" + YEAR + r")年(?:度)?)?(?P<place>" + _CJK + r"{2,16}?)(?:人民)?政府工作报告")
# An office: 省长, 代省长, 市长, 区长, 县长, 旗长, 州长, 盟长, 自治区(人民政府)主席, 主席.
_OFFICE = r"代?(?:自治区(?:人民政府)?主席|主席|省长|市长|区长|县长|旗长|州长|盟长)"
_SPEAKER_RE = re.compile(r"(?P<org>(?P<place>" + _PLACE + r")?(?:人民政府)?)(?P<title>" + _OFFICE + r")\|?(?P<name>" + _CJK + r"{2,4}?)"
                         r"(?=同志|作|在|代表|向|\||（|\(|，|$)")
_DATE_RE = re.compile(r"(?P<y>" + YEAR + r")年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_REVIEW_RE = re.compile(r"(?P<year>" + YEAR + r")\s*年(?:主要)?工作回顾|回顾[，,：:]?\s*(?P<year2>" + YEAR + r")\s*年")
_DELEGATE_RE = re.compile(r"我代表(?P<place>" + _PLACE + r")?人民政府")
_WHOLE_RE = re.compile(r"全(省|市|区|县|州|旗|盟)")


def _folded(text: str, limit: int) -> tuple[str, list[int]]:
    """The first `limit` characters, blank lines dropped, other line breaks as '|', all other
    whitespace and Markdown marks removed, with each kept character's offset in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text[:limit]):
        if ch == "\n":
            if chars and chars[-1] != "|":
                chars.append("|")
                offsets.append(i)
            continue
        if ch.isspace() or ch in "#>*\ufeff":
            continue
        chars.append(ch)
        offsets.append(i)
    # Traditional characters read as simplified, one for one ('政府工作報告' is a title too).
    return simplified("".join(chars)), offsets


def _span(offsets: list[int], m: re.Match, group: int | str = 0) -> tuple[int, int]:
    s, e = m.span(group)
    return offsets[s], offsets[e - 1] + 1


_CUTS = "在日上|：:，,于的届议长"


def _clean_place(raw: str | None) -> str | None:
    """The place at the end of a run the patterns caught ('日在上海市' → '上海市', '会议上浙江省'
    → '浙江省'): cut after the last word break that leaves a whole name; None when none does.

    >>> _clean_place("日在上海市"), _clean_place("会议上浙江省"), _clean_place("日在长寿区"), _clean_place("全省")
    ('上海市', '浙江省', '长寿区', None)
    """
    if not raw:
        return None
    p = raw.replace("|", "")
    cuts = [i + 1 for i, ch in enumerate(p) if ch in _CUTS] or [0]
    if cuts[0] != 0:
        cuts.insert(0, 0)
    fallback = None
    for c in reversed(cuts):
        rest = p[c:]
        suf = suffix_of(rest)
        if not suf or re.match(r"^(?:全|本|我|该|省|市|区|县)", rest) or all(ch in _CUTS for ch in rest[:-len(suf)]):
            continue
        if len(rest) - len(suf) >= 2:
            return rest
        fallback = fallback or rest  # '忠县': a one-character name, unless a longer one stands
    return fallback


_BODY_PLACE = re.compile(_CJK + r"{2,4}?(?:省|市|区|县)")


def _named_most(body: str) -> str | None:
    """A report that names itself nowhere in its opening still speaks of its whole place ('全市')
    and names it: the place of the level it speaks of that it names most often, if named at least
    three times and clearly more than any other.

    >>> _named_most("全市经济平稳。宜昌市新增就业5万人，宜昌市GDP增长6%，宜昌市出口增长。武汉市合作。全市")
    '宜昌市'
    """
    whole = _WHOLE_RE.findall(body)
    if not whole:
        return None
    suffix = max(set(whole), key=whole.count)
    counts: dict[str, int] = {}
    for m in re.finditer(_CJK + r"{2,3}" + suffix, body):
        word = m.group(0)
        for cut in range(len(word) - 3, -1, -1):  # '，宜昌市' → the shortest tail that reads as a name
            tail = word[cut:]
            if _clean_place(tail) == tail:
                counts[tail] = counts.get(tail, 0) + 1
                break
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _place_fields(full: str) -> dict:
    parent, place = split_place(full)
    return {"place": place, "parent": parent, "level": level_of(place), "place_short": short_name(place)}


def extract_metadata(text: str, name: str | None = None) -> dict:
    """Metadata of a report: place, level, parent, years, speaker, meeting, date, with spans.
    `name` (the file name) is the last resort for place and year.

    >>> m = extract_metadata("2019年重庆市綦江区政府工作报告\\n——2019年1月9日在重庆市綦江区第二届人民代表大会第四次会议上\\n重庆市綦江区人民政府区长 姜天波\\n")
    >>> m["place"], m["parent"], m["level"], m["speaker"], m["report_year"], m["date"]
    ('綦江区', '重庆市', 'district', '姜天波', 2019, '2019-01-09')
    >>> m = extract_metadata("2025年浙江省政府工作报告\\n来源：浙江日报\\n2025年1月14日在浙江省第十四届人民代表大会第三次会议上浙江省代省长刘捷作政府工作报告\\n")
    >>> m["place"], m["level"], m["speaker"], m["speaker_title"], m["review_year"]
    ('浙江省', 'province', '刘捷', '代省长', 2024)
    """
    flat, offs = _folded(text, _HEAD_CHARS)
    meta: dict = {"place": None, "place_short": None, "level": None, "parent": None, "district": None, "city": None,
                  "report_year": None, "review_year": None, "speaker": None, "speaker_title": None, "meeting": None,
                  "date": None, "spans": {}}
    spans = meta["spans"]
    candidates: list[tuple[str, tuple[int, int] | None]] = []  # (place as written, span), best first

    def original(a: int, b: int) -> str:
        """The file's own characters behind flat[a:b] (traditional stays traditional)."""
        return "".join(text[offs[i]] for i in range(a, b) if flat[i] != "|")

    # Line breaks may fall anywhere in a meeting's name ('人民代表\n大会'): match it without them.
    joined = [(c, i) for i, c in enumerate(flat) if c != "|"]
    jflat = "".join(c for c, _ in joined)
    meeting = _MEETING_RE.search(jflat)
    if meeting:
        place = _clean_place(meeting.group("place"))
        raw = meeting.group("place")
        start = meeting.end("place") - len(place) if place else meeting.start("place") + max((raw.rfind(c) + 1 for c in _CUTS), default=0)
        a, b = joined[start][1], joined[meeting.end("meeting") - 1][1] + 1
        meta["meeting"] = original(a, b)
        spans["meeting"] = offs[a], offs[b - 1] + 1
        if place:
            candidates.append((place, (offs[a], offs[joined[meeting.end("place") - 1][1]] + 1)))
        date = _DATE_RE.search(flat, max(0, a - 30), b + 60) or _DATE_RE.search(flat)
    else:
        date = _DATE_RE.search(flat)
    if date:
        y, mo, d = int(date.group("y")), int(date.group("m")), int(date.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            meta["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
            spans["date"] = _span(offs, date)

    for speaker in _SPEAKER_RE.finditer(flat):
        # A delegate line ('我代表省人民政府') or '副省长' is not the speaker.
        if flat[max(0, speaker.start() - 3):speaker.start()].endswith(("我代表", "副")):
            continue
        meta["speaker"] = original(*speaker.span("name"))
        meta["speaker_title"] = original(*speaker.span("title"))
        org = speaker.group("org") or ""
        if meta["speaker_title"].endswith("主席") and "自治区" in org:
            # '宁夏回族自治区人民政府主席', '自治区主席': the office is the region's chair.
            meta["speaker_title"] = org[org.index("自治区"):] + meta["speaker_title"]
        place = _clean_place(speaker.group("place"))
        if place:
            candidates.append((place, _span(offs, speaker, "place")))
        s = _span(offs, speaker, "org")[0] if speaker.group("org") else _span(offs, speaker, "title")[0]
        spans["speaker"] = s, _span(offs, speaker, "name")[1]
        break

    title = _TITLE_RE.search(flat.replace("|", "\n").split("\n", 1)[0]) or _TITLE_RE.search(flat)
    if title:
        if title.group("year"):
            meta["report_year"] = int(title.group("year"))
        place = _clean_place(title.group("place"))
        if place and (suffix_of(place) or not candidates):
            candidates.append((place, None))

    if not candidates:
        delegate = _DELEGATE_RE.search(simplified(text[:4000]))
        if delegate and delegate.group("place"):
            candidates.append((delegate.group("place"), delegate.span("place")))
    if name:
        fm = _TITLE_RE.search(simplified(name))  # a file is often named by its title
        if fm:
            if meta["report_year"] is None and fm.group("year"):
                meta["report_year"] = int(fm.group("year"))
            if not candidates:
                candidates.append((fm.group("place"), None))

    if not candidates:
        named = _named_most(simplified(text[:20000]))
        if named:
            candidates.append((named, None))
    if candidates:
        # The most specific name wins: '重庆市綦江区' over '重庆市'; a name with its suffix over a
        # short one ('宁夏回族自治区' over the title's '宁夏').
        with_suffix = [c for c in candidates if suffix_of(c[0])]
        full, span = max(with_suffix, key=lambda c: len(c[0])) if with_suffix else candidates[0]
        meta.update(_place_fields(full))
        if span:
            spans["place"] = span
    if meta["level"] is None and meta["place"]:
        whole = _WHOLE_RE.findall(simplified(text[:20000]))
        if whole:
            meta["level"] = {"省": "province", "市": "city", "区": "district", "县": "county", "州": "prefecture",
                             "旗": "county", "盟": "prefecture"}[max(set(whole), key=whole.count)]
    if meta["place"] in MUNICIPALITIES:
        meta["level"] = "province"
    # Older readers of the index speak of 'district' and 'city'.
    meta["district"] = meta["place"]
    meta["city"] = meta["parent"]

    if meta["report_year"] is None and meta["date"]:
        meta["report_year"] = int(meta["date"][:4])
    review = _REVIEW_RE.search(simplified(text[:30000]))
    if review:
        g = "year" if review.group("year") else "year2"
        meta["review_year"] = int(review.group(g))
        spans["review_year"] = review.span(g)
    elif meta["report_year"]:
        meta["review_year"] = meta["report_year"] - 1
    if meta["report_year"] is None and meta["review_year"]:
        meta["report_year"] = meta["review_year"] + 1
    if meta["report_year"] is None:
        # A news summary names the report it sums up ('本文根据2025年陕西省政府工作报告整理').
        named = [int(m.group("year")) for m in _TITLE_RE.finditer(simplified(text)) if m.group("year")]
        if named:
            meta["report_year"] = named[0]
            if meta["review_year"] is None:
                meta["review_year"] = named[0] - 1
    if meta["report_year"] is None:
        # A news summary may give no date: the year it speaks of most is the year under review.
        years = [y for y in years_in(simplified(text[:5000])) if 1990 <= y <= 2100]
        if years:
            meta["review_year"] = max(set(years), key=lambda y: (years.count(y), -y))
            meta["report_year"] = meta["review_year"] + 1
    return meta

