"""The incremental render: every file fingerprinted from what it shows; the last render reused.

A file's fingerprint hashes the site (config, templates, code), what the file shows (its
articles by digest, plain values) and the value of every site-wide global its templates read
(found from the templates themselves, render/env.py `template_reads`). Equal fingerprints
promise equal bytes, so the writer keeps files whose fingerprint stands.

A long-lived process (serve) keeps a RenderMemo between builds:
- a group whose inputs are the same objects as last time keeps its jobs (no planning);
- an edit that leaves every article in its place with its names (a title, a paragraph, a
  corrected translation) patches the last render: only the groups that showed a replaced
  article, or read a global whose value changed, are planned again. Which groups showed which
  article was recorded while fingerprinting them, so no page kind needs a patch rule of its own.
The plain render (render/site.py `render_site`) is the oracle: tests compare the two.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2

from site_builder.cache.edition import patch_edition
from site_builder.cache.fingerprints import ArticleDigests, Digested, digest, site_digest, stable
from site_builder.config import Config
from site_builder.models import Article
from site_builder.output.write import Job, SiteJobs, collect_jobs
from site_builder.render.catalog import Edition, build_edition, pages_by_lang
from site_builder.render.env import (
    DYNAMIC_GLOBALS,
    EVERYTHING,
    Reads,
    make_environment,
    template_dirs,
    template_reads,
)
from site_builder.render.routes import Key, Route
from site_builder.render.search import SearchMemo, TokensOf, render_search_index
from site_builder.render.site import (
    MEDIA,
    Group,
    Output,
    Setup,
    make_setup,
    site_groups,
    site_outputs,
    sitemap_output,
)


@dataclass
class _Kept:
    """One group of the last render: what it showed, its files, what they read."""

    shows: tuple[Any, ...] | None  # None: planned by a patch, not reusable by identity
    jobs: list[Job]
    routes: list[Route]
    members: tuple[tuple[Article, str], ...]  # the articles its files show, with their digests
    reads: frozenset[str]  # the site-wide globals its templates read


@dataclass
class RenderMemo:
    """What a render leaves for the next one in the same process (see the module docstring)."""

    config: Config | None = None
    env: jinja2.Environment | None = None
    given: tuple[tuple[Article, ...], tuple[Article, ...]] | None = None  # zh, en as given
    edition: Edition | None = None
    site: str = ""
    globals: dict[str, str] = field(default_factory=dict)  # global name -> digest of its value
    groups: dict[Key, _Kept] = field(default_factory=dict)  # in site order
    showing: dict[str, set[Key]] = field(default_factory=dict)  # slug -> groups showing it
    reading: dict[str, set[Key]] = field(default_factory=dict)  # global -> groups reading it
    digests: Digested = field(default_factory=dict)
    reads: dict[str, frozenset[str]] = field(default_factory=dict)  # template -> globals
    search: SearchMemo = field(default_factory=dict)
    search_inputs: dict[str, str] = field(default_factory=dict)
    sitemap: tuple[tuple[Route, ...], Job] | None = None  # the routes it lists, its job
    jobs: SiteJobs | None = None


# search files rendered ahead: (lang, its search jobs, its articles) -> the jobs to use
SearchAhead = Callable[[str, list[Job], Sequence[Article]], list[Job]]


def site_jobs(config: Config, zh: Sequence[Article], en: Sequence[Article],
              memo: RenderMemo | None = None, tokens_of: TokensOf | None = None,
              pages: Sequence[Article] = (), ahead: SearchAhead | None = None) -> SiteJobs:
    """Return every file of the site as a Job (path, fingerprint, how to render it).

    pages: the static pages (About, Contact); an edit to one is no patch, it is planned anew.
    ahead: search files rendered ahead (cache/ahead.py): a search job's (lang, jobs, articles)
    -> the jobs, those rendered ahead from the same articles taken as their bytes.
    """
    memo = memo if memo is not None else RenderMemo()
    previous, replaced = memo.edition, None
    if memo.given is not None and memo.config == config and previous is not None and (
            previous.pages == pages_by_lang(pages, en)):
        patched = patch_edition(previous, memo.given, zh, en)
        edition, replaced = patched if patched is not None else (
            build_edition(zh, en, pages), None)
    else:
        edition = build_edition(zh, en, pages)
    site = site_digest(config, template_dirs(config), edition.langs)
    if memo.env is None or memo.config != config or site != memo.site:
        # A template added to the theme must replace the default of its name, which the
        # environment's cache would keep; what the templates read may have changed too.
        memo.env, memo.reads = make_environment(config), {}
    setup = make_setup(config, edition, memo.env)
    render = _Render(setup, memo, site, replaced, tokens_of, ahead)
    memo.jobs = render.patch() if render.replaced is not None and memo.jobs else render.whole()
    memo.config, memo.given, memo.edition, memo.site = config, (tuple(zh), tuple(en)), edition, site
    memo.digests = render.digests.current
    return memo.jobs


class _Render:
    """One incremental render: fingerprints, and the groups made again or kept."""

    def __init__(self, setup: Setup, memo: RenderMemo, site: str,
                 replaced: frozenset[str] | None, tokens_of: TokensOf | None,
                 ahead: SearchAhead | None = None) -> None:
        self.setup, self.memo, self.site, self.tokens_of = setup, memo, site, tokens_of
        self.ahead = ahead
        self.replaced = replaced if memo.site == site else None
        patching = self.replaced is not None
        previous_keys = memo.edition.keys if memo.edition is not None else None
        self.digests = ArticleDigests(setup.edition, memo.digests, previous_keys, patching)
        self._globals: dict[str, str] = {}
        self._parsed: dict[str, Reads] = {}  # templates parsed for their reads (base.html once)

    def whole(self) -> SiteJobs:
        """Plan every group, keeping the last render's where their inputs are the same."""
        kept, routes = {}, []
        for group in site_groups(self.setup):
            old = self.memo.groups.get(group.key)
            kept[group.key] = old if old is not None and self._reusable(old, group) else (
                self._make(group.key, group.shows, group.plan()))
            routes += kept[group.key].routes
        self.memo.groups = kept
        self.memo.showing, self.memo.reading = {}, {}
        for key, group in kept.items():
            _index(self.memo, key, group, add=True)
        jobs = [job for group in kept.values() for job in group.jobs]
        jobs += self._search(self.setup.edition.langs)
        jobs.append(self._sitemap(routes))
        self.memo.globals = self.globals_read(kept.values())
        return collect_jobs(jobs)

    def patch(self) -> SiteJobs:
        """Plan again only the groups that showed a replaced article or read a changed global."""
        assert self.replaced is not None and self.memo.jobs is not None
        groups = self.memo.groups
        changed = {name for name, value in self.memo.globals.items()
                   if self.global_digest(name) != value}
        keys: set[Key] = {MEDIA}  # an edit may add or drop a picture: its copies listed anew
        for slug in self.replaced:
            keys |= self.memo.showing.get(slug, set())
        for name in changed:
            keys |= self.memo.reading.get(name, set())
        remade: dict[str, Job] = {}
        dropped: set[str] = set()
        for key in sorted(keys, key=repr):
            old, new = groups[key], self._make(key, None, site_outputs(self.setup, key))
            _index(self.memo, key, old, add=False)
            _index(self.memo, key, new, add=True)
            groups[key] = new
            remade.update((job.path, job) for job in new.jobs)
            dropped |= {job.path for job in old.jobs} - {job.path for job in new.jobs}
        langs = [lang for lang in self.setup.edition.langs
                 if any(slug in self.setup.edition.by_slug[lang] for slug in self.replaced)]
        for job in self._search(langs):
            if self.memo.jobs.jobs.get(job.path) is not job:
                remade[job.path] = job
        dropped |= self._search_dropped
        self.memo.globals.update({name: self.global_digest(name) for name in changed})
        return self.memo.jobs.patched(remade, dropped)

    def _reusable(self, old: _Kept, group: Group) -> bool:
        """Tell whether a kept group's files stand: same site, inputs, digests and globals."""
        if self.memo.site != self.site or old.shows is None or not _same(old.shows, group.shows):
            return False
        if any(self.global_digest(name) != self.memo.globals.get(name) for name in old.reads):
            return False
        # Not `same_keys` alone: an English article kept as the same object links its names by
        # its Chinese twin's, which may have changed (a list of linked bylines shows it).
        return all(self.digests(a) == d for a, d in old.members)

    def _make(self, key: Key, shows: tuple[Any, ...] | None, outputs: list[Output]) -> _Kept:
        """Fingerprint a group's files, recording the articles they show and what they read."""
        members: dict[int, tuple[Article, str]] = {}

        def article_digest(article: Article) -> str:
            found = members[id(article)] = (article, self.digests(article))
            return found[1]

        jobs, routes, reads = [], [], set()
        for output in outputs:
            own = self._reads(output.route.template) if output.route is not None else frozenset()
            reads |= own
            values = tuple((name, self.global_digest(name)) for name in sorted(own))
            fingerprint = digest(self.site, stable(output.shows, article_digest), values)
            jobs.append(Job(output.path, fingerprint, output.make, group=key))
            routes += [output.route] if output.route is not None else []
        return _Kept(shows, jobs, routes, tuple(members.values()), frozenset(reads))

    def _reads(self, template: str) -> frozenset[str]:
        """Return the site-wide globals a template may read (worked out once per template)."""
        found = self.memo.reads.get(template)
        if found is None:
            names = template_reads(self.setup.env, template, self._parsed)
            found = self.memo.reads[template] = (
                DYNAMIC_GLOBALS if names is EVERYTHING else names & DYNAMIC_GLOBALS)
        return found

    def global_digest(self, name: str) -> str:
        """Return the digest of a site-wide global's value in this render."""
        found = self._globals.get(name)
        if found is None:
            value = self.setup.env.globals[name]
            found = self._globals[name] = digest(stable(value, self.digests))
        return found

    def globals_read(self, groups: Iterable[_Kept]) -> dict[str, str]:
        """Return the digests of the globals some group reads, for the next render to compare."""
        names = set().union(*(group.reads for group in groups))
        return {name: self.global_digest(name) for name in sorted(names)}

    def _search(self, langs: Iterable[str]) -> list[Job]:
        """Return the search files of these languages (patched from the last ones if warm)."""
        jobs, self._search_dropped = [], set()
        edition = self.setup.edition
        for lang in langs:
            items = edition.articles[lang]
            inputs = digest(self.site, "search", lang, [self.digests(a) for a in items])
            before = {job.path for job in self.memo.search[lang].jobs} if (
                lang in self.memo.search) else set()
            files = render_search_index(items, lang, inputs, self.tokens_of, self.memo.search,
                                        self._text_fingerprint)
            files = self.ahead(lang, files, items) if self.ahead is not None else files
            self._search_dropped |= before - {job.path for job in files}
            jobs += files
        return jobs

    def _text_fingerprint(self, article: Article) -> str:
        """Fingerprint an article's search snippet text: the article, as its pages are."""
        return digest(self.site, "search text", self.digests(article))

    def _sitemap(self, routes: list[Route]) -> Job:
        """Return the sitemap's job, the last one while every page is the same route object."""
        known = self.memo.sitemap
        if known is not None and self.memo.site == self.site and len(known[0]) == len(
                routes) and all(map(operator.is_, known[0], routes)):
            return known[1]
        output = sitemap_output(self.setup.config, routes)
        job = Job(output.path, digest(self.site, output.shows), output.make)
        self.memo.sitemap = (tuple(routes), job)
        return job


def _index(memo: RenderMemo, key: Key, group: _Kept, add: bool) -> None:
    """Enter a group under the slugs it shows and the globals it reads, or take it out."""
    for slug, index in [(a.slug, memo.showing) for a, _ in group.members] + [
            (name, memo.reading) for name in group.reads]:
        if add:
            index.setdefault(slug, set()).add(key)
        else:
            index.get(slug, set()).discard(key)


def _same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Tell whether inputs are the same: articles the same objects, anything else equal."""
    if len(old) != len(new):
        return False
    if all(map(operator.is_, old, new)):
        return True  # the usual case in a warm process, at C speed
    return all(a is b or (type(a) is not Article and a == b) for a, b in zip(old, new, strict=True))
