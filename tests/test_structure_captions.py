"""Photo captions among articles: which text a photo credit closes, and which
heading is the caption's title (ARTEFACTS §7).  Each case is a page (or two)
of blocks, the captions expected (text blocks by their first four
characters, title) and the articles expected (headline, body blocks by their
first four characters)."""

import pytest

from normalizer.model import Block, Issue, JumpMarker, Page
from normalizer.sourced import SourcedText
from normalizer.structure import build_articles

INDENT = "\u3000\u3000"


def _page(number: int, *texts: str) -> Page:
    """Page ``number`` of one block per text; a text beginning with two
    U+3000 is an indented paragraph."""
    raw = "\n\n".join(texts)
    page = Page(number, "<test>", "utf-8", raw)
    pos = 0
    for text in texts:
        skip = len(INDENT) if text.startswith(INDENT) else 0
        start, end = pos + skip, pos + len(text)
        page.blocks.append(Block(number, start, end, SourcedText.from_raw(raw, number, start, end), indent=bool(skip)))
        pos += len(text) + 2
    return page


def _captions(issue: Issue) -> list:
    return [([b.text.text[:4] for b in c.parts], c.title and c.title.text.text) for c in issue.captions]


def _articles(issue: Issue) -> list:
    return [(a.headline.text.text if a.headline else None, [b.text.text[:4] for b in a.body]) for a in issue.articles]


