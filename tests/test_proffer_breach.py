"""A proffer letter's own breach clause, changed the way counsel would change it.

"If the Government determines (concludes, believes, decides, in its sole judgment; if your client
is found to have ...) that your client made a false, misleading or incomplete statement, the
Government may use all statements ..." is the Office deciding its own claim. The counter-draft
asks for the decision in good faith, only for a knowing and material falsehood or omission, on
written notice with a chance to respond, and limits its effect to the uses the letter states; it
repeats nothing the letter already grants, and changes nothing where a court decides.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from drafter.docx.letters import read_letter
from drafter.law.clauses import load_library
from drafter.review.counterdraft import plan_changes, write_outputs
from drafter.review.review import review_letter, review_parsed
from drafter.review.terms import letter_terms
from test_review import document_xml, resolve

HERE = Path(__file__).resolve().parent / "letters"
BASE = (HERE / "edny-proffer.txt").read_text(encoding="utf-8")
AFTER = "12.\tBy signing below"


def letter_with(tmp_path: Path, paragraph: str) -> Path:
    """The project's E.D.N.Y. proffer letter with one more numbered paragraph, the breach clause."""
    text = BASE.replace(AFTER, "12.\t" + paragraph + "\n\n13.\tBy signing below", 1)
    path = tmp_path / "proffer.txt"
    path.write_text(text, encoding="utf-8")
    return path


def as_found(review):
    """The review with paragraph "12." taken as the Office's breach-determination clause, whatever
    recognition made of it (recognition has its own tests; these test what the redline does with
    the clause once it is found), and the asks chosen again."""
    from drafter.review.counterdraft import feasible
    from drafter.review.recognise import Hit
    from drafter.review.review import Found
    from drafter.review.targeting import select

    para = next(p for p in review.letter.paragraphs if p.norm.startswith("12."))
    hit = Hit("breach-determination", "government-standard", para, 0, len(para.norm), 1,
              spans=[(4, len(para.norm))])
    review.found = [f for f in review.found if f.type != "breach-determination"] + \
        [Found("breach-determination", "government-standard", hit, [para.number])]
    review.asks = select(review, review.stance, None, feasible(review))
    return review


def breach_change(path: Path, found: bool = False):
    """The review, and the redlined breach paragraph as 'old [-struck-]{+added+} old'."""
    review = review_parsed(read_letter(path), load_library())
    if found:
        review = as_found(review)
    changes, _ = plan_changes(review, letter_terms(review.letter.text))
    for c in changes:
        if any(a.type == "breach-determination" for a in c.asks):
            t, out, pos = c.paragraph.text, [], 0
            for e in sorted(c.edits, key=lambda e: e.start):
                out += [t[pos:e.start], f"[-{t[e.start:e.end]}-]" if e.end > e.start else "",
                        f"{{+{e.new}+}}" if e.new else ""]
                pos = e.end
            return review, "".join(out + [t[pos:]]), c
    return review, None, None


def accepted(marked: str) -> str:
    return re.sub(r"\{\+(.*?)\+\}", r"\1", re.sub(r"\[-.*?-\]", "", marked))


WORDINGS = {
    "determines": "If the Government determines that your client has made a false, misleading or incomplete "
                  "statement, then the Government may use all statements made by your client at the meeting "
                  "against your client in any proceeding.",
    "concludes": "If the Government concludes that your client has given false or misleading information or "
                 "has withheld information, the Government may use any statement your client made at the "
                 "meeting for any purpose.",
    "believes": "Should the Government believe that your client has lied, it may use his statements against "
                "him in any prosecution.",
    "sole judgment": "If the Government, in its sole judgment, determines that your client has made a false "
                     "statement, the Government may use all of his statements against him for any purpose.",
    "found to have": "If your client is found to have made a false or incomplete statement at the meeting, "
                     "the Government may use all statements made by your client against him in any proceeding.",
}


def test_recognised_and_changed_without_help(tmp_path):
    """The wordings recognition reads as the Office's breach determination today reach the redline
    on their own (the whole letters below too)."""
    for wording in (WORDINGS["believes"], "If the Government concludes that your client lied or held back "
                    "information, it may use his statements against him for any purpose."):
        review, marked, _ = breach_change(letter_with(tmp_path, wording))
        assert any(f.type == "breach-determination" for f in review.found), wording
        assert marked is not None and "good faith" in accepted(marked), wording


@pytest.mark.parametrize("how", list(WORDINGS))
def test_each_way_an_office_words_it_is_changed(tmp_path, how):
    review, marked, change = breach_change(letter_with(tmp_path, WORDINGS[how]), found=True)
    assert marked is not None, (how, [(a.type, a.tier) for a in review.asks])
    text = accepted(marked)
    assert "good faith" in text or "good-faith" in text, (how, text)
    assert re.search(r"\bmaterial", text), (how, text)
    assert re.search(r"\bknowingly\b|\blied\b", text), (how, text)
    assert "written notice" in text and "respond" in text, (how, text)
    assert "only from the limits this letter places on the use" in text, (how, text)
    assert "gives up no right or objection other than those this letter sets out" in text, (how, text)
    # the Office's own words are all still there, in order: our changes only add or replace a few
    office = change.paragraph.text
    assert sum(e.end - e.start for e in change.edits) < 0.2 * len(office), marked
    assert "[VERIFY]" not in "".join(e.new for e in change.edits)
    # every edit says why, and the comment says what the redline does
    assert all(e.why for e in change.edits)
    assert "In the redline:" in change.comment and "Why:" in change.comment


