"""Rendering and export of the cross-report views: terminal text, Markdown, JSON, CSV, .xlsx,
and trend charts (plotext in the terminal, matplotlib for a PNG). Heavy libraries load only
when their format is asked for."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .errors import QAError
from .views import Row, Table, TargetsView, Trend, english_name

_FIELDS = ["place", "report_year", "kind", "period", "indicator", "value", "unit", "change", "status",
           "file", "line", "start", "end", "quote"]
_FIELDS_EN = ["place", "report_year", "kind", "period", "indicator_en", "indicator", "value_en", "value", "unit",
              "change_en", "change", "status", "file", "line", "start", "end", "quote"]


def _fields(lang: str, records: list[dict]) -> list[str]:
    base = _FIELDS_EN if lang == "en" else _FIELDS
    return base + (["problems"] if any("problems" in r for r in records) else [])


def cite_text(row: Row) -> str:
    c = row.citation()
    if c is None:
        return "—"
    return f"{c['file']}:{c['line']} [{c['start']}:{c['end']}]"


def _cell(row: Row, lang: str) -> str:
    if row.status == "not reported":
        return "(not reported)" if lang == "en" else "（报告未给出）"
    if row.status != "verified":
        return "(failed verification)" if lang == "en" else "（未通过核验）"
    rec = row.record(lang)
    parts = []
    for part in ("value", "change"):
        if rec[part]:
            en = rec.get(part + "_en")
            parts.append(f"{en} ({rec[part]})" if en else rec[part])
    return ", ".join(parts) if lang == "en" else "，".join(parts)


# --- table -------------------------------------------------------------------------------------------


def table_records(table: Table, lang: str = "zh") -> list[dict]:
    return [r.record(lang) for r in table.rows]


def table_json(table: Table, lang: str = "zh") -> dict:
    return {"indicator": table.asked, "key": table.key, "indicator_en": english_name(table.key) if lang == "en" else None,
            "kinds": table.kinds, "verified": table.verified, "rows": table_records(table, lang)}


def table_csv(table: Table, lang: str = "zh") -> str:
    """CSV text with a UTF-8 byte-order mark, so that spreadsheets read the Chinese correctly."""
    recs = table_records(table, lang)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_fields(lang, recs), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(recs)
    return "\ufeff" + buf.getvalue()


def write_xlsx(table: Table, path: Path, lang: str = "zh") -> None:
    """An .xlsx workbook: one row per report, the citation in its own columns and as a comment
    on the value and change cells."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    recs = table_records(table, lang)
    fields = _fields(lang, recs)
    wb = Workbook()
    ws = wb.active
    ws.title = (english_name(table.key) if lang == "en" else table.key)[:31] or "table"
    ws.append(fields)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, rec in enumerate(recs, start=2):
        ws.append([rec.get(f) for f in fields])
        if rec["quote"] is None:
            continue
        note = f"{rec['file']}:{rec['line']} [{rec['start']}:{rec['end']}]\n「{rec['quote']}」"
        for f in ("value", "change"):
            if rec.get(f):
                ws.cell(row=i, column=fields.index(f) + 1).comment = Comment(note, "qa")
    ws.freeze_panes = "A2"
    for col, f in enumerate(fields, start=1):
        width = max([len(str(f))] + [len(str(r.get(f) or "")) for r in recs[:200]])
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = min(60, max(8, width * 1.6 if f == "quote" else width + 2))
    try:
        wb.save(path)
    except OSError as exc:
        raise QAError(f"cannot write {path} ({exc.strerror or exc}); choose another --xlsx path.") from None


def table_text(table: Table, lang: str = "zh", markdown: bool = False) -> str:
    title = english_name(table.key) if lang == "en" else table.key
    heads = (["place", "year", "kind", "figure", "cited"] if lang == "en" else ["地区", "年份", "类别", "数值", "出处"])
    lines = [f"# {title}" + (f" ({table.key})" if lang == "en" else "") + f" — {table.verified} of {len(table.rows)} cells verified", ""]
    body = [[r.place or "—", r.period or "—", r.kind, _cell(r, lang), cite_text(r)] for r in table.rows]
    if markdown:
        lines += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        lines += ["| " + " | ".join(str(x).replace("|", "\\|") for x in b) + " |" for b in body]
        quotes = [(n, r.citation()) for n, r in enumerate(table.rows, 1) if r.citation()]
        if quotes:
            lines += ["", "Quoted spans:" if lang == "en" else "引文："]
            lines += [f"- {c['file']}:{c['line']} 「{c['text']}」" for _, c in quotes]
    else:
        lines += ["  ".join(heads)]
        for r, b in zip(table.rows, body):
            lines.append("  ".join(b))
            c = r.citation()
            if c:
                lines.append(f"    「{c['text']}」")
    for r in table.rows:
        if r.problems:
            lines.append(f"! {r.doc}: {'; '.join(r.problems)}")
    return "\n".join(lines) + "\n"


# --- trend -------------------------------------------------------------------------------------------


