"""Articles continued on another page, made whole after an accepted stitch."""

from __future__ import annotations

from normalizer.api import issue_from_text
from normalizer.config import Config
from normalizer.engine import normalise_issue
from normalizer.model import Role
from normalizer.textview import issue_text
from test_rule_JD310_stitch import (
    A1,
    A2,
    A3,
    A4,
    B1,
    B2,
    B3,
    B4,
    C1,
    C2,
    HEAD_A,
    HEAD_B,
    HEAD_C,
    blocks,
    front,
    page_a,
    page_b,
    pages,
    run,
    stitches,
)


def accepted(raw: str):
    """The issue with every stitch scoring 0.9 or more accepted."""
    return run(raw, accept_above=0.9)


def article(issue, headline: str):
    found = [a for a in issue.articles if a.headline is not None and a.headline.text.text == headline]
    assert len(found) == 1, [a.headline.text.text if a.headline else None for a in issue.articles]
    return found[0]


def texts(article) -> list[str]:
    return [b.text.text for b in article.body]


def test_two_stitched_articles():
    issue = accepted(pages(front(), page_b(), page_a()))
    assert len(issue.stitches) == 2
    a = article(issue, HEAD_A)
    assert a.pages == [1, 3]
    # the sentence cut at the marker is one paragraph again
    assert texts(a) == [A1, A2 + A3, A4]
    assert a.continued_from_page is None and a.continues_to_page is None
    assert a.byline is not None and a.byline.text.text == "本报记者 刘建林"
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert texts(b) == [B1, B2, B3, B4]
    assert b.continued_from_page is None and b.continues_to_page is None


def test_repeated_headlines_are_not_text():
    issue = accepted(pages(front(), page_b(head="“千河之省”奏起\n环保发展交响曲"), page_a()))
    heads = [a.headline.text.text for a in issue.articles if a.headline is not None]
    assert "深化工会改革和建设" not in heads
    assert not any(h.startswith("“千河之省”奏起\n") for h in heads)
    everything = [b.text.text for a in issue.articles for b in a.blocks()]
    assert "深化工会改革和建设" not in everything
    assert all(b.text.text != "深化工会改革和建设" for b, _ in issue.orphans)


def test_continued_part_without_partner_stays_apart():
    issue = accepted(pages(front(), page_b(), page_a()))
    c = next(a for a in issue.articles if a.body and a.body[0].text.text == C1)
    assert c.pages == [3] and c.continued_from_page == 1


def test_the_seam_is_a_recorded_change():
    raw = pages(front(), page_b(), page_a())
    issue = accepted(raw)
    (join,) = [c for c in issue.changes if c.rule == "JD310"]
    page3 = issue.page(3).raw
    assert join.page == 3 and page3[join.start :].startswith(A3[:10])
    assert "continued from page 1" in join.note
    # the page view shows the joined paragraph on page 1
    assert (A2 + A3) in issue_text(issue)


def test_nothing_merged_without_a_decision():
    issue = run(pages(front(), page_b(), page_a()))
    assert issue.stitches == []
    assert all(len(a.pages) == 1 for a in issue.articles)
    a = article(issue, HEAD_A)
    assert a.continues_to_page == 3 and texts(a)[-1] == A2


def test_rejected_stitch_keeps_the_parts_apart():
    raw = pages(front(), page_b(), page_a())
    ids = {tuple(s.extra["pages"]): s.id for s in stitches(run(raw)) if s.score >= 0.9}
    issue = run(raw, decisions={ids[(1, 3)]: "rejected", ids[(1, 2)]: "accepted"})
    assert article(issue, HEAD_A).pages == [1]
    assert article(issue, HEAD_B).pages == [1, 2]
    continued = [a for a in issue.articles if a.continued_from_page == 1 and a.pages == [3]]
    assert any(a.headline is not None and a.headline.text.text == "深化工会改革和建设" for a in continued)


def test_a_chain_over_three_pages():
    """Page 1 goes on on page 2, which goes on on page 3."""
    one = blocks(HEAD_B, B1, B2 + "(下转第2版)")
    two = blocks(HEAD_B, "(上接第1版)", B3 + "(下转第3版)")
    three = blocks("“千河之省”奏起", "(上接第2版)", B4)
    issue = accepted(pages(one, two, three))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2, 3]
    assert texts(b) == [B1, B2, B3, B4]
    assert b.continues_to_page is None
    assert len(issue.articles) == 1


