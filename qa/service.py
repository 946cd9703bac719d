"""The library calls the CLI makes: one function per command, no printing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import paths
from .embed import SentenceTransformerEmbedder
from .errors import IndexStateError, QAError
from .models import ModelsConfig, load_models
from .retrieve import Searcher
from .store import BuildReport, Progress, build_index, exists, load_index

# Weight of the dense channel for an embedder models.txt gives none (a user's own model).
DEFAULT_DENSE_WEIGHT = 1.0


def quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that shows nothing (library calls without a terminal)."""


@dataclass
class Session:
    """Models and index opened once, shared by every question of a run."""

    config: ModelsConfig
    searcher: Searcher
    index_dir: Path
    built: BuildReport | None = None


def make_embedder(config: ModelsConfig) -> SentenceTransformerEmbedder:
    spec = config.embedder
    max_chars = spec.options.get("max_chars")
    return SentenceTransformerEmbedder(spec.resolve(), name=spec.name, batch_size=int(spec.options.get("batch", 32)),
                                       max_chars=int(max_chars) if max_chars else None)


def dense_weight(config: ModelsConfig) -> float:
    return float(config.embedder.options.get("weight", DEFAULT_DENSE_WEIGHT))


def run_index(sources: list[Path] | None, index_dir: Path, config: ModelsConfig, rebuild: bool = False,
              progress: Progress = quiet, embedder=None, max_mb: float | None = None) -> BuildReport:
    sources = sources or [paths.default_corpus()]
    return build_index(sources, index_dir, embedder or make_embedder(config), rebuild=rebuild, progress=progress, max_mb=max_mb)


def open_session(index_dir: str | Path | None = None, model: str | None = None, embedder: str | None = None,
                 progress: Progress = quiet, build_if_missing: bool = True, embedder_obj=None,
                 config: ModelsConfig | None = None) -> Session:
    """Load models.txt, the embedder and the index.

    Only the default index (index/ under the project root) is built from seeds/ on first use:
    an index folder the user named (--index, QA_INDEX_DIR) that holds no index is an error, so
    a question about the user's own reports is never answered from the bundled seeds."""
    config = config or load_models(model, embedder)
    folder = paths.index_dir(index_dir)
    emb = embedder_obj or make_embedder(config)
    built = None
    if not exists(folder):
        if not build_if_missing or folder != paths.default_index_dir().resolve():
            raise IndexStateError(f"no index in {folder}; build it with 'qa index FOLDER --index {folder}', "
                                  "FOLDER being your reports.")
        corpus = paths.default_corpus()
        if not corpus.is_dir():
            raise IndexStateError(f"no index in {folder} and no default corpus at {corpus}; "
                                  f"run 'qa index FOLDER --index {folder}' with a folder of reports.")
        built = run_index([corpus], folder, config, progress=progress, embedder=emb)
    index = load_index(folder, emb.name)
    weight = dense_weight(config)
    searcher = Searcher(index, emb, dense_weight=weight)
    return Session(config, searcher, folder, built)


def check_models(model: str | None = None, embedder: str | None = None) -> list[dict]:
    """For `qa models`: each configured model, its path, and whether it loads."""
    config = load_models(model, embedder)
    rows = []
    for spec in (config.llm, config.embedder):
        row = {"role": spec.role, "source": spec.source, "origin": spec.origin, "options": spec.options, "path": None, "ok": False}
        try:
            if spec.is_endpoint:
                from .llm import EndpointLLM

                served = EndpointLLM(spec.source).ping()
                row.update(ok=True, detail=f"OpenAI-compatible server, reachable; serving: {served}")
                rows.append(row)
                continue
            path = spec.resolve()
            row["path"] = str(path)
            if spec.role == "llm":
                from .llm import inspect_gguf

                row["detail"] = inspect_gguf(path)
            else:
                emb = SentenceTransformerEmbedder(path, spec.name)
                row["detail"] = f"sentence-transformers, dimension {emb.dim}, dense weight {float(spec.options.get('weight', DEFAULT_DENSE_WEIGHT))}"
            row["ok"] = True
        except QAError as exc:
            row["detail"] = str(exc)
        rows.append(row)
    return rows


def make_llm(config: ModelsConfig):
    """The configured language model (loaded on first use)."""
    from .llm import EndpointLLM, LlamaCppLLM

    spec = config.llm
    if spec.is_endpoint:
        return EndpointLLM(spec.source, prompt=str(spec.options.get("prompt", "auto")), n_ctx=int(spec.options.get("n_ctx", 4096)),
                           model=spec.options.get("name"))
    return LlamaCppLLM(spec.resolve(), prompt=str(spec.options.get("prompt", "auto")), n_ctx=int(spec.options.get("n_ctx", 4096)),
                       threads=spec.options.get("threads"), repack=str(spec.options.get("repack", "auto")))


def make_answerer(session: Session, use_llm: bool = True, k: int = 8):
    from .answer import Answerer

    llm = make_llm(session.config) if use_llm else None
    max_tokens = int(session.config.llm.options.get("max_tokens", 160))
    return Answerer(session, llm, k=k, max_tokens=max_tokens)


def brief_report(index, name: str):
    """The briefing of one indexed report; an edited or missing file is an error, not a guess."""
    from .brief import build_briefing

    text, state = index.source_text(name)
    if text is None:
        raise QAError(f"report '{name}' is {state} since it was indexed; run 'qa index' again before briefing it.")
    info = index.docs[name]
    return build_briefing(name, text, info.sha256, info.metadata)


