"""One agreement, no self-contradiction: a changed clause pulls its companions along.

The pinned pairs below are clauses whose government-standard wording contradicts a changed
neighbour: the impeachment paragraph ("if the Client testifies at any stage ... any evidence
derived from it") guts an impeachment-only rebuttal limit; a good-faith evaluation reviewed by
the Court cannot sit beside "its determination is final ... gives up any right to a hearing",
nor a Court-found breach beside a plea that may not be withdrawn "because the Government
determines" a breach, or a breach paragraph waiving constitutional objections.
"""

from __future__ import annotations

import re

import pytest
from docx import Document

from conftest import REPO
from drafter.law import clauses as clauselib, strategy as strategylib
from drafter.law.plan import make_plan
from drafter.model.matter import load_matter
from drafter.model.workspace import for_matter

EXAMPLES = ["demo", "minimum-cooperating", "safety-valve-open", "sentenced-cooperating",
            "sentenced-with-minimum", "uncharged-safety", "declined"]

# (changed type, variants that need the companion) -> (companion type that must not stay standard)
PINNED = [
    ("rebuttal-use", {"impeachment-only", "direct-contradiction"}, "impeachment-use"),
    ("breach-determination", {"defense-proposed", "fallback"}, "breach"),
    ("breach-determination", {"defense-proposed", "fallback"}, "plea-withdrawal"),
    ("breach", {"defense-proposed", "fallback"}, "breach-determination"),
    ("plea-withdrawal", {"defense-proposed"}, "breach-determination"),
    ("substantial-assistance-motion", {"fallback"}, "government-discretion"),
    # "may move ... in its discretion ... no obligation" beside a good-faith, Court-reviewed decision
    ("government-discretion", {"good-faith", "fallback"}, "rule-35b"),
]


def contradictions(library, drafted: dict[str, str]) -> list[str]:
    """The pinned pairs a draft (type -> variant) gets wrong."""
    out = []
    for lead, variants, companion in PINNED:
        if lead not in drafted or companion not in drafted:
            continue
        t = library.types[lead]
        if not any(t.same(drafted[lead], v) for v in variants if v in t.variants):
            continue
        if library.types[companion].same(drafted[companion], "government-standard"):
            out.append(f"{lead}/{drafted[lead]} next to standard {companion}")
    return out


@pytest.fixture(scope="module")
def library():
    return clauselib.load_library()


@pytest.fixture(scope="module")
def plans():
    out = {}
    for name in EXAMPLES:
        path = REPO / "matters" / f"{name}.yaml"
        out[name] = make_plan(load_matter(path), for_matter(path))
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_drafts_do_not_contradict_themselves(plans, name):
    plan = plans[name]
    drafted = {c.type: c.variant for c in plan.choices}
    assert contradictions(plan.library, drafted) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_single_must_ask_pulls_its_companions(plans, name):
    """Whatever single clause the strategy makes a must ask, in any non-standard variant, the
    draft that results keeps no standard clause that contradicts it."""
    plan = plans[name]
    library = plan.library
    position, numbered = {}, {}
    for c in plan.candidates:
        doc = library.types[c.type].documents[0]
        numbered[doc] = numbered.get(doc, 0) + 1
        position[c.type] = numbered[doc]
    checked = 0
    for c in plan.candidates:
        t = library.types[c.type]
        for variant in sorted({v.canonical for v in t.variants.values()}):
            if "government-standard" in t.variants and t.same(variant, "government-standard"):
                continue
            ask = strategylib.with_companions(
                library, strategylib.Ask(c.type, variant, t.documents[0], position[c.type], "must", "test"),
                position, set())
            strategy = strategylib.Strategy(plan.strategy.posture, plan.strategy.path, [], "targeted", [ask])
            drafted = {x.type: x.variant for x in strategylib.apply(strategy, library, plan.candidates, {})}
            assert drafted[c.type] == variant
            assert contradictions(library, drafted) == [], (c.type, variant)
            checked += 1
    assert checked >= 10


