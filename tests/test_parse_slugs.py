"""slugs.py: ASCII, readable, unique within a page, the same on every run."""

from __future__ import annotations

import re

from site_builder.parse.slugs import make_slug

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_pinyin_words_of_the_main_title_and_a_hash():
    title = "创新体系广结国际友城 深化融合推动合作共赢 义乌国际“朋友圈”扩至51城"
    slug = make_slug(title, "000.txt")
    assert slug.startswith("yiwu-guoji-pengyouquan-")
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{6}", slug)


def test_latin_and_digits_are_kept_lower_case():
    slug = make_slug("AI驱动全流程智能缝制 义乌企业发布AI自动化缝纫系统", "000.txt")
    assert SLUG.fullmatch(slug) and "-ai-" in slug and slug.startswith("yiwu")


def test_deterministic_and_depends_on_seed_and_title():
    assert make_slug("我市公布零售点", "a.txt") == make_slug("我市公布零售点", "a.txt")
    assert make_slug("我市公布零售点", "a.txt") != make_slug("我市公布零售点", "b.txt")
    assert make_slug("我市公布零售点", "a.txt")[:-7] == make_slug("我市公布零售点", "b.txt")[:-7]


def test_length_is_bounded_and_cut_between_words():
    slug = make_slug("义乌" * 80, "a.txt")
    assert len(slug) <= 60 and SLUG.fullmatch(slug)
    assert "-" not in slug[:-7].replace("yiwu-", "") or slug[:-7].endswith("yiwu")


def test_unique_within_a_page():
    seen: dict[str, int] = {}
    first = make_slug("同一个标题", "a.txt", seen)
    second = make_slug("同一个标题", "a.txt", seen)
    third = make_slug("同一个标题", "a.txt", seen)
    assert (second, third) == (f"{first}-2", f"{first}-3")
    assert make_slug("另一个标题", "a.txt", seen) not in (first, second, third)


def test_titles_without_letters_still_get_a_slug():
    assert re.fullmatch(r"article-[0-9a-f]{6}", make_slug("“……”", "a.txt"))
