"""Whole letters nobody on the team wrote, read as a new user would.

``tests/letters/whole/`` holds eight whole letters (proffers in three styles, a cooperation
agreement, a plea agreement with cooperation terms, a company's NPA and DPA, an immunity letter)
written for the purpose by a helper who never read the tool, its clause library or its tests, and
labelled before they were first run (``labels.yaml``; what each is modelled on: ``NOTES.md``).
They were scored once, blind, on 2026-12-01 before anything was changed for them: precision 0.95,
recall 0.89 over types, kinds 6 of 8, parties 8 of 8 (tests/recognition/README.md). Since then they
are development text: the floors below are what the tool does on them now, so a change that loses
ground fails.

Each letter must also meet the counter-draft rules of issue 13: rejecting every change gives the
letter back, at least 85% of the Office's words kept, at most 1.6 times its length, at most 15
paragraphs changed, and no bracketed placeholder for a fact the letter states.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import pytest
import yaml

from drafter.docx.letters import read_letter
from drafter.law.clauses import load_library
from drafter.review.counterdraft import write_outputs
from drafter.review.review import review_letter, review_parsed
from test_review import document_xml, resolve

HERE = Path(__file__).resolve().parent / "letters" / "whole"
LETTERS = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))["letters"]
# Set B: eight more whole letters written blind the same way by another helper (N.D. Ill., D. Mass.
# plain English to "you", a 1998 W.D. Tex. form, D. Conn. cooperation, E.D. Pa. plea, a Fraud
# Section NPA, a person's pretrial diversion, an S.D.N.Y. letter immunity), scored once blind on
# 2026-12-01 after the set-A work and recognition round 7: precision 0.94, recall 0.85, kinds 7 of
# 8, parties 8 of 8; the counter-draft rules held on all eight.
HERE_B = HERE.parent / "whole-b"
LETTERS_B = yaml.safe_load((HERE_B / "labels.yaml").read_text(encoding="utf-8"))["letters"]

# measured on each whole set (strict: a doubtful type found is neither right nor wrong; a type the
# labeller's vocabulary lacked counts against precision)
FLOOR = {"precision": 0.94, "recall": 0.94, "kinds": 7}
# round 9: set B's D. Conn. supplement to a plea agreement is read as the cooperation agreement it is (kinds 8)
FLOOR_B = {"precision": 0.95, "recall": 0.92, "kinds": 8}


@pytest.mark.parametrize("folder,letters,floor", [(HERE, LETTERS, FLOOR), (HERE_B, LETTERS_B, FLOOR_B)],
                         ids=["set-a", "set-b"])
def test_recognition_on_whole_letters(folder, letters, floor):
    library = load_library()
    tp = fp = fn = kinds = parties = 0
    misses = []
    for item in letters:
        review = review_parsed(read_letter(folder / item["file"]), library)
        got = {f.type for f in review.found}
        want, doubtful = set(item["types"]), set(item.get("doubtful") or ())
        tp += len(got & want)
        fp += len(got - want - doubtful)
        fn += len(want - got)
        kinds += review.doc.kind == item["kind"]
        parties += review.doc.party == item["party"]
        misses.append((item["file"], sorted(got - want - doubtful), sorted(want - got), review.doc.kind))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= floor["precision"] and recall >= floor["recall"], (precision, recall, misses)
    assert kinds >= floor["kinds"], misses
    assert parties == len(letters), misses


@pytest.mark.parametrize("folder,item", [(HERE, i) for i in LETTERS] + [(HERE_B, i) for i in LETTERS_B],
                         ids=[i["file"] for i in LETTERS + LETTERS_B])
def test_counter_draft_rules_on_whole_letters(folder, item, tmp_path):
    review = review_letter(folder / item["file"])
    write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
    sent = tmp_path / f"{Path(item['file']).stem}.counter.docx"
    # every one of these letters has terms the labeller would change (its `watch` list)
    assert sent.exists() and item.get("watch"), item["file"]
    root = document_xml(sent)
    original = [p.text for p in review.letter.paragraphs]
    accepted = resolve(root, accept=True)
    assert resolve(root, accept=False) == original
    ow, aw = " ".join(original).split(), " ".join(accepted).split()
    kept = sum(b.size for b in difflib.SequenceMatcher(None, ow, aw, autojunk=False).get_matching_blocks())
    assert kept / len(ow) >= 0.85 and len(aw) / len(ow) <= 1.6
    assert sum(1 for line in difflib.ndiff(original, accepted) if line.startswith("+ ")) <= 15
    assert not re.search(r"\[[A-Z][A-Z .'-]+\]", " ".join(accepted))
    for fact in item.get("facts") or ():
        words = str(fact)[:25]
        if words in " ".join(original):
            assert words in " ".join(accepted), fact


def _accepted(name: str, tmp_path: Path, folder: Path = HERE) -> tuple[list[str], str]:
    """The letter's paragraphs with every change accepted, and the words the changes add."""
    review = review_letter(folder / name)
    write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
    sent = tmp_path / f"{Path(name).stem}.counter.docx"
    if not sent.exists():
        return [p.text for p in review.letter.paragraphs], ""
    accepted = resolve(document_xml(sent), accept=True)
    original = " ".join(p.text for p in review.letter.paragraphs)
    added = " ".join(line[2:] for line in difflib.ndiff(original.split(), " ".join(accepted).split())
                     if line.startswith("+ "))
    return accepted, added


