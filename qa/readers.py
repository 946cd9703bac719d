"""Readers for reports as they are published: DOCX, PDF and HTML bytes → the text citations slice.

Each reader returns an `Extracted`: the text (what the index stores and every span of the report
points into), where each page (PDF) or paragraph (DOCX) starts in it, the ranges that are not
evidence (a PDF's running headers, footers and page numbers), and the extractor and its version
(the same bytes may extract to other text under another version, which `qa verify` reports).

Libraries (chosen by measurement, see README "Formats"): python-docx, pypdf, readability-lxml.
"""

from __future__ import annotations

import bisect
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from .errors import DocumentError

# Old binary formats: no reader; the message names the converter.
OLD_FORMATS = {".doc": "Word 97-2003", ".wps": "WPS Office"}
KINDS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
_LIBRARY = {"docx": "python-docx", "pdf": "pypdf", "html": "readability-lxml"}
UNITS = {"pdf": "page", "docx": "paragraph"}


@dataclass(frozen=True)
class Extracted:
    text: str
    extractor: str  # library and version, e.g. 'pypdf 7.1.1'
    starts: list[int] = field(default_factory=list)  # offset where page/paragraph 1, 2, … starts
    noise: list[tuple[int, int]] = field(default_factory=list)  # not evidence: headers, footers, page numbers


def kind_of(suffix: str) -> str:
    """'text' for .txt/.md, else the reader's kind ('docx', 'pdf', 'html')."""
    return KINDS.get(suffix.lower(), "text")


@lru_cache(maxsize=None)
def extractor_name(kind: str) -> str | None:
    """The library and version that reads a kind of file, or None for plain text."""
    lib = _LIBRARY.get(kind)
    if lib is None:
        return None
    try:
        return f"{lib} {version(lib)}"
    except PackageNotFoundError:
        return f"{lib} (version unknown)"


def unit_number(starts: list[int], offset: int) -> int | None:
    """The 1-based page or paragraph an offset falls in, given where each starts.

    >>> unit_number([0, 10, 25], 12)
    2
    """
    if not starts:
        return None
    return max(1, bisect.bisect_right(starts, offset))


def old_format_message(path: str, suffix: str) -> str:
    what = OLD_FORMATS.get(suffix.lower(), "an old binary")
    return (f"{path}: is a {what} binary file, which qa cannot read; convert it with "
            f"'libreoffice --headless --convert-to docx \"{path}\"' and index the .docx")


def extract(raw: bytes, kind: str, path: str) -> Extracted:
    """The text of a DOCX, PDF or HTML file; DocumentError (naming `path` and the next step) when
    the file cannot give any."""
    reader = {"docx": read_docx, "pdf": read_pdf, "html": read_html}[kind]
    out = reader(raw, path)
    if not out.text.strip():
        raise DocumentError(f"{path}: holds no text; nothing to index.")
    return out


# --- joining Chinese text --------------------------------------------------------------------

# Chinese characters, CJK punctuation, full-width forms and the quotes and dashes Chinese text
# uses. A space next to one of these (with a letter or figure on the other side) is an artefact of
# glyph positioning or HTML source layout: written Chinese puts no spaces there.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
_NEAR = "0-9A-Za-z%.+\\-"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}{_NEAR}])|(?<=[{_NEAR}]) +(?=[{_CJK}])")
_EDGE_SPACES = re.compile(r"(?m)^ +| +$")


def join_cjk(text: str) -> str:
    """Drop the ASCII spaces an extractor put between Chinese characters (and between them and
    figures), and at line starts and ends; other spaces stay.

    >>> join_cjk("产 总 值 31534 亿元、 增 长 3.3%  \\n Hello world")
    '产总值31534亿元、增长3.3%\\nHello world'
    """
    return _CJK_GAP.sub("", _EDGE_SPACES.sub("", text))


# --- DOCX ------------------------------------------------------------------------------------

