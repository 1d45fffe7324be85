"""Tags: chosen in the build from the whole archive, stored nowhere unless an editor wrote them.

Where tags are chosen, and why there: after content/zh is read and before translation (the
English tags translate the Chinese ones), every build, from the articles as they are then.

- Not at sync into content/zh. Scored against the archive, an article's best words depend on
  the other articles: stored tags would go stale, or every new page would rewrite every file of
  content/zh, and a file an editor touched could never be updated again. Tags are derived data,
  like the search index; only an editor's `tags:` live in front matter, and they always win.
- Stable. An article's automatic tags depend only on the articles dated on or before its own
  day (the archive as it stood when it was printed), so a new day's pages never change the tags
  of older articles, nor their tag URLs. A page of a past day filed late changes only the tags of
  that day and later, and those only where the new text shifts a score.
- Deterministic. A pure function of the articles' text, dates, bylines and editors' tags (ties
  go to the word printed first), so a warm rebuild equals a clean build byte for byte.
- Cheap. Cutting text with jieba is the only costly step; it is kept per article by a hash of
  its text (cache/terms.py), so an edit cuts one article, and a warm process (serve) chooses
  again only for the articles the edit can change. tags/choose.py is the plain computation.
- No thin pages. A tag is published (kept on its articles, given a page, listed in the
  sitemaps and the tag index) only when at least `[site] min_tag_articles` articles have it;
  below that it is not shown at all: a tag is a way to more stories, and a word that leads
  nowhere is noise to readers and to search engines. It appears, on every article that has it,
  once enough articles share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from site_builder.cache.stamps import cache_root
from site_builder.config import Config
from site_builder.models import Article

if TYPE_CHECKING:
    from site_builder.cache.session import Session


def tag_site(articles: Sequence[Article], config: Config, session: Session | None = None,
             ) -> tuple[Article, ...]:
    """Return the articles with their published tags (an editor's, else chosen from the text).

    session: a warm process's, whose last tagging run this one patches.
    """
    from site_builder.cache import terms
    from site_builder.tags.choose import published, with_tags

    if all(article.tags for article in articles):  # every tag an editor's: no text to cut
        own = published([article.tags for article in articles], config.min_tag_articles)
        return tuple(map(with_tags, articles, own))
    path = cache_root(config.root) / "terms.pickle"
    last = session.tags if session is not None else None
    if session is not None:
        session.tags = None  # taken: a run that fails midway leaves nothing behind
    store = session.store if session is not None else None
    tagged, run = terms.tag_site(articles, config.min_tag_articles, path, last, store)
    if session is not None:
        session.tags = run
    return tagged
