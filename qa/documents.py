"""Reading reports: bytes → exactly decoded text, a sha256 of the bytes, and metadata.

Offsets everywhere in qa are Python string indices into a report's text. For .txt/.md that is
the text returned by `decode`, which keeps every character of the file (newlines untranslated, a
UTF-8 BOM kept as U+FEFF) so that `decode(raw)[start:end]` is what a citation quotes. For DOCX,
PDF and HTML it is the text the reader extracted (qa/readers.py), which the index stores.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError
from .readers import KINDS, OLD_FORMATS, UNITS, extract, kind_of, old_format_message

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = TEXT_SUFFIXES + tuple(KINDS)

# Encodings are tried in this order; each must decode the whole file strictly.
_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass(frozen=True)
class Document:
    path: Path
    name: str  # the citation name: path relative to the indexed root, '/'-separated
    text: str
    sha256: str
    encoding: str  # of a text file; for other formats their kind ('docx', 'pdf', 'html')
    metadata: dict = field(default_factory=dict, compare=False)
    kind: str = "text"  # 'text', 'docx', 'pdf' or 'html'
    extractor: str | None = None  # library and version that extracted the text (None for text files)
    # Where page (PDF) or paragraph (DOCX) 1, 2, … starts in `text`; [] when the format has none.
    starts: list[int] = field(default_factory=list, compare=False)
    # Ranges of `text` that are not evidence: a PDF's running headers, footers and page numbers.
    noise: list[tuple[int, int]] = field(default_factory=list, compare=False)

    @property
    def unit(self) -> str | None:
        """'page' or 'paragraph': what `starts` counts."""
        return UNITS.get(self.kind)


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _looks_like_text(text: str) -> bool:
    """True when decoded text reads as prose: few control characters, no private-use runs."""
    if not text:
        return True
    bad = 0
    for ch in text:
        if ch in "\r\n\t\f\v\ufeff":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Co", "Cs", "Cn"):
            bad += 1
    return bad <= max(2, len(text) // 1000)


def _plausible_gb(text: str) -> bool:
    """GB18030 accepts many byte strings; demand that what it yields is mostly common CJK."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return True
    common = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return common / len(non_ascii) >= 0.9


def decode(raw: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding); raise DocumentError when unsure.

    >>> decode("年".encode("gb18030"))
    ('年', 'gb18030')
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason}); re-save it as UTF-8.") from None
            if _looks_like_text(text):
                return text, enc
            raise DocumentError(f"{name}: decodes as UTF-16 but holds control characters; it does not look like a text report.")
    if b"\x00" in raw:
        raise DocumentError(f"{name}: contains NUL bytes, so it is binary (a PDF, image or UTF-16 without a byte-order mark?), not a text report; convert it to UTF-8 text.")
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8-sig" if text.startswith("\ufeff") else "utf-8"
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError:
            raise DocumentError(f"{name}: is neither UTF-8 nor GB18030/GBK text; re-save it as UTF-8.") from None
        if not _plausible_gb(text):
            raise DocumentError(f"{name}: is not UTF-8, and read as GB18030 it is not Chinese text; re-save it as UTF-8.")
    if not _looks_like_text(text):
        raise DocumentError(f"{name}: holds control characters, so it does not look like a text report; convert it to UTF-8 text.")
    return text, encoding


# A government work report is tens of kilobytes; a file far larger is a concatenation or a
# mistake, and would take hours to embed. Larger files are skipped unless the limit is raised.
MAX_MB = float(os.environ.get("QA_MAX_MB", "10"))


def read_document(path: Path, name: str | None = None, max_mb: float | None = None) -> Document:
    """Read one report file; DocumentError names the file when it cannot be used."""
    from .metadata import extract_metadata

    label = name or path.name
    limit = MAX_MB if max_mb is None else max_mb
    try:
        size = path.stat().st_size
        if size > limit * 1e6:
            raise DocumentError(f"{path}: {size / 1e6:.1f} MB is over the {limit:g} MB limit for one report; split it into reports, or raise the limit with --max-mb.")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc}); check that the file exists and is readable.") from None
    kind = kind_of(path.suffix)
    if kind == "text":
        text, encoding = decode(raw, str(path))
        extracted = None
    else:
        if not raw.strip():
            raise DocumentError(f"{path}: is empty; nothing to index.")
        extracted = extract(raw, kind, str(path))
        text, encoding = extracted.text, kind
    if not text.strip():
        raise DocumentError(f"{path}: is empty; nothing to index.")
    if len(text) > limit * 1e6:
        raise DocumentError(f"{path}: holds {len(text) / 1e6:.1f} million characters of text, over the {limit:g} MB limit for one report; split it, or raise the limit with --max-mb.")
    doc = Document(path=path, name=label, text=text, sha256=sha256_bytes(raw), encoding=encoding, metadata=extract_metadata(text))
    if extracted is None:
        return doc
    return Document(path=path, name=label, text=text, sha256=doc.sha256, encoding=encoding, metadata=doc.metadata, kind=kind,
                    extractor=extracted.extractor, starts=list(extracted.starts), noise=list(extracted.noise))


_NAMES = "/".join(SUFFIXES)


@dataclass
class Discovery:
    files: list[tuple[Path, str]]  # (path, citation name)
    skipped: list[str]  # human-readable reasons, one per file or folder passed over


def discover(paths: list[Path]) -> Discovery:
    """Find report files under the given files and folders, recursively, following no loops.

    Names are relative to the folder given (a bare file keeps its own name), so citations stay
    short and the same whatever the current directory.
    """
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_names: dict[str, Path] = {}

    def add(p: Path, name: str) -> None:
        if name in seen_names and seen_names[name] != p:
            skipped.append(f"{p}: same name '{name}' as {seen_names[name]}; skipped (index them separately or rename).")
            return
        if name not in seen_names:
            seen_names[name] = p
            files.append((p, name))

    for root in paths:
        root = Path(root)
        if not root.exists():
            raise DocumentError(f"{root}: no such file or folder; give a report file or a folder of reports ({_NAMES}).")
        if root.is_file():
            if root.suffix.lower() in SUFFIXES:
                add(root.resolve(), root.name)
            elif root.suffix.lower() in OLD_FORMATS:
                skipped.append(old_format_message(str(root), root.suffix) + "; skipped.")
            else:
                skipped.append(f"{root}: not a report file ({_NAMES}); skipped.")
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: skipped.append(f"{e.filename}: cannot be listed ({e.strerror}); skipped.")):
            try:
                st = os.stat(dirpath)
            except OSError:
                dirnames[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                skipped.append(f"{dirpath}: a folder already visited (a symbolic link loop?); skipped.")
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in sorted(filenames):
                p = Path(dirpath) / fn
                # '~$report.docx' is the lock file Word keeps beside a document it has open.
                if fn.startswith((".", "~$")):
                    continue
                if p.suffix.lower() in OLD_FORMATS and p.is_file():
                    skipped.append(old_format_message(str(p), p.suffix) + "; skipped.")
                    continue
                if p.suffix.lower() not in SUFFIXES:
                    continue
                if not p.is_file():
                    skipped.append(f"{p}: a broken link or not a regular file; skipped.")
                    continue
                add(p.resolve(), p.relative_to(root).as_posix())
    files.sort(key=lambda t: t[1])
    return Discovery(files=files, skipped=skipped)
