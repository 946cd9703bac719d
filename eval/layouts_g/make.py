"""Build the layout test corpus in eval/layouts_g/ from real report text.

A fourth layout corpus like eval/layouts/, eval/layouts_d/ and eval/layouts_e/, on other reports: the
Tianjin and Shandong reports and the 2019 Qijiang seed report in traditional characters, the Chongqing
and Gansu reports and the 2018 Jiulongpo seed report as PDF-extracted text (hard line breaks, running
header, page lines, stray spaces), hand-written news summaries of the Fujian, Hunan and Anhui reports,
and, new in this corpus, the Sichuan report as copied from a government web page (navigation lines,
full-width digits in some paragraphs, non-breaking-space or ideographic-space indents, page footer).
The traditional and PDF helpers come from ../layouts/make.py (imported, not copied).

Deterministic: the same inputs give byte-identical files (fixed random seeds, no clock).
Usage: python eval/layouts_g/make.py [--corpus DIR] [--seeds DIR]
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # leave no __pycache__ in ../layouts/
sys.path.insert(0, str(OUT.parent))  # eval/, so that ../layouts/make.py imports as layouts.make

from layouts.make import build, pdf_like, traditional  # noqa: E402

SEED_TRAD = "001_007744f024dd1767.txt"  # Qijiang district, 2019 report
SEED_PDF = "002_404f361b20648346.txt"  # Jiulongpo district, 2018 report

# ASCII digits, the decimal point between digits and the percent sign, as full-width forms.
_FULL_DIGITS = str.maketrans("0123456789%", "０１２３４５６７８９％")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_INDENTS = ("\u3000\u3000", "\u00a0\u00a0", "\u00a0\u00a0\u00a0\u00a0", "\u3000\u3000")
_EDITORS = ("王敏", "李娜", "张静", "刘洋", "陈晨")


def _full_width(par: str) -> str:
    """'增长5.7%' -> '增长５．７％' (only digits, the point inside a number and %)."""
    return _DECIMAL.sub("．", par).translate(_FULL_DIGITS)


def web_scrape(text: str, site: str, seed: int) -> str:
    """A report as copied from a government web page.

    At the top: a breadcrumb line, the title and a line with the source, a publication date and the
    font-size and print links. Each paragraph starts with an indent of ideographic spaces or
    non-breaking spaces; in about a third of the paragraphs (chosen by `seed`) the ASCII digits, the
    decimal point and % are full-width (０-９, ．, ％). Paragraphs are separated by a blank line. At
    the end: the editor, the print/close links and the share line.
    """
    rng = random.Random(seed)
    pars = [p.strip().lstrip("\u3000").strip() for p in text.split("\n")]
    pars = [p for p in pars if p]
    title = pars[0]
    day = rng.randint(21, 27)
    hour, minute = rng.randint(8, 17), rng.choice((0, 10, 15, 30, 45))
    out = [
        "首页 > 要闻动态 > 政务要闻",
        "",
        title,
        "",
        f"来源：{site}\u3000\u3000发布时间：2025-01-{day} {hour:02d}:{minute:02d}"
        "\u3000\u3000字号：大 中 小\u3000\u3000打印本页",
        "",
    ]
    for par in pars[1:]:
        if rng.random() < 0.35:
            par = _full_width(par)
        out.append(rng.choice(_INDENTS) + par)
        out.append("")
    out += [
        f"责任编辑：{rng.choice(_EDITORS)}",
        "",
        "【打印本页】【关闭窗口】",
        "",
        "分享到：",
    ]
    return "\n".join(out) + "\n"


# News-style summaries written by hand from the reports; every figure is copied as the report writes it
# (all three reports write the ASCII percent sign %).
NEWS = {
    "新闻摘要_福建省政府工作报告.txt": """福建省政府工作报告：2024年全省地区生产总值57761亿元
