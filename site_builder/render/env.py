"""The Jinja2 side of rendering: the environment, its helpers, and a page's template run."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2 import meta

from site_builder.cache.stamps import cache_root
from site_builder.config import Config
from site_builder.errors import UserError
from site_builder.render import figures, urls
from site_builder.render.catalog import Edition, page_links, term_links
from site_builder.render.chrome import html_lang, make_chrome
from site_builder.render.ld import article_ld
from site_builder.render.markdown import block_html, body_html
from site_builder.render.routes import Route
from site_builder.render.text import (
    WEEKDAY_HEADS,
    excerpt,
    format_date,
    format_day,
    format_month,
    json_script,
    reading_minutes,
)

log = logging.getLogger(__name__)

# The globals whose values come from the articles: a page whose templates read one of them
# depends on its value, which site digests do not cover (see template_reads).
DYNAMIC_GLOBALS = frozenset({"edition", "chrome", "static_pages"})
EVERYTHING = frozenset({"*"})  # what a template with a computed include name may read


class TemplateError(UserError):
    """A template is missing, has a syntax error or fails to render; names file and line."""


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


def make_environment(config: Config) -> jinja2.Environment:
    """Return the Jinja2 environment: autoescaped, strict, compiled templates kept on disk."""
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


def set_globals(env: jinja2.Environment, config: Config, edition: Edition,
                assets: dict[str, bytes]) -> None:
    """Give the templates this build's data and helpers."""
    versions = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in assets.items()}
    # The pictures the articles show, for templates and the Markdown renderer's hook. Not a
    # dynamic global: a page reads in it only the pictures of the articles it shows.
    pictures = figures.catalogue(config, (a for lang in edition.langs
                                          for a in edition.articles[lang]))

    def asset(name: str) -> str:
        """Return an asset's URL, versioned by content so caches never serve a stale one."""
        if name not in versions:
            raise KeyError(f"no asset {name!r} in any templates static/ folder")
        return f"{config.base_path}assets/{name}?v={versions[name]}"

    env.globals.update(
        config=config, edition=edition, langs=edition.langs, paths=urls, labels=config.labels,
        asset=asset, url=lambda path: config.base_path + path,
        abs_url=lambda path: config.base_url + path,
        format_date=format_date, excerpt=excerpt, reading_minutes=reading_minutes,
        json_script=json_script, term_links=lambda a, kind: term_links(edition, a, kind),
        article_ld=lambda a, original: article_ld(config, a, original), media=pictures,
        body_html=lambda article: body_html(article, config.base_path, pictures.picture_html),
        block_html=lambda block, lang: block_html(block, lang, config.base_path,
                                                  pictures.picture_html),
        chrome=make_chrome(config, edition), html_lang=html_lang, format_day=format_day,
        format_month=format_month, weekday_heads=WEEKDAY_HEADS,
        static_pages=page_links(edition),  # lang -> [(title, path)]: the footer's links
    )


def template_reads(env: jinja2.Environment, name: str,
                   parsed: dict[str, Reads] | None = None) -> frozenset[str]:
    """Return the globals a template may read: its own free names and those of every template
    it extends, includes or imports (EVERYTHING when one of those is named at run time).

    parsed: each template's own reads, by name, shared between calls (base.html once)."""
    names: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    parsed = parsed if parsed is not None else {}
    with template_errors(env, name):
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                own = parsed[current] = parsed.get(current) or _own_reads(env, current)
                names |= own.names
                todo += own.referenced
    return EVERYTHING if None in names else frozenset(names)  # type: ignore[arg-type]


class Reads(NamedTuple):
    """One template's own free names (None: it names a template at run time), and the
    templates it extends, includes or imports."""

    names: frozenset[str | None]
    referenced: tuple[str, ...]


def _own_reads(env: jinja2.Environment, name: str) -> Reads:
    """Parse one template for its free names and the templates it references."""
    # Jinja's meta leaves out every name the environment has as a global (the very names asked
    # for, once a build has set them): parse with an overlay (same syntax) that has none.
    bare = env.overlay()
    bare.globals = {}
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = bare.parse(source, name, filename)
    referenced = list(meta.find_referenced_templates(tree))
    names: set[str | None] = set(meta.find_undeclared_variables(tree))
    if None in referenced:
        names.add(None)
    return Reads(frozenset(names), tuple(r for r in referenced if r is not None))


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


def preload(env: jinja2.Environment) -> None:
    """Compile every template now, so forked workers share them instead of each compiling."""
    for name in env.list_templates(extensions=["html"]):
        # a broken one is reported, with its file and line, when a page uses it
        with contextlib.suppress(jinja2.TemplateError, UnicodeDecodeError):
            env.get_template(name)


def render_route(env: jinja2.Environment, route: Route) -> bytes:
    """Render one page's template; template problems become a TemplateError."""
    context: dict[str, Any] = {"page": route.meta, "lang": route.meta.lang,
                               "t": env.globals["labels"][route.meta.lang], **route.context}
    with template_errors(env, route.template):
        return env.get_template(route.template).render(context).encode("utf-8")


@contextlib.contextmanager
def template_errors(env: jinja2.Environment, name: str) -> Iterator[None]:
    """Turn what goes wrong in a template into a TemplateError naming its file and line."""
    try:
        yield
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found in {', '.join(env.loader.searchpath)}"  # type: ignore[union-attr]
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except UnicodeDecodeError as exc:  # Jinja's loader does not say which file it was reading
        where = _undecodable_template(env) or name
        raise TemplateError(f"{where}: not UTF-8 ({exc.reason})") from None
    except TemplateError:
        raise
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
