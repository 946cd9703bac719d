"""End-to-end on the real bundled models: the real path is the product. Marked `real`; they run in CI."""

import json
import shutil
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from qa.models import load_models
    from qa.service import make_answerer, open_session, run_index

    root = tmp_path_factory.mktemp("real")
    corpus = root / "corpus"
    corpus.mkdir()
    from conftest import SEEDS

    for name in ("001_007744f024dd1767.txt", "004_30cc81fc5e8fc886.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    config = load_models()
    report = run_index([corpus], root / "index", config)
    session = open_session(root / "index", config=config, build_if_missing=False)
    return report, session, make_answerer(session)


def test_offline_load_never_touches_the_network(monkeypatch):
    """Every socket connection fails while both bundled models load and run."""
    def refuse(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from qa.embed import SentenceTransformerEmbedder
    from qa.llm import LlamaCppLLM
    from qa.models import load_models

    cfg = load_models()
    emb = SentenceTransformerEmbedder(cfg.embedder.resolve(), cfg.embedder.name)
    assert emb.embed(["地区生产总值增长8%"]).shape == (1, emb.dim)
    llm = LlamaCppLLM(cfg.llm.resolve(), prompt="completion", n_ctx=512)
    assert llm.complete("地区生产总值", max_tokens=4) is not None


def test_real_index_then_search(real):
    report, session, _ = real
    assert report.docs == 2 and report.embedded_chunks == report.chunks > 50
    assert session.searcher.index.faiss().ntotal == report.chunks
    hits = session.searcher.search("綦江区2018年工业增加值实现了多少？", k=3).hits
    assert any("151.9亿元" in h.chunk.text for h in hits)


def test_real_dense_channel_searches_faiss(real):
    _, session, _ = real
    s = session.searcher
    saved = (s.lexical_weight, s.dense_weight)
    try:
        s.lexical_weight, s.dense_weight = 0.0, 1.0
        hits = s.search("industrial added value", k=5).hits
        assert len(hits) == 5 and all(h.dense_rank is not None for h in hits)
    finally:
        s.lexical_weight, s.dense_weight = saved


def test_real_ask_end_to_end_with_the_bundled_model(real):
    _, session, answerer = real
    rec = answerer.ask("綦江区2018年工业增加值实现了多少？")
    assert rec["model"]["tried"]
    assert rec["status"] == "answered" and "151.9亿元" in rec["answer"]
    for c in rec["citations"]:
        text, _ = session.searcher.index.source_text(c["doc"])
        assert text[c["start"]:c["end"]] == c["text"]
    refused = answerer.ask("渝中区2018年末常住人口有多少？")
    assert refused["status"] == "not_found"


def test_qa_models_reports_both_models_loadable():
    proc = subprocess.run([sys.executable, "-m", "qa", "models", "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["role"] for r in rows] == ["llm", "embedder"] and all(r["ok"] for r in rows), rows
    assert "no chat template" in rows[0]["detail"] and "dimension 384" in rows[1]["detail"]


def test_the_embedding_process_gives_the_in_process_vectors():
    """An index build embeds in a child process (loading on the other core); same vectors."""
    import numpy as np

    from qa.embed import EmbedWorker
    from qa.models import load_models
    from qa.service import make_embedder

    texts = ["地区生产总值实现414.6亿元、增长6.9%", "industrial added value", "空气质量优良天数达到293天"]
    worker = EmbedWorker(make_embedder(load_models()))
    try:
        far = worker.embed(texts)
    finally:
        worker.close()
    near = make_embedder(load_models()).embed(texts)
    assert far.shape == near.shape == (3, 384) and np.allclose(far, near, atol=1e-5)


def test_the_bundled_model_can_only_choose_an_offered_option():
    """The in-process constraint (a token mask): whatever the model prefers, one option comes out."""
    from qa.llm import LlamaCppLLM
    from qa.models import load_models

    llm = LlamaCppLLM(load_models().llm.resolve(), prompt="completion", n_ctx=512)
    prompt = "地区生产总值实现414.6亿元[1]，工业增加值实现151.9亿元["
    for options in (["2]", "3]"], ["7]"], ["12]", "13]", "4]"]):
        assert llm.choose(prompt, options) in options
