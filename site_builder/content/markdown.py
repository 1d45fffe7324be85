"""Article <-> Markdown file: YAML front matter (content/frontmatter.py), a Markdown body
(content/body.py). load_article(dump_article(a)) == a.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.content.body import dump_body, parse_body
from site_builder.content.frontmatter import ContentError, dump_front_matter, read_front_matter
from site_builder.files import remove, write_atomic
from site_builder.models import Article

__all__ = ["ContentError", "article_files", "dump_article", "load_article", "read_article",
           "read_content", "remove_content", "write_content"]
FENCE = "---"


def dump_article(article: Article, header: str | None = None) -> str:
    """Render an article as YAML front matter and a Markdown body."""
    front = dump_front_matter(article)
    comment = f"# {header}\n" if header else ""
    body = dump_body(article.body)
    return f"{FENCE}\n{comment}{front}{FENCE}\n" + (f"\n{body}\n" if body else "")


def load_article(text: str, path: Path) -> Article:
    """Parse a Markdown file: front matter between --- lines, then the Markdown body."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(f"{path}:1: missing front matter (the file must start with ---)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
    except StopIteration:
        raise ContentError(f"{path}:1: front matter is not closed by a --- line") from None
    values = read_front_matter(lines[1:end], path)
    values["body"] = parse_body(lines[end + 1 :])
    return Article(**values)


def read_article(path: Path) -> Article:
    """Load one Markdown article file."""
    return checked_article(read_content(path), path)


def checked_article(text: str, path: Path) -> Article:
    """Load an article from its file's text, checking that its slug is the file's name."""
    article = load_article(text, path)
    if article.slug != path.stem:
        raise ContentError(f"{path}: slug {article.slug!r} does not match the file name")
    return article


def article_files(folder: Path) -> list[Path]:
    """The Markdown files of one language folder, in a stable order."""
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def read_content(path: Path) -> str:
    """Return a content file's text; a file that cannot be read is a ContentError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read: {exc.strerror}") from None


def write_content(path: Path, text: str, durable: bool = True) -> None:
    """Replace a content file whole (durable=False: derived from others, not flushed to disk);
    a full disk or a read-only folder is a ContentError, and the old file stays."""
    try:
        write_atomic(path, text, durable=durable)
    except OSError as exc:
        raise ContentError(f"{path}: cannot write: {exc.strerror or exc}") from None


def remove_content(path: Path) -> None:
    """Delete a file the build made; a failure is a ContentError naming the file."""
    try:
        remove(path)
    except OSError as exc:
        raise ContentError(f"{path}: cannot delete: {exc.strerror or exc}") from None
