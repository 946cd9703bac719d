"""The language model behind a narrow interface: one completion call and one constrained choice.

`LlamaCppLLM` runs a local GGUF in-process with llama-cpp-python; `EndpointLLM` sends the same
calls to an OpenAI-compatible server. Instruct models (a chat template in the GGUF) get chat
messages and a JSON schema compiled to a grammar; the reply is parsed and validated again
afterwards, because llama-cpp-python falls back to unconstrained output when it cannot compile
a schema. Base models get a completion prompt, write one claim freely, and then `choose` which
offered evidence marker it cites: a token mask in-process, a GBNF alternation on a server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Protocol

from .errors import ModelError
from .models import REPACK_CHOICES


class LLM(Protocol):
    chat: bool
    n_ctx: int

    def complete(self, prompt, schema: dict | None = None, max_tokens: int = 256,
                 stream: Callable[[str], None] | None = None, grammar: str | None = None,
                 stop: list[str] | None = None) -> str: ...

    def count_tokens(self, text: str) -> int: ...

    def choose(self, prompt: str, options: list[str]) -> str:
        """Continue `prompt` with exactly one of `options` (the model picks which): any other
        continuation is impossible, not merely unlikely."""
        ...


def choice_grammar(options: list[str]) -> str:
    """GBNF admitting exactly one of the options.

    >>> choice_grammar(["1]", "2]"])
    'root ::= ("1]" | "2]")'
    """
    return "root ::= (" + " | ".join(json.dumps(o, ensure_ascii=False) for o in options) + ")"


def check_gguf(path: Path) -> None:
    """Fail early, with the path, on a file llama.cpp would reject with a bare ValueError."""
    if not path.exists():
        raise ModelError(f"GGUF file {path} does not exist; fix the 'llm' line in models.txt or pass --model PATH.")
    if path.is_dir():
        raise ModelError(f"{path} is a folder, not a GGUF file; pass the .gguf file itself.")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelError(f"GGUF file {path} cannot be read ({exc.strerror}).") from None
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file (it does not start with the GGUF signature); convert the model to GGUF or pick another file.")


def inspect_gguf(path: Path) -> str:
    """One line for `qa models`: what the file is and how qa will prompt it."""
    check_gguf(path)
    llm = LlamaCppLLM(path, prompt="auto", n_ctx=512, vocab_only=True)
    meta = llm.metadata()
    name = meta.get("general.name", path.name)
    ctx = next((v for k, v in meta.items() if k.endswith(".context_length")), "?")
    chat = "chat template (instruct)" if meta.get("tokenizer.chat_template") else "no chat template (base model: completion prompt)"
    return f"GGUF '{name}', {path.stat().st_size / 1e6:.0f} MB, trained context {ctx}, {chat}"


_LOG_CALLBACK = None


def _quiet_llama_logs() -> None:
    """llama.cpp writes load-time notes to stderr even with verbose=False; route them nowhere."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None:
        return
    try:
        import ctypes

        import llama_cpp

        @llama_cpp.llama_log_callback
        def _silent(level, text, user_data):
            return None

        _LOG_CALLBACK = _silent  # kept alive: llama.cpp holds the pointer
        llama_cpp.llama_log_set(_silent, ctypes.c_void_p(0))
    except Exception:
        _LOG_CALLBACK = False


_REPACK = {"enabled": True, "patched": False}


