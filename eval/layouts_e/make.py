"""Build the layout test corpus in eval/layouts_e/ from real report text.

A third layout corpus like eval/layouts/ and eval/layouts_d/, on other reports: the Beijing and Guangxi
reports in traditional characters, the Hubei and Qinghai reports and the 2018 Dadukou seed report as
PDF-extracted text (hard line breaks, running header, page lines, stray spaces), and hand-written news
summaries of the Zhejiang, Shanxi and Ningxia reports. The conversion helpers come from
../layouts/make.py (imported, not copied).

Deterministic: the same inputs give byte-identical files (fixed random seeds, no clock).
Usage: python eval/layouts_e/make.py [--corpus DIR] [--seeds DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # leave no __pycache__ in ../layouts/
sys.path.insert(0, str(OUT.parent))  # eval/, so that ../layouts/make.py imports as layouts.make

from layouts.make import docx_text, pdf_like, traditional  # noqa: E402

SEED_PDF = "000_4bada5999176aa19.txt"  # Dadukou district, 2018 report

# News-style summaries written by hand from the reports; every figure is copied as the report writes it
# (all three reports write the ASCII percent sign %).
NEWS = {
    "新闻摘要_浙江省政府工作报告.txt": """浙江省政府工作报告：2024年全省生产总值增长5.5%
（新闻摘要）
1月14日，浙江省代省长刘捷在浙江省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年浙江全省生产总值增长5.5%，一般公共预算收入增长1.2%，城乡居民人均可支配收入分别增长4.3%、6.1%，十方面民生实事圆满完成。
1299个重大项目完成投资1.4万亿元、投资完成率129.6%；734个制造业重大项目完成投资2831亿元，制造业投资增长3.3%。社会消费品零售总额增长4%，服务业增加值增长5.1%，全省规上工业增加值增长7.5%。
货物贸易出口达3.9万亿元、增长9.5%，占全国份额提高到15.3%；跨境电商出口规模达2141.3亿元；实际使用外资152.7亿美元。
全社会研发投入强度预计达3.2%，获国家科技奖30项，区域创新能力继续保持全国第4位。全省经营主体达1095.2万户、增长5.9%。
粮食播种面积1570.5万亩、总产130亿斤，城乡居民收入倍差缩小至1.83。新增电力装机2200万千瓦，全省可再生能源装机占比达45%。长期护理保险参保人数达4526万人。
报告提出，2025年主要预期目标为：生产总值增长5.5%左右，城镇调查失业率控制在5%以内，居民消费价格涨幅2%左右，居民可支配收入与经济增长基本同步。
报告要求认真抓好11方面重点工作：力争社会消费品零售总额增长5%以上；安排重大项目1000个以上，完成年度投资1万亿元以上；全年研发投入强度达3.3%左右；力争规上工业增加值增长6%以上，数字经济核心产业增加值增长6.5%以上，服务业增加值增长5.5%左右；力争宁波舟山港集装箱吞吐量突破4000万标箱；确保城镇新增就业100万人以上，确保粮食播种面积1520万亩、总产125亿斤。今年浙江将继续谋划实施好十方面民生实事。
（本文根据2025年浙江省政府工作报告整理）
""",
    "新闻摘要_山西省政府工作报告.txt": """山西省政府工作报告：今年地区生产总值预期增长5%左右
（新闻摘要）
1月17日，山西省省长金湘军在山西省第十四届人民代表大会第三次会议上作政府工作报告。
报告说，2024年山西经济承压前行，运行态势总体平稳、稳中有进，主要经济指标前低后升，进入四季度增速加快。
6个设区市晋创谷挂牌运营，入驻优质企业团队300多家。新培育高新技术企业1599家、专精特新中小企业626家。电子信息、高端装备制造、现代消费品营业收入预计分别达到2000亿元、1800亿元、1400亿元。
全省争取政策性资金824亿元，科技创新和制造业发展减税降费退税219.6亿元；76个“两重”项目开工建设，发放以旧换新补贴48.3亿元；工业投资增长7.7%。重点监测景区接待游客人次、经营收入分别增长16.9%、11.3%。
新能源和清洁能源装机占比达到49.7%，营造林319万亩，PM2.5年均浓度降至36微克/立方米。智能化煤矿达到268座，煤炭先进产能占比达到83%；非常规天然气产量超过165亿立方米，增长12.7%。
集大原高铁开通运营，实现市市通高铁动车；全长1.3万公里的三个一号旅游公路提前三年全线贯通。新增规上企业法人1802户。城镇新增就业47万人，城乡居民收入预计分别增长4.1%、6%，15件民生实事全部兑现。
报告提出，今年发展主要预期目标是：地区生产总值增长5%左右，固定资产投资增长6%以上，社会消费品零售总额增长5%以上，进出口总额力争保持正增长，居民收入增长与经济增长同步，城镇新增就业45万人，城镇调查失业率5.5%左右，居民消费价格涨幅2%左右。
报告部署，抓好616个省级重点工程年度建设项目，制造业投资增长8%；新认定高新技术企业1300家以上；新建智能化煤矿130座，新能源和清洁能源装机占比达到50%以上；省级重点产业链营业收入达到8000亿元；数字经济规模增长15%以上；确保粮食产量达到297.1亿斤；营造林260万亩。今年山西将再办好15件民生实事。
（本文根据2025年山西省政府工作报告整理）
""",
    "新闻摘要_宁夏政府工作报告.txt": """宁夏回族自治区政府工作报告：2024年全区地区生产总值5503亿元
