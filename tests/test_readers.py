"""Reports as published (DOCX, PDF, HTML): the same answers as from text, cited exactly to the
stored extracted text and to the page or paragraph; bad files one clear line each. The files are
built here from the seeds (tests/makefiles.py); the 21 provincial DOCX are read where present."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import ROOT, SEEDS
from fakes import HashEmbedder
from makefiles import HEADER, make_docx, make_html, make_pdf, make_scanned_pdf, paragraphs
from qa.documents import read_document
from qa.readers import join_cjk, page_noise
from qa.store import build_index, load_index

SEED = SEEDS / "001_007744f024dd1767.txt"
REPORT = SEED.read_text(encoding="utf-8")
QUESTION = "綦江区2018年工业增加值实现了多少？"
PROVINCES = ROOT.parent / "shared" / "corpus" / "provinces-2025"
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。、；：] +[\u4e00-\u9fff，。、；：]")
MAKERS = {".txt": lambda t, p: p.write_text(t, encoding="utf-8"), ".docx": make_docx, ".pdf": make_pdf, ".html": make_html}


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def one_report(tmp_path, suffix: str, text: str = REPORT) -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    MAKERS[suffix](text, d / ("綦江区2019" + suffix))
    return d


def ask(run, idx, question=QUESTION):
    code, out, err = run("ask", question, "--json", "--no-llm", "--index", str(idx))
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf", ".html"])
def test_the_same_question_gets_the_same_figure_from_every_format_cited_exactly(run, tmp_path, suffix):
    corpus = one_report(tmp_path, suffix)
    code, out, err = run("index", str(corpus), "--index", str(tmp_path / "idx"))
    assert code == 0 and "Indexed 1 reports" in out, err
    rec = ask(run, tmp_path / "idx")
    assert rec["status"] == "answered" and "151.9亿元" in rec["answer"]
    index = load_index(tmp_path / "idx", "fake:hash-bigram")
    name = "綦江区2019" + suffix
    source, state = index.source_text(name)
    assert state == "ok"
    for c in rec["citations"]:
        assert source[c["start"]:c["end"]] == c["text"]
    cite = next(c for c in rec["citations"] if "151.9" in c["text"])
    path = corpus / name
    if suffix == ".pdf":
        from pypdf import PdfReader

        pages = [squash(p.extract_text()) for p in PdfReader(str(path)).pages]
        assert squash(cite["text"])[:12] in pages[cite["page"] - 1]
        assert cite["extractor"].startswith("pypdf ") and cite["text_sha256"]
    elif suffix == ".docx":
        import docx

        assert cite["text"][:12] in docx.Document(str(path)).paragraphs[cite["paragraph"] - 1].text
        assert "page" not in cite
    else:
        assert "page" not in cite and "paragraph" not in cite
    # The figure is the same whichever format it came from.
    assert re.findall(r"151\.9亿元", rec["answer"])
    code, out, err = run("ask", QUESTION, "--no-llm", "--index", str(tmp_path / "idx"))
    where = {".pdf": f"{name} p.{cite.get('page')}", ".docx": f"{name} ¶{cite.get('paragraph')}"}.get(suffix, f"{name}:")
    assert where in out


def test_metadata_is_read_from_the_extracted_text(tmp_path):
    want = read_document(SEED).metadata
    for suffix in (".docx", ".pdf", ".html"):
        doc = read_document(one_report(tmp_path, suffix) / ("綦江区2019" + suffix))
        got = {k: v for k, v in doc.metadata.items() if k != "spans"}
        assert got == {k: v for k, v in want.items() if k != "spans"}, suffix


def test_docx_tables_are_text_in_reading_order_and_paragraphs_are_numbered(tmp_path):
    table = [["指标", "2018年", "增长"], ["地区生产总值", "414.6亿元", "6.9%"], ["工业增加值", "151.9亿元", "7.2%"]]
    path = make_docx(REPORT, tmp_path / "r.docx", table=table, table_after=3)
    doc = read_document(path)
    lines = doc.text.split("\n")
    paras = paragraphs(REPORT)
    assert lines[:3] == paras[:3]
    assert lines[3:6] == ["\t".join(row) for row in table]
    assert lines[6] == paras[3]
    assert len(doc.starts) == len(lines)
    at = doc.text.index("地区生产总值\t414.6亿元")
    from qa.readers import unit_number

    assert unit_number(doc.starts, at) == 5 and doc.unit == "paragraph" and doc.extractor.startswith("python-docx ")


@pytest.mark.parametrize("style", ["— {n} —", "-{n}-", "{n}", "第{n}页"])
def test_pdf_running_headers_and_page_numbers_are_noise_not_chunks(tmp_path, style):
    path = make_pdf(REPORT, tmp_path / "r.pdf", page_style=style)
    doc = read_document(path)
    pages = len(doc.starts)
    assert pages > 3 and doc.unit == "page"
    noise = [doc.text[s:e] for s, e in doc.noise]
    assert noise.count(HEADER) == pages
    numbers = [t for t in noise if t != HEADER]
    assert [int(re.sub(r"\D", "", t)) for t in numbers] == list(range(1, pages + 1))
    from qa.chunking import chunk_document

    chunks = chunk_document("r.pdf", doc.text, noise=doc.noise)
    assert chunks and all(c.text != HEADER and not re.fullmatch(r"[\-—\s第页\d]+", c.text) for c in chunks)
    assert all(doc.text[c.start:c.end] == c.text for c in chunks)
    # Every line of the report is in the text once the noise is left out, and no space was invented
    # between Chinese characters.
    kept, pos = [], 0
    for s, e in doc.noise:
        kept.append(doc.text[pos:s])
        pos = e
    flat = squash("".join(kept) + doc.text[pos:])
    assert all(squash(p) in flat for p in paragraphs(REPORT))
    assert not CJK_SPACE.search(doc.text)


def test_pdf_line_breaks_are_kept_and_spaces_between_chinese_dropped():
    assert join_cjk("增长 7.2% ， 实现 \n30.2\n亿元") == "增长7.2%，实现\n30.2\n亿元"
    assert join_cjk("GDP grew by 5 percent") == "GDP grew by 5 percent"
    text = "页眉\n正文一。\n3\n页眉\n正文二。\n4"
    assert [text[s:e] for s, e in page_noise(text, [0, 10])] == ["页眉", "3", "页眉", "4"]


def test_html_chrome_is_left_out(tmp_path):
    doc = read_document(make_html(REPORT, tmp_path / "r.html"))
    for chrome in ("首页", "当前位置", "分享到", "微博", "主办单位", "ICP", "统计代码", "热点专题", "尾部脚本", "字体", "_hmt"):
        assert chrome not in doc.text, chrome
    # The report's paragraphs as written (its <h1> is not repeated: the first line holds it).
    assert doc.text.split("\n") == paragraphs(REPORT)


def test_html_in_gbk_with_a_declared_charset(tmp_path):
    p = make_html(REPORT, tmp_path / "r.html")
    page = p.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"').replace("<meta charset=\"utf-8\">", "<meta charset=\"gb2312\">")
    p.write_bytes(page.encode("gbk", errors="replace"))
    assert "工业增加值实现151.9亿元" in read_document(p).text


# --- bad files: one line each, the rest indexed ----------------------------------------------

def _encrypted(path: Path, user: str) -> None:
    from pypdf import PdfReader, PdfWriter

    src = make_pdf(REPORT, path.with_name("plain.tmp"))
    w = PdfWriter()
    for page in PdfReader(str(src)).pages:
        w.add_page(page)
    w.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128")
    with open(path, "wb") as fh:
        w.write(fh)
    src.unlink()


def _huge(path: Path) -> None:
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 1024 * 1024)  # sparse: over the limit before a byte is read


BAD = {
    "locked.pdf": (lambda p: _encrypted(p, "secret"), "is encrypted with a password"),
    "scan.pdf": (make_scanned_pdf, "has no text layer; run OCR first"),
    "broken.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "cannot be read as PDF"),
    "corrupt.docx": (lambda p: p.write_bytes(b"this is not a zip archive at all"), "is not a valid DOCX"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), "libreoffice --headless --convert-to docx"),
    "old.wps": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), "libreoffice --headless --convert-to docx"),
    "renamed.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), "libreoffice --headless --convert-to docx"),
    "nav.html": (lambda p: p.write_text(make_html("", p).read_text(encoding="utf-8"), encoding="utf-8"), "has no main text"),
    "huge.pdf": (_huge, "--max-mb"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_one_clear_line_and_the_rest_is_indexed(run, tmp_path, name):
    corpus = one_report(tmp_path, ".txt")
    make, needle = BAD[name]
    make(corpus / name)
    code, out, err = run("index", str(corpus), "--index", str(tmp_path / "idx"))
    assert code == 0 and "Indexed 1 reports" in out, err
    lines = [line for line in err.splitlines() if name in line]
    assert len(lines) == 1 and needle in lines[0], err
    assert "Traceback" not in err


def test_a_pdf_encrypted_without_a_user_password_is_read(tmp_path):
    p = tmp_path / "copy-protected.pdf"
    _encrypted(p, "")
    assert "工业增加值实现151.9亿元" in read_document(p).text


# --- the stored text, re-indexing and verification ----------------------------------------

def test_stored_text_serves_spans_until_the_original_changes(tmp_path):
    corpus = one_report(tmp_path, ".pdf")
    emb = HashEmbedder()
    build_index([corpus], tmp_path / "idx", emb)
    index = load_index(tmp_path / "idx", emb.name)
    name = "綦江区2019.pdf"
    text, state = index.source_text(name)
    assert state == "ok" and text == read_document(corpus / name).text
    assert all(text[c.start:c.end] == c.text for c in index.chunks)
    assert index.docs[name].extractor.startswith("pypdf ") and index.docs[name].sha256
    # Unchanged: nothing read again or embedded; another extractor version re-reads the file but
    # keeps the chunks when the text is the same.
    rep = build_index([corpus], tmp_path / "idx", emb)
    assert rep.unchanged == [name] and rep.embedded_chunks == 0
    make_pdf(REPORT.replace("151.9", "161.9"), corpus / name)
    assert load_index(tmp_path / "idx", emb.name).source_text(name) == (None, "changed")


def test_a_new_extractor_version_reads_again_and_keeps_identical_text(tmp_path, monkeypatch):
    corpus = one_report(tmp_path, ".docx")
    emb = HashEmbedder()
    build_index([corpus], tmp_path / "idx", emb)
    import qa.store

    monkeypatch.setattr(qa.store, "extractor_name", lambda kind: "python-docx 99.0")
    rep = build_index([corpus], tmp_path / "idx", emb)
    assert rep.unchanged == ["綦江区2019.docx"] and rep.embedded_chunks == 0


def test_a_damaged_text_store_says_rebuild(tmp_path):
    from qa.errors import IndexStateError

    corpus = one_report(tmp_path, ".html")
    emb = HashEmbedder()
    build_index([corpus], tmp_path / "idx", emb)
    build = load_index(tmp_path / "idx", emb.name).build
    store = build / "texts.jsonl"
    store.write_text(store.read_text(encoding="utf-8").replace("151.9", "999.9"), encoding="utf-8")
    with pytest.raises(IndexStateError, match="qa index --rebuild"):
        load_index(tmp_path / "idx", emb.name).source_text("綦江区2019.html")


def test_verify_reports_changed_bytes_and_re_extracted_text(run, tmp_path, monkeypatch):
    corpus = one_report(tmp_path, ".docx")
    run("index", str(corpus), "--index", str(tmp_path / "idx"))
    rec = ask(run, tmp_path / "idx")
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run("verify", str(answers), "--json")
    assert code == 0 and {r["status"] for r in json.loads(out)} == {"ok"}
    # The same bytes read by another version of the library that puts out other text.
    import qa.readers

    real = qa.readers.read_docx

    def other(raw, path):
        ex = real(raw, path)
        return qa.readers.Extracted(text="封面\n" + ex.text, extractor="python-docx 99.0", starts=ex.starts)

    monkeypatch.setattr(qa.readers, "read_docx", other)
    code, out, err = run("verify", str(answers))
    assert code == 1 and "re-extracted" in out
    monkeypatch.setattr(qa.readers, "read_docx", real)
    make_docx(REPORT.replace("151.9", "161.9"), corpus / "綦江区2019.docx")
    code, out, err = run("verify", str(answers), "--json")
    assert code == 1 and {r["status"] for r in json.loads(out)} == {"changed"}


# --- the 21 provincial reports -----------------------------------------------------------------

def test_the_21_provincial_docx_reports_are_indexed_and_cited_exactly(run, tmp_path):
    if not PROVINCES.is_dir():
        pytest.skip(f"{PROVINCES} is absent; the provincial DOCX reports are not on this machine")
    files = sorted(PROVINCES.glob("*.docx"))
    assert len(files) == 21
    code, out, err = run("index", str(PROVINCES), "--index", str(tmp_path / "idx"))
    assert code == 0 and "Indexed 21 reports" in out and not err.strip(), err
    index = load_index(tmp_path / "idx", "fake:hash-bigram")
    assert len(index.docs) == 21 and all(i.kind == "docx" and i.starts for i in index.docs.values())
    for name in index.docs:
        text, state = index.source_text(name)
        assert state == "ok" and text == read_document(PROVINCES / name).text
    for c in index.chunks:
        text, _ = index.source_text(c.doc)
        assert text[c.start:c.end] == c.text
    rec = ask(run, tmp_path / "idx", "2024年浙江省地区生产总值增长多少？")
    assert rec["status"] == "answered" and rec["citations"] and "5.5%" in rec["answer"]
    # The report gives the growth only, not the level: a level asked is not answered by the change.
    assert ask(run, tmp_path / "idx", "2024年浙江省地区生产总值是多少？")["status"] == "not_found"
    for c in rec["citations"]:
        text, _ = index.source_text(c["doc"])
        assert text[c["start"]:c["end"]] == c["text"] and c["paragraph"] >= 1


def test_an_html_title_outside_the_article_comes_first(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in paragraphs(REPORT)[1:])
    page = (f"<html><body><nav><a>首页</a></nav><h1>{paragraphs(REPORT)[0]}</h1><div class='share'>分享到：微信</div>"
            f"<div id='content'><div class='info'>【字体：大 中 小】【打印】</div>{body}</div><footer>主办单位：某省政府</footer></body></html>")
    p = tmp_path / "r.htm"
    p.write_text(page, encoding="utf-8")
    assert read_document(p).text.split("\n") == paragraphs(REPORT)





@given(st.text(alphabet=st.sampled_from(list("增长工业 \n7.2%，亿元abc-")), max_size=80))
def test_joining_chinese_only_ever_drops_spaces(text):
    out = join_cjk(text)
    assert out.replace(" ", "") == text.replace(" ", "") and out.count("\n") == text.count("\n")
