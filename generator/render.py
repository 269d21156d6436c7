"""Rendering: lay an outline out with its kind's Jinja2 template, as the project's Markdown.

Each kind is a folder ``<templates>/<kind>/`` with ``recipe.yaml`` (the outline's slots)
and ``template.md.j2``; macros shared by all kinds live in ``<templates>/_common/``. A
user's folder comes first, so its kinds (and macros) override the built-in ones.

Templates run in Jinja2's sandbox with StrictUndefined. Corpus and profile text reach a
template only as data (strings it prints), so ``{{ 7*7 }}`` inside a paragraph is printed
as it is. The template writes one paragraph per line; this module numbers the headings
(一、 （一） 1. （1）), traces every paragraph to its corpus section and writes the
Markdown of /tmp/wengao_markdown.md, and the HTML preview.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import re
import threading
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path

import yaml
from jinja2 import (
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment

from .config import CHARS_PER_MINUTE, KINDS, MOODS, PLACEHOLDERS, ROLES, TEXT_CACHE
from .errors import ProfileError, UsageError, WengaoError
from .model import Chosen, DocPara, Document, Outline, Profile, Recipe, Slot, chinese_chars
from .profile import fill_defaults, term_months, term_season

RECIPE = "recipe.yaml"
COMMON = "_common"
MAX_HEADING = 32  # a longer "heading" is a lead sentence and goes into the text
DEFAULT_DOMAIN = "后勤"

_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # trace marker around a section id (private use area)
_MARK = re.compile(f"{_MARK_OPEN}([^{_MARK_CLOSE}]*){_MARK_CLOSE}")
_PRIVATE = re.compile("[\ue000-\uf8ff\x00-\x08\x0b-\x1f\x7f]")
_CLASS_LINE = re.compile(r"\{:\s*\.(speaker|subtitle|salutation|signature)\s*\}")
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)][、.．]?|[一二三四五六七八九十]{1,3}[、.．]"
    r"|第[一二三四五六七八九十]{1,3}[，,、：:]|[（(]\d{1,2}[）)][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|\d{1,2}[）)]|[①-⑳])\s*"
)
# Text that must never reach a document (issue 3): template years, XX, ××, 某某, unfilled {字段}.
_LEFTOVER = re.compile(
    r"20[xX×ｘＸ]{2}|(?<![A-Za-z])[xX×ｘＸ]{2,}(?![A-Za-z])|某某|○○|(?<!\{)\{([^{}\s]{1,12})\}(?!\})"
)
_LEFTOVER_HINT = re.compile("[xX×ｘＸ某○{]")  # a character every _LEFTOVER match holds: a quick first look
_LINE_START = re.compile(r"^(?:[#>]+\s*|[-+*]\s+)+")  # what would make a line a heading, quote or list
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_POINT_NUMBER = re.compile(r"^(\d+)\.(\s)")
# What clean_text may change: control or private-use characters, runs of spaces, spaces at
# either end, "{:", a first character that could start a heading, quote or list.
_UNCLEAN = re.compile("[\x00-\x1f\x7f\ue000-\uf8ff]|  |\\{:|^[\\s#>+*-]|\\s$")
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_LEVEL_PREFIX = {"title": "# ", "h1": "## ", "h2": "### ", "h3": "#### ", "h4": "##### "}
_CLASS_OF = {
    "speaker": "speaker",
    "subtitle": "subtitle",
    "salutation": "salutation",
    "signature": "signature",
    "date": "signature",
}
_CN_DIGITS = "零一二三四五六七八九"
_HEADING_KINDS = {1: "title", 2: "h1", 3: "h2", 4: "h3", 5: "h4"}  # number of # → paragraph kind


# ---------------------------------------------------------------- recipes


def load_recipe(kind: str, dirs: list[Path]) -> Recipe:
    """The recipe of ``kind`` from the first folder that has it (a user's folder comes first)."""
    if re.fullmatch(r"[\w\-]+", kind or "") and not kind.startswith(("_", ".")):
        for folder in dirs:
            path = Path(folder) / kind / RECIPE
            if path.is_file():
                return _read_recipe(path, kind)
    available = "、".join(f"{k}（{name}）" for k, name, _ in list_kinds(dirs))
    raise UsageError(f"未知的文种“{kind}”。可用的文种有：{available or '（没有找到任何模板）'}。")


def list_kinds(dirs: list[Path]) -> list[tuple[str, str, str]]:
    """(kind, Chinese name, one-line description) of every kind in ``dirs``; the first folder wins."""
    found: dict[str, tuple[str, str, str]] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob(f"*/{RECIPE}")) if Path(folder).is_dir() else []:
            kind = path.parent.name
            if kind not in found and not kind.startswith(("_", ".")):
                recipe = _read_recipe(path, kind)
                found[kind] = (kind, recipe.name, recipe.description)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found.values(), key=lambda row: order.get(row[0], len(order)))


