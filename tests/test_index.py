import json
import shutil

import pytest

from fakes import HashEmbedder
from qa.errors import DocumentError, IndexStateError
from qa.store import build_index, load_index


def corpus(tmp_path, seeds, names=None):
    d = tmp_path / "corpus"
    d.mkdir()
    for p in sorted(seeds.glob("*.txt")):
        if names is None or p.name in names:
            shutil.copy(p, d / p.name)
    return d


def test_build_then_load_round_trips_every_chunk(tmp_path, seeds):
    src = corpus(tmp_path, seeds)
    emb = HashEmbedder()
    rep = build_index([src], tmp_path / "idx", emb)
    assert rep.docs == 5 and rep.chunks > 100 and rep.embedded_chunks == rep.chunks
    idx = load_index(tmp_path / "idx", emb.name)
    assert len(idx.chunks) == rep.chunks
    for c in idx.chunks:
        text, state = idx.source_text(c.doc)
        assert state == "ok" and text[c.start:c.end] == c.text
    assert idx.docs["001_007744f024dd1767.txt"].metadata["speaker"] == "姜天波"
    assert idx.faiss().ntotal == rep.chunks


def test_reindex_embeds_only_new_or_changed_files_and_drops_removed(tmp_path, seeds):
    src = corpus(tmp_path, seeds)
    emb = HashEmbedder()
    first = build_index([src], tmp_path / "idx", emb)
    again = build_index([src], tmp_path / "idx", emb)
    assert again.embedded_chunks == 0 and len(again.unchanged) == 5

    p = src / "000_4bada5999176aa19.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\n补充一句新内容。\n", encoding="utf-8")
    (src / "004_30cc81fc5e8fc886.txt").unlink()
    rep = build_index([src], tmp_path / "idx", emb)
    assert rep.changed == ["000_4bada5999176aa19.txt"] and rep.removed == ["004_30cc81fc5e8fc886.txt"]
    idx = load_index(tmp_path / "idx", emb.name)
    n000 = sum(1 for c in idx.chunks if c.doc == "000_4bada5999176aa19.txt")
    assert rep.embedded_chunks == n000
    assert not any(c.doc.startswith("004") for c in idx.chunks)
    assert any("补充一句新内容" in c.text for c in idx.chunks)
    # Reused vectors are the ones the embedder would give.
    import numpy as np
    v = idx.vectors()
    from qa.store import index_text
    fresh = emb.embed([index_text(c) for c in idx.chunks])
    assert np.allclose(v, fresh, atol=1e-6)
    # What a search sees: the added sentence at its exact place, nothing of the deleted report.
    from qa.retrieve import Searcher

    assert rep.docs == 4 and rep.chunks == len(idx.chunks)
    searcher = Searcher(idx, emb)
    top = searcher.search("补充一句新内容", k=3).hits[0].chunk
    text, state = idx.source_text(top.doc)
    assert top.doc == "000_4bada5999176aa19.txt" and state == "ok" and "补充一句新内容" in text[top.start:top.end]
    hits = searcher.search("城镇新增就业", k=10).hits
    assert hits and not any(h.chunk.doc.startswith("004") for h in hits)


def test_reindex_reads_only_files_whose_size_or_mtime_changed(tmp_path, seeds, monkeypatch):
    import os

    import qa.store

    src = corpus(tmp_path, seeds)
    hour_ago = int((__import__("time").time() - 3600) * 1e9)
    for p in src.iterdir():
        os.utime(p, ns=(hour_ago, hour_ago))
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    real_read = qa.store.read_document
    read: list[str] = []
    monkeypatch.setattr(qa.store, "read_document", lambda path, name=None, max_mb=None: read.append(name) or real_read(path, name, max_mb))
    again = build_index([src], tmp_path / "idx", emb)
    assert read == [] and len(again.unchanged) == 5 and again.embedded_chunks == 0

    p = src / "002_404f361b20648346.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    rep = build_index([src], tmp_path / "idx", emb)
    assert read == ["002_404f361b20648346.txt"] and rep.changed == ["002_404f361b20648346.txt"]
    idx = load_index(tmp_path / "idx", emb.name)
    assert idx.docs["000_4bada5999176aa19.txt"].sha256 == qa.store.sha256_bytes((src / "000_4bada5999176aa19.txt").read_bytes())


def test_an_edit_that_keeps_size_and_mtime_right_after_indexing_is_still_seen(tmp_path, seeds):
    """A file written again within the same timestamp tick keeps its mtime: it is re-read, not trusted."""
    import os

    src = corpus(tmp_path, seeds, names={"000_4bada5999176aa19.txt"})
    p = src / "000_4bada5999176aa19.txt"
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    st = p.stat()
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("190亿元", "191亿元", 1), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size and p.stat().st_mtime_ns == st.st_mtime_ns
    rep = build_index([src], tmp_path / "idx", emb)
    assert rep.changed == ["000_4bada5999176aa19.txt"]
    assert any("191亿元" in c.text for c in load_index(tmp_path / "idx", emb.name).chunks)


