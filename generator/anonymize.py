"""Remove what identifies a source: names become profile placeholders, or their sentence goes.

Corpus text is reused in other schools' documents, so a source's school, people, places,
local organisations, document numbers, years and one school's figures must not survive in
reusable text (issue 2, "Names"). Where a profile field fits, the name becomes a placeholder
such as ``{学校名称}`` (config.PLACEHOLDERS); where none fits, the sentence (or the clause
ending in "；") is dropped and a short Chinese note says why. Sentences bound to their
original occasion (刚才…讲了, 会后参观, 下面请…) are dropped the same way.

Detection is general, not a list of the seeds' names: school names are found from their
suffix (学校/中学/小学/幼儿园…) by walking left over jieba tokens; places from jieba's
dictionary (words tagged ``ns`` with an administrative suffix, and their stems) and from an
administrative suffix after an unknown word; people from a title (校长/主任/同志…) after a
surname, a byline, or a famous name before a verb of speech. Names found anywhere in the
file (``articles``) are then searched everywhere, so a given name used alone (云明要…) or a
school's short form (丽景人) is caught too.

jieba is imported lazily (this is a tagging-stage module): its dictionary (~0.7 s) is paid
once per process, shared with ``tag``; tokenizing runs without HMM (fast, and unknown names
stay as runs of single characters, which is the signal used here).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .config import PLACEHOLDER_PATTERN, PLACEHOLDERS
from .model import Article, Section, count_chinese


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easy to read and extend)."""
    return frozenset(text.split())


# A section whose remaining body is shorter than this (Chinese characters) is not reusable.
MIN_REUSABLE_CHARS = 20

# ---------------------------------------------------------------- word lists (general, not the seeds')

# Common Chinese surnames (single characters), for names before a title or in a byline.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪"
    "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩佘池查麻苑迟邝云"
)
# Surnames that are also everyday function words: never taken as a name start (向校长汇报).
AMBIGUOUS_SURNAMES = frozenset("向和于从经将对与及同成应时全单关连党解路文安华管车祝")

# Dictionary words rarer than this may be part of a name (建军同志); commoner ones are words.
RARE = 300
# Titles that follow a name: 张兆林主任, 马校长, 贾董, 云明同志.
TITLES = _words(
    "校长 副校长 执行校长 主任 副主任 书记 副书记 总书记 老师 董事长 董 总 局长 副局长 厅长 "
    "副厅长 县长 副县长 市长 副市长 区长 镇长 乡长 村长 园长 副园长 处长 副处长 科长 部长 "
    "主席 同志 师傅 教授 先生 女士 会计 经理 委员 组长 馆长 所长 站长 院长 秘书长 督学 "
    "总理"
)
MERGED_TITLE_RE = re.compile(
    r"[\u4e00-\u9fff]{1,3}(?:"
    + "|".join(sorted((t for t in TITLES if len(t) > 1), key=len, reverse=True))
    + ")"
)
SPEECH_VERBS = ("强调", "指出", "说过", "说", "讲过", "提出", "要求", "认为", "曾说", "讲")
SPEECH_FILLERS = _words("也 还 曾 曾经 多次 同志 总理 主席 总书记 同志们")