_RECIPES: dict[tuple[str, int], Recipe] = {}


def _read_recipe(path: Path, kind: str) -> Recipe:
    """Parse and check one recipe.yaml (cached while the file is unchanged)."""
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _RECIPES:
        _RECIPES[key] = _parse_recipe(path, kind)
    return _RECIPES[key]


def _parse_recipe(path: Path, kind: str) -> Recipe:
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UsageError(
            f"模板配置文件“{path}”无法读取或格式有误：{err}。请检查缩进、冒号和编码（UTF-8）。"
        ) from err
    if not isinstance(data, dict):
        raise UsageError(
            f"模板配置文件“{path}”应为“字段: 值”的形式，至少包含 name、description、default_chars、slots。"
        )
    slots = data.get("slots")
    if not isinstance(slots, list) or not slots:
        raise UsageError(f"模板配置文件“{path}”缺少“slots”（文稿的栏目列表）。")
    return Recipe(
        kind=kind,
        name=_text(data, "name", path),
        description=_text(data, "description", path),
        default_chars=_integer(data, "default_chars", path, 100),
        slots=[_slot(s, n, path) for n, s in enumerate(slots, 1)],
        template=str(data.get("template") or "template.md.j2"),
        folder=str(path.parent),
        overhead=_integer(data, "overhead", path, 0, 0),
        overhead_per_topic=_integer(data, "overhead_per_topic", path, 0, 0),
    )


def _text(data: dict, key: str, path: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"模板配置文件“{path}”缺少“{key}”，或它不是一段文字。")
    return value.strip()


def _integer(data: dict, key: str, path: Path, low: int, default: int | None = None) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UsageError(f"模板配置文件“{path}”中的“{key}”应为不小于 {low} 的整数，现在是“{value}”。")
    return value


def _slot(data: object, n: int, path: Path) -> Slot:
    """One slot of a recipe, checked field by field with a message naming it."""
    where = f"模板配置文件“{path}”第 {n} 个栏目"
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise UsageError(f"{where}应包含“name”（栏目名）。")
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
        raise UsageError(f"{where}（{data['name']}）的“roles”有误：应为列表，取值为 {'、'.join(ROLES)}。")
    count = data.get("count", [1, 1])
    if not (
        isinstance(count, list)
        and len(count) == 2
        and all(isinstance(c, int) for c in count)
        and 0 <= count[0] <= count[1]
        and count[1] >= 1
    ):
        raise UsageError(f"{where}（{data['name']}）的“count”应为 [最少, 最多] 两个整数，例如 [1, 2]。")
    share, mood = data.get("share", 0.1), data.get("mood") or ""
    if isinstance(share, bool) or not isinstance(share, int | float) or share <= 0:
        raise UsageError(f"{where}（{data['name']}）的“share”（篇幅比例）应为正数，例如 0.2。")
    if mood not in MOODS and mood != "":
        raise UsageError(f"{where}（{data['name']}）的“mood”应为 {'、'.join(MOODS)} 之一，或不写。")
    return Slot(
        data["name"],
        list(roles),
        float(share),
        (count[0], count[1]),
        mood,
        bool(data.get("per_topic", False)),
        str(data.get("heading") or ""),
    )


# ---------------------------------------------------------------- what templates see


@dataclass(frozen=True)
class Item:
    """One chosen section as a template sees it: marked heading and paragraphs."""

    id: str
    heading: str  # "" when none
    paras: tuple[str, ...]
    topic: str


@dataclass(frozen=True)
class Group:
    """A heading with the items under it (a slot, or one topic of a per-topic slot)."""

    heading: str
    items: tuple[Item, ...]
    topic: str = ""


