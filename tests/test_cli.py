import json
import os
import re
import subprocess
import sys

import pytest

from fakes import HashEmbedder
from qa import cli


def test_help_loads_no_model_library():
    """`qa --help` and every command's help stay instant: no torch, FAISS or llama.cpp imported."""
    probe = ("import sys; from qa import cli; sys.argv = ['qa', *sys.argv[1:]]\n"
             "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('torch', 'faiss', 'llama_cpp', 'sentence_transformers', 'transformers') if m in sys.modules))")
    for args in (["--help"], ["ask", "--help"], ["eval", "--help"], ["--version"]):
        proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.rstrip().endswith("[]"), (args, proc.stdout[-300:])
    proc = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "ask" in proc.stdout and "search" in proc.stdout


def test_each_command_help_ends_with_a_runnable_example():
    for name in ("index", "search", "ask", "verify", "brief", "compare", "eval", "models"):
        proc = subprocess.run([sys.executable, "-m", "qa", name, "--help"], capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "200"})
        assert proc.returncode == 0
        example = proc.stdout.partition("Example:")[2]
        assert re.match(r"\s+qa ", example) and re.search(rf"\bqa {name}\b", example), (name, proc.stdout)


def test_version_is_the_installed_one(run):
    from importlib.metadata import version

    code, out, _ = run("--version")
    assert code == 0 and out.strip() == version("qa")


def test_eval_help_says_it_scores_answers_and_briefings():
    proc = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    line = next(x for x in proc.stdout.splitlines() if " eval " in x)
    assert "answers" in line and "briefings" in line


def test_search_json_builds_the_index_on_first_use(run):
    code, out, _ = run("search", "綦江区2018年工业增加值实现了多少？", "--json", "--k", "3")
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 3 and {"doc", "start", "end", "line", "text", "score"} <= set(hits[0])
    assert any("151.9亿元" in h["text"] for h in hits)


def test_search_human_output_names_file_line_span_and_heading(run):
    code, out, _ = run("search", "綦江区2018年工业增加值实现了多少？", "--k", "2")
    assert code == 0 and "001_007744f024dd1767.txt:" in out and "§ 一、2018年工作回顾" in out


def test_search_many_questions_one_line_each(run, tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"question": "綦江区2018年工业增加值"}\n{"question": "渝中区城镇新增就业"}\n', encoding="utf-8")
    code, out, _ = run("search", "--questions", str(f), "--k", "2")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [x["question"] for x in lines] == ["綦江区2018年工业增加值", "渝中区城镇新增就业"]


def test_ask_json_is_the_answer_record(run):
    code, out, _ = run("ask", "綦江区2018年工业增加值实现了多少？", "--json", "--no-llm")
    rec = json.loads(out)
    assert code == 0 and rec["status"] == "answered" and rec["mode"] == "extractive"
    c = rec["citations"][0]
    assert {"id", "doc", "start", "end", "line", "text", "sha256"} <= set(c)


def test_ask_refusal_says_so(run):
    code, out, _ = run("ask", "江北区2018年的地区生产总值是多少？", "--no-llm")
    assert code == 0 and "do not say" in out and "江北区" in out


def test_ask_then_verify_round_trip(run, tmp_path):
    code, out, _ = run("ask", "渝中区2018年城镇新增就业多少人？", "--json", "--no-llm")
    f = tmp_path / "a.jsonl"
    f.write_text(out, encoding="utf-8")
    code, out, _ = run("verify", str(f))
    assert code == 0 and "1 of 1 citations check out" in out


@pytest.mark.parametrize("args,code,needle", [
    (("ask", ""), 2, "empty"),
    (("ask", "   "), 2, "empty"),
    (("ask",), 2, "QUESTION"),
    (("search", "x", "--k", "0"), 2, "--k"),
    (("eval", "--gold", "/nonexistent.jsonl", "--retrieval-only"), 1, "/nonexistent.jsonl"),
    (("index", "/nonexistent-folder"), 1, "/nonexistent-folder"),
    (("verify", "/nonexistent.jsonl"), 1, "/nonexistent.jsonl"),
])
def test_bad_input_is_one_clear_line_with_the_right_exit_code(run, args, code, needle):
    got, out, err = run(*args)
    assert got == code
    assert needle in err and "Traceback" not in err + out


def test_a_broken_models_file_is_named_with_its_line(run, tmp_path, monkeypatch):
    bad = tmp_path / "models.txt"
    bad.write_text("llm x.gguf\nembedder e wieght=1\n", encoding="utf-8")
    monkeypatch.setenv("QA_MODELS_FILE", str(bad))
    code, _, err = run("ask", "问题？", "--no-llm")
    assert code == 1 and f"{bad}:2" in err and "wieght=1" in err


def test_brief_a_file_that_is_not_indexed_and_compare_two_reports(run, tmp_path, seeds):
    import json
    import shutil

    outside = tmp_path / "elsewhere" / "大渡口区2017.txt"
    outside.parent.mkdir()
    shutil.copy(seeds / "000_4bada5999176aa19.txt", outside)
    code, out, err = run("brief", str(outside), "--json", "--no-llm")
    assert code == 0, err
    br = json.loads(out)
    assert br["doc"] == "大渡口区2017.txt" and br["metadata"]["district"]["value"] == "大渡口区"
    text = outside.read_text(encoding="utf-8")
    cites = [c for item in br["targets"] + br["indicators"] for c in item["citations"]]
    assert cites and all(text[c["start"]:c["end"]] == c["text"] for c in cites)

    code, out, err = run("compare", str(seeds / "000_4bada5999176aa19.txt"), "大渡口区2022")
    assert code == 0, err
    assert "大渡口区" in out
    code, out, err = run("compare", str(outside))
    assert code == 2 and "two or more" in err


def test_brief_of_a_missing_file_says_so(run, tmp_path):
    code, out, err = run("brief", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in err and "Traceback" not in err
