"""Breach terms fitted to the party, after the two cold reads of round 14.

- A company's catch-all breach trigger ("otherwise fails to perform any obligation", "in any other
  respect does not carry out each of its obligations in full", "left any other obligation
  unperformed, in whole or in part") counts only a knowing and material failure, in the Company's
  own words, wherever in the body the list of breaches stands; a catch-all that already says so,
  and a person's letter, are left alone.
- A company whose agreement leaves the breach to the Office and gives no notice gets written notice
  and thirty days to answer, addressed to the Company (never "through counsel", no burden of proof);
  where the agreement already gives notice, nothing is added but, where its notice says only that a
  breach was found, the conduct and the reasons.
- A person gets notice and a chance to respond, never a cure period; a company keeps the cure.
- The wait before a proffer's statements are used runs from notice to counsel, and yields at a trial
  or hearing and where the client has fled.
- A company's report speaks of the company: no client who testifies, no meeting, no translation.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.review.company import speaks_of_person
from drafter.review.counterdraft import write_outputs
from drafter.review.redline import fitting_edits
from drafter.review.review import review_letter

LETTERS = Path(__file__).resolve().parent / "letters"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NPA = LETTERS / "corporate-npa.txt"
CARDINAL = LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt"
MERIDIAN = LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt"
CORVETA = LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt"
COMPANY = [NPA, CARDINAL, MERIDIAN, CORVETA]


def marked(docx: Path) -> list[str]:
    """Each paragraph of the counter-draft with its insertions as {+...+} and deletions as [-...-]."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for p in root.iter(W + "p"):
        parts = []
        for el in p.iter():
            if el.tag == W + "t":
                inside = any(a.tag == W + "ins" for a in el.iterancestors())
                parts.append("{+" + (el.text or "") + "+}" if inside else (el.text or ""))
            elif el.tag == W + "delText":
                parts.append("[-" + (el.text or "") + "-]")
        text = "".join(parts).replace("+}{+", "").replace("-][-", "")
        if text.strip():
            out.append(text)
    return out


def inserted(lines: list[str]) -> str:
    return " ".join(m for line in lines for m in re.findall(r"\{\+(.*?)\+\}", line, re.S))


def write_review(path: Path, out: Path, text: str | None = None):
    """Review a letter (or a copy of it with ``text``) and write its outputs under ``out / "out"``:
    the review, the counter-draft's path and the report's path."""
    if text is not None:
        copy = out / path.name
        copy.write_text(text, encoding="utf-8")
        path = copy
    review = review_letter(path)
    write_outputs(review, out / "out", dt.date(2026, 12, 2), force=True)
    return review, out / "out" / f"{path.stem}.counter.docx", out / "out" / f"{path.stem}.review.md"


def counter(path: Path, out: Path, text: str | None = None):
    """Review a letter (or a copy of it with ``text``) and write its counter-draft and report."""
    review, docx, report = write_review(path, out, text)
    return review, marked(docx), report


@pytest.mark.parametrize("path, expected", [
    (NPA, "has otherwise{+ knowingly and materially+} failed to perform its obligations"),
    # "each of its obligations" becomes "any of": a failure to carry out each would be a failure of all
    (CARDINAL, "in any other respect [-does not-]{+knowingly and materially fails to+} carry out [-each-]{+any+} of "
               "its obligations under this Agreement[- in full-]."),
    (MERIDIAN, "otherwise{+ knowingly and materially+} fails to perform any obligation under this Agreement"),
    # "left ... unperformed" takes "knowingly", and partial performance counts where it is material
    (CORVETA, "{+knowingly +}left any other obligation in this Agreement unperformed, in whole or in "
              "{+material +}part"),
])
def test_a_company_catch_all_counts_only_a_knowing_and_material_failure(tmp_path, path, expected):
    review, lines, _ = counter(path, tmp_path)
    assert any(expected in line for line in lines), [x for x in lines if "{+" in x]
    # the Office's specific breaches (a felony, false information) keep their words
    assert "knowingly and materially commit" not in " ".join(lines)


def test_a_catch_all_that_already_says_material_is_left_alone(tmp_path):
    text = NPA.read_text(encoding="utf-8").replace(
        "has otherwise failed to perform its obligations", "has otherwise failed to perform its material obligations")
    review, lines, _ = counter(NPA, tmp_path, text)
    assert "knowingly and materially" not in inserted(lines)
    assert any("its material obligations under this Agreement" in line for line in lines)


def test_the_company_catch_all_edit_is_never_a_persons():
    review = review_letter(LETTERS / "plea-cooperation.txt")
    assert review.doc.party == "individual"
    texts = [e.text for e in fitting_edits(review, "breach", "defense-proposed")]
    assert not [t for t in texts if "knowingly and materially fails to" in t or "failed to" in t]
    assert not [t for t in texts if "cures it" in t]               # and no cure period for a person