@dataclass(frozen=True)
class Term:
    """The school term a document is about, for titles, schedules and timelines."""

    label: str  # 2025—2026学年第二学期
    season: str  # 春季 | 秋季
    months: tuple[int, ...]  # 3, 4, 5, 6, 7
    month_labels: tuple[str, ...]  # 2026年3月, ...
    phases: tuple[str, str, str]  # 2026年3月 / 2026年4月至6月 / 2026年7月


@dataclass(frozen=True)
class TopicInfo:
    name: str
    label: str  # as it reads in a sentence: 安全总体 → 校园安全, 后勤综合 → 后勤


# Fields templates read through the sandbox's fast path (plain data; none starts with "_").
_PLAIN_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclass_fields(cls)) for cls in (Item, Group, Term, TopicInfo)
}


def clean_text(text: str) -> str:
    """One line of plain text that cannot start a heading, list or quote, nor set a class.

    Other characters stay as written (a corpus ``{{ 7*7 }}`` is printed as it is); the HTML
    preview escapes everything it shows.
    """
    if type(text) is str and (_looks_clean(text) or not _UNCLEAN.search(text)):
        return text  # most text is clean already: one quick look instead of three rewrites
    text = _SPACES.sub(" ", _PRIVATE.sub("", str(text))).strip()
    return _LINE_START.sub("", text.replace("{:", "{ :"))


def _looks_clean(text: str) -> bool:
    """A sufficient test that ``_UNCLEAN`` finds nothing, about three times faster than the regex.

    Printable text holds no control, private-use or non-ASCII space character, so only the
    ASCII space is left for the regex's double space and spaces at either end. False only
    means "ask the regex".
    """
    return (
        text.isprintable()
        and "  " not in text
        and "{:" not in text
        and text[:1] not in _UNCLEAN_FIRST
        and text[-1] != " "
    )


_UNCLEAN_FIRST = frozenset(" #>+*-") | {""}  # first characters _UNCLEAN refuses (and the empty text)


def _mark(section_id: str, text: str) -> str:
    return f"{_MARK_OPEN}{section_id}{_MARK_CLOSE}{text}" if text else ""


def _item(chosen: Chosen) -> Item:
    """Mark a chosen section's text; a heading too long to be one becomes its lead sentence."""
    return _marked(chosen.section_id, chosen.heading, tuple(chosen.paragraphs), chosen.topic)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _marked(sid: str, heading: str, paragraphs: tuple[str, ...], topic: str) -> Item:
    """_item of a chosen section's fields; remembered (an Item cannot change), as a batch's
    documents choose the same sections again and again."""
    heading = "" if heading == "" else tidy_heading(clean_text(heading))
    paras = [text for text in map(clean_text, paragraphs) if text]
    if heading and ("。" in heading or (len(heading) > MAX_HEADING and chinese_chars(heading) > MAX_HEADING)):
        paras[:1] = [_lead(heading, paras[0] if paras else "")]
        heading = ""
    mark = f"{_MARK_OPEN}{sid}{_MARK_CLOSE}"  # what _mark puts in front, made once for all paragraphs
    return Item(
        sid, mark + heading if heading else "", tuple(mark + text if text else "" for text in paras), topic
    )


def _lead(heading: str, text: str) -> str:
    """A heading put in front of its paragraph as the lead sentence."""
    plain = _MARK.sub("", heading).rstrip("。；;，,：: ")
    stop = "" if plain.endswith(("？", "！", "?", "!")) else "。"
    return f"{plain}{stop}{_MARK.sub('', text)}"


def tidy_heading(text: str) -> str:
    """A heading without the source's numbering (stripped again here, defensively)."""
    return _NUMBERING.sub("", text.strip(), count=1).strip()


def _merge_lead(item: Item) -> Item:
    """An item whose heading would stand alone as a single sub-heading: keep it as a lead."""
    if not item.heading:
        return item
    first = item.paras[0] if item.paras else ""
    return replace(item, heading="", paras=(_mark(item.id, _lead(item.heading, first)), *item.paras[1:]))


