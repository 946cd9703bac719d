"""The `qa` command: parse, call one library function, render. Nothing below this prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import QAError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Answer questions about government work reports, every claim cited to exact characters.")

IndexOpt = typer.Option(None, "--index", help="Index folder (default: index/ or $QA_INDEX_DIR).")
EmbedderOpt = typer.Option(None, "--embedder", help="A sentence-transformers folder to use instead of models.txt's.")
JsonOpt = typer.Option(False, "--json", help="Machine-readable JSON output.")


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


def _read_questions(path: Path) -> list[str]:
    from .evaluate import load_gold

    return [item["question"] for item in load_gold(path)]


@app.command()
def index(
    sources: Optional[list[Path]] = typer.Argument(None, help="Report files or folders (default: seeds/)."),
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
    rebuild: bool = typer.Option(False, "--rebuild", help="Re-embed everything instead of only new or changed files."),
    max_mb: Optional[float] = typer.Option(None, "--max-mb", min=0.001, help="Skip report files larger than this many MB (default 10, or $QA_MAX_MB)."),
) -> None:
    """Read reports, chunk them with exact offsets, and build the hybrid index."""
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


def _hit_json(hit, index) -> dict:
    c = hit.chunk
    return {"doc": c.doc, "start": c.start, "end": c.end, "line": c.line, **index.locate(c.doc, c.start), "headings": list(c.headings),
            "text": c.text, "score": round(hit.score, 6), "lexical_rank": hit.lexical_rank, "dense_rank": hit.dense_rank,
            "matched": hit.matched, "sha256": index.docs[c.doc].sha256}


def _where(item: dict) -> str:
    """A citation's place as a reader finds it: 'report.pdf p.12', 'report.docx ¶37', or the
    file and line of a text report."""
    if item.get("page"):
        return f"{item['doc']} p.{item['page']}"
    if item.get("paragraph"):
        return f"{item['doc']} ¶{item['paragraph']}"
    return f"{item['doc']}:{item['line']}"


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


def _highlight(text: str, terms: list[str], tty: bool) -> str:
    if not tty or not terms:
        return text
    import re

    pat = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return pat.sub(lambda m: f"\x1b[1;33m{m.group(0)}\x1b[0m", text)


@app.command()
def search(
    question: Optional[str] = typer.Argument(None, help="The question to search for."),
    k: int = typer.Option(5, "--k", min=1, max=100, help="How many passages to show."),
    as_json: bool = JsonOpt,
    questions: Optional[Path] = typer.Option(None, "--questions", help="JSONL file with a 'question' field per line; one result line each."),
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """Show the passages that best match a question, with file, line, span and heading path."""
    from .service import open_session

    qs = _questions_arg(question, questions)
    session = open_session(index_dir, embedder=embedder, progress=_progress())
    idx = session.searcher.index
    tty = sys.stdout.isatty()
    from .query import clean_question

    for q in qs:
        try:
            q = clean_question(q)
        except QAError as exc:
            if questions is None:
                raise
            _dump({"question": q[:200], "results": [], "error": str(exc)})
            continue
        res = session.searcher.search(q, k=k)
        if questions is not None:
            _dump({"question": q, "results": [_hit_json(h, idx) for h in res.hits]})
            continue
        if as_json:
            _dump([_hit_json(h, idx) for h in res.hits])
            continue
        scope = ", ".join(res.scope) if len(res.scope) < len(idx.docs) else "all reports"
        _out(f"Searched {scope} for: {q}")
        if res.query.absent_districts and not res.hits:
            _out(f"No indexed report covers {', '.join(res.query.absent_districts)}.")
        for rank, h in enumerate(res.hits, 1):
            c = h.chunk
            _out(f"\n[{rank}] {_where({'doc': c.doc, 'line': c.line, **idx.locate(c.doc, c.start)})}  [{c.start}:{c.end}]  score {h.score:.4f}")
            if c.headings:
                _out(f"    § {c.heading_path}")
            _out("    " + _highlight(c.text, h.matched, tty).replace("\n", "\n    "))


def _questions_arg(question: str | None, questions: Path | None) -> list[str]:
    if questions is not None:
        if question:
            raise UsageError("give either a QUESTION or --questions FILE, not both.")
        return _read_questions(questions)
    if question is None:
        raise UsageError("give a QUESTION (in quotes) or --questions FILE.")
    q = question.strip()
    if not q:
        raise UsageError("the question is empty; type a question in quotes, e.g. qa search \"2017年大渡口区的地区生产总值是多少？\"")
    return [question]


ModelOpt = typer.Option(None, "--model", help="A GGUF file to use instead of models.txt's, for this run.")


def _render_answer(rec: dict) -> None:
    if rec["status"] == "answered":
        _out(rec["answer"])
        _out()
        for c in rec["citations"]:
            _out(f"[{c['id']}] {_where(c)}  [{c['start']}:{c['end']}]")
            _out(f"    「{c['text']}」")
        note = {"generative": "written by the model and verified against the cited spans",
                "extractive": "quoted from the reports; the model's draft did not pass verification: " + str((rec.get("model") or {}).get("rejected_because"))
                if (rec.get("model") or {}).get("tried") else "quoted from the reports"}
        _out(f"\n({rec['mode']}: {note.get(rec['mode'], '')})")
        if rec.get("partial"):
            _out(f"Note: {rec['partial']}.")
    else:
        _out(f"The reports do not say: {rec.get('reason', 'nothing relevant was found')}.")
        if rec.get("searched"):
            _out("Searched:")
            for p in rec["searched"]:
                _out(f"  {_where(p)}  {p['text'][:80]}…")


def _warn_stale(rec: dict) -> None:
    for st in rec.get("stale") or []:
        _err(f"Warning: {st['doc']} is {st['state']} since it was indexed; its passages were not used. Run 'qa index' again.")


@app.command()
def ask(
    question: Optional[str] = typer.Argument(None, help="The question, in quotes."),
    as_json: bool = JsonOpt,
    questions: Optional[Path] = typer.Option(None, "--questions", help="JSONL file with a 'question' field per line; one answer record per line."),
    show_prompt: bool = typer.Option(False, "--show-prompt", help="Print the evidence and the rendered prompt; do not run the model."),
    k: int = typer.Option(8, "--k", min=1, max=50, help="How many passages to retrieve."),
    model: Optional[str] = ModelOpt,
    no_llm: bool = typer.Option(False, "--no-llm", help="Answer from the evidence alone, without the language model."),
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """Answer a question from the reports, every claim cited to exact characters."""
    from .models import load_models
    from .service import make_answerer, open_session

    qs = _questions_arg(question, questions)
    config = load_models(model, embedder)
    session = open_session(index_dir, config=config, progress=_progress())
    answerer = make_answerer(session, use_llm=not no_llm, k=k)
    if show_prompt:
        from .answer import build_prompt, prompt_text

        for q in qs:
            rec, sel, _ = answerer.prepare(q)
            if sel is None or not sel.evidence:
                _out(f"No evidence for: {q} ({rec.get('reason') or (sel.reason if sel else '')})")
                continue
            _out("Evidence:")
            for e in sel.evidence:
                _out(f"  [{e.id}] {_where({'doc': e.doc, 'line': e.line, **session.searcher.index.locate(e.doc, e.start)})} [{e.start}:{e.end}] score {e.score:.3f}  {e.text}")
            chat = answerer.llm.chat if answerer.llm is not None else False
            _out("\nPrompt (" + ("chat" if chat else "completion") + "):")
            _out(prompt_text(build_prompt(q, sel, chat, sel.intent.language)))
        return
    batch = questions is not None
    bar = _progress() if batch else None
    if not batch and not as_json and sys.stderr.isatty():
        # The model's words stream to the terminal as it writes them, marked as an unverified
        # draft; only the verified answer (or the quotation that replaces it) goes to stdout.
        started = []

        def draft(piece: str) -> None:
            if not started:
                started.append(True)
                sys.stderr.write("\x1b[2mdraft (unverified): ")
            sys.stderr.write(piece)
            sys.stderr.flush()

        answerer.on_draft = draft
    for i, q in enumerate(qs):
        if bar:
            bar("ask", i, len(qs))
        try:
            rec = _locate(answerer.ask(q), session.searcher.index)
        except QAError as exc:
            if not batch:
                raise
            # One bad line in a batch is reported in its own record; the rest are answered.
            rec = {"question": q[:200], "status": "not_found", "answer": "", "mode": None, "citations": [], "error": str(exc)}
        if answerer.on_draft is not None and (rec.get("model") or {}).get("draft"):
            sys.stderr.write("\x1b[0m\n\n")
        _warn_stale(rec)
        if batch or as_json:
            _dump(rec)
        else:
            _render_answer(rec)
    if bar:
        bar("ask", len(qs), len(qs))


@app.command()
def verify(answers: Path = typer.Argument(..., help="JSONL of answer records (qa ask --json output)."), as_json: bool = JsonOpt) -> None:
    """Re-open every cited file and re-check every span; report files edited since."""
    from .verify import verify_citations

    records = []
    try:
        lines = answers.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QAError(f"{answers} cannot be read ({exc}); give the JSONL written by 'qa ask --json'.") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QAError(f"{answers}:{n}: not valid JSON ({exc.msg}).") from None
        if not isinstance(rec, dict):
            raise QAError(f"{answers}:{n}: not an answer record (a JSON object).")
        records.append(rec)
    rows = verify_citations(records)
    if as_json:
        _dump(rows)
    else:
        for r in rows:
            if r["status"] != "ok":
                _out(f"record {r['record']} citation [{r['id']}] {r['doc']} [{r['start']}:{r['end']}]: {r['status']}")
        bad = sum(1 for r in rows if r["status"] != "ok")
        _out(f"{len(rows) - bad} of {len(rows)} citations check out" + (f"; {bad} do not (see above)." if bad else "."))
    if any(r["status"] != "ok" for r in rows):
        raise SystemExit(1)


@app.command()
def brief(
    reports: Optional[list[str]] = typer.Argument(None, help="Report files (or indexed names) to brief."),
    all_: bool = typer.Option(False, "--all", help="Brief every indexed report."),
    as_json: bool = JsonOpt,
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file instead of the terminal."),
    show_schema: bool = typer.Option(False, "--schema", help="Print the briefing's JSON schema and exit."),
    model: Optional[str] = ModelOpt,
    no_llm: bool = typer.Option(False, "--no-llm", help="Compose the overview from the extracted items, without the language model."),
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """A structured briefing of a report: a cited overview, metadata, indicators, targets, priorities."""
    if show_schema:
        from .brief import schema

        _dump(schema())
        return
    from .brief import render_markdown
    from .service import brief_report, briefings, open_session

    if not reports and not all_:
        raise UsageError("name a report file (e.g. qa brief seeds/001_007744f024dd1767.txt) or use --all.")
    from .models import load_models
    from .overview import with_overview
    from .service import make_llm

    config = load_models(model, embedder)
    session = open_session(index_dir, config=config, progress=_progress())
    index = session.searcher.index
    llm = None if no_llm else make_llm(config)  # one model for every report of the run
    places = {str(d.metadata.get(k)) for d in index.docs.values() for k in ("district", "city") if d.metadata.get(k)}
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
    names = [b.doc for b in briefs]
    parts = [json.dumps(br.model_dump(), ensure_ascii=False) if as_json else render_markdown(br) for br in briefs]
    text = "\n".join(parts)
    if out:
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise QAError(f"cannot write {out} ({exc.strerror}); choose another --out path.") from None
        _err(f"Wrote {len(names)} briefing(s) to {out}")
    else:
        _out(text)


@app.command()
def compare(
    reports: list[str] = typer.Argument(..., help="Two or more reports: file names, paths, or a district and year (大渡口区2018)."),
    as_json: bool = JsonOpt,
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """Indicators and targets of several reports side by side, both sides cited."""
    from .brief import compare as compare_briefs, render_comparison
    from .service import briefings, open_session

    session = open_session(index_dir, embedder=embedder, progress=_progress())
    briefs = briefings(session.searcher.index, reports)
    if len(briefs) < 2:
        raise UsageError(f"compare needs two or more reports; {', '.join(reports)} selected {len(briefs)}.")
    result = compare_briefs(briefs)
    _dump(result) if as_json else _out(render_comparison(result))


@app.command(name="eval")
def eval_(
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold questions (JSONL), as in shared/eval/dev.jsonl."),
    briefs: Optional[Path] = typer.Option(None, "--briefs", help="Briefing gold (JSON), as in shared/eval/briefing_dev.json."),
    as_json: bool = JsonOpt,
    retrieval_only: bool = typer.Option(False, "--retrieval-only", help="Score retrieval only; do not answer."),
    no_llm: bool = typer.Option(False, "--no-llm", help="Answer without the language model."),
    index_dir: Optional[Path] = IndexOpt,
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """Score retrieval (evidence recall@1/3/5/10) against a gold question set."""
    from .service import open_session
    from .evaluate import evaluate_retrieval

    if gold is None and briefs is None:
        raise UsageError("give --gold FILE.jsonl (questions) and/or --briefs FILE.json (briefings).")
    session = open_session(index_dir, embedder=embedder, progress=_progress())
    if briefs is not None:
        from .evaluate import evaluate_briefs

        b = evaluate_briefs(session.searcher.index, briefs, progress=_progress())
        if as_json and gold is None:
            _dump(b)
            return
        r = b["briefs"]
        _out(f"Briefings on {briefs} ({len(b['per_doc'])} reports): indicator recall {_fmt(r['indicator_recall'])}, target recall {_fmt(r['target_recall'])}, "
             f"priority recall {_fmt(r['priority_recall'])}, metadata accuracy {_fmt(r['metadata_accuracy'])}, span exactness {_fmt(r['span_exactness'])}, "
             f"items dropped {r['dropped']}, slowest report {r['seconds_max']:.2f} s")
        for name, row in b["per_doc"].items():
            _out(f"  {name}: indicators {row['indicators'][0]}/{row['indicators'][1]}, targets {row['targets'][0]}/{row['targets'][1]}, "
                 f"priorities {row['priorities'][0]}/{row['priorities'][1]}, metadata {row['metadata'][0]}/{row['metadata'][1]}")
        if gold is None:
            return
    result = evaluate_retrieval(session, gold)
    if not retrieval_only:
        from .evaluate import evaluate_answers
        from .service import make_answerer

        answerer = make_answerer(session, use_llm=not no_llm)
        if answerer.llm is not None:
            answerer.llm.count_tokens("预热")  # load before timing, so seconds/question exclude it
        ans = evaluate_answers(answerer, gold, progress=_progress())
        result["answers"] = ans["answers"]
        result["answer_items"] = ans["items"]
    if as_json:
        _dump(result)
        return
    _out(f"Evidence recall on {gold} ({result['retrieval']['all']['n']} answerable questions; mean chunk length {result['mean_chunk_chars']:.0f} characters)")
    _out(f"{'type':<14}{'n':>4}" + "".join(f"{'R@' + str(k):>8}" for k in (1, 3, 5, 10)))
    for t, row in sorted(result["retrieval"].items(), key=lambda kv: (kv[0] != "all", kv[0])):
        _out(f"{t:<14}{row['n']:>4}" + "".join(f"{row[f'recall@{k}']:>8.3f}" for k in (1, 3, 5, 10)))
    w = result["weights"]
    _out(f"fusion weights: lexical {w['lexical']}, dense {w['dense']} (models.txt)")
    for name, row in result["channels"].items():
        _out(f"  {name:<8}" + "".join(f"  R@{k} {row[f'recall@{k}']:.3f}" for k in (1, 3, 5, 10)))
    misses = [r["id"] for r in result["items"] if not r["r@5"]]
    if misses:
        _out("missed at 5: " + ", ".join(str(m) for m in misses))
    if "answers" in result:
        _out("")
        _render_answer_table(result["answers"])
        wrong = [r["id"] for r in result["answer_items"] if r.get("correct") is False or r.get("refused") is False]
        if wrong:
            _out("wrong or not refused: " + ", ".join(str(w) for w in wrong))


def _fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _render_answer_table(tab: dict) -> None:
    a = tab["all"]
    _out("Answers: accuracy {0}, citation exactness {1}, citation support {2}, refusal {3}, false refusal {4}".format(
        _fmt(a["accuracy"]), _fmt(a["citation_exactness"]), _fmt(a["citation_support"]), _fmt(a["refusal"]), _fmt(a["false_refusal"])))
    _out(f"         median numeric/fact answer {a['numeric_fact_length_median']:.0f} characters; seconds per question p50 {a['seconds_p50']:.2f}, p95 {a['seconds_p95']:.2f}; model answers accepted {a['generative']} of {a['n']}")
    cols = {"n": "n", "accuracy": "accuracy", "citation_support": "support", "refusal": "refusal", "false_refusal": "false_ref",
            "length_median": "len_med", "length_max": "len_max", "seconds_p50": "s_p50", "seconds_p95": "s_p95"}
    _out(f"{'type':<14}" + "".join(f"{h:>10}" for h in cols.values()))
    for t, row in tab.items():
        _out(f"{t:<14}" + "".join(f"{_fmt(row[c]):>10}" for c in cols))


@app.command()
def models(
    model: Optional[str] = typer.Option(None, "--model", help="A GGUF file to check instead of models.txt's."),
    embedder: Optional[str] = EmbedderOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List the configured models, where each comes from, and whether it is present and loadable."""
    from .service import check_models

    rows = check_models(model, embedder)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        _out(f"{r['role']:<9} {r['source']}  ({r['origin']})")
        _out(f"          path: {r.get('path') or '-'}")
        _out(f"          {'OK' if r['ok'] else 'NOT USABLE'}: {r['detail']}")


def main() -> None:
    """Entry point: every QAError becomes one line on stderr and exit 1 (usage: 2), no traceback."""
    if len(sys.argv) > 1 and sys.argv[1] in ("-V", "--version"):
        from importlib.metadata import version

        print(version("qa"))
        return
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
