"""Word lists the name detectors share: general Chinese and school vocabulary, never one source's names."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easy to read and extend)."""
    return frozenset(text.split())


# Common Chinese surnames (single characters), for names before a title or in a byline.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪"
    "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩佘池查麻苑迟邝云闻邰厉祖濮郦鄢仝钮冼扈尉晁笪蔺勾粟逯郜蔚揭鞠嵇芮羿储汲邴糜隗郗钭戎束蓟胥莘"
    "贡逄扶宰雍璩郏浦茹宦庾暨弘匡阙殳夔厍訾阚巢蒯竺桓荆"
)
# Surnames that are also everyday function words: never taken as a name start (向校长汇报).
AMBIGUOUS_SURNAMES = frozenset("向和于从经将对与及同成应时全单关连党解路文安华管车祝常钱")

# Dictionary words rarer than this may be part of a name (建军同志); commoner ones are words.
RARE = 300
# Titles that follow a name: 张兆林主任, 马校长, 贾董, 云明同志.
TITLES = _words(
    "校长 副校长 执行校长 主任 副主任 书记 副书记 总书记 老师 董事长 董 总 局长 副局长 厅长 "
    "副厅长 县长 副县长 市长 副市长 区长 镇长 乡长 村长 园长 副园长 处长 副处长 科长 部长 "
    "主席 同志 师傅 教授 先生 女士 会计 经理 委员 组长 馆长 所长 站长 院长 秘书长 督学 "
    "总理"
)
# Duties a name follows in a list or a sentence (组长：钱国栋, 食堂负责人阮秀英, 教研组长滕文远).
DUTIES = _words(
    "组长 副组长 成员 组员 负责人 管理员 出纳 保管员 采购员 门卫 保安 电工 水电工 维修工 炊事员 厨师 "
    "宿管员 宿管 生活老师 校医 干事 班主任 教研组长 年级组长 备课组长 联系人 值班员 司机 保育员 资料员 "
    "统计员 报账员 监督员 安全员 信息员 网管 食堂管理员 仓管员 验收员 质检员 讲解员 辅导员 教练"
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
    "寄宿 希望 纪念"
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
    "后勤服务 示范性 标准 规范 星级 绿化 卫生 文明校园 省级示范 市级示范 一般 同类 同级 "
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
# Words after a town's name that show it names a place (高酿人民, 茶庵岭一带) and words before one.
PLACE_AFTER = _words("人民 群众 父老 乡亲 百姓 老百姓 一带 境内 辖区 片区 全境 地区 籍 大地 乡村 农村 人家")
PLACE_BEFORE = _words("地处 位于 来自 远赴 前往 赶赴 扎根 坐落 落户")

BYLINE_LABEL_RE = re.compile(
    r"(?:汇报人|发言人|讲话人|联系人|负责人|主讲人|撰稿人|执笔人|作者|报告人)\s*[：:]\s*([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff])"
)
# Markers before a school name that show it is another school, not the source's own.
OTHER_SCHOOL_BEFORE = re.compile(r"(?:来自|原|赴|到|去|兄弟|对口|帮扶|结对|联谊|参观|考察)$")
# Suffixes of companies and other organisations a school deals with (供餐公司, 卫生院), longest first.
ORG_SUFFIXES = tuple(
    sorted(
        _words(
            "有限责任公司 股份有限公司 有限公司 公司 集团 卫生院 医院 银行 信用社 酒店 饭店 "
            "超市 合作社 研究所 "
            "研究院 出版社 基金会 商行 经营部 配送中心 加工厂 厂"
        ),
        key=len,
        reverse=True,
    )
)
# Words of trade between a company's name and its suffix (绿源|餐饮管理|有限公司).
TRADE_WORDS = _words(
    "餐饮 管理 餐饮管理 物业 物业管理 配送 服务 科技 商贸 贸易 食品 农业 农产品 建筑 工程 建设 装饰 保安 "
    "文化 传媒 教育 信息 技术 实业 发展 投资 环保 印务 印刷 家具 电器 设备 后勤 膳食 营养 蔬菜 粮油 肉类 "
    "水电 安装 消防 劳务 中心 人民 第一 第二 中医"
)
