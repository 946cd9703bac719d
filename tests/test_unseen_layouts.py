"""Rules that follow the language of reports in general, tried on small reports written here
(not the seeds, not any question set): reports without numbered headings, results and targets of
one indicator, qualified indicators, follow-up parts, inline lists, figures measured twice."""

from __future__ import annotations

import pytest

from fakes import HashEmbedder
from qa.answer import Answerer
from qa.evidence import head_match
from qa.retrieve import Searcher
from qa.service import Session
from qa.store import build_index, load_index

# A provincial report as news sites carry it: a title, a speaker line, no numbered sections.
SOUTH = """2025年南山省政府工作报告
——2025年1月20日在南山省第十四届人民代表大会第三次会议上
南山省省长 李明
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
过去一年，全省地区生产总值达到32100亿元、增长5.6%，人均地区生产总值突破9万元。城镇新增就业106万人，实际使用外资118.1亿美元。粮食总产达615.6亿斤、创近5年新高。改造城市棚户区392户、5.1万平方米，完成农村危房改造800户。人均预期寿命达到78.5岁。
今年工作要落实“三个要求”：一是坚持人民主体地位，践行发展思想。二是把握高质量发展，满足美好生活需要。三是落实实干苦干，确保目标完成。
今年经济社会发展的主要预期目标是：经济增长5.5%左右，城镇新增就业85万人以上，居民消费价格涨幅2%左右。
二、2025年目标任务
（一）坚持以产业为支撑，在经济高质量发展上实现新突破。实现新增煤炭产能800万吨、火电装机130万千瓦、风电装机2060万千瓦、储能60万千瓦目标。
（二）坚持以乡村振兴为抓手，在城乡融合发展上实现新突破。建成高标准农田50万亩。
（三）坚持以生态为基准线，在生态文明建设上实现新突破。城市建成区实现100%清洁取暖。
全省6个设区市创新谷挂牌运营，入驻优质企业团队300多家。构建“一廊两翼”发展格局。
今年必须在“抓落实”上下功夫、见成效。紧扣发展抓落实。坚持质量优先。聚焦攻坚抓落实。倒排时序推进。立足民生抓落实。回应群众诉求。
名词解释
一廊两翼：即沿江发展走廊、东翼新城、西翼新城。
附件
2025年3件民生实事
一、扩大就业岗位
年度目标：城镇新增就业85万人以上。
二、改善住房条件
年度目标：改造老旧小区1000个。
三、提升养老服务
年度目标：新增养老床位2万张。
"""

NORTH = """2025年北岭省政府工作报告
——2025年1月18日在北岭省第十四届人民代表大会第三次会议上
北岭省省长 王强
各位代表：
过去一年，全省地区生产总值增长5.1%，实际使用外资152.7亿美元，城镇新增就业53.1万人。全省人均预期寿命预计提高到79.3岁。全社会固定资产投资完成9800亿元。民间活力增强，社会投资6100亿元。城镇和农村居民人均可支配收入分别增长4.3%和7.1%。优化实施稳增长政策体系，安排省级财政资金1023.6亿元。产业结构更优，结构比调整为8.1：40.2：51.7。
今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业50万人，城乡居民人均可支配收入分别增长5%和7%左右。
继续实施稳增长政策体系，安排省级财政资金1042.8亿元。
综合各方面因素，我们有信心完成今年目标任务。从发展环境看，长期向好的基本趋势没有变。从我省条件看，能源革命试点扎实推进。
做实打响“康养北岭”品牌，力争康养人数达600万。
做强新材料产业。扩大玻璃纤维产能，全产业实现营业收入75亿元以上。加快培育康养产业集群。完善服务标准和区域品牌发布体系，培育龙头企业。确保重点项目建成投用。全产业实现营业收入20亿元以上。
（三）大力推进新型工业化。
实施制造业重点产业链发展行动。打造先进制造业集群。实施园区提速发展行动。推动园区扩区。实施数字生产力培育行动。建设算力中心。
三、加强政府自身建设
（一）始终坚定政治方向。坚持党的领导。
（二）始终坚持依法施政。严格依法行政。
"""


# GDP said as the economy's year, with no indicator in the clause.
EAST = """2025年东川省政府工作报告
东川省省长 赵平
一、2024年工作回顾
——经济发展贡献新担当。顶住经济下行压力，实现三季度增长4.6%，四季度增长5.6%、高于全国0.2个百分点，全年增长4.8%、总量达5.3万亿元；粮食总产达615.6亿斤。
——民生保障取得新成效。城镇新增就业60万人，累计减税降费120亿元。
二、2025年工作安排
主要预期目标是：地区生产总值增长5.5%左右。
"""


def _answerer_over(root, reports: dict[str, str]) -> Answerer:
    """An answerer over an index of the given reports (file name → text), without the models."""
    src = root / "corpus"
    src.mkdir()
    for name, text in reports.items():
        (src / name).write_text(text, encoding="utf-8")
    emb = HashEmbedder()
    build_index([src], root / "idx", emb)
    return Answerer(Session(None, Searcher(load_index(root / "idx", emb.name), emb, dense_weight=0.0), root / "idx"))


