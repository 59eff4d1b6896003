"""Property tests: random valid matters always give sound packets; corruptions never crash."""

import datetime as dt
import io
import zipfile

import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import BASE, deep_update
from drafter.docx.render import leftover_tags
from drafter.draft.packet import build
from drafter.errors import DataError
from drafter.law.plan import make_plan
from drafter.model import yamlfile
from drafter.model.matter import validate
from drafter.model.workspace import DEMO, Workspace

# Any printable Unicode, minus what no Word document can hold (controls, surrogates), the
# noncharacters drafter reserves for its own markers, and format characters (Cf: zero-width and
# direction-override characters, which the matter loader refuses by design; tests/bad_inputs and
# test_hostile_inputs cover that refusal).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"),
                           blacklist_characters="\ufdd0\ufdd1\ufdd2\ufdd3"),
    min_size=1, max_size=30,
).map(str.strip).filter(bool)

WS = Workspace(DEMO, demo=True)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


@st.composite
def matters(draw):
    stage = draw(st.sampled_from(["investigation", "charged", "plea-negotiation", "convicted", "sentenced"]))
    status = draw(st.sampled_from(["considering", "proffer-scheduled", "proffered", "cooperating", "declined"]))
    changes = {
        "id": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,12}", fullmatch=True)),
        "client": {"name": draw(TEXT), "language": draw(st.one_of(st.none(), st.just("English"), TEXT)),
                   "us_citizen": draw(st.one_of(st.none(), st.booleans())),
                   "in_custody": draw(st.one_of(st.none(), st.booleans()))},
        "case": {"stage": stage, "district": draw(TEXT),
                 "sentencing_date": draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)))),
                 "number": draw(st.one_of(st.none(), TEXT))},
        "government": {"office": draw(TEXT), "prosecutor": {"name": draw(TEXT)}},
        "charges": draw(st.lists(st.fixed_dictionaries({
            "statute": st.sampled_from(["21 U.S.C. § 846", "18 U.S.C. § 924(c)", "46 U.S.C. § 70506",
                                        "18 U.S.C. § 1343", "18 U.S.C. § 1028A"]),
            "description": TEXT,
            "mandatory_minimum_months": st.integers(0, 480)}), max_size=3)),
        "cooperation": {
            "status": status,
            "proffer_location": draw(st.one_of(st.none(), TEXT)),
            "safety_concerns": draw(st.sampled_from(["none", "moderate", "high"])),
            "safety_notes": draw(st.one_of(st.none(), TEXT)),
            "uncharged_conduct": draw(st.one_of(st.none(), st.booleans())),
            "willing_to_testify": draw(st.one_of(st.none(), st.booleans())),
            "information": draw(st.one_of(st.none(), st.lists(st.fixed_dictionaries({
                "subject": TEXT, "known_to_government": st.sampled_from([True, False, "unknown"])}), max_size=2))),
        },
    }
    data = deep_update(BASE, changes)
    for section in ("client", "case", "cooperation"):
        data[section] = {k: v for k, v in data[section].items() if v is not None}
    return data


def load(data: dict):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return validate(yamlfile.load_text(text, "random.yaml"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matters())
def test_random_matters_build_sound_packets(data):
    matter = load(data)
    plan = make_plan(matter, WS)
    files, _ = build(plan, dt.date(2026, 11, 27))
    facts = [matter.client.name, matter.government.prosecutor.name, matter.government.office,
             matter.case.district] + [c.description for c in matter.charges if c.description]
    facts += [s for s in (matter.case.number, matter.cooperation.proffer_location,
                          matter.cooperation.safety_notes, matter.client.language) if s]
    facts += [i.subject for i in matter.cooperation.information or []]
    docx_files = [f for f in files if f.path.endswith(".docx")]
    assert {f.document for f in docx_files} == set(plan.documents) >= {"client-memo", "checklist"}
    name_seen = False
    for f in docx_files:
        text = docx_text(f.data)
        assert "\ufdd0" not in text and "\ufdd2" not in text
        assert leftover_tags(f.data, facts) == [], f.path
        name_seen = name_seen or matter.client.name in text
        if f.copy == "clean":
            names = zipfile.ZipFile(io.BytesIO(f.data)).namelist()
            assert "word/comments.xml" not in names
            assert WS.legend not in text
    assert name_seen


CORRUPTIONS = [
    ("format", 2), ("id", ""), ("client", "nobody"), ("case", {"stage": "charged"}),
    ("charges", [{"statute": "the code"}]), ("charges", "21 U.S.C. § 846"),
    ("cooperation", {"status": "ready"}), ("criminal_history", {"prior_sentences": [{"points": 7}]}),
    ("offense", {"weapon": "maybe"}), ("surprise", True),
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CORRUPTIONS), st.data())
def test_random_corruptions_are_rejected_cleanly(corruption, data):
    key, value = corruption
    matter = deep_update(BASE, {})
    matter[key] = value
    try:
        load(matter)
    except DataError as e:
        assert e.problems and all(p.file == "random.yaml" and p.line for p in e.problems)
    else:
        raise AssertionError(f"corruption {corruption} was accepted")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(blob):
    try:
        text = yamlfile.decode(blob, "random.yaml")
        validate(yamlfile.load_text(text, "random.yaml"))
    except DataError:
        pass
