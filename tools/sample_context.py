#!/usr/bin/env python3
"""Sample render contexts for smoke-testing the Word templates (docs/render-context.md).

Three sample matters, each an example matter changed to reach the templates' branches:

  full     (demo.yaml) charged drug conspiracy, Spanish-speaking non-citizen in custody,
           cooperating, convicted with sentencing set on a date whose Rule 35(b) anniversary
           falls on a Saturday, safety valve unknown (criminal history missing), uncharged
           conduct, high safety concerns
  against  (safety-valve-open.yaml) safety valve appears available, information already known,
           client will not testify
  sparse   investigation stage: no charges, no case number, most optional facts missing

Each matter goes through drafter's own loader, analysis and plan, so a context has exactly the
shape the renderer gives the templates (it cannot drift from it). The templates are then
rendered by docxtpl's own ``DocxTemplate.render`` with drafter's Jinja environment, not by
drafter's renderer: a second opinion on the templates.

Use:  .venv/bin/python tools/sample_context.py OUTDIR [full|against|sparse ...]
renders every template in templates/ into OUTDIR/<matter>-<document>.docx and fails if a
Jinja tag survives in the output.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("full", "against", "sparse")
DRAFT_DATE = dt.date(2026, 11, 27)


def _example(name: str) -> dict:
    return yaml.safe_load((ROOT / "matters" / f"{name}.yaml").read_text(encoding="utf-8"))


def sample_matter(kind: str) -> dict:
    """The sample matter ``kind`` as matter-file data."""
    if kind == "full":
        m = _example("demo")
        m["case"].update(stage="convicted", sentencing_date=dt.date(2027, 3, 11))  # 2028-03-11: a Saturday
        m.pop("criminal_history", None)
        m["cooperation"].update(status="cooperating", uncharged_conduct=True, safety_concerns="high")
        m["negotiation"] = {"notes": "AUSA open to a logged derivative-use clause; raise sealing "
                                     "before the Meeting."}
        return m
    if kind == "against":
        m = _example("safety-valve-open")
        m["cooperation"].update(willing_to_testify=False, status="considering")
        for item in m["cooperation"].get("information") or []:
            item["known_to_government"] = True
        return m
    if kind == "sparse":
        return {
            "format": 1, "id": "2026-0999",
            "client": {"name": "José Núñez"},
            "case": {"district": "S.D. Fla.", "stage": "investigation"},
            "government": {"office": "United States Attorney's Office for the Southern District "
                                     "of Florida", "prosecutor": {"name": "Jane Roe"}},
            "cooperation": {"status": "considering"},
        }
    raise ValueError(f"unknown sample matter {kind!r}; known: {', '.join(KINDS)}")


@functools.cache
def sample_plan(kind: str):
    """drafter's plan for the sample matter (the bundled demo firm)."""
    from drafter.law.plan import make_plan
    from drafter.model.matter import load_matter
    from drafter.model.workspace import DEMO, Workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sample-{kind}.yaml"
        path.write_text(yaml.safe_dump(sample_matter(kind), sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
        matter = load_matter(path)
    return make_plan(matter, Workspace(DEMO, demo=True))


def sample_context(document: str, kind: str = "full") -> dict:
    """The context drafter's renderer gives ``document`` for the sample matter ``kind``."""
    from drafter.draft.packet import document_context

    return copy.deepcopy(document_context(sample_plan(kind), document, DRAFT_DATE, {}))


def _documents() -> list[str]:
    from drafter.law.documents import DOCUMENTS

    return list(DOCUMENTS)


DOCUMENTS = _documents()


def render_all(outdir: Path, kinds: tuple[str, ...] = KINDS) -> list[Path]:
    from docxtpl import DocxTemplate

    from drafter.environment import docx_env

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        for document in DOCUMENTS:
            tpl = DocxTemplate(str(ROOT / "templates" / f"{document}.docx"))
            tpl.render(sample_context(document, kind), jinja_env=docx_env(), autoescape=True)
            target = outdir / f"{kind}-{document}.docx"
            tpl.save(str(target))
            with zipfile.ZipFile(target) as z:
                for name in z.namelist():
                    if name.endswith(".xml") and re.search(r"\{\{|\{%|%\}|\}\}",
                                                           z.read(name).decode("utf-8")):
                        raise SystemExit(f"{target}: template tag left in {name}")
            written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for path in render_all(Path(sys.argv[1]), tuple(sys.argv[2:]) or KINDS):
        print(path)