class Boom(RuntimeError):
    pass


def test_a_build_that_fails_part_way_leaves_the_previous_index_usable(tmp_path, seeds, monkeypatch):
    src = corpus(tmp_path, seeds)
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    before = load_index(tmp_path / "idx", emb.name)
    (src / "extra.txt").write_text("新增报告。地区生产总值增长9%。", encoding="utf-8")

    import qa.store as store

    def fail(*a, **k):
        raise Boom("disk full")

    monkeypatch.setattr(store.LexicalIndex, "save", fail)
    with pytest.raises(Boom):
        build_index([src], tmp_path / "idx", emb)
    after = load_index(tmp_path / "idx", emb.name)
    assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
    assert not [p for p in (tmp_path / "idx" / "builds").iterdir() if p.name.startswith(".tmp")]


def test_an_index_built_by_another_embedder_is_a_clear_error(tmp_path, seeds):
    src = corpus(tmp_path, seeds, {"000_4bada5999176aa19.txt"})
    build_index([src], tmp_path / "idx", HashEmbedder(name="fake:a"))
    with pytest.raises(IndexStateError, match="rebuild"):
        load_index(tmp_path / "idx", "fake:b")
    # Indexing with the new embedder rebuilds instead of failing.
    rep = build_index([src], tmp_path / "idx", HashEmbedder(name="fake:b"))
    assert rep.embedded_chunks == rep.chunks


def test_an_index_of_another_format_is_a_clear_error(tmp_path, seeds):
    src = corpus(tmp_path, seeds, {"000_4bada5999176aa19.txt"})
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    idx = load_index(tmp_path / "idx", emb.name)
    m = json.loads((idx.build / "manifest.json").read_text())
    m["format"] = 999
    (idx.build / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexStateError, match="qa index --rebuild"):
        load_index(tmp_path / "idx", emb.name)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexStateError, match="qa index"):
        load_index(tmp_path / "nothing", "x")


def test_a_folder_without_reports_changes_nothing(tmp_path, seeds):
    src = corpus(tmp_path, seeds, {"000_4bada5999176aa19.txt"})
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DocumentError, match="left as it was"):
        build_index([empty], tmp_path / "idx", emb)
    assert len(load_index(tmp_path / "idx", emb.name).docs) == 1


def test_unreadable_files_are_skipped_and_named(tmp_path, seeds):
    src = corpus(tmp_path, seeds, {"000_4bada5999176aa19.txt"})
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    rep = build_index([src], tmp_path / "idx", HashEmbedder())
    assert rep.docs == 1 and any("bad.txt" in s for s in rep.skipped)


@pytest.mark.parametrize("merge_limit", [200_000, 0], ids=["insert", "sort"])
def test_an_incremental_lexical_index_equals_a_fresh_one(tmp_path, seeds, monkeypatch, merge_limit):
    import numpy as np

    monkeypatch.setattr("qa.lexical._MERGE_LIMIT", merge_limit)

    from qa.lexical import LexicalIndex
    from qa.store import index_text

    src = corpus(tmp_path, seeds)
    emb = HashEmbedder()
    build_index([src], tmp_path / "idx", emb)
    p = src / "003_bf58757498efd4fd.txt"
    p.write_text(p.read_text(encoding="utf-8").replace("长江文化艺术湾区", "嘉陵江音乐半岛新区"), encoding="utf-8")
    (src / "000_4bada5999176aa19.txt").unlink()
    build_index([src], tmp_path / "idx", emb)
    inc = load_index(tmp_path / "idx", emb.name)
    fresh = LexicalIndex.build([index_text(c) for c in inc.chunks])
    for q in (["嘉陵", "音乐", "半岛"], ["地区", "生产", "总值"], ["长江", "文化"], ["不存", "在的"]):
        assert np.allclose(inc.lexical.score(q), fresh.score(q), atol=1e-5)
    assert inc.lexical.idf("嘉陵") == fresh.idf("嘉陵")
    # Every term holds the same chunks with the same counts, whatever its id.
    lex = inc.lexical
    for term, tid in fresh.vocab.items():
        a = lex.vocab[term]
        mine = lex.postings[lex.offsets[a]:lex.offsets[a + 1]].tolist(), lex.tfs[lex.offsets[a]:lex.offsets[a + 1]].tolist()
        theirs = fresh.postings[fresh.offsets[tid]:fresh.offsets[tid + 1]].tolist(), fresh.tfs[fresh.offsets[tid]:fresh.offsets[tid + 1]].tolist()
        assert mine == theirs, term
    assert sum(lex.offsets[lex.vocab[t] + 1] - lex.offsets[lex.vocab[t]] for t in lex.terms) == len(fresh.postings)
