"""Text normalisation shared by search, verification and evaluation.

`norm` is the eval's definition (NFKC, then every whitespace character removed) with one
addition for matching: traditional characters read as their simplified forms, character by
character, so that a question in either script finds text in the other while every offset
stays the file's own (the scorer in `evaluate` uses the eval's definition alone).
"""

from __future__ import annotations

import re
import unicodedata

_WS_RE = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC with all whitespace removed, traditional characters as simplified.

    >>> norm("70 亿元\\u00a0，１２％"), norm("生產總值")
    ('70亿元,12%', '生产总值')
    """
    return simplified(_WS_RE.sub("", unicodedata.normalize("NFKC", text)))


_T2S: dict[int, str] | None = None


def simplified(text: str) -> str:
    """Traditional characters as their simplified forms, one character for one (so lengths and
    positions do not change); OpenCC's character table, built once.

    >>> simplified("區財政收入億元")
    '区财政收入亿元'
    """
    global _T2S
    if _T2S is None:
        _T2S = _t2s_table()
    return text.translate(_T2S) if _T2S else text


def _t2s_table() -> dict[int, str]:
    try:
        import opencc
    except ImportError:  # a declared dependency; without it the scripts are simply not joined
        return {}
    chars = [chr(i) for i in range(0x3400, 0x4DC0)] + [chr(i) for i in range(0x4E00, 0xA000)]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {ord(a): b for a, b in zip(chars, out) if a != b and len(b) == 1}


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


# Words that shape a question but say nothing about the answer; bigrams from them are dropped
# from queries so that '多少' does not pull in the few passages that happen to say '多少'.
QUESTION_WORDS = (
    "是多少", "多少", "哪些", "哪个", "哪家", "哪位", "哪里", "哪几", "哪项", "什么", "怎样", "怎么", "如何", "为什么",
    "为何", "是否", "有没有", "分别", "各是", "请问", "是谁", "谁", "几个", "几项", "几", "吗", "呢", "了", "的",
)

_TOKEN_RE = re.compile(r"[a-z]+|\d+(?:\.\d+)?%?|[\u3400-\u9fff\uf900-\ufaff]+")


def tokens(text: str) -> list[str]:
    """Lexical tokens: CJK character bigrams (unigrams for single characters), whole Latin
    words and whole numbers (with decimal point and percent sign).

    >>> tokens("增长8.5%，GDP")
    ['增长', '8.5%', 'gdp']
    """
    out: list[str] = []
    for run in _TOKEN_RE.findall(simplified(unicodedata.normalize("NFKC", text)).lower()):
        if is_cjk(run[0]):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def query_tokens(text: str) -> list[str]:
    """Tokens of a question, with question words removed first."""
    t = simplified(unicodedata.normalize("NFKC", text))
    for w in QUESTION_WORDS:
        if len(w) > 1:
            t = t.replace(w, " ")
    return tokens(t)
