"""sources.py: encodings, line endings, front matter, listing seeds, unreadable files."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

import pytest

from site_builder.parse.sources import SeedError, list_seeds, read_source

PAGES = Path(__file__).parent / "pages"
ENCODINGS = PAGES / "encodings"


def read(name: str):
    return read_source(ENCODINGS / name, ENCODINGS)


@pytest.mark.parametrize("name", [
    "gbk.txt", "gb18030-crlf.txt", "utf16-bom.txt", "utf16-be-bom-crlf.txt",
    "utf8-bom-crlf.txt", "utf8-cr.txt",
])
def test_every_encoding_and_line_ending_reads_like_plain_utf8(name):
    plain = read("utf8.txt")
    source = read(name)
    assert source.text == plain.text
    assert "\r" not in source.text and "\ufeff" not in source.text
    assert source.date == dt.date(2026, 2, 3)
    assert source.first_line == 4
    assert source.name == name
    assert source.sha256 == hashlib.sha256((ENCODINGS / name).read_bytes()).hexdigest()


def test_front_matter_is_taken_off_and_lines_still_count_from_the_file():
    source = read("utf8.txt")
    assert source.text.startswith("义乌“世界超市”")
    assert source.first_line == 4


def test_without_front_matter_text_starts_at_line_one(tmp_path):
    (tmp_path / "p.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    source = read_source(tmp_path / "p.txt", tmp_path)
    assert (source.text, source.first_line, source.date) == ("标题\n\n正文。\n", 1, None)


def test_name_is_relative_to_the_seeds_folder(tmp_path):
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "p.txt").write_text("正文。", encoding="utf-8")
    assert read_source(tmp_path / "2026" / "p.txt", tmp_path).name == "2026/p.txt"


def test_list_seeds_sorted_txt_only(tmp_path):
    for name in ("b.txt", "a.txt", "a.expected.json", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_seeds(tmp_path)] == [
        "a.txt", "b.txt", "sub/c.txt"]


def test_list_seeds_of_a_missing_folder(tmp_path):
    with pytest.raises(SeedError, match="no such folder"):
        list_seeds(tmp_path / "nope")


def error_for(tmp_path: Path, content: bytes) -> str:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "bad.txt").write_bytes(content)
    with pytest.raises(SeedError) as caught:
        read_source(seeds / "bad.txt", seeds)
    message = str(caught.value)
    assert message.startswith("seeds/bad.txt")
    return message


def test_empty_file(tmp_path):
    assert "empty" in error_for(tmp_path, b"")


def test_whitespace_only_file(tmp_path):
    assert "empty" in error_for(tmp_path, " \n\r\n\t\u3000\n".encode())


def test_front_matter_only(tmp_path):
    assert "no page text" in error_for(tmp_path, b"---\ndate: 2026-01-01\n---\n\n")


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "binary" in error_for(tmp_path, png)


def test_control_characters_are_binary_and_name_the_line(tmp_path):
    message = error_for(tmp_path, "第一行\n第二行\x07\n".encode())
    assert message.startswith("seeds/bad.txt:2: binary")


def test_undecodable_bytes(tmp_path):
    assert "cannot decode" in error_for(tmp_path, "Café crème brûlée".encode("latin-1") * 10)


def test_big5_mojibake_is_refused(tmp_path):
    text = "義烏國際商貿城迎來年貨採購熱潮，來自世界各地的採購商穿梭在市場裡。" * 3
    assert "not readable Chinese" in error_for(tmp_path, text.encode("big5"))


def test_bad_front_matter_date_names_the_line(tmp_path):
    message = error_for(tmp_path, "---\ntitle: x\ndate: 2026-02-30\n---\n正文。".encode())
    assert message.startswith("seeds/bad.txt:3:") and "2026-02-30" in message


def test_unclosed_front_matter(tmp_path):
    assert "never closed" in error_for(tmp_path, "---\ndate: 2026-02-03\n正文。".encode())


def test_a_five_megabyte_file_decodes_fast(tmp_path):
    (tmp_path / "big.txt").write_bytes(("义乌新闻" * 650_000).encode("gb18030"))  # 5.2 MB
    start = time.perf_counter()
    source = read_source(tmp_path / "big.txt", tmp_path)
    assert time.perf_counter() - start < 2
    assert len(source.text) == 2_600_000


def test_front_matter_names_the_print_page_and_its_section(tmp_path):
    (tmp_path / "p.txt").write_text("---\ndate: 2025-01-10\npage: 3\nsection: 要闻\n---\n标题\n",
                                    encoding="utf-8")
    source = read_source(tmp_path / "p.txt", tmp_path)
    assert (source.date, source.page, source.section) == (dt.date(2025, 1, 10), 3, "要闻")


@pytest.mark.parametrize(("name", "page"), [
    ("20250110_02.txt", 2), ("rmrb20250110_02.txt", 2), ("page_20250106_10.txt", 10),
    ("2025-01-10.txt", None), ("000_4b71105106d275e4.txt", None),
])
def test_a_page_number_after_the_date_in_the_file_name(tmp_path, name, page):
    (tmp_path / name).write_text("标题\n", encoding="utf-8")
    assert read_source(tmp_path / name, tmp_path).page == page


def test_front_matter_page_wins_over_the_file_name(tmp_path):
    (tmp_path / "20250110_02.txt").write_text("---\npage: 第5版\n---\n标题\n", encoding="utf-8")
    assert read_source(tmp_path / "20250110_02.txt", tmp_path).page == 5


@pytest.mark.parametrize(("line", "message"), [
    ("page: A", "page 'A' ignored: not a page number like 3"),
    ("page: [1, 2]", "page '[1, 2]' ignored: not a page number like 3"),
    ("section:", "section '' ignored: write the page's name"),
])
def test_a_bad_page_or_section_is_skipped_with_a_warning_naming_the_line(tmp_path, caplog, line,
                                                                         message):
    (tmp_path / "p.txt").write_text(f"---\n{line}\n---\n标题\n", encoding="utf-8")
    source = read_source(tmp_path / "p.txt", tmp_path)
    assert source.page is None and source.section is None
    assert f"{tmp_path.name}/p.txt:2: {message}" in caplog.text


def test_unknown_front_matter_keys_still_warn(tmp_path, caplog):
    (tmp_path / "p.txt").write_text("---\nauthor: 张三\n---\n标题\n", encoding="utf-8")
    read_source(tmp_path / "p.txt", tmp_path)
    assert "unknown front matter key 'author' ignored" in caplog.text
