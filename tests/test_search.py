import pytest

from qa.retrieve import Searcher, year_weight


@pytest.fixture(scope="module")
def searcher(seed_index):
    idx, emb = seed_index
    return Searcher(idx, emb, dense_weight=0.3)


CASES = [
    ("2017年大渡口区的地区生产总值是多少？", "000_4bada5999176aa19.txt", "地区生产总值190亿元"),
    ("綦江区2018年工业增加值实现了多少？", "001_007744f024dd1767.txt", "工业增加值实现151.9亿元"),
    ("What was Qijiang District's GDP in 2018?", "001_007744f024dd1767.txt", "地区生产总值实现414.6亿元"),
    ("2021年大渡口区规模以上工业增加值增速是多少？", "003_bf58757498efd4fd.txt", "22.7%"),
    ("渝中区2018年城镇新增就业多少人？", "004_30cc81fc5e8fc886.txt", "城镇新增就业4.5万人"),
]


@pytest.mark.parametrize("question,doc,needle", CASES)
def test_the_passage_that_answers_is_in_the_top_three(searcher, question, doc, needle):
    hits = searcher.search(question, k=3).hits
    assert any(h.chunk.doc == doc and needle in h.chunk.text for h in hits), [h.chunk.text[:40] for h in hits]


def test_a_district_steers_to_its_reports_and_the_year_to_the_right_one(searcher):
    res = searcher.search("2017年大渡口区的地区生产总值是多少？", k=5)
    assert set(res.scope) == {"000_4bada5999176aa19.txt", "003_bf58757498efd4fd.txt"}
    assert res.hits[0].chunk.doc == "000_4bada5999176aa19.txt"
    res = searcher.search("2021年大渡口区的地区生产总值是多少？", k=5)
    assert res.hits[0].chunk.doc == "003_bf58757498efd4fd.txt"


def test_a_district_with_no_report_finds_nothing(searcher):
    res = searcher.search("江北区2018年的地区生产总值是多少？", k=5)
    assert res.hits == [] and res.query.absent_districts == ["江北区"]


def test_hits_carry_exact_spans_and_matched_terms(searcher, seed_index):
    idx, _ = seed_index
    for h in searcher.search("一般公共预算收入", k=5).hits:
        text, _ = idx.source_text(h.chunk.doc)
        assert text[h.chunk.start:h.chunk.end] == h.chunk.text
        assert "预算" in h.matched


def test_year_weight_prefers_the_reviewed_or_planned_year():
    meta = {"report_year": 2022, "review_year": 2021}
    assert year_weight([2021], meta) == 1.0 and year_weight([2022], meta) == 1.0
    assert year_weight([2019], meta) < 1.0 and year_weight([2026], meta) < 1.0
    assert year_weight([2010], meta) < year_weight([2019], meta)
