"""Recognition that generalises: figures on a development set and on a held-out set of real text.

``tests/recognition/dev.yaml`` lists excerpts written for the project (tuned on freely);
``tests/recognition/heldout.yaml`` lists real public letters and excerpts (United States
government documents, with their sources) that were never tuned on. Both are scored the same
way: micro precision and recall over the clause types each excerpt holds, and the document
kind and party where the label gives one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.law.clauses import load_library
from drafter.docx.letters import make_paragraphs, Letter
from drafter.review.review import review_parsed

HERE = Path(__file__).parent / "recognition"


def score(manifest: str, library) -> dict:
    items = yaml.safe_load((HERE / manifest).read_text(encoding="utf-8"))
    tp = fp = fn = 0
    kinds = kinds_right = parties_right = 0
    detail = []
    for item in items:
        path = HERE / item["file"]
        text = path.read_text(encoding="utf-8")
        paras = make_paragraphs([p for p in text.split("\n\n") if p.strip()])
        letter = Letter(path, "txt", paras)
        review = review_parsed(letter, library)
        got = {f.type for f in review.found}
        want = set(item["types"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        parties_right += review.doc.party == item["party"]
        if item.get("kind"):
            kinds += 1
            kinds_right += review.doc.kind == item["kind"]
        detail.append((item["file"], sorted(got - want), sorted(want - got), review.doc.kind, review.doc.party))
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "kinds": (kinds_right, kinds),
            "parties": (parties_right, len(items)), "detail": detail}


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_development_set(library):
    s = score("dev.yaml", library)
    print("dev", s)
    assert s["precision"] >= 0.9 and s["recall"] >= 0.9, s["detail"]
    assert s["kinds"][0] == s["kinds"][1] and s["parties"][0] == s["parties"][1], s["detail"]


def test_held_out_set(library):
    """Real text never tuned on. The floor asserted here is the figure measured when the scorer
    was frozen (see the closing note of issue 13), so that it can only be kept or improved."""
    s = score("heldout.yaml", library)
    print("held-out", s)
    assert s["precision"] >= HELD_OUT_FLOOR["precision"] and s["recall"] >= HELD_OUT_FLOOR["recall"], s["detail"]
    assert s["kinds"][0] >= HELD_OUT_FLOOR["kinds"], s["detail"]


# Measured, not targeted: the first frozen run scored precision 0.80 and recall 0.62 (kinds 2 of 3);
# after development-set work only, 0.82 and 0.88 (kinds 3 of 4, with the second batch); after the
# rule that a breach determination speaks of a breach (a failure issue 13 names, which one held-out
# excerpt also shows, so that excerpt is no longer blind), 0.875 and 0.875. A third batch of three
# real plea-agreement excerpts, scored blind with nothing changed after: 0.75 and 0.79 over all ten
# excerpts (kinds 4 of 6, parties 9 of 10). Below the 0.9 the issue asks for: reported, not hidden.
HELD_OUT_FLOOR = {"precision": 0.75, "recall": 0.78, "kinds": 4}
