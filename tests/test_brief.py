import json

import pytest

from qa.brief import Briefing, compare, difference, render_markdown
from qa.facts import figure_items
from qa.textnorm import norm


@pytest.fixture(scope="module")
def briefs(seed_briefings):
    return seed_briefings


def test_every_citation_of_every_briefing_is_exact(briefs):
    for d, br in briefs.values():
        items = [it for sec in (br.indicators, br.targets, br.priorities, br.achievements, br.problems) for it in sec]
        cites = [c for it in items for c in it.citations] + [c for f in br.metadata.__dict__.values() for c in f.citations]
        assert cites
        for c in cites:
            assert d.text[c.start:c.end] == c.text and c.sha256 == d.sha256
            assert c.line == d.text.count("\n", 0, c.start) + 1


def test_the_items_of_a_report_are_the_ones_it_states(briefs):
    """Pinned from seed 004: what each item says, and the exact span it quotes."""
    _, br = briefs["004_30cc81fc5e8fc886.txt"]
    assert [(i.name, i.value, i.change, i.period, i.citations[0].text) for i in br.indicators[:4]] == [
        ("地区生产总值", "1200亿元", "增长1%左右", "2018", "地区生产总值突破1200亿元、增长1%左右"),
        ("区级一般公共预算收入", "46.4亿元", "下降6.7%", "2018", "区级一般公共预算收入46.4亿元、下降6.7%"),
        ("社会消费品零售总额", None, "增长8.5%左右", "2018", "社会消费品零售总额增长8.5%左右"),
        ("固定资产投资总额", "220亿元", "增长3%左右", "2018", "固定资产投资总额完成220亿元、增长3%左右"),
    ]
    assert [(t.name, t.target, t.period) for t in br.targets[:3]] == [
        ("地区生产总值", "增长 3%", "2019"), ("区级一般公共预算收入", "44.5 亿元左右", "2019"),
        ("社会消费品零售总额", "增长 7.5%左右", "2019")]
    assert br.achievements[0].text == "坚持调结构、促转型，现代服务业发展实现新突破"
    assert br.problems[0].text.startswith("受外部经济下行") and br.problems[0].text.endswith("等指标低于预期")
    assert len(br.problems) == 6 and br.dropped == 0


@pytest.mark.parametrize("name,n_targets,n_priorities,first_priority", [
    ("000_4bada5999176aa19.txt", 10, 7, "深化改革开放创新，持续增强发展动力活力"),
    ("001_007744f024dd1767.txt", 9, 8, "围绕壮大体量、提高质量，夯实工业经济主体地位"),
    ("002_404f361b20648346.txt", 8, 5, "发挥改革牵引作用,推进“十一项战略行动计划”“三项攻坚战”"),
    ("003_bf58757498efd4fd.txt", 6, 8, "聚力建设长江文化艺术湾区"),
    ("004_30cc81fc5e8fc886.txt", 6, 4, "持之以恒加快产业转型升级，努力推动高质量发展"),
])
def test_targets_and_priorities_of_each_seed(briefs, name, n_targets, n_priorities, first_priority):
    _, br = briefs[name]
    assert len(br.targets) >= n_targets
    assert len(br.priorities) == n_priorities and br.priorities[0].title == first_priority


def test_headline_figures_of_a_report(briefs):
    _, br = briefs["001_007744f024dd1767.txt"]
    gdp = next(i for i in br.indicators if i.name == "地区生产总值")
    assert (gdp.value, gdp.change, gdp.period, gdp.headline) == ("414.6亿元", "增长6.9%", "2018", True)
    t = next(t for t in br.targets if t.name == "地区生产总值")
    assert t.target == "增长7%左右" and t.period == "2019"


def test_figure_items_split_paired_figures_and_keep_changes():
    text = "规模以上工业增加值增长11%、利润增长30%；固定资产投资208.5亿元，增长10%；分配公租房、廉租房1.3万余套。"
    items = figure_items(text, 0, len(text))
    got = [(i["name"], i["value"], i["change"]) for i in items]
    assert got == [("规模以上工业增加值", None, "增长11%"), ("利润", None, "增长30%"), ("固定资产投资", "208.5亿元", "增长10%"),
                   ("分配公租房、廉租房", "1.3万余套", None)]


def test_markdown_has_footnotes_for_every_marker(briefs):
    md = render_markdown(briefs["004_30cc81fc5e8fc886.txt"][1])
    import re
    marks = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    notes = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
    assert marks and marks == notes
    assert "004_30cc81fc5e8fc886.txt:" in md


def test_schema_round_trips(briefs):
    _, br = briefs["000_4bada5999176aa19.txt"]
    again = Briefing.model_validate(json.loads(br.model_dump_json()))
    assert again == br


def test_compare_aligns_names_cites_both_sides_and_says_not_reported(briefs):
    a, b = briefs["000_4bada5999176aa19.txt"][1], briefs["003_bf58757498efd4fd.txt"][1]
    cmp = compare([a, b])
    row = next(r for r in cmp["targets"] if r["name"] == "地区生产总值")
    assert row["cells"][0]["target"] == "增长8.5%左右" and row["cells"][1]["target"] == "增长6%左右"
    assert all(c["citations"] for c in row["cells"])
    assert any(None in r["cells"] for r in cmp["indicators"])


def test_difference_only_for_exact_figures_in_one_unit():
    assert difference("190亿元", "310.4亿元") == "+120.4亿元"
    assert difference("14.33万平方米", "10.1万平方米") == "-4.23万平方米"
    assert difference("190亿元", "450亿元左右") is None
    assert difference("190亿元", "25公里") is None
