"""Recognition round 9 (tests/recognition/README.md): the categories batch 11 and the whole-letter sets
showed, each said in the project's own words the ways Offices word it, with a control it must not take."""
from __future__ import annotations

import pytest

from drafter.law.clauses import load_library
from excerpt import review_excerpt


@pytest.fixture(scope="module")
def library():
    return load_library()




ROUND_9 = [
    # the false-statement exception named by what the prosecution rests on, or said as a condition (older wording)
    ("No statements made by your client will be used against him, except in a prosecution of your client based on "
     "false statements made or false information provided by your client.",
     {"direct-use-bar", "false-statement-exception"}, set()),
    ("This protection does not reach a prosecution arising out of any false statement your client makes at the "
     "meeting.", {"false-statement-exception"}, set()),
    ("Nothing he says will be used against him unless he should give false testimony or commit perjury.",
     {"false-statement-exception"}, set()),
    ("The Company admits that it filed materially false reports with the agency.", set(),
     {"false-statement-exception"}),
    # the proffer promises no agreement: said as what the Office is not agreeing to, or is under no obligation to do
    ("The United States Attorney is not hereby agreeing that he will later enter into a plea or immunity agreement "
     "with your client.", {"not-cooperation-agreement"}, set()),
    ("The government is under no obligation to offer your client any agreement.", {"not-cooperation-agreement"},
     set()),
    ("Nothing in this letter commits the Office to offering your client a cooperation agreement.",
     {"not-cooperation-agreement"}, set()),
    # truthfulness said as what the Office will receive
    ("The Office will consider a truthful and complete proffer from your client.", {"truthfulness"}, set()),
    ("Your client will give accurate and complete answers to every question asked at the meeting.",
     {"truthfulness"}, set()),
    # the Office finding on its own that the client was not truthful, with the use that follows: a breach
    # determination, never the Office's discretion over assistance
    ("If the government concludes that your client was not completely truthful, it may use all of his statements "
     "against him.", {"breach-determination"}, {"government-discretion"}),
    ("Should this Office determine that Ms. Roe has provided false information, it may use all of her statements "
     "for any purpose.", {"breach-determination"}, {"government-discretion"}),
    # what the letter says is no promise not to prosecute
    ("Your client should understand that this letter does not mean she will not be prosecuted.", set(),
     {"non-prosecution"}),
    ("The Office cannot promise that your client will not be charged.", set(), {"non-prosecution"}),
    # a declination letter's decision about the company it is written to; never a past decision about others
    ("The Fraud Section has declined prosecution of your client, Example Systems Corporation, for violations of the "
     "Foreign Corrupt Practices Act.", {"non-prosecution"}, set()),
    ("This Office has declined to prosecute other individuals who took part in the scheme.", set(),
     {"non-prosecution"}),
    # the grant named as the protection it gives; never where the agreement says it gives none
    ("The protection against prosecution with respect to the offenses described below has been approved by the "
     "Tax Division.", {"non-prosecution"}, set()),
    ("This Agreement does not provide any protection against prosecution for any offense except as set out above.",
     set(), {"non-prosecution", "binding-scope"}),
    # the consequence of a breach in older plea wording
    ("If the defendant fails to keep his promises, the government may seek release from any or all of its "
     "obligations under this agreement.", {"breach"}, set()),
    # whom an NPA or DPA binds beyond the signing Office
    ("This Agreement is binding on the Company and on this Office, the Department, and the United States Attorney's "
     "Offices for every other judicial district.", {"binding-scope"}, set()),
    # the use clause as an opinion reports it
    ("The government agreed that no information provided by the defendant would be used against him.",
     {"direct-use-bar"}, set()),
]


@pytest.mark.parametrize("text,present,absent", ROUND_9)
def test_round_9_phrasings(library, text, present, absent):
    found = {f.type for f in review_excerpt(text, library).found}
    assert present <= found and not (absent & found), found


@pytest.mark.parametrize("text,kind,party", [
    # a company named in capitals, as a caption or a DPA's title gives it
    ("DEFERRED PROSECUTION AGREEMENT\n\n1. This constitutes the deferred prosecution agreement between defendant "
     "EXAMPLE FOODS HOLDINGS, INC. (\"defendant\" or \"Example\") and the United States Attorney's Office.",
     "dpa", "company"),
    # a firm whose entities sign by their boards' authority, in a letter granting protection against prosecution
    ("Re: Example & Partners\n\nThe protection against prosecution with respect to the offenses set forth below has "
     "been approved by the Department. This Office and Example & Partners, pursuant to the authority granted by the "
     "Boards of Directors of its entities, hereby enter into this Agreement.", "npa", "company"),
    # a promise that the person will not be charged on the strength of what the person said: letter immunity
    ("Your client will not be charged with any federal offense based upon the statements which he makes to the "
     "agents.", "immunity", "individual"),
    # a cooperation letter that supplements a plea agreement made separately is a cooperation agreement
    ("Re: United States v. John Roe\n\nThis letter sets out the cooperation agreement between this Office and your "
     "client. It supplements the plea agreement of the same date, under which the defendant will plead guilty to "
     "Count One. The defendant will cooperate fully with this Office and attend all debriefings.",
     "cooperation", "individual"),
    # ... while an agreement that itself holds the plea stays a plea agreement with cooperation terms
    ("The defendant will waive indictment and plead guilty to an information charging wire fraud. The defendant "
     "will cooperate fully with the Office and attend all debriefings. The Office will file a motion under "
     "U.S.S.G. 5K1.1 if the defendant provides substantial assistance.", "plea-cooperation", "individual"),
])
def test_round_9_kind_and_party(library, text, kind, party):
    doc = review_excerpt(text, library).doc
    assert (doc.kind, doc.party) == (kind, party)
