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
