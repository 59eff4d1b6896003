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
from drafter.review.company import granted_words
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


def test_a_failure_left_unperformed_reads_as_english_and_keeps_partial_performance(outs):
    """Corveta ¶10(f) "left any other obligation in this Agreement unperformed, in whole or in part":
    "knowingly left ... unperformed, in whole or in material part", not "knowingly and materially
    left ... unperformed" with partial performance struck (a defect the AUSA's read found)."""
    text = " ".join(outs[CORVETA.name].accepted)
    assert "(f) knowingly left any other obligation in this Agreement unperformed, in whole or in material part." \
        in text
    assert "materially left" not in text


def test_the_cure_and_the_answer_run_from_one_notice(outs):
    """The Harborline NPA gets both a cure and a time to answer: both run from the Company's receipt
    of the one written notice of the claimed breach, not from two notices."""
    text = " ".join(outs[HARBORLINE.name].accepted)
    assert "cures it within thirty days after receiving written notice of the claimed breach from the Office" in text
    assert "within thirty days after receiving that notice, respond" in text


def test_the_asks_name_the_party_by_the_letters_defined_term(outs):
    """The Fraud Section's NPA defines "the Fraud Section": no ask calls it "this Office"; the D.N.J.
    NPA's own term is "this Office", and its asks keep it (negative control)."""
    assert "this Office" not in outs[CORVETA.name].report
    assert "the Fraud Section" in outs[CORVETA.name].report
    assert "this Office" in outs[CARDINAL.name].report


# --- 3. nothing the letter already grants is asked for ------------------------------------------------

def _asks(md: str) -> str:
    """Every ask of a report: its clauses' and other terms' Ask lines and its checklist."""
    asks = [line for line in md.splitlines() if line.startswith("- **Ask:**")]
    return "\n".join(asks) + md[md.index("## Checklist"):]


@pytest.mark.parametrize("path", COMPANY, ids=[p.name for p in COMPANY])
def test_the_office_already_brings_the_cooperation_to_other_authorities(outs, path):
    """Each of the four letters already has the Office bring the Company's cooperation to other
    authorities' attention on request: the report says so and asks for nothing of the kind."""
    out = outs[path.name]
    assert "bring the Company's cooperation and remediation to the attention" not in _asks(out.report)
    assert "the letter already gives what a company asks for here" in out.report
    assert "binding-scope" not in {a.type for a in out.review.asks}


def test_a_letter_without_that_undertaking_is_still_asked_for_it():
    """Negative control: the same NPA with the undertaking struck gets the ask."""
    text = HARBORLINE.read_text(encoding="utf-8").replace(
        ", although the Office will bring the Company's cooperation to the attention of such authorities if the "
        "Company asks it to", "")
    assert "attention of such" not in text
    review = review_letter(parse_letter(text.encode("utf-8"), "npa.txt"))
    assert granted_words(review, "binding-scope") is None
    assert "binding-scope" in {a.type for a in review.asks}


def test_a_duty_that_already_keeps_privilege_and_foreign_law_is_not_asked_to():
    """The Fraud Section NPA's duty already excludes privileged material and yields to data-protection
    and blocking laws (¶5): no ask for either; the S.D. Fla. DPA, which has no foreign-law carve-out,
    is still asked for it (negative control)."""
    corveta = review_letter(CORVETA)
    assert granted_words(corveta, "cooperation-duty")
    assert "data-protection" not in _asks(_md(corveta))
    meridian = review_letter(MERIDIAN)
    assert granted_words(meridian, "cooperation-duty") is None
    assert "data-protection" in _asks(_md(meridian))


def _md(review) -> str:
    from drafter.review.report import report_markdown

    return report_markdown(review, dt.date(2026, 12, 1))


def test_an_insurance_bar_confined_to_the_penalty_is_not_asked_to_be_confined():
    """"will not seek any tax deduction or insurance reimbursement for it" (the penalty) already
    reaches only the penalty; a bar on recovering "any losses, costs or expenses" is still asked
    to be limited (negative control)."""
    from drafter.review.other_terms import found_in

    seen = next(s for s in found_in(review_letter(HARBORLINE)) if s.title == "No Reimbursement of the Penalty")
    assert seen.ask.startswith("Nothing to ask")
    broad = HARBORLINE.read_text(encoding="utf-8").replace(
        "and will not seek any tax deduction or insurance reimbursement for it.",
        "and will not seek reimbursement or indemnification from any source, including insurers, for any "
        "losses, costs or expenses arising from the conduct.")
    seen = next(s for s in found_in(review_letter(parse_letter(broad.encode("utf-8"), "npa.txt")))
                if s.title == "No Reimbursement of the Penalty")
    assert seen.ask.startswith("Limit the bar to the criminal penalty itself")


# --- 4. no authority written for an individual defendant in a company's report ------------------------

PERSON_AUTHORITY = re.compile(r"Mezzanatto|Parra|Manafort|McKnight|Brady|Giglio|Jencks|§ 3500")