# School suffixes: the institution word a school name ends with. The specific ones name one
# institution (育才中学); the others need a clearly proper word before them (史寨|小学 vs 代表|学校).
SCHOOL_SUFFIXES = (
    "中小学",
    "幼儿园",
    "中心校",
    "学校",
    "中学",
    "小学",
    "学院",
    "大学",
    "高中",
    "初中",
    "职高",
    "附小",
    "附中",
    "分校",
    "完小",
)
SUFFIX_ENDS = frozenset("学园校院中小高")
NUMBERED_SCHOOL = r"[一二三四五六七八九十]{1,2}[中小]"  # 城关一中: a number for a school
SPECIFIC_SUFFIXES = ("幼儿园", "中学", "小学", "高中", "初中", "职高", "附小", "附中", "完小")
# Words between a name and its suffix that say what kind of school it is (XX镇九年制学校).
TYPE_MODIFIERS = _words(
    "实验 中心 九年制 九年 一贯制 九年一贯制 十二年 完全 高级 初级 中等 职业 技术 技工 专业 "
    "特殊教育 特教 体育 艺术 外国语 外语 师范 附属 寄宿制 民族 双语 国际 第一 第二 第三 "
    "第四 第五 第六 第七 第八 第九 第十 中心小 完全小 初级中 高级中 实验小 实验中 中 小 "
    "寄宿"
)
# Words that make a school word generic or plural (农村寄宿制学校, 全市中小学): never a name.
SCOPE_MODIFIERS = _words(
    "农村 城市 城区 城镇 城乡 乡村 乡镇 山区 边远 偏远 贫困 少数民族 走读 公办 民办 私立 "
    "公立 普通 重点 示范 特色 品牌 名 一流 先进 优秀 文明 平安 绿色 园林式 花园式 现代化 "
    "标准化 规范化 数字化 智慧 书香 和谐 美丽 健康 安全 节约型 全日制 特殊 各类 各级 所有 "
    "全部 全体 其他 其它 兄弟 周边 附近 本地 当地 省级 市级 县级 区级 国家级 省市级 市一级 "
    "一级 二级 省一级 省 市 县 区 乡 镇 全国 全省 全市 全县 全区 全镇 全乡 我省 我市 "
    "我县 我区 本省 本市 本县 本区 各省 各市 各县 各区 中小 大中小 大中专 高等 高职 成人 "
    "社区 老年 家长 业余 少年 青少年 儿童 幼儿 托管 培训 进修 教师进修 留守儿童 后勤 服务 "
    "后勤服务 示范性 标准 规范 星级 绿化 卫生 文明校园 省级示范 市级示范 希望 一般 同类 同级 "
    "县属 市属 省属 乡属 镇属 村 村级 片区 新建 新 老 好"
)
GENERIC_MODIFIERS = TYPE_MODIFIERS | SCOPE_MODIFIERS
PROVINCES = _words(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 "
    "湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 "
    "香港 澳门"
)
# Single-character tokens that end a name on the left (function words, pronouns, measure words).
FUNCTION_CHARS = frozenset(
    "的地得了着过是在为和与及或并而对把将向从到给让使被由于以等各每本该这那其此我你他她它们咱全所个位名"
    "都也还就又再很最更有无不没要会能可应需请去来上下内外前后里原之即如若因但则些已曾正像比至往经按据同"
    "跟叫者中两几多某啊吧呢吗嘛，。、；：！？"
)
# Characters that never occur inside a person's name (so they end one).
NEVER_IN_NAMES = frozenset(
    "的地得了着过是在和与及或并而对把将向从到给让使被由等各每这那其此我你他她它们咱都也就又再很最更"
    "不没要会能可请吗呢吧啊，。、；：！？"
)
# Characters that end a given name after a title (园长王芳|说).
NOT_GIVEN = FUNCTION_CHARS | frozenset("说讲谈称问答道写")
# Organisations tied to one place: 吴起县教育局 → {所在地}教育局.
ORG_WORDS = _words(
    "教育局 教体局 教育体育局 教育和体育局 教科局 教文局 人民政府 政府 财政局 公安局 卫生局 "
    "卫健局 卫健委 市场监管局 市场监督管理局 教育工委 委员会 党委 团委 妇联 关工委 文明办 "
    "综治办 应急管理局 消防大队 派出所 交警大队 住建局 人社局"
)
# Place names tied to no single school (kept as they are).
GENERIC_PLACES = _words(
    "中国 中华 全国 祖国 国家 中央 华夏 神州 九州 东方 西方 南方 北方 西部 东部 中部 亚洲 "
    "世界 国际 海外 本地 当地 城乡 农村 城市 乡村 山区 边疆 内地 各地 异地 外地 自治 "
    "特别行政 东北 西北 华北 华东 华南 华中 西南 亚太"
)
GENERIC_PLACE_ENDINGS = (
    "地区",
    "风景区",
    "景区",
    "开发区",
    "保护区",
    "园区",
    "社区",
    "小区",
    "校区",
    "山区",
    "城区",
    "市区",
    "郊区",
    "老区",
    "苏区",
    "湖区",
    "垦区",
    "矿区",
    "灾区",
    "自治州",
    "自治县",
    "自治区",
    "特区",
    "辖区",
    "街区",
    "片区",
    "城市",
    "都市",
    "上市",
    "下乡",
    "农村",
    "乡村",
    "山村",
)
ADMIN_SUFFIXES = "省市县区州旗盟镇乡村"
SLOGAN_PLACE = r"..[兴强大名][省市县区镇]$|示范[县区市]$"  # 科教兴市, 教育强县: slogans, not places
# Regions named by a province's short name and a direction: 陕北, 苏南, 豫西, 粤东.
REGION_RE = re.compile(r"[陕晋冀豫鲁苏浙皖闽赣湘鄂粤桂琼川蜀黔滇藏陇辽京津沪渝][东南西北]")
COUNTY_SUFFIXES = "县市区旗"  # a place at this level can be the profile's 所在地

BYLINE_LABEL_RE = re.compile(
    r"(?:汇报人|发言人|讲话人|联系人|负责人|主讲人|撰稿人|执笔人|作者|报告人)\s*[：:]\s*([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff])"
)
OWN_SCHOOL_RE = re.compile(r"我校|本校|我园|本园|我们学校")
# Markers before a school name that show it is another school, not the source's own.
OTHER_SCHOOL_BEFORE = re.compile(r"(?:来自|原|赴|到|去|兄弟|对口|帮扶|结对|联谊|参观|考察)$")

# ---------------------------------------------------------------- sentence patterns

_YEAR = r"(?:19|20)\d{2}"
_CN_YEAR = r"[〇○零0Ｏ一二三四五六七八九]{4}"
_CN_NUM = r"[〇○零一二三四五六七八九十]"
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"

