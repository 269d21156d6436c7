"""The web API for what the profile knows of a school (学段, 城乡, 寄宿, 期间, 工作要点, 主要数据),
the check of a document (文稿体检) on a generated document and on an uploaded one, and where each
paragraph of a document comes from.

Every test works on a private copy of the shipped corpus, never on corpus/ itself.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document as DocxDocument
from fastapi.testclient import TestClient

from generator.web.app import create_app
from generator.web.uploads import Limits
from tests.test_web_api import CJK, LOCAL, SCHOOL, copy_corpus, generate, outline_ids

ITEMS = "食堂：完成后厨改造，通过食品安全等级评定\n投入资金维修教学楼屋面防水"
FIGURES = "投入资金：35万元\n受益学生：1200人"

# A kindergarten's plan written for these tests, with what a kindergarten does not have (晚自习, 高三).
KINDERGARTEN_PLAN = """# 青松岭幼儿园学期工作计划

## 一、宿舍管理

加强高三学生宿舍管理，做好晚自习后的查寝工作。

## 二、食堂管理

严格执行食品留样制度，每餐留样不少于125克，保存48小时。
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(copy_corpus(tmp_path_factory.mktemp("checkup") / "corpus"))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def post(client, profile: dict, kind="plan", topics=("食堂",), seed=1):
    """A generate request with these school details."""
    body = {"kind": kind, "profile": {"学校名称": SCHOOL, **profile}, "topics": list(topics), "seed": seed}
    return client.post("/api/generate", json=body)


def check(client, name: str, data: bytes, **form):
    """Upload one document for checking."""
    return client.post("/api/check", files={"file": (name, data)}, data=form)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A Word document with these paragraphs, the first one its title."""
    word = DocxDocument()
    for text in paragraphs:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the profile's new fields


def test_the_new_fields_are_taken_as_a_profile_file_gives_them(client):
    profile = {
        "学段": "初中",
        "城乡": "县城",
        "寄宿": "否",
        "期间": "学年",
        "工作要点": ITEMS,
        "主要数据": FIGURES,
    }
    response = post(client, profile)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert "学年" in doc["title"] and "学期" not in doc["title"], "期间 学年: a plan for the school year"
    assert isinstance(doc["findings"], list)


def test_the_fields_accept_the_words_users_write(client):
    profile = {"学段": "九年一贯制学校", "城乡": "乡村", "寄宿": "寄宿制", "期间": "本学期"}
    assert post(client, profile).status_code == 200
    listed = {"工作要点": ITEMS.splitlines(), "主要数据": {"投入资金": "35万元"}}
    assert post(client, listed).status_code == 200, "lists and mappings, as YAML carries them"


@pytest.mark.parametrize(
    "field, value",
    [("学段", "大学"), ("城乡", "镇区"), ("寄宿", "偶尔"), ("期间", "季度"), ("学生人数", "很多")],
)
def test_a_wrong_value_is_refused_naming_its_field_in_chinese(client, field, value):
    response = post(client, {field: value})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert f"“{field}”" in detail and value in detail and CJK.search(detail)


def test_the_stage_error_lists_the_stages(client):
    detail = post(client, {"学段": "大学"}).json()["detail"]
    assert all(stage in detail for stage in ("幼儿园", "小学", "初中", "高中", "九年一贯制"))


def test_items_may_be_long_but_not_without_end(client):
    many = "\n".join(f"第{n}项：完成教学楼第{n}层的线路改造和照明更换工作" for n in range(1, 40))
    assert len(many) > 200 and post(client, {"工作要点": many}).status_code == 200
    response = post(client, {"工作要点": "修" * 5000})
    assert response.status_code == 422 and "工作要点" in response.json()["detail"]
    assert "太长" in response.json()["detail"]


def test_the_form_offers_exactly_the_values_the_profile_accepts(client):
    from generator.profile import CHOICES
    from generator.school import STAGES

    page = client.get("/").text
    for field, values in [
        ("学段", list(STAGES)),
        *((f, list(dict.fromkeys(CHOICES[f].values()))) for f in CHOICES),
    ]:
        select = page.split(f'<select name="{field}"', 1)[1].split("</select>", 1)[0]
        offered = [v.split("<", 1)[0] for v in select.split("<option>")[1:]]
        assert offered == values, field
        assert '<option value="">' in select, f"{field} may be left empty"


# ---------------------------------------------------------------- findings of a generated document


def test_a_generated_document_comes_with_its_findings_pointing_at_paragraphs(client):
    doc = post(
        client, {"工作要点": "食堂：更换消毒柜，确保师生人生安全"}, topics=("食堂", "宿舍"), seed=1
    ).json()
    assert doc["findings"], "the school's own item keeps its typo, and the check finds it"
    assert any(f["name"] == "错别字" and "人生安全" in f["quote"] for f in doc["findings"])
    numbers = {int(n) for n in re.findall(r'data-para="(\d+)"', doc["preview_html"])}
    for finding in doc["findings"]:
        assert {"rule", "name", "paragraph", "heading", "quote", "fix"} <= set(finding)
        assert CJK.search(finding["name"]) and CJK.search(finding["fix"])
        assert finding["paragraph"] in numbers, "the preview has the paragraph a finding points at"


def test_every_body_paragraph_of_the_preview_says_where_it_comes_from(client):
    doc = generate(client, kind="summary")
    html = doc["preview_html"]
    assert html.count('class="k-body') == html.count("k-body o-")
    assert "o-template" in html and "o-corpus" in html
    for slot in doc["outline"]:
        for section in slot["sections"]:
            assert section["origin"] == "corpus" and (section["items"], section["figures"]) == ([], False)
            assert section["source"]["article_title"] is not None


# ---------------------------------------------------------------- 换一段 and the school's own items

# Two items about the canteen share one paragraph (school:1+2), the repair has its own (school:3).
CANTEEN = ("完成后厨改造，通过食品安全量化等级A级评定", "新购消毒柜两台")
REPAIR = "投入35万元完成教学楼屋面防水维修"
PLACED = f"食堂：{CANTEEN[0]}\n食堂：{CANTEEN[1]}\n{REPAIR}"


def school_sections(doc: dict) -> dict[str, dict]:
    """The school's own sections of a document's outline, by id."""
    return {
        s["section_id"]: s for slot in doc["outline"] for s in slot["sections"] if s["origin"] == "school"
    }


def placed(client) -> dict:
    """A summary with the school's items and figures written in by the generator."""
    return generate(
        client, kind="summary", topics=("食堂",), profile={"工作要点": PLACED, "主要数据": FIGURES}
    )


