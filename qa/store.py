"""The on-disk index: chunks, vectors, FAISS and lexical indexes and a manifest, written atomically.

Layout of an index folder:
    CURRENT                 name of the live build (replaced atomically, last step of a build)
    builds/<id>/manifest.json, chunks.jsonl, dense.faiss (the vectors, exact), lexical.npz,
                texts.jsonl (the extracted text of every DOCX/PDF/HTML report: what its spans slice)
    .lock                   held while a build runs

A build writes a new builds/<id>/ and only then points CURRENT at it, so a build that fails or
is killed part-way leaves the previous index exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .chunking import DEFAULT_PARAMS, Chunk, chunk_document
from .documents import Document, decode, discover, read_document, sha256_bytes
from .errors import DocumentError, IndexStateError, QAError
from .lexical import LexicalIndex
from .readers import UNITS, extractor_name, kind_of, unit_number

FORMAT_VERSION = 2  # 2: metadata gained place, level and parent
TOKENIZER = "cjk-bigram+word-v2"
_FILES = ("manifest.json", "chunks.jsonl", "dense.faiss", "lexical.npz", "texts.jsonl")

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class DocInfo:
    name: str
    path: str
    sha256: str
    encoding: str
    chars: int
    metadata: dict = field(default_factory=dict)
    # The file's size and mtime when it was read, and when that was: a re-index trusts an
    # unchanged (size, mtime) instead of reading the file again (see _unchanged_on_disk).
    size: int | None = None
    mtime_ns: int | None = None
    read_ns: int | None = None
    # A DOCX, PDF or HTML report: its kind, the extractor (library and version) that made the
    # stored text, the text's sha256, where each page/paragraph starts and its noise ranges.
    kind: str = "text"
    extractor: str | None = None
    text_sha256: str | None = None
    starts: list = field(default_factory=list)
    noise: list = field(default_factory=list)


# Fields a plain-text report leaves at their defaults; the manifest omits them then.
_OPTIONAL = {"kind": "text", "extractor": None, "text_sha256": None, "starts": [], "noise": []}


def _text_sha(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


# A file whose mtime lies this close to the moment it was read could be written again within the
# same timestamp tick without its mtime changing ('racy git'); such files are always re-read.
_RACY_NS = 2_000_000_000


def _unchanged_on_disk(prev: "DocInfo | None", path: Path) -> bool:
    """Whether a file is the one the previous build read, judged by stat alone (no read)."""
    if prev is None or prev.size is None or prev.mtime_ns is None or prev.read_ns is None or prev.path != str(path):
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_size == prev.size and st.st_mtime_ns == prev.mtime_ns and prev.mtime_ns + _RACY_NS < prev.read_ns


@dataclass
class BuildReport:
    folder: Path
    docs: int = 0
    chunks: int = 0
    embedded_chunks: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def index_text(chunk: Chunk) -> str:
    """What the search channels see of a chunk: its heading path, then its text."""
    return (chunk.heading_path + "\n" + chunk.text) if chunk.headings else chunk.text


class Index:
    """A loaded index. Heavy parts (FAISS) load on first use."""

    def __init__(self, folder: Path, build: Path, manifest: dict, chunks: list[Chunk], docs: dict[str, DocInfo],
                 lexical: LexicalIndex):
        self.folder = folder
        self.build = build
        self.manifest = manifest
        self.chunks = chunks
        self.docs = docs
        self.lexical = lexical
        self._faiss = None
        self._vectors: np.ndarray | None = None
        self.records: list[bytes] | None = None
        self._texts: dict[str, str] | None = None

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]

    @property
    def dim(self) -> int:
        return int(self.manifest["embedder"]["dim"])

    def vectors(self) -> np.ndarray:
        """Every chunk's vector, read back from the flat FAISS index (which stores them exactly)."""
        if self._vectors is None:
            idx = self.faiss()
            self._vectors = idx.reconstruct_n(0, idx.ntotal) if idx.ntotal else np.zeros((0, self.dim), dtype=np.float32)
        return self._vectors

    def faiss(self):
        if self._faiss is None:
            import faiss

            path = self.build / "dense.faiss"
            try:
                idx = faiss.read_index(str(path))
            except Exception as exc:
                raise IndexStateError(f"index file {path} is unreadable ({str(exc).splitlines()[0][:160]}); run 'qa index --rebuild' to rebuild the index.") from None
            if idx.ntotal != len(self.chunks) or idx.d != self.dim:
                raise IndexStateError(f"index file {path} holds {idx.ntotal} vectors of dimension {idx.d}, expected {len(self.chunks)} of {self.dim}; run 'qa index --rebuild'.")
            self._faiss = idx
        return self._faiss

    def source_text(self, name: str) -> tuple[str | None, str]:
        """The text a report's spans slice and its state: 'ok', 'changed' (the file's sha256
        differs from the index: offsets may no longer hold), 'missing' or 'unreadable'. A text
        file is decoded again; a DOCX, PDF or HTML file's text is the stored extraction, given
        while the original file is unchanged."""
        info = self.docs[name]
        try:
            raw = Path(info.path).read_bytes()
        except FileNotFoundError:
            return None, "missing"
        except OSError:
            return None, "unreadable"
        if sha256_bytes(raw) != info.sha256:
            return None, "changed"
        if info.kind != "text":
            text = self.stored_text(name)
            return (text, "ok") if text is not None else (None, "unreadable")
        try:
            text, _ = decode(raw, info.path)
        except DocumentError:
            return None, "unreadable"
        return text, "ok"

    def stored_text(self, name: str) -> str | None:
        """The extracted text the index keeps for a DOCX, PDF or HTML report (None for text files)."""
        if self._texts is None:
            self._texts = _read_texts(self.build, self.manifest)
        text = self._texts.get(name)
        info = self.docs.get(name)
        if text is not None and info is not None and info.text_sha256 and _text_sha(text) != info.text_sha256:
            raise IndexStateError(f"the stored text of {name} in {self.build / 'texts.jsonl'} does not match the manifest; run 'qa index --rebuild'.")
        return text

    def locate(self, name: str, offset: int) -> dict:
        """Where an offset lies in a report as a reader sees it: {'page': n} in a PDF,
        {'paragraph': n} in a DOCX, {} in a text or HTML file."""
        info = self.docs.get(name)
        unit = UNITS.get(info.kind) if info else None
        n = unit_number(info.starts, offset) if unit else None
        return {unit: n} if n is not None else {}

    def doc_chunk_ids(self) -> dict[str, np.ndarray]:
        ids: dict[str, list[int]] = {}
        for i, c in enumerate(self.chunks):
            ids.setdefault(c.doc, []).append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in ids.items()}


