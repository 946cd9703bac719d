"""Per-report metadata read from the report's own front matter, each value with its span.

Government work reports open with a title, a '——' line naming the date and the meeting, and a
line naming the speaker ('重庆市綦江区人民政府区长 姜天波'). Real files break these lines, wrap
them in Markdown or put a blog header on top, so the patterns work on a whitespace-folded view
of the first few lines and map matches back to exact offsets.
"""

from __future__ import annotations

import re

_HEAD_CHARS = 600

_CJK = r"[\u4e00-\u9fff]"
_TITLE_RE = re.compile(r"(?P<year>(?:19|20)\d{2})?年?(?P<city>" + _CJK + r"{2,4}?[市省])?(?P<district>" + _CJK + r"{1,8}?(?:区|县|旗))(?:人民)?政府工作报告")
_SPEAKER_RE = re.compile(r"(?:^|\|)(?P<org>(?P<city>" + _CJK + r"{2,4}?[市省])?(?P<district>" + _CJK + r"{1,8}?(?:区|县|市|旗))人民政府)(?P<title>代?副?(?:区长|县长|市长|旗长))(?P<name>" + _CJK + r"{2,4})(?=\||$)")
_MEETING_RE = re.compile(r"——(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?在?(?P<meeting>(?:" + _CJK + r"{2,4}?[市省])?" + _CJK + r"{1,8}?(?:区|县|市|旗)第[一二三四五六七八九十]+届\|*人民代表大会\|*(?:常务委员会)?\|*第[一二三四五六七八九十]+次\|*会议)")
_DATE_RE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_REVIEW_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?:主要)?工作回顾")


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
    return "".join(chars), offsets


def _span(offsets: list[int], m: re.Match, group: int | str = 0) -> tuple[int, int]:
    s, e = m.span(group)
    return offsets[s], offsets[e - 1] + 1


def extract_metadata(text: str) -> dict:
    """Metadata of a report: district, city, years, speaker, meeting, date, with spans.

    >>> extract_metadata("2019年重庆市綦江区政府工作报告\\n——2019年1月9日在重庆市綦江区第二届人民代表大会第四次会议上\\n重庆市綦江区人民政府区长 姜天波\\n")["speaker"]
    '姜天波'
    """
    flat, offs = _folded(text, _HEAD_CHARS)
    meta: dict = {"district": None, "city": None, "report_year": None, "review_year": None,
                  "speaker": None, "speaker_title": None, "meeting": None, "date": None, "spans": {}}
    spans = meta["spans"]

    title = _TITLE_RE.search(flat.replace("|", ""))
    if title:
        meta["district"] = title.group("district")
        meta["city"] = title.group("city")
        if title.group("year"):
            meta["report_year"] = int(title.group("year"))
    speaker = _SPEAKER_RE.search(flat)
    if speaker:
        meta["speaker"] = speaker.group("name")
        meta["speaker_title"] = speaker.group("title")
        meta["district"] = meta["district"] or speaker.group("district")
        meta["city"] = meta["city"] or speaker.group("city")
        spans["speaker"] = _span(offs, speaker, "org")[0], _span(offs, speaker, "name")[1]
    meeting = _MEETING_RE.search(flat)
    if meeting:
        meta["meeting"] = meeting.group("meeting").replace("|", "")
        spans["meeting"] = _span(offs, meeting, "meeting")
        if meeting.group("date"):
            dm = _DATE_RE.fullmatch(meeting.group("date"))
            y, mo, d = int(dm.group("y")), int(dm.group("m")), int(dm.group("d"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                meta["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
                spans["date"] = _span(offs, meeting, "date")
        if not meta["district"]:
            dm = re.search(_CJK + r"{1,8}?(?:区|县|市|旗)(?=第)", meta["meeting"])
            meta["district"] = dm.group(0) if dm else None
    if meta["city"] is None and meta["district"]:
        cm = re.search(r"(" + _CJK + r"{2,4}?[市省])" + re.escape(meta["district"]), flat.replace("|", ""))
        meta["city"] = cm.group(1) if cm else None

    if meta["report_year"] is None and meta["date"]:
        meta["report_year"] = int(meta["date"][:4])
    review = _REVIEW_RE.search(text[:20000])
    if review:
        meta["review_year"] = int(review.group("year"))
        spans["review_year"] = review.span("year")
    elif meta["report_year"]:
        meta["review_year"] = meta["report_year"] - 1
    if meta["report_year"] is None and meta["review_year"]:
        meta["report_year"] = meta["review_year"] + 1
    return meta