def test_a_one_paragraph_continuation_cut_mid_sentence():
    """The continuation is the rest of one sentence: once joined nothing is
    left on page 2 but its repeated headline, which is not an article."""
    one = blocks(HEAD_A, A1, A2 + "(下转第2版)")
    two = blocks("深化工会改革和建设", "(上接第1版)", A3, HEAD_B, B1)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert texts(a) == [A1, A2 + A3] and a.pages == [1, 2]
    b = article(issue, HEAD_B)
    assert texts(b) == [B1] and b.headline.role is Role.HEADLINE
    assert len(issue.articles) == 2


def test_a_headline_read_as_a_section_head_is_split_off():
    """A one-line headline with no byline under a finished paragraph reads as
    a section head of the article above, until the continuation repeats it:
    the article is split there and only the part that goes on is stitched."""
    head = "嘉陵江畔变了模样"
    one = blocks(HEAD_C, "本报记者 刘建林", C1, C2, head, B2, B3 + "(下转第2版)")
    two = blocks(head, "(上接第1版)", B4)
    before = run(pages(one, two))
    c = article(before, HEAD_C)
    assert [b.role for b in c.body][2] is Role.SUBHEAD  # as the page alone reads
    issue = accepted(pages(one, two))
    c = article(issue, HEAD_C)
    assert texts(c) == [C1, C2] and c.pages == [1]
    b = article(issue, head)
    assert texts(b) == [B2, B3, B4] and b.pages == [1, 2]
    assert b.headline.role is Role.HEADLINE and b.headline.page == 1
    assert len(issue.articles) == 2


def test_a_section_head_unlike_the_repeated_headline_stays():
    """A section head of the continued article that the repeated headline
    does not match stays inside it."""
    one = blocks(HEAD_B, "本报记者 刘建林", B1, "嘉陵江畔变了模样", B2, B3 + "(下转第2版)")
    two = blocks("“千河之省”奏起", "(上接第1版)", B4)
    issue = accepted(pages(one, two))
    b = article(issue, HEAD_B)
    assert texts(b) == [B1, "嘉陵江畔变了模样", B2, B3, B4] and b.pages == [1, 2]
    assert len(issue.articles) == 1


def test_the_rest_of_a_paragraph_cut_higher_up_is_not_the_continuation():
    """Page 2: article C's second paragraph is cut at a column edge and its
    rest is read after B's continued part (000:98 …落 | 000:148 实…): joined
    to B, the continuation ends before it, and C keeps its text."""
    k = C2.index("涉及项目") + 4
    head, rest = C2[:k], C2[k:]
    more = "以工代赈项目优先吸纳农村低收入人口就业，劳务报酬按时足额发放到群众手中。"
    page2 = blocks(HEAD_C, C1, head, HEAD_B, "（上接第一版）", B3, B4, rest, more)
    issue = accepted(pages(front(), page2))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert texts(b) == [B1, B2, B3, B4]
    c = article(issue, HEAD_C)
    assert texts(c)[-2:] == [rest, more] or texts(c)[-1] == head + rest


def test_a_continuation_on_its_own_topic_keeps_its_text():
    """The same page without the cut: everything after the marker is B's."""
    page2 = blocks(HEAD_C, C1, C2, HEAD_B, "（上接第一版）", B3, B4)
    issue = accepted(pages(front(), page2))
    assert texts(article(issue, HEAD_B)) == [B1, B2, B3, B4]
    assert texts(article(issue, HEAD_C)) == [C1, C2]


def test_the_rest_of_a_sentence_read_as_a_headline_line_above_is_not_the_continuation():
    """Page 2: the start of a paragraph cut at a column edge (001:165
    ``——广开言路，全方位多``) stands above B's continued part and reads as a
    headline line; its rest (``角度听取意见。…``, 多角度 across the seam) is
    read after B's text: B ends before it."""
    head, rest = "——广开言路，全方位多", "角度听取意见。全总党组、书记处同志带头落实基层联系点制度，赴各自基层联系点开展调查研究。"
    one = blocks(HEAD_B, "本报记者 刘建林", B1, B2, "(转第二版)")
    two = blocks(HEAD_C, C1, C2, head, HEAD_B, "（上接第一版）", B3, B4, rest)
    assert texts(article(run(pages(one, two)), HEAD_C)) == [C1, C2]
    issue = accepted(pages(one, two))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert texts(b) == [B1, B2, B3, B4]
    assert any(texts(a) == [rest] for a in issue.articles)