def _group(items: list[Item], heading: str, fallback: str, topic: str = "") -> Group:
    """See _grouped (the items as a tuple, so that the group can be remembered)."""
    return _grouped(tuple(items), heading, fallback, topic)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _grouped(items: tuple[Item, ...], heading: str, fallback: str, topic: str = "") -> Group:
    """A fixed heading, else the main item's own heading (moved to the front), else the fallback.

    The main item is the one whose heading names the topic, else the longest.

    Sub-headings appear only when at least two items have one: a lone （一） reads badly,
    so a lone sub-heading becomes its paragraph's lead sentence instead.

    Remembered (Items and Groups cannot change): a batch's documents group the same sections.
    """
    items = [_drop_echo(it, heading) for it in items]
    headed = [n for n, it in enumerate(items) if it.heading]
    if not heading and headed:
        words = _topic_words(topic)
        first = max(
            headed,
            key=lambda n: (
                any(w in items[n].heading for w in words),  # names the topic
                sum(len(t) for t in items[n].paras),
            ),
        )  # the main section
        heading = items[first].heading
        items.insert(0, replace(items.pop(first), heading=""))
    headed = [it for it in items if it.heading]
    if len(headed) == 1:
        items = [_merge_lead(it) for it in items]
        headed = []
    ordered = [it for it in items if not it.heading] + headed
    return Group(heading or fallback, tuple(ordered), topic)


def _drop_echo(item: Item, heading: str) -> Item:
    """An item's heading that only repeats the part's heading (指导思想 under 指导思想) is dropped."""
    own = _MARK.sub("", item.heading)
    plain = _MARK.sub("", heading)
    if own and plain and (own in plain or plain in own):
        return replace(item, heading="")
    return item


def _topic_words(topic: str) -> list[str]:
    """Words that show a heading is about a topic: 食堂与饮食安全 → 食堂, 饮食安全."""
    return [w for w in re.split(r"[与和及、]", _topic_label(topic)) if len(w) >= 2] if topic else []


def _topic_label(name: str) -> str:
    """A topic as it reads in a sentence: 安全总体 → 校园安全, 后勤综合 → 后勤."""
    if name.endswith("总体") and len(name) > 2:
        return "校园" + name[:-2]
    if name.endswith("综合") and len(name) > 2:
        return name[:-2]
    return name


def count_word(n: int) -> str:
    """A count in Chinese as said before a measure word: 两点, 三点, 十二点."""
    return "两" if n == 2 else cn_number(n)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (heading numbers up to 99)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


class _Context:
    """The functions and values a template may use (plain data and bound methods only)."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.recipe = outline.recipe
        self.items = {name: [_item(c) for c in chosen] for name, chosen in outline.slots.items()}
        self.slots = {s.name: s for s in outline.recipe.slots}

    def has(self, slot: str) -> bool:
        """True when the slot got at least one section."""
        return bool(self._items(slot))

    def group(self, slot: str, fallback: str = "") -> Group:
        """The slot's sections under one heading (the recipe's fixed heading, their own, or the fallback)."""
        return _group(self._items(slot), self._slot(slot).heading, fallback)

    def by_topic(self, slot: str, fallback: str = "{主题}") -> list[Group]:
        """A per-topic slot as one group per topic, in the order the topics were asked."""
        groups: dict[str, list[Item]] = {}
        for item in self._items(slot):
            groups.setdefault(item.topic, []).append(item)
        return [
            _group(items, "", fallback.replace("{主题}", _topic_label(topic)), topic)
            for topic, items in groups.items()
        ]

    def loose(self, slot: str, fallback: str) -> list[Group]:
        """Each section under its own heading; the sections without one together under the fallback."""
        items = self._items(slot)
        groups = [Group(it.heading, (replace(it, heading=""),)) for it in items if it.heading]
        rest = tuple(it for it in items if not it.heading)
        return groups + ([Group(fallback, rest)] if rest else [])

    def heading(self, slot: str, fallback: str) -> str:
        """The recipe's fixed heading for a slot, else the template's fallback."""
        return self._slot(slot).heading or fallback

    def flat(self, slot: str) -> list[str]:
        """The slot's paragraphs without headings (a heading becomes its paragraph's lead)."""
        return [p for item in self._items(slot) for p in _merge_lead(item).paras]

    def topics(self) -> list[TopicInfo]:
        """The requested topics (resolved names), in the order of the per-topic slots."""
        names = dict.fromkeys(c.topic for chosen in self.outline.slots.values() for c in chosen if c.topic)
        return [TopicInfo(n, _topic_label(n)) for n in names]

    def _items(self, slot: str) -> list[Item]:
        self._slot(slot)
        return self.items.get(slot, [])

    def _slot(self, slot: str) -> Slot:
        if slot not in self.slots:
            raise UsageError(f"模板“{self.recipe.folder}”用到了栏目“{slot}”，但 recipe.yaml 中没有这个栏目。")
        return self.slots[slot]


def _profile_values(outline: Outline) -> tuple[dict[str, str], dict[str, str]]:
    """The profile's fields with defaults filled in (as the profile loader does), cleaned."""
    source = outline.request.profile
    if not source.get("学校名称"):
        raise ProfileError("缺少学校名称：请用 --school 指定，或在 --profile 文件中填写“学校名称”。")
    profile = Profile(dict(source.fields), dict(source.extra))
    fill_defaults(profile, dt.date.today())
    fields = dict.fromkeys(PLACEHOLDERS, "") | {k: clean_text(v) for k, v in profile.fields.items()}
    return fields, {k: clean_text(v) for k, v in profile.extra.items()}


