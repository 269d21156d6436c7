"""A small hand-written corpus for the generation tests, independent of the shipped corpus.

Sections carry every property selection looks at: roles, topics, kinds, moods,
placeholders, near-duplicate groups, sections that must never be used (not reusable,
template markers, 20xx/XX leftovers) and tokens (a keyword scan stands in for jieba).
"""

from __future__ import annotations

import datetime as dt

from generator.lexicon import fit_words
from generator.model import Corpus, Request, Section, Topic
from generator.profile import make_profile
from generator.tag.fit import tag_fit

TOPICS = [
    Topic(
        "食堂与饮食安全",
        ["食堂", "饮食"],
        ["食堂", "食品", "留样", "饭菜", "食物中毒", "伙食", "从业人员", "陪餐"],
    ),
    Topic("宿舍", ["寝室", "住宿"], ["宿舍", "查寝", "就寝", "生活老师"]),
    Topic("水电与维修", ["水电", "维修"], ["维修", "水电", "线路", "灯管", "水龙头", "管网", "报修", "检修"]),
    Topic("财务", ["经费", "收费"], ["财务", "经费", "预算", "收支", "账目", "开支"]),
    Topic("安全总体", ["安全", "消防"], ["安全", "隐患", "消防", "演练", "安全责任", "事故", "巡逻"]),
    Topic("后勤综合", ["后勤", "总务"], ["后勤", "服务", "保障", "管理"]),
]

SCHOOL = "青松岭实验学校"
DAY = dt.date(2026, 3, 5)

