"""Checklist items are typed records (law/checklist_items.py) from every producer: the analysis,
the plan's asks and the review. Their JSON is the exact shape of ``analyze --json`` and
``review --json``."""

from conftest import REPO
from drafter.law.checklist_items import AskItem, ChecklistItem, ReviewItem
from drafter.law.plan import plan_for_path
from drafter.review.review import review_letter

BASE = ["id", "priority", "point", "why", "cites", "source", "fallback", "verify"]


def test_the_plans_checklist_is_typed_and_serialises_in_the_contracts_shape():
    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    items = plan.checklist
    assert items and all(isinstance(i, ChecklistItem) for i in items)
    asks = [i for i in items if isinstance(i, AskItem)]
    advice = [i for i in items if not isinstance(i, AskItem)]
    assert asks and advice and items == asks + advice          # the asks come first
    for a in asks:
        assert a.id.startswith("clause:") and a.source == "clause" and a.document and a.paragraph
        assert list(a.to_json()) == ["id", "priority", "point", "why", "cites", "fallback", "source",
                                     "verify", "document", "paragraph", "tier", "where"]
    for i in advice:
        assert i.source == "analysis" and list(i.to_json()) == BASE
    assert plan.to_json()["checklist"] == [i.to_json() for i in items]
    assert plan.context["analysis"]["checklist"] == [i.to_json() for i in items]


def test_the_reviews_checklist_is_typed_and_serialises_in_the_contracts_shape():
    review = review_letter(REPO / "tests" / "letters" / "older-proffer.txt", REPO / "matters" / "demo.yaml")
    items = review.checklist
    assert items and all(isinstance(i, ReviewItem) for i in items)
    found = [i for i in items if i.status == "found"]
    missing = [i for i in items if i.status == "missing"]
    assert found and missing
    for i in found:
        assert list(i.to_json()) == BASE + ["type", "proposed", "title", "paragraph", "status", "tier"]
    for i in missing:
        assert i.id.startswith("review:") and i.paragraph is None
        assert list(i.to_json()) == BASE + ["type", "proposed", "title", "status", "tier"]
    assert review.to_json()["checklist"] == [i.to_json() for i in items]
