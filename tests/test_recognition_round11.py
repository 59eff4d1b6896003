"""Recognition round 11 (tests/recognition/README.md, "Round 11"): the kind of a short quotation, a company named
without a legal form, a duty to cooperate said with the proffer's adjectives, and the whole-letter misreads - each as
a rule on how Offices word the clause, in the project's own words, with controls it must not take."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafter.docx.letters import read_letter
from drafter.docx.plaintext import reflow
from drafter.law.clauses import load_library
from drafter.review.dockind import party_of
from drafter.review.folding import distribution
from drafter.review.review import review_letter
from excerpt import review_excerpt

LETTERS = Path(__file__).parent / "letters"


@pytest.fixture(scope="module")
def library():
    return load_library()


def types_of(text, library):
    return {f.type for f in review_excerpt(text, library).found}


# --- a. the kind of a short quotation ------------------------------------------------------------------

@pytest.mark.parametrize("text,kind", [
    # a person's undertaking to cooperate, with nothing that makes it a stand-alone cooperation agreement: the plea
    # agreement's cooperation terms
    ("The defendant shall attend all debriefings and testify truthfully before any grand jury or at any trial.",
     "plea-cooperation"),
    ("commit no new crimes of any kind.", "plea-cooperation"),
    ("He will continue to provide information to the agents whenever they ask.", "plea-cooperation"),
    # ... or a text, a company's too, that names the plea agreement as its own
    ("cooperate with the United States in every matter connected with the conduct described in the Plea Agreement.",
     "plea-cooperation"),
    # controls: a text that names itself a cooperation agreement, or the separate plea agreement it supplements, stays
    # one; a proffer stays a proffer; a person's agreement with no cooperation term in it is not made a plea by this
    ("COOPERATION AGREEMENT\n\nThe witness will meet with the agents and answer all of their questions.",
     "cooperation"),
    ("This letter supplements the plea agreement of the same date. The defendant will cooperate fully with this "
     "Office.", "cooperation"),
    ("Your client will meet with this Office for a proffer session and will answer every question truthfully.",
     "proffer"),
    ("The defendant agrees to forfeit his interest in the subsidiaries of the firm he managed.", "cooperation"),
])
def test_kind_of_a_short_quotation(library, text, kind):
    assert review_excerpt(text, library).doc.kind == kind


# --- b. the party: a company named without a legal form, and the reverse --------------------------------------

@pytest.mark.parametrize("text,party", [
    ("This letter sets out the plea agreement between this Office and your client, Example Pharma (\"Example\").",
     "company"),
    ("The defendant agrees to waive indictment and plead guilty to an Information charging it with a violation of "
     "the Clean Water Act.", "company"),
    ("The defendant corporation will appear through a representative authorized by its management.", "company"),
    ("The organizational defendant will pay the fine within thirty days.", "company"),
    ("The defendant will cause every present or future affiliate or subsidiary of the defendant to cooperate.",
     "company"),
    ("in a manner that implicates [Example] Holdings criminally.", "company"),
    ("The Office and Example Airlines enter into this Agreement.", "company"),
    # controls: a person with a suffix; a person who defrauded a bank; a person named beside an organisation
    ("Your client, Robert Example, Jr., will plead guilty to Count One and will cooperate fully with this Office.",
     "individual"),
    ("The defendant will pay restitution to Example Bank for the loans he obtained by fraud.", "individual"),
    ("Mr. Roe was the treasurer of Example Holdings and will testify about its accounts.", "individual"),
    ("The Bank shall be notified of any payment the defendant makes.", "individual"),
])
def test_party(text, party):
    assert party_of(text) == party


# --- c. the duty to cooperate said with the proffer's adjectives -----------------------------------------------

@pytest.mark.parametrize("text,present,absent", [
    ("The defendant will provide complete and truthful information to the investigating agents about every matter "
     "they ask him about.", {"cooperation-duty"}, {"truthfulness"}),
    ("She agrees to give a full and truthful statement to law enforcement officers concerning her knowledge of the "
     "scheme.", {"cooperation-duty"}, {"truthfulness"}),
    ("The defendant shall cooperate fully and truthfully with the Task Force in any investigation arising from the "
     "collapse.", {"cooperation-duty"}, {"truthfulness"}),
    ("He will make a complete and truthful statement to federal agents and will be debriefed as often as they ask.",
     {"cooperation-duty"}, {"truthfulness"}),
    # controls: in a proffer letter the same adjectives are its truthfulness clause
    ("At the meeting your client must answer every question completely and truthfully and must not minimize his "
     "role.", {"truthfulness"}, set()),
    ("Your client agrees to provide complete and truthful information during the proffer session.",
     {"truthfulness"}, set()),
    # ... and a statement made to the Office at the meeting is not a debriefing undertaking
    ("Your client will make a complete and truthful statement to the prosecutors at the meeting.",
     {"truthfulness"}, {"cooperation-duty"}),
])
def test_duty_to_cooperate_and_truthfulness(library, text, present, absent):
    found = types_of(text, library)
    assert present <= found and not found & absent, found


# --- whole letters and other categories ------------------------------------------------------------------------

@pytest.mark.parametrize("text,present,absent", [
    # the Office's own finding of a material falsehood does not narrow the exception (it stays the Office's standard)
    ("If this Office decides that your client made a materially false statement at the meeting, it may use all of "
     "his statements in a prosecution for perjury, false statements or obstruction of justice.",
     {"false-statement-exception"}, set()),
    ("Meeting with your client commits the government to nothing beyond what this letter states.",
     {"not-cooperation-agreement"}, set()),
    ("The Office has not promised, and does not by this letter promise, to reduce any charge or to file any motion.",
     {"not-cooperation-agreement"}, set()),
    # a Term extended on a violation is not the breach clause; the consequence of prosecution is
    ("If the Office finds that the Company violated this Agreement, it may extend the Term by up to one year.",
     set(), {"breach"}),
    ("If the Company breaches this Agreement, it shall be subject to prosecution for any federal crime of which the "
     "Office has knowledge.", {"breach"}, set()),
    # whom a company's agreement covers; an Office's acronym; control: what offenses it covers is not whom it binds
    ("This Agreement applies only to the Company and its present and former subsidiaries and affiliates.",
     {"binding-scope"}, set()),
    ("This agreement is limited to the USAO and cannot bind any other prosecuting authority.", {"binding-scope"},
     set()),
    ("In this agreement the government means the Department of Justice, including its Criminal Division and all the "
     "United States Attorney's Offices.", {"binding-scope"}, set()),
    ("The defendant was charged by the United States Attorney's Office for the District of Kansas.", set(),
     {"binding-scope"}),
    ("This Agreement applies only to the offenses described in the Statement of Facts.", set(), {"binding-scope"}),
    # a charging instrument described is no promise to commit no crime
    ("The Government intends to file a one-count Information charging the Company, through its officers and managers "
     "acting for its benefit, with a violation of the Clean Water Act.", set(), {"no-new-crimes"}),
    ("The Company shall commit no federal crime during the Term of this Agreement.", {"no-new-crimes"}, set()),
])
def test_round_11_types(library, text, present, absent):
    found = types_of(text, library)
    assert present <= found and not found & absent, found


def test_the_false_statement_exception_variant(library):
    """The Office's finding ("decides that your client made a materially false statement") is no knowledge-and-
    materiality limit on the exception: the letter keeps the Office's standard, and the ask to narrow it."""
    review = review_excerpt("If the government decides that your client made a materially false statement at the "
                            "meeting, it may use everything he said in a prosecution of him for making false "
                            "statements, for perjury, or for obstruction of justice.", library)
    assert {f.type: f.variant for f in review.found}["false-statement-exception"] == "government-standard"
    narrowed = review_excerpt("The protection of this letter does not extend to a prosecution for perjury or under "
                              "18 U.S.C. § 1001 based on a statement that is materially false.", library)
    assert {f.type: f.variant for f in narrowed.found}["false-statement-exception"] == "fallback"