def test_the_pinned_pairs_would_contradict_without_companions(library):
    """The pins bite: the old drafts (a changed clause beside its standard companion) fail."""
    std = {t: "government-standard" for t in library.types}
    assert contradictions(library, {**std, "rebuttal-use": "impeachment-only"})
    assert contradictions(library, {**std, "government-discretion": "good-faith"})   # rule-35b
    assert contradictions(library, {**std, "breach-determination": "defense-proposed"})


def test_companion_family_is_one_ask_and_the_letter_names_every_paragraph(plans, tmp_path):
    demo = plans["demo"].strategy
    rebuttal = demo.ask_for("rebuttal-use")
    assert rebuttal.tier == "must" and [c[0] for c in rebuttal.companions] == ["impeachment-use"]
    changed = {a.type for a in demo.must} | {c[0] for a in demo.must for c in a.companions}
    assert len(changed) <= strategylib.MAX_MUST
    coop = plans["minimum-cooperating"].strategy
    motion = coop.ask_for("substantial-assistance-motion")
    # the good-faith decision is about the motion, not about breach: it needs the § 3553(e)
    # motion and the Rule 35(b) paragraph beside it, and fits inside the cap
    assert {c[0] for c in motion.companions} == {"below-minimum-motion", "government-discretion", "rule-35b"}
    from click.testing import CliRunner

    from drafter.cli import main
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(tmp_path / "d"),
                                  "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    agreement = "\n".join(p.text for p in Document(str(tmp_path / "d" / "proffer-agreement.docx")).paragraphs)
    assert "If the Client testifies at any stage" not in agreement
    assert "materially inconsistent" in agreement.split("Impeachment.")[1].split("Rebuttal Use.")[0]
    letter = "\n".join(p.text for p in Document(str(tmp_path / "d" / "cover-letter.docx")).paragraphs)
    assert "Impeachment (¶ 7)" in letter and "Rebuttal Use (¶ 8)" in letter


def test_rationale_no_longer_claims_the_paragraphs_cannot_be_played_against_each_other(library):
    for v in library.variants():
        assert "cannot be played against each other" not in v.why


def test_lint_reports_a_companion_that_does_not_exist(library):
    import dataclasses
    broken = dataclasses.replace(library.types["rebuttal-use"].variants["impeachment-only"],
                                 companions=(("impeachment-use", "no-such-variant"),))
    types = dict(library.types)
    t = types["rebuttal-use"]
    types["rebuttal-use"] = dataclasses.replace(t, variants={**t.variants, "impeachment-only": broken})
    problems = clauselib.lint(clauselib.Library(types), [], lambda m: {})
    assert any("companions: no variant 'no-such-variant'" in p for p in problems)


def test_headings_are_the_clause_title_without_variant_labels(plans, tmp_path):
    from click.testing import CliRunner

    from drafter.cli import main
    for name in ("demo", "uncharged-safety"):
        r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / f"{name}.yaml"), "-o",
                                      str(tmp_path / name), "--draft-date", "2026-11-27"])
        assert r.exit_code == 0, r.output
        for f in (tmp_path / name).glob("proffer-agreement*.docx"):
            text = "\n".join(p.text for p in Document(str(f)).paragraphs)
            for label in ("(None)", "(Impeachment Only)", "(Unrestricted)", "(Evidence or Arguments)",
                          "(Logged)", "Safety Valve and Rule 35(b)"):
                assert label not in text, (name, f.name, label)
            assert "this Agreement" not in text and "(“this Agreement”)" not in text
            assert not re.search(r"\bat United States Attorney", text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_targeted_stance_changes_at_most_five_clauses_and_each_is_an_ask(name):
    """The JSON contract: at most five `must` asks, and every clause that differs from the
    government standard is an ask (a companion included) unless counsel named it."""
    import json

    from click.testing import CliRunner

    from drafter.cli import main
    r = CliRunner().invoke(main, ["analyze", str(REPO / "matters" / f"{name}.yaml"), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    asks = data["strategy"]["asks"]
    must = [a for a in asks if a["tier"] == "must"]
    assert len(must) <= 5
    nonstandard = {c["type"] for c in data["clauses"] if not c["standard"]}
    assert len(nonstandard) <= 5
    assert nonstandard <= {a["type"] for a in must}