CASES = [
    # (label, pages (lists of block texts), captions, articles or None to skip)
    (
        ("text at the top of a page, its credit apart and its title under it (000:54-56 at the top of a"
         " page, no article of an earlier page going on to it): the text is the caption's"),
        [
            [
                "工作人员在国家会展中心(上海)内部布展施工。",
                "第六届中国国际进口博览会将于11月5日至10日在上海举办。",
                "新华社记者 丁汀 摄",
                "探访第六届进博会布展现场",
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
            ]
        ],
        [(["工作人员", "第六届中", "新华社记"], "探访第六届进博会布展现场")],
        [("以民生暖色折射发展成色", ["近日,山"])],
    ),
    (
        ("the same text at the top of a page an article of page 1 goes on to (下转第2版 closing"
         " page 1): the title under the credit names it (布展), the article going on shares no word"
         " with it, the text is the caption's"),
        [
            [
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
            ],
            [
                "工作人员在国家会展中心(上海)内部布展施工。",
                "新华社记者 丁汀 摄",
                "探访第六届进博会布展现场",
            ],
        ],
        [(["工作人员", "新华社记"], "探访第六届进博会布展现场")],
        None,
    ),
    (
        ("negative: text at the top of a page an article of page 1 goes on to, sharing more words"
         " with that article (老旧小区节能改造工程完工) than with the title under the credit: it may be"
         " that article's text, only the credit is the caption"),
        [
            [
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
            ],
            [
                "太原市老旧小区节能改造工程完工后,居民冬季室温可提高3摄氏度。",
                "新华社记者 丁汀 摄",
                "探访老旧小区改造现场",
            ],
        ],
        [(["新华社记"], "探访老旧小区改造现场")],
        None,
    ),
    (
        ("negative: text at the top of a page over text ending with its credit, the title under it"
         " (000:50-56 from the paragraph on): the credit closes the text of its own block, the text"
         " above may go on from another column"),
        [
            [
                "推动汾河流域14个经济技术开发区完成废水治理设施建设,切实保护公民环境权利。",
                "工作人员在国家会展中心(上海)内部布展施工。新华社记者 丁汀 摄",
                "探访第六届进博会布展现场",
            ]
        ],
        [(["工作人员"], "探访第六届进博会布展现场")],
        None,
    ),
    (
        ("whole sentences and a credit under a paragraph ending with a quoted phrase (…“今年的‘线上送清凉’,"
         " its sentence goes on further down): a caption printed inside the article"),
        [
            [
                "线上线下连通 打造“互联网+工会”",
                "本报讯(记者王伟)在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
                "“今年的‘线上送清凉’",
                "11月17日,一列试验动车组抵达延安站。",
                "西安至延安高速铁路是陕北革命老区的首条高铁。新华社发(张黎芝 摄)",
                "既是工会主责主业和新一代信息技术的结合。”青岛市总工会副主席孙更新介绍。",
            ]
        ],
        [(["11月1", "西安至延"], None)],
        [("线上线下连通 打造“互联网+工会”", ["本报讯(", "“今年的", "既是工会"])],
    ),
    (
        ("a section head, its text, then caption text closed by a credit with the caption's title under it"
         " (003:114-116 哈尔滨亚冬会进入倒计时100天): a caption has one title, the section head stays the article's"),
        [
            [
                "数字赋能提质扩面 片区化服务直达一线",
                "本报记者 樊菲涛 邹佩然",
                "“我也是工会会员了!”宁波市海曙区的快递小哥说。",
                "片区化服务精准直达一线",
                "为精准了解职工群众的“急难愁盼”,宁波市总工会建立片区联系制度。",
                "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。新华社记者 张涛 摄",
                "哈尔滨亚冬会进入倒计时100天",
                "“量身打造”专场招聘 “职工点菜”精准对接",
                "本报讯(记者邢生祥)多措并举,助力供需精准对接。",
            ]
        ],
        [(["在哈尔滨"], "哈尔滨亚冬会进入倒计时100天")],
        [
            ("数字赋能提质扩面 片区化服务直达一线", ["“我也是", "片区化服", "为精准了"]),
            ("“量身打造”专场招聘 “职工点菜”精准对接", ["本报讯("]),
        ],
    ),
    (
        ("text ending with its credit under an article's whole sentences, its title under it, then the next"
         " article's headline (000:50-58 with a headline after): the title is the caption's, not a kicker"),
        [
            [
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                "良好的生态环境是最普惠的民生福祉。山西严守生态保护红线,切实保护公民环境权利。",
                "工作人员在国家会展中心(上海)内部布展施工。目前,国家会展中心(上海)内部布展工作正在有序进行。新华社记者 丁汀 摄",
                "探访第六届进博会布展现场",
                "援疆“暖心桥”助力职工成才",
                "本报讯(记者吴峰思 马安妮)在新疆阿克陶县总工会工人文化宫里。",
            ]
        ],
        [(["工作人员"], "探访第六届进博会布展现场")],
        [("以民生暖色折射发展成色", ["良好的生"]), ("援疆“暖心桥”助力职工成才", ["本报讯("])],
    ),
    (
        ("a section head of the article above, then a caption's title, its text and a credit (003:45-52"
         " under 检视问题“准”字当先): the lower heading names the caption, the upper one shares no word"
         " with it, it stays the article's section head"),
        [
            [
                "守初心、担使命,工会干部重整行装再出发",
                "本报记者 郝赫",
                "一个月里,调研组赶赴20个省,深入46家基层工会和基层联系点。",
                "检视问题“准”字当先",
                "神舟十九号3名航天员 顺利进驻中国空间站",
                "10月30日在北京航天飞行控制中心拍摄的神舟十九号航天员乘组和神舟十八号航天员乘组“全家福”。",
                "后续,两个航天员乘组将在空间站进行在轨轮换。新华社记者 李杰 摄",
                "检视剖析问题是主题教育的重要内容。",
            ]
        ],
        [(["10月3", "后续,两"], "神舟十九号3名航天员 顺利进驻中国空间站")],
        [("守初心、担使命,工会干部重整行装再出发", ["一个月里", "检视问题", "检视剖析"])],
    ),
    (
        ("negative: a kicker and a headline sharing the story's words over whole sentences and a credit"
         " (002:46-48 heading a photo story): no caption's title apart from its kicker, only the credit is"
         " the caption"),
        [
            [
                "弘扬“三个精神” 培育劳模工匠",
                "北京市总组织巾帼劳模工匠进高校宣讲",
                "5位巾帼劳模工匠分别是首都劳动奖章获得者、第三届“北京大工匠”。",
                "宣讲结束后,学生代表为劳模工匠献上鲜花。",
                "本报记者 赖志凯 摄",
            ]
        ],
        [(["本报记者"], None)],
        None,
    ),
    (
        ("negative: a title over two blocks of text and a credit apart (002:36-42), the next article's"
         " headline under the credit: the title above names the caption, it stays its title"),
        [
            [
                "十堰:机关干部变身“五员”服务基层和职工",
                "本报讯(记者张种)鄂西北小商品批发市场不少商户为商品发货快、成本低而点赞。",
                "健康体检 温暖人心",
                "3月25日,广东省肇庆市高要区回龙镇中铁七局广湛铁路十二标项目部开展“健康体检保安全 筑梦路上暖人心”农民工体检活动。",
                "当日,项目部邀请回龙镇医院体检中心开展现场健康体检。",
                "本报通讯员 孙欣 汪子涵 摄",
                "北京市总组织巾帼劳模工匠进高校宣讲",
                "本报讯(记者赖志凯)500名师生聆听宣讲。",
            ]
        ],
        [(["3月25", "当日,项", "本报通讯"], "健康体检 温暖人心")],
        [
            ("十堰:机关干部变身“五员”服务基层和职工", ["本报讯("]),
            ("北京市总组织巾帼劳模工匠进高校宣讲", ["本报讯("]),
        ],
    ),
    (
        ("negative: the title over four blocks and a credit apart (004:41-51), a heading under the"
         " credit naming none of it: the caption keeps the title above"),
        [
            [
                "陕北革命老区 首条高铁试运行",
                "11月17日,一列试验动车组抵达延安站。",
                "当日上午,55302次试验动车组沿着新建西安至延安高速铁路驶向延安站。",
                "据了解,西延高铁试运行将严格参照实际运营标准。",
                "西安至延安高速铁路是陕北革命老区的首条高铁,线路全长299.8公里。",
                "新华社发(张黎芝 摄)",
                "援疆“暖心桥”助力职工成才",
                "本报讯(记者吴峰思 马安妮)在新疆阿克陶县总工会工人文化宫里。",
            ]
        ],
        [(["11月1", "当日上午", "据了解,", "西安至延", "新华社发"], "陕北革命老区 首条高铁试运行")],
        [("援疆“暖心桥”助力职工成才", ["本报讯("])],
    ),
    (
        ("negative: on a page that indents its paragraphs, a section head and an indented paragraph over a"
         " credit standing apart: the paragraph is the article's (caption text is never indented)"),
        [
            [
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                INDENT + "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
                INDENT + "太原市总工会表示,将持续推进老旧小区改造。",
                "通道建设:从“连线成片”到“织网链接”",
                INDENT + "清晨,西安国际港站的汽笛声响起,一列中欧班列启程西行,驶向欧洲。",
                "新华社记者 李杰 摄",
            ]
        ],
        [(["新华社记"], None)],
        [("以民生暖色折射发展成色", ["近日,山", "太原市总", "通道建设", "清晨,西"])],
    ),
    (
        ("two captions in a row, each with its title under its credit (000:54-56 then 003:45-52 with"
         " the title after): the first title is the first caption's, the second caption keeps its text"),
        [
            [
                "工作人员在国家会展中心(上海)内部布展施工。新华社记者 丁汀 摄",
                "探访第六届进博会布展现场",
                "10月30日在北京航天飞行控制中心拍摄的神舟十九号航天员乘组和神舟十八号航天员乘组“全家福”。",
                "后续,两个航天员乘组将在空间站进行在轨轮换。新华社记者 李杰 摄",
                "神舟十九号3名航天员 顺利进驻中国空间站",
            ]
        ],
        [
            (["工作人员"], "探访第六届进博会布展现场"),
            (["10月3", "后续,两"], "神舟十九号3名航天员 顺利进驻中国空间站"),
        ],
        [],
    ),
    (
        ("text ending with its credit, two blocks of whole sentences above it and its title under it,"
         " printed under an article's last paragraph (004:43-51 with the title after the credit, as"
         " 000:54-56): the blocks sharing the caption's words (试验动车组, 延安站, 西安至延安) are its"
         " text, the article keeps its paragraph"),
        [
            [
                "数字赋能提质扩面 片区化服务直达一线",
                "本报记者 樊菲涛 邹佩然",
                "“我也是工会会员了,加入工会后感觉有了依靠。”宁波市一家快递企业的快递员说。",
                "11月17日,一列试验动车组抵达延安站。",
                "当日上午,55302次试验动车组沿着新建西安至延安高速铁路驶向延安站,全线开通运营进入倒计时。",
                "西安至延安高速铁路是陕北革命老区的首条高铁,线路全长299.8公里。新华社发(张黎芝 摄)",
                "陕北革命老区 首条高铁试运行",
                "援疆“暖心桥”助力职工成才",
                "本报讯(记者吴峰思 马安妮)“在品牌展示柜中,上边陈列的是来自江西的产品。”",
            ]
        ],
        [(["11月1", "当日上午", "西安至延"], "陕北革命老区 首条高铁试运行")],
        [
            ("数字赋能提质扩面 片区化服务直达一线", ["“我也是"]),
            ("援疆“暖心桥”助力职工成才", ["本报讯("]),
        ],
    ),
    (
        ("two blocks of whole sentences over a credit standing apart, no title, under a news lead"
         " (003:47-52 under an article): the block right above the credit is the caption's, and the"
         " block above it sharing its words (航天员乘组); the news lead stays the article's"),
        [
            [
                "青岛“夏送清凉”有了新模式",
                "本报讯(记者王伟)在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
                "“今年的线上送清凉既是工会主责主业和新一代信息技术的结合。”青岛市总工会副主席孙更新介绍。",
                "10月30日在北京航天飞行控制中心拍摄的神舟十九号航天员乘组和神舟十八号航天员乘组“全家福”。",
                "后续,两个航天员乘组将在空间站进行在轨轮换。其间,6名航天员将共同在空间站工作生活约5天时间。",
                "新华社记者 李杰 摄",
                "援疆“暖心桥”助力职工成才",
                "本报讯(记者吴峰思 马安妮)“在品牌展示柜中,上边陈列的是来自江西的产品。”",
            ]
        ],
        [(["10月3", "后续,两", "新华社记"], None)],
        [
            ("青岛“夏送清凉”有了新模式", ["本报讯(", "“今年的"]),
            ("援疆“暖心桥”助力职工成才", ["本报讯("]),
        ],
    ),
    (
        ("negative: a paragraph over a caption's text sharing no word with it stays the article's"
         " (a credit standing apart closes only the text right above it and what shares its words)"),
        [
            [
                "青岛“夏送清凉”有了新模式",
                "本报讯(记者王伟)在本次送清凉活动中,工会会员通过APP就可以搜索到附近的便利店。",
                "“今年的线上送清凉既是工会主责主业和新一代信息技术的结合。”青岛市总工会副主席孙更新介绍。",
                "在哈尔滨市道外区景阳街,人们走过巨幅亚冬会宣传画。",
                "新华社记者 张涛 摄",
            ]
        ],
        [(["在哈尔滨", "新华社记"], None)],
        [("青岛“夏送清凉”有了新模式", ["本报讯(", "“今年的"])],
    ),
    (
        ("text at the top of a page an article of page 1 goes on to, ending with its credit, its"
         " title under it (004:43-51, the title after the credit): the blocks sharing the caption's"
         " words and not the article's are its text"),
        [
            [
                "以民生暖色折射发展成色",
                "本报记者 刘建林 李彦斌",
                "近日,山西省太原市规模最大的老旧小区节能改造工程完工。",
            ],
            [
                "11月17日,一列试验动车组抵达延安站。",
                "当日上午,55302次试验动车组沿着新建西安至延安高速铁路驶向延安站,全线开通运营进入倒计时。",
                "西安至延安高速铁路是陕北革命老区的首条高铁,线路全长299.8公里。新华社发(张黎芝 摄)",
                "陕北革命老区 首条高铁试运行",
            ],
        ],
        [(["11月1", "当日上午", "西安至延"], "陕北革命老区 首条高铁试运行")],
        None,
    ),
]


