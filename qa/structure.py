"""The numbered structure of a report: its headings, the review section and the plan sections.

Read from the report's own headings ('一、2018年工作回顾', '（三）…'), never from a list of
titles: the review is the top-level section whose heading speaks of the year's work, the plan
sections are the top-level ones about the coming year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .chunking import heading_spans, split_sentences

Section = tuple[int, str, int, int]  # (level, title, start, end)

# Headings of the plan for the coming year, and of the review of the past one.
PLAN_HEAD_RE = re.compile(r"安排|重点工作|主要工作|主要任务|目标|总体要求|今年|未来|工作建议|[二三]、")
REVIEW_HEAD_RE = re.compile(r"回顾|过去|一年来|成绩")



def sections(text: str) -> tuple[list[Section], list[Section]]:
    """Two views of the report's numbered structure:
    sections: (level, title, start, end) where end is where the next section of the same or a
    higher level begins; heads: (level, title, start, end) of each heading's title span.

    >>> secs, heads = sections("一、2018年工作回顾\\n（一）经济\\n正文\\n二、2019年工作安排\\n")
    >>> [(lv, t) for lv, t, _, _ in secs]
    [(0, '一、2018年工作回顾'), (1, '（一）经济'), (0, '二、2019年工作安排')]
    """
    heads = [(lv, text[s:e], s, e) for lv, s, e in heading_spans(text)]
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


# The targets paragraph: '主要预期目标是：', '预期目标建议为：', '主要目标为：', '主要预期目标：'
# (not '主要目标任务顺利完成').
_TARGETS_RE = re.compile(r"(?:主要预期目标|预期目标|主要目标)(?:建议)?(?:是|为)?\s*[：:]|主要预期目标(?:建议)?(?:是|为)")

def targets_paragraph(text: str, after: int = 0) -> tuple[int, int] | None:
    """(start, end) of the report's main targets: from the words after '…目标是：' through the
    sentences that state targets (a sentence with no figure, after the first, ends them: '实现
    这些目标，…'); the first such paragraph after `after`, else the first anywhere.

    >>> t = "主要预期目标是：地区生产总值增长8%左右，约束性指标完成市级下达任务。实现这些目标，要靠实干。"
    >>> s, e = targets_paragraph(t); t[s:e]
    '地区生产总值增长8%左右，约束性指标完成市级下达任务。'
    """
    m = _TARGETS_RE.search(text, after) or _TARGETS_RE.search(text)
    if not m:
        return None
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    end = m.end()
    for sent in split_sentences(text, m.end(), line_end):
        if sent.start > m.end() + 2 and not re.search(r"\d|约束性|下达", text[sent.start:sent.end]):
            break
        end = sent.end
    return m.end(), end


@dataclass(frozen=True)
class Layout:
    """Where a report reviews the past year and where it plans the coming one."""

    review: tuple[int, int] | None  # the review section
    targets: tuple[int, int] | None  # the main targets (see targets_paragraph)
    plan_start: int | None  # where the plan for the coming year begins
    targets_from: int = 0  # where the sentence announcing the main targets begins

    def in_plan(self, pos: int) -> bool:
        """Whether text at `pos` speaks of the coming year: inside the main targets, or after the
        plan begins."""
        if self.targets and self.targets_from <= pos < self.targets[1]:
            return True
        return self.plan_start is not None and pos >= self.plan_start


@lru_cache(maxsize=128)
def layout(text: str, report_year: int | None) -> Layout:
    """The review section, the main targets and the start of the plan of one report.

    >>> lay = layout("一、2018年工作回顾\\n地区生产总值190亿元。\\n二、2019年工作安排\\n主要预期目标是：增长7%。\\n", 2019)
    >>> lay.review, lay.targets, lay.plan_start
    ((0, 25), (45, 50), 25)
    """
    rr = review_range(text)
    tp = targets_paragraph(text, rr[1] if rr else 0)
    plans = plan_sections(text, report_year)
    plan_start = min([s for _, _, s, _ in plans if not rr or s >= rr[0]] + ([tp[0]] if tp else []), default=None)
    lead = max((text.rfind(c, 0, tp[0]) for c in "。！？!?\n"), default=-1) + 1 if tp else 0
    return Layout(rr, tp, plan_start, lead)
