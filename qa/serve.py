"""`python -m qa.serve --model FILE.gguf --port 8080 ...`: llama-cpp-python's OpenAI-compatible
server (its `[server]` extra), started with the same weight-buffer choice as qa's in-process
model, so a GGUF that runs in `qa ask` also runs behind the server on the same machine.
Every argument goes to `llama_cpp.server` unchanged; QA_REPACK=auto|on|off picks the buffers.
"""

from __future__ import annotations

import os
import runpy
import sys


def main() -> None:
    from .errors import QAError
    from .llm import set_weight_repacking

    mode = os.environ.get("QA_REPACK", "auto")
    try:
        set_weight_repacking(mode)
    except QAError:
        sys.exit(f"Error: QA_REPACK={mode} is not one of auto, on, off; set it to one of them or unset it.")
    try:
        import uvicorn  # noqa: F401  (present only with the [server] extra)
    except ImportError:
        sys.exit('Error: the model server needs llama-cpp-python\'s server extra; run: pip install "llama-cpp-python[server]".')
    sys.argv[0] = "llama_cpp.server"
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
