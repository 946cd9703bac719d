"""Build the layout test corpus in eval/layouts_d/ from real report text.

A second layout corpus like eval/layouts/, on other reports: two provincial reports and a district
seed report in traditional characters, two provincial reports and a seed report as PDF-extracted text
(hard line breaks, running header, page lines, stray spaces), and hand-written news summaries of three
more provincial reports. The conversion helpers come from ../layouts/make.py (imported, not copied).

Deterministic: the same inputs give byte-identical files (fixed random seeds, no clock).
Usage: python eval/layouts_d/make.py [--corpus DIR] [--seeds DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # leave no __pycache__ in ../layouts/
sys.path.insert(0, str(OUT.parent))  # eval/, so that ../layouts/make.py imports as layouts.make

from layouts.make import docx_text, pdf_like, traditional  # noqa: E402

SEED_TRAD = "003_bf58757498efd4fd.txt"  # Dadukou district, 2022 report
SEED_PDF = "004_30cc81fc5e8fc886.txt"   # Yuzhong district, 2019 report

# News-style summaries written by hand from the reports; every figure is copied as the report writes it
# (the Hubei and Jilin reports write the full-width percent sign ％, the Shaanxi report the ASCII %).
NEWS = {
    "新闻摘要_湖北省政府工作报告.txt": """（新闻摘要）
1月16日，湖北省人民政府代省长李殿勋在湖北省第十四届人民代表大会第三次会议上作政府工作报告。
报告显示，2024年湖北全省地区生产总值增长5.8％、增速全国第3，总量达到60013亿元；规上工业增加值增长7.7％，固定资产投资增长6.5％，社会消费品零售总额增长5.1％，均高于全国。
粮食生产再获丰收，总产达到557亿斤，连续12年稳定在500亿斤以上。
高技术制造业增加值增长22.7％、对工业增长贡献率达到35.1％；千亿级产业达到19个，光电子信息、汽车制造、大健康3大产业迈入万亿级规模。
武汉港集装箱吞吐量达到350万标箱、居长江中上游港口首位；荆荆高铁建成运营，实现“市市通高铁”的目标。
盘活国有“三资”3708亿元，带动一般公共预算收入增长6.6％、居全国前列；省属企业营收增长26.2％。
鄂州花湖机场开通国际国内货线91条，货邮吞吐量达到128万吨、跃居全国第5，全省进出口总额突破7000亿元。
发放以旧换新补贴66.7亿元、拉动消费785亿元，网上零售额增长19％；全省接待游客数增长12.8％、旅游收入增长15.2％；跨境电商进出口增长180％。
10大类52项民生实事全部超额完成，城镇新增就业连续4年超过90万人。
报告提出，2025年经济社会发展的主要预期目标是：经济增长6％左右；城镇调查失业率5.5％左右，城镇新增就业70万人以上；居民消费价格涨幅2％左右；居民收入增长与经济增长同步；粮食产量继续保持500亿斤以上。
报告说，经济增长目标设定为6％左右，是一个积极进取的目标，综合考虑了促就业、惠民生、稳预期、防风险和实现“十四五”收官等需要，与湖北经济潜在增长率是匹配的，在经济大省、中部地区都是靠前的，体现了“经济大省挑大梁”的担当。
今年湖北将在全方位扩大内需、推进科技创新和产业创新、全面深化改革和扩大高水平开放、城乡融合发展和乡村全面振兴、文化强省旅游强省建设、绿色低碳循环发展、保障和改善民生、统筹发展和安全等方面重点发力。
全年实施亿元以上项目1.6万个，投资增长7％左右；社会消费品零售总额增长7％左右；规上工业增加值增长7.5％左右；技术合同成交额突破6000亿元；新建5G基站2.3万个以上；进出口总额增长7％以上；建设高标准农田300万亩；继续实施10大类55项民生实事。
（本文根据2025年湖北省政府工作报告整理）
""",
    "新闻摘要_陕西省政府工作报告.txt": """（新闻摘要）
