"""The `qa` command: parse, call one library function, render. Nothing below this prints.

Each command is a typer function whose options are `Annotated` types (the shared ones are
defined once below); its docstring ends with a runnable example. The text a command shows is
built by `qa.render`, the work is done by `qa.service` and the modules below it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import QAError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)

# Options several commands share.
IndexDir = Annotated[Optional[Path], typer.Option("--index", help="Index folder (default: index/ or $QA_INDEX_DIR).")]
Embedder = Annotated[Optional[str], typer.Option("--embedder", help="A sentence-transformers folder to use instead of models.txt's.")]
Model = Annotated[Optional[str], typer.Option("--model", help="A GGUF file to use instead of models.txt's, for this run.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
NoLLM = Annotated[bool, typer.Option("--no-llm", help="Answer from the evidence alone, without the language model.")]
Questions = Annotated[Optional[Path], typer.Option("--questions", help="JSONL file with a 'question' field per line; one result line each.")]
Question = Annotated[Optional[str], typer.Argument(help="The question, in quotes.")]

def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _out(text: str = "") -> None:
    print(text)


def _dump(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def _progress():
    """A progress callback drawing one tqdm bar per stage on stderr (quiet when not a terminal)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}
    quiet = not sys.stderr.isatty()

    def cb(stage: str, done: int, total: int) -> None:
        if quiet or total == 0:
            return
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="file" if stage == "read" else "chunk", file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return cb


def _session(index_dir: Path | None, embedder: str | None = None, model: str | None = None):
    from .models import load_models
    from .service import open_session

    return open_session(index_dir, config=load_models(model, embedder), progress=_progress())


def _questions_arg(question: str | None, questions: Path | None) -> list[str]:
    if questions is not None:
        if question:
            raise UsageError("give either a QUESTION or --questions FILE, not both.")
        from .evaluate import load_gold

        return [item["question"] for item in load_gold(questions)]
    if question is None:
        raise UsageError("give a QUESTION (in quotes) or --questions FILE.")
    if not question.strip():
        raise UsageError("the question is empty; type a question in quotes, e.g. qa search \"2017年大渡口区的地区生产总值是多少？\"")
    return [question]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        _out(version("qa"))
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print qa's version and exit.")] = False,
) -> None:
    """Answer questions about government work reports, every claim cited to exact characters."""


@app.command()
def index(
    sources: Annotated[Optional[list[Path]], typer.Argument(help="Report files or folders (default: seeds/).")] = None,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything instead of only new or changed files.")] = False,
    max_mb: Annotated[Optional[float], typer.Option("--max-mb", min=0.001, help="Skip report files larger than this many MB (default 10, or $QA_MAX_MB).")] = None,
) -> None:
    """Read reports, chunk them with exact offsets, and build the hybrid index.

    Example:

    \b
        qa index seeds/ --index /tmp/qa-index
    """
    from . import paths
    from .models import load_models
    from .service import run_index

    folder = paths.index_dir(index_dir)
    report = run_index(list(sources) if sources else None, folder, load_models(None, embedder), rebuild=rebuild, progress=_progress(), max_mb=max_mb)
    for msg in report.skipped:
        _err(f"Skipped: {msg}")
    s = report.seconds
    _out(f"Indexed {report.docs} reports, {report.chunks} chunks into {folder} "
         f"({len(report.new)} new, {len(report.changed)} changed, {len(report.unchanged)} unchanged, {len(report.removed)} removed; "
         f"{report.embedded_chunks} chunks embedded) in {s['total']:.1f} s "
         f"[read {s['read']:.1f} s, chunk {s['chunk']:.1f} s, embed {s['embed']:.1f} s, write {s['write']:.1f} s].")


def _locate(rec: dict, index) -> dict:
    """Give each citation (and passage searched) of an answer its page (PDF) or paragraph (DOCX);
    a citation of an extracted report also names the extractor and the extracted text's sha256,
    so 'qa verify' can tell a re-extraction from a wrong span."""
    for cited, items in ((True, rec.get("citations") or []), (False, rec.get("searched") or [])):
        for item in items:
            info = index.docs.get(item.get("doc"))
            if info is None or info.kind == "text":
                continue
            item.update(index.locate(item["doc"], item["start"]))
            if cited:
                item["extractor"], item["text_sha256"] = info.extractor, info.text_sha256
    return rec


