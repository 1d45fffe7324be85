"""Sample articles and configs for the render/write tests, hostile content included."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from site_builder.config import DEFAULT_TEMPLATES, Config, Footer
from site_builder.content.markdown import load_article
from site_builder.models import Article, Block, Provenance

REPO = Path(__file__).resolve().parent.parent
HOSTILE = (
    '<script>alert("x")</script> & </script> "quotes" \'single\' <b>bold</b> [a](javascript:x)'
)
MODEL = "translate-zh_en 1.9"
# the section menu: two columns (a tag's English name moves with its articles' tags)
SECTIONS = ("实干论英雄 奋战第一线", f"栏目 {HOSTILE}")
FOOTER = Footer(icp="浙ICP备12345678号-1", police="浙公网安备 33078202000123号",
                contact={"zh": "新闻热线：0579-85000000", "en": "News desk: +86 579 8500 0000"})


def make_config(root: Path, base_url: str = "https://example.org/news/", **extra) -> Config:
    """Return a Config for a site under `root` using the repository's templates."""
    return Config(
        root=root,
        title={"zh": "义乌新闻 & <测试>", "en": "Yiwu News & <Test>"},
        description={"zh": "义乌本地新闻，中英双语", "en": "Local news from Yiwu"},
        base_url=base_url,
        output_dir=root / "public",
        templates_dir=DEFAULT_TEMPLATES,
        per_page=extra.pop("per_page", 2),
        sections=extra.pop("sections", SECTIONS),
        footer=extra.pop("footer", FOOTER),
        **extra,
    )


# Every Markdown construct a body may hold (tests/golden/body/constructs.md), in both languages.
MARKDOWN_ZH = load_article(
    (Path(__file__).parent / "golden" / "body" / "constructs.md").read_text(encoding="utf-8"),
    Path("zh/constructs.md")).body
MARKDOWN_EN = tuple(Block(b.kind, b.text.replace("比赛", "The race ")) for b in MARKDOWN_ZH)


def _with_markdown(articles: list[Article]) -> list[Article]:
    """Give the continued fragment (which has a twin) every construct; pictures aside."""
    extra = {"zh": MARKDOWN_ZH, "en": MARKDOWN_EN}
    return [replace(a, body=a.body + tuple(b for b in extra[a.lang] if b.kind != "image"))
            if a.slug == "continued-fragment" else a for a in articles]


def _zh_articles() -> list[Article]:
    return [
        Article(
            slug="yiwu-friend-cities", lang="zh", date=dt.date(2026, 2, 3),
            title="义乌国际“朋友圈”扩至51城", subtitle="创新体系广结国际友城，深化融合推动合作共赢",
            column="实干论英雄 奋战第一线", reporters=("魏佳佳",), photographers=("谭礼潇",),
            dateline="本报讯", tags=("友城", "义乌"), credits=("制图：张三",),
            body=(
                Block("p", "前段时间，又一批外国青年创客在义乌完成了一段充实的探索之旅。" * 3),
                Block("h2", "资源摸排是基础"),
                Block("p", "目前我市友城数量从24国38城增至31国51城，"
                      "国际友城数量居全省县级市前列。"),
            ),
            captions=("扫一扫二维码 查看更多",), source="000_x.txt:3-17",
            print_page=1, print_section="要闻",
        ),
        Article(
            slug="hostile-content", lang="zh", date=dt.date(2026, 2, 3),
            title=f"标题 {HOSTILE}", subtitle=f"副题 {HOSTILE}", kicker=f"引题 {HOSTILE}",
            column=f"栏目 {HOSTILE}", reporters=(f"记者{HOSTILE}",),
            tags=(f"标签{HOSTILE}", "义乌"),
            body=(Block("p", f"正文 {HOSTILE}"), Block("h2", f"小标题 {HOSTILE}")),
            captions=(f"图说 {HOSTILE}",), credits=(f"供图 {HOSTILE}",),
            dateline=f"本报讯{HOSTILE}",
            source="000_x.txt:20-30", print_page=3, print_section=f"版名{HOSTILE}",
        ),
        Article(
            slug="continued-fragment", lang="zh", date=dt.date(2026, 2, 1),
            title="（上接第一版）", title_inferred=True, continued_from="第一版",
            continued_on="第二版", reporters=("魏佳佳",),
            body=(Block("p", "这一已持续开展七年的项目，"
                        "至今已吸引超过100个国家和地区的千余名青年参与。"),),
            source="001_y.txt:1-5", print_page=2, print_section="综合",
        ),
        Article(
            slug="zh-only-story", lang="zh", date=dt.date(2026, 1, 20),
            title="只有中文的报道", tags=("友城",),
            body=(Block("p", "这篇报道还没有英文译文。"),), source="002_z.txt:1-3",
        ),
    ]


