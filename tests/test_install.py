"""A second paper adopts the tool: a wheel, a fresh venv, `init`, `build --lang zh` (about 15 s).

The wheel is built from a copy of the sources, so the repository is not on any path the
installed tool can see; the venv sees this venv's site-packages for the dependencies only
(a plain path entry: the editable install of this checkout is not activated there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from site_builder.cli import version

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "site_builder"
pytestmark = pytest.mark.install


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output if it fails."""
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel, as `pip install .` would, from a copy of the sources."""
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(PACKAGE, source / "site_builder",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source], cwd=source)
    return next(out.glob("site_builder-*.whl"))


def test_the_wheel_holds_every_file_of_the_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("site_builder/")}
    files = {path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts}
    assert files - shipped == set()
    assert "site_builder/templates/labels/zh.toml" in shipped


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (not editable); return its scripts folder."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", home], cwd=home.parent)
    scripts = home / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=home).strip()
    # The dependencies: this venv's, already installed (a real install would fetch them)
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n",
                                                 encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
         "--no-index", wheel], cwd=home)
    return scripts


def clean_env() -> dict[str, str]:
    """The environment of a newsroom's shell: no PYTHONPATH leading back to this checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_init_and_build_from_a_non_editable_install(venv, tmp_path):
    tool = venv / "site-builder"
    env = clean_env()
    where = run([venv / "python", "-c", "import site_builder; print(site_builder.__file__)"],
                cwd=tmp_path, env=env)
    assert Path(where.strip()).is_relative_to(venv.parent), "the tool ran from the checkout"
    assert run([tool, "--version"], cwd=tmp_path, env=env).strip() == f"site-builder {version()}"

    run([tool, "init", "paper"], cwd=tmp_path, env=env)
    paper = tmp_path / "paper"
    shutil.copy(ROOT / "seeds" / "000_4b71105106d275e4.txt", paper / "seeds")
    summary = run([tool, "build", "--lang", "zh"], cwd=paper, env=env)
    assert summary.startswith("9 articles"), summary
    front = (paper / "public" / "zh" / "index.html").read_text(encoding="utf-8")
    assert "报纸名称" in front and "全部报道" in front  # init's placeholder title; a label
    assert '<link rel="canonical" href="https://news.example.cn/zh/">' in front
    assert len(list((paper / "public" / "zh" / "articles").glob("*/index.html"))) == 9
    assert (paper / "public" / "assets" / "style.css").is_file()


def _requirements(name: str) -> list[str]:
    """Return the distributions a distribution requires (its extras left out)."""
    import re
    from importlib import metadata

    wanted = []
    for line in metadata.requires(name) or []:
        requirement, _, marker = line.partition(";")
        if "extra ==" not in marker:
            wanted.append(re.split(r"[\s<>=!~\[(]", requirement.strip(), maxsplit=1)[0])
    return wanted


def test_nothing_site_builder_installs_pulls_in_torch_or_stanza():
    """argostranslate pulls stanza and torch (gigabytes) that a build never uses: we use the
    build of Argos without them, and nothing else of ours may bring them back."""
    from importlib import metadata

    seen: set[str] = set()
    todo = ["site-builder"]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            todo += _requirements(name)
        except metadata.PackageNotFoundError:  # an optional platform requirement
            continue
    assert "argos-translate-lt" in seen and "argostranslate" not in seen
    assert not seen & {"torch", "stanza", "spacy"}, sorted(seen)
