"""Measure `drafter review` on the real government letters in this folder (held out; not run by pytest).

For each letter: the clause types reported against the labels in LABELS (precision, recall), the
kind of document, and for proffer letters the counter-draft figures the project measures in
tests/test_redline.py (share of the Office's words kept, length ratio, paragraphs changed).

Run from the worktree:  .venv/bin/python tests/letters/real/measure.py
The labels were written from reading each text before it was first run. Nothing here may be used
to tune recognition: see SOURCES.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent.parent
sys.path.insert(0, str(TESTS))

# the project's own figures and helpers, importable once the tests folder is on the path
from test_redline import measure  # noqa: E402
from test_review import document_xml, resolve, w  # noqa: E402

DRAFTER = Path(sys.executable).with_name("drafter")
DATE = "2026-11-27"

# file -> (kind, party, {type: variant or None}) as labelled by reading the text.
LABELS: dict[str, tuple[str, str, dict[str, str | None]]] = {
    "sdny-2019-proffer.txt": ("proffer", "individual", {
        "not-cooperation-agreement": "government-standard",
        "direct-use-bar": "government-standard",
        "false-statement-exception": "government-standard",
        "fugitive-exception": "government-standard",
        "derivative-use": "unrestricted",
        "impeachment-use": "government-standard",
        "rebuttal-use": "evidence-or-arguments",
        "safety-valve-use": "government-standard",
        "rule-410-waiver": "government-standard",
    }),
    "doj-odag-2025-proffer.txt": ("proffer", "individual", {
        "not-cooperation-agreement": "government-standard",
        "direct-use-bar": "government-standard",
        "false-statement-exception": "government-standard",
        "fugitive-exception": "government-standard",
        "derivative-use": "unrestricted",
        "impeachment-use": "government-standard",
        # labelled 2026-12-02 from reading the rest of the agreement, before it was run
        "rebuttal-use": "evidence-or-arguments",
        "safety-valve-use": "government-standard",
        "rule-410-waiver": "government-standard",
        "information-sharing": None,
        "scope-integration": None,
        "continuation": None,
        "acknowledgment": None,
    }),
}


def review_json(letter: Path) -> dict:
    out = subprocess.run([str(DRAFTER), "review", str(letter), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def counter_figures(letter: Path, original: list[str]) -> tuple[float, float, int, int]:
    """Words kept, length ratio, paragraphs changed (of the letter's), paragraphs added."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(DRAFTER), "review", str(letter), "-o", tmp, "--date", DATE],
                       capture_output=True, text=True, check=True)
        root = document_xml(Path(tmp) / f"{letter.stem}.counter.docx")
    accepted = resolve(root, accept=True)
    kept, ratio = measure(original, accepted)
    changed = added = 0
    for p in root.iter(w("p")):
        marks = p.find(f"{w('pPr')}/{w('rPr')}")
        new_para = marks is not None and marks.find(w("ins")) is not None
        touched = any(True for _ in p.iter(w("ins"))) or any(True for _ in p.iter(w("del")))
        if new_para:
            added += 1
        elif touched:
            changed += 1
    return kept, ratio, changed, added


def main() -> None:
    totals = [0, 0, 0]          # true positives, reported, labelled
    for name, (kind, party, labels) in LABELS.items():
        letter = HERE / name
        data = review_json(letter)
        found = {c["type"]: c["variant"] for c in data["clauses"]}
        tp = set(found) & set(labels)
        variants_right = sum(1 for t in tp if labels[t] is None or labels[t] == found[t])
        totals[0] += len(tp)
        totals[1] += len(found)
        totals[2] += len(labels)
        precision = len(tp) / len(found) if found else 0.0
        recall = len(tp) / len(labels) if labels else 0.0
        print(f"{name}")
        print(f"  kind {data['kind']} (document_kind {data['document_kind']}, party {data['party']})"
              f" - labelled {kind}/{party}: {'right' if data['kind'] == kind and data['party'] == party else 'WRONG'}")
        print(f"  types: precision {precision:.2f} ({len(tp)}/{len(found)}), recall {recall:.2f}"
              f" ({len(tp)}/{len(labels)}), variant right {variants_right}/{len(tp)}")
        if set(found) - set(labels):
            print(f"  reported, not labelled: {sorted(set(found) - set(labels))}")
        if set(labels) - set(found):
            print(f"  labelled, not reported: {sorted(set(labels) - set(found))}")
        print(f"  missing (says the letter lacks): {data['missing']}")
        if kind == "proffer":
            from drafter.review.review import review_letter
            original = [p.text for p in review_letter(letter, None).letter.paragraphs]
            kept, ratio, changed, added = counter_figures(letter, original)
            print(f"  counter-draft: words kept {kept:.3f}, length ratio {ratio:.3f},"
                  f" paragraphs changed {changed} of {len(original)}, paragraphs added {added}")
    tp, rep, lab = totals
    print(f"ALL: precision {tp / rep:.2f} ({tp}/{rep}), recall {tp / lab:.2f} ({tp}/{lab})")


if __name__ == "__main__":
    main()
