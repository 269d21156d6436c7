"""The batch's 30% bound holds when the corpus has enough material for the batch.

The shipped corpus (five source files) is too small for 100 distinct summaries; this test
gives the batch a corpus the size a district would build (many schools' summaries) and
checks that spreading keeps every pair of documents under the bound.
"""

from __future__ import annotations

import hashlib
import itertools

import yaml

from generator import batch, store
from generator.lexicon import fit_words
from generator.model import Corpus, Section, SourceInfo
from generator.tag.fit import tag_fit
from tests.synthetic import TOPICS, tokens
from tests.test_batch import roster, write_csv

ACTIONS = ["完善", "落实", "细化", "规范", "健全", "强化", "优化", "推进", "深化", "加强"]
OBJECTS = [
    "岗位责任",
    "检查记录",
    "台账资料",
    "操作流程",
    "值班制度",
    "考核细则",
    "应急预案",
    "培训计划",
    "巡查制度",
    "物品登记",
    "公示制度",
    "验收程序",
]
RESULTS = [
    "师生满意度明显提高",
    "隐患整改及时到位",
    "管理更加规范有序",
    "服务质量稳步提升",
    "工作效率明显提高",
    "各项制度得到落实",
    "保障能力不断增强",
    "问题得到有效解决",
]


def _sentences(topic, seed: int, past: bool) -> list[str]:
    """Distinct, well-formed sentences about one topic."""
    words = [w for w in topic.keywords if len(w) >= 2][:6] or [topic.name]
    combos = itertools.product(ACTIONS, OBJECTS, RESULTS, words)
    out = []
    for n, (act, obj, res, word) in enumerate(combos):
        if n % 7 != seed % 7:
            continue
        out.append(f"围绕{word}，{act}了{obj}，{res}。" if past else f"围绕{word}，要{act}{obj}，确保{res}。")
        if len(out) == 2:
            return out
    return out


def _section(
    n: int, role: str, mood: str, topic, kinds: list[str], heading: str, paras: list[str]
) -> Section:
    return Section(
        id=f"rich-a1-s{n:04d}",
        source="rich.txt",
        article="a1",
        article_title="合成素材",
        lines=(n + 1, n + 1),
        level=1,
        heading=heading,
        paragraphs=paras,
        role=role,
        topics=[topic.name],
        kinds=kinds,
        mood=mood,
        tokens=tokens(heading + "".join(paras)),
    )


def rich_corpus() -> Corpus:
    """Many review, experience, problem and next-step sections for every topic."""
    sections: list[Section] = []
    plan = [
        ("review", "review", ["summary", "report"], 40),
        ("measures", "directive", ["plan", "summary"], 24),
        ("experience", "review", ["summary", "report"], 6),
        ("problems", "review", ["summary", "report"], 6),
        ("opening", "review", ["summary", "report"], 3),
        ("closing", "directive", ["summary", "report"], 3),
    ]
    for topic in TOPICS:
        for role, mood, kinds, count in plan:
            for _ in range(count):
                n = len(sections)
                paras = _sentences(topic, n, mood == "review")
                heading = f"{topic.aliases[0]}工作第{n}项" if role in ("review", "measures") else ""
                salt = hashlib.sha1(f"{n}".encode()).hexdigest()[:4]
                paras = [p.replace("。", f"（编号{salt}）。", 1) for p in paras]
                sections.append(_section(n, role, mood, topic, kinds, heading, paras))
    tag_fit(sections, fit_words())  # what ingest tags after the roles: fit, job and tense
    return Corpus([SourceInfo("rich.txt", "0" * 64, "utf-8", ["合成素材"])], sections, list(TOPICS))


def _save(corpus: Corpus, folder) -> None:
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "rich.txt").write_text("合成素材", encoding="utf-8")
    topics = [{"name": t.name, "aliases": t.aliases, "keywords": t.keywords} for t in corpus.topics]
    (folder / "topics.yaml").write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    store.save(corpus, folder)


def test_hundred_summaries_stay_under_thirty_percent_with_enough_material(tmp_path):
    _save(rich_corpus(), tmp_path / "corpus")
    path = write_csv(tmp_path / "百校.csv", roster(100))
    options = batch.BatchOptions(jobs=2, corpus_dir=tmp_path / "corpus", formats=("md",))
    result = batch.run(path, "summary", tmp_path / "out", options)
    assert result.count(batch.OK) == 100, [r.reason for r in result.rows if r.status != batch.OK][:3]
    assert 0 < result.max_overlap <= batch.BATCH.max_share