# (id, role, mood, topics, kinds, heading, paragraphs, extra fields)
_ROWS: list[tuple] = [
    (
        "o1",
        "opening",
        "review",
        ["后勤综合"],
        ["summary", "report"],
        "",
        [
            "过去的一学期，{学校名称}后勤工作在学校领导班子的正确领导下，坚持以服务教育教学为中心，以保障师生安全为重点，"
            "认真履行工作职责，较好地完成了各项后勤保障任务。现总结如下："
        ],
        {},
    ),
    (
        "o2",
        "opening",
        "review",
        ["后勤综合"],
        ["summary", "report"],
        "",
        [
            "{年份}年，我校后勤工作紧紧围绕学校工作大局，牢固树立服务意识，不断加强内部管理，"
            "努力为全校师生创造安全、整洁、舒适的学习和生活环境。"
        ],
        {},
    ),
    (
        "o3",
        "opening",
        "neutral",
        ["后勤综合"],
        ["speech"],
        "",
        ["刚才张主任讲了很好的意见，我完全同意。"],
        {"reusable": False},
    ),
    # reviews by topic
    (
        "r01",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary", "report"],
        "一、加强食堂管理，确保饮食安全。",
        [
            "我们严格执行食品原材料定点采购和索证索票制度，坚持每餐食品留样，全年未发生一起食物中毒事故。",
            "食堂从业人员全部持健康证上岗，每月开展一次业务培训，饭菜质量和服务态度得到师生的普遍好评。",
        ],
        {"dup_group": "g1"},
    ),
    (
        "r02",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary"],
        "",
        ["一是完善了食堂管理制度，落实了食堂管理人员每日巡查制度，建立了食品进货台账，做到了账物相符。"],
        {},
    ),
    (
        "r03",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary"],
        "",
        ["我们严格执行食品原材料定点采购和索证索票制度，坚持每餐留样，全年没有发生食物中毒事故。"],
        {"dup_group": "g1"},
    ),
    (
        "r04",
        "review",
        "review",
        ["安全总体"],
        ["summary", "report"],
        "狠抓安全工作，建设平安校园",
        [
            "我们坚持每月开展一次校园安全大检查，对发现的隐患登记造册、限期整改，全年共排查整改安全隐患二十余处。",
            "组织师生开展消防疏散演练两次，更新灭火器一百余具，师生的安全意识和自救自护能力明显增强。",
        ],
        {},
    ),
    (
        "r05",
        "review",
        "review",
        ["安全总体"],
        ["summary"],
        "",
        ["学校与各部门签订了安全责任书，落实了门卫值班和校园巡逻制度，实现了全年无重大安全责任事故的目标。"],
        {},
    ),
    (
        "r06",
        "review",
        "review",
        ["水电与维修"],
        ["summary", "report"],
        "（二）维修及时，服务到位",
        [
            "凡是影响教育教学的维修项目，我们都做到当天报修、当天处理，全学期共维修更换灯管三百余支、水龙头六十余个。",
            "暑假期间对教学楼的线路和管网进行了全面检修，保证了开学后水电的正常供应。",
        ],
        {},
    ),
    (
        "r07",
        "review",
        "review",
        ["水电与维修"],
        ["summary"],
        "",
        ["1、建立了维修登记和回访制度，维修人员随叫随到，得到了教师们的一致肯定。"],
        {},
    ),
    (
        "r08",
        "review",
        "review",
        ["宿舍"],
        ["summary"],
        "规范宿舍管理，营造温馨家园",
        [
            "我们完善了学生宿舍管理制度，生活老师坚持每晚查寝，及时了解学生的思想和生活情况。",
            "开展文明宿舍评比活动，学生宿舍的卫生和秩序明显好转。",
        ],
        {},
    ),
    (
        "r09",
        "review",
        "review",
        ["财务"],
        ["summary"],
        "严格财务管理，坚持勤俭办学",
        [
            "学校严格执行财务制度，坚持收支两条线，所有开支均经集体研究审批，做到了账目清楚、手续完备。",
            "全年节约办公经费三万余元，有效地提高了经费的使用效益。",
        ],
        {},
    ),
    (
        "r10",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary"],
        "",
        ["在马校长的亲自带领下，食堂改造工程顺利完成。"],
        {"reusable": False},
    ),
    (
        "r11",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary"],
        "",
        ["{校长}校长每周陪餐一次，认真听取学生对伙食的意见和建议，食堂饭菜质量不断提高。"],
        {},
    ),
    (
        "r12",
        "review",
        "review",
        ["安全总体"],
        ["summary"],
        "",
        ["20xx年我校安全工作取得了显著成绩，被评为XX县平安校园。"],
        {},
    ),
    (
        "r13",
        "review",
        "review",
        ["水电与维修"],
        ["summary"],
        "",
        ["维修工作{{ 7*7 }}做到了及时高效，{% for x in y %}受到好评。"],
        {},
    ),
    (
        "r15",
        "review",
        "review",
        ["食堂与饮食安全"],
        ["summary", "report"],
        "提高伙食质量",
        [
            "我们坚持每周调整一次菜谱，做到营养搭配、花样翻新，定期召开学生伙食座谈会，及时改进工作中的不足，"
            "学生对食堂的满意度明显提高，在校就餐的学生人数比上学期增加了一成。"
        ],
        {},
    ),
    (
        "r16",
        "review",
        "review",
        ["安全总体"],
        ["summary", "report"],
        "完善安全防范体系",
        [
            "我们完善了校园监控系统，在校门、楼道和操场增设了监控点位，落实了领导带班和教师值班制度，"
            "节假日安排专人巡查，校园治安秩序良好，师生和家长的安全感明显增强。"
        ],
        {},
    ),
    (
        "r17",
        "review",
        "review",
        ["水电与维修"],
        ["summary", "report"],
        "加强设施设备维护",
        [
            "我们对全校的供水管网和配电线路进行了一次全面排查，更换老化电线一千余米，维修课桌椅二百余套，"
            "及时消除了一批设施设备安全隐患，保证了教育教学活动的正常开展。"
        ],
        {},
    ),
    (
        "r14",
        "review",
        "directive",
        ["食堂与饮食安全"],
        ["plan"],
        "",
        ["食堂要每天公示菜谱，接受师生监督。"],
        {},
    ),
    # measures and requirements by topic
    (
        "m01",
        "measures",
        "directive",
        ["食堂与饮食安全"],
        ["plan", "speech", "scheme"],
        "加强食堂管理，确保饮食安全",
        [
            "要严格执行食品原材料定点采购和索证索票制度，坚持每餐留样，严防食物中毒事故的发生。",
            "要加强食堂从业人员的培训和管理，不断提高饭菜质量和服务水平，让师生吃得放心、吃得满意。",
        ],
        {},
    ),
    (
        "m02",
        "measures",
        "directive",
        ["食堂与饮食安全"],
        ["plan", "scheme"],
        "",
        ["食堂管理人员要每天检查食品加工的各个环节，发现问题及时整改，确保师生饮食安全。"],
        {},
    ),
    (
        "m03",
        "measures",
        "directive",
        ["食堂与饮食安全"],
        ["plan"],
        "完善食堂考核办法",
        ["要建立食堂工作考核办法，每月组织师生对饭菜质量和服务态度进行评议，评议结果与从业人员的绩效挂钩。"],
        {"dup_group": "g2"},
    ),
    (
        "m04",
        "measures",
        "directive",
        ["食堂与饮食安全"],
        ["plan"],
        "完善食堂考核制度",
        ["要建立食堂工作考核制度，每月组织师生对饭菜质量和服务态度进行评议，评议结果与绩效挂钩。"],
        {"dup_group": "g2"},
    ),
    (
        "m05",
        "measures",
        "directive",
        ["安全总体"],
        ["plan", "speech", "scheme"],
        "落实安全责任，筑牢安全防线",
        [
            "要坚持“安全第一、预防为主”的方针，层层签订安全责任书，把安全责任落实到每个岗位、每个人。",
            "要定期开展校园安全隐患排查，对发现的问题建立台账、限期整改，确保不留死角。",
        ],
        {},
    ),
    (
        "m06",
        "measures",
        "directive",
        ["安全总体"],
        ["plan", "scheme"],
        "",
        ["要加强消防设施的检查和维护，每学期至少组织一次消防疏散演练，提高师生的应急避险能力。"],
        {},
    ),
    (
        "m07",
        "measures",
        "directive",
        ["水电与维修"],
        ["plan", "speech", "scheme"],
        "做好维修工作，保障教学需要",
        [
            "要建立健全维修登记制度，做到小修不过夜、大修不过周，确保教育教学活动正常进行。",
            "要加强对水电线路的日常检查，及时消除用电安全隐患。",
        ],
        {},
    ),
    (
        "m08",
        "measures",
        "directive",
        ["水电与维修"],
        ["plan", "scheme"],
        "",
        ["要做好假期校舍维修计划，合理安排资金，确保开学前完成各项维修任务。"],
        {},
    ),
    (
        "m09",
        "measures",
        "directive",
        ["宿舍"],
        ["plan", "scheme"],
        "规范宿舍管理",
        [
            "要严格执行学生宿舍管理制度，生活老师要坚持每晚查寝，做好学生就寝情况记录。",
            "要加强宿舍安全教育，严禁学生在宿舍内使用大功率电器。",
        ],
        {},
    ),
    (
        "m10",
        "measures",
        "directive",
        ["财务"],
        ["plan", "scheme"],
        "严格财务管理",
        [
            "要严格执行财务制度和审批程序，坚持勤俭办学，把有限的资金用在刀刃上。",
            "要加强预算管理，定期公开财务收支情况，接受教职工的监督。",
        ],
        {},
    ),
    (
        "q01",
        "requirements",
        "directive",
        ["后勤综合"],
        ["speech", "summary"],
        "",
        ["全体后勤人员要牢固树立服务意识，主动为教育教学和师生生活服务，做到服务热情、工作高效。"],
        {},
    ),
    (
        "q02",
        "requirements",
        "directive",
        ["安全总体"],
        ["speech", "scheme"],
        "强化责任意识",
        ["各部门负责人是本部门安全工作的第一责任人，要切实履行职责，确保各项安全措施落到实处。"],
        {},
    ),
    (
        "q03",
        "requirements",
        "directive",
        ["后勤综合"],
        ["speech", "summary", "scheme"],
        "",
        ["下学期，我们将进一步完善后勤管理制度，加强队伍建设，提高服务质量，努力开创后勤工作新局面。"],
        {},
    ),
    # the other roles
    (
        "g01",
        "guiding-thought",
        "neutral",
        ["后勤综合"],
        ["plan", "scheme"],
        "指导思想",
        [
            "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，坚持“服务育人、管理育人”的宗旨，"
            "以保障教育教学为中心，以安全稳定为底线，不断提高后勤管理和服务水平，为学校各项工作的顺利开展提供有力保障。"
        ],
        {},
    ),
    (
        "g02",
        "guiding-thought",
        "neutral",
        ["后勤综合"],
        ["plan"],
        "",
        [
            "坚持以人为本、服务至上的原则，围绕学校工作计划，强化管理，优化服务，努力建设安全、文明、和谐的校园。"
        ],
        {},
    ),
    (
        "t01",
        "goals",
        "directive",
        ["安全总体", "后勤综合"],
        ["plan", "scheme"],
        "",
        [
            "确保全年无重大安全责任事故，师生对后勤服务的满意度达到百分之九十五以上，各项设施设备完好率保持在百分之九十以上。"
        ],
        {},
    ),
    (
        "s01",
        "safeguards",
        "directive",
        ["后勤综合"],
        ["plan", "scheme"],
        "加强组织领导",
        [
            "{学校简称}成立后勤工作领导小组，由校长任组长，分管领导具体负责，定期研究解决后勤工作中的重要问题。"
        ],
        {},
    ),
    (
        "s02",
        "safeguards",
        "directive",
        ["后勤综合"],
        ["plan", "scheme"],
        "健全规章制度",
        ["要进一步完善后勤各项管理制度，做到用制度管人、按制度办事，推进后勤管理规范化。"],
        {},
    ),
    (
        "s03",
        "safeguards",
        "directive",
        ["后勤综合"],
        ["plan", "speech"],
        "加强队伍建设",
        ["要加强后勤人员的政治学习和业务培训，不断提高后勤队伍的思想素质和业务水平。"],
        {},
    ),
    (
        "n01",
        "significance",
        "neutral",
        ["后勤综合"],
        ["speech"],
        "充分认识后勤工作的重要性",
        [
            "后勤工作是学校工作的重要组成部分，是教育教学工作顺利开展的基础和保障。后勤工作做得好不好，"
            "直接关系到师生的切身利益，关系到学校的安全稳定和健康发展。",
            "我们一定要从全局的高度，充分认识做好后勤工作的重要意义，切实增强责任感和紧迫感。",
        ],
        {},
    ),
    (
        "n02",
        "significance",
        "neutral",
        ["后勤综合"],
        ["speech"],
        "",
        [
            "当前，社会各界对学校安全和服务质量的要求越来越高，后勤工作面临新的形势和任务，我们必须转变观念，改进作风，适应新形势的要求。"
        ],
        {},
    ),
    (
        "e01",
        "experience",
        "review",
        ["后勤综合"],
        ["summary"],
        "领导重视是做好后勤工作的关键",
        [
            "学校领导高度重视后勤工作，经常深入一线了解情况，帮助解决实际困难，为后勤工作的顺利开展创造了良好条件。"
        ],
        {},
    ),
    (
        "e02",
        "experience",
        "review",
        ["后勤综合"],
        ["summary"],
        "制度健全是做好后勤工作的保障",
        ["我们坚持用制度管人管事，使各项工作有章可循、有据可查，提高了工作效率。"],
        {},
    ),
    (
        "p01",
        "problems",
        "neutral",
        ["后勤综合"],
        ["summary", "report"],
        "",
        [
            "我们的工作还存在一些不足：一是部分后勤人员的服务意识还不够强；二是设施设备的维护保养还不够及时；三是精细化管理水平有待进一步提高。"
        ],
        {},
    ),
    (
        "p02",
        "problems",
        "neutral",
        ["后勤综合"],
        ["summary"],
        "",
        ["个别岗位职责落实不够到位，检查督促还不够经常，这些问题需要在今后的工作中认真加以解决。"],
        {},
    ),
    (
        "c01",
        "closing",
        "directive",
        ["后勤综合"],
        ["speech"],
        "",
        [
            "同志们，后勤工作责任重大，任务艰巨。让我们团结一心，扎实工作，为学校的健康发展作出新的更大的贡献！"
        ],
        {},
    ),
    (
        "c02",
        "closing",
        "review",
        ["后勤综合"],
        ["summary"],
        "",
        ["总之，在全体后勤人员的共同努力下，我校后勤工作取得了一定的成绩，我们将继续努力，再创佳绩。"],
        {},
    ),
]