def _report_fixture(tag: str, name: str, text: str):
    """A module-wide answerer over one report written for these tests."""
    @pytest.fixture(scope="module")
    def over(tmp_path_factory):
        return _answerer_over(tmp_path_factory.mktemp(tag), {name: text})
    return over


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    return _answerer_over(tmp_path_factory.mktemp("unseen"), {
        "2025年南山省政府工作报告.txt": SOUTH, "2025年北岭省政府工作报告.txt": NORTH, "2025年东川省政府工作报告.txt": EAST})


def _answered(rec) -> str:
    assert rec["status"] == "answered", rec.get("reason")
    return rec["answer"]


def test_a_result_and_its_target_are_told_apart_without_numbered_sections(answerer):
    ans = _answered(answerer.ask("南山省2024年城镇新增就业多少？2025年目标是多少？"))
    assert "106万人" in ans and "85万人" in ans
    ans = _answered(answerer.ask("南山2024年城镇新增就业多少人？"))
    assert "106万人" in ans and "85万人" not in ans


def test_economic_growth_is_gdp_growth(answerer):
    ans = _answered(answerer.ask("南山省2024年地区生产总值增长多少？2025年经济增长目标是多少？"))
    assert "5.6%" in ans and "5.5%左右" in ans


def test_a_per_head_figure_does_not_answer_for_the_total_nor_the_reverse(answerer):
    ans = _answered(answerer.ask("南山省2024年地区生产总值是多少？"))
    assert "32100亿元" in ans and "9万元" not in ans
    rec = answerer.ask("北岭省2024年人均地区生产总值是多少？")
    assert rec["status"] == "not_found", rec["answer"]
    assert head_match("人均地区生产总值突破9万元", {"地区", "区生", "生产", "产总", "总值"}, "地区生产总值是多少") == 0.0


def test_each_place_of_a_comparison_gets_its_own_figure(answerer):
    ans = _answered(answerer.ask("南山和北岭2024年实际使用外资各是多少？哪个多？"))
    assert "118.1亿美元" in ans and "152.7亿美元" in ans


def test_items_numbered_inside_one_paragraph_are_the_list(answerer):
    ans = _answered(answerer.ask("南山省2025年工作要落实的“三个要求”是什么？"))
    assert all(w in ans for w in ("人民主体地位", "高质量发展", "实干苦干"))


def test_a_figure_measured_twice_keeps_both_measures_and_a_slum_is_not_a_place(answerer):
    ans = _answered(answerer.ask("南山省2024年改造了多少棚户区？"))
    assert "392户" in ans and "5.1万平方米" in ans and "800户" not in ans


def test_total_grain_output_is_output(answerer):
    assert "615.6亿斤" in _answered(answerer.ask("2024年南山省粮食产量是多少？"))


def test_numbered_headings_sharing_the_question_words_are_the_list(answerer):
    ans = _answered(answerer.ask("南山省2025年要在哪几个方面实现新突破？"))
    assert all(w in ans for w in ("经济高质量发展", "城乡融合发展", "生态文明建设")), ans


def test_two_parts_answered_by_one_clause_share_one_quotation(answerer):
    ans = _answered(answerer.ask("有多少个设区市创新谷挂牌运营？入驻了多少企业团队？"))
    assert "6个" in ans and "300多家" in ans


def test_a_comparison_states_both_figures_and_the_computed_difference(answerer):
    rec = answerer.ask("南山城镇新增就业比北岭多多少？")
    ans = _answered(rec)
    assert "106万人" in ans and "53.1万人" in ans
    assert rec["computed"].startswith("据引文计算：南山省比北岭省多52.9万人")
    rec = answerer.ask("2024年南山和北岭谁的地区生产总值增速更快？")
    assert "南山省比北岭省高0.5个百分点" in rec.get("computed", ""), rec["answer"]


def test_parts_of_different_years_say_their_year(answerer):
    ans = _answered(answerer.ask("南山省2024年城镇新增就业多少？2025年目标是多少？"))
    assert ans.index("2024年") < ans.index("106万人") < ans.index("2025年目标") < ans.index("85万人")


def test_one_report_at_a_time_asks_each_question_of_its_report_alone(tmp_path):
    """`qa eval --one-report-at-a-time`: each item is asked of an index holding only its `doc`;
    an item about no indexed report is left out and counted."""
    import json

    from qa.models import load_models
    from qa.service import score_one_report_at_a_time

    src = tmp_path / "corpus"
    src.mkdir()
    (src / "south.txt").write_text(SOUTH, encoding="utf-8")
    (src / "north.txt").write_text(NORTH, encoding="utf-8")
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    sess = Session(load_models(), Searcher(load_index(tmp_path / "idx", emb.name), emb, dense_weight=0.0), tmp_path / "idx")
    gold = tmp_path / "gold.jsonl"
    items = [
        {"id": "1", "question": "城镇新增就业多少人？", "doc": "south.txt", "keywords": ["106万人"], "evidence": ["城镇新增就业106万人"], "type": "numeric"},
        {"id": "2", "question": "城镇新增就业多少人？", "doc": "north.txt", "keywords": ["53.1万人"], "evidence": ["城镇新增就业53.1万人"], "type": "numeric"},
        {"id": "3", "question": "东湖省城镇新增就业多少人？", "doc": None, "keywords": [], "evidence": [], "type": "unanswerable"},
    ]
    gold.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    result = score_one_report_at_a_time(sess, gold, use_llm=False)
    assert result["one_report_at_a_time"] == {"reports": 2, "left_out": 1}
    assert result["answers"]["all"]["accuracy"] == 1.0


