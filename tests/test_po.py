"""The PO reader: what the lean reader accepts, it reads exactly as polib; the rest goes to polib.

Random PO files written by polib itself (the subset the memory and editors write: comments,
flags, obsolete entries, any characters) must be read by the lean reader, row for row as
polib reads them. Damaged variants of them must either be refused by the lean reader (so polib
and the strict checks see them) or read exactly as polib reads them.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.translate.po import (
    MemoryFileError,
    check_syntax,
    lean_rows,
    read_po,
    read_rows,
    rows_of,
    text_rows,
    write_atomic,
)

TEXT = st.text(alphabet=st.sampled_from('甲乙丙。，“”abc XY"\\\t\n\r#~:'), max_size=90)
LINE = st.text(alphabet=st.sampled_from("甲乙 abcXY:#~"), min_size=1, max_size=20).map(str.strip)
ENTRY = st.fixed_dictionaries({
    "msgid": TEXT.filter(bool),
    "msgstr": TEXT,
    "fuzzy": st.booleans(),
    "other_flags": st.lists(st.sampled_from(["no-wrap", "c-format"]), max_size=2, unique=True),
    "comment": st.lists(LINE.filter(bool), max_size=3).map("\n".join),
    "tcomment": st.lists(LINE.filter(bool), max_size=3).map("\n".join),
    "obsolete": st.booleans(),
})


def po_text(entries: list[dict], header: bool) -> str:
    """Write entries with polib, as the memory (and PO editors using it) would."""
    po = polib.POFile(wrapwidth=78)
    if header:
        po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
        po.header = "Translation memory of one article."
    seen = set()
    for entry in entries:
        if entry["msgid"] in seen:
            continue  # polib would read duplicates back as written: not what we test here
        seen.add(entry["msgid"])
        flags = (["fuzzy"] if entry["fuzzy"] else []) + entry["other_flags"]
        po.append(polib.POEntry(msgid=entry["msgid"], msgstr=entry["msgstr"], flags=flags,
                                comment=entry["comment"], tcomment=entry["tcomment"],
                                obsolete=entry["obsolete"]))
    return str(po)


def polib_rows(text: str) -> tuple:
    return rows_of(polib.pofile(text, wrapwidth=78))


FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(ENTRY, max_size=6), st.booleans())
def test_what_polib_writes_the_lean_reader_reads_as_polib(entries, header):
    text = po_text(entries, header)
    assert lean_rows(text) is not None, text
    assert lean_rows(text) == polib_rows(text)
    crlf = text.replace("\n", "\r\n")
    assert lean_rows(crlf) == polib_rows(crlf)


@FAST
@given(st.lists(ENTRY, min_size=1, max_size=5), st.booleans(), st.data())
def test_damaged_text_is_refused_or_read_as_polib_reads_it(entries, header, data):
    lines = po_text(entries, header).splitlines(keepends=True)
    cut = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["drop", "duplicate", "truncate", "unquote", "stray"]))
    if how == "drop":
        del lines[cut]
    elif how == "duplicate":
        lines.insert(cut, lines[cut])
    elif how == "truncate":
        lines[cut] = lines[cut][: len(lines[cut]) // 2]
        del lines[cut + 1:]
    elif how == "unquote":
        lines[cut] = lines[cut].replace('"', "", 1)
    else:
        lines.insert(cut, data.draw(st.sampled_from(["#.\n", "#,\n", "#\n", "#| x\n", "?\n"])))
    text = "".join(lines)
    rows = lean_rows(text)
    if rows is None:
        return  # polib and the strict checks decide
    check_syntax(Path("a.po"), text)  # what the lean reader reads, the strict checks accept
    assert rows == polib_rows(text), (how, text)


def test_the_memory_files_rows_come_from_the_lean_reader_or_polib_alike(tmp_path):
    path = tmp_path / "a.po"
    text = po_text([{"msgid": "甲", "msgstr": "A", "fuzzy": True, "other_flags": ["c-format"],
                     "comment": "machine: m\nsecond", "tcomment": "x", "obsolete": False}],
                   header=True)
    path.write_text(text, encoding="utf-8")
    assert read_rows(path) == polib_rows(text) and read_rows(path)[0].extra


@pytest.mark.parametrize(("text", "line"), [
    ('msgid "甲"\nmsgid "乙"\nmsgstr ""\n', 1),  # a msgid whose msgstr never came
    ('msgid "甲"\nmsgstr "A"\n"tail\n', 3),  # an unterminated continuation
    ('msgid "甲"\nmsgstr "A\\"\n', 2),  # the closing quote escaped
    ('msgid "甲"\nmsgstr "\n', 2),  # a lone quote
])
def test_strict_checks_name_the_line(tmp_path, text, line):
    with pytest.raises(MemoryFileError, match=rf"^{tmp_path / 'a.po'}:{line}: "):
        check_syntax(tmp_path / "a.po", text)


@pytest.mark.parametrize(("text", "line"), [
    ('msgstr "B"\nmsgid "甲"\nmsgstr "A"\n', 1),  # polib's own syntax errors name the line
    ('msgid "甲"\nmsgstr[0] "A"\nmsgstr "B"\n', 3),
])
def test_polibs_errors_name_file_and_line(tmp_path, text, line):
    path = tmp_path / "a.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MemoryFileError, match=rf"^{path}:{line}: invalid PO file: Syntax error"):
        read_po(path)
    with pytest.raises(MemoryFileError, match=rf"^{path}:{line}: "):
        read_rows(path)


def test_a_file_that_cannot_be_read_or_written_is_named(tmp_path, monkeypatch):
    from site_builder.translate import po as memory_po

    (tmp_path / "a.po").mkdir()  # not a file
    with pytest.raises(MemoryFileError, match=rf"^{tmp_path / 'a.po'}: cannot read: Is a dir"):
        read_rows(tmp_path / "a.po")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(memory_po, "replace_text", full)
    with pytest.raises(MemoryFileError) as error:
        write_atomic(tmp_path / "b.po", "x")
    assert str(error.value) == f"{tmp_path / 'b.po'}: cannot write: No space left on device"


def test_write_atomic_says_whether_it_wrote(tmp_path):
    assert write_atomic(tmp_path / "a.po", "one") is True
    before = (tmp_path / "a.po").stat().st_mtime_ns
    assert write_atomic(tmp_path / "a.po", "one") is False
    assert (tmp_path / "a.po").stat().st_mtime_ns == before
    assert write_atomic(tmp_path / "a.po", "two") is True


def test_rows_of_a_written_file_outside_the_lean_subset_come_from_polib():
    text = ('#: page.txt:3\nmsgctxt "c"\nmsgid "甲"\nmsgstr "A"\n\n'
            '#| msgid "旧"\nmsgid "乙"\nmsgid_plural "乙们"\nmsgstr[0] "B"\nmsgstr[1] "Bs"\n')
    assert lean_rows(text) is None
    assert text_rows(text) == polib_rows(text) and all(row.extra for row in text_rows(text))


@pytest.mark.parametrize("extra", ['#: page.txt:3\n', '#| msgid "旧"\n', 'msgctxt "c"\n',
                                   "#, fuzzy, c-format\n"])
def test_a_row_holds_more_when_the_entry_does(extra):
    plain = 'msgid "甲"\nmsgstr "A"\n'
    assert not polib_rows(plain)[0].extra
    assert polib_rows(extra + plain)[0].extra


@pytest.mark.parametrize("text", [
    'msgid "甲"\nmsgstr "A"\n',  # no header entry
    '#, fuzzy\nmsgid "甲"\nmsgstr "A"\n\n# note\nmsgid "乙"\nmsgstr "B"\n',
    '#. one\n#. two\n# three\n# four\n#, fuzzy\nmsgid "甲"\nmsgstr ""\n"A"\n"B"\n',
    '#~ msgid "甲"\n#~ msgstr ""\n#~ "A"\n\nmsgid "乙"\nmsgstr "B"\n',
    '# header\n#\nmsgid ""\nmsgstr "h"\n\nmsgid "甲"\nmsgstr "A"\n',
])
def test_hand_written_files_are_read_as_polib_reads_them(text):
    assert lean_rows(text) is not None and lean_rows(text) == polib_rows(text)


@pytest.mark.parametrize("text", [
    'msgid "甲"\nmsgid "乙"\nmsgstr "B"\n',  # a msgid without its msgstr
    'msgid "甲"\nmsgstr "A"\nmsgstr "B"\n',
    '"A"\nmsgid "甲"\nmsgstr "A"\n',  # a continuation of nothing
    'msgid "甲"\n#. note\nmsgstr "A"\n',
    'msgid "甲" x\nmsgstr "A"\n',
    'msgid "甲\\"\nmsgstr "A"\n',
    'msgid "甲"乙"\nmsgstr "A"\n',
])
def test_what_is_not_plainly_po_goes_to_polib_and_the_strict_checks(text):
    assert lean_rows(text) is None
