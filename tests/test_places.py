"""Place- and year-true answers on reports of any layout: metadata without a list of places,
places in questions, refusals that name what the index covers, traditional characters, and text
wrapped as PDFs give it."""

import json
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from fakes import HashEmbedder
from qa.answer import Answerer
from qa.chunking import chunk_document, noise_lines, soft_break, split_sentences
from qa.metadata import extract_metadata
from qa.query import understand
from qa.retrieve import Searcher
from qa.service import Session
from qa.store import build_index, load_index
from qa.textnorm import norm, simplified, tokens

PROVINCES = ROOT.parent / "shared" / "corpus" / "provinces-2025"
GOLD = ROOT / "tests" / "data" / "provinces_metadata.json"


@pytest.mark.skipif(not PROVINCES.exists(), reason=f"{PROVINCES} is absent; the provincial DOCX reports are not on this machine")
@pytest.mark.parametrize("name", sorted(json.loads(GOLD.read_text(encoding="utf-8"))))
def test_metadata_of_the_provincial_reports_matches_the_pinned_gold(name):
    from qa.documents import read_document

    want = json.loads(GOLD.read_text(encoding="utf-8"))[name]
    meta = read_document(PROVINCES / name).metadata
    assert {k: meta.get(k) for k in want} == want


@pytest.mark.parametrize("head,place,level,year,speaker", [
    # news summary: place, speaker and meeting only in the lead; no date
    ("山东省政府工作报告摘要\n1月20日，山东省省长周乃翔在山东省第十四届人民代表大会第三次会议上作政府工作报告。"
     "报告显示，2024年全省地区生产总值9.86万亿元。2024年全省…\n", "山东省", "province", 2025, "周乃翔"),
    # the place only in the opening line
    ("政府工作报告\n——2019年1月13日在区第十八届人民代表大会第四次会议上\n区长 商奎\n各位代表：\n"
     "我代表渝中区人民政府，向大会报告工作。\n一、2018年工作回顾\n", "渝中区", "district", 2019, "商奎"),
    # an autonomous region's chair, the region's full name in the meeting line
    ("2025年宁夏政府工作报告\n——2025年1月19日在宁夏回族自治区第十三届人民代表大会第三次会议上\n宁夏回族自治区人民政府主席 张雨浦\n",
     "宁夏回族自治区", "province", 2025, "张雨浦"),
    # a city of a province, with the province before it
    ("2024年浙江省杭州市政府工作报告\n——2024年1月10日在杭州市第十四届人民代表大会第四次会议上\n杭州市市长 姚高员\n",
     "杭州市", "city", 2024, "姚高员"),
    # a county, traditional characters
    ("2023年長興縣政府工作報告\n——2023年1月5日在長興縣第十七屆人民代表大會第三次會議上\n縣長 王奇\n",
     "长兴县", "county", 2023, "王奇"),
])
def test_place_and_year_are_read_from_any_layout(head, place, level, year, speaker):
    meta = extract_metadata(head)
    assert (simplified(meta["place"]), meta["level"], meta["report_year"], meta["speaker"]) == (place, level, year, speaker)
    assert meta["review_year"] == year - 1


def test_the_file_name_is_the_last_resort_for_place_and_year():
    meta = extract_metadata("各位代表：\n过去一年，全省经济运行稳中有进。\n", "2025年江西省政府工作报告.docx")
    assert (meta["place"], meta["report_year"], meta["review_year"]) == ("江西省", 2025, 2024)


CORPUS = {"浙江省": {"parent": None}, "綦江区": {"parent": "重庆市"}, "大渡口区": {"parent": "重庆市"}, "重庆市": {"parent": None}}


@pytest.mark.parametrize("question,present,absent", [
    ("浙江2024年地区生产总值是多少？", ["浙江省"], []),
    ("What was Zhejiang's GDP in 2024?", ["浙江省"], []),
    ("重庆市綦江区2018年工业增加值？", ["綦江区"], []),  # the district, not its municipality
    ("重庆2024年GDP是多少？", ["重庆市"], []),
    ("2024年广东的地区生产总值是多少？", [], ["广东省"]),
    ("江北区2018年的地区生产总值是多少？", [], ["江北区"]),
    ("What was Beibei District's GDP in 2018?", [], ["Beibei District"]),
    ("全省生产总值增长多少？", [], []),
    ("粤港澳大湾区建设有什么进展？", [], []),
])
def test_places_named_in_questions(question, present, absent):
    q = understand(question, CORPUS)
    assert (q.places, q.absent_places) == (present, absent)