@app.command()
def search(
    question: Annotated[Optional[str], typer.Argument(help="The question to search for.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many passages to show.")] = 5,
    as_json: AsJson = False,
    questions: Questions = None,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
) -> None:
    """Show the passages that best match a question, with file, line, span and heading path.

    Example:

    \b
        qa search "綦江区2018年工业增加值实现了多少？" --k 3
    """
    from .query import clean_question
    from .render import hit_json, search_text

    qs = _questions_arg(question, questions)
    searcher = _session(index_dir, embedder).searcher
    for q in qs:
        try:
            q = clean_question(q)
        except QAError as exc:
            if questions is None:
                raise
            _dump({"question": q[:200], "results": [], "error": str(exc)})
            continue
        res = searcher.search(q, k=k)
        if questions is not None:
            _dump({"question": q, "results": [hit_json(h, searcher.index) for h in res.hits]})
        elif as_json:
            _dump([hit_json(h, searcher.index) for h in res.hits])
        else:
            _out(search_text(q, res, len(searcher.index.docs), sys.stdout.isatty(), searcher.index))


def _show_prompts(answerer, qs: list[str]) -> None:
    """--show-prompt: the evidence and the rendered prompt of each question; no model runs."""
    from .answer import build_prompt, prompt_text
    from .render import where

    index = answerer.session.searcher.index
    for q in qs:
        rec, sel, _ = answerer.prepare(q)
        if sel is None or not sel.evidence:
            _out(f"No evidence for: {q} ({rec.get('reason') or (sel.reason if sel else '')})")
            continue
        _out("Evidence:")
        for e in sel.evidence:
            _out(f"  [{e.id}] {where({'doc': e.doc, 'line': e.line, **index.locate(e.doc, e.start)})} [{e.start}:{e.end}] score {e.score:.3f}  {e.text}")
        chat = answerer.llm.chat if answerer.llm is not None else False
        _out("\nPrompt (" + ("chat" if chat else "completion") + "):")
        _out(prompt_text(build_prompt(q, sel, chat, sel.intent.language)))


def _stream_drafts(answerer) -> None:
    """The model's words stream to the terminal as it writes them, marked as an unverified draft;
    only the verified answer (or the quotation that replaces it) goes to stdout."""
    started = []

    def draft(piece: str) -> None:
        if not started:
            started.append(True)
            sys.stderr.write("\x1b[2mdraft (unverified): ")
        sys.stderr.write(piece)
        sys.stderr.flush()

    answerer.on_draft = draft


def _warn_stale(rec: dict) -> None:
    for st in rec.get("stale") or []:
        _err(f"Warning: {st['doc']} is {st['state']} since it was indexed; its passages were not used. Run 'qa index' again.")


@app.command()
def ask(
    question: Question = None,
    as_json: AsJson = False,
    questions: Annotated[Optional[Path], typer.Option("--questions", help="JSONL file with a 'question' field per line; one answer record per line.")] = None,
    show_prompt: Annotated[bool, typer.Option("--show-prompt", help="Print the evidence and the rendered prompt; do not run the model.")] = False,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="How many passages to retrieve.")] = 8,
    model: Model = None,
    no_llm: NoLLM = False,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
) -> None:
    """Answer a question from the reports, every claim cited to exact characters.

    Example:

    \b
        qa ask "綦江区2018年工业增加值实现了多少？"
    """
    from .answer import answer_record
    from .render import answer_text
    from .service import make_answerer

    qs = _questions_arg(question, questions)
    answerer = make_answerer(_session(index_dir, embedder, model), use_llm=not no_llm, k=k)
    if show_prompt:
        _show_prompts(answerer, qs)
        return
    batch = questions is not None
    bar = _progress() if batch else None
    if not batch and not as_json and sys.stderr.isatty():
        _stream_drafts(answerer)
    for i, q in enumerate(qs):
        if bar:
            bar("ask", i, len(qs))
        try:
            rec = _locate(answerer.ask(q), answerer.session.searcher.index)
        except QAError as exc:
            if not batch:
                raise
            # One bad line in a batch is reported in its own record; the rest are answered.
            rec = answer_record({"question": q[:200], "status": "not_found", "answer": "", "mode": None, "citations": [], "error": str(exc)})
        if answerer.on_draft is not None and (rec.get("model") or {}).get("draft"):
            sys.stderr.write("\x1b[0m\n\n")
        _warn_stale(rec)
        _dump(rec) if batch or as_json else _out(answer_text(rec))
    if bar:
        bar("ask", len(qs), len(qs))


