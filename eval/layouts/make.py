"""Build the layout test corpus in eval/layouts/ from real report text.

The same facts as the provincial DOCX reports and a seed report, in layouts the tool meets in the
wild: traditional characters, text extracted from a PDF (hard line breaks, running headers, page
numbers, stray spaces), short news summaries, and a district report whose header names no place.

Deterministic: the same inputs give byte-identical files (fixed random seeds, no clock).
Usage: python eval/layouts/make.py [--corpus DIR] [--seeds DIR]
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent
LINES_PER_PAGE = 45


def docx_text(path: Path) -> str:
    """A DOCX report's text: paragraphs joined by newlines, then table cells, row by row."""
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.extend(c.text for c in r.cells)
    return "\n".join(parts)


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


_NUM = set("0123456789.%％")
_UNIT = re.compile(r"(\d(?:[\d.]*\d)?)(亿|万|元|个|家|公里|人|项|户)")
_CJK_NUM = re.compile(r"([\u4e00-\u9fff])(\d)")


def _spaces(par: str, rng: random.Random) -> str:
    """Stray spaces as PDF extraction leaves them: '394.8 亿元', '增长 5.8%'."""
    par = _UNIT.sub(lambda m: m.group(1) + (" " if rng.random() < 0.25 else "") + m.group(2), par)
    return _CJK_NUM.sub(lambda m: m.group(1) + (" " if rng.random() < 0.12 else "") + m.group(2), par)


def _wrap(par: str, rng: random.Random) -> list[str]:
    """Hard line breaks every 30-40 characters; never inside a number, sometimes between a number and its unit."""
    lines, start, i = [], 0, 1
    target = rng.randint(30, 40)
    while i < len(par):
        prev, cur = par[i - 1], par[i]
        allowed = not (prev in _NUM and cur in _NUM) and prev != " " and cur != " "
        length = i - start
        unit_break = prev.isdigit() and cur in "亿万元" and length >= target - 6 and rng.random() < 0.6
        if allowed and (length >= target or unit_break):
            lines.append(par[start:i])
            start, target = i, rng.randint(30, 40)
        i += 1
    lines.append(par[start:])
    return lines


def pdf_like(text: str, header: str, seed: int) -> str:
    rng = random.Random(seed)
    lines: list[str] = []
    for par in text.split("\n"):
        par = par.strip().lstrip("\u3000")
        if par:
            lines.extend(_wrap(_spaces(par, rng), rng))
    out, page = [], 1
    for k in range(0, len(lines), LINES_PER_PAGE):
        if page > 1:
            out.append(header)
        out.extend(lines[k:k + LINES_PER_PAGE])
        out.append(f"— {page} —")
        page += 1
    return "\n".join(out) + "\n"


def headless_district(seed_text: str) -> str:
    """The 2019 Yuzhong report with a header that names no place; the body is unchanged."""
    swaps = [
        ("2019年重庆市渝中区人民政府工作报告", "政府工作报告"),
        ("——2019年1月13日渝中区第十八届人民代表大会第四次会议上", "——2019年1月13日在区第十八届人民代表大会第四次会议上"),
        ("重庆市渝中区人民政府区长 商奎", "区长 商奎"),
    ]
    for old, new in swaps:
        if seed_text.count(old) != 1:
            raise SystemExit(f"make.py: header line not found once in the seed report: {old}")
        seed_text = seed_text.replace(old, new)
    return seed_text