def test_the_economys_year_without_its_indicator_is_gdp(answerer):
    from qa.facts import extract_facts

    assert "4.8%" in _answered(answerer.ask("东川省2024年经济增长多少？"))
    assert "5.3万亿元" in _answered(answerer.ask("东川省2024年地区生产总值是多少？"))
    gdp = [f for f in extract_facts("e.txt", EAST, {"report_year": 2025, "review_year": 2024}) if f.key == "地区生产总值" and f.kind == "result"]
    assert [(f.value, f.change) for f in gdp] == [("5.3万亿元", "增长4.8%")]


def test_one_report_at_a_time_names_a_report_file_that_is_gone(tmp_path):
    import json

    from qa.errors import QAError
    from qa.models import load_models
    from qa.service import score_one_report_at_a_time

    src = tmp_path / "corpus"
    src.mkdir()
    (src / "south.txt").write_text(SOUTH, encoding="utf-8")
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    sess = Session(load_models(), Searcher(load_index(tmp_path / "idx", emb.name), emb, dense_weight=0.0), tmp_path / "idx")
    (src / "south.txt").unlink()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "1", "question": "城镇新增就业多少人？", "doc": "south.txt", "keywords": ["106万人"],
                                "evidence": ["城镇新增就业106万人"], "type": "numeric"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(QAError, match="south.txt.*qa index"):
        score_one_report_at_a_time(sess, gold, use_llm=False)


def test_places_asked_with_a_follow_up_on_their_difference_each_get_their_figure(answerer):
    ans = _answered(answerer.ask("南山和北岭2024年城镇新增就业分别是多少？相差多少？"))
    assert "106万人" in ans and "53.1万人" in ans


def test_a_level_asked_is_not_answered_by_its_change_alone(answerer):
    rec = answerer.ask("北岭省2024年地区生产总值是多少？")
    assert rec["status"] == "not_found", rec["answer"]
    assert "changed" in rec["reason"]
    assert "5.1%" in _answered(answerer.ask("北岭省2024年地区生产总值增长多少？"))
    assert "32100亿元" in _answered(answerer.ask("南山省2024年地区生产总值是多少？"))


def test_words_asked_side_by_side_prefer_the_passage_that_has_them_so(answerer):
    ans = _answered(answerer.ask("北岭2024年社会投资完成多少？"))
    assert "6100亿元" in ans and "9800亿元" not in ans


def test_a_target_written_as_an_aim_answers_the_target_asked(answerer):
    assert "600万" in _answered(answerer.ask("北岭省2025年“康养北岭”的康养人数目标是多少？"))


def test_a_ratio_is_one_figure(answerer):
    ans = _answered(answerer.ask("北岭省2024年三次产业结构比是多少？"))
    assert "8.1：40.2：51.7" in ans


def test_a_term_asked_the_meaning_of_is_answered_by_the_reports_own_note(answerer):
    ans = _answered(answerer.ask("南山省的“一廊两翼”指的是什么？"))
    assert all(w in ans for w in ("沿江发展走廊", "东翼新城", "西翼新城")), ans


def test_a_title_line_is_answered_by_the_numbered_sections_under_it(answerer):
    ans = _answered(answerer.ask("南山省2025年要办的3件民生实事是哪些？"))
    assert all(w in ans for w in ("扩大就业岗位", "改善住房条件", "提升养老服务")), ans


def test_parallel_leads_after_the_sentence_that_introduces_them_are_the_list(answerer):
    ans = _answered(answerer.ask("南山省要求在“抓落实”上做到哪几个方面？"))
    assert all(w in ans for w in ("紧扣发展", "聚焦攻坚", "立足民生")), ans


# Reports under real names, written for these tests: places named by their one-character names.
JIN = """2025年天津市政府工作报告
天津市市长 张华
一、2024年工作回顾
过去一年，积极盘活存量资源资产。盘活土地2.26万亩，实现收入593.6亿元。改造老旧小区120个。绿色贷款余额超过8200亿元，预计单位地区生产总值能耗较2020年下降11.7%。中欧班列全年开行班列909列。进出口总额增长9.4%、重回万亿元规模。全市算力总规模达到15EFlops。
一是经济运行持续向好。出台稳增长措施26条。
二是产业发展量质齐升。新增专精特新企业300家。
二、2025年工作安排
主要预期目标是：地区生产总值增长5%左右。确定这样的目标，是积极的、务实的，是民心所向；符合三年行动目标要求。上述目标综合考虑了宏观形势和天津实际。
全面加强政府自身建设
面对艰巨繁重的任务，需要我们不断提高政府治理水平。
一是坚持政治引领，永葆忠诚品格。旗帜鲜明讲政治。
二是坚持人民至上，践行为民宗旨。始终把人民放在心中。
三是坚持依法行政，建设法治政府。全面推进依法行政。
注释
1.EFlops：是衡量计算机浮点运算能力的一个计量单位，指每秒进行一百亿亿次浮点运算。
"""
JI = """2025年河北省政府工作报告
河北省省长 刘强
一、2024年工作回顾
过去一年，全省改造老旧小区827个，城镇新增就业95万人。
二、2025年工作安排
主要预期目标是：地区生产总值增长5.5%左右。
"""


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    return _answerer_over(tmp_path_factory.mktemp("named"), {
        "2025年天津市政府工作报告.txt": JIN, "2025年河北省政府工作报告.txt": JI})