@app.command()
def verify(
    answers: Annotated[Path, typer.Argument(help="JSONL of answer records (qa ask --json output).")],
    as_json: AsJson = False,
) -> None:
    """Re-open every cited file and re-check every span; report files edited since.

    Example:

    \b
        qa ask "渝中区2018年城镇新增就业多少人？" --json > answers.jsonl && qa verify answers.jsonl
    """
    from .render import verify_text
    from .service import read_answer_records
    from .verify import verify_citations

    rows = verify_citations(read_answer_records(answers))
    _dump(rows) if as_json else _out(verify_text(rows))
    if any(r["status"] != "ok" for r in rows):
        raise SystemExit(1)


@app.command()
def brief(
    reports: Annotated[Optional[list[str]], typer.Argument(help="Report files (or indexed names) to brief.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Brief every indexed report.")] = False,
    as_json: AsJson = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the terminal.")] = None,
    show_schema: Annotated[bool, typer.Option("--schema", help="Print the briefing's JSON schema and exit.")] = False,
    model: Model = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Compose the overview from the extracted items, without the language model.")] = False,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
) -> None:
    """A structured briefing of a report: a cited overview, metadata, indicators, targets, priorities.

    Example:

    \b
        qa brief seeds/001_007744f024dd1767.txt --out briefing.md
    """
    if show_schema:
        from .brief import schema

        _dump(schema())
        return
    from .brief import render_markdown
    from .service import brief_report, briefings

    if not reports and not all_:
        raise UsageError("name a report file (e.g. qa brief seeds/001_007744f024dd1767.txt) or use --all.")
    from .models import load_models
    from .overview import with_overview
    from .service import make_llm, open_session

    config = load_models(model, embedder)
    session = open_session(index_dir, config=config, progress=_progress())
    index = session.searcher.index
    llm = None if no_llm else make_llm(config)  # one model for every report of the run
    places = {str(d.metadata.get(k)) for d in index.docs.values() for k in ("place", "parent") if d.metadata.get(k)}
    if all_:
        names = sorted(index.docs)
        bar = _progress() if len(names) > 1 else None
        briefs = []
        for i, name in enumerate(names):
            if bar:
                bar("brief", i, len(names))
            briefs.append(with_overview(brief_report(index, name), llm, places))
        if bar:
            bar("brief", len(names), len(names))
    else:
        briefs = [with_overview(b, llm, places) for b in briefings(index, list(reports or []))]
    text = "\n".join(json.dumps(b.model_dump(), ensure_ascii=False) if as_json else render_markdown(b) for b in briefs)
    if not out:
        _out(text)
        return
    try:
        out.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise QAError(f"cannot write {out} ({exc.strerror}); choose another --out path.") from None
    _err(f"Wrote {len(briefs)} briefing(s) to {out}")


@app.command()
def compare(
    reports: Annotated[list[str], typer.Argument(help="Two or more reports: file names, paths, or a district and year (大渡口区2018).")],
    as_json: AsJson = False,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
) -> None:
    """Indicators and targets of several reports side by side, both sides cited.

    Example:

    \b
        qa compare seeds/000_4bada5999176aa19.txt 大渡口区2022
    """
    from .brief import compare as compare_briefs, render_comparison
    from .service import briefings

    briefs = briefings(_session(index_dir, embedder).searcher.index, reports)
    if len(briefs) < 2:
        raise UsageError(f"compare needs two or more reports; {', '.join(reports)} selected {len(briefs)}.")
    result = compare_briefs(briefs)
    _dump(result) if as_json else _out(render_comparison(result))


