"""Benchmark of qa on synthetic corpora: indexing, re-indexing, retrieval and answering.

    .venv/bin/python bench/run.py --dev ../shared/eval/dev.jsonl [--sizes 10,100,1000] [--out bench/results.json] [--quick]

Every figure is measured in this run with qa's own library functions; nothing is hard-coded.
Corpora and indexes live in a temporary folder (removed at the end unless --keep). Each index
build runs in its own subprocess so that its peak RSS is its own. The run first copies qa/,
models.txt and prompts/ into that folder and every process of the run imports that copy, so
edits made to the working tree while a long run goes on cannot mix two versions of qa.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

if TYPE_CHECKING:
    from synth import SeedSet

SEED = 20240601
CLI_QUESTION = "綦江区2018年工业增加值实现了多少？"
RETRIEVAL_MODES = (("lexical", 1.0, 0.0), ("dense", 0.0, 1.0), ("fused", 1.0, 1.0))


# --------------------------------------------------------------------------------------------
# Small measuring helpers


def stats_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 and mean of durations, in milliseconds."""
    if not seconds:
        return {"n": 0, "p50_ms": float("nan"), "p95_ms": float("nan"), "mean_ms": float("nan")}
    a = np.asarray(seconds, dtype=np.float64) * 1000.0
    return {"n": int(len(a)), "p50_ms": float(np.percentile(a, 50)), "p95_ms": float(np.percentile(a, 95)),
            "mean_ms": float(a.mean())}


def folder_bytes(folder: Path) -> int:
    """Total size of the regular files under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def vm_hwm_kb() -> int | None:
    """This process's peak resident set size (VmHWM), in kB, or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def run_child(cmd: list[str], log_dir: Path, label: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command to completion; return its exit code, wall time, own peak RSS and output files."""
    out, err = log_dir / f"{label}.stdout", log_dir / f"{label}.stderr"
    t = time.perf_counter()
    with open(out, "wb") as fo, open(err, "wb") as fe:
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {"returncode": proc.returncode, "wall_s": time.perf_counter() - t, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024.0, "stdout": out, "stderr": err}


def fail(what: str, child: dict[str, Any]) -> None:
    tail = child["stderr"].read_text(encoding="utf-8", errors="replace")[-3000:]
    raise SystemExit(f"{what} failed with exit code {child['returncode']}:\n{tail}")


def note(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg} (load average {load_average():.2f})", file=sys.stderr, flush=True)


