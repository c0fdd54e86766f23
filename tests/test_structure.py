import pytest
from casefile import normalise_with, page_of_blocks

from normalizer.model import Block, Issue, JumpMarker, Page, Role
from normalizer.sourced import SourcedText
from normalizer.structure import (
    build_articles,
    cannot_start_paragraph,
    classify_block,
    classify_page,
    ends_sentence,
    ends_with_bound_word,
    is_news_lead_alone,
    starts_paragraph,
    tell_heading_group,
)

# -- one block alone -------------------------------------------------------------

ROLES = [
    # (label, text, indent, role)
    ("paragraph", "“外墙施工有10道工序，我们设置了样板墙。”负责施工的负责人介绍。", False, Role.PARAGRAPH),
    ("headline (000:5)", "以民生暖色折射发展成色", False, Role.HEADING),
    ("headline halves split by a space (002:3)", "干部“沉”下去 服务“实”起来", False, Role.HEADING),
    ("headline ending with a quoted phrase (003:98)", "劳动之光点亮“两江四岸”", False, Role.HEADING),
    ("headline asking a question (002:68)", "5%左右的增速目标如何实现?", False, Role.HEADING),
    ("headline with a colon (001:79)", "江苏:今年底困难职工全部解困脱困", False, Role.HEADING),
    ("kicker ending with —— (003:17)", "宁波市总工会运用“数字化+片区化”工作机制,激发基层工会活力——", False, Role.HEADING),
    ("subtitle beginning with —— (004:63)", "——中欧班列为世界经济发展注入新活力观察", False, Role.HEADING),
    ("two subtitle lines (002:5-6)", "定西:两级定点联系为“小三级”工会赋能\n十堰:机关干部变身“五员”服务基层和职工", False, Role.HEADING),
    ("byline (000:9)", "本报记者 刘建林 李彦斌", False, Role.BYLINE),
    ("byline with two bodies (002:114)", "本报记者 田国全 本报通讯员 孙海峰", False, Role.BYLINE),
    ("news agency byline (004:65)", "新华社记者 冯冰 陈钢 张斌", False, Role.BYLINE),
    ("credit (000:54)", "新华社记者 丁汀 摄", False, Role.CREDIT),
    ("credit of two photographers (002:42)", "本报通讯员 孙欣 汪子涵 摄", False, Role.CREDIT),
    ("credit in brackets (004:51)", "新华社发(张黎芝 摄)", False, Role.CREDIT),
    ("caption ending with its credit (003:116)", "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。新华社记者 张涛 摄", False, Role.CAPTION),
    ("caption text over a credit line (003:51-52)", "后续,两个航天员乘组将在空间站进行在轨轮换。\n新华社记者 李杰 摄", False, Role.CAPTION),
    ("sign-off (002:96)", "(新华社海南博鳌3月28日电)", False, Role.SIGN_OFF),
    ("lead box label (002:110)", "阅读提示", False, Role.LEAD_BOX),
    ("jump marker alone (000:102)", "(上接第1版)", False, Role.MARKER),
    ("news lead alone is the start of a paragraph (002:22)", "本报讯(记者张种 通讯员谢朝华 杨鹏)", False, Role.PARAGRAPH),
    ("first half ending with a comma (000:39)", "“进入秋季，汾河沿线的湿地公园，", False, Role.PARAGRAPH),
    ("short first half with an open quote (004:39)", "“很多职工经历过多次维权碰壁,非常", False, Role.PARAGRAPH),
    ("short paragraph with a full stop (003:100)", "今年4月30日,夜幕降临后,山城“两江四岸”流光溢彩。", False, Role.PARAGRAPH),
    ("short second half (000:134)", "居全国第一。", False, Role.PARAGRAPH),
    # the first half of a paragraph cut at a column edge, short and without a
    # full stop like a headline line, but opening running text
    ("first half opening with a lead-in clause (002:72)", "不可否认,相比前些年", False, Role.PARAGRAPH),
    ("first half: who said it, then a clause broken off (001:95)", "魏国强还提出，今", False, Role.PARAGRAPH),
    ("first half: a lead-in clause, no fragment (001:137)", "据介绍，乌石化工会以“信息化管理”", False, Role.PARAGRAPH),
    (
        "first half: a short fragment after its last comma",
        "依托“齐鲁工惠·青岛行”APP平台，青岛市总联合市南区总，面向",
        False,
        Role.PARAGRAPH,
    ),
    ("first half: a clause head and a comma", "对于传统工业基地而言，绿色化、低碳化是实现高质", False, Role.PARAGRAPH),
    # the first half broken off where no headline ends (heading.breaks_off)
    ("first half: a list announced by a colon and begun (002:56)", "5位巾帼劳模工匠分别是：首都劳动奖章获得者、第三届", False, Role.PARAGRAPH),
    ("first half: a number without its unit (004:35)", "从9时到18时，来自北京知名律师事务所的10", False, Role.PARAGRAPH),
    ("first half: a number with 余, its unit below (000:31)", "推出“我是你的眼”读书栏目1100余", False, Role.PARAGRAPH),
    ("first half: a dateline stopping before 电 (003:80)", "本报北京10月30日", False, Role.PARAGRAPH),
    ("first half: a date without 日", "本报北京11月17", False, Role.PARAGRAPH),
    ("first half: a short fragment after a semicolon", "亚欧大陆腹地，“钢铁驼队”疾驰不息；万里", False, Role.PARAGRAPH),
    ("first half: a region set before the sentence", "在福建，福州市总工会搭建", False, Role.PARAGRAPH),
    ("first half: who said something on which day", "俄罗斯国防部12日还称，俄军在多个方向打击了乌军人员", False, Role.PARAGRAPH),
    ("first half: a bracket opened and not closed", "清晨，西安国际港站的汽笛声响起，一列满载电子产品的中欧班列（西", False, Role.PARAGRAPH),
    ("first half: a list trailing off, text after it (000:136)", "喝下午茶、住民宿、做陶艺……四川德阳高槐", False, Role.PARAGRAPH),
    (
        "first half: quotations trailing off, text after them (001:157)",
        "“要拿出破解难题的实招硬招”“要以解决实际问题成效作为衡量标准”……为民服务敢担",
        False,
        Role.PARAGRAPH,
    ),
    ("first half: opening with a measure word cut from its number (001:69)", "位全国劳模结合个人工作经历，动情讲述读书学习的重要性和对", False, Role.PARAGRAPH),
    ("first half: opening with 这是 (000:15)", "这是山西持续加强普惠性", False, Role.PARAGRAPH),
    ("first half: a demonstrative and a comma (003:96)", "这是重庆市总工会丰富职工精神文化生活，积极培育“工”字系列职工文体活", False, Role.PARAGRAPH),
    ("first half: a clause tied on by 也 (000:104)", "群众路线是党的生命线和根本工作路线，也应该成为工会工作的生命", False, Role.PARAGRAPH),
    ("first half: a clause tied on by 但 (001:61)", "晚上9点半，晚会临近结束，但动人的歌声依然在耳边", False, Role.PARAGRAPH),
    # negative: a label and a colon, a number with its unit, a year
    ("headline ending with a number and its unit", "全国建成执法办案管理中心3266个", False, Role.HEADING),
    ("headline ending with a year", "奋进2035", False, Role.HEADING),
    ("headline with a percentage", "一季度国内生产总值增长5.3%", False, Role.HEADING),
    ("headline of two phrases around a semicolon", "守住绿水青山；留住乡愁记忆", False, Role.HEADING),
    ("headline opening with 在, no comma", "在希望的田野上", False, Role.HEADING),
    ("headline closing its bracket (出访归来)", "共同栽培友谊之树（出访归来）", False, Role.HEADING),
    ("headline opening with a word that begins with a measure word", "位于长江之滨的新城", False, Role.HEADING),
    ("kicker opening with a demonstrative, no comma (004:3)", "这条“工”字号热线成为工会服务职工群众的“连心桥”“暖心线”", False, Role.HEADING),
    ("headline ending with a word holding 驻", "中央指导组完成进驻", False, Role.HEADING),
    ("headline ending with 为主", "坚持以预防为主", False, Role.HEADING),
    # negative: headline lines with commas stay headline lines
    ("headline with a comma (001:147)", "守初心、担使命，工会干部重整行装再出发", False, Role.HEADING),
    ("headline of two parallel phrases", "稳中求进，行稳致远", False, Role.HEADING),
    ("subtitle saying who said what, whole", "外交部表示，中方愿同各方加强沟通协调", False, Role.HEADING),
    ("kicker with commas ending with ——", "不忘初心，牢记使命，砥砺前行——", False, Role.HEADING),
    ("an indented block is a paragraph", "倾心呵护特定群体权利", True, Role.PARAGRAPH),
    ("an indented credit is still a credit", "新华社记者 丁汀 摄", True, Role.CREDIT),
    ("an indented byline is still a byline", "本报记者 刘建林 李彦斌", True, Role.BYLINE),
]


