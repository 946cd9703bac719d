"""Structure-aware chunking: sentences → chunks of a few hundred characters, each knowing its
heading path, each an exact slice of the document (`doc.text[start:end] == text`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Chunker parameters are part of the index manifest: changing them rebuilds the index.
DEFAULT_PARAMS = {"target": 350, "max_sentence": 400, "overlap": 1}

_SENT_END = "。！？；!?;"
_CN_NUM = "一二三四五六七八九十"
# Numbering patterns, outermost first: the index is the heading level.
_HEADING_PATTERNS = (
    re.compile(rf"^[{_CN_NUM}]+、"),
    re.compile(rf"^[（(][{_CN_NUM}]+[）)]"),
)
_MD_HEADING = re.compile(r"^#{1,6}\s*")
_WS = " \t\u3000\u00a0\r\ufeff"


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


def split_sentences(text: str, start: int = 0, end: int | None = None, max_len: int = DEFAULT_PARAMS["max_sentence"]) -> list[Sentence]:
    """Sentences of text[start:end]: ends at 。！？； and line breaks; long runs split at commas,
    then hard at max_len. Spans are trimmed of whitespace and never empty.

    >>> [("一。二；三"[s.start:s.end]) for s in split_sentences("一。二；三")]
    ['一。', '二；', '三']
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    i = start
    seg_start = start
    while i < end:
        ch = text[i]
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
    if start >= end:
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


def chunk_document(doc_name: str, text: str, params: dict | None = None) -> list[Chunk]:
    """Chunks of a document, in order. Each is text[start:end] with its heading path."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    target, overlap = p["target"], p["overlap"]
    # Pass 1: sentences with their heading path; a heading resets the path below its level.
    items: list[tuple[Sentence, tuple[str, ...], int]] = []  # sentence, path, section id
    path: list[tuple[int, str]] = []
    section = 0
    pos = 0
    for raw_line in text.split("\n"):
        line_start, line_end = pos, pos + len(raw_line)
        pos = line_end + 1
        h = heading_of(raw_line)
        if h is not None:
            level, title = h
            # A line in a Markdown title (the report's name) is not a section of its own.
            if not (level == 0 and raw_line.lstrip().startswith("# ") and not path and section == 0 and "报告" in title):
                path = [x for x in path if x[0] < level] + [(level, title)]
                section += 1
        headings = tuple(t for _, t in path)
        for s in split_sentences(text, line_start, line_end, p["max_sentence"]):
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


def heading_spans(text: str) -> list[tuple[int, int, int]]:
    """(level, start, end) of every section heading, the span covering just its title.

    >>> t = "一、回顾\\n（一）稳增长。正文"
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
    return out


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
