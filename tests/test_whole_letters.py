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

# measured on the whole set (strict: a doubtful type found is neither right nor wrong; the two
# types the labeller's list lacked, interpreter and immigration, count against precision)
FLOOR = {"precision": 0.94, "recall": 0.94, "kinds": 7}


def test_recognition_on_whole_letters():
    library = load_library()
    tp = fp = fn = kinds = parties = 0
    misses = []
    for item in LETTERS:
        review = review_parsed(read_letter(HERE / item["file"]), library)
        got = {f.type for f in review.found}
        want, doubtful = set(item["types"]), set(item.get("doubtful") or ())
        tp += len(got & want)
        fp += len(got - want - doubtful)
        fn += len(want - got)
        kinds += review.doc.kind == item["kind"]
        parties += review.doc.party == item["party"]
        misses.append((item["file"], sorted(got - want - doubtful), sorted(want - got), review.doc.kind))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= FLOOR["precision"] and recall >= FLOOR["recall"], (precision, recall, misses)
    assert kinds >= FLOOR["kinds"], misses
    assert parties == len(LETTERS), misses


@pytest.mark.parametrize("item", LETTERS, ids=[i["file"] for i in LETTERS])
def test_counter_draft_rules_on_whole_letters(item, tmp_path):
    review = review_letter(HERE / item["file"])
    write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
    sent = tmp_path / f"{Path(item['file']).stem}.counter.docx"
    if not sent.exists():
        return                                  # nothing to propose: no counter-draft at all
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
