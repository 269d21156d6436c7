// The page's script for its three pages: 写稿, 批量, 素材库. Every text goes in with textContent;
// only the document preview, escaped and cleaned with nh3 by the server, goes in as HTML.
"use strict";

const STORE_KEY = "wengao.form.v1";
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const state = { kinds: [], topics: [], roles: [], doc: null, job: null, pollTimer: null, preview: null, libOffset: 0 };

// ---------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (err) {
    throw new Error("无法连接到本机的文稿服务，请确认启动它的窗口还开着，然后刷新页面。");
  }
  let data = null;
  try { data = await response.json(); } catch (err) { data = null; }
  if (!response.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : `请求没有成功（错误代码 ${response.status}）。`;
    throw new Error(detail);
  }
  return data;
}

function postJSON(path, body) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function showError(node, message) {
  node.textContent = message || "";
  node.hidden = !message;
}

let toastTimer = null;
function toast(message, bad = false) {
  const node = $("#toast");
  node.textContent = message;
  node.classList.toggle("bad", bad);
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, bad ? 6000 : 3000);
}

async function busy(button, label, work) {
  const old = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try { return await work(); } finally { button.disabled = false; button.textContent = old; }
}

const fmt = (n) => Number(n || 0).toLocaleString("zh-CN");

function sourceText(src) {
  if (!src) return "来源：模板文字";
  const title = src.article_title ? `《${src.article_title}》` : "";
  return `来源：${src.file}${title}第 ${src.lines[0]}–${src.lines[1]} 行`;
}

// Which of the school's own words a section holds: 工作要点第 1、2 条 (school:1+2) or 主要数据.
function schoolText(info) {
  if (info.figures) return "学校主要数据";
  return `学校工作要点第 ${(info.items || []).join("、")} 条`;
}

// Where a section of a generated document comes from, as the preview labels it.
function originText(info) {
  if (!info) return "模板：本文种模板中的固定写法";
  if (info.origin === "school") return `本校提供：${schoolText(info)}`;
  return `素材：${sourceText(info.source).replace("来源：", "")}`;
}

function intOrNull(text) {
  const value = String(text || "").trim();
  return value === "" ? null : Number(value);
}

function fileNames(input) {
  return Array.from(input.files).map((f) => f.name).join("、") || "未选择文件";
}

// ---------------------------------------------------------------- pages

function showPage() {
  const page = (location.hash || "#write").slice(1);
  const known = ["write", "batch", "library"].includes(page) ? page : "write";
  for (const section of $$(".page")) section.hidden = section.dataset.page !== known;
  for (const link of $$(".tabs a[data-page]")) link.classList.toggle("active", link.dataset.page === known);
  if (known === "library" && !$("#lib-results").childElementCount) searchLibrary(true);
}

// ---------------------------------------------------------------- 写稿: form and memory

function currentKind() {
  const checked = $("input[name=kind]:checked");
  return checked ? checked.value : "summary";
}

function readForm() {
  const form = $("#write-form");
  const profile = {};
  for (const input of $$("[name]", form)) {
    if (["kind", "topic", "chars", "minutes", "seed"].includes(input.name)) continue;
    profile[input.name] = input.value.trim();
  }
  const topics = $$("input[name=topic]:checked").map((c) => c.value);
  return { kind: currentKind(), profile, topics, chars: $("#f-chars").value.trim(), minutes: $("#f-minutes").value.trim(), seed: $("#f-seed").value.trim() };
}

function saveForm() {
  try { localStorage.setItem(STORE_KEY, JSON.stringify(readForm())); } catch (err) { /* a browser that refuses storage: nothing to remember */ }
}

function loadSaved() {
  try { return JSON.parse(localStorage.getItem(STORE_KEY) || "null"); } catch (err) { return null; }
}

function restoreForm(saved) {
  if (!saved) return;
  for (const [name, value] of Object.entries(saved.profile || {})) {
    const input = $(`#write-form [name="${CSS.escape(name)}"]`);
    if (input) input.value = value;
  }
  for (const select of $$("#write-form select")) if (select.selectedIndex < 0) select.value = "";
  if ($$(".more input, .more select").some((input) => input.value)) $(".more").open = true;
  $("#f-chars").value = saved.chars || "";
  $("#f-minutes").value = saved.minutes || "";
  $("#f-seed").value = saved.seed || "0";
}

