// The API documentation page: reads /openapi.json and lists every endpoint by tag, with its
// Chinese description, parameters and request body.
"use strict";

const IN_ZH = { query: "查询参数", path: "路径参数", header: "请求头", cookie: "Cookie" };
const TYPE_ZH = { string: "文字", integer: "整数", number: "数字", boolean: "是/否", array: "列表", object: "对象" };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function resolve(spec, schema) {
  if (schema && schema.$ref) return resolve(spec, spec.components.schemas[schema.$ref.split("/").pop()]);
  return schema || {};
}

function typeOf(spec, schema) {
  schema = resolve(spec, schema);
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(spec, s)).filter((t) => t !== "null").join(" 或 ");
  if (schema.type === "null") return "null";
  if (schema.type === "array") return `${typeOf(spec, schema.items)}列表`;
  if (schema.format === "binary") return "文件";
  return TYPE_ZH[schema.type] || "对象";
}

function limits(schema) {
  const parts = [];
  if (schema.minimum !== undefined) parts.push(`最小 ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`最大 ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`最长 ${schema.maxLength} 字`);
  if (schema.default !== undefined && schema.default !== null) parts.push(`默认 ${JSON.stringify(schema.default)}`);
  return parts.join("，");
}

function paramRows(spec, op) {
  const rows = (op.parameters || []).map((p) => [p.name, IN_ZH[p.in] || p.in, typeOf(spec, p.schema), p.required ? "是" : "否",
    [p.description || "", limits(resolve(spec, p.schema))].filter(Boolean).join("；")]);
  const body = op.requestBody && op.requestBody.content;
  if (body) {
    const [mime, media] = Object.entries(body)[0];
    const schema = resolve(spec, media.schema);
    const where = mime.startsWith("multipart") ? "表单字段" : "JSON 字段";
    for (const [name, prop] of Object.entries(schema.properties || {})) {
      const p = resolve(spec, prop);
      const desc = p.description || (prop.anyOf && prop.anyOf.map((s) => s.description).find(Boolean)) || "";
      rows.push([name, where, typeOf(spec, prop), (schema.required || []).includes(name) ? "是" : "否", [desc, limits(p)].filter(Boolean).join("；")]);
    }
  }
  return rows;
}

function operation(spec, path, method, op) {
  const rows = paramRows(spec, op);
  const box = el("div", { class: "api-op" },
    el("div", { class: "api-head" }, el("span", { class: `api-method m-${method}`, text: method.toUpperCase() }), el("code", { text: path }), el("strong", { text: op.summary || "" })),
    op.description ? el("p", { text: op.description }) : null);
  if (rows.length) {
    box.append(el("table", { class: "plain" },
      el("thead", {}, el("tr", {}, ["名称", "位置", "类型", "必填", "说明"].map((h) => el("th", { text: h })))),
      el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c, i) => el("td", {}, i === 0 ? el("code", { text: c }) : c)))))));
  }
  return box;
}

async function start() {
  const list = document.getElementById("api-list");
  let spec;
  try {
    spec = await (await fetch("/openapi.json")).json();
  } catch (err) {
    list.textContent = "无法读取接口描述，请确认文稿服务正在运行。";
    return;
  }
  document.getElementById("api-title").textContent = spec.info.title;
  document.getElementById("api-desc").textContent = spec.info.description || "";
  for (const tag of spec.tags || []) {
    list.append(el("h2", { text: tag.name }), el("p", { class: "hint", text: tag.description || "" }));
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if ((op.tags || []).includes(tag.name)) list.append(operation(spec, path, method, op));
      }
    }
  }
}

document.addEventListener("DOMContentLoaded", start);