def _term(fields: dict[str, str]) -> Term:
    """Term label, months with their years and the three phases of a scheme's timeline."""
    term, year_text = fields.get("学期", ""), fields.get("学年", "")
    label = term if "学年" in term else f"{year_text}{term}"
    season = term_season(term)
    years = re.findall(r"\d{4}", year_text)
    if years:
        start = int(years[0])  # 2025—2026学年 starts in 2025
    else:
        day = re.match(r"(\d{4})年(\d{1,2})月", fields.get("日期", ""))
        year, month = (int(day[1]), int(day[2])) if day else (dt.date.today().year, dt.date.today().month)
        start = year if month >= 8 else year - 1
    months = tuple(term_months(term))
    labels = tuple(f"{start if m >= 8 else start + 1}年{m}月" for m in months)
    same_year = labels[1][:4] == labels[-2][:4]
    middle = f"{labels[1]}至{months[-2]}月" if same_year else f"{labels[1]}至{labels[-2]}"
    return Term(label, season, months, labels, (labels[0], middle, labels[-1]))


def _context(outline: Outline) -> dict:
    """Everything a template may read: the profile, the term, the slots and helper functions."""
    fields, extra = _profile_values(outline)
    ctx = _Context(outline)
    domain = extra.get("工作领域") or extra.get("领域") or DEFAULT_DOMAIN
    return {
        "p": fields,
        "extra": extra,
        "domain": domain,
        "term": _term(fields),
        "kind": outline.recipe.kind,
        "kind_name": outline.recipe.name,
        "topics": ctx.topics(),
        "has": ctx.has,
        "group": ctx.group,
        "by_topic": ctx.by_topic,
        "loose": ctx.loose,
        "heading": ctx.heading,
        "flat": ctx.flat,
        "cn": cn_number,
        "count_word": count_word,
        "pick": _picker(outline),
    }


def _picker(outline: Outline):
    """``pick(name, options)`` for templates: one of several phrasings of a fixed sentence, chosen
    by the request's seed and school, so one request always reads the same while the schools of
    a batch (issue 4: distinct documents) read differently."""
    request = outline.request
    base = f"{outline.recipe.kind}|{request.seed}|{request.profile.get('学校名称')}|"
    phrasing = outline.phrasing

    def pick(name: str, options) -> str:
        options = list(options)
        if not options:
            return ""
        if phrasing:  # a batch chose the value of this sentence's slot (batch.choose_phrasing)
            code = int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big")
            return options[(phrasing[code % len(phrasing)] + code) % len(options)]
        digest = hashlib.blake2b((base + name).encode("utf-8"), digest_size=8).digest()
        return options[int.from_bytes(digest, "big") % len(options)]

    return pick


# ---------------------------------------------------------------- rendering


