"""A company's agreement is answered in its own names: the organisation it names in full, the
authority that grants the non-prosecution, and asks, cites and fallbacks that fit an agreement
nobody pleads guilty under."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from drafter.review.counterdraft import write_outputs
from drafter.review.report import report_markdown
from drafter.review.review import review_letter
from drafter.review.terms import defined_names, grantor, letter_terms

REAL = Path(__file__).parent / "recognition" / "dev-real"
PKB = REAL / "taxdiv-swiss-bank-npa-pkb-ocr.txt"


def inserted(docx: Path) -> str:
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    ins = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, re.S)
    return " ".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", i)) for i in ins)


def test_a_company_named_in_full_and_the_department_that_grants():
    terms = letter_terms(PKB.read_text(encoding="utf-8"))
    assert terms["person"] == "PKB Privatbank AG"
    assert terms["party"] == "the Department of Justice"      # read through the scan's "Deportment"


@pytest.mark.parametrize("text, want", [
    ("the Department of Justice will not prosecute SCOBAG for", "the Department of Justice"),
    ("the Fraud Section agrees that it will not prosecute the Company", "the Fraud Section"),
    ("the Government will not criminally prosecute the Bank", "the Government"),
    ("The Acme Widget Cooperative will not prosecute anyone", None),          # not a prosecutor's name
])
def test_grantor(text, want):
    assert grantor(text) == want


@pytest.mark.parametrize("text", [
    'an Information in the United States District Court for the District of Vermont (the "Court"), charging',
    'HOYA Corporation ("HOYA"), which includes the PENTAX Lifecare Division ("PENTAX Global").',
])
def test_a_court_or_a_company_division_is_not_the_prosecutor(text):
    assert "party" not in defined_names(text)


def test_a_program_model_agreement_gets_no_redline(tmp_path):
    """The Swiss Bank Program's NPA was one model form for every bank: the counter-draft proposes
    nothing, the checklist keeps the points, and the attorney is told why."""
    review = review_letter(PKB)
    assert review.doc.program == "Swiss Bank Program"
    assert review.asks and all(a.tier == "trade" for a in review.asks)
    assert any("model agreement" in w for w in review.warnings)
    assert write_outputs(review, tmp_path, dt.date(2026, 12, 1)).changes == 0


def test_the_counter_draft_speaks_the_letters_names_and_binds_the_whole_department(tmp_path):
    review = review_letter(PKB, stance="full")        # what it would say if the attorney insists
    assert (review.doc.kind, review.doc.party) == ("npa", "company")
    write_outputs(review, tmp_path, dt.date(2026, 12, 1))
    words = inserted(tmp_path / f"{PKB.stem}.counter.docx")
    assert "PKB Privatbank AG" in words and "the Department of Justice" in words
    assert not re.search(r"\bthe (?:Defendant|Government|Client)\b", words)
    assert "truthfully discloses" not in words         # no open-ended cover for a company's disclosures
    # the grant is the whole Department's: no request that other offices agree to be bound
    assert "binds every component of the Department of Justice" in words
    assert "agree in writing to be bound" not in words


def test_the_checklist_fits_a_non_prosecution_agreement():
    review = review_letter(PKB)
    for item in review.checklist:
        for cite in item.cites:
            assert not re.search(r"11\((?:c|d)\)|1B1\.8|5K1\.1|3553|Rule 35", cite), cite
        assert not (item.fallback and re.search(r"guidelines? range|plea|sentenc", item.fallback, re.I)), item.fallback
    scope = next(i for i in review.checklist if i.type == "binding-scope")
    assert "every component of the Department of Justice" in scope.point


def test_the_report_does_not_repeat_an_ask_as_its_reason():
    text = report_markdown(review_letter(PKB), dt.date(2026, 12, 1))
    asks = re.findall(r"^- \*\*Ask:\*\* (.*)$", text, re.M)
    whys = re.findall(r"^- \*\*Why:\*\* (.*)$", text, re.M)
    assert asks and not set(asks) & set(whys)
    assert "Written concurrence from the offices" not in text


def test_a_leniency_letter_is_a_conditional_non_prosecution_agreement():
    review = review_letter(REAL / "atr-conditional-leniency-1031326.txt")
    assert (review.doc.kind, review.doc.party) == ("npa", "company")


def test_a_company_opening_never_gets_proffer_terms(tmp_path):
    """A DPA's opening holds few clauses of either group: its terms are still a company's, never a
    proffer letter's (no "the Client's statements" paragraph inserted into a DPA)."""
    letter = REAL / "dvt-dpa-practicefusion-opening.txt"
    review = review_letter(letter)
    assert review.doc.kind == "dpa" and review.kind == "cooperation"
    write_outputs(review, tmp_path, dt.date(2026, 12, 1))
    words = inserted(tmp_path / f"{letter.stem}.counter.docx")
    assert not re.search(r"\bthe (?:Client|Defendant)\b|\bMeeting\b|\binterview\b", words)


def test_a_company_the_letter_never_names_twice_is_the_company():
    text = ("DEFERRED PROSECUTION AGREEMENT. The Office and Acme Widgets Inc. agree that the prosecution "
            "shall be deferred during the Term. The Office may file the Information. The Office will "
            "consider the cooperation of its officers and employees and its remediation.")
    assert letter_terms(text)["person"] == "the Company"


def test_the_attorneys_comments_on_a_company_agreement_fit_it(tmp_path):
    """Each comment says what the redline does (a new paragraph quoted, not a variant's summary of
    another paragraph), and the silence notes written for a person's motion are left out."""
    review = review_letter(PKB, stance="full")
    write_outputs(review, tmp_path, dt.date(2026, 12, 1))
    xml = zipfile.ZipFile(tmp_path / f"{PKB.stem}.counter.review.docx").read("word/comments.xml").decode("utf-8")
    text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert "adds a new paragraph: “This Agreement binds every component of the Department of Justice" in text
    assert "written agreement of other offices" not in text
    assert not re.search(r"\bthe motion\b", text)