def test_a_province_named_by_its_one_character_name(named):
    rec = named.ask("津去年盘活存量资源资产一共实现收入多少？")
    assert "593.6亿元" in _answered(rec) and all(c["doc"].startswith("2025年天津市") for c in rec["citations"])
    ans = _answered(named.ask("冀、津两地2024年各改造了多少个老旧小区？"))
    assert "827个" in ans and "120个" in ans


def test_a_province_named_by_its_one_character_name_but_not_indexed_is_refused(named):
    rec = named.ask("沪去年改造了多少个老旧小区？")
    assert rec["status"] == "not_found" and "上海市" in rec["reason"], rec


def test_a_year_a_figure_is_compared_with_is_not_the_year_it_is_of(named):
    assert "8200亿元" in _answered(named.ask("天津2024年绿色贷款余额是多少？"))


def test_a_figure_in_the_unit_the_question_names_is_the_figure_asked(named):
    assert "909列" in _answered(named.ask("天津去年中欧班列开了多少列？"))


def test_this_year_and_last_year_are_told_from_the_reports_own_year(answerer):
    ans = _answered(answerer.ask("南山省去年城镇新增就业多少人？今年呢？"))
    assert "106万人" in ans and "85万人" in ans
    ans = _answered(answerer.ask("南山省去年城镇新增就业多少人？"))
    assert "106万人" in ans and "85万人" not in ans


def test_the_areas_of_the_years_review_are_its_lead_lines(answerer):
    ans = _answered(answerer.ask("东川省2024年工作回顾分了哪几个方面？"))
    assert "经济发展贡献新担当" in ans and "民生保障取得新成效" in ans


def test_a_sum_within_the_year_reviewed_is_that_years(answerer):
    assert "120亿元" in _answered(answerer.ask("东川省2024年累计减税降费多少？"))


def test_headings_that_all_hold_the_word_quoted_are_the_list(answerer):
    ans = _answered(answerer.ask("北岭省加强政府自身建设要做到哪几个“始终”？"))
    assert "始终坚定政治方向" in ans and "始终坚持依法施政" in ans


def test_an_english_question_mostly_in_words_qa_cannot_read_is_refused_saying_so(named):
    rec = named.ask("How many people moved to Mars in Tianjin in 2024?")
    assert rec["status"] == "not_found" and "moved" in rec["reason"] and "Chinese" in rec["reason"]
    assert "909列" in _answered(named.ask("How many China-Europe freight trains (中欧班列) did Tianjin run in 2024?"))


def test_a_figure_of_a_body_belongs_to_the_lead_sentence_it_follows(answerer):
    ans = _answered(answerer.ask("北岭省今年康养产业集群的营业收入目标是多少？"))
    assert "20亿元" in ans and "75亿元" not in ans


def test_two_indicators_named_as_one_and_their_targets_each_get_an_answer(answerer):
    ans = _answered(answerer.ask("北岭2024年城镇和农村居民人均可支配收入分别增长多少？2025年目标是多少？"))
    assert all(k in ans for k in ("4.3%", "7.1%", "7%左右")), ans


def test_two_years_of_one_figure_and_their_difference(answerer):
    rec = answerer.ask("北岭2024年和2025年为稳增长政策体系各安排多少省级财政资金？增加了多少？")
    ans = _answered(rec)
    assert "1023.6亿元" in ans and "1042.8亿元" in ans


def test_a_short_sentence_opening_its_paragraph_is_followed_by_its_reasons(answerer):
    ans = _answered(answerer.ask("北岭省为什么说有信心完成今年的目标任务？"))
    assert "长期向好" in ans and "能源革命" in ans, ans


def test_a_latin_term_is_answered_by_the_reports_note(named):
    ans = _answered(named.ask("天津报告里说的EFlops是什么意思？"))
    assert "一百亿亿次" in ans and not ans.startswith("1.")


def test_a_reason_runs_on_over_its_clauses_to_the_full_stop(named):
    assert "三年行动" in _answered(named.ask("天津为什么说今年的目标是积极的、务实的？"))


def test_review_areas_given_as_numbered_paragraphs(named):
    ans = _answered(named.ask("天津报告回顾去年工作时，从哪几个方面总结了成绩？"))
    assert "经济运行持续向好" in ans and "产业发展量质齐升" in ans


def test_this_year_after_a_year_asked_is_the_year_after_it(answerer):
    ans = _answered(answerer.ask("南山省2024年城镇新增就业多少？今年的控制目标是多少？"))
    assert "106万人" in ans and "85万人" in ans


def test_what_a_target_was_set_in_view_of_is_a_reason(named):
    assert "宏观形势" in _answered(named.ask("天津今年的目标是出于哪些考虑定的？"))


def test_leads_that_open_and_end_alike_under_a_heading_are_the_list(answerer):
    ans = _answered(answerer.ask("北岭省2025年推进新型工业化要实施哪几项行动？"))
    assert all(w in ans for w in ("重点产业链发展", "园区提速发展", "数字生产力培育")), ans


def test_a_level_said_in_words_answers_a_level_asked(named):
    assert "万亿元规模" in _answered(named.ask("天津去年进出口总额是多少？"))