def test_whole_letters_named_for_round_11(library):
    # the N.D. Ill. proffer: its disclaimer is its paragraph 1, and the exception is the Office's own standard
    review = review_letter(LETTERS / "whole-b" / "01-ndill-proffer-okafor.txt", library=library)
    found = {f.type: f for f in review.found}
    assert found["not-cooperation-agreement"].hit.paragraph.norm.startswith("1. ")
    assert found["false-statement-exception"].variant == "government-standard"
    assert "false-statement-exception" in {a.type for a in review.asks}
    # the E.D.N.Y. agreement: the copy list's "to be filed under seal" is no sealing clause
    letter = LETTERS / "whole" / "04-edny-cooperation-whitfield.txt"
    review = review_letter(letter, library=library)
    cc = distribution(read_letter(letter))
    assert cc and all(n not in cc for f in review.found for n in f.paragraphs)
    assert {f.type: f for f in review.found}["sealing"].hit.paragraph.norm.startswith("9. ")
    # the D.N.J. NPA: breach is the paragraph whose consequence is prosecution, not the Term's extension
    review = review_letter(LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt", library=library)
    breach = {f.type: f for f in review.found}["breach"]
    assert "extension of the Term" not in breach.hit.paragraph.norm and "prosecuted" in breach.hit.paragraph.norm


def test_a_quotation_broken_after_a_comma_is_one_paragraph():
    assert reflow("give a full,\ncomplete, and truthful statement") == ["give a full, complete, and truthful statement"]
    # control: two short paragraphs that end with a full stop stay two
    assert reflow("First line.\nsecond line.") == ["First line.", "second line."]
