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
    ]
    doc = Document(Request("summary", profile), "甲校工作总结", "", paras, 20, 0.1)
    text = pipeline.manifest_json(doc)
    assert json.loads(text) == pipeline.manifest(doc)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for para in paras:
        lines = [line.rstrip(",") for line in text.split("\n")]
        assert encode({"kind": para.kind, "text": para.text, "section": para.section_id}) in lines