def _block(text: str, start: int = 0, indent: bool = False, role: Role = Role.PARAGRAPH) -> Block:
    return Block(1, start, start + len(text), SourcedText.from_raw(text, 1), role=role, indent=indent)


@pytest.mark.parametrize("label,text,indent,role", ROLES, ids=[r[0] for r in ROLES])
def test_block_role(label, text, indent, role):
    assert classify_block(_block(text, indent=indent)) is role


SIGNALS = [
    (ends_sentence, "……让就业服务更有温度。", True),
    (ends_sentence, "工代表深入一线与职工交心。”", True),
    (ends_sentence, "是否还有问题?", True),
    (ends_sentence, "据了解，太原市总从2014年起开展厂", False),
    (ends_sentence, "宜水则水、宜山则山、宜粮则粮、", False),
    (ends_sentence, '工代表深入一线与职工交心。"', True),  # a straight quote after a full stop closes
    (ends_sentence, '这被称为"工匠精神"', True),  # it closes the quotation opened before it
    (ends_sentence, '职工们称赞道，这是"', False),  # it opens one: the sentence goes on
    (cannot_start_paragraph, "，职工有事打一个电话就能找到工会。", True),
    (cannot_start_paragraph, "绍,近年来,每逢“五一”", True),
    (cannot_start_paragraph, "对,就是这样。", False),  # a one-character word of its own
    (cannot_start_paragraph, "务公开民主管理工作", False),
    (cannot_start_paragraph, "們”都说满意。", True),  # read as simplified: 们 never opens a sentence
    (cannot_start_paragraph, "對,就是这样。", False),  # 对 is a word of its own
    (starts_paragraph, "——广开言路，全方位多角度听取意见。", True),
    (starts_paragraph, "第一，加强生态环境保护。", True),
    (starts_paragraph, "一是主动进驻作为。", True),
    (starts_paragraph, "1.23亿元专项资金已下拨。", False),
    (is_news_lead_alone, "本报讯(记者张种 通讯员谢朝华 杨鹏)", True),
    (is_news_lead_alone, "本报北京10月30日电（记者于灵歌）", True),
    (is_news_lead_alone, "本报讯（记者王伟）9月10日，江苏召开推进会。", False),
]


@pytest.mark.parametrize("signal,text,expected", SIGNALS, ids=[f"{s[0].__name__}:{s[1][:8]}" for s in SIGNALS])
def test_text_signals(signal, text, expected):
    assert signal(text) is expected


# -- blocks among others ---------------------------------------------------------


def _page(*texts: str) -> Page:
    raw = "\n\n".join(texts)
    page = Page(1, "<test>", "utf-8", raw)
    pos = 0
    for text in texts:
        page.blocks.append(_block(text, start=pos))
        pos += len(text) + 2
    return page


def test_long_headline_above_a_byline_is_a_headline():
    page = _page(
        "作为“产改”首批全面试点省份,江苏切实扛起 “走在前、做示范”的责任担当 “咱们产业工人的发展路径是畅通的!”",
        "深化“产改”进行时",
        "本报记者 黄洪涛 王伟",
        "近日,江苏省关于产业工人的喜事频传。",
    )
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.HEADING, Role.HEADING, Role.BYLINE, Role.PARAGRAPH]


def test_flush_headline_lines_do_not_outvote_indented_paragraphs():
    """A page whose one paragraph is indented indents its paragraphs, though
    more flush blocks stand above it: flush lines that may be headline lines
    (the corrected text prints them so) say nothing about the indent, and the
    flush line over the paragraph is a headline line."""
    page = _page(
        "作为“产改”首批全面试点省份，江苏切实扛起“走在前、做示范”的责任担当！",
        "本报记者 黄洪涛 王伟",
        "深化“产改”进行时：江苏在行动、出实招！",
        "近日,江苏省关于产业工人的喜事频传。",
    )
    page.blocks[3].indent = True
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.HEADING, Role.BYLINE, Role.HEADING, Role.PARAGRAPH]