@app.command(name="eval")
def eval_(
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Gold questions (JSONL), as in shared/eval/dev.jsonl.")] = None,
    briefs: Annotated[Optional[Path], typer.Option("--briefs", help="Briefing gold (JSON), as in shared/eval/briefing_dev.json.")] = None,
    as_json: AsJson = False,
    retrieval_only: Annotated[bool, typer.Option("--retrieval-only", help="Score retrieval only; do not answer.")] = False,
    one_report: Annotated[bool, typer.Option("--one-report-at-a-time", help="Ask each question of an index holding only the report it is about (its 'doc').")] = False,
    no_llm: NoLLM = False,
    index_dir: IndexDir = None,
    embedder: Embedder = None,
) -> None:
    """Score answers, retrieval and briefings against gold sets.

    --gold: evidence recall@1/3/5/10, answer accuracy, citation exactness and support, refusals and time per question (--retrieval-only: recall alone).

    --briefs: indicator, target and priority recall, metadata accuracy and span exactness of the briefings.

    Example:

    \b
        qa eval --gold ../shared/eval/dev.jsonl
        qa eval --briefs ../shared/eval/briefing_dev.json --json
        qa eval --gold eval/layouts.jsonl --index /tmp/layouts --one-report-at-a-time
    """
    from .render import brief_scores_text, eval_text
    from .service import score_answers

    if gold is None and briefs is None:
        raise UsageError("give --gold FILE.jsonl (questions) and/or --briefs FILE.json (briefings).")
    session = _session(index_dir, embedder)
    if briefs is not None:
        from .evaluate import evaluate_briefs

        scores = evaluate_briefs(session.searcher.index, briefs, progress=_progress())
        if gold is None:
            _dump(scores) if as_json else _out(brief_scores_text(scores, briefs))
            return
        if not as_json:
            _out(brief_scores_text(scores, briefs))
    if one_report:
        from .render import answers_text
        from .service import score_one_report_at_a_time

        result = score_one_report_at_a_time(session, gold, use_llm=not no_llm, progress=_progress())
        if as_json:
            _dump(result)
            return
        one = result["one_report_at_a_time"]
        _out(f"One report at a time: {one['reports']} reports, each indexed alone; {one['left_out']} items about several reports or none left out.\n"
             + answers_text(result["answers"], result["answer_items"]))
        return
    result = score_answers(session, gold, retrieval_only=retrieval_only, use_llm=not no_llm, progress=_progress())
    _dump(result) if as_json else _out(eval_text(result, gold))


@app.command()
def models(
    model: Annotated[Optional[str], typer.Option("--model", help="A GGUF file to check instead of models.txt's.")] = None,
    embedder: Embedder = None,
    as_json: AsJson = False,
) -> None:
    """List the configured models, where each comes from, and whether it is present and loadable.

    Example:

    \b
        qa models
    """
    from .render import models_text
    from .service import check_models

    rows = check_models(model, embedder)
    _dump(rows) if as_json else _out(models_text(rows))


def main() -> None:
    """Entry point: every QAError becomes one line on stderr and exit 1 (usage: 2), no traceback."""
    try:
        app(standalone_mode=False)
    except QAError as exc:
        _err(f"Error: {exc}")
        sys.exit(exc.exit_code)
    except typer.Abort:
        _err("Aborted.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(getattr(exc, "exit_code", 0))
    except KeyboardInterrupt:
        _err("Interrupted; the index is as it was before this command.")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # the last guard: a user never sees a traceback
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):  # click's (or typer's own) usage errors
            show()
            sys.exit(code)
        if os.environ.get("QA_DEBUG"):
            raise
        _err(f"Error: internal error ({type(exc).__name__}: {exc}); run again with QA_DEBUG=1 for details and report it.")
        sys.exit(1)


