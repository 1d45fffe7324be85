"""Site paths and ASCII keys: where every page lives, the same layout in both languages."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

_NON_KEY = re.compile(r"[^a-z0-9]+")
KINDS = ("columns", "tags", "reporters")  # URL folder of each kind of listing page
_BASE_KEYS: dict[str, str] = {}  # name -> pinyin key, as pypinyin gave it


def front(lang: str) -> str:
    """Return the path of a language's front page."""
    return f"{lang}/"


def archive(lang: str, number: int = 1) -> str:
    """Return the path of archive page `number` (1-based)."""
    return f"{lang}/archive/" if number == 1 else f"{lang}/archive/page/{number}/"


def article(lang: str, slug: str) -> str:
    """Return the path of an article page."""
    return f"{lang}/articles/{slug}/"


def bilingual(lang: str, slug: str) -> str:
    """Return the path of an article's side-by-side zh/en reading view."""
    return f"{lang}/articles/{slug}/bilingual/"


def term(lang: str, kind: str, key: str, number: int = 1) -> str:
    """Return the path of page `number` (1-based) of a column, tag or reporter."""
    return f"{lang}/{kind}/{key}/" if number == 1 else f"{lang}/{kind}/{key}/page/{number}/"


def index(lang: str, kind: str) -> str:
    """Return the path of the page listing every column, tag or reporter of a language."""
    return f"{lang}/{kind}/"


def print_edition(lang: str, date: dt.date) -> str:
    """Return the path of a day's print edition: its pages (版面) and their articles."""
    return f"{lang}/editions/{date.isoformat()}/"


def editions(lang: str, year: int | None = None) -> str:
    """Return the path of the calendar of print editions: the newest year's, or a past year's."""
    return f"{lang}/editions/" if year is None else f"{lang}/editions/{year}/"


def static_page(lang: str, slug: str) -> str:
    """Return the path of a static page (About, Contact) of content/pages/."""
    return f"{lang}/pages/{slug}/"


def search(lang: str) -> str:
    """Return the path of a language's search page."""
    return f"{lang}/search/"


def search_index(lang: str) -> str:
    """Return the path of a language's search index head: the article table and shard count."""
    return f"{lang}/search/index.json"


def search_shard(lang: str, number: int) -> str:
    """Return the path of shard `number` of a language's search index (search.js knows it too)."""
    return f"{lang}/search/index-{number}.json"


def search_text(lang: str, slug: str) -> str:
    """Return the path of an article's snippet text for search results (search.js knows it)."""
    return f"{lang}/search/text/{slug}.txt"


def feed(lang: str) -> str:
    """Return the path of a language's Atom feed."""
    return f"{lang}/feed.xml"


def file_of(path: str) -> str:
    """Return the file a path is served from: folders end in index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def short_hash(text: str) -> str:
    """Return six hex digits identifying `text`, to tell apart names with the same pinyin."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def base_key(name: str) -> str:
    """Return the pinyin spelling of a (Chinese) name as an ASCII URL key, maybe empty."""
    key = _BASE_KEYS.get(name)
    if key is None:
        from pypinyin import lazy_pinyin  # its dictionaries take most of a second to load

        words = lazy_pinyin(name)
        key = _BASE_KEYS[name] = _NON_KEY.sub("-", "-".join(words).lower()).strip("-")[:60]
    return key.strip("-")


def known_keys() -> dict[str, str]:
    """Return the pinyin keys worked out so far (name -> key), to keep between builds."""
    return dict(_BASE_KEYS)


def remember_keys(keys: dict[str, str]) -> None:
    """Take keys worked out by an earlier build: an edit naming no one new skips pypinyin."""
    _BASE_KEYS.update((k, v) for k, v in keys.items() if isinstance(k, str) and isinstance(v, str))


def make_keys(names: Iterable[str]) -> dict[str, str]:
    """Map each distinct name to a unique ASCII key; pinyin, plus a hash only when needed."""
    distinct = sorted(set(names))
    by_key: dict[str, list[str]] = {}
    for name in distinct:
        by_key.setdefault(base_key(name), []).append(name)
    keys = {}
    for key, group in by_key.items():
        for name in group:
            # A hash keeps keys unique and stable; pinyin alone collides for homophones.
            clash = len(group) > 1 or not key
            keys[name] = f"{key}-{short_hash(name)}".strip("-") if clash else key
    return keys
