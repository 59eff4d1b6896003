"""Recognition round 10 (tests/recognition/README.md): structural changes that do not depend on one
phrasing - the signals tried again on a paragraph's reading form (adverb chains, asides and
ellipses taken out, words a scan damaged repaired; ``review/reading.py``) - and the categories batches
12 and 13 showed, each in the project's own words with a control it must not take."""
from __future__ import annotations

import pytest

from drafter.law.clauses import load_library
from drafter.review.reading import reading, vocabulary
from excerpt import review_excerpt


@pytest.fixture(scope="module")
def library():
    return load_library()




# --- the reading form itself ---------------------------------------------------------------------

@pytest.mark.parametrize("text,read", [
    ("The witness agrees he will fully and truthfully cooperate with the Office.",
     "The witness agrees he will cooperate with the Office."),
    ("Ms. Roe freely and voluntarily waives her rights.", "Ms. Roe waives her rights."),
    # a state of mind carries law and stays: "will not knowingly omit" is no promise to omit nothing
    ("She will not knowingly omit any fact.", "She will not knowingly omit any fact."),
    ("The Company will not, directly or indirectly, use the data.", "The Company will not use the data."),
    ("The statements . . . will not be used (except as set out below) against him.",
     "The statements will not be used against him."),
    ("this Offce canot and wil not prosecute the Deparent or the governent",
     "this Office cannot and will not prosecute the Department or the government"),
])
def test_reading_form(library, text, read):
    assert reading(text, library).text == read


@pytest.mark.parametrize("text", [
    # controls: "only" limits and "comply" is a duty (not adverbs); labels and rule numbers keep their brackets;
    # a real word one letter from a known one is left alone ("Avenue" is no scan of "venue"), and so are short
    # capitals and words that are in the vocabulary
    "The Office will apply this only to the Company, which must comply with (a) and (b) of Rule 11(f).",
    "DLA Piper LLP, 1251 Avenue of the Americas, New York",
    "The FBI and the IRS will attend.",
])
def test_reading_form_leaves_alone(library, text):
    assert reading(text, library).text == text


def test_repair_needs_exactly_one_word(library):
    vocab = vocabulary(library)
    assert vocab.repair("governent") == "government"
    assert vocab.repair("offce") == "office"
    assert vocab.repair("xqzt") is None            # nothing near it
    assert vocab.repair("venue") is None or vocab.repair("venue") == "venue"


def test_reading_maps_back_to_the_letters_own_words(library):
    """A clause found on the reading form is quoted from the letter as written (the scan's damage kept)."""
    text = "This Offce wil not criminally prosecute your client for the conduct described above."
    review = review_excerpt(text, library)
    found = {f.type: f for f in review.found}
    assert "non-prosecution" in found
    hit = found["non-prosecution"].hit
    quoted = hit.paragraph.text[slice(*hit.paragraph.original_span(hit.start, hit.end))]
    assert "prosecute" in quoted and "wil not" in hit.paragraph.text


ROUND_10 = [
    # adverb chains between the words a signal needs, and a comma aside
    ("The defendant agrees he will fully and truthfully cooperate in any matter in which he is asked to cooperate.",
     {"cooperation-duty"}, set()),
    ("This Offce canot and wil not criminally prosecute the Company for the conduct described in the Statement.",
     {"non-prosecution"}, set()),
    # control: a scan's damage repaired does not turn a refusal into a promise
    ("This Offce canot promise that your client wil not be prosecuted by other authorities.", set(),
     {"non-prosecution"}),
    # breach: the agreement itself as what is broken, and the plea form's consequence
    ("The defendant further understands that in the event he violates this Agreement, the government, at its "
     "option, may move to vacate the Agreement.", {"breach"}, set()),
    # control: a recital that someone violated another agreement in the past is no clause of this one
    ("The Company violated the prior agreement in 2015 by failing to report.", set(), {"breach"}),
    # binding scope: whom the agreement covers, with whom it does not
    ("This Agreement applies only to the Company and its subsidiaries as of today, and not to any other entity.",
     {"binding-scope"}, set()),
    # control: "only" with no one left out is no binding scope
    ("This paragraph applies only to documents created after the date of this Agreement.", set(),
     {"binding-scope"}),
]


@pytest.mark.parametrize("text,present,absent", ROUND_10)
def test_round_10_phrasings(library, text, present, absent):
    found = {f.type for f in review_excerpt(text, library).found}
    assert present <= found, found
    assert not (absent & found), found