def test_the_end_of_a_first_part_read_into_the_article_below_goes_back():
    """Page 1: A's paragraph is cut at a column edge and its rest, with the
    continued-on marker, is read after article C (…加强工会法 | 治宣传…): with
    the stitch accepted and the merge of the halves still pending, the first
    part is A's, and C keeps only its own text."""
    k = A2.index("治宣传")
    head, rest = A2[:k], A2[k:]
    one = blocks(HEAD_A, "本报记者 刘建林", A1, head, HEAD_C, C1, C2, rest + "(下转第2版)")
    two = blocks("深化工会改革和建设", "(上接第1版)", A3, A4)
    raw = pages(one, two)
    (stitch,) = [s for s in stitches(run(raw)) if s.score >= 0.9]
    issue = run(raw, decisions={stitch.id: "accepted"})
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2]
    assert texts(a) == [A1, head, rest + A3, A4]  # the sentence cut at the marker joined
    assert texts(article(issue, HEAD_C)) == [C1, C2]


def test_running_text_above_the_headline_leaves_the_headline_group():
    """Page 1: the start of a paragraph (a comma inside, no sentence end) is
    read with B's headline as its kicker; page 2 repeats B's headline below
    it: the line is not B's."""
    line = "据悉，本次宣讲由北京市总工会"
    one = blocks(HEAD_C, C1, C2, line, HEAD_B, B1, B2, "(转第二版)")
    issue = accepted(pages(one, page_b()))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert all(x.text.text != line for x in b.blocks())


def test_the_headline_of_the_next_article_read_as_a_section_head_ends_the_continuation():
    """Page 2: after A's continued text comes article C, whose one-line
    headline has no byline under it and follows a finished paragraph, so the
    page alone reads it as a section head of A; C's text shares next to no
    telling words with A: with the stitch accepted, A ends before it and C is
    an article of its own."""
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)")
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, A4, HEAD_C, C1, C2)
    before = run(pages(one, two))
    assert any(b.role is Role.SUBHEAD and b.text.text == HEAD_C for a in before.articles for b in a.body)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, A4]
    c = article(issue, HEAD_C)
    assert c.pages == [2] and texts(c) == [C1, C2]
    assert c.headline.role is Role.HEADLINE


def test_a_section_head_of_the_continuation_on_its_topic_stays():
    """A long section head in the continued part whose text goes on about the
    article's topic is the article's own."""
    sec = "推动工会工作法治化建设迈上新台阶"
    law = "要推进工会工作法治化建设，推动完善劳动法律法规体系，壮大工会法律人才队伍，加强工会法治宣传和法律服务。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)")
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, sec, law, A4)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, sec, law, A4]
    assert len(issue.articles) == 1


def test_the_headline_of_the_next_article_read_as_a_section_head_among_other_articles():
    """As above, with another article in the issue: C's text shares no more
    with A than with that article (both speak of jobs for people on low
    incomes), so C's headline ends the continuation."""
    head_d = "多地出台举措稳就业促增收"
    d1 = "今年以来，多地加大稳就业力度，在重点工程项目中优先吸纳低收入群众就业，帮助农民工就近就业增收。"
    d2 = "各地还发放劳务报酬、开展技能培训，拓宽群众就业增收渠道，前三季度农民工就业形势总体稳定。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)", head_d, d1, d2)
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, A4, HEAD_C, C1, C2)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, A4]
    assert texts(article(issue, HEAD_C)) == [C1, C2]


def test_a_section_head_on_the_topic_stays_among_other_articles():
    """A long section head in the continued part whose text goes on about the
    article's topic stays its own when the issue holds other articles."""
    sec = "推动工会工作法治化建设迈上新台阶"
    law = "要推进工会工作法治化建设，推动完善劳动法律法规体系，壮大工会法律人才队伍，加强工会法治宣传和法律服务。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)", HEAD_C, C1, C2)
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, sec, law, A4)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, sec, law, A4]