# --- cross-report views: table, trend, targets -----------------------------------------------------

from typing import Annotated  # noqa: E402  (kept beside the commands that use it)

IndexArg = Annotated[Optional[Path], typer.Option("--index", help="Index folder (default: index/ or $QA_INDEX_DIR).")]
FromArg = Annotated[Optional[list[Path]], typer.Option("--from", help="Read these report files or folders directly instead of the index.")]
LangArg = Annotated[str, typer.Option("--lang", help="zh (as written) or en (English names; figures converted, originals kept).")]
PlaceArg = Annotated[Optional[list[str]], typer.Option("--place", help="Only reports of this place (repeatable): 浙江, 浙江省, 綦江区.")]


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not '{lang}'.")
    return lang


def _reports(index_dir: Path | None, sources: list[Path] | None):
    from .views import open_reports

    reports, warnings = open_reports(index_dir, sources)
    for w in warnings:
        _err(f"Warning: {w}")
    return reports


@app.command()
def table(
    indicator: Annotated[str, typer.Argument(help="Indicator: 地区生产总值 (or GDP, 生产总值), 一般公共预算收入, 城镇新增就业 …; '…目标' for targets.")],
    place: PlaceArg = None,
    year: Annotated[Optional[list[int]], typer.Option("--year", help="Only rows about this year (repeatable): the year reviewed, or targeted.")] = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help="result (default), target or five-year (repeatable).")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV on stdout (UTF-8 with BOM, opens in spreadsheets).")] = False,
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="Write an .xlsx workbook to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
    as_md: Annotated[bool, typer.Option("--md", help="A Markdown table.")] = False,
    lang: LangArg = "zh",
    sources: FromArg = None,
    index_dir: IndexArg = None,
) -> None:
    """One indicator across reports: a row per report, the figure as written and its citation, every cell verified."""
    from .export import table_csv, table_json, table_text, write_xlsx
    from .facts import KINDS
    from .views import build_table

    lang = _lang(lang)
    for k in kind or []:
        if k not in KINDS:
            raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not '{k}'.")
    result = build_table(_reports(index_dir, sources), indicator, place, year, kind)
    if xlsx:
        write_xlsx(result, xlsx, lang)
        _err(f"Wrote {len(result.rows)} rows ({result.verified} verified cells) to {xlsx}")
    if as_csv:
        sys.stdout.write(table_csv(result, lang))
    elif as_json:
        _dump(table_json(result, lang))
    elif not xlsx or as_md:
        _out(table_text(result, lang, markdown=as_md))


@app.command()
def trend(
    indicator: Annotated[str, typer.Argument(help="Indicator, as for 'qa table'.")],
    place: Annotated[str, typer.Option("--place", help="The place whose reports of several years to read.")],
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Also write a PNG chart to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
    lang: LangArg = "zh",
    sources: FromArg = None,
    index_dir: IndexArg = None,
) -> None:
    """One indicator over the years for one place, with growth between cited values (computed) and a chart."""
    from .export import plot_png, trend_json, trend_text
    from .views import build_trend

    lang = _lang(lang)
    result = build_trend(_reports(index_dir, sources), indicator, place)
    if plot:
        plot_png(result, plot, lang)
        _err(f"Wrote {plot}")
    _dump(trend_json(result, lang)) if as_json else _out(trend_text(result, lang, chart=sys.stdout.isatty() or not plot))


@app.command()
def targets(
    place: Annotated[str, typer.Argument(help="The place: 綦江区, 浙江 …")],
    year: Annotated[int, typer.Option("--year", help="The year the targets were set for.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
    lang: LangArg = "zh",
    sources: FromArg = None,
    index_dir: IndexArg = None,
) -> None:
    """The targets a report set for a year beside the outcomes the next report gives, each cited, with a computed verdict."""
    from .export import targets_json, targets_text
    from .views import build_targets

    result = build_targets(_reports(index_dir, sources), place, year)
    _dump(targets_json(result, _lang(lang))) if as_json else _out(targets_text(result, _lang(lang)))