@pytest.mark.parametrize("label,pages,captions,articles", CASES, ids=[c[0][:60] for c in CASES])
def test_captions(label, pages, captions, articles):
    issue = Issue("test", [_page(n, *texts) for n, texts in enumerate(pages, 1)])
    if len(pages) > 1:
        # the last block of page 1 goes on to page 2 (下转第2版, taken off by JD202)
        issue.pages[0].blocks[-1].markers.append(JumpMarker(1, 0, 0, "(下转第2版)", "to", 2, "2"))
    build_articles(issue)
    assert _captions(issue) == captions
    if articles is not None:
        assert _articles(issue) == articles


def test_caption_text_stops_above_a_joined_paragraph():
    """A paragraph joined from text printed apart (an article's last
    sentence rejoined with a caption's first block) ends the caption's run:
    the words it brings from the article do not pull the article's paragraph
    above it (各级工会…寄予厚望) into the caption."""
    page = _page(
        1,
        "数字赋能提质扩面 片区化服务直达一线",
        "本报讯(记者王伟)在本次送清凉活动中,会员通过APP就可以搜索到附近的便利店。",
        "各级工会组织和广大工会干部要对工会工作寄予厚望。",
        "党中央对工会工作寄予厚望。",
        "11月17日,一列试验动车组抵达延安站。",
        "当日上午,55302次试验动车组沿着新建西安至延安高速铁路驶向延安站,全线开通运营进入倒计时。",
        "西安至延安高速铁路是陕北革命老区的首条高铁,线路全长299.8公里。新华社发(张黎芝 摄)",
        "陕北革命老区 首条高铁试运行",
    )
    first, second = page.blocks[3], page.blocks[4]
    first.text = SourcedText.join([first.text, second.text])
    page.blocks.remove(second)
    issue = Issue("test", [page])
    build_articles(issue)
    assert _captions(issue) == [(["党中央对", "当日上午", "西安至延"], "陕北革命老区 首条高铁试运行")]
    assert _articles(issue) == [("数字赋能提质扩面 片区化服务直达一线", ["本报讯(", "各级工会"])]