def test_the_next_headline_read_as_a_section_head_whose_text_reads_closer_to_another_article():
    """Page 2: C's headline under A's continued text reads as a section head
    of A; C's text mentions A's field work (深入基层一线、加强调查研究), so
    it shares more with A than the issue's articles do on average (two of
    them share nothing with it), but it reads closer still to article D on
    page 1, which speaks of the same 以工代赈 work: A ends before the line."""
    head_d = "多地出台举措稳就业促增收"
    d1 = "今年以来，多地加大以工代赈力度，在重点工程项目中优先吸纳低收入群众就业，发放劳务报酬，帮助农民工就近就业增收。"
    d2 = "各地还在重点工程项目中开展技能培训，拓宽群众就业增收渠道，前三季度以工代赈吸纳农民工就业形势总体稳定。"
    e1 = "“我和我的祖国一刻也不能分割”，歌声响起，台下掌声热烈，一片欢腾。"
    e2 = "当天晚上，由湖南省委教育工委主办的晚会在长沙举行，这是送给老师们最美的教师节礼物。"
    c2 = "各级工会要深入基层一线、加强调查研究，" + C2
    one = blocks(
        HEAD_A, "本报记者 刘建林", A1, "(转第二版)", HEAD_B, B1, B2,
        head_d, "本报记者 王维砚", d1, d2, "最美的礼物", "本报记者 赵航", e1, e2,
    )
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, A4, HEAD_C, C1, c2)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, A4]
    c = article(issue, HEAD_C)
    assert c.pages == [2] and texts(c) == [C1, c2]


def test_a_section_head_on_the_topic_stays_though_another_article_shares_some_words():
    """Kept: a long section head of A's continued part whose text goes on
    about A's work stays A's, though article D on page 1 also speaks of
    工会 work: the text reads closer to A than to D."""
    sec = "推动工会工作法治化建设迈上新台阶"
    law = "要推进工会工作法治化建设，推动完善劳动法律法规体系，壮大工会法律人才队伍，加强工会法治宣传和法律服务。"
    head_d = "多地工会开展送法进企业活动"
    d1 = "今年以来，多地工会组织律师深入企业，为职工提供法律咨询服务，帮助职工依法维护劳动权益。"
    d2 = "各地工会还开展技能培训和帮扶活动，拓宽职工增收渠道，受到企业和职工欢迎。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)", HEAD_B, B1, B2, head_d, "本报记者 王维砚", d1, d2)
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, sec, law, A4)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, sec, law, A4]


def test_running_text_inside_a_headline_group_with_no_repeated_headline():
    """Page 1: the start of a paragraph (a comma inside, no sentence end) is
    read between two headlines as one headline group (nothing in the line
    itself tells it from a headline line); the continuation on page 2 repeats
    no headline: the group is cut after the running text, the lower headline
    stays the continued article's and the upper one heads an article of its
    own."""
    line = "山亭区总还建立“一园一问卷”机制，全面了解掌"
    one = blocks(HEAD_C, line, HEAD_B, B1, B2, "(转第二版)")
    two = blocks("（上接第一版）", B3, B4)
    issue = accepted(pages(one, two))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2] and texts(b) == [B1, B2, B3, B4]
    assert all(x.text.text != line for x in b.blocks())
    c = article(issue, HEAD_C)
    assert c.pages == [1] and all(x.text.text != line for x in c.blocks())


def test_the_end_of_a_first_part_read_after_a_lone_news_lead_goes_to_its_article():
    """Page 1: article C has nothing under its headline but its news lead
    (本报北京10月30日电（记者于灵歌）, its text read further down); C's text and
    its continued-on marker are read at the end of article B: with the stitch
    accepted, that text is C's, and B keeps its own."""
    lead = "本报北京10月30日电（记者于灵歌）"
    c3 = "国家发展改革委表示，下一步将扩大以工代赈投资规模，在重点工程项目中推广以工代赈方式，拓宽低收入群众就业增收渠道。"
    one = blocks(HEAD_C, lead, HEAD_B, B1, B2, C1, C2 + "(下转第2版)")
    two = blocks("（上接第1版）", c3)
    issue = accepted(pages(one, two))
    c = article(issue, HEAD_C)
    assert c.pages == [1, 2] and texts(c) == [lead, C1, C2, c3]
    assert texts(article(issue, HEAD_B)) == [B1, B2]