SCHOOL_YEAR_RE = re.compile(
    rf"(?:{_YEAR}|20[xX×]{{2}})\s*(?:[-—–~～至到－]\s*)+(?:{_YEAR}|20[xX×]{{2}})\s*学年(?:度)?"
    r"(?:\s*(?P<term>第[一二]学期|[上下]学期|[春秋]季学期|[春秋]季))?"
)
TERM_YEAR_RE = re.compile(rf"{_YEAR}\s*年\s*(?:[春秋]季(?:学期)?|[春秋]学期|[上下]学期|第[一二]学期)")
DATE_RE = re.compile(
    rf"(?:{_YEAR}|{_CN_YEAR})\s*年\s*(?:\d{{1,2}}|{_CN_NUM}{{1,3}})\s*月"
    rf"(?:\s*(?:\d{{1,2}}|{_CN_NUM}{{1,3}})\s*[日号])?"
)
ISO_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}(?!\d)")
YEAR_RE = re.compile(rf"(?<![\d\-—－])({_YEAR}|{_CN_YEAR})(?=\s*年)")
MEETING_RE = re.compile(r"召开(?:了)?(?P<m>[^，。；：！？、“”,;:!?]{2,40}?(?:会议|大会|会(?!议)))")
MEETING_NOW_RE = re.compile(r"今天|今日|本次|这次|此次|我们召开")
TEACHERS_RE = re.compile(
    rf"(?:近|约)?(?P<n>{_NUM})\s*(?:多|余)?\s*(?:位|名|个)?\s*(?P<w>专任教师|教职员工|教职工|教师|老师)"
)
TEACHERS_AFTER_RE = re.compile(
    rf"(?P<w>专任教师|教职员工|教职工|教师)\s*(?P<n>{_NUM})\s*(?:多|余)?\s*(?:人|名)"
)
STUDENTS_RE = re.compile(
    rf"(?:近|约)?(?P<n>{_NUM})\s*(?:多|余)?\s*(?:位|名|个)?\s*(?P<w>在校学生|在校生|学生|幼儿|学子|孩子)"
)
STUDENTS_AFTER_RE = re.compile(rf"(?P<w>在校学生|在校生|学生|幼儿)\s*(?P<n>{_NUM})\s*(?:多|余)?\s*(?:人|名)")
MONEY_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:多|余)?\s*(?:万|亿|千万)?\s*元|\d+(?:\.\d+)?\s*(?:多|余)?\s*[万亿]"
    r"|[一二两三四五六七八九十百千]+(?:多|余)?[万亿]?元"
)
COUNT_RE = re.compile(
    r"\d{2,}\s*(?:多|余)?\s*(?:所|个|张|间|台|套|辆|人|名|位|平方米|平米|㎡|亩|座|栋|项|次|户|家|处|件|册|棵|株)"
)
DOC_NO_RE = re.compile(
    r"[\u4e00-\u9fff]{1,10}\s*[〔［\[【(（]\s*(?:19|20)[0-9xX×]{2}\s*[〕］\]】)）]\s*第?\s*\d+\s*号"
)
DOC_NO_PAREN_RE = re.compile(r"[（(]\s*" + DOC_NO_RE.pattern + r"\s*[）)]")
DOC_REF_RE = re.compile(r"\d+\s*号文(?:件)?")
FILLER_RE = re.compile(r"[xX×ＸｘＸ]{2}|某某|○○")
OCCASION_RE = re.compile(
    r"刚才|刚刚|会后|会前|(?:下面|接下来)[，,]?\s*(?:请|由|有请)|参观(?:交流|学习|考察)|进行参观|现场参观|观摩|"
    r"现场会|今天由|由我代表|(?:这次|本次|此次)会议是|请大家审议|主持人"
)
# Sentences written for or to a whole province, city or county (a bureau's speech to many
# schools): a single school's document cannot say them.
SCOPE_RE = re.compile(
    r"我(?:省|市|县|区)(?!域)|全(?:省|市|县)|各(?:省|市|县|区|地)(?!域)|市、县|县（区）|县\(区\)|县区|"
    r"各(?:学校|中小学|级各类学校|校(?!区|园))|多数学校|少数学校|一些学校|个别学校"
)
# Slogans tied to a past period (“三个代表”, 十六届四中全会, “十二五”): dated the day they are reused.
DATED_RE = re.compile(r"三个代表|十[四五六七八]届|十[四五六七八]大|“十[一二三]五”|十[一二三]五(?:规划|期间)")
UNIT_END_RE = re.compile(r"(?:[。！？!?；;]|(?<=[\u4e00-\u9fff）)”])\.(?!\d))+[”’\"」』）)]*")
SENTENCE_END = "。！？!?."

REASONS = {
    "person": "含人名",
    "place": "含地名",
    "other_school": "含其他学校名称",
    "doc": "含文号",
    "figure": "含具体金额或统计数字",
    "year": "含无法替换的年份",
    "filler": "含未填写的模板占位符",
    "occasion": "与原会议场合相关",
    "scope": "面向地区或多所学校",
    "dated": "含过时的提法",
}
MASKS = {
    "person": "〔人名〕",
    "place": "〔地名〕",
    "place_org": "〔地名〕",
    "school": "〔校名〕",
    "stem": "〔校名〕",
    "other_school": "〔校名〕",
}
DROP_KINDS = ("person", "other_school", "place")  # in order of the reason reported


# ---------------------------------------------------------------- data


Token = tuple[str, int, int]  # a jieba token: word, start, end


@dataclass(frozen=True)
class Span:
    """A detected name in a text: [start, end) and what it is."""

    start: int
    end: int
    kind: str  # school | stem | place | place_org | person | other_school


@dataclass(eq=False)
class Lexicon:
    """What jieba's dictionary tells about words: frequencies, function words, place names."""

    freq: dict[str, int]
    function: frozenset[str]
    places: frozenset[str]
    place_stems: frozenset[str]
    persons: frozenset[str]
    proper: frozenset[str]  # dictionary words tagged as names, places, organisations
    tokenize: Callable[[str], list[Token]]  # jieba without HMM: (word, start, end)


@dataclass
class FileContext:
    """Names learned from the whole source file, searched in every section."""

    own_schools: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    years: dict[str, int] = field(default_factory=dict)  # article id -> the article's current year
    learned: re.Pattern | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # learned name -> span kind


# ---------------------------------------------------------------- public


def anonymize(sections: list[Section], articles: list[Article]) -> None:
    """Replace or drop the names in the sections of one source file, in place.

    ``articles`` are that file's articles (titles and cleaned paragraphs); names found anywhere
    in them are searched in every section, so a name is caught even where it stands alone.
    """
    lex = lexicon()
    ctx = learn(sections, articles, lex)
    for section in sections:
        anonymize_section(section, ctx, lex)


def anonymize_section(section: Section, ctx: FileContext, lex: Lexicon) -> None:
    """Rewrite one section's heading and paragraphs; record placeholders, notes, reusability."""
    year = ctx.years.get(section.article)
    had_body = any(p.strip() for p in section.paragraphs)
    heading, notes = process_text(section.heading, ctx, lex, year)
    paragraphs: list[str] = []
    for para in section.paragraphs:
        text, dropped = process_text(para, ctx, lex, year)
        notes.extend(dropped)
        if count_chinese(text) or text.strip() and not dropped:
            paragraphs.append(text)
    section.heading, section.paragraphs = heading, paragraphs
    section.notes.extend(notes)
    section.placeholders = sorted(set(section.placeholders) | used_placeholders(section))
    _mark_reusable(section, notes, had_body)


def used_placeholders(section: Section) -> set[str]:
    """Every placeholder name written in the section's heading and paragraphs."""
    return set(re.findall(PLACEHOLDER_PATTERN, "\n".join([section.heading, *section.paragraphs])))


def process_text(text: str, ctx: FileContext, lex: Lexicon, year: int | None = None) -> tuple[str, list[str]]:
    """Anonymize one paragraph: returns the kept text and a note for each dropped sentence."""
    if not text.strip():
        return text, []
    spans = find_names(text, ctx, lex)
    kept: list[str] = []
    notes: list[str] = []
    for start, end in _units(text):
        unit = text[start:end]
        local = [
            Span(s.start - start, s.end - start, s.kind) for s in spans if s.start >= start and s.end <= end
        ]
        result, reason = process_unit(unit, local, year)
        if reason:
            notes.append(_note(reason, unit, local))
            _close_sentence(kept, unit)
        else:
            kept.append(result)
    return _tidy("".join(kept)), notes


