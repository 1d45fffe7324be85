"""The PO translation memory: lookups, editor entries, obsolete entries, atomic writes, damage."""

from pathlib import Path

import polib
import pytest

from site_builder.translate.memory import Memory, MemoryFileError, read_po
from site_builder.translate.po import lean_rows, read_rows, rows_of

MODEL = "translate-zh_en 1.0"


def machine_memory(directory: Path, slug: str, translations: dict[str, str]) -> Memory:
    memory = Memory.load(directory)
    memory.add_machine(translations, MODEL)
    memory.save_article(slug, list(translations))
    return Memory.load(directory)


def confirm(po_path: Path, msgid: str, msgstr: str) -> None:
    """Do what an editor does in Poedit: correct the entry and clear its fuzzy flag."""
    po = polib.pofile(str(po_path))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    entry.flags.remove("fuzzy")
    po.save()


def test_machine_entries_are_fuzzy_with_the_model_in_a_comment(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    entry = polib.pofile(str(tmp_path / "a.po")).find("你好。")
    assert entry.msgstr == "Hello." and entry.fuzzy
    assert entry.comment == f"machine: {MODEL}"
    assert "#. machine: translate-zh_en 1.0" in (tmp_path / "a.po").read_text(encoding="utf-8")


def test_an_editor_entry_in_any_file_wins_over_machine_entries(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello (machine a)."})
    machine_memory(tmp_path, "b", {"你好。": "Hello (machine b)."})
    confirm(tmp_path / "b.po", "你好。", "Hello (editor).")
    memory = Memory.load(tmp_path)
    assert memory.lookup("你好。") == memory.lookup("你好。", "a")
    assert memory.lookup("你好。", "a").text == "Hello (editor)."
    assert memory.lookup("你好。", "a").reviewed


def test_new_machine_output_never_replaces_an_editor_entry(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    confirm(tmp_path / "a.po", "你好。", "Good day.")
    memory = Memory.load(tmp_path)
    memory.add_machine({"你好。": "Hi."}, "translate-zh_en 2.0")
    memory.save_article("a", ["你好。"])
    entry = polib.pofile(str(tmp_path / "a.po")).find("你好。")
    assert (entry.msgstr, entry.fuzzy) == ("Good day.", False)


def test_removed_segments_become_obsolete_and_come_back_with_their_correction(tmp_path):
    machine_memory(tmp_path, "a", {"第一句。": "One.", "第二句。": "Two."})
    confirm(tmp_path / "a.po", "第二句。", "Second.")
    Memory.load(tmp_path).save_article("a", ["第一句。"])
    po = polib.pofile(str(tmp_path / "a.po"))
    assert [e.msgid for e in po.obsolete_entries()] == ["第二句。"]
    assert "#~ msgid" in (tmp_path / "a.po").read_text(encoding="utf-8")

    memory = Memory.load(tmp_path)
    assert memory.lookup("第二句。").text == "Second."
    memory.save_article("a", ["第一句。", "第二句。"])
    back = polib.pofile(str(tmp_path / "a.po")).find("第二句。")
    assert (back.msgstr, back.fuzzy, back.obsolete) == ("Second.", False, False)


def test_unchanged_article_file_is_not_rewritten(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    before = (tmp_path / "a.po").stat().st_mtime_ns
    assert Memory.load(tmp_path).save_article("a", ["你好。"]) is False
    assert (tmp_path / "a.po").stat().st_mtime_ns == before


def test_writes_leave_no_temporary_files(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello.", "再见。": "Bye."})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


def test_quotes_backslashes_and_newlines_round_trip(tmp_path):
    tricky = {'他说"好"\\。': 'He said "fine" \\ ok.\nNext'}
    assert Memory.load(tmp_path).lookup("x") is None
    memory = machine_memory(tmp_path, "a", tricky)
    assert memory.lookup('他说"好"\\。').text == 'He said "fine" \\ ok.\nNext'


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        ('msgid "甲。"\nmsgstr "A', 2),  # cut off mid-string
        ('msgid "甲。"\n', 1),  # cut off before msgstr
        ('msgid "甲。"\nmsgstr "A."\n\nthis is not PO\n', 4),
    ],
)
def test_damaged_po_file_is_reported_with_file_and_line(tmp_path, damage, line):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    path = tmp_path / "a.po"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\n" + damage, encoding="utf-8")
    bad_line = good.count("\n") + 1 + line
    with pytest.raises(MemoryFileError, match=rf"a\.po:{bad_line}:"):
        Memory.load(tmp_path)


def test_non_utf8_po_file_is_reported_with_its_name(tmp_path):
    (tmp_path / "b.po").write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "\xff"\nmsgstr "x"\n')
    with pytest.raises(MemoryFileError, match=r"b\.po:4: not valid UTF-8"):
        read_po(tmp_path / "b.po")


TRICKY = {
    "你好。": "Hello.",
    '他说"好"\\。': 'He said "fine" \\ ok.\nNext',
    "制表\t符。": "A\ttab, a\rreturn and a very long line " + "that wraps " * 12,
    "多行\n文本。": "",
}


def polib_rows(text: str) -> tuple:
    return rows_of(polib.pofile(text, wrapwidth=78))


def test_lean_reader_gives_polib_rows_for_what_the_memory_and_editors_write(tmp_path):
    memory = machine_memory(tmp_path, "a", {k: v for k, v in TRICKY.items() if v})
    memory.save_article("a", ["多行\n文本。", "你好。"])  # two entries go obsolete
    confirm(tmp_path / "a.po", "你好。", "Hi, from an editor.")
    po = polib.pofile(str(tmp_path / "a.po"))
    po.find("你好。").tcomment = "checked by 编辑\nsecond line"
    po.save()
    text = (tmp_path / "a.po").read_text(encoding="utf-8")
    assert "#~ msgid" in text and "# checked by" in text and 'msgstr ""\n"' in text
    variants = [text, text.replace("\n", "\r\n"), text + "#.\n", text + "#,", "", "# only\n",
                text.replace("#, fuzzy\n", "#, fuzzy, no-wrap\n", 1)]
    for variant in variants:
        assert lean_rows(variant) is not None
        assert lean_rows(variant) == polib_rows(variant)


@pytest.mark.parametrize("text", [
    'msgctxt "c"\nmsgid "甲"\nmsgstr "A"\n',
    'msgid "甲"\nmsgid_plural "甲们"\nmsgstr[0] "A"\nmsgstr[1] "As"\n',
    '#: page.txt:3\nmsgid "甲"\nmsgstr "A"\n',
    '#| msgid "旧"\nmsgid "甲"\nmsgstr "A"\n',
    'msgid ""\nmsgstr ""\n\nmsgid ""\nmsgstr "second header"\n',
])
def test_po_outside_the_lean_subset_is_read_by_polib(tmp_path, text):
    (tmp_path / "a.po").write_text(text, encoding="utf-8")
    assert lean_rows(text) is None
    assert read_rows(tmp_path / "a.po") == rows_of(read_po(tmp_path / "a.po"))


@pytest.mark.parametrize("obsolete", [False, True], ids=["live", "came-back"])
def test_a_rewrite_in_the_same_run_keeps_the_articles_editor_entry(tmp_path, obsolete):
    machine_memory(tmp_path, "a", {"你好。": "Hello.", "旧句。": "Old."})
    confirm(tmp_path / "a.po", "你好。", "Good day.")
    if obsolete:  # the sentence left the article, and comes back with its correction
        Memory.load(tmp_path).save_article("a", ["旧句。"])
        assert polib.pofile(str(tmp_path / "a.po")).find("你好。", include_obsolete_entries=True)
    memory = Memory.load(tmp_path)
    # This run's model output for the same sentence, and a new sentence in the same article:
    # the file must be written again, and the editor's entry must go into it untouched.
    memory.add_machine({"你好。": "Hi.", "新句。": "New."}, "translate-zh_en 2.0")
    assert memory.save_article("a", ["你好。", "新句。", "旧句。"]) is True
    po = polib.pofile(str(tmp_path / "a.po"))
    kept = po.find("你好。")
    assert (kept.msgstr, kept.fuzzy, kept.obsolete) == ("Good day.", False, False)
    assert po.find("新句。").msgstr == "New." and po.find("新句。").fuzzy
    assert memory.lookup("你好。", "a").text == "Good day."
    memory.settle()
    assert Memory.load(tmp_path).lookup("你好。", "a").text == "Good day."


def test_each_file_keeps_its_own_editor_correction_of_a_shared_sentence(tmp_path):
    for slug in ("a", "b", "c"):
        machine_memory(tmp_path, slug, {"你好。": f"Hello ({slug})."})
    confirm(tmp_path / "a.po", "你好。", "Good day.")
    confirm(tmp_path / "b.po", "你好。", "Greetings.")
    memory = Memory.load(tmp_path)
    assert memory.lookup("你好。", "a").text == "Good day."
    assert memory.lookup("你好。", "b").text == "Greetings."
    assert memory.lookup("你好。", "c").text == "Good day."  # the first editor's, by file name
    assert memory.lookup("你好。", "c").reviewed
    before = (tmp_path / "b.po").read_text(encoding="utf-8")
    assert memory.save_article("b", ["你好。"]) is False  # b's file keeps its own
    assert (tmp_path / "b.po").read_text(encoding="utf-8") == before


def write_po(path: Path, *entries: str) -> None:
    """Write a PO file by hand, as an editor's tool might leave it."""
    path.write_text('msgid ""\nmsgstr ""\n\n' + "\n".join(entries), encoding="utf-8")


LIVE_EDITOR = 'msgid "你好。"\nmsgstr "Live editor."\n'
OBSOLETE_EDITOR = '#~ msgid "你好。"\n#~ msgstr "Obsolete editor."\n'
LIVE_MACHINE = '#. machine: m 1\n#, fuzzy\nmsgid "你好。"\nmsgstr "Live machine."\n'
OBSOLETE_MACHINE = '#, fuzzy\n#~ msgid "你好。"\n#~ msgstr "Obsolete machine."\n'


@pytest.mark.parametrize(("first", "second", "best"), [
    (OBSOLETE_EDITOR, LIVE_EDITOR, "Live editor."),
    (LIVE_EDITOR, OBSOLETE_EDITOR, "Live editor."),
    (LIVE_MACHINE, OBSOLETE_EDITOR, "Obsolete editor."),
    (OBSOLETE_EDITOR, LIVE_MACHINE, "Obsolete editor."),
    (OBSOLETE_MACHINE, LIVE_MACHINE, "Live machine."),
    (LIVE_MACHINE, OBSOLETE_MACHINE, "Live machine."),
    ('msgid "你好。"\nmsgstr ""\n', LIVE_MACHINE, "Live machine."),  # emptied: no translation
])
def test_the_best_entry_anywhere_is_an_editors_then_live_then_first_by_file(
        tmp_path, first, second, best):
    write_po(tmp_path / "a.po", first)
    write_po(tmp_path / "b.po", second)
    memory = Memory.load(tmp_path)
    assert memory.lookup("你好。").text == best
    assert memory.lookup("你好。", "c").text == best  # an article with no entry of its own


@pytest.mark.parametrize(("entries", "best"), [
    ((OBSOLETE_EDITOR, LIVE_MACHINE), "Obsolete editor."),  # ranks first, whatever the order
    ((LIVE_MACHINE, OBSOLETE_EDITOR), "Obsolete editor."),
    ((LIVE_MACHINE, LIVE_MACHINE.replace("Live", "Second")), "Live machine."),  # then the first
    (('msgid "你好。"\nmsgstr ""\n', LIVE_MACHINE), "Live machine."),  # past an empty one
])
def test_one_files_candidate_for_a_sentence(tmp_path, entries, best):
    write_po(tmp_path / "a.po", *entries)
    assert Memory.load(tmp_path).lookup("你好。").text == best


def test_a_rewrite_keeps_the_translators_comment_of_a_machine_entry(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    po = polib.pofile(str(tmp_path / "a.po"))
    po.find("你好。").tcomment = "ask the desk"  # a note on an entry still fuzzy
    po.save()
    machine_memory(tmp_path, "b", {"你好。": "Hello."})
    confirm(tmp_path / "b.po", "你好。", "Good day.")
    memory = Memory.load(tmp_path)
    memory.add_machine({"新句。": "New."}, MODEL)
    assert memory.save_article("a", ["你好。", "新句。"])  # takes b's correction, a new sentence
    po = polib.pofile(str(tmp_path / "a.po"))
    copied, new = po.find("你好。"), po.find("新句。")
    assert (copied.msgstr, copied.fuzzy, copied.tcomment) == ("Good day.", True, "ask the desk")
    assert copied.comment == "copied from an editor's entry in another file"
    assert (new.tcomment, new.comment) == ("", f"machine: {MODEL}")


def test_an_untrusted_file_is_read_again_even_when_no_change_is_reported(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    memory = Memory.load(tmp_path)  # the file is seconds old: its stat is not trusted yet
    confirm(tmp_path / "a.po", "你好。", "Good day.")
    memory = Memory.load(tmp_path, previous=memory, changed=frozenset())  # a late watcher
    assert memory.lookup("你好。", "a").text == "Good day."
    assert "你好。" in memory.changed_segments() and memory.changed_files() == {"a"}
    memory.add_machine({"新句。": "New."}, MODEL)
    memory.save_article("a", ["你好。", "新句。"])  # written just now: not trusted either
    memory.settle()
    confirm(tmp_path / "a.po", "新句。", "A new sentence.")
    memory = Memory.load(tmp_path, previous=memory, changed=frozenset())
    assert memory.lookup("新句。", "a").text == "A new sentence."


def test_the_po_file_format_editors_diff(tmp_path):
    long = "这是一个很长的句子，" * 6 + "。"
    memory = Memory.load(tmp_path)
    wide = "A long sentence " + "y" * 61  # 77 characters: wrapped at 78, not at 79
    memory.add_machine({"你好。": "Hello.", long: "A long sentence, " * 6, "宽。": wide,
                        "旧句。": "Old."}, MODEL)
    memory.save_article("a", ["你好。", long, "宽。", "旧句。"])
    Memory.load(tmp_path).save_article("a", ["你好。", long, "宽。"])
    assert (tmp_path / "a.po").read_text(encoding="utf-8") == (
        "# Translation memory of one article (msgid: Chinese segment, msgstr: English).\n"
        "# Machine output is marked fuzzy. Correct an entry and delete its fuzzy flag (or just\n"
        "# delete the flag to confirm it): site-builder never changes such an entry again.\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: site-builder\\n"\n'
        '"Language: en\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        "\n"
        f"#. machine: {MODEL}\n"
        "#, fuzzy\n"
        'msgid "你好。"\n'
        'msgstr "Hello."\n'
        "\n"
        f"#. machine: {MODEL}\n"
        "#, fuzzy\n"
        f'msgid "{long}"\n'  # no space to break Chinese at
        'msgstr ""\n'
        '"A long sentence, A long sentence, A long sentence, A long sentence, A long "\n'
        '"sentence, A long sentence, "\n'
        "\n"
        f"#. machine: {MODEL}\n"
        "#, fuzzy\n"
        'msgid "宽。"\n'
        'msgstr ""\n'
        '"A long sentence "\n'
        f'"{"y" * 61}"\n'
        "\n"
        "#, fuzzy\n"
        '#~ msgid "旧句。"\n'
        '#~ msgstr "Old."\n')


def test_a_rewrite_keeps_what_an_editors_tool_put_in_the_header(tmp_path):
    machine_memory(tmp_path, "a", {"你好。": "Hello."})
    po = polib.pofile(str(tmp_path / "a.po"))
    po.metadata["Last-Translator"] = "Li Na <li@example.org>"
    po.header = "Checked by the English desk."
    po.save()
    memory = Memory.load(tmp_path)
    memory.add_machine({"新句。": "New."}, MODEL)
    assert memory.save_article("a", ["你好。", "新句。"])
    po = polib.pofile(str(tmp_path / "a.po"))
    assert po.metadata["Last-Translator"] == "Li Na <li@example.org>"
    assert po.header == "Checked by the English desk." and po.find("新句。")


def line_of(path: Path, msgid: str) -> str:
    return f"{path}:{polib.pofile(str(path)).find(msgid).linenum}"


def test_where_names_the_file_and_line_of_the_entry_lookup_gives(tmp_path):
    machine_memory(tmp_path, "a", {"甲。": "A.", "你好。": "Hello."})
    machine_memory(tmp_path, "b", {"你好。": "Hello."})
    memory = Memory.load(tmp_path)
    assert memory.where("你好。", "b") == line_of(tmp_path / "a.po", "你好。")  # the best: a's
    confirm(tmp_path / "b.po", "你好。", "Good day.")
    memory = Memory.load(tmp_path)
    assert memory.where("你好。", "a") == line_of(tmp_path / "b.po", "你好。")  # b's editor
    assert memory.where("你好。", "b") == line_of(tmp_path / "b.po", "你好。")  # its own
    assert memory.where("乙。", "c") == str(tmp_path / "c.po")  # nowhere: the article's file
    (tmp_path / "b.po").write_text('msgid "x"\n', encoding="utf-8")  # damaged since
    assert memory.where("你好。", "b") == str(tmp_path / "b.po")