def test_no_change_repeats_or_contradicts_what_the_letter_already_says(tmp_path):
    """From the cold read of set A: a § 3553(e) motion the paragraph already promises, or in a case
    with no minimum; a promise to tell other offices the letter already makes; a second notice or cure
    period beside the letter's own; the Court deciding breach beside 'need not obtain a finding'."""
    accepted, added = _accepted("04-edny-cooperation-whitfield.txt", tmp_path)
    assert "so that the sentence may also go below" not in added
    assert "bring this Agreement" not in added and "attention of any other prosecuting office" not in added
    accepted, added = _accepted("05-cdcal-plea-cooperation-quinones.txt", tmp_path)
    assert "3553(e)" not in added
    assert "Court will decide whether a breach occurred" not in added       # the letter has the Court find it
    for name in ("06-dnj-npa-cardinal-rail.txt", "07-sdfla-dpa-meridian-coastal.txt"):
        accepted, added = _accepted(name, tmp_path)
        assert "cures it within thirty days" not in added, name                # the letter gives its own period
        assert "Court will decide whether a breach occurred" not in added, name
        assert "attention of any other prosecuting office" not in added, name


def test_our_words_are_in_the_letters_own_terms_and_keep_its_sentences_whole(tmp_path):
    accepted, added = _accepted("03-fraud-section-proffer-tavares.txt", tmp_path)
    assert "the Client" not in added and "Mr. Tavares Lima" in added
    accepted, added = _accepted("05-cdcal-plea-cooperation-quinones.txt", tmp_path)
    assert "the Defendant" not in added and "the government" not in added, added
    breach = next(p for p in accepted if p.startswith("19."))
    assert "then:." not in breach and "then: ." not in breach, breach
    accepted, added = _accepted("01-sdny-proffer-kessler.txt", tmp_path)
    assert ";." not in " ".join(accepted)
    accepted, added = _accepted("02-edva-proffer-pettigrew.txt", tmp_path)
    assert "United States's" not in added


