"""Structure-aware chunking: sentences → chunks of a few hundred characters, each knowing its
heading path, each an exact slice of the document (`doc.text[start:end] == text`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

# Chunker parameters are part of the index manifest: changing them rebuilds the index.
DEFAULT_PARAMS = {"target": 350, "max_sentence": 400, "overlap": 1, "wrap": 1}

_SENT_END = "。！？；!?;"
_CN_NUM = "一二三四五六七八九十"
# Numbering patterns, outermost first: the index is the heading level.
_HEADING_PATTERNS = (
    re.compile(rf"^[{_CN_NUM}]+、"),
    re.compile(rf"^[（(][{_CN_NUM}]+[）)]"),
)
_MD_HEADING = re.compile(r"^#{1,6}\s*")
# Spaces reports indent and pad with: ideographic, no-break, em and other typographic spaces.
_WS = " \t\u3000\u00a0\r\ufeff\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    doc: str
    start: int
    end: int
    text: str
    line: int  # 1-based line of `start`
    headings: tuple[str, ...]

    @property
    def heading_path(self) -> str:
        return " > ".join(self.headings)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset.

    >>> line_of("a\\nb", 2)
    2
    """
    return text.count("\n", 0, offset) + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _WS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _WS):
        end -= 1
    return start, end


_PAGE_NUMBER = re.compile(r"[—\-–－_\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?[—\-–－_\s]*")
_LINE_END = "。！？；：:!?;…”’」』）)"
_MIN_WRAPPED = 12  # a line shorter than this ends where it ends (a title, '各位代表：')
_LONG_LINE = 40  # a body line this long that stops short of its sentence's end runs on over a blank line


@lru_cache(maxsize=64)
def noise_lines(text: str) -> frozenset[str]:
    r"""Lines that are page furniture, not report text: page numbers ('— 7 —', '-12-') and short
    lines repeated on many pages (running headers and footers of text taken from a PDF).

    >>> sorted(noise_lines("报告\n正文一\n— 1 —\n报告\n正文二\n— 2 —\n报告\n正文三"))
    ['— 1 —', '— 2 —', '报告']
    """
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        line = line.strip(_WS + " ")
        if line and len(line) <= 40 and line[-1] not in _LINE_END:
            counts[line] = counts.get(line, 0) + 1
    noise = {line for line, n in counts.items() if n >= 3 and heading_of(line) is None}
    noise |= {line for line in counts if _PAGE_NUMBER.fullmatch(line)}
    return frozenset(noise)


def _line_at(text: str, nl: int, forward: bool) -> str:
    if forward:
        e = text.find("\n", nl + 1)
        return text[nl + 1:len(text) if e < 0 else e].strip(_WS + " ")
    return text[text.rfind("\n", 0, nl) + 1:nl].strip(_WS + " ")


_CLOSERS = "”’」』）)"


def _wrapped_at(text: str, nl: int) -> bool:
    r"""Whether the lines before `nl` are text wrapped at a fixed width: the line it ends and the
    one before are both of a wrapped line's length. There a line that ends with a closing quote
    ('推进“可躺式”
课桌椅进校园') ends where the width fell, not where its paragraph ends.

    >>> t = "开展肺癌筛查和早期干预、推进普惠托育服务体系建设、推进“可躺式”\n课桌椅进校园"
    >>> _wrapped_at("力、" + "甲" * 30 + "\n" + t, 33 + t.find("\n"))
    True
    >>> _wrapped_at("第一段。\n获评“全国文明城市”\n第二段", 14)
    False
    """
    prev = _line_at(text, nl, False)
    start = text.rfind("\n", 0, nl)
    before = _line_at(text, start, False) if start > 0 else ""
    return all(20 <= len(x) <= 60 for x in (prev, before)) and before[-1:] not in _LINE_END


