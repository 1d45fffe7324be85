"""The bad-input corpus (tests/bad/): each bad file gives one clear error naming it, the right
exit code, no traceback, and the rest of the site still builds where that makes sense.

Builds run the real command line in this process (no subprocess: jieba loads once), Chinese
only unless the case is about translation. A traceback would surface as an exception here.
"""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import site_toml

from site_builder.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BAD = TESTS / "bad"
GOOD_ARTICLES = 3  # articles on tests/bad/good_page.txt
SITE_TOML = site_toml("http://127.0.0.1:8000/") + '\n[paths]\ntheme = "theme"\n'
# What Python prints for an uncaught exception; a user error must never show one.
TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Run:
    """One command-line run: exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error:")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site: one good page (3 articles), an empty theme folder, nothing built."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(BAD / "good_page.txt", tmp_path / "seeds" / "good_page.txt")
    (tmp_path / "theme").mkdir()
    (tmp_path / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return tmp_path


def cli(argv: list[str]) -> int:
    """Run main() and undo its logging set-up, which would silence other tests' caplog."""
    logger = logging.getLogger("site_builder")
    handlers, level = list(logger.handlers), logger.level
    try:
        return main(argv)
    finally:
        for handler in logger.handlers[len(handlers):]:  # main() adds one per call
            logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture(scope="module")
def _built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built") / "site"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(BAD / "good_page.txt", root / "seeds" / "good_page.txt")
    (root / "theme").mkdir()
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    assert cli(["build", "--lang", "zh", "-q", "--config", str(root / "site.toml")]) == 0
    return root


@pytest.fixture
def built(_built_once: Path, tmp_path: Path) -> Path:
    """The small site, already built once (Chinese only): a copy of one build per module."""
    root = tmp_path / "site"
    shutil.copytree(_built_once, root)
    return root


def run_cli(site: Path, capsys: pytest.CaptureFixture, *args: str) -> Run:
    """Run `site-builder ARGS --config site/site.toml` in this process."""
    code = cli([args[0], "--config", str(site / "site.toml"), *args[1:]])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def built_articles(site: Path, lang: str = "zh") -> list[str]:
    folder = site / "public" / lang / "articles"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def assert_one_error(run: Run, code: int, *fragments: str) -> str:
    assert run.code == code, run.err
    assert len(run.errors) == 1, run.err
    assert TRACEBACK not in run.err
    for fragment in fragments:
        assert fragment in run.errors[0], run.errors[0]
    return run.errors[0]


# --- seeds: the bad page is reported, every other page still builds -------------------------

SEED_CASES = {
    "empty.txt": "empty.txt: the file is empty",
    "whitespace_only.txt": "whitespace_only.txt: the file is empty",
    "binary.txt": "binary.txt: binary file",
    "control_chars.txt": "control_chars.txt:2: binary data",
    "latin1.txt": "latin1.txt:1: cannot decode",
    "mixed_encodings.txt": "mixed_encodings.txt:19: cannot decode",
    "bad_utf16_bom.txt": "bad_utf16_bom.txt: has a utf-16 byte-order mark",
    "headlines_only.txt": "headlines_only.txt: no article found",
    "no_body.txt": "no_body.txt: no article found",
    "front_matter_only.txt": "front_matter_only.txt: no page text",
    "front_matter_unclosed.txt": "front_matter_unclosed.txt:1: front matter",
    "front_matter_bad_date.txt": "front_matter_bad_date.txt:2: date '2026-02-30'",
    "front_matter_not_a_date.txt": "front_matter_not_a_date.txt:2: date 'yesterday'",
    "front_matter_not_key_value.txt": "front_matter_not_key_value.txt:3: front matter line",
    "no_chinese.txt": "no_chinese.txt: no Chinese text",
    "no_date.txt": "no_date.txt: no publication date",
}


def test_every_bad_seed_in_the_corpus_has_a_case():
    assert sorted(p.name for p in (BAD / "seeds").iterdir()) == sorted(SEED_CASES)


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_a_bad_seed_is_reported_and_the_rest_still_builds(site, capsys, name):
    shutil.copy(BAD / "seeds" / name, site / "seeds" / name)
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert_one_error(run, 1, f"seeds/{SEED_CASES[name]}")
    assert len(built_articles(site)) == GOOD_ARTICLES