def trend_json(trend: Trend, lang: str = "zh") -> dict:
    return {"indicator": trend.asked, "key": trend.key, "place": trend.place, "rows": [r.record(lang) for r in trend.rows],
            "growth": [{"from": s.from_year, "to": s.to_year, "growth_pct": s.growth_pct, "per_year_pct": s.per_year_pct, "computed": True,
                        "reported_change": s.reported_change} for s in trend.steps]}


def trend_text(trend: Trend, lang: str = "zh", chart: bool = True, width: int = 70) -> str:
    title = english_name(trend.key) if lang == "en" else trend.key
    lines = [f"# {trend.place} · {title}", ""]
    for r in trend.rows:
        lines.append(f"{r.period or '—'}  {_cell(r, lang)}  {cite_text(r)}")
        c = r.citation()
        if c:
            lines.append(f"    「{c['text']}」")
    if trend.steps:
        lines += ["", "Growth between cited values (computed, not quoted):" if lang == "en" else "相邻年份增长（据引文数值计算，非报告原文）："]
        for s in trend.steps:
            said = f"; the report says {s.reported_change}" if lang == "en" else f"；报告所写：{s.reported_change}"
            yearly = f", {s.per_year_pct:+.1f}% a year" if s.to_year and s.from_year and s.to_year - s.from_year > 1 else ""
            lines.append(f"  {s.from_year}→{s.to_year}: {s.growth_pct:+.1f}%{yearly} (computed){said if s.reported_change else ''}")
    pts = trend.points()
    if chart and len(pts) >= 1:
        lines += ["", _terminal_chart(pts, width)]
    return "\n".join(lines) + "\n"


def _terminal_chart(pts: list[tuple[int, float, str]], width: int) -> str:
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, 15)
    plt.theme("clear")
    plt.bar([str(y) for y, _, _ in pts], [v for _, v, _ in pts])
    plt.title(f"unit: {pts[0][2]}")
    # Plain characters: the chart also goes to files and pipes, where colour codes are noise.
    return re.sub(r"\x1b\[[0-9;]*m", "", plt.build())


def plot_png(trend: Trend, path: Path, lang: str = "zh") -> None:
    """A PNG line chart of the cited values, each point labelled with its figure as written."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    pts = trend.points()
    if not pts:
        raise QAError(f"no cited values of {trend.key} for {trend.place} to plot; the reports give only changes or nothing.")
    cjk = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in ("WenQuanYi", "Noto Sans CJK", "Source Han", "SimHei"))]
    chinese = bool(cjk) and lang != "en"
    if chinese:
        plt.rcParams["font.sans-serif"] = cjk[:1] + plt.rcParams["font.sans-serif"]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    ax.plot(xs, ys, marker="o")
    for x, y in zip(xs, ys):
        ax.annotate(f"{y:g}", (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    name = trend.key if chinese else english_name(trend.key)
    ax.set_title(f"{trend.place if chinese else ''} {name} ({pts[0][2]})".strip())
    ax.set_xticks(xs)
    ax.set_xlabel("year")
    fig.text(0.01, 0.01, "values as cited in each year's report; see qa trend for the citations", fontsize=7)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise QAError(f"cannot write {path} ({exc.strerror or exc}); choose another --plot path.") from None
    finally:
        plt.close(fig)


# --- targets -----------------------------------------------------------------------------------------


def targets_json(view: TargetsView, lang: str = "zh") -> dict:
    return {"place": view.place, "year": view.year, "target_report": view.target_report, "outcome_report": view.outcome_report,
            "lines": [{"indicator": ln.target.fact.indicator, "key": ln.key,
                       "indicator_en": english_name(ln.key) if lang == "en" else None,
                       "target": ln.target.record(lang), "outcome": ln.outcome.record(lang) if ln.outcome else None,
                       "verdict": ln.verdict, "why": ln.why} for ln in view.lines]}


def targets_text(view: TargetsView, lang: str = "zh") -> str:
    lines = [f"# {view.place}: targets for {view.year} and outcomes" if lang == "en" else f"# {view.place} {view.year}年目标与完成情况",
             f"targets: {view.target_report}; outcomes: {view.outcome_report or '(no report reviews ' + str(view.year) + ')'}", ""]
    for ln in view.lines:
        name = english_name(ln.key) if lang == "en" else ln.target.fact.indicator
        out = _cell(ln.outcome, lang) if ln.outcome else "—"
        lines.append(f"{name}: target {_cell(ln.target, lang)} | outcome {out} | {ln.verdict.upper()} — {ln.why}")
        lines.append(f"    target  {cite_text(ln.target)} 「{ln.target.fact.text}」")
        if ln.outcome and ln.outcome.citation():
            lines.append(f"    outcome {cite_text(ln.outcome)} 「{ln.outcome.fact.text}」")
    counts = {}
    for ln in view.lines:
        counts[ln.verdict] = counts.get(ln.verdict, 0) + 1
    lines += ["", "verdicts (computed from the cited figures): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    return "\n".join(lines) + "\n"