def test_a_news_summary_without_a_date_takes_its_year_from_the_report_it_sums_up():
    from qa.metadata import extract_metadata

    text = ("（新闻摘要）\n1月16日，北岭省省长王强在北岭省第十四届人民代表大会第三次会议上作政府工作报告。\n"
            "报告提出，2025年全省发展的主要预期目标是：生产总值增长5%左右。2025年要重点做好9项工作。\n"
            "（本文根据2025年北岭省政府工作报告整理）\n")
    m = extract_metadata(text, "新闻摘要_北岭省政府工作报告.txt")
    assert (m["report_year"], m["review_year"]) == (2025, 2024)
    m = extract_metadata("报告回顾，2024年北岭全省地区生产总值增长5.3%。\n2025年目标：增长5%。2025年…", None)
    assert (m["report_year"], m["review_year"]) == (2025, 2024)


def test_items_after_a_heading_and_its_introduction_are_the_list(named):
    ans = _answered(named.ask("天津市政府加强自身建设提出了哪几个“坚持”？"))
    assert all(w in ans for w in ("政治引领", "人民至上", "依法行政")), ans


def test_a_place_named_before_and_with_nothing_of_its_own_asks_what_the_question_asks(answerer):
    ans = _answered(answerer.ask("南山和北岭的人均预期寿命哪个更高？"))
    assert "78.5岁" in ans and "79.3岁" in ans, ans


# Lists said the ways reports say them, reasons before their conclusion, a follow-up part with its
# own indicator, and a total beside what was added.
WEST = """2025年西原省政府工作报告
西原省省长 周宁
一、2024年工作回顾
过去一年，全省新开通地铁2条，新增地铁运营里程43公里、总里程达到879公里。非常规天然气资源开发产量超过165亿立方米，增长12.7%。智能化煤矿达到268座。全省实现一般公共预算收入60.3亿元、增长5.3%。
一是奋力拼经济，稳住经济基本盘。深入实施激发需求行动。抢先一步抓政策机遇。争取国家支持。上下一心抓项目带动。新开工项目300个。深入一线抓涉企服务。规上工业利润增长4.1%。
对西原而言，虽然外部环境复杂，但是全省交通枢纽、能源基地的地位没有变，经济持续向好的基本面没有变，我们有基础有条件有能力实现稳步健康发展。
二、2025年工作安排
工业是立省之基。“一业兴百业”，我们要坚定推动制造业高质量发展，夯实经济支撑。
我们将打好“四个攻坚战”。
一是打好投资消费稳定增长攻坚战。扩大有效投资。
二是打好特色产业升级攻坚战。培育产业集群。
三是打好重点领域改革攻坚战。深化国企改革。
四是打好生态环境治理攻坚战。治理沙化土地。
加快建设服务业集聚区。突出空间更聚焦、产业更集聚，推动高品质开发。金河商务区，建设金融大厦，新增企业100家。银湖示范园，推动项目投用。老城风貌带，完工历史街区。大力发展总部经济、楼宇经济，实施楼宇改造。
打造高品质全域旅游。突出康养特色。建设康养小镇。突出运动特色。建设体育基地。突出古镇特色。保护古镇老街。
坚持稳中求进、以进促稳。以结构调整之进，促经济增长之稳；以改革创新之进，促发展步伐之稳；以民生改善之进，促社会安宁之稳。坚持守正创新。
完成全年发展目标面临诸多挑战，但也有较好的支撑和许多有利条件。我们有战略腹地建设等机遇叠加，也有独特的科教资源和市场空间。
突出抓好两个方面。一是坚持稳中求进。二是坚持就业优先、民生为大。就业是最基本的民生。把高质量充分就业作为发展的优先目标，打好稳就业硬仗。
扩大有效投资，按三个着眼部署重大项目。着眼工业转型升级，建设算力集群等项目。着眼基础设施提档升级，建设沿江高铁。着眼城市更新提质，改造老旧小区。
接续办好10件民生实事，包括：改造老旧小区300万平方米；建设口袋公园100个；开展心理健康测评；打造标准化菜市场20个；提供假期公益托管服务；布局自动体外除颤器100处；新增公交线路60条；实施农村饮水工程；改造无障碍设施2000户；建设社区食堂50个。
"""


west = _report_fixture("west", "2025年西原省政府工作报告.txt", WEST)


def test_a_counted_thing_at_a_sentence_end_announces_the_items_that_follow(west):
    ans = _answered(west.ask("西原省今年要打好哪几个攻坚战？"))
    assert all(w in ans for w in ("投资消费稳定增长", "特色产业升级", "重点领域改革", "生态环境治理")), ans


def test_items_after_a_colon_parted_by_semicolons_are_each_quoted(west):
    rec = west.ask("西原省2025年的10件民生实事包括哪些？")
    ans = _answered(rec)
    assert all(w in ans for w in ("老旧小区", "口袋公园", "心理健康测评", "社区食堂")), ans
    assert len(rec["citations"]) == 10


def test_leads_that_open_and_end_alike_and_subjects_named_at_each_sentence_head_are_lists(west):
    ans = _answered(west.ask("西原打造高品质全域旅游要突出哪几种特色？"))
    assert all(w in ans for w in ("康养特色", "运动特色", "古镇特色")), ans
    ans = _answered(west.ask("西原省加快建设服务业集聚区，涉及哪些区域？"))
    assert all(w in ans for w in ("金河商务区", "银湖示范园", "老城风貌带")) and "总部经济" not in ans, ans