function renderKinds(saved) {
  const box = $("#kinds");
  box.replaceChildren();
  const chosen = (saved && saved.kind) || "summary";
  for (const k of state.kinds) {
    const input = el("input", { type: "radio", name: "kind", value: k.kind, checked: k.kind === chosen });
    box.append(el("label", { class: "kind" }, input, el("span", { text: k.name })));
  }
  if (!$("input[name=kind]:checked") && box.firstChild) $("input", box).checked = true;
  onKindChange();
}

function onKindChange() {
  const kind = currentKind();
  const info = state.kinds.find((k) => k.kind === kind);
  $("#kind-desc").textContent = info ? info.description : "";
  const speech = kind === "speech";
  for (const node of $$(".speech-only")) node.hidden = !speech;
  $(".len-chars").hidden = speech;
  $(".len-minutes").hidden = !speech;
}

function renderTopicChecks(saved) {
  const box = $("#topics");
  const ticked = new Set((saved && saved.topics) || $$("input[name=topic]:checked").map((c) => c.value));
  box.replaceChildren();
  for (const t of state.topics) {
    const input = el("input", { type: "checkbox", name: "topic", value: t.name, checked: ticked.has(t.name) });
    box.append(el("label", { class: "topic", title: t.aliases.join("、") }, input, t.name, el("em", { text: `${t.count}段` })));
  }
}

function requestBody() {
  const f = readForm();
  const body = { kind: f.kind, profile: f.profile, topics: f.topics, seed: intOrNull(f.seed) ?? 0 };
  if (f.kind === "speech") body.minutes = intOrNull(f.minutes);
  else body.chars = intOrNull(f.chars);
  return body;
}

function checkForm(body) {
  if (!body.profile["学校名称"]) return "请填写学校名称。";
  for (const [key, label] of [["chars", "字数"], ["minutes", "讲话时长"], ["seed", "版本号"]]) {
    if (body[key] !== null && body[key] !== undefined && !Number.isFinite(body[key])) return `${label}应为数字。`;
  }
  return "";
}

async function generate(event) {
  event.preventDefault();
  saveForm();
  const body = requestBody();
  const problem = checkForm(body);
  showError($("#write-error"), problem);
  if (problem) { $("#f-school").focus(); return; }
  await busy($("#generate"), "正在生成…", async () => {
    try {
      showDocument(await postJSON("/api/generate", body));
    } catch (err) {
      showError($("#write-error"), err.message);
    }
  });
}

// ---------------------------------------------------------------- 写稿: the document

function showDocument(doc, changed = null) {
  state.doc = doc;
  $("#doc-empty").hidden = true;
  $("#doc-toolbar").hidden = false;
  $("#doc-wrap").hidden = false;
  $("#doc-title").textContent = `${doc.kind_name}：${doc.title}`;
  const time = doc.kind === "speech" ? `讲话约 ${doc.minutes} 分钟` : `约 ${doc.minutes} 分钟读完`;
  const warn = (doc.warnings || []).length ? ` · 提示：${doc.warnings.join("；")}` : "";
  $("#doc-stats").textContent = `共 ${fmt(doc.chars)} 字 · ${time} · 版本号 ${doc.seed}${warn}`;
  $("#dl-docx").href = doc.downloads.docx;
  $("#dl-md").href = doc.downloads.md;
  const paper = $("#doc");
  paper.innerHTML = doc.preview_html; // every text escaped and cleaned with nh3 by the server
  decorateSections(paper, doc);
  renderFindings(doc.findings || []);
  if (changed) flashSection(paper, changed);
  else window.scrollTo({ top: 0, behavior: "smooth" });
}

function sectionsOf(doc) {
  const map = new Map();
  for (const slot of doc.outline) for (const s of slot.sections) map.set(s.section_id, s);
  return map;
}

function decorateSections(paper, doc) {
  const sections = sectionsOf(doc);
  for (const block of $$(".sec[data-section]", paper)) {
    const info = sections.get(block.dataset.section) || { origin: "corpus", source: null };
    block.prepend(info.origin === "school" ? schoolBar(block, info) : corpusBar(block, info));
    for (const p of $$(".k-body", block)) p.title = originText(info);
  }
  for (const p of $$(".o-template", paper)) p.title = originText(null);
}

