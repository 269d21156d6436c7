"""The words that say what part of a document a section is: heading cues, wording cues,
directive verbs and the marks of greetings and closings (word lists for the genre).
"""

from __future__ import annotations

import re

# Heading (or lead clause) cues: role, weight per matching word.
HEAD_CUES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "guiding-thought",
        5,
        ("指导思想", "主导思想", "总体思路", "工作思路", "指导原则", "基本原则", "总体要求", "基本思路"),
    ),
    ("goals", 4, ("工作目标", "目标任务", "总体目标", "具体目标", "奋斗目标", "目标")),
    (
        "safeguards",
        4,
        (
            "保障措施",
            "组织保障",
            "制度保障",
            "经费保障",
            "条件保障",
            "机制保障",
            "加强领导",
            "组织领导",
            "组织机构",
            "领导小组",
            "保障机制",
        ),
    ),
    (
        "measures",
        3,
        (
            "措施",
            "重点工作",
            "工作要点",
            "主要工作",
            "主要任务",
            "工作任务",
            "具体安排",
            "工作安排",
            "实施步骤",
            "步骤",
            "行事历",
            "工作重点",
            "突出重点",
            "重点抓好",
            "打算",
            "设想",
            "下一步",
            "今后",
        ),
    ),
    (
        "review",
        3,
        (
            "回顾",
            "成绩",
            "成效",
            "取得",
            "一年来",
            "过去",
            "完成情况",
            "工作情况",
            "进展",
            "得到了",
            "有了",
            "明显提升",
            "明显增强",
            "明显提高",
            "明显强化",
            "在不断",
            "不断得到",
        ),
    ),
    (
        "experience",
        5,
        ("经验", "体会", "感受", "启示", "感想", "做法", "是关键", "是核心", "是根本", "是保障"),
    ),
    ("problems", 4, ("问题", "不足", "差距", "薄弱", "困难", "短板")),
    (
        "significance",
        3,
        ("认清形势", "形势", "重要性", "意义", "认识", "地位", "功能", "紧迫感", "必要性", "作用", "育人"),
    ),
    ("requirements", 3, ("要求", "意见", "希望", "建议", "意识", "职责", "纪律")),
    ("closing", 4, ("结束语", "结语")),
)

HEAD_WORDS = sorted(((w, r) for r, _, ws in HEAD_CUES for w in ws), key=lambda wr: (-len(wr[0]), wr[0]))

# Verbs that open a directive heading: their role depends on the article's kind.
ACTION_VERBS = (
    "加强",
    "做好",
    "抓好",
    "搞好",
    "提高",
    "提升",
    "完善",
    "建立",
    "健全",
    "落实",
    "推进",
    "强化",
    "规范",
    "严格",
    "树立",
    "明确",
    "开展",
    "狠抓",
    "增强",
    "端正",
    "钻研",
    "改善",
    "坚持",
    "优化",
    "聚焦",
    "压实",
    "立足",
    "突出",
    "深化",
    "创新",
    "整章建制",
)

ADVERBS = re.compile(r"^(要|切实|进一步|继续|努力|认真|重点|全面|着力|大力|扎实|积极|不断|持续|始终)+")

# Wording cues in the text: role, words (each distinct word counts 0.5, at most 2.5 per role;
# problem words are specific, so they count 0.7, at most 3.5).
TEXT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "significance",
        (
            "重要组成部分",
            "重要性",
            "意义",
            "基础",
            "前提",
            "地位",
            "不可或缺",
            "举足轻重",
            "生命线",
            "兵马未动",
            "至关重要",
            "必然要求",
            "重要阵地",
            "重要环节",
            "重要作用",
            "不可替代",
        ),
    ),
    (
        "review",
        (
            "取得",
            "成绩",
            "成效",
            "一年来",
            "以来",
            "回顾",
            "完成了",
            "实现了",
            "得到了",
            "显著",
            "圆满",
            "有效地",
            "确保了",
            "保证了",
            "提高了",
            "增强了",
        ),
    ),
    ("experience", ("经验", "体会", "感受", "启示", "实践证明", "是关键", "是核心", "是保障", "得益于")),
    (
        "problems",
        (
            "问题",
            "不足",
            "差距",
            "薄弱",
            "欠缺",
            "不够",
            "有待",
            "仍需",
            "不到位",
            "缺乏",
            "不平衡",
            "不规范",
            "不健全",
        ),
    ),
    ("guiding-thought", ("指导思想", "为指导", "为指针", "宗旨", "围绕", "总体思路", "指导下")),
    ("goals", ("目标", "力争", "争创", "达到")),
    ("requirements", ("要求", "希望", "必须", "务必", "一定要", "不得", "严禁", "大家要")),
    (
        "measures",
        ("措施", "加强", "做好", "抓好", "完善", "建立", "健全", "落实", "定期", "严格执行", "制定"),
    ),
    ("safeguards", ("保障措施", "领导小组", "组织领导", "加强领导", "组长", "经费保障", "责任追究")),
)

# "X是Y的重要内容 / 必然要求 / 基础" : a point that states why something matters.
COPULA = re.compile(
    r"^[^，。；]{2,16}是[^。；]{2,40}(内容|要求|需要|保障|基础|前提|条件|环节|阵地|组成部分|生命线|任务)$"
)

CLOSING_WORDS = (
    "让我们",
    "谢谢",
    "坚信",
    "相信",
    "最后",
    "祝",
    "新台阶",
    "新局面",
    "再创",
    "辛苦了",
    "未来",
    "展望",
    "满意的教育",
    "更大贡献",
    "新的贡献",  # a written closing: 未来…我们将…创人民满意的教育
)
ADDRESS = (
    "同志",
    "老师",
    "同学",
    "同事",
    "领导",
    "来宾",
    "朋友",
    "负责人",
    "各位",
    "家长",
    "职工",
    "员工",
    "代表",
)
HELLO = ("大家好", "上午好", "下午好", "早上好", "晚上好")

# How strongly a parent heading's role passes to its points: a 指导思想 or 工作目标 heading
# names what every point under it is; a 主要工作 heading's points may also be goals or safeguards.
PARENT_WEIGHT = {
    "guiding-thought": 4.0,
    "goals": 4.0,
    "safeguards": 4.0,
    "significance": 3.0,
    "experience": 3.0,
    "problems": 3.0,
}