def _blank_inside_sentence(text: str, nl: int) -> bool:
    r"""Whether `nl` is one of the two breaks of a blank line that falls inside a sentence (a page
    break of extracted text: '…以需求为导向的保障\n\n和改善民生'): a long body line that stops
    short of its sentence's end, a blank line, and the sentence's rest.

    >>> t = "我们将扎实实施以大数据智能化为引领的创新驱动发展、乡村振兴、基础设施建设提升、以需求为导向的保障\n\n和改善民生等行动。"
    >>> soft_break(t, t.find("\n")), soft_break(t, t.find("\n") + 1)
    (True, True)
    >>> soft_break("2025年南山省政府工作报告\n\n南山省省长 李明", 15)
    False
    """
    if _line_at(text, nl, False):
        first, second = nl, text.find("\n", nl + 1)
        if second < 0 or text[nl + 1:second].strip(_WS + " "):
            return False
    else:
        first, second = text.rfind("\n", 0, nl), nl
        if first < 0:
            return False
    before, after = _line_at(text, first, False), _line_at(text, second, True)
    if len(before) < _LONG_LINE or not after or before[-1] in _LINE_END:
        return False
    if not ("\u4e00" <= before[-1] <= "\u9fff" and "\u4e00" <= after[0] <= "\u9fff"):
        return False
    if heading_of(before) is not None or heading_of(after) is not None:
        return False
    noise = noise_lines(text)
    return before not in noise and after not in noise


def soft_break(text: str, nl: int) -> bool:
    r"""Whether the line break at `nl` falls inside a sentence (text wrapped at a fixed width, as
    PDFs give it: '全省地区生产总值增长\n5.8%'), so that sentences and figures run on across it.

    >>> soft_break("全省上下坚持以习近平新时代中国特色社会主义思想为指导，深入贯\n彻落实", 30)
    True
    >>> soft_break("一、2024年工作回顾\n过去一年，是实现目标任务的关键之年。", 11)
    False
    """
    prev, nxt = _line_at(text, nl, False), _line_at(text, nl, True)
    if not nxt or not prev:
        return _blank_inside_sentence(text, nl)
    if len(prev) < _MIN_WRAPPED or not nxt or nxt.startswith(("——", "#")):
        return False
    if prev[-1] in _LINE_END and not (prev[-1] in _CLOSERS and _wrapped_at(text, nl)):
        return False
    noise = noise_lines(text)
    if prev in noise or nxt in noise or heading_of(nxt) is not None:
        return False
    head = heading_of(prev)
    # A heading line ends where it ends, unless its body runs on ('（七）着力保障改善民生。…投入567 亿').
    return head is None or len(prev) > len(head[1]) + 2