def test_a_reason_stated_before_its_conclusion_is_the_answer(west):
    ans = _answered(west.ask("西原省凭什么认为有基础有条件有能力实现稳步健康发展？"))
    assert "交通枢纽" in ans and "基本面" in ans, ans
    ans = _answered(west.ask("西原省为什么要坚定推动制造业高质量发展？"))
    assert "立省之基" in ans, ans


def test_a_follow_up_part_that_names_its_own_indicator_is_answered_for_it(west):
    ans = _answered(west.ask("西原2024年非常规天然气资源开发产量有多少？智能化煤矿达到多少座？"))
    assert "165亿立方米" in ans and "268座" in ans, ans


def test_a_level_asked_is_the_total_not_what_was_added():
    from qa.answer import comparison_note
    from qa.evidence import Evidence

    a = Evidence(1, "a", 0, 0, "新增地铁运营里程43公里、总里程达到879公里", 1, (), None)
    b = Evidence(2, "b", 0, 0, "轨道交通运营里程达到575公里", 1, (), None)
    assert comparison_note("两地地铁运营里程哪个更长？", a, b, ("甲市", "乙市")) == "据引文计算：甲市比乙市多304公里"
    two = Evidence(3, "c", 0, 0, "营业收入120亿元、利润80亿元", 1, (), None)
    assert comparison_note("两地哪个多？", two, b, ("丙市", "乙市")) is None  # no two comparable figures


def test_a_difference_is_not_computed_when_several_figures_could_be_meant():
    from qa.answer import comparison_note
    from qa.evidence import Evidence

    a = Evidence(1, "a", 0, 0, "营业收入120亿元，其中工业80亿元", 1, (), None)
    b = Evidence(2, "b", 0, 0, "营业收入100亿元", 1, (), None)
    assert comparison_note("两地营业收入哪个多？", a, b, ("甲市", "乙市")) is None


def test_short_leads_sentences_parted_by_semicolons_and_sentences_opening_alike_are_lists(west):
    ans = _answered(west.ask("西原省去年“奋力拼经济”重点抓了哪几件事？"))
    assert all(w in ans for w in ("政策机遇", "项目带动", "涉企服务")) and "300个" not in ans, ans
    ans = _answered(west.ask("西原省讲“以进促稳”，具体要以哪几个“进”促稳？"))
    assert all(w in ans for w in ("结构调整之进", "改革创新之进", "民生改善之进")), ans
    ans = _answered(west.ask("西原省扩大有效投资是按哪三个“着眼”部署的？"))
    assert all(w in ans for w in ("工业转型升级", "基础设施提档升级", "城市更新提质")), ans



def test_a_short_claim_is_followed_by_its_reasons_and_preceded_by_a_short_ground(west):
    ans = _answered(west.ask("凭什么说西原能完成今年的发展目标？"))
    assert "机遇叠加" in ans and "科教资源" in ans, ans
    ans = _answered(west.ask("西原省为什么要把高质量充分就业作为发展的优先目标？"))
    assert "最基本的民生" in ans, ans


def test_revenue_does_not_answer_for_expenditure(west):
    rec = west.ask("西原省2024年一般公共预算支出是多少亿元？")
    assert rec["status"] == "not_found", rec["answer"]
    assert "60.3亿元" in _answered(west.ask("西原省2024年一般公共预算收入是多少亿元？"))


def test_english_words_of_the_domain_reach_the_reports_chinese(west):
    ans = _answered(west.ask("How long was Xiyuan's metro operating mileage in 2024?"))
    assert "879公里" in ans, ans
    ans = _answered(west.ask("How many intelligent coal mines did Xiyuan have in 2024?"))
    assert "268座" in ans, ans


def test_a_result_of_the_report_year_or_later_is_refused_not_answered_with_its_target(answerer):
    for q in ("南山省2025年地区生产总值实际增长了多少？", "南山省2026年城镇新增就业实际完成了多少？"):
        rec = answerer.ask(q)
        assert rec["status"] == "not_found" and "2025年报告" in rec["reason"], rec["answer"]
    assert "5.5%" in _answered(answerer.ask("南山省2025年地区生产总值预期增长多少？"))
    assert "106万人" in _answered(answerer.ask("南山省2024年城镇新增就业实际完成了多少？"))


def test_a_city_said_without_its_suffix_is_a_place_the_province_report_must_name(tmp_path):
    report = SOUTH + "省会云港市地区生产总值达到2300亿元。\n"
    ans = _answerer_over(tmp_path, {"2025年南山省政府工作报告.txt": report})
    rec = ans.ask("2024年成都的地区生产总值是多少？")  # a city of another province: no report of it
    assert rec["status"] == "not_found" and "成都" in rec["reason"], rec["answer"]
    rec = ans.ask("What was Chengdu's GDP in 2024?")
    assert rec["status"] == "not_found", rec["answer"]