（新闻摘要）
1月19日，宁夏回族自治区人民政府主席张雨浦在宁夏回族自治区第十三届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年全区实现地区生产总值5503亿元、增长5.4%，连续10个季度超过全国平均水平。第一产业增加值增长6.2%，第二产业增加值增长7%，规上工业增加值增长9.6%，固定资产投资增长7.9%，社会消费品零售总额增长5%，地方一般公共预算收入517亿元、增长2.8%。全体居民人均可支配收入增长5.5%，城镇调查失业率均值5.2%，居民消费价格下降0.3%，城镇化率达68.2%。
全年实施重点项目2000多个、完成投资1800多亿元。宁东基地成为西部首个产值超过2000亿元的化工园区。煤炭产量首次突破1亿吨，电力总装机达到7500万千瓦，绿电装机占比提高到55%。
游客人次、旅游花费分别增长14%、11%。粮食总产量达77亿斤。空气质量优良天数比例达83%以上。
自治区坚持将76%的财力用于民生事业，政府承诺投入100亿元办好的35件民生实事全部高标准完成。城镇新增就业8.4万人、农村劳动力转移就业84万人，城镇、农村居民人均可支配收入分别增长4.8%、7%。
报告提出，2025年主要预期目标是：地区生产总值增长5.5%左右，规上工业增加值增长6.5%左右，固定资产投资增长6%以上，社会消费品零售总额增长5%左右，地方一般公共预算收入增长3%左右，全体居民人均可支配收入增长6%左右，城镇调查失业率控制在5.5%左右，居民消费价格涨幅控制在2%左右。报告说，上述目标综合考虑了宏观形势、宁夏实际和“十四五”收官，也充分体现了为全国大局作贡献的责任担当。
今年自治区将重点开展“稳增长促发展攻坚年”行动，突出打好“六个攻坚战”。全年计划实施项目2900个，完成年度投资2400亿元；全社会研发经费投入增长10%以上，力争国家高新技术企业达到800家；数字经济规模达到2200亿元以上；力争招商引资到位资金1500亿元以上；投入125亿元办好40件群众急难愁盼民生实事，城镇新增就业8万人以上，常住人口城镇化率达到69%左右。
（本文根据2025年宁夏政府工作报告整理）
""",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/provinces-2025"))
    ap.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"))
    a = ap.parse_args()

    def prov(name: str) -> str:
        return docx_text(a.corpus / f"2025年{name}政府工作报告.docx")

    def seed(name: str) -> str:
        return (a.seeds / name).read_bytes().decode("utf-8")

    files = {
        "繁体_2025年北京市政府工作报告.txt": traditional(prov("北京市")),
        "繁体_2025年广西政府工作报告.txt": traditional(prov("广西")),
        "PDF提取_2025年湖北省政府工作报告.txt": pdf_like(prov("湖北省"), "湖北省人民政府工作报告（2025年）", seed=31),
        "PDF提取_2025年青海省政府工作报告.txt": pdf_like(
            prov("青海省"), "青海省第十四届人民代表大会第三次会议文件", seed=37),
        f"PDF提取_{SEED_PDF}": pdf_like(seed(SEED_PDF), "大渡口区人民政府工作报告", seed=41),
        **NEWS,
    }
    for name, text in files.items():
        (OUT / name).write_bytes(text.encode("utf-8"))
        print(f"{name}: {len(text)} characters")


if __name__ == "__main__":
    main()