def test_flush_line_heading_indented_text_under_a_loose_end_is_a_headline_line():
    """On a page that indents its paragraphs, a flush line with no sentence
    mark between text breaking off mid-sentence and an indented paragraph
    heads that paragraph; it is not the other half of the text above."""
    page = _page(
        "职工们说，这条路走得很稳。我们要继续努力把工作做好，为了",
        "发展新质生产力……\n工会在行动",
        "群众路线是党的生命线。",
    )
    page.blocks[0].indent = page.blocks[2].indent = True
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.PARAGRAPH, Role.HEADING, Role.PARAGRAPH]


def test_text_under_a_lead_box_label_is_the_lead_box():
    page = _page(
        "阅读提示",
        "山东省枣庄市山亭区总工会通过“六字机制”,对工友创业实行全过程帮扶。",
        "本报记者 田国全 本报通讯员 孙海峰",
    )
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.LEAD_BOX, Role.LEAD_BOX, Role.BYLINE]


def test_short_text_with_commas_under_a_paragraph_is_a_cut_paragraph():
    page = _page(
        "俯下身、沉入基层，把根扎在职工群众之中，是不断提高工会工作能力水平的重要法宝。",
        "天津市滨海新区总工会坚持大兴调查研究之风，坚持重心下移、资源下沉，落",
        "深化工会改革和建设 有效发挥桥梁纽带作用",
    )
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.PARAGRAPH, Role.PARAGRAPH, Role.HEADING]


def test_subtitle_with_commas_under_a_headline_stays_a_heading():
    page = _page(
        "“观”中学经验 “鉴”中促提升",
        "实施6年,一批创新成果脱颖而出,推动全市企业民主管理水平上新台阶",
        "本报讯（通讯员王雨菡 贺芳芳 记者刘建林）一名职工的诉求1周内就得到工会积极回应。",
    )
    classify_page(page)
    assert [b.role for b in page.blocks] == [Role.HEADING, Role.HEADING, Role.PARAGRAPH]


# -- headline groups ---------------------------------------------------------------

GROUPS = [
    # (label, lines, before a byline, expected {role: [texts]})
    (
        "kicker, headline, column label above the byline (000:3-7)",
        ["山西围绕“群众急需、发展必须、民生短板、工作弱项”谋划民生实事", "以民生暖色折射发展成色", "人权行动看中国"],
        True,
        {"kicker": ["山西围绕“群众急需、发展必须、民生短板、工作弱项”谋划民生实事"], "headline": "以民生暖色折射发展成色", "column": "人权行动看中国", "subtitles": []},
    ),
    (
        "known column label first (001:43-45)",
        ["新闻特写", "最美的礼物"],
        True,
        {"kicker": [], "headline": "最美的礼物", "column": "新闻特写", "subtitles": []},
    ),
    (
        "kicker ending with —— (003:17-19)",
        ["宁波市总工会运用“数字化+片区化”工作机制,激发基层工会活力——", "数字赋能提质扩面 片区化服务直达一线"],
        True,
        {"kicker": ["宁波市总工会运用“数字化+片区化”工作机制,激发基层工会活力——"], "headline": "数字赋能提质扩面 片区化服务直达一线", "column": None, "subtitles": []},
    ),
    (
        "subtitle beginning with —— (004:61-63)",
        ["货通世界联山海 万里奔驰续华章", "——中欧班列为世界经济发展注入新活力观察"],
        True,
        {"kicker": [], "headline": "货通世界联山海 万里奔驰续华章", "column": None, "subtitles": ["——中欧班列为世界经济发展注入新活力观察"]},
    ),
    (
        "three lines: kicker, headline, subtitle (001:3-7)",
        ["太原市总开展厂务公开民主管理“互观互鉴”活动", "“观”中学经验 “鉴”中促提升", "实施6年,一批创新成果脱颖而出,推动全市企业民主管理水平上新台阶"],
        False,
        {"kicker": ["太原市总开展厂务公开民主管理“互观互鉴”活动"], "headline": "“观”中学经验 “鉴”中促提升", "column": None, "subtitles": ["实施6年,一批创新成果脱颖而出,推动全市企业民主管理水平上新台阶"]},
    ),
    (
        "two lines, the shorter is the headline (001:29-31)",
        ["青海省委常委、省总工会主席马吉孝提出", "扛起使命担当打赢脱贫攻坚战"],
        False,
        {"kicker": ["青海省委常委、省总工会主席马吉孝提出"], "headline": "扛起使命担当打赢脱贫攻坚战", "column": None, "subtitles": []},
    ),
    (
        "two lines, the first ending with a verb whose object is the second: a kicker (001:63-65)",
        ["全国能源化学地质系统举办", "“中国梦·劳动美”系列主题文化活动"],
        False,
        {"kicker": ["全国能源化学地质系统举办"], "headline": "“中国梦·劳动美”系列主题文化活动", "column": None, "subtitles": []},
    ),
    (
        "two lines, the second saying who else attended: a subtitle",
        ["市总工会表彰一线劳模工匠", "市领导出席有关活动"],
        False,
        {"kicker": [], "headline": "市总工会表彰一线劳模工匠", "column": None, "subtitles": ["市领导出席有关活动"]},
    ),
    (
        "a place name over a longer line is a kicker",
        ["湖北", "十堰市总推出工会干部联系服务基层工作制度"],
        False,
        {"kicker": ["湖北"], "headline": "十堰市总推出工会干部联系服务基层工作制度", "column": None, "subtitles": []},
    ),
    (
        "parallel subtitles 定西:/十堰: as blocks of their own (002:3-6)",
        ["干部“沉”下去 服务“实”起来", "定西:两级定点联系为“小三级”工会赋能", "十堰:机关干部变身“五员”服务基层和职工"],
        False,
        {"kicker": [], "headline": "干部“沉”下去 服务“实”起来", "column": None, "subtitles": ["定西:两级定点联系为“小三级”工会赋能", "十堰:机关干部变身“五员”服务基层和职工"]},
    ),
    (
        "a column label of the form …在基层 first, then kicker and headline",
        ["四中全会精神在基层", "这条“工”字号热线成为工会服务职工群众的“连心桥”“暖心线”", "一张12351热线工单的“温暖旅程”"],
        True,
        {"kicker": ["这条“工”字号热线成为工会服务职工群众的“连心桥”“暖心线”"], "headline": "一张12351热线工单的“温暖旅程”", "column": "四中全会精神在基层", "subtitles": []},
    ),
]