def test_the_continuations_first_text_read_as_a_headline_line_is_its_text():
    """Page 2: the continuation is one short piece of a sentence (a comma
    inside) under its marker and the repeated headline, so the page reads it
    as the headline and the repeated one as its kicker: it is the continued
    article's text, not a line of the repeated headline dropped with it."""
    piece = "全国总工会称，如果职工遇到困难"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(下转第2版)")
    two = blocks(HEAD_A, "（接第1版）", piece)
    before = run(pages(one, two))
    assert any(a.headline is not None and a.headline.text.text == piece for a in before.articles)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, piece]
    assert all(b.role is Role.PARAGRAPH for b in a.body)


def test_a_headline_read_as_text_above_a_news_lead_ends_the_continuation():
    """Page 2: after A's continued text comes the next article, whose long
    headline (too long for a headline line) is read as a paragraph, and its
    news lead: the line, which ends no sentence, is that article's headline
    and A ends before it (C's text is on another topic)."""
    head = (
        "国家发展改革委部署扩大以工代赈投资规模 在重点工程项目中推广以工代赈方式 拓宽低收入群众就业增收渠道"
        " 今年以来已吸纳一百七十余万低收入群众就业增收 各地发放劳务报酬二十九亿元"
    )
    lead = "央视网消息（新闻联播）：" + C1
    one = blocks(HEAD_A, "本报记者 刘建林", A1, "(转第二版)")
    two = blocks("深化工会改革和建设", "（上接第一版）", A3, A4, head, lead, C2)
    before = run(pages(one, two))
    assert any(b.role is Role.PARAGRAPH and b.text.text == head for b in before.blocks())
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, A3, A4]
    c = article(issue, head)
    assert c.pages == [2] and texts(c) == [lead, C2]


def test_a_section_head_of_the_first_part_that_heads_the_continued_article():
    """Page 1: article C's one-line headline, with no byline under it after
    A's finished paragraph, is read as a section head of A; C goes on on page
    2 with no repeated headline.  C's text shares nothing telling with A's,
    and the continuation reads as C's: with the stitch accepted, A ends
    before the line, which heads C on pages 1 and 2."""
    c3 = "国家发展改革委表示，下一步将扩大以工代赈投资规模，在重点工程项目中推广以工代赈方式，拓宽低收入群众就业增收渠道。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, A4, HEAD_C, C1, C2, "(转第二版)")
    two = blocks("（上接第一版）", c3)
    before = run(pages(one, two))
    assert any(b.role is Role.SUBHEAD and b.text.text == HEAD_C for a in before.articles for b in a.body)
    issue = accepted(pages(one, two))
    assert texts(article(issue, HEAD_A)) == [A1, A4]
    c = article(issue, HEAD_C)
    assert c.pages == [1, 2] and texts(c) == [C1, C2, c3]


def test_a_section_head_of_the_first_part_on_its_topic_stays():
    """The same layout, but the continuation goes on about A's topic: the
    section head stays A's."""
    sec = "推动工会工作法治化建设迈上新台阶"
    law = "要推进工会工作法治化建设，推动完善劳动法律法规体系，壮大工会法律人才队伍，加强工会法治宣传和法律服务。"
    one = blocks(HEAD_A, "本报记者 刘建林", A1, sec, law, "(转第二版)")
    two = blocks("（上接第一版）", A3, A4)
    issue = accepted(pages(one, two))
    a = article(issue, HEAD_A)
    assert a.pages == [1, 2] and texts(a) == [A1, sec, law, A3, A4]


def without_merges(raw: str):
    """The issue with stitches scoring 0.9 or more accepted and no merge
    suggestions (JD301 off): the blocks as the extractor read them."""
    config = Config.load(accept_above=0.9)
    config.rules["JD301"]["enabled"] = False
    return normalise_issue(issue_from_text(raw), config)


