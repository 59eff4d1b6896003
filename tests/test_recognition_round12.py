"""Recognition round 12 (tests/recognition/README.md, "Round 12"): batch 15's misses fixed by category - the
government's discretion said as no obligation to move or as a decision that rests with it, a diversion's breach,
the Office's finding of a breach and the notice owed before it, offices named then "binding upon both", a
proffer's bar on use at sentencing, statements treated as plea discussions, a scan's accents, what an
Information charges, a use bar without statements, a debriefing's adjectives, a departure from the minimum, what
a document calls itself, and an organisation named with "the defendant" or "its attorneys" - each in the
project's own words, with controls it must not take."""
from __future__ import annotations

import pytest

from drafter.docx.plaintext import reflow
from drafter.law.clauses import load_library
from drafter.review.dockind import party_of
from drafter.review.reading import reading
from excerpt import review_excerpt


@pytest.fixture(scope="module")
def library():
    return load_library()


def types_of(text, library):
    return {f.type for f in review_excerpt(text, library).found}


@pytest.mark.parametrize("text,present,absent", [
    # a. no obligation to move is the government's discretion (in a plea's terms; alone, "this agreement does not
    # obligate the United States to make a motion" reads as a proffer letter's disclaimer, which is also right)
    ("The defendant will cooperate fully. This agreement does not obligate the United States to make a motion for a "
     "downward departure.", {"government-discretion"}, set()),
    ("The Office is under no obligation to file a motion under Rule 35(b), however much the defendant assists.",
     {"government-discretion"}, set()),
    ("Nothing in this plea agreement shall be read to require the government to seek a reduction of sentence.",
     {"government-discretion"}, set()),
    ("The defendant is under no obligation to testify at any civil trial arising from these events.", set(),
     {"government-discretion"}),
    ("The Court is not required to accept the government's motion for a departure.", set(), {"government-discretion"}),
    # b. the decision whether to move rests with the government, whatever the adverb
    ("The decision to file a substantial-assistance motion lies wholly with this Office.", {"government-discretion"},
     set()),
    ("The choice whether to seek a departure for her cooperation remains with the government.",
     {"government-discretion"}, set()),
    ("Whether the defendant has breached this agreement is a decision that rests with the Office.", set(),
     {"government-discretion"}),
    ("The decision on the sentence rests with the Court.", set(), {"government-discretion"}),
    # c. a diversion's consequence of a violation
    ("Should she fail to meet the conditions of the program, she may be terminated from pretrial diversion and the "
     "prosecution will be reinstated.", {"breach"}, set()),
    ("If the participant violates any condition of supervision, the United States may resume the prosecution.",
     {"breach"}, set()),
    ("If you complete the program, the United States will dismiss the complaint.", set(), {"breach"}),
    # d. the Office's finding that a breach was committed, and the notice owed before one
    ("Unless the Department finds that the Company has committed a willful and material breach of this Agreement, it "
     "will take no further action.", {"breach-determination"}, set()),
    ("The Office will not make a determination of breach unless it has first given the Company written notice of the "
     "conduct and thirty days to respond.", {"breach-determination"}, set()),
    ("The monitor will describe in each report the Company's progress in improving its compliance program.", set(),
     {"breach-determination"}),
    # e. offices named, then "binding upon both"; control: binding on both parties
    ("This agreement is made by the Fraud Section and the United States Attorney's Office for the District of Maryland "
     "and is binding upon both.", {"binding-scope"}, set()),
    ("This offer comes from the Criminal Division and this Office, and is binding on each of them.", {"binding-scope"},
     set()),
    ("Once signed by the Office and the defendant, this agreement is binding on both parties.", set(),
     {"binding-scope"}),
    # f. a proffer's bar on use at sentencing, the sentencing use named first; control: a use permitted
    ("The government will not use, at any sentencing proceeding to determine the appropriate sentence, any statements "
     "made by your client during the meeting.", {"direct-use-bar"}, set()),
    ("In connection with any sentencing hearing for the purpose of determining the sentence, the Office will not offer "
     "any statement given by the witness at the interview.", {"direct-use-bar"}, set()),
    ("The government may use any statement made during the proffer at the client's sentencing.", set(),
     {"direct-use-bar"}),
    # g. statements treated as plea discussions; control: a plea hearing's statements under oath
    ("The defendant will cooperate fully with the government.\n\nAny statements the defendant makes under this "
     "agreement will be treated as plea discussions.", {"direct-use-bar"}, set()),
    ("The witness will attend every debriefing. Statements made by the witness during her debriefings shall be "
     "considered as made under Rule 410.", {"direct-use-bar"}, set()),
    ("The defendant's statements at the change-of-plea hearing will be made under oath and on the record.", set(),
     {"direct-use-bar"}),
    # h. a scan's accents; control: a denial read through the same noise stays a denial
    ("The Department wíll nöt criminally prosecute the Company for the conduct described in Appendix A.",
     {"non-prosecution"}, set()),
    ("This Offíce wíll not prosecute your client for any offense he discloses at the meeting.", {"non-prosecution"},
     set()),
    ("The Office cannöt promise that your client wíll not be prosecuted.", set(), {"non-prosecution"}),
    # i. what the Information charges is no term by wording; a sentencing cap is no use bar
    ("The Information charges the Company with one count of conspiracy to violate the export control laws.", set(),
     {"breach", "no-new-crimes", "non-prosecution"}),
    ("The defendant may withdraw his plea if the sentence exceeds the top of the guideline range agreed in Part 2.",
     set(), {"direct-use-bar"}),
    # j. the adjectives of a debriefing are the duty to cooperate's; at a proffer they are the truthfulness clause
    ("The defendant shall cooperate fully with the government.\n\ncomplete and truthful debriefings about any matter "
     "under investigation.", {"cooperation-duty"}, {"truthfulness"}),
    ("At the proffer session your client will give complete and truthful answers to every question.",
     {"truthfulness"}, set()),
    # k. a departure from the minimum; control: a guideline range's minimum
    ("If her assistance is substantial, the United States may ask the Court for a downward departure from the "
     "applicable mandatory minimum sentence.", {"below-minimum-motion"}, set()),
    ("The parties agree that the sentence will not depart from the minimum of the guideline range.", set(),
     {"below-minimum-motion"}),
])
def test_round_12_types(library, text, present, absent):
    found = types_of(text, library)
    assert present <= found and not found & absent, found