def test_a_company_without_notice_gets_notice_and_thirty_days_addressed_to_it(tmp_path):
    review, lines, _ = counter(NPA, tmp_path)
    para = next(x for x in lines if x.startswith("9. If the Office determines"))
    added = inserted([para])
    assert "the Office will give the Company written notice of the claimed breach and of the facts on which it " \
           "rests" in added
    assert "within thirty days after receiving that notice, respond in writing" in added
    assert "counsel" not in added and "preponderance" not in added and "burden" not in added
    # the cure the breach paragraph adds runs on the same thirty days, and is the Company's
    # (both clocks run from the Company's receipt of the one notice of the claimed breach)
    assert "cures it within thirty days after receiving written notice of the claimed breach from the Office" \
        in inserted(lines)
    # no sentence for a company says "to counsel": notice goes to the Company
    assert "to counsel" not in inserted(lines) and "through counsel" not in inserted(lines)


def test_a_dpa_that_needs_no_courts_finding_and_gives_no_notice_gets_it(tmp_path):
    """The DPA says the Government need not obtain a finding by the Court: the person's version (the
    Court decides a disputed breach) would contradict it, but notice and time to answer do not."""
    text = MERIDIAN.read_text(encoding="utf-8")
    start = text.index("     (c)  Before it declares a breach")
    end = text.index("     (d)  If the Government declares a breach")
    text = text[:start] + text[end:].replace("(d)  If the Government declares", "(c)  If the Government declares", 1)
    assert "to respond in writing" not in text
    assert re.search(r"need\s+not\s+obtain\s+a\s+finding\s+by\s+the\s+Court", text)
    review, lines, _ = counter(MERIDIAN, tmp_path, text)
    added = inserted(lines)
    assert "written notice of the claimed breach" in added, [x for x in lines if "{+" in x]
    assert "thirty days" in added
    assert "the Court will decide" not in added and "counsel" not in added


@pytest.mark.parametrize("path", [CARDINAL, MERIDIAN, CORVETA])
def test_a_company_whose_agreement_gives_notice_gets_no_second_one(tmp_path, path):
    review, lines, _ = counter(path, tmp_path)
    added = inserted(lines)
    assert "Before deciding that" not in added and "thirty days" not in added
    assert "cures it" not in added                  # the letter's own time to answer: no second period
    assert "counsel" not in added


def test_a_notice_that_only_says_a_breach_was_found_states_the_conduct_and_reasons(tmp_path):
    review, lines, _ = counter(CARDINAL, tmp_path)
    assert any("tell the Company in writing that it has found one{+, stating the conduct it has found to be a "
               "breach and its reasons+}." in line for line in lines), [x for x in lines if "{+" in x]
    review, lines, _ = counter(CORVETA, tmp_path)
    assert any("written notice of the claimed breach{+ and of the facts on which the claim rests+}." in line
               for line in lines)
    # a notice that already describes the conduct (Meridian: "of the conduct it believes constitutes a
    # breach") is left as written
    review, lines, _ = counter(MERIDIAN, tmp_path)
    assert "facts on which" not in inserted(lines) and "its reasons" not in inserted(lines)


def test_a_person_gets_notice_and_a_chance_to_respond_never_a_cure_period(tmp_path):
    review, lines, _ = counter(LETTERS / "whole" / "04-edny-cooperation-whitfield.txt", tmp_path)
    added = inserted(lines)
    assert "cure" not in added
    assert "written notice of the claimed breach and a reasonable opportunity to respond" in added
    # a person's letter that already gives notice and a hearing gets neither again
    review, lines, _ = counter(LETTERS / "cooperation-agreement.txt", tmp_path)
    added = inserted(lines)
    assert "cure" not in added and "written notice of the claimed breach" not in added


def test_reasons_in_writing_to_counsel_stay_a_persons_ask(tmp_path):
    review, lines, _ = counter(LETTERS / "plea-cooperation.txt", tmp_path)
    assert "state its reasons for these determinations in writing to counsel" in inserted(lines)
    for path in (CARDINAL, CORVETA, MERIDIAN):
        review, lines, _ = counter(path, tmp_path)
        assert "state its reasons" not in inserted(lines), path.name


PERSON_NOTES = ("The client commits in advance to testify", "client's credibility", "an ended Meeting",
                "translation", "statements to agents", "foreign-notice", "counsel's proffers", "Parra shows")


@pytest.mark.parametrize("path", COMPANY)
def test_a_company_report_speaks_of_the_company(tmp_path, path):
    review, _, report = counter(path, tmp_path)
    text = "\n".join(line for line in report.read_text(encoding="utf-8").splitlines()
                     if not line.startswith(">"))            # the letter's own words, quoted, are the letter's
    for words in PERSON_NOTES:
        assert words not in text, (path.name, words)
    # each clause of the company's agreement still has its risk in words where the library has them
    assert "The Company must make its people available" in text or "Testimony" not in text


def test_a_persons_report_keeps_the_notes_written_for_a_person(tmp_path):
    review, _, report = counter(LETTERS / "whole" / "02-edva-proffer-pettigrew.txt", tmp_path)
    text = report.read_text(encoding="utf-8")
    assert re.search(r"\bthe client\b|\byour client\b|\bthe Client\b", text)


def test_person_wording_is_recognised_for_what_it_is():
    assert speaks_of_person("The client commits in advance to testify anywhere")
    assert speaks_of_person("says nothing about how an ended Meeting will be treated")
    assert speaks_of_person("including for statements made to agents")
    assert not speaks_of_person("The Company must make its people available to testify")
    assert not speaks_of_person("the board meeting of the Company")