# Lists written across paragraphs, inline with circled numbers, and named by a pattern.
HILL = """2025年丘陵省政府工作报告
丘陵省省长 陈山
一、2024年工作回顾
过去一年，我们向新而行动力澎湃，新兴产业增长20%。我们向绿而行生态宜人，空气优良天数比例达到92%。我们向效而行惠民可感，民生支出占比78%。
二、2025年工作安排
（一）用心用情保障和改善民生。坚持以需求为导向，让群众有更多获得感。
社会保障强化兜底。落实民生实事，扩大参保覆盖面。
社会事业注重均衡。优化教育资源配置，建设社区医院。
社区治理突出共享。推进社区服务中心建设。
社会安全守稳底线。加强安全生产监管。
（二）支持民营经济发展。
民营企业是承载就业的重要平台，务必拿出具体实在的举措帮助企业跨越市场的冰山、融资的高山。切实构建亲清政商关系。依法保护企业家人身和财产安全。切实减轻企业负担。落实减税降费政策。切实解决企业难题。支持企业转贷续贷。
（三）扎实办好“四大民生实事”。①配置农村学校电脑3万台。②培训乡村医生500名，实现检查结果互认。③建设老年助餐服务点50个。④改造农村公路300公里。
坚定走好创新引领之路、能源转化之路、绿色转型之路，以工作稳促进经济稳。
三、全面加强政府自身建设
（一）保持定力，忠诚干事。加强学习。
（二）接受监督，依法干事。依法行政。
（三）清正廉洁，干净干事。严守纪律。
"""


hill = _report_fixture("hill", "2025年丘陵省政府工作报告.txt", HILL)


def test_short_sentences_opening_the_paragraphs_after_a_lead_are_its_items(hill):
    ans = _answered(hill.ask("丘陵省2025年保障和改善民生从哪几个方面着手？"))
    assert all(w in ans for w in ("社会保障强化兜底", "社会事业注重均衡", "社区治理突出共享", "社会安全守稳底线")), ans


def test_short_leads_after_a_long_opening_sentence_are_its_items(hill):
    ans = _answered(hill.ask("丘陵省帮助民营企业有哪些举措？"))
    assert all(w in ans for w in ("亲清政商关系", "减轻企业负担", "解决企业难题")), ans


def test_items_numbered_with_circled_digits_are_as_many_as_announced(hill):
    rec = hill.ask("丘陵省要办好的“四大民生实事”包括哪些？")
    ans = _answered(rec)
    assert all(w in ans for w in ("电脑3万台", "乡村医生500名", "助餐服务点50个", "农村公路300公里")), ans
    assert len(rec["citations"]) == 4


def test_items_named_by_a_pattern_and_a_question_that_counts_them_in_points(hill):
    ans = _answered(hill.ask("报告用哪三个“向……而行”概括过去一年的成绩？"))
    assert all(w in ans for w in ("向新而行", "向绿而行", "向效而行")), ans
    ans = _answered(hill.ask("丘陵省对全面加强政府自身建设提了哪几点要求？"))
    assert all(w in ans for w in ("忠诚干事", "依法干事", "干净干事")), ans
    ans = _answered(hill.ask("丘陵省要坚定走好哪几条路？"))
    assert all(w in ans for w in ("创新引领之路", "能源转化之路", "绿色转型之路")), ans


RIVER = """2025年河湾省政府工作报告
河湾省省长 林川
一、2024年工作回顾
过去一年，全省地区生产总值增长5.2%。
二、2025年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业60万人，居民消费价格涨幅2%左右。
各位代表！上述预期目标，综合考虑国内外形势和各方面因素，与“十四五”规划目标相衔接，有利于提振市场信心、引导社会预期。
（一）扩大有效需求。实施消费提振行动。
"""


def test_the_grounds_for_targets_are_the_sentence_after_them_that_points_back(tmp_path):
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": RIVER})
    for q in ("河湾省为什么这样确定2025年的主要预期目标？", "河湾省2025年的主要预期目标是基于哪些考虑定下的？"):
        got = _answered(ans.ask(q))
        assert "国内外形势" in got and "提振市场信心" in got, got


def test_who_and_when_is_answered_by_the_speaker_and_the_dated_meeting_line(answerer):
    ans = _answered(answerer.ask("南山省2025年政府工作报告是谁在什么时候作的？"))
    assert "李明" in ans and "2025年1月20日" in ans, ans


def test_the_parts_of_a_question_naming_no_place_come_from_one_report(answerer):
    rec = answerer.ask("去年全省城镇新增就业多少？今年的目标是多少？")
    _answered(rec)
    assert len({c["doc"] for c in rec["citations"]}) == 1, rec["answer"]


def test_a_share_of_a_whole_does_not_answer_for_the_amount(tmp_path):
    report = RIVER.replace("全省地区生产总值增长5.2%。", "全省地区生产总值增长5.2%，新能源和清洁能源装机占比达到49.7%。")
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": report})
    rec = ans.ask("What was Hewan's total installed power capacity at the end of 2024?")
    assert rec["status"] == "not_found", rec["answer"]
    assert "49.7%" in _answered(ans.ask("河湾省2024年新能源和清洁能源装机占比是多少？"))


def test_a_term_asked_without_quotes_is_defined_by_the_reports_note(tmp_path):
    report = RIVER + "名词解释\n1.三大优势产业：省委提出培育形成电子信息、装备制造和食品轻纺等三大万亿级产业。\n"
    report = report.replace("全省地区生产总值增长5.2%。", "全省地区生产总值增长5.2%，三大优势产业、高技术制造业、绿色低碳优势产业增加值分别增长6.9%、8.4%、10.2%。")
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": report})
    got = _answered(ans.ask("河湾省的三大优势产业具体指哪些产业？"))
    assert all(w in got for w in ("电子信息", "装备制造", "食品轻纺")), got


