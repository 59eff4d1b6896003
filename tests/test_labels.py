"""The one grammar of paragraph labels and ordinals (drafter.labels), used by reading, recognising,
the cover letter and the counter-draft alike."""

from __future__ import annotations

import re

import pytest

from drafter import labels
from drafter.labels import Label, label_end, parse

WORDS = ("FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH "
         "THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH TWENTIETH").split()


@pytest.mark.parametrize("n,word", list(enumerate(WORDS, 1)))
def test_first_to_twentieth_are_labels_everywhere(n, word):
    text = f"{word}, the defendant agrees to cooperate."
    found = parse(text)
    assert found == Label("ordinal", n, f"{word},", len(word) + 2, "{O},")
    assert labels.ordinal(n) == word and labels.ordinal_value(word.title()) == n
    assert label_end(text) == len(word) + 2
    assert labels.numbered(text) == found
    assert labels.starts_item(text) and labels.is_label_only(f"{word},")
    assert found.following(0) == (WORDS[n] + "," if n < 20 else "TWENTY-FIRST,")


@pytest.mark.parametrize("n,word", [(21, "TWENTY-FIRST"), (30, "THIRTIETH"), (34, "THIRTY-FOURTH"),
                                    (42, "FORTY-SECOND"), (80, "EIGHTIETH"), (99, "NINETY-NINTH")])
def test_ordinals_beyond_twentieth(n, word):
    assert labels.ordinal(n) == word
    assert labels.ordinal_value(word) == n
    assert labels.ordinal_value(word.replace("-", " ").lower()) == n      # "thirty fourth"
    assert parse(f"{word}: Cooperation.").value == n
    assert parse(f"{word.replace('-', ' ')}, x").value == n
    assert parse(f"{word.title()}, the defendant").value == n


def test_the_ordinals_count_without_gaps_and_stop_at_ninety_nine():
    assert [labels.ordinal_value(w) for w in labels.ORDINALS] == list(range(1, 100))
    assert len(set(labels.ORDINALS)) == 99
    with pytest.raises(ValueError):
        labels.ordinal(100)
    last = parse("NINETY-NINTH, x")
    assert last.following(0) == ""          # no word for the hundredth: no label rather than a wrong one
    assert parse("FOURTEENTH, x").value == 14 and parse("FOURTH, x").value == 4   # longest first


def test_a_title_case_ordinal_is_a_label_only_with_its_comma_or_colon():
    assert parse("First, the defendant").following(1) == "Third,"
    assert parse("Sixteenth: x").value == 16
    assert parse("First the defendant") is None
    assert parse("Firstly, x") is None


@pytest.mark.parametrize("text,kind,value,written,after", [
    ("1. The defendant", "number", 1, "1.", "2."),
    ("12. The defendant", "number", 12, "12.", "13."),
    ("3) The defendant", "number", 3, "3)", "4)"),
    ("(3) The defendant", "number", 3, "(3)", "(4)"),
    ("¶ 3 The defendant", "paragraph", 3, "¶ 3", "¶ 4"),
    ("¶3. The defendant", "paragraph", 3, "¶3.", "¶4."),
    ("Paragraph 7. The defendant", "paragraph", 7, "Paragraph 7.", "Paragraph 8."),
    ("SECTION 4: COOPERATION", "section", 4, "SECTION 4:", "SECTION 5:"),
    ("Section 9 Cooperation", "section", 9, "Section 9", "Section 10"),
])
def test_numeric_labels(text, kind, value, written, after):
    found = parse(text)
    assert (found.kind, found.value, found.text, found.following(0)) == (kind, value, written, after)
    assert found.top_level and labels.numbered(text) == found
    assert text[found.end:].startswith(("The", "COOP", "Coop"))


@pytest.mark.parametrize("text,kind,value,after", [
    ("(a) the defendant", "letter", 1, "(b)"),
    ("(h) the defendant", "letter", 8, "(i)"),
    ("(c) the defendant", "letter", 3, "(d)"),
    ("(aa) the defendant", "letter", 27, "(bb)"),
    ("a. the defendant", "letter", 1, "b."),
    ("b) the defendant", "letter", 2, "c)"),
    ("A. Cooperation", "letter", 1, "B."),
    ("D. Cooperation", "letter", 4, "E."),
])
def test_lettered_labels(text, kind, value, after):
    found = parse(text)
    assert (found.kind, found.value, found.following(0)) == (kind, value, after)
    assert not found.top_level and labels.numbered(text) is None


@pytest.mark.parametrize("text,value,after", [
    ("(i) the defendant", 1, "(ii)"),
    ("(ii) the defendant", 2, "(iii)"),
    ("(iv) the defendant", 4, "(v)"),
    ("(ix) the defendant", 9, "(x)"),
    ("(xiv) the defendant", 14, "(xv)"),
    ("I. Background", 1, "II."),
    ("IV. Cooperation", 4, "V."),
    ("XIX. Breach", 19, "XX."),
])
def test_roman_labels(text, value, after):
    found = parse(text)
    assert (found.kind, found.value, found.following(0)) == ("roman", value, after)