def current_build(folder: Path) -> Path | None:
    pointer = folder / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    build = folder / "builds" / name
    if not name or "/" in name or not build.is_dir():
        raise IndexStateError(f"{pointer} names a build '{name}' that does not exist; run 'qa index --rebuild' to rebuild the index.")
    return build


def exists(folder: Path) -> bool:
    return (folder / "CURRENT").exists()


def load_index(folder: Path, embedder_name: str | None = None) -> Index:
    """Load the live build; a clear error when it is missing, corrupt or made by something else."""
    build = current_build(folder)
    if build is None:
        raise IndexStateError(f"no index in {folder}; run 'qa index' (or 'qa index PATH ...') to build it.")
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise IndexStateError(f"index manifest {build / 'manifest.json'} is unreadable ({exc}); run 'qa index --rebuild'.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexStateError(f"index in {folder} has format {manifest.get('format')!r}, this qa reads format {FORMAT_VERSION}; run 'qa index --rebuild'.")
    emb = manifest.get("embedder") or {}
    if embedder_name is not None and emb.get("name") != embedder_name:
        raise IndexStateError(f"index in {folder} was built with embedder '{emb.get('name')}', but the configured embedder is '{embedder_name}'; run 'qa index --rebuild' to rebuild with it (or switch models.txt back).")
    if manifest.get("tokenizer") != TOKENIZER:
        raise IndexStateError(f"index in {folder} uses lexical tokenizer {manifest.get('tokenizer')!r}, expected {TOKENIZER!r}; run 'qa index --rebuild'.")
    for fn, size in (manifest.get("sizes") or {}).items():
        p = build / fn
        if not p.exists() or p.stat().st_size != size:
            raise IndexStateError(f"index file {p} is missing or truncated; run 'qa index --rebuild'.")
    try:
        raw_chunks = (build / "chunks.jsonl").read_bytes()
        if manifest.get("chunks_sha256") and hashlib.sha256(raw_chunks).hexdigest() != manifest["chunks_sha256"]:
            raise IndexStateError(f"index file {build / 'chunks.jsonl'} was changed after the index was built (its chunk records no longer match); run 'qa index --rebuild'.")
        docs = {d["name"]: DocInfo(**d) for d in manifest["docs"]}
        records = raw_chunks.split(b"\n")[:-1] if raw_chunks else []
        chunks = _read_chunks(raw_chunks.decode("utf-8"))
        lexical = LexicalIndex.load(build)
    except (OSError, KeyError, TypeError, ValueError, UnicodeDecodeError) as exc:
        raise IndexStateError(f"index in {build} is corrupt ({type(exc).__name__}: {str(exc)[:160]}); run 'qa index --rebuild'.") from None
    if lexical.n_docs != len(chunks) or any(c.doc not in docs for c in chunks):
        raise IndexStateError(f"index in {build} is inconsistent (chunk records do not match the lexical index or the file list); run 'qa index --rebuild'.")
    index = Index(folder, build, manifest, chunks, docs, lexical)
    # Each chunk's record as stored, so that a re-index writes kept chunks without encoding them again.
    index.records = records if len(records) == len(chunks) else None
    return index


def _has_stored_text(index: Index, name: str) -> bool:
    try:
        return index.stored_text(name) is not None
    except IndexStateError:
        return False  # a damaged store: the file is read again


def _read_texts(build: Path, manifest: dict) -> dict[str, str]:
    path = build / "texts.jsonl"
    if not path.exists():
        return {}  # an index of text files only, or one made before DOCX/PDF/HTML were read
    try:
        raw = path.read_bytes()
        if manifest.get("texts_sha256") and hashlib.sha256(raw).hexdigest() != manifest["texts_sha256"]:
            raise IndexStateError(f"index file {path} was changed after the index was built; run 'qa index --rebuild'.")
        out = {}
        for line in raw.decode("utf-8").splitlines():
            r = json.loads(line)
            out[r["name"]] = r["text"]
        return out
    except (OSError, KeyError, TypeError, ValueError, UnicodeDecodeError) as exc:
        raise IndexStateError(f"index file {path} is corrupt ({type(exc).__name__}: {str(exc)[:160]}); run 'qa index --rebuild'.") from None


def _read_chunks(data: str) -> list[Chunk]:
    out = []
    for line in data.splitlines():
        r = json.loads(line)
        out.append(Chunk(doc=r["doc"], start=r["start"], end=r["end"], text=r["text"], line=r["line"], headings=tuple(r["headings"])))
    return out


LOCK_TIMEOUT = float(os.environ.get("QA_LOCK_TIMEOUT", "120"))


def build_index(paths: list[Path], folder: Path, embedder, params: dict | None = None, rebuild: bool = False,
                progress: Progress = _no_progress, lock_timeout: float | None = None, max_mb: float | None = None) -> BuildReport:
    """Index the reports under `paths` into `folder`, re-embedding only new or changed files."""
    from filelock import FileLock, Timeout

    lock_timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexStateError(f"cannot create the index folder {folder} ({exc.strerror}); choose another with --index DIR.") from None
    lock = FileLock(str(folder / ".lock"))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        raise IndexStateError(f"another 'qa index' is building {folder} (lock {folder / '.lock'} held for {lock_timeout:.0f} s); wait for it to finish, then try again.") from None
    try:
        return _build_locked(paths, folder, embedder, {**DEFAULT_PARAMS, **(params or {})}, rebuild, progress, max_mb)
    finally:
        lock.release()


class _Preload:
    """The embedder as the build uses it. A sentence-transformers model not loaded yet is
    started in a child process at once (see embed.EmbedWorker), loading on the other core while
    the build reads and tokenizes; any other embedder (loaded already, or a test's fake) is used
    as it is."""

    def __init__(self, embedder):
        from .embed import EmbedWorker, SentenceTransformerEmbedder

        self.embedder = embedder
        self.worker = None
        if isinstance(embedder, SentenceTransformerEmbedder) and not embedder.loaded:
            self.worker = EmbedWorker(embedder)

    @property
    def costly(self) -> bool:
        """Whether asking the dimension may mean waiting for a model to load."""
        return self.worker is not None

    @property
    def dim(self) -> int:
        return (self.worker or self.embedder).dim

    def embed(self, texts: list[str]) -> np.ndarray:
        return (self.worker or self.embedder).embed(texts)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


def _build_locked(paths, folder, embedder, params, rebuild, progress, max_mb=None) -> BuildReport:
    t0 = time.perf_counter()
    preload = _Preload(embedder)
    try:
        return _build_with(paths, folder, embedder, preload, params, rebuild, progress, max_mb, t0)
    finally:
        preload.close()


def _previous(folder: Path, embedder, params: dict, rebuild: bool) -> Index | None:
    """The index a re-index may reuse: None on --rebuild, for another chunker, or when unusable
    (then everything is re-embedded and the old build stays until the switch)."""
    if rebuild or not exists(folder):
        return None
    try:
        old = load_index(folder, embedder.name)
    except QAError:
        return None
    return old if old.manifest.get("chunker") == params else None


def _read_reports(found, old: Index | None, max_mb, report: BuildReport, progress) -> tuple[list, dict[str, tuple[int, int, int]]]:
    """Per file: the previous build's record when stat says the file is unchanged, else the file
    read now; with (size, mtime_ns, read_ns) of each file read now."""
    docs: list[Document | DocInfo] = []
    read_info: dict[str, tuple[int, int, int]] = {}
    for i, (path, name) in enumerate(found.files):
        progress("read", i, len(found.files))
        prev = old.docs.get(name) if old else None
        # A stored extraction is kept while the file and the extractor are the ones that made it.
        if _unchanged_on_disk(prev, path) and prev.extractor == extractor_name(kind_of(path.suffix)) and (
                prev.kind == "text" or _has_stored_text(old, name)):
            docs.append(prev)
            continue
        try:
            st = path.stat()
            read_ns = time.time_ns()
            doc = read_document(path, name, max_mb)
        except DocumentError as exc:
            report.skipped.append(str(exc))
            continue
        except OSError as exc:
            report.skipped.append(f"{path}: cannot be read ({exc.strerror or exc}); check that the file exists and is readable.")
            continue
        docs.append(doc)
        read_info[name] = (st.st_size, st.st_mtime_ns, read_ns)
    progress("read", len(found.files), len(found.files))
    return docs, read_info


@dataclass
class _Plan:
    """What the new build holds: its chunks, for each the old vector row to keep (or -1 to
    embed), the reports' records, and the extracted texts to store."""

    chunks: list[Chunk]
    reuse_rows: list[int]
    infos: list[DocInfo]
    texts: list[tuple[str, str]]


def _plan(docs: list, old: Index | None, read_info: dict, params: dict, report: BuildReport) -> _Plan:
    """Kept reports keep their chunks and vectors; new and changed ones are chunked now."""
    old_by_doc: dict[str, list[int]] = {}
    if old is not None:
        for cid, c in enumerate(old.chunks):
            old_by_doc.setdefault(c.doc, []).append(cid)
    plan = _Plan([], [], [], [])
    for d in docs:
        prev = old.docs.get(d.name) if old else None
        if isinstance(d, DocInfo):
            plan.infos.append(d)
            if d.kind != "text":
                plan.texts.append((d.name, old.stored_text(d.name)))
        else:
            size, mtime_ns, read_ns = read_info[d.name]
            extracted = d.kind != "text"
            plan.infos.append(DocInfo(name=d.name, path=str(d.path), sha256=d.sha256, encoding=d.encoding, chars=len(d.text),
                                      metadata=d.metadata, size=size, mtime_ns=mtime_ns, read_ns=read_ns, kind=d.kind,
                                      extractor=d.extractor, text_sha256=_text_sha(d.text) if extracted else None,
                                      starts=list(d.starts), noise=[list(r) for r in d.noise]))
            if extracted:
                plan.texts.append((d.name, d.text))
        if prev is not None and prev.sha256 == plan.infos[-1].sha256 and prev.text_sha256 == plan.infos[-1].text_sha256:
            report.unchanged.append(d.name)
            for cid in old_by_doc.get(d.name, []):
                plan.chunks.append(old.chunks[cid])
                plan.reuse_rows.append(cid)
            continue
        (report.changed if prev is not None else report.new).append(d.name)
        for c in chunk_document(d.name, d.text, params, noise=[tuple(r) for r in d.noise]):
            plan.chunks.append(c)
            plan.reuse_rows.append(-1)
    if old is not None:
        current = {d.name for d in docs}
        report.removed = sorted(n for n in old.docs if n not in current)
    return plan


def _build_with(paths, folder, embedder, preload: _Preload, params, rebuild, progress, max_mb, t0) -> BuildReport:
    report = BuildReport(folder=folder)
    found = discover([Path(p) for p in paths])
    report.skipped.extend(found.skipped)
    old = _previous(folder, embedder, params, rebuild)
    docs, read_info = _read_reports(found, old, max_mb, report, progress)
    t1 = time.perf_counter()
    if not docs:
        raise DocumentError("no readable reports (.txt, .md, .docx, .pdf, .html) under " + ", ".join(str(p) for p in paths) + "; the index was left as it was." + (" Skipped: " + " ".join(report.skipped) if report.skipped else ""))
    plan = _plan(docs, old, read_info, params, report)
    chunks, reuse_rows, infos, texts = plan.chunks, plan.reuse_rows, plan.infos, plan.texts

    # Unchanged reports keep their term counts; only new text is tokenized.
    reuse = (old.lexical, reuse_rows) if old is not None and any(r >= 0 for r in reuse_rows) else None
    lexical = LexicalIndex.build([index_text(c) if r < 0 else "" for c, r in zip(chunks, reuse_rows)], reuse=reuse)
    t_lex = time.perf_counter()

    build_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:8]
    builds = folder / "builds"
    try:
        builds.mkdir(exist_ok=True)
        tmp = builds / (".tmp-" + build_id)
        tmp.mkdir()
    except OSError as exc:
        raise IndexStateError(f"cannot write in the index folder {folder} ({exc.strerror}); choose another with --index DIR.") from None
    try:
        # Everything that does not need the model is written while it may still be loading: the
        # text parts, and on a re-index the FAISS file with the kept vectors (new rows are patched
        # in once embedded).
        kept = old.records if old is not None else None
        shas = _guarded_write(tmp, lambda: _write_text_parts(tmp, chunks, lexical, reuse_rows if kept else None, kept, texts))
        to_embed = [i for i, r in enumerate(reuse_rows) if r < 0]
        vectors = early = None
        if old is not None:
            vectors = _kept_vectors(old, reuse_rows, old.dim)
            early = _guarded_write(tmp, lambda: _write_faiss(tmp, vectors))
            if early is not None:  # patching keeps the file's size: the manifest is final now
                _guarded_write(tmp, lambda: _write_manifest(tmp, infos, embedder, params, old.dim, shas))
        t_text = time.perf_counter()
        # Nothing to embed: the dimension the index was built with stands, rather than waiting
        # seconds for a model only to ask it (a search still checks it against the index).
        dim = old.dim if (old is not None and not to_embed and preload.costly) else preload.dim
        t_wait = time.perf_counter() - t_text
        if old is not None and old.dim != dim:
            raise IndexStateError(f"the embedder '{embedder.name}' gives vectors of dimension {dim}, but the index in {folder} holds dimension {old.dim}; run 'qa index --rebuild'.")
        if vectors is None:
            vectors = np.zeros((len(chunks), dim), dtype=np.float32)
        _embed_into(vectors, to_embed, chunks, preload, progress)
        report.embedded_chunks = len(to_embed)
        t3 = time.perf_counter()
        if early is not None:
            _guarded_write(tmp, lambda: _patch_faiss(tmp / "dense.faiss", early, vectors, to_embed))
        else:
            _guarded_write(tmp, lambda: _write_faiss(tmp, vectors))
            _guarded_write(tmp, lambda: _write_manifest(tmp, infos, embedder, params, dim, shas))
        final = builds / build_id
        os.replace(tmp, final)
        _fsync_dir(builds)
        pointer_tmp = folder / ("CURRENT.tmp-" + build_id)
        pointer_tmp.write_text(build_id + "\n", encoding="utf-8")
        os.replace(pointer_tmp, folder / "CURRENT")
        _fsync_dir(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old_builds(builds, keep=build_id)
    t4 = time.perf_counter()
    report.docs, report.chunks = len(docs), len(chunks)
    # 'chunk' includes tokenizing; 'embed' includes any wait for the model still loading, and
    # 'write' the text parts written before it.
    report.seconds = {"read": t1 - t0, "chunk": t_lex - t1, "embed": t3 - t_text, "write": (t_text - t_lex) + (t4 - t3),
                      "total": t4 - t0, "model_wait": t_wait}
    return report


def _kept_vectors(old: Index, reuse_rows: list[int], dim: int) -> np.ndarray:
    """A vector per chunk: the old index's for kept chunks, zeros for those still to embed."""
    vectors = np.zeros((len(reuse_rows), dim), dtype=np.float32)
    rows = np.asarray(reuse_rows, dtype=np.int64)
    keep = rows >= 0
    if keep.any():
        vectors[keep] = old.vectors()[rows[keep]]
    return vectors


def _embed_into(vectors: np.ndarray, to_embed: list[int], chunks, preload, progress) -> None:
    batch = 256
    for b in range(0, len(to_embed), batch):
        progress("embed", b, len(to_embed))
        ids = to_embed[b:b + batch]
        vectors[ids] = preload.embed([index_text(chunks[i]) for i in ids])
    progress("embed", len(to_embed), len(to_embed))


def _guarded_write(tmp: Path, write: Callable[[], str | None]) -> str | None:
    try:
        return write()
    except OSError as exc:
        raise IndexStateError(f"could not write the new index into {tmp.parent} ({exc.strerror or exc}); the previous index is intact. Free disk space or choose another --index DIR, then run 'qa index' again.") from None


def _write_text_parts(tmp: Path, chunks, lexical, reuse_rows: list[int] | None = None,
                      kept: list[bytes] | None = None, texts: list[tuple[str, str]] = ()) -> dict:
    """Write the chunk records (a kept chunk's as the previous build stored it), the extracted
    texts and the lexical index; returns the sha256 of the records and of the texts."""
    tdigest = hashlib.sha256()
    with open(tmp / "texts.jsonl", "wb") as fh:
        for name, text in texts:
            line = (json.dumps({"name": name, "text": text}, ensure_ascii=False) + "\n").encode("utf-8")
            tdigest.update(line)
            fh.write(line)
        os.fsync(fh.fileno())
    digest = hashlib.sha256()
    with open(tmp / "chunks.jsonl", "wb") as fh:
        for i, c in enumerate(chunks):
            r = reuse_rows[i] if reuse_rows is not None else -1
            line = kept[r] + b"\n" if r >= 0 else (json.dumps(
                {"doc": c.doc, "start": c.start, "end": c.end, "line": c.line, "headings": list(c.headings), "text": c.text},
                ensure_ascii=False) + "\n").encode("utf-8")
            digest.update(line)
            fh.write(line)
        os.fsync(fh.fileno())
    lexical.save(tmp)
    with open(tmp / "lexical.npz", "rb") as fh:
        os.fsync(fh.fileno())
    return {"chunks": digest.hexdigest(), "texts": tdigest.hexdigest()}


def _write_faiss(tmp: Path, vectors: np.ndarray) -> int | None:
    """Write the flat FAISS index of `vectors`; returns the byte offset of its first vector when
    the file holds them as one trailing array (so rows can be patched in place), else None."""
    import faiss

    fidx = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        fidx.add(vectors)
    # Serialised here and written by Python, so a full disk is an OSError like every other write
    # (faiss.write_index reports it as a bare RuntimeError).
    data = faiss.serialize_index(fidx).tobytes()
    with open(tmp / "dense.faiss", "wb") as fh:
        fh.write(data)
        os.fsync(fh.fileno())
    raw = vectors.tobytes()
    return len(data) - len(raw) if raw and data.endswith(raw) else None


def _patch_faiss(path: Path, offset: int, vectors: np.ndarray, rows: list[int]) -> None:
    """Write the given rows of `vectors` over their places in a flat FAISS file."""
    if not rows:
        return
    width = vectors.shape[1] * 4
    with open(path, "r+b") as fh:
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            fh.seek(offset + start * width)
            fh.write(np.ascontiguousarray(vectors[start:prev + 1], dtype=np.float32).tobytes())
            if r is not None:
                start = prev = r
        os.fsync(fh.fileno())


def _write_manifest(tmp: Path, infos, embedder, params, dim, shas: dict) -> None:
    sizes = {fn: (tmp / fn).stat().st_size for fn in _FILES if fn != "manifest.json"}
    manifest = {
        "format": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "embedder": {"name": embedder.name, "dim": dim},
        "tokenizer": TOKENIZER,
        "chunker": params,
        "docs": [{k: v for k, v in asdict(i).items() if k not in _OPTIONAL or v != _OPTIONAL[k]} for i in infos],
        "sizes": sizes,
        "chunks_sha256": shas["chunks"],
        "texts_sha256": shas["texts"],
    }
    with open(tmp / "manifest.json", "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1))
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_builds(builds: Path, keep: str) -> None:
    for p in builds.iterdir():
        if p.name != keep:
            shutil.rmtree(p, ignore_errors=True)
