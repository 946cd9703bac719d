import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_index(tmp_path_factory, monkeypatch):
    """No test touches the real index/ folder: each runs in a project root of its own (links to
    models.txt, prompts/ and seeds/) whose default index/ starts missing, as on a fresh checkout."""
    home = tmp_path_factory.mktemp("home")  # beside tmp_path, which tests use as a corpus
    for name in ("models.txt", "prompts", "seeds"):
        (home / name).symlink_to(ROOT / name)
    monkeypatch.setenv("QA_HOME", str(home))
    monkeypatch.delenv("QA_INDEX_DIR", raising=False)
    yield


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    """The five seeds indexed with the fake embedder, shared by read-only tests."""
    from fakes import HashEmbedder
    from qa.store import build_index, load_index

    folder = tmp_path_factory.mktemp("seed-index")
    emb = HashEmbedder()
    build_index([SEEDS], folder, emb)
    return load_index(folder, emb.name), emb


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `qa ARGS` in-process with the fake embedder; returns (exit code, stdout, stderr)."""
    from fakes import HashEmbedder
    from qa import cli

    monkeypatch.setattr("qa.service.make_embedder", lambda config: HashEmbedder())

    def go(*args):
        monkeypatch.setattr(sys, "argv", ["qa", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return go




@pytest.fixture(scope="session")
def seed_briefings():
    """Each seed read and briefed (without an overview): name → (document, briefing)."""
    from qa.brief import build_briefing
    from qa.documents import read_document

    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        d = read_document(p)
        out[p.name] = (d, build_briefing(p.name, d.text, d.sha256, d.metadata))
    return out