function corpusBar(block, info) {
  const id = block.dataset.section;
  const text = sourceText(info.source);
  const button = el("button", { type: "button", class: "btn small swap", "data-section": id, text: "换一段",
    title: "换成同一位置的另一段素材，其余各段不变", onclick: () => swapSection(id, button) });
  const what = el("span", { class: "what" }, el("span", { class: "who", text: "素材" }), el("span", { class: "src", title: text, text }));
  return el("div", { class: "sec-bar" }, what, button);
}

// The school's own items are its words: labelled, never offered for 换一段.
function schoolBar(block, info) {
  block.classList.add("school");
  const field = info.figures ? "主要数据" : "工作要点";
  const text = `${schoolText(info)}（原样写入，要修改请改左侧的“${field}”）`;
  return el("div", { class: "sec-bar" }, el("span", { class: "what" },
    el("span", { class: "who school", text: "本校提供" }), el("span", { class: "src", title: text, text })));
}

// ---------------------------------------------------------------- 写稿: 文稿体检

function findingItem(f, clickable) {
  const where = f.paragraph ? `第 ${f.paragraph} 段${f.heading ? ` · ${f.heading}` : ""}` : "全文";
  const item = el("li", { class: "finding", "data-para": clickable && f.paragraph ? f.paragraph : null },
    el("div", { class: "f-head" }, el("span", { class: "tag role", text: f.name }), el("span", { class: "f-where", title: where, text: where })),
    f.quote ? el("div", { class: "f-quote", text: `原文：${f.quote}` }) : null,
    el("div", { class: "f-fix", text: `建议：${f.fix}` }));
  if (item.dataset.para) {
    item.tabIndex = 0;
    item.title = "点击查看文稿中的这一段";
    item.addEventListener("click", () => showParagraph(item.dataset.para));
    item.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showParagraph(item.dataset.para); } });
  }
  return item;
}

function summaryText(findings) {
  if (!findings.length) return "未发现问题。";
  const counts = new Map();
  for (const f of findings) counts.set(f.name, (counts.get(f.name) || 0) + 1);
  return `发现 ${findings.length} 处问题：${Array.from(counts, ([name, n]) => `${name} ${n}`).join("、")}。点击一条可查看原文。`;
}

function renderFindings(findings) {
  const summary = $("#check-summary");
  summary.textContent = summaryText(findings);
  summary.classList.toggle("check-none", !findings.length);
  $("#findings").replaceChildren(...findings.map((f) => findingItem(f, true)));
  for (const f of findings) {
    const para = $(`#doc [data-para="${Number(f.paragraph)}"]`);
    if (para) { para.classList.add("has-finding"); para.title = `${f.name}：${f.fix}`; }
  }
}

function showParagraph(number) {
  const para = $(`#doc [data-para="${Number(number)}"]`);
  if (!para) return;
  for (const old of $$("#doc .hit")) old.classList.remove("hit");
  para.classList.add("hit");
  para.scrollIntoView({ block: "center", behavior: "smooth" });
  setTimeout(() => para.classList.remove("hit"), 2500);
}

async function checkUpload(event) {
  event.preventDefault();
  const file = $("#c-file").files[0];
  showError($("#check-error"), "");
  if (!file) { showError($("#check-error"), "请先选择要检查的文稿（.docx、.md 或 .txt）。"); return; }
  const data = new FormData();
  data.append("file", file);
  data.append("kind", $("#c-kind").value);
  if ($("#c-school").checked) data.append("profile", JSON.stringify(readForm().profile));
  await busy($("#c-start"), "正在检查…", async () => {
    try {
      renderCheckResult(await api("/api/check", { method: "POST", body: data }));
    } catch (err) {
      $("#check-result").hidden = true;
      showError($("#check-error"), err.message);
    }
  });
}

function renderCheckResult(result) {
  $("#check-result").hidden = false;
  const line = $("#check-result-summary");
  line.textContent = `《${result.name}》（${fmt(result.chars)} 字）：${result.summary}`;
  line.classList.toggle("check-none", !result.findings.length);
  $("#check-findings").replaceChildren(...result.findings.map((f) => findingItem(f, false)));
}

function flashSection(paper, id) {
  const block = $(`.sec[data-section="${CSS.escape(id)}"]`, paper);
  if (!block) return;
  block.classList.add("flash");
  block.scrollIntoView({ block: "center", behavior: "smooth" });
  setTimeout(() => block.classList.remove("flash"), 1800);
}