def test_a_10_mb_single_line_is_refused_quickly(site, capsys):
    line = "义乌国际商贸城" * (10_000_000 // len("义乌国际商贸城".encode()))
    (site / "seeds" / "one_line.txt").write_text(f"---\ndate: 2026-03-05\n---\n{line}\n",
                                                  encoding="utf-8")
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert_one_error(run, 1, "seeds/one_line.txt:4: line is", "characters long")
    assert len(built_articles(site)) == GOOD_ARTICLES


@pytest.mark.parametrize(("name", "warning"), [
    ("unknown_key.txt", "unknown_key.txt:3: unknown front matter key 'edition' ignored"),
    ("dashes_in_body.txt", None),
])
def test_odd_but_valid_seeds_build(site, capsys, name, warning):
    (site / "seeds" / "good_page.txt").unlink()  # the odd pages reprint its articles
    shutil.copy(BAD / "seeds_ok" / name, site / "seeds" / name)
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert run.code == 0 and not run.errors, run.err
    assert len(built_articles(site)) >= GOOD_ARTICLES
    if warning:
        assert warning in run.err
    texts = [p.read_text(encoding="utf-8") for p in (site / "content" / "zh").glob("*.md")]
    if name == "dashes_in_body.txt":  # the dashes are body text, not a front matter fence
        assert any("---分隔---" in text for text in texts)


def test_a_page_exported_twice_is_reported_once(site, capsys):
    shutil.copy(BAD / "good_page.txt", site / "seeds" / "good_page_again.txt")
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert_one_error(run, 1, "good_page_again.txt", "same article as")
    assert len(built_articles(site)) == GOOD_ARTICLES


# --- content/zh: an editor's broken file stops the build and is never touched ----------------

CONTENT_CASES = {
    "bad-date.md": "bad-date.md:5: date",
    "not-a-date.md": "not-a-date.md:5: date",
    "wrong-type-list.md": "wrong-type-list.md:6: reporters: must be a list",
    "wrong-type-bool.md": "wrong-type-bool.md:6: title_inferred: must be true or false",
    "wrong-type-translation.md": "wrong-type-translation.md:6: translation: must be",
    "unknown-key.md": "unknown-key.md:6: unknown front matter key 'author'",
    "malformed-value.md": "malformed-value.md:6: invalid front matter",
    "escape-relative.md": "escape-relative.md:2: slug must be",
    "escape-absolute.md": "escape-absolute.md:2: slug must be",
    "slug-not-file-name.md": "slug-not-file-name.md: slug 'another-name' does not match",
    "unclosed.md": "unclosed.md:1: front matter is not closed",
    "no-front-matter.md": "no-front-matter.md:1: missing front matter",
    "missing-title.md": "missing-title.md:1: front matter lacks title",
    "not-utf8.md": "not-utf8.md: not UTF-8",
}


def test_every_bad_content_file_in_the_corpus_has_a_case():
    assert sorted(p.name for p in (BAD / "content").iterdir()) == sorted(CONTENT_CASES)


@pytest.mark.parametrize("name", sorted(CONTENT_CASES))
def test_a_broken_content_file_is_named_kept_and_the_old_site_stays(built, capsys, name):
    site = built
    before = snapshot(site / "public")
    broken = site / "content" / "zh" / name
    shutil.copy(BAD / "content" / name, broken)
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert_one_error(run, 1, f"content/zh/{CONTENT_CASES[name]}")
    assert broken.read_bytes() == (BAD / "content" / name).read_bytes()  # the editor's work
    assert snapshot(site / "public") == before
    assert not (site / "x").exists() and not (site.parent / "x").exists()


def test_dashes_inside_an_editors_body_are_text(site, capsys):
    (site / "content" / "zh").mkdir(parents=True)
    shutil.copy(BAD / "content_ok" / "dashes-in-body.md", site / "content" / "zh")
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert run.code == 0, run.err
    page = (site / "public/zh/articles/dashes-in-body/index.html").read_text(encoding="utf-8")
    assert "第二段 --- 中间有横线。" in page


# --- templates: one error naming template file and line; the old site stays ------------------

TEMPLATE_CASES = {
    "syntax_error.html": "theme/article.html:3:",
    "runtime_error.html": "theme/article.html:3: ZeroDivisionError",
    "undefined.html": "theme/article.html:3: UndefinedError",
    "missing_include.html": "no_such_partial.html",
    "unclosed_block.html": "theme/article.html:",
    "not_utf8.html": "theme/article.html",
}


@pytest.mark.parametrize("name", sorted(TEMPLATE_CASES))
def test_a_broken_template_is_named_and_the_old_site_stays(built, capsys, name):
    site = built
    before = snapshot(site / "public")
    shutil.copy(BAD / "templates" / name, site / "theme" / "article.html")
    run = run_cli(site, capsys, "build", "--lang", "zh")
    assert_one_error(run, 1, TEMPLATE_CASES[name])
    assert snapshot(site / "public") == before


# --- translation memory and model files ---------------------------------------------------

PO_CASES = {
    "unterminated.po": ":6: unterminated",
    "truncated.po": ":9: msgid without msgstr",
    "not_utf8.po": ":5: not valid UTF-8",
    "garbage.po": ":1: unterminated or missing quoted string",
    "binary.po": ":1: not valid UTF-8",
    "duplicate_msgstr.po": ":7: invalid PO file",
}


def test_every_bad_po_file_in_the_corpus_has_a_case():
    assert sorted(p.name for p in (BAD / "po").iterdir()) == sorted(PO_CASES)


@pytest.mark.parametrize("name", sorted(PO_CASES))
def test_a_corrupt_po_file_is_named_and_left_as_it_is(site, capsys, name):
    memory = site / "translations" / "en"
    memory.mkdir(parents=True)
    shutil.copy(BAD / "po" / name, memory / name)
    run = run_cli(site, capsys, "build", "--no-download")
    assert_one_error(run, 1, f"translations/en/{name}{PO_CASES[name]}")
    assert (memory / name).read_bytes() == (BAD / "po" / name).read_bytes()
    assert sorted(p.name for p in memory.iterdir()) == [name]  # nothing written beside it


def _truncated(model: Path, folder: Path) -> Path:
    data = model.read_bytes()
    path = folder / "truncated.argosmodel"
    path.write_bytes(data[: len(data) // 2])
    return path


def _without_model_bin(model: Path, folder: Path) -> Path:
    path = folder / "no_weights.argosmodel"
    with zipfile.ZipFile(model) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if not item.filename.endswith("model.bin"):
                target.writestr(item, source.read(item))
    return path


@pytest.mark.parametrize("make", [
    lambda model, folder: (folder / "empty.argosmodel", b""),
    lambda model, folder: (folder / "text.argosmodel", b"not a zip file\n"),
    lambda model, folder: (_truncated(model, folder), None),
    lambda model, folder: (_without_model_bin(model, folder), None),
], ids=["empty", "text", "truncated", "no-weights"])
def test_a_corrupt_argosmodel_is_refused(site, capsys, tmp_path_factory, monkeypatch,
                                         argos_model_file, make):
    folder = tmp_path_factory.mktemp("bad-model")
    path, data = make(argos_model_file, folder)
    if data is not None:
        path.write_bytes(data)
    packages = folder / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    run = run_cli(site, capsys, "model", "install", "--file", str(path))
    assert_one_error(run, 1, str(path))
    assert not packages.exists() or not any(packages.iterdir())  # nothing half-installed


# --- the file system fails: read-only output, full disk -------------------------------------

def _child(site: Path, *args: str, fsize: int | None = None, drop_root: bool = False):
    """Run the CLI in a child process, optionally with a file-size limit or without root's
    right to ignore file permissions (so a read-only folder is read-only for root too)."""
    code = "import sys; from site_builder.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", code, *args]
    if drop_root:
        command = ["setpriv", "--inh-caps=-all",
                   "--bounding-set=-dac_override,-dac_read_search", "--", *command]

    def limit() -> None:  # EFBIG where the disk would give ENOSPC; both are OSErrors
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120,
                          preexec_fn=limit if fsize else None, env=os.environ.copy())


def test_a_read_only_output_folder_is_one_error_and_the_old_site_stays(built):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root ignores permissions and setpriv is missing")
    site = built
    before = snapshot(site / "public")
    site.chmod(0o555)  # public/ is replaced by a rename in its parent: that is what fails
    try:
        result = _child(site, "build", "--lang", "zh", drop_root=os.geteuid() == 0)
    finally:
        site.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert TRACEBACK not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(site) in errors[0], result.stderr
    assert snapshot(site / "public") == before


@pytest.mark.parametrize(("fsize", "where"), [
    (600, "/content/zh/"),  # an article file is bigger: fails while syncing content/zh
    (2_000, "/zh/"),  # articles fit, the largest pages do not: fails writing public/
])
def test_a_full_disk_is_one_error_and_nothing_is_lost(built, fsize, where):
    site = built
    before = snapshot(site / "public")
    content = snapshot(site / "content")
    (site / "seeds" / "good_page.txt").write_text(
        "---\ndate: 2026-03-06\n---\n" + (BAD / "good_page.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = _child(site, "build", "--lang", "zh", fsize=fsize)
    assert result.returncode == 1, result.stderr
    assert TRACEBACK not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and where in errors[0] and "File too large" in errors[0], errors
    assert snapshot(site / "public") == before
    if fsize < 1_000:
        assert snapshot(site / "content") == content  # no half-written article replaced one
    leftovers = [p.name for p in site.rglob("*") if ".tmp" in p.name]
    assert leftovers == []


def test_rewritten_files_keep_readable_permissions(built, capsys):
    article = sorted((built / "content" / "zh").glob("*.md"))[0]
    assert article.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600: editors share them
    article.chmod(0o664)  # a newsroom's group-writable file stays group-writable
    (built / "seeds" / "good_page.txt").write_text(
        "---\ndate: 2026-03-06\n---\n" + (BAD / "good_page.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert run_cli(built, capsys, "build", "--lang", "zh").code == 0
    assert "2026-03-06" in article.read_text(encoding="utf-8")
    assert article.stat().st_mode & 0o777 == 0o664
