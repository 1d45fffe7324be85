"""`site-builder init`: a new paper's folder, its commented site.toml; --version; --port."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from site_builder import __version__
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.config_schema import TABLES

ROOT = Path(__file__).resolve().parent.parent


def test_init_writes_the_layout_of_a_new_site(tmp_path, capsys):
    assert main(["init", str(tmp_path / "paper")]) == 0
    paper = tmp_path / "paper"
    files = {p.relative_to(paper).as_posix() for p in paper.rglob("*")}
    assert files == {"site.toml", ".gitignore", "seeds", "seeds/README.md", "content", "media",
                     "theme", "theme/README.md"}
    config = load_config(paper / "site.toml")
    assert config.theme_dir == paper / "theme" and config.seeds_dir == paper / "seeds"
    assert config.title == {"zh": "报纸名称", "en": "Paper Name"}  # placeholders to edit
    assert "cd " in capsys.readouterr().out
    assert "labels/zh.toml" in (paper / "theme" / "README.md").read_text(encoding="utf-8")
    assert "/public/" in (paper / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_init_site_toml_shows_every_key_with_a_comment(tmp_path):
    main(["init", str(tmp_path)])
    text = (tmp_path / "site.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for table, keys in TABLES.items():
        assert f"[{table}]" in lines
        for key in keys:
            found = [i for i, line in enumerate(lines) if re.match(rf"(# )?{key.name} = ", line)]
            assert len(found) == 1, f"[{table}] {key.name}"
            assert lines[found[0] - 1].startswith("# "), f"[{table}] {key.name}: no comment"
    assert "# per_page = 20" in lines and '# output = "public"' in lines  # defaults shown


def test_every_commented_out_key_of_init_site_toml_is_valid(tmp_path):
    """Uncommenting every key (defaults and examples) gives a config that loads."""
    main(["init", str(tmp_path)])
    text = (tmp_path / "site.toml").read_text(encoding="utf-8")
    uncommented = re.sub(r"(?m)^# (\w+ = )", r"\1", text)
    data = tomllib.loads(uncommented)
    assert data["site"]["date"] and data["site"]["footer"]["icp"]  # examples, uncommented
    (tmp_path / "site.toml").write_text(uncommented, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "templates").mkdir()
    config = load_config(tmp_path / "site.toml")
    assert config.sections and config.footer.police and config.logo == tmp_path / "logo.png"


@pytest.mark.parametrize("content", ["file", "hidden", "folder"])
def test_init_refuses_a_folder_that_holds_anything_and_touches_nothing(tmp_path, capsys,
                                                                       content):
    name = {"file": "notes.txt", "hidden": ".git", "folder": "seeds"}[content]
    thing = tmp_path / name
    thing.mkdir() if content != "file" else thing.write_text("keep", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert content != "file" or thing.read_text(encoding="utf-8") == "keep"


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "paper").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "paper")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_init_in_the_current_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert (tmp_path / "site.toml").is_file()


def test_init_then_build_runs_in_the_new_folder(tmp_path, monkeypatch):
    main(["init", str(tmp_path)])
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q", "--lang", "zh"]) == 0
    assert (tmp_path / "public" / "zh" / "index.html").is_file()


def test_version_is_the_package_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"site-builder {__version__}\n"


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(port, capsys):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--port", port])
    assert info.value.code == 2
    assert "use 1-65535, or 0 for any free port" in capsys.readouterr().err


def test_the_readme_documents_every_key_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## Configuration"):readme.index("## Themes")]
    for table, keys in TABLES.items():
        assert f"`[{table}]`" in reference, table
        for key in keys:
            assert f"| `{key.name}` |" in reference, f"[{table}] {key.name}"
    for command in ("site-builder init ", "site-builder --version", "--base-url ",
                    "serve --port 0"):
        assert command in readme, command