def cpu_has_amx(cpuinfo: str | None = None) -> bool:
    """Whether the CPU lists Intel AMX tiles (Linux /proc/cpuinfo).

    >>> cpu_has_amx("flags : fpu avx2 amx_bf16 amx_tile amx_int8")
    True
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
        except OSError:
            return False
    return "amx_tile" in cpuinfo.split()


def set_weight_repacking(mode: str = "auto") -> bool:
    """Choose whether llama.cpp may load weights into its extra CPU buffer types (repacked or
    AMX layouts); returns the choice made.

    'auto' turns them off on CPUs that list AMX: llama.cpp built for such a CPU multiplies in
    AMX tiles, and where the kernel or a sandbox grants the tile permission but not the tile
    state (as on this project's machines) the first decode dies with SIGSEGV. Plain CPU buffers
    run the same model correctly. llama-cpp-python's Llama() does not expose the switch, so the
    default parameters it starts from are wrapped once, for in-process models and for
    `python -m qa.serve` alike.
    """
    if mode not in REPACK_CHOICES:
        raise ModelError(f"repack={mode} is not one of {', '.join(REPACK_CHOICES)}; fix the 'llm' line in models.txt.")
    _REPACK["enabled"] = mode == "on" or (mode == "auto" and not cpu_has_amx())
    if not _REPACK["patched"]:
        import llama_cpp.llama_cpp as lib

        defaults = lib.llama_model_default_params

        def model_default_params():
            params = defaults()
            if hasattr(params, "use_extra_bufts"):
                params.use_extra_bufts = _REPACK["enabled"]
            return params

        lib.llama_model_default_params = model_default_params
        _REPACK["patched"] = True
    return _REPACK["enabled"]


class LlamaCppLLM:
    def __init__(self, path: Path, prompt: str = "auto", n_ctx: int = 4096, threads: int | None = None,
                 vocab_only: bool = False, seed: int = 0, repack: str = "auto"):
        self.path = Path(path)
        self.prompt_style = prompt
        self.n_ctx = n_ctx
        self.threads = threads or max(1, min(os.cpu_count() or 1, 8))
        self.vocab_only = vocab_only
        self.seed = seed
        self.repack = repack
        self._llm = None

    def _load(self):
        if self._llm is None:
            check_gguf(self.path)
            _quiet_llama_logs()
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ModelError(f"llama-cpp-python is not installed ({exc}); run the README's setup command.") from None
            set_weight_repacking(self.repack)
            try:
                self._llm = Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.threads, seed=self.seed,
                                  verbose=False, vocab_only=self.vocab_only)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError(f"llama.cpp could not load {self.path} ({exc}); is it a complete GGUF file for a supported architecture?") from None
        return self._llm

    def metadata(self) -> dict:
        return dict(self._load().metadata or {})

    @property
    def chat(self) -> bool:
        if self.prompt_style == "chat":
            return True
        if self.prompt_style == "completion":
            return False
        return bool(self.metadata().get("tokenizer.chat_template"))

    def count_tokens(self, text: str) -> int:
        return len(self._load().tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def choose(self, prompt: str, options: list[str]) -> str:
        """Greedy choice among `options`, token by token, under a mask that admits only tokens
        keeping to some option. Equivalent to the GBNF alternation the server path uses, but
        llama-cpp-python's grammar sampler walks all 262k tokens of Gemma's vocabulary at each
        step, which cost 0.15-0.2 s per answer on two cores; the mask costs under a millisecond."""
        import numpy as np

        llm = self._load()
        seqs = [llm.tokenize(o.encode("utf-8"), add_bos=False, special=False) for o in options]
        seqs = [q for q in seqs if q]
        if not seqs:
            return ""
        n0 = len(llm.tokenize(prompt.encode("utf-8"), special=True))
        eos = llm.token_eos()

        def mask(input_ids, scores):
            done = [int(t) for t in input_ids[n0:]]
            allowed = {q[len(done)] for q in seqs if len(q) > len(done) and q[:len(done)] == done}
            if not allowed or any(q == done for q in seqs):
                allowed.add(eos)  # an option is complete (or, defensively, none can go on): stop
            out = np.full_like(scores, -np.inf)
            idx = list(allowed)
            out[idx] = scores[idx]
            return out

        from llama_cpp import LogitsProcessorList

        try:
            out = llm.create_completion(prompt=prompt, temperature=0.0, max_tokens=max(len(q) for q in seqs) + 1,
                                        logits_processor=LogitsProcessorList([mask]))
        except ValueError as exc:
            raise ModelError(f"the model could not run on this prompt ({exc}); try a smaller --k.") from None
        text = out["choices"][0]["text"]
        return text if text in options else ""

    def complete(self, prompt, schema: dict | None = None, max_tokens: int = 256,
                 stream: Callable[[str], None] | None = None, grammar: str | None = None,
                 stop: list[str] | None = None) -> str:
        """One completion at temperature 0, constrained by a JSON schema or a GBNF grammar."""
        llm = self._load()
        gbnf = grammar
        grammar = None
        if schema is not None or gbnf is not None:
            from llama_cpp import LlamaGrammar

            try:
                grammar = (LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False) if schema is not None
                           else LlamaGrammar.from_string(gbnf, verbose=False))
            except Exception as exc:
                raise ModelError(f"the answer constraint could not be compiled to a grammar ({exc}).") from None
        try:
            if isinstance(prompt, list):
                out = llm.create_chat_completion(messages=prompt, temperature=0.0, max_tokens=max_tokens,
                                                 grammar=grammar, stream=stream is not None, stop=stop)
                if stream is None:
                    return out["choices"][0]["message"]["content"] or ""
                parts = []
                for ev in out:
                    piece = ev["choices"][0].get("delta", {}).get("content") or ""
                    parts.append(piece)
                    stream(piece)
                return "".join(parts)
            out = llm.create_completion(prompt=prompt, temperature=0.0, max_tokens=max_tokens, grammar=grammar,
                                        stream=stream is not None, stop=stop)
            if stream is None:
                return out["choices"][0]["text"]
            parts = []
            for ev in out:
                piece = ev["choices"][0]["text"]
                parts.append(piece)
                stream(piece)
            return "".join(parts)
        except ValueError as exc:
            # llama-cpp-python raises bare ValueErrors, e.g. for a prompt longer than the context.
            raise ModelError(f"the model could not run on this prompt ({exc}); try a smaller --k.") from None


class EndpointLLM:
    """A model served elsewhere behind an OpenAI-compatible API (llama.cpp's server,
    llama-cpp-python's `llama_cpp.server`, vLLM): the same prompts, the same constraint (a JSON
    schema for chat replies, a GBNF grammar for a base model's evidence marker), the same
    verification afterwards."""

    def __init__(self, url: str, prompt: str = "auto", n_ctx: int = 4096, model: str | None = None, timeout: float = 300.0):
        self.url = url.rstrip("/")
        self.prompt_style = prompt
        self.n_ctx = n_ctx
        self.model = model
        self.timeout = timeout
        self._tokenize_ok: bool | None = None

    @property
    def chat(self) -> bool:
        return self.prompt_style != "completion"

    def _post(self, path: str, body: dict) -> dict:
        import urllib.error
        import urllib.request

        data = json.dumps({k: v for k, v in body.items() if v is not None}, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:200]
            raise ModelError(f"the model server at {self.url} answered {exc.code} to {path} ({detail}); check its model and options.") from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ModelError(f"cannot reach the model server at {self.url} ({reason}); start it, or fix the 'llm' line in models.txt / --model.") from None
        except ValueError:
            raise ModelError(f"the model server at {self.url} did not answer JSON on {path}; is it an OpenAI-compatible API?") from None

    def ping(self) -> str:
        """The models the server lists (GET /models); a ModelError when it cannot be reached."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url + "/models", timeout=10) as resp:
                data = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ModelError(f"cannot reach the model server at {self.url} ({getattr(exc, 'reason', exc)}); start it, or fix the 'llm' line in models.txt / --model.") from None
        return ", ".join(m.get("id", "?") for m in data.get("data", [])) or "no models listed"

    def count_tokens(self, text: str) -> int:
        """The server's own count when it offers one (llama-cpp-python's /extras/tokenize),
        else one token per character, which overestimates and so keeps prompts inside the context."""
        if self._tokenize_ok is not False:
            base = self.url[:-3] if self.url.endswith("/v1") else self.url
            try:
                import urllib.request

                req = urllib.request.Request(base + "/extras/tokenize", data=json.dumps({"input": text}).encode("utf-8"),
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=30) as resp:
                    tokens = json.loads(resp.read().decode("utf-8")).get("tokens")
                self._tokenize_ok = True
                return len(tokens)
            except Exception:
                self._tokenize_ok = False
        return len(text)

    def choose(self, prompt: str, options: list[str]) -> str:
        """One of `options`, constrained on the server by a GBNF alternation."""
        text = self.complete(prompt, grammar=choice_grammar(options), max_tokens=8)
        return text if text in options else ""

    def complete(self, prompt, schema: dict | None = None, max_tokens: int = 256,
                 stream: Callable[[str], None] | None = None, grammar: str | None = None,
                 stop: list[str] | None = None) -> str:
        common = {"model": self.model or "default", "temperature": 0.0, "max_tokens": max_tokens, "stop": stop, "grammar": grammar}
        if schema is not None:
            common["response_format"] = {"type": "json_object", "schema": schema}
        if isinstance(prompt, list):
            out = self._post("/chat/completions", {**common, "messages": prompt})
            text = (out.get("choices") or [{}])[0].get("message", {}).get("content") or ""
        else:
            out = self._post("/completions", {**common, "prompt": prompt})
            text = (out.get("choices") or [{}])[0].get("text") or ""
        if stream is not None and text:
            stream(text)
        return text
