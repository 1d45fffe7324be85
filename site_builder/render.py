"""Render the site: Jinja2 pages, feeds, sitemaps, search indexes and assets, as Page objects."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import traceback
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from . import render_urls as urls
from .config import Config
from .models import Article, Page
from . import render_reuse
from .render_catalog import Edit, Edition, build_edition, term_links
from .render_digest import ArticleDigests, digest, site_digest
from .render_feeds import (
    FEED_SIZE,
    news_articles,
    render_feed,
    render_news_sitemap,
    render_robots,
    render_sitemap,
)
from .render_ld import article_ld
from .render_pages import Route, plan_edited, plan_groups
from .render_reuse import (
    GroupJobs,
    Rendered,
    SearchFiles,
    route_fingerprint,
    sitemap_fingerprint,
)
from .render_search import TokensOf, render_search_index
from .render_text import LABELS, excerpt, format_date, json_script, reading_minutes
from .stat_cache import cache_root
from .write import Job, SiteJobs, collect_jobs

log = logging.getLogger(__name__)


# The latest build's config and environment: in a warm process compiled templates outlive a build.
_LAST_ENVIRONMENT: list[tuple[Config, jinja2.Environment]] = []


class TemplateError(Exception):
    """A template is missing, has a syntax error or fails to render; names file and line."""


def render_site(config: Config, zh: Sequence[Article], en: Sequence[Article]) -> Iterator[Page]:
    """Yield every file of the site, one Page at a time."""
    for job in site_jobs(config, zh, en).jobs.values():
        yield Page(job.path, job.make())


def site_jobs(
    config: Config, zh: Sequence[Article], en: Sequence[Article],
    tokens_of: TokensOf | None = None,
) -> SiteJobs:
    """Return every file of the site as a Job by path: fingerprint, and how to render it."""
    last = render_reuse.last_render(config)
    edition, edit = build_edition(zh, en if "en" in config.languages else (),
                                  last.edition if last else None)
    assets = load_assets(template_dirs(config))
    env = make_environment(config, edition, assets)
    _preload(env)
    site = site_digest(config, template_dirs(config), edition.langs)
    if last is not None and edit is not None and last.site == site and last.maker is env:
        rendered = _edited_site(last, edition, edit, tokens_of)  # a warm process's usual edit
    else:
        rendered = _whole_site(config, edition, assets, env, site, tokens_of)
    render_reuse.remember(rendered)
    return rendered.jobs


def _whole_site(config: Config, edition: Edition, assets: dict[str, bytes],
                env: jinja2.Environment, site: str, tokens_of: TokensOf | None) -> Rendered:
    """Plan every page of the site and make its jobs (reusing a warm process's unchanged ones)."""
    groups = list(plan_groups(config, edition))
    routes = [route for group in groups for route in group]
    art = ArticleDigests(edition)
    search: dict[str, SearchFiles] = {}

    def jobs() -> Iterator[Job]:
        group_jobs = GroupJobs(site, art, partial(_page_job, env), env)  # warm: changed groups
        for group in groups:
            yield from group_jobs(group)
        for lang in edition.langs:
            items = edition.articles[lang]
            yield _feed_job(config, edition, lang, site, art)
            inputs = digest(site, "search", lang, [art(a) for a in items])
            files = render_search_index(items, lang, inputs, tokens_of)  # head and shards
            search[lang] = SearchFiles(inputs, frozenset(job.path for job in files))
            yield from files
        yield Job("sitemap.xml", sitemap_fingerprint(site, routes, _sitemap_entry),
                  partial(render_sitemap, config, routes))
        yield _news_job(config, edition, site, art)
        yield Job("robots.txt", digest(site, "robots"), partial(render_robots, config))
        for name, content in sorted(assets.items()):
            yield Job(f"assets/{name}", digest(site, name), partial(bytes, content))

    return Rendered(config, edition, site, env, collect_jobs(jobs()), search)


def _edited_site(last: Rendered, edition: Edition, edit: Edit,
                 tokens_of: TokensOf | None) -> Rendered:
    """Patch the last render's jobs after an edit that kept every article's place and names.

    Only the pages, feeds and search files that show a replaced article are made again; the
    rest (and the sitemap: no page moved, none was added) keep their jobs.
    """
    config, site, env = last.config, last.site, last.maker
    art = ArticleDigests(edition, every=False)
    search = dict(last.search)
    remade: dict[str, Job] = {}
    dropped: set[str] = set()
    for group in plan_edited(config, edition, edit):
        for route in group:
            job = _page_job(env, route, route_fingerprint(site, route, art))
            remade[job.path] = job
    news = news_articles(edition)
    for lang, places in edit.places.items():
        if not places:
            continue
        items = edition.articles[lang]
        if places[0] < FEED_SIZE:
            remade[urls.feed(lang)] = _feed_job(config, edition, lang, site, art)
        if places[0] < len(news[lang]):
            remade["news-sitemap.xml"] = _news_job(config, edition, site, art)
        # names this edit of the inputs, as a digest of every article's digest would
        inputs = digest(search[lang].inputs, [(place, art(items[place])) for place in places])
        files = render_search_index(items, lang, inputs, tokens_of)
        search[lang] = SearchFiles(inputs, frozenset(job.path for job in files))
        dropped |= last.search[lang].paths - search[lang].paths  # the edit changed the shards
        remade.update((job.path, job) for job in files)
    return Rendered(config, edition, site, env, last.jobs.patched(remade, dropped), search)


def _feed_job(config: Config, edition: Edition, lang: str, site: str,
              art: ArticleDigests) -> Job:
    items = edition.articles[lang][:FEED_SIZE]
    return Job(urls.feed(lang), digest(site, "feed", lang, [art(a) for a in items]),
               partial(render_feed, config, edition, lang))


def _news_job(config: Config, edition: Edition, site: str, art: ArticleDigests) -> Job:
    news = [art(a) for items in news_articles(edition).values() for a in items]
    return Job("news-sitemap.xml", digest(site, "news", news),
               partial(render_news_sitemap, config, edition))


def _page_job(env: jinja2.Environment, route: Route, fingerprint: str) -> Job:
    return Job(urls.file_of(route.meta.path), fingerprint, partial(render_route, env, route))


def _sitemap_entry(route: Route) -> tuple[Any, ...]:
    """Return what the sitemap shows of a page."""
    return (route.meta.path, route.meta.indexed, route.meta.alternates, route.lastmod)


def template_dirs(config: Config) -> list[Path]:
    """Return the template folders in search order: the theme first, then the defaults."""
    return [d for d in (config.theme_dir, config.templates_dir) if d is not None]


def load_assets(dirs: Sequence[Path]) -> dict[str, bytes]:
    """Read the static files under each folder's static/; earlier folders win."""
    assets: dict[str, bytes] = {}
    for folder in reversed(dirs):
        static = folder / "static"
        for path in sorted(static.rglob("*")) if static.is_dir() else ():
            if path.is_file():
                assets[path.relative_to(static).as_posix()] = path.read_bytes()
    return assets


def make_environment(
    config: Config, edition: Edition, assets: dict[str, bytes]
) -> jinja2.Environment:
    """Return the Jinja2 environment: autoescaped, strict, with this build's helpers."""
    if not _LAST_ENVIRONMENT or _LAST_ENVIRONMENT[0][0] != config:
        _LAST_ENVIRONMENT[:] = [(config, _new_environment(config))]
    env = _LAST_ENVIRONMENT[0][1]
    versions = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in assets.items()}

    def asset(name: str) -> str:
        """Return an asset's URL, versioned by content so caches never serve a stale one."""
        if name not in versions:
            raise KeyError(f"no asset {name!r} in any templates static/ folder")
        return f"{config.base_path}assets/{name}?v={versions[name]}"

    env.globals.update(
        config=config, edition=edition, paths=urls, labels=LABELS, asset=asset,
        url=lambda path: config.base_path + path,
        abs_url=lambda path: config.base_url + path,
        format_date=format_date, excerpt=excerpt, reading_minutes=reading_minutes,
        json_script=json_script, term_links=lambda a, kind: term_links(edition, a, kind),
        article_ld=lambda a, original: article_ld(config, a, original),
    )
    return env