# ---------------------------------------------------------------- lexicon (jieba, lazy)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load jieba once and derive the word lists this stage needs from its dictionary."""
    import jieba  # lazy: the generation path never loads jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    with jieba.dt.get_dict_file() as handle:
        text = handle.read().decode("utf-8")
    ns = set(re.findall(r"^(\S+) \d+ ns\r?$", text, re.M))
    function = frozenset(
        re.findall(
            r"^(\S+) \d+ (?:v|vd|vg|vi|vn|vq|p|c|cc|d|dg|r|rr|rz|rg|u|uj|ul|uz|ud|ug|uv|m|mq|q|qv|qt|f|t|tg|"
            r"y|e|o|a|ad|an|ag|z|b|h|k)\r?$",
            text,
            re.M,
        )
    )
    persons = frozenset(re.findall(r"^(\S{2,3}) \d+ (?:nr|nrfg)\r?$", text, re.M))
    proper = frozenset(re.findall(r"^(\S{2,4}) \d+ (?:nr|nrt|nrfg|ns|nz|nt|s)\r?$", text, re.M))
    places = frozenset(w for w in ns if _is_place_word(w))
    stems = frozenset(w[:-1] for w in places if len(w) >= 3 and w[:-1] in ns and w[:-1] not in GENERIC_PLACES)
    freq = jieba.dt.FREQ

    def tokenize(s: str) -> list[Token]:
        return list(jieba.tokenize(s, HMM=False))

    return Lexicon(freq, function, places, stems, persons, proper, tokenize)


def _is_place_word(word: str) -> bool:
    """A dictionary place name with an administrative suffix, not a generic word like 山区."""
    if (
        word[-1] not in ADMIN_SUFFIXES
        or word.endswith(GENERIC_PLACE_ENDINGS)
        or re.search(SLOGAN_PLACE, word)
    ):
        return False
    stem = word[:-1]
    if len(word) == 2:
        return (
            word[-1] in "县州"
            and stem not in FUNCTION_CHARS
            and stem not in "一二三四五六七八九十大小外邻郡九神诸"
        )
    return stem not in GENERIC_PLACES


# ---------------------------------------------------------------- learning from the whole file


def learn(sections: list[Section], articles: list[Article], lex: Lexicon) -> FileContext:
    """Collect the file's names (schools, stems, people, places) and each article's year."""
    ctx = FileContext()
    texts_by_article: dict[str, list[str]] = {}
    for article in articles:
        texts_by_article.setdefault(article.id, []).extend([article.title, *(p.text for p in article.paras)])
    for section in sections:
        texts_by_article.setdefault(section.article, []).extend([section.heading, *section.paragraphs])
    for article_id, texts in texts_by_article.items():
        for text in texts:
            _learn_text(text, ctx, lex)
        ctx.years[article_id] = _current_year(texts)
    _compile_learned(ctx)
    return ctx


def _learn_text(text: str, ctx: FileContext, lex: Lexicon) -> None:
    """Add the names found in one text to the file context."""
    for span in base_names(text, lex):
        name = text[span.start : span.end]
        if span.kind == "school":
            ctx.own_schools.add(name)
            ctx.stems.update(_school_stems(name, lex))
        elif span.kind == "person":
            ctx.persons.update(_person_forms(name))
        elif span.kind in ("place", "place_org"):
            ctx.places.update(_place_forms(name, lex))


def _school_stems(name: str, lex: Lexicon) -> list[str]:
    """Short forms of a school name used alone (丽景学校 → 丽景), when not an ordinary word."""
    stem = name
    for suffix in SCHOOL_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    words = [w for w, _, _ in lex.tokenize(stem)]
    while words and (words[-1] in GENERIC_MODIFIERS or words[-1] in ADMIN_SUFFIXES):
        words.pop()
    while words and (words[0] in lex.places or words[0] in lex.place_stems or words[0] in ADMIN_SUFFIXES):
        words.pop(0)
    stem = "".join(words)
    if len(stem) < 2 or re.search(r"[A-Za-zＸｘ×某]", stem) or lex.freq.get(stem, 0) > 1000:
        return []
    return [stem]


def _person_forms(name: str) -> list[str]:
    """A person's name as it may appear alone (云明同志 → 云明, 校长陈建国 → 陈建国); 马校长 stays whole."""
    bare = name
    for title in sorted(TITLES, key=len, reverse=True):
        if bare.endswith(title) and len(bare) - len(title) >= 2:
            bare = bare[: -len(title)]
        if bare.startswith(title) and len(bare) - len(title) >= 2:
            bare = bare[len(title) :]
    return [name, bare] if bare != name else [name]


def _place_forms(name: str, lex: Lexicon) -> list[str]:
    """A place as it may appear again: the full name and its stem (吴起县 → 吴起)."""
    forms = [name]
    stem = name[:-1]
    if (
        name[-1] in ADMIN_SUFFIXES
        and len(stem) >= 2
        and stem not in GENERIC_PLACES
        and not lex.freq.get(stem, 0) > 2000
    ):
        forms.append(stem)
    return forms


def _compile_learned(ctx: FileContext) -> None:
    """One regex over all learned names, longest first, remembering each name's kind."""
    kinds = {n: "place" for n in ctx.places}
    kinds.update({n: "stem" for n in ctx.stems})
    kinds.update({n: "school" for n in ctx.own_schools})
    kinds.update({n: "person" for n in ctx.persons})
    ctx.kinds = {n: k for n, k in kinds.items() if len(n) >= 2}
    names = sorted(ctx.kinds, key=len, reverse=True)
    ctx.learned = re.compile("|".join(map(re.escape, names))) if names else None


def _current_year(texts: list[str]) -> int | None:
    """The year an article is written in: its most frequent year (ties: the latest)."""
    years = Counter(_year_value(m.group(1)) for t in texts for m in YEAR_RE.finditer(t))
    years.pop(None, None)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def _year_value(text: str) -> int | None:
    """A year written in Arabic or Chinese digits (二0一四) as an int."""
    digits = text.translate(str.maketrans("〇○零Ｏ一二三四五六七八九", "0000123456789"))
    return int(digits) if digits.isdigit() else None


