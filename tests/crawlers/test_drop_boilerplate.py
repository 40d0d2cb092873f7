"""Page chrome and reader comments dropped before the text extraction (forum threads left whole)."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import HtmlResponse, Request

import crawlers.extract
from crawlers.extract import drop_boilerplate, extract_page, parse_html

URL = "http://news.test/articles/page.html"
ARTICLE = "<p>Cartoplex Mapping opened an office in Montreal.</p>"
FORUM_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "DiscussionForumPosting", "headline": "Is Cartoplex hiring?"}</script>')
NEWS_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", '
           '"@type": "NewsArticle", "headline": "Cartoplex opens Montreal office"}</script>')


def cleaned(body: str, head: str = "") -> HtmlElement:
    tree = parse_html(f"<html><head><title>T</title>{head}</head><body><main>{ARTICLE}{body}</main></body></html>")
    assert tree is not None
    drop_boilerplate(tree)
    return tree


def text_of(tree: HtmlElement) -> str:
    return " ".join(tree.find("body").itertext())


@pytest.mark.parametrize(
    "container",
    [
        '<div class="comments">',
        '<ol class="comment-list">',
        '<ul class="commentlist">',
        '<section class="post-comments">',
        '<div id="disqus_thread">',
        '<div id="comments">',
        '<details class="Comments">',  # any case
        '<div class="block comments">',  # the token need not be the first
        '<section class="reader_comments">',
        '<div id="comol_42">',
        '<div class="dsq disqus-embed">',
    ],
)
def test_reader_comment_containers_are_removed(container: str) -> None:
    tag = container[1:].split()[0]
    tree = cleaned(f"{container}<p>Reader: I heard Geodyne Surveys is hiring.</p></{tag}>")
    text = text_of(tree)
    assert "Geodyne" not in text
    assert "Cartoplex Mapping opened an office in Montreal." in text


@pytest.mark.parametrize(
    ("element", "tag"),
    [
        ('<div class="commentary">', "div"),  # an opinion column, not reader comments
        ('<section class="section-commentary">', "section"),
        ('<p class="comment">', "p"),  # not a container
        ('<span class="comments">', "span"),
        ('<div class="recommended">', "div"),  # "comment" inside a token, not at its start
        ('<div class="nocomments">', "div"),
        ('<div id="commonplace">', "div"),
    ],
)
def test_elements_that_are_not_comment_containers_are_kept(element: str, tag: str) -> None:
    tree = cleaned(f"{element}Geodyne Surveys analysis.</{tag}>")
    assert "Geodyne Surveys analysis." in text_of(tree)
    assert len(tree.xpath(f"//{tag}[contains(., 'Geodyne')]")) == 1


@pytest.mark.parametrize("tag", ["nav", "aside", "footer", "script", "style", "noscript", "template", "iframe",
                                 "svg", "menu"])
def test_page_chrome_is_removed_and_its_tail_text_kept(tag: str) -> None:
    tree = cleaned(f"<div><{tag}>Geodyne Surveys chrome</{tag}> and the tail sentence.</div>")
    assert tree.xpath(f"//*[local-name()='{tag}']") == []
    text = text_of(tree)
    assert "Geodyne" not in text
    assert "and the tail sentence." in text


def test_tail_text_of_a_removed_comment_container_stays_in_its_parent() -> None:
    tree = cleaned('<div class="wrap">Before. <div class="comments"><p>Geodyne rocks</p></div>After the box.</div>')
    [wrap] = tree.xpath("//div[@class='wrap']")
    assert "Geodyne" not in text_of(tree)
    assert " ".join(wrap.itertext()).split() == ["Before.", "After", "the", "box."]


def test_nested_comment_containers_are_removed_once_without_error() -> None:
    tree = cleaned('<div id="comments"><ol class="comment-list"><li>Geodyne</li></ol>Inner tail.</div>Outer tail.')
    text = text_of(tree)
    assert "Geodyne" not in text and "Inner tail." not in text
    assert "Outer tail." in text


def test_forum_thread_page_is_left_whole() -> None:
    body = '<nav>Forum home</nav><div class="comments"><p>Reply: Geodyne Surveys is hiring in Porto.</p></div>'
    forum = cleaned(body, head=FORUM_LD)
    news = cleaned(body, head=NEWS_LD)
    assert "Geodyne Surveys is hiring in Porto." in text_of(forum)
    assert "Forum home" in text_of(forum)
    # The same page as a news article loses both.
    assert "Geodyne" not in text_of(news) and "Forum home" not in text_of(news)


def test_drop_boilerplate_changes_nothing_on_a_clean_page() -> None:
    tree = parse_html(f"<html><body><main>{ARTICLE}<div class='recommended'>More</div></main></body></html>")
    before = etree.tostring(tree)
    drop_boilerplate(tree)
    assert etree.tostring(tree) == before


COMMENT = ("<p><b>Reader {i}</b> wrote: I heard Geodyne Surveys is hiring a whole new survey team in Porto this "
           "year, and they are paying well for senior engineers with drone experience.</p>")
PAGE = (
    "<html><head><title>Cartoplex opens Montreal office</title></head><body><div class='content'>"
    "<h1>Cartoplex opens Montreal office</h1>"
    "<p>Cartoplex Mapping, the fictional Lyon-based maker of street-level mapping software, said on Monday that "
    "it will open an engineering office in Montreal next spring.</p>"
    "<p>The company expects to hire forty engineers for the new office over the next two years, its chief "
    "executive said.</p>"
    "<div class='block reader-comments'>" + "".join(COMMENT.format(i=i) for i in range(8)) + "</div>"
    "</div></body></html>"
)


@pytest.mark.parametrize("dropping", [True, False])
def test_extract_page_text_has_the_article_without_the_reader_comments(
        dropping: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not dropping:  # the control: trafilatura alone keeps these comments, so the assertion below can fail
        monkeypatch.setattr(crawlers.extract, "drop_boilerplate", lambda tree: None)
    extracted = extract_page(HtmlResponse(url=URL, body=PAGE.encode(), request=Request(URL)))
    assert extracted.title == "Cartoplex opens Montreal office"
    assert "open an engineering office in Montreal" in extracted.text
    assert "hire forty engineers" in extracted.text
    assert ("Geodyne" in extracted.text) is not dropping