async function swapSection(sectionId, button) {
  if (!state.doc) return;
  await busy(button, "正在换…", async () => {
    try {
      const doc = await postJSON(`/api/documents/${state.doc.id}/swap`, { section_id: sectionId });
      showDocument(doc, doc.replaced && doc.replaced.new);
      toast("已换成另一段素材。");
    } catch (err) {
      toast(err.message, true);
    }
  });
}

// ---------------------------------------------------------------- 批量

function renderBatchKinds() {
  const select = $("#b-kind");
  select.replaceChildren(...state.kinds.map((k) => el("option", { value: k.kind, text: k.name, selected: k.kind === "summary" })));
  $("#c-kind").replaceChildren(el("option", { value: "", text: "按标题判断文种" }), ...state.kinds.map((k) => el("option", { value: k.kind, text: k.name })));
}

async function startBatch(event) {
  event.preventDefault();
  const file = $("#b-file").files[0];
  if (!file) { showError($("#batch-error"), "请先选择花名册文件（.xlsx 或 .csv）。"); return; }
  showError($("#batch-error"), "");
  const data = new FormData();
  data.append("file", file);
  data.append("kind", $("#b-kind").value);
  data.append("seed", String(intOrNull($("#b-seed").value) ?? 0));
  data.append("topics", $("#b-topics").value.trim());
  if ($("#b-chars").value.trim()) data.append("chars", $("#b-chars").value.trim());
  await busy($("#batch-start"), "正在上传…", async () => {
    try {
      showJob(await api("/api/batch", { method: "POST", body: data }));
      pollJob();
    } catch (err) {
      showError($("#batch-error"), err.message);
    }
  });
}

function showJob(job) {
  state.job = job;
  $("#batch-progress").hidden = false;
  const share = job.total ? Math.round((job.done / job.total) * 100) : 0;
  $("#b-bar").style.width = `${job.status === "running" ? share : 100}%`;
  $("#b-status").textContent = jobLine(job);
  $("#b-cancel").hidden = job.status !== "running";
  $("#b-download").hidden = !job.download;
  if (job.download) $("#b-download").href = job.download;
  renderRowNotes(job.failures, job.notes);
}

function jobLine(job) {
  const counts = `已处理 ${fmt(job.done)} / ${fmt(job.total)} 所学校 · 成功 ${fmt(job.ok)} · 未完成 ${fmt(job.failed)} · 用时 ${job.seconds} 秒`;
  if (job.status === "running") return `正在生成（${job.kind_name}）… ${counts}${job.message ? `。${job.message}` : ""}`;
  if (job.status === "failed") return `出错了：${job.message}`;
  const overlap = job.max_overlap !== null && job.max_overlap !== undefined ? ` · 任意两份文稿正文重合最多 ${Math.round(job.max_overlap * 100)}%` : "";
  const head = job.status === "cancelled" ? "已停止，已完成的文稿可以下载。" : "全部完成！";
  return `${head}${counts}${overlap}`;
}