def test_sole_determination_and_no_review_on_a_whole_letter(tmp_path):
    """Set A's S.D.N.Y. letter: 'in its sole determination, concludes that Client has knowingly made
    a false or misleading statement ...; Client shall not be entitled to object to such use on any
    ground. A finding by this Office ... shall not be subject to review by any court.'"""
    review, marked, _ = breach_change(HERE / "whole" / "01-sdny-proffer-kessler.txt")
    assert "in its [-sole determination-]{+good-faith judgment+}" in marked
    assert "knowingly made a {+materially +}false" in marked            # already knowing: only material added
    assert "knowingly {+knowingly" not in marked
    assert "on any ground{+ other than that the conditions of this paragraph were not met+}" in marked
    assert "[- A finding by this Office that Client has breached this paragraph shall not be subject to review " \
           "by any court.-]" in marked
    assert "written notice of the determination" in marked
    assert "gives up no right or objection other than those this Agreement sets out" in marked
    # the paragraph's own "knowingly omitted material information" is left alone
    assert "has knowingly omitted material information" in accepted(marked)


def test_notice_the_letter_already_gives_is_not_repeated(tmp_path):
    """Set A's E.D. Va. letter already tells counsel in writing: ours adds the chance to respond to that
    sentence rather than a second notice."""
    review, marked, _ = breach_change(HERE / "whole" / "02-edva-proffer-pettigrew.txt")
    assert "decides{+ in good faith+} that" in marked
    assert "lied{+ about a material matter+}" in marked
    assert "{+knowingly +}held back {+material +}information" in marked
    assert "in writing if it reaches that conclusion{+ and, before making any such use, will give counsel ten " \
           "calendar days from that notice to respond" in marked
    # the Office's reply to the first counter-draft: a question at a trial or hearing needs only a chance
    # to answer first, and a client who has fled does not hold the Office up (notice to counsel is enough)
    assert "a reasonable opportunity to respond before the statements are offered" in marked
    assert "notice to counsel is enough even if your client has fled or cannot be reached" in marked
    assert accepted(marked).count("written notice") == 0
    assert accepted(marked).count("in writing") == 1


def test_nothing_repeats_what_the_letter_already_grants(tmp_path):
    already = ("If the Government determines in good faith that your client has knowingly made a materially false "
               "statement, it will first give counsel written notice and ten days to respond, and may then use all "
               "statements made by your client against him.")
    review, marked, change = breach_change(letter_with(tmp_path, already), found=True)
    # what is left to ask: only that the decision ends the limits on use and nothing else
    added = " ".join(e.new for e in change.edits)
    assert "good faith" not in added and "good-faith" not in added
    assert "materially" not in added and "knowingly" not in added
    assert "written notice" not in added and "respond" not in added
    assert "only from the limits this letter places on the use" in added


def test_no_change_where_the_letter_has_a_court_decide(tmp_path):
    court = ("If the Government believes that your client has made a false statement, it may apply to the Court, "
             "and only if the Court finds that your client knowingly made a materially false statement may the "
             "Government use his statements against him.")
    review, marked, _ = breach_change(letter_with(tmp_path, court), found=True)
    assert marked is None


def test_a_cooperation_agreement_keeps_its_own_counter_ask(tmp_path):
    """The proffer variant is proposed only in a proffer letter: a cooperation agreement's breach clause
    keeps the library's defense wording (notice, the Court, the burden of proof)."""
    review = review_letter(HERE / "whole" / "04-edny-cooperation-whitfield.txt")
    assert review.proposed_variant("breach-determination") == "defense-proposed"
    proffer = review_letter(HERE / "whole" / "02-edva-proffer-pettigrew.txt")
    assert proffer.proposed_variant("breach-determination") == "good-faith-notice"
    assert proffer.in_scope("breach-determination")
    entry = next(proffer.entry(f) for f in proffer.found if f.type == "breach-determination")
    assert "good faith" in entry["ask"] and "knowing and material" in entry["ask"]


def test_the_counter_draft_rejects_back_to_the_letter(tmp_path):
    path = letter_with(tmp_path, WORDINGS["believes"])
    review = review_letter(path)
    write_outputs(review, tmp_path / "out", dt.date(2026, 12, 2), force=True)
    root = document_xml(tmp_path / "out" / "proffer.counter.docx")
    assert resolve(root, accept=False) == [p.text for p in review.letter.paragraphs]
    assert any("only from the limits this letter places" in p for p in resolve(root, accept=True))


def test_a_refused_ask_is_offered_no_fallback_written_for_another_letter():
    from drafter.review.asks import Ask, fallbacks_for

    library = load_library()
    offered = [f["variant"] for f in fallbacks_for(library, Ask("breach-determination", "defense-proposed", "", 1))]
    assert "good-faith-notice" not in offered and "fallback" in offered
    assert fallbacks_for(library, Ask("breach-determination", "good-faith-notice", "", 1)) == []
