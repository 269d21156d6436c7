"""A varied synthetic archive of school documents, for measuring ingest at the size of a real one.

``write_archive(folder, megabytes, seed)`` fills a folder the way an office's archive looks:
mostly .txt (UTF-8 and GBK), some .docx and saved .html pages, and a few large collection files
holding a hundred documents or more.  Each document is made from sentence templates and word
lists (millions of distinct sentences), with numbered headings of many forms, fictional people,
schools and towns, and the site noise of copied pages; one document in ten is an edited copy of
an earlier one, as an archive keeps last year's plan beside this year's.  The same seed always
writes the same archive.

    .venv/bin/python bench/archive.py FOLDER MEGABYTES
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one space-separated string."""
    return tuple(text.split())


SUBJECTS = _words(
    "学校 后勤处 总务处 全体后勤人员 食堂管理员 各班主任 值班教师 宿管员 保安人员 我们 各处室 安全办 "
    "财务室 校医室 教务处 政教处 年级组 炊事员 电工 保管员 采购员 生活老师 全体教职工 领导小组"
)
VERBS = _words(
    "加强 落实 完善 健全 规范 强化 做好 抓好 推进 严格执行 认真开展 定期检查 及时维修 组织开展 狠抓 "
    "深化 改进 优化 细化 扎实推进 全面排查 认真落实 进一步加强 切实做好 积极开展 建立健全 不断完善"
)
OBJECTS = _words(
    "食堂管理 食品安全工作 宿舍卫生 校舍安全检查 消防设施维护 财务审批制度 校产登记 物品采购验收 "
    "水电线路巡查 绿化养护 门卫登记制度 安全教育 应急疏散演练 节能减排 营养配餐 食品留样记录 "
    "从业人员培训 安全隐患排查 教学设备维修 档案管理 课桌椅维修 饮用水卫生 校车安全管理 寝室内务整理 "
    "消毒工作 库房管理 经费预算 固定资产清查 校园保洁 用电安全 防溺水教育 交通安全教育 晨午检制度 "
    "传染病防控 陪餐制度 大宗物资招标 维修台账 值班巡逻 体育器材检查 实验室安全 图书资料管理"
)
GOALS = _words(
    "师生饮食安全 校园安全稳定 教育教学正常进行 各项工作落实到位 服务质量不断提高 校园环境整洁优美 "
    "师生满意 学生健康成长 经费使用规范高效 账物相符 隐患及时消除 后勤保障有力 家长放心 管理规范有序"
)
MANNERS = _words("每天 每周 每月 每学期 定期 及时 经常 坚持 认真 严格 全面 切实 主动 按时")
TEMPLATES = (
    "{s}要{v}{o}，{v2}{o2}，确保{g}。",
    "{m}{v}{o}，做到{g}。",
    "本学期，{s}{v}了{o}，{v2}了{o2}，取得了明显成效。",
    "{s}{m}对{o}进行检查，发现问题{m2}整改，保证{g}。",
    "围绕{g}的目标，{s}把{o}作为重点，{v}{o2}。",
    "一年来，{s}坚持{v}{o}，全年共{v2}{o2}{n}次，{g}。",
    "针对{o}中存在的问题，{s}{v}{o2}，{m}跟踪落实。",
    "{s}要牢固树立服务意识，把{o}和{o2}结合起来，努力实现{g}。",
    "下一步，{s}将继续{v}{o}，{v2}{o2}，为{g}提供有力保障。",
    "通过{v}{o}，{o2}水平明显提高，{g}。",
)
HEADINGS = (
    "{v}{o}",
    "{v}{o}，{v2}{o2}",
    "{o}要{m}抓好",
    "{v}{o}，确保{g}",
)
MARKS = (
    ("一、", "二、", "三、", "四、", "五、", "六、"),
    ("一.", "二.", "三.", "四.", "五.", "六."),
    ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）"),
    ("1、", "2、", "3、", "4、", "5、", "6、"),
    ("1．", "2．", "3．", "4．", "5．", "6．"),
    ("第一，", "第二，", "第三，", "第四，", "第五，", "第六，"),
    ("首先，", "其次，", "再次，", "另外，", "同时，", "最后，"),
)
KINDS = (
    "后勤工作总结",
    "后勤工作计划",
    "安全工作实施方案",
    "后勤工作会议讲话稿",
    "后勤工作汇报",
    "食堂工作总结",
)
SURNAMES = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜戚谢邹喻柏窦章云苏潘葛范彭鲁韦昌马苗"
)
GIVEN = "建国伟明华丽芳秀英海涛志刚春生晓峰淑贞文远春梅国栋丽娟雪松振宇宝山桂兰德厚永康子轩雨欣立伟"
PLACES = _words("青禾 溪口 红星 桃源 柳林 石桥 白沙 龙泉 金川 松坪 河湾 梅岭 清水 凤山 杨柳")
NOISE = (
    "首页 | 工作总结 | 工作计划 | 讲话稿 | 实施方案 | 心得体会",
    "当前位置：首页 > 范文大全 > 工作总结 > 正文",
    "发布时间：2023-05-12 作者：佚名 来源：网络 浏览：2381次",
    "下面是小编为大家整理的范文，希望对你有所帮助。",
    "低息贷款当天到账，额度最高20万，点击立即申请>>",
    "热门手游今日开服，登录即送VIP礼包，点击下载",
    "（阅读时间约5分钟）",
    "版权声明：本站内容来自网友投稿，如有侵权请联系删除。",
    "下载文档到电脑，查找使用更方便",
)


