"""The demo as a paper runs it: what the repository's seed alone does not show.

`add_paper(folder)` turns a copy of the demo (bench/demo.py) into a paper's site folder: the seed
becomes print page 1 (要闻) of 2026-02-02, a second page follows (tests/pictures/flower_market.txt,
page 2, 综合) with its pictures in seeds/<page>/, a web-only story has a lead picture and two in
its text, and there are a logo, About and corrections pages, a footer with registry numbers and a
section menu. The pictures are drawn here (Pillow: sky, hills, a sun), so they are plainly
illustrations, not photographs; nothing binary is kept in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_4b71105106d275e4"
STORY = "quanmin-jianshen"  # the web-only story with pictures: /{lang}/articles/quanmin-jianshen/
EDITION = "editions/2026-02-02/"

_STORY = """---
title: 全民健身周末开跑 三千市民绕城奔跑
date: 2026-02-02
column: 体育
reporters: [魏佳佳]
image: {file: run.jpg, caption: 参赛者冲过终点，现场观众挥旗欢呼, credit: 谭礼潇}
---

**比赛现场气氛热烈**，详情见[市体育局网站](https://example.org/sport)。本次健身跑从福田湿地公园出发，\
沿江滨绿廊绕城一周，全程五公里，三千余名市民参加。

![起跑前选手们做热身运动](warmup.jpg "谭礼潇 摄")

## 赛事安排

- 五公里健身跑
- 亲子接力

> “跑步让我们这座城市更有活力。”一位参赛市民说。

![年龄最小的参赛者只有六岁](youngest.jpg "陈张彪 摄")

比赛用时以芯片计时为准。组委会提醒，*请参赛者注意补水*。
"""
_PAGES = {
    "about": "---\ntitle: 关于我们\n---\n\n义乌新闻是义乌市的本地新闻网站，"
             "每天发布本报的全部报道，并提供英文译文。\n\n## 联系方式\n\n"
             "电子邮箱：[news@example.cn](mailto:news@example.cn)。\n",
    "corrections": "---\ntitle: 更正说明\n---\n\n本报对事实错误及时更正，"
                   "**更正**注明原文错误及更正日期。\n",
}
_SITE = """sections = ["体育", "实干论英雄 奋战第一线", "打造平安义乌 构建和谐社会"]
logo = "media/logo.png"
"""
_FOOTER = """[site.footer]
icp = "浙ICP备00000000号-1"
police = "浙公网安备 33078202000000号"
contact = { zh = "新闻热线：0579-00000000", en = "News desk: +86 579 0000 0000" }

"""


def add_paper(folder: Path) -> None:
    """Turn the demo copied into folder into a paper's site with print pages and pictures."""
    _add_pages(folder / "seeds")
    _add_pictures(folder / "media")
    (folder / "content/zh").mkdir(parents=True, exist_ok=True)
    (folder / f"content/zh/{STORY}.md").write_text(_STORY, encoding="utf-8")
    (folder / "content/pages").mkdir(parents=True, exist_ok=True)
    for slug, page in _PAGES.items():
        (folder / f"content/pages/{slug}.md").write_text(page, encoding="utf-8")
    toml = (folder / "site.toml").read_text(encoding="utf-8")
    toml = re.sub(r"^sections = .*\n", _SITE, toml, count=1, flags=re.M)
    toml = toml.replace("\n[paths]", "\n" + _FOOTER + "[paths]", 1)
    (folder / "site.toml").write_text(toml, encoding="utf-8")


def _add_pages(seeds: Path) -> None:
    """Make the seed print page 1 and add page 2 with its pictures in seeds/<page>/."""
    text = (seeds / f"{SEED}.txt").read_text(encoding="utf-8")
    (seeds / f"{SEED}.txt").write_text(
        "---\ndate: 2026-02-02\npage: 1\nsection: 要闻\n---\n" + text, encoding="utf-8")
    flower = (ROOT / "tests/pictures/flower_market.txt").read_text(encoding="utf-8")
    flower = re.sub(r"^---\n.*?\n---\n", "---\ndate: 2026-02-02\npage: 2\nsection: 综合\n---\n",
                    flower, flags=re.S)
    (seeds / "001_flowers.txt").write_text(flower, encoding="utf-8")
    (seeds / "001_flowers").mkdir()
    for number, size, hue in ((1, (1600, 1067), 0), (2, (1200, 1600), 1), (3, (1600, 1067), 2)):
        _scene(size, hue).save(seeds / "001_flowers" / f"{number}.jpg", quality=85)


def _add_pictures(media: Path) -> None:
    """Draw the web-only story's pictures and the logo into media/."""
    media.mkdir(exist_ok=True)
    for name, size, hue in (("run", (2400, 1350), 0), ("warmup", (1600, 1067), 1),
                            ("youngest", (1000, 1400), 2)):
        _scene(size, hue).save(media / f"{name}.jpg", quality=85)
    _logo().save(media / "logo.png")


def _scene(size: tuple[int, int], hue: int):  # noqa: ANN202 - a PIL image
    """Draw an illustration: sky, sun and hills, in one of three palettes."""
    from PIL import Image, ImageDraw

    width, height = size
    skies = ((120, 170, 230), (250, 190, 140), (150, 200, 220))
    hills = ((60, 130, 70), (120, 110, 60), (40, 100, 110))
    sky = skies[hue]
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):  # the sky lightens towards the horizon
        shade = tuple(min(255, c + 90 * y // height) for c in sky)
        draw.rectangle((0, y, width, y + 4), fill=shade)
    draw.ellipse((width * 0.7, height * 0.12, width * 0.82, height * 0.12 + width * 0.12),
                 fill=(255, 236, 150))
    for i, top in enumerate((0.55, 0.68, 0.8)):
        colour = tuple(max(0, c - 25 * i) for c in hills[hue])
        points = [(x, height * top + height * 0.06 * ((x * (3 + i) // width) % 2))
                  for x in range(0, width + 1, max(1, width // 6))]
        draw.polygon([(0, height), *points, (width, height)], fill=colour)
    return image


def _logo():  # noqa: ANN202 - a PIL image
    """Draw a square logo: a white frame on the theme's red."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (512, 512), (179, 38, 30))
    ImageDraw.Draw(image).rectangle((96, 96, 416, 416), outline=(255, 255, 255), width=40)
    return image
