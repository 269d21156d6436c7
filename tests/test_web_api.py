"""The web page's JSON API, through FastAPI's TestClient.

Every test works on a private copy of the shipped corpus, never on corpus/ itself.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import pytest
from docx import Document as DocxDocument
from fastapi.testclient import TestClient

from generator.config import CORPUS_DIR, KINDS, ROLES
from generator.web import batch as batch_routes
from generator.web import corpus as corpus_routes
from generator.web import write as write_routes
from generator.web.app import create_app
from generator.web.state import BoundedStore, StoreFull
from generator.web.uploads import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCHOOL = "育才实验中学"
CJK = re.compile(r"[\u4e00-\u9fff]")
ROUTERS = (write_routes.router, batch_routes.router, corpus_routes.router)  # the API routes, by page
LOCAL = "http://127.0.0.1"  # the app answers to the names it is served under, as a browser sends them

# A document of the genre, written for these tests: a plan with headings and numbered points.
UPLOAD_TEXT = """学校安全工作计划

一、指导思想
坚持安全第一、预防为主的方针，认真落实学校安全工作责任制，切实保障全体师生的生命财产安全，为教育教学工作创造良好环境。

二、主要措施
（一）加强食堂管理
严格执行食品原料进货查验和索证索票制度，做好每餐食品留样，落实学校领导陪餐制度，确保师生饮食安全。
（二）开展应急疏散演练
每月开展一次应急疏散演练，让师生熟悉疏散路线，掌握自救互救的基本方法，提高应对突发事件的能力。

