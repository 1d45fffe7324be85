"""Pillow's side of pictures: read a picture safely, and encode the copies that are published.

Every copy is made from the picture as a reader should see it: turned upright by its EXIF
orientation, converted to sRGB by its colour profile, and with nothing else of the file kept
(no EXIF, GPS, XMP, ICC profile or comment). The copies' bytes depend only on the picture's
bytes, the settings below, Pillow and this module's code, all of which name the copies (key).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

# The largest picture accepted. 64 megapixels is above every camera in newsroom use (61 MP);
# a side of 12,000 px allows a wide panorama, not a 20,000 px strip that would be shown at
# 700 px anyway. Pillow's own decompression-bomb check (a warning above 89 MP, refusal above
# 179 MP) stays on behind ours: both are read from the header, before anything is decoded.
MAX_PIXELS = 64_000_000
MAX_SIDE = 12_000
READABLE = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
WIDTHS = (480, 800, 1200, 1600)  # the copies' widths; never more than the picture's own
CLOSE = 0.9  # a listed width this close to the picture's own adds nothing: the own one serves
# WebP for every browser of the last years; JPEG as the fallback for the others and for
# crawlers. A picture with real transparency gets PNG instead of JPEG (which has none).
WEBP = {"quality": 80, "method": 2}  # method 4 (the default) is 3× slower for 10% less
JPEG = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
PNG = {"optimize": True}
ORIENTATION = 0x0112  # the EXIF tag


class PictureError(Exception):
    """A picture cannot be published: missing, not a picture, damaged or too large."""


@dataclass(frozen=True)
class Facts:
    """What pages need to know of a readable picture: its upright size, whether it has alpha."""

    width: int
    height: int
    alpha: bool


@functools.cache
def recipe() -> str:
    """Name everything besides the picture's bytes that shapes its copies."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"pillow={Image.__version__};code={code}"


def copy_key(sha256: str) -> str:
    """Return the name of a picture's copies: its content and the recipe, hashed."""
    return hashlib.sha256(f"{sha256}:{recipe()}".encode()).hexdigest()[:16]


def copy_widths(width: int) -> tuple[int, ...]:
    """Return the widths of a picture's copies: the listed ones below its own, then its own."""
    largest = min(width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w < largest * CLOSE), largest)


def copy_size(facts: Facts, width: int) -> tuple[int, int]:
    """Return the size of the copy `width` pixels wide (the height keeps the proportions)."""
    return width, max(1, round(facts.height * width / facts.width))


def fallback(facts: Facts) -> str:
    """Return the extension of the copies for browsers without WebP: jpg, or png with alpha."""
    return "png" if facts.alpha else "jpg"


def copy_names(facts: Facts) -> list[str]:
    """Return the names of every copy: "<width>.webp" and "<width>.jpg" (or .png)."""
    return [f"{w}.{ext}" for w in copy_widths(facts.width) for ext in ("webp", fallback(facts))]


def open_picture(data: bytes) -> tuple[Image.Image, Facts]:
    """Check and decode a picture's bytes: upright, sRGB, no metadata, with its facts.

    A JPEG much larger than the largest copy is decoded at a half, quarter or eighth of its
    size (libjpeg scales as it decodes, reading every byte, so damage is still found); the
    facts give its full size.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check(image)
                stored = image.size
                _draft(image)
                image.load()  # the whole picture: a truncated file fails here, not later
                decoded = image.size
                clean = _clean(image)
    except PictureError:
        raise
    except UnidentifiedImageError:
        raise PictureError("not a picture (JPEG, PNG, WebP or GIF)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        claimed = re.search(r"\d+", str(exc))  # Pillow: "Image size (N pixels) exceeds …"
        size = f" (it claims {int(claimed[0]):,} pixels)" if claimed else ""
        raise PictureError(f"refused as a decompression bomb{size}") from None
    except OSError as exc:
        raise PictureError(f"damaged or truncated: {exc.strerror or exc}") from None
    except Exception as exc:  # Pillow's decoders raise many kinds on damaged files
        raise PictureError(f"damaged: {type(exc).__name__}: {exc}") from None
    upright = stored[::-1] if clean.size != decoded else stored  # turned by its orientation
    return clean, Facts(*upright, clean.mode == "RGBA")


def _draft(image: Image.Image) -> None:
    """Ask libjpeg to decode a large JPEG at the smallest scale still above the largest copy."""
    if image.format not in ("JPEG", "MPO"):
        return
    try:
        turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
    except Exception:  # damaged EXIF: the orientation is not applied either (see _clean)
        turned = False
    width = image.height if turned else image.width
    scale = WIDTHS[-1] / width
    if scale < 0.5:  # libjpeg halves at the least
        image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def _check(image: Image.Image) -> None:
    """Refuse, from the header alone, a format we do not publish or a picture too large."""
    if image.format not in READABLE:
        raise PictureError(f"a {image.format} file: publish JPEG, PNG, WebP or GIF")
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        raise PictureError(f"{width}×{height} px: more than {MAX_SIDE:,} px on a side "
                           "(make a smaller copy for the web)")
    if width * height > MAX_PIXELS:
        raise PictureError(f"{width}×{height} px: more than {MAX_PIXELS // 1_000_000} "
                           "megapixels (make a smaller copy for the web)")


def _clean(image: Image.Image) -> Image.Image:
    """Return the picture upright, in RGB(A) sRGB, with no metadata left on it."""
    profile = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception as exc:  # EXIF is the camera's, often damaged; its orientation is lost
        log.debug("unreadable EXIF, orientation not applied: %s", exc)
        upright = image.copy()
    alpha = _has_alpha(upright)
    mode = "RGBA" if alpha else "RGB"
    converted = _to_srgb(upright, profile, mode) if profile else None
    clean = converted or upright.convert(mode)
    clean.info = {}  # Pillow copies comments (JPEG), profiles and transparency (PNG) from here
    return clean


def _has_alpha(image: Image.Image) -> bool:
    """Tell whether a picture has transparent pixels (an opaque alpha channel is none)."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
        return False
    return image.getchannel("A").getextrema()[0] < 255


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image | None:
    """Convert a picture with a colour profile (Display P3, Adobe RGB, CMYK) to sRGB."""
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if mode == "RGBA" else "RGB")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, _srgb(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:  # a broken profile: ignore it
        log.debug("colour profile not used: %s", exc)
        return None


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def encode_copies(image: Image.Image, facts: Facts) -> dict[str, bytes]:
    """Encode every published copy of a picture from open_picture, by name ("800.webp")."""
    copies: dict[str, bytes] = {}
    source = image
    for width in sorted(copy_widths(facts.width), reverse=True):
        size = copy_size(facts, width)
        # each copy from the next larger one: as sharp, and far less work than from the original
        source = source if source.size == size else source.resize(
            size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        copies[f"{width}.webp"] = _encode(source, "WEBP", WEBP)
        ext = fallback(facts)
        copies[f"{width}.{ext}"] = _encode(source, ext.upper().replace("JPG", "JPEG"),
                                           PNG if ext == "png" else JPEG)
    return copies


def _encode(image: Image.Image, kind: str, options: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()