def split_sentences(text: str, start: int = 0, end: int | None = None, max_len: int = DEFAULT_PARAMS["max_sentence"]) -> list[Sentence]:
    """Sentences of text[start:end]: ends at 。！？； and at line breaks that end a line (not at
    the breaks of wrapped text); long runs split at commas, then hard at max_len. Spans are
    trimmed of whitespace and never empty; page furniture lines are left out.

    >>> [("一。二；三"[s.start:s.end]) for s in split_sentences("一。二；三")]
    ['一。', '二；', '三']
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    i = start
    seg_start = start
    while i < end:
        ch = text[i]
        if ch == "\n" and soft_break(text, i):
            i += 1
            continue
        if ch == "\n" or ch in _SENT_END:
            j = i + 1
            # Closing quotes and brackets belong to the sentence they close.
            while j < end and text[j] in "”’」』）)\"'":
                j += 1
            stop = i if ch == "\n" else j
            _emit(text, seg_start, stop, max_len, out)
            seg_start = j if ch != "\n" else i + 1
            i = j if ch != "\n" else i + 1
            continue
        i += 1
    _emit(text, seg_start, end, max_len, out)
    return out


def _emit(text: str, start: int, end: int, max_len: int, out: list[Sentence]) -> None:
    start, end = _trim(text, start, end)
    if start >= end or ("\n" not in text[start:end] and text[start:end] in noise_lines(text)):
        return
    if end - start <= max_len:
        out.append(Sentence(start, end))
        return
    # Too long: cut after the last comma before max_len, else hard at max_len.
    pos = start
    while end - pos > max_len:
        window = text[pos:pos + max_len]
        cut = max(window.rfind("，"), window.rfind("、"), window.rfind(","))
        stop = pos + (cut + 1 if cut >= max_len // 4 else max_len)
        s, e = _trim(text, pos, stop)
        if s < e:
            out.append(Sentence(s, e))
        pos = stop
    s, e = _trim(text, pos, end)
    if s < e:
        out.append(Sentence(s, e))


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, heading text) when a line opens a section, else None.

    A numbered line ('（二）狠抓产业培育再造，致力提高经济质量效益。正文…') is a heading whose
    text is its first sentence; a Markdown heading with no numbering is a level-0 section.

    >>> heading_of("## （二）狠抓产业培育再造，致力提高经济质量效益。")
    (1, '（二）狠抓产业培育再造，致力提高经济质量效益')
    >>> heading_of("\u2003\u2003（一）政策举措加力见效。坚持…")  # indented with em spaces
    (1, '（一）政策举措加力见效')
    """
    s = line.strip(_WS + " ")
    md = _MD_HEADING.match(s)
    body = s[md.end():].strip(_WS) if md else s
    for level, pat in enumerate(_HEADING_PATTERNS):
        if pat.match(body):
            first = re.split(r"[。！？；]", body, maxsplit=1)[0]
            if len(first) <= 60:
                return level, first.rstrip("，, ")
            return None
    if md and body and len(body) <= 60:
        return (0, body)
    return None


def chunk_document(doc_name: str, text: str, params: dict | None = None, noise: Sequence[tuple[int, int]] = ()) -> list[Chunk]:
    """Chunks of a document, in order. Each is text[start:end] with its heading path. A sentence
    lying wholly inside a `noise` range (a PDF's running header, footer or page number) is left
    out, so no chunk is made of noise alone."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    quiet = sorted(noise)
    target, overlap = p["target"], p["overlap"]
    # Pass 1: sentences with their heading path; a heading resets the path below its level.
    items: list[tuple[Sentence, tuple[str, ...], int]] = []  # sentence, path, section id
    path: list[tuple[int, str]] = []
    section = 0
    for line_start, line_end in logical_lines(text):
        raw_line = text[line_start:line_end]
        h = heading_of(raw_line.split("\n", 1)[0])
        if h is not None:
            level, title = h
            # A line in a Markdown title (the report's name) is not a section of its own.
            if not (level == 0 and raw_line.lstrip().startswith("# ") and not path and section == 0 and "报告" in title):
                path = [x for x in path if x[0] < level] + [(level, title)]
                section += 1
        headings = tuple(t for _, t in path)
        for s in split_sentences(text, line_start, line_end, p["max_sentence"]):
            if not (quiet and _inside(quiet, s.start, s.end)):
                items.append((s, headings, section))
    # Pass 2: pack consecutive sentences of one section up to `target` characters, repeating the
    # last `overlap` sentences of a chunk at the start of the next one.
    chunks: list[Chunk] = []
    i = 0
    n = len(items)
    while i < n:
        sec = items[i][2]
        j = i
        start = items[i][0].start
        while j + 1 < n and items[j + 1][2] == sec and items[j + 1][0].end - start <= target:
            j += 1
        end = items[j][0].end
        chunks.append(Chunk(doc=doc_name, start=start, end=end, text=text[start:end],
                            line=line_of(text, start), headings=items[i][1]))
        if j + 1 >= n:
            break
        nxt = j + 1
        if overlap and items[nxt][2] == sec:
            back = max(i + 1, j + 1 - overlap)
            # Only overlap when the repeated sentences leave room for new text.
            if items[j][0].end - items[back][0].start < target // 2:
                nxt = back
        i = nxt
    return chunks


def logical_lines(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of each line, wrapped lines joined (see soft_break).

    >>> t = "标题\n全省上下坚持以习近平新时代中国特色社会主义思想为指导，深入贯\n彻落实。\n下一段"
    >>> [t[s:e] for s, e in logical_lines(t)][1]
    '全省上下坚持以习近平新时代中国特色社会主义思想为指导，深入贯\n彻落实。'
    """
    out: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n" and not soft_break(text, i):
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted ranges."""
    i = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]


@lru_cache(maxsize=64)
def heading_spans(text: str) -> list[tuple[int, int, int]]:
    r"""(level, start, end) of every section heading, the span covering just its title.

    >>> t = "一、回顾\n（一）稳增长。正文"
    >>> [(lv, t[s:e]) for lv, s, e in heading_spans(t)]
    [(0, '一、回顾'), (1, '（一）稳增长')]
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        h = heading_of(line)
        if h is not None:
            level, title = h
            at = line.find(title)
            if at >= 0:
                out.append((level, pos + at, pos + at + len(title)))
        pos += len(line) + 1
    return _inline_headings(text, out)


