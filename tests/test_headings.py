"""Sentence-case run-in headings ("What breach means. If you ...") read as a heading and its text,
the way "3. Breach." and ALL-CAPS headings are, and never edited by the redline; and the false
headings a letter is full of ("Mr. Smith agrees.", "Dear Counsel.", "Agreed.", "U.S.") left alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.docx.letters import read_letter
from drafter.law.clauses import load_library
from drafter.review.counterdraft import plan_changes
from drafter.review.headings import body_start, headings_of, sentence_heading
from drafter.review.places import paragraph_ref
from drafter.review.review import review_parsed
from drafter.review.terms import letter_terms

HERE = Path(__file__).resolve().parent / "letters"


@pytest.mark.parametrize("text,heading,body", [
    ("What breach means. If you lie to us, we may use all of your words against you.",
     "What breach means", "If you lie"),
    ("14. Use of your statements. The Government will not use your statements in its case-in-chief.",
     "Use of your statements", "The Government"),
    ("(d)  Use your words if you lie. If we conclude that you lied to us, we can charge you.",
     "Use your words if you lie", "If we conclude"),
])
def test_a_sentence_case_heading_and_its_text(text, heading, body):
    found = sentence_heading(text)
    assert found is not None and found[0] == heading
    assert text[found[1]:].startswith(body)


@pytest.mark.parametrize("text", [
    "Mr. Smith agrees. He will answer every question the agents ask him at the meeting.",
    "Dear Counsel. I write to set out the terms on which this Office will meet your client.",
    "Agreed. The parties will meet again on a date to be set by counsel and the Office.",
    "Yes. The Government may use the statements to cross-examine your client at trial.",
    "The U.S. Attorney's Office will not use the statements in its case-in-chief at trial.",
    "Your client understands. The Government may share the statements with other agencies.",
    "Case No. 24 Cr. 118 is pending before the Court and is not affected by this letter.",
    "Very truly yours. The undersigned Assistant United States Attorney signs for the Office.",
    "This letter binds only this Office. It does not bind any other office or agency of the state.",
    "Breach means. No.",                                          # no real sentence after it
])
def test_false_headings_are_not_headings(text):
    assert sentence_heading(text) is None, text


def _letter(tmp_path: Path, paragraphs: list[str]) -> Path:
    head = ("U.S. Department of Justice\n\nUnited States Attorney\n\nDistrict of Kestrel\n\nJanuary 5, 2027\n\n"
            "Dear Counsel:\n\n")
    tail = ("\n\nVery truly yours,\n\nPAT ROE\nUnited States Attorney\n\nAGREED AND ACCEPTED:\n\n"
            "____________________ Date: ________\nCounsel for the Client\n")
    path = tmp_path / "letter.txt"
    path.write_text(head + "\n\n".join(paragraphs) + tail, encoding="utf-8")
    return path


PLAIN = [
    "You have asked to meet with us so that your client may tell us what he knows. These are the terms.",
    "No promises. We have not promised your client anything, and meeting with him is not a promise of any kind.",
    "Use of your statements. The Government will not use any statement your client makes at the meeting in its "
    "case-in-chief at any trial, or at sentencing, except as this letter says.",
    "When the Government decides you lied. If the Government decides that your client has lied or held back "
    "information at the meeting, it may use his statements against him for any purpose.",
]


def test_one_such_paragraph_is_not_a_style(tmp_path):
    letter = read_letter(_letter(tmp_path, PLAIN[:1] + ["Mr. Smith agrees. He will answer every question at the "
                                                        "meeting truthfully and completely.", PLAIN[2]]))
    heads = {h for h, _ in headings_of(letter).values()}
    assert "Use of your statements" not in heads          # one sentence-case opening alone: a sentence
    assert not any("Smith" in h for h in heads)


def test_the_letters_style_is_read_and_named(tmp_path):
    letter = read_letter(_letter(tmp_path, PLAIN))
    heads = {p.number: h for p, h in ((p, headings_of(letter).get(p.number)) for p in letter.paragraphs) if h}
    names = {h[0] for h in heads.values()}
    assert {"No promises", "Use of your statements", "When the Government decides you lied"} <= names
    assert not any(n.startswith("Dear") for n in names)
    use = next(p for p in letter.paragraphs if p.norm.startswith("Use of your statements"))
    assert paragraph_ref(letter, use.number) == "the paragraph headed “Use of your statements”"


def test_the_redline_never_edits_the_heading(tmp_path):
    """The heading "When the Government decides you lied." holds words the breach edits anchor on
    ("decides you"); the edits go into the text after it."""
    letter = read_letter(_letter(tmp_path, PLAIN))
    review = review_parsed(letter, load_library())
    changes, _ = plan_changes(review, letter_terms(letter.text))
    assert changes
    for c in changes:
        start = c.paragraph.original_span(body_start(letter, c.paragraph), len(c.paragraph.norm))[0]
        assert all(e.start >= start for e in c.edits), (c.paragraph.text, [(e.start, e.new) for e in c.edits])
    breach = next(c for c in changes if any(a.type == "breach-determination" for a in c.asks))
    assert breach.paragraph.text.startswith("When the Government decides you lied. If the Government decides")
    assert any(e.new.strip() == "in good faith" for e in breach.edits)


def test_a_plain_english_letters_items_keep_their_headings(tmp_path):
    """Set B's D. Mass. letter: "(c) Answer something your side presents. If at any hearing ..." is
    changed after its heading."""
    letter = read_letter(HERE / "whole-b" / "02-dmass-proffer-plain-lam.txt")
    heads = {h for h, _ in headings_of(letter).values()}
    assert {"Follow up on what you tell us", "Answer something your side presents",
            "Use your words if you lie"} <= heads
    review = review_parsed(letter, load_library())
    changes, _ = plan_changes(review, letter_terms(letter.text))
    for c in changes:
        start = c.paragraph.original_span(body_start(letter, c.paragraph), len(c.paragraph.norm))[0]
        assert all(e.start >= start for e in c.edits)


def test_a_heading_naming_the_clause_is_preferred(tmp_path):
    """Two paragraphs let the Government share the statements; the one whose sentence-case heading
    names the clause holds it, although the other says it in fewer words (without the heading read,
    the shorter paragraph would be chosen)."""
    paras = PLAIN[:3] + [
        "Other agencies. The Government may share your client's statements with other federal, state and local "
        "agencies.",
        "Sharing with other authorities. The Government may share your client's statements with other federal, "
        "state and local agencies. Before it does, it will tell counsel where it can, and it will keep a record of "
        "what it shared, when, and with whom, so that counsel may see it on request.",
    ]
    review = review_parsed(read_letter(_letter(tmp_path, paras)), load_library())
    found = [f for f in review.found if f.type == "information-sharing"]
    assert found and found[0].paragraph.norm.startswith("Sharing with other authorities.")
