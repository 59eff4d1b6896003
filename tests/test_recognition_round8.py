"""Recognition round 8 (tests/recognition/README.md): the categories batch 10 and the whole-letter sets
showed, each said in the project's own words the ways Offices word it, with a control it must not take."""
from __future__ import annotations

import pytest

from drafter.law.clauses import load_library
from excerpt import review_excerpt


@pytest.fixture(scope="module")
def library():
    return load_library()




ROUND_8 = [
    # a promise not to prosecute with an adverb between, in the passive with the prosecution as its subject, and by
    # two offices at once; never where the letter says it is no such promise
    ("The United States agrees not to criminally prosecute Ms. Roe for any federal crime described in the Statement "
     "of Facts.", {"non-prosecution"}, set()),
    ("The government agrees not to charge the defendant with any other offense arising from this scheme.",
     {"non-prosecution"}, set()),
    ("No further federal prosecution will be instituted against the defendant for the conduct she discloses in her "
     "debriefings.", {"non-prosecution"}, set()),
    ("Neither this Office nor the County District Attorney's Office will criminally prosecute the Company for the "
     "conduct described in Exhibit A.", {"non-prosecution"}, set()),
    ("This letter is not a promise that your client will not be prosecuted.", set(), {"non-prosecution"}),
    ("This agreement confers no immunity from prosecution for any offense.", set(), {"non-prosecution"}),
    # a diversion's motion to dismiss the whole charge once its terms are kept
    ("If Mr. Roe complies with every obligation under this Agreement, the government will file a motion with the "
     "Court seeking dismissal of the Information.", {"dismissal"}, set()),
    # the older proffer form: the bar with who may not use the statements between, impeachment kept as the exception
    ("No statements made by John Roe will be used by the United States Attorney directly against him, except for "
     "purposes of cross-examination or impeachment.", {"direct-use-bar", "impeachment-use"}, set()),
    ("No statements made by John Roe will be used by the United States Attorney directly against him.",
     {"direct-use-bar"}, {"impeachment-use"}),
    # the Office deciding on its own that the person lied or held back is a breach determination, never the Office's
    # discretion over assistance; nor is its freedom to offer an agreement at all
    ("If the Office decides that your client lied or held back information, it may use his statements for any "
     "purpose.", {"breach-determination"}, {"government-discretion"}),
    ("If the government concludes that your client made a materially false statement or left out material "
     "information, it may use everything he said against him.", set(), {"government-discretion"}),
    ("Whether to offer your client a plea agreement is for the government alone to decide.", set(),
     {"government-discretion"}),
    ("Whether the defendant's assistance is substantial is for the government alone to decide.",
     {"government-discretion"}, set()),
    # a company's admission that it filed false reports is no false-statement exception
    ("The Company admits that it filed materially false and misleading financial reports, and it is charged with "
     "securities fraud and obstruction of justice.", set(), {"false-statement-exception"}),
]


@pytest.mark.parametrize("text,present,absent", ROUND_8)
def test_round_8_phrasings(library, text, present, absent):
    found = {f.type for f in review_excerpt(text, library).found}
    assert present <= found and not (absent & found), found


@pytest.mark.parametrize("text,kind,party", [
    # an NPA letter's opening grant to a company by two offices
    ("Re: Example Oil Corporation\n\nDear Counsel: On the understandings specified below, neither this Office nor "
     "the County District Attorney's Office will criminally prosecute Example Oil Corporation for the conduct in "
     "Exhibit A.", "npa", "company"),
    # a pretrial diversion: the whole charge dismissed once the person keeps the agreement
    ("The United States agrees that if Ms. Roe complies with all of her obligations under this Agreement, the United "
     "States will file a motion with the Court seeking the dismissal of the Information.", "dpa", "individual"),
    # the guidelines' reduction for acceptance of responsibility follows a guilty plea
    ("The defendant agrees to furnish all documents relevant to the investigation. The Office will recommend a "
     "reduction for acceptance of responsibility if the defendant clearly demonstrates acceptance of responsibility.",
     "plea-cooperation", "individual"),
])
def test_round_8_kind_and_party(library, text, kind, party):
    doc = review_excerpt(text, library).doc
    assert (doc.kind, doc.party) == (kind, party)


def test_a_name_suffix_or_any_proceeding_does_not_hide_the_direct_use_bar(library):
    """After batch 11's score: the full stop of "Jr." before the sentence goes on is no sentence end,
    and a rebuttal exception reaching "a criminal or civil proceeding" is no bar on civil use (which
    had vetoed the Office's standard bar)."""
    text = ("1. No statements made or other information provided by John Roe, Jr. will be used by the United "
            "States Attorney directly against him, except to rebut any evidence offered by or on behalf of John "
            "Roe, Jr. at any stage of a criminal or civil proceeding which is inconsistent with his statements.")
    review = review_excerpt(text, library)
    assert "direct-use-bar" in {f.type for f in review.found}