def test_the_school_s_items_and_figures_are_placed_and_labelled(client):
    doc = placed(client)
    own = school_sections(doc)
    assert set(own) == {"school:1+2", "school:3", "school:数据"}
    assert [(own[i]["items"], own[i]["figures"], own[i]["source"]) for i in sorted(own)] == [
        ([1, 2], False, None),
        ([3], False, None),
        ([], True, None),
    ]
    html = doc["preview_html"]
    for section_id in own:
        block = html.split(f'<div class="sec" data-section="{section_id}">', 1)[1].split("</div>", 1)[0]
        assert 'class="k-body o-school"' in block and "o-corpus" not in block
    assert all(html.count(words) == 1 for words in (*CANTEEN, REPAIR, "受益学生1200人"))


@pytest.mark.parametrize(
    ("section_id", "field"),
    [("school:1+2", "工作要点"), ("school:3", "工作要点"), ("school:数据", "主要数据")],
)
def test_the_school_s_own_words_are_never_replaced(app, client, section_id, field):
    doc = placed(client)
    response = client.post(f"/api/documents/{doc['id']}/swap", json={"section_id": section_id})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "不能换" in detail and f"“{field}”" in detail
    stored = app.state.wengao.documents.get(doc["id"]).outline
    assert [c.section_id for chosen in stored.slots.values() for c in chosen] == outline_ids(doc), "as it was"


def test_a_corpus_section_beside_the_school_s_items_is_still_replaced(client):
    doc = placed(client)
    beside = [p for p in doc["outline"] if any(s["origin"] == "school" for s in p["sections"])]
    targets = [s["section_id"] for p in beside for s in p["sections"] if s["origin"] == "corpus"]
    for target in targets:  # the first with material left to take its place (409 says none is left)
        response = client.post(f"/api/documents/{doc['id']}/swap", json={"section_id": target})
        assert response.status_code in (200, 409), response.text
        if response.status_code == 200:
            break
    assert response.status_code == 200, f"none of {targets} could be replaced"
    swapped = response.json()
    assert set(school_sections(swapped)) == set(school_sections(doc)) and target not in outline_ids(swapped)
    assert all(swapped["preview_html"].count(words) == 1 for words in (*CANTEEN, REPAIR))


def test_a_section_whose_heading_leads_the_school_s_item_is_still_one_block(client):
    """The canteen item goes under its part's heading, which is a corpus section's heading: the
    page gets one block (one 换一段) for that section, its heading shown above the item."""
    profile = {"学段": "九年一贯制", "寄宿": "是", "工作要点": f"食堂：{CANTEEN[0]}"}
    doc = post(client, profile, topics=("食堂与饮食安全", "宿舍"), seed=5).json()
    html = doc["preview_html"]
    blocks = re.findall(r'<div class="sec" data-section="([^"]+)">', html)
    assert sorted(blocks) == sorted(set(outline_ids(doc))), "one block a section"
    before_item = html.split('data-section="school:1"', 1)[0].rsplit("</div>", 1)[1]
    assert re.search(r'<h3 class="k-h2" data-para="\d+">（一）', before_item), "the part's heading, bare"