// Rows not written (原因) and rows written with a 提示 (an 工作要点 left out or too long), in roster
// order, as report.csv has them.
function renderRowNotes(failures, notes) {
  const box = $("#b-failures");
  box.replaceChildren();
  const all = [...(failures || []), ...(notes || [])].sort((a, b) => a.row - b.row);
  if (!all.length) return;
  const rows = all.map((f) => el("tr", {}, el("td", { text: f.row }), el("td", { text: f.school || "（无）" }),
    el("td", { text: f.status }), el("td", { text: f.reason || "" }), el("td", { class: "note", text: f.note || "" })));
  const lead = (failures || []).length ? "以下各行没有生成或需要留意" : "以下各行已生成，但有提示";
  box.append(el("p", { class: "hint", text: `${lead}（详见压缩包中的 report.csv）：` }),
    el("table", { class: "plain" }, el("thead", {}, el("tr", {}, ["行号", "学校名称", "状态", "原因", "提示"].map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
}

function pollJob() {
  clearTimeout(state.pollTimer);
  if (!state.job || state.job.status !== "running") return;
  state.pollTimer = setTimeout(async () => {
    try {
      showJob(await api(`/api/batch/${state.job.id}`));
    } catch (err) {
      showError($("#batch-error"), err.message);
      return;
    }
    pollJob();
  }, 600);
}

async function cancelJob() {
  if (!state.job) return;
  try { showJob(await api(`/api/batch/${state.job.id}/cancel`, { method: "POST" })); } catch (err) { toast(err.message, true); }
}

// ---------------------------------------------------------------- 素材库: browse

function renderLibraryFilters() {
  const roles = $("#l-role");
  roles.replaceChildren(el("option", { value: "", text: "全部作用" }), ...state.roles.map((r) => el("option", { value: r.role, text: r.name })));
  const topics = $("#l-topic");
  const chosen = topics.value;
  topics.replaceChildren(el("option", { value: "", text: "全部主题" }), ...state.topics.map((t) => el("option", { value: t.name, text: `${t.name}（${t.count}）` })));
  topics.value = chosen;
}

async function loadStats() {
  try {
    const s = await api("/api/corpus/stats");
    $("#lib-stats").textContent = `来源文件 ${fmt(s["来源文件"])} 个 · 文章 ${fmt(s["文章"])} 篇 · 段落 ${fmt(s["段落节"])} 段（可复用 ${fmt(s["可复用"])} 段） · 共 ${fmt(s["汉字数"])} 字`;
  } catch (err) {
    $("#lib-stats").textContent = err.message;
  }
}

async function searchLibrary(reset) {
  if (reset) state.libOffset = 0;
  const params = new URLSearchParams({ q: $("#l-q").value.trim(), role: $("#l-role").value, topic: $("#l-topic").value, offset: state.libOffset, limit: 30 });
  try {
    const data = await api(`/api/corpus/sections?${params}`);
    if (reset) $("#lib-results").replaceChildren();
    $("#lib-results").append(...data.items.map(sectionCard));
    state.libOffset += data.items.length;
    $("#lib-count").textContent = data.total ? `找到 ${fmt(data.total)} 段，已显示 ${fmt(state.libOffset)} 段。` : "没有找到符合条件的段落，换个关键词试试。";
    $("#lib-more").hidden = state.libOffset >= data.total;
  } catch (err) {
    $("#lib-count").textContent = err.message;
  }
}

function clipped(paragraphs, limit = 160) {
  const text = paragraphs.join("\n");
  if (text.length <= limit) return el("div", { class: "text", text });
  const box = el("div", { class: "text", text: `${text.slice(0, limit)}…` });
  const more = el("button", { type: "button", class: "more-link", text: "展开全文",
    onclick: () => { box.textContent = text; more.remove(); } });
  return el("div", {}, box, more);
}

function tagsOf(s) {
  return el("div", { class: "tags" },
    el("span", { class: "tag role", text: s.role_name }),
    s.topics.map((t) => el("span", { class: "tag", text: t })),
    s.mood_name ? el("span", { class: "tag", text: s.mood_name }) : null,
    s.reusable ? null : el("span", { class: "tag warn", title: s.notes.join("；"), text: "不直接复用" }));
}

function sectionCard(s) {
  return el("article", { class: "card" },
    el("h3", { text: s.heading || "（无标题段落）" }),
    tagsOf(s),
    clipped(s.paragraphs),
    el("div", { class: "src", text: `${sourceText(s.source)} · 编号 ${s.id}` }));
}

// ---------------------------------------------------------------- 素材库: upload, preview, commit

async function previewUpload(event) {
  event.preventDefault();
  const input = $("#u-files");
  showError($("#upload-error"), "");
  $("#commit-result").hidden = true;
  if (!input.files.length) { showError($("#upload-error"), "请先选择要上传的文档。"); return; }
  const data = new FormData();
  for (const file of input.files) data.append("files", file);
  await busy($("#u-preview"), "正在分析…", async () => {
    try {
      renderPreview(await api("/api/corpus/preview", { method: "POST", body: data }));
    } catch (err) {
      showError($("#upload-error"), err.message);
    }
  });
}

function renderPreview(preview) {
  state.preview = preview;
  const body = $("#preview-body");
  body.replaceChildren(el("p", { class: "hint", text: `共 ${preview.files.length} 个文件，可加入 ${fmt(preview.sections)} 个段落。以下是清洗、分段后的结果，确认无误再加入素材库：` }));
  for (const file of preview.files) body.append(previewFile(file));
  $("#preview").hidden = false;
}

function previewFile(file) {
  const box = el("div", { class: "pv-file" }, el("h3", { text: file.ok ? `${file.name}（${file.articles.length} 篇文章，${file.sections} 段）` : `${file.name}（不能导入）` }));
  if (!file.ok) { box.append(el("p", { class: "error", text: file.error })); return box; }
  for (const article of file.articles) {
    box.append(el("div", { class: "pv-article" }, el("h4", { text: `《${article.title || "无标题"}》` }),
      article.sections.map((s) => el("div", { class: `pv-sec level-${s.level}` },
        el("div", { class: "head", text: s.heading || "（正文）" }), tagsOf(s), clipped(s.paragraphs, 120),
        el("div", { class: "src hint", text: `原文第 ${s.source.lines[0]}–${s.source.lines[1]} 行` })))));
  }
  return box;
}

async function commitPreview() {
  if (!state.preview) return;
  await busy($("#u-commit"), "正在加入…", async () => {
    try {
      const result = await api(`/api/corpus/commit/${state.preview.preview_id}`, { method: "POST" });
      state.preview = null;
      $("#preview").hidden = true;
      $("#u-files").value = "";
      $("#u-file-names").textContent = "未选择文件";
      const parts = [`已加入 ${result.added.length} 个文件`];
      if (result.unchanged.length) parts.push(`${result.unchanged.length} 个文件素材库中已有，未重复加入`);
      if (result.errors.length) parts.push(`未能加入：${result.errors.join(" ")}`);
      const done = $("#commit-result");
      done.textContent = `${parts.join("；")}。素材库现有 ${fmt(result.sections)} 段。`;
      done.hidden = false;
      await refreshCorpus();
    } catch (err) {
      showError($("#upload-error"), err.message);
    }
  });
}

async function discardPreview() {
  if (!state.preview) return;
  const id = state.preview.preview_id;
  state.preview = null;
  $("#preview").hidden = true;
  try { await api(`/api/corpus/preview/${id}`, { method: "DELETE" }); } catch (err) { /* an expired preview is gone anyway */ }
  toast("已放弃，没有保存任何内容。");
}

async function refreshCorpus() {
  state.topics = await api("/api/corpus/topics");
  renderTopicChecks(null);
  renderLibraryFilters();
  loadStats();
  searchLibrary(true);
}

// ---------------------------------------------------------------- start

async function start() {
  window.addEventListener("hashchange", showPage);
  const saved = loadSaved();
  restoreForm(saved);
  try {
    [state.kinds, state.topics, state.roles] = await Promise.all([api("/api/kinds"), api("/api/corpus/topics"), api("/api/corpus/roles")]);
  } catch (err) {
    showError($("#write-error"), err.message);
  }
  renderKinds(saved);
  renderTopicChecks(saved);
  renderBatchKinds();
  renderLibraryFilters();
  loadStats();
  $("#kinds").addEventListener("change", () => { onKindChange(); saveForm(); });
  $("#write-form").addEventListener("input", saveForm);
  $("#write-form").addEventListener("change", saveForm);
  $("#write-form").addEventListener("submit", generate);
  $("#seed-next").addEventListener("click", () => { $("#f-seed").value = String((intOrNull($("#f-seed").value) || 0) + 1); saveForm(); });
  $("#clear-form").addEventListener("click", clearProfile);
  $("#print").addEventListener("click", () => window.print());
  $("#c-file").addEventListener("change", () => { $("#c-file-name").textContent = fileNames($("#c-file")); });
  $("#check-form").addEventListener("submit", checkUpload);
  $("#batch-form").addEventListener("submit", startBatch);
  $("#b-file").addEventListener("change", () => { $("#b-file-name").textContent = fileNames($("#b-file")); });
  $("#b-cancel").addEventListener("click", cancelJob);
  $("#lib-search").addEventListener("submit", (e) => { e.preventDefault(); searchLibrary(true); });
  $("#lib-more").addEventListener("click", () => searchLibrary(false));
  $("#u-files").addEventListener("change", () => { $("#u-file-names").textContent = fileNames($("#u-files")); });
  $("#lib-upload").addEventListener("submit", previewUpload);
  $("#u-commit").addEventListener("click", commitPreview);
  $("#u-discard").addEventListener("click", discardPreview);
  showPage();
}

function clearProfile() {
  for (const input of $$("#write-form input:not([type=radio]):not([type=checkbox]), #write-form select, #write-form textarea")) input.value = "";
  $("#f-seed").value = "0";
  for (const box of $$("input[name=topic]")) box.checked = false;
  saveForm();
  toast("已清空学校信息。");
}

document.addEventListener("DOMContentLoaded", start);