def tokens(text: str) -> list[str]:
    """Every vocabulary word found in ``text``, as often as it occurs (a stand-in for jieba)."""
    words = {w for t in TOPICS for w in [*t.aliases, *t.keywords]}
    return [w for w in sorted(words) for _ in range(text.count(w))]


def section(row: tuple) -> Section:
    sid, role, mood, topics, kinds, heading, paragraphs, extra = row
    text = heading + "".join(paragraphs)
    return Section(
        id=f"syn-a1-{sid}",
        source="synthetic.txt",
        article="a1",
        article_title="合成素材",
        lines=(1, 1),
        level=1 if heading else 5,
        heading=heading,
        paragraphs=list(paragraphs),
        role=role,
        topics=list(topics),
        kinds=list(kinds),
        mood=mood,
        placeholders=sorted(set(_placeholders(text))),
        tokens=tokens(text),
        reusable=extra.get("reusable", True),
        dup_group=extra.get("dup_group"),
    )


def _placeholders(text: str) -> list[str]:
    import re

    from generator.config import PLACEHOLDER_PATTERN

    return re.findall(PLACEHOLDER_PATTERN, text)


def corpus(extra_rows: list[tuple] = ()) -> Corpus:
    """A fresh synthetic corpus (selection caches its index on the object)."""
    sections = [section(r) for r in [*_ROWS, *extra_rows]]
    tag_fit(sections, fit_words())  # what ingest tags after the roles: fit, job and tense
    return Corpus(sections=sections, topics=list(TOPICS))


def profile(**fields: str):
    values = {"学校名称": SCHOOL, "校长": "王明", "分管后勤领导": "李华", "日期": "2026年3月5日", **fields}
    return make_profile({k: v for k, v in values.items() if v is not None}, DAY)


def request(kind: str, topics=("食堂", "安全", "维修"), seed: int = 1, **kw) -> Request:
    prof = kw.pop("profile", None) or profile()
    return Request(kind, prof, list(topics), seed=seed, **kw)