@pytest.mark.parametrize("text,kind,party", [
    # l. what a document calls itself outweighs its clauses' group
    ("PRETRIAL DIVERSION AGREEMENT\n\nThe United States will defer prosecution of Ms. Roe for eighteen months while "
     "she meets the conditions set out below.", "dpa", "individual"),
    ("If you complete your diversion program, you will not be prosecuted for this offense. If you violate its "
     "conditions, the prosecution will resume.", "dpa", "individual"),
    ("DEFERRED PROSECUTION AGREEMENT\n\nExample Holdings Inc. and the Department enter into this Deferred Prosecution "
     "Agreement. The Company acknowledges that its subsidiary will plead guilty to the Information.", "dpa", "company"),
    ("PLEA AGREEMENT\n\nThe defendant will plead guilty to Count One and will cooperate fully with this Office; he is "
     "not eligible for a pretrial diversion program.", "plea-cooperation", "individual"),
    # m. an organisation, its short name, then "the defendant" or "its attorneys"; control: "his attorneys"
    ("Example Corporation (EXC), the defendant, by and through its attorneys, and the United States Attorney's Office "
     "agree as follows: EXC will plead guilty to Count One and will cooperate fully.", "plea-cooperation", "company"),
    ("John Example, the defendant, by and through his attorneys, and the Office agree as follows: he will plead guilty "
     "to Count One and will cooperate fully.", "plea-cooperation", "individual"),
])
def test_round_12_kind_and_party(library, text, kind, party):
    doc = review_excerpt(text, library).doc
    assert (doc.kind, doc.party) == (kind, party)


def test_party_named_with_its_attorneys():
    assert party_of("It is agreed between Example Corporation (EXC), its attorneys, and the Office that the following "
                    "is true.") == "company"
    assert party_of("It is agreed between John Example, his attorneys, and the Office that the following is true.") \
        == "individual"


def test_the_reading_form_reads_accented_letters_as_plain(library):
    text = "The Department wíl nöt criminally prosecute José Example."
    read = reading(text, library)
    assert "will not" in read.text and "prosecute Jose Example" in read.text     # ("criminally": an adverb, read out)
    assert text[read.pos[read.text.index("not")]:][:3] == "nöt"       # a match maps back to the letter's own text


def test_a_quotation_elided_mid_sentence_runs_on():
    assert reflow("for the purpose of determining an appropriate sentence [...]\nany statement made during the "
                  "proffer.") == ["for the purpose of determining an appropriate sentence [...] any statement made "
                                  "during the proffer."]
    # control: an elision after a full stop ends the paragraph
    assert reflow("The defendant will cooperate. [...]\nother words follow here.") == [
        "The defendant will cooperate. [...]", "other words follow here."]


# After round 12, from the second cold read of the project's E.D. Va. letter (set A): the client must tell "the
# complete truth" (any of whole / complete / full / entire), and a letter's coverage that reaches "and at any later
# interview" is the continuation clause; controls: a negated coverage sentence, and "truth" with no duty.
@pytest.mark.parametrize("text,present,absent", [
    ("Your client must tell the complete truth at the interview.", {"truthfulness"}, set()),
    ("The witness shall speak the full truth in every session.", {"truthfulness"}, set()),
    ("The truth of the account is a question for the jury.", set(), {"truthfulness"}),
    ("This letter covers only what your client says today and at any later interview the parties agree to hold "
     "under it.", {"continuation"}, set()),
    ("The agreement protects statements made at the meeting or at any subsequent session scheduled in writing.",
     {"continuation"}, set()),
    ("This letter does not cover anything said at any later meeting.", set(), {"continuation"}),
])
def test_after_the_second_cold_read(text, present, absent, library):
    found = types_of(text, library)
    assert present <= found and not (absent & found), found
