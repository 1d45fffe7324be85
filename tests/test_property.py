"""The incremental engine against the plain path: after any sequence of edits, serve's warm
rebuild and the CLI's build write, byte for byte, what a clean build of the same files writes.

Each example copies a small bilingual site (the demo print page, three web-only stories, a
theme folder), starts serve's builder on it (engine_harness.WarmServe) and builds it once with
the CLI; then, burst after burst of edits (property_site.edits: bodies, titles, dates, tags,
columns, stories and print pages added and deleted, drafts, withdrawals, PO corrections, theme
templates, site.toml, an upgrade of site-builder), it checks:
- serve's warm rebuild (the watcher's list of changed paths, one Session throughout) equals the
  preview's build of a copy of the input files with no cache at all;
- the CLI build (another process: the caches on disk, nothing in memory) equals the CLI's build of
  such a copy, and so do content/ (zh and en) and the translation memory it leaves.

CI runs a fixed, reproducible set of examples (derandomized, no example database) in a few
minutes. A longer hunt, with new random examples each run, failures kept in .hypothesis/ and
replayed first:

    SITE_BUILDER_PROOF_EXAMPLES=200 .venv/bin/python -m pytest -q tests/test_property.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from engine_harness import (
    PREVIEW,
    WarmServe,
    assert_same_tree,
    cli_build,
    cli_process,
    copy_inputs,
    preview_build,
    starting_site,
    tree,
)
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from property_site import (
    AddSeed,
    CorrectTranslation,
    EditBody,
    EditField,
    Site,
    Upgrade,
    edits,
)

HUNT = int(os.environ.get("SITE_BUILDER_PROOF_EXAMPLES", "0"))  # 0: CI's fixed examples
PROOF = settings(
    max_examples=HUNT or 10,
    deadline=None,
    derandomize=not HUNT,  # CI: the same examples every run
    database=None if not HUNT else settings.default.database,
    # a failing example is minimised only in a hunt: each try costs seconds
    phases=tuple(Phase) if HUNT else (Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
BURSTS = st.lists(st.lists(edits(), min_size=1, max_size=2), min_size=1, max_size=4)
NEWEST = 0  # edits pick articles newest first


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory, installed_argos) -> Path:
    return starting_site(tmp_path_factory.mktemp("start"), installed_argos)


@PROOF
@given(bursts=BURSTS)
# The stale sidebar of issue 14: the theme's sidebar of the latest headlines, the newest retitled
@example(bursts=[[EditField(NEWEST, "title", 1)]])
# An upgrade of site-builder after an editor's correction and a new print page
@example(bursts=[[CorrectTranslation(0, 0, 2), AddSeed(2)], [Upgrade()],
                 [EditBody(NEWEST, 0, 1)]])
def test_warm_and_cli_builds_equal_a_clean_build(start: Path, installed_argos, bursts) -> None:
    with tempfile.TemporaryDirectory(prefix="proof-") as tmp:
        site = Site(copy_inputs(start, Path(tmp) / "site"))
        warm = WarmServe(site, installed_argos)
        try:
            cli_build(site.root, 0, installed_argos)  # the CLI's first build of this folder
            for number, burst in enumerate(bursts):
                for edit in burst:
                    edit.apply(site)
                check_builds(site, warm, Path(tmp) / f"clean-{number}", installed_argos)
        finally:
            warm.close()


def check_builds(site: Site, warm: WarmServe, clean: Path, package, cli=None) -> None:
    """Rebuild warm and with the CLI; compare each with a clean build of the same inputs."""
    as_cli = copy_inputs(site.root, clean / "cli")  # the inputs as saved, before any build
    as_preview = copy_inputs(site.root, clean / "preview")
    warm.rebuild()
    content, memory = tree(site.root / "content"), tree(site.root / "translations")
    run = (cli or cli_build)(site.root, site.generation, package)
    expected = cli_build(as_cli, site.generation, package)
    problems = preview_build(as_preview, site.generation, package)
    assert _said(warm.preview.state.errors, site.root) == _said(problems, as_preview)
    assert (run.code, _said(run.errors, site.root)) == (
        expected.code, _said(expected.errors, as_cli)), run.output
    assert_same_tree(warm.out, as_preview / PREVIEW, "serve's warm rebuild")
    assert_same_tree(content, as_cli / "content", "content/ after the warm rebuild")
    assert_same_tree(memory, as_cli / "translations", "translations/ after the warm rebuild")
    assert_same_tree(site.root / "public", as_cli / "public", "the CLI's build")
    assert_same_tree(site.root / "content", as_cli / "content", "content/ after the CLI's")
    assert_same_tree(site.root / "translations", as_cli / "translations",
                     "translations/ after the CLI's")


def _said(lines, root: Path) -> tuple[str, ...]:
    """Messages with the site's folder left out, to compare two copies' messages."""
    return tuple(line.replace(str(root), "<site>") for line in lines)


@settings(PROOF, max_examples=HUNT or 2)
@given(bursts=BURSTS)
def test_cli_in_a_new_process_equals_a_clean_build(start: Path, installed_argos, argos_env,
                                                   bursts) -> None:
    """As above, with each CLI build a real new Python process (the rest as emulated above)."""
    env = {**argos_env, "ARGOS_PACKAGES_DIR": str(installed_argos.package_path.parent)}

    def cli(root: Path, generation: int, package):
        return cli_process(root, generation, env)

    with tempfile.TemporaryDirectory(prefix="proof-") as tmp:
        site = Site(copy_inputs(start, Path(tmp) / "site"))
        warm = WarmServe(site, installed_argos)
        try:
            cli(site.root, 0, installed_argos)
            for number, burst in enumerate(bursts):
                for edit in burst:
                    edit.apply(site)
                check_builds(site, warm, Path(tmp) / f"clean-{number}", installed_argos, cli)
        finally:
            warm.close()
