"""End to end: Debian's Chromium, headless through Playwright, drives the page.

The app runs under uvicorn on a free localhost port; the browser is the system one
(``make browser`` installs it with apt, and a CJK font with it), never a download. The tests
fill the form, generate, swap a section, download the .docx and check it with python-docx; they
follow a finding of 文稿体检 to its paragraph and check a document of their own.

The README's screenshot (docs/web-page.png) is taken by this browser too: run
``WENGAO_UPDATE_SCREENSHOT=1 .venv/bin/python -m pytest tests/test_web_e2e.py -k screenshot``
to write it again, then look at it.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from docx import Document as DocxDocument

from generator.config import CORPUS_DIR
from generator.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "web-page.png"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCHOOL = "青松岭实验学校"
CANTEEN = ("完成后厨改造，通过食品安全量化等级A级评定", "新购消毒柜两台")
REPAIR = "投入35万元完成教学楼屋面防水维修"
ITEMS = f"食堂：{CANTEEN[0]}\n{REPAIR}"
FIGURES = "受益学生：1200人"
# A kindergarten's plan written for these tests, with what a kindergarten does not have (晚自习, 高三).
KINDERGARTEN_PLAN = (
    "# 青松岭幼儿园学期工作计划\n\n## 一、宿舍管理\n\n加强高三学生宿舍管理，做好晚自习后的查寝工作。\n"
)
SERVED = {}  # the address of each server fixture → its app, to look at what it stores


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn in a thread on a free port, serving an app on a copy of the corpus."""
    corpus = tmp_path_factory.mktemp("e2e") / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".sections.*"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(corpus)
    SERVED[f"http://127.0.0.1:{port}"] = app
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 20
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert srv.started, "网页服务没有启动"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), (
        "没有找到 /usr/bin/chromium：请先运行 make browser（用 apt 安装 Debian 的 chromium）"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(
        accept_downloads=True, locale="zh-CN", viewport={"width": 1400, "height": 1000}
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None
        ),
    )
    yield pg
    context.close()
    assert not errors, f"页面脚本出错：{errors}"


def east_asia(document, paragraph, run) -> str | None:
    """The eastAsia font of a run, following run → paragraph style → basedOn → document defaults."""
    styles = {s.get(W + "styleId"): s for s in document.styles.element.iter(W + "style")}

    def fonts(rpr):
        rf = rpr.find(W + "rFonts") if rpr is not None else None
        return rf.get(W + "eastAsia") if rf is not None else None

    found = fonts(run._r.find(W + "rPr"))
    ppr = paragraph._p.find(W + "pPr")
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    style_id = pstyle.get(W + "val") if pstyle is not None else "Normal"
    while not found and style_id in styles:
        found = fonts(styles[style_id].find(W + "rPr"))
        based = styles[style_id].find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    return found or fonts(document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))


def test_write_swap_and_download_a_docx(server, page, tmp_path):
    page.goto(server + "/")
    page.get_by_role("link", name="写稿").wait_for()
    page.locator("label.kind", has_text="工作计划").click()
    page.fill("#f-school", SCHOOL)
    page.fill("input[name=校长]", "周明")
    page.fill("input[name=分管后勤领导]", "陈亮")
    fill_school_facts(page)
    page.locator("label.topic", has_text="食堂与饮食安全").click()
    page.locator("label.topic", has_text="宿舍").click()
    page.fill("#f-seed", "5")
    page.click("#generate")
    page.wait_for_selector(".sec-bar")
    summary = page.inner_text("#check-summary")
    assert summary == "未发现问题。" or summary.startswith("发现"), "the 文稿体检 panel answers"

    doc = page.locator("#doc")
    text = doc.inner_text()
    assert SCHOOL in text and "工作计划" in page.inner_text("#doc-title")
    assert "一、" in text and "二、" in text
    assert "字" in page.inner_text("#doc-stats") and "分钟" in page.inner_text("#doc-stats")
    bars = page.locator(".sec:not(.school) .sec-bar")
    assert bars.count() >= 3
    assert all("来源：" in t and "行" in t for t in bars.all_inner_texts())
    assert all("本校提供" in t for t in page.locator(".sec.school .sec-bar").all_inner_texts())

    first = page.locator(".sec:not(.school)[data-section]").first
    old_id = first.get_attribute("data-section")
    others = {
        sid: page.locator(f'.sec[data-section="{sid}"]').inner_text()
        for sid in page.locator(".sec[data-section]").evaluate_all("els => els.map(e => e.dataset.section)")[
            1:
        ]
    }
    old_href = page.get_attribute("#dl-docx", "href")
    first.locator("button", has_text="换一段").click()
    page.wait_for_function('old => !document.querySelector(`.sec[data-section="${old}"]`)', arg=old_id)
    assert page.get_attribute("#dl-docx", "href") != old_href
    for sid, before in others.items():
        assert page.locator(f'.sec[data-section="{sid}"]').inner_text() == before, "other sections stay"

    with page.expect_download() as info:
        page.click("#dl-docx")
    download = info.value
    assert download.suggested_filename == f"{SCHOOL}_工作计划.docx"
    path = tmp_path / "plan.docx"
    download.save_as(path)
    check_docx(path)

    page.reload()
    assert page.input_value("#f-school") == SCHOOL, "the profile is remembered in the browser"
    assert page.locator("label.kind", has_text="工作计划").locator("input").is_checked()
    assert (page.input_value("#f-stage"), page.input_value("#f-period")) == ("九年一贯制", "学期")
    assert page.input_value("#f-items") == ITEMS


