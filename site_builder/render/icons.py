"""The site's icons (favicon, touch icon, manifest icons) from [site] logo, or made up.

Without a logo the icon is the paper's first character, white on the accent colour, drawn
with a CJK font of the system when there is one (else the first letter of the English title).
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from site_builder.config import Config
from site_builder.render.chrome import html_lang

ACCENT = "#b3261e"  # the default theme's accent colour
PAPER = "#fffefb"
SIDE = 512  # the largest icon a browser asks for (manifest)
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
# Bold CJK fonts as installed by Debian (fonts-noto-cjk), macOS, Windows and others.
CJK_FONTS = ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "SourceHanSansSC-Bold.otf",
             "PingFang.ttc", "msyhbd.ttc", "wqy-zenhei.ttc", "wqy-microhei.ttc",
             "NotoSansCJK-Regular.ttc", "msyh.ttc")


def make_icons(config: Config) -> dict[str, bytes]:
    """Return the icon files and web manifests, by asset name.

    A logo that cannot be read gives the made-up icon: the picture stage reports it, once.
    """
    logo = _read(config.logo) if config.logo is not None else None
    files = dict(_icons(logo, config.title["zh"], config.title["en"]))
    for lang in config.languages:
        files[f"manifest-{lang}.webmanifest"] = _manifest(config, lang)
    return files


@functools.lru_cache(maxsize=4)  # a preview rebuilds often; encoding the icons takes a while
def _icons(logo: bytes | None, title_zh: str, title_en: str) -> tuple[tuple[str, bytes], ...]:
    """Return the icon files made from a logo's bytes, or from the paper's title."""
    square = _logo(logo) if logo is not None else None
    if square is None:
        square = _initial(title_zh, title_en)
    opaque = Image.new("RGB", square.size, PAPER)
    opaque.paste(square, mask=square)  # iOS shows a transparent touch icon on black
    return (
        ("favicon.ico", _encode(square, "ICO", sizes=ICO_SIZES)),
        ("apple-touch-icon.png", _encode(opaque.resize((180, 180), Image.LANCZOS), "PNG")),
        ("icon-192.png", _encode(square.resize((192, 192), Image.LANCZOS), "PNG")),
        ("icon-512.png", _encode(square, "PNG")),
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _encode(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=kind, optimize=True, **options)
    return buffer.getvalue()


def _logo(data: bytes) -> Image.Image | None:
    """Centre the logo on a transparent square of SIDE pixels; None if it is no picture."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            logo = image.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    logo.thumbnail((SIDE, SIDE), Image.LANCZOS)
    square = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    square.paste(logo, ((SIDE - logo.width) // 2, (SIDE - logo.height) // 2))
    return square


def _initial(title_zh: str, title_en: str) -> Image.Image:
    """Draw the paper's first character, white on the accent colour."""
    square = Image.new("RGBA", (SIDE, SIDE), ACCENT)
    font = _cjk_font(SIDE * 2 // 3)
    title = title_zh.strip() if font is not None else title_en.strip()
    if font is None:
        font = ImageFont.load_default(SIDE * 2 // 3)
        title = "".join(ch for ch in title if ch.isascii() and ch.isalnum()).upper()
    if title:
        ImageDraw.Draw(square).text((SIDE / 2, SIDE / 2), title[0], fill="white", font=font,
                                    anchor="mm")
    return square


@functools.cache
def _cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    """Return a bold simplified-Chinese face of a system font, or None if there is none."""
    for name in CJK_FONTS:
        faces = []
        for index in range(10):  # a .ttc holds a face per region: take the simplified one
            try:
                faces.append(ImageFont.truetype(name, size, index=index))
            except OSError:
                break
        if faces:
            return next((f for f in faces if " SC" in f.getname()[0]), faces[0])
    return None


def _manifest(config: Config, lang: str) -> bytes:
    """Return a language's web manifest: the name, the front page, the icons beside it."""
    manifest = {
        "name": config.title[lang],
        "short_name": config.title[lang],
        "description": config.description[lang],
        "lang": html_lang(lang),
        "start_url": f"../{lang}/",
        "display": "browser",
        "background_color": PAPER,
        "theme_color": ACCENT,
        "icons": [{"src": f"icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png"}
                  for n in (192, 512)],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
