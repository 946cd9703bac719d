"""Table, trend and targets views: cells verified and from their own report, verdicts computed
from cited figures, exports a user opens (CSV, .xlsx), the English view, and the commands."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from qa.facts import extract_facts, indicator_key
from qa.textnorm import norm
from qa.views import (Report, build_table, build_targets, build_trend, pick_fact, reports_from_paths, verdict)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = "001_007744f024dd1767.txt"


@pytest.fixture(scope="module")
def seed_reports():
    reports, warnings = reports_from_paths([SEEDS])
    assert not warnings
    return reports


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    """Two consecutive reports of one place, made the way bench/synth.py makes reports: the
    綦江区 2019 report renamed to 璧山区 (it sets the 2019 targets), and the same report with
    its years moved on by one (the 2020 report, whose review of 2019 gives the outcomes)."""
    sys.path.insert(0, str(ROOT))
    from bench.synth import TARGET_PLACES, Copy, transform

    folder = tmp_path_factory.mktemp("pair")
    src = (SEEDS / SEED).read_text(encoding="utf-8")
    for off in (0, 1):
        bishan = next(p for p in TARGET_PLACES if p.name == "璧山区")
        copy = Copy(index=off, seed_name=SEED, source_district="綦江区", place=bishan, year_offset=off, factor=1.0)
        (folder / f"bishan_{2019 + off}.txt").write_text(transform(src, copy), encoding="utf-8")
    return folder


# --- table ---------------------------------------------------------------------------------------


def test_table_over_the_seeds_every_cell_verified_and_from_its_own_report(seed_reports):
    by_name = {r.name: r for r in seed_reports}
    for indicator in ("地区生产总值", "一般公共预算收入", "社会消费品零售总额", "城镇新增就业", "地区生产总值目标"):
        table = build_table(seed_reports, indicator)
        assert len(table.rows) == 5, indicator
        for row in table.rows:
            assert row.status in ("verified", "not reported"), (indicator, row.doc, row.problems)
            if row.status == "verified":
                src = by_name[row.doc].text
                c = row.citation()
                assert src[c["start"]:c["end"]] == c["text"]
                for part in (row.fact.value, row.fact.change):
                    assert part is None or norm(part) in norm(c["text"])


def test_table_matches_the_hand_checked_seed_cells(seed_reports):
    gold = [g for g in json.loads((ROOT / "eval/table_gold.json").read_text(encoding="utf-8"))["cells"] if (SEEDS / g["file"]).exists()]
    assert len(gold) >= 25
    by_name = {r.name: r for r in seed_reports}
    basis = re.compile(r"^(?:比上年|较上年|同比|同口径)?(?:\(下同\))?")  # after norm: ASCII brackets
    for g in gold:
        f = pick_fact(by_name[g["file"]].facts, indicator_key(g["indicator"]), g["kind"])
        got = (None, None) if f is None else (f.value and norm(f.value), f.change and basis.sub("", norm(f.change)))
        assert got == (g["value"] and norm(g["value"]), g["change"] and norm(g["change"])), g


def test_gdp_spellings_are_one_indicator_and_fiscal_revenue_another(seed_reports):
    cells = {k: [(r.doc, r.fact and r.fact.value) for r in build_table(seed_reports, k).rows] for k in ("GDP", "地区生产总值", "全区生产总值", "生产总值")}
    assert len({json.dumps(v) for v in cells.values()}) == 1
    assert build_table(seed_reports, "财政收入").key == "财政收入"
    assert build_table(seed_reports, "一般公共预算收入").key == "一般公共预算收入"


def test_table_brief_and_compare_show_the_same_figure_of_each_report(seed_reports):
    """The four views read one set of facts: the cell a table shows for a report is the item its
    briefing lists and the cell a comparison shows, same span, same figure."""
    from qa.brief import build_briefing, compare

    briefs = [build_briefing(r.name, r.text, "x", r.metadata) for r in seed_reports]
    cmp = compare(briefs)
    for indicator, section in (("地区生产总值", "indicators"), ("一般公共预算收入", "indicators"), ("地区生产总值目标", "targets")):
        table = build_table(seed_reports, indicator)
        row_of = next(r for r in cmp[section] if r["name"] == table.key)
        shown = 0
        assert sorted(r.doc for r in table.rows) == sorted(b.doc for b in briefs)
        for row in table.rows:
            n, br = next((n, b) for n, b in enumerate(briefs) if b.doc == row.doc)
            cell = row_of["cells"][n]
            if row.status != "verified":
                assert cell is None, (indicator, row.doc)
                continue
            span = (row.fact.start, row.fact.end)
            items = getattr(br, section)
            assert any((c.start, c.end) == span for it in items for c in it.citations), (indicator, row.doc)
            assert (cell["citations"][0]["start"], cell["citations"][0]["end"]) == span, (indicator, row.doc)
            shown += 1
        assert shown >= 4, indicator


def test_a_report_without_the_indicator_has_an_empty_cell_marked_so(seed_reports):
    table = build_table(seed_reports, "城镇新增就业")
    empty = [r for r in table.rows if r.status == "not reported"]
    assert [r.doc for r in empty] == ["000_4bada5999176aa19.txt"]
    rec = empty[0].record()
    assert rec["value"] is None and rec["quote"] is None and rec["status"] == "not reported"


def test_a_cell_whose_span_no_longer_holds_is_not_shown():
    text = "一、2018年工作回顾\n地区生产总值190亿元，增长8%。\n"
    rep = Report("a.txt", text, "x", {"report_year": 2019, "review_year": 2018, "district": "某区"})
    rep.facts  # facts read from the text as it was
    rep.text = text.replace("190", "191")  # the file changed under the facts
    row = build_table([rep], "地区生产总值").rows[0]
    assert row.status == "failed verification" and row.record()["value"] is None and row.problems


def test_place_and_year_filters(seed_reports):
    rows = build_table(seed_reports, "地区生产总值", places=["大渡口"]).rows
    assert {r.place for r in rows} == {"大渡口区"} and len(rows) == 2
    rows = build_table(seed_reports, "地区生产总值", years=[2021]).rows
    assert [(r.doc, r.period) for r in rows] == [("003_bf58757498efd4fd.txt", "2021")]


# --- export --------------------------------------------------------------------------------------


def test_xlsx_has_one_row_per_report_with_the_citation_in_a_column_and_a_comment(seed_reports, tmp_path):
    from openpyxl import load_workbook

    from qa.export import write_xlsx

    table = build_table(seed_reports, "地区生产总值")
    path = tmp_path / "gdp.xlsx"
    write_xlsx(table, path)
    ws = load_workbook(path).active
    head = [c.value for c in ws[1]]
    assert head[:8] == ["place", "report_year", "kind", "period", "indicator", "value", "unit", "change"]
    rows = [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 5
    qj = next(r for r in rows if r["file"] == SEED)
    assert (qj["place"], qj["value"], qj["change"], qj["period"]) == ("綦江区", "414.6亿元", "增长6.9%", "2018")
    src = (SEEDS / SEED).read_text(encoding="utf-8")
    assert src[qj["start"]:qj["end"]] == qj["quote"]
    value_cell = ws.cell(row=2 + rows.index(qj), column=head.index("value") + 1)
    assert value_cell.comment is not None
    assert f"{SEED}:{qj['line']} [{qj['start']}:{qj['end']}]" in value_cell.comment.text
    assert qj["quote"] in value_cell.comment.text


def test_csv_opens_with_one_row_per_report(seed_reports):
    from qa.export import table_csv

    text = table_csv(build_table(seed_reports, "社会消费品零售总额"))
    assert text.startswith("\ufeff")  # spreadsheets read UTF-8 Chinese only with the mark
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 5 and all(r["quote"] for r in rows)
    assert {r["value"] for r in rows} >= {"49亿元", "133.4亿元"}


def test_english_view_converts_and_keeps_the_original(seed_reports):
    table = build_table(seed_reports, "GDP")
    rec = next(r for r in table.rows if r.doc == SEED).record("en")
    assert rec["indicator_en"] == "GDP"
    assert (rec["value"], rec["value_en"]) == ("414.6亿元", "41.46 billion yuan")
    assert (rec["change"], rec["change_en"]) == ("增长6.9%", "up 6.9%")
    jobs = next(r for r in build_table(seed_reports, "new urban jobs").rows if r.doc == SEED).record("en")
    assert (jobs["value"], jobs["value_en"]) == ("1.8万人", "18,000 people")


# --- trend ---------------------------------------------------------------------------------------


def test_trend_orders_years_and_computes_growth_from_cited_values(seed_reports, tmp_path):
    from qa.export import plot_png, trend_text

    trend = build_trend(seed_reports, "地区生产总值", "大渡口区")
    assert [r.period for r in trend.rows] == ["2017", "2021"]
    [step] = trend.steps
    assert (step.from_year, step.to_year, step.growth_pct) == (2017, 2021, round((310.4 / 190 - 1) * 100, 1))
    text = trend_text(trend)
    assert "(computed)" in text and "+63.4%" in text and "「地区生产总值310.4亿元、增长8.8%」" in text
    plot_png(trend, tmp_path / "t.png")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- targets against outcomes ------------------------------------------------------------------


def test_targets_of_one_year_beside_the_next_reports_outcomes(pair):
    reports, _ = reports_from_paths([pair])
    view = build_targets(reports, "璧山", 2019)
    assert (view.target_report, view.outcome_report) == ("bishan_2019.txt", "bishan_2020.txt")
    got = {ln.key: ln for ln in view.lines}
    texts = {r.name: r.text for r in reports}
    for ln in view.lines:  # each side cited, from its own report
        t = ln.target.citation()
        assert t["file"] == "bishan_2019.txt" and texts[t["file"]][t["start"]:t["end"]] == t["text"]
        if ln.outcome and ln.outcome.citation():
            o = ln.outcome.citation()
            assert o["file"] == "bishan_2020.txt" and texts[o["file"]][o["start"]:o["end"]] == o["text"]
    # 增长7%左右 set, 增长6.9% reached: below, but within the half point '左右' allows.
    assert got["地区生产总值"].verdict == "close, below"
    # 增长7% set, 增长7.2% reached.
    assert got["工业增加值"].verdict == "met"
    # 增长11% set (no '左右'), 增长10.8% reached: a firm target missed, however narrowly.
    assert got["社会消费品零售总额"].verdict == "not met"
    # 增长10% set, 增长8.7% reached.
    assert got["固定资产投资"].verdict == "not met"
    # A growth target, but the next report gives the revenue only as a level (21.4亿元).
    assert got["一般公共预算收入"].verdict == "not comparable" and "only a level" in got["一般公共预算收入"].why
    # A ceiling: 控制在4.5%以内 set, 3.5%以内 reported.
    assert got["城镇登记失业率"].verdict == "met"
    # 单位生产总值能耗下降3.5%以上: the next report gives no figure for it.
    assert got["单位生产总值能耗"].verdict == "not comparable" and got["单位生产总值能耗"].outcome.status == "not reported"


def _fact(text: str, kind: str):
    if kind == "target":
        return extract_facts("t.txt", "主要预期目标是：" + text + "。", {"report_year": 2020})[0]
    return extract_facts("o.txt", "一、2020年工作回顾\n" + text + "。\n", {"report_year": 2021, "review_year": 2020})[0]


@pytest.mark.parametrize("target,outcome,expected", [
    ("地区生产总值增长8%左右", "地区生产总值增长7.9%", "close, below"),  # within 0.5 point of an approximate target
    ("地区生产总值增长8%左右", "地区生产总值增长7.4%", "not met"),  # 0.6 point short
    ("地区生产总值增长8%左右", "地区生产总值增长8.1%", "met"),
    ("地区生产总值增长5.0%—5.5%", "地区生产总值增长5.2%", "met"),  # a range is met from its lower end
    ("城镇调查失业率5.5%以内", "城镇调查失业率5.8%", "not met"),  # a ceiling exceeded
    ("单位地区生产总值能耗下降2.5%", "单位地区生产总值能耗下降3%", "met"),  # a fall larger than set
    ("区级一般公共预算收入44.5亿元左右", "区级一般公共预算收入46.4亿元", "met"),  # levels in one unit family
    ("区级一般公共预算收入44.5亿元左右", "区级一般公共预算收入43亿元", "close, below"),  # within 5% of a level
    ("城镇新增就业4万人", "城镇新增就业45000人", "met"),  # 万人 and 人 compared after scaling
    ("城镇新增就业4万人", "城镇新增就业增长5%", "not comparable"),  # a level against only a change
])
def test_verdict_rules(target, outcome, expected):
    v, why = verdict(_fact(target, "target"), _fact(outcome, "result"))
    assert v == expected, why
    assert why


# --- commands ------------------------------------------------------------------------------------


def test_table_command_csv_and_xlsx(run, tmp_path):
    code, out, err = run("table", "地区生产总值", "--from", str(SEEDS), "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == 5 and {r["status"] for r in rows} == {"verified"}
    code, out, err = run("table", "GDP", "--from", str(SEEDS), "--xlsx", str(tmp_path / "g.xlsx"), "--lang", "en")
    assert code == 0 and (tmp_path / "g.xlsx").exists() and "5 rows (5 verified cells)" in err


def test_targets_command_and_errors(run, pair):
    code, out, err = run("targets", "璧山区", "--year", "2019", "--from", str(pair))
    assert code == 0, err
    assert "CLOSE, BELOW" in out and "bishan_2019.txt:" in out and "bishan_2020.txt:" in out
    code, out, err = run("targets", "璧山区", "--year", "2030", "--from", str(pair))
    assert code == 1 and "no report of 璧山区 sets targets for 2030" in err and "Traceback" not in err
    code, out, err = run("table", "地区生产总值", "--from", str(pair), "--lang", "fr")
    assert code == 2 and "--lang" in err


def test_table_command_reads_the_index(run, tmp_path):
    code, _, err = run("index", str(SEEDS))
    assert code == 0, err
    code, out, err = run("table", "一般公共预算收入", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["key"] == "一般公共预算收入" and len(data["rows"]) == 5
    assert sum(1 for r in data["rows"] if r["status"] == "verified") == 4