三、工作要求
各部门要高度重视，明确分工，责任到人，把各项安全措施落到实处。
"""


# ---------------------------------------------------------------- fixtures


def copy_corpus(target: Path) -> Path:
    """A private copy of the shipped corpus (sections, sources, dictionaries)."""
    shutil.copytree(CORPUS_DIR, target, ignore=shutil.ignore_patterns(".sections.*"))
    return target


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return copy_corpus(tmp_path_factory.mktemp("web") / "corpus")


@pytest.fixture(scope="module")
def client(corpus_dir):
    with TestClient(create_app(corpus_dir), base_url=LOCAL) as c:
        yield c


@pytest.fixture()
def fresh(tmp_path):
    """An app of its own on a corpus copy of its own, for tests that add to the corpus."""
    folder = copy_corpus(tmp_path / "corpus")
    with TestClient(create_app(folder), base_url=LOCAL) as c:
        yield c, folder


def generate(client, kind="summary", school=SCHOOL, topics=("食堂", "安全"), seed=1, **extra) -> dict:
    body = {
        "kind": kind,
        "profile": {"学校名称": school, "校长": "王明", **extra.pop("profile", {})},
        "topics": list(topics),
        "seed": seed,
        **extra,
    }
    response = client.post("/api/generate", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def section_blocks(preview_html: str) -> dict[str, str]:
    """section id → the HTML of its block in the preview."""
    return dict(re.findall(r'<div class="sec" data-section="([^"]+)">(.*?)</div>', preview_html))


def outline_ids(doc: dict) -> list[str]:
    return [s["section_id"] for slot in doc["outline"] for s in slot["sections"]]


def east_asia_font(document, paragraph, run) -> str | None:
    """The eastAsia font Word uses for a run: run → character style → paragraph style chain → defaults."""
    styles = {s.get(W + "styleId"): s for s in document.styles.element.iter(W + "style")}

    def chain(style_id):
        while style_id and style_id in styles:
            yield styles[style_id]
            based = styles[style_id].find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None

    def font(rpr):
        fonts = rpr.find(W + "rFonts") if rpr is not None else None
        return fonts.get(W + "eastAsia") if fonts is not None else None

    rpr = run._r.find(W + "rPr")
    candidates = [rpr]
    rstyle = rpr.find(W + "rStyle") if rpr is not None else None
    if rstyle is not None:
        candidates += [s.find(W + "rPr") for s in chain(rstyle.get(W + "val"))]
    ppr = paragraph._p.find(W + "pPr")
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    default_para = next(
        (
            sid
            for sid, s in styles.items()
            if s.get(W + "default") == "1" and s.get(W + "type") == "paragraph"
        ),
        None,
    )
    candidates += [
        s.find(W + "rPr") for s in chain(pstyle.get(W + "val") if pstyle is not None else default_para)
    ]
    candidates.append(document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    return next((f for f in map(font, candidates) if f), None)


# ---------------------------------------------------------------- 写稿


def test_kinds_are_the_five_document_kinds_with_chinese_names(client):
    kinds = client.get("/api/kinds").json()
    assert {k["kind"]: k["name"] for k in kinds} == KINDS
    assert all(CJK.search(k["description"]) for k in kinds)


@pytest.mark.parametrize("kind", list(KINDS))
def test_generate_each_kind(client, kind):
    doc = generate(client, kind=kind)
    assert re.fullmatch(r"[0-9a-f]{32}", doc["id"])
    assert doc["kind_name"] == KINDS[kind]
    assert doc["chars"] > 200 and doc["minutes"] > 0
    assert SCHOOL in doc["preview_html"]
    assert re.search(r'<h2 class="k-h1" data-para="\d+">一、', doc["preview_html"])
    sections = [s for slot in doc["outline"] for s in slot["sections"]]
    assert sections, "the outline lists the chosen sections"
    for s in sections:
        assert s["source"]["file"] and s["source"]["lines"][0] <= s["source"]["lines"][1]
    assert set(section_blocks(doc["preview_html"])) <= set(outline_ids(doc))
    assert doc["downloads"]["docx"] == f"/api/documents/{doc['id']}/download?format=docx"


def test_speech_length_in_minutes(client):
    short = generate(client, kind="speech", minutes=5)
    long = generate(client, kind="speech", minutes=15)
    assert abs(short["chars"] - 5 * 220) <= 5 * 220 * 0.15
    assert long["chars"] > short["chars"] * 2


def test_same_request_and_seed_give_the_same_document(client):
    a, b, c = generate(client, seed=7), generate(client, seed=7), generate(client, seed=8)
    assert a["id"] != b["id"]
    assert a["preview_html"] == b["preview_html"]
    assert outline_ids(a) != outline_ids(c)


def test_profile_error_is_a_chinese_message(client):
    r = client.post(
        "/api/generate", json={"kind": "summary", "profile": {"学校名称": SCHOOL, "学生人数": "很多"}}
    )
    assert r.status_code == 422
    assert "学生人数" in r.json()["detail"] and "整数" in r.json()["detail"]


def test_missing_school_name(client):
    r = client.post("/api/generate", json={"kind": "plan", "profile": {"校长": "王明"}})
    assert r.status_code == 422
    assert r.json()["detail"] == "请填写学校名称。"


def test_unknown_topic_and_kind_are_refused(client):
    r = client.post(
        "/api/generate", json={"kind": "summary", "profile": {"学校名称": SCHOOL}, "topics": ["火星基地"]}
    )
    assert r.status_code == 422
    assert "火星基地" in r.json()["detail"] and "可选主题" in r.json()["detail"]
    r = client.post("/api/generate", json={"kind": "poem", "profile": {"学校名称": SCHOOL}})
    assert r.status_code == 422 and "未知文种" in r.json()["detail"]


def test_oversized_profile_is_refused(client):
    r = client.post("/api/generate", json={"kind": "summary", "profile": {"学校名称": "校" * 5000}})
    assert r.status_code == 422 and "太长" in r.json()["detail"]
    r = client.post("/api/generate", json={"kind": "summary", "profile": {f"k{n}": "x" for n in range(100)}})
    assert r.status_code == 422 and "字段太多" in r.json()["detail"]


def test_validation_errors_name_the_field_in_chinese(client):
    r = client.post("/api/generate", json={"kind": "summary", "profile": {"学校名称": SCHOOL}, "chars": 10})
    assert r.status_code == 422 and r.json()["detail"] == "字数：不能小于 200。"
    r = client.post("/api/generate", json={"kind": "summary", "profile": {"学校名称": SCHOOL}, "seed": "abc"})
    assert r.status_code == 422 and "随机种子" in r.json()["detail"] and "整数" in r.json()["detail"]
    r = client.post("/api/generate", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["detail"]
    r = client.post("/api/generate", json={"profile": {}})
    assert r.status_code == 422 and "文种：必须填写" in r.json()["detail"]


def test_swap_changes_exactly_that_section(client):
    doc = generate(client, kind="plan", seed=3)
    before = outline_ids(doc)
    blocks = section_blocks(doc["preview_html"])
    target = next(i for i in before if i in blocks)
    r = client.post(f"/api/documents/{doc['id']}/swap", json={"section_id": target})
    assert r.status_code == 200, r.text
    new = r.json()
    after = outline_ids(new)
    assert new["id"] != doc["id"]
    assert new["replaced"]["old"] == target and new["replaced"]["new"] not in before
    assert len(after) == len(before)
    changed = [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y]
    assert changed == [before.index(target)]
    new_blocks = section_blocks(new["preview_html"])
    for section_id, block in blocks.items():
        if section_id != target:
            assert new_blocks[section_id] == block, "other sections stay word for word"
    again = client.post(
        f"/api/documents/{new['id']}/swap", json={"section_id": new["replaced"]["new"]}
    ).json()
    assert target not in outline_ids(again), "a replaced section does not come back"
    assert client.get(doc["downloads"]["md"]).status_code == 200, "the earlier version stays available"


def test_swap_of_a_section_not_in_the_document(client):
    doc = generate(client)
    r = client.post(f"/api/documents/{doc['id']}/swap", json={"section_id": "nope-a1-s01"})
    assert r.status_code == 422 and "没有编号" in r.json()["detail"]


def test_docx_download_opens_with_gb_fonts(client, tmp_path):
    doc = generate(client, kind="summary")
    r = client.get(doc["downloads"]["docx"])
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert f"{SCHOOL}_工作总结.docx" in unquote(r.headers["content-disposition"])
    path = tmp_path / "d.docx"
    path.write_bytes(r.content)
    word = DocxDocument(str(path))
    texts = [p.text for p in word.paragraphs]
    assert any(SCHOOL in t for t in texts)
    assert any(t.startswith("一、") for t in texts) and any(t.startswith("二、") for t in texts)
    title = next(p for p in word.paragraphs if p.text.strip())
    assert all(east_asia_font(word, title, run) == "方正小标宋简体" for run in title.runs)
    body = [p for p in word.paragraphs if p.style.name == "Normal" and len(p.text) > 30]
    assert body
    for p in body:
        assert all(east_asia_font(word, p, run) == "仿宋_GB2312" for run in p.runs)


def test_md_and_html_downloads(client):
    doc = generate(client, kind="report")
    md = client.get(doc["downloads"]["md"])
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert doc["title"] in md.text and SCHOOL in md.text
    html = client.get(doc["downloads"]["html"])
    assert html.status_code == 200 and SCHOOL in html.text
    assert client.get(f"/api/documents/{doc['id']}/download?format=exe").status_code == 422


def test_downloads_are_addressed_by_ids_never_paths(client):
    doc = generate(client)
    for url in (
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/download",
        "/api/documents/%2e%2e/download?format=md",
        "/api/documents/..%5C..%5Cwindows/download",
        f"/api/documents/{'0' * 32}/download",
        f"/api/documents/{doc['id']}x/download",
        "/api/batch/..%2F..%2Fetc/download",
        "/api/batch/%2e%2e/download",
        "/static/..%2F..%2Fapp.py",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "root:" not in r.text and "import" not in r.text
    assert "找不到" in client.get(f"/api/documents/{'0' * 32}").json()["detail"]
    r = client.get(f"/api/documents/{doc['id']}/download?format=../../../etc/passwd")
    assert r.status_code == 422


def test_school_name_with_markup_is_escaped(client):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>实验学校'
    doc = generate(client, school=evil)
    preview = doc["preview_html"]
    assert "<script" not in preview and "<img" not in preview and "onerror=alert(1)>" not in preview
    assert "&lt;script&gt;" in preview
    html = client.get(doc["downloads"]["html"]).text
    assert "<script>alert" not in html and "<img src=x" not in html
    r = client.get(doc["downloads"]["docx"])
    assert r.status_code == 200
    name = unquote(r.headers["content-disposition"])
    assert "/" not in name.split("filename")[-1] and "<" not in name


def test_concurrent_generate_requests_give_correct_distinct_results(client):
    requests = [(kind, f"第{n}实验学校", n) for n, kind in enumerate(list(KINDS) * 2)]
    expected = {school: generate(client, kind, school, seed=seed) for kind, school, seed in requests}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda r: generate(client, r[0], r[1], seed=r[2]), requests))
    assert len({d["id"] for d in results}) == len(requests)
    for (kind, school, _), doc in zip(requests, results, strict=True):
        assert doc["kind"] == kind
        others = [s for _, s, _ in requests if s != school and s not in school]
        assert school in doc["preview_html"] and not any(o in doc["preview_html"] for o in others)
        assert doc["preview_html"] == expected[school]["preview_html"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        files = list(pool.map(lambda d: client.get(d["downloads"]["docx"]), results))
    assert all(f.status_code == 200 and f.content[:2] == b"PK" for f in files)


# ---------------------------------------------------------------- uploads


@pytest.fixture(scope="module")
def small(corpus_dir):
    """An app with tiny upload limits, to test them without megabytes of data."""
    with TestClient(create_app(corpus_dir, limits=Limits(file_bytes=4096, files=3)), base_url=LOCAL) as c:
        yield c


def test_upload_too_big(small):
    r = small.post("/api/corpus/preview", files=[("files", ("a.txt", "学校".encode() * 3000, "text/plain"))])
    assert r.status_code == 413 and "超过" in r.json()["detail"] and "a.txt" in r.json()["detail"]
    r = small.post(
        "/api/corpus/preview", files=[("files", ("a.txt", b"x" * (2 * 1024 * 1024), "text/plain"))]
    )
    assert r.status_code == 413 and "太大" in r.json()["detail"]


def test_upload_too_many(small):
    files = [("files", (f"{n}.txt", UPLOAD_TEXT.encode(), "text/plain")) for n in range(4)]
    r = small.post("/api/corpus/preview", files=files)
    assert r.status_code == 413 and "最多上传 3 个" in r.json()["detail"]


def test_upload_wrong_type(small):
    cases = [
        ("a.exe", b"MZ\x90\x00binary"),  # suffix
        ("a.pdf", b"%PDF-1.4"),  # suffix
        ("fake.txt", b"\x89PNG\r\n\x1a\n" + bytes(200)),  # content says image
        ("fake.docx", "不是压缩包".encode()),  # a .docx that is not a Word package
        ("book.docx", _zip({"xl/workbook.xml": "<x/>"})),  # a renamed spreadsheet
    ]
    for name, data in cases:
        r = small.post("/api/corpus/preview", files=[("files", (name, data, "application/octet-stream"))])
        assert r.status_code == 415, name
        assert name in r.json()["detail"] and CJK.search(r.json()["detail"])
    r = small.post(
        "/api/batch",
        files={"file": ("roster.xls", b"\xd0\xcf\x11\xe0" + bytes(100))},
        data={"kind": "summary"},
    )
    assert r.status_code == 415 and ".xlsx" in r.json()["detail"]


def test_upload_empty_or_missing(small):
    r = small.post("/api/corpus/preview", files=[("files", ("empty.txt", b"  \n", "text/plain"))])
    assert r.status_code == 422 and "空" in r.json()["detail"]
    r = small.post("/api/corpus/preview", data={})
    assert r.status_code == 422 and "文件" in r.json()["detail"]


def test_upload_names_never_become_paths(fresh):
    client, folder = fresh
    r = client.post(
        "/api/corpus/preview", files=[("files", ("../../evil.txt", UPLOAD_TEXT.encode(), "text/plain"))]
    )
    assert r.status_code == 200, r.text
    assert r.json()["files"][0]["name"] == "evil.txt"
    client.post(f"/api/corpus/commit/{r.json()['preview_id']}")
    assert not (folder.parent / "evil.txt").exists() and not (folder / "evil.txt").exists()
    assert (folder / "sources" / "evil.txt").is_file()


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buffer.getvalue()


# ---------------------------------------------------------------- 素材库


def test_topics_come_from_the_corpus(client):
    topics = client.get("/api/corpus/topics").json()
    names = [t["name"] for t in topics]
    assert "食堂与饮食安全" in names and "宿舍" in names
    assert sum(t["count"] for t in topics) > 50
    assert all(isinstance(t["aliases"], list) for t in topics)


def test_corpus_search_by_topic_role_and_keyword(client):
    everything = client.get("/api/corpus/sections?limit=200").json()
    assert everything["total"] > 100 and len(everything["items"]) == 200
    canteen = client.get("/api/corpus/sections", params={"topic": "食堂", "limit": 200}).json()
    assert 0 < canteen["total"] < everything["total"]
    assert all("食堂与饮食安全" in s["topics"] for s in canteen["items"])
    measures = client.get("/api/corpus/sections", params={"role": "measures", "limit": 200}).json()
    assert measures["total"] > 0 and all(
        s["role"] == "measures" and s["role_name"] == ROLES["measures"] for s in measures["items"]
    )
    both = client.get(
        "/api/corpus/sections", params={"q": "食品", "role": "measures", "topic": "食堂"}
    ).json()
    assert both["total"] > 0
    for s in both["items"]:
        assert "食品" in s["heading"] + "".join(s["paragraphs"])
        assert s["source"]["file"].endswith((".txt", ".docx", ".md")) and s["source"]["lines"][0] > 0
    page2 = client.get("/api/corpus/sections", params={"offset": 10, "limit": 5}).json()
    assert [s["id"] for s in page2["items"]] == [s["id"] for s in everything["items"][10:15]]
    assert client.get("/api/corpus/sections", params={"role": "poetry"}).status_code == 422
    one = everything["items"][0]
    assert client.get(f"/api/corpus/sections/{one['id']}").json() == one


def test_preview_stores_nothing_then_commit_adds_sections(fresh):
    client, folder = fresh
    before = _snapshot(folder)
    count = client.get("/api/corpus/sections").json()["total"]
    r = client.post(
        "/api/corpus/preview", files=[("files", ("安全计划.txt", UPLOAD_TEXT.encode("gbk"), "text/plain"))]
    )
    assert r.status_code == 200, r.text
    preview = r.json()
    f = preview["files"][0]
    assert f["ok"] and f["name"] == "安全计划.txt" and f["sections"] >= 3
    sections = [s for a in f["articles"] for s in a["sections"]]
    headings = [s["heading"] for s in sections]
    assert "加强食堂管理" in headings and "指导思想" in headings, headings
    assert all(s["role"] in ROLES and s["topics"] for s in sections)
    assert not any(h.startswith(("一、", "（一）")) for h in headings), "numbering is stripped"
    assert _snapshot(folder) == before, "nothing is stored before the user confirms"
    assert client.get("/api/corpus/sections").json()["total"] == count

    r = client.post(f"/api/corpus/commit/{preview['preview_id']}")
    assert r.status_code == 200, r.text
    assert r.json()["added"] == ["安全计划.txt"] and not r.json()["errors"]
    assert (folder / "sources" / "安全计划.txt").read_bytes() == UPLOAD_TEXT.encode("gbk")
    assert client.get("/api/corpus/sections").json()["total"] == count + f["sections"]
    hits = client.get("/api/corpus/sections", params={"q": "疏散演练"}).json()["items"]
    assert any(h["source"]["file"] == "安全计划.txt" for h in hits)
    assert client.post(f"/api/corpus/commit/{preview['preview_id']}").status_code == 404, (
        "one commit per preview"
    )
    assert not list(folder.glob(".sections*")), "no temporary folder left behind"


def test_committing_the_same_file_twice_does_not_duplicate_it(fresh):
    client, _ = fresh
    ids = []
    for _ in range(2):
        r = client.post(
            "/api/corpus/preview", files=[("files", ("计划.md", UPLOAD_TEXT.encode(), "text/markdown"))]
        )
        ids.append(r.json()["preview_id"])
    first = client.post(f"/api/corpus/commit/{ids[0]}").json()
    total = client.get("/api/corpus/sections").json()["total"]
    second = client.post(f"/api/corpus/commit/{ids[1]}").json()
    assert first["added"] == ["计划.md"] and second["added"] == [] and second["unchanged"] == ["计划.md"]
    assert client.get("/api/corpus/sections").json()["total"] == total


def test_concurrent_commits_both_land(fresh):
    client, folder = fresh
    texts = [
        UPLOAD_TEXT,
        UPLOAD_TEXT.replace("应急疏散演练", "消防安全演练").replace("学校安全工作计划", "学校消防工作计划"),
    ]
    ids = [
        client.post(
            "/api/corpus/preview", files=[("files", (f"doc{n}.txt", t.encode(), "text/plain"))]
        ).json()["preview_id"]
        for n, t in enumerate(texts)
    ]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: client.post(f"/api/corpus/commit/{i}").json(), ids))
    assert sorted(n for r in results for n in r["added"]) == ["doc0.txt", "doc1.txt"]
    files = {
        s["source"]["file"]
        for s in client.get("/api/corpus/sections", params={"limit": 200, "q": "演练"}).json()["items"]
    }
    assert {"doc0.txt", "doc1.txt"} <= files
    stored = {p.stem for p in (folder / "sections").glob("*.yaml")}
    assert {"doc0", "doc1"} <= stored


def test_unreadable_upload_is_reported_and_nothing_is_kept(fresh):
    client, folder = fresh
    before = _snapshot(folder)
    r = client.post(
        "/api/corpus/preview",
        files=[
            ("files", ("坏文件.docx", _zip({"word/document.xml": "<broken"}), "application/octet-stream"))
        ],
    )
    assert r.status_code == 422 and "坏文件.docx" in r.json()["detail"]
    assert _snapshot(folder) == before


def test_discarding_a_preview(fresh):
    client, _ = fresh
    pid = client.post(
        "/api/corpus/preview", files=[("files", ("a.txt", UPLOAD_TEXT.encode(), "text/plain"))]
    ).json()["preview_id"]
    assert client.delete(f"/api/corpus/preview/{pid}").status_code == 200
    assert client.post(f"/api/corpus/commit/{pid}").status_code == 404


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- 批量


def _csv(rows: list[list[str]], encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _wait(client, job_id: str, timeout: float = 90) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/api/batch/{job_id}").json()
        if job["status"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError("批量任务没有在限定时间内完成")


def test_batch_csv_progress_and_zip(client):
    roster = _csv(
        [
            ["学校名称", "校长", "学生人数", "主题"],
            ["育才实验中学", "王明", "1200", "食堂"],
            ["红星小学", "张华", "800", "宿舍、维修"],
            ["青山中学", "李四", "很多", ""],
            ["光明小学", "赵六", "600", ""],
        ],
        encoding="gbk",
    )
    r = client.post(
        "/api/batch",
        files={"file": ("花名册.csv", roster, "text/csv")},
        data={"kind": "summary", "seed": "2"},
    )
    assert r.status_code == 200, r.text
    job = r.json()
    assert re.fullmatch(r"[0-9a-f]{32}", job["id"]) and job["total"] == 4
    done = _wait(client, job["id"])
    assert done["status"] == "done" and done["done"] == done["total"] == 4
    assert done["ok"] == 3 and done["failed"] == 1
    assert done["failures"][0]["school"] == "青山中学" and "学生人数" in done["failures"][0]["reason"]
    assert 0 <= done["max_overlap"] <= 1, "the page reports the largest overlap the batch measured"
    z = client.get(done["download"])
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(z.content)) as archive:
        names = archive.namelist()
        docx = [n for n in names if n.endswith(".docx")]
        assert sorted(docx) == sorted(f"{s}_工作总结.docx" for s in ("育才实验中学", "红星小学", "光明小学"))
        assert "report.csv" in names
        report = archive.read("report.csv").decode("utf-8-sig")
        row = next(line for line in report.splitlines() if "青山中学" in line)
        assert "跳过" in row or "失败" in row


def test_batch_rows_written_with_a_note_are_listed_with_it(client):
    long = "食堂：" + "严格执行食品留样和陪餐制度，" * 25 + "确保师生饮食安全"
    roster = _csv(
        [
            ["学校名称", "校长", "学生人数", "工作要点"],
            ["育才实验中学", "王明", "1200", "食堂：完成后厨改造"],
            ["红星小学", "张华", "800", long],
            ["青山中学", "李四", "很多", ""],
        ]
    )
    r = client.post(
        "/api/batch", files={"file": ("花名册.csv", roster, "text/csv")}, data={"kind": "summary"}
    )
    assert r.status_code == 200, r.text
    done = _wait(client, r.json()["id"])
    assert (done["ok"], done["failed"]) == (2, 1)
    note = next(n for n in done["notes"] if n["school"] == "红星小学")
    assert all(
        n["note"].startswith("篇幅偏短") for n in done["notes"] if n is not note
    )  # a short one says so
    assert (note["status"], note["reason"]) == ("成功", "")
    assert "工作要点" in note["note"] and "超过 300 字" in note["note"]
    [failure] = done["failures"]
    assert failure["school"] == "青山中学" and "学生人数" in failure["reason"] and failure["note"] == ""


def test_batch_bad_roster_is_refused_in_chinese(client):
    r = client.post(
        "/api/batch", files={"file": ("名单.csv", _csv([["姓名", "电话"], ["张三", "123"]]), "text/csv")}
    )
    assert r.status_code == 422 and "学校名称" in r.json()["detail"]
    r = client.post(
        "/api/batch", files={"file": ("名单.xlsx", b"PK\x03\x04garbage", "application/octet-stream")}
    )
    assert r.status_code == 415
    r = client.post(
        "/api/batch", files={"file": ("名单.csv", _csv([["学校名称"], ["某校"]]))}, data={"kind": "novel"}
    )
    assert r.status_code == 422 and "未知文种" in r.json()["detail"]


def test_batch_download_before_done_and_unknown_job(client):
    assert client.get(f"/api/batch/{'a' * 32}").status_code == 404
    assert client.get(f"/api/batch/{'a' * 32}/download").status_code == 404


def test_roster_template_is_a_roster_the_batch_accepts(client):
    r = client.get("/api/batch/template")
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    job = client.post(
        "/api/batch", files={"file": ("模板.csv", r.content, "text/csv")}, data={"kind": "plan"}
    ).json()
    assert _wait(client, job["id"])["ok"] == 2


# ---------------------------------------------------------------- the page itself


def test_page_is_served_by_the_app_and_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text
    for tab in ("写稿", "批量", "素材库", "生成文稿", "确认加入素材库"):
        assert tab in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert {"/static/app.js", "/static/style.css"} <= set(assets)
    for url in [*assets, "/docs", "/static/docs.js"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert not re.search(r"(?:src|href|url)\s*[=(]\s*[\"']?(?:https?:)?//", r.text), (
            f"{url} loads something from the internet"
        )


def test_api_docs_are_chinese(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            assert CJK.search(op.get("summary", "")), f"{method} {path} has no Chinese summary"
            assert all(CJK.search(resp["description"]) for resp in op["responses"].values())
    assert {
        "/api/generate",
        "/api/documents/{doc_id}/swap",
        "/api/batch",
        "/api/batch/{job_id}",
        "/api/corpus/sections",
        "/api/corpus/preview",
        "/api/corpus/commit/{preview_id}",
        "/api/kinds",
    } <= set(spec["paths"])


def test_not_found_and_wrong_method_are_chinese(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and CJK.search(r.json()["detail"])
    r = client.delete("/api/generate")
    assert r.status_code == 405 and CJK.search(r.json()["detail"])


# ---------------------------------------------------------------- state and serving


def test_bounded_store_evicts_the_oldest_idle_entry():
    evicted = []
    store: BoundedStore[dict] = BoundedStore(2, evicted.append, busy=lambda v: v["busy"])
    store.add("a" * 32, {"n": 1, "busy": False})
    store.add("b" * 32, {"n": 2, "busy": False})
    store.get("a" * 32)  # a is now the most recently used
    store.add("c" * 32, {"n": 3, "busy": True})
    assert [e["n"] for e in evicted] == [2] and store.get("b" * 32) is None
    store.add("d" * 32, {"n": 4, "busy": True})
    assert [e["n"] for e in evicted] == [2, 1]
    with pytest.raises(StoreFull):
        store.add("e" * 32, {"n": 5, "busy": False})
    assert store.get("../../etc") is None


def test_documents_beyond_the_limit_are_forgotten_and_their_files_removed(corpus_dir):
    app = create_app(corpus_dir, limits=Limits(documents=2))
    with TestClient(app, base_url=LOCAL) as c:
        docs = [generate(c, seed=n) for n in range(3)]
        assert c.get(docs[0]["downloads"]["md"]).status_code == 404
        assert c.get(docs[2]["downloads"]["md"]).status_code == 200
        folders = list((app.state.wengao.work_dir / "documents").iterdir())
        assert len(folders) == 2
    assert not app.state.wengao.work_dir.exists(), "the app's temporary folder goes at shutdown"


def test_serve_binds_localhost_and_says_so_in_chinese(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import sys; from generator.web.app import serve; "
        f"serve(port={port}, corpus_dir=__import__('pathlib').Path(sys.argv[1]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(CORPUS_DIR)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"已启动：http://127.0.0.1:{port} ，按 Ctrl+C 停止"
        _wait_port(port)
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(f"GET /api/kinds HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert b"200 OK" in conn.recv(100)
        with socket.create_connection(("127.0.0.1", port)) as conn:  # a name pointed here by someone else
            conn.sendall(b"GET /api/kinds HTTP/1.0\r\nHost: rebound.example\r\n\r\n")
            assert b"403 Forbidden" in conn.recv(100)
        busy = subprocess.run(
            [sys.executable, "-c", code, str(CORPUS_DIR)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
            timeout=30,
        )
        assert busy.returncode == 1 and f"错误：端口 {port} 已被占用" in busy.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_port(port: int, timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("服务没有启动")


def test_slow_endpoints_run_in_the_threadpool(client):
    """Generation, swap, uploads and commits are plain functions: FastAPI runs them in its
    threadpool, so one slow request never blocks the event loop serving the others."""
    slow = {
        "/api/generate",
        "/api/documents/{doc_id}/swap",
        "/api/documents/{doc_id}/download",
        "/api/batch",
        "/api/corpus/preview",
        "/api/corpus/commit/{preview_id}",
    }
    routes = {r.path: r for router in ROUTERS for r in router.routes if r.path in slow}
    assert set(routes) == slow
    assert not any(inspect.iscoroutinefunction(r.endpoint) for r in routes.values())


def test_too_little_material_is_reported_on_the_page(client):
    res = client.post(
        "/api/generate", json={"kind": "summary", "profile": {"学校名称": "甲校"}, "chars": 20000}
    )
    assert res.status_code == 200
    assert any("素材不足" in w for w in res.json()["warnings"])