@pytest.mark.parametrize("path", COMPANY, ids=[p.name for p in COMPANY])
def test_a_companys_report_cites_no_authority_written_for_a_person(outs, path):
    found = PERSON_AUTHORITY.search(outs[path.name].report)
    assert found is None, (path.name, found and found.group())


def test_a_persons_report_keeps_those_authorities(tmp_path):
    """Negative control: the E.D. Va. proffer letter (a person) keeps Mezzanatto for its waiver."""
    review = review_letter(LETTERS / "whole" / "02-edva-proffer-pettigrew.txt")
    assert review.doc.party == "individual"
    assert "Mezzanatto" in _md(review)


# --- 5. one standard throughout, said truthfully ------------------------------------------------------

def _para(out: Out, starts: str) -> tuple[str, str]:
    """The paragraph that starts so, in the letter and with every change accepted."""
    return (next(t for t in out.original if t.lstrip().startswith(starts)),
            next(t for t in out.accepted if t.lstrip().startswith(starts)))


def test_a_bar_on_any_review_keeps_review_for_bad_faith_beside_a_good_faith_standard(outs):
    """Corveta ¶11: "The Fraud Section's decision is final and is not subject to review by any court"
    would forbid the review the good-faith standard of ¶10 invites: it keeps review for bad faith."""
    _, eleven = _para(outs[CORVETA.name], "11.")
    assert eleven.rstrip().endswith("is final and is not subject to review by any court except for bad faith.")


def test_a_decision_already_reviewable_for_bad_faith_is_left_and_the_report_says_so(outs):
    """Meridian VIII(b) already says the determination "is not subject to review except for bad
    faith": "sole discretion" there stays, and the report says why; V(b) (sharing) is named as left."""
    out = outs[MERIDIAN.name]
    before, after = _para(out, "(b) Whether the Company has breached")
    assert before == after and "sole discretion" in after
    opening = out.report.replace("\\(", "(").replace("\\)", ")").split("\n\n")[2]
    assert "It leaves Section VIII(b) as written: the letter already allows review of that decision for bad faith" \
        in opening
    assert "It leaves “sole discretion” in Section V(b)" in opening
    assert "one standard throughout" in opening


def test_what_the_one_standard_pass_left_is_named(outs):
    """Cardinal ¶3(d) (disclosures "as this Office in its sole discretion deems appropriate") and ¶15
    (publication) keep "sole discretion", and the report says so; the Harborline NPA, where no
    paragraph is changed for one standard, says nothing of it (negative control)."""
    opening = outs[CARDINAL.name].report.replace("\\(", "(").replace("\\)", ")").split("\n\n")[2]
    assert "It leaves “sole discretion” in Paragraph 3(d) and Paragraph 15" in opening
    assert "It leaves" not in outs[HARBORLINE.name].report.split("\n\n")[2]


def test_a_change_in_an_item_listed_inline_is_cited_by_that_item(outs):
    """The D.N.J. NPA lists its breaches inline ("(b) gives ...; (c) ...; or (e) in any other respect
    ..."): the catch-all change is "in Paragraph 10(e)", not 10(b); the Fraud Section NPA's is in
    10(f); the DPA's item stands alone and keeps its own label (negative control)."""
    def said(out: Out) -> str:
        return out.report.replace("\\(", "(").replace("\\)", ")")

    assert "(in Paragraph 10(e))" in said(outs[CARDINAL.name]) and "Paragraph 10(b))" not in said(outs[CARDINAL.name])
    assert "(in Paragraph 10(f))" in said(outs[CORVETA.name])
    assert "(in Section VIII(a)(5))" in said(outs[MERIDIAN.name])


def test_notice_and_time_to_answer_the_letter_gives_are_not_asked_for_again(outs):
    """The S.D. Fla. DPA already gives written notice of a claimed breach and 21 days to answer
    (VIII(c)): the ask says so and asks only for what is left; the Harborline NPA, which gives
    neither, is asked for both (negative control)."""
    md = outs[MERIDIAN.name].report
    block = md[md.index("### Determination of Breach"):]
    ask = next(line for line in block.splitlines() if line.startswith("- **Ask:**"))
    assert ask.startswith("- **Ask:** The letter already gives the Company written notice of a claimed breach")
    npa = outs[HARBORLINE.name].report
    assert "The letter already gives the Company written notice" not in npa
    assert "written notice of the claimed breach" in " ".join(outs[HARBORLINE.name].accepted)


def test_clauses_lint_checks_the_patterns_that_say_a_letter_already_grants_an_ask():
    """A pattern of ``company_granted`` that does not compile is reported by `drafter clauses lint`;
    the library's own patterns are clean (negative control)."""
    import dataclasses

    from drafter.law.clauselint import syntax_problems
    from drafter.law.clauses import load_library

    library = load_library()
    assert not [p for p in syntax_problems(library) if "review: pattern" in p]
    broken = dataclasses.replace(library.types["binding-scope"], company_granted=("(unclosed",))
    copy = dataclasses.replace(library, types={**library.types, "binding-scope": broken})   # the cached one untouched
    assert any("review: pattern '(unclosed'" in p for p in syntax_problems(copy))
    assert library.types["binding-scope"].company_granted != ("(unclosed",)