def test_one_standard_for_the_offices_decisions_and_no_reservation_left_against_our_words(tmp_path):
    """Where the redline makes one of the Office's decisions a good-faith judgment, no other
    paragraph keeps "sole discretion" / "exclusive judgment" for another; and the Office's
    reservation of "any other past conduct" is narrowed beside the cover our sentence adds."""
    for name in ("05-cdcal-plea-cooperation-quinones.txt", "06-dnj-npa-cardinal-rail.txt"):
        accepted, added = _accepted(name, tmp_path)
        assert "good-faith" in added, name
        text = " ".join(accepted)
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if re.search(r"breach|violat|truthful|assistance|complied", sentence):
                assert not re.search(r"in its (?:sole|exclusive) (?:discretion|judgment)", sentence), (name, sentence)
    # the Office's say over publishing the agreement or passing on what it learns is no decision on
    # the Company's conduct: "good-faith judgment" there would read as nonsense (cold read, AUSA's eyes)
    accepted, _ = _accepted("06-dnj-npa-cardinal-rail.txt", tmp_path)
    text = " ".join(accepted)
    assert "public release of this Agreement, including its Attachments, in the sole discretion of this Office" in text
    assert "as this Office in its sole discretion deems appropriate" in text
    accepted, added = _accepted("05-cdcal-plea-cooperation-quinones.txt", tmp_path)
    assert "list it in a schedule signed with" in added
    assert "other past conduct not covered by this paragraph" in " ".join(accepted)


def test_other_terms_a_lawyer_checks_are_listed_for_the_right_party(tmp_path):
    """The report's "Other terms to check": an appeal waiver in a plea agreement, the statement
    of present intention not to arrest a foreign client, a company's bar on recovering the penalty
    and on contradicting the admitted facts; never a company's term in a person's letter, and a page
    header repeated on each page of a text copy is no closing (so the sharing paragraph after it
    is read and listed)."""
    def report(name: str) -> str:
        review = review_letter(HERE / name)
        write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
        return (tmp_path / f"{Path(name).stem}.review.md").read_text(encoding="utf-8")

    assert "Waiver of Appeal" in report("04-edny-cooperation-whitfield.txt")
    assert "Travel to the Meeting and Arrest" in report("03-fraud-section-proffer-tavares.txt")
    npa = report("06-dnj-npa-cardinal-rail.txt")
    assert "No Reimbursement of the Penalty" in npa and "No Public Statement Contradicting" in npa
    assert "Waiver of Appeal" not in npa
    proffer = report("02-edva-proffer-pettigrew.txt")
    assert "State Prosecutors or Immigration" in proffer and "Reimbursement" not in proffer


def test_set_b_cold_read_findings(tmp_path):
    """From the cold read of set B: no "treating you a in breach", no ",.", a date broken at a line's
    end is no paragraph "10.", the letter's own names ("the Fraud Section", "the Witness" in a letter to
    counsel), no schedule of other crimes in a diversion agreement, and the Office's "whose decision is
    final" / "without limitation" struck beside the change that would contradict them."""
    accepted, added = _accepted("07-ddel-pretrial-diversion-morrow.txt", tmp_path, HERE_B)
    text = " ".join(accepted)
    assert " a in breach" not in text and "whose decision is final" not in text
    assert "in a schedule" not in added
    accepted, added = _accepted("03-wdtex-1998-proffer-benavides.txt", tmp_path, HERE_B)
    assert ",." not in " ".join(accepted)
    assert not any(re.match(r"1[01]\. ", p) for p in accepted), [p[:40] for p in accepted]
    accepted, added = _accepted("06-fraudsection-npa-corveta.txt", tmp_path, HERE_B)
    assert "the Division" not in added
    accepted, added = _accepted("08-sdny-letter-immunity-petrosyan.txt", tmp_path, HERE_B)
    assert "the Witness" in added and not re.search(r"\byou\b", added), added
    assert "without limitation" not in " ".join(accepted)


def test_the_report_names_the_changes_made_for_one_standard(tmp_path):
    review = review_letter(HERE_B / "06-fraudsection-npa-corveta.txt")
    write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
    report = (tmp_path / "06-fraudsection-npa-corveta.review.md").read_text(encoding="utf-8")
    assert review.same_standard, "the letter leaves other decisions to sole discretion"
    assert "For one standard throughout" in report and "Changed for consistency" in report


def test_other_terms_patterns_meet_the_libraries_time_bound():
    """Every "other term" pattern passes the same linear-time check as the clause library's, which
    `other_terms.terms` applies when it loads them (a failing one is refused by name)."""
    from drafter import regexlint
    from drafter.review.other_terms import terms

    assert terms() and all(not regexlint.problems(t.pattern.pattern, re.I) for t in terms())