@pytest.mark.parametrize("label,lines,before_byline,expected", GROUPS, ids=[g[0] for g in GROUPS])
def test_heading_group(label, lines, before_byline, expected):
    group = [_block(text, start=k * 100) for k, text in enumerate(lines)]
    parts = tell_heading_group(group, before_byline)
    text = lambda b: None if b is None else b.text.text
    assert [text(b) for b in parts["kicker"]] == expected["kicker"]
    assert text(parts["headline"]) == expected["headline"]
    assert text(parts["column"]) == expected["column"]
    assert [text(b) for b in parts["subtitles"]] == expected["subtitles"]


# -- articles, captions, orphans -----------------------------------------------------

PAGE = """
以民生暖色折射发展成色

人权行动看中国

本报记者 刘建林 李彦斌

“小区节能改造后，夏天时家里的空调开得少了，电费省下不少”……近日，山西省太原市规模最大的老旧小区节能改造工程完工。

倾心呵护特定群体权利

“悠久的历史文物与优美的自然风景，浑然一体……”走进晋祠博物馆，视障人士在山西省图书馆工作人员和志愿

者一对一的陪同下，聆听导游专业生动的解说。



工作人员在国家会展中心(上海)内部布展施工。目前，国家会展中心(上海)内部布展工作正在有序进行。新华社记者 丁汀 摄

探访第六届进博会布展现场

截至目前，累计服务时长3万小时，服务15万人次。

健康体检 温暖人心

3月25日,广东省肇庆市高要区回龙镇中铁七局广湛铁路十二标项目部开展农民工体检活动。

当日,项目部邀请回龙镇医院体检中心开展现场健康体检,切实将关爱农民工工作抓细抓实。

本报通讯员 孙欣 汪子涵 摄

前三季度以工代赈已吸纳170余万低收入群众就业增收

本报北京10月30日电(记者于灵歌)记者今天从国家发改委获悉，各地通过相关建设项目中实施以工代赈已吸纳174万余名低收入群众务工就业。

(上接第1版)

在黑龙江，佳木斯市总工会发挥职工服务中心、工人文化宫阵地作用，打造旗舰型服务职工综合体。

困难职工一直是工会关注的重点群体。近年来为1.5万多户困难职工提供帮扶救助。(下转第3版)

湖北襄阳市总工会5年来发放生活救助、助学救助、医疗救助等专项帮扶资金7790万元。

天津市滨海新区总工会坚持大兴调查研究之风，坚持重心下移、资源下沉，落

文化精品“扮靓”文博会
"""


@pytest.fixture(scope="module")
def built():
    return normalise_with(PAGE, ["JD202", "JD203"])


def test_article_with_headline_column_byline_and_subhead(built):
    first = built.articles[0]
    assert first.headline.text.text == "以民生暖色折射发展成色"
    assert first.column.text.text == "人权行动看中国"
    assert first.byline.text.text == "本报记者 刘建林 李彦斌"
    assert [str(b.role) for b in first.body] == ["para", "subhead", "para", "para"]
    assert first.body[2].text.text.endswith("志愿者一对一的陪同下，聆听导游专业生动的解说。")


def test_captions_with_title_after_and_before(built):
    after, before = built.captions
    assert after.title.text.text == "探访第六届进博会布展现场"
    assert [p.text.text[:6] for p in after.parts] == ["工作人员在国"]
    assert before.title.text.text == "健康体检 温暖人心"
    assert [str(p.role) for p in before.parts] == ["caption", "caption", "credit"]
    assert all(p not in built.articles[0].body for p in before.parts)


def test_continued_parts_and_their_links(built):
    lead = built.articles[1]
    assert lead.headline.text.text.startswith("前三季度以工代赈")
    continued = built.articles[2]
    assert continued.headline is None
    assert continued.continued_from_page == 1
    assert continued.continues_to_page == 3
    assert [b.text.text[:4] for b in continued.body] == ["在黑龙江", "困难职工"]


def test_orphans_and_loose_ends(built):
    texts = [(b.text.text[:4], why) for b, why in built.orphans]
    assert [t for t, _ in texts] == ["湖北襄阳", "天津市滨"]
    assert all("after the end of an article" in why for _, why in texts)
    assert built.orphans[1][0].ends_mid_sentence
    last = built.articles[-1]
    assert last.headline.text.text == "文化精品“扮靓”文博会" and last.body == []


def test_build_articles_twice_gives_the_same_result(built):
    before = [(a.headline and a.headline.text.text, len(a.body)) for a in built.articles]
    build_articles(built)
    assert [(a.headline and a.headline.text.text, len(a.body)) for a in built.articles] == before


def test_articles_from_hand_made_markers():
    """A block carrying a "from" marker starts an article even without a
    headline; a "to" marker ends it."""
    page = _page(
        "群众路线是党的生命线和根本工作路线，也应该成为工会工作的生命线。",
        "要推进工会工作法治化建设，推动完善劳动法律法规体系。",
        "党中央对工会寄予厚望，职工群众对工会充满期待。",
    )
    page.blocks[0].markers.append(JumpMarker(1, 0, 0, "(上接第1版)", "from", 1, "1"))
    page.blocks[1].markers.append(JumpMarker(1, 0, 0, "(下转第4版)", "to", 4, "4"))
    issue = Issue("test", [page])
    build_articles(issue)
    assert len(issue.articles) == 1
    article = issue.articles[0]
    assert (article.continued_from_page, article.continues_to_page) == (1, 4)
    assert [b.text.text[:4] for b in article.body] == ["群众路线", "要推进工"]
    assert [b.text.text[:4] for b, _ in issue.orphans] == ["党中央对"]


def test_article_ending_mid_sentence():
    issue = normalise_with(
        "“扶上马”还要“送一程”\n\n"
        "此外,山亭区总与银行等金融机构合作,有效破解创业园融资难题。\n\n"
        "包到底 评先进\n\n"
        "前几年,受葡萄品种单一的影响,洪门葡\n",
        ["JD203"],
    )
    article = issue.articles[0]
    assert [str(b.role) for b in article.body] == ["para", "subhead", "para"]
    assert article.ends_mid_sentence and not article.starts_mid_sentence


# -- where one article ends and the next begins ----------------------------------------


