import pytest
from hypothesis import given, settings, strategies as st

from qa.chunking import chunk_document, heading_of, split_sentences
from qa.documents import read_document


def assert_exact(text, chunks):
    for c in chunks:
        assert text[c.start:c.end] == c.text
        assert c.text and c.text == c.text.strip()


EDGE_CASES = {
    "empty": "",
    "one sentence": "地区生产总值增长8%左右。",
    "no punctuation": "这是一段没有标点的文字" * 500,
    "crlf": "一、工作回顾\r\n地区生产总值190亿元。\r\n增长8%。\r\n",
    "bom": "\ufeff# 标题\n\n正文一句。正文二句！",
    "nbsp": "九龙坡区人民政府区长\u00a0 刘小强\n\n\u3000\u3000增长\u00a05.3%。",
    "only whitespace": " \n\t\u3000\n",
    "fullwidth": "增长１２．５％；下降３％？是的！",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_offsets_are_exact_on_edge_cases(name):
    text = EDGE_CASES[name]
    chunks = chunk_document("x.txt", text)
    assert_exact(text, chunks)
    assert bool(chunks) == bool(text.strip())


def test_long_unpunctuated_text_is_split_into_bounded_chunks():
    text = EDGE_CASES["no punctuation"]
    chunks = chunk_document("x.txt", text)
    assert len(chunks) > 5 and max(len(c.text) for c in chunks) <= 400


def test_offsets_exact_and_sizes_bounded_over_the_seeds(seeds):
    for p in sorted(seeds.glob("*.txt")):
        doc = read_document(p)
        chunks = chunk_document(doc.name, doc.text)
        assert_exact(doc.text, chunks)
        assert max(len(c.text) for c in chunks) <= 400
        # Together the chunks cover every sentence of the report.
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        for s in split_sentences(doc.text):
            assert s.start in covered


def test_chunks_know_their_heading_path(seeds):
    doc = read_document(seeds / "000_4bada5999176aa19.txt")
    chunks = chunk_document(doc.name, doc.text)
    hit = [c for c in chunks if "工业企业培育" in c.text or "产业培育" in c.text and c.headings]
    assert any("（二）狠抓产业培育再造，致力提高经济质量效益" in c.headings for c in hit)
    first = [c for c in chunks if "预计全年实现地区生产总值190亿元" in c.text][0]
    assert first.headings == ("2017年工作回顾",)


def test_line_numbers_are_one_based_lines_of_start(seeds):
    doc = read_document(seeds / "001_007744f024dd1767.txt")
    for c in chunk_document(doc.name, doc.text):
        assert c.line == doc.text.count("\n", 0, c.start) + 1


@pytest.mark.parametrize("line,expected", [
    ("## 一、2018年工作回顾", (0, "一、2018年工作回顾")),
    ("（三）构建新动能，着力繁荣现代服务业。围绕旅游品牌……", (1, "（三）构建新动能，着力繁荣现代服务业")),
    ("(二)调布局铸体系,产业发展基础不断夯实。现代产业", (1, "(二)调布局铸体系,产业发展基础不断夯实")),
    ("地区生产总值增长8%。", None),
])
def test_heading_of(line, expected):
    assert heading_of(line) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三地区生产总值增长。！？；，、\n\r \u3000\u00a0\ufeff#（）12.%")), max_size=2000),
       st.integers(min_value=20, max_value=500))
def test_offset_invariant_property(text, target):
    assert_exact(text, chunk_document("x.txt", text, {"target": target, "max_sentence": max(10, target)}))