（新闻摘要）
1月13日，福建省人民政府省长赵龙在福建省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年全省地区生产总值57761亿元、增长5.5%，地方一般公共预算收入3614.6亿元、增长0.6%，固定资产投资增长3.9%，社会消费品零售总额增长4.4%，出口增长5.3%，城镇居民、农村居民人均可支配收入分别增长4.6%、6.7%，居民消费价格下降0.1%。
产业升级步伐加快，全省实施2205项省重点技改项目，技改融资专项规模扩大至近400亿元；数字经济增加值预计达3.2万亿元、位列全国第一梯队。新增专精特新“小巨人”企业40家、国家级制造业单项冠军企业11家、上市企业8家，全省实有企业首次突破200万户。
科技实力不断增强，国家高新技术企业超1.4万家，全社会研发投入预计超1200亿元，13项成果获国家科技奖。
消费品以旧换新享受补贴430多万人次、拉动消费近390亿元。全省接待旅游总人数6.5亿人次、游客旅游总花费8350亿元，厦门、福州机场旅客吞吐量分别达2790.6万人次、1529.9万人次。1593个省重点项目完成投资7295亿元。
城镇化率达71.8%，开工老旧小区改造36万户，开工筹集保障性住房4.1万套。粮食播种面积1266.6万亩，杂交水稻制种面积占全国31.5%。
设区城市空气质量优良天数比例为98.3%，PM2.5平均浓度为每立方米20微克，主要流域国控断面优良水质比例100%；森林覆盖率连续46年居全国首位，清洁能源装机比重超65%。全省人均预期寿命预计提高到79.3岁，30项省委省政府为民办实事项目全面完成。
报告提出，今年经济社会发展的主要预期目标是：全省地区生产总值增长5.0%—5.5%，固定资产投资增长5%左右，社会消费品零售总额增长5.5%左右，城镇调查失业率5%左右，居民消费价格涨幅2%左右，粮食产量511万吨以上。
报告要求，在推动科技创新和产业创新深度融合上闯出新路，在全面深化改革、扩大高水平开放上奋勇争先，在推动区域协调发展和城乡融合发展上作出示范，在提升文化影响力、展示福建新形象上久久为功。
报告部署，实施省重点项目1550个、年度计划投资7150亿元；全社会研发投入增长8%以上，国家高新技术企业突破1.5万家；城镇新增就业50万人；改造城镇老旧小区4.5万户；新建5G基站1.1万个。今年福建将保质保量完成30项为民办实事项目。
（本文根据2025年福建省政府工作报告整理）
""",
    "新闻摘要_湖南省政府工作报告.txt": """湖南省政府工作报告：2024年全省经济总量达5.3万亿元
（新闻摘要）
1月14日，湖南省省长毛伟明在湖南省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年湖南经济三季度增长4.6%、追平全国，四季度增长5.6%、高于全国0.2个百分点，全年增长4.8%、总量达5.3万亿元。地方一般公共预算收入增长2.6%，规模工业增加值增长7.3%。
旅游业总收入迈上万亿新台阶，全省万亿级产业达到6个；绿色智能计算产业产值增长19.2%、突破8500亿元。国家级制造业单项冠军企业总数达72个，新能源汽车产量近100万辆。
研发投入强度提升至2.57%、居中部第2位，高新技术企业达1.75万家，12个项目获国家科学技术奖。
全年争取中央投资超2000亿元，汽车、家电产品以旧换新分别达23.6万辆、269.8万台，拉动消费超500亿元。“四个十大”项目完成投资1515.8亿元，省重点工程项目投资5367.1亿元。全省高速公路总里程突破8000公里、达8184公里，全年完成水利建设投资654.7亿元，发电总装机达7582万千瓦。
总算力突破7000PF、增长34.6%，建成5G基站17万个。全省实有企业主体达210万户，上市公司达146家。
全体居民人均可支配收入增长5%，农村居民人均可支配收入增长6.1%；城市空气优良天数比例达89%，147个国考断面水质优良率达98.6%。城镇化率提升0.9个百分点、达62.1%，农村劳动力转移就业达1695万人。
报告提出，今年经济社会发展主要预期目标是：地区生产总值增长5.5%左右，地方一般公共预算收入增长2.5%，固定资产投资增长4.5%，社会消费品零售总额增长5.5%以上，城镇新增就业70万人，粮食产量616亿斤左右。
报告部署，推进好总投资1.78万亿元的289个省重点项目；高新技术企业总量突破1.8万家；新增建设和改造提升高标准农田300万亩以上；力争PM2.5浓度下降到33微克/立方米；城乡低保标准提高到不低于740元/月和485元/月。今年湖南将扎实办好“十大重点民生实事”。
（本文根据2025年湖南省政府工作报告整理）
""",
    "新闻摘要_安徽省政府工作报告.txt": """安徽省政府工作报告：2024年新能源汽车产量增长94.5%
