import json

from hypothesis import given, strategies as st

from qa.answer import parse_marked
from qa.verify import check_claim, verify_citations

SPAN = "工业增加值实现151.9亿元、增长7.2%"


def test_a_claim_that_restates_its_span_stands():
    assert check_claim("綦江区工业增加值151.9亿元，增长7.2%", [SPAN]) == []


def test_spacing_and_full_width_forms_are_normalised():
    assert check_claim("空气质量优良天数达到285天", ["确保全年空气质量优良天数达到 285 天"]) == []
    assert check_claim("工业增加值增长７．２％", [SPAN]) == []


def test_an_invented_figure_is_caught():
    assert "not in the cited spans" in check_claim("工业增加值实现152亿元", [SPAN])[0]


def test_a_real_figure_attached_to_the_wrong_indicator_is_caught():
    assert check_claim("地区生产总值151.9亿元", [SPAN])


def test_a_claim_with_no_citation_or_no_text_fails():
    assert check_claim("工业增加值实现151.9亿元", []) == ["cites no evidence"]
    assert check_claim("  ", [SPAN]) == ["is empty"]


def test_years_must_be_in_the_span_or_its_period():
    assert check_claim("2018年工业增加值实现151.9亿元", [SPAN], {2018}) == []
    assert check_claim("2017年工业增加值实现151.9亿元", [SPAN], {2018})


@given(st.text(max_size=200))
def test_check_claim_never_crashes(text):
    assert isinstance(check_claim(text, [SPAN]), list)


@given(st.text(alphabet=st.sampled_from(list("工业增加值151.9亿元[]1234；\n")), max_size=120))
def test_marker_parser_returns_only_well_formed_claims(raw):
    try:
        reply = parse_marked(raw)
    except Exception as exc:  # pydantic rejects empty or over-long claims: that is a rejection, not a crash
        assert type(exc).__name__ == "ValidationError"
        return
    for c in reply.claims:
        assert c.text and c.evidence and all(isinstance(i, int) for i in c.evidence)


def test_verify_citations_reports_changed_and_missing_files(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("前言。工业增加值实现151.9亿元。", encoding="utf-8")
    import hashlib
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    cite = {"id": 1, "doc": "r.txt", "path": str(f), "start": 3, "end": 17, "text": "工业增加值实现151.9亿元", "sha256": sha}
    rec = {"citations": [cite, {**cite, "id": 2, "path": str(tmp_path / "gone.txt")}, {**cite, "id": 3, "start": 4}]}
    assert [r["status"] for r in verify_citations([rec])] == ["ok", "missing", "mismatch"]
    f.write_text("前言。工业增加值实现161.9亿元。", encoding="utf-8")
    assert verify_citations([rec])[0]["status"] == "changed"


def test_wording_must_come_from_the_cited_spans():
    from qa.verify import check_wording

    span = ["秋田齿轮获得第四届中国质量奖提名奖。"]
    q = "哪家企业获得了第四届中国质量奖提名奖？"
    assert check_wording("秋田齿轮获得第四届中国质量奖提名奖", span, q) == []
    assert check_wording("摘录：", span, q)  # a prompt artefact
    assert check_wording("。", span, q) == ["it says nothing"]
    assert "adds" in check_wording("重庆钢铁获得第四届中国质量奖提名奖", span, q)[0]
    assert "repeats" in check_wording("获得第四届中国质量奖提名奖", span, q)[0]
    # An English sentence is checked by its figures; without one it cannot be checked.
    assert check_wording("GDP reached 414.6亿元", ["地区生产总值实现414.6亿元"], "What was GDP?") == []
    assert check_wording("It was Qiutian Gear", span, "Which company?")