def _new_environment(config: Config) -> jinja2.Environment:
    """Create an environment whose compiled templates are kept on disk between processes."""
    loader = jinja2.FileSystemLoader([str(d) for d in template_dirs(config)], encoding="utf-8")
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(cache_root(config.root) / "jinja"),
    )


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Return a cache of compiled templates (keyed by their source), or none if it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only project still builds, compiling its templates each time
        return None
    return _QuietBytecodeCache(str(folder))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk template cache, for which a full disk is no reason to fail a build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Save a compiled template, or, if it cannot be saved, compile it again next time."""
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.warning("%s: cannot cache a compiled template: %s", self.directory, exc.strerror)


def _preload(env: jinja2.Environment) -> None:
    """Compile every template now, so forked workers share them instead of each compiling."""
    for name in env.list_templates(extensions=["html"]):
        # a broken one is reported, with its file and line, when a page uses it
        with contextlib.suppress(jinja2.TemplateError, UnicodeDecodeError):
            env.get_template(name)


def render_route(env: jinja2.Environment, route: Route) -> bytes:
    """Render one page's template; template problems become a TemplateError."""
    context: dict[str, Any] = {"page": route.meta, "lang": route.meta.lang,
                               "t": LABELS[route.meta.lang], **route.context}
    try:
        return env.get_template(route.template).render(context).encode("utf-8")
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found in {', '.join(env.loader.searchpath)}"  # type: ignore[union-attr]
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except UnicodeDecodeError as exc:  # Jinja's loader does not say which file it was reading
        where = _undecodable_template(env) or route.template
        raise TemplateError(f"{where}: not UTF-8 ({exc.reason})") from None
    except Exception as exc:
        where = _template_frame(exc)
        if where is None:
            raise
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


def _undecodable_template(env: jinja2.Environment) -> str | None:
    """Find the template file that is not valid UTF-8, searching the loader's folders."""
    for folder in env.loader.searchpath:  # type: ignore[union-attr]
        for path in sorted(Path(folder).rglob("*.html")):
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                return str(path)
    return None


def _template_frame(exc: BaseException) -> str | None:
    """Return "file:line" of the innermost template frame in a traceback, if any."""
    # Jinja rewrites tracebacks so template code shows as frames of the template file.
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.endswith(".py") and f.filename != "<template>"
    ]
    if not frames:
        return None
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno}"
