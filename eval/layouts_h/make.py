"""Build the layout test corpus in eval/layouts_h/ from real report text.

A fifth layout corpus like eval/layouts/, eval/layouts_d/, eval/layouts_e/ and eval/layouts_g/, on other
reports and, new here, in the file kinds users index as they arrive:
- `网页_*.html`: a complete web page as a browser saves it (doctype, head with charset, title, a script and a
  style block, a site header with a navigation list, a breadcrumb, the article, a footer): the Jiangxi report
  and the 2022 Dadukou seed report. Each paragraph is a <p>; some are indented with &nbsp;&nbsp; or ideographic
  spaces, headings are wrapped in <strong>, in a few paragraphs a figure and its unit are split by an inline
  tag (<span>151.9</span>亿元), in a few the quotation marks are written as &ldquo; &rdquo;; tables of the DOCX,
  if any, follow as <table>.
- `2025年青海省政府工作报告.pdf`: a real PDF, the Qinghai DOCX converted by LibreOffice
  (`soffice --headless --convert-to pdf`); its creation date and document ID are fixed afterwards.
- `繁體_*.docx`: a real DOCX written with python-docx, each paragraph (and table cell) of the Liaoning report
  converted to traditional characters; the zip entries and core properties carry fixed dates.
- `繁体_*.txt`: the 2018 Dadukou seed report in traditional characters.
- `PDF提取_*.txt`: the Tianjin and Yunnan reports as PDF-extracted text (hard line breaks, running header,
  page lines, stray spaces).
- `新闻摘要_*.txt`: hand-written news summaries of the Guangxi, Hebei and Chongqing reports.
The traditional, PDF-text and DOCX-reading helpers come from ../layouts/make.py (imported, not copied).

Deterministic: the same inputs give byte-identical files (fixed random seeds, no clock; the PDF needs the same
LibreOffice and fonts). Usage: python eval/layouts_h/make.py [--corpus DIR] [--seeds DIR]
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import html
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # leave no __pycache__ in ../layouts/
sys.path.insert(0, str(OUT.parent))  # eval/, so that ../layouts/make.py imports as layouts.make

from layouts.make import build, docx_text, pdf_like, traditional  # noqa: E402

SEED_WEB = "003_bf58757498efd4fd.txt"  # Dadukou district, 2022 report
SEED_TRAD = "000_4bada5999176aa19.txt"  # Dadukou district, 2018 report
FIXED_TIME = datetime.datetime(2025, 1, 20, 9, 0, 0, tzinfo=datetime.timezone.utc)

# --------------------------------------------------------------------------------------------------------
# A saved web page
# --------------------------------------------------------------------------------------------------------

_NAV = ("首页", "要闻动态", "政务公开", "政务服务", "互动交流", "数据发布", "走进{short}")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|——)")
_LEAD = re.compile(r"^([^。，；：！]{2,14}。)")  # a short lead sentence: '扩大有效投资。'
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(亿元|万元|万人|万亩|万户|亿斤|公里|家|个|%)")
_INDENTS = ("&nbsp;&nbsp;", "\u3000\u3000", "&nbsp;&nbsp;&nbsp;&nbsp;", "")

_SCRIPT = """
  var _hmt = _hmt || [];
  (function () {
    var hm = document.createElement("script");
    hm.src = "/js/stat.js?v=20250120";
    var s = document.getElementsByTagName("script")[0];
    s.parentNode.insertBefore(hm, s);
  })();
  function setFontSize(size) {
    var box = document.getElementById("zoom");
    if (box) { box.style.fontSize = size + "px"; }
  }
