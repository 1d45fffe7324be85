"""Run the command line with one kill point armed: SIGKILL the build the moment it is reached.

test_kill.py starts `python -c` with this module: `kill_points.run(point, marker, argv)`.
Nothing in site-builder knows about it: the child wraps, in its own memory, the call where a
point is (an `os.replace` onto a PO file, the page writer, the model), and when the call
comes it writes the marker file (so the test knows the point was reached, not finished
past) and kills the build process with SIGKILL, as the OOM killer or a power cut would.
A forked render worker kills the build, then itself (its siblings die with their parent).
`trace` lists the calls the points match, for writing new points.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

BUILD = os.getpid()


@dataclass(frozen=True)
class Point:
    """Where to kill: the n-th call of owner.name whose arguments match, before or after it."""

    owner: Callable[[], Any]  # imports the module (or class) that holds the function
    name: str
    matches: Callable[..., bool]
    nth: int = 1
    after: bool = False  # kill once the call has returned, else before it runs


def _onto(pattern: str) -> Callable[..., bool]:
    """Match os.replace/os.rename calls whose destination matches a glob (from the right).

    "{corrected}" in the pattern stands for the PO file holding the editor's correction.
    """
    def matches(src: Any, dst: Any, *args: Any, **kwargs: Any) -> bool:
        glob = pattern.format(corrected=os.environ.get("KILL_CORRECTED", "?"))
        return PurePath(os.fsdecode(dst)).match(glob)
    return matches


def _module(name: str) -> Callable[[], Any]:
    def load() -> Any:
        __import__(name)
        return sys.modules[name]
    return load


def _model() -> Any:
    from site_builder.translate.argos import ArgosTranslator

    return ArgosTranslator


def _forked_render() -> Any:
    from site_builder.output import workers

    workers.PARALLEL_MIN = 1  # render in forked workers even for a small site
    return workers


def _any(*args: Any, **kwargs: Any) -> bool:
    return True


OS = _module("os")
POINTS = {  # in the order a build reaches them
    "content/zh: a new article's temp file written, not yet renamed":
        Point(OS, "replace", _onto("content/zh/*.md")),
    "content/zh: the new articles in place, the manifest not yet updated":
        Point(OS, "replace", _onto("content/zh/.generated.json")),
    "the model translating the missing segments":
        Point(_model, "translate", _any),
    "translations: the corrected PO file's new version written, not yet renamed":
        Point(OS, "replace", _onto("translations/en/{corrected}")),
    "translations: the corrected PO file replaced, the build not yet done with the memory":
        Point(OS, "replace", _onto("translations/en/{corrected}"), after=True),
    "caches: the memory's row cache written, not yet renamed":
        Point(OS, "replace", _onto(".site-builder/cache/memory-en-*.pickle")),
    "content/en: an English article's temp file written, not yet renamed":
        Point(OS, "replace", _onto("content/en/*.md")),
    "public/: a render worker writing its third page":
        Point(_forked_render, "_write", _any, nth=3),
    "public/: the new tree complete and recorded, not yet swapped in":
        Point(OS, "replace", _onto(".public.cache/manifest.json"), after=True),
    "public/: swapped in, the old site not yet kept as standby":
        Point(OS, "rename", _onto(".public.standby")),
}


def arm(point: Point, label: str, marker: str, trace: bool = False) -> None:
    """Wrap the point's function so that its n-th matching call kills the build."""
    owner = point.owner()
    real = getattr(owner, point.name)
    calls = 0

    def die() -> None:
        with open(marker, "w", encoding="utf-8") as file:
            file.write(label)
        os.kill(BUILD, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)  # a forked worker: the build is gone already

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        arguments = args[1:] if isinstance(owner, type) else args  # a method: not self
        if not point.matches(*arguments, **kwargs):
            return real(*args, **kwargs)
        calls += 1
        if trace:
            sys.stderr.write(f"kill point {label!r}: call {calls} {repr(arguments)[:160]}\n")
        elif calls == point.nth and not point.after:
            die()
        result = real(*args, **kwargs)
        if not trace and calls == point.nth and point.after:
            die()
        return result

    setattr(owner, point.name, wrapper)


def run(label: str, marker: str, argv: list[str]) -> int:
    """Arm one point (or, with label "trace", log every point's calls) and run the CLI."""
    for name, point in POINTS.items():
        if label in (name, "trace"):
            arm(point, name, marker, trace=label == "trace")
    from site_builder.cli import main

    return main(argv)
