"""Section-job rules: each part of a document does the job its heading names.

A 问题 part states shortcomings, a 成效 part reports what was done, a 下一步 part says what will
be done, a 保障 part names organisation, money, supervision and accountability; job-duty lists
(负责……) and conduct rules for pupils (不在……不爬……) belong in none of them; a heading is
about its own body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import FitWords, cues
from ..sentences import bigrams, split_clauses, split_sentences
from .findings import HEADINGS, Context, Finding, Para, finding
from .structure import closing_index

# The job of a part, from the words of its level-1 heading (first match wins).
PART_JOBS = (
    ("problem", re.compile(r"问题|不足|差距|短板")),
    ("experience", re.compile(r"经验|体会|启示|感受")),
    ("todo", re.compile(r"打算|下一步|今后|思路|计划|安排|任务|措施|要求|重点工作|部署")),
    ("safeguard", re.compile(r"保障|组织领导|加强领导|落到实处")),
    ("done", re.compile(r"成效|成绩|回顾|做法|主要工作|取得|基本情况|工作情况")),
)
_FUTURE = re.compile(r"(?:^|[，。；])(?:我们)?(?:将|计划|拟|打算|设想|下一步|今后|力争|争取)")
_RULE_CLAUSE = re.compile(r"^(?:学生)?不(?:在|爬|玩|带|吃|喝|得|乱|到|与|准|要|体罚|单独|私自|追|推)")
# Words too common in this domain to show that a heading is about its body.
_STOP = frozenset(
    {"工作", "学校", "后勤", "管理", "加强", "做好", "一步", "进一", "切实", "全面", "各项", "我们", "开展"}
)
MIN_HEADING_CHARS = 8
MIN_BODY_CHARS = 60
# A heading naming a subject its body should name too. Not an attitude (增强主人翁意识): a body
# explains one (作为一名…人，都代表学校的形象) without repeating its name.
_NAMES_SUBJECT = re.compile(r"(?:工作|管理|方面|设想|建设|制度|功能|规划|措施|问题|情况)$")


def check(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Yield the section-job findings of a document."""
    generated = any(p.section_id for p in paras)  # template headings are generic by design
    closing = closing_index(paras)
    for i, para in enumerate(paras):
        if para.kind == "body":
            job = part_job(para.part, ctx.kind) if i < closing else ""
            yield from _job(para, job, ctx.fit)
            yield from _duty_or_rule(para)
        elif para.kind in ("h2", "h3", "h4") and (para.section_id or not generated) and not _run_in(paras, i):
            yield from _heading_matches(para, _body_after(paras, i))


def part_job(heading: str, kind: str) -> str:
    """The job of a level-1 part from its heading and the document kind ("" when none)."""
    for job, pattern in PART_JOBS:
        if pattern.search(heading):
            if job == "done" and kind in ("plan", "scheme"):
                return "todo"  # 主要工作与措施 in a plan is what will be done
            return job
    return ""


# What each part's job asks of a paragraph: the test it fails, the rule, its name and the fix.
_JOB_RULES = {
    "problem": (
        "job.problem",
        "问题栏目没有写问题",
        "“存在问题”中的这一段没有说出不足：改写为具体的问题，或移到别处。",
    ),
    "done": (
        "job.done",
        "成效栏目写了打算",
        "“成效”中写的是打算或设想：改为已完成的工作，或移到“下一步打算”。",
    ),
    "todo": (
        "job.todo",
        "打算栏目写了已完成的工作",
        "“下一步”中写的是已经完成的工作：改为要做的事，或移到成效部分。",
    ),
    "safeguard": (
        "job.safeguard",
        "保障措施写成了具体任务",
        "保障措施应写组织领导、经费、督查考核和责任追究：把具体任务移到“主要工作”。",
    ),
}


def _job(para: Para, job: str, fit: FitWords) -> Iterator[Finding]:
    """A paragraph against the job of its part (the cue words of fit.yaml's 作用)."""
    if job in _JOB_RULES and _fails(job, para.text, fit):
        rule, name, fix = _JOB_RULES[job]
        yield finding(rule, name, para, para.text, fix)


def _fails(job: str, text: str, fit: FitWords) -> bool:
    """True when a paragraph does not do its part's job."""
    words = fit.functions
    done, todo = words.get("已完成", ()), words.get("待做", ())
    if job == "problem":
        return not fit.names_problem(text)
    if job == "done":
        return bool(_FUTURE.search(text)) and not cues(text, done)
    if job == "todo":
        return bool(cues(text, done)) and not _FUTURE.search(text) and not cues(text, todo)
    return not cues(text, words.get("保障", ()))


def _duty_or_rule(para: Para) -> Iterator[Finding]:
    """Job-duty lines and pupils' conduct rules, which fit none of a school document's parts."""
    if para.text.startswith("负责"):
        yield finding(
            "job.duty",
            "岗位职责",
            para,
            para.text,
            "这是岗位职责的写法（负责……），不是工作内容：改写为要做的工作，或删去。",
        )
    clauses = [c for s in split_sentences(para.text) for c in split_clauses(s)]
    if sum(1 for c in clauses if _RULE_CLAUSE.match(c.strip())) >= 2:
        yield finding(
            "job.rule",
            "行为守则",
            para,
            para.text,
            "这是学生或教师的行为守则，不是后勤工作：删去，或改写为管理措施。",
        )


def _run_in(paras: list[Para], i: int) -> bool:
    """True for a run-in heading (its body goes on in the same paragraph)."""
    return i + 1 < len(paras) and paras[i + 1].index == paras[i].index


def _body_after(paras: list[Para], i: int) -> str:
    """The body text under heading ``i`` up to the next heading."""
    texts = []
    for para in paras[i + 1 :]:
        if para.kind in HEADINGS or para.kind in ("signature", "date"):
            break
        texts.append(para.text)
    return "".join(texts)


def _heading_matches(para: Para, body: str) -> Iterator[Finding]:
    """A heading whose distinctive words appear nowhere in its body."""
    shared = bigrams(para.text) & bigrams(body)
    named = _NAMES_SUBJECT.search(para.text) and "，" not in para.text  # a subject, not a claim
    named = named and "其他" not in para.text  # 统筹做好其他相关工作 names whatever follows
    long_body = len(body) >= MIN_BODY_CHARS  # a line or two under a heading just carries it on
    if long_body and named and len(para.text) >= MIN_HEADING_CHARS and not shared - _STOP:
        yield finding(
            "job.heading",
            "标题与正文不符",
            para,
            para.text,
            "标题说的内容正文里没有：改写标题，使它概括下面的正文。",
        )