def test_a_place_inside_an_indexed_one_is_not_answered_by_it():
    q = understand("浙江省杭州市2024年GDP是多少？", CORPUS)
    assert q.places == ["浙江省"] and q.absent_places == ["杭州市"] and q.narrower_absent


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Two districts' seeds, one of them in traditional characters, and one wrapped as a PDF gives it."""
    import opencc

    folder = tmp_path_factory.mktemp("mixed")
    qijiang = (SEEDS / "001_007744f024dd1767.txt").read_text(encoding="utf-8")
    (folder / "綦江繁体.txt").write_text(opencc.OpenCC("s2t").convert(qijiang), encoding="utf-8")
    yuzhong = (SEEDS / "004_30cc81fc5e8fc886.txt").read_text(encoding="utf-8")
    lines = []
    for para in yuzhong.split("\n"):
        lines.extend(para[i:i + 33] for i in range(0, len(para), 33) if para.strip())
        if len(lines) % 40 < 3:
            lines += ["— %d —" % (len(lines) // 40 + 1), "渝中区政府工作报告"]
    (folder / "渝中_wrapped.txt").write_text("\n".join(lines), encoding="utf-8")
    emb = HashEmbedder()
    build_index([folder], folder / "idx", emb)
    idx = load_index(folder / "idx", emb.name)
    return Session(None, Searcher(idx, emb, dense_weight=0.0), folder / "idx"), folder


def test_a_simplified_question_finds_traditional_text_and_cites_it_exactly(mixed):
    session, folder = mixed
    rec = Answerer(session).ask("綦江区2018年工业增加值实现了多少？")
    assert rec["status"] == "answered" and "151.9" in rec["answer"]
    for c in rec["citations"]:
        text = (folder / c["doc"]).read_text(encoding="utf-8")
        assert text[c["start"]:c["end"]] == c["text"] and "億元" in c["text"]


def test_wrapped_text_keeps_figures_whole_and_page_furniture_out(mixed):
    session, folder = mixed
    rec = Answerer(session).ask("渝中区2018年城镇新增就业多少人？")
    assert rec["status"] == "answered" and "4.5万人" in norm(rec["answer"])
    text = (folder / "渝中_wrapped.txt").read_text(encoding="utf-8")
    for c in rec["citations"]:
        assert text[c["start"]:c["end"]] == c["text"] and "—" not in c["text"]
    assert {"渝中区政府工作报告"} <= noise_lines(text)
    assert all("渝中区政府工作报告" != text[c.start:c.end] for c in chunk_document("w", text))


def test_refusals_name_what_the_index_covers(mixed):
    session, _ = mixed
    for question in ("2024年广东的地区生产总值是多少？", "江北区2018年的地区生产总值是多少？"):
        rec = Answerer(session).ask(question)
        assert rec["status"] == "not_found", question
        assert "綦江区" in rec["reason"] and "渝中区" in rec["reason"], rec["reason"]
    rec = Answerer(session).ask("綦江区2010年工业增加值是多少？")  # a year no report of the place speaks of
    assert rec["status"] == "not_found" and "2010" in rec["reason"] and "綦江区 (2019年报告)" in rec["reason"]


def test_an_answer_to_a_question_naming_no_place_says_whose_figure_it_is(mixed):
    session, _ = mixed
    rec = Answerer(session).ask("2018年城镇新增就业多少人？")
    assert rec["status"] == "answered"
    places = {session.searcher.index.docs[c["doc"]].metadata["place"] for c in rec["citations"]}
    assert all(simplified(p) in simplified(rec["answer"]) for p in places)


def test_a_claim_citing_another_places_report_is_rejected(mixed):
    session, _ = mixed
    a = Answerer(session)
    rec, sel, _ = a.prepare("綦江区2018年工业增加值实现了多少？")
    other = next(d for d in session.searcher.index.docs if "渝中" in d)
    from dataclasses import replace

    foreign = replace(sel.chosen[0], doc=other)
    assert "not of 綦江区" in a._wrong_place([foreign], sel)
    assert a._wrong_place(sel.chosen, sel) is None


def test_soft_breaks_and_sentences_of_wrapped_text():
    t = "一、2024年工作回顾\n全省上下坚持稳中求进，地区生产总值增长5.8%，总量达到30.2\n亿元。下一句。\n各位代表："
    assert not soft_break(t, t.index("\n"))
    assert soft_break(t, t.index("30.2\n") + 4)
    sents = [t[s.start:s.end] for s in split_sentences(t)]
    assert "全省上下坚持稳中求进，地区生产总值增长5.8%，总量达到30.2\n亿元。" in sents
    assert tokens("生產總值") == tokens("生产总值")


def test_a_place_inside_an_indexed_report_is_answered_from_passages_that_name_it(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "hubei.txt").write_text(
        "2025年湖北省政府工作报告\n——2025年1月16日在湖北省第十四届人民代表大会第三次会议上\n省长 李明\n"
        "一、2024年工作回顾\n全省地区生产总值增长5.8%。鄂州市花湖机场货邮吞吐量达到128万吨。武汉天河机场旅客吞吐量3000万人次。\n",
        encoding="utf-8")
    emb = HashEmbedder()
    build_index([tmp_path / "src"], tmp_path / "idx", emb)
    session = Session(None, Searcher(load_index(tmp_path / "idx", emb.name), emb, dense_weight=0.0), tmp_path / "idx")
    rec = Answerer(session).ask("鄂州市2024年机场货邮吞吐量是多少？")
    assert rec["status"] == "answered" and "128万吨" in rec["answer"] and "湖北省" in rec["answer"]
    rec = Answerer(session).ask("杭州市2024年机场货邮吞吐量是多少？")  # no report speaks of it
    assert rec["status"] == "not_found" and "杭州市" in rec["reason"]


def test_a_report_that_names_itself_only_in_its_body_gets_its_place():
    body = ("各位代表：\n过去一年，全市经济运行稳中向好。宜昌市地区生产总值增长6.1%。宜昌市新增城镇就业5万人。"
            "我们与武汉市深化合作。宜昌市进出口总额增长8%。全市上下……\n")
    meta = extract_metadata(body)
    assert (meta["place"], meta["level"]) == ("宜昌市", "city")
    assert extract_metadata("各位代表：\n全市经济运行稳中向好。武汉市、宜昌市、襄阳市协同发展。\n")["place"] is None