_ORDINAL = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    return _ORDINAL[n - 1] if n <= 10 else "十" + _ORDINAL[n - 11] if n < 20 else ""


def _inline_headings(text: str, heads: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    r"""Numbered headings run into the paragraph before them ('…能力。 (五)打造一流政务环境,建设…。'),
    found where a run of line-start siblings '（一）…（四）' leaves off: the next number, right
    after a sentence's end, before the next heading of the level above.

    >>> t = "三、重点工作\n（一）甲。正文\n（二）乙。正文。 （三）丙丁戊。正文\n四、其他"
    >>> [t[s:e] for _, s, e in heading_spans(t)]
    ['三、重点工作', '（一）甲', '（二）乙', '（三）丙丁戊', '四、其他']
    """
    out = list(heads)
    for i, (level, s, e) in enumerate(heads):
        if level != 1 or (i + 1 < len(heads) and heads[i + 1][0] == level):
            continue  # not the last of a run of siblings
        m = re.match(r"[（(]([一二三四五六七八九十]+)[）)]", text[s:e])
        if not m or m.group(1) not in [_ordinal(n) for n in range(1, 20)]:
            continue
        n = [_ordinal(k) for k in range(1, 20)].index(m.group(1)) + 1
        stop = next((hs for lv, hs, _ in heads[i + 1:] if lv < level), len(text))
        at = e
        while True:
            nxt = re.compile(r"(?<=[。！？])[^\S\n]*([（(]" + _ordinal(n + 1) + r"[）)][^。！？；\n]{2,60})").search(text, at, stop)
            if not nxt or not _ordinal(n + 1):
                break
            title = re.split(r"[。！？；]", nxt.group(1), maxsplit=1)[0].rstrip("，, ")
            out.append((level, nxt.start(1), nxt.start(1) + len(title)))
            at, n = nxt.end(1), n + 1
    return sorted(out, key=lambda h: h[1])


def sections_after(text: str, pos: int) -> list[tuple[int, int]]:
    """The numbered sections a sentence announces ('着力做好以下四个方面工作：'): when the next
    non-blank line opens a numbered section, the title spans of it and its siblings, in order."""
    nl = text.find("\n", pos)
    if nl < 0:
        return []
    heads = heading_spans(text)
    following = [h for h in heads if h[1] > nl]
    if not following:
        return []
    level, s, _ = following[0]
    if text[nl:s].strip():
        return []
    out = []
    for lv, hs, he in following:
        if lv < level:
            break
        if lv == level:
            out.append((hs, he))
    return out


def subsections(text: str, pos: int) -> list[tuple[int, int]]:
    """When `pos` falls in a section heading, the title spans of that section's own numbered
    subsections ('三、2022年工作安排' → its （一）…（八）), in order; else []."""
    heads = heading_spans(text)
    for i, (level, s, e) in enumerate(heads):
        if s <= pos < e:
            out = []
            for lv, hs, he in heads[i + 1:]:
                if lv <= level:
                    break
                if lv == level + 1:
                    out.append((hs, he))
            return out
    return []