def test_another_articles_text_read_into_a_sentence_of_the_continuation_leaves_it():
    """Page 2: B's continued paragraph is cut mid-sentence (…绿化面积达160),
    another article's paragraphs (a news lead first) are read next, and the
    rest of the sentence (万平方米。, a number across the seam) comes after
    them: that text is not B's and becomes an article of its own."""
    k = B4.index("160") + 3
    head, rest = B4[:k], B4[k:]
    lead = "本报北京10月30日电\u3000" + C1
    page2 = blocks(HEAD_B, "（上接第一版）", B3, head, lead, C2, rest)
    issue = without_merges(pages(front(), page2))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert texts(b) in ([B1, B2, B3, head + rest], [B1, B2, B3, head, rest])
    assert any(texts(a) == [lead, C2] for a in issue.articles)


def test_a_continuation_whose_sentence_goes_on_in_the_next_block_keeps_its_text():
    """The same page with the sentence whole: nothing leaves B."""
    page2 = blocks(HEAD_B, "（上接第一版）", B3, B4, C1, C2)
    issue = without_merges(pages(front(), page2))
    assert texts(article(issue, HEAD_B))[:4] == [B1, B2, B3, B4]


def test_a_sentence_the_next_block_finishes_keeps_the_text_after_it():
    """Page 2: B's paragraph is cut mid-sentence and its rest is the next
    block; a later block finishing it again is no reason to take text out."""
    k = B4.index("160") + 3
    page2 = blocks(HEAD_B, "（上接第一版）", B3, B4[:k], B4[k:], C2)
    issue = without_merges(pages(front(), page2))
    assert texts(article(issue, HEAD_B))[:3] == [B1, B2, B3]
    assert not any(texts(a) == [C2] for a in issue.articles)


def test_the_rest_of_a_sentence_cut_off_above_the_marker_is_not_the_continuation():
    """Page 2: the start of C's second paragraph (a comma inside, breaking
    off mid-sentence) stands right above B's ``上接`` marker and is read as
    the continuation's headline; its rest, with no word across the seam
    (…重要性和对 | 新时代…, 2:issue023 of the bench), is read after B's
    text, reads close to C and far from B: B ends before it."""
    head = "农民工结合个人务工经历，讲述以工代赈带来的变化和对"
    rest = "以工代赈项目增收致富的期盼。"
    more = "各地以工代赈项目优先吸纳农村低收入群众就业，以工代赈劳务报酬按时足额发放。"
    page2 = blocks(HEAD_C, C1, head, "（上接第一版）", B3, B4, rest, more)
    issue = accepted(pages(front(), page2))
    b = article(issue, HEAD_B)
    assert b.pages == [1, 2]
    assert texts(b) == [B1, B2, B3, B4]
    assert texts(article(issue, HEAD_C)) == [C1, rest, more]


def test_text_on_the_continuations_topic_after_a_line_cut_off_above_stays():
    """The same page with B's own text after its paragraphs: it stays B's."""
    head = "农民工结合个人务工经历，讲述以工代赈带来的变化和对"
    own = "南充市生态环境局表示，将持续推进嘉陵江岸线生态修复，让江水更清、河岸更绿。"
    page2 = blocks(HEAD_C, C1, head, "（上接第一版）", B3, B4, own)
    issue = accepted(pages(front(), page2))
    assert texts(article(issue, HEAD_B)) == [B1, B2, B3, B4, own]


def test_the_end_of_a_first_part_under_another_headline_goes_to_the_repeated_one():
    """Page 1: the start of C's second paragraph (所谓以工代赈，是指上世纪80年代)
    stands above A's headline and is read as A's headline, A's headline as
    its subtitle; C's last paragraphs, with the 下转 marker, are read after
    A's text.  The continuation repeats C's headline, the headline of the
    article higher up the page, and the text from the rest of that paragraph
    on reads closer to C: it and the line above A's headline are C's."""
    start, rest = "所谓以工代赈，是指上世纪80年代", "末开始实施的一项扶贫政策，农村低收入群众参加工程建设获得劳务报酬。"
    c3 = "以工代赈项目优先吸纳农村低收入群众就业，劳务报酬按时足额发放到群众手中。"
    lead = "本报讯\u3000" + A1
    one = blocks(HEAD_C, C1, start, HEAD_A, lead, A4, rest, c3 + "(转第二版)")
    two = blocks(HEAD_C, "（上接第一版）", C2)
    issue = without_merges(pages(one, two))
    c = article(issue, HEAD_C)
    assert c.pages == [1, 2]
    assert texts(c) == [C1, start, rest, c3, C2]
    assert texts(article(issue, HEAD_A)) == [lead, A4]
