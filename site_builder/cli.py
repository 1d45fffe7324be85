"""Command line: argparse, the only place that prints and picks exit codes."""

from __future__ import annotations

import argparse
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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = _command(commands, "build", "parse seeds, translate, render public/", _run_build)
    build.add_argument("--out", type=Path, help="output folder (default: [paths] output)")
    build.add_argument("--lang", default="zh,en", help="languages to build: zh,en (default) or zh")
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
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
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

    languages = _languages(args.lang)
    options = BuildOptions(
        languages, not args.no_download, args.out, allow_zh_only=args.allow_zh_only
    )
    report = build(_config(args), options)
    return _summarise(report, args.verbosity)


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
        if report.translation:
            t = report.translation
            parts.append(f"translated {t.new} new segments ({t.from_memory} from memory)")
        if report.pages:
            parts.append(f"{report.pages} files written")
        if report.kept_hand_edited:
            parts.append(f"{len(report.kept_hand_edited)} hand-edited kept")
        print(", ".join(parts))
    return EXIT_ERROR if report.problems else EXIT_OK


def _run_parse(args: argparse.Namespace) -> int:
    from site_builder.parse.page import parse_page
    from site_builder.parse.sources import read_source

    for path in args.files:
        articles = parse_page(read_source(path, path.parent))
        print(f"{path}: {len(articles)} articles, date {articles[0].date if articles else '-'}")
        rows = [("#", "title", "reporters", "paras", "flags")]
        for number, article in enumerate(articles, 1):
            rows.append(
                (
                    str(number),
                    article.title[:28],
                    " ".join(article.reporters),
                    str(len(article.paragraphs)),
                    _flags(article),
                )
            )
        for row in rows:
            print(
                "  ".join(_pad(cell, width) for cell, width in zip(row, _widths(rows), strict=True))
            )
    return EXIT_OK


def _flags(article) -> str:
    flags = [f"column={article.column}"] if article.column else []
    flags += [f"subtitle={article.subtitle[:12]}…"] if article.subtitle else []
    flags += ["title-inferred"] if article.title_inferred else []
    flags += [f"dateline={article.dateline}"] if article.dateline else []
    flags += [f"from={article.continued_from}"] if article.continued_from else []
    flags += [f"on={article.continued_on}"] if article.continued_on else []
    flags += [f"photo={' '.join(article.photographers)}"] if article.photographers else []
    flags += [f"captions={len(article.captions)}"] if article.captions else []
    flags += ["date-inferred"] if article.date_inferred else []
    return " ".join(flags)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _widths(rows: list[tuple[str, ...]]) -> list[int]:
    return [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


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
    from site_builder.config import load_config

    return load_config(args.config)


class _UsageError(Exception):
    """A command-line value is wrong."""


def _exit_code(exc: Exception) -> int | None:
    """Map user-facing errors to exit codes; None means a bug (let the traceback show)."""
    from site_builder.errors import UsageError, UserError

    if isinstance(exc, (_UsageError, UsageError)):
        return EXIT_USAGE
    if isinstance(exc, UserError):
        return EXIT_ERROR
    return None