# ---------------------------------------------------------------- name detection


def find_names(text: str, ctx: FileContext, lex: Lexicon) -> list[Span]:
    """All names in a text: the detectors' finds plus the file's learned names."""
    spans = list(base_names(text, lex))
    if ctx.learned:
        for m in ctx.learned.finditer(text):
            spans.append(Span(m.start(), m.end(), ctx.kinds[m.group()]))
    return _resolve(spans)


@lru_cache(maxsize=4096)
def base_names(text: str, lex: Lexicon) -> tuple[Span, ...]:
    """Names found by the general detectors (no file context); cached per text."""
    tokens = _real_tokens(text, lex)
    places = _places(tokens, lex)
    spans = [
        *_schools(text, tokens, lex, places),
        *places,
        *_persons(text, tokens, lex),
        *_abbreviations(tokens, lex),
        *_byline(text, lex),
    ]
    return tuple(_resolve(spans))


def _real_tokens(text: str, lex: Lexicon) -> list[Token]:
    """jieba tokens with placeholders ({学校名称}) kept whole, so they are never re-detected."""
    tokens: list[Token] = []
    pos = 0
    for m in re.finditer(r"\{[^{}]{1,8}\}", text):
        tokens += [(w, s + pos, e + pos) for w, s, e in lex.tokenize(text[pos : m.start()])]
        tokens.append((m.group(), m.start(), m.end()))
        pos = m.end()
    tokens += [(w, s + pos, e + pos) for w, s, e in lex.tokenize(text[pos:])]
    return tokens


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans, preferring schools, then the longest."""
    rank = {"school": 0, "other_school": 0, "person": 1, "place_org": 2, "place": 3, "stem": 4}
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (rank[s.kind], -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


# --- schools


@dataclass
class _Unit:
    """One step of the walk left from a school suffix: a token, a run of single characters or a place."""

    start: int
    text: str
    kind: str  # type | scope | place | broad | strong | weak | run | weakrun | stop


def _schools(text: str, tokens: list[Token], lex: Lexicon, places: list[Span]) -> list[Span]:
    """School names ending in a school suffix, the source's own school or another one."""
    spans = []
    for i, (word, _, end) in enumerate(tokens):
        if not _is_school_suffix(word):
            continue
        start = _school_start(text, tokens, i, lex, places)
        if start is not None:
            kind = "other_school" if OTHER_SCHOOL_BEFORE.search(text[max(0, start - 4) : start]) else "school"
            spans.append(Span(start, end, kind))
    return spans


def _is_school_suffix(word: str) -> bool:
    """A token that ends a school name: 小学, 高级中学 (kind of school + suffix), 一中 …"""
    if not word or word[-1] not in SUFFIX_ENDS:
        return False
    if re.fullmatch(NUMBERED_SCHOOL, word):
        return True
    for suffix in SCHOOL_SUFFIXES:
        if word.endswith(suffix):
            rest = word[: -len(suffix)]
            return not rest or rest in GENERIC_MODIFIERS
    return False


def _school_start(text: str, tokens: list[Token], i: int, lex: Lexicon, places: list[Span]) -> int | None:
    """Where the name before the school suffix at token i starts, or None if there is no name."""
    word = tokens[i][0]
    specific = (
        word.endswith(SPECIFIC_SUFFIXES)
        and not word.endswith("中小学")
        or bool(re.fullmatch(NUMBERED_SCHOOL, word))
    )
    picked: list[_Unit] = []
    for unit in _units_left(text, tokens, i, lex, places):
        if not _accepts(unit, picked, specific):
            break
        picked.append(unit)
    while picked and picked[-1].kind in ("scope", "type"):
        picked.pop()
    return picked[-1].start if picked and _is_name(picked) else None


def _accepts(unit: _Unit, picked: list[_Unit], specific: bool) -> bool:
    """Whether the walk takes this unit into the name (common words only right at the suffix)."""
    if unit.kind == "stop":
        return False
    if unit.kind in ("weak", "weakrun"):
        near = all(u.kind == "type" for u in picked)
        return near and (specific or bool(picked)) and (unit.kind == "weak" or specific)
    return True


def _is_name(picked: list[_Unit]) -> bool:
    """A proper part makes a name; a place alone only a local one without a generic word."""
    kinds = {u.kind for u in picked}
    if "scope" in kinds:  # 创市一级学校, 陕西省农村寄宿制学校: a kind of school, not one school
        return False
    return bool(kinds & {"strong", "run", "place", "weak", "weakrun"})


def _units_left(text: str, tokens: list[Token], i: int, lex: Lexicon, places: list[Span]) -> Iterator[_Unit]:
    """The units left of token i, nearest first: places whole, single characters as runs."""
    j = i - 1
    while j >= 0:
        word, start, end = tokens[j]
        place = next((p for p in places if p.start <= start and end <= p.end), None)
        if place:
            yield _Unit(
                place.start, text[place.start : place.end], "broad" if _broad(text, place) else "place"
            )
            while j >= 0 and tokens[j][1] >= place.start:
                j -= 1
            continue
        if len(word) == 1 and _single_kind(word, lex) != "stop":
            run, j = _run_left(tokens, j, lex)
            yield run
            continue
        yield _Unit(start, word, _word_kind(word, lex))
        j -= 1


def _run_left(tokens: list[Token], j: int, lex: Lexicon) -> tuple[_Unit, int]:
    """A run of single characters (jieba's unknown words) ending at token j, plus a glued one."""
    chars: list[str] = []
    start = tokens[j][1]
    while j >= 0 and len(tokens[j][0]) == 1 and _single_kind(tokens[j][0], lex) != "stop" and len(chars) < 6:
        chars.insert(0, tokens[j][0])
        start = tokens[j][1]
        j -= 1
    if j >= 0 and len(chars) < 3 and _glued(tokens[j][0]):  # 为官|挡 → 为 | 官挡
        chars.insert(0, tokens[j][0][1])
        start = tokens[j][1] + 1
        j = -1
    strong = any(_single_kind(c, lex) == "strong" for c in chars)
    return _Unit(start, "".join(chars), "run" if strong else "weakrun"), j


