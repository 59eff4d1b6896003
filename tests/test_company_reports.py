"""What a defense lawyer read cold in the reviews of four company agreements (coldread 15): the
report cites a paragraph as the letter labels it, each company edit reads as grammatical text in
the letter's own defined terms once accepted, nothing the letter already grants is asked for
again, no authority written for an individual defendant is cited for a company, and the "one
standard throughout" claim says what it left."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from drafter.docx.letters import parse_letter, read_letter
from drafter.review.counterdraft import write_outputs
from drafter.review.places import paragraph_label, paragraph_ref
from drafter.review.review import review_letter
from test_review import document_xml, resolve

LETTERS = Path(__file__).resolve().parent / "letters"
MERIDIAN = LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt"
CARDINAL = LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt"
CORVETA = LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt"
HARBORLINE = LETTERS / "corporate-npa.txt"
COMPANY = [MERIDIAN, CARDINAL, CORVETA, HARBORLINE]


class Out:
    def __init__(self, review, folder: Path, path: Path):
        self.review = review
        self.report = (folder / f"{path.stem}.review.md").read_text(encoding="utf-8")
        counter = folder / f"{path.stem}.counter.docx"
        self.accepted = resolve(document_xml(counter), accept=True) if counter.exists() else []
        self.original = [p.text for p in review.letter.paragraphs]


@pytest.fixture(scope="module")
def outs(tmp_path_factory) -> dict[str, Out]:
    done = {}
    for path in COMPANY:
        folder = tmp_path_factory.mktemp(path.stem)
        review = review_letter(path)
        write_outputs(review, folder, dt.date(2026, 12, 1), force=True)
        done[path.name] = Out(review, folder, path)
    return done


def _ref(letter, starts: str) -> str:
    para = next(p for p in letter.paragraphs if p.norm.lstrip().startswith(starts))
    return paragraph_ref(letter, para.number)


# --- 1. a paragraph as the letter labels it ---------------------------------------------------------

def test_a_dpa_in_roman_sections_is_cited_by_section_and_letter():
    """The S.D. Fla. DPA is in Sections I. to XII. with lettered subsections and numbered items:
    its paragraphs are "Section V(b)", "Section VIII(b)", "Section VIII(d)(4)", never "(4)(b)"."""
    letter = read_letter(MERIDIAN)
    assert _ref(letter, "(b) The Company agrees that the Government may share") == "Section V(b)"
    assert _ref(letter, "(b) Whether the Company has breached") == "Section VIII(b)"
    assert _ref(letter, "(5) otherwise fails to perform") == "Section VIII(a)(5)"
    assert _ref(letter, "(4) the Government, in its sole discretion") == "Section VIII(d)(4)"
    assert _ref(letter, "(e) The Company agrees that the statute") == "Section VIII(e)"
    assert _ref(letter, "(c) If the Government determines, in its sole") == "Section II(c)"
    review = review_letter(MERIDIAN)
    para = next(p for p in review.letter.paragraphs if p.norm.startswith("(b) Whether the Company"))
    assert paragraph_label(review, para.number) == "VIII(b)"      # the cover letter's form


def test_numbered_paragraphs_under_lettered_headings_keep_their_own_numbers():
    """Negative control: the D.N.J. NPA numbers its paragraphs 1 to 16 through headings "A." to
    "J."; its paragraphs stay "Paragraph 3(a)" and "Paragraph 10", not "Section C(3)(a)"."""
    letter = read_letter(CARDINAL)
    assert _ref(letter, "(a) truthfully disclose all factual") == "Paragraph 3(a)"
    assert _ref(letter, "10. The Company may be prosecuted") == "Paragraph 10"
    assert _ref(letter, "15. The Company consents") == "Paragraph 15"
    # and a letter numbered (1) ... with lettered items keeps its own form
    plain = parse_letter(b"Dear Counsel:\n\n(1) The Office will meet.\n\n(2) Notwithstanding (1):\n\n"
                         b"(a) leads;\n\n(b) impeachment.\n\n(3) Other terms.\n", "x.txt")
    assert [paragraph_ref(plain, n) for n in range(2, 7)] == [
        "Paragraph (1)", "Paragraph (2)", "Paragraph (2)(a)", "Paragraph (2)(b)", "Paragraph (3)"]


def test_the_dpa_report_cites_sections(outs):
    md = outs[MERIDIAN.name].report.replace("\\(", "(").replace("\\)", ")")
    assert "Section VIII(b)" in md
    assert not re.search(r"Paragraph \(\d\)", md), re.findall(r"Paragraph \([^ ]*", md)


# --- 2. each company edit reads right once accepted ---------------------------------------------------

def test_the_catch_all_fails_to_carry_out_any_obligation(outs):
    """"does not carry out each of its obligations" becomes "knowingly and materially fails to
    carry out any of its obligations", never "fails to carry out each" (a failure of all of them)."""
    text = " ".join(outs[CARDINAL.name].accepted)
    assert "knowingly and materially fails to carry out any of its obligations under this Agreement" in text
    assert "fails to carry out each" not in text


def test_the_asks_name_the_party_by_the_letters_defined_term(outs):
    """The Fraud Section's NPA defines "the Fraud Section": no ask calls it "this Office"; the D.N.J.
    NPA's own term is "this Office", and its asks keep it (negative control)."""
    assert "this Office" not in outs[CORVETA.name].report
    assert "the Fraud Section" in outs[CORVETA.name].report
    assert "this Office" in outs[CARDINAL.name].report
