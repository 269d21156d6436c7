"""Pipeline helpers that must agree with what they replace."""

from __future__ import annotations

import dataclasses

from generator import pipeline
from generator.model import Request
from generator.profile import make_profile


def test_request_dict_is_asdict_written_out():
    """The manifest's request is dataclasses.asdict(request), built by hand for speed: a field
    added to Request (or Profile) must show up here too."""
    profile = make_profile({"学校名称": "甲校", "校长": "王某", "备注": "自定义列"})
    request = Request("summary", profile, ["食堂", "安全"], chars=2600, minutes=None, seed=7, exclude=["s1"])
    written = pipeline.request_dict(request)
    assert written == dataclasses.asdict(request)
    written["profile"]["fields"]["学校名称"] = "乙校"
    written["topics"].append("宿舍")
    assert request.profile.fields["学校名称"] == "甲校" and request.topics == ["食堂", "安全"]


def test_manifest_json_writes_each_paragraph_as_the_json_encoder_would():
    """Paragraph lines are written by hand for speed: they must be what json writes, quotes,
    backslashes, control characters and a missing section included."""
    import json

    from generator.model import DocPara, Document

    profile = make_profile({"学校名称": "甲校"})
    paras = [
        DocPara("title", "甲校工作总结"),
        DocPara("body", '他说："好"\\n\t\x01\u2028</p>', "s1"),
        DocPara("h1", "一、概况", None),
        DocPara("body", "完成后厨改造。", "school:1"),
    ]
    doc = Document(Request("summary", profile), "甲校工作总结", "", paras, 20, 0.1)
    text = pipeline.manifest_json(doc)
    assert json.loads(text) == pipeline.manifest(doc)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for para in paras:
        lines = [line.rstrip(",") for line in text.split("\n")]
        origin = {None: "template", "school:1": "school"}.get(para.section_id, "corpus")
        assert (
            encode({"kind": para.kind, "text": para.text, "section": para.section_id, "origin": origin})
            in lines
        )


def _collection(documents: int) -> str:
    """A downloaded collection: labelled documents of about 3,500 characters each."""
    body = "学校要加强食堂管理，严把食品采购关，确保师生饮食安全，让家长放心满意。" * 14
    parts = ["学校后勤工作总结范文大全"]
    for n in range(1, documents + 1):
        parts += [
            f"篇{n}：学校后勤工作总结",
            "一、加强食堂管理",
            body,
            "二、做好宿舍服务",
            body,
            "三、保障校园安全",
            body,
        ]
    return "\n".join(parts) + "\n"


def test_progress_is_reported_by_file_and_within_a_large_file(tmp_path):
    folder = tmp_path / "稿件"
    folder.mkdir()
    (folder / "a_合集.txt").write_text(_collection(70), encoding="utf-8")
    (folder / "b_短文.txt").write_text(
        "学校安全工作总结\n一、加强安全教育\n本学期开展了安全教育活动。\n", encoding="utf-8"
    )
    seen: list[pipeline.IngestProgress] = []
    result = pipeline.ingest([folder], tmp_path / "corpus", progress=seen.append)
    assert result.errors == [] and len(result.added) == 2
    large = [p.done for p in seen if p.file == 1]
    assert all(p.files == 2 for p in seen) and [p.file for p in seen][-1] == 2
    assert large == sorted(large) and len([d for d in large if 0 < d < 1]) >= 3
    stored = pipeline.store.load(tmp_path / "corpus")
    assert len({(s.source, s.article) for s in stored.sections}) == 71
    assert len({s.id for s in stored.sections}) == len(stored.sections)


def test_a_document_is_the_same_whatever_was_written_before_it():
    """The web page and a batch reuse one loaded corpus for many requests: what one request's
    selection keeps on the index must never change another's document (it once did, through a
    topic's tier kept for another set of default topics)."""

    def report(library, school: str, seed: int):
        profile = make_profile({"学校名称": school, "校长": "李明", "日期": "2026-08-24", "期间": "学期"})
        return pipeline.generate(Request("report", profile, [], seed=seed), library).markdown

    alone = report(pipeline.load_corpus(), "临江市第一高级中学", 1)
    library = pipeline.load_corpus()
    for seed in (1, 2, 3, 4):
        report(library, "临江市实验小学", seed)
    assert report(library, "临江市第一高级中学", 1) == alone