COLLECTION_SHARE = 0.3  # share of the archive's bytes in large collection files
COLLECTION_BYTES = 1_000_000  # size of one collection file


class _Writer:
    """Documents from templates, with the names of one fictional school each."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def pick(self, items):
        return self.rnd.choice(items)

    def person(self) -> str:
        return self.pick(SURNAMES) + "".join(self.rnd.sample(GIVEN, self.rnd.choice((1, 2))))

    def slots(self) -> dict[str, str]:
        o, o2 = self.rnd.sample(OBJECTS, 2)
        v, v2 = self.rnd.sample(VERBS, 2)
        m, m2 = self.rnd.sample(MANNERS, 2)
        return {"s": self.pick(SUBJECTS), "v": v, "v2": v2, "o": o, "o2": o2, "m": m, "m2": m2,
                "g": self.pick(GOALS), "n": str(self.rnd.randint(2, 60))}  # fmt: skip

    def sentence(self) -> str:
        return self.pick(TEMPLATES).format(**self.slots())

    def paragraph(self) -> str:
        text = "".join(self.sentence() for _ in range(self.rnd.randint(2, 6)))
        if self.rnd.random() < 0.15:
            text += f"{self.pick(('校长', '主任', '老师', '同志'))}{self.person()}对此高度重视。"
        return "　　" + text

    def document(self) -> list[str]:
        place, year = self.pick(PLACES), self.rnd.randint(2015, 2025)
        school = f"{place}{self.pick(('镇中心小学', '中学', '实验学校', '九年一贯制学校', '中心幼儿园'))}"
        lines = [self.pick(NOISE) for _ in range(self.rnd.randint(0, 3))]
        lines += [f"{school}{year}年{self.pick(KINDS)}", self.paragraph()]
        marks = self.pick(MARKS)
        for k in range(self.rnd.randint(3, 6)):
            lines.append(marks[k] + self.pick(HEADINGS).format(**self.slots()))
            lines += [self.paragraph() for _ in range(self.rnd.randint(1, 4))]
            if self.rnd.random() < 0.1:
                lines.append(self.pick(NOISE))
        return lines + [school, f"{year}年{self.rnd.randint(1, 12)}月{self.rnd.randint(1, 28)}日"]

    def edited(self, lines: list[str]) -> list[str]:
        """Last year's document: another year, a sentence added, a paragraph gone."""
        copy = [line for line in lines if self.rnd.random() > 0.1]
        k = self.rnd.randrange(len(copy))
        copy[k] = copy[k] + self.sentence()
        return copy


def write_archive(folder: Path, megabytes: float, seed: int = 1) -> int:
    """Fill ``folder`` with about ``megabytes`` MB of files; return how many files were written.

    About 30% of the bytes are large collection files of 1 MB each, spread through the archive.
    """
    folder.mkdir(parents=True, exist_ok=True)
    writer, written, files, kept = _Writer(seed), 0, 0, []
    target = int(megabytes * 1_000_000)
    collections = round(target * COLLECTION_SHARE / COLLECTION_BYTES)
    next_collection = target // (collections + 1) if collections else target + 1
    while written < target:
        if written >= next_collection:
            written += _write_collection(folder / f"合集_{files:05d}.txt", writer, COLLECTION_BYTES)
            next_collection += target // (collections + 1)
        else:
            lines = (
                writer.edited(writer.pick(kept)) if kept and writer.rnd.random() < 0.1 else writer.document()
            )
            kept = (kept + [lines])[-50:]
            written += _write_document(folder, files, lines, writer.rnd)
        files += 1
    return files


def _write_document(folder: Path, n: int, lines: list[str], rnd: random.Random) -> int:
    """One document as .txt (UTF-8 or GBK), .docx or .html; the bytes written."""
    text = "\n".join(lines) + "\n"
    roll = rnd.random()
    if roll < 0.03:
        return _write_docx(folder / f"文稿_{n:05d}.docx", lines)
    if roll < 0.05:
        body = "".join(f"<p>{line}</p>\n" for line in lines[1:])
        page = f"<html><head><meta charset='utf-8'><title>{lines[0]}</title></head><body>{body}</body></html>"
        (folder / f"网页_{n:05d}.html").write_text(page, encoding="utf-8")
        return len(page.encode("utf-8"))
    encoding = "gbk" if roll < 0.15 else "utf-8"
    data = text.encode(encoding)
    (folder / f"文稿_{n:05d}.txt").write_bytes(data)
    return len(data)


def _write_docx(path: Path, lines: list[str]) -> int:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line.strip())
    document.save(path)
    return path.stat().st_size


def _write_collection(path: Path, writer: _Writer, size: int) -> int:
    """A downloaded 范文大全: a collection title, then labelled documents, about ``size`` bytes."""
    parts, total, k = ["学校后勤工作总结范文大全（精选）"], 0, 1
    while total < size:
        doc = "\n".join([f"篇{k}："] + writer.document())
        parts.append(doc)
        total += len(doc.encode("utf-8"))
        k += 1
    data = ("\n".join(parts) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


if __name__ == "__main__":
    print(write_archive(Path(sys.argv[1]), float(sys.argv[2])), "files")
