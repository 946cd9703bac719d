import pytest

from qa.documents import decode, discover, read_document
from qa.errors import DocumentError
from qa.metadata import extract_metadata

TEXT = "2019年重庆市綦江区政府工作报告\r\n各位代表：\r\n地区生产总值实现414.6亿元、增长6.9%。\u00a0全年\u3000完成。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk"])
def test_decode_round_trips_common_chinese_encodings(encoding):
    source = TEXT if encoding != "gbk" else TEXT.replace("\u00a0", " ")  # GBK has no NBSP
    text, enc = decode(source.encode(encoding))
    assert text == source
    assert enc == ("utf-8" if encoding == "utf-8" else "gb18030")


def test_utf8_bom_is_kept_so_offsets_match_the_plain_decode():
    raw = "\ufeff".encode() + TEXT.encode()
    text, enc = decode(raw)
    assert enc == "utf-8-sig"
    assert text == raw.decode("utf-8") and text[0] == "\ufeff"


def test_utf16_with_bom_decodes():
    text, enc = decode(TEXT.encode("utf-16"))
    assert text == TEXT and enc == "utf-16"


def test_crlf_is_not_translated():
    text, _ = decode(TEXT.encode())
    assert "\r\n" in text


@pytest.mark.parametrize("raw", [b"%PDF-1.4\n\x00\x01\x02binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4])
def test_binary_is_refused_with_the_file_named(raw):
    with pytest.raises(DocumentError, match="report.txt"):
        decode(raw, "report.txt")


def test_latin1_garbage_is_not_silently_read_as_chinese():
    raw = "Ça coûte très cher, voilà. ".encode("latin-1") * 20
    with pytest.raises(DocumentError):
        decode(raw, "x.txt")


def test_empty_file_is_an_error_naming_it(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"   \n\t ")
    with pytest.raises(DocumentError, match="empty.txt"):
        read_document(p)


def test_discover_recurses_skips_other_suffixes_and_survives_a_symlink_loop(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r1.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "a" / "r2.md").write_text("二。", encoding="utf-8")
    (tmp_path / "a" / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    found = discover([tmp_path])
    assert [n for _, n in found.files] == ["a/r1.txt", "a/r2.md"]
    assert any("loop" in s for s in found.skipped)


# What each seed's front matter says, pinned.
SEED_META = {
    "000_4bada5999176aa19.txt": dict(district="大渡口区", city="重庆市", report_year=2018, review_year=2017, speaker="姚斌",
                                     speaker_title="区长", meeting="重庆市大渡口区第十三届人民代表大会第二次会议", date=None),
    "001_007744f024dd1767.txt": dict(district="綦江区", city="重庆市", report_year=2019, review_year=2018, speaker="姜天波",
                                     speaker_title="区长", meeting="重庆市綦江区第二届人民代表大会第四次会议", date="2019-01-09"),
    "002_404f361b20648346.txt": dict(district="九龙坡区", city=None, report_year=2018, review_year=2017, speaker="刘小强",
                                     speaker_title="区长", meeting="九龙坡区第十八届人民代表大会第二次会议", date="2018-01-12"),
    "003_bf58757498efd4fd.txt": dict(district="大渡口区", city="重庆市", report_year=2022, review_year=2021, speaker="张国智",
                                     speaker_title="区长", meeting="大渡口区第十四届人民代表大会第一次会议", date="2022-01-09"),
    "004_30cc81fc5e8fc886.txt": dict(district="渝中区", city="重庆市", report_year=2019, review_year=2018, speaker="商奎",
                                     speaker_title="区长", meeting="渝中区第十八届人民代表大会第四次会议", date="2019-01-13"),
}


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata(seeds, name):
    doc = read_document(seeds / name)
    meta = dict(doc.metadata)
    spans = meta.pop("spans")
    assert {k: meta[k] for k in SEED_META[name]} == SEED_META[name]
    assert meta["place"] == meta["district"] and meta["level"] == "district" and meta["parent"] == meta["city"]
    # Every span points at text that says what was extracted.
    s, e = spans["speaker"]
    assert doc.text[s:e].endswith(meta["speaker"]) and "区长" in doc.text[s:e]
    s, e = spans["meeting"]
    assert "".join(doc.text[s:e].split()) == meta["meeting"]
    if meta["date"]:
        s, e = spans["date"]
        y, m, d = meta["date"].split("-")
        assert doc.text[s:e] == f"{int(y)}年{int(m)}月{int(d)}日"


def test_metadata_of_a_report_without_front_matter_is_empty_not_wrong():
    meta = extract_metadata("今年我们做了很多工作。地区生产总值增长5%。")
    assert meta["district"] is None and meta["speaker"] is None and meta["date"] is None
