"""Bad input, by accident or on purpose: each case gets correct degraded behaviour or one clear
error naming the file, option or index and the next step; exit 0 ok, 1 user or data error,
2 usage; no traceback; no index lost. Hostile files are generated here, never committed."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, SEEDS
from fakes import HashEmbedder
from qa.documents import decode
from qa.errors import DocumentError, IndexStateError
from qa.store import build_index, load_index

SEED = SEEDS / "001_007744f024dd1767.txt"
REPORT = SEED.read_text(encoding="utf-8")


def no_traceback(*streams):
    assert all("Traceback" not in s for s in streams)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


def index_cli(run, corpus, tmp_path, *extra):
    return run("index", str(corpus), "--index", str(tmp_path / "idx"), *extra)


# --- files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,needle", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\t\r\n\xe3\x80\x80\n", "is empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00stream\x89", "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ("latin1.txt", "Rapport annuel: croissance économique très élevée, à côté.".encode("latin-1") * 30, "neither UTF-8 nor GB18030"),
])
def test_unusable_files_are_skipped_by_name_and_the_rest_indexed(run, corpus, tmp_path, name, data, needle):
    (corpus / name).write_bytes(data)
    code, out, err = index_cli(run, corpus, tmp_path)
    assert code == 0 and "Indexed 1 reports" in out
    assert name in err and needle in err
    no_traceback(out, err)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_are_read_and_cited_exactly(run, tmp_path, encoding):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "r.txt").write_bytes(REPORT.encode(encoding))
    code, out, err = index_cli(run, d, tmp_path)
    assert code == 0, err
    code, out, err = run("ask", "綦江区2018年工业增加值实现了多少？", "--json", "--no-llm", "--index", str(tmp_path / "idx"))
    rec = json.loads(out)
    assert rec["status"] == "answered" and "151.9亿元" in rec["answer"]
    text, _ = decode((d / "r.txt").read_bytes())
    c = rec["citations"][0]
    assert text[c["start"]:c["end"]] == c["text"]


def test_a_folder_of_mixed_encodings_and_line_endings(run, tmp_path):
    d = tmp_path / "mixed"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_bytes(REPORT.encode("gbk"))
    (d / "sub" / "b.md").write_bytes(REPORT.replace("\n", "\r\n").encode("utf-8"))
    (d / "c.txt").write_bytes(REPORT.encode("utf-16"))
    code, out, err = index_cli(run, d, tmp_path)
    assert code == 0 and "Indexed 3 reports" in out
    idx = load_index(tmp_path / "idx", "fake:hash-bigram")
    for c in idx.chunks:
        text, _ = idx.source_text(c.doc)
        assert text[c.start:c.end] == c.text


def test_a_huge_file_is_skipped_with_the_limit_named(run, corpus, tmp_path):
    big = corpus / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse): over the limit before a byte is read
    code, out, err = index_cli(run, corpus, tmp_path)
    assert code == 0 and "huge.txt" in err and "--max-mb" in err and "Indexed 1 reports" in out


def test_ten_thousand_small_files(tmp_path):
    d = tmp_path / "many"
    for i in range(100):
        sub = d / f"{i:03d}"
        sub.mkdir(parents=True)
        for j in range(100):
            (sub / f"{j:03d}.txt").write_text(f"第{i}区报告{j}。地区生产总值增长{j % 9}%。", encoding="utf-8")
    rep = build_index([d], tmp_path / "idx", HashEmbedder())
    assert rep.docs == 10_000 and rep.chunks == 10_000
    assert len(load_index(tmp_path / "idx", "fake:hash-bigram").docs) == 10_000


def test_a_symlink_loop_is_visited_once(run, corpus, tmp_path):
    (corpus / "loop").symlink_to(corpus)
    code, out, err = index_cli(run, corpus, tmp_path)
    assert code == 0 and "Indexed 1 reports" in out and "loop" in err


def test_an_unreadable_file_is_skipped_by_name(run, corpus, tmp_path, monkeypatch):
    locked = corpus / "locked.txt"
    locked.write_text(REPORT, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = index_cli(run, corpus, tmp_path)
    assert code == 0 and "locked.txt" in err and "Permission denied" in err and "Indexed 1 reports" in out


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_file_changed_or_deleted_after_indexing_is_never_quoted(run, corpus, tmp_path, change):
    index_cli(run, corpus, tmp_path)
    f = corpus / SEED.name
    if change == "edit":
        f.write_text(REPORT.replace("151.9", "161.9"), encoding="utf-8")
    else:
        f.unlink()
    code, out, err = run("ask", "綦江区2018年工业增加值实现了多少？", "--json", "--no-llm", "--index", str(tmp_path / "idx"))
    rec = json.loads(out)
    assert code == 0 and rec["status"] == "not_found" and not rec["citations"]
    assert rec["stale"][0]["state"] == ("changed" if change == "edit" else "missing")
    assert "Run 'qa index' again" in err


# --- questions -----------------------------------------------------------------------------

@pytest.mark.parametrize("question,status", [
    ("？？！！。。，，……", "not_found"),
    ("綦江区\x00\x07 2018年\u200b工业增加值\x1b[31m实现了多少？", "answered"),
    ("Quel était le PIB de Qijiang en 2018 ?", "not_found"),
    ("'; DROP TABLE reports; -- $(rm -rf /) `ls` && echo $HOME | cat /etc/passwd", "not_found"),
    ("<script>alert(1)</script> 綦江区 {{7*7}} %s %n", "not_found"),
])
def test_odd_questions_are_answered_or_refused_never_crash(run, question, status):
    code, out, err = run("ask", question, "--json", "--no-llm")
    assert code == 0, err
    assert json.loads(out)["status"] == status
    no_traceback(out, err)


def test_a_question_of_ten_thousand_characters_is_a_clear_error(run):
    code, out, err = run("ask", "地区生产总值" * 1700, "--no-llm")
    assert code == 1 and "characters long" in err
    no_traceback(out, err)


def test_a_bad_line_in_a_batch_does_not_stop_the_batch(run, tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text(json.dumps({"question": "x" * 5000}) + "\n" + json.dumps({"question": "渝中区2018年城镇新增就业多少人？"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run("ask", "--questions", str(f), "--no-llm")
    recs = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and "error" in recs[0] and recs[1]["status"] == "answered"


def test_a_malformed_questions_file_names_the_line(run, tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"question": "a"}\n{not json\n', encoding="utf-8")
    code, out, err = run("ask", "--questions", str(f), "--no-llm")
    assert code == 1 and f"{f}:2" in err


# --- the index -----------------------------------------------------------------------------

@pytest.mark.parametrize("via", ["--index", "QA_INDEX_DIR"])
def test_a_named_index_that_was_never_built_is_an_error_not_the_seeds(run, tmp_path, monkeypatch, via):
    """`qa index` of a folder with no report fails; asking against that index must not quietly
    build one from the bundled seeds and answer from them."""
    empty, idx = tmp_path / "empty", tmp_path / "mine"
    empty.mkdir()
    code, out, err = run("index", str(empty), "--index", str(idx))
    assert code == 1
    where = ["--index", str(idx)] if via == "--index" else []
    if via == "QA_INDEX_DIR":
        monkeypatch.setenv("QA_INDEX_DIR", str(idx))
    for cmd in (["ask", "綦江区2018年工业增加值实现了多少？", "--no-llm", "--json"], ["search", "工业增加值"],
                ["brief", "--all"]):
        code, out, err = run(*cmd, *where)
        assert code == 1 and out == "", (cmd, out)
        assert f"no index in {idx.resolve()}" in err and f"qa index FOLDER --index {idx.resolve()}" in err
        no_traceback(out, err)
    assert not (idx / "manifest.json").exists()


@pytest.fixture
def built(run, corpus, tmp_path):
    code, out, err = index_cli(run, corpus, tmp_path)
    assert code == 0
    return tmp_path / "idx", load_index(tmp_path / "idx", "fake:hash-bigram").build


def ask_code(run, idx):
    code, out, err = run("ask", "綦江区2018年工业增加值实现了多少？", "--no-llm", "--index", str(idx))
    no_traceback(out, err)
    return code, err


@pytest.mark.parametrize("damage,needle", [
    (lambda b: (b / "dense.faiss").write_bytes((b / "dense.faiss").read_bytes()[:100]), "truncated"),
    (lambda b: (b / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest"),
    (lambda b: (b / "manifest.json").write_text(json.dumps({**json.loads((b / "manifest.json").read_text()), "format": 0})), "format"),
    (lambda b: (b / "chunks.jsonl").write_text((b / "chunks.jsonl").read_text(encoding="utf-8").replace("151.9", "999.9"), encoding="utf-8"), "no longer match"),
    (lambda b: (b / "lexical.npz").unlink(), "missing"),
    (lambda b: (b.parent.parent / "CURRENT").write_text("no-such-build"), "does not exist"),
])
def test_a_damaged_index_is_a_clear_error_that_says_rebuild(run, built, damage, needle):
    idx, build = built
    damage(build)
    code, err = ask_code(run, idx)
    assert code == 1 and needle in err and "qa index" in err


def test_an_index_built_by_another_embedder_says_rebuild(run, built, monkeypatch):
    idx, _ = built
    monkeypatch.setattr("qa.service.make_embedder", lambda config: HashEmbedder(name="fake:other"))
    from qa import cli  # noqa: F401  (the run fixture's patch is replaced for this test)
    import sys as _sys
    monkeypatch.setattr(_sys, "argv", ["qa", "ask", "綦江区2018年工业增加值", "--no-llm", "--index", str(idx)])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 1


def test_an_embedder_of_another_dimension_is_refused(built):
    idx, _ = built
    from qa.retrieve import Searcher

    index = load_index(idx, "fake:hash-bigram")
    s = Searcher(index, HashEmbedder(dim=64), dense_weight=1.0)
    with pytest.raises(IndexStateError, match="dimension 64"):
        s.search("工业增加值")
    with pytest.raises(IndexStateError, match="dimension"):
        build_index([SEEDS], idx, HashEmbedder(dim=64))


def test_a_second_build_waits_for_the_lock_then_fails_clearly(built):
    from filelock import FileLock

    idx, _ = built
    with FileLock(str(idx / ".lock")):
        t = time.perf_counter()
        with pytest.raises(IndexStateError, match="another 'qa index'"):
            build_index([SEEDS], idx, HashEmbedder(), lock_timeout=0.5)
        assert time.perf_counter() - t >= 0.5
    build_index([SEEDS], idx, HashEmbedder(), lock_timeout=0.5)  # free again


def test_a_write_error_part_way_keeps_the_old_index(built, monkeypatch):
    idx, _ = built
    before = [c.text for c in load_index(idx, "fake:hash-bigram").chunks]

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)  # a full disk surfaces when written data is flushed
    with pytest.raises(IndexStateError, match="previous index is intact"):
        build_index([SEEDS], idx, HashEmbedder())
    assert [c.text for c in load_index(idx, "fake:hash-bigram").chunks] == before


def test_kill_9_during_a_build_leaves_the_previous_index_answering(built, tmp_path):
    idx, _ = built
    before = len(load_index(idx, "fake:hash-bigram").chunks)
    script = textwrap.dedent(f"""
        import sys, time
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]
        from fakes import HashEmbedder
        from pathlib import Path
        from qa.store import build_index
        class Slow(HashEmbedder):
            def embed(self, texts):
                print("embedding", flush=True)
                time.sleep(30)
                return super().embed(texts)
        build_index([Path({str(SEEDS)!r})], Path({str(idx)!r}), Slow(), rebuild=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "embedding"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    index = load_index(idx, "fake:hash-bigram")
    assert len(index.chunks) == before
    from qa.answer import Answerer
    from qa.retrieve import Searcher
    from qa.service import Session

    rec = Answerer(Session(None, Searcher(index, HashEmbedder(), 0.0), idx), None).ask("綦江区2018年工业增加值实现了多少？")
    assert rec["status"] == "answered"
    # The next build takes the lock the dead one left and succeeds.
    assert build_index([SEEDS], idx, HashEmbedder(), lock_timeout=5).docs == 5


# --- models --------------------------------------------------------------------------------

@pytest.mark.parametrize("make,needle", [
    (lambda p: p / "missing.gguf", "does not exist"),
    (lambda p: (p / "notes.gguf").write_text("hello") and p / "notes.gguf", "not a GGUF"),
    (lambda p: p, "is a folder"),
])
def test_a_bad_model_file_is_a_clear_error(run, built, tmp_path, make, needle):
    idx, _ = built
    path = make(tmp_path)
    code, out, err = run("ask", "綦江区2018年工业增加值实现了多少？", "--model", str(path), "--index", str(idx))
    assert code == 1 and needle in err
    no_traceback(out, err)


def test_a_missing_embedder_folder_is_a_clear_error(run, monkeypatch, tmp_path):
    monkeypatch.undo()  # the real embedder factory
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setattr(sys, "argv", ["qa", "search", "工业", "--embedder", str(tmp_path / "nope")])
    from qa import cli

    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 1


# --- property tests --------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=300),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_decoding_round_trips_or_refuses(text, encoding):
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if encoding == "utf-16" or encoding == "utf-8":
        got, _ = decode(raw)
        assert got == text
        return
    try:
        got, _ = decode(raw)
    except DocumentError:
        return  # refused, never silently mis-decoded
    assert got == text or raw.decode("utf-8", errors="strict") == got