def _glued(word: str) -> bool:
    """A two-character word made of a function word and a name's first character (为官)."""
    return len(word) == 2 and word[0] in FUNCTION_CHARS and word[1] not in FUNCTION_CHARS


def _single_kind(char: str, lex: Lexicon) -> str:
    """A single-character token: stop (function word), weak (common verb…) or strong (name-like)."""
    if char in FUNCTION_CHARS or not "\u4e00" <= char <= "\u9fff":
        return "stop"
    return "weak" if char in lex.function or char in ADMIN_SUFFIXES else "strong"


def _word_kind(word: str, lex: Lexicon) -> str:
    """A multi-character token left of a school suffix."""
    if word in TYPE_MODIFIERS or re.fullmatch(r"第[一二三四五六七八九十]+", word):
        return "type"
    if word in SCOPE_MODIFIERS or _is_school_suffix(word):
        return "scope"  # 中小学幼儿园: a list of kinds of school
    if re.fullmatch(r"[A-Za-zＸｘ×]+|某+", word):
        return "strong"  # Xx小学, 某某学校: a template name is still a name
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in lex.function:
        return "stop"
    if word in lex.proper or (len(word) == 2 and lex.freq.get(word, 0) < 100):
        return "strong"
    return "weak"


def _broad(text: str, place: Span) -> bool:
    """A province names no single school (陕西省农村寄宿制学校)."""
    name = text[place.start : place.end]
    return name.endswith("省") or name in PROVINCES or name.rstrip("省市") in PROVINCES


# --- places


