"""Pictures for the media tests, made on the spot: photos with GPS, bombs, truncated files.

Nothing here is committed as a binary: each test writes the few KB it needs into its temp folder.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageDraw

SECRET = "SECRET-PLACE-42"  # written into every kind of metadata; must reach no published byte


def photo(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Return an RGB picture with some structure (so JPEG has something to encode)."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x = (seed * 97 + i * 131) % max(1, width)
        y = (seed * 53 + i * 71) % max(1, height)
        draw.ellipse((x, y, x + width // 6, y + height // 6), fill=(200, 40 + i * 15, 90))
    return image


def write_photo(path: Path, size: tuple[int, int] = (1700, 1000), seed: int = 0) -> Path:
    """Write a plain JPEG photo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(size, seed).save(path, "JPEG", quality=85)
    return path


def write_tagged_photo(path: Path, size: tuple[int, int] = (600, 400),
                       orientation: int = 6) -> Path:
    """Write a JPEG as a phone does: EXIF with GPS and orientation, XMP, ICC and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = SECRET
    exif[ExifTags.Base.ImageDescription] = SECRET
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (29.0, 18.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (120.0, 4.0, 30.0),
        ExifTags.GPS.GPSProcessingMethod: SECRET.encode(),
    }
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           f'02/22-rdf-syntax-ns#"><rdf:Description>{SECRET}</rdf:Description></rdf:RDF>'
           f"</x:xmpmeta>").encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(size).save(path, "JPEG", quality=85, exif=exif.tobytes(), xmp=xmp, icc_profile=icc,
                     comment=SECRET.encode())
    return path


def write_transparent_png(path: Path, size: tuple[int, int] = (300, 200)) -> Path:
    """Write a PNG with see-through pixels (a logo, a chart)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((20, 20, size[0] - 20, size[1] - 20), fill=(180, 20, 20, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """Write a tiny PNG that claims a huge size: the shape of a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_truncated_jpeg(path: Path) -> Path:
    """Write the first half of a real JPEG, as an interrupted copy leaves it."""
    buffer = io.BytesIO()
    photo((800, 600), seed=3).save(buffer, "JPEG", quality=90)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def jpeg_segments(data: bytes) -> list[int]:
    """Return the JPEG marker of every segment before the image data (0xE1 = APP1, …)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [], 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows
            break
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        markers.append(marker)
        at += 2 + length
    return markers


def webp_chunks(data: bytes) -> list[bytes]:
    """Return the RIFF chunk names of a WebP file."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    names, at = [], 12
    while at + 8 <= len(data):
        name, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        names.append(name)
        at += 8 + size + (size & 1)
    return names


def png_chunks(data: bytes) -> list[bytes]:
    """Return the chunk names of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    names, at = [], 8
    while at + 8 <= len(data):
        size, name = struct.unpack(">I", data[at:at + 4])[0], data[at + 4:at + 8]
        names.append(name)
        at += 12 + size
    return names


def metadata_left(data: bytes) -> list[str]:
    """Return what metadata a published copy still carries (nothing, if stripped)."""
    found = [SECRET] if SECRET.encode() in data else []
    if data[:2] == b"\xff\xd8":  # JPEG: only APP0 (JFIF) and the coding segments may be there
        coding = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xE0}
        found += [f"JPEG segment {m:#x}" for m in jpeg_segments(data) if m not in coding]
    elif data[:4] == b"RIFF":
        found += [n.decode() for n in webp_chunks(data) if n not in (b"VP8 ", b"VP8L", b"VP8X",
                                                                     b"ALPH")]
    else:
        found += [n.decode() for n in png_chunks(data)
                  if n not in (b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND")]
    return found