def render(outline: Outline, dirs: list[Path]) -> Document:
    """Render the outline with its kind's template into a numbered, traced Markdown document."""
    recipe = outline.recipe
    text = _run_template(recipe, dirs, _context(outline))
    paras = number_headings(parse_lines(text, recipe))
    text = "\n".join(p.text for p in paras)
    _check_leftovers(paras, text)
    title = paras[0].text
    chars = sum(map(chinese_chars, [p.text for p in paras]))  # of the joined text: line breaks do not count
    school = outline.request.profile.get("学校名称")
    return Document(
        outline.request,
        title,
        to_markdown(paras),
        paras,
        chars,
        round(chars / CHARS_PER_MINUTE, 1),
        safe_stem(f"{school}_{recipe.name}"),
    )


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with fast paths for what our templates touch most (about 250 times a
    document): fields of our own frozen data classes, profile fields (``p.学校名称``), the
    imported macros (``m.part``) and calls of macros. Each gives the answer the full checks
    give: such fields hold plain data (text, numbers, tuples of our classes), a dict's key is
    what the sandbox returns once ``getattr`` fails, a macro is never unsafe and is called
    with the eval context, as ``Context.call`` does. Everything else takes the full checks."""

    def getattr(self, obj: object, attribute: str) -> object:
        kind = type(obj)
        if attribute in _PLAIN_FIELDS.get(kind, ()):
            return getattr(obj, attribute)
        if kind is dict and attribute in obj and not hasattr(dict, attribute):
            return obj[attribute]  # type: ignore[index]
        if kind is TemplateModule and attribute[:1] != "_":
            value = obj.__dict__.get(attribute)
            if type(value) is Macro:
                return value
        return super().getattr(obj, attribute)

    def is_safe_callable(self, obj: object) -> bool:
        return type(obj) is Macro or super().is_safe_callable(obj)

    def call(self, context: Context, obj: object, /, *args: object, **kwargs: object) -> object:
        if type(obj) is not Macro:
            return super().call(context, obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)  # what Context.call drops: a macro does not take them
        kwargs.pop("_block_vars", None)
        try:
            return obj(context.eval_ctx, *args, **kwargs)
        except StopIteration:
            return self.undefined("value was undefined because a callable raised a StopIteration exception")


_ENVS: dict[tuple[str, ...], SandboxedEnvironment] = {}
_ENV_LOCK = threading.Lock()


def _environment(search: tuple[str, ...]) -> SandboxedEnvironment:
    """One sandboxed environment per search path, so compiled templates are reused."""
    with _ENV_LOCK:
        if search not in _ENVS:
            _ENVS[search] = _Sandbox(
                loader=FileSystemLoader(list(search), encoding="utf-8"),
                undefined=StrictUndefined,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                bytecode_cache=_bytecode_cache(),
            )
        return _ENVS[search]


def _bytecode_cache():
    """Compiled templates kept in the user's private temp folder: a cold start skips compiling."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _run_template(recipe: Recipe, dirs: list[Path], context: dict) -> str:
    """Render the kind's template; template faults become Chinese usage errors naming the file."""
    folder = Path(recipe.folder)
    common = [str(Path(d) / COMMON) for d in dirs if (Path(d) / COMMON).is_dir()]
    path = folder / recipe.template
    try:
        return _environment((str(folder), *common)).get_template(recipe.template).render(context)
    except WengaoError:
        raise
    except SecurityError as err:
        raise UsageError(f"模板“{path}”试图访问不允许的内容，已被沙箱拦截（{err}）。") from err
    except TemplateNotFound as err:
        raise UsageError(f"找不到模板文件“{err.name}”（文种“{recipe.kind}”，目录“{folder}”）。") from err
    except TemplateSyntaxError as err:
        raise UsageError(f"模板“{err.filename or path}”第 {err.lineno} 行有语法错误：{err.message}") from err
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as err:
        raise UsageError(f"模板“{path}”运行出错：{err}。请检查模板中使用的变量和栏目名。") from err


def parse_lines(text: str, recipe: Recipe) -> list[DocPara]:
    """The template's output, one paragraph per line, into traced paragraphs (not yet numbered)."""
    paras: list[DocPara] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        cls = _CLASS_LINE.fullmatch(line) if line[0] == "{" else None
        if cls and paras and paras[-1].kind == "body":
            paras[-1].kind = _class_kind(cls[1], paras[-1].text)
        elif not cls:
            paras.append(_para(line))
    paras = [p for p in paras if p.text]
    if not paras or paras[0].kind != "title" or sum(p.kind == "title" for p in paras) != 1:
        raise UsageError(f"模板“{Path(recipe.folder) / recipe.template}”应以唯一的一行“# 标题”开头。")
    return paras


def _class_kind(cls: str, text: str) -> str:
    return "date" if cls == "signature" and _DATE.fullmatch(text) else cls


def _para(line: str) -> DocPara:
    """One output line: its level from the leading #, its section from the trace marker."""
    return DocPara(*_para_fields(line))