"""

_STYLE = """
  body { margin: 0; font-family: "Microsoft YaHei", SimSun, sans-serif; color: #333; }
  .site-header { background: #b5120f; color: #fff; }
  .site-header ul { list-style: none; margin: 0; padding: 0 20px; }
  .site-header li { display: inline-block; padding: 12px 16px; }
  .site-header a { color: #fff; text-decoration: none; }
  .breadcrumb { width: 1000px; margin: 12px auto; font-size: 14px; color: #666; }
  .article { width: 1000px; margin: 0 auto; }
  .article h1 { text-align: center; font-size: 26px; }
  .article .info { text-align: center; font-size: 14px; color: #888; border-bottom: 1px solid #ddd; }
  #zoom p { line-height: 2; font-size: 18px; }
  .site-footer { margin-top: 40px; background: #f2f2f2; text-align: center; font-size: 13px; }
"""


def _paragraph(par: str, rng: random.Random) -> str:
    """One report paragraph as page markup (escaped text, then the page's own quirks)."""
    body = html.escape(par, quote=False)
    if _HEADING.match(par) and len(par) <= 40:
        body = f"<strong>{body}</strong>"
    elif _HEADING.match(par) and "。" in body:  # '（一）heading sentence。 the paragraph goes on'
        head, rest = body.split("。", 1)
        body = f"<strong>{head}。</strong>{rest}"
    else:
        m = _LEAD.match(body)
        if m and rng.random() < 0.7:
            body = f"<strong>{m.group(1)}</strong>{body[m.end():]}"
    if rng.random() < 0.18:  # a figure and its unit split by an inline tag, as pages built from a CMS have
        body = _FIGURE.sub(r'<span class="num">\1</span>\2', body, count=2)
    if rng.random() < 0.15:
        body = body.replace("“", "&ldquo;").replace("”", "&rdquo;")
    return f"<p>{rng.choice(_INDENTS)}{body}</p>"


def _table(rows: list[list[str]]) -> str:
    out = ['<table class="report-table" border="1" cellspacing="0" cellpadding="4"><tbody>']
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(c, quote=False)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def web_page(text: str, *, page_title: str, site: str, short: str, site_code: str, seed: int,
             tables: list[list[list[str]]] = ()) -> str:
    """A report as a browser saves its web page: the report's paragraphs (lines of `text`, blank ones dropped)
    as <p> in the article, `tables` (rows of cell texts) after them, navigation, breadcrumb and footer
    around."""
    rng = random.Random(seed)
    pars = [p.strip() for p in text.split("\n")]
    pars = [p for p in pars if p]
    day = rng.randint(18, 26)
    hour, minute = rng.randint(8, 17), rng.choice((0, 10, 15, 30, 45))
    nav = "\n".join(f'      <li><a href="/{k}/">{n.format(short=short)}</a></li>' for k, n in enumerate(_NAV))
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="keywords" content="政府工作报告,{html.escape(short)}">',
        f"<title>{html.escape(page_title)}_{html.escape(site)}</title>",
        f"<script>{_SCRIPT}</script>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        '<header class="site-header">',
        f'  <div class="logo"><a href="/">{html.escape(site)}</a></div>',
        "  <nav>",
        "    <ul>",
        nav,
        "    </ul>",
        "  </nav>",
        "</header>",
        '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/0/">要闻动态</a> &gt; '
        '<a href="/0/zwyw/">政务要闻</a></div>',
        '<div class="article">',
        f"  <h1>{html.escape(page_title)}</h1>",
        f'  <div class="info">来源：{html.escape(site)}&nbsp;&nbsp;&nbsp;发布时间：2025-01-{day} '
        f'{hour:02d}:{minute:02d}&nbsp;&nbsp;&nbsp;字号：<a href="javascript:setFontSize(20)">大</a> '
        '<a href="javascript:setFontSize(18)">中</a> <a href="javascript:setFontSize(16)">小</a></div>',
        '  <div class="content" id="zoom">',
    ]
    lines += [_paragraph(p, rng) for p in pars]
    lines += [_table(t) for t in tables]
    year = 2025
    lines += [
        "  </div>",
        '  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a>'
        '&nbsp;&nbsp;<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">'
        "【关闭窗口】</a></div>",
        "</div>",
        '<footer class="site-footer">',
        f"  <p>版权所有：{html.escape(site)}&nbsp;&nbsp;Copyright &copy; {year} All Rights Reserved</p>",
        f"  <p>网站标识码：{site_code}&nbsp;&nbsp;建议使用1366×768分辨率浏览本站</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def docx_tables(path: Path) -> list[list[list[str]]]:
    import docx

    return [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(path)).tables]


# --------------------------------------------------------------------------------------------------------
# A real PDF (LibreOffice) and a real DOCX (python-docx), both with fixed dates
# --------------------------------------------------------------------------------------------------------

_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_PDF_ID = re.compile(rb"/ID \[ ?<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})> ?\]")
_PDF_SUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]{32})")


def real_pdf(docx_path: Path, name: str) -> bytes:
    """`docx_path` converted by LibreOffice; the dates, the document ID and LibreOffice's /DocChecksum (all
    clock-dependent) are rewritten with strings of the same length, so the cross-reference offsets stay right:
    the dates with a fixed date, the two hashes with the MD5 of the file without them."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}.docx"
        shutil.copyfile(docx_path, src)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], check=True, capture_output=True)
        data = (Path(tmp) / f"{name}.pdf").read_bytes()
    data = _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + FIXED_TIME.strftime("%Y%m%d%H%M%S").encode(), data)
    if len(_PDF_ID.findall(data)) != 1 or len(_PDF_SUM.findall(data)) > 1:
        raise SystemExit("make.py: expected one /ID and at most one /DocChecksum in the PDF")
    digest = hashlib.md5(_PDF_SUM.sub(b"", _PDF_ID.sub(b"", data))).hexdigest().upper().encode()
    data = _PDF_SUM.sub(lambda m: m.group(0).replace(m.group(1), digest), data)
    return _PDF_ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), data)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (python-docx stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def traditional_docx(docx_path: Path, title: str) -> bytes:
    """Each paragraph and table cell of the DOCX at `docx_path` converted with `traditional()`, written as a
    new DOCX. Runs keep their boundaries and bold where the conversion keeps the length (it does for these
    reports), so headings stay bold."""
    import docx

    src = docx.Document(str(docx_path))
    doc = docx.Document()
    for p in src.paragraphs:
        conv = traditional(p.text)
        par = doc.add_paragraph()
        runs = [(r.text, r.bold) for r in p.runs]
        if len(conv) == len(p.text) and "".join(t for t, _ in runs) == p.text:
            at = 0
            for t, bold in runs:
                if t:
                    par.add_run(conv[at:at + len(t)]).bold = bold
                    at += len(t)
        else:
            par.add_run(conv)
    for t in src.tables:
        rows, cols = len(t.rows), len(t.columns)
        table = doc.add_table(rows=rows, cols=cols)
        for i, r in enumerate(t.rows):
            for j, c in enumerate(r.cells[:cols]):
                table.cell(i, j).text = traditional(c.text)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = traditional(title), "", "", 1
    cp.created = cp.modified = FIXED_TIME.replace(tzinfo=None)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


# --------------------------------------------------------------------------------------------------------
# News-style summaries written by hand from the reports; every figure is copied as the report writes it
# --------------------------------------------------------------------------------------------------------

NEWS = {
    "新闻摘要_广西政府工作报告.txt": """广西壮族自治区政府工作报告：2024年全区地区生产总值增长4.2%左右
（新闻摘要）
1月13日，广西壮族自治区主席蓝天立在广西壮族自治区第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，初步预计2024年全区地区生产总值增长4.2%左右，一、二、三产业增加值分别增长4%、5.3%、3.4%，外贸进出口总额增长9.4%，一般公共预算收入增长3%，粮食产量280.76亿斤。规模以上工业增加值增长7.5%，工业对GDP增长贡献率45%，规模以上工业企业利润增长45.7%，新增规模以上工业企业1209家，新能源汽车、光伏电池、风力发电机组等产量成倍增长。
高速公路里程突破1万公里，全面实现市市通高铁，西部陆海新通道海铁联运班列年开行突破万列。平陆运河投资完成工程概算的64.6%，北部湾港新建成运营5个泊位。
开放方面，全区招商引资新签约项目2433个，落地项目完成投资3185亿元；对东盟进出口增长16.5%，南宁机场国际货邮吞吐量增长23.2%。消费品以旧换新带动销售额317.5亿元，接待游客人数和旅游收入分别增长10.8%、11.1%。
生态方面，空气质量优良天数比率97.1%，新能源装机占比提高到41.9%，完成植树造林434万亩，修复和新造红树林1.7万亩。
民生方面，城镇新增就业40.5万人，城镇和农村居民人均可支配收入分别增长4.3%和7.1%；改造城镇老旧小区1376个、14万户，建设保障性安居工程住房10.2万套，农村自来水普及率提高到90.6%。
报告提出，今年广西经济社会发展的主要预期目标是：全区地区生产总值增长5%左右，城镇新增就业32万人以上，粮食产量282亿斤左右，糖料蔗种植面积稳定在1100万亩以上，外贸进出口总额增长5%以上。
报告部署，自治区层面统筹推进重大项目2200个以上，完成投资5000亿元以上，力争固定资产投资增长3%；高速公路新增通车里程400公里以上；植树造林380万亩以上；筹措资金835亿元以上，实施十大为民办实事工程。
（本文根据2025年广西壮族自治区政府工作报告整理）
""",
    "新闻摘要_河北省政府工作报告.txt": """河北省政府工作报告：2024年全省生产总值增长5.4%
（新闻摘要）
1月13日，河北省人民政府省长王正谱在河北省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年全省生产总值增长5.4%，规上工业增加值增长7.5%，固定资产投资增长6.8%，社会消费品零售总额增长5.5%，进出口总值增长5.5%，居民人均可支配收入增长5.4%，主要经济指标增速高于全国平均水平。
河北争取增发国债项目资金1221.9亿元、居全国首位。出口总值增长6.3%，其中电动汽车、锂电池、光伏产品出口增长77.6%。
协同发展方面，与京津共建6条产业链，引进央企二、三级子公司332家，吸纳京津技术合同成交额增长34.8%，京津冀1053个事项“跨省通办”。
创新方面，新增国家级高新技术企业超800家，科技型中小企业总数达2.49万家，全省技术合同成交额1900亿元；新增国家级制造业单项冠军14家、专精特新“小巨人”企业38家。
粮食总产781.8亿斤，创历史最高水平，建成高标准农田450万亩。港口货物吞吐量突破14亿吨，中欧班列开行超800列。
民生方面，城镇新增就业89.9万人，建成棚改安置房9万套，改造老旧小区827个，新增普惠托位5414个，改造农村户厕42.5万座。生产安全事故起数、死亡人数下降17.6%、11.6%。河北体育健儿在巴黎奥运会、残奥会上勇夺4金、13金。
报告提出，今年河北经济社会发展的主要预期目标是：地区生产总值增长5%以上，一般公共预算收入增长2%左右，规上工业增加值增长5.5%左右，固定资产投资增长5.5%左右，社会消费品零售总额增长5%左右，城镇调查失业率控制在5.5%左右。
报告部署，年内省重点建设项目完成投资2300亿元，技术合同成交额达到2000亿元，新增省级专精特新企业600家，确保粮食总产740亿斤以上，完成营造林600万亩，改造农村户厕20.6万座，城镇新增就业86万人，改造城镇老旧小区500个以上。
（本文根据2025年河北省政府工作报告整理）
""",
    "新闻摘要_重庆市政府工作报告.txt": """重庆市政府工作报告：2024年全市地区生产总值达到32193.15亿元
（新闻摘要）
1月19日，重庆市人民政府市长胡衡华在重庆市第六届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年全市地区生产总值达到32193.15亿元、增长5.7%，人均地区生产总值突破10万元，规上工业增加值增长7.3%，服务业增加值增长6.8%，工业投资、民间投资分别增长11.2%、8.1%，社会消费品零售总额增长3.6%。
新能源汽车产量达到95.3万辆，汽车产业增加值增长26.7%，战略性新兴产业增加值占规上工业增加值的比重达到34.6%，全社会研发投入强度预计达到2.6%。
高新技术企业、科技型企业分别增至8837家、69820家，技术合同成交额突破970亿元；新增软件企业超过6400家、主营业务收入预计达到4200亿元、从业人员达到43.8万人。
西部陆海新通道通达127个国家和地区的555个港口，重庆经通道货运量、货运值分别增长41%、67%；中欧班列（成渝）累计开行3.6万列；新设外资企业792家。
城镇新增就业71.9万人，新增留渝来渝青年34.5万人；轨道交通运营里程达到575公里；国内游客总花费增长16.7%，入境游客人次翻了一番多。空气质量优良天数达到329天、同比增加4天，巴渝和美乡村达标覆盖率达到30%以上。
报告提出，今年重庆经济社会发展的主要预期目标是：地区生产总值增长6%左右，固定资产投资增长5%，社会消费品零售总额增长5%，城镇新增就业65万人，一般公共预算收入增长4.5%，全体居民人均可支配收入增长6%左右。
报告部署，新实施1500个工业技改项目，带动工业投资增长10%；力争高新技术企业突破1万家、科技型企业突破7.5万家，软件从业人员突破50万人；力争空气质量优良天数达到338天以上，巴渝和美乡村达标覆盖率达到60%；力争全市文化产业和旅游业增加值均突破1450亿元；接续办好15件重点民生实事。
（本文根据2025年重庆市政府工作报告整理）
""",
}


def main() -> None:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/provinces-2025"))
    corpus = ap.parse_known_args()[0].corpus  # build() reads the same options again
    jiangxi = corpus / "2025年江西省政府工作报告.docx"
    build(OUT, __doc__, lambda prov, seed: {
        "网页_2025年江西省政府工作报告.html": web_page(
            prov("江西省"),
            page_title="2025年江西省政府工作报告", site="江西省人民政府", short="江西", site_code="3600000001",
            seed=71, tables=docx_tables(jiangxi)),
        "网页_大渡口区2022年政府工作报告.html": web_page(
            seed(SEED_WEB), page_title="大渡口区2022年政府工作报告", site="重庆市大渡口区人民政府",
            short="大渡口", site_code="5001040001", seed=73),
        "繁体_2018年大渡口区政府工作报告.txt": traditional(seed(SEED_TRAD)),
        "PDF提取_2025年天津市政府工作报告.txt": pdf_like(prov("天津市"), "2025年天津市政府工作报告", seed=61),
        "PDF提取_2025年云南省政府工作报告.txt": pdf_like(
            prov("云南省"), "云南省第十四届人民代表大会第三次会议文件", seed=67),
        **NEWS,
    })
    for name, data in (
        ("2025年青海省政府工作报告.pdf", real_pdf(corpus / "2025年青海省政府工作报告.docx", "2025年青海省政府工作报告")),
        ("繁體_2025年遼寧省政府工作報告.docx", traditional_docx(
            corpus / "2025年辽宁省政府工作报告.docx", "2025年辽宁省政府工作报告")),
    ):
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    liaoning = docx_text(corpus / "2025年辽宁省政府工作报告.docx")
    if docx_text(OUT / "繁體_2025年遼寧省政府工作報告.docx") != traditional(liaoning):
        raise SystemExit("make.py: the traditional DOCX does not read as the converted report")


if __name__ == "__main__":
    main()
