"""The model served elsewhere: qa against a real llama-cpp-python server on 127.0.0.1."""

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from qa.errors import ModelError
from qa.llm import EndpointLLM

pytestmark = pytest.mark.real


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("uvicorn", reason="the [server] extra of llama-cpp-python is not installed")
    from qa.models import load_models

    gguf = load_models().llm.resolve()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qa.serve", "--model", str(gguf), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "4096", "--verbose", "false"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("llama_cpp.server exited: " + proc.stderr.read()[-500:])
        try:
            urllib.request.urlopen(url + "/models", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("llama_cpp.server did not start in 120 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_the_same_protocol_and_verification_over_http(server, seed_index):
    from qa.answer import Answerer
    from qa.retrieve import Searcher
    from qa.service import Session

    idx, emb = seed_index
    llm = EndpointLLM(server, prompt="completion")
    assert llm.ping() and llm.count_tokens("地区生产总值") > 0
    a = Answerer(Session(None, Searcher(idx, emb, 0.0), idx.folder), llm)
    rec = a.ask("綦江区2018年工业增加值实现了多少？")
    assert rec["model"]["tried"] and rec["status"] == "answered" and "151.9亿元" in rec["answer"]
    # The marker step is grammar-constrained on the server too: only an offered id can follow '['.
    rec, sel, _ = a.prepare("綦江区2018年工业增加值实现了多少？")
    from qa.answer import build_prompt, marker_options

    prompt = build_prompt("綦江区2018年工业增加值实现了多少？", sel, False, "zh")
    mark = llm.choose(prompt + "工业增加值实现151.9亿元[", marker_options([e.id for e in sel.evidence]))
    assert mark.rstrip("]").isdigit() and int(mark.rstrip("]")) in [e.id for e in sel.evidence]


def test_a_chat_endpoint_is_answered_through_the_schema_and_verified(server, seed_index):
    from qa.answer import Answerer
    from qa.retrieve import Searcher
    from qa.service import Session

    idx, emb = seed_index
    a = Answerer(Session(None, Searcher(idx, emb, 0.0), idx.folder), EndpointLLM(server, prompt="chat"), max_tokens=80)
    rec = a.ask("渝中区2018年城镇新增就业多少人？")
    assert rec["model"]["tried"] and rec["status"] == "answered" and "4.5万人" in rec["answer"]
    for c in rec["citations"]:
        text, _ = idx.source_text(c["doc"])
        assert text[c["start"]:c["end"]] == c["text"]


def test_an_unreachable_server_is_a_clear_error():
    llm = EndpointLLM(f"http://127.0.0.1:{_free_port()}/v1")
    with pytest.raises(ModelError, match="cannot reach the model server"):
        llm.ping()
    with pytest.raises(ModelError, match="cannot reach"):
        llm.complete("x", max_tokens=1)
