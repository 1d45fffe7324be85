"""Pictures delivered with a print page: a folder beside the page, named like it.

`seeds/20250110_02.txt` has its pictures in `seeds/20250110_02/`. A file is named by the number
its caption prints: `1.jpg` for the picture captioned `图①：…` (or `图1`). Numbered files whose
number no caption prints, and files with other names, take the page's photo captions in print
order; an article with a photo credit (`记者 张三 摄`) and no caption takes one picture. QR codes
are pictures too, but rarely delivered: only files named `qr…` (`qr.png`, `qr-2.png`) go to the
QR prompts (`扫一扫二维码…`), in order. The first picture an article gets is its lead (`image`),
the others follow its body (`images`); a caption given to a picture leaves `captions`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from site_builder.models import Article, Picture

# What may be a picture; the render stage refuses, with an error, the formats it cannot publish.
SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".tif", ".tiff", ".bmp"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NUMBERS = re.compile(rf"^\s*图\s*([{CIRCLED}]+|\d+)")  # "图①：…", "图①②：…", "图1 …"
_MARK = re.compile(rf"^\s*图\s*(?:[{CIRCLED}]+|\d+)\s*[：:．.、]?\s*")
_FILE_NUMBER = re.compile(rf"^(?:图\s*)?([{CIRCLED}]|\d+)$")  # 1.jpg, 01.jpg, ①.jpg, 图1.jpg
_QR_CAPTION = re.compile(r"二维码|扫一扫|扫码")
_PHOTO_CREDIT = re.compile(r"供图|摄|图片|照片|资料图")
Held = tuple[str, str, tuple[object, ...]]  # (logger, message, arguments), as seeds.py keeps


@dataclass
class _Slot:
    """A place on the page for pictures: a caption, or a photo credit without one."""

    article: int  # index in the page's articles
    caption: str  # as printed; "" for a credit without a caption
    numbers: tuple[int, ...]  # the picture numbers the caption prints
    qr: bool = False
    files: list[str] | None = None

    def free(self) -> bool:
        return len(self.files or ()) < max(1, len(self.numbers))

    def take(self, file: str) -> None:
        self.files = [*(self.files or ()), file]


def attach_folder(seed: Path, seeds_dir: Path, articles: Sequence[Article],
                  warnings: list[Held]) -> list[Article]:
    """Give a page's articles the pictures in the folder beside its file, if there is one."""
    folder = seed.with_suffix("")
    if not folder.is_dir():
        return list(articles)
    files = sorted(p.name for p in folder.iterdir() if p.is_file()
                   and not p.name.startswith(".") and p.suffix.lower() in SUFFIXES)
    page = folder.relative_to(seeds_dir).as_posix()
    attached, unplaced = attach_pictures(articles, page, files)
    for file in unplaced:
        warnings.append((__name__, "%s: no caption or photo credit on %s names this picture; "
                         "not shown (name it in an article's images)",
                         (f"{seeds_dir.name}/{page}/{file}", f"{seeds_dir.name}/{page}.txt")))
    return attached


def attach_pictures(articles: Sequence[Article], page: str, files: Sequence[str],
                    ) -> tuple[list[Article], list[str]]:
    """Give each picture file to the article whose caption or credit names it.

    page: the folder under seeds/ (the page's name without .txt); the pictures' `file` is
    `<page>/<name>`. Returns the articles and the files no caption or credit named.
    """
    slots = [slot for index, article in enumerate(articles) for slot in _slots(index, article)]
    unplaced = _place(slots, files)
    given: dict[int, list[tuple[_Slot, str]]] = {}
    for slot in slots:
        for file in slot.files or ():
            given.setdefault(slot.article, []).append((slot, file))
    result = [_with_pictures(a, page, given.get(i, [])) for i, a in enumerate(articles)]
    return result, unplaced


def _slots(index: int, article: Article) -> list[_Slot]:
    """Return an article's picture places: photo captions (or its photo credit), then QR."""
    photos, codes = [], []
    for caption in article.captions:
        if _QR_CAPTION.search(caption):
            codes.append(_Slot(index, caption, (), qr=True))
        else:
            photos.append(_Slot(index, caption, _printed_numbers(caption)))
    if not photos and (article.photographers or any(map(_PHOTO_CREDIT.search, article.credits))):
        photos.append(_Slot(index, "", ()))
    return photos + codes


def _printed_numbers(caption: str) -> tuple[int, ...]:
    match = _NUMBERS.match(caption)
    if match is None:
        return ()
    marks = match[1]
    return (int(marks),) if marks.isdecimal() else tuple(CIRCLED.index(m) + 1 for m in marks)


def _file_number(name: str) -> int | None:
    match = _FILE_NUMBER.match(Path(name).stem.strip())
    if match is None:
        return None
    mark = match[1]
    return CIRCLED.index(mark) + 1 if mark in CIRCLED else int(mark)


def _place(slots: list[_Slot], files: Sequence[str]) -> list[str]:
    """Put files in slots: by printed number, then in print order; return the ones left."""
    photos = [slot for slot in slots if not slot.qr]
    numbered = sorted((n, f) for f in files if (n := _file_number(f)) is not None)
    others = sorted(f for f in files if _file_number(f) is None)
    left: list[str] = []
    for number, file in numbered:  # the caption printing the number, else the number-th one
        slot = next((s for s in photos if number in s.numbers and s.free()), None)
        if slot is None and number <= len(photos) and photos[number - 1].free():
            slot = photos[number - 1]
        _put(slot, file, left)
    for file in others:
        pool = [s for s in slots if s.qr] if file.lower().startswith("qr") else photos
        _put(next((s for s in pool if s.free()), None), file, left)
    return left


def _put(slot: _Slot | None, file: str, left: list[str]) -> None:
    if slot is None:
        left.append(file)
    else:
        slot.take(file)


def _with_pictures(article: Article, page: str, given: list[tuple[_Slot, str]]) -> Article:
    """Return the article with its pictures; their captions leave the article's captions."""
    if not given:
        return article
    credit = "、".join(article.photographers) or next(
        (c for c in article.credits if _PHOTO_CREDIT.search(c)), "")
    pictures = [Picture(f"{page}/{file}", _MARK.sub("", slot.caption),
                        "" if slot.qr else credit) for slot, file in given]
    used = {slot.caption for slot, _ in given}
    lead, rest = (article.image, pictures) if article.image else (pictures[0], pictures[1:])
    return replace(article, image=lead, images=(*article.images, *rest),
                   captions=tuple(c for c in article.captions if c not in used))
