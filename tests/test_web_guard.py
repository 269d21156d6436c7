"""The local web server is the page's alone: other web sites cannot use it through a visitor's browser
(cross-site form posts, DNS rebinding), it stops cleanly with batch jobs running, and its messages
speak of the page, not the command line."""

from __future__ import annotations

import io
import logging
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from generator.config import CORPUS_DIR
from generator.web import origin
from generator.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
LOCAL = "http://127.0.0.1"
SCHOOL = "育才实验中学"
UPLOAD = "学校食堂工作计划\n\n一、加强食堂管理\n严格执行食品留样和陪餐制度，确保师生饮食安全。\n".encode()
ROSTER = "学校名称,校长\n东风小学,孙丽\n向阳中学,钱进\n".encode("utf-8-sig")
ANY_ID = "0" * 32

# Where a browser's request comes from, as the browser says it: another site's form, fetch or frame.
CROSS_SITE = [
    {"Origin": "http://evil.example"},
    {"Origin": "http://127.0.0.1:9999"},  # another port of this machine is another origin
    {"Origin": "null"},  # a sandboxed frame or a file opened from disk
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "cross-site"},
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("guard") / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".sections.*", ".lock"))
    return create_app(corpus)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def changing_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every API route that changes something (from the app's own API
    description, so a route added later is tested too), its ids filled in."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            if method.upper() not in origin.SAFE_METHODS:
                found.append((method.upper(), re.sub(r"\{[^}]+\}", ANY_ID, path)))
    return found


def stored(app) -> tuple[int, int, int, int]:
    state = app.state.wengao
    return len(state.documents), len(state.previews), len(state.jobs), len(state.corpus.sections)


def attempt(client, method: str, path: str, headers: dict):
    """What another site's page would send: a form's fields and files, or a JSON body."""
    files = {"file": ("花名册.csv", ROSTER, "text/csv")} if path == "/api/batch" else None
    if path == "/api/corpus/preview":
        files = {"files": ("计划.txt", UPLOAD, "text/plain")}
    if files:
        return client.request(method, path, files=files, headers=headers)
    body = {"kind": "summary", "profile": {"学校名称": SCHOOL}, "topics": ["食堂"]}
    return client.request(method, path, json=body, headers=headers)


def test_every_change_from_another_site_is_refused(app, client):
    routes = changing_routes(app)
    assert ("POST", "/api/generate") in routes and ("POST", "/api/batch") in routes
    assert ("POST", "/api/corpus/preview") in routes and ("DELETE", f"/api/corpus/preview/{ANY_ID}") in routes
    before = stored(app)
    for method, path in routes:
        for headers in CROSS_SITE:
            response = attempt(client, method, path, headers)
            assert response.status_code == 403, (method, path, headers, response.text)
            assert "其他网页" in response.json()["detail"]
    assert stored(app) == before  # no document, preview, job or section came of it


def test_a_host_name_the_server_was_not_started_under_is_refused(client):
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::2]:8000"):
        for method, path in (("GET", "/"), ("GET", "/api/kinds"), ("GET", "/api/corpus/stats")):
            response = client.request(method, path, headers={"Host": host})
            assert response.status_code == 403, (host, path)
            assert "不是本服务的地址" in response.json()["detail"]


def test_the_page_itself_keeps_working(app, client):
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    own = {"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"}  # what the page's fetch sends
    body = {"kind": "summary", "profile": {"学校名称": SCHOOL}, "topics": ["食堂"], "seed": 1}
    doc = client.post("/api/generate", json=body, headers=own)
    assert doc.status_code == 200, doc.text
    preview = client.post(
        "/api/corpus/preview", files={"files": ("计划.txt", UPLOAD, "text/plain")}, headers=own
    )
    assert preview.status_code == 200, preview.text
    gone = client.delete(f"/api/corpus/preview/{preview.json()['preview_id']}", headers=own)
    assert gone.status_code == 200
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"):
        assert client.get("/api/kinds", headers={"Host": host}).status_code == 200, host
    # a program using the JSON API sends neither Origin nor Sec-Fetch-Site: it is nobody's page
    assert client.post("/api/generate", json=body).status_code == 200


@pytest.mark.parametrize(
    "listen, answers, refuses",
    [
        ("127.0.0.1", ["127.0.0.1:8000", "localhost"], ["192.168.1.20:8000", "evil.example"]),
        ("wengao.school.lan", ["wengao.school.lan:8000", "127.0.0.1"], ["other.lan", "192.168.1.20"]),
        # every interface: any address typed as such; a name, unlike an address, can be rebound
        ("0.0.0.0", ["192.168.1.20:8000", "[fe80::1]:8000", "localhost"], ["evil.example"]),
    ],
)
def test_host_names_follow_the_address_the_server_listens_on(app, listen, answers, refuses):
    guarded = create_app(app.state.wengao.corpus_dir, hosts=origin.allowed_hosts(listen))
    with TestClient(guarded, base_url=LOCAL) as client:
        for host in answers:
            assert client.get("/api/kinds", headers={"Host": host}).status_code == 200, host
        for host in refuses:
            assert client.get("/api/kinds", headers={"Host": host}).status_code == 403, host


# ---------------------------------------------------------------- stopping with jobs running


def test_stopping_the_server_while_batch_jobs_run_ends_them_quietly(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".sections.*", ".lock"))
    app = create_app(corpus)
    rows = "学校名称,校长\n" + "".join(f"第{n}实验学校,王明\n" for n in range(1, 181))
    caplog.set_level(logging.WARNING, logger="wengao.web")
    with TestClient(app, base_url=LOCAL) as client:
        files = [{"file": (f"名单{n}.csv", io.BytesIO(rows.encode()))} for n in range(2)]
        ids = [client.post("/api/batch", files=f).json()["id"] for f in files]
        end = time.monotonic() + 120
        while time.monotonic() < end and client.get(f"/api/batch/{ids[0]}").json()["done"] < 5:
            time.sleep(0.05)
        assert client.get(f"/api/batch/{ids[0]}").json()["status"] == "running"
    jobs = app.state.wengao.jobs.values()
    assert [job.status for job in jobs] == ["cancelled", "cancelled"]  # each finished its rows in hand
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert not app.state.wengao.work_dir.exists()


# ---------------------------------------------------------------- words


def test_too_short_a_length_is_explained_without_command_line_options(client):
    topics = ["食堂", "安全", "宿舍", "财务", "维修"]
    body = {"kind": "plan", "profile": {"学校名称": SCHOOL}, "topics": topics}
    response = client.post("/api/generate", json=body | {"chars": 200})
    assert response.status_code == 422 and "字数太少" in response.json()["detail"]
    assert "--" not in response.json()["detail"]


def test_minutes_that_are_not_a_number_are_refused(client):
    body = '{"kind": "speech", "profile": {"学校名称": "甲校"}, "minutes": NaN}'
    response = client.post("/api/generate", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "讲话时长" in response.json()["detail"]


def test_a_corpus_folder_without_a_corpus_starts_with_a_warning(tmp_path):
    empty = tmp_path / "空素材库"
    empty.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "generate.py", "serve", "--corpus", str(empty), "--port", str(port)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert "还没有素材" in first and str(empty) in first
        assert proc.stdout.readline().startswith("已启动")
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