# ---------------------------------------------------------------- checking a document of one's own


def test_a_markdown_file_with_a_known_problem_gets_its_findings(client):
    response = check(client, "我的计划.md", KINDERGARTEN_PLAN.encode())
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["name"] == "我的计划.md" and result["chars"] > 20
    unfit = [f for f in result["findings"] if f["rule"] == "fit.stage"]
    assert unfit and "晚自习" in unfit[0]["quote"] and "幼儿园" in unfit[0]["fix"]
    assert result["summary"].startswith("发现") and "学段不符" in result["summary"]


def test_the_school_details_of_the_form_inform_the_check(client):
    # a dormitory sentence under a heading on safety: nothing in the document says it has boarders
    plan = KINDERGARTEN_PLAN.replace("一、宿舍管理", "一、安全管理").encode()
    alone = check(client, "计划.md", plan).json()
    assert any(f["rule"] == "fit.boarding" for f in alone["findings"]), "no boarders known: 宿舍 is unfit"
    profile = json.dumps({"学校名称": "青松岭幼儿园", "学段": "幼儿园", "寄宿": "是", "城乡": ""})
    told = check(client, "计划.md", plan, profile=profile, kind="plan").json()
    assert not any(f["rule"] == "fit.boarding" for f in told["findings"])
    assert any(f["rule"] == "fit.stage" for f in told["findings"])


def test_a_word_document_is_checked_text_and_format(client):
    data = docx_bytes(
        ["青松岭幼儿园学期工作计划", "一、宿舍管理", "加强高三学生宿舍管理，做好晚自习后的查寝工作。"]
    )
    response = check(client, "计划.docx", data)
    assert response.status_code == 200, response.text
    rules = {f["rule"] for f in response.json()["findings"]}
    assert "fit.stage" in rules
    assert any(r.startswith("docx.") for r in rules), "python-docx's default layout is not GB/T 9704"


@pytest.mark.parametrize(
    "name, data",
    [("旧文稿.doc", b"\xd0\xcf\x11\xe0" + bytes(200)), ("稿子.wps", b"\xd0\xcf\x11\xe0" + bytes(200))],
)
def test_an_old_word_file_is_refused_saying_to_save_it_as_docx(client, name, data):
    response = check(client, name, data)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert name in detail and "另存为" in detail and ".docx" in detail


@pytest.mark.parametrize("name", ["扫描件.pdf", "表格.xlsx", "图片.png", "无后缀"])
def test_another_type_is_refused_in_chinese_naming_the_file(client, name):
    response = check(client, name, b"%PDF-1.4 \x00\x01")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert name in detail and ".docx" in detail and CJK.search(detail)


def test_a_file_that_is_not_what_its_name_says_is_refused(client):
    assert check(client, "假的.docx", "不是压缩包".encode()).status_code == 415
    assert check(client, "图.md", b"\x89PNG\r\n\x1a\n" + bytes(300)).status_code == 415


def test_upload_limits_hold_for_the_check(tmp_path):
    folder = copy_corpus(tmp_path / "corpus")
    with TestClient(create_app(folder, limits=Limits(file_bytes=2048)), base_url=LOCAL) as small:
        response = check(small, "长.md", ("学校" * 3000).encode())
        assert response.status_code == 413 and "长.md" in response.json()["detail"]
        response = check(small, "空.txt", b"  \n")
        assert response.status_code == 422 and "空" in response.json()["detail"]


def test_bad_form_values_are_refused_in_chinese(client):
    response = check(client, "计划.md", KINDERGARTEN_PLAN.encode(), kind="poem")
    assert response.status_code == 422 and "未知文种" in response.json()["detail"]
    response = check(client, "计划.md", KINDERGARTEN_PLAN.encode(), profile="[1, 2]")
    assert response.status_code == 422 and "学校信息" in response.json()["detail"]
    response = check(client, "计划.md", KINDERGARTEN_PLAN.encode(), profile='{"学段": "大学"}')
    assert response.status_code == 422 and "学段" in response.json()["detail"]


def test_nothing_of_a_checked_file_is_kept_and_its_name_is_no_path(app, client):
    response = check(client, "../../etc/计划.md", KINDERGARTEN_PLAN.encode())
    assert response.status_code == 200 and response.json()["name"] == "计划.md"
    checks = app.state.wengao.work_dir / "checks"
    assert not checks.exists() or not any(checks.rglob("*"))


def test_another_site_cannot_use_the_check(app, client):
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(
            "/api/check", files={"file": ("计划.md", KINDERGARTEN_PLAN.encode())}, headers=headers
        )
        assert response.status_code == 403 and "其他网页" in response.json()["detail"]
    own = {"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"}
    response = client.post("/api/check", files={"file": ("计划.md", KINDERGARTEN_PLAN.encode())}, headers=own)
    assert response.status_code == 200