def briefings(index, selectors: list[str]) -> list:
    """Briefings of the selected reports, in order. A report file that is not in the index is
    read and briefed as it is (its citations name the file); anything else goes through
    resolve_reports."""
    from .brief import build_briefing
    from .documents import read_document

    by_path = {str(Path(d.path).resolve()) for d in index.docs.values()}
    out = []
    for sel in selectors:
        p = Path(sel).expanduser()
        if not p.exists() and p.suffix.lower() in (".txt", ".md") and sel not in index.docs:
            raise QAError(f"{sel}: no such file; give a report file, an indexed name, or a district and year such as 大渡口区2018.")
        if p.is_file() and str(p.resolve()) not in by_path and not any(n == sel for n in index.docs):
            doc = read_document(p)
            out.append(build_briefing(p.name, doc.text, doc.sha256, doc.metadata))
            continue
        out.extend(brief_report(index, n) for n in resolve_reports(index, [sel]) if n not in {b.doc for b in out})
    return out


def resolve_reports(index, selectors: list[str]) -> list[str]:
    """Report names from selectors: an indexed name, a path to an indexed file, or a district
    with a year ('大渡口区2018', 'Qijiang 2019'; the year of the report, else the year it reviews)."""
    from pathlib import Path as _P

    from .query import understand

    names: list[str] = []
    by_path = {str(_P(d.path).resolve()): n for n, d in index.docs.items()}
    districts = {d.metadata.get("district") for d in index.docs.values() if d.metadata.get("district")}
    for sel in selectors:
        if sel in index.docs:
            names.append(sel)
            continue
        p = _P(sel).expanduser()
        if p.exists() and str(p.resolve()) in by_path:
            names.append(by_path[str(p.resolve())])
            continue
        matches = [n for n in index.docs if n.endswith("/" + sel) or _P(n).name == sel]
        if len(matches) == 1:
            names.append(matches[0])
            continue
        q = understand(sel, districts)
        if not q.districts:
            raise QAError(f"'{sel}' names no indexed report: give a file name from 'qa index', or a district and year such as 大渡口区2018.")
        cands = [n for n, d in index.docs.items() if d.metadata.get("district") in q.districts]
        years = q.years + q.report_years
        if years:
            exact = [n for n in cands if index.docs[n].metadata.get("report_year") in years]
            cands = exact or [n for n in cands if index.docs[n].metadata.get("review_year") in years]
        if not cands:
            raise QAError(f"no indexed report of {'、'.join(q.districts)}{' for ' + '/'.join(map(str, years)) if years else ''}; 'qa index' lists what is indexed.")
        names.extend(sorted(cands))
    return list(dict.fromkeys(names))


def score_answers(session: Session, gold: Path, retrieval_only: bool = False, use_llm: bool = True,
                  progress: Progress = quiet) -> dict:
    """For `qa eval --gold`: evidence recall, and unless retrieval_only the answer figures."""
    from .evaluate import evaluate_answers, evaluate_retrieval

    result = evaluate_retrieval(session, gold)
    if retrieval_only:
        return result
    answerer = make_answerer(session, use_llm=use_llm)
    if answerer.llm is not None:
        answerer.llm.count_tokens("预热")  # load before timing, so seconds/question exclude it
    ans = evaluate_answers(answerer, gold, progress=progress)
    result["answers"] = ans["answers"]
    result["answer_items"] = ans["items"]
    return result


def score_one_report_at_a_time(session: Session, gold: Path, use_llm: bool = True, progress: Progress = quiet) -> dict:
    """For `qa eval --one-report-at-a-time`: each question asked of an index that holds only the
    report it is about (the item's `doc`, found through the session's index), as a reader with one
    report open asks it. Items about several reports or none (cross_doc, a place not indexed) are
    left out and counted."""
    import shutil
    import tempfile

    from .evaluate import answer_table, evaluate_answers, load_gold

    items = load_gold(gold)
    index = session.searcher.index
    groups: dict[str, list[dict]] = {}
    skipped = 0
    for item in items:
        doc = item.get("doc")
        if isinstance(doc, str) and doc in index.docs:
            groups.setdefault(doc, []).append(item)
        else:
            skipped += 1
    shared = make_answerer(session, use_llm=use_llm)
    rows: list[dict] = []
    done = 0
    for doc, its in groups.items():
        with tempfile.TemporaryDirectory(prefix="qa-one-") as tmp:
            src = Path(tmp) / "reports" / doc
            src.parent.mkdir(parents=True)
            original = Path(index.docs[doc].path)
            try:
                shutil.copyfile(original, src)
            except OSError as e:
                raise QAError(f"cannot read {original} ({e.strerror or e}), the report the index holds as '{doc}'; "
                              "put it back or run 'qa index' again before scoring one report at a time.") from None
            folder = Path(tmp) / "index"
            build_index([Path(tmp) / "reports"], folder, session.searcher.embedder)
            one = Session(session.config, Searcher(load_index(folder, session.searcher.embedder.name), session.searcher.embedder,
                                                   dense_weight=session.searcher.dense_weight), folder)
            answerer = make_answerer(one, use_llm=False)
            answerer.llm = shared.llm  # one model for every report
            rows += evaluate_answers(answerer, its)["items"]
        done += len(its)
        progress("ask", done, len(items) - skipped)
    return {"answers": answer_table(rows), "answer_items": rows, "one_report_at_a_time": {"reports": len(groups), "left_out": skipped}}


def read_answer_records(path: Path) -> list[dict]:
    """The answer records of a JSONL file written by `qa ask --json`; a bad line is named."""
    from .evaluate import read_jsonl

    records = []
    for n, rec in read_jsonl(path, str(path), "give the JSONL written by 'qa ask --json'."):
        if not isinstance(rec, dict):
            raise QAError(f"{path}:{n}: not an answer record (a JSON object).")
        records.append(rec)
    return records