@functools.lru_cache(maxsize=TEXT_CACHE)
def _para_fields(line: str) -> tuple[str, str, str | None]:
    """_para's kind, text and section of a line; remembered, as a batch's documents repeat most
    of their lines (DocPara itself is changed later, so a new one is made each time)."""
    hashes = len(line) - len(line.lstrip("#"))
    kind = _HEADING_KINDS.get(hashes, "body") if line[hashes : hashes + 1] == " " else "body"
    text = line[hashes + 1 :].strip() if kind != "body" else line
    section = None
    if _MARK_OPEN in text:  # template text has no marker: no search
        section, text = _unmark(text)
    if kind == "body":
        text = clean_text(text)
        if text[:1].isdigit():  # every _POINT_NUMBER match starts with a digit
            text = _POINT_NUMBER.sub(r"\1．\2", text)
    return kind, text, section


def _unmark(text: str) -> tuple[str | None, str]:
    """The first marker's section id and the text without markers (stripped when one was found).

    The usual line starts with its one marker: cut it off by position instead of two regex passes.
    """
    if text[0] == _MARK_OPEN:
        end = text.find(_MARK_CLOSE)
        if end > 0 and text.find(_MARK_OPEN, end) < 0:
            return text[1:end], text[end + 1 :].strip()
    found = _MARK.search(text)
    return (found[1], _MARK.sub("", text).strip()) if found else (None, text)


def number_headings(paras: list[DocPara]) -> list[DocPara]:
    """Write 一、 （一） 1. （1） in front of headings; numbering restarts under each parent."""
    counters = [0, 0, 0, 0]
    for para in paras:
        if para.kind in ("h1", "h2", "h3", "h4"):
            level = int(para.kind[1]) - 1
            counters[level] += 1
            counters[level + 1 :] = [0] * (3 - level)
            para.text = _number(level, counters[level]) + _heading_text(para.text)
    return paras


def _number(level: int, n: int) -> str:
    if level == 0:
        return f"{cn_number(n)}、"
    if level == 1:
        return f"（{cn_number(n)}）"
    return f"{n}." if level == 2 else f"（{n}）"


@functools.lru_cache(maxsize=TEXT_CACHE)
def _heading_text(text: str) -> str:
    """Heading text without source numbering; a bare heading loses its closing punctuation."""
    text = tidy_heading(clean_text(text))
    if "。" in text.rstrip("。"):
        return text  # a lead sentence followed by text: keep as written
    return text.rstrip("。；;，,：: ")


def _check_leftovers(paras: list[DocPara], text: str) -> None:
    """Nothing like 20xx, XX, ××, 某某 or an unfilled {字段} may reach a document.

    One search over ``text``, the paragraphs joined by line breaks (paragraphs hold no line
    break, so no match spans two); only when it finds something are the paragraphs searched
    one by one for the message.
    """
    if not _LEFTOVER_HINT.search(text) or not _LEFTOVER.search(text):
        return
    for para in paras:
        found = _LEFTOVER.search(para.text)
        if found and found[1]:
            raise ProfileError(
                f"文稿中的“{{{found[1]}}}”没有填写：请在 --profile 文件里填写“{found[1]}”字段后重试。"
            )
        if found:
            raise ProfileError(
                f"文稿中仍有未替换的占位内容“{found[0]}”（“{para.text[:24]}…”）。"
                "请检查学校信息（--profile 文件或花名册）中的各项是否填写完整。"
            )


def to_markdown(paras: list[DocPara]) -> str:
    """The Markdown of /tmp/wengao_markdown.md: one block per paragraph, classes by attr_list."""
    blocks = []
    for para in paras:
        block = _LEVEL_PREFIX.get(para.kind, "") + para.text
        if para.kind in _CLASS_OF:
            block += "\n{: ." + _CLASS_OF[para.kind] + " }"
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"