def load_average() -> float:
    """The 1-minute load average: other work on the machine slows every figure down."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def snapshot_library(dest: Path) -> str:
    """Copy qa/, models.txt and prompts/ to `dest` and make this process and its children import
    that copy (PYTHONPATH, QA_HOME); return a short hash of the copied files."""
    shutil.copytree(ROOT / "qa", dest / "qa", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "prompts", dest / "prompts")
    shutil.copy2(ROOT / "models.txt", dest / "models.txt")
    digest = hashlib.sha256()
    for p in sorted(dest.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(dest).as_posix().encode() + b"\0" + p.read_bytes())
    os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (str(dest), os.environ.get("PYTHONPATH")) if x)
    os.environ["QA_HOME"] = str(dest)
    sys.path.insert(0, str(dest))
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Worker: one index build in a fresh process


def build_worker(corpus: Path, index_dir: Path, out: Path) -> int:
    """Build (or update) an index with the configured embedder; write the BuildReport as JSON."""
    from qa.models import load_models
    from qa.service import make_embedder
    from qa.store import build_index

    # The model loads inside the timed build, as it does for `qa index` (in a child process that
    # loads while the build reads); 'model_wait' is what the build still had to wait for it.
    embedder = make_embedder(load_models())
    report = build_index([corpus], index_dir, embedder)
    load_s = report.seconds.get("model_wait", 0.0)
    out.write_text(json.dumps({
        "docs": report.docs, "chunks": report.chunks, "embedded_chunks": report.embedded_chunks,
        "new": len(report.new), "changed": len(report.changed), "unchanged": len(report.unchanged),
        "skipped": report.skipped, "seconds": report.seconds, "model_load_s": load_s, "vm_hwm_kb": vm_hwm_kb(),
    }), encoding="utf-8")
    return 0


def run_build(corpus: Path, index_dir: Path, scratch: Path, label: str) -> dict[str, Any]:
    """Run build_worker in a subprocess and collect its report, peak RSS and index size."""
    out = scratch / f"{label}.json"
    child = run_child([sys.executable, str(Path(__file__).resolve()), "--worker-build", str(corpus), str(index_dir), str(out)],
                      scratch, label)
    if child["returncode"] != 0:
        fail(f"index build '{label}'", child)
    rep = json.loads(out.read_text(encoding="utf-8"))
    rep["process_wall_s"] = child["wall_s"]
    rep["process_cpu_s"] = child["cpu_s"]
    rep["peak_rss_mb"] = child["peak_rss_mb"]
    rep["index_bytes"] = folder_bytes(index_dir)
    return rep


# --------------------------------------------------------------------------------------------
# Phases


def bench_indexing(seeds: SeedSet, sizes: list[int], scratch: Path) -> tuple[list[dict], dict[int, Path], dict[int, dict]]:
    """Build a fresh index for the seeds and for each corpus size; return rows, index folders, corpora."""
    rows, indexes, corpora = [], {}, {}
    for size in [len(seeds.files)] + sizes:
        if size in indexes:
            continue
        corpus = seeds.write_corpus(scratch / f"corpus-{size}", size)
        # A user's reports were on disk before they indexed them; files written a second before
        # the build would all count as possibly rewritten within one timestamp tick, and the
        # re-index would read every one of them again (see store._unchanged_on_disk).
        hour_ago = time.time_ns() - 3_600_000_000_000
        for p in Path(corpus["folder"]).iterdir():
            os.utime(p, ns=(hour_ago, hour_ago))
        corpora[size] = corpus
        load = load_average()
        note(f"indexing {corpus['reports']} reports ({corpus['chars']:,} characters)")
        rep = run_build(Path(corpus["folder"]), scratch / f"index-{size}", scratch, f"build-{size}")
        total = rep["seconds"]["total"]
        rows.append({
            "size": size, "docs": rep["docs"], "chunks": rep["chunks"], "chars": corpus["chars"], "text_bytes": corpus["bytes"],
            "seconds": rep["seconds"], "model_load_s": rep["model_load_s"], "process_wall_s": rep["process_wall_s"],
            "chunks_per_s": rep["chunks"] / total, "chars_per_s": corpus["chars"] / total,
            "embed_chunks_per_s": rep["embedded_chunks"] / rep["seconds"]["embed"] if rep["seconds"]["embed"] else None,
            "index_bytes": rep["index_bytes"], "peak_rss_mb": rep["peak_rss_mb"], "process_cpu_s": rep["process_cpu_s"],
            "load_avg_before": load, "load_avg_after": load_average(),
            "vm_hwm_mb": rep["vm_hwm_kb"] / 1024.0 if rep["vm_hwm_kb"] else None, "skipped": rep["skipped"],
        })
        indexes[size] = scratch / f"index-{size}"
    return rows, indexes, corpora


def edit_one_report(corpus: dict) -> str:
    """Change one figure in the middle of the last synthetic report (or the last file); return its name."""
    folder = Path(corpus["folder"])
    target = folder / corpus["copies"][-1].file_name if corpus["copies"] else sorted(folder.glob("*.txt"))[-1]
    text = target.read_text(encoding="utf-8")
    m = re.compile(r"\d+(?:\.\d+)?(?=亿元)").search(text, len(text) // 2)
    if m is None:
        text += "\n（本段为基准测试追加的修改。）\n"
    else:  # one figure, '151.9亿元' → '152.9亿元': one clause of one report differs
        figure = m.group()
        whole, dot, frac = figure.partition(".")
        text = text[:m.start()] + str(int(whole) + 1) + dot + frac + text[m.end():]
    target.write_text(text, encoding="utf-8")
    return target.name


def bench_reindex(corpus: dict, index_dir: Path, full_build: dict, scratch: Path) -> dict[str, Any]:
    """Re-run build_index over the largest corpus after editing one report."""
    name = edit_one_report(corpus)
    note(f"re-indexing {corpus['reports']} reports after editing {name}")
    rep = run_build(Path(corpus["folder"]), index_dir, scratch, "reindex")
    return {
        "size": corpus["reports"], "edited": name, "docs": rep["docs"], "chunks": rep["chunks"],
        "embedded_chunks": rep["embedded_chunks"], "changed": rep["changed"], "unchanged": rep["unchanged"],
        "seconds": rep["seconds"], "model_load_s": rep["model_load_s"], "process_wall_s": rep["process_wall_s"],
        "peak_rss_mb": rep["peak_rss_mb"], "process_cpu_s": rep["process_cpu_s"], "full_build_total_s": full_build["seconds"]["total"],
        "vs_full_build": rep["seconds"]["total"] / full_build["seconds"]["total"],
    }


def load_dev(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def retrieval_questions(dev: list[dict], seeds: SeedSet, copies_in_index: int, count: int, twins: bool) -> list[str]:
    """`count` dev questions, or half of them plus their twins about synthetic reports in the index."""
    rng = random.Random(SEED)
    if not twins or copies_in_index == 0:
        return [d["question"] for d in rng.sample(dev, min(count, len(dev)))]
    picked = rng.sample(dev, min(count // 2, len(dev)))
    out = [d["question"] for d in picked]
    for d in picked:
        doc = d.get("doc")
        doc = doc[0] if isinstance(doc, list) else doc
        copy = seeds.first_copy_of(doc, copies_in_index) if doc else None
        if copy is not None:
            from synth import twin_question

            out.append(twin_question(d["question"], copy))
    return out


def placeless_questions(questions: list[str], searcher) -> list[str]:
    """The questions with every place they name taken out (Chinese names, short forms, pinyin),
    kept when qa then reads no place in them: such a question is searched over every report."""
    from synth import SEED_PINYIN, TARGET_PLACES, short_name

    out = []
    for text in questions:
        q = searcher.understand(text)
        synthetic = [p.name for p in TARGET_PLACES if p.name in text or p.short in text]
        for name in q.districts + q.absent_districts + synthetic:
            text = text.replace(name, "").replace(short_name(name), "")
            if SEED_PINYIN.get(name):
                text = re.sub(r"\b" + SEED_PINYIN[name] + r"(?:\s+district)?(?:'s)?\b", "", text, flags=re.I)
        q = searcher.understand(text)
        if not (q.districts or q.absent_districts) and text.strip():
            out.append(re.sub(r"\s+", " ", text).strip())
    return out


def time_each(fn: Callable[[Any], Any], items: Sequence[Any], warmup: int = 3) -> list[float]:
    """Wall time of fn(item) for every item, after a few untimed calls."""
    for item in items[:warmup]:
        fn(item)
    times = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - t)
    return times


def bench_retrieval(label: str, index_dir: Path, questions: list[str], embedder, shipped_dense: float) -> list[dict[str, Any]]:
    """Search latency per channel setting, and a bare FAISS search over the same vectors as the
    floor; then, in the setting that ships (models.txt's weights), the same questions with no
    place named, which search the whole index."""
    from qa.retrieve import Searcher
    from qa.store import load_index

    index = load_index(index_dir, embedder.name)
    rows = []
    for mode, lexical_w, dense_w in RETRIEVAL_MODES:
        searcher = Searcher(index, embedder, dense_weight=dense_w, lexical_weight=lexical_w)
        assert (searcher.lexical_weight, searcher.dense_weight) == (lexical_w, dense_w)
        times = time_each(lambda q: searcher.search(q, k=5), questions)
        rows.append({"index": label, "chunks": len(index.chunks), "mode": mode, **stats_ms(times), "load_avg": load_average()})
    faiss_index = index.faiss()
    vectors = [embedder.embed([q]).astype(np.float32) for q in questions]
    times = time_each(lambda v: faiss_index.search(v, 5), vectors)
    rows.append({"index": label, "chunks": len(index.chunks), "mode": "faiss floor", **stats_ms(times), "load_avg": load_average()})
    floor = rows[-1]["p50_ms"]
    shipped = Searcher(index, embedder, dense_weight=shipped_dense, lexical_weight=1.0)
    for mode, qs in ((f"shipped (dense {shipped_dense:g}), place named", questions),
                     (f"shipped (dense {shipped_dense:g}), no place", placeless_questions(questions, shipped))):
        times = time_each(lambda q: shipped.search(q, k=5), qs)
        scope = [len(shipped.search(q, k=5).scope) / len(index.docs) for q in qs]
        rows.append({"index": label, "chunks": len(index.chunks), "mode": mode, **stats_ms(times), "load_avg": load_average(),
                     "scope_share_mean": float(np.mean(scope)) if scope else None, "questions": qs})
    for row in rows:
        row["vs_floor_p50"] = row["p50_ms"] / floor if floor > 0 else None
    return rows


def bench_ask(index_dir: Path, questions: list[str]) -> dict[str, Any]:
    """qa's ask (retrieve, generate, verify) beside one bare llama-cpp call on the same prompt.

    The model's KV cache is reset before every timed call, so neither side reuses the previous
    prompt's prefix. The bare call gets the limits of qa's drafting call (max_tokens, stop)."""
    from qa.answer import build_prompt, prompt_text
    from qa.models import load_models
    from qa.service import make_answerer, open_session

    session = open_session(index_dir, config=load_models(), build_if_missing=False)
    answerer = make_answerer(session)
    llm = answerer.llm
    t = time.perf_counter()
    llama = llm._load()
    load_s = time.perf_counter() - t
    draft_tokens = min(answerer.max_tokens, 64)  # qa's drafting call for a completion (base) model
    stop = None if llm.chat else ["[", "\n", "<<<"]
    answerer.ask(questions[0])  # warm-up, untimed

    stages: dict[str, list[float]] = {"retrieve": [], "generate": [], "verify": [], "total": []}
    rejected_s = 0.0  # time spent drafting what verification then refused
    bare: list[float] = []
    paired_total: list[float] = []  # qa's total for the questions that also got a bare call
    ratios: list[float] = []
    per_question = []
    for q in questions:
        llama.reset()
        rec = answerer.ask(q)
        tm = rec.get("timings", {})
        for key in stages:
            stages[key].append(float(tm.get(key, 0.0)))
        model = rec.get("model") or {}
        if model.get("tried") and not model.get("accepted"):
            rejected_s += float(tm.get("generate", 0.0)) + float(tm.get("verify", 0.0))
        _, sel, _ = answerer.prepare(q)
        row = {"question": q, "status": rec.get("status"), "mode": rec.get("mode"),
               "model_tried": bool(rec.get("model", {}).get("tried")), "timings": tm}
        if sel is not None and sel.evidence and rec.get("model", {}).get("tried"):
            prompt = build_prompt(q, sel, llm.chat, sel.intent.language)
            llama.reset()
            t = time.perf_counter()
            if llm.chat:
                out = llama.create_chat_completion(messages=prompt, max_tokens=answerer.max_tokens, temperature=0.0)
            else:
                out = llama.create_completion(prompt_text(prompt), max_tokens=draft_tokens, temperature=0.0, stop=stop)
            secs = time.perf_counter() - t
            bare.append(secs)
            paired_total.append(float(tm["total"]))
            ratios.append(float(tm["total"]) / secs)
            row.update(bare_s=secs, prompt_tokens=out["usage"]["prompt_tokens"], bare_completion_tokens=out["usage"]["completion_tokens"])
        per_question.append(row)
    total_p50 = stats_ms(paired_total)["p50_ms"]
    bare_stats = stats_ms(bare)
    return {
        "questions": len(questions), "model_load_s": load_s, "chat": llm.chat, "max_tokens": answerer.max_tokens,
        "bare_max_tokens": answerer.max_tokens if llm.chat else draft_tokens, "bare_stop": stop,
        "stages": {k: stats_ms(v) for k, v in stages.items()}, "bare": bare_stats,
        "overhead_p50_ratio": total_p50 / bare_stats["p50_ms"] if bare else None,
        "overhead_median_per_question": float(np.median(ratios)) if ratios else None,
        "generative": sum(1 for r in per_question if r["mode"] == "generative"), "load_avg_after": load_average(),
        "rejected_drafts": sum(1 for r in per_question if r["model_tried"] and r["mode"] != "generative"),
        "rejected_draft_share": rejected_s / sum(stages["total"]) if sum(stages["total"]) else None,
        "per_question": per_question,
    }


def bench_cli(index_dir: Path, scratch: Path) -> dict[str, Any]:
    """Peak RSS and wall time of one `qa ask --json` process."""
    qa_bin = Path(sys.executable).parent / "qa"
    cmd = [str(qa_bin), "ask", CLI_QUESTION, "--json", "--index", str(index_dir)]
    child = run_child(cmd, scratch, "cli-ask")
    if child["returncode"] != 0:
        fail("qa ask", child)
    rec = json.loads(child["stdout"].read_text(encoding="utf-8").strip().splitlines()[-1])
    return {"command": " ".join(cmd[1:3] + ["--json", "--index", "<seed index>"]), "peak_rss_mb": child["peak_rss_mb"],
            "wall_s": child["wall_s"], "cpu_s": child["cpu_s"], "status": rec.get("status"), "mode": rec.get("mode"), "answer": rec.get("answer")}


# --------------------------------------------------------------------------------------------
# Output


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain, right-aligned text table."""
    cells = [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join(out)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        if v != v:
            return "-"
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def report_text(res: dict[str, Any]) -> str:
    parts = []
    idx = res["indexing"]
    parts.append("INDEXING (fresh index per corpus; each build in its own process; seconds from BuildReport, loading the model included; "
                 "peak RSS is the larger of the build process and its embedding child, as wait4 reports it)")
    parts.append(table(
        ["reports", "chunks", "MB text", "total s", "read", "chunk", "embed", "write", "chunks/s", "chars/s", "embed ch/s",
         "index MB", "peak RSS MB", "model wait s", "load avg"],
        [[r["docs"], r["chunks"], r["text_bytes"] / 2**20, r["seconds"]["total"], r["seconds"]["read"], r["seconds"]["chunk"],
          r["seconds"]["embed"], r["seconds"]["write"], r["chunks_per_s"], r["chars_per_s"], r["embed_chunks_per_s"],
          r["index_bytes"] / 2**20, r["peak_rss_mb"], r["model_load_s"], (r["load_avg_before"] + r["load_avg_after"]) / 2] for r in idx]))
    if res.get("reindex"):
        r = res["reindex"]
        parts.append(f"\nRE-INDEX after editing one report ({r['edited']}) in the {r['size']}-report index")
        parts.append(table(
            ["reports", "changed", "embedded", "total s", "read", "chunk", "embed", "write", "model wait", "process wall s",
             "full build s", "vs full", "peak RSS MB"],
            [[r["docs"], r["changed"], r["embedded_chunks"], r["seconds"]["total"], r["seconds"]["read"], r["seconds"]["chunk"],
              r["seconds"]["embed"], r["seconds"]["write"], r["model_load_s"], r["process_wall_s"], r["full_build_total_s"],
              r["vs_full_build"], r["peak_rss_mb"]]]))
    parts.append("\nRETRIEVAL latency, Searcher.search(k=5), per question (ms); floor = bare FAISS search(k=5) over every vector of "
                 "the index, query vector precomputed (qa's dense channel searches only the reports of the districts named)")
    parts.append(table(["index", "chunks", "mode", "questions", "p50 ms", "p95 ms", "mean ms", "p50 / floor", "share searched"],
                       [[r["index"], r["chunks"], r["mode"], r["n"], r["p50_ms"], r["p95_ms"], r["mean_ms"], r["vs_floor_p50"],
                         r.get("scope_share_mean")] for r in res["retrieval"]]))
    parts.append("(shipped = the channel weights models.txt gives; 'no place' = the same questions with their place names "
                 "taken out; share searched = mean share of the index's reports in a question's scope)")
    a = res["ask"]
    parts.append(f"\nASK on the seed index, bundled model, {a['questions']} questions ({a['generative']} answered generatively); "
                 f"bare = one create_{'chat_' if a['chat'] else ''}completion, same prompt, max_tokens={a['bare_max_tokens']}"
                 f"{', same stop' if a['bare_stop'] else ''}")
    rows = [[k, v["n"], v["p50_ms"], v["p95_ms"], v["mean_ms"]] for k, v in a["stages"].items()]
    rows.append(["bare llama", a["bare"]["n"], a["bare"]["p50_ms"], a["bare"]["p95_ms"], a["bare"]["mean_ms"]])
    parts.append(table(["stage", "n", "p50 ms", "p95 ms", "mean ms"], rows))
    parts.append(f"overhead, over the {a['bare']['n']} questions that reached the model: p50(ask total) / p50(bare) = {_fmt(a['overhead_p50_ratio'])}; "
                 f"median per-question ratio = {_fmt(a['overhead_median_per_question'])}; model load {a['model_load_s']:.2f} s")
    share = a["rejected_draft_share"]
    parts.append(f"drafts verification rejected: {a['rejected_drafts']} of {a['questions']} questions; they took "
                 f"{'-' if share is None else f'{share:.1%}'} of all ask time (drafting and checking them)")
    c = res["cli"]
    parts.append(f"\nqa ask process ({c['command']}): peak RSS {c['peak_rss_mb']:.0f} MB, wall {c['wall_s']:.1f} s, "
                 f"CPU {c['cpu_s']:.1f} s, {c['status']}/{c['mode']}")
    parts.append(f"\nmachine: {res['environment']['cpus']} CPUs; 1-minute load average {res['load_avg_start']:.2f} at start, "
                 f"{res['load_avg_end']:.2f} at end (per build in the 'load avg' column; the JSON has it per phase); "
                 f"whole run {res['wall_s']:.0f} s")
    return "\n".join(parts)


def _json_default(o: Any) -> Any:
    if isinstance(o, Path):
        return str(o)
    if hasattr(o, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(o)
    raise TypeError(type(o).__name__)


def environment() -> dict[str, Any]:
    """What the figures were measured on."""
    import faiss
    import llama_cpp
    import torch

    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--", "qa", "models.txt", "prompts"],
                                    cwd=ROOT, capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = None, None
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "torch": torch.__version__, "torch_threads": torch.get_num_threads(), "faiss": faiss.__version__,
            "llama_cpp": llama_cpp.__version__, "git_commit": commit, "qa_dirty": dirty,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="Corpus sizes in reports, comma-separated (default 10,100,1000; --quick: 10,100).")
    p.add_argument("--out", type=Path, default=BENCH / "results.json", help="Where to write the JSON results.")
    p.add_argument("--quick", action="store_true", help="Smaller default sizes.")
    p.add_argument("--questions", type=int, default=50, help="Questions per retrieval setting (default 50).")
    p.add_argument("--ask-questions", type=int, default=20, help="Questions for the ask benchmark (default 20).")
    p.add_argument("--dev", type=Path, help="JSONL with a 'question' field per line (e.g. ../shared/eval/dev.jsonl); required.")
    p.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="Folder of seed reports.")
    p.add_argument("--keep", action="store_true", help="Keep the temporary corpora and indexes.")
    p.add_argument("--worker-build", nargs=3, metavar=("CORPUS", "INDEX", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not args.worker_build and args.dev is None:
        p.error("give the questions with --dev FILE.jsonl (e.g. ../shared/eval/dev.jsonl)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker_build:
        corpus, index_dir, out = (Path(x) for x in args.worker_build)
        return build_worker(corpus, index_dir, out)

    sizes = [int(s) for s in (args.sizes or ("10,100" if args.quick else "10,100,1000")).split(",") if s.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    note(f"scratch folder {scratch}")
    started = time.perf_counter()
    res: dict[str, Any] = {"environment": environment(), "seed": SEED, "sizes": sizes, "load_avg_start": load_average()}
    try:
        res["environment"]["qa_snapshot_sha256"] = snapshot_library(scratch / "lib")
        import qa
        from qa.models import load_models
        from qa.service import dense_weight, make_embedder
        from synth import SeedSet

        res["environment"]["qa_imported_from"] = str(Path(qa.__file__).parent)
        seeds = SeedSet(args.seeds, seed=SEED)
        dev = load_dev(args.dev)
        rows, indexes, corpora = bench_indexing(seeds, sizes, scratch)
        res["indexing"] = rows
        smallest, largest = len(seeds.files), max(indexes)
        if largest > smallest:
            full = next(r for r in rows if r["size"] == largest)
            res["reindex"] = bench_reindex(corpora[largest], indexes[largest], full, scratch)

        config = load_models()
        embedder = make_embedder(config)
        res["retrieval"], res["retrieval_questions"] = [], {}
        for size in sorted({smallest, largest}):
            copies = len(corpora[size]["copies"])
            qs = retrieval_questions(dev, seeds, copies, args.questions, twins=copies > 0)
            note(f"retrieval on the {size}-report index, {len(qs)} questions")
            res["retrieval"] += bench_retrieval(f"{size} reports", indexes[size], qs, embedder, dense_weight(config))
            res["retrieval_questions"][size] = qs

        ask_qs = [d["question"] for d in random.Random(SEED + 1).sample(dev, min(args.ask_questions, len(dev)))]
        note(f"ask on the seed index, {len(ask_qs)} questions")
        res["ask"] = bench_ask(indexes[smallest], ask_qs)
        note("qa ask in a subprocess")
        res["cli"] = bench_cli(indexes[smallest], scratch)
        res["corpora"] = {size: {k: v for k, v in c.items() if k != "copies"} | {"copies": len(c["copies"])} for size, c in corpora.items()}
        res["wall_s"] = time.perf_counter() - started
        res["load_avg_end"] = load_average()
    finally:
        if args.keep:
            note(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    text = report_text(res)
    print(text)
    res["table"] = text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8")
    note(f"wrote {args.out} (whole run {res['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
