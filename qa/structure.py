"""The numbered structure of a report: its headings, the review section and the plan sections.

Read from the report's own headings ('一、2018年工作回顾', '（三）…'), never from a list of
titles: the review is the top-level section whose heading speaks of the year's work, the plan
sections are the top-level ones about the coming year.
"""

from __future__ import annotations

import re

from .chunking import heading_of
from .evidence import PLAN_HEAD_RE, REVIEW_HEAD_RE

Section = tuple[int, str, int, int]  # (level, title, start, end)


def sections(text: str) -> tuple[list[Section], list[Section]]:
    """Two views of the report's numbered structure:
    sections: (level, title, start, end) where end is where the next section of the same or a
    higher level begins; heads: (level, title, start, end) of each heading's title span.

    >>> secs, heads = sections("一、2018年工作回顾\\n（一）经济\\n正文\\n二、2019年工作安排\\n")
    >>> [(lv, t) for lv, t, _, _ in secs]
    [(0, '一、2018年工作回顾'), (1, '（一）经济'), (0, '二、2019年工作安排')]
    """
    heads = []
    pos = 0
    for line in text.split("\n"):
        h = heading_of(line)
        if h is not None:
            at = max(line.find(h[1]), 0)
            heads.append((h[0], h[1], pos + at, pos + at + len(h[1])))
        pos += len(line) + 1
    out = []
    for i, (lv, title, s, _) in enumerate(heads):
        end = next((s2 for lv2, _, s2, _ in heads[i + 1:] if lv2 <= lv), len(text))
        out.append((lv, title, s, end))
    return out, heads


_SELF = re.compile(r"政府自身建设")
_FIVE = re.compile(r"五年|十四五|十三五")


def review_range(text: str) -> tuple[int, int] | None:
    """(start, end) of the section reviewing the past year's work, if the report has one."""
    for lv, title, s, e in sections(text)[0]:
        if lv == 0 and REVIEW_HEAD_RE.search(title):
            return s, e
    return None


def plan_sections(text: str, report_year: int | None) -> list[Section]:
    """Top-level sections about the coming year (not the government's own conduct, not five-year
    outlooks when a year-specific plan exists)."""
    tops = [x for x in sections(text)[0] if x[0] == 0 and PLAN_HEAD_RE.search(x[1]) and not REVIEW_HEAD_RE.search(x[1])
            and not _SELF.search(x[1])]
    year_specific = [x for x in tops if report_year and str(report_year) in x[1].replace(" ", "")]
    if year_specific:
        return year_specific
    return [x for x in tops if not _FIVE.search(x[1])] or tops