def safe_stem(name: str) -> str:
    """A file name stem Windows and macOS accept."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return stem or "文稿"


# ---------------------------------------------------------------- HTML preview

PREVIEW_CSS = """
body{margin:0;background:#e8e8e8;color:#000}
.meta{max-width:210mm;margin:16px auto 0;padding:0 4px;font:14px/1.6 "Microsoft YaHei","PingFang SC",sans-serif;color:#555;text-align:right}
.page{box-sizing:border-box;width:210mm;max-width:100%;min-height:297mm;margin:8px auto 40px;padding:37mm 26mm 35mm 28mm;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.25);font-family:"仿宋_GB2312","FangSong_GB2312","仿宋","FangSong","STFangsong",serif;font-size:16pt;line-height:28.95pt}
.page h1{margin:0 0 28.95pt;font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","华文中宋","STZhongsong","宋体","SimSun",serif;font-size:22pt;font-weight:normal;line-height:1.45;text-align:center}
.page p,.page h2,.page h3,.page h4,.page h5{margin:0;font-size:16pt;font-weight:normal;line-height:28.95pt;text-indent:2em;text-align:justify}
.page h2{font-family:"黑体","SimHei","Heiti SC","STHeiti",sans-serif}
.page h3,.page p.speaker,.page p.subtitle{font-family:"楷体_GB2312","KaiTi_GB2312","楷体","KaiTi","STKaiti",serif}
.page p.speaker,.page p.subtitle{text-align:center;text-indent:0}
.page p.salutation{text-indent:0}
.page p.signature{text-align:right;text-indent:0;padding-right:2em}
.page p.signature+p.signature{margin-top:0}
.page p.speaker+p.salutation,.page p.speaker+p:not(.speaker){margin-top:28.95pt}
@media print{body{background:#fff}.meta{display:none}.page{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}@page{size:A4;margin:37mm 26mm 35mm 28mm}}
"""

_TAGS = {"h1", "h2", "h3", "h4", "h5", "p"}
_CLASSES = {"p": {"speaker", "subtitle", "salutation", "signature"}}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_LOCAL = threading.local()


def to_html(doc: Document) -> str:
    """A complete, self-contained preview page that looks like the printed document."""
    meta = f"{doc.request.profile.get('学校名称')} · 全文约 {doc.chars} 字 · 朗读约 {doc.minutes} 分钟"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(doc.title)}</title>\n<style>{PREVIEW_CSS}</style>\n</head>\n<body>\n"
        f'<div class="meta">{html.escape(meta)}</div>\n'
        f'<main class="page">\n{paras_to_html(doc.paras)}\n</main>\n</body>\n</html>\n'
    )


# paragraph kind → opening and closing tag of the preview (fixed strings: nothing from the text)
_HTML_TAGS = {
    kind: (f"<{tag}>", f"</{tag}>")
    for kind, tag in (("title", "h1"), ("h1", "h2"), ("h2", "h3"), ("h3", "h4"), ("h4", "h5"), ("body", "p"))
}
_HTML_TAGS |= {kind: (f'<p class="{cls}">', "</p>") for kind, cls in _CLASS_OF.items()}


def paras_to_html(paras: list[DocPara]) -> str:
    """The document's paragraphs as preview HTML, built directly (about 30× faster than
    converting the Markdown with the markdown package and cleaning it with nh3).

    Safe by construction, so nh3 is not needed here: every text is escaped (& < > become
    entities, so no tag, attribute or entity can come from the text), and the only tags and
    classes are the fixed ones of ``_HTML_TAGS`` (an unknown kind is a plain ``<p>``). The
    result is the same HTML the markdown package and nh3 produced for the document's Markdown.
    """
    plain = ("<p>", "</p>")
    return "\n".join(
        f"{opening}{_escape_text(para.text)}{closing}"
        for para in paras
        for opening, closing in (_HTML_TAGS.get(para.kind, plain),)
    )


def _escape_text(text: str) -> str:
    """Text for an HTML element, escaped as nh3 writes it (str.replace beats str.translate)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")


def markdown_to_html_fragment(md: str) -> str:
    """The document's Markdown as sanitised HTML (all text escaped, only our tags and classes)."""
    import nh3

    source = "\n".join(_escape_line(line) for line in md.splitlines())
    return nh3.clean(_markdown().reset().convert(source), tags=_TAGS, attributes={}, allowed_classes=_CLASSES)


def _markdown():
    """One Markdown converter per thread: converters keep state between calls."""
    if not hasattr(_LOCAL, "md"):
        import markdown
        from markdown.extensions.attr_list import AttrListExtension  # by class: no entry-point scan

        _LOCAL.md = markdown.Markdown(extensions=[AttrListExtension()], output_format="html")
    return _LOCAL.md


def _escape_line(line: str) -> str:
    """Escape a line's text for HTML and Markdown, keeping only our heading and class syntax."""
    if _CLASS_LINE.fullmatch(line.strip()):
        return line.strip()
    heading = re.match(r"(#{1,6} )(.*)", line)
    prefix, text = (heading[1], heading[2]) if heading else ("", line)
    return prefix + _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