def _en_articles() -> list[Article]:
    partly = Provenance(MODEL, segments=5, reviewed=2)
    return [
        Article(
            slug="yiwu-friend-cities", lang="en", date=dt.date(2026, 2, 3),
            title="Yiwu's international 'circle of friends' grows to 51 cities",
            subtitle="An innovative system makes sister cities worldwide",
            column="Hard work on the front line", reporters=("Wei Jiajia",),
            photographers=("Tan Lixiao",), dateline="Our newspaper",
            credits=("Graphic: Zhang San",),
            tags=("sister cities", "Yiwu"), translation=partly,
            body=(
                Block("p", "Some time ago, another group of young foreign makers finished a rich "
                      "journey of discovery in Yiwu. " * 3),
                Block("h2", "Surveying resources is the basis"),
                Block("p", "Our city now has 51 sister cities in 31 countries."),
            ),
            captions=("Scan the QR code for more",), source="000_x.txt:3-17",
            print_page=1, print_section="要闻",
        ),
        Article(
            slug="hostile-content", lang="en", date=dt.date(2026, 2, 3),
            title=f"Title {HOSTILE}", subtitle=f"Deck {HOSTILE}", kicker=f"Kicker {HOSTILE}",
            column=f"Column {HOSTILE}", reporters=(f"Reporter{HOSTILE}",),
            tags=(f"Tag{HOSTILE}", "Yiwu"), body=(Block("p", f"Body {HOSTILE}"),
                                                  Block("h2", f"Sub {HOSTILE}")),
            captions=(f"Caption {HOSTILE}",), credits=(f"Photo {HOSTILE}",),
            dateline=f"Dateline{HOSTILE}", translation=Provenance(MODEL, 4, 4),
            source="000_x.txt:20-30", print_page=3, print_section=f"版名{HOSTILE}",
        ),
        Article(
            slug="continued-fragment", lang="en", date=dt.date(2026, 2, 1),
            title="(Continued from page 1)", title_inferred=True, continued_from="page 1",
            continued_on="page 2", reporters=("Wei Jiajia",), translation=Provenance(MODEL, 2, 0),
            body=(Block("p", "The project, which has run for seven years, has drawn more than a "
                        "thousand young people from over 100 countries and regions."),),
            source="001_y.txt:1-5", print_page=2, print_section="综合",
        ),
    ]


def make_articles(markdown: bool = False) -> tuple[list[Article], list[Article]]:
    """Return (zh, en): four Chinese articles, three with English twins.

    markdown: the continued fragment's body holds every Markdown construct too.
    """
    if markdown:
        return _with_markdown(_zh_articles()), _with_markdown(_en_articles())
    return _zh_articles(), _en_articles()


def build_site(root: Path, base_url: str = "https://example.org/news/", with_en: bool = True,
               markdown: bool = False, **extra) -> Path:
    """Render and write the sample site under root; return the output folder."""
    from site_builder.output.write import write_site
    from site_builder.render.site import render_site

    config = make_config(root, base_url, **extra)
    zh, en = make_articles(markdown)
    write_site(render_site(config, zh, en if with_en else []), config.output_dir)
    return config.output_dir
