"""The no-op check (cache/noop.py) on its own: what makes the next build run, and what does not."""

from __future__ import annotations

from pathlib import Path

from site_fixtures import make_config

from site_builder.cache import noop


def project(root: Path, **extra):
    """A site's input folders with one article and a logo; its config."""
    for name in ("seeds", "content/zh", "translations/en", "media"):
        (root / name).mkdir(parents=True)
    (root / "content" / "zh" / "a.md").write_text("---\ntitle: 甲\n---\n正文。\n", encoding="utf-8")
    (root / "logo.png").write_bytes(b"logo")
    return make_config(root, seeds_dir=root / "seeds", content_dir=root / "content",
                       translations_dir=root / "translations", media_dir=root / "media",
                       logo=root / "logo.png", **extra)


def build(config, run=lambda: "built") -> bool:
    """Run the no-op check around `run`; return True when it skipped the build."""
    out = config.root / "public"
    out.mkdir(exist_ok=True)
    return noop.skip_or_run(config, ("options",), out, run)[1]


def test_the_build_after_a_build_is_skipped_and_any_input_change_runs_it(tmp_path: Path) -> None:
    config = project(tmp_path)
    assert build(config) is False and build(config) is True
    (tmp_path / "logo.png").write_bytes(b"new logo")  # every page shows it
    assert build(config) is False and build(config) is True
    (tmp_path / "content" / "zh" / "b.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8")
    assert build(config) is False and build(config) is True


def test_a_file_saved_or_deleted_during_a_build_makes_the_next_one_run(tmp_path: Path) -> None:
    config = project(tmp_path)
    article = tmp_path / "content" / "zh" / "a.md"
    build(config)
    for number, change in enumerate((
            lambda: article.write_text("---\ntitle: 丙\n---\n改了。\n", encoding="utf-8"),
            article.unlink)):
        (tmp_path / "seeds" / "page.txt").write_text(f"版{number}", encoding="utf-8")
        assert build(config, run=lambda change=change: change() or "built") is False
        assert build(config) is False  # that build read the file as it was before the save
        assert build(config) is True


def test_forgetting_a_build_that_left_no_record_is_fine(tmp_path: Path) -> None:
    noop.forget(tmp_path / "public")  # an embargo lifted after a build that was not recorded


def test_a_file_name_that_is_not_utf8_is_stamped_like_any_other(tmp_path: Path) -> None:
    config = project(tmp_path)
    stamps = noop.input_stamps(config)
    stamps["seeds/\udcff.txt"] = None  # os.walk gives undecodable bytes as surrogates
    assert noop._state(config, (), stamps, tmp_path / "public")
