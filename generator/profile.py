"""School profiles: read YAML/JSON with Chinese (or English) keys, validate, fill defaults.

Sits at the bottom with model/config: the CLI, batch and web page all build profiles the
same way, so a roster row and a profile file give identical documents.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from .config import PROFILE_FIELDS, field_for
from .errors import ProfileError
from .fsutil import os_reason
from .model import Profile
from .school import STAGES, normalise_stage

NUMBER_FIELDS = ("学生人数", "教师人数")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


class _TextLoader(yaml.SafeLoader):
    """YAML without implicit dates: 日期: 2026-13-45 stays text, so the program parses it and says
    in Chinese what is wrong (PyYAML would turn a valid one into a date and fail on an invalid one)."""


_TextLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_profile_file(path: Path) -> dict[str, str]:
    """Read a YAML or JSON profile file into a flat mapping (keys not yet normalised)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ProfileError(f"无法读取学校信息文件“{path}”：{os_reason(err)}，请检查路径和权限。") from err
    except UnicodeDecodeError as err:
        raise ProfileError(f"无法读取学校信息文件“{path}”：{err}。请确认文件存在且为 UTF-8 编码。") from err
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_TextLoader)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise ProfileError(f"学校信息文件“{path}”格式有误：{err}。请检查冒号、引号和缩进。") from err
    if not isinstance(data, dict):
        raise ProfileError(f"学校信息文件“{path}”应为“字段: 值”的形式，例如“学校名称: 育才中学”。")
    return {str(k): _plain(v) for k, v in data.items()}


def _plain(value: object) -> object:
    """A value as text, except the lists and mappings of 工作要点 and 主要数据."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def make_profile(values: dict[str, object], today: dt.date | None = None) -> Profile:
    """Normalise keys to the Chinese field names, validate values and fill defaults."""
    profile = Profile()
    for key, value in values.items():
        key = str(key).strip()
        if key in ITEM_KEYS:
            profile.items += parse_items(value, profile.notes)
        elif key in FIGURE_KEYS:
            profile.figures |= parse_figures(value)
        elif name := field_for(key):
            profile.fields[name] = _clean_value(name, _text(value))
        elif _text(value):
            profile.extra[key] = _text(value)
    fill_defaults(profile, today or dt.date.today())
    return profile


def _text(value: object) -> str:
    """A field's value as one line of text (a list is joined with 、)."""
    return "、".join(map(str, value)).strip() if isinstance(value, list) else str(value).strip()


ITEM_KEYS = ("工作要点", "本校事项", "主要工作", "本校工作要点", "items")
FIGURE_KEYS = ("主要数据", "数据", "figures")
ITEM_LIMIT = 300  # an item longer than this is kept whole, but the user is told
_ITEM_SPLIT = re.compile(r"[；;\n\r]+")


def parse_items(value: object, notes: list[str] | None = None) -> list[str]:
    """The school's own items: a list, or one text with items separated by ；, ; or line breaks.
    Empty items are ignored; each keeps its words, only its closing punctuation is dropped."""
    parts = value if isinstance(value, list) else _ITEM_SPLIT.split(str(value))
    items = [
        re.sub(r"^[\s\d一二三四五六七八九十]*[、.．)）](?!\d)\s*|[。；;，,\s]+$", "", str(p).strip())
        for p in parts
    ]
    items = [i for i in items if i]
    for item in items:
        if len(item) > ITEM_LIMIT and notes is not None:
            notes.append(
                f"工作要点“{item[:20]}…”有 {len(item)} 字，超过 {ITEM_LIMIT} 字，已原样保留，请考虑拆成几条。"
            )
    return items


def parse_figures(value: object) -> dict[str, str]:
    """主要数据: a mapping, or 名称：值 pairs separated by ；, ; or line breaks, values as written."""
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = [re.split(r"[：:]", p, maxsplit=1) for p in _ITEM_SPLIT.split(str(value)) if p.strip()]
    return {str(k).strip(): str(v[0] if isinstance(v, list) else v).strip() for k, *v in _pairs(pairs)}


def _pairs(pairs: list) -> list[tuple]:
    """Only complete 名称：值 pairs."""
    return [(p[0], p[1]) for p in pairs if len(p) == 2 and str(p[0]).strip() and str(p[1]).strip()]


