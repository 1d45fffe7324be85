"""Command line: argparse, the only place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("site_builder")


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = _parser().parse_args(argv)
    _setup_logging(args.verbosity)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted: nothing half-written was kept", file=sys.stderr)
        return 130
    except (
        Exception
    ) as exc:  # user-facing errors only; anything else is a bug and keeps its traceback
        code = _exit_code(exc)
        if code is None:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a bilingual (Chinese/English) news site from newspaper page dumps.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = commands.add_parser("init", help="start a new site in an empty folder",
                               description="Write site.toml and the folders of a new site.")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                      help="a new or empty folder (default: the current one)")
    init.set_defaults(run=_run_init, verbosity=0)
    build = _command(commands, "build", "parse seeds, translate, render public/", _run_build)
    build.add_argument("--out", type=Path, help="output folder (default: [paths] output)")
    build.add_argument("--base-url", metavar="URL",
                       help="publish under this URL, for this build (default: [site] base_url)")
    build.add_argument("--lang", help="languages to build: zh,en or zh (default: [site] languages)")
    build.add_argument("--no-download", action="store_true", help="never download a model")
    build.add_argument(
        "--allow-zh-only",
        action="store_true",
        help="when no zh→en model can be had, warn and build the Chinese site only",
    )
    translate = _command(commands, "translate", "fill the translation memory only", _run_translate)
    translate.add_argument(
        "--retranslate-machine",
        action="store_true",
        help="re-translate machine (fuzzy) entries; editors' entries are kept",
    )
    translate.add_argument("--no-download", action="store_true", help="never download a model")
    parse = _command(commands, "parse", "show what the parser finds on seed pages", _run_parse)
    parse.add_argument("files", nargs="+", type=Path, metavar="FILE")
    serve = _command(
        commands, "serve", "build, serve with live reload, rebuild on change", _run_serve
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000,
                       help="port (default 8000; 0: any free port, printed when serving)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--no-download", action="store_true", help="never download a model")
    model = _command(commands, "model", "list, install or remove the zh→en model", _run_model)
    model.add_argument("action", choices=["list", "install", "remove"])
    model.add_argument("--file", type=Path, help="install from a local .argosmodel file")
    return parser


def _command(commands, name: str, help_text: str, run: Callable) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--config", type=Path, default=Path("site.toml"), help="default: site.toml")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=0)
    loud.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1)
    parser.set_defaults(run=run)
    return parser


def _setup_logging(verbosity: int) -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.DEBUG}[verbosity]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    log.addHandler(handler)
    log.setLevel(level)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _run_build(args: argparse.Namespace) -> int:
    from site_builder.build import BuildOptions, build

    config = _config(args)
    if args.base_url is not None:
        from site_builder.config import with_base_url

        config = with_base_url(config, args.base_url)
    languages = _languages(args.lang) if args.lang else config.languages
    options = BuildOptions(
        languages, not args.no_download, args.out, allow_zh_only=args.allow_zh_only
    )
    return _summarise(build(config, options), args.verbosity)


def _run_init(args: argparse.Namespace) -> int:
    from site_builder.scaffold import init_site

    folder = args.folder
    init_site(folder)
    go = "" if folder.resolve() == Path.cwd() else f"cd {folder} && "
    print(f"started a site in {folder}: site.toml, seeds/, content/, media/, theme/")
    print("next: edit site.toml (title, base_url), put the text of printed pages into seeds/,")
    print(f"then: {go}site-builder build --lang zh && site-builder serve")
    return EXIT_OK


def _run_translate(args: argparse.Namespace) -> int:
    from site_builder.build import BuildOptions, build

    options = BuildOptions(
        allow_download=not args.no_download,
        retranslate_machine=args.retranslate_machine,
        render=False,
    )
    return _summarise(build(_config(args), options), args.verbosity)


def _summarise(report, verbosity: int) -> int:
    """Print problems and the summary line; exit 1 if any seed could not be built."""
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    if verbosity >= 0:
        parts = [f"{report.articles} articles"]
        if report.nothing_changed:
            parts.insert(0, "nothing changed")
        elif report.translation:
            t = report.translation
            parts.append(f"translated {t.new} new segments ({t.from_memory} from memory)")
        if report.files and not report.nothing_changed:
            parts.append(f"{report.files} files ({report.written} written, "
                         f"{report.files - report.written} unchanged"
                         + (f", {report.removed} removed)" if report.removed else ")"))
        if report.kept_hand_edited:
            parts.append(f"{len(report.kept_hand_edited)} hand-edited kept")
        held = report.drafts + report.embargoed
        if held:
            parts.append(f"{held} held back ({report.drafts} draft, {report.embargoed} embargoed)")
        if report.withdrawn:
            parts.append(f"{report.withdrawn} withdrawn")
        print(", ".join(parts))
    return EXIT_ERROR if report.problems else EXIT_OK


def _run_parse(args: argparse.Namespace) -> int:
    """Show what the parser reads off each page, article by article, and what to check."""
    from site_builder.parse.page import parse_page
    from site_builder.parse.sources import read_source

    default = _load_config(args.config).date if args.config.exists() else None
    for path in args.files:
        source = read_source(path, path.parent)
        articles = parse_page(source, default, undated=UNDATED)
        print(_page_line(path, source, articles))
        for number, article in enumerate(articles, 1):
            for label, value in _article_rows(article):
                print(f"{number if label == 'title' else '':>3}  {_pad(label, 14)}{value}")
    return EXIT_OK


UNDATED = _dt.date.min  # the parse command shows a page whose date is nowhere to be found


def _page_line(path: Path, source, articles) -> str:
    """Describe a page: its articles, date, print page and section."""
    date = articles[0].date if articles else None
    shown = ("none found" if date == UNDATED else
             f"{date} (inferred from the text)" if articles and articles[0].date_inferred
             else str(date))
    parts = [f"{path}: {len(articles)} articles", f"date {shown}"]
    parts += [f"page {source.page}"] if source.page else []
    parts += [f"section {source.section}"] if source.section else []
    flagged = sum(1 for article in articles if article.review)
    parts += [f"{flagged} to review"] if flagged else []
    return ", ".join(parts)


def _article_rows(article) -> list[tuple[str, str]]:
    """The fields of one article that the parser decided, as (label, value) rows."""
    title = article.title + (" (inferred: no printed headline)" if article.title_inferred else "")
    subheadings = [block.text for block in article.body if block.kind == "h2"]
    rows = [("title", title), ("kicker", article.kicker), ("subtitle", article.subtitle),
            ("column", article.column), ("reporters", "、".join(article.reporters)),
            ("photographers", "、".join(article.photographers)),
            ("credits", " | ".join(article.credits)), ("dateline", article.dateline),
            ("paragraphs", str(len(article.paragraphs))),
            ("subheadings", " | ".join(subheadings)), ("captions", " | ".join(article.captions)),
            ("continued", " ".join(filter(None, (
                article.continued_from and f"from {article.continued_from}",
                article.continued_on and f"on {article.continued_on}"))))]
    rows = [(label, value) for label, value in rows if value]
    rows += [("review", f"? {question}") for question in article.review]
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def _run_serve(args: argparse.Namespace) -> int:
    from site_builder.serve.server import serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: other machines can reach this preview", args.host)
    serve(
        _config(args),
        args.host,
        args.port,
        open_browser=args.open,
        allow_download=not args.no_download,
        announce=print,
    )
    return EXIT_OK


def _run_model(args: argparse.Namespace) -> int:
    from site_builder.translate import articles as translate

    if args.action == "list":
        for line in translate.list_packages() or ["no zh→en model installed"]:
            print(line)
    elif args.action == "install":
        if args.file:
            print(f"installed {translate.install_from_file(args.file)}")
        else:
            print("downloading the zh→en model from the Argos package index…")
            print(f"installed {translate.package_label(translate.ensure_package(True))}")
    else:
        print(f"removed {translate.remove_package()}")
    return EXIT_OK


def _languages(value: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in value.split(",") if part.strip())
    if languages not in (("zh",), ("zh", "en")):
        raise _UsageError(f"--lang {value}: use zh,en or zh")
    return languages


def _config(args: argparse.Namespace):
    return _load_config(args.config)


def _load_config(path: Path):
    from site_builder.config import load_config

    return load_config(path)


class _UsageError(Exception):
    """A command-line value is wrong."""


class _Version(argparse.Action):
    """--version: print the installed version, read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"site-builder {version()}")
        parser.exit()


def version() -> str:
    """Return the installed version (package metadata), or the source's in a bare checkout."""
    from importlib import metadata

    try:
        return metadata.version("site-builder")
    except metadata.PackageNotFoundError:
        from site_builder import __version__

        return __version__


def _port(value: str) -> int:
    """Check a --port value: 1-65535, or 0 for any free port."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r}: use 1-65535, or 0 for any free port")
    return port


def _exit_code(exc: Exception) -> int | None:
    """Map user-facing errors to exit codes; None means a bug (let the traceback show)."""
    from site_builder.errors import UsageError, UserError

    if isinstance(exc, (_UsageError, UsageError)):
        return EXIT_USAGE
    if isinstance(exc, UserError):
        return EXIT_ERROR
    return None
