"""Score the page parser against pages whose articles an editor has labelled (issue 15).

Every `*.expected.json` under the folders given (default: the shared People's Daily pages,
`../shared/pages` beside the repository, and the demo page's fixture) is paired with its page
text (`X.txt` beside it, or `seeds/X.txt` for the demo), read with read_source and parsed with
parse_page, without a date from site.toml (dates come from the seed and its file name).

Matching and the checks of `../shared/tools/score_parse.py` are repeated here on the parsed
articles themselves (found by headline, else by the first words of the body; reporters,
photographers, paragraph count within `body_paragraphs_range`, the dateline flag; for files
marked "strict": title = headline, kicker, subheadings within 1), plus the fields the issue
asks for: subtitle, and the dateline as printed. Each check applies only where the expected
entry has the field. "right" needs all of them; "scorer" is score_parse.py's own figure.

Run: .venv/bin/python bench/parse.py [DIR ...]
The last line is: bench: pages=N articles=N right=N pct=N.N
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.models import Article  # noqa: E402
from site_builder.parse.page import ParseError, parse_page  # noqa: E402
from site_builder.parse.sources import SeedError, read_source  # noqa: E402

SHARED_PAGES = ROOT.parent / "shared" / "pages"
DEMO = ROOT / "tests" / "fixtures" / "expected" / "000_4b71105106d275e4.expected.json"
FIELDS = ("found", "title", "kicker", "subtitle", "reporters", "photographers", "paragraphs",
          "dateline", "subheadings")
SCORER_FIELDS = {"found", "title", "kicker", "reporters", "photographers", "paragraphs",
                 "dateline_flag", "subheadings"}
_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"})


def canon(text: str | None) -> str:
    """Fold text as score_parse.py does: no whitespace, ASCII punctuation in full width."""
    return re.sub(r"\s+", "", text or "").translate(_FULL)


@dataclass(frozen=True)
class Parsed:
    """One parsed article, with what score_parse.py reads off its Markdown file."""

    article: Article
    page: str
    text: str  # the body, canonicalised

    @property
    def paragraphs(self) -> int:
        return sum(block.kind == "p" for block in self.article.body)

    @property
    def subheadings(self) -> int:
        return sum(block.kind == "h2" for block in self.article.body)


def find_expected(folders: list[Path]) -> list[Path]:
    """Return every *.expected.json under the folders (a file is taken as it is)."""
    found: list[Path] = []
    for folder in folders:
        found += [folder] if folder.is_file() else sorted(folder.rglob("*.expected.json"))
    return found


def page_of(expected: Path) -> Path:
    """Return the page text an expected file labels: X.txt beside it, else in seeds/."""
    name = expected.name.removesuffix(".expected.json") + ".txt"
    beside = expected.with_name(name)
    return beside if beside.exists() else ROOT / "seeds" / name


def parse(path: Path) -> tuple[list[Parsed], str | None]:
    """Parse one page as a build would without [site] date: (articles, error)."""
    try:
        articles = parse_page(read_source(path, path.parent))
    except (SeedError, ParseError) as exc:
        return [], str(exc)
    return [Parsed(a, path.name, canon("\n".join(b.text for b in a.body))) for a in articles], None


def locate(want: dict, got: list[Parsed]) -> Parsed | None:
    """Find an expected article among all parsed ones, in slug order, as score_parse.py does."""
    head = want.get("headline", want.get("title"))
    first = canon(want.get("first_body_starts_with", want.get("first", "")))
    for item in got:
        a = item.article
        shown = canon(" ".join(x or "" for x in (a.kicker, a.title, a.subtitle)))
        if head and canon(head) and (canon(head) in shown
                                     or canon(a.title) and canon(a.title) in canon(head)):
            return item
        if not head and first and first[:6] in item.text[:200]:
            return item
    return None


def check(want: dict, item: Parsed, strict: bool) -> dict[str, str]:
    """Return the failed checks of one found article: {field: why}."""
    a, why = item.article, {}
    head = want.get("headline", want.get("title"))
    reporters = {canon(n) for n in want.get("byline_names", want.get("reporters", []))}
    photographers = {canon(n) for n in want.get("photo_credit_names",
                                                want.get("photographers", []))}
    low, high = want.get("body_paragraphs_range") or [want.get("paragraphs")] * 2
    if head and canon(a.title) != canon(head) and (strict or not a.title_inferred):
        why["title"] = f"title {a.title!r} != {head!r}"
    for name in ("kicker", "subtitle"):
        if name in want and canon(getattr(a, name)) != canon(want[name]):
            why[name] = f"{name} {getattr(a, name)!r} != {want[name]!r}"
    if {canon(n) for n in a.reporters} != reporters:
        why["reporters"] = f"reporters {sorted(a.reporters)} != {sorted(reporters)}"
    if not photographers <= {canon(n) for n in a.photographers}:
        why["photographers"] = f"photographers {sorted(a.photographers)} !⊇ {sorted(photographers)}"
    if not low <= item.paragraphs <= high:
        why["paragraphs"] = f"paragraphs {item.paragraphs} not in [{low}, {high}]"
    dateline = want.get("dateline", False)
    if isinstance(dateline, bool) and bool(a.dateline) != dateline:
        why["dateline"] = why["dateline_flag"] = "dateline flag"
    elif not isinstance(dateline, bool) and canon(a.dateline) != canon(dateline):
        why["dateline"] = f"dateline {a.dateline!r} != {dateline!r}"
    subs = want.get("subheadings")
    if isinstance(subs, list) and abs(item.subheadings - len(subs)) > 1:
        why["subheadings"] = f"subheadings {item.subheadings} not within 1 of {len(subs)}"
    return why


def score_strict(want: dict, why: dict[str, str], strict: bool) -> set[str]:
    """Return the failures score_parse.py itself would count (title and kicker only if strict)."""
    failed = {name for name in why if name in SCORER_FIELDS}
    if not strict:
        failed -= {"title", "kicker", "subheadings"}
    elif want.get("kicker") is None:
        failed.discard("kicker")  # the scorer checks a kicker only where one is expected
    return failed


def main(argv: list[str]) -> int:
    """Parse and score every labelled page; print misses, the field table and the total."""
    folders = [Path(arg) for arg in argv] or [p for p in (SHARED_PAGES, DEMO) if p.exists()]
    files = find_expected(folders)
    got: list[Parsed] = []
    for expected in files:
        articles, error = parse(page_of(expected))
        if error:
            print(f"  refused: {error}")
        got += articles
    got.sort(key=lambda item: item.article.slug)  # score_parse.py reads content/zh in name order
    return report(files, got)


def report(files: list[Path], got: list[Parsed]) -> int:
    """Score the parsed articles against the expected files and print the result."""
    fails: Counter[str] = Counter()
    total = right = scorer = 0
    per_page: Counter[str] = Counter(item.page for item in got)
    for expected in files:
        data = json.loads(expected.read_text(encoding="utf-8"))
        strict = data.get("strict") is True
        per_page.subtract({page_of(expected).name: len(data["articles"])})
        for number, want in enumerate(data["articles"], 1):
            total += 1
            item = locate(want, got)
            why = {"found": "not found"} if item is None else check(want, item, strict)
            fails.update(FIELDS if item is None else [n for n in why if n in FIELDS])
            right += not why
            scorer += not score_strict(want, why, strict)
            if why:
                head = want.get("headline", want.get("title"))
                reasons = "; ".join(dict.fromkeys(why.values()))
                print(f"  {expected.name} #{number} {head}: {reasons}")
    print_table(fails, total)
    extra = {page: n for page, n in per_page.items() if n > 0}
    print(f"extra articles: {sum(extra.values())}"
          + "".join(f"\n  {page}: {n} more than expected" for page, n in sorted(extra.items())))
    print(f"score_parse.py would say: {scorer}/{total} articles right, "
          f"{max(0, len(got) - total)} extra")
    pct = 100 * right / total if total else 0.0
    print(f"bench: pages={len(files)} articles={total} right={right} pct={pct:.1f}")
    return 0


def print_table(fails: Counter[str], total: int) -> None:
    """Print the share of articles each field was right for."""
    print(f"{'field':<14}{'right':>7}{'pct':>8}")
    for name in FIELDS:
        ok = total - fails[name]
        print(f"{name:<14}{ok:>7}{100 * ok / total if total else 0:>7.1f}%")


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)  # inferred dates are the parser's business, not ours
    sys.exit(main(sys.argv[1:]))