1月16日，陕西省省长赵刚在陕西省第十四届人民代表大会第三次会议上作政府工作报告。
报告回顾，2024年陕西全省地区生产总值35538亿元、增长5.3%，城镇调查失业率5.3%，一般公共预算收入3393.1亿元，居民人均可支配收入增长5.5%。
固定资产投资增长5.2%，其中社会资本投资、工业技改投资分别增长8.2%、21.4%。
新增煤矿产能2420万吨，绿电装机规模突破5500万千瓦，外送电量935亿千瓦时，能源工业增长8%。
新能源汽车产量达到119.8万辆，规上工业增加值增长7.8%；现代服务业规模超过5500亿元，社会消费品零售额增长4.8%。
47项成果荣获国家科学技术奖，获奖总数全国第2；新增科技成果转化企业1196家，技术合同成交额增长15%。
中欧班列货运52.4万标箱、增长21.9%；新设外资企业520家、增长27.5%，全省进出口总值增长12.3%。
粮食产量1352.3万吨、再创历史新高。城镇新增就业43.4万人。全省PM2.5浓度同比改善7.9%，重污染天数同比减少6.4天。
报告提出，2025年全省发展的主要预期目标是：生产总值增长5%左右，固定资产投资增速保持在全国平均水平以上，一般公共预算收入增长3%，城乡居民人均可支配收入分别增长5%、6%，城镇新增就业40万人以上，城镇调查失业率5.5%左右，居民消费价格涨幅2%左右，粮食产量1300万吨以上。
报告要求今年重点做好9项工作，包括全方位扩大有效需求、因地制宜发展新质生产力、加快创新要素融合、深入推进改革开放、促进城乡区域协调、筑牢生态安全屏障、推动文化繁荣发展、聚力办好民生实事、建设更高水平平安陕西。
报告提出，省级重点项目完成投资5000亿元以上，工业投资4500亿元以上；力争全年原煤产量8亿吨，天然气产量370亿方，外送电量1000亿千瓦时，能源工业增长6.5%以上；技术合同成交额5000亿元以上；全省PM2.5平均浓度不超过35微克每立方米。
（本文根据2025年陕西省政府工作报告整理）
""",
    "新闻摘要_吉林省政府工作报告.txt": """（新闻摘要）
1月14日，吉林省省长胡玉亭在吉林省第十四届人民代表大会第四次会议上作政府工作报告。
报告说，2024年吉林经济运行总体平稳，产业投资增长10.1％。高技术制造业增加值占规上工业12.3％，战略性新兴产业产值占规上工业16.9％。
新增风光装机超过600万千瓦，新能源产业投资突破1100亿元；一般公共预算收入增长10.8％。
实现国有资本收益64.6亿元，增长358％。转化科技成果3609项，技术合同成交额达到241亿元。“吉林一号”117颗卫星全球组网。
粮食播种面积达到8780.7万亩，总产量达到853.2亿斤，全国第4的地位进一步巩固。新建和改造提升高标准农田806万亩；人参产业综合产值突破800亿元；农林牧渔总产值达到3100亿元。
空气质量优良天数92.9％，国考断面优良水体达到89％；生产安全事故起数、死亡人数分别下降40.5％、32.7％。
新能源汽车产量增长27％，红旗汽车产销量分别增长22.9％和17.4％；社会消费品零售总额增长3％左右，消费品以旧换新直接拉动消费190亿元；新登记经营主体60.7万户。
全面完成25项民生实事，城镇新增就业23.35万人，高校毕业生留吉突破15万人。
报告回顾，过去一年吉林全力拼经济稳增长、全力培育新质生产力、全力发展现代化大农业、全力深化改革扩大开放、全力保障和改善民生。
报告提出，2025年经济社会发展主要预期目标是：地区生产总值增长5.5％左右，粮食产量880亿斤以上，固定资产投资增长5％左右，社会消费品零售总额增长6％左右，一般公共预算收入增长3％左右，城镇调查失业率控制在5.5％左右，居民消费价格指数涨幅在2％左右，单位GDP能耗下降2％左右。
今年吉林将办好20件民生实事，城镇新增就业21万人，农村劳动力转移就业270万人，空气优良天数保持在93％左右。
（本文根据2025年吉林省政府工作报告整理）
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
        "繁体_2025年浙江省政府工作报告.txt": traditional(prov("浙江省")),
        "繁体_2025年云南省政府工作报告.txt": traditional(prov("云南省")),
        f"繁体_{SEED_TRAD}": traditional(seed(SEED_TRAD)),
        "PDF提取_2025年河北省政府工作报告.txt": pdf_like(prov("河北省"), "2025年河北省政府工作报告", seed=13),
        "PDF提取_2025年江西省政府工作报告.txt": pdf_like(
            prov("江西省"), "江西省第十四届人民代表大会第三次会议文件", seed=23),
        f"PDF提取_{SEED_PDF}": pdf_like(seed(SEED_PDF), "渝中区人民政府工作报告", seed=29),
        **NEWS,
    }
    for name, text in files.items():
        (OUT / name).write_bytes(text.encode("utf-8"))
        print(f"{name}: {len(text)} characters")


if __name__ == "__main__":
    main()