def fill_school_facts(page) -> None:
    """学段, 城乡, 寄宿, 期间 and the school's own items and figures."""
    page.select_option("#f-stage", "九年一贯制")
    page.select_option("#f-setting", "农村")
    page.select_option("#f-boarding", "是")
    page.click("summary")  # 更多学校信息
    page.select_option("#f-period", "学期")
    page.fill("#f-items", ITEMS)
    page.fill("#f-figures", FIGURES)


def check_docx(path: Path) -> None:
    """The downloaded file opens, carries the school, GB/T 9704 fonts and numbered headings."""
    word = DocxDocument(str(path))
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    assert any(SCHOOL in t for t in texts)
    title = paragraphs[0]
    assert all(east_asia(word, title, r) == "方正小标宋简体" for r in title.runs)
    numbered = [t[:2] for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert numbered[:2] == ["一、", "二、"]
    body = [p for p in paragraphs if p.style.name == "Normal" and len(p.text) > 30]
    assert body and all(east_asia(word, p, r) == "仿宋_GB2312" for p in body for r in p.runs)


def test_a_finding_leads_to_its_paragraph(server, page):
    page.goto(server + "/")
    page.locator("label.kind", has_text="工作计划").click()
    page.fill("#f-school", "青松岭幼儿园")
    page.select_option("#f-stage", "幼儿园")
    for topic in ("食堂与饮食安全", "宿舍"):
        page.locator("label.topic", has_text=topic).click()
    page.fill("#f-items", "食堂：更换消毒柜，确保师生人生安全")  # the school's own words, typo and all
    page.fill("#f-seed", "1")
    page.click("#generate")
    page.wait_for_selector("#findings .finding")
    assert page.inner_text("#check-summary").startswith("发现")
    finding = page.locator("#findings .finding").first
    assert "错别字" in finding.inner_text() and "建议：" in finding.inner_text()
    number = finding.get_attribute("data-para")
    target = page.locator(f'#doc [data-para="{number}"]')
    assert "has-finding" in target.get_attribute("class")
    page.evaluate("window.scrollTo(0, 0)")
    finding.click()
    page.wait_for_function(
        "n => { const p = document.querySelector(`#doc [data-para='${n}']`);"
        " const r = p.getBoundingClientRect();"
        " return p.classList.contains('hit') && r.top >= 0 && r.bottom <= innerHeight; }",
        arg=number,
    )
    quote = finding.locator(".f-quote").inner_text().removeprefix("原文：").strip("…")
    assert quote[:10] in target.inner_text()


def test_every_body_paragraph_says_where_it_comes_from(server, page):
    page.goto(server + "/")
    page.locator("label.kind", has_text="工作总结").click()
    page.fill("#f-school", SCHOOL)
    page.click("#generate")
    page.wait_for_selector(".sec-bar")
    labels = page.locator("#doc .k-body").evaluate_all(
        "ps => ps.map(p => getComputedStyle(p, '::before').content)"
    )
    assert labels and set(labels) <= {'"模板"', '"素材"', '"本校提供"'} and '"素材"' in labels
    assert "模板" in page.locator("#doc .o-template").first.get_attribute("title")
    assert all(t.startswith("素材") for t in page.locator(".sec-bar .who").all_inner_texts())


def test_the_school_s_own_items_are_labelled_and_never_offered_for_swapping(server, page):
    page.goto(server + "/")
    page.locator("label.kind", has_text="工作总结").click()
    page.fill("#f-school", SCHOOL)
    page.locator("label.topic", has_text="食堂与饮食安全").click()
    page.click("summary")  # 更多学校信息
    page.fill("#f-items", f"食堂：{CANTEEN[0]}\n食堂：{CANTEEN[1]}\n{REPAIR}")
    page.fill("#f-seed", "1")
    page.click("#generate")
    page.wait_for_selector(".sec-bar")
    assert all(page.inner_text("#doc").count(words) == 1 for words in (*CANTEEN, REPAIR))
    both = page.locator('.sec[data-section="school:1+2"]')  # the two canteen items, one paragraph
    assert CANTEEN[0] in both.inner_text() and CANTEEN[1] in both.inner_text()
    repair = page.locator(".sec.school", has_text=REPAIR)
    assert "工作要点第 1、2 条" in both.locator(".sec-bar").inner_text()
    assert "工作要点第 3 条" in repair.locator(".sec-bar").inner_text()
    for block in (both, repair):
        assert "本校提供" in block.locator(".sec-bar").inner_text()
        assert block.locator("button").count() == 0, "no 换一段 for the school's own words"
        label = block.locator(".k-body").first.evaluate("p => getComputedStyle(p, '::before').content")
        assert label == '"本校提供"'
    others = page.locator(".sec:not(.school)")
    assert (
        others.count() >= 3 and others.locator(".sec-bar button", has_text="换一段").count() == others.count()
    )

    old = others.first.get_attribute("data-section")
    others.first.locator("button", has_text="换一段").click()
    page.wait_for_function('old => !document.querySelector(`.sec[data-section="${old}"]`)', arg=old)
    assert page.locator('.sec.school[data-section="school:1+2"]').count() == 1, "the items stay"
    assert all(page.inner_text("#doc").count(words) == 1 for words in (*CANTEEN, REPAIR))


def test_checking_a_document_of_one_s_own(server, page, tmp_path):
    page.goto(server + "/")
    page.fill("#f-school", "青松岭幼儿园")
    page.select_option("#f-stage", "幼儿园")
    page.click("#c-start")
    assert "请先选择" in page.inner_text("#check-error")
    plan = tmp_path / "我的计划.md"
    plan.write_text(KINDERGARTEN_PLAN, encoding="utf-8")
    page.set_input_files("#c-file", str(plan))
    assert page.inner_text("#c-file-name") == plan.name
    page.select_option("#c-kind", "plan")
    page.click("#c-start")
    page.wait_for_selector("#check-findings .finding")
    assert page.inner_text("#check-result-summary").startswith(f"《{plan.name}》")
    found = page.locator("#check-findings .finding").all_inner_texts()
    assert any("学段不符" in f and "晚自习" in f for f in found)
    old = tmp_path / "旧文稿.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(200))
    page.set_input_files("#c-file", str(old))
    page.click("#c-start")
    page.wait_for_selector("#check-error:not([hidden])")
    assert "另存为" in page.inner_text("#check-error") and old.name in page.inner_text("#check-error")
    assert page.locator("#check-result").is_hidden()


def test_speech_shows_minutes_instead_of_characters(server, page):
    page.goto(server + "/")
    page.locator("label.kind", has_text="会议讲话稿").click()
    assert page.locator("#f-minutes").is_visible() and not page.locator("#f-chars").is_visible()
    page.fill("#f-school", SCHOOL)
    page.fill("#f-minutes", "8")
    page.click("#generate")
    page.wait_for_selector(".sec-bar")
    assert "讲话约" in page.inner_text("#doc-stats")
    assert "同志们" in page.inner_text("#doc")


def test_errors_are_shown_in_chinese(server, page):
    page.goto(server + "/")
    page.fill("#f-school", "")
    page.click("#generate")
    assert page.inner_text("#write-error") == "请填写学校名称。"
    page.fill("#f-school", SCHOOL)
    page.click("summary")
    page.fill("input[name=学生人数]", "很多")
    page.click("#generate")
    page.wait_for_function("() => document.querySelector('#write-error').textContent.includes('学生人数')")


def test_library_search_upload_and_batch(server, page, tmp_path):
    page.goto(server + "/#library")
    page.wait_for_selector("#lib-results .card")
    page.fill("#l-q", "食堂")
    page.click("#lib-search button[type=submit]")
    # the first listing also says 找到: wait until the search's own results are shown
    page.wait_for_function(
        "() => { const c = document.querySelector('#lib-results .card');"
        " return c && c.textContent.includes('食堂'); }"
    )
    cards = page.locator("#lib-results .card")
    assert cards.count() > 0 and "食堂" in cards.first.inner_text() and "来源：" in cards.first.inner_text()

    upload = tmp_path / "后勤工作要点.txt"
    upload.write_text(
        "学校后勤工作要点\n\n一、加强食堂管理\n严格落实食品留样和陪餐制度，每周检查一次食堂卫生，确保师生饮食安全。\n"
        "二、加强宿舍管理\n宿管人员每晚按时查寝，发现问题及时报告，确保学生住宿安全。\n",
        encoding="utf-8",
    )
    page.set_input_files("#u-files", str(upload))
    assert page.inner_text("#u-file-names") == upload.name
    page.click("#u-preview")
    page.wait_for_selector("#preview .pv-sec")
    assert "加强食堂管理" in page.inner_text("#preview")
    page.click("#u-commit")
    page.wait_for_selector("#commit-result:not([hidden])")
    assert "已加入 1 个文件" in page.inner_text("#commit-result")

    page.click("a[data-page=batch]")
    assert page.locator("#b-kind option").count() == 5
    roster = tmp_path / "花名册.csv"
    long = "食堂：" + "严格执行食品留样和陪餐制度，" * 25 + "确保师生饮食安全"
    roster.write_text(f"学校名称,校长,工作要点\n东风小学,孙丽,\n向阳中学,钱进,{long}\n", encoding="utf-8-sig")
    page.set_input_files("#b-file", str(roster))
    page.click("#batch-start")
    page.wait_for_selector("#b-download:not([hidden])", timeout=60000)
    assert "全部完成" in page.inner_text("#b-status") and "成功 2" in page.inner_text("#b-status")
    table = page.locator("#b-failures table")
    assert table.locator("th").all_inner_texts() == ["行号", "学校名称", "状态", "原因", "提示"]
    [row] = [r for r in table.locator("tbody tr").all() if "向阳中学" in r.inner_text()]
    assert "超过 300 字" in row.locator("td.note").inner_text()
    with page.expect_download() as info:
        page.click("#b-download")
    assert info.value.suggested_filename.endswith(".zip")


# Another site's page attacks the server: a fetch that needs no permission (mode no-cors) uploads a
# document for preview, and a form carrying a roster file starts a batch, as a plain HTML form can.
ATTACK = """async server => {
  const fd = new FormData();
  fd.append("files", new Blob(["学校食堂工作计划\\n一、加强食堂管理\\n严格执行食品留样制度。"]), "计划.txt");
  await fetch(server + "/api/corpus/preview", { method: "POST", mode: "no-cors", body: fd });
  const form = document.createElement("form");
  Object.assign(form, { method: "post", enctype: "multipart/form-data", action: server + "/api/batch" });
  const input = Object.assign(document.createElement("input"), { type: "file", name: "file" });
  const roster = new DataTransfer();
  roster.items.add(new File(["学校名称,校长\\n东风小学,孙丽\\n"], "花名册.csv", { type: "text/csv" }));
  input.files = roster.files;
  form.append(input);
  document.body.append(form);
  form.submit();
}"""


@pytest.fixture(scope="module")
def another_site():
    """A page of another web site: another port of this machine, so the browser lets it reach the
    server as a site on the internet cannot, and it tries what such a site would."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = "<!doctype html><meta charset=utf-8><p>另一个网站</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}/"
    site.shutdown()


def test_another_site_cannot_use_the_server(server, another_site, page):
    state = SERVED[server].state.wengao
    before = (len(state.previews), len(state.jobs))
    page.goto(another_site)
    with page.expect_navigation():
        page.evaluate(ATTACK, server)
    assert "其他网页" in page.inner_text("body")  # the form's answer: refused
    assert (len(state.previews), len(state.jobs)) == before


# Every visible field and button of a form whose box sticks out of the form's content box.
OUTSIDE_THE_PANEL = """form => {
  const box = form.getBoundingClientRect(), style = getComputedStyle(form);
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  return [...form.querySelectorAll("input:not(.sr-only), select, button, label")]
    .filter(el => el.getClientRects().length)
    .filter(el => {
      const r = el.getBoundingClientRect();
      return r.left < left - 0.5 || r.right > right + 0.5;
    })
    .map(el => el.name || el.id || el.textContent.trim().slice(0, 12));
}"""


@pytest.mark.parametrize("kind", ["会议讲话稿", "工作总结"])
def test_the_form_fits_its_panel_at_1400_px(server, page, kind):
    page.goto(server + "/")
    page.locator("label.kind", has_text=kind).click()
    page.click("summary")  # 更多学校信息 open: every field shows
    page.wait_for_selector("label.topic")
    assert page.viewport_size["width"] == 1400
    assert page.locator("#write-form").evaluate(OUTSIDE_THE_PANEL) == []
    assert page.locator("#check-form").evaluate(OUTSIDE_THE_PANEL) == []
    page.click("a[data-page=batch]")
    assert page.locator("#batch-form").evaluate(OUTSIDE_THE_PANEL) == []


@pytest.mark.parametrize("width", [420, 760, 1100, 1800])
def test_the_page_fits_a_narrow_and_a_wide_window(server, page, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "/")
    page.locator("label.kind", has_text="工作计划").click()
    page.fill("#f-school", "青松岭幼儿园")
    page.select_option("#f-stage", "幼儿园")
    page.locator("label.topic", has_text="宿舍").click()
    page.click("summary")
    page.fill("#f-items", "食堂：更换消毒柜，确保师生人生安全")  # a typo the check finds
    page.fill("#f-seed", "1")
    page.click("#generate")
    page.wait_for_selector("#findings .finding")
    check_own_plan(page, tmp_path)
    for form in ("#write-form", "#check-form"):
        assert page.locator(form).evaluate(OUTSIDE_THE_PANEL) == [], form
    assert page.evaluate("document.documentElement.scrollWidth") == width, "nothing sticks out of the window"


def check_own_plan(page, tmp_path) -> None:
    """检查已有文稿 with the kindergarten's plan, until its findings show."""
    plan = tmp_path / "我的计划.md"
    plan.write_text(KINDERGARTEN_PLAN, encoding="utf-8")
    page.set_input_files("#c-file", str(plan))
    page.click("#c-start")
    page.wait_for_selector("#check-findings .finding")


def test_screenshot_shows_a_generated_document(server, page, tmp_path):
    """The README's picture, 1400 px wide: the form filled in, a generated plan in the preview and
    文稿体检 beside it, with the findings of a document of one's own."""
    update = bool(os.environ.get("WENGAO_UPDATE_SCREENSHOT"))
    if update:
        assert has_cjk_font(), "没有中文字体，截图中的汉字会显示成方框：请先运行 make browser"
    page.goto(server + "/")
    page.locator("label.kind", has_text="工作计划").click()
    page.fill("#f-school", SCHOOL)
    page.fill("input[name=校长]", "周明")
    page.fill("input[name=分管后勤领导]", "陈亮")
    page.select_option("#f-stage", "九年一贯制")
    page.select_option("#f-setting", "农村")
    page.select_option("#f-boarding", "是")
    page.fill("#f-items", ITEMS)
    for topic in ("食堂与饮食安全", "宿舍", "水电与维修"):
        page.locator("label.topic", has_text=topic).click()
    page.fill("#f-seed", "3")
    page.click("#generate")
    page.wait_for_selector(".sec-bar")
    check_own_plan(page, tmp_path)
    page.evaluate("document.fonts.ready.then(() => window.scrollTo(0, 0))")
    path = SCREENSHOT if update else tmp_path / SCREENSHOT.name
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(path.read_bytes()[16:20], "big") == 1400, "the picture is 1400 px wide"
    assert SCHOOL in page.inner_text("#doc-title") and page.locator("#doc .k-title").is_visible()
    assert page.locator("#checkup").is_visible() and page.locator("#check-findings .finding").count()


def has_cjk_font() -> bool:
    """True when fontconfig knows a font with Chinese characters (what Chromium draws them with)."""
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())