def test_a_result_asked_of_last_year_beside_a_plan_of_this_year_is_answered(answerer):
    ans = _answered(answerer.ask("南山省去年城镇新增就业完成了多少？2025年的任务又是多少？"))
    assert "106万人" in ans and "85万人" in ans, ans


def test_a_bare_comparison_after_a_question_of_last_year_asks_nothing_new(answerer):
    rec = answerer.ask("南山和北岭去年实际使用外资各多少？哪个省多？")
    ans = _answered(rec)
    assert "118.1亿美元" in ans and "152.7亿美元" in ans, ans
    assert len({c["doc"] for c in rec["citations"]}) == 2


def test_a_hyphen_and_a_space_are_one_in_english_glossary_phrases():
    from qa.query import understand

    assert understand("How much soil-erosion area did Nanshan treat?", {"南山省"}).expansion.startswith("水土流失")


def test_an_amount_asked_is_money_and_the_economys_total_is_the_level_of_what_grew(tmp_path):
    report = RIVER.replace("全省地区生产总值增长5.2%。", "全省地区生产总值增长5.2%，高于全国0.2个百分点，经济总量达到64697亿元。新增有实绩进出口外贸企业132家。")
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": report})
    assert "64697亿元" in _answered(ans.ask("河湾省2024年地区生产总值是多少？"))
    rec = ans.ask("河湾省2024年外贸进出口总额是多少？")
    assert rec["status"] == "not_found", rec["answer"]  # 132 firms are not a value of trade


LAKE = """2025年湖滨省政府工作报告
湖滨省省长 吴湖
一、2024年工作回顾
过去一年，全省规模以上工业增加值增长0.9%，生产原油238万吨，超算算力达223PF、居全国第3位。累计减税1.75亿元，引进硕士以上高端人才101人。区内总部经济发展到12家。
全省旅游业加快发展，接待游客增长12%。26栋重点楼宇营业收入突破350亿元。
二、2025年工作安排
落实行政执法“三项制度”。
名词解释
行政执法“三项制度”：即行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。
"""


lake = _report_fixture("lake", "2025年湖滨省政府工作报告.txt", LAKE)


def test_what_an_indicator_measures_is_not_another_measure(lake):
    rec = lake.ask("湖滨省2024年规模以上工业企业利润增长了多少？")
    assert rec["status"] == "not_found", rec["answer"]  # the growth of value added is no growth of profits
    assert "238万吨" in _answered(lake.ask("湖滨省2024年的原油产量是多少？"))  # '生产原油238万吨'


def test_a_unit_named_does_not_excuse_a_figure_of_something_else(lake):
    rec = lake.ask("湖滨省2024年旅游收入是多少亿元？")
    assert rec["status"] == "not_found", rec["answer"]


def test_question_words_that_are_no_terms_and_a_verb_parted_from_its_object(lake):
    assert "12家" in _answered(lake.ask("截至2024年，湖滨省的总部经济企业发展到了多少家？"))
    ans = _answered(lake.ask("湖滨省2024年累计减了多少税？引进了多少硕士以上的高端人才？"))
    assert "1.75亿元" in ans and "101人" in ans, ans
    assert "223PF" in _answered(lake.ask("湖滨省超算算力达到多少？"))


def test_a_question_about_the_notes_is_answered_by_the_note(lake):
    ans = _answered(lake.ask("报告的名词解释里，行政执法“三项制度”是哪三项？"))
    assert "公示制度" in ans and "法制审核" in ans, ans


def test_a_judgement_just_before_a_resolve_is_its_ground_even_across_wrapped_lines(tmp_path):
    report = RIVER + ("各位代表！良好生态环境，是河湾人民的宝贵财富，也是全国人民的宝贵\n财富。我们一定以过硬的立场保护好生态，带污染的钱再多也不赚，带污染的项目再大\n"
                      "也不要。\n经营主体活，河湾经济才能活；经营主体好，河湾发展才会好。我们将坚定不移支持他们发展壮大。\n")
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": report})
    got = _answered(ans.ask("河湾省为什么说“带污染的钱再多也不赚”？"))
    assert "宝贵财富" in got, got
    got = _answered(ans.ask("河湾省为什么要坚定不移支持经营主体发展壮大？"))
    assert "经济才能活" in got, got


def test_the_next_headings_of_a_headings_own_numbering_are_not_its_items(tmp_path):
    report = RIVER.replace("（一）扩大有效需求。实施消费提振行动。\n", "") + (
        "一、2024年工作回顾\n（三）推动工业稳健运行。加快培育集群，新增甲城工业母机、乙城纺织服装、丙城农机装备等国家先进制造业集群3个。\n"
        "（四）推进创新型省份建设。新增研发机构10家。\n（五）推进高水平对外开放。开通航线5条。\n")
    ans = _answerer_over(tmp_path, {"2025年河湾省政府工作报告.txt": report})
    got = _answered(ans.ask("河湾去年新增的3个国家先进制造业集群是哪几个？"))
    assert "甲城工业母机" in got and "推进创新型省份" not in got, got
