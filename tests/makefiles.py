"""Report files in the published formats, built from plain text for the tests (nothing committed).

Each builder lays the report out line by line: a line of the text is a paragraph of the DOCX, a
paragraph of the PDF (wrapped to the page width, with a running header and a page number in the
footer as printed reports have) and a <p> of the HTML page (inside navigation and footer chrome).
"""

from __future__ import annotations

import html
from pathlib import Path

HEADER = "政府工作报告（公开版）"


def paragraphs(text: str) -> list[str]:
    """The report's non-empty lines, Markdown heading marks dropped."""
    return [line.lstrip("#").strip() for line in text.splitlines() if line.strip()]


def make_docx(text: str, path: Path, table: list[list[str]] | None = None, table_after: int = 3) -> Path:
    """A DOCX with one paragraph per line, and optionally a table after paragraph `table_after`."""
    import docx

    d = docx.Document()
    for i, p in enumerate(paragraphs(text)):
        d.add_paragraph(p)
        if table and i + 1 == table_after:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    d.save(str(path))
    return path


def make_pdf(text: str, path: Path, header: str = HEADER, page_style: str = "— {n} —", font_size: float = 12) -> Path:
    """A PDF in reportlab's built-in Chinese CID font (STSong-Light), CJK line wrapping, a
    running header and a page number on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.6, wordWrap="CJK",
                           firstLineIndent=2 * font_size)

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, header)
        canvas.drawCentredString(A4[0] / 2, 30, page_style.format(n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=70, bottomMargin=60)
    story = [Paragraph(html.escape(p), style) for p in paragraphs(text)]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only a drawing (as a scan is only an image): no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for y in range(100, 700, 20):
        c.rect(72, y, 400, 8, fill=1)
    c.showPage()
    c.save()
    return path


NAV = """<header class="site-header"><div class="logo">某省人民政府门户网站</div>
<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/bs">政务服务</a></li>
<li><a href="/hd">互动交流</a></li></ul></nav></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 政府工作报告</div>"""
SHARE = """<div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ空间</a></div>"""
FOOTER = """<footer><div class="links">相关链接：<a>中国政府网</a> <a>国务院部门网站</a></div>
<p>主办单位：某省人民政府办公厅　网站标识码：1100000088　京ICP备05070218号</p></footer>"""
SCRIPT = """<script>var _hmt = _hmt || []; document.write("统计代码");</script><style>.menu{color:red}</style>"""


def make_html(text: str, path: Path, title: str = "政府工作报告") -> Path:
    """A government web page: head with scripts, navigation, breadcrumb, the report as <p>s,
    share buttons and a footer."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_某省人民政府门户网站</title>
{SCRIPT}</head><body>{NAV}
<div class="main"><div class="article"><h1>{html.escape(title)}</h1><div class="info">发布时间：2025-01-20　来源：某省日报　【字体：大 中 小】</div>
<div class="content" id="zoom">
{body}
</div>{SHARE}</div>
<aside class="sidebar"><h3>热点专题</h3><ul><li><a>学习贯彻党的二十届三中全会精神</a></li><li><a>优化营商环境</a></li></ul></aside></div>
{FOOTER}<script>console.log("尾部脚本")</script></body></html>"""
    path.write_text(page, encoding="utf-8")
    return path