def read_docx(raw: bytes, path: str) -> Extracted:
    """Body paragraphs and tables in document order: one line per paragraph, one line per table
    row with its cells separated by tabs. Paragraph n of the map is the n-th such line."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError as NotDocx
    from docx.oxml.ns import qn

    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError(f"{path}: is named .docx but is a Word 97-2003 binary file, which qa cannot read; rename it to .doc, "
                            f"convert that with 'libreoffice --headless --convert-to docx FILE.doc' and index the .docx.")
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, NotDocx, KeyError, ValueError) as exc:
        raise DocumentError(f"{path}: is not a valid DOCX file (not a zip archive with a Word document: {str(exc)[:80]}); "
                            f"re-save it as .docx from Word or LibreOffice.") from None
    except Exception as exc:  # lxml and zip errors of damaged files have many types
        raise DocumentError(f"{path}: cannot be read as DOCX ({type(exc).__name__}: {str(exc)[:80]}); re-save it as .docx from Word or LibreOffice.") from None
    lines: list[str] = []

    def block(el) -> None:
        tag = el.tag
        if tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            lines.append(Paragraph(el, document).text)
        elif tag == qn("w:tbl"):
            from docx.table import Table

            for row in Table(el, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text for p in cell.paragraphs if p.text.strip()))
                lines.append("\t".join(cells))
        elif tag == qn("w:sdt"):  # a content control (a cover page, a table of contents) holds blocks
            content = el.find(qn("w:sdtContent"))
            for child in (content if content is not None else []):
                block(child)

    for child in document.element.body.iterchildren():
        block(child)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return Extracted(text="\n".join(lines), extractor=extractor_name("docx"), starts=starts)


# --- PDF -------------------------------------------------------------------------------------

# A lone page number: '7', '- 7 -', '— 7 —', '第7页', '7/30', '第 7 页 共 30 页'.
_PAGE_NO = re.compile(r"^[\s\-—–－~·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—–－~·]*$")
_EDGE_LINES = 2  # lines at the top and at the bottom of a page where headers and footers sit


def read_pdf(raw: bytes, path: str) -> Extracted:
    """Each page's text layer (pypdf), pages joined by a line break, with its running headers,
    footers and page numbers recorded as noise."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    # pypdf logs every oddity of a damaged file as a warning; what matters reaches the user below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            # Many published PDFs are encrypted with an empty user password (copy protection only).
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise DocumentError(f"{path}: is encrypted with AES, which needs the 'cryptography' package; install it (pip install cryptography) and index again.") from None
            if not opened:
                raise DocumentError(f"{path}: is encrypted with a password; save a copy without the password (or print it to PDF) and index that.")
        pages = [join_cjk((page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")) for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many types on damaged files
        raise DocumentError(f"{path}: cannot be read as PDF ({type(exc).__name__}: {str(exc)[:80]}); check that the file is a complete PDF.") from None
    if not pages:
        raise DocumentError(f"{path}: has no pages; nothing to index.")
    if not any(p.strip() for p in pages):
        raise DocumentError(f"{path}: has no text layer; run OCR first (e.g. 'ocrmypdf \"{path}\" out.pdf') and index the result.")
    starts, pos = [], 0
    for p in pages:
        starts.append(pos)
        pos += len(p) + 1
    text = "\n".join(pages)
    return Extracted(text=text, extractor=extractor_name("pdf"), starts=starts, noise=page_noise(text, starts))


def _edge_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the first and last few non-blank lines of text[start:end], stripped."""
    spans, pos = [], start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    if len(spans) <= 2 * _EDGE_LINES:
        return spans
    return spans[:_EDGE_LINES] + spans[-_EDGE_LINES:]


def page_noise(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Ranges of running headers and footers (a short line at a page's top or bottom repeated,
    figures aside, on at least half of the pages) and lone page numbers.

    >>> t = "报告\\n一、回顾。\\n— 1 —\\n报告\\n二、任务。\\n— 2 —"
    >>> [t[s:e] for s, e in page_noise(t, [0, 14])]
    ['报告', '— 1 —', '报告', '— 2 —']
    """
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    edges = [_edge_lines(text, s, e) for s, e in bounds]

    def key(span: tuple[int, int]) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", text[span[0]:span[1]]))

    counts = Counter(k for page in edges for k in {key(sp) for sp in page if sp[1] - sp[0] <= 60})
    need = max(2, (len(bounds) + 1) // 2)
    out = []
    for page in edges:
        for sp in page:
            if _PAGE_NO.match(text[sp[0]:sp[1]]) or (len(bounds) >= 2 and sp[1] - sp[0] <= 60 and counts[key(sp)] >= need):
                out.append(sp)
    return sorted(set(out))


# --- HTML ------------------------------------------------------------------------------------

_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "table", "tbody", "thead", "tfoot", "tr", "blockquote", "pre", "center", "figure", "figcaption", "form", "hr",
          "address", "caption"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_WS_RUN = re.compile(r"[ \t\r\n\f\v]+")
# Page chrome that sits inside the article container on government sites: share buttons, font
# size switches, print and close links, 'open on your phone' codes.
_CHROME_LINE = re.compile(r"^(?:分享到|分享：|扫一扫|打印本页|关闭窗口|【?\s*(?:打印|关闭|收藏)\s*】?$)")
_CHROME_BITS = re.compile(r"【\s*(?:字体|字号|打印|关闭|收藏|分享)[^】]{0,20}】|\[\s*(?:打印|关闭)\s*\]")
# Fewer letters and figures than this after the title is no report: a notice, or a page whose
# text is loaded by script.
_MIN_MAIN = 100
# Source line breaks (with the indentation around them) between Chinese characters are layout
# of the HTML file, not of the text.
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")


def _decode_html(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    declared = _CHARSET.search(raw[:4096])
    encodings = ["utf-8"] + ([declared.group(1).decode("ascii").lower()] if declared else []) + ["gb18030"]
    for enc in encodings:
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"  # a superset: pages labelled GB2312 use GBK characters
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError(f"{path}: is neither UTF-8 nor the encoding it declares; re-save the page as UTF-8.")


def read_html(raw: bytes, path: str) -> Extracted:
    """The page's main text (readability-lxml picks the article; navigation, scripts, footers and
    share buttons fall away), one line per block, the page's <h1> title first when the article
    leaves it out."""
    import lxml.html
    from readability import Document as Readable

    page = _decode_html(raw, path)
    if not page.strip():
        raise DocumentError(f"{path}: is an empty web page; nothing to index.")
    try:
        main = Readable(page).summary(html_partial=True)
        tree = lxml.html.fromstring(page)
    except Exception as exc:  # readability raises its own Unparseable and lxml's errors
        raise DocumentError(f"{path}: cannot be parsed as HTML ({type(exc).__name__}: {str(exc)[:80]}); save the page again or its text as .txt.") from None
    lines = [kept for line in html_lines(main) if (kept := _CHROME_BITS.sub("", line).strip()) and not _CHROME_LINE.match(kept)]
    title = next((_WS_RUN.sub(" ", _CJK_WRAP.sub("", h.text_content())).strip() for h in tree.iter("h1") if h.text_content().strip()), "")
    if title and len(title) <= 80 and not any(title in line for line in lines[:3]):
        lines.insert(0, title)
    text = "\n".join(lines)
    if sum(1 for ch in "\n".join(lines[1:]) if ch.isalnum()) < _MIN_MAIN:
        raise DocumentError(f"{path}: has no main text (only navigation, scripts or a short notice); save the report's own page, or its PDF/DOCX, and index that.")
    return Extracted(text=text, extractor=extractor_name("html"))


def html_lines(fragment: str) -> list[str]:
    """Text of an HTML fragment: a line per block element and <br>, table cells separated by a
    tab, source whitespace collapsed (a source line break between Chinese characters dropped), no
    blank lines.

    >>> html_lines("<div><p>地区生产总值\\n  增长5%</p><p>ok <b>go</b></p></div>")
    ['地区生产总值增长5%', 'ok go']
    """
    import lxml.html

    if not fragment.strip():
        return []
    root = lxml.html.fromstring(fragment)
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            if el.tail:
                parts.append(el.tail)
            return
        if tag in _BLOCK:
            parts.append("\n")
        elif tag == "br":
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = []
    for raw_line in "".join(_keep_breaks(p) for p in parts).split("\n"):
        cells = [_WS_RUN.sub(" ", c).strip() for c in raw_line.split("\t")]
        line = "\t".join(c for c in cells if c)
        if line.strip():
            lines.append(line)
    return lines


def _keep_breaks(part: str) -> str:
    """Structural breaks ('\\n' and '\\t' added by the walk) stay; source whitespace becomes a space."""
    if part in ("\n", "\t"):
        return part
    return _WS_RUN.sub(" ", _CJK_WRAP.sub("", part))