def _places(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Place names: dictionary places and stems, and unknown words before 县/镇/区…"""
    spans = []
    for i, (word, start, end) in enumerate(tokens):
        if (
            word in lex.places
            or word in lex.place_stems
            or REGION_RE.fullmatch(word)
            or _rare_place(word, lex)
        ):
            spans.append(Span(start, end, _place_kind(word, tokens, i)))
        elif (word in ADMIN_SUFFIXES or _is_local_org(word)) and i:
            first = _place_start(tokens, i, lex)
            if first is not None:
                kind = _place_kind(word, tokens, i) if word in ADMIN_SUFFIXES else "place"
                spans.append(Span(first, end if word in ADMIN_SUFFIXES else start, kind))
    return spans


def _rare_place(word: str, lex: Lexicon) -> bool:
    """王庄村: a dictionary name (not 随行就市) with a rare stem and an administrative suffix."""
    if len(word) < 3 or word[-1] not in ADMIN_SUFFIXES or not _is_place_word(word):
        return False
    stem = word[:-1]
    rare_stem = stem in lex.proper or lex.freq.get(stem, 0) < 50
    return word not in lex.function and rare_stem and word in lex.proper


def _is_local_org(word: str) -> bool:
    """县委, 县政府, 市教育局: an organisation word that starts with the place's suffix."""
    return (
        len(word) >= 2 and word[0] in COUNTY_SUFFIXES + "镇乡" and (word[1:] in ORG_WORDS or word[1:] == "委")
    )


def _place_kind(word: str, tokens: list[Token], i: int) -> str:
    """A county-level place right before a local organisation becomes {所在地}; others drop."""
    following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    return "place_org" if word[-1] in COUNTY_SUFFIXES and following in ORG_WORDS else "place"


def _place_start(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Start of an unknown place name before an administrative suffix (吴起|县, 闫|良|区)."""
    chars, first = 0, None
    for j in range(i - 1, max(-1, i - 4), -1):
        word, start, _ = tokens[j]
        if not _place_part(word, lex, town=tokens[i][0] in "镇乡村" and _town_part(word)):
            break
        chars, first = chars + len(word), start
    return first if chars >= 2 else None


def _place_part(word: str, lex: Lexicon, town: bool = False) -> bool:
    """A token that can be part of an unknown place name: rare, unknown or a proper noun."""
    if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", word) or len(word) > 1 and word in GENERIC_MODIFIERS:
        return False
    if len(word) == 1:
        return word not in FUNCTION_CHARS and word not in ADMIN_SUFFIXES
    if word in lex.function:
        return False
    return word in lex.proper or word in lex.place_stems or lex.freq.get(word, 0) < 50 or town


def _town_part(word: str) -> bool:
    """Before 镇/乡/村 even an ordinary word names a place (桃源镇, 光明村)."""
    return len(word) == 2 and word not in GENERIC_MODIFIERS and word not in GENERIC_PLACES


# --- people


def _persons(text: str, tokens: list[Token], lex: Lexicon) -> list[Span]:
    """People: a name before a title (马校长, 张兆林主任, 云明同志) or a verb of speech."""
    spans = []
    for i, (word, _, end) in enumerate(tokens):
        if word in TITLES and not _plural(tokens, i):
            start = _name_before_title(text, tokens, i, lex) if i else None
            if start is not None:
                spans.append(Span(start, end, "person"))
            after = _name_after_title(tokens, i, lex)
            if after is not None:
                spans.append(Span(tokens[i][1], after, "person"))
        elif _merged_person(word, lex) or _famous_speaker(tokens, i, lex):
            spans.append(Span(tokens[i][1], end, "person"))
    return spans


def _plural(tokens: list[Token], i: int) -> bool:
    """老师们, 同志们: a title in the plural names no one."""
    return i + 1 < len(tokens) and tokens[i + 1][0] == "们"


def _name_before_title(text: str, tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Start of the name before the title at token i (张兆林|主任, 王明华|同志), or None."""
    parts = _name_parts(tokens, i, lex)
    for k in range(len(parts)):  # longest first, always on token boundaries
        name = "".join(tokens[j][0] for j in parts[k:])
        start = tokens[parts[k]][1]
        if _surname(name[0]) and (len(name) == 1 or not _common(name, lex)):
            return start
        if len(name) == 2 and tokens[i][0] == "同志" and _bare_given_name(text, name, start, lex):
            return start
    return None


def _name_parts(tokens: list[Token], i: int, lex: Lexicon) -> list[int]:
    """Indexes of the tokens right before token i that may form a name (three characters at most)."""
    parts: list[int] = []
    chars = 0
    for j in range(i - 1, -1, -1):
        word = tokens[j][0]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or chars + len(word) > 3:
            break
        if len(word) == 1 and word in NEVER_IN_NAMES:
            break
        if (
            len(word) > 1
            and (word in lex.function or lex.freq.get(word, 0) >= RARE)
            and word not in lex.persons
        ):
            break
        parts.insert(0, j)
        chars += len(word)
    return parts


def _common(name: str, lex: Lexicon) -> bool:
    """An ordinary dictionary word, not a name (许多, 安全)."""
    return bool(lex.freq.get(name)) and name not in lex.persons


def _merged_person(word: str, lex: Lexicon) -> bool:
    """刘校长 as one dictionary token: a surname (and given name) glued to a title."""
    if len(word) < 3 or not _surname(word[0]) or not MERGED_TITLE_RE.fullmatch(word):
        return False
    return word in lex.persons or lex.freq.get(word, 0) < 100


def _name_after_title(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """校长陈建国, 园长王芳: a title followed by a full name; the name's end, or None."""
    if i + 1 >= len(tokens):
        return None
    word, _, end = tokens[i + 1]
    if 2 <= len(word) <= 3 and word in lex.persons and _surname(word[0]):
        return end
    if len(word) != 1 or not _surname(word):
        return None
    nxt = tokens[i + 2] if i + 2 < len(tokens) else ("", 0, end)
    if len(nxt[0]) == 2 and re.fullmatch(r"[\u4e00-\u9fff]+", nxt[0]) and nxt[0] not in lex.function:
        return nxt[2]  # 陈|建国
    chars = []
    for t in tokens[i + 2 : i + 4]:
        if len(t[0]) != 1 or t[0] in NOT_GIVEN or not "\u4e00" <= t[0] <= "\u9fff":
            break
        chars.append(t)
    if chars and not lex.freq.get(word + "".join(t[0] for t in chars)):
        return chars[-1][2]
    return None


def _surname(char: str) -> bool:
    """A character that starts a name: a common surname that is not also a function word."""
    return char in SURNAMES and char not in AMBIGUOUS_SURNAMES


def _bare_given_name(text: str, name: str, start: int, lex: Lexicon) -> bool:
    """述才同志: two characters, not a word, right after punctuation or 是/和 — a given name."""
    before = text[start - 1] if start else "，"
    if lex.freq.get(name, 0) >= RARE or any(
        ch in FUNCTION_CHARS or ch in "老女男小大新青诸" for ch in name[:1]
    ):
        return False
    return before in '，,、；;：:。 是和与及（(“"' or not before.strip()


def _famous_speaker(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """温家宝也强调: a known three-character name followed by a verb of speech."""
    word = tokens[i][0]
    return len(word) == 3 and word in lex.persons and word[0] in SURNAMES and _speaks(tokens, i)


def _speaks(tokens: list[Token], i: int) -> bool:
    """A known name followed (maybe after 也/曾/同志) by a verb of speech: 温家宝也强调."""
    for word, _, _ in tokens[i + 1 : i + 4]:
        if word in SPEECH_FILLERS:
            continue
        return word.startswith(SPEECH_VERBS)
    return False


def _byline(text: str, lex: Lexicon) -> list[Span]:
    """A short line naming a school and a person (某县城北小学 黄志勇, 汇报人：李明): the person."""
    spans = [
        Span(m.start(1), m.end(1), "person")
        for m in BYLINE_LABEL_RE.finditer(text)
        if _surname(m.group(1)[0])
    ]
    if len(text) > 40 or not re.search(r"\s", text.strip()):
        return spans
    for m in re.finditer(r"(?<!\S)([\u4e00-\u9fff]{2,3})(?!\S)", text):
        name = m.group(1)
        if name[0] in SURNAMES and (not lex.freq.get(name) or name in lex.persons):
            spans.append(Span(m.start(1), m.end(1), "person"))
    return spans


# --- abbreviated names of other schools


def _abbreviations(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Two short school names in a row (X小Y小交流, 一小、二小): other schools, dropped."""
    spans = []
    for i in range(len(tokens)):
        first = _abbreviation(tokens, i, lex)
        if first is None:
            continue
        j = first + (1 if first < len(tokens) and tokens[first][0] in ("、", "和", "与") else 0)
        second = _abbreviation(tokens, j, lex)
        if second is not None:
            spans.append(Span(tokens[i][1], tokens[second - 1][2], "other_school"))
    return spans


def _abbreviation(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """X小 / X中 at token i (one token or two characters) that is no ordinary word; the next index."""
    if i >= len(tokens):
        return None
    word = tokens[i][0]
    if (
        len(word) == 2
        and word[1] in "小中"
        and (re.fullmatch(NUMBERED_SCHOOL, word) or not lex.freq.get(word))
    ):
        return i + 1
    if i + 1 >= len(tokens) or len(word) != 1 or tokens[i + 1][0] not in ("小", "中"):
        return None
    if word in FUNCTION_CHARS or not "\u4e00" <= word <= "\u9fff" or lex.freq.get(word + tokens[i + 1][0]):
        return None
    return i + 2


# ---------------------------------------------------------------- one sentence or clause


def process_unit(unit: str, spans: list[Span], year: int | None) -> tuple[str, str | None]:
    """Rewrite one sentence/clause, or give the reason to drop it."""
    for kind in DROP_KINDS:
        if any(s.kind == kind for s in spans):
            return "", kind
    schools = {unit[s.start : s.end] for s in spans if s.kind == "school"}
    if len(schools) > 1 or schools and OWN_SCHOOL_RE.search(unit):
        return "", "other_school"  # 我校与某小学结对: the named school is another one
    if len({unit[s.start : s.end] for s in spans if s.kind == "place_org"}) > 1:
        return "", "place"
    if OCCASION_RE.search(unit):
        return "", "occasion"
    if SCOPE_RE.search(unit):
        return "", "scope"
    if DATED_RE.search(unit):
        return "", "dated"
    text = _replace_spans(unit, spans)
    for step in (_documents, _meeting, _school_years, _dates, lambda t: _years(t, year), _counts, _figures):
        text, reason = step(text)
        if reason:
            return "", reason
    if FILLER_RE.search(text):
        return "", "filler"
    return text, None


def _replace_spans(unit: str, spans: list[Span]) -> str:
    """Put placeholders where the source's own school or town stood."""
    out = unit
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        if span.kind == "place_org":
            new = "{所在地}"
        elif span.kind in ("school", "stem"):
            new = "{学校名称}" if span.kind == "school" else "{学校简称}"
        else:
            continue
        out = out[: span.start] + new + out[span.end :]
    return out


def _documents(text: str) -> tuple[str, str | None]:
    """A document number in brackets after a title goes; anywhere else its sentence goes."""
    text = DOC_NO_PAREN_RE.sub("", text)
    if DOC_NO_RE.search(text) or DOC_REF_RE.search(text):
        return text, "doc"
    return text, None


def _meeting(text: str) -> tuple[str, str | None]:
    """今天召开后勤工作会议 → 今天召开{会议名称}: the opening stays reusable."""
    if not MEETING_NOW_RE.search(text):
        return text, None
    m = MEETING_RE.search(text)
    if (
        not m
        or m.group("m") in ("会议", "大会", "会")
        or re.match(r"[的了这此本那]|.*(?:这次|本次|此次|一次)", m.group("m"))
    ):
        return text, None
    return text[: m.start("m")] + "{会议名称}" + text[m.end("m") :], None


def _school_years(text: str) -> tuple[str, str | None]:
    """2023-2024学年度第二学期 → {学年}{学期}; 2026年春季学期 → {学年}{学期}."""
    text = SCHOOL_YEAR_RE.sub(lambda m: "{学年}" + ("{学期}" if m.group("term") else ""), text)
    return TERM_YEAR_RE.sub("{学年}{学期}", text), None


def _dates(text: str) -> tuple[str, str | None]:
    """A full or partial date (2024年3月, 二0一四年九月, 2026-03-05) → {日期}."""
    return ISO_DATE_RE.sub("{日期}", DATE_RE.sub("{日期}", text)), None


def _years(text: str, current: int | None) -> tuple[str, str | None]:
    """The article's year → {年份}, the year before → {上一年份}; any other year drops the sentence."""
    bad = False

    def repl(m: re.Match) -> str:
        nonlocal bad
        value = _year_value(m.group(1))
        if current is not None and value == current:
            return "{年份}"
        if current is not None and value == current - 1:
            return "{上一年份}"
        bad = True
        return m.group(0)

    text = YEAR_RE.sub(repl, text)
    return text, "year" if bad else None


def _counts(text: str) -> tuple[str, str | None]:
    """One school's numbers of teachers and students → {教师人数} / {学生人数}."""
    text = _sub_large(TEACHERS_RE, text, "{教师人数}名{w}")
    text = _sub_large(TEACHERS_AFTER_RE, text, "{w}{教师人数}人")
    text = _sub_large(STUDENTS_RE, text, "{学生人数}名{w}")
    return _sub_large(STUDENTS_AFTER_RE, text, "{w}{学生人数}人"), None


def _sub_large(pattern: re.Pattern, text: str, template: str) -> str:
    """Replace counts of ten or more (a school's figure), keep small ones (三位教师)."""

    def repl(m: re.Match) -> str:
        n = m.group("n")
        large = (n[0].isdigit() and float(n) >= 10) or bool(re.search("[十百千]", n))
        if not large:
            return m.group(0)
        return template.replace("{w}", m.group("w"))

    return pattern.sub(repl, text)


def _figures(text: str) -> tuple[str, str | None]:
    """Money and statistics (投资20多万元, 69所学校) belong to one place: no profile field fits."""
    return text, "figure" if MONEY_RE.search(text) or COUNT_RE.search(text) else None


# ---------------------------------------------------------------- text assembly


def _units(text: str) -> list[tuple[int, int]]:
    """Sentences and "；" clauses of a paragraph, as (start, end) offsets covering it all."""
    units, start = [], 0
    for m in UNIT_END_RE.finditer(text):
        units.append((start, m.end()))
        start = m.end()
    if start < len(text):
        units.append((start, len(text)))
    return units


def _close_sentence(kept: list[str], dropped: str) -> None:
    """When a sentence's last clause is dropped, the clause before it ends the sentence."""
    end = dropped.rstrip('”’"」』）) ')[-1:]
    if kept and end in SENTENCE_END and kept[-1].rstrip()[-1:] in "；;，,":
        kept[-1] = kept[-1].rstrip()[:-1] + "。"


def _tidy(text: str) -> str:
    """Clean the seams left by dropped sentences."""
    text = text.strip()
    if text and text[-1] in "；;，,、":
        text = text[:-1] + "。"
    return text


def _note(reason: str, unit: str, spans: list[Span]) -> str:
    """A short Chinese note for a dropped sentence, with the names in it masked."""
    masked = unit
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        masked = masked[: span.start] + MASKS.get(span.kind, "〔名称〕") + masked[span.end :]
    masked = masked.strip()
    excerpt = masked if len(masked) <= 30 else masked[:30] + "…"
    return f"删除{REASONS[reason]}的句子：{excerpt}"


def _mark_reusable(section: Section, notes: list[str], had_body: bool) -> None:
    """A section left too short by the drops is kept for tracing but never reused."""
    if not notes:
        return
    body = sum(count_chinese(p) for p in section.paragraphs)
    if had_body and body < MIN_REUSABLE_CHARS or not had_body and not count_chinese(section.heading):
        section.reusable = False
        section.notes.append(f"删除后正文不足{MIN_REUSABLE_CHARS}字，不再复用")


assert set(REASONS) >= set(DROP_KINDS)
assert {
    "学校名称",
    "学校简称",
    "所在地",
    "会议名称",
    "学年",
    "学期",
    "日期",
    "年份",
    "上一年份",
    "教师人数",
    "学生人数",
} <= set(PLACEHOLDERS)
