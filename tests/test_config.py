"""site.toml: defaults, per-language titles, sub-path base URLs and clear errors."""

import datetime as dt
from pathlib import Path

import pytest

from site_builder.config import ConfigError, load_config

ROOT = Path(__file__).parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_config_loads():
    config = load_config(ROOT / "site.toml")
    assert config.title["en"] == "Yiwu News" and config.languages == ("zh", "en")
    assert config.seeds_dir == ROOT / "seeds" and config.translation.beam_size == 4


def test_sub_path_base_url_and_date(tmp_path):
    config = load_config(
        write(tmp_path, '[site]\nbase_url = "https://example.org/news"\ndate = 2026-02-03\n')
    )
    assert config.base_url == "https://example.org/news/" and config.base_path == "/news/"
    assert config.date == dt.date(2026, 2, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[site\n", "invalid TOML"),
        ('[site]\nbase_url = "example.org"\n', "base_url must be an absolute URL"),
        ("[site]\nper_page = 0\n", "per_page must be a positive integer"),
        ("[translation]\nbeam = 4\n", "unknown key"),
        ('[translation]\ncompute_type = "fp8"\n', "compute_type"),
        ('[site]\nlanguages = ["en"]\n', "languages"),
        ("[sitee]\n", "unknown table"),
    ],
)
def test_bad_config_names_the_file(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as info:
        load_config(write(tmp_path, text))
    assert str(info.value).startswith(str(tmp_path / "site.toml"))


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "site.toml")