def _clean_value(name: str, value: str) -> str:
    """Check numbers and dates; dates are always written 2026年3月5日."""
    if name in NUMBER_FIELDS and value:
        number = value.replace(",", "").replace("人", "").strip()
        if not number.isdigit():
            raise ProfileError(f"字段“{name}”应为整数（例如 1200），现在是“{value}”。")
        return str(int(number))
    if name == "日期" and value:
        return format_date(parse_date(value))
    if name in CHOICES and value:
        return _choice(name, value)
    if name == "学段" and value:
        return _stage(value)
    return value


def _stage(value: str) -> str:
    """A stage users may write many ways (初级中学, 九年一贯制学校, 完中), or a Chinese error."""
    stage = normalise_stage(value)
    if not stage:
        raise ProfileError(f"字段“学段”应填 {'、'.join(STAGES)} 之一，现在是“{value}”。")
    return stage


# Fields whose value is one of a few words, with the other ways users write them.
CHOICES: dict[str, dict[str, str]] = {
    "城乡": {
        "城市": "城市",
        "城区": "城市",
        "市区": "城市",
        "县城": "县城",
        "县镇": "县城",
        "农村": "农村",
        "乡村": "农村",
        "乡镇": "农村",
        "村": "农村",
    },
    "寄宿": {
        "是": "是",
        "有": "是",
        "寄宿": "是",
        "寄宿制": "是",
        "否": "否",
        "无": "否",
        "不寄宿": "否",
        "走读": "否",
    },
    "期间": {"学期": "学期", "本学期": "学期", "学年": "学年", "年度": "年度", "全年": "年度", "年": "年度"},
}


def _choice(name: str, value: str) -> str:
    """One of the field's words, or a Chinese error listing them."""
    found = CHOICES[name].get(value.strip())
    if found is None:
        words = "、".join(dict.fromkeys(CHOICES[name].values()))
        raise ProfileError(f"字段“{name}”应填 {words} 之一，现在是“{value}”。")
    return found


def parse_date(value: str) -> dt.date:
    """Accept 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 and 二〇二六年三月五日."""
    text = _cn_numerals_to_arabic(value.strip())
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?", text)
    if not m:
        raise ProfileError(f"无法识别日期“{value}”，请写成 2026年3月5日 或 2026-03-05。")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as err:
        raise ProfileError(f"日期“{value}”不存在，请检查年月日。") from err


def _cn_numerals_to_arabic(text: str) -> str:
    """二〇二六年三月十五日 → 2026年3月15日 (digits and 十 only, as dates use)."""

    def number(m: re.Match) -> str:
        s = m[0]
        if "十" in s:
            tens, _, ones = s.partition("十")
            return str(
                (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
            )
        return "".join(str(_CN_DIGITS[c]) for c in s)

    return re.sub(r"[〇一二三四五六七八九零○Ｏ十]+", number, text)


def format_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, year in full, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


def fill_defaults(profile: Profile, today: dt.date) -> None:
    """Sensible values for fields a user left out: date, short name, speaker. The 学年, 学期 and
    会议名称 depend on the kind of document too (period.fill_period sets them)."""
    f = profile.fields
    day = parse_date(f["日期"]) if f.get("日期") else today
    f.setdefault("日期", format_date(day))
    f["日期"] = f["日期"] or format_date(day)
    _default(f, "学校简称", f.get("学校名称", ""))
    _default(f, "讲话人", f.get("校长", ""))
    _default(f, "职务", "校长" if f.get("讲话人") and f.get("讲话人") == f.get("校长") else "")
    f["年份"] = str(day.year)
    f["上一年份"] = str(day.year - 1)


def _default(fields: dict[str, str], key: str, value: str) -> None:
    if not fields.get(key):
        fields[key] = value


def term_season(term: str) -> str:
    """第一学期 is the autumn term in Chinese schools, 第二学期 the spring term."""
    if "春" in term or "二" in term or "下" in term:
        return "春季"
    return "秋季"


def term_months(term: str) -> list[int]:
    """The months of a term, for a plan's month-by-month schedule."""
    return [3, 4, 5, 6, 7] if term_season(term) == "春季" else [9, 10, 11, 12, 1]


def require(profile: Profile, name: str) -> str:
    """A field the chosen text really needs: missing → a Chinese error naming it."""
    value = profile.get(name)
    if not value:
        aliases = "、".join(PROFILE_FIELDS.get(name, ())[:2])
        raise ProfileError(
            f"所选内容需要学校信息中的“{name}”字段，请在 --profile 文件中填写（也可用 {aliases}），"
            f"或在花名册中加入“{name}”列。"
        )
    return value
