"""The one code version every cache is keyed by: the installed package and what shapes output.

A cache made by other code is never used: any change to any file of site-builder (code,
templates, interface words) or to a library release that shapes the output makes every cache
miss, whichever file it was. No list of "the files this cache depends on" to keep up to date.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

from site_builder.files import stamp

PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose release changes what a build writes: parsing, tags, pinyin, Markdown,
# templates, the memory's PO files, pictures, front matter.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pypinyin", "jieba", "argos-translate-lt",
             "polib", "pillow", "pyyaml")
MODULES = ("jinja2", "markupsafe", "markdown", "pypinyin", "jieba", "argostranslate", "polib",
           "PIL", "yaml")  # the same libraries, by the name they are imported by


@functools.cache
def code_version() -> str:
    """Hash every file of the package and the releases of the libraries that shape output."""
    hasher = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            hasher.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    for name in LIBRARIES:
        hasher.update(f"{name}={_release(name)}\0".encode())
    return hasher.hexdigest()[:20]


def _release(name: str) -> str:
    """Return an installed distribution's version, "-" when it is not installed."""
    from importlib import metadata  # 20 ms to import: the no-op check does without it

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def code_stamps() -> tuple[object, ...]:
    """Return what tells one installation of the package and its libraries from another, by
    stat alone: cheaper than code_version for the no-op check, and any install changes it."""
    files = [(path.relative_to(PACKAGE).as_posix(), stamp(path))
             for path in sorted(PACKAGE.rglob("*"))
             if path.suffix != ".pyc" and "__pycache__" not in path.parts and path.is_file()]
    # A library's own files: found without reading every installed package's metadata.
    return (*files, *((name, _origin_stamp(name)) for name in MODULES))


def _origin_stamp(module: str) -> object:
    """Return the stamp of the file a library is imported from (None if it is not installed)."""
    spec = importlib.util.find_spec(module)
    return stamp(spec.origin) if spec is not None and spec.origin else None
