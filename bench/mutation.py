"""Mutation testing of the safety-critical modules: do the tests catch a bug planted in them?

mutmut (configured in pyproject.toml, [tool.mutmut]) makes one small change at a time in the
memory, content sync, the no-op check, the escaping helpers, the output swap, the lock and the
bylines (a `<` becomes `<=`, a `True` a `False`, a call's argument `None`...) and runs the
tests that cover the changed function. A mutant the tests catch is killed; one they miss
survived: a missing test, or a change that cannot alter behaviour (equivalent). This prints
the score per module (killed or timed out, of all mutants checked) and every survivor.

Run: .venv/bin/pip install -e '.[test,mutation]' && .venv/bin/python bench/mutation.py
     (--report: summarise the last run only; NAME...: mutmut's mutant names, to re-check some)
About 2,100 mutants: an hour on 2 busy cores. mutmut keeps results in mutants/ between runs and
checks again only the functions that changed; `rm -rf mutants` starts afresh.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # tests failed, timed out, or type check caught it
# Where a module holds more than its promise, the promise's functions are scored apart too.
FOCUS = {
    "site_builder/render/text.py": ("json_script",),
    "site_builder/render/feeds.py": ("render_feed", "_feed_entry"),  # the feed writer
}


def run_mutmut(names: list[str]) -> int:
    """Run mutmut over the configured modules (or the named mutants) on every core."""
    mutmut = Path(sys.executable).with_name("mutmut")
    return subprocess.call([str(mutmut), "run", *names], cwd=ROOT)


def results() -> dict[str, dict[str, int | None]]:
    """Return each configured module's mutants with their exit codes, from mutants/."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = {}
    for module in config["tool"]["mutmut"]["only_mutate"]:
        meta = ROOT / "mutants" / f"{module}.meta"
        data = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}
        found[module] = data.get("exit_code_by_key", {})
    return found


def function_of(mutant: str) -> str:
    """Return the function a mutant name is in: `pkg.mod.x_name__mutmut_3` -> `name`."""
    name = mutant.rsplit(".", 1)[1].rsplit("__mutmut_", 1)[0]
    name = name.split("ǁ")[-1]  # a method: `xǁClassǁname`
    return name.removeprefix("x_")


def score(codes: dict[str, int | None]) -> tuple[int, int, int]:
    """Return (killed, checked, not checked) of some mutants."""
    checked = [code for code in codes.values() if code is not None]
    killed = sum(1 for code in checked if code in KILLED)
    return killed, len(checked), len(codes) - len(checked)


def report(found: dict[str, dict[str, int | None]]) -> list[str]:
    """Return the lines of the report: a score per module, then the survivors by module."""
    lines = [f"{'module':44} {'killed':>7} {'checked':>8} {'score':>7}"]
    for module, codes in found.items():
        parts = [(module, codes)]
        for function in FOCUS.get(module, ()):
            parts.append((f"  {function}()", {m: c for m, c in codes.items()
                                               if function_of(m) == function}))
        for label, part in parts:
            killed, checked, unchecked = score(part)
            rate = f"{100 * killed / checked:6.1f}%" if checked else "    -"
            extra = f"  ({unchecked} not checked)" if unchecked else ""
            lines.append(f"{label:44} {killed:7} {checked:8} {rate}{extra}")
    total = Counter()
    for codes in found.values():
        killed, checked, _ = score(codes)
        total.update(killed=killed, checked=checked)
    lines.append(f"{'all':44} {total['killed']:7} {total['checked']:8} "
                 f"{100 * total['killed'] / max(total['checked'], 1):6.1f}%")
    for module, codes in found.items():
        alive = sorted(m for m, c in codes.items() if c is not None and c not in KILLED)
        if alive:
            lines.append(f"\nsurvived in {module} (mutmut show NAME):")
            lines += [f"  {name}  [exit {codes[name]}]" for name in alive]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", action="store_true", help="only summarise the last run")
    parser.add_argument("names", nargs="*", help="mutant names to check again")
    args = parser.parse_args()
    if not args.report:
        run_mutmut(args.names)  # survivors make mutmut exit non-zero: the report says which
    print("\n".join(report(results())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