def _raw_page(*texts: str) -> Page:
    """A page whose blocks carry their real raw spans (so that text joined
    from further down the page knows where it was printed)."""
    return page_of_blocks(*texts)


def _heads(issue: Issue) -> list:
    return [(a.headline.text.text if a.headline else None, [b.text.text[:4] for b in a.body]) for a in issue.articles]


def test_heading_after_text_breaking_off_mid_sentence_starts_an_article():
    """A section ends with a whole sentence: a single heading line right under
    a paragraph that breaks off mid-sentence heads another article (the
    sentence goes on further down the page, after it)."""
    page = _page(
        "节水相关产业市场规模超7600亿元",
        "本报北京11月17日电(记者蒋蓝)水利部副部长陈敏在今天举行的新闻发布会上介绍,节水产业",
        "5%左右的增速目标如何实现?",
        "不可否认,相比前些年的高增长,中国经济增速有所放缓。",
        "(新华社海南博鳌3月28日电)",
        "规模持续扩大,市场活力不断增强。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [
        ("节水相关产业市场规模超7600亿元", ["本报北京", "规模持续"]),
        ("5%左右的增速目标如何实现?", ["不可否认", "(新华社"]),
    ]
    assert not issue.orphans


def test_section_head_under_a_whole_sentence_stays_in_the_article():
    """Negative case: the same heading under a paragraph that ends its
    sentence is a section head (003: 数字化赋能基层工会扩面)."""
    page = _page(
        "数字赋能提质扩面 片区化服务直达一线",
        "本报记者 樊菲涛 邹佩然",
        "“我也是工会会员了,加入工会后不久,就参加了单位组织的活动。”",
        "数字化赋能基层工会扩面",
        "“聚焦扩大基层工会组织覆盖面,我们积极争取党政支持。”",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert len(issue.articles) == 1
    assert [str(b.role) for b in issue.articles[0].body] == ["para", "subhead", "para"]


def test_text_after_a_finished_article_goes_back_to_the_one_broken_off():
    """Text with no headline after an article closed by a continued-on marker
    goes on the article above whose last paragraph broke off mid-sentence,
    rather than being left an orphan."""
    page = _page(
        "数字赋能提质扩面 片区化服务直达一线",
        "本报记者 樊菲涛 邹佩然",
        "“我也是工会会员了,加入工会后不久,就参加了单位组织的活动,同事们聚在一起,特别",
        "北京市总组织巾帼劳模工匠进高校宣讲",
        "本报讯(记者赖志凯)“脚踏实地的奋斗,不断自我超越。”",
        "宣讲结束后,5位巾帼劳模工匠为青年学子送上寄语。",
        "开心。”",
    )
    page.blocks[5].markers.append(JumpMarker(1, 0, 0, "(下转第4版)", "to", 4, "4"))
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [
        ("数字赋能提质扩面 片区化服务直达一线", ["“我也是", "开心。”"]),
        ("北京市总组织巾帼劳模工匠进高校宣讲", ["本报讯(", "宣讲结束"]),
    ]


def test_heading_carrying_a_continued_on_marker_ends_the_article():
    """A heading-shaped block carrying 下转 is the last line of the article
    above it, never the start of the next one (the headline group under it
    is whole)."""
    page = _page(
        "货通世界联山海 万里奔驰续华章",
        "新华社记者 冯冰 陈钢 张斌",
        "亚欧大陆腹地,“钢铁驼队”疾驰不息;万里丝路之上,中欧班列续写新的传奇。",
        "通道建设:从“连线成片”到“织网链接”",
        "线上线下连通 打造“互联网+工会”",
        "青岛“夏送清凉”有了新模式",
        "本报讯 依托APP平台,青岛市总联合市南区总开展送清凉活动。",
    )
    page.blocks[3].markers.append(JumpMarker(1, 0, 0, "(下转第4版)", "to", 4, "4"))
    issue = Issue("test", [page])
    build_articles(issue)
    first, second = issue.articles
    assert first.continues_to_page == 4
    assert [str(b.role) for b in first.body] == ["para", "subhead"]
    assert second.headline.text.text == "青岛“夏送清凉”有了新模式"
    assert [b.text.text for b in second.kicker] == ["线上线下连通 打造“互联网+工会”"]


def test_article_goes_on_where_its_merged_paragraph_went_on():
    """After an accepted merge of an interleaved half, the article of the
    merged paragraph goes on after the place its tail was printed: the
    section head and text there are its own, not the article read in between."""
    page = _raw_page(
        "数字赋能提质扩面 片区化服务直达一线",
        "本报记者 樊菲涛 邹佩然",
        "“以往推进工会组织扩面依赖人工走访,费时费力,提高了基层工会组织扩面的",
        "“观”中学经验 “鉴”中促提升",
        "本报讯(通讯员王雨菡)太原市总工会开展厂务公开民主管理观摩活动。",
        "效率。”宁波市总工会工作部部长章红敏表示。",
        "片区化服务精准直达一线",
        "为精准了解职工群众的“急难愁盼”,宁波市试点建立基层工会片区化服务机制。",
    )
    head, tail = page.blocks[2], page.blocks[5]
    head.text = SourcedText.join([head.text, tail.text])
    page.blocks.remove(tail)
    issue = Issue("test", [page])
    build_articles(issue)
    first, second = issue.articles
    assert first.headline.text.text == "数字赋能提质扩面 片区化服务直达一线"
    assert [str(b.role) for b in first.body] == ["para", "subhead", "para"]
    assert first.body[1].text.text == "片区化服务精准直达一线"
    assert [b.text.text[:4] for b in second.body] == ["本报讯("]


def test_whole_sentences_under_text_breaking_off_then_a_credit_are_a_caption():
    """A credit standing apart under paragraphs that begin sentences of their
    own, right under a paragraph that breaks off mid-sentence: those
    paragraphs are the caption of a photo printed inside the article, whose
    text goes on after the credit (003:116 text, set as two blocks)."""
    page = _page(
        "十堰:机关干部变身“五员”服务基层和职工",
        "本报讯(记者张种)日前,湖北省十堰市总工会推出工会干部联系服务基层工作制度,联系工会代表、",
        "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。",
        "10月30日是2025年第九届亚洲冬季运动会倒计时100天。",
        "新华社记者 张涛 摄",
        "劳模工匠、困难职工、户外劳动者,着力解决一批问题。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [("十堰:机关干部变身“五员”服务基层和职工", ["本报讯(", "劳模工匠"])]
    (caption,) = issue.captions
    assert [b.text.text[:4] for b in caption.parts] == ["在哈尔滨", "10月3", "新华社记"]


def test_text_under_a_whole_sentence_then_a_credit_apart_is_the_caption():
    """Under a paragraph that ends its sentence, the block right above a
    credit standing apart is the text the credit closes (003:51-52, 004:49-51):
    the caption's, not the article's."""
    page = _page(
        "十堰:机关干部变身“五员”服务基层和职工",
        "本报讯(记者张种)日前,湖北省十堰市总工会推出工会干部联系服务基层工作制度。",
        "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。",
        "新华社记者 张涛 摄",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [("十堰:机关干部变身“五员”服务基层和职工", ["本报讯("])]
    (caption,) = issue.captions
    assert [b.text.text[:4] for b in caption.parts] == ["在哈尔滨", "新华社记"]


# -- captions told before the reading ------------------------------------------------


def _caption_texts(issue):
    return [([b.text.text[:4] for b in c.parts], c.title and c.title.text.text) for c in issue.captions]


def test_caption_of_several_blocks_under_its_title_after_an_article():
    """A title, whole sentences in blocks of their own and a credit apart,
    after the end of an article (004:41-51): a caption, not the article's
    text nor a new article."""
    page = _page(
        "以民生暖色折射发展成色",
        "本报记者 刘建林 李彦斌",
        "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
        "陕北革命老区 首条高铁试运行",
        "11月17日,一列试验动车组抵达延安站。",
        "当日上午,55302次试验动车组沿着新建西安至延安高速铁路驶向延安站。",
        "新华社发(张黎芝 摄)",
        "援疆“暖心桥”助力职工成才",
        "本报讯(记者吴峰思 马安妮)在新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿克陶县总工会工人文化宫里。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [
        ("以民生暖色折射发展成色", ["近日,山"]),
        ("援疆“暖心桥”助力职工成才", ["本报讯("]),
    ]
    assert _caption_texts(issue) == [(["11月1", "当日上午", "新华社发"], "陕北革命老区 首条高铁试运行")]


def test_caption_text_after_another_caption_and_its_title():
    """Two captions in a row: the first closed by its credit, the second
    with its title above its text; the second's text is not an orphan."""
    page = _page(
        "工作人员在国家会展中心(上海)内部布展施工。新华社记者 丁汀 摄",
        "健康体检 温暖人心",
        "3月25日,广东省肇庆市高要区回龙镇中铁七局广湛铁路十二标项目部开展农民工体检活动。",
        "本报通讯员 孙欣 汪子涵 摄",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _caption_texts(issue) == [(["工作人员"], None), (["3月25", "本报通讯"], "健康体检 温暖人心")]
    assert issue.orphans == []


def test_unindented_text_under_an_indented_paragraph_then_a_credit_is_a_caption():
    """On a page that indents its paragraphs, whole sentences without the
    indent under an indented paragraph, closed by a credit, are a caption."""
    page = _page(
        "以民生暖色折射发展成色",
        "本报记者 刘建林 李彦斌",
        "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
        "太原市总工会表示,将持续推进老旧小区改造。",
        "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。",
        "新华社记者 张涛 摄",
    )
    page.blocks[2].indent = page.blocks[3].indent = True
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [("以民生暖色折射发展成色", ["近日,山", "太原市总"])]
    assert _caption_texts(issue) == [(["在哈尔滨", "新华社记"], None)]


def test_short_text_with_commas_over_a_paragraph_going_on_is_running_text():
    """A short block with commas between two paragraphs, the one below not
    opening a sentence of its own: the first piece of a paragraph cut at a
    column edge, not a section head."""
    page = _page(
        "“您好,这里是12351工会服务职工热线,请问有什么可以帮助您?”",
        "一个月里,调研组赶赴20个省(区、市),深入",
        "46家基层工会和基层联系点,以及不同类型企业。",
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "para", "para"]


def _continued_page(*texts: str, cont: int) -> Page:
    page = _page(*texts)
    page.blocks[cont].markers.append(JumpMarker(1, 0, 0, "(上接第3版)", "from", 3, "3"))
    return page


def test_text_beginning_inside_a_sentence_after_a_continued_part_goes_back():
    """A continued part printed between the two halves of another article's
    paragraph (007 pattern: the tail ``的要求,…`` after the continued text):
    text that begins inside a sentence cannot follow the continued part's
    last paragraph, which ends one; it goes on the article broken off."""
    page = _continued_page(
        "守初心、担使命,工会干部重整行装再出发",
        "这样的成果源于此前的一系列调研行动。全总党组、书记处同志按照主题教育",
        "在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
        "“今年的‘线上送清凉’既是工会主责主业和新一代信息技术的结合。”",
        "的要求,结合各自调研课题和分管工作,形成调研报告。",
        cont=2,
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue) == [
        ("守初心、担使命,工会干部重整行装再出发", ["这样的成", "的要求,"]),
        (None, ["在本次送", "“今年的"]),
    ]


def test_phrase_in_quotes_at_the_end_does_not_end_the_sentence_for_a_tail():
    """The paragraph broken off may end with a quoted phrase (``按照“五个
    围绕”``): its sentence goes on in the tail that cannot begin one."""
    page = _continued_page(
        "守初心、担使命,工会干部重整行装再出发",
        "这样的成果源于此前的一系列调研行动。全总党组按照全总机关主题教育“五个围绕”",
        "在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
        "的要求,结合各自调研课题和分管工作,形成调研报告。",
        cont=2,
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _heads(issue)[0] == ("守初心、担使命,工会干部重整行装再出发", ["这样的成", "的要求,"])


def test_text_after_a_continued_part_stays_when_nothing_broke_off():
    """Negative cases: with no earlier paragraph broken off, or when the
    continued part's own last paragraph breaks off, the text stays in the
    continued part."""
    whole = _continued_page(
        "守初心、担使命,工会干部重整行装再出发",
        "这样的成果源于此前的一系列调研行动。",
        "在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
        "的要求,结合各自调研课题和分管工作,形成调研报告。",
        cont=2,
    )
    own = _continued_page(
        "守初心、担使命,工会干部重整行装再出发",
        "这样的成果源于此前的一系列调研行动。全总党组、书记处同志按照主题教育",
        "在本次送清凉活动中,工会会员通过APP就可以搜索到附近的",
        "便利店,领取矿泉水。",
        cont=2,
    )
    for page in (whole, own):
        issue = Issue("test", [page])
        build_articles(issue)
        assert _heads(issue)[1][1][1:] == [page.blocks[3].text.text[:4]]


def test_unindented_text_on_an_indenting_page_goes_on_the_paragraph_broken_off():
    """On a page that indents its paragraphs, a block without the indent under
    a paragraph ending a sentence is the rest of a paragraph cut at a column
    edge: it goes on the article whose paragraph broke off, not the continued
    part it follows.  On a page without indents it stays (negative case)."""
    texts = (
        "守初心、担使命,工会干部重整行装再出发",
        "这样的成果源于此前的一系列调研行动。全总党组、书记处同志按照主题教育",
        "在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
        "“今年的‘线上送清凉’既是工会主责主业和新一代信息技术的结合。”",
        "结合各自调研课题和分管工作,带领12个组深入基层开展专题调研。",
    )
    indented = _continued_page(*texts, cont=2)
    for k in (1, 2, 3):
        indented.blocks[k].indent = True
    issue = Issue("test", [indented])
    build_articles(issue)
    assert _heads(issue)[0][1] == ["这样的成", "结合各自"]
    flat = _continued_page(*texts, cont=2)
    issue = Issue("test", [flat])
    build_articles(issue)
    assert _heads(issue)[1][1] == ["在本次送", "“今年的", "结合各自"]


# -- lines that cannot end a headline; headlines under text that breaks off -------------

BOUND_ENDS = [
    # (label, text, ends with a word needing what follows it)
    ("a preposition at the end: the first piece of a cut paragraph", "炼油厂保洁车间的黄丽娜在", True),
    ("an adverb at the end", "刘志新和薄绍滨都曾", True),
    ("a conjunction at the end", "坚持既面对面听取意见又", True),
    ("a headline ending with a noun (000:5)", "以民生暖色折射发展成色", False),
    ("a headline ending with a word closed by 当 (担当)", "新时代青年要有新担当", False),
    ("a headline ending with a word closed by 在 (所在)", "找准问题症结所在", False),
    ("a headline ending with a place closed by 都 (首都)", "冬奥之光照亮首都", False),
    ("traditional characters read as simplified (為)", "該項目的資金主要用於職工為", True),
]


@pytest.mark.parametrize("label,text,expected", BOUND_ENDS, ids=[r[0] for r in BOUND_ENDS])
def test_ends_with_bound_word(label, text, expected):
    assert ends_with_bound_word(text) is expected


def test_short_block_ending_with_a_preposition_is_running_text():
    """…保洁车间的黄丽娜在 (the first piece of a paragraph cut at a column
    edge) has the length of a section head but ends with a word that needs
    what follows it: running text."""
    assert classify_block(_block("炼油厂保洁车间的黄丽娜在")) is Role.PARAGRAPH


def test_headline_over_column_and_byline_under_text_breaking_off():
    """003:5-9 under a paragraph that breaks off (its rest is not on the page):
    the long headline with a comma above the column label and the byline is
    still the headline, since a byline always has one."""
    page = _page(
        "要落实新时代党的建设总要求,加强工会系统党的建设。党中央对工会寄予厚望,",
        "作为“产改”首批全面试点省份,江苏切实扛起 “走在前、做示范”的责任担当 “咱们产业工人的发展路径是畅通的!”",
        "深化“产改”进行时",
        "本报记者 黄洪涛 王伟",
        "近日,江苏省关于产业工人的喜事频传。",
    )
    classify_page(page)
    assert page.blocks[1].role is Role.HEADING
    issue = Issue("test", [_page(*(b.text.text for b in page.blocks))])
    build_articles(issue)
    assert issue.articles[-1].headline.text.text.startswith("作为“产改”")


def test_text_reading_on_above_a_byline_is_not_its_headline():
    """Negative: the block above a byline that goes on from the paragraph
    above breaking off (a number runs across the seam) is the rest of that
    paragraph."""
    page = _page(
        "中欧班列架起了沿线国家合作的桥梁。如今,累计开行突破11",
        "万列的中欧班列",
        "本报记者 黄洪涛 王伟",
        "近日,江苏省关于产业工人的喜事频传。",
    )
    classify_page(page)
    assert page.blocks[1].role is Role.PARAGRAPH


def test_first_half_opening_running_text_above_a_headline_group_stays_text():
    """The first half of a paragraph (001:137, its rest further down the page)
    right above the next article's headline and byline: it opens with a
    lead-in clause, so it is no kicker of that headline but a paragraph
    ending mid-sentence, for the merge rule to pair."""
    page = _page(
        "目前，“数字工会”系统共录入会员资料信息9343条。",
        "据介绍，乌石化工会以“信息化管理”",
        "乌石化探索“互联网+职工服务”新模式",
        "本报记者 刘建林 李彦斌",
        "近日,江苏省关于产业工人的喜事频传。",
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "para", "heading", "byline", "para"]
    assert page.blocks[1].ends_mid_sentence


def test_headline_broken_in_two_above_a_continued_part():
    """A repeated headline broken inside a word (守初心、担使命,工 | 会干部重整行装
    再出发) right above a continued part, under a paragraph that breaks off:
    both pieces are headline lines, the first is no tail of the paragraph."""
    page = _continued_page(
        "得益于工会组织搭建的平台,合作社打造了苗木栽培、草莓采摘、葡萄酒酿造、",
        "守初心、担使命,工",
        "会干部重整行装再出发",
        "一个月里,调研组赶赴20个省,深入46家基层工会。",
        cont=3,
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "heading", "heading", "para"]


def test_headline_of_two_clauses_cut_short_above_a_continued_part():
    """A repeated headline of two clauses cut short (守初心、担使命,工会干)
    right above a continued part, under a news lead that breaks off
    (…及时督促跟进办) with no word across the seam: a headline line, not the
    tail of the paragraph above (which an interleaved merge would then carry
    into a paragraph)."""
    page = _continued_page(
        "本报讯(记者康劲 通讯员雍文洲)“是工会维权服务站及时督促跟进办",
        "守初心、担使命,工会干",
        "一个月里,调研组赶赴20个省(区、市),深入46家基层工会和基层联系点。",
        cont=2,
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "heading", "para"]


def test_headline_broken_after_a_word_needing_what_follows_above_a_continued_part():
    """A repeated headline broken after a word that never ends a line of its
    own (共同栽培友谊之 | 树（出访归来）) right above a continued part, under a
    caption's credit: both pieces are headline lines, the first is no
    paragraph stopping mid-sentence."""
    page = _continued_page(
        "新华社记者 李杰 摄",
        "共同栽培友谊之",
        "树（出访归来）",
        "年11月落成，是近年来朝鲜最重要的民生工程之一。",
        cont=3,
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks][1:3] == ["heading", "heading"]


def test_headline_cut_short_above_a_continued_part():
    """A repeated headline cut short, leaving a quotation open (乌石化探索“互联网+职)
    right above a continued part: a headline line, not the tail of the
    paragraph above."""
    page = _continued_page(
        "全总党组、书记处同志带头落实基层联系点制度,听取职工群众意见建",
        "乌石化探索“互联网+职",
        "此外,“数字工会”系统还大大提高数据的决策价值。",
        cont=2,
    )
    classify_page(page)
    assert page.blocks[1].role is Role.HEADING


def test_heading_under_a_caption_naming_the_text_below_is_its_headline():
    """A heading right under a photo credit is the caption's title when it
    names what the caption shows; one sharing words with the text under it
    and none with the caption heads that text."""
    page = _page(
        "工作人员在国家会展中心(上海)内部布展施工。",
        "新华社记者 丁汀 摄",
        "深化工会改革和建设 有效发挥桥梁纽带作用",
        "群众路线是党的生命线和根本工作路线,也应该成为工会工作的生命线。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert [a.headline.text.text for a in issue.articles] == ["深化工会改革和建设 有效发挥桥梁纽带作用"]
    assert all(c.title is None for c in issue.captions)


def test_title_under_a_caption_naming_it_stays_its_title():
    """000:54-56: text and credit, then 探访第六届进博会布展现场, then text: the
    title names what the caption shows."""
    page = _page(
        "工作人员在国家会展中心(上海)内部布展施工。第六届中国国际进口博览会将于11月5日至10日在上海举办。",
        "新华社记者 丁汀 摄",
        "探访第六届进博会布展现场",
        "群众路线是党的生命线和根本工作路线,也应该成为工会工作的生命线。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert [c.title.text.text for c in issue.captions if c.title] == ["探访第六届进博会布展现场"]


def test_section_head_under_a_caption_sharing_no_word_with_it_is_no_title():
    """A titled caption (健康体检 温暖人心 over its text and a credit ending
    it), then a section head of the article going on below (建平台 问需求,
    sharing no word with the caption): the heading above is the caption's
    title, the one below heads the text under it."""
    page = _page(
        "“扶上马”还要“送一程”",
        "本报记者 田国全 本报通讯员 孙海峰",
        "近年来,枣庄市山亭区总工会建立工会助力工友创业全过程帮扶机制。",
        "健康体检 温暖人心",
        "3月25日,广东省肇庆市高要区回龙镇中铁七局广湛铁路十二标项目部开展农民工体检活动。",
        "当日,项目部邀请回龙镇医院体检中心开展现场健康体检。本报通讯员 孙欣 汪子涵 摄",
        "建平台 问需求",
        "“我们实行工友创业园、党组织、工会组织同时建立的办法一体推进。”山亭区总工会党组书记介绍。",
    )
    issue = Issue("test", [page])
    build_articles(issue)
    assert _caption_texts(issue) == [(["3月25", "当日,项"], "健康体检 温暖人心")]
    assert [b.text.text for b in issue.articles[0].body if b.role is Role.SUBHEAD] == ["建平台 问需求"]


def test_headline_cut_short_at_a_number_above_a_continued_part_stays_a_headline():
    """Right above a continued part the headline may be repeated cut short,
    even inside a number (``…战争胜利8``): it stays a headline line there,
    while the same shape between paragraphs is text broken off."""
    page = _continued_page(
        "职工书屋开展读书分享活动。",
        "纪念中国人民抗日战争暨世界反法西斯战争胜利8",
        "本市各级工会组织开展了形式多样的纪念活动。",
        cont=2,
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "heading", "para"]
    loose = _page(
        "职工书屋开展读书分享活动。",
        "从9时到18时,来自北京知名律师事务所的10",
        "本市各级工会组织开展了形式多样的纪念活动。",
    )
    classify_page(loose)
    assert [str(b.role) for b in loose.blocks] == ["para", "para", "para"]


CUT_IN_WORD = [
    # (label, line, role): a headline-shaped line under a paragraph, over one
    # more paragraph (heading.cut_end)
    ("cut inside 主席 (000:164)", "山西太原市物流货运行业工会联合会主", Role.PARAGRAPH),
    ("cut inside 副主任 (001:27)", "湖北省人大常委会副", Role.PARAGRAPH),
    ("cut inside 驻村 (000:158)", "刘志新和薄绍滨都曾是驻", Role.PARAGRAPH),
    ("a headline ending with a word holding 主", "坚持以预防为主", Role.HEADING),
    ("a headline ending with a whole word", "以民生暖色折射发展成色", Role.HEADING),
]


@pytest.mark.parametrize("label,line,role", CUT_IN_WORD, ids=[c[0] for c in CUT_IN_WORD])
def test_line_cut_inside_a_word_is_text(label, line, role):
    page = _page("近年来，各地工会不断创新服务方式。", line, "职工群众的获得感持续增强。")
    classify_page(page)
    assert page.blocks[1].role is role


def test_headline_cut_short_inside_a_title_above_a_continued_part():
    """A repeated headline cut short inside a word (“中国梦·劳动美”系列主)
    right above a continued part stays a headline line."""
    page = _continued_page(
        "各级工会组织广泛开展职工文化活动。",
        "“中国梦·劳动美”系列主",
        "冰雪中的电网人，荒原里的勘探队，都在镜头里。",
        cont=2,
    )
    classify_page(page)
    assert page.blocks[1].role is Role.HEADING


def test_headline_broken_inside_a_quotation_above_a_continued_part():
    """A repeated headline broken inside a quotation (青岛“夏送清 | 凉”有了新模式,
    001:99) right above a continued part, under text that breaks off: both
    pieces are headline lines, the second does not go on from the text."""
    page = _continued_page(
        "群众路线是党的生命线和根本工作路线，也应该成为工会工作的生命",
        "青岛“夏送清",
        "凉”有了新模式",
        "“今年的‘线上送清凉’既是工会主责主业和新一代信息技术的结合。”",
        cont=3,
    )
    classify_page(page)
    assert [str(b.role) for b in page.blocks] == ["para", "heading", "heading", "para"]