（新闻摘要）
1月20日，安徽省人民政府省长王清宪在安徽省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年安徽全省地区生产总值增长5.8%，经济总量跨上5万亿元台阶；规上工业增加值增长9%，增速居工业大省第1位。
新增高新技术企业3500家以上、科技型中小企业7533家、专精特新“小巨人”企业113家；新增全国重点实验室15家、总数达23家；每万人口高价值发明专利拥有量增长28.2%。
战略性新兴产业产值占规上工业比重43.6%。汽车产量继续保持40%以上增长、达357万辆，新能源汽车产量增长94.5%、达168.4万辆，产量均居全国第2位；集成电路产量增长47.4%，工业机器人产量增长81.4%。
进出口总额和出口额均升至全国第9位，“新三样”产品出口增长23.6%，整车出口量跃居全国首位。新设外商投资企业606家，合肥中欧班列集结中心获批、全年开行班列909列。
制造业投资增长13.3%、连续48个月保持两位数增长；支持科技创新和制造业发展的主要政策减税降费及退税超过900亿元。境内上市公司数量增至184家、居全国第7位，新登记经营主体121.3万户。全省智能算力达1.6万P、增长130%。
新增可再生能源发电装机1261万千瓦。PM2.5平均浓度35.2微克/立方米，空气质量优良天数比率82.2%，国考断面水质优良比例90.2%。
城镇新增就业75.95万人，创历年新高，城镇调查失业率平均值5.2%；城镇常住居民人均可支配收入增长4.4%，农村常住居民人均可支配收入增长6.4%；新增405万皖北群众喝上引调水。
报告提出，2025年经济社会发展的主要预期目标是：全省地区生产总值增长5.5%以上，研究与试验发展经费投入强度2.85%左右，固定资产投资增长5%左右，规上工业增加值增长7%左右，社会消费品零售总额增长5.5%左右，进出口总额增长5.5%左右，一般公共预算收入增长2%左右，城镇调查失业率5.5%左右，城镇新增就业68万人左右，居民消费价格涨幅2%左右。
报告部署，全年新开工亿元以上重点项目1000个以上；新增高新技术企业3000家、专精特新企业1000家左右；智能算力规模达2万P；全年进出口总额9000亿元以上；粮食播种面积1.1亿亩、产量825亿斤以上；更新改造城市地下管网4500公里。
（本文根据2025年安徽省政府工作报告整理）
""",
}


def main() -> None:
    build(OUT, __doc__, lambda prov, seed: {
        "繁体_2025年天津市政府工作报告.txt": traditional(prov("天津市")),
        "繁体_2025年山东省政府工作报告.txt": traditional(prov("山东省")),
        f"繁体_{SEED_TRAD}": traditional(seed(SEED_TRAD)),
        "PDF提取_2025年重庆市政府工作报告.txt": pdf_like(prov("重庆市"), "2025年重庆市政府工作报告", seed=43),
        "PDF提取_2025年甘肃省政府工作报告.txt": pdf_like(
            prov("甘肃省"), "甘肃省第十四届人民代表大会第三次会议文件", seed=47),
        f"PDF提取_{SEED_PDF}": pdf_like(seed(SEED_PDF), "九龙坡区人民政府工作报告", seed=53),
        "网页_2025年四川省政府工作报告.txt": web_scrape(prov("四川省"), "四川省人民政府网站", seed=59),
        **NEWS,
    })


if __name__ == "__main__":
    main()
