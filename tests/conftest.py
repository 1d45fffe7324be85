"""Shared fixtures: a tiny real Argos zh->en package, a loopback package index serving it.

The package (SentencePiece + a 2-layer CTranslate2 Transformer with random weights, see
tests/argos_fixture.py) is built once per test session in about two seconds. Its English is
nonsense made of Latin word pieces, always exactly `max_decoding_length` tokens long: tests
assert mechanics, never wording. Keep `max_decoding_length` small (see `tiny_translation`).
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import argos_fixture  # noqa: E402 - lives next to this file
from helpers import CHROMEDRIVER, CHROMIUM, start_chromium  # noqa: E402 - lives next to this file

from site_builder.config import TranslationConfig  # noqa: E402


@pytest.fixture(scope="session")
def argos_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path to `translate-zh_en-1_0.argosmodel`, a valid Argos package (built once)."""
    return argos_fixture.build_package(tmp_path_factory.mktemp("argos-model"))


@pytest.fixture(scope="session")
def argos_index(argos_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL (ending in "/") of a loopback Argos package index: `<url>index.json` lists the
    package, whose link points at the .argosmodel served from the same 127.0.0.1 server."""
    served = tmp_path_factory.mktemp("argos-index")
    (served / argos_model_file.name).write_bytes(argos_model_file.read_bytes())
    url, server = argos_fixture.serve_directory(served)
    argos_fixture.write_index(served, served / argos_model_file.name, url)
    yield url
    server.shutdown()


@pytest.fixture
def argos_env(argos_index: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Env vars for a subprocess (merge them into os.environ): ARGOS_PACKAGE_INDEX is the
    loopback index, ARGOS_PACKAGES_DIR a fresh empty folder, and XDG_DATA/CACHE/CONFIG_HOME
    keep argostranslate's index copy, downloads and settings inside a temp dir."""
    return argos_fixture.argos_environment(argos_index, tmp_path_factory.mktemp("argos-home"))


@pytest.fixture(scope="session")
def installed_argos(argos_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The package unpacked into its own packages dir, as an `argostranslate.package.Package`:
    pass it to `ArgosTranslator(installed_argos, cfg)`; `.package_path.parent` is the dir."""
    from site_builder.translate.articles import find_package

    packages_dir = tmp_path_factory.mktemp("argos-packages")
    with zipfile.ZipFile(argos_model_file) as archive:  # what install_from_path() does
        archive.extractall(packages_dir)
    return find_package(packages_dir)


@pytest.fixture
def tiny_translation() -> TranslationConfig:
    """TranslationConfig for the tiny model: short outputs, small batches, fast."""
    return TranslationConfig(
        beam_size=1, inter_threads=1, intra_threads=1, compute_type="float32",
        max_batch_tokens=256, max_decoding_length=6, max_segment_chars=60,
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium for one test module; skipped only where Chromium is not installed."""
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("chromium not installed (apt-get install chromium chromium-driver)")
    driver = start_chromium(tmp_path_factory.mktemp("chrome-profile"))
    yield driver
    driver.quit()