# News-style summaries written by hand from the reports; every figure is copied as the report writes it.
NEWS = {
    "新闻摘要_山东省政府工作报告.txt": """山东省政府工作报告：2024年全省地区生产总值9.86万亿元
（新闻摘要）
1月20日，山东省省长周乃翔在山东省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年全省经济运行稳健向好、进中提质，实现地区生产总值9.86万亿元、增长5.7%，增速高于全国0.7个百分点。
工业增势强劲，规上工业增加值增长8.3%，高于全国2.5个百分点；国家级制造业单项冠军235个、居全国首位。
服务业增加值达5.23万亿元、增长5.4%；社会消费品零售总额达3.79万亿元、增长5%。
外经外贸持续提升，进出口达3.38万亿元、出口首次突破2万亿元；实际使用外资118.1亿美元，规模居全国第五位。
全社会研发投入增长9.4%，高于全国1个百分点。
新能源和可再生能源发电装机达1.15亿千瓦，占比历史性超过煤电。
交通、能源、水利分别完成投资3252亿元、2140亿元、748亿元。
粮食总产1142亿斤，再创历史新高。
财政民生支出首次突破万亿元、占比80%左右，城镇新增就业124.5万人。
报告提出，2025年经济社会发展主要预期目标是：地区生产总值增长5%以上，一般公共预算收入增长3%，城镇调查失业率5.5%左右，城镇新增就业110万人以上。
报告说，今年将办好20项重点民生实事。
（本文根据2025年山东省政府工作报告整理）
""",
    "新闻摘要_四川省政府工作报告.txt": """四川省政府工作报告：经济总量达到64697亿元，保持全国第5位
（新闻摘要）
1月20日，四川省人民政府省长施小琳在四川省第十四届人民代表大会第四次会议上作政府工作报告。
报告回顾，2024年全省地区生产总值增长5.7%，高于全国0.7个百分点，经济总量达到64697亿元，保持全国第5位。
第一产业增加值增长2.5%，规模以上工业增加值增长6.6%，服务业增加值增长6.3%。
固定资产投资增长2.4%，社会消费品零售总额增长4.2%，进出口总额增长9.4%、重回万亿元规模。
发展动能加快汇聚，29项成果获国家科学技术奖励。
新增国家高新技术企业1200家，总量达到1.8万家；国家先进制造业集群增至5个。
经营主体新增105万户，达到920万户。
成渝地区双城经济圈合作共建重点项目完成年度投资5200亿元，川渝通办事项扩展至355项。
常住人口城镇化率突破60%。
成都国际航空枢纽年旅客吞吐量增长16.6%，突破8700万人次、居全国第3位。
外商直接投资实际到位资金26.1亿美元。
新建成高速公路507公里，全省通车总里程突破1万公里。
全省粮食产量726.8亿斤，再创历史新高；生猪出栏6150万头，保持全国第1位。
全省城乡居民人均可支配收入分别增长4.7%、6.6%。
30件年度民生实事全面完成。城镇新增就业106万人，城镇调查失业率平均为5.3%。
人均预期寿命达到78.5岁。
报告提出，今年发展主要预期目标是：地区生产总值增长5.5%以上；城镇新增就业85万人，城镇调查失业率5.5%左右；居民消费价格涨幅2%左右；地方一般公共预算收入增长2%；粮食产量725亿斤以上。
（本文根据2025年四川省政府工作报告整理）
""",
    "新闻摘要_甘肃省政府工作报告.txt": """甘肃省政府工作报告：2024年地区生产总值达到1.3万亿元
（新闻摘要）
1月20日，甘肃省省长任振鹤在甘肃省第十四届人民代表大会第三次会议上作政府工作报告。
报告说，“十四五”以来，全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%，增速居全国第3位。
人均地区生产总值突破5万关口、达到5.28万元。
第一产业增加值增长6.6%，增速居全国第2位；规模以上工业增加值增长10.8%，增速居全国第2位。
社会消费品零售总额增长4.1%，增速高于全国0.6个百分点；一般公共预算收入1051.4亿元，增速居全国第8位。
外贸进出口额615.4亿元、增长25.2%，增速居全国第1位。
新增新能源装机1258万千瓦、总量达到6437万千瓦，全省电源总装机历史性突破1亿千瓦。
原煤、原油、天然气产量达到6640.8万吨、1253.6万吨、9.1亿立方米，分别增长9.3%、7.3%、21.2%。
300个省列重大项目累计完成投资2393.1亿元，年度计划投资完成率114.2%。
全省接待游客人数、旅游花费分别增长15.9%、25.7%。
兰州中川机场旅客吞吐量突破1700万人次。
常住人口城镇化率达到56.83%、提高1.34个百分点。
新增“百亿县”4个、总数达到40个。
粮食产量259.2亿斤。建成高标准农田284万亩。
城镇新增就业31.4万人。
黄河流域甘肃段水质优良比例98.2%，干流出境断面水质连续9年达到Ⅱ类。
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，规模以上工业增加值增长8%左右，外贸进出口总额增长10%左右，粮食产量稳定在252亿斤以上。
（本文根据2025年甘肃省政府工作报告整理）
""",
}


def build(out: Path, doc: str, files) -> None:
    """Read --corpus and --seeds, make `files(prov, seed)` (file name → text) and write each into
    `out`: the command line of this script and of its siblings in ../layouts_d/, ../layouts_e/."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/provinces-2025"))
    ap.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"))
    a = ap.parse_args()

    def prov(name: str) -> str:
        return docx_text(a.corpus / f"2025年{name}政府工作报告.docx")

    def seed(name: str) -> str:
        return (a.seeds / name).read_bytes().decode("utf-8")

    for name, text in files(prov, seed).items():
        (out / name).write_bytes(text.encode("utf-8"))
        print(f"{name}: {len(text)} characters")


def main() -> None:
    build(OUT, __doc__, lambda prov, seed: {
        "繁体_2025年福建省政府工作报告.txt": traditional(prov("福建省")),
        "繁体_2025年湖南省政府工作报告.txt": traditional(prov("湖南省")),
        "PDF提取_2025年辽宁省政府工作报告.txt": pdf_like(prov("辽宁省"), "2025年辽宁省政府工作报告", seed=7),
        "PDF提取_2025年安徽省政府工作报告.txt": pdf_like(prov("安徽省"), "政府工作报告", seed=11),
        "区级报告_表头无地名.txt": headless_district(seed("004_30cc81fc5e8fc886.txt")),
        **NEWS,
    })


if __name__ == "__main__":
    main()
