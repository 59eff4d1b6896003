"""The cold-read findings on the agreements and the letter to the prosecutor, pinned."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.environment import place
from drafter.law.clauses import load_library

DATE = "2026-11-27"


def text_of(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def packets(tmp_path_factory):
    out = tmp_path_factory.mktemp("findings")
    for name in ("demo", "minimum-cooperating", "sentenced-with-minimum", "uncharged-safety"):
        r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / f"{name}.yaml"), "-o",
                                      str(out / name), "--draft-date", DATE])
        assert r.exit_code == 0, r.output
    return out


def test_uncharged_conduct_debrief_carries_the_sentencing_bar(packets):
    """demo: the (f)(5) debrief sweeps in uncharged conduct; the sentencing bar (guideline range,
    upward variance, Probation) is in the draft as part of the safety-valve ask."""
    agreement = text_of(packets / "demo" / "proffer-agreement.docx")
    bar = agreement.split("No Direct Use.")[1].split("False Statements")[0]
    assert "guideline range" in bar and "upward variance" in bar and "probation officer" in bar
    letter = text_of(packets / "demo" / "cover-letter.docx")
    assert "No Direct Use (¶ 3)" in letter and "probation officer" in letter


def test_safety_valve_paragraph_keeps_the_offices_f5_challenge_and_rule_35b_is_the_governments(packets):
    agreement = text_of(packets / "demo" / "proffer-agreement.docx")
    assert "Safety Valve and Rule 35(b)" not in agreement and "Safety Valve Relief." in agreement
    para = agreement.split("Safety Valve Relief.")[1].split("Waiver of Rule 410")[0]
    assert "not truthfully provided all the information and evidence" in para
    assert "or a reduction under Fed. R. Crim. P. 35(b)" not in para
    assert "A request by the Client that the Office move under Fed. R. Crim. P. 35(b)" in para
    assert "describe the Client’s statements to the Court in support of its motion" in para
    letter = text_of(packets / "demo" / "cover-letter.docx")
    assert "Safety Valve Relief (¶ 9)" in letter          # the draft's own heading
    after = text_of(packets / "sentenced-with-minimum" / "proffer-agreement.docx")
    assert "Rule 35(b) Motion." in after
    assert "The Client may ask for a reduction" not in after
    assert "A request by the Client that the Office move under Fed. R. Crim. P. 35(b)" in after
    for v in load_library().variants():
        assert not re.search(r"Client may (?:seek|ask for) a reduction", v.text), v.id


def test_cooperation_terms_make_a_motion_ask_an_office_can_sign(packets):
    terms = text_of(packets / "minimum-cooperating" / "cooperation-terms.docx")
    assert "faces a statutory minimum sentence of" not in terms
    assert "any statutory minimum applicable to the counts of conviction" in terms
    assert "will authorize the Court to impose any sentence" not in terms
    assert "the counts that remain open" not in terms
    motion = terms.split("Motion for Substantial Assistance.")[1].split("Motion Below the Statutory Minimum.")[0]
    assert "good faith" in terms.split("The Government’s Evaluation.")[1]
    assert "under the standard that the paragraph on the Government’s evaluation sets" in motion
    # one paragraph promises the § 3553(e) motion; the other refers to it
    assert "that the next paragraph provides" in motion and "will move under 18 U.S.C. § 3553(e)" not in motion
    full = load_library().get("substantial-assistance-motion/defense-proposed").summary
    for part in ("attempts", "fourteen days", "acceptance of responsibility", "under seal"):
        assert part in full


def test_cover_letter_wording(packets):
    letter = text_of(packets / "demo" / "cover-letter.docx")
    # five paragraphs with other wording, and the derivative-use paragraph without the hearing
    # waiver counsel never proposes (test_cover_letter_exact.py derives the counts)
    assert ("rests on terms commonly used in proffer agreements and departs from them in six paragraphs "
            "(other wording in five, part of the common text left out in one):") in letter
    assert "usual wording" not in letter and "needs changed on the facts" not in letter
    assert "at the United States Attorney's Office for the Southern District of Florida, 99 N.E. 4th Street" in letter
    agreement = text_of(packets / "demo" / "proffer-agreement.docx")
    # the letter asks whether the Office will provide an interpreter only when the enclosed
    # draft does not already provide one
    provides = re.search(r"Interpreter and Translation\.", agreement) is not None
    assert provides != ("Whether the Office will provide a qualified Spanish interpreter" in letter)
    assert provides == ("interpreter the Office will provide under ¶" in letter)
    assert not re.search(r"except in \d", letter)


def test_place_names_the_office_with_its_article():
    office = "United States Attorney's Office for the Western District of Texas"
    assert place("United States Attorney's Office, San Antonio, Texas", office) == \
        "the United States Attorney's Office for the Western District of Texas, San Antonio, Texas"
    assert place("Federal Building, Room 5", office) == "Federal Building, Room 5"
    assert place(None, office) is None


def test_high_danger_bars_foreign_disclosure_without_consent(packets):
    demo = text_of(packets / "demo" / "proffer-agreement.docx")
    sharing = demo.split("Sharing with Other Authorities.")[1].split("Interpreter and Translation.")[0]
    assert "consented in writing through counsel" in sharing
    assert "or a foreign authority only if the recipient first agrees in writing" not in sharing
    review = text_of(packets / "uncharged-safety" / "proffer-agreement.review.docx")
    assert "consented in writing through counsel" in review
    derivative = review.split("Derivative Use.")[1].split("Impeachment.")[0]
    assert "no use against the Client, direct or derivative" in derivative


def test_rule_35b_request_reads_as_a_letter_to_the_prosecutor(tmp_path):
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "sentenced-cooperating.yaml"), "-o",
                                  str(tmp_path / "sc"), "--draft-date", DATE])
    assert r.exit_code == 0, r.output
    letter = text_of(tmp_path / "sc" / "rule-35b-request.docx")
    assert "Present:" not in letter and "AUSA Quinn," not in letter     # not told who was there
    assert "including SA Delgado (FBI)" in letter
    assert "; The bank insider" not in letter and "; the bank insider's role" in letter
    assert "whom Judge Benning sentenced" in letter and "Hon. Carl W. Benning" not in letter
    body = letter.split("Dear AUSA Quinn:")[1]
    assert body.count("Renée Dubois-Martín") == 1                       # full name once, then Ms.
    assert "not withdraw a motion so filed unless the Court finds" in letter


def test_custody_logistics_follow_the_safety_concern_without_its_details(packets):
    letter = text_of(packets / "sentenced-with-minimum" / "cover-letter.docx")
    assert "produced discreetly" in letter and "kept apart" in letter
    # agents debriefing inside the facility would expose the client to the prisoners feared most
    assert "take place at the facility" not in letter
    assert "Co-defendant" not in letter and "same facility" not in letter


def test_judge_name_and_subject_joins():
    from drafter.draft.sessions import join_subjects
    from drafter.environment import judge_name, outside_attendees
    assert judge_name("Hon. Carl W. Benning") == "Judge Benning"
    assert judge_name("The Honorable Ana Ruiz") == "Judge Ruiz"
    assert join_subjects(["The ring", "The insider", "Carlos Reyes"]) == "The ring; the insider; Carlos Reyes"
    assert outside_attendees(["AUSA Quinn", "SA Delgado (FBI)", "Assistant United States Attorney Lee"],
                             "Avery Quinn") == ["SA Delgado (FBI)"]
