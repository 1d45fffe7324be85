"""`site-builder init`: the files a new paper's site starts from, in an empty folder.

site.toml is written from the config schema (every key, its default, what it is for), so it
lists exactly the keys the loader accepts.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.config import DEFAULT_TEMPLATES
from site_builder.config_schema import TABLES, Key, toml_value
from site_builder.errors import UsageError

# Keys a new site.toml sets (placeholders to edit, and the theme folder init makes); every
# other key is written commented out, with its default, so a later default reaches the site.
SET = {("site", "title"), ("site", "description"), ("site", "base_url"), ("paths", "theme")}
FOLDERS = ("seeds", "content", "media", "theme")

SEEDS_README = """\
# seeds/: the text of the printed pages

Put the text of each printed page here, one file per page, named `*.txt` (UTF-8, UTF-16 or
GB18030; the name is yours, e.g. `20260202_01.txt`). `site-builder build` finds the articles on
each page and writes them to `content/zh/` as Markdown, where editors may correct them.

A page may start with front matter naming its date and print page (else they are read off
the text):

    ---
    date: 2026-02-02
    page: 1
    section: 要闻
    ---

Pictures that articles name go in `media/`.
"""

THEME_README = """\
# theme/: this paper's changes to the default look

Pages are made from site-builder's default templates (Jinja2). A file here with the name of a
default file replaces it; every other file stays the default. Save under `site-builder serve`
to see a change at once.

The defaults are in the installed package, in {defaults}
(this is where they were when the site was started; this prints the package's folder now:
`python -c "import site_builder; print(site_builder.__path__[0])"`).

- Templates: {templates}. Copy the one to change here and edit it.
- `static/`: {static} are replaced by files of the same name in
  `theme/static/`; any other file there is published under `assets/`
  (a template links it with `{{{{ asset("name") }}}}`).
- `labels/zh.toml`, `labels/en.toml`: the interface words (首页, 全部报道, Search, ...). Write only
  the ones to change, e.g. `archive = "过往报道"`; the rest keep the defaults (`labels/` of the
  default templates lists them all). A key the defaults do not have is an error that names the
  nearest one.
"""

GITIGNORE = """\
# Built by site-builder: the site, and caches that are safe to delete.
/public/
/.public.cache/
/.public.standby/
/.public.tmp-*/
/.site-builder/
/.site-builder.lock
"""


class InitError(UsageError):
    """The folder for a new site cannot be used (it holds files, or is a file)."""


def init_site(folder: Path) -> list[Path]:
    """Write a new site's site.toml, folders and READMEs into folder (new or empty)."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder}: is a file; give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"{folder}: not empty; init writes only into a new or empty folder "
                        "(nothing was changed)")
    files = {
        "site.toml": sample_config(),
        ".gitignore": GITIGNORE,
        "seeds/README.md": SEEDS_README,
        "theme/README.md": theme_readme(),
    }
    written = []
    try:
        for name in FOLDERS:
            (folder / name).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    except OSError as exc:
        raise InitError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from None
    return written


def sample_config() -> str:
    """Return a commented site.toml: every key of the schema, with its default."""
    lines = [
        "# site.toml: the settings of this paper's site. Lines starting with # are comments.",
        "# Every key is listed with its default; remove the # before one to change it.",
        "# A key site-builder does not know stops the build, naming the nearest known key.",
    ]
    for table, keys in TABLES.items():
        lines += ["", f"[{table}]"]
        for key in keys:
            lines += _key_lines(table, key)
    return "\n".join(lines) + "\n"


def _key_lines(table: str, key: Key) -> list[str]:
    """Return a key's comment and its line, set or commented out."""
    doc = key.doc[0].upper() + key.doc[1:]
    if (table, key.name) in SET:
        return [f"# {doc}.", f"{key.name} = {key.sample or toml_value(key.default)}"]
    if key.sample and key.default in (None, "", []):
        return [f"# {doc}. Unset by default, e.g.:", f"# {key.name} = {key.sample}"]
    return [f"# {doc}.", f"# {key.name} = {toml_value(key.default)}"]


def theme_readme() -> str:
    """Return theme/README.md, listing the default templates and static files by name."""
    templates = sorted(p.name for p in DEFAULT_TEMPLATES.glob("*.html"))
    static = sorted(p.name for p in (DEFAULT_TEMPLATES / "static").glob("*") if p.is_file())
    return THEME_README.format(defaults=DEFAULT_TEMPLATES,
                               templates=", ".join(f"`{n}`" for n in templates),
                               static=", ".join(f"`{n}`" for n in static))