@pytest.mark.parametrize("n", [1, 4, 9, 14, 40, 49, 90, 99, 144, 399])
def test_roman_numerals_round_trip(n):
    assert labels.roman_value(labels.roman(n)) == n
    assert labels.roman_value(labels.roman(n, upper=True)) == n


@pytest.mark.parametrize("text", [
    "U.S. Attorney's Office agrees", "1.5 million dollars", "e.g. a proffer", "i.e. the defendant",
    "(civil) matters", "(ic) x", "(ab) x", "Seconded by counsel", "FIRSTLY the defendant", "2026 was a year",
    "The defendant agrees", "", "P. 11(f) apply to the Meeting.", "R. Evid. 410", "v. Smith, 123 F.3d 1",
])
def test_what_is_not_a_label(text):
    assert parse(text) is None
    assert label_end(text) == len(text) - len(text.lstrip())


def test_label_end_skips_the_spaces_after_the_label():
    assert label_end("  4.   The defendant") == len("  4.   ")
    assert label_end("(c)the defendant") == 3


def test_label_only_lines_and_item_starts_for_reflowing():
    for line in ("1.", "(a)", "(iv)", "¶ 3", "SIXTEENTH,", "TWENTIETH", "  7.  "):
        assert labels.is_label_only(line), line
    for line in ("1. The", "the defendant", ""):
        assert not labels.is_label_only(line), line
    for line in ("• a bullet", "* a bullet", "SIXTEENTH, x", "(b) x", "Paragraph 3 x"):
        assert labels.starts_item(line), line
    assert not labels.starts_item("continued text of the line")


def test_inline_item_labels():
    text = "the defendant will (a) appear; (b) testify; and (iv) produce records"
    found = [m.group().strip() for m in (labels.sub_label_at(text, i) for i in range(len(text))) if m]
    assert found == ["(a)", "(b)", "(iv)"]
    assert labels.is_sub_label("(c)") and labels.is_sub_label("(xii)") and labels.is_sub_label("(12)")
    assert not labels.is_sub_label("(civil)") and not labels.is_sub_label("4(c)")


def test_every_module_uses_the_one_grammar():
    """No module spells the ordinals out again (the drift this module ended)."""
    from conftest import REPO

    for path in (REPO / "src" / "drafter").rglob("*.py"):
        if path.name == "labels.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"FIRST\W+SECOND\W+THIRD", text), path


def letter_of(*texts):
    from types import SimpleNamespace

    from drafter.docx.letters import make_paragraphs

    return SimpleNamespace(letter=SimpleNamespace(paragraphs=make_paragraphs(list(texts)), text="\n\n".join(texts)))


@pytest.mark.parametrize("last,expected", [
    ("SIXTEENTH, Client will testify truthfully.", ["SEVENTEENTH,", "EIGHTEENTH,"]),
    ("TWENTIETH: Client will testify truthfully.", ["TWENTY-FIRST:", "TWENTY-SECOND:"]),
    ("12. Client will testify truthfully.", ["13.", "14."]),
    ("(4) Client will testify truthfully.", ["(5)", "(6)"]),
    ("SECTION 9. Testimony.", ["SECTION 10.", "SECTION 11."]),
    ("Client will testify truthfully.", ["", ""]),
])
def test_the_counter_draft_continues_the_letters_own_numbering(last, expected):
    from drafter.review.counterdraft import numbering

    review = letter_of("Dear Counsel:", last, "(a) a lettered item is not the numbering;", "Very truly yours,")
    label = numbering(review, 3)
    assert [label(0), label(1)] == expected
    # a copy that says parts are missing: the next number may be taken already
    partial = letter_of("Dear Counsel:", last, "[remainder of the letter not in the available copy]")
    assert numbering(partial, 2)(0) == ""


def test_the_cover_letter_names_a_lettered_item_with_its_paragraph():
    from drafter.review.base import paragraph_label

    review = letter_of("SIXTEENTH, Notwithstanding the above:", "(c) the Office may use the statements.",
                       "(iv) and any leads.")
    assert paragraph_label(review, 1) == "SIXTEENTH"
    assert paragraph_label(review, 2) == "SIXTEENTH(c)"
    assert paragraph_label(review, 3) == "SIXTEENTH(c)(iv)"      # read as an outline: (iv) is under (c)
    straight = letter_of("SIXTEENTH, Notwithstanding the above:", "(iv) and any leads.", "(v) and more.")
    assert [paragraph_label(straight, n) for n in (2, 3)] == ["SIXTEENTH(iv)", "SIXTEENTH(v)"]
    # "(i)" after "(h)" is the letter i, not the numeral one
    items = letter_of("7. The Office may:", "(h) use leads;", "(i) impeach.")
    assert paragraph_label(items, 3) == "7(i)"


def test_recognition_reads_past_every_label():
    from drafter.review.recognise import units

    for label in ("SIXTEENTH,", "TWENTIETH.", "17.", "(c)", "¶ 4", "IV."):
        text = f"{label} The Office may use the statements. It may also share them."
        assert text[units(text)[0][0]:].startswith("The Office"), label
